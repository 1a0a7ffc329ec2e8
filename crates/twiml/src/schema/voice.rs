//! Programmable Voice elements: the `<Response>` root, the verbs, and their nouns.
//!
//! The basic verbs are here; `<Dial>` and its nouns, `<Connect>`, `<Start>`/`<Stop>` and
//! `<Pay>` each have a file of their own under `voice/`.

mod connect;
mod dial;
mod languages;
mod pay;
mod stream;

use super::{
    AttributeKind, AttributeSchema, ELEMENT, ElementSchema, Family, RECORDING_EVENTS, Status, TRIM,
    TextKind, UrlInfo, ValuePattern, ValueStatus, boolean, integer, method, text, url,
};

pub(super) static ELEMENTS: &[ElementSchema] = &[
    RESPONSE,
    SAY,
    PLAY,
    PAUSE,
    GATHER,
    dial::DIAL,
    dial::NUMBER,
    dial::CLIENT,
    dial::IDENTITY,
    dial::SIP,
    dial::URI,
    dial::HEADERS,
    dial::HEADER,
    dial::SIM,
    dial::CONFERENCE,
    dial::QUEUE,
    dial::APPLICATION,
    dial::APPLICATION_SID,
    dial::WHATSAPP,
    RECORD,
    REDIRECT,
    REJECT,
    HANGUP,
    ENQUEUE,
    TASK,
    LEAVE,
    pay::PAY,
    pay::PROMPT,
    REFER,
    REFER_SIP,
    connect::CONNECT,
    connect::ROOM,
    connect::VIRTUAL_AGENT,
    connect::VIRTUAL_AGENT_CONFIG,
    connect::CONVERSATION_RELAY,
    connect::ASSISTANT,
    connect::LANGUAGE,
    connect::AUTOPILOT,
    connect::CONVERSATION,
    connect::AI_SESSION,
    connect::CONVERSATION_RELAY_SESSION,
    stream::START,
    stream::STOP,
    stream::STREAM,
    stream::CONNECT_STREAM,
    stream::SIPREC,
    stream::TRANSCRIPTION,
    stream::TRANSCRIPTION_CONFIG,
    stream::RECORDING,
    PARAMETER,
    ECHO,
    SMS,
];

/// SSML elements allowed directly in `<Say>`.
const SSML_IN_SAY: &[&str] =
    &["break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w"];

/// Speech models of `<Gather>`. Any Deepgram model also works, as `deepgram_<model>`.
const SPEECH_MODELS: &[&str] = &[
    "default",
    "numbers_and_commands",
    "phone_call",
    "experimental_conversations",
    "experimental_utterances",
    "googlev2_long",
    "googlev2_short",
    "googlev2_telephony",
    "googlev2_telephony_short",
    "deepgram_nova-2",
    "deepgram_nova-3",
];

/// The root of every TwiML document, Voice, Messaging or Fax.
const RESPONSE: ElementSchema = ElementSchema {
    name: "Response",
    family: Family::Shared,
    children: &[
        "Say", "Play", "Pause", "Gather", "Dial", "Record", "Redirect", "Reject", "Hangup",
        "Enqueue", "Leave", "Pay", "Refer", "Connect", "Start", "Stop", "Echo", "Sms", "Message",
        "Receive",
    ],
    attributes: &[
        // NOTE: the current reference documents no attribute on `<Response>`. The 2008 schema
        // allowed `version`, and error 12101 still describes a bad one, so it is kept as
        // deprecated rather than reported as unknown.
        text("version")
            .with_status(Status::Deprecated(
                "a 2008 TwiML schema attribute that current documents leave out",
            ))
            .with_error(12101),
    ],
    ..ELEMENT
};

const SAY: ElementSchema = ElementSchema {
    name: "Say",
    parents: &["Response", "Gather", "Prompt"],
    children: SSML_IN_SAY,
    text: TextKind::Mixed,
    // NOTE: the length limit depends on the voice (4096 characters for man and woman, 3000
    // for Polly without SSML tags, 5000 for Google with tags), so no single limit is recorded;
    // 13521 is the error for exceeding it.
    text_error_code: Some(13520),
    attributes: &[
        // NOTE: the reference table gives `man` as the default voice, but its prose names the
        // account's text-to-speech setting as the default, so no default is recorded.
        AttributeSchema::new("voice", AttributeKind::Voice).with_error(13511).with_value_statuses(
            &[ValueStatus {
                value: "alice",
                status: Status::Deprecated(
                    "a legacy voice the Say reference no longer lists; use a Polly or Google voice",
                ),
            }],
        ),
        AttributeSchema::new("language", AttributeKind::Language)
            .with_default("en-US")
            .known(languages::SAY),
        integer("loop", 0, None).with_default("1").with_error(13510),
    ],
    ..ELEMENT
};

const PLAY: ElementSchema = ElementSchema {
    name: "Play",
    parents: &["Response", "Gather", "Prompt"],
    // The text may be empty only when `digits` is set, as in `<Play digits="www3"></Play>`.
    text: TextKind::Url(UrlInfo::media().allow_empty().error(11100).content_type_error(13420)),
    attributes: &[
        // NOTE: the reference table gives "digit 0-9", but its prose and error 13410 accept any
        // integer of 0 or more (0 repeats until hangup, at most 1000 times). The wider range is
        // recorded so that no valid loop count is reported.
        integer("loop", 0, None).with_default("1").with_error(13410),
        AttributeSchema::new("digits", AttributeKind::Digits).with_error(13430).not_in(&["Gather"]),
    ],
    ..ELEMENT
};

const PAUSE: ElementSchema = ElementSchema {
    name: "Pause",
    parents: &["Response", "Gather", "Prompt"],
    attributes: &[integer("length", 1, None).with_default("1").with_error(13910)],
    ..ELEMENT
};

const GATHER: ElementSchema = ElementSchema {
    name: "Gather",
    parents: &["Response"],
    children: &["Say", "Play", "Pause"],
    child_error_code: Some(13320),
    // Inside `<Gather>`, Say voice and loop errors and Play content-type errors have codes
    // of their own.
    nested_error_codes: &[(13511, 13321), (13510, 13322), (13420, 13325)],
    attributes: &[
        url("action", UrlInfo::document().method("method").current_document()),
        method("method").with_error(13312),
        boolean("actionOnEmptyResult").with_default("false").with_error(13338),
        AttributeSchema::new(
            "finishOnKey",
            AttributeKind::Keys { max_keys: Some(1), allow_empty: true },
        )
        .with_default("#")
        .with_error(13310),
        AttributeSchema::new("input", AttributeKind::List(&["dtmf", "speech"]))
            .with_default("dtmf")
            .with_error(13326),
        integer("numDigits", 1, None).with_error(13314),
        // NOTE: the reference table gives a positive integer, but its prose also allows
        // `auto`, so both are accepted. `0` passes too, since the
        // integer pattern starts at zero.
        AttributeSchema::new(
            "timeout",
            AttributeKind::EnumerationOr(&["auto"], ValuePattern::Integer),
        )
        .with_default("5")
        .with_error(13313),
        // The default is the value of `timeout`, which is not a value of its own.
        AttributeSchema::new(
            "speechTimeout",
            AttributeKind::EnumerationOr(&["auto"], ValuePattern::Integer),
        )
        .with_error(13327),
        // NOTE: the reference lists these models and adds "Deepgram: any", so any value
        // starting with `deepgram_` is accepted as well.
        AttributeSchema::new(
            "speechModel",
            AttributeKind::EnumerationOr(SPEECH_MODELS, ValuePattern::Prefix("deepgram_")),
        )
        .with_default("default")
        .with_error(13334),
        // NOTE: Twilio passes the language through to the speech provider, so it is checked
        // by shape and the twilio-node list is advisory. 13331 is the Gather language error;
        // 13512 is raised for a `lang` attribute instead.
        AttributeSchema::new("language", AttributeKind::Language)
            .with_default("en-US")
            .with_error(13331)
            .known(languages::GATHER),
        AttributeSchema::new(
            "hints",
            AttributeKind::CommaList { max_items: Some(500), max_item_chars: Some(100) },
        )
        .with_error(13330),
        boolean("profanityFilter").with_default("true").with_error(13333),
        url("partialResultCallback", UrlInfo::callback().method("partialResultCallbackMethod")),
        method("partialResultCallbackMethod").with_error(13329),
        boolean("enhanced").with_default("false").with_status(Status::Deprecated(
            "applies only to the Google STT V1 `phone_call` model; choose a `speechModel` instead",
        )),
        // NOTE: `bargeIn`, `maxSpeechTime` and `debug` are in the helper libraries and have
        // error codes (13332, 13328), but the Gather reference does not list them, so their
        // defaults are unknown.
        boolean("bargeIn").library_only().with_error(13332),
        integer("maxSpeechTime", 1, None).library_only().with_error(13328),
        boolean("debug").library_only(),
    ],
    ..ELEMENT
};

const RECORD: ElementSchema = ElementSchema {
    name: "Record",
    parents: &["Response"],
    attributes: &[
        url("action", UrlInfo::document().method("method").current_document()),
        method("method").with_error(13610),
        integer("timeout", 0, None).with_default("5").with_error(13611),
        // NOTE: Record accepts several keys; whether the empty string turns the feature off,
        // as it does for Gather, is not documented, so it is accepted.
        AttributeSchema::new(
            "finishOnKey",
            AttributeKind::Keys { max_keys: None, allow_empty: true },
        )
        .with_default("1234567890*#")
        .with_error(13613),
        // NOTE: the reference gives "greater than 1" but error 13612 gives "a positive integer",
        // so 1 is accepted. The upper bound 86400 needs the 24-hour recording setting;
        // without it the limit is 14400, which a rule can only advise on.
        integer("maxLength", 1, Some(86_400)).with_default("3600").with_error(13612),
        boolean("playBeep").with_default("true").with_error(13616),
        AttributeSchema::new("trim", AttributeKind::Enumeration(TRIM))
            .with_default("trim-silence")
            .with_error(13699),
        url("recordingStatusCallback", UrlInfo::callback().method("recordingStatusCallbackMethod")),
        method("recordingStatusCallbackMethod"),
        AttributeSchema::new("recordingStatusCallbackEvent", AttributeKind::List(RECORDING_EVENTS))
            .with_default("completed")
            .with_error(13621),
        boolean("transcribe").with_default("false").with_error(13614),
        // Always requested with POST, and only when `transcribe="true"` is also set.
        url("transcribeCallback", UrlInfo::callback().error(13257)),
        text("recordingConfigurationId"),
    ],
    ..ELEMENT
};

const REDIRECT: ElementSchema = ElementSchema {
    name: "Redirect",
    family: Family::Shared,
    parents: &["Response"],
    text: TextKind::Url(UrlInfo::document().method("method").error(11100)),
    attributes: &[method("method").with_error(13710)],
    ..ELEMENT
};

const REJECT: ElementSchema = ElementSchema {
    name: "Reject",
    parents: &["Response"],
    // NOTE: the Reject reference allows no children, but the helper libraries emit
    // `<Parameter>` here; it is allowed so that generated documents are not reported.
    children: &["Parameter"],
    attributes: &[AttributeSchema::new(
        "reason",
        AttributeKind::Enumeration(&["rejected", "busy"]),
    )
    .with_default("rejected")
    .with_error(13810)],
    ..ELEMENT
};

const HANGUP: ElementSchema = ElementSchema {
    name: "Hangup",
    parents: &["Response"],
    // NOTE: as for `<Reject>`, `<Parameter>` comes from the helper libraries only.
    children: &["Parameter"],
    ..ELEMENT
};

const ENQUEUE: ElementSchema = ElementSchema {
    name: "Enqueue",
    parents: &["Response"],
    children: &["Task"],
    text: TextKind::QueueName,
    text_max_chars: Some(64),
    // 14205 is "name too long"; an empty name raises 14204 instead. With `workflowSid` the
    // name may be left out.
    text_error_code: Some(14205),
    attributes: &[
        url("action", UrlInfo::document().method("method").error(14203)),
        method("method").with_error(14201),
        // The default is Twilio's classical hold music playlist, which is not a value.
        url(
            "waitUrl",
            UrlInfo::wait(&["Play", "Say", "Pause", "Hangup", "Redirect", "Leave", "Gather"], None)
                .method("waitUrlMethod")
                .error(14202),
        ),
        method("waitUrlMethod").with_error(14206),
        AttributeSchema::new("workflowSid", AttributeKind::Sid("WW")).with_error(14220),
        integer("maxQueueSize", 1, None).library_only(),
    ],
    ..ELEMENT
};

const TASK: ElementSchema = ElementSchema {
    name: "Task",
    parents: &["Enqueue"],
    text: TextKind::Json,
    text_error_code: Some(14221),
    attributes: &[
        integer("priority", 0, None).library_only(),
        integer("timeout", 1, None).library_only(),
    ],
    ..ELEMENT
};

const LEAVE: ElementSchema = ElementSchema { name: "Leave", parents: &["Response"], ..ELEMENT };

const REFER: ElementSchema = ElementSchema {
    name: "Refer",
    parents: &["Response"],
    children: &["Sip"],
    attributes: &[url("action", UrlInfo::document().method("method")), method("method")],
    ..ELEMENT
};

/// The refer target of `<Refer>`: a SIP URI as text, with headers in its query string. Unlike
/// `<Sip>` in `<Dial>` it takes no attributes and no children.
const REFER_SIP: ElementSchema =
    ElementSchema { name: "Sip", parents: &["Refer"], text: TextKind::SipUri, ..ELEMENT };

/// A custom parameter passed on to a client, application, stream, connector or payment
/// processor. Under `<Stream>`, name and value together must stay under 500 characters.
const PARAMETER: ElementSchema = ElementSchema {
    name: "Parameter",
    parents: &[
        "Client",
        "Application",
        "Stream",
        "Siprec",
        "Transcription",
        "VirtualAgent",
        "ConversationRelay",
        "Assistant",
        "Pay",
        "Reject",
        "Hangup",
    ],
    // NOTE: the reference does not say that `name` or `value` is required, so neither is.
    attributes: &[text("name"), text("value")],
    ..ELEMENT
};

// NOTE: no reference page for `<Echo>` was found, so only its place in `<Response>` is known.
const ECHO: ElementSchema =
    ElementSchema { name: "Echo", parents: &["Response"], status: Status::LibraryOnly, ..ELEMENT };

/// The legacy verb that sends a text message during a call.
const SMS: ElementSchema = ElementSchema {
    name: "Sms",
    // NOTE: Twilio's Messaging schema also accepts `<Sms>` (its 12200 message lists
    // `{Sms, Message, Redirect}`), so it is shared rather than Voice-only, and a Messaging
    // document using it is not reported as mixing families.
    family: Family::Shared,
    parents: &["Response"],
    text: TextKind::Free,
    // NOTE: 14101–14105 are listed for `<Message>`, but their dictionary texts still name the
    // Sms verb, so they are applied here too.
    attributes: &[
        AttributeSchema::new("to", AttributeKind::Address).with_error(14101),
        AttributeSchema::new("from", AttributeKind::Address).with_error(14102),
        url("action", UrlInfo::document().method("method")),
        method("method").with_error(14104),
        url("statusCallback", UrlInfo::callback().error(14105)),
    ],
    status: Status::Deprecated("send messages during a call with the Messages REST API"),
    ..ELEMENT
};
