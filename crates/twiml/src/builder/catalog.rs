//! The list of everything the builder writes: each element with its builder type, and each
//! attribute with the method that sets it, so that a test can hold the builder and the schema
//! to the same elements and attributes.

use crate::builder::{BuildError, Samples, SchemaKey};
use crate::schema::{self, AttributeKind, SchemeRule};
use crate::serialize::OwnedElement;

use super::catalog_entry;
use super::connect::{
    AiSession, Assistant, Autopilot, Config, Connect, ConnectStream, Conversation,
    ConversationRelay, ConversationRelaySession, Language, Recording, Room, Siprec, Start, Stop,
    Stream, Transcription, VirtualAgent, VirtualAgentConfig,
};
use super::dial::{
    Application, ApplicationSid, Client, Conference, Dial, Header, Headers, Identity, Number,
    Queue, Sim, Sip, Uri, WhatsApp,
};
use super::fax::{FaxResponse, Receive};
use super::messaging::{Body, Media, Message, MessagingResponse};
use super::ssml::{Break, Emphasis, Lang, Paragraph, Phoneme, Prosody, SayAs, Sentence, Sub, Word};
use super::voice::{
    Echo, Enqueue, Gather, Hangup, Leave, Parameter, Pause, Pay, Play, Prompt, Record, Redirect,
    Refer, ReferSip, Reject, Say, Sms, Task, VoiceResponse,
};

/// One builder type and the element it writes.
#[derive(Debug, Clone, Copy)]
pub struct CatalogEntry {
    /// The element name, such as `Gather`.
    pub element: &'static str,
    /// The parent whose schema entry the type follows, for elements that share a name (`Sip`
    /// in `Dial` and in `Refer`).
    pub parent: &'static str,
    /// The Rust type, such as `Gather` or `ReferSip`.
    pub type_name: &'static str,
    /// The attributes the type has setters for.
    pub attributes: &'static [CatalogAttribute],
    /// The names of the elements the type's `append` takes.
    pub children: &'static [&'static str],
}

/// One attribute and the method that sets it.
#[derive(Debug, Clone, Copy)]
pub struct CatalogAttribute {
    /// The attribute name, such as `numDigits`.
    pub name: &'static str,
    /// The method, such as `num_digits`; `new` when a constructor takes the value, or
    /// `unchecked_attribute`.
    pub method: &'static str,
    /// The argument the method takes.
    pub setter: Setter,
    /// Builds an element of the type with only this attribute set, through its setter, from
    /// an example value.
    pub exercise: fn() -> Result<OwnedElement, BuildError>,
}

/// The argument a setter takes, which tells whether it can fail.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Setter {
    /// Any text; cannot fail.
    Text,
    /// Text checked against the schema; returns `Result`.
    Checked,
    /// A `bool`.
    Boolean,
    /// An [`HttpMethod`](crate::schema::HttpMethod).
    Method,
    /// A `u32` with no upper limit; cannot fail.
    Count,
    /// A `u32` checked against the schema's range; returns `Result`.
    Integer,
    /// A list of `u32`, checked; returns `Result`.
    IntegerList,
    /// A list of text entries, comma-separated and checked; returns `Result`.
    CommaList,
    /// One value of an enumeration; cannot fail.
    Value {
        /// Every value the enumeration writes (an example for variants with a payload).
        values: fn() -> Vec<String>,
    },
    /// A list of values of an enumeration, space-separated; cannot fail.
    List {
        /// Every value the enumeration writes (an example for variants with a payload).
        values: fn() -> Vec<String>,
    },
    /// A constructor argument.
    Constructor,
    /// No setter: the spelling is written with `unchecked_attribute`, because the builder
    /// writes the same attribute under another spelling.
    Unchecked,
}

/// Lists every builder type, with its attributes and children.
pub fn catalog() -> Vec<CatalogEntry> {
    vec![
        catalog_entry!(VoiceResponse, attributes, children),
        catalog_entry!(MessagingResponse, attributes, children),
        catalog_entry!(FaxResponse, attributes, children),
        // Voice verbs.
        catalog_entry!(Say, attributes, children),
        catalog_entry!(Play, attributes),
        catalog_entry!(Pause, attributes),
        catalog_entry!(Gather, attributes, children),
        catalog_entry!(Record, attributes),
        catalog_entry!(Redirect, attributes),
        catalog_entry!(Reject, attributes, children),
        catalog_entry!(Hangup, children),
        catalog_entry!(Enqueue, attributes, children),
        catalog_entry!(Task, attributes),
        catalog_entry!(Leave),
        catalog_entry!(Pay, attributes, children),
        catalog_entry!(Prompt, attributes, children),
        catalog_entry!(Refer, attributes, children),
        catalog_entry!(ReferSip),
        catalog_entry!(Echo),
        catalog_entry!(Sms, attributes),
        catalog_entry!(Parameter, attributes),
        // Dial and its nouns.
        catalog_entry!(Dial, attributes, children),
        catalog_entry!(Number, attributes),
        catalog_entry!(Client, attributes, children),
        catalog_entry!(Identity),
        catalog_entry!(Sip, attributes, children),
        catalog_entry!(Uri, attributes),
        catalog_entry!(Headers, children),
        catalog_entry!(Header, attributes),
        catalog_entry!(Sim),
        catalog_entry!(Conference, attributes),
        catalog_entry!(Queue, attributes),
        catalog_entry!(Application, attributes, children),
        catalog_entry!(ApplicationSid),
        catalog_entry!(WhatsApp, attributes),
        // Connect, Start and Stop with their nouns.
        catalog_entry!(Connect, attributes, children),
        catalog_entry!(Room, attributes),
        catalog_entry!(VirtualAgent, attributes, children),
        catalog_entry!(VirtualAgentConfig, attributes),
        catalog_entry!(ConversationRelay, attributes, children),
        catalog_entry!(Assistant, attributes, children),
        catalog_entry!(Language, attributes),
        catalog_entry!(Autopilot),
        catalog_entry!(Conversation, attributes),
        catalog_entry!(AiSession, attributes),
        catalog_entry!(ConversationRelaySession, attributes),
        catalog_entry!(ConnectStream, attributes, children),
        catalog_entry!(Start, attributes, children),
        catalog_entry!(Stop, children),
        catalog_entry!(Stream, attributes, children),
        catalog_entry!(Siprec, attributes, children),
        catalog_entry!(Transcription, attributes, children),
        catalog_entry!(Config, attributes),
        catalog_entry!(Recording, attributes),
        // Messaging and fax.
        catalog_entry!(Message, attributes, children),
        catalog_entry!(Body),
        catalog_entry!(Media),
        catalog_entry!(Receive, attributes),
        // SSML.
        catalog_entry!(Break, attributes),
        catalog_entry!(Emphasis, attributes, children),
        catalog_entry!(Lang, attributes, children),
        catalog_entry!(Paragraph, children),
        catalog_entry!(Phoneme, attributes),
        catalog_entry!(Prosody, attributes, children),
        catalog_entry!(Sentence, children),
        catalog_entry!(SayAs, attributes),
        catalog_entry!(Sub, attributes),
        catalog_entry!(Word, attributes, children),
    ]
}

/// Returns a value the schema accepts for attribute `attribute` of element `key.0` (in parent
/// `key.1`), for examples and tests: the smallest integer, a URL with the right scheme, a
/// well-formed SID, and so on. Attributes the schema does not know get `"example"`.
pub fn example_value(key: (&str, &str), attribute: &str) -> String {
    let Some(schema) = schema::element_in(key.0, key.1).and_then(|e| e.attribute(attribute)) else {
        return "example".to_owned();
    };
    match schema.kind {
        AttributeKind::Boolean => "true".to_owned(),
        AttributeKind::Integer { min, .. } | AttributeKind::IntegerList { min, .. } => {
            min.to_string()
        }
        AttributeKind::Decimal { min, max } => format!("{:.2}", f64::midpoint(min, max)),
        AttributeKind::Enumeration(values)
        | AttributeKind::EnumerationAnyCase(values)
        | AttributeKind::EnumerationOr(values, _)
        | AttributeKind::List(values) => values.first().copied().unwrap_or_default().to_owned(),
        AttributeKind::Url(info) => match info.scheme {
            SchemeRule::Http | SchemeRule::HttpsOnly => "https://example.com/twiml".to_owned(),
            SchemeRule::WssOnly => "wss://example.com/stream".to_owned(),
        },
        AttributeKind::Method { .. } => "POST".to_owned(),
        AttributeKind::Digits => "1234".to_owned(),
        AttributeKind::Keys { .. } => "#".to_owned(),
        AttributeKind::PhoneNumber | AttributeKind::CallerId | AttributeKind::Address => {
            "+14155550100".to_owned()
        }
        AttributeKind::Voice => "Polly.Joanna".to_owned(),
        AttributeKind::Language => "en-US".to_owned(),
        AttributeKind::Sid(prefix) => format!("{prefix}0123456789abcdef0123456789abcdef"),
        AttributeKind::Pattern(_)
        | AttributeKind::CommaList { .. }
        | AttributeKind::Text { .. } => "example".to_owned(),
    }
}

/// Returns the smallest integer the schema accepts for an integer attribute, or 1.
pub(crate) fn example_integer(key: SchemaKey, attribute: &str) -> u32 {
    let kind =
        schema::element_in(key.0, key.1).and_then(|e| e.attribute(attribute)).map(|a| a.kind);
    match kind {
        Some(AttributeKind::Integer { min, .. } | AttributeKind::IntegerList { min, .. }) => {
            u32::try_from(min).unwrap_or(1)
        }
        _ => 1,
    }
}

/// Returns every value `T` writes, as text.
pub(crate) fn sample_strings<T: Samples>() -> Vec<String> {
    T::samples().iter().map(ToString::to_string).collect()
}
