//! # retired-element
//!
//! ## What it flags
//!
//! An element, attribute or attribute value that Twilio no longer runs: the fax verb
//! `<Receive>` (Programmable Fax was disabled for all accounts on 2021-12-17) and
//! `<Connect><Autopilot>` (the Autopilot product is retired). The help gives the reason.
//!
//! This rule reports an error, since the document cannot do what it is written to do. What still
//! works but has been replaced is reported at warning level by `deprecated-element`.
//!
//! ## Why Twilio cares
//!
//! Twilio no longer runs a retired product: a fax sent to a number whose document holds
//! `<Receive>` is not received, and a call connected to `<Autopilot>` reaches no assistant.
//! No Twilio error code covers a retired product, so this rule reports none.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Receive action="/fax-received" mediaType="application/pdf"/>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Remove the document, or the verb, and move the feature to a product Twilio still runs:
//! a fax provider of its own for faxes, and `<Connect><VirtualAgent>` or
//! `<Connect><ConversationRelay>` for a conversational assistant.

use twiml::schema::Status;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "retired-element",
    group: Group::Schema,
    default_severity: Severity::Error,
    twilio_code: None,
    summary: "an element, attribute or value that Twilio no longer runs, such as fax `<Receive>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for note in context.status_notes() {
        let Status::Retired(reason) = note.status else { continue };
        emitter
            .emit(note.span, format!("{} no longer works: {reason}", note.subject))
            .help("remove it, and move the feature to a product Twilio still runs");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
