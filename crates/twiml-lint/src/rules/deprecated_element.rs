//! # deprecated-element
//!
//! ## What it flags
//!
//! An element, attribute or attribute value that Twilio still accepts but has replaced: the
//! `<Sms>` verb, Gather `enhanced`, Message `statusCallback`, the `alice` voice of `<Say>`,
//! and the `version` attribute of the 2008 TwiML schema on `<Response>`. The help names what
//! to use instead.
//!
//! This rule reports a warning, since the document still works today. What no longer works
//! at all, such as fax `<Receive>` or `<Autopilot>`, is reported at error level by
//! `retired-element`.
//!
//! ## Why Twilio cares
//!
//! Deprecated TwiML keeps running until Twilio removes it, and then fails without notice in
//! the document: a removed verb becomes an unknown element (warning 12200) and does nothing.
//! Newer replacements also do more: `action` on `<Message>` receives the same status as
//! `statusCallback`, and its response can be TwiML that continues the conversation.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Say voice="alice">Your code is 1 2 3 4.</Say>
//!   <Sms to="+14155550100">Your code is 1234</Sms>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Say voice="Polly.Joanna-Neural">Your code is 1 2 3 4.</Say>
//! </Response>
//! ```
//!
//! Send the text message with the Messages REST API from the application that serves this
//! document.

use twiml::schema::Status;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "deprecated-element",
    group: Group::Schema,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "a deprecated element, attribute or value, such as `<Sms>` or the `alice` voice",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for note in context.status_notes() {
        let Status::Deprecated(replacement) = note.status else { continue };
        emitter.emit(note.span, format!("{} is deprecated", note.subject)).help(replacement);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
