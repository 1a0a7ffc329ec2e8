//! # element-name-case
//!
//! ## What it flags
//!
//! An element whose name matches a TwiML or SSML element only when case is ignored:
//! `<say>`, `<GATHER>`, `<number>`, or `<Say-As>` for SSML's `<say-as>`. The root element is
//! left to `invalid-root`.
//!
//! ## Why Twilio cares
//!
//! TwiML element names are case-sensitive: verbs and nouns are written in upper camel case,
//! SSML elements in lower case. Twilio treats any other spelling as an unknown element. It
//! reports warning 12200, "Schema validation warning", and the element does nothing, so this
//! rule reports an error.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <say>Thanks for calling.</say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Say>Thanks for calling.</Say>
//! </Response>
//! ```

use twiml::schema;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};
use crate::tree::{Tree, tag};

pub(crate) static RULE: Rule = Rule {
    name: "element-name-case",
    group: Group::Schema,
    default_severity: Severity::Error,
    twilio_code: Some(12200),
    summary: "an element name in the wrong case, such as `<say>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    for (index, item) in tree.iter() {
        let name = item.name;
        if item.depth == 0 || item.schema.is_some() {
            continue;
        }
        // Prefer a child the parent allows, should two elements ever differ only by case.
        let allowed = tree.parent(index).and_then(|parent| parent.schema).and_then(|parent| {
            parent.children.iter().copied().find(|child| child.eq_ignore_ascii_case(name))
        });
        let Some(correct) =
            allowed.or_else(|| schema::element_ignoring_case(name).map(|element| element.name))
        else {
            continue;
        };
        let help = if item.element.end_tag().is_some() {
            format!("write {} and `</{correct}>`", tag(correct))
        } else {
            format!("write {}", tag(correct))
        };
        emitter
            .emit(
                item.element.name_span(),
                format!("element names are case-sensitive: {} is not {}", tag(name), tag(correct)),
            )
            .help(help);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn no_two_elements_differ_only_by_case() {
        let names = twiml::schema::element_names();
        for (index, name) in names.iter().enumerate() {
            for other in &names[index + 1..] {
                assert!(!name.eq_ignore_ascii_case(other), "`{name}` and `{other}`");
            }
        }
    }
}
