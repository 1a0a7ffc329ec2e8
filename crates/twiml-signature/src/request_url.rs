//! The URL of a request, kept exactly as it was sent.
//!
//! Twilio signs the URL in the spelling it requested, so this type never re-encodes, reorders
//! or lowercases anything. It records the offsets of the userinfo, host and port in the
//! string. The other spellings that validators accept (port added or removed, userinfo
//! removed) are then made by editing the authority as a string, leaving path and query as is.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::{Error, UrlProblem};

/// Name of the query parameter holding the SHA-256 of a JSON body.
pub const BODY_SHA256_PARAM: &str = "bodySHA256";

/// An absolute URL, `scheme://[userinfo@]host[:port][/path][?query]`, stored verbatim.
///
/// Any scheme is accepted; `http`, `https`, `ws` and `wss` (in any case) have the default
/// ports 80 and 443 that the port-toggled spelling adds. Non-ASCII characters are kept as
/// their UTF-8 bytes. Whitespace and control characters are rejected, because Twilio always
/// percent-encodes them.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RequestUrl {
    text: String,
    /// Byte offset just past `://`.
    authority_start: usize,
    /// Byte offset of the host, just past the `@` when there is userinfo.
    host_start: usize,
    /// Byte offset just past the host, where `:port` starts when there is one.
    host_end: usize,
    /// Byte offset of the first `/`, `?` or `#` after the authority, or the length.
    authority_end: usize,
    port: Option<u16>,
}

impl RequestUrl {
    /// Checks the shape of `url` and stores it unchanged.
    pub fn parse(url: &str) -> Result<Self, Error> {
        parse_parts(url).map_err(|problem| Error::MalformedUrl { url: url.to_owned(), problem })
    }

    /// Returns the URL exactly as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns the scheme as written, such as `https` or `HTTP`.
    pub fn scheme(&self) -> &str {
        &self.text[..self.authority_start - 3]
    }

    /// Returns the userinfo before `@` (`user:pass`), if any.
    pub fn userinfo(&self) -> Option<&str> {
        let range = self.authority_start..self.host_start;
        (!range.is_empty()).then(|| &self.text[range.start..range.end - 1])
    }

    /// Returns the host as written, with IPv6 brackets and in its original case.
    pub fn host(&self) -> &str {
        &self.text[self.host_start..self.host_end]
    }

    /// Returns the explicit port, if the URL has one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Returns the default port of the scheme: 443 for `https` and `wss`, 80 for `http` and `ws`.
    pub fn default_port(&self) -> Option<u16> {
        let scheme = self.scheme();
        if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("wss") {
            Some(443)
        } else if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("ws") {
            Some(80)
        } else {
            None
        }
    }

    /// Returns the query string after `?` and before any `#`, still percent-encoded.
    pub fn query(&self) -> Option<&str> {
        self.query_range().map(|range| &self.text[range])
    }

    /// Returns the first value of the query parameter `name`, as written (not percent-decoded).
    ///
    /// Names are compared as written too, so `bodySHA256` does not match `bodysha256`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query()?.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == name).then_some(value)
        })
    }

    /// Returns the value of the `bodySHA256` query parameter, if present.
    pub fn body_sha256(&self) -> Option<&str> {
        self.query_value(BODY_SHA256_PARAM)
    }

    /// Returns this URL with `name=value` appended to its query, form-urlencoded (a space
    /// becomes `+`, a `+` becomes `%2B`), after the parameters already there.
    ///
    /// This is how Twilio adds its parameters to the URL of a GET request.
    #[must_use]
    pub fn with_query_param(&self, name: &str, value: &str) -> Self {
        let insert_at = self.fragment_start().unwrap_or(self.text.len());
        let separator = match self.query() {
            None => "?",
            Some(query) if query.is_empty() || query.ends_with('&') => "",
            Some(_) => "&",
        };
        let pair: String =
            form_urlencoded::Serializer::new(String::new()).append_pair(name, value).finish();

        let mut text = String::with_capacity(self.text.len() + separator.len() + pair.len());
        text.push_str(&self.text[..insert_at]);
        text.push_str(separator);
        text.push_str(&pair);
        text.push_str(&self.text[insert_at..]);

        // The insertion is after the authority, so every recorded offset stays valid.
        Self { text, ..self.clone() }
    }

    /// Lists the spellings of this URL that validators accept, in the order they are tried.
    ///
    /// 1. the URL as given;
    /// 2. the port toggled: removed when present, or the scheme's default port added when
    ///    absent (no such spelling for a scheme without a known default port);
    /// 3. and 4. the same two with the userinfo removed, when there is userinfo.
    ///
    /// Path and query are copied byte for byte into every spelling.
    pub fn candidates(&self) -> Vec<Candidate> {
        let port_toggle = match (self.port, self.default_port()) {
            (Some(port), _) => Some(PortChange::Removed { port }),
            (None, Some(port)) => Some(PortChange::Added { port }),
            (None, None) => None,
        };
        let mut port_changes = vec![PortChange::Unchanged];
        port_changes.extend(port_toggle);
        let userinfo_choices: &[bool] =
            if self.userinfo().is_some() { &[false, true] } else { &[false] };

        let mut candidates: Vec<Candidate> = Vec::with_capacity(4);
        for &userinfo_removed in userinfo_choices {
            for &port in &port_changes {
                let url = self.respell(port, userinfo_removed);
                if candidates.iter().all(|known| known.url != url) {
                    candidates.push(Candidate { url, port, userinfo_removed });
                }
            }
        }
        candidates
    }

    /// Builds one spelling by editing the authority as a string.
    fn respell(&self, port: PortChange, userinfo_removed: bool) -> String {
        let text = &self.text;
        let prefix_end = if userinfo_removed { self.authority_start } else { self.host_start };

        let mut url = String::with_capacity(text.len() + 6);
        url.push_str(&text[..prefix_end]);
        url.push_str(&text[self.host_start..self.host_end]);
        match port {
            PortChange::Unchanged => url.push_str(&text[self.host_end..self.authority_end]),
            PortChange::Removed { .. } => {}
            PortChange::Added { port } => {
                url.push(':');
                url.push_str(&port.to_string());
            }
        }
        url.push_str(&text[self.authority_end..]);
        url
    }

    fn fragment_start(&self) -> Option<usize> {
        self.text[self.authority_end..].find('#').map(|i| self.authority_end + i)
    }

    fn query_range(&self) -> Option<Range<usize>> {
        let end = self.fragment_start().unwrap_or(self.text.len());
        let question = self.text[self.authority_end..end].find('?')?;
        Some(self.authority_end + question + 1..end)
    }
}

/// Finds the scheme, userinfo, host and port of `url`, or returns the problem found.
fn parse_parts(url: &str) -> Result<RequestUrl, UrlProblem> {
    for (position, c) in url.char_indices() {
        if c.is_whitespace() {
            return Err(UrlProblem::Whitespace { position });
        }
        if c.is_control() {
            return Err(UrlProblem::ControlCharacter { position });
        }
    }

    let Some(colon) = url.find(':') else {
        return Err(UrlProblem::NoScheme);
    };
    check_scheme(&url[..colon])?;
    if !url[colon..].starts_with("://") {
        return Err(UrlProblem::NoAuthority);
    }

    let authority_start = colon + 3;
    let authority_end =
        url[authority_start..].find(['/', '?', '#']).map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let host_start = authority.rfind('@').map_or(authority_start, |at| authority_start + at + 1);

    let host_and_port = &url[host_start..authority_end];
    let host_len = host_length(host_and_port)?;
    if host_len == 0 {
        return Err(UrlProblem::EmptyHost);
    }
    let host_end = host_start + host_len;
    let port = match &url[host_end..authority_end] {
        "" => None,
        after_host => Some(parse_port(after_host)?),
    };

    Ok(RequestUrl {
        text: url.to_owned(),
        authority_start,
        host_start,
        host_end,
        authority_end,
        port,
    })
}

/// Checks the scheme against RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
fn check_scheme(scheme: &str) -> Result<(), UrlProblem> {
    let mut bytes = scheme.bytes();
    match bytes.next() {
        None => Err(UrlProblem::NoScheme),
        Some(first) if !first.is_ascii_alphabetic() => Err(UrlProblem::InvalidScheme),
        Some(_) if bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) => {
            Ok(())
        }
        Some(_) => Err(UrlProblem::InvalidScheme),
    }
}

/// Length in bytes of the host at the start of `host_and_port`, brackets included for IPv6.
fn host_length(host_and_port: &str) -> Result<usize, UrlProblem> {
    if host_and_port.starts_with('[') {
        return host_and_port.find(']').map(|close| close + 1).ok_or(UrlProblem::UnclosedIpv6Host);
    }
    Ok(host_and_port.find(':').unwrap_or(host_and_port.len()))
}

/// Parses `:digits` after the host.
fn parse_port(after_host: &str) -> Result<u16, UrlProblem> {
    let digits = after_host.strip_prefix(':').ok_or(UrlProblem::InvalidPort)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UrlProblem::InvalidPort);
    }
    digits.parse().map_err(|_| UrlProblem::InvalidPort)
}

impl fmt::Debug for RequestUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RequestUrl").field(&self.text).finish()
    }
}

impl fmt::Display for RequestUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for RequestUrl {
    type Err = Error;

    fn from_str(url: &str) -> Result<Self, Error> {
        Self::parse(url)
    }
}

impl TryFrom<&str> for RequestUrl {
    type Error = Error;

    fn try_from(url: &str) -> Result<Self, Error> {
        Self::parse(url)
    }
}

impl AsRef<str> for RequestUrl {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// How a candidate spelling changed the port of the URL as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortChange {
    /// The port, or its absence, is as given.
    Unchanged,
    /// The given port was removed.
    Removed {
        /// The port that was removed.
        port: u16,
    },
    /// The scheme's default port was added to a URL that had none.
    Added {
        /// The port that was added.
        port: u16,
    },
}

/// One spelling of a request URL that a validator tries, and how it differs from the URL as
/// given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Candidate {
    url: String,
    port: PortChange,
    userinfo_removed: bool,
}

impl Candidate {
    /// Returns the spelling, the URL part of the string to sign.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Returns how the port differs from the URL as given.
    pub fn port_change(&self) -> PortChange {
        self.port
    }

    /// Returns whether the userinfo (`user:pass@`) of the URL as given was removed.
    pub fn userinfo_removed(&self) -> bool {
        self.userinfo_removed
    }

    /// Returns whether this is the URL exactly as given.
    pub fn is_as_given(&self) -> bool {
        self.port == PortChange::Unchanged && !self.userinfo_removed
    }

    /// Describes the change in a short phrase: `as given`, `port 443 added`,
    /// `userinfo removed, port 1234 removed`.
    pub fn change_description(&self) -> String {
        let mut parts = Vec::with_capacity(2);
        if self.userinfo_removed {
            parts.push("userinfo removed".to_owned());
        }
        match self.port {
            PortChange::Unchanged => {}
            PortChange::Removed { port } => parts.push(format!("port {port} removed")),
            PortChange::Added { port } => parts.push(format!("port {port} added")),
        }
        if parts.is_empty() { "as given".to_owned() } else { parts.join(", ") }
    }
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.url, self.change_description())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> RequestUrl {
        RequestUrl::parse(text).expect("valid URL")
    }

    fn problem(text: &str) -> UrlProblem {
        match RequestUrl::parse(text) {
            Err(Error::MalformedUrl { url, problem }) => {
                assert_eq!(url, text);
                problem
            }
            other => panic!("expected a malformed URL error for {text:?}, got {other:?}"),
        }
    }

    fn candidate_urls(text: &str) -> Vec<String> {
        url(text).candidates().iter().map(|c| c.url().to_owned()).collect()
    }

    #[test]
    fn parts_of_a_full_url() {
        let parsed = url("HTTPS://user:pa%40ss@MyCompany.com:8443/a/b?x=1&y=2#frag");
        assert_eq!(parsed.scheme(), "HTTPS");
        assert_eq!(parsed.userinfo(), Some("user:pa%40ss"));
        assert_eq!(parsed.host(), "MyCompany.com");
        assert_eq!(parsed.port(), Some(8443));
        assert_eq!(parsed.default_port(), Some(443));
        assert_eq!(parsed.query(), Some("x=1&y=2"));
        assert_eq!(parsed.query_value("y"), Some("2"));
        assert_eq!(parsed.query_value("z"), None);
    }

    #[test]
    fn ipv6_host_and_port() {
        let parsed = url("http://[::1]:8080/path");
        assert_eq!(parsed.host(), "[::1]");
        assert_eq!(parsed.port(), Some(8080));
        assert_eq!(candidate_urls("http://[::1]/x"), ["http://[::1]/x", "http://[::1]:80/x"]);
    }

    #[test]
    fn host_only_url() {
        let parsed = url("https://example.com");
        assert_eq!(parsed.host(), "example.com");
        assert_eq!(parsed.query(), None);
        assert_eq!(
            candidate_urls("https://example.com"),
            ["https://example.com", "https://example.com:443"]
        );
    }

    #[test]
    fn malformed_urls_rejected() {
        assert_eq!(problem("example.com/path"), UrlProblem::NoScheme);
        assert_eq!(problem("://example.com/"), UrlProblem::NoScheme);
        assert_eq!(problem("1http://example.com/"), UrlProblem::InvalidScheme);
        assert_eq!(problem("ht_tp://example.com/"), UrlProblem::InvalidScheme);
        assert_eq!(problem("https:example.com/"), UrlProblem::NoAuthority);
        assert_eq!(problem("localhost:8080/x"), UrlProblem::NoAuthority);
        assert_eq!(problem("https:///path"), UrlProblem::EmptyHost);
        assert_eq!(problem("https://user@/path"), UrlProblem::EmptyHost);
        assert_eq!(problem("https://:443/path"), UrlProblem::EmptyHost);
        assert_eq!(problem("https://host:/path"), UrlProblem::InvalidPort);
        assert_eq!(problem("https://host:44a/path"), UrlProblem::InvalidPort);
        assert_eq!(problem("https://host:65536/path"), UrlProblem::InvalidPort);
        assert_eq!(problem("https://[::1/path"), UrlProblem::UnclosedIpv6Host);
        assert_eq!(problem("https://[::1]x/path"), UrlProblem::InvalidPort);
        assert_eq!(problem("https://host/a b"), UrlProblem::Whitespace { position: 14 });
        assert_eq!(problem(" https://host/"), UrlProblem::Whitespace { position: 0 });
        assert_eq!(problem("https://host/\n"), UrlProblem::Whitespace { position: 13 });
        assert_eq!(problem("https://host/\u{0}"), UrlProblem::ControlCharacter { position: 13 });
        assert_eq!(problem(""), UrlProblem::NoScheme);
    }

    #[test]
    fn error_message_names_the_url() {
        let err = RequestUrl::parse("https://host/a b").expect_err("whitespace");
        assert_eq!(err.to_string(), "invalid URL \"https://host/a b\": whitespace at byte 14");
    }

    #[test]
    fn candidates_without_port() {
        let found = url("https://mycompany.com/myapp.php?foo=1&bar=2").candidates();
        assert_eq!(found.len(), 2);
        assert!(found[0].is_as_given());
        assert_eq!(found[0].change_description(), "as given");
        assert_eq!(found[1].url(), "https://mycompany.com:443/myapp.php?foo=1&bar=2");
        assert_eq!(found[1].port_change(), PortChange::Added { port: 443 });
        assert_eq!(found[1].change_description(), "port 443 added");
    }

    #[test]
    fn candidates_with_port() {
        assert_eq!(
            candidate_urls("http://mycompany.com:1234/a?b=c"),
            ["http://mycompany.com:1234/a?b=c", "http://mycompany.com/a?b=c"]
        );
        assert_eq!(
            candidate_urls("https://mycompany.com:443/a"),
            ["https://mycompany.com:443/a", "https://mycompany.com/a"]
        );
    }

    #[test]
    fn candidates_with_userinfo() {
        let found = url("https://user:pass@MyCompany.com/a").candidates();
        let urls: Vec<&str> = found.iter().map(Candidate::url).collect();
        assert_eq!(
            urls,
            [
                "https://user:pass@MyCompany.com/a",
                "https://user:pass@MyCompany.com:443/a",
                "https://MyCompany.com/a",
                "https://MyCompany.com:443/a",
            ]
        );
        assert_eq!(found[3].change_description(), "userinfo removed, port 443 added");
        assert_eq!(
            found[3].to_string(),
            "https://MyCompany.com:443/a (userinfo removed, port 443 added)"
        );
    }

    #[test]
    fn candidates_for_unknown_scheme() {
        assert_eq!(candidate_urls("sip://host/a"), ["sip://host/a"]);
        assert_eq!(candidate_urls("sip://host:5060/a"), ["sip://host:5060/a", "sip://host/a"]);
    }

    #[test]
    fn candidates_keep_path_and_query_bytes() {
        let given = "https://host/p%3A/x?a='b'&c=d+e&f=%3A%40";
        for candidate in url(given).candidates() {
            assert!(candidate.url().ends_with("/p%3A/x?a='b'&c=d+e&f=%3A%40"), "{candidate}");
        }
    }

    #[test]
    fn websocket_default_ports() {
        assert_eq!(url("wss://host/s").default_port(), Some(443));
        assert_eq!(url("ws://host/s").default_port(), Some(80));
    }

    #[test]
    fn query_param_appended() {
        let base = url("https://handler.twilio.com/twiml/EH1");
        let with_sid = base.with_query_param("AccountSid", "AC1");
        assert_eq!(with_sid.as_str(), "https://handler.twilio.com/twiml/EH1?AccountSid=AC1");
        let with_name = with_sid.with_query_param("Body", "Hi & +1 ñ");
        assert_eq!(
            with_name.as_str(),
            "https://handler.twilio.com/twiml/EH1?AccountSid=AC1&Body=Hi+%26+%2B1+%C3%B1"
        );
        assert_eq!(with_name.host(), "handler.twilio.com");
    }

    #[test]
    fn query_param_appended_after_empty_query_and_before_fragment() {
        assert_eq!(url("https://h/p?").with_query_param("a", "1").as_str(), "https://h/p?a=1");
        assert_eq!(
            url("https://h/p?x=1&").with_query_param("a", "1").as_str(),
            "https://h/p?x=1&a=1"
        );
        assert_eq!(
            url("https://h/p#top").with_query_param("a", "1").as_str(),
            "https://h/p?a=1#top"
        );
    }

    #[test]
    fn body_sha256_read_as_written() {
        assert_eq!(url("https://h/p?a=1&bodySHA256=abc").body_sha256(), Some("abc"));
        assert_eq!(url("https://h/p?bodysha256=abc").body_sha256(), None);
        assert_eq!(url("https://h/p").body_sha256(), None);
    }
}
