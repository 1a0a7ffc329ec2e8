//! # invalid-url
//!
//! ## What it flags
//!
//! A URL that Twilio cannot request as written, in URL text (`<Redirect>`, `<Play>`,
//! `<Media>`) and in URL attributes (`action`, `url`, `waitUrl`, `statusCallback`, …):
//!
//! - a space or a backslash in it;
//! - a scheme Twilio does not request, such as `ftp:` or the misspelled `htp:`, or a host
//!   read as a scheme, as in `localhost:3000/voice`;
//! - `http:` or `https:` not followed by `//`, a second scheme after the first, an empty
//!   host, or a malformed port;
//! - an underscore in the host name;
//! - `http`/`https` where Twilio requires `wss://` (`<Stream>` and `<ConversationRelay>` `url`)
//!   or `https://` (`<Pay>` `action`, which receives card data);
//! - a query string on a `<Stream>` `url`;
//! - a relative URL where Twilio requires an absolute one (`<Stream>` `statusCallback`,
//!   `<Transcription>` `statusCallbackUrl`, `<ConversationRelay>` `url`).
//!
//! Relative URLs such as `/menu` or `next.xml` are valid: Twilio resolves them against the
//! URL of the current document. A URL with a TwiML Bin template tag is checked only in the
//! literal part before the first tag, such as the scheme and host of
//! `https://example.com/menu?From={{From}}`. Empty values are left to `empty-url`, URLs that
//! look absolute but lack a scheme to `missing-url-scheme`, and private hosts to
//! `private-url`.
//!
//! ## Why Twilio cares
//!
//! Twilio raises 11100, "Invalid URL format", or the code of the verb, such as 31922 for a
//! Stream URL that is not `wss://` and 31923 for a malformed one, and the request is never
//! made: the call does not get its next document, its audio or its callback.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Play>htp://cdn.example.com/hold music.mp3</Play>
//!   <Connect>
//!     <Stream url="https://stream_host.example.com/audio?token=abc"/>
//!   </Connect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Play>https://cdn.example.com/hold%20music.mp3</Play>
//!   <Connect>
//!     <Stream url="wss://stream-host.example.com/audio">
//!       <Parameter name="token" value="abc"/>
//!     </Stream>
//!   </Connect>
//! </Response>
//! ```

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use twiml::schema::{SchemeRule, UrlInfo, UrlRole};
use twiml::template::{self, TokenKind};
use twiml::{Element, Span};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::schema_index::Facts;
use crate::tree::{AttributeVerdict, Tree};

pub(crate) static RULE: Rule = Rule {
    name: "invalid-url",
    group: Group::Semantics,
    default_severity: Severity::Error,
    twilio_code: Some(11100),
    summary: "a URL has a bad scheme, a space, an underscore in its host or a form Twilio rejects",
    check: Some(check),
};

/// A URL that Twilio would request, as written in the document.
#[derive(Debug)]
pub(crate) struct UrlValue<'d, 'a> {
    /// The element that contains it.
    pub(super) element: Element<'d, 'a>,
    /// The attribute that contains it, `None` for element text.
    pub(super) attribute: Option<&'a str>,
    /// The decoded value without surrounding whitespace.
    pub(super) value: Cow<'d, str>,
    /// The bytes of the value in the source.
    pub(super) span: Span,
    /// The schema's facts about the URL.
    pub(super) info: &'static UrlInfo,
    /// Whether the value contains a template tag.
    templated: bool,
    /// The parts of the value when [`plain_url`] vouches for it, which settles most checks.
    plain: Option<PlainUrl>,
}

impl<'d, 'a> UrlValue<'d, 'a> {
    /// Names where the URL is, for a message: `` `action` of `<Dial>` `` or `` `<Play>` ``.
    pub(super) fn place(&self) -> Place<'d, 'a> {
        Place { element: self.element, attribute: self.attribute }
    }

    /// Returns the part of the value that is known before a request: all of it without template tags,
    /// otherwise what comes before the first tag.
    pub(super) fn literal(&self) -> &str {
        if !self.templated {
            return &self.value;
        }
        self.value.split("{{").next().unwrap_or_default()
    }

    /// Checks whether the value contains a TwiML Bin template tag.
    pub(crate) fn is_templated(&self) -> bool {
        self.templated
    }

    /// Returns the parts of the value when [`plain_url`] vouches for it.
    pub(crate) fn plain(&self) -> Option<&PlainUrl> {
        self.plain.as_ref()
    }

    /// Returns the bytes of the value in the source.
    pub(crate) fn span(&self) -> Span {
        self.span
    }

    /// Returns the decoded value without surrounding whitespace.
    pub(crate) fn value(&self) -> &str {
        &self.value
    }

    /// Returns the host when [`plain_url`] vouches for the value: an `http`, `https`, `ws` or
    /// `wss` URL whose host is a name, not an address.
    pub(super) fn plain_host(&self) -> Option<&str> {
        self.plain.as_ref().map(|plain| &self.value[plain.host.clone()])
    }

    /// Returns the scheme when [`plain_url`] vouches for the value, as written.
    fn plain_scheme(&self) -> Option<&str> {
        self.plain.as_ref().map(|plain| &self.value[..plain.scheme_len])
    }

    fn new(
        element: Element<'d, 'a>,
        attribute: Option<&'a str>,
        value: Cow<'d, str>,
        span: Span,
        info: &'static UrlInfo,
    ) -> UrlValue<'d, 'a> {
        let templated = is_templated(&value);
        let plain = if templated { None } else { plain_url(&value) };
        UrlValue { element, attribute, value, span, info, templated, plain }
    }
}

/// Returns the non-empty URLs of the document, in URL text and URL attributes as the schema
/// lists them, in document order.
pub(super) fn url_values<'c, 'd, 'a>(context: &'c Context<'d, 'a>) -> &'c [UrlValue<'d, 'a>] {
    context.url_values()
}

/// Collects what [`url_values`] returns, once per document.
pub(crate) fn collect_url_values<'d, 'a>(context: &Context<'d, 'a>) -> Vec<UrlValue<'d, 'a>> {
    let tree = Tree::new(context);
    // About one attribute in three is a URL in the benchmark corpora; one in two is room
    // enough that the vector rarely grows.
    let mut values = Vec::with_capacity(context.document.attribute_count() / 2);
    for (index, item) in tree.iter() {
        let Some(schema) = item.schema else { continue };
        if !item.facts.contains(Facts::URLS) {
            continue;
        }
        let element = item.element;
        for (attribute, verdict) in tree.attributes(index) {
            let (AttributeVerdict::Known(known) | AttributeVerdict::ForbiddenInParent(known)) =
                *verdict
            else {
                continue;
            };
            let Some(info) = known.url() else { continue };
            let value = crate::rule::trim(&attribute.value);
            if value.is_empty() {
                continue;
            }
            let value = Cow::Borrowed(value);
            values.push(UrlValue::new(
                element,
                Some(attribute.name),
                value,
                attribute.value_span,
                info,
            ));
        }
        let Some(info) = schema.text_url() else { continue };
        if element.child_elements().next().is_some() {
            continue;
        }
        let Some(span) = element.text_span() else { continue };
        let Some(raw) = span.text(context.source) else { continue };
        let value = match element.text() {
            Cow::Borrowed(text) => Cow::Borrowed(crate::rule::trim(text)),
            Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
        };
        if value.is_empty() {
            continue;
        }
        let start = span.start + (raw.len() - raw.trim_start().len());
        let end = span.end - (raw.len() - raw.trim_end().len());
        values.push(UrlValue::new(element, None, value, Span::new(start, end.max(start)), info));
    }
    values
}

/// Splits `value` into its scheme and the rest after `:`, or `None` for a relative URL.
pub(super) fn split_scheme(value: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    (first_ok && rest_ok).then_some((scheme, rest))
}

/// Finds the host of an absolute URL, given what follows `scheme://`, when the host is complete
/// there: followed by `/`, `?`, `#` or the end of a value without template tags.
pub(super) fn host_of(after_slashes: &str, complete: bool) -> Option<&str> {
    let end = after_slashes.find(['/', '?', '#']);
    if end.is_none() && !complete {
        return None;
    }
    let authority = &after_slashes[..end.unwrap_or(after_slashes.len())];
    let host_and_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if let Some(bracketed) = host_and_port.strip_prefix('[') {
        return bracketed.split_once(']').map(|(address, _)| address);
    }
    Some(host_and_port.rsplit_once(':').map_or(host_and_port, |(host, _)| host))
}

/// Checks whether what follows `scheme://` starts with another `scheme://`, as in
/// `http://https://example.com`.
pub(super) fn repeats_scheme(after_slashes: &str) -> bool {
    split_scheme(after_slashes).is_some_and(|(_, rest)| rest.starts_with("//"))
}

/// A problem found in one URL.
struct Problem {
    message: String,
    help: String,
    code: Option<u32>,
}

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for url in url_values(context) {
        let Some(problem) = problem(url) else { continue };
        let finding = emitter.emit(url.span, problem.message).help(problem.help);
        if let Some(code) = problem.code.or(url.info.error_code) {
            finding.code(code);
        }
    }
}

/// Finds the first problem of `url`, or returns `None` when Twilio can request it.
fn problem(url: &UrlValue<'_, '_>) -> Option<Problem> {
    if is_plainly_fine(url) {
        return None;
    }
    // Both are formatted only when a message is written.
    let place = url.place();
    let value = url.value.as_ref();
    let shown = Shown(value);
    let info = url.info;
    let found =
        |message: String, help: &str| Some(Problem { message, help: help.to_owned(), code: None });

    // Spaces and backslashes count outside template tags, which may contain spaces of their own.
    let literal_text = literal_text(value);
    if literal_text.contains(char::is_whitespace) {
        return found(format!("`{shown}` in {place} contains a space"), "encode spaces as `%20`");
    }
    if literal_text.contains('\\') {
        return found(
            format!("`{shown}` in {place} contains `\\`"),
            "write `/` between path segments",
        );
    }

    let literal = url.literal();
    let Some((scheme, rest)) = split_scheme(literal) else {
        return relative_problem(url, &shown, &place);
    };
    let lower = scheme.to_ascii_lowercase();

    // `localhost:3000/voice` and `www.example.com:8080/x` parse as a scheme and a path.
    let host_like = lower == "localhost" || lower.contains('.');
    if host_like && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return found(
            format!("`{shown}` in {place} has no scheme, so `{scheme}` is read as one"),
            &format!("write the scheme first, as in `{}://{value}`", expected_scheme(info.scheme)),
        );
    }
    if let Some(problem) = scheme_problem(info, &lower, scheme, &shown, &place) {
        return Some(problem);
    }
    let Some(after_slashes) = rest.strip_prefix("//") else {
        return found(
            format!("`{shown}` in {place} has no `//` after `{scheme}:`"),
            &format!("write `{scheme}://` before the host"),
        );
    };

    if repeats_scheme(after_slashes) {
        return found(
            format!("`{shown}` in {place} has a second scheme after `{scheme}://`"),
            "keep one scheme, as in `https://example.com/…`",
        );
    }
    let complete = !url.is_templated();
    if let Some(host) = host_of(after_slashes, complete) {
        if host.is_empty() {
            return found(
                format!("`{shown}` in {place} has no host"),
                "write the host name after `//`",
            );
        }
        if host.contains('_') {
            return found(
                format!("host `{host}` in {place} contains `_`"),
                "Twilio rejects host names with underscores: use a name with `-` instead",
            );
        }
    }
    if complete
        && !plainly_valid(value)
        && let Err(error) = url::Url::parse(value)
    {
        return found(
            format!("`{shown}` in {place} is not a valid URL: {error}"),
            "check the host and port",
        );
    }
    if !info.query_allowed && literal.contains('?') {
        return Some(Problem {
            message: format!(
                "`{shown}` in {place} has a query string, which Twilio does not support here"
            ),
            help: "pass the values as `<Parameter name=\"…\" value=\"…\"/>` children instead"
                .to_owned(),
            code: None,
        });
    }
    None
}

/// Checks whether `url` has none of the problems [`problem`] looks for, on the strength of
/// [`plain_url`] alone. A plain URL has no space, no template tag, a host name without `_`,
/// and parses. Left to check are a backslash in its path, its scheme against the place, and
/// a query string where none is allowed.
fn is_plainly_fine(url: &UrlValue<'_, '_>) -> bool {
    let Some(scheme) = url.plain_scheme() else { return is_plain_relative(url) };
    let info = url.info;
    let scheme_allowed = match info.scheme {
        SchemeRule::Http => matches!(scheme, "http" | "https"),
        SchemeRule::HttpsOnly => scheme == "https",
        SchemeRule::WssOnly => scheme == "wss",
        _ => false,
    };
    let bytes = url.value.as_bytes();
    let query_fine = info.query_allowed || memchr::memchr(b'?', bytes).is_none();
    scheme_allowed && query_fine && memchr::memchr(b'\\', bytes).is_none()
}

/// Checks whether `url` is a relative URL that [`problem`] finds fine: printable ASCII without
/// a template tag, a `:` or a `\`, that does not start with `//`, where a relative URL is
/// allowed. Without a `:` it has no scheme to split off, and only `//` would give it a host.
fn is_plain_relative(url: &UrlValue<'_, '_>) -> bool {
    let bytes = url.value.as_bytes();
    let plain_bytes =
        bytes.iter().all(|&byte| byte.is_ascii_graphic() && byte != b':' && byte != b'\\');
    !url.templated && !url.info.absolute_only && !bytes.starts_with(b"//") && plain_bytes
}

/// The document URL a relative URL is checked against; any absolute URL would do.
static RELATIVE_BASE: LazyLock<Option<url::Url>> =
    LazyLock::new(|| url::Url::parse("https://twiml.invalid/documents/current.xml").ok());

/// Finds the problem of a URL without a scheme.
fn relative_problem(
    url: &UrlValue<'_, '_>,
    shown: &Shown<'_>,
    place: &Place<'_, '_>,
) -> Option<Problem> {
    let info = url.info;
    let literal = url.literal();
    if info.absolute_only {
        let example = match info.role {
            UrlRole::WebSocket => "wss://example.com/stream",
            _ => "https://example.com/status",
        };
        // A value that starts with a tag may render an absolute URL.
        if literal.is_empty() {
            return None;
        }
        return Some(Problem {
            message: format!("`{shown}` in {place} must be an absolute URL"),
            help: format!("write the full URL with its scheme and host, such as `{example}`"),
            code: None,
        });
    }
    // A network-path reference, `//host/path`, takes the scheme of the document.
    if let Some(after_slashes) = literal.strip_prefix("//") {
        if let Some(host) = host_of(after_slashes, !url.is_templated())
            && host.contains('_')
        {
            return Some(Problem {
                message: format!("host `{host}` in {place} contains `_`"),
                help: "Twilio rejects host names with underscores: use a name with `-` instead"
                    .to_owned(),
                code: None,
            });
        }
        return None;
    }
    if !url.is_templated() && !url.value.bytes().all(|byte| byte.is_ascii_graphic()) {
        // A relative reference of printable ASCII that does not start with `//` (handled
        // above) names no host, and only a host or port can make joining it fail.
        let base = RELATIVE_BASE.as_ref()?;
        if let Err(error) = base.join(&url.value) {
            return Some(Problem {
                message: format!("`{shown}` in {place} is not a valid relative URL: {error}"),
                help: "check the path for stray characters".to_owned(),
                code: None,
            });
        }
    }
    None
}

/// Checks whether `value` is an absolute URL that [`url::Url::parse`] certainly accepts, as
/// [`plain_url`] decides.
pub(crate) fn plainly_valid(value: &str) -> bool {
    plain_url(value).is_some()
}

/// The parts of a URL that [`plain_url`] vouches for, as byte ranges of the value.
#[derive(Debug, Clone)]
pub(crate) struct PlainUrl {
    /// The length of the scheme, which starts the value.
    pub(crate) scheme_len: usize,
    /// The host name.
    pub(crate) host: std::ops::Range<usize>,
}

/// Vouches for `value` when it is an absolute URL that [`url::Url::parse`] certainly accepts,
/// and returns its parts. That takes an HTTP or WebSocket scheme and a host of ASCII letters,
/// digits and hyphens in non-empty dot-separated labels, none an IDNA `xn--` label. The last
/// label must start with a letter, so that the host is not read as an IPv4 address. An
/// optional port must have digits and fit 16 bits, and printable ASCII may follow. Almost
/// every URL in a document has this shape, and this test costs a fraction of a full parse,
/// so anything else is parsed in full.
pub(crate) fn plain_url(value: &str) -> Option<PlainUrl> {
    let bytes = value.as_bytes();
    let scheme_len = match bytes {
        [b'h', b't', b't', b'p', b's', b':', b'/', b'/', ..] => 5,
        [b'h', b't', b't', b'p', b':', b'/', b'/', ..] => 4,
        [b'w', b's', b's', b':', b'/', b'/', ..] => 3,
        [b'w', b's', b':', b'/', b'/', ..] => 2,
        _ => return None,
    };
    let host_start = scheme_len + 3;

    // One pass over the host: the bytes of each label, and the labels' own rules at each dot.
    let label_fine =
        |label: &[u8]| !matches!(label, [] | [b'x' | b'X', b'n' | b'N', b'-', b'-', ..]);
    let mut at = host_start;
    let mut label_start = at;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'.' {
            if !label_fine(&bytes[label_start..at]) {
                return None;
            }
            label_start = at + 1;
        } else if !byte.is_ascii_alphanumeric() && byte != b'-' {
            break;
        }
        at += 1;
    }
    let last_label = &bytes[label_start..at];
    if !label_fine(last_label) || !last_label[0].is_ascii_alphabetic() {
        return None;
    }
    let host = host_start..at;

    if bytes.get(at) == Some(&b':') {
        let digits = bytes[at + 1..].iter().take_while(|byte| byte.is_ascii_digit()).count();
        let port = &value[at + 1..at + 1 + digits];
        // An empty port is left to the full checks: `http://https://…` reads as one.
        if digits == 0 || digits > 5 || port.parse::<u16>().is_err() {
            return None;
        }
        at += 1 + digits;
    }
    let tail = &bytes[at..];
    // The authority ends here, so anything but a path, query or fragment is not plain.
    let ends_authority = tail.first().is_none_or(|byte| matches!(byte, b'/' | b'?' | b'#'));
    let printable = tail.iter().all(u8::is_ascii_graphic);
    (ends_authority && printable).then_some(PlainUrl { scheme_len, host })
}

/// Describes the problem of a scheme that `info` does not allow.
fn scheme_problem(
    info: &UrlInfo,
    lower: &str,
    scheme: &str,
    shown: &Shown<'_>,
    place: &Place<'_, '_>,
) -> Option<Problem> {
    let allowed: &[&str] = match info.scheme {
        SchemeRule::Http => &["http", "https"],
        SchemeRule::HttpsOnly => &["https"],
        SchemeRule::WssOnly => &["wss"],
        _ => return None,
    };
    if allowed.contains(&lower) {
        return None;
    }
    let code = info.scheme_error_code;
    let (message, help) = match (info.scheme, lower) {
        (SchemeRule::WssOnly, _) => (
            format!("`{shown}` in {place} must use `wss://`, not `{scheme}:`"),
            "Twilio connects to this URL over a secure WebSocket: write `wss://…`".to_owned(),
        ),
        (SchemeRule::HttpsOnly, "http") => (
            format!("`{shown}` in {place} must use `https://`, not `http:`"),
            "Twilio sends payment data to this URL over HTTPS only: write `https://…`".to_owned(),
        ),
        _ => {
            let known = ["http", "https", "ws", "wss", "ftp", "file", "sip", "tel", "mailto"];
            let suggestion = allowed
                .iter()
                .map(|candidate| (strsim::damerau_levenshtein(lower, candidate), *candidate))
                .filter(|(distance, _)| *distance <= 2)
                .min();
            match suggestion {
                Some((_, candidate)) if !known.contains(&lower) => (
                    format!("`{shown}` in {place} has the unknown scheme `{scheme}:`"),
                    format!("did you mean `{candidate}://`?"),
                ),
                _ => (
                    format!(
                        "`{shown}` in {place} uses `{scheme}:`, but Twilio requests only {} URLs here",
                        allowed.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ")
                    ),
                    format!("serve the file over `{}://`", expected_scheme(info.scheme)),
                ),
            }
        }
    };
    Some(Problem { message, help, code })
}

/// Picks the scheme to suggest for a URL under `rule`.
fn expected_scheme(rule: SchemeRule) -> &'static str {
    match rule {
        SchemeRule::WssOnly => "wss",
        _ => "https",
    }
}

/// Joins the text of `value` outside template tags.
fn literal_text(value: &str) -> Cow<'_, str> {
    // Without `{{` the whole value is one text token.
    if !is_templated(value) {
        return Cow::Borrowed(value);
    }
    template::tokenize(value)
        .iter()
        .filter(|token| token.kind == TokenKind::Text)
        .map(|token| token.content)
        .collect()
}

/// The maximum length of a URL shown in a message. Longer ones are cut.
const MAX_SHOWN_CHARS: usize = 80;

/// Names where a URL is, for a message: `` `action` of `<Dial>` `` or `` `<Play>` ``.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place<'d, 'a> {
    element: Element<'d, 'a>,
    attribute: Option<&'a str>,
}

impl fmt::Display for Place<'_, '_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.attribute {
            Some(attribute) => write!(formatter, "`{attribute}` of `<{}>`", self.element.name()),
            None => write!(formatter, "`<{}>`", self.element.name()),
        }
    }
}

/// A URL value cut to a readable length when shown, as [`shown`] cuts it.
#[derive(Debug, Clone, Copy)]
struct Shown<'v>(&'v str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&shown(self.0))
    }
}

/// Cuts `value` to a readable length for a message.
pub(super) fn shown(value: &str) -> String {
    if value.chars().count() <= MAX_SHOWN_CHARS {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(MAX_SHOWN_CHARS).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn hosts_are_found_when_complete() {
        assert_eq!(host_of("example.com/x", true), Some("example.com"));
        assert_eq!(host_of("user:pw@example.com:8443?x", true), Some("example.com"));
        assert_eq!(host_of("[::1]:8080/x", true), Some("::1"));
        assert_eq!(host_of("example.com", true), Some("example.com"));
        assert_eq!(host_of("example", false), None);
    }

    #[test]
    fn schemes_are_split() {
        assert_eq!(split_scheme("https://x"), Some(("https", "//x")));
        assert_eq!(split_scheme("/menu"), None);
        assert_eq!(split_scheme("next.xml"), None);
        assert_eq!(split_scheme("localhost:3000/x"), Some(("localhost", "3000/x")));
        assert!(repeats_scheme("https://example.com/x"));
        assert!(!repeats_scheme("example.com:8080/x"));
    }

    #[test]
    fn plain_urls_are_recognized() {
        for plain in [
            "https://example.com",
            "https://example.com/a/b.xml?x=1&y=%20#frag",
            "http://handler.twilio.com:8443/twiml/EH0",
            "wss://media-1.example.co.uk/stream",
            "https://a.b-c.d9",
        ] {
            assert!(plainly_valid(plain), "{plain}");
        }
        for other in [
            "https://1.2.3.999/x",
            "https://0x7f/x",
            "https://example..com/x",
            "https://xn--zz.com/",
            "https://example.com:99999/",
            "https://user:pw@example.com/",
            "https://[::1]/",
            "ftp://example.com/",
            "https://exa mple.com/",
            "https://example.com/caf\u{e9}",
            "https://",
        ] {
            assert!(!plainly_valid(other), "{other}");
        }
    }

    proptest::proptest! {
        /// The shortcut never accepts a URL that the full parser rejects.
        #[test]
        fn plain_urls_parse(value in "(https?|wss?)://[a-z0-9.:\\-]{0,12}[/?#]?[ -~]{0,8}") {
            if plainly_valid(&value) {
                proptest::prop_assert!(url::Url::parse(&value).is_ok(), "{}", value);
            }
        }
    }
}
