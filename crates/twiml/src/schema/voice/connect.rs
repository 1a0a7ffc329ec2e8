//! `<Connect>` and the sessions it hands the call to: video rooms, Dialogflow CX agents,
//! ConversationRelay AI sessions and the nouns only the helper libraries know. The
//! bidirectional `<Stream>` is in `stream.rs`.

use crate::schema::{
    AttributeKind, AttributeSchema, CALL_RECORD, ELEMENT, ElementSchema, RECORDING_EVENTS, Status,
    TRIM, TextKind, UrlInfo, boolean, integer, method, text, url,
};

/// Values of `interruptible`, naming the input that may interrupt the AI. `true` means `any`
/// and `false` means `none`.
const INTERRUPTIBLE: &[&str] = &["none", "dtmf", "speech", "any", "true", "false"];

/// Text-to-speech providers of ConversationRelay.
const TTS_PROVIDERS: &[&str] = &["Google", "Amazon", "ElevenLabs"];

/// Speech recognition providers of ConversationRelay.
const TRANSCRIPTION_PROVIDERS: &[&str] = &["Google", "Deepgram"];

/// Setting names a Dialogflow CX `<VirtualAgent>` accepts in `<Config>`.
const VIRTUAL_AGENT_SETTINGS: &[&str] = &[
    "language",
    "sentimentAnalysis",
    "voiceName",
    "welcomeIntent",
    "voiceModel",
    "speechModel",
    "speechModelVariant",
    "resumeEndUserId",
    "resumeEventName",
];

/// Expands to the attributes of `<ConversationRelay>`, which `<Assistant>` shares, after the
/// attributes given.
// NOTE: provider names are compared ignoring case because the reference writes them
// capitalized without saying that other spellings fail.
macro_rules! relay_attributes {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            text("welcomeGreeting"),
            // NOTE: the reference lists none, dtmf, speech and any. `true` and `false` are
            // accepted as for `interruptible`, since no source rejects them here.
            AttributeSchema::new(
                "welcomeGreetingInterruptible",
                AttributeKind::Enumeration(INTERRUPTIBLE),
            )
            .with_default("any"),
            // Sets both the text-to-speech and the speech recognition language.
            AttributeSchema::new("language", AttributeKind::Language).with_default("en-US"),
            AttributeSchema::new("ttsLanguage", AttributeKind::Language),
            AttributeSchema::new("transcriptionLanguage", AttributeKind::Language),
            AttributeSchema::new("ttsProvider", AttributeKind::EnumerationAnyCase(TTS_PROVIDERS))
                .with_default("ElevenLabs"),
            // The default voice depends on the provider.
            text("voice"),
            // NOTE: the default is Deepgram, but Google for accounts that used
            // ConversationRelay before 2025-09-12.
            AttributeSchema::new(
                "transcriptionProvider",
                AttributeKind::EnumerationAnyCase(TRANSCRIPTION_PROVIDERS),
            )
            .with_default("Deepgram"),
            // The default model depends on the provider.
            text("speechModel"),
            AttributeSchema::new("interruptible", AttributeKind::Enumeration(INTERRUPTIBLE))
                .with_default("any"),
            AttributeSchema::new(
                "interruptSensitivity",
                AttributeKind::Enumeration(&["low", "medium", "high"]),
            )
            .with_default("high"),
            boolean("dtmfDetection"),
            AttributeSchema::new(
                "reportInputDuringAgentSpeech",
                AttributeKind::Enumeration(&["none", "dtmf", "speech", "any"]),
            )
            .with_default("none"),
            boolean("preemptible").with_default("false"),
            AttributeSchema::new(
                "hints",
                AttributeKind::CommaList { max_items: None, max_item_chars: None },
            ),
            AttributeSchema::new(
                "debug",
                AttributeKind::List(&["debugging", "speaker-events", "tokens-played"]),
            ),
            AttributeSchema::new(
                "elevenlabsTextNormalization",
                AttributeKind::Enumeration(&["on", "auto", "off"]),
            )
            .with_default("off"),
            text("intelligenceService"),
            // The helper libraries add these without documenting their values, so they are
            // free text.
            text("partialPrompts").library_only(),
            text("profanityFilter").library_only(),
            text("events").library_only(),
            // NOTE: twilio-python writes these four in camel case and twilio-node in lower
            // case; which one Twilio reads is not documented, so both spellings are accepted.
            text("backgroundNoiseReduction").library_only(),
            text("backgroundnoisereduction").library_only(),
            text("speechTimeout").library_only(),
            text("speechtimeout").library_only(),
            text("deepgramSmartFormat").library_only(),
            text("deepgramsmartformat").library_only(),
            text("ignoreBackchannel").library_only(),
            text("ignorebackchannel").library_only(),
            // From twilio-python 9.13, without documented values.
            text("partialPromptOnHangup").library_only(),
            text("eagerEotThreshold").library_only(),
            text("asrSmartFormat").library_only(),
            text("ttsTextNormalization").library_only(),
            text("ttsLanguageTextNormalization").library_only(),
            text("elevenlabsLanguageTextNormalization").library_only(),
            text("includeInPrompt").library_only(),
            text("customerName").library_only(),
            text("applicationReconnect").library_only(),
            text("echoPromptFiltering").library_only(),
            text("turnDetection").library_only(),
        ]
    };
}

// NOTE: the Connect reference gives no default `action`, while the VirtualAgent CX page gives
// the current document. The Connect reading is recorded: without `action` the call goes on
// with the next verb, so the verbs after `<Connect>` stay reachable.
pub(super) const CONNECT: ElementSchema = ElementSchema {
    name: "Connect",
    parents: &["Response"],
    // NOTE: the reference lists Room, Stream, VirtualAgent and ConversationRelay; the rest
    // come from the helper libraries (Assistant from twilio-node only).
    children: &[
        "Room",
        "Stream",
        "VirtualAgent",
        "ConversationRelay",
        "Conversation",
        "Autopilot",
        "AiSession",
        "ConversationRelaySession",
        "Assistant",
    ],
    attributes: &[url("action", UrlInfo::document().method("method")), method("method")],
    ..ELEMENT
};

/// A Programmable Video group room, by unique name; US1 only. A missing room moves the call on
/// to the next verb.
pub(super) const ROOM: ElementSchema = ElementSchema {
    name: "Room",
    parents: &["Connect"],
    text: TextKind::Name,
    attributes: &[text("participantIdentity")],
    ..ELEMENT
};

/// A Dialogflow CX agent; US1 only.
pub(super) const VIRTUAL_AGENT: ElementSchema = ElementSchema {
    name: "VirtualAgent",
    parents: &["Connect"],
    children: &["Config", "Parameter"],
    attributes: &[
        text("connectorName"),
        AttributeSchema::new("language", AttributeKind::Language),
        boolean("sentimentAnalysis"),
        url("statusCallback", UrlInfo::callback().method("statusCallbackMethod")),
        method("statusCallbackMethod"),
    ],
    ..ELEMENT
};

/// A Dialogflow CX setting of a `<VirtualAgent>`; an unsupported name raises warning 32603.
pub(super) const VIRTUAL_AGENT_CONFIG: ElementSchema = ElementSchema {
    name: "Config",
    parents: &["VirtualAgent"],
    attributes: &[
        AttributeSchema::new("name", AttributeKind::Enumeration(VIRTUAL_AGENT_SETTINGS))
            .with_error(32603),
        text("value"),
    ],
    ..ELEMENT
};

/// An AI voice session over a WebSocket; not PCI compliant. Connection failures raise 64102.
pub(super) const CONVERSATION_RELAY: ElementSchema = ElementSchema {
    name: "ConversationRelay",
    parents: &["Connect"],
    children: &["Language", "Parameter"],
    attributes: relay_attributes![url("url", UrlInfo::websocket().absolute()).required()],
    ..ELEMENT
};

/// The twilio-node variant of ConversationRelay that names an assistant by `id` instead of a
/// WebSocket URL.
pub(super) const ASSISTANT: ElementSchema = ElementSchema {
    name: "Assistant",
    parents: &["Connect"],
    children: &["Language", "Parameter"],
    attributes: relay_attributes![text("id").library_only()],
    status: Status::LibraryOnly,
    ..ELEMENT
};

/// Speech settings for one language of a ConversationRelay session. A `code` of `multi` needs
/// ElevenLabs text-to-speech and Deepgram recognition.
pub(super) const LANGUAGE: ElementSchema = ElementSchema {
    name: "Language",
    parents: &["ConversationRelay", "Assistant"],
    attributes: &[
        AttributeSchema::new("code", AttributeKind::Language).required(),
        AttributeSchema::new("ttsProvider", AttributeKind::EnumerationAnyCase(TTS_PROVIDERS)),
        text("voice"),
        AttributeSchema::new(
            "transcriptionProvider",
            AttributeKind::EnumerationAnyCase(TRANSCRIPTION_PROVIDERS),
        ),
        text("speechModel"),
        text("asrSmartFormat").library_only(),
        text("ttsTextNormalization").library_only(),
        text("ttsLanguageTextNormalization").library_only(),
    ],
    ..ELEMENT
};

// NOTE: the retirement date of Autopilot is not confirmed.
pub(super) const AUTOPILOT: ElementSchema = ElementSchema {
    name: "Autopilot",
    parents: &["Connect"],
    // An assistant SID or unique name.
    text: TextKind::Name,
    status: Status::Retired("Twilio retired the Autopilot product"),
    ..ELEMENT
};

/// A Voice call joined to a Conversations service. Any invalid attribute raises 32501.
// NOTE: the libraries accept `url` and `method` but do not document what the URL returns.
// It is recorded as a callback so that its response is not linted as a document.
pub(super) const CONVERSATION: ElementSchema = ElementSchema {
    name: "Conversation",
    parents: &["Connect"],
    attributes: &[
        text("serviceInstanceSid").with_error(32501),
        boolean("inboundAutocreation").with_error(32501),
        integer("routingAssignmentTimeout", 0, None).with_error(32501),
        integer("inboundTimeout", 0, None).with_error(32501),
        url("url", UrlInfo::callback().method("method")).with_error(32501),
        method("method").with_error(32501),
        AttributeSchema::new("record", AttributeKind::Enumeration(CALL_RECORD)).with_error(32501),
        AttributeSchema::new("trim", AttributeKind::Enumeration(TRIM)).with_error(32501),
        url("recordingStatusCallback", UrlInfo::callback().method("recordingStatusCallbackMethod"))
            .with_error(32501),
        method("recordingStatusCallbackMethod").with_error(32501),
        AttributeSchema::new("recordingStatusCallbackEvent", AttributeKind::List(RECORDING_EVENTS))
            .with_error(32501),
        url("statusCallback", UrlInfo::callback().method("statusCallbackMethod")).with_error(32501),
        method("statusCallbackMethod").with_error(32501),
        AttributeSchema::new(
            "statusCallbackEvent",
            AttributeKind::List(&[
                "call-initiated",
                "call-ringing",
                "call-answered",
                "call-completed",
            ]),
        )
        .with_error(32501),
    ],
    status: Status::LibraryOnly,
    ..ELEMENT
};

pub(super) const AI_SESSION: ElementSchema = ElementSchema {
    name: "AiSession",
    parents: &["Connect"],
    attributes: &[text("aiConnector"), text("aiSessionConfiguration")],
    status: Status::LibraryOnly,
    ..ELEMENT
};

pub(super) const CONVERSATION_RELAY_SESSION: ElementSchema = ElementSchema {
    name: "ConversationRelaySession",
    parents: &["Connect"],
    attributes: &[text("connector"), text("sessionConfiguration")],
    status: Status::LibraryOnly,
    ..ELEMENT
};
