//! # unknown-attribute
//!
//! ## What it flags
//!
//! An attribute that no TwiML element takes under that exact name: a typo such as `vioce`
//! for `voice` or `statusCallbackEvents` for `statusCallbackEvent`, or a name in the wrong
//! case such as `numdigits` for `numDigits`. The help names the closest attribute the element
//! does take. An attribute that is valid on another element is left to
//! `attribute-on-wrong-element`, so the two rules never report the same attribute.
//!
//! Namespace declarations (`xmlns`, `xmlns:*`) are not reported, and neither are other
//! prefixed attributes such as `xsi:schemaLocation`: they belong to other XML vocabularies,
//! which Twilio's schema does not describe. The one prefixed attribute checked is `xml:lang`
//! on SSML elements, where SSML defines it.
//!
//! ## Why Twilio cares
//!
//! Attribute names are case-sensitive. Twilio reports an attribute its schema does not know
//! as warning 12200, "Schema validation warning", and ignores it, so the setting the author
//! meant (a voice, a digit count, a callback) never takes effect.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Gather numdigits="4" action="/pin">
//!     <Say vioce="Polly.Joanna">Enter your PIN.</Say>
//!   </Gather>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Gather numDigits="4" action="/pin">
//!     <Say voice="Polly.Joanna">Enter your PIN.</Say>
//!   </Gather>
//! </Response>
//! ```

use twiml::schema::{self, ElementSchema, Status};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};
use crate::tree::{self, AttributeVerdict, Tree, code, tag};

pub(crate) static RULE: Rule = Rule {
    name: "unknown-attribute",
    group: Group::Schema,
    default_severity: Severity::Warning,
    twilio_code: Some(12200),
    summary: "an attribute that no TwiML element takes, such as `vioce`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    if !tree.any_verdict(|verdict| matches!(verdict, AttributeVerdict::Unknown)) {
        return;
    }
    for (index, item) in tree.iter() {
        let Some(element) = item.schema else { continue };
        for (attribute, verdict) in tree.attributes(index) {
            if !matches!(verdict, AttributeVerdict::Unknown) {
                continue;
            }
            emitter
                .emit(
                    attribute.name_span,
                    format!("{} is not an attribute of {}", code(attribute.name), tag(item.name)),
                )
                .help(help(element, attribute.name, &attribute.value));
        }
    }
}

fn help(element: &ElementSchema, name: &str, value: &str) -> String {
    if let Some(own) = element.attribute_ignoring_case(name) {
        return format!("attribute names are case-sensitive: write {}", code(own.name));
    }
    let own_names = element.attributes.iter().map(|attribute| attribute.name);
    if let Some(suggestion) = tree::closest(name, own_names) {
        return format!("did you mean {}?", code(suggestion));
    }

    if let Some(own) = tree::attribute_taking_value(element, value) {
        return format!("did you mean {}? {} is one of its values", code(own.name), code(value));
    }

    // A miscased attribute of another element, such as `StatusCallback` on `<Dial>`.
    let miscased = schema::elements()
        .flat_map(|other| other.attributes.iter().map(|attribute| attribute.name))
        .find(|known| known.eq_ignore_ascii_case(name));
    if let Some(known) = miscased {
        let owners: Vec<&str> =
            tree::elements_with_attribute(known, element).iter().map(|owner| owner.name).collect();
        return format!(
            "attribute names are case-sensitive, and {} is an attribute of {}, not of {}",
            code(known),
            tree::list(&owners, 4, tag),
            tag(element.name)
        );
    }

    let own: Vec<&str> = element
        .attributes
        .iter()
        .filter(|attribute| matches!(attribute.status, Status::Current | Status::LibraryOnly))
        .map(|attribute| attribute.name)
        .collect();
    if own.is_empty() {
        format!("{} takes no attributes; remove it", tag(element.name))
    } else {
        format!("{} takes {}", tag(element.name), tree::list(&own, 8, code))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
