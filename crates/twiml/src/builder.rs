//! A typed builder for TwiML responses: one type per verb and noun, one method per attribute,
//! and children limited to what the parent allows, so that invalid nesting does not compile.
//!
//! Start from [`VoiceResponse`], [`MessagingResponse`] or [`FaxResponse`], append verbs with
//! `append`, and write the result with [`ToXml`](crate::ToXml) or `to_string()` (compact). Whatever
//! the builder writes parses back to an equal document.
//!
//! ```
//! use twiml::builder::{Gather, GatherInput, Redirect, Say, VoiceResponse};
//! use twiml::{Layout, ToXml};
//!
//! let response = VoiceResponse::new()
//!     .append(
//!         Gather::new()
//!             .input([GatherInput::Dtmf])
//!             .num_digits(1)?
//!             .action("/menu/choice")?
//!             .append(Say::new("For sales, press 1. For support, press 2.")),
//!     )
//!     .append(Redirect::new("/menu")?);
//!
//! assert_eq!(
//!     response.to_xml(Layout::Indented),
//!     r#"<?xml version="1.0" encoding="UTF-8"?>
//! <Response>
//!   <Gather input="dtmf" numDigits="1" action="/menu/choice">
//!     <Say>For sales, press 1. For support, press 2.</Say>
//!   </Gather>
//!   <Redirect>/menu</Redirect>
//! </Response>
//! "#
//! );
//! # Ok::<(), twiml::builder::BuildError>(())
//! ```
//!
//! # Values
//!
//! - Enumerations are Rust enums ([`GatherInput`], [`Trim`], …) and lists take any iterator of
//!   them; an empty list leaves the attribute out, so Twilio's default applies.
//! - Booleans are `bool`, written `true` or `false`; HTTP methods are [`HttpMethod`].
//! - Counts that only need to be non-negative are `u32` and cannot fail.
//! - Every other value is checked against the [`schema`] when it is set, and the
//!   setter returns `Result<Self, BuildError>`: integers with a range (Dial `timeout` is 5 to
//!   600 seconds), URLs, phone numbers, SIDs, languages, voices, DTMF digits, and text with a
//!   length limit. A value is never clamped.
//! - Text content cannot fail unless the schema checks it (URLs, phone numbers, SIDs, client
//!   identities, limited lengths). A character XML 1.0 cannot hold, such as U+0000, is
//!   replaced by U+FFFD, because it could not be written at all.
//! - [`unchecked_attribute`](Say::unchecked_attribute), on every type, writes an attribute the
//!   schema does not know yet, or a value no check would pass, such as a TwiML Bin template
//!   `{{Timeout}}`. Only the name is checked.
//!
//! Setting an attribute twice keeps the last value, in the position of the first.
//!
//! # Nesting
//!
//! Each type implements [`AllowedIn<Parent>`] for the parents the schema allows, and `append`
//! takes only those, so a `<Dial>` inside a `<Gather>` is a compile error:
//!
//! ```compile_fail,E0277
//! use twiml::builder::{Dial, Gather};
//!
//! let gather = Gather::new().append(Dial::new());
//! ```
//!
//! while the children `<Gather>` takes compile:
//!
//! ```
//! use twiml::builder::{Gather, Pause, Play, Say};
//!
//! let gather =
//!     Gather::new().append(Say::new("Hello")).append(Pause::new()).append(Play::new("/a.mp3")?);
//! # Ok::<(), twiml::builder::BuildError>(())
//! ```
//!
//! `<Say>` takes text and SSML elements in any order ([`Say::text`] and [`Say::append`]).
//! `<Client>`, `<Sip>` and `<Message>` take their value as text or as children, never both, so
//! appending a child to one that contains text first moves the text into an `<Identity>`,
//! `<Uri>` or `<Body>` child. `<Dial>` takes its numbers as [`Number`] nouns only.
//!
//! What types cannot express is left to the linter: a verb after `<Hangup>` is unreachable, and
//! `<Reject>` only works as the first verb.
//!
//! [`catalog`] lists every element and attribute the builder writes, with the method that writes
//! it, for tools and for the test that keeps the builder in step with the schema.

mod catalog;
mod connect;
mod dial;
mod fax;
mod messaging;
mod ssml;
mod values;
mod voice;

use std::borrow::Cow;
use std::fmt::Write as _;

pub use catalog::{CatalogAttribute, CatalogEntry, Setter, catalog, example_value};
pub use connect::{
    AiSession, Assistant, Autopilot, Config, Connect, ConnectStream, Conversation,
    ConversationRelay, ConversationRelaySession, Language, Recording, Room, Siprec, Start, Stop,
    Stream, Transcription, VirtualAgent, VirtualAgentConfig,
};
pub use dial::{
    Application, ApplicationSid, Client, Conference, Dial, Header, Headers, Identity, Number,
    Queue, Sim, Sip, Uri, WhatsApp,
};
pub use fax::{FaxResponse, Receive};
pub use messaging::{Body, Media, Message, MessagingResponse};
pub use ssml::{Break, Emphasis, Lang, Paragraph, Phoneme, Prosody, SayAs, Sentence, Sub, Word};
pub use values::{
    BankAccountType, BreakStrength, BreakTime, CallProgressEvent, CardType, ConferenceBeep,
    ConferenceEvent, ConferenceRecord, ConferenceRegion, ConnectStreamTrack, ConversationEvent,
    DateFormat, DialRecord, EmphasisLevel, FaxMediaType, GatherInput, InputTimeout, InterpretAs,
    InterruptSensitivity, Interruptible, JitterBufferSize, MachineDetection, PageSize, PayInput,
    PaymentMethod, PhonemeAlphabet, PromptFor, ProsodyPitch, ProsodyRate, ProsodyVolume,
    RecordingChannels, RecordingEvent, RecordingTrack, RejectReason, RelayDebug, RingTone,
    SpeechModel, StreamTrack, TextNormalization, TokenType, TranscriptionEngine,
    TranscriptionProvider, Trim, TtsProvider, VirtualAgentConfigName,
};
pub use voice::{
    Echo, Enqueue, Gather, Hangup, Leave, Parameter, Pause, Pay, Play, Prompt, Record, Redirect,
    Refer, ReferSip, Reject, Say, Sms, Task, VoiceResponse,
};

pub use crate::schema::HttpMethod;

use crate::schema::{self, AttributeKind, TextKind, ValuePattern};
use crate::serialize::{OwnedElement, OwnedNode, is_xml_char};

/// A value the builder rejected, with what was expected instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An attribute value the schema rejects.
    #[error(
        "invalid value `{}` for `{attribute}` on `<{element}>`: expected {expected}",
        shorten(value)
    )]
    InvalidValue {
        /// The element, such as `Dial`.
        element: &'static str,
        /// The attribute, such as `timeout`.
        attribute: &'static str,
        /// The value as given.
        value: String,
        /// The accepted values, in words.
        expected: String,
    },
    /// Text content the schema rejects, such as a `<Play>` URL with a space in it.
    #[error("invalid text `{}` in `<{element}>`: expected {expected}", shorten(text))]
    InvalidText {
        /// The element, such as `Play`.
        element: &'static str,
        /// The text as given.
        text: String,
        /// The accepted text, in words.
        expected: String,
    },
    /// A name given to `unchecked_attribute` that is not an XML name.
    #[error(
        "invalid attribute name `{name}` on `<{element}>`: an XML name starts with a letter or \
         `_` and holds only letters, digits, `-`, `.`, `_` and `:`"
    )]
    InvalidAttributeName {
        /// The element the attribute was for.
        element: &'static str,
        /// The name as given.
        name: String,
    },
}

/// The maximum number of characters of a value quoted in full in an error message.
const MAX_QUOTED_CHARS: usize = 60;

fn shorten(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &value[..end])),
        None => Cow::Borrowed(value),
    }
}

mod sealed {
    /// Keeps the builder traits implemented by this module's types only, so that the nesting
    /// rules cannot be widened from outside.
    pub trait Sealed {}
}

/// A builder type for one TwiML element.
pub trait BuilderElement: sealed::Sealed {
    /// The element's name, such as `Gather` or `say-as`.
    const NAME: &'static str;

    /// Returns the finished element as an owned tree.
    fn into_element(self) -> OwnedElement;

    /// Returns the element built so far.
    fn as_element(&self) -> &OwnedElement;
}

/// Marks a builder type as a child that `Parent` allows: `Say: AllowedIn<Gather>`. The
/// `append` methods take only such children.
pub trait AllowedIn<Parent>: BuilderElement {}

/// Values the catalog test feeds to a setter: every unit variant of an enumeration, and an
/// example of each variant with a payload.
pub(crate) trait Samples: Sized + ToString {
    fn samples() -> Vec<Self>;
}

/// Declares the builder type of one element: the struct, the sealed traits, writing it as a
/// fragment, and the `unchecked_attribute` escape hatch. `$parent` selects the schema entry
/// when two elements share a name (`Sip` in `Dial` and in `Refer`).
macro_rules! element {
    ($(#[$meta:meta])* $type:ident = $xml:literal in $parent:literal) => {
        element!(@core $(#[$meta])* $type = $xml in $parent);

        impl $crate::serialize::ToXml for $type {
            /// Writes the element alone, as a fragment without an XML declaration.
            fn to_xml(&self, layout: $crate::serialize::Layout) -> String {
                self.element.to_xml(layout)
            }
        }
    };

    (@response $(#[$meta:meta])* $type:ident) => {
        element!(@core $(#[$meta])* $type = "Response" in "");

        impl $type {
            /// Creates an empty `<Response>`.
            #[must_use]
            pub fn new() -> $type {
                $type::empty_element()
            }

            /// Returns the finished document, with the XML declaration.
            pub fn into_document(self) -> $crate::serialize::OwnedDocument {
                $crate::serialize::OwnedDocument::new(self.element)
            }
        }

        impl Default for $type {
            fn default() -> $type {
                $type::new()
            }
        }

        impl $crate::serialize::ToXml for $type {
            /// Writes the whole document, starting with the XML declaration.
            fn to_xml(&self, layout: $crate::serialize::Layout) -> String {
                $crate::serialize::OwnedDocument::new(self.element.clone()).to_xml(layout)
            }
        }

        impl std::fmt::Display for $type {
            /// Writes the whole document in the compact layout, for an HTTP response body.
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use $crate::serialize::{Layout, ToXml};
                formatter.write_str(&self.to_xml(Layout::Compact))
            }
        }
    };

    (@core $(#[$meta:meta])* $type:ident = $xml:literal in $parent:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $type {
            element: $crate::serialize::OwnedElement,
        }

        impl $type {
            /// The name and parent that the schema checks look this element up with.
            pub(crate) const NAME_AND_PARENT: $crate::builder::SchemaKey = ($xml, $parent);

            fn empty_element() -> $type {
                $type { element: $crate::serialize::OwnedElement::new($xml) }
            }

            /// Sets an attribute the schema does not know yet, or a value that no setter would
            /// accept, such as a TwiML Bin template `{{Timeout}}`. Only the name is checked;
            /// the value is written as given, escaped.
            pub fn unchecked_attribute(
                mut self,
                name: &str,
                value: impl Into<String>,
            ) -> Result<$type, $crate::builder::BuildError> {
                let element_name = $type::NAME_AND_PARENT.0;
                let value = value.into();
                $crate::builder::set_unchecked(&mut self.element, element_name, name, value)?;
                Ok(self)
            }
        }

        impl $crate::builder::sealed::Sealed for $type {}

        impl $crate::builder::BuilderElement for $type {
            const NAME: &'static str = $xml;

            fn into_element(self) -> $crate::serialize::OwnedElement {
                self.element
            }

            fn as_element(&self) -> &$crate::serialize::OwnedElement {
                &self.element
            }
        }

        impl From<$type> for $crate::serialize::OwnedElement {
            fn from(value: $type) -> $crate::serialize::OwnedElement {
                value.element
            }
        }
    };
}

/// Declares `new()` for an element that starts empty, and `Default` to match.
macro_rules! new_empty {
    ($type:ident, $doc:literal) => {
        impl $type {
            #[doc = $doc]
            #[must_use]
            pub fn new() -> $type {
                $type::empty_element()
            }
        }

        impl Default for $type {
            fn default() -> $type {
                $type::new()
            }
        }
    };
}

/// Declares a `.text(…)` method for an element whose text mixes with child elements.
macro_rules! mixed_text {
    ($type:ident) => {
        impl $type {
            /// Appends text after the content so far, such as words between SSML elements.
            /// Whitespace is kept: it is part of what is spoken.
            #[must_use]
            pub fn text(mut self, text: impl Into<String>) -> $type {
                $crate::builder::push_text(&mut self.element, text.into());
                self
            }
        }
    };
}

/// Declares the attribute setters of a builder type, and its table for the catalog. Each line
/// is `method: kind = "xmlName";` after its doc comment, where the kind gives the argument type:
///
/// - `text`: any string; `checked`: a string the schema checks, so the setter returns `Result`;
/// - `flag`: `bool`; `method`: [`HttpMethod`]; `count`: a `u32` with no limit; `int`: a `u32`
///   checked against the schema's range;
/// - `value(T)`: one value of enum `T`; `list(T)`: any iterator of `T`, space-separated;
/// - `int_list`: integers, space-separated and checked; `comma_list`: strings, comma-separated
///   and checked;
/// - `new`: set by the type's constructor; the type's `sample_new` builds an example with it,
///   and no setter is declared;
/// - `unchecked`: a spelling the schema lists but the builder leaves to `unchecked_attribute`,
///   such as the all-lowercase duplicates of some ConversationRelay attributes.
macro_rules! attributes {
    (
        $type:ident {
            $(
                $(#[doc = $doc:literal])*
                $method:ident: $kind:ident $(($value:ty))? = $xml:literal;
            )*
        }
    ) => {
        impl $type {
            $( attributes!(@setter [$($doc)*] $method $kind $(($value))? $xml); )*
        }

        impl $type {
            pub(crate) const ATTRIBUTES: &'static [$crate::builder::CatalogAttribute] = &[
                $( $crate::builder::CatalogAttribute {
                    name: $xml,
                    method: stringify!($method),
                    setter: attributes!(@setter_kind $kind $(($value))?),
                    exercise: || attributes!(@exercise $type $method $kind $(($value))? $xml),
                }, )*
            ];
        }
    };

    (@setter [$($doc:literal)*] $method:ident text $xml:literal) => {
        $(#[doc = $doc])*
        #[must_use]
        pub fn $method(mut self, value: impl Into<String>) -> Self {
            let value = $crate::builder::clean(value.into());
            $crate::builder::set_attribute(&mut self.element, $xml, value);
            self
        }
    };
    (@setter [$($doc:literal)*] $method:ident checked $xml:literal) => {
        $(#[doc = $doc])*
        pub fn $method(
            mut self,
            value: impl Into<String>,
        ) -> Result<Self, $crate::builder::BuildError> {
            let value = $crate::builder::clean(value.into());
            $crate::builder::check_attribute(Self::NAME_AND_PARENT, $xml, &value)?;
            $crate::builder::set_attribute(&mut self.element, $xml, value);
            Ok(self)
        }
    };
    (@setter [$($doc:literal)*] $method:ident flag $xml:literal) => {
        $(#[doc = $doc])*
        #[must_use]
        pub fn $method(mut self, value: bool) -> Self {
            let value = if value { "true" } else { "false" };
            $crate::builder::set_attribute(&mut self.element, $xml, value.to_owned());
            self
        }
    };
    (@setter [$($doc:literal)*] $method:ident method $xml:literal) => {
        $(#[doc = $doc])*
        #[must_use]
        pub fn $method(mut self, method: $crate::builder::HttpMethod) -> Self {
            $crate::builder::set_attribute(&mut self.element, $xml, method.as_str().to_owned());
            self
        }
    };
    (@setter [$($doc:literal)*] $method:ident count $xml:literal) => {
        $(#[doc = $doc])*
        #[must_use]
        pub fn $method(mut self, value: u32) -> Self {
            $crate::builder::set_attribute(&mut self.element, $xml, value.to_string());
            self
        }
    };
    (@setter [$($doc:literal)*] $method:ident int $xml:literal) => {
        $(#[doc = $doc])*
        pub fn $method(mut self, value: u32) -> Result<Self, $crate::builder::BuildError> {
            let value = value.to_string();
            $crate::builder::check_attribute(Self::NAME_AND_PARENT, $xml, &value)?;
            $crate::builder::set_attribute(&mut self.element, $xml, value);
            Ok(self)
        }
    };
    (@setter [$($doc:literal)*] $method:ident value($value:ty) $xml:literal) => {
        $(#[doc = $doc])*
        #[must_use]
        pub fn $method(mut self, value: $value) -> Self {
            $crate::builder::set_attribute(&mut self.element, $xml, value.to_string());
            self
        }
    };
    (@setter [$($doc:literal)*] $method:ident list($value:ty) $xml:literal) => {
        $(#[doc = $doc])*
        ///
        /// An empty list leaves the attribute out, so that Twilio's default applies.
        #[must_use]
        pub fn $method(mut self, values: impl IntoIterator<Item = $value>) -> Self {
            let values: Vec<String> = values.into_iter().map(|value| value.to_string()).collect();
            if values.is_empty() {
                $crate::builder::remove_attribute(&mut self.element, $xml);
            } else {
                $crate::builder::set_attribute(&mut self.element, $xml, values.join(" "));
            }
            self
        }
    };
    (@setter [$($doc:literal)*] $method:ident int_list $xml:literal) => {
        $(#[doc = $doc])*
        pub fn $method(
            mut self,
            values: impl IntoIterator<Item = u32>,
        ) -> Result<Self, $crate::builder::BuildError> {
            let values: Vec<String> = values.into_iter().map(|value| value.to_string()).collect();
            let value = values.join(" ");
            $crate::builder::check_attribute(Self::NAME_AND_PARENT, $xml, &value)?;
            $crate::builder::set_attribute(&mut self.element, $xml, value);
            Ok(self)
        }
    };
    (@setter [$($doc:literal)*] $method:ident comma_list $xml:literal) => {
        $(#[doc = $doc])*
        ///
        /// The entries are joined with `, `; an entry may not contain a comma.
        pub fn $method<S: AsRef<str>>(
            mut self,
            entries: impl IntoIterator<Item = S>,
        ) -> Result<Self, $crate::builder::BuildError> {
            let value = $crate::builder::comma_list(Self::NAME_AND_PARENT, $xml, entries)?;
            $crate::builder::set_attribute(&mut self.element, $xml, value);
            Ok(self)
        }
    };

    (@setter [$($doc:literal)*] $method:ident new $xml:literal) => {};
    (@setter [$($doc:literal)*] $method:ident unchecked $xml:literal) => {};

    (@setter_kind new) => { $crate::builder::Setter::Constructor };
    (@setter_kind unchecked) => { $crate::builder::Setter::Unchecked };
    (@setter_kind text) => { $crate::builder::Setter::Text };
    (@setter_kind checked) => { $crate::builder::Setter::Checked };
    (@setter_kind flag) => { $crate::builder::Setter::Boolean };
    (@setter_kind method) => { $crate::builder::Setter::Method };
    (@setter_kind count) => { $crate::builder::Setter::Count };
    (@setter_kind int) => { $crate::builder::Setter::Integer };
    (@setter_kind int_list) => { $crate::builder::Setter::IntegerList };
    (@setter_kind comma_list) => { $crate::builder::Setter::CommaList };
    (@setter_kind value($value:ty)) => {
        $crate::builder::Setter::Value {
            values: $crate::builder::catalog::sample_strings::<$value>,
        }
    };
    (@setter_kind list($value:ty)) => {
        $crate::builder::Setter::List {
            values: $crate::builder::catalog::sample_strings::<$value>,
        }
    };

    (@exercise $type:ident $method:ident new $xml:literal) => {
        Ok($type::sample_new().element)
    };
    (@exercise $type:ident $method:ident unchecked $xml:literal) => {
        $type::empty_element().unchecked_attribute($xml, "example").map(|built| built.element)
    };
    (@exercise $type:ident $method:ident text $xml:literal) => {
        Ok($type::empty_element().$method("example").element)
    };
    (@exercise $type:ident $method:ident checked $xml:literal) => {
        $type::empty_element()
            .$method($crate::builder::example_value($type::NAME_AND_PARENT, $xml))
            .map(|built| built.element)
    };
    (@exercise $type:ident $method:ident flag $xml:literal) => {
        Ok($type::empty_element().$method(true).element)
    };
    (@exercise $type:ident $method:ident method $xml:literal) => {
        Ok($type::empty_element().$method($crate::builder::HttpMethod::Get).element)
    };
    (@exercise $type:ident $method:ident count $xml:literal) => {
        Ok($type::empty_element().$method(1).element)
    };
    (@exercise $type:ident $method:ident int $xml:literal) => {
        $type::empty_element()
            .$method($crate::builder::catalog::example_integer($type::NAME_AND_PARENT, $xml))
            .map(|built| built.element)
    };
    (@exercise $type:ident $method:ident int_list $xml:literal) => {
        $type::empty_element()
            .$method([$crate::builder::catalog::example_integer($type::NAME_AND_PARENT, $xml)])
            .map(|built| built.element)
    };
    (@exercise $type:ident $method:ident comma_list $xml:literal) => {
        $type::empty_element().$method(["yes", "no"]).map(|built| built.element)
    };
    (@exercise $type:ident $method:ident value($value:ty) $xml:literal) => {{
        let samples = <$value as $crate::builder::Samples>::samples();
        let mut built = $type::empty_element();
        if let Some(first) = samples.into_iter().next() {
            built = built.$method(first);
        }
        Ok(built.element)
    }};
    (@exercise $type:ident $method:ident list($value:ty) $xml:literal) => {
        Ok($type::empty_element().$method(<$value as $crate::builder::Samples>::samples()).element)
    };
}

/// Declares which children a builder type takes: `AllowedIn` for each, the `append` method,
/// and the list for the catalog.
macro_rules! children {
    ($parent:ident: $($child:ident),* $(,)?) => {
        children!($parent (text stays): $($child),*);
    };
    ($parent:ident (text $placement:ident $($wrapper:literal)?): $($child:ident),* $(,)?) => {
        $( impl $crate::builder::AllowedIn<$parent> for $child {} )*

        impl $parent {
            pub(crate) const CHILDREN: &'static [&'static str] =
                &[$( <$child as $crate::builder::BuilderElement>::NAME ),*];

            #[doc = concat!(
                "Appends a child element. Only the types that `<", stringify!($parent),
                ">` allows implement [`AllowedIn<", stringify!($parent), ">`]",
                "(crate::builder::AllowedIn)."
            )]
            #[must_use]
            pub fn append(mut self, child: impl $crate::builder::AllowedIn<$parent>) -> Self {
                let wrapper: Option<&str> = children!(@wrapper $placement $($wrapper)?);
                $crate::builder::push_child(&mut self.element, child.into_element(), wrapper);
                self
            }
        }
    };
    (@wrapper stays) => { None };
    (@wrapper into $wrapper:literal) => { Some($wrapper) };
}

/// Declares the catalog entry of a builder type: `attributes` and `children` tell whether the
/// type declared them with the macros above.
macro_rules! catalog_entry {
    ($type:ident) => {
        catalog_entry!(@entry $type, &[], &[])
    };
    ($type:ident, attributes) => {
        catalog_entry!(@entry $type, $type::ATTRIBUTES, &[])
    };
    ($type:ident, children) => {
        catalog_entry!(@entry $type, &[], $type::CHILDREN)
    };
    ($type:ident, attributes, children) => {
        catalog_entry!(@entry $type, $type::ATTRIBUTES, $type::CHILDREN)
    };
    (@entry $type:ident, $attributes:expr, $children:expr) => {
        $crate::builder::CatalogEntry {
            element: <$type as $crate::builder::BuilderElement>::NAME,
            parent: $type::NAME_AND_PARENT.1,
            type_name: stringify!($type),
            attributes: $attributes,
            children: $children,
        }
    };
}

pub(crate) use {attributes, catalog_entry, children, element, mixed_text, new_empty};

/// The pair of element name and schema parent that the checks look values up with.
pub(crate) type SchemaKey = (&'static str, &'static str);

/// Replaces every character XML 1.0 cannot hold with U+FFFD, since no escape can write it.
pub(crate) fn clean(text: String) -> String {
    if text.chars().all(is_xml_char) {
        return text;
    }
    text.chars().map(|c| if is_xml_char(c) { c } else { char::REPLACEMENT_CHARACTER }).collect()
}

/// Sets `name` to `value`, replacing an earlier value in place.
pub(crate) fn set_attribute(element: &mut OwnedElement, name: &str, value: String) {
    match element.attributes.iter_mut().find(|attribute| attribute.name == name) {
        Some(attribute) => attribute.value = value,
        None => element
            .attributes
            .push(crate::serialize::OwnedAttribute { name: name.to_owned(), value }),
    }
}

/// Removes the attribute `name`, if it is set.
pub(crate) fn remove_attribute(element: &mut OwnedElement, name: &str) {
    element.attributes.retain(|attribute| attribute.name != name);
}

pub(crate) fn set_unchecked(
    element: &mut OwnedElement,
    element_name: &'static str,
    name: &str,
    value: String,
) -> Result<(), BuildError> {
    if !is_xml_name(name) {
        return Err(BuildError::InvalidAttributeName {
            element: element_name,
            name: name.to_owned(),
        });
    }
    set_attribute(element, name, clean(value));
    Ok(())
}

/// Checks whether `name` is an XML 1.0 name, taking letters as Unicode letters.
fn is_xml_name(name: &str) -> bool {
    let mut characters = name.chars();
    let Some(first) = characters.next() else { return false };
    let first_ok = first.is_alphabetic() || first == '_' || first == ':';
    first_ok && characters.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':'))
}

/// Appends `child` to `element`. When `wrapper` names an element, text already in `element`
/// moves into a new `wrapper` child first, because these elements take their value as text or
/// as children, never both (`<Client>alice</Client>` becomes
/// `<Client><Identity>alice</Identity>…</Client>`).
pub(crate) fn push_child(element: &mut OwnedElement, child: OwnedElement, wrapper: Option<&str>) {
    if let Some(wrapper) = wrapper {
        let text: String = element
            .children
            .iter()
            .filter_map(|node| match node {
                OwnedNode::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        if !text.is_empty() {
            element.children.retain(|node| !matches!(node, OwnedNode::Text(_)));
            let mut moved = OwnedElement::new(wrapper);
            moved.children.push(OwnedNode::Text(text));
            element.children.insert(0, OwnedNode::Element(moved));
        }
    }
    element.children.push(OwnedNode::Element(child));
}

/// Appends text to `element`, merging it with text just before so that the tree matches what
/// a parser reads back. Empty text adds nothing.
pub(crate) fn push_text(element: &mut OwnedElement, text: String) {
    if text.is_empty() {
        return;
    }
    let text = clean(text);
    match element.children.last_mut() {
        Some(OwnedNode::Text(last)) => last.push_str(&text),
        _ => element.children.push(OwnedNode::Text(text)),
    }
}

/// Checks `value` for attribute `attribute` of the schema entry `key`. An attribute missing
/// from the schema is not checked; the catalog test keeps the two in step.
pub(crate) fn check_attribute(
    key: SchemaKey,
    attribute: &'static str,
    value: &str,
) -> Result<(), BuildError> {
    let Some(schema) = schema::element_in(key.0, key.1).and_then(|e| e.attribute(attribute)) else {
        return Ok(());
    };
    if schema.kind.accepts(value) {
        return Ok(());
    }
    Err(BuildError::InvalidValue {
        element: key.0,
        attribute,
        value: value.to_owned(),
        expected: describe(&schema.kind),
    })
}

/// Checks text content against the schema entry `key`: its kind where the schema can check
/// one (URLs, phone numbers, SIDs) and its length limit.
pub(crate) fn check_text(key: SchemaKey, text: &str) -> Result<(), BuildError> {
    let Some(schema) = schema::element_in(key.0, key.1) else { return Ok(()) };
    let kind = match schema.text {
        TextKind::Url(info) => Some(AttributeKind::Url(info)),
        TextKind::PhoneNumber => Some(AttributeKind::PhoneNumber),
        TextKind::Sid(prefix) => Some(AttributeKind::Sid(prefix)),
        _ => None,
    };
    let invalid = |expected: String| BuildError::InvalidText {
        element: key.0,
        text: text.to_owned(),
        expected,
    };
    if let Some(kind) = kind.filter(|kind| !kind.accepts(text)) {
        return Err(invalid(describe(&kind)));
    }
    if schema.text == TextKind::ClientIdentity {
        check_client_identity(text).map_err(invalid)?;
    }
    if let Some(max) = schema.text_max_chars.filter(|&max| text.chars().count() > max) {
        return Err(invalid(format!("at most {max} characters")));
    }
    Ok(())
}

/// The characters a Client identity may not hold: whitespace, control characters, and the
/// URI delimiters and "unwise" characters of RFC 2396.
const FORBIDDEN_IN_IDENTITY: &str = "<>#%\"{}|\\^[]`";

fn check_client_identity(text: &str) -> Result<(), String> {
    let bad = |c: char| c.is_whitespace() || c.is_control() || FORBIDDEN_IN_IDENTITY.contains(c);
    if text.is_empty() || text.contains(bad) {
        return Err("a client identity of letters, digits and `_`, without spaces".to_owned());
    }
    Ok(())
}

/// Joins comma-list entries with `, ` and checks the result.
pub(crate) fn comma_list<S: AsRef<str>>(
    key: SchemaKey,
    attribute: &'static str,
    entries: impl IntoIterator<Item = S>,
) -> Result<String, BuildError> {
    let entries: Vec<String> =
        entries.into_iter().map(|entry| clean(entry.as_ref().to_owned())).collect();
    let value = entries.join(", ");
    if let Some(entry) = entries.iter().find(|entry| entry.contains(',')) {
        return Err(BuildError::InvalidValue {
            element: key.0,
            attribute,
            value: entry.clone(),
            expected: "entries without commas, since commas separate them".to_owned(),
        });
    }
    check_attribute(key, attribute, &value)?;
    Ok(value)
}

/// Says in words what values of `kind` look like, for error messages.
fn describe(kind: &AttributeKind) -> String {
    match *kind {
        AttributeKind::Boolean => "`true` or `false`".to_owned(),
        AttributeKind::Integer { min, max: Some(max) } => format!("an integer from {min} to {max}"),
        AttributeKind::Integer { min, max: None } => format!("an integer of at least {min}"),
        AttributeKind::Decimal { min, max } => {
            format!("a decimal number from {min} to {max}, such as `10.50`")
        }
        AttributeKind::Enumeration(values) | AttributeKind::EnumerationAnyCase(values) => {
            format!("one of {}", quoted_list(values))
        }
        AttributeKind::EnumerationOr(values, pattern) => {
            format!("one of {}, or {}", quoted_list(values), describe_pattern(pattern))
        }
        AttributeKind::Pattern(pattern) => describe_pattern(pattern),
        AttributeKind::List(values) => {
            format!("a space-separated list of {}", quoted_list(values))
        }
        AttributeKind::IntegerList { min, max } => {
            format!("a space-separated list of integers from {min} to {max}")
        }
        AttributeKind::CommaList { max_items, max_item_chars } => {
            let mut text = "a comma-separated list".to_owned();
            if let Some(max) = max_items {
                let _ = write!(text, " of at most {max} entries");
            }
            if let Some(max) = max_item_chars {
                let _ = write!(text, ", each at most {max} characters");
            }
            text
        }
        AttributeKind::Url(info) => describe_url(&info),
        AttributeKind::Method { post_only: true } => "`POST`".to_owned(),
        AttributeKind::Method { post_only: false } => "`GET` or `POST`".to_owned(),
        AttributeKind::Digits => {
            "DTMF digits `0-9`, `A-D`, `#` and `*`, with `w` or `W` for a pause".to_owned()
        }
        AttributeKind::Keys { max_keys, allow_empty } => {
            let mut text = match max_keys {
                Some(1) => "one key out of `0-9`, `#` and `*`".to_owned(),
                Some(max) => format!("up to {max} keys out of `0-9`, `#` and `*`"),
                None => "keys out of `0-9`, `#` and `*`".to_owned(),
            };
            if allow_empty {
                text.push_str(", or the empty string");
            }
            text
        }
        AttributeKind::PhoneNumber => "a phone number such as `+14155550100`".to_owned(),
        AttributeKind::CallerId => {
            "a phone number, `client:<identity>`, `whatsapp:<number>`, or a SIP caller ID of \
             letters, digits and `+-_.`"
                .to_owned()
        }
        AttributeKind::Address => {
            "a phone number, a channel address such as `whatsapp:+14155550100`, or a sender ID \
             of up to 11 letters, digits and spaces"
                .to_owned()
        }
        AttributeKind::Voice => {
            "a voice such as `man`, `woman`, `Polly.Joanna-Neural` or `Google.en-US-Standard-A`"
                .to_owned()
        }
        AttributeKind::Language => "a language tag such as `en-US`".to_owned(),
        AttributeKind::Sid(prefix) => format!("`{prefix}` followed by 32 hexadecimal digits"),
        AttributeKind::Text { max_chars: Some(max) } => format!("at most {max} characters"),
        AttributeKind::Text { max_chars: None } => "text".to_owned(),
    }
}

fn describe_pattern(pattern: ValuePattern) -> String {
    match pattern {
        ValuePattern::Decibels => "a signed number of decibels such as `+6dB`".to_owned(),
        ValuePattern::Percent => "a percentage such as `120%`".to_owned(),
        ValuePattern::SignedPercent => "a signed percentage such as `+10%`".to_owned(),
        ValuePattern::Duration => "a duration such as `2s` or `500ms`".to_owned(),
        ValuePattern::Integer => "a non-negative integer".to_owned(),
        ValuePattern::Prefix(prefix) => format!("a value starting with `{prefix}`"),
    }
}

fn describe_url(info: &schema::UrlInfo) -> String {
    let scheme = match info.scheme {
        schema::SchemeRule::Http => "an `http` or `https` URL",
        schema::SchemeRule::HttpsOnly => "an `https` URL",
        schema::SchemeRule::WssOnly => "a `wss` URL",
    };
    let mut text = scheme.to_owned();
    text.push_str(if info.absolute_only { ", absolute" } else { " or a relative one" });
    text.push_str(", without spaces, and with a host without `_`");
    if !info.query_allowed {
        text.push_str(" and no query string (use `<Parameter>` children)");
    }
    text
}

fn quoted_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
    quoted.join(", ")
}
