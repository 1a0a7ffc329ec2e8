//! # text-too-long
//!
//! ## What it flags
//!
//! Element text longer than Twilio accepts for it:
//!
//! - an `<Enqueue>` queue name over 64 characters;
//! - a `<Client>` or `<Identity>` identity over 256;
//! - a `<Conference>` name over 128;
//! - a `<Sip>` URI of 255 characters or more, not counting the headers after `?`, which may
//!   have up to 1024 characters of their own.
//!
//! The limits come from the schema. Message bodies have a rule of their own,
//! `message-body-too-long`. Around TwiML Bin template tags only the text that renders in any
//! case is counted, and text with a section tag (`{{#Name}}`) is not checked.
//!
//! ## Why Twilio cares
//!
//! Twilio rejects the name or address and the verb fails: a queue name that is too long
//! raises 14205, a conference name 13237, a SIP URI 13243. A client identity over 256
//! characters cannot belong to any client, so nobody rings.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Enqueue>support-queue-for-customers-who-called-about-an-order-that-has-not-arrived</Enqueue>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Use a shorter name, and keep long descriptions elsewhere, such as in the `<Task>`
//! attributes of a `TaskRouter` queue:
//!
//! ```xml
//! <Response>
//!   <Enqueue>support-late-orders</Enqueue>
//! </Response>
//! ```

use twiml::Span;

use super::say_too_long::min_rendered_chars;
use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::tree::Tree;

pub(crate) static RULE: Rule = Rule {
    name: "text-too-long",
    group: Group::Semantics,
    default_severity: Severity::Error,
    twilio_code: None,
    summary: "a queue name, client identity, conference name or SIP URI is over its length limit",
    check: Some(check),
};

/// The maximum characters of SIP headers, the part of a `<Sip>` URI after `?`.
const MAX_SIP_HEADER_CHARS: usize = 1024;

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for (_, item) in Tree::new(context).iter() {
        let element = item.element;
        let Some(schema) = item.schema else { continue };
        let Some(max) = schema.text_max_chars else { continue };
        // Message bodies are joined across `<Body>` nouns, so `message-body-too-long` checks them.
        if matches!(item.name, "Message" | "Body") {
            continue;
        }
        let text = element.text();
        // A text of no more bytes than the limits has no more characters either.
        if text.len() <= max.min(MAX_SIP_HEADER_CHARS) {
            continue;
        }
        let Some(span) = element.text_span() else { continue };
        let Some(raw) = span.text(context.source) else { continue };
        let text = crate::rule::trim(&text);
        let code = schema.text_error_code;

        // The span of the trimmed text in the source, and of its parts around a `?`.
        let start = span.start + (raw.len() - raw.trim_start().len());
        let end = span.end - (raw.len() - raw.trim_end().len());
        let what = match element.name() {
            "Enqueue" => "queue name",
            "Client" | "Identity" => "client identity",
            "Conference" => "conference name",
            "Sip" => "SIP URI",
            _ => "text",
        };
        let split = if element.name() == "Sip" { raw.find('?') } else { None };
        match (split, text.split_once('?')) {
            (Some(at), Some((uri, headers))) => {
                let question = span.start + at;
                let uri_span = Span::new(start, question.max(start));
                report(emitter, uri_span, element.name(), what, uri, max, code);
                let headers_span = Span::new(question + 1, end.max(question + 1));
                let what = "headers of the SIP URI";
                report(
                    emitter,
                    headers_span,
                    element.name(),
                    what,
                    headers,
                    MAX_SIP_HEADER_CHARS,
                    None,
                );
            }
            _ => report(
                emitter,
                Span::new(start, end.max(start)),
                element.name(),
                what,
                text,
                max,
                code,
            ),
        }
    }
}

/// Reports `value`, the `what` of `<element>` at `span`, when it renders longer than `max`.
fn report(
    emitter: &mut Emitter<'_>,
    span: Span,
    element: &str,
    what: &str,
    value: &str,
    max: usize,
    code: Option<u32>,
) {
    let Some(chars) = min_rendered_chars(value) else { return };
    if chars <= max {
        return;
    }
    let at_least = if is_templated(value) { "at least " } else { "" };
    let verb = if what.starts_with("headers") { "are" } else { "is" };
    let finding = emitter.emit(
        span,
        format!(
            "the {what} in `<{element}>` {verb} too long: {at_least}{chars} characters, over the \
             limit of {max}"
        ),
    );
    finding.help(format!("shorten it to at most {max} characters"));
    if let Some(code) = code {
        finding.code(code);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
