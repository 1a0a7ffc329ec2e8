//! # missing-required
//!
//! ## What it flags
//!
//! An element without a part it cannot work without:
//!
//! - a required attribute, such as `url` on `<ConversationRelay>` or `code` on `<Language>`,
//!   and `name` on `<Parameter>`, `<Config>` and `<Header>`, whose value means nothing without
//!   the name it is passed under;
//! - a required child, such as `<ApplicationSid>` in `<Application>`;
//! - the text that names what to dial, join or say: an empty `<Number/>`, `<Client/>`,
//!   `<Sip/>`, `<Conference/>`, `<Queue/>`, `<Sim/>`, `<Task/>` or `<Say/>`, a `<Dial/>` with
//!   neither a number nor a noun, a `<Message/>` with neither a body nor media, and an
//!   `<Enqueue/>` with neither a queue name nor a `workflowSid`.
//!
//! An empty `<Play>`, `<Redirect>` or `<Media>` is left to `empty-url`. A TwiML Bin template
//! such as `{{To}}` counts as text.
//!
//! ## Why Twilio cares
//!
//! Twilio cannot run the element: an empty `<Number>` fails with 13223 (invalid phone
//! number), an empty `<Say>` with 13520 (invalid text), an empty `<Enqueue>` with 14204
//! (queue name too short), an empty `<Message>` with 14103 (invalid body), and a missing
//! attribute or child with warning 12200, "Schema validation warning".
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial>
//!     <Number/>
//!   </Dial>
//!   <Enqueue/>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Dial>
//!     <Number>+14155550100</Number>
//!   </Dial>
//!   <Enqueue>support</Enqueue>
//! </Response>
//! ```

use std::borrow::Cow;

use twiml::Element;
use twiml::schema::{self, ElementSchema, Family, TextKind, UrlRole};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};
use crate::schema_index::Facts;
use crate::tree::{Tree, code, tag};

pub(crate) static RULE: Rule = Rule {
    name: "missing-required",
    group: Group::Schema,
    default_severity: Severity::Error,
    twilio_code: Some(12200),
    summary: "a required attribute, child or text is missing, such as an empty `<Number/>`",
    check: Some(check),
};

/// Elements that pass a `name` and `value` pair on, and so need a `name`. The schema does not
/// mark it as required, because the reference does not.
const NAMED_PAIRS: &[&str] = &["Parameter", "Config", "Header"];

/// The code Twilio raises for an `<Enqueue>` without a queue name, "name too short". The
/// schema's text code for `<Enqueue>` is the one for a name that is too long.
const ENQUEUE_NAME_MISSING: u32 = 14204;

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    for (_, item) in tree.iter() {
        let Some(schema) = item.schema else { continue };
        let element = item.element;
        if item.facts.contains(Facts::REQUIRED_ATTRIBUTES) || is_named_pair(schema) {
            missing_attributes(schema, element, emitter);
        }
        missing_children(schema, element, emitter);
        missing_content(schema, element, emitter);
    }
}

/// Checks whether `schema` is one of [`NAMED_PAIRS`], which need a `name`.
fn is_named_pair(schema: &ElementSchema) -> bool {
    schema::contains_name(NAMED_PAIRS, schema.name)
}

fn missing_attributes(schema: &ElementSchema, element: Element<'_, '_>, emitter: &mut Emitter<'_>) {
    let named_pair = is_named_pair(schema).then_some("name");
    let required = schema.attributes.iter().filter(|attribute| attribute.required);
    let named =
        named_pair.and_then(|name| schema.attribute(name)).filter(|attribute| !attribute.required);
    for attribute in required.chain(named) {
        let name = attribute.name;
        if element.attribute(name).is_some() {
            continue;
        }
        let example = match attribute.url().map(|url| url.role) {
            Some(UrlRole::WebSocket) => format!("{name}=\"wss://…\""),
            _ => format!("{name}=\"…\""),
        };
        let finding = emitter
            .emit(
                element.name_span(),
                format!("{} is missing the required attribute {}", tag(element.name()), code(name)),
            )
            .help(format!("add {}", code(&example)));
        if let Some(error_code) = attribute.error_code {
            finding.code(error_code);
        }
    }
}

fn missing_children(schema: &ElementSchema, element: Element<'_, '_>, emitter: &mut Emitter<'_>) {
    for required in schema.required_children {
        if element.child_elements().any(|child| child.name() == *required) {
            continue;
        }
        emitter
            .emit(
                element.name_span(),
                format!("{} is missing the required child {}", tag(element.name()), tag(required)),
            )
            .help(format!("add {} inside the {}", tag(required), tag(element.name())));
    }
}

fn missing_content(schema: &ElementSchema, element: Element<'_, '_>, emitter: &mut Emitter<'_>) {
    // What the element needs is known from the schema alone; its text is read only then.
    let Some(needed) = needed_content(schema) else { return };
    if element.has_text() {
        return;
    }
    let supplied_by_child = element.child_elements().any(|child| {
        // A verb's children are the alternative to its text: the nouns of `<Dial>`, the SSML
        // of `<Say>`, the `<Body>` and `<Media>` of `<Message>`. Inside a noun only a child
        // holding the same kind of value counts, such as `<Identity>` in `<Client>`.
        if schema.is_verb() {
            schema.name != "Enqueue"
        } else {
            crate::schema_index::element_in(child.name(), schema.name)
                .is_some_and(|child| child.text == schema.text)
        }
    });
    let workflow = schema.name == "Enqueue" && element.attribute("workflowSid").is_some();
    if supplied_by_child || workflow {
        return;
    }

    let finding = emitter
        .emit(element.name_span(), format!("{} is empty: it needs {needed}", tag(element.name())))
        .help(content_help(schema));
    let error_code =
        if schema.name == "Enqueue" { Some(ENQUEUE_NAME_MISSING) } else { schema.text_error_code };
    if let Some(error_code) = error_code {
        finding.code(error_code);
    }
}

/// Describes the content the element needs, or returns `None` when it may be empty. URL text
/// is left to `empty-url`, and SSML elements may be empty.
fn needed_content(schema: &ElementSchema) -> Option<Cow<'static, str>> {
    let needed = match schema.text {
        TextKind::PhoneNumber => "a phone number",
        TextKind::ClientIdentity => "a client identity",
        TextKind::SipUri => "a SIP URI",
        TextKind::QueueName => "a queue name",
        TextKind::Json => "task attributes as JSON",
        TextKind::Sid(prefix) => {
            return Some(format!("a SID starting with {}", code(prefix)).into());
        }
        TextKind::Name => "a name",
        TextKind::Mixed | TextKind::Free if schema.family == Family::Ssml => return None,
        TextKind::Mixed => "text to speak",
        TextKind::Free if schema.family == Family::Messaging || schema.name == "Sms" => {
            "a message body"
        }
        TextKind::Free => "text",
        _ => return None,
    };
    Some(Cow::Borrowed(needed))
}

fn content_help(schema: &ElementSchema) -> String {
    let help = match schema.name {
        "Dial" => {
            "write the number as text, `<Dial>+14155550100</Dial>`, or add nouns such as \
                   `<Number>`"
        }
        "Number" => "write the number as text, `<Number>+14155550100</Number>`",
        "WhatsApp" => "write the number as text, `<WhatsApp>+14155550100</WhatsApp>`",
        "Client" => "write the identity as text, `<Client>alice</Client>`, or add an `<Identity>`",
        "Identity" => "write the identity as text, `<Identity>alice</Identity>`",
        "Sip" => "write the URI as text, `<Sip>sip:alice@example.com</Sip>`, or add a `<Uri>`",
        "Uri" => "write the URI as text, `<Uri>sip:alice@example.com</Uri>`",
        "Enqueue" => {
            "write the queue name as text, `<Enqueue>support</Enqueue>`, or set \
                      `workflowSid`"
        }
        "Queue" => "write the queue name as text, `<Queue>support</Queue>`",
        "Conference" => "write the room name as text, `<Conference>standup</Conference>`",
        "Message" => {
            "write the body as text, `<Message>See you at 5</Message>`, or add a \
                      `<Body>` or `<Media>`"
        }
        "Say" => "write what to say as text, `<Say>Welcome</Say>`, or remove the `<Say>`",
        "Task" => "write the attributes as text, `<Task>{\"language\": \"es\"}</Task>`",
        _ => return format!("write it as the text of the {}", tag(schema.name)),
    };
    help.to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
