//! # invalid-nesting
//!
//! ## What it flags
//!
//! A TwiML or SSML element inside a parent that does not allow it, such as:
//!
//! - `<Dial>` inside `<Gather>`;
//! - a noun such as `<Number>` or `<Conference>` outside `<Dial>`;
//! - `<Play>` or `<Pause>` inside `<Say>`, and `<Say>` inside `<Dial>`;
//! - a `<Start>` with a child other than `<Stream>`, `<Siprec>`, `<Transcription>` or
//!   `<Recording>`;
//! - `<Queue>` or `<Prompt>` directly in `<Response>`. Twilio's helper libraries can write
//!   them there, but Twilio documents them only inside `<Dial>` and `<Pay>`.
//!
//! The help lists what the parent takes and where the element belongs.
//!
//! ## Why Twilio cares
//!
//! Twilio validates nesting against its TwiML schema. A verb nested in `<Gather>` other than
//! `<Say>`, `<Play>` and `<Pause>` raises 13320, a bad noun in `<Dial>` 13215, a bad noun in
//! `<Start>` or `<Stop>` error 14300, and any other misplaced element warning 12200
//! ("Invalid content was found starting with element …"). The misplaced element does not run
//! where the author put it, so this rule reports an error.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Gather action="/menu">
//!     <Say>Press 1 for sales.</Say>
//!     <Dial>+14155550100</Dial>
//!   </Gather>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Gather action="/menu">
//!     <Say>Press 1 for sales.</Say>
//!   </Gather>
//!   <Dial>+14155550100</Dial>
//! </Response>
//! ```
//!
//! Here the `<Dial>` runs when the caller presses nothing; to dial after a key press, put it
//! in the document that the Gather `action` returns.

use twiml::schema::{ElementSchema, Family};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};
use crate::tree::{self, Tree, tag};

pub(crate) static RULE: Rule = Rule {
    name: "invalid-nesting",
    group: Group::Schema,
    default_severity: Severity::Error,
    twilio_code: Some(12200),
    summary: "an element inside a parent that does not allow it, such as `<Dial>` in `<Gather>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    for (index, item) in tree.iter() {
        let name = item.name;
        let Some(parent) = tree.parent(index) else { continue };
        let (Some(_), Some(parent_schema)) = (item.schema, parent.schema) else { continue };
        if parent_schema.allows_child(name) {
            continue;
        }
        let finding = emitter
            .emit(
                item.element.name_span(),
                format!("{} is not allowed in {}", tag(name), tag(parent_schema.name)),
            )
            .help(help(name, parent_schema));
        if let Some(code) = parent_schema.child_error_code {
            finding.code(code);
        }
    }
}

fn help(name: &str, parent: &ElementSchema) -> String {
    if name == "Pause" && parent.name == "Say" {
        return "end the `<Say>` before the `<Pause>`, or pause inside it with SSML \
                `<break time=\"1s\"/>`"
            .to_owned();
    }

    let takes = if parent.children.is_empty() {
        Some(format!("{} takes no child elements", tag(parent.name)))
    } else if parent.name == "Response" {
        None
    } else if parent.name == "Say" || parent.family == Family::Ssml {
        Some(format!(
            "{} takes text and the SSML elements {}",
            tag(parent.name),
            tree::list(parent.children, 12, tag)
        ))
    } else {
        Some(format!("{} takes {}", tag(parent.name), tree::list(parent.children, 10, tag)))
    };

    let parents = tree::parents_of(name);
    let belongs = if parents == ["Response"] {
        format!("{} is a verb: it goes directly in `<Response>`", tag(name))
    } else {
        format!("{} goes in {}", tag(name), tree::list_or(&parents, 10, tag))
    };

    match takes {
        Some(takes) => format!("{takes}; {belongs}"),
        None => belongs,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
