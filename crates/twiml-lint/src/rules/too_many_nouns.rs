//! # too-many-nouns
//!
//! ## What it flags
//!
//! More nouns of one kind in a verb than Twilio handles: more than 10 `<Number>` or more than
//! 10 `<Client>` in one `<Dial>`, more than 10 `<Media>` in one `<Message>`. The finding points
//! at the first noun over the limit. In a TwiML Bin template, a noun inside a section
//! (`{{#Dest}}<Number>{{.}}</Number>{{/Dest}}`) may render any number of times, so only the
//! nouns rendered exactly once with their verb are counted.
//!
//! ## Why Twilio cares
//!
//! Twilio rings at most 10 numbers and 10 clients at once, and sends at most 10 media files in
//! one message (5 MB in total for MMS). Twilio documents no error code for going over; the
//! extra nouns are not dialed or sent as written.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Message>
//!     <Body>Your photos</Body>
//!     <Media>https://example.com/1.jpg</Media>
//!     <!-- … ten more <Media> … -->
//!   </Message>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Split the nouns over several verbs: a second `<Message>` with the remaining media, or a
//! `<Dial>` per group of numbers (with `action`, so that the next group is dialed only when
//! nobody in the first answered).

use super::unreachable_verb::renders_with;
use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};
use crate::tree::Tree;

pub(crate) static RULE: Rule = Rule {
    name: "too-many-nouns",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "more than 10 `<Number>` or `<Client>` in a `<Dial>`, or `<Media>` in a `<Message>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let template = context.template();
    for (_, item) in Tree::new(context).iter() {
        let Some(schema) = item.schema else { continue };
        let parent = item.element;
        for &(noun, max) in schema.max_children {
            let counted: Vec<_> = parent
                .child_elements()
                .filter(|child| child.name() == noun)
                .filter(|child| renders_with(template, child.span(), parent.span()))
                .collect();
            let Some(first_over) = counted.get(max) else { continue };
            let what = match parent.name() {
                "Message" => "sends in one message",
                _ => "dials at once",
            };
            emitter
                .emit(
                    first_over.name_span(),
                    format!(
                        "`<{}>` has {} `<{noun}>` nouns, more than the {max} Twilio {what}",
                        parent.name(),
                        counted.len()
                    ),
                )
                .related(parent.name_span(), format!("this `<{}>`", parent.name()))
                .help(format!(
                    "keep at most {max} `<{noun}>` in one `<{}>`, and move the rest to another \
                     `<{}>`",
                    parent.name(),
                    parent.name()
                ));
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
