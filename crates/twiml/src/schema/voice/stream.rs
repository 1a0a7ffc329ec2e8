//! `<Start>` and `<Stop>` with the nouns that run beside a call: Media Streams, SIPREC,
//! real-time transcription and call recording. `<Stream>` also serves `<Connect>`.

use crate::schema::{
    AttributeKind, AttributeSchema, ELEMENT, ElementSchema, RECORDING_EVENTS, RECORDING_TRACKS,
    STREAM_TRACKS, TRIM, UrlInfo, boolean, method, text, url,
};

/// Nouns that `<Start>` begins and `<Stop>` ends, by `name`.
const FORKED_NOUNS: &[&str] = &["Stream", "Siprec", "Transcription", "Recording"];

// NOTE: the helper libraries accept `action` and `method` on `<Start>` without saying when
// Twilio requests the URL. It is recorded as a callback so that its response is not linted
// as a document that takes over the call.
pub(super) const START: ElementSchema = ElementSchema {
    name: "Start",
    parents: &["Response"],
    children: FORKED_NOUNS,
    child_error_code: Some(14300),
    attributes: &[
        url("action", UrlInfo::callback().method("method")).library_only(),
        method("method").library_only(),
    ],
    ..ELEMENT
};

// NOTE: the helper libraries allow Stream, Siprec and Transcription in `<Stop>`; the
// Recording reference also stops a `<Recording>` this way, so it is allowed too.
pub(super) const STOP: ElementSchema = ElementSchema {
    name: "Stop",
    parents: &["Response"],
    children: FORKED_NOUNS,
    child_error_code: Some(14300),
    ..ELEMENT
};

/// The URL of a Media Stream: `wss://` only and without a query string, since Twilio drops
/// it; parameters go in `<Parameter>` children.
// NOTE: the reference allows a relative URL here; its scheme comes from the document URL,
// so only a resolved URL can be checked for `wss`.
const STREAM_URL: AttributeSchema =
    url("url", UrlInfo::websocket().no_query().error(31923).scheme_error(31922));

const STREAM_STATUS_CALLBACK: AttributeSchema =
    url("statusCallback", UrlInfo::callback().method("statusCallbackMethod").absolute());

/// A unidirectional Media Stream started by `<Start>`, or the stream that `<Stop>` ends by
/// `name`.
// NOTE: other-language ports of the libraries add `audioFormat` and `sampleRate`, which the
// Python and Node libraries lack. They are left out until a reference lists them.
pub(super) const STREAM: ElementSchema = ElementSchema {
    name: "Stream",
    parents: &["Start", "Stop"],
    children: &["Parameter"],
    attributes: &[
        STREAM_URL,
        text("name"),
        AttributeSchema::new("track", AttributeKind::Enumeration(STREAM_TRACKS))
            .with_default("inbound_track")
            .with_error(31941),
        STREAM_STATUS_CALLBACK,
        method("statusCallbackMethod"),
        text("connectorName").library_only().with_error(31940),
    ],
    ..ELEMENT
};

/// A bidirectional Media Stream in `<Connect>`: the verbs after it run only once the server
/// closes the WebSocket. Only the inbound track can be streamed.
pub(super) const CONNECT_STREAM: ElementSchema = ElementSchema {
    name: "Stream",
    parents: &["Connect"],
    children: &["Parameter"],
    attributes: &[
        STREAM_URL,
        text("name"),
        AttributeSchema::new("track", AttributeKind::Enumeration(&["inbound_track"]))
            .with_default("inbound_track")
            .with_error(31941),
        STREAM_STATUS_CALLBACK,
        method("statusCallbackMethod"),
        text("connectorName").library_only().with_error(31940),
    ],
    ..ELEMENT
};

/// A SIPREC fork to a configured connector. It uses two of the four forked streams a call
/// may have, and DTMF is not forwarded.
pub(super) const SIPREC: ElementSchema = ElementSchema {
    name: "Siprec",
    parents: &["Start", "Stop"],
    children: &["Parameter"],
    attributes: &[
        text("name"),
        text("connectorName"),
        // The reference does not give the default track.
        AttributeSchema::new("track", AttributeKind::Enumeration(STREAM_TRACKS)),
        url("statusCallback", UrlInfo::callback().method("statusCallbackMethod")),
        method("statusCallbackMethod"),
    ],
    ..ELEMENT
};

/// Real-time transcription, not the same feature as Record `transcribe`.
pub(super) const TRANSCRIPTION: ElementSchema = ElementSchema {
    name: "Transcription",
    parents: &["Start", "Stop"],
    children: &["Config", "Parameter"],
    attributes: &[
        text("name"),
        url("statusCallbackUrl", UrlInfo::callback().method("statusCallbackMethod").absolute()),
        AttributeSchema::new("languageCode", AttributeKind::Language).with_default("en-US"),
        AttributeSchema::new("track", AttributeKind::Enumeration(STREAM_TRACKS))
            .with_default("both_tracks"),
        text("inboundTrackLabel"),
        text("outboundTrackLabel"),
        // NOTE: provider names are compared ignoring case, as for ConversationRelay, since
        // the reference writes them in lower case here and capitalized there.
        AttributeSchema::new(
            "transcriptionEngine",
            AttributeKind::EnumerationAnyCase(&["google", "deepgram"]),
        )
        .with_default("google"),
        text("speechModel").with_default("telephony"),
        boolean("enableProviderData").with_default("false"),
        boolean("profanityFilter").with_default("true"),
        boolean("partialResults").with_default("false"),
        AttributeSchema::new(
            "hints",
            AttributeKind::CommaList { max_items: None, max_item_chars: None },
        ),
        boolean("enableAutomaticPunctuation").with_default("true"),
        text("intelligenceService"),
        text("conversationConfiguration"),
        text("conversationId"),
        method("statusCallbackMethod").library_only(),
    ],
    ..ELEMENT
};

/// A provider setting of a `<Transcription>`, as a name and value pair.
pub(super) const TRANSCRIPTION_CONFIG: ElementSchema = ElementSchema {
    name: "Config",
    parents: &["Transcription"],
    attributes: &[text("name"), text("value")],
    ..ELEMENT
};

/// A call recording that starts at once while the call goes on.
pub(super) const RECORDING: ElementSchema = ElementSchema {
    name: "Recording",
    parents: &["Start", "Stop"],
    attributes: &[
        // NOTE: `name` is in the Recording reference but not in the helper libraries.
        text("name"),
        url("recordingStatusCallback", UrlInfo::callback().method("recordingStatusCallbackMethod")),
        method("recordingStatusCallbackMethod"),
        AttributeSchema::new("recordingStatusCallbackEvent", AttributeKind::List(RECORDING_EVENTS))
            .with_default("completed"),
        AttributeSchema::new("trim", AttributeKind::Enumeration(TRIM)).with_default("trim-silence"),
        AttributeSchema::new("track", AttributeKind::Enumeration(RECORDING_TRACKS))
            .with_default("both"),
        AttributeSchema::new("channels", AttributeKind::Enumeration(&["mono", "dual"]))
            .with_default("dual"),
        text("recordingConfigurationId"),
    ],
    ..ELEMENT
};
