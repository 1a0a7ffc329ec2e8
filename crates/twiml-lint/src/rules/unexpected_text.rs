//! # unexpected-text
//!
//! ## What it flags
//!
//! Text inside an element that takes none: words directly in `<Gather>` or `<Prompt>`
//! instead of in a `<Say>` there, text directly in `<Response>`, or text in `<Pause>`,
//! `<Hangup>`, `<Stream>`, `<Parameter>` and the like. It also flags text written beside the
//! child elements of `<Dial>`, `<Client>` or `<Sip>`, which take their number, identity or
//! URI either as text or as children, not both.
//!
//! Whitespace, comments and TwiML Bin section tags such as `{{#Dest}}` are not text. A
//! template variable such as `{{Name}}` is, since it renders as text. `<Dial>` text is the
//! number to dial and is not flagged when no noun is beside it.
//!
//! ## Why Twilio cares
//!
//! Twilio's schema gives these elements no text content. It reports text there as warning
//! 12200, "Schema validation warning", and ignores it: a menu written directly in `<Gather>`
//! is never spoken, and the caller hears silence until the timeout.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Gather numDigits="1" action="/menu">Press 1 for sales, 2 for support.</Gather>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Gather numDigits="1" action="/menu">
//!     <Say>Press 1 for sales, 2 for support.</Say>
//!   </Gather>
//! </Response>
//! ```

use twiml::schema::{ElementSchema, TextKind};
use twiml::template::{self, TokenKind};
use twiml::{Element, Node, Span};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::schema_index::Facts;
use crate::tree::{Tree, tag};

pub(crate) static RULE: Rule = Rule {
    name: "unexpected-text",
    group: Group::Schema,
    default_severity: Severity::Warning,
    twilio_code: Some(12200),
    summary: "text where the element takes none, such as words directly in `<Gather>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    for (_, item) in tree.iter() {
        let Some(schema) = item.schema else { continue };
        if !item.facts.contains(Facts::TEXT_LIMITED) {
            continue;
        }
        let takes_no_text = matches!(schema.text, TextKind::None);
        // These take their value as text or as child elements, not both.
        let text_or_children = matches!(
            schema.text,
            TextKind::PhoneNumber | TextKind::ClientIdentity | TextKind::SipUri
        ) && item.element.child_elements().next().is_some();
        if !takes_no_text && !text_or_children {
            continue;
        }
        let Some(span) = first_rendered_text(item.element, context.source) else { continue };
        let name = item.name;
        let text = span.text(context.source).unwrap_or_default();
        let (message, help) = if takes_no_text && looks_like_attributes(text) {
            (no_text_message(name), attributes_help(name, text))
        } else if takes_no_text {
            (no_text_message(name), no_text_help(schema))
        } else {
            (format!("{} has both text and child elements", tag(name)), text_beside_help(name))
        };
        emitter.emit(span, message).help(help);
    }
}

fn no_text_message(name: &str) -> String {
    match name {
        "Gather" | "Prompt" => format!("text directly in {} is never spoken", tag(name)),
        "Response" => "text directly in `<Response>` is not a verb".to_owned(),
        _ => format!("{} takes no text", tag(name)),
    }
}

fn no_text_help(schema: &ElementSchema) -> String {
    match schema.name {
        "Gather" | "Prompt" => format!("wrap it in a `<Say>` inside the {}", tag(schema.name)),
        "Response" => {
            "wrap it in `<Say>` to speak it or in `<Message>` to send it, or remove it".to_owned()
        }
        "Parameter" | "Config" | "Header" => {
            "move the text into the `value` attribute, `value=\"…\"`".to_owned()
        }
        _ if schema.attributes.is_empty() => "remove the text".to_owned(),
        _ => format!("remove the text; {} is configured by its attributes", tag(schema.name)),
    }
}

/// Checks whether `text` reads like attributes written after the start tag was closed, such as
/// `timeout="10" transcribe="true"`, with straight or typographic quotes.
fn looks_like_attributes(text: &str) -> bool {
    let quotes = ['"', '\'', '“', '”', '‘', '’'];
    text.split_whitespace().all(|pair| {
        pair.split_once('=').is_some_and(|(name, value)| {
            let name_ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric());
            name_ok && value.starts_with(quotes) && value.ends_with(quotes)
        })
    })
}

fn attributes_help(name: &str, text: &str) -> String {
    let typographic = text.contains(['“', '”', '‘', '’']);
    let quotes =
        if typographic { ", with straight quotes `\"` instead of `“` and `”`" } else { "" };
    format!("these look like attributes: move them into the start tag, `<{name} …>`{quotes}")
}

fn text_beside_help(name: &str) -> String {
    match name {
        "Dial" => "move the number into a `<Number>` of its own, or remove it".to_owned(),
        "Client" => "move the identity into the `<Identity>`, or remove it".to_owned(),
        "Sip" => "move the URI into a `<Uri>` of its own, or remove it".to_owned(),
        _ => "keep either the text or the child elements".to_owned(),
    }
}

/// Finds the span of the first direct text or CDATA child that renders as text, trimmed of
/// surrounding whitespace. Template section, comment and delimiter tags render nothing, while
/// variables render a value.
fn first_rendered_text(element: Element<'_, '_>, source: &str) -> Option<Span> {
    // Elements that take no text usually have none, and the document records that without a
    // walk over their children.
    if !element.has_text() {
        return None;
    }
    element.children().find_map(|node| {
        let (text, span) = match node {
            Node::Text(text) => (text.value, text.span),
            Node::CData(cdata) => (cdata.text, cdata.span),
            _ => return None,
        };
        renders_text(text).then(|| trimmed(span, source))
    })
}

fn renders_text(text: &str) -> bool {
    // Whitespace between elements is the common case, and renders nothing.
    if text.bytes().all(|byte| byte.is_ascii_whitespace()) {
        return false;
    }
    // Without `{{` the whole text is one text token.
    if !is_templated(text) {
        return !crate::rule::trim(text).is_empty();
    }
    template::tokenize(text).iter().any(|token| match token.kind {
        TokenKind::Text => !crate::rule::trim(token.content).is_empty(),
        TokenKind::SectionOpen
        | TokenKind::InvertedOpen
        | TokenKind::SectionClose
        | TokenKind::Comment
        | TokenKind::SetDelimiter => false,
        _ => true,
    })
}

/// Trims the whitespace at either end of the source that `span` covers.
fn trimmed(span: Span, source: &str) -> Span {
    let Some(raw) = span.text(source) else { return span };
    let start = span.start + (raw.len() - raw.trim_start().len());
    let end = span.end - (raw.len() - raw.trim_end().len());
    if start < end { Span::new(start, end) } else { span }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn attribute_like_text() {
        assert!(looks_like_attributes("timeout=“10” transcribe=“true”"));
        assert!(looks_like_attributes("length=\"2\""));
        assert!(!looks_like_attributes("Press 1 = sales"));
        assert!(!looks_like_attributes("a=b"));
    }

    #[test]
    fn section_tags_render_no_text() {
        assert!(!renders_text("\n  {{#Dest}}\n  "));
        assert!(!renders_text("{{/Dest}} {{! note }} {{^x}}"));
        assert!(renders_text("{{Name}}"));
        assert!(renders_text("{{#x}}Press 1{{/x}}"));
        assert!(renders_text("Press 1"));
        assert!(!renders_text(" \n\t "));
    }
}
