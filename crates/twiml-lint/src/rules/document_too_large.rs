//! # document-too-large
//!
//! ## What it flags
//!
//! A document larger than 64 kB (65,536 bytes).
//!
//! ## Why Twilio cares
//!
//! Twilio refuses a fetched TwiML response body over 64 kB with error 11750, "TwiML response
//! body too large", and the call or message fails.
//!
//! NOTE: Twilio writes the limit as "64 kB" without saying whether it means 64,000 or 65,536
//! bytes; this rule uses 65,536 so that it never flags a document Twilio accepts.
//!
//! ## Example
//!
//! A `<Response>` with hundreds of `<Say>` verbs or a long base64 payload in a `<Parameter>`.
//!
//! ## Instead
//!
//! Split the flow into several documents joined by `<Redirect>`, or move large content (audio,
//! long text) behind a URL that `<Play>` fetches.

use twiml::Span;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

/// The largest TwiML response body Twilio accepts, in bytes.
pub(crate) const MAX_DOCUMENT_BYTES: usize = 64 * 1024;

pub(crate) static RULE: Rule = Rule {
    name: "document-too-large",
    group: Group::Document,
    default_severity: Severity::Error,
    twilio_code: Some(11750),
    summary: "the document is larger than Twilio's 64 kB limit",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    if context.byte_len <= MAX_DOCUMENT_BYTES {
        return;
    }
    let start = MAX_DOCUMENT_BYTES.min(context.source.len());
    let mut start_boundary = start;
    while !context.source.is_char_boundary(start_boundary) {
        start_boundary -= 1;
    }
    emitter
        .emit(
            Span::empty(start_boundary),
            format!(
                "the document is {} bytes, over Twilio's limit of {MAX_DOCUMENT_BYTES} bytes",
                context.byte_len
            ),
        )
        .help("split it into documents joined by `<Redirect>`, or move content behind URLs");
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
