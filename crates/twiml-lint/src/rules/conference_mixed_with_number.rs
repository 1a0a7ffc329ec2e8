//! # conference-mixed-with-number
//!
//! ## What it flags
//!
//! A `<Dial>` that contains both a `<Conference>` and a `<Number>`. In a TwiML Bin template, nouns
//! in different sections may never be rendered together and are not compared.
//!
//! ## Why Twilio cares
//!
//! A `<Dial>` either puts the caller into a conference room or rings phone numbers, not both.
//! Twilio raises warning 13000, "Conference noun cannot be mixed with Number nouns".
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial>
//!     <Conference>support-room</Conference>
//!     <Number>+14155550100</Number>
//!   </Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Put the caller in the conference, and bring the other party in with a separate call, made
//! through the Calls or Conference Participants API, whose TwiML dials the same conference:
//!
//! ```xml
//! <Response>
//!   <Dial>
//!     <Conference>support-room</Conference>
//!   </Dial>
//! </Response>
//! ```

use super::unreachable_verb::renders_with;
use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "conference-mixed-with-number",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: Some(13000),
    summary: "a `<Dial>` contains both `<Conference>` and `<Number>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for dial in context.verbs().filter(|verb| verb.name() == "Dial") {
        for conference in dial.child_elements().filter(|noun| noun.name() == "Conference") {
            let template = context.template();
            let number = dial.child_elements().find(|noun| {
                noun.name() == "Number"
                    && (renders_with(template, noun.span(), conference.span())
                        || renders_with(template, conference.span(), noun.span()))
            });
            let Some(number) = number else { continue };
            emitter
                .emit(
                    conference.name_span(),
                    "`<Conference>` cannot be mixed with `<Number>` in one `<Dial>`",
                )
                .related(number.name_span(), "`<Number>` in the same `<Dial>`")
                .help(
                    "dial the conference alone, and bring the number in with a separate call \
                     whose TwiML joins the same conference",
                );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
