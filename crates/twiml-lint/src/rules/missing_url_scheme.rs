//! # missing-url-scheme
//!
//! ## What it flags
//!
//! A relative URL that was almost surely meant to be absolute, because it starts with a host name:
//! `www.example.com/voice.xml`, `example.com/menu`, `handler.twilio.com/twiml/EH…`, or a scheme
//! missing its colon, as in `https//example.com/menu`. A first segment counts as a host when it
//! starts with `www.` or ends in a common top-level domain such as `.com`, `.net`, `.org` or `.io`.
//! File names such as `next.xml` or `menu.php` do not count. A URL that starts with a TwiML Bin
//! template tag is not checked.
//!
//! ## Why Twilio cares
//!
//! Without a scheme, Twilio resolves the value against the URL of the current document, so
//! `www.example.com/voice.xml` in a document at `https://example.com/ivr/start.xml` becomes
//! `https://example.com/ivr/www.example.com/voice.xml`. That path usually does not exist, and
//! the request fails with 11200, "HTTP retrieval failure".
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Redirect>www.example.com/ivr/main.xml</Redirect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Redirect>https://www.example.com/ivr/main.xml</Redirect>
//! </Response>
//! ```

use super::invalid_url::{shown, url_values};
use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "missing-url-scheme",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: Some(11200),
    summary: "a relative URL starts with a host name, so it was probably meant to be absolute",
    check: Some(check),
};

/// Top-level domains that end the host names people write, and that no common file extension
/// shares (`.py`, `.pl`, `.sh` and `.md` are country domains, and left out for that reason).
const TOP_LEVEL_DOMAINS: &[&str] = &[
    "com", "net", "org", "io", "co", "us", "uk", "ca", "de", "fr", "es", "it", "nl", "au", "in",
    "br", "mx", "edu", "gov", "info", "biz", "app", "dev", "me", "ai", "cloud", "site", "online",
    "tech", "xyz",
];

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for url in url_values(context) {
        // Absolute-only URLs get a finding from `invalid-url` instead.
        // An absolute URL that `plain_url` vouches for has its scheme.
        if url.info.absolute_only || url.plain_host().is_some() {
            continue;
        }
        let literal = url.literal();
        let Some(fixed) = intended_url(literal) else { continue };
        let value = &url.value;
        let fixed = format!("{fixed}{}", &value[literal.len()..]);
        emitter
            .emit(
                url.span,
                format!(
                    "`{}` in {} is a relative URL, but it starts with a host name",
                    shown(value),
                    url.place()
                ),
            )
            .help(format!("write the scheme too: `{}`", shown(&fixed)));
    }
}

/// Guesses the absolute URL `literal` was meant to be, or returns `None` when it reads as a
/// path.
fn intended_url(literal: &str) -> Option<String> {
    for scheme in ["https", "http", "wss"] {
        if let Some(rest) = literal.strip_prefix(scheme).and_then(|rest| rest.strip_prefix("//")) {
            return Some(format!("{scheme}://{rest}"));
        }
    }
    if literal.starts_with(['/', '.', '?', '#']) {
        return None;
    }
    let end = literal.find(['/', '?', '#']);
    // Without a `/`, `?` or `#` after it, the first segment must be the whole value.
    let segment = &literal[..end.unwrap_or(literal.len())];
    let host = segment.rsplit_once(':').map_or(segment, |(host, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) { host } else { segment }
    });
    let labels: Vec<&str> = host.split('.').collect();
    let well_formed = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !well_formed {
        return None;
    }
    let top = labels.last()?.to_ascii_lowercase();
    let looks_like_host =
        host.to_ascii_lowercase().starts_with("www.") || TOP_LEVEL_DOMAINS.contains(&top.as_str());
    looks_like_host.then(|| format!("https://{literal}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn host_names_are_recognized() {
        assert_eq!(intended_url("www.example.com/x").as_deref(), Some("https://www.example.com/x"));
        assert_eq!(intended_url("example.com").as_deref(), Some("https://example.com"));
        assert_eq!(intended_url("example.io:8080/x").as_deref(), Some("https://example.io:8080/x"));
        assert_eq!(intended_url("https//example.com").as_deref(), Some("https://example.com"));
    }

    #[test]
    fn paths_are_left_alone() {
        for path in
            ["next.xml", "menu.php", "/menu", "./a.xml", "voice/menu.xml", "script.py", "a.b"]
        {
            assert_eq!(intended_url(path), None, "{path}");
        }
    }
}
