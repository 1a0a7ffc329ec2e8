//! The TwiML schema as data: every Voice, Messaging, Fax and SSML element, its parents and
//! children, what its text means, and every attribute with its type, default, URL role and the
//! Twilio error code that a bad value raises.
//!
//! Rules, the builder and the fetcher all read these tables, so a fact about TwiML is written
//! once, here. Element and attribute names are case-sensitive and spelled as Twilio spells them.
//! The facts come from Twilio's TwiML reference pages, its error dictionary and the TwiML
//! classes of twilio-python and twilio-node. Entries that only those libraries emit carry
//! [`Status::LibraryOnly`].
//!
//! The tables live in one file per family (`voice`, `messaging`, `fax`, `ssml`), written with
//! the private constructors of `construct`. This file contains the types and the lookups.
//! [`AttributeKind::accepts`] checks a value against its kind.

mod construct;
mod fax;
mod messaging;
mod ssml;
mod values;
mod voice;

use serde::Serialize;

use construct::{
    CALL_PROGRESS_EVENTS, CALL_RECORD, ELEMENT, RECORDING_EVENTS, RECORDING_TRACKS, STREAM_TRACKS,
    TRIM, boolean, integer, method, text, url,
};

/// The product family an element belongs to. A document mixing Voice and Messaging verbs is
/// invalid for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Family {
    /// Programmable Voice verbs and nouns.
    Voice,
    /// Programmable Messaging verbs and nouns.
    Messaging,
    /// Programmable Fax (disabled by Twilio since 2021-12-17).
    Fax,
    /// Elements valid in more than one family: `Response`, `Redirect`, and the legacy `Sms`
    /// verb, which both the Voice and the Messaging schema accept.
    Shared,
    /// SSML elements nested in `<Say>`.
    Ssml,
}

/// Whether Twilio still accepts an element, attribute or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Status {
    /// Documented and current.
    Current,
    /// Still accepted, but replaced by something else; the text says by what.
    Deprecated(&'static str),
    /// No longer works; the text says since when or why.
    Retired(&'static str),
    /// Emitted by Twilio's helper libraries but not in the reference documentation, so its
    /// support is not confirmed. Rules treat it as valid.
    LibraryOnly,
}

/// What the text content of an element means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum TextKind {
    /// The element takes no text; whitespace and comments only.
    None,
    /// Free text, such as words to speak or a message body.
    Free,
    /// Free text mixed with child elements in order, such as `<Say>` with SSML.
    Mixed,
    /// A URL that Twilio requests.
    Url(UrlInfo),
    /// A phone number: E.164, or a form Twilio also accepts.
    PhoneNumber,
    /// A SIP URI such as `sip:jack@example.com`.
    SipUri,
    /// A queue name.
    QueueName,
    /// A Twilio Client identity.
    ClientIdentity,
    /// A JSON document, such as `<Task>` attributes.
    Json,
    /// A Twilio resource SID, with its two-letter prefix.
    Sid(&'static str),
    /// A name that identifies a resource: a conference room, a video room, an assistant.
    Name,
}

/// The role of a URL: what Twilio does with what it fetches there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum UrlRole {
    /// The response is TwiML that takes over the call or message.
    Document,
    /// The response is TwiML run in a restricted context (whisper, hold music, queue wait)
    /// where only the listed verbs are allowed; other verbs raise `error_code`.
    RestrictedDocument {
        /// Verbs allowed in the fetched document.
        allowed: &'static [&'static str],
        /// The Twilio error raised for any other verb, if a specific one is documented.
        error_code: Option<u32>,
        /// Whether an audio file is accepted in place of TwiML, as for wait URLs.
        audio_allowed: bool,
    },
    /// The response is audio to play, never a next document.
    Media,
    /// An asynchronous callback: Twilio ignores the response body.
    StatusCallback,
    /// A WebSocket endpoint (`wss://`).
    WebSocket,
}

/// The URL schemes Twilio accepts for a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum SchemeRule {
    /// `http` or `https`, or a relative URL.
    Http,
    /// `https` only (Pay `action`, PCI mode).
    HttpsOnly,
    /// `wss` only (Media Streams, ConversationRelay).
    WssOnly,
}

/// HTTP methods Twilio uses to request a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl HttpMethod {
    /// The method as written in TwiML and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }

    /// Parses a method as TwiML writes it, upper case only.
    pub fn from_twiml(value: &str) -> Option<HttpMethod> {
        match value {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            _ => None,
        }
    }

    /// Parses a method in any ASCII case, as [`AttributeKind::Method`] accepts it: Twilio
    /// documents upper case only but does not say that `get` is rejected.
    pub fn from_twiml_ignoring_case(value: &str) -> Option<HttpMethod> {
        if value.eq_ignore_ascii_case("GET") {
            Some(HttpMethod::Get)
        } else if value.eq_ignore_ascii_case("POST") {
            Some(HttpMethod::Post)
        } else {
            None
        }
    }
}

/// Facts about a URL that Twilio requests: what for, with which method, and what shape it must
/// have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UrlInfo {
    /// What Twilio does with the response.
    pub role: UrlRole,
    /// The attribute on the same element that sets the method, such as `method` or
    /// `statusCallbackMethod`, if there is one.
    pub method_attribute: Option<&'static str>,
    /// The method Twilio uses when `method_attribute` is absent.
    pub default_method: HttpMethod,
    /// The schemes allowed.
    pub scheme: SchemeRule,
    /// Whether a relative URL is rejected.
    pub absolute_only: bool,
    /// Whether Twilio fetches the URL at all when it is absent and defaults to the current
    /// document (`Gather`, `Record` and `Pay` without `action`).
    pub defaults_to_current_document: bool,
    /// The Twilio error raised for an invalid URL here, if a specific one exists.
    pub error_code: Option<u32>,
    /// Whether the empty string is a valid value, such as `waitUrl=""` for silence.
    pub empty_allowed: bool,
    /// Whether the URL may carry a query string. Media Streams drop it; parameters go in
    /// `<Parameter>` children instead.
    pub query_allowed: bool,
    /// The Twilio error raised when the response has a content type this role rejects, if a
    /// specific one exists (13420 for `<Play>`); otherwise 12300 applies.
    pub content_type_error_code: Option<u32>,
    /// The Twilio error raised for a scheme that `scheme` rejects, if a specific one exists.
    pub scheme_error_code: Option<u32>,
}

/// The pattern of a value that is not a plain enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ValuePattern {
    /// A signed number of decibels, such as `+6dB` or `-3dB` (SSML `prosody volume`).
    Decibels,
    /// A non-negative percentage, such as `120%` (SSML `prosody rate`).
    Percent,
    /// A signed percentage, such as `+10%` or `-5%` (SSML `prosody pitch`).
    SignedPercent,
    /// A duration in seconds or milliseconds, such as `2s` or `500ms` (SSML `break time`).
    Duration,
    /// A non-negative integer, such as `speechTimeout="3"` beside the keyword `auto`.
    Integer,
    /// Any value that starts with the prefix and continues past it, such as the Deepgram
    /// models of Gather `speechModel` (`deepgram_…`).
    Prefix(&'static str),
}

/// The type of an attribute value, with the range or values Twilio accepts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub enum AttributeKind {
    /// `true` or `false`, lower case.
    Boolean,
    /// An integer in `min..=max` (no upper bound when `max` is `None`).
    Integer {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value, if there is one.
        max: Option<i64>,
    },
    /// A decimal number in `min..=max`, such as a charge amount.
    Decimal {
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },
    /// One of a fixed set of values.
    Enumeration(&'static [&'static str]),
    /// One of a fixed set of values, compared ignoring ASCII case, for provider names whose
    /// case Twilio does not document.
    EnumerationAnyCase(&'static [&'static str]),
    /// One of a fixed set of values, or a value matching a pattern.
    EnumerationOr(&'static [&'static str], ValuePattern),
    /// A value matching a pattern.
    Pattern(ValuePattern),
    /// A space-separated list of values from a fixed set.
    List(&'static [&'static str]),
    /// A space-separated list of integers in `min..=max`.
    IntegerList {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// A comma-separated list of free-text entries, such as speech recognition hints.
    CommaList {
        /// The largest number of entries, if limited.
        max_items: Option<usize>,
        /// The maximum length of an entry in characters, if limited.
        max_item_chars: Option<usize>,
    },
    /// A URL that Twilio requests.
    Url(UrlInfo),
    /// An HTTP method: `GET` or `POST`, or only `POST` when `post_only` is set.
    Method {
        /// Whether `GET` is rejected.
        post_only: bool,
    },
    /// DTMF digits to send or play: `0-9`, `A-D`, `#`, `*`, and `w`/`W` for pauses.
    Digits,
    /// Keys that end input: at most `max_keys` characters out of `0-9`, `#` and `*`, or the
    /// empty string to turn the feature off when `allow_empty` is set.
    Keys {
        /// The largest number of keys, if limited.
        max_keys: Option<usize>,
        /// Whether the empty string is valid.
        allow_empty: bool,
    },
    /// A phone number, or a template that yields one.
    PhoneNumber,
    /// A Dial caller ID: a phone number, `client:<identity>`, `whatsapp:<number>`, or for SIP
    /// any string of letters, digits and `+-_.`.
    CallerId,
    /// A message address: a phone number, a channel address such as `whatsapp:+14155550100`,
    /// or an alphanumeric sender ID of up to 11 letters, digits and spaces.
    Address,
    /// A text-to-speech voice name, checked by shape since Twilio's list changes often.
    Voice,
    /// A language tag, passed through to a provider, so checked by shape only.
    Language,
    /// A Twilio resource SID with its two-letter prefix.
    Sid(&'static str),
    /// Free text, with a maximum length in characters when one exists.
    Text {
        /// The longest value Twilio accepts, in characters.
        max_chars: Option<usize>,
    },
}

/// The status of one value of an attribute, such as the legacy Say voice `alice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ValueStatus {
    /// The value, as written in TwiML.
    pub value: &'static str,
    /// Whether Twilio still honors it.
    pub status: Status,
}

/// An attribute of an element.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AttributeSchema {
    /// The attribute name, case-sensitive, such as `statusCallback` or `xml:lang`.
    pub name: &'static str,
    /// The type of the value.
    pub kind: AttributeKind,
    /// The value Twilio uses when the attribute is absent, as Twilio writes it. `None` when
    /// there is no default or the default is not a value (the account's voice setting, the
    /// caller's number, the value of another attribute).
    pub default: Option<&'static str>,
    /// Whether the attribute must be present.
    pub required: bool,
    /// Whether Twilio still honors the attribute.
    pub status: Status,
    /// The Twilio error raised for an invalid value, if one is documented.
    pub error_code: Option<u32>,
    /// Values a provider is known to support, for kinds checked by shape only
    /// ([`AttributeKind::Language`], [`AttributeKind::Text`]). A value outside the list may
    /// still work, so rules can only advise.
    pub known_values: &'static [&'static str],
    /// Values whose status differs from the attribute's own.
    pub value_statuses: &'static [ValueStatus],
    /// Parents in which the element must not carry this attribute, such as `digits` on a
    /// `<Play>` nested in `<Gather>`.
    pub forbidden_in: &'static [&'static str],
}

impl AttributeSchema {
    /// Returns the URL facts of a URL attribute, `None` for other kinds.
    #[inline]
    pub fn url(&self) -> Option<&UrlInfo> {
        match &self.kind {
            AttributeKind::Url(info) => Some(info),
            _ => None,
        }
    }

    /// Checks whether the attribute may appear on an element whose parent is `parent`.
    #[inline]
    pub fn allowed_in(&self, parent: &str) -> bool {
        !contains_name(self.forbidden_in, parent)
    }
}

/// An element: a verb, a noun, or an SSML tag.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ElementSchema {
    /// The element name, case-sensitive, such as `Gather` or `say-as`.
    pub name: &'static str,
    /// The family the element belongs to.
    pub family: Family,
    /// The elements this one may appear in. Empty only for `Response`.
    pub parents: &'static [&'static str],
    /// The elements allowed as children.
    pub children: &'static [&'static str],
    /// Children that must be present, such as `ApplicationSid` in `Application`.
    pub required_children: &'static [&'static str],
    /// The largest number of one child per element, such as 10 `<Media>` in a `<Message>`.
    pub max_children: &'static [(&'static str, usize)],
    /// The Twilio error raised for a child that is not allowed, if a specific one exists
    /// (13320 for `Gather`, 14300 for `Start`); otherwise 12200 applies.
    pub child_error_code: Option<u32>,
    /// Error codes that replace a descendant's own inside this element, as
    /// `(code elsewhere, code here)`: an invalid Say `voice` raises 13511, but 13321 in a
    /// `<Gather>`.
    pub nested_error_codes: &'static [(u32, u32)],
    /// What the text content means.
    pub text: TextKind,
    /// The maximum text length Twilio accepts, in characters, if a limit is documented.
    pub text_max_chars: Option<usize>,
    /// The Twilio error raised for invalid text, if a specific one exists. A URL in the text
    /// carries its own code in its [`UrlInfo`].
    pub text_error_code: Option<u32>,
    /// The attributes the element takes.
    pub attributes: &'static [AttributeSchema],
    /// Whether Twilio still accepts the element.
    pub status: Status,
}

impl ElementSchema {
    /// Finds one of this element's attributes by its exact name.
    #[inline]
    pub fn attribute(&self, name: &str) -> Option<&'static AttributeSchema> {
        // Comparing the length and the first byte before the whole name skips a call to
        // `memcmp` for almost every other attribute of the element. The rules look up every
        // attribute of every element several times.
        let first = name.as_bytes().first();
        self.attributes.iter().find(|attribute| {
            attribute.name.len() == name.len()
                && attribute.name.as_bytes().first() == first
                && attribute.name == name
        })
    }

    /// Finds one of this element's attributes ignoring ASCII case, for "did you mean"
    /// suggestions such as `statusCallback` for `statuscallback`. An exact match wins.
    pub fn attribute_ignoring_case(&self, name: &str) -> Option<&'static AttributeSchema> {
        self.attribute(name).or_else(|| {
            self.attributes.iter().find(|attribute| attribute.name.eq_ignore_ascii_case(name))
        })
    }

    /// Whether `child` may appear inside this element.
    #[inline]
    pub fn allows_child(&self, child: &str) -> bool {
        contains_name(self.children, child)
    }

    /// Whether the element is a verb: a direct child of `<Response>`.
    pub fn is_verb(&self) -> bool {
        contains_name(self.parents, "Response")
    }

    /// Returns the URL facts of the element's text, when the text is a URL.
    #[inline]
    pub fn text_url(&self) -> Option<&UrlInfo> {
        match &self.text {
            TextKind::Url(info) => Some(info),
            _ => None,
        }
    }

    /// Returns the maximum number of `child` elements allowed, if limited.
    pub fn max_children_of(&self, child: &str) -> Option<usize> {
        self.max_children.iter().find(|(name, _)| *name == child).map(|(_, max)| *max)
    }

    /// Maps `code`, raised by a descendant, to the code Twilio raises inside this element.
    pub fn nested_error_code(&self, code: u32) -> u32 {
        self.nested_error_codes
            .iter()
            .find(|(elsewhere, _)| *elsewhere == code)
            .map_or(code, |(_, here)| *here)
    }
}

/// Checks whether `names`, a list of the schema's names, contains `name`. Lengths and first
/// bytes are compared before whole names, which skips a call to `memcmp` for almost every
/// other name: the lists are short, and looked up for every element.
#[inline]
pub fn contains_name(names: &[&str], name: &str) -> bool {
    let first = name.as_bytes().first();
    names.iter().any(|candidate| {
        candidate.len() == name.len() && candidate.as_bytes().first() == first && *candidate == name
    })
}

/// All elements of every family, in no particular order.
pub fn elements() -> impl Iterator<Item = &'static ElementSchema> {
    voice::ELEMENTS.iter().chain(messaging::ELEMENTS).chain(fax::ELEMENTS).chain(ssml::ELEMENTS)
}

/// Finds an element by its exact name. Where two elements share a name in different parents
/// (`Sip` in `Dial` and in `Refer`), this returns the first; use [`element_in`] when the
/// parent is known.
pub fn element(name: &str) -> Option<&'static ElementSchema> {
    elements().find(|element| element.name == name)
}

/// Finds an element by its exact name as a child of `parent`, falling back to [`element`]
/// when no entry lists that parent.
pub fn element_in(name: &str, parent: &str) -> Option<&'static ElementSchema> {
    elements()
        .find(|element| element.name == name && element.parents.contains(&parent))
        .or_else(|| element(name))
}

/// Finds an element whose name matches `name` ignoring ASCII case, for "did you mean"
/// suggestions such as `say` for `Say`.
pub fn element_ignoring_case(name: &str) -> Option<&'static ElementSchema> {
    elements().find(|element| element.name.eq_ignore_ascii_case(name))
}

/// Iterates over the verbs of a family: the elements allowed directly in `<Response>`. Shared verbs
/// (`Redirect`, `Sms`) belong to every family, so `verbs(Family::Shared)` yields them alone.
pub fn verbs(family: Family) -> impl Iterator<Item = &'static ElementSchema> {
    elements().filter(move |element| {
        element.is_verb() && (element.family == family || element.family == Family::Shared)
    })
}

/// Returns every element name, sorted and without repeats, for suggestions.
pub fn element_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = elements().map(|element| element.name).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Returns every attribute name of every element, sorted and without repeats, for suggestions.
pub fn attribute_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = elements()
        .flat_map(|element| element.attributes.iter().map(|attribute| attribute.name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}
