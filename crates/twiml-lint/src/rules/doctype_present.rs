//! # doctype-present
//!
//! ## What it flags
//!
//! A `<!DOCTYPE …>` declaration in a TwiML document.
//!
//! ## Why Twilio cares
//!
//! TwiML has no DTD, and a DOCTYPE with an internal subset is the vehicle of entity expansion
//! attacks, which hardened XML parsers refuse. twiml-lint never expands its entities, so an
//! entity it defines is reported as undefined where it is used.
//!
//! NOTE: Twilio does not document whether it rejects a DOCTYPE, so this is a warning rather
//! than an error.
//!
//! ## Example
//!
//! ```xml
//! <!DOCTYPE Response>
//! <Response/>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response/>
//! ```

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "doctype-present",
    group: Group::Document,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "the document has a DOCTYPE declaration",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    if let Some(span) = context.document.doctype {
        emitter
            .emit(span, "a DOCTYPE declaration is not part of TwiML")
            .help("remove the DOCTYPE; its entities are never expanded");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
