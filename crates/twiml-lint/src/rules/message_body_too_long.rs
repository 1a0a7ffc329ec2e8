//! # message-body-too-long
//!
//! ## What it flags
//!
//! A `<Message>` whose body is longer than 1600 characters: its text, or the text of all its
//! `<Body>` nouns joined, since Twilio concatenates them. Each run of whitespace counts as one
//! character, so the indentation of a formatted document does not add up. Around TwiML Bin
//! template tags only the text that renders in any case is counted, and a body with a
//! section tag (`{{#Name}}`) is not checked.
//!
//! ## Why Twilio cares
//!
//! A message body contains at most 1600 characters. Twilio does not send a longer one and raises
//! warning 14103, "Invalid Body".
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Message>
//!     <Body>… 1,200 characters of instructions …</Body>
//!     <Body>… 600 characters more …</Body>
//!   </Message>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Split the text over several `<Message>` verbs, or send a link to the full text.

use twiml::Element;

use super::say_too_long::min_rendered_chars;
use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};

pub(crate) static RULE: Rule = Rule {
    name: "message-body-too-long",
    group: Group::Semantics,
    default_severity: Severity::Error,
    twilio_code: Some(14103),
    summary: "a `<Message>` body is longer than 1600 characters",
    check: Some(check),
};

/// The maximum characters in one message body.
const MAX_BODY_CHARS: usize = 1600;

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for message in context.verbs().filter(|verb| verb.name() == "Message") {
        let bodies: Vec<Element<'_, '_>> =
            message.child_elements().filter(|child| child.name() == "Body").collect();
        let text = if bodies.is_empty() {
            collapse_whitespace(&message.text())
        } else {
            bodies.iter().map(|body| collapse_whitespace(&body.text())).collect()
        };
        let Some(chars) = min_rendered_chars(&text) else { continue };
        if chars <= MAX_BODY_CHARS {
            continue;
        }
        let at_least = if is_templated(&text) { "at least " } else { "" };
        let joined = match bodies.len() {
            0 | 1 => String::new(),
            count => format!(" (its {count} `<Body>` nouns joined)"),
        };
        let finding = emitter.emit(
            message.name_span(),
            format!(
                "`<Message>` body is too long: {at_least}{chars} characters{joined}, over the \
                 limit of {MAX_BODY_CHARS}"
            ),
        );
        finding
            .help("split the text over several `<Message>` verbs, or send a link to the full text");
        if bodies.len() > 1 {
            for body in &bodies {
                finding.related(body.name_span(), "joined into one body");
            }
        }
    }
}

/// Removes leading and trailing whitespace from `text` and replaces each inner run of
/// whitespace by one space.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
