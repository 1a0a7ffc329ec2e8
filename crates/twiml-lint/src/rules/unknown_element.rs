//! # unknown-element
//!
//! ## What it flags
//!
//! An element whose name, in any case, is no TwiML verb or noun and no SSML element that `<Say>`
//! supports. Typical causes are a typo such as `<Dail>`, another vendor's verb such as Plivo's
//! `<Speak>`, and HTML such as `<style>` that a browser extension added. A name that is right
//! except for its case, such as `<say>`, is left to `element-name-case`. The root element is left
//! to `invalid-root`, and the content of an unknown element is not checked further.
//!
//! ## Why Twilio cares
//!
//! Twilio validates each document against its TwiML schema and reports an unknown element
//! as warning 12200, "Schema validation warning". The element does nothing: the verb the
//! author meant never runs, so this rule reports an error.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dail>+14155550100</Dail>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Dial>+14155550100</Dial>
//! </Response>
//! ```

use twiml::schema::{self, Family};

use crate::finding::Severity;
use crate::rule::{Context, ElementContext, Emitter, Group, Rule};
use crate::tree::{self, Tree, tag};

pub(crate) static RULE: Rule = Rule {
    name: "unknown-element",
    group: Group::Schema,
    default_severity: Severity::Error,
    twilio_code: Some(12200),
    summary: "an element that is no TwiML or SSML element",
    check: Some(check),
};

/// Verbs of Plivo's XML, which looks like TwiML, with the TwiML element that does the same.
const PLIVO_VERBS: &[(&str, &str)] = &[
    ("Speak", "Say"),
    ("GetDigits", "Gather"),
    ("GetInput", "Gather"),
    ("Wait", "Pause"),
    ("User", "Sip"),
    ("DTMF", "Play digits=\"…\""),
];

/// HTML elements that show up when a web page is served in place of TwiML.
const HTML_ELEMENTS: &[&str] = &[
    "html", "head", "body", "title", "meta", "link", "style", "script", "div", "span", "br", "a",
    "img", "h1", "h2", "pre", "noscript", "iframe",
];

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    for (index, item) in tree.iter() {
        let name = item.name;
        let known = item.schema.is_some() || schema::element_ignoring_case(name).is_some();
        if item.depth == 0 || known {
            continue;
        }
        let in_ssml = tree
            .parent(index)
            .and_then(|parent| parent.schema)
            .is_some_and(|parent| parent.family == Family::Ssml || parent.name == "Say");
        // NOTE: Amazon Polly's own SSML tags (`amazon:effect`, `amazon:domain`,
        // `amazon:auto-breaths`) are not in the TwiML schema tables, and whether Twilio passes
        // them through to Polly is not confirmed, so they are not reported.
        if in_ssml && name.starts_with("amazon:") {
            continue;
        }
        let message = if in_ssml {
            format!("{} is not an SSML element that `<Say>` supports", tag(name))
        } else {
            format!("{} is not a TwiML element", tag(name))
        };
        let help = help(name, tree.parent(index), in_ssml);
        emitter.emit(item.element.name_span(), message).help(help);
    }
}

fn help(name: &str, parent: Option<&ElementContext<'_, '_>>, in_ssml: bool) -> String {
    if let Some((_, twiml)) = PLIVO_VERBS.iter().find(|(plivo, _)| *plivo == name) {
        return format!("{} is Plivo XML; TwiML does the same with {}", tag(name), tag(twiml));
    }
    if in_ssml && name.eq_ignore_ascii_case("speak") {
        return "Twilio wraps the text of `<Say>` in `<speak>` itself: put the SSML elements \
                directly in `<Say>`"
            .to_owned();
    }
    if HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
        return format!(
            "{} is HTML, not TwiML: remove it; a browser extension or a web page template may \
             have added it when the document was saved",
            tag(name)
        );
    }

    let parent_schema = parent.and_then(|parent| parent.schema);
    let allowed = parent_schema.map_or(&[][..], |parent| parent.children);
    let suggestion = tree::closest(name, allowed.iter().copied())
        .or_else(|| tree::closest(name, schema::elements().map(|element| element.name)));
    if let Some(suggestion) = suggestion {
        return format!("did you mean {}?", tag(suggestion));
    }
    match parent_schema {
        Some(parent) if in_ssml => format!(
            "{} takes text and the SSML elements {}",
            tag(parent.name),
            tree::list(parent.children, 12, tag)
        ),
        Some(parent) if parent.name == "Response" => {
            "`<Response>` takes TwiML verbs such as `<Say>`, `<Play>`, `<Gather>`, `<Dial>` and \
             `<Message>`; remove this element"
                .to_owned()
        }
        Some(parent) if parent.children.is_empty() => {
            format!("{} takes no child elements; remove this one", tag(parent.name))
        }
        Some(parent) => format!(
            "{} takes {}; remove this element",
            tag(parent.name),
            tree::list(parent.children, 10, tag)
        ),
        None => "remove it, or check its spelling against the TwiML reference".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
