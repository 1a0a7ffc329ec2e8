//! # attribute-on-wrong-element
//!
//! ## What it flags
//!
//! An attribute that is valid on some other TwiML element but not on this one, such as:
//!
//! - `statusCallbackEvent` on `<Dial>`, where it belongs on each `<Number>`, `<Client>` or
//!   `<Sip>`;
//! - `answerOnBridge` on `<Number>`, where it belongs on the enclosing `<Dial>`;
//! - `action` on `<Say>`.
//!
//! It also flags an attribute that the element takes everywhere except in its present parent,
//! such as `digits` on a `<Play>` nested in `<Gather>`. The message names where the attribute
//! belongs. Names that no element takes are left to `unknown-attribute`, so the two rules
//! never report the same attribute.
//!
//! ## Why Twilio cares
//!
//! Twilio reports an attribute that its schema does not allow on an element as warning
//! 12200, "Schema validation warning" (`Attribute 'statusCallbackEvent' is not allowed to
//! appear in element 'Dial'`), and ignores it: the callbacks, the bridging or the redirect the
//! author configured never happen.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial statusCallbackEvent="answered completed" statusCallback="/events">
//!     <Number>+14155550100</Number>
//!   </Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Dial>
//!     <Number statusCallbackEvent="answered completed" statusCallback="/events">+14155550100</Number>
//!   </Dial>
//! </Response>
//! ```

use twiml::Attribute;
use twiml::schema::{ElementSchema, Status};

use crate::finding::Severity;
use crate::rule::{Context, ElementContext, Emitter, Group, Rule};
use crate::tree::{self, AttributeVerdict, Tree, code, tag};

pub(crate) static RULE: Rule = Rule {
    name: "attribute-on-wrong-element",
    group: Group::Schema,
    default_severity: Severity::Warning,
    twilio_code: Some(12200),
    summary: "an attribute that belongs on another element, such as `statusCallbackEvent` on `<Dial>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    let misplaced = |verdict: &AttributeVerdict| {
        matches!(verdict, AttributeVerdict::ForbiddenInParent(_) | AttributeVerdict::Elsewhere(_))
    };
    if !tree.any_verdict(misplaced) {
        return;
    }
    for (index, item) in tree.iter() {
        let Some(element) = item.schema else { continue };
        let parent = tree.parent(index);
        for (attribute, verdict) in tree.attributes(index) {
            let parent_name = parent.map(|parent| parent.element.name());
            match verdict {
                AttributeVerdict::ForbiddenInParent(_) => {
                    let parent_name = parent_name.unwrap_or_default();
                    emitter
                        .emit(
                            attribute.name_span,
                            format!(
                                "{} is not allowed on a {} inside {}",
                                code(attribute.name),
                                tag(item.name),
                                tag(parent_name)
                            ),
                        )
                        .help(format!(
                            "remove it, or move the {} out of the {}",
                            tag(item.name),
                            tag(parent_name)
                        ));
                }
                AttributeVerdict::Elsewhere(owners) => {
                    let owners = ordered(owners.clone(), element);
                    let names: Vec<&str> = owners.iter().map(|owner| owner.name).collect();
                    emitter
                        .emit(
                            attribute.name_span,
                            format!(
                                "{} is an attribute of {}, not of {}",
                                code(attribute.name),
                                tree::list(&names, 3, tag),
                                tag(item.name)
                            ),
                        )
                        .help(help(item, parent, element, &names, attribute));
                }
                _ => {}
            }
        }
    }
}

/// Puts the owners of the same family first and retired elements last, keeping schema order
/// otherwise, so that the message names the likeliest home of the attribute first.
fn ordered(
    mut owners: Vec<&'static ElementSchema>,
    element: &ElementSchema,
) -> Vec<&'static ElementSchema> {
    owners.sort_by_key(|owner| {
        (matches!(owner.status, Status::Retired(_)), owner.family != element.family)
    });
    owners
}

fn help(
    item: &ElementContext<'_, '_>,
    parent: Option<&ElementContext<'_, '_>>,
    element: &ElementSchema,
    owners: &[&str],
    written: &Attribute<'_>,
) -> String {
    let name = item.name;
    let attribute = written.name;
    if attribute == "xml:lang" {
        return "wrap the text in `<lang xml:lang=\"…\">` … `</lang>` instead".to_owned();
    }
    if let Some(parent) = parent.filter(|parent| owners.contains(&parent.element.name())) {
        return format!("move it to the enclosing {}", tag(parent.element.name()));
    }
    let children: Vec<&str> =
        element.children.iter().copied().filter(|child| owners.contains(child)).collect();
    if !children.is_empty() {
        return format!(
            "set it on each {} inside the {} instead",
            tree::list_or(&children, 8, tag),
            tag(name)
        );
    }
    let is_url = owners.iter().any(|owner| {
        crate::schema_index::element(owner)
            .and_then(|owner| owner.attribute(attribute))
            .is_some_and(|owned| owned.url().is_some())
    });
    if is_url && element.attribute("action").is_some_and(|action| action.url().is_some()) {
        return format!("did you mean `action`? it is the URL the {} requests", tag(name));
    }
    if let Some(own) = tree::attribute_taking_value(element, &written.value) {
        return format!(
            "did you mean {}? {} is one of its values",
            code(own.name),
            code(&written.value)
        );
    }
    if let Some(own) = tree::closest(attribute, element.attributes.iter().map(|a| a.name)) {
        return format!("did you mean {}? otherwise remove it", code(own));
    }
    format!("remove it from the {}, or move it to an element that takes it", tag(name))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
