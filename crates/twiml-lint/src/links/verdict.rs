//! Verdicts: what an answer, or the lack of one, means for the call, with the Twilio error
//! code the call would hit and what the user can do.
//!
//! | verdict | when | rule |
//! | --- | --- | --- |
//! | ok | 2xx with a body Twilio accepts for the role | |
//! | broken | 404, 410, other 4xx, 5xx after retries, DNS failure, refused or reset connection, TLS failure, too many redirects, a private address | `broken-link` |
//! | unauthorized | 401 or 403 | `unauthorized-link` |
//! | unverified | a bin with no credentials, `--offline`, a 405 to a GET sent in place of Twilio's POST, no deployed URL to resolve against | `unverified-link` |
//! | invalid target | 2xx with the wrong content type, a body over 64 kB, an empty body, TwiML that does not parse | `invalid-link-target` |
//! | slow | answered after Twilio's budget | `slow-link` |
//! | rate limited | 429 after retries | `rate-limited-link` |

use std::path::Path;

use serde::Serialize;
use twiml::schema::{HttpMethod, UrlRole};

use crate::links::MAX_BODY_BYTES;
use crate::links::address::Refusal;
use crate::links::fetch::{FetchError, FetchResponse, SignedSummary, redact};
use crate::links::reference::Reference;

/// What a reference ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Twilio gets what it needs.
    Ok,
    /// Twilio gets no usable answer.
    Broken,
    /// The server refused the request's credentials.
    Unauthorized,
    /// The link was not checked; the message says why.
    Unverified,
    /// An answer Twilio rejects for this role.
    InvalidTarget,
    /// An answer later than Twilio waits.
    Slow,
    /// The server kept answering 429.
    RateLimited,
}

impl Verdict {
    /// The rule whose findings carry this verdict; `None` for ok.
    pub fn rule_name(self) -> Option<&'static str> {
        match self {
            Verdict::Ok => None,
            Verdict::Broken => Some("broken-link"),
            Verdict::Unauthorized => Some("unauthorized-link"),
            Verdict::Unverified => Some("unverified-link"),
            Verdict::InvalidTarget => Some("invalid-link-target"),
            Verdict::Slow => Some("slow-link"),
            Verdict::RateLimited => Some("rate-limited-link"),
        }
    }

    /// The verdict as shown in the graph and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Broken => "broken",
            Verdict::Unauthorized => "unauthorized",
            Verdict::Unverified => "unverified",
            Verdict::InvalidTarget => "invalid target",
            Verdict::Slow => "slow",
            Verdict::RateLimited => "rate limited",
        }
    }
}

/// A verdict with its message, help and Twilio code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// A lowercase sentence naming the URL and what happened.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The Twilio error the call would hit.
    pub twilio_code: Option<u32>,
}

impl Judgement {
    /// A judgement with a help text.
    pub fn new(
        verdict: Verdict,
        message: String,
        help: &str,
        twilio_code: Option<u32>,
    ) -> Judgement {
        Judgement { verdict, message, help: Some(help.to_owned()), twilio_code }
    }

    /// Ok, with nothing to say.
    pub fn ok() -> Judgement {
        Judgement { verdict: Verdict::Ok, message: String::new(), help: None, twilio_code: None }
    }
}

/// What the body of a 2xx answer is, for the role it was fetched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// TwiML to parse and follow.
    Twiml,
    /// Audio or other media, accepted and not followed.
    Media,
    /// Ignored, as for status callbacks.
    Ignored,
}

/// The media types Twilio parses as TwiML.
const TWIML_TYPES: &[&str] = &["text/xml", "application/xml", "text/html"];

/// Judges an answer to `reference`. `substituted_get` is set when a GET was sent in place of
/// the POST Twilio would send. For a 2xx, the body kind says whether to parse it.
pub fn judge_response(
    reference: &Reference,
    shown_url: &str,
    response: &FetchResponse,
    substituted_get: bool,
) -> (Judgement, Option<Body>) {
    let status = response.status;
    if (200..=299).contains(&status) {
        return judge_success(reference, shown_url, response);
    }
    // Only a failure is described, so a success formats nothing here.
    let answered = answered(shown_url, response);
    let retried = match response.retries {
        0 => String::new(),
        1 => " after 1 retry".to_owned(),
        n => format!(" after {n} retries"),
    };
    match status {
        401 | 403 => (unauthorized(&answered, status, response.signed.as_ref()), None),
        405 if substituted_get => (
            Judgement::new(
                Verdict::Unverified,
                format!("{answered} 405 to a GET, and Twilio sends it a POST"),
                "the checker sends a plain GET to servers off the signing list; set \
                 `replay-method = true` under `[links]` to send Twilio's method and parameters",
                None,
            ),
            None,
        ),
        429 => (
            Judgement::new(
                Verdict::RateLimited,
                format!("{answered} 429 Too Many Requests{retried}"),
                "the server limits its request rate; check again later, or lower --max-per-host",
                None,
            ),
            None,
        ),
        404 | 410 => (
            Judgement::new(
                Verdict::Broken,
                format!("{answered} {status} {}", reason(status)),
                "the call fails here: fix the URL, or publish the document at it",
                Some(11200),
            ),
            None,
        ),
        _ => (
            Judgement::new(
                Verdict::Broken,
                format!("{answered} {status} {}{retried}", reason(status)).trim_end().to_owned(),
                "the call fails here with an HTTP retrieval failure; check the server's logs for this request",
                Some(11200),
            ),
            None,
        ),
    }
}

fn judge_success(
    reference: &Reference,
    shown_url: &str,
    response: &FetchResponse,
) -> (Judgement, Option<Body>) {
    if response.slow {
        let judgement = Judgement::new(
            Verdict::Slow,
            format!(
                "{} after {} ms, later than Twilio waits",
                answered(shown_url, response),
                response.elapsed.as_millis()
            ),
            "Twilio gives up after its connect and total timeouts (10 s to connect as two 5 s \
             attempts, 15 s in all, unless the URL's connection overrides say otherwise) and the \
             call fails; make the server answer sooner",
            Some(11205),
        );
        return (judgement, None);
    }
    let content_type = response.content_type.as_deref();
    let is_twiml_type = content_type.is_some_and(|kind| TWIML_TYPES.contains(&kind));
    let is_audio = content_type.is_some_and(|kind| kind.starts_with("audio/"));
    let wrong_type = |code: u32, expected: &str| {
        let found = match content_type {
            Some(kind) => format!("content type `{kind}`"),
            None => "no content type".to_owned(),
        };
        Judgement::new(
            Verdict::InvalidTarget,
            format!(
                "{} with {found}, but {} needs {expected}",
                answered(shown_url, response),
                reference.describe()
            ),
            "set the Content-Type header the server sends for this URL",
            Some(code),
        )
    };

    match reference.role {
        UrlRole::Media => {
            if is_twiml_type || content_type.is_none() {
                let code = reference.info.content_type_error_code.unwrap_or(12300);
                (wrong_type(code, "media such as `audio/mpeg`"), None)
            } else {
                (Judgement::ok(), Some(Body::Media))
            }
        }
        UrlRole::RestrictedDocument { audio_allowed, .. } => {
            if is_audio && audio_allowed {
                (Judgement::ok(), Some(Body::Media))
            } else if is_twiml_type {
                judge_twiml_body(shown_url, response)
            } else {
                let expected = if audio_allowed { "TwiML or audio" } else { "TwiML (`text/xml`)" };
                (wrong_type(12300, expected), None)
            }
        }
        UrlRole::Document => {
            if is_audio {
                // Twilio plays an audio answer and hangs up.
                (Judgement::ok(), Some(Body::Media))
            } else if is_twiml_type || content_type == Some("text/plain") {
                judge_twiml_body(shown_url, response)
            } else {
                (wrong_type(12300, "TwiML (`text/xml`)"), None)
            }
        }
        // Status callbacks and WebSockets: Twilio ignores the body.
        _ => (Judgement::ok(), Some(Body::Ignored)),
    }
}

/// Starts a message about a response: `` `URL` answered ``, or, after redirects,
/// `` `URL` redirected to `LAST`, which answered ``, so that the status is not blamed on the
/// URL written in the document.
fn answered(shown_url: &str, response: &FetchResponse) -> String {
    match response.redirects {
        0 => format!("`{shown_url}` answered"),
        1 => {
            format!("`{shown_url}` redirected to `{}`, which answered", redact(&response.final_url))
        }
        count => format!(
            "`{shown_url}` redirected {count} times to `{}`, which answered",
            redact(&response.final_url)
        ),
    }
}

/// The extensions of audio files, which a local reference may lead to: Twilio plays audio
/// where it expects media, and in place of TwiML for a document reference.
const AUDIO_EXTENSIONS: &[&str] =
    &["mp3", "wav", "wave", "aif", "aiff", "aifc", "gsm", "ul", "ulaw", "au", "ogg", "oga"];

/// Checks whether `path` names an audio file by its extension.
fn is_audio_path(path: &Path) -> bool {
    path.extension().and_then(|extension| extension.to_str()).is_some_and(|extension| {
        AUDIO_EXTENSIONS.iter().any(|audio| audio.eq_ignore_ascii_case(extension))
    })
}

/// Checks whether `bytes` start with markup, after a byte order mark and whitespace. Audio
/// formats start with binary headers such as `ID3`, `RIFF` or `OggS`, never with `<`.
pub fn starts_with_markup(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'<')
}

/// Judges a local file that a media reference leads to, from its first bytes: a file of
/// markup is a document, which Twilio cannot play. Anything else may be audio, and passes.
pub fn judge_local_media(reference: &Reference, label: &str, head: &[u8]) -> Judgement {
    if !starts_with_markup(head) {
        return Judgement::ok();
    }
    Judgement::new(
        Verdict::InvalidTarget,
        format!(
            "`{label}` is an XML document, but {} needs media such as `audio/mpeg`",
            reference.describe()
        ),
        "point the reference at an audio file; to run a TwiML document, use `<Redirect>`",
        Some(reference.info.content_type_error_code.unwrap_or(12300)),
    )
}

/// Judges the bytes of a local file that a document reference leads to, as a static web
/// server would serve it: an audio file by its extension, or a body to parse as TwiML.
pub fn judge_local_document(
    reference: &Reference,
    label: &str,
    path: &Path,
    bytes: &[u8],
) -> (Judgement, Option<Body>) {
    if is_audio_path(path) && !starts_with_markup(bytes) {
        let audio_allowed = match reference.role {
            UrlRole::RestrictedDocument { audio_allowed, .. } => audio_allowed,
            _ => true,
        };
        if audio_allowed {
            return (Judgement::ok(), Some(Body::Media));
        }
        let judgement = Judgement::new(
            Verdict::InvalidTarget,
            format!("`{label}` is an audio file, but {} needs TwiML", reference.describe()),
            "point the reference at a TwiML document",
            Some(12300),
        );
        return (judgement, None);
    }
    if bytes.len() > MAX_BODY_BYTES {
        let judgement = Judgement::new(
            Verdict::InvalidTarget,
            format!("`{label}` is over 64 kB"),
            "Twilio rejects TwiML documents over 64 kB; split the document, for example with \
             `<Redirect>` to a second one",
            Some(11750),
        );
        return (judgement, None);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let judgement = Judgement::new(
            Verdict::InvalidTarget,
            format!("`{label}` is empty"),
            "write a TwiML document in it, at least `<Response/>`",
            Some(11770),
        );
        return (judgement, None);
    }
    (Judgement::ok(), Some(Body::Twiml))
}

fn judge_twiml_body(shown_url: &str, response: &FetchResponse) -> (Judgement, Option<Body>) {
    if response.body_too_large {
        let judgement = Judgement::new(
            Verdict::InvalidTarget,
            format!("{} with a body over 64 kB", answered(shown_url, response)),
            "Twilio rejects TwiML responses over 64 kB; split the document, for example with \
             `<Redirect>` to a second one",
            Some(11750),
        );
        return (judgement, None);
    }
    if response.body.iter().all(u8::is_ascii_whitespace) {
        let judgement = Judgement::new(
            Verdict::InvalidTarget,
            format!("{} with an empty body", answered(shown_url, response)),
            "answer with a TwiML document, at least `<Response/>`",
            Some(11770),
        );
        return (judgement, None);
    }
    (Judgement::ok(), Some(Body::Twiml))
}

/// Builds the unauthorized verdict, explaining what a signed request covered. `answered`
/// starts the message, as [`answered`] writes it.
fn unauthorized(answered: &str, status: u16, signed: Option<&SignedSummary>) -> Judgement {
    let Some(signed) = signed else {
        return Judgement::new(
            Verdict::Unauthorized,
            format!("{answered} {status} {} to an unsigned request", reason(status)),
            "Twilio sends no credentials except a signature to hosts that check one, and the \
             user name and password written in the URL (`https://user:pass@host/…`); if this host \
             checks X-Twilio-Signature, add it to the signing list with --sign-host HOST",
            Some(11200),
        );
    };
    let covered = if signed.params.is_empty() {
        format!("the URL `{}` alone ({}, no form parameters)", signed.url, signed.method)
    } else {
        let params: Vec<String> =
            signed.params.iter().map(|(name, value)| format!("{name}={value}")).collect();
        format!(
            "the URL `{}` followed by the form parameters {} sorted by name ({})",
            signed.url,
            params.join(", "),
            signed.method
        )
    };
    Judgement {
        verdict: Verdict::Unauthorized,
        message: format!(
            "{answered} {status} {} to a request signed for account {}",
            reason(status),
            signed.account_sid
        ),
        help: Some(format!(
            "the signature covered {covered}, with the auth token given for {account}; a bin \
             checks it with the token of the account that owns the bin. Usual causes: the bin \
             belongs to another account (check TWILIO_ACCOUNT_SID), the token is not that \
             account's primary auth token, or the URL differs from the one the server sees in \
             scheme, host, port, trailing slash or query order",
            account = signed.account_sid,
        )),
        twilio_code: Some(11200),
    }
}

/// Judges a request that got no usable answer.
pub fn judge_error(shown_url: &str, error: &FetchError) -> Judgement {
    let broken = |message: String, help: &str, code: u32| {
        Judgement::new(Verdict::Broken, message, help, Some(code))
    };
    match error {
        FetchError::Refused(Refusal::NonPublic { kind, address, .. }) => broken(
            format!("`{shown_url}` leads to {kind} address {address}, which Twilio cannot reach"),
            "Twilio requests URLs from the public internet; use a public host name. To check a \
             local test server, allow it with --allow-host HOST:PORT",
            11200,
        ),
        FetchError::Refused(refusal) => broken(
            format!("`{shown_url}` cannot be requested: {refusal}"),
            "Twilio requests only absolute http and https URLs here",
            11100,
        ),
        FetchError::HostNotFound { host } => broken(
            format!("the host name {host} of `{shown_url}` does not resolve"),
            "check the host name for typos, and that its DNS record exists",
            11210,
        ),
        FetchError::ConnectTimeout { attempts, each_ms } => broken(
            format!(
                "connecting to `{shown_url}` {}",
                crate::links::fetch::timed_out_phrase(*attempts, *each_ms)
            ),
            "Twilio makes two connect attempts of 5 s each, then fails the request; check that \
             the server is up and reachable from the internet",
            11205,
        ),
        FetchError::Connect { reason } => broken(
            format!("connecting to `{shown_url}` failed: {reason}"),
            "check that the server is up and listens on this port",
            11205,
        ),
        FetchError::Tls { reason } => broken(
            format!("the TLS handshake with `{shown_url}` failed: {reason}"),
            "Twilio needs a certificate from a public authority that matches the host name",
            11220,
        ),
        FetchError::Timeout { limit, limit_ms, waited_ms } => broken(
            format!(
                "`{shown_url}` sent no complete answer in {waited_ms} ms; Twilio's {limit} \
                 timeout is {limit_ms} ms"
            ),
            "Twilio gives up at its timeout and the call fails; make the server answer sooner, \
             or raise the timeout with the URL's connection overrides (`#rt=` for the read, \
             `#tt=` for the total)",
            11205,
        ),
        FetchError::Transport { reason } => broken(
            format!("the connection to `{shown_url}` broke: {reason}"),
            "the server closed or reset the connection before a complete HTTP answer",
            11205,
        ),
        FetchError::TooManyRedirects { last } => broken(
            format!(
                "`{shown_url}` redirects more than 10 times; the last redirect went to `{last}`"
            ),
            "Twilio follows at most 10 redirects; point the reference at the final URL",
            11215,
        ),
        FetchError::BadRedirect { status, location } => broken(
            format!(
                "`{shown_url}` answered a {status} redirect with an invalid Location `{location}`"
            ),
            "a redirect needs a Location header with a valid URL",
            11200,
        ),
        FetchError::Signing { reason } => Judgement::new(
            Verdict::Unverified,
            format!(
                "`{shown_url}` was not requested because the request cannot be signed: {reason}"
            ),
            "remove `AccountSid` from the URL; the checker adds it to every signed request",
            None,
        ),
        FetchError::Internal { reason } => Judgement::new(
            Verdict::Unverified,
            format!(
                "`{shown_url}` was not checked because the check stopped unexpectedly: {reason}"
            ),
            "this is a fault of twiml-lint, not of the link; run again with -v and keep the output",
            None,
        ),
    }
}

/// Whether a request sends GET where Twilio would send POST.
pub fn substitutes_get(twilio_method: HttpMethod, sent: HttpMethod) -> bool {
    twilio_method != HttpMethod::Get && sent == HttpMethod::Get
}

/// The reason phrase of common statuses, for messages.
fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_rule_exists() {
        let verdicts = [
            Verdict::Broken,
            Verdict::Unauthorized,
            Verdict::Unverified,
            Verdict::InvalidTarget,
            Verdict::Slow,
            Verdict::RateLimited,
        ];
        for verdict in verdicts {
            let name = verdict.rule_name().expect("a rule");
            assert!(crate::rules::find(name).is_some(), "no rule {name}");
        }
        assert_eq!(Verdict::Ok.rule_name(), None);
    }

    #[test]
    fn unauthorized_explains_the_signed_string_without_secrets() {
        let signed = SignedSummary {
            method: "GET",
            url: "https://handler.twilio.com/twiml/EH00?AccountSid=AC00".to_owned(),
            params: Vec::new(),
            account_sid: "AC00".to_owned(),
        };
        let judgement = unauthorized("https://handler.twilio.com/twiml/EH00", 401, Some(&signed));
        let help = judgement.help.expect("help");
        assert!(
            help.contains("the URL `https://handler.twilio.com/twiml/EH00?AccountSid=AC00` alone"),
            "{help}"
        );
        assert_eq!(judgement.twilio_code, Some(11200));
    }
}
