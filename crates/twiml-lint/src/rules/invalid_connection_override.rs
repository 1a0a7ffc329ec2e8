//! # invalid-connection-override
//!
//! ## What it flags
//!
//! A connection-override fragment on a URL (`#ct=…&rt=…&tt=…&rc=…&rp=…&sni=…&e=…`) with a key
//! Twilio does not know or a value out of its range: `ct` (connect timeout) takes 100 to
//! 10000 ms, `rt` (read timeout) and `tt` (total time) 100 to 15000 ms, `rc` (retry count) 0
//! to 5, `rp` a list of `4xx`, `5xx`, `ct`, `rt` and `all`, `sni` `y` or `n`, and `e` a list
//! of Twilio edges. These ranges are those of Twilio's "Webhooks (HTTP callbacks): Connection
//! Overrides" page.
//!
//! ## Why Twilio cares
//!
//! Twilio does not document what it does with a value out of range, so the request runs with
//! a budget other than the one written. The link checker applies valid overrides to its own
//! requests and Twilio's defaults otherwise. Remember that call-related requests never get
//! more than 15 s, whatever the fragment says.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Redirect>https://example.com/next#ct=20000&amp;rc=9</Redirect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Redirect>https://example.com/next#ct=10000&amp;rc=5</Redirect>
//! </Response>
//! ```

use twiml::Span;

use crate::finding::Severity;
use crate::links::{overrides, reference};
use crate::rule::{Context, Emitter, Group, Rule, is_templated};

pub(crate) static RULE: Rule = Rule {
    name: "invalid-connection-override",
    group: Group::Links,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "a connection-override fragment with an unknown key or a value out of range",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    // A decoded `#` is written as `#` or as a character reference, which contains one too.
    if memchr::memchr(b'#', context.source.as_bytes()).is_none() {
        return;
    }
    for reference in reference::extract(context) {
        if reference.implicit || is_templated(&reference.url) || !reference.url.contains('#') {
            continue;
        }
        let (_, problems) = overrides::parse(&reference.url);
        for problem in problems {
            let span = reference
                .raw_span
                .and_then(|raw| source_span(context.source, raw, problem.range.clone()))
                .unwrap_or(reference.span);
            emitter.emit(span, problem.message).help(problem.help);
        }
    }
}

/// Maps a byte range of the decoded, trimmed URL to the source, where `raw` is the span of
/// the value as written, entity references included.
fn source_span(source: &str, raw: Span, range: std::ops::Range<usize>) -> Option<Span> {
    let text = raw.text(source)?;
    let leading = text.len() - text.trim_start().len();
    let start = raw.start + leading + raw_offset(&text[leading..], range.start)?;
    let end = raw.start + leading + raw_offset(&text[leading..], range.end)?;
    (start <= end).then(|| Span::new(start, end))
}

/// The offset in `raw` of the character at `decoded` bytes into its decoded text, counting
/// each entity reference (`&amp;`, `&#38;`) as the character it stands for.
fn raw_offset(raw: &str, decoded: usize) -> Option<usize> {
    let mut raw_at = 0;
    let mut decoded_at = 0;
    while decoded_at < decoded {
        let rest = raw.get(raw_at..)?;
        let first = rest.chars().next()?;
        if first == '&' {
            let end = rest.find(';')?;
            let decoded_len = entity_len(&rest[1..end])?;
            raw_at += end + 1;
            decoded_at += decoded_len;
        } else {
            raw_at += first.len_utf8();
            decoded_at += first.len_utf8();
        }
    }
    (decoded_at == decoded).then_some(raw_at)
}

/// The UTF-8 length of the character an entity name such as `amp` or `#x41` stands for.
fn entity_len(name: &str) -> Option<usize> {
    let code = match name {
        "amp" | "lt" | "gt" | "quot" | "apos" => return Some(1),
        _ if name.starts_with("#x") || name.starts_with("#X") => {
            u32::from_str_radix(&name[2..], 16).ok()?
        }
        _ if name.starts_with('#') => name[1..].parse().ok()?,
        _ => return None,
    };
    char::from_u32(code).map(char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn raw_offsets_skip_entities() {
        let raw = "https://a.test/#ct=1&amp;rc=9";
        let decoded = "https://a.test/#ct=1&rc=9";
        let at = decoded.find("rc").expect("rc");
        assert_eq!(&raw[raw_offset(raw, at).expect("offset")..], "rc=9");
        assert_eq!(raw_offset("&#x20AC;x", 3), Some(8));
    }
}
