//! # too-many-messages
//!
//! ## What it flags
//!
//! A Messaging response with more than 10 `<Message>` verbs. The finding points at the
//! eleventh. In a TwiML Bin template, a `<Message>` inside a section may render any number of
//! times, so only the messages rendered exactly once are counted.
//!
//! ## Why Twilio cares
//!
//! Twilio sends at most 10 TwiML replies to one incoming message and raises warning 14109,
//! "TwiML reply message limit", for the others, which are not sent.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Message>Step 1: …</Message>
//!   <!-- … ten more <Message> … -->
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Join the texts into fewer messages (a body holds up to 1600 characters), or send the rest
//! from your server with the Messages API.

use super::unreachable_verb::renders_with;
use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "too-many-messages",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: Some(14109),
    summary: "more than 10 `<Message>` replies in one response",
    check: Some(check),
};

/// The maximum replies Twilio sends to one incoming message.
const MAX_REPLIES: usize = 10;

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let Some(root) = context.root() else { return };
    let template = context.template();
    let messages: Vec<_> = context
        .verbs()
        .filter(|verb| verb.name() == "Message")
        .filter(|verb| renders_with(template, verb.span(), root.span()))
        .collect();
    let Some(first_over) = messages.get(MAX_REPLIES) else { return };
    emitter
        .emit(
            first_over.name_span(),
            format!(
                "this response sends {} `<Message>` replies, more than the {MAX_REPLIES} Twilio \
                 sends to one incoming message",
                messages.len()
            ),
        )
        .help("join the texts into fewer messages, or send the rest with the Messages API");
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
