//! `<Dial>` and the nouns it connects the caller to: numbers, clients, SIP endpoints, SIMs,
//! conferences, queues, TwiML Apps and WhatsApp users.

use crate::schema::{
    AttributeKind, AttributeSchema, CALL_PROGRESS_EVENTS, CALL_RECORD, ELEMENT, ElementSchema,
    RECORDING_EVENTS, RECORDING_TRACKS, Status, TRIM, TextKind, UrlInfo, boolean, integer, method,
    text, url,
};

/// Country codes of Dial `ringTone`.
const RING_TONES: &[&str] = &[
    "at", "au", "bg", "br", "be", "ch", "cl", "cn", "cz", "de", "dk", "ee", "es", "fi", "fr", "gr",
    "hu", "il", "in", "it", "lt", "jp", "mx", "my", "nl", "no", "nz", "ph", "pl", "pt", "ru", "se",
    "sg", "th", "uk", "us", "us-old", "tw", "ve", "za",
];

/// Verbs allowed in the whisper document of a `url` on `<Number>`, `<Client>`, `<Sip>` and
/// `<WhatsApp>`, run on the called party before the call is bridged.
// NOTE: the reference lists Play, Say, Gather and Hangup. `<Pause>` only waits, so it is
// allowed too rather than reported. `<Dial>` here raises 13201; no code is documented for
// the other verbs, so the role carries none.
const WHISPER_VERBS: &[&str] = &["Play", "Say", "Pause", "Gather", "Hangup"];

/// Events of a conference that Conference `statusCallbackEvent` subscribes to.
const CONFERENCE_EVENTS: &[&str] =
    &["start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement"];

const WHISPER_URL: AttributeSchema =
    url("url", UrlInfo::restricted(WHISPER_VERBS, None).method("method"));

const STATUS_CALLBACK_EVENT: AttributeSchema =
    AttributeSchema::new("statusCallbackEvent", AttributeKind::List(CALL_PROGRESS_EVENTS));

const STATUS_CALLBACK: AttributeSchema =
    url("statusCallback", UrlInfo::callback().method("statusCallbackMethod"));

const MACHINE_DETECTION: AttributeSchema = AttributeSchema::new(
    "machineDetection",
    AttributeKind::Enumeration(&["Enable", "DetectMessageEnd"]),
);

const MACHINE_DETECTION_TIMEOUT: AttributeSchema =
    integer("machineDetectionTimeout", 3, Some(60)).with_default("30");

const MACHINE_DETECTION_SPEECH_THRESHOLD: AttributeSchema =
    integer("machineDetectionSpeechThreshold", 1000, Some(6000)).with_default("2400");

const MACHINE_DETECTION_SPEECH_END_THRESHOLD: AttributeSchema =
    integer("machineDetectionSpeechEndThreshold", 500, Some(5000)).with_default("1200");

const MACHINE_DETECTION_SILENCE_TIMEOUT: AttributeSchema =
    integer("machineDetectionSilenceTimeout", 2000, Some(10_000)).with_default("5000");

const AMD_STATUS_CALLBACK: AttributeSchema =
    url("amdStatusCallback", UrlInfo::callback().method("amdStatusCallbackMethod"));

pub(super) const DIAL: ElementSchema = ElementSchema {
    name: "Dial",
    parents: &["Response"],
    children: &["Number", "Client", "Sip", "Sim", "Conference", "Queue", "Application", "WhatsApp"],
    // Twilio rings at most 10 numbers and 10 clients at once.
    max_children: &[("Number", 10), ("Client", 10)],
    child_error_code: Some(13215),
    // A plain number such as `415-123-4567` when no noun is given.
    text: TextKind::PhoneNumber,
    text_error_code: Some(13223),
    attributes: &[
        url("action", UrlInfo::document().method("method")),
        method("method").with_error(13210),
        boolean("answerOnBridge").with_default("false").with_error(13219),
        // The default is the caller's own ID, which is not a value.
        AttributeSchema::new("callerId", AttributeKind::CallerId).with_error(13214),
        AttributeSchema::new("callReason", AttributeKind::Text { max_chars: Some(50) }),
        boolean("hangupOnStar").with_default("false").with_error(13213),
        AttributeSchema::new("record", AttributeKind::Enumeration(CALL_RECORD))
            .with_default("do-not-record")
            .with_error(13217),
        url(
            "recordingStatusCallback",
            UrlInfo::callback().method("recordingStatusCallbackMethod").error(13256),
        ),
        method("recordingStatusCallbackMethod"),
        AttributeSchema::new("recordingStatusCallbackEvent", AttributeKind::List(RECORDING_EVENTS))
            .with_default("completed")
            .with_error(13621),
        AttributeSchema::new("recordingTrack", AttributeKind::Enumeration(RECORDING_TRACKS))
            .with_default("both"),
        text("recordingConfigurationId"),
        // Requested when the called SIP party sends a REFER; without it that raises 13802.
        url("referUrl", UrlInfo::document().method("referMethod")),
        method("referMethod"),
        // The default is the carrier's own ringback tone, which is not a value.
        AttributeSchema::new("ringTone", AttributeKind::Enumeration(RING_TONES)).with_error(13220),
        // NOTE: the upper bound 86400 needs the 24-hour call setting; without it the limit is
        // 14400, which a rule can only advise on.
        integer("timeLimit", 1, Some(86_400)).with_default("14400").with_error(13216),
        integer("timeout", 5, Some(600)).with_default("30").with_error(13212),
        // NOTE: the Dial reference table gives no default for `trim`, while its prose gives
        // `do-not-trim`. Both mean that silence is kept, so the prose is recorded.
        AttributeSchema::new("trim", AttributeKind::Enumeration(TRIM)).with_default("do-not-trim"),
        boolean("sequential").with_default("false").with_error(13218),
        // Both helper libraries accept `call-progress-event` here; the reference has no page.
        text("events").library_only(),
        text("passports").library_only(),
    ],
    ..ELEMENT
};

pub(super) const NUMBER: ElementSchema = ElementSchema {
    name: "Number",
    parents: &["Dial"],
    text: TextKind::PhoneNumber,
    text_error_code: Some(13223),
    attributes: &[
        AttributeSchema::new("sendDigits", AttributeKind::Digits).with_error(13222),
        WHISPER_URL,
        method("method").with_error(13221),
        AttributeSchema::new("byoc", AttributeKind::Sid("BY")),
        STATUS_CALLBACK_EVENT.with_default("completed"),
        STATUS_CALLBACK,
        method("statusCallbackMethod"),
        MACHINE_DETECTION,
        MACHINE_DETECTION_TIMEOUT,
        MACHINE_DETECTION_SPEECH_THRESHOLD,
        MACHINE_DETECTION_SPEECH_END_THRESHOLD,
        MACHINE_DETECTION_SILENCE_TIMEOUT,
        AMD_STATUS_CALLBACK,
        method("amdStatusCallbackMethod"),
    ],
    ..ELEMENT
};

pub(super) const CLIENT: ElementSchema = ElementSchema {
    name: "Client",
    parents: &["Dial"],
    children: &["Identity", "Parameter"],
    // The identity as text, or an `<Identity>` child when `<Parameter>`s go along.
    text: TextKind::ClientIdentity,
    text_max_chars: Some(256),
    attributes: &[
        WHISPER_URL,
        method("method"),
        // Without a value, `completed` is sent when `statusCallback` is set.
        STATUS_CALLBACK_EVENT,
        STATUS_CALLBACK,
        method("statusCallbackMethod"),
        url("clientNotificationUrl", UrlInfo::callback()),
    ],
    ..ELEMENT
};

pub(super) const IDENTITY: ElementSchema = ElementSchema {
    name: "Identity",
    parents: &["Client"],
    text: TextKind::ClientIdentity,
    text_max_chars: Some(256),
    ..ELEMENT
};

pub(super) const SIP: ElementSchema = ElementSchema {
    name: "Sip",
    parents: &["Dial"],
    children: &["Uri", "Headers"],
    text: TextKind::SipUri,
    // The reference limits the URI to under 255 characters. Headers in the query string
    // must stay under 1024 characters in total.
    text_max_chars: Some(254),
    text_error_code: Some(13243),
    attributes: &[
        text("username"),
        text("password"),
        // NOTE: only the error dictionary names Sip `sendDigits` (13242, "Dial->SIP: Invalid
        // sendDigits value"); the Sip reference and the libraries do not list it. It is kept
        // so that it is not reported as unknown.
        AttributeSchema::new("sendDigits", AttributeKind::Digits).with_error(13242),
        WHISPER_URL,
        method("method").with_error(13241),
        STATUS_CALLBACK_EVENT,
        STATUS_CALLBACK,
        method("statusCallbackMethod"),
        MACHINE_DETECTION,
        MACHINE_DETECTION_TIMEOUT,
        MACHINE_DETECTION_SPEECH_THRESHOLD,
        MACHINE_DETECTION_SPEECH_END_THRESHOLD,
        MACHINE_DETECTION_SILENCE_TIMEOUT,
        AMD_STATUS_CALLBACK,
        method("amdStatusCallbackMethod"),
    ],
    ..ELEMENT
};

/// One of several SIP URIs of a `<Sip>`, tried in priority order and by weight within a
/// priority.
pub(super) const URI: ElementSchema = ElementSchema {
    name: "Uri",
    parents: &["Sip"],
    text: TextKind::SipUri,
    attributes: &[
        integer("priority", 0, None),
        integer("weight", 0, None),
        text("username"),
        text("password"),
    ],
    status: Status::LibraryOnly,
    ..ELEMENT
};

pub(super) const HEADERS: ElementSchema = ElementSchema {
    name: "Headers",
    parents: &["Sip"],
    children: &["Header"],
    status: Status::LibraryOnly,
    ..ELEMENT
};

pub(super) const HEADER: ElementSchema = ElementSchema {
    name: "Header",
    parents: &["Headers"],
    attributes: &[text("name").with_error(13252), text("value").with_error(13253)],
    status: Status::LibraryOnly,
    ..ELEMENT
};

// NOTE: `<Sim>` is described by the helper libraries only, but error 13258 ("Dial->Sim not
// supported in this realm") shows that Twilio runs it, so it is recorded as current.
pub(super) const SIM: ElementSchema =
    ElementSchema { name: "Sim", parents: &["Dial"], text: TextKind::Sid("DE"), ..ELEMENT };

pub(super) const CONFERENCE: ElementSchema = ElementSchema {
    name: "Conference",
    parents: &["Dial"],
    text: TextKind::Name,
    // From error 13237: conference names are 1 to 128 characters.
    text_max_chars: Some(128),
    text_error_code: Some(13237),
    attributes: &[
        boolean("muted").with_default("false").with_error(13230),
        AttributeSchema::new(
            "beep",
            AttributeKind::Enumeration(&["true", "false", "onEnter", "onExit"]),
        )
        .with_default("true")
        .with_error(13235),
        boolean("startConferenceOnEnter").with_default("true").with_error(13232),
        boolean("endConferenceOnExit").with_default("false").with_error(13231),
        // A label already in use raises 16025 and the call moves on to the next verb.
        AttributeSchema::new("participantLabel", AttributeKind::Text { max_chars: Some(128) }),
        AttributeSchema::new(
            "jitterBufferSize",
            AttributeKind::Enumeration(&["small", "medium", "large", "off"]),
        )
        .with_default("large"),
        // The default is Twilio's classical hold music playlist, which is not a value.
        url(
            "waitUrl",
            UrlInfo::wait(&["Say", "Play", "Pause", "Redirect"], Some(13238))
                .method("waitMethod")
                .error(13233),
        ),
        // POST is used when `waitUrl` is set; the built-in playlist is fetched with GET.
        method("waitMethod").with_error(13234),
        integer("maxParticipants", 1, Some(250)).with_default("250"),
        AttributeSchema::new(
            "record",
            AttributeKind::Enumeration(&["do-not-record", "record-from-start"]),
        )
        .with_default("do-not-record"),
        // NOTE: the Conference reference lists no `us2`, but twilio-node's region type has
        // it, so it is accepted. Without the attribute Twilio picks the region itself.
        AttributeSchema::new(
            "region",
            AttributeKind::Enumeration(&["us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1"]),
        ),
        AttributeSchema::new("trim", AttributeKind::Enumeration(TRIM))
            .with_default("trim-silence")
            .with_error(13239),
        AttributeSchema::new("coach", AttributeKind::Sid("CA")).with_error(13240),
        // The first participant's callback settings apply to the whole conference.
        AttributeSchema::new("statusCallbackEvent", AttributeKind::List(CONFERENCE_EVENTS)),
        STATUS_CALLBACK,
        // NOTE: the reference table copies the waitMethod cell here, while its prose gives
        // POST, which is recorded.
        method("statusCallbackMethod"),
        url("recordingStatusCallback", UrlInfo::callback().method("recordingStatusCallbackMethod")),
        method("recordingStatusCallbackMethod"),
        AttributeSchema::new("recordingStatusCallbackEvent", AttributeKind::List(RECORDING_EVENTS))
            .with_default("completed"),
        url("eventCallbackUrl", UrlInfo::callback()),
        text("recordingConfigurationId"),
    ],
    ..ELEMENT
};

// NOTE: the helper libraries also emit `<Queue>` directly in `<Response>`, but the reference
// documents it only as a Dial noun, so a root-level `<Queue>` is reported.
pub(super) const QUEUE: ElementSchema = ElementSchema {
    name: "Queue",
    parents: &["Dial"],
    text: TextKind::QueueName,
    // 14212 is "name too short"; a name too long raises 14213.
    text_error_code: Some(14212),
    attributes: &[
        // Played to the dequeued caller before the bridge.
        url(
            "url",
            UrlInfo::restricted(&["Play", "Say", "Pause", "Redirect"], None)
                .method("method")
                .error(14211),
        ),
        method("method").with_error(14210),
        AttributeSchema::new("reservationSid", AttributeKind::Sid("WR")),
        AttributeSchema::new("postWorkActivitySid", AttributeKind::Sid("WA")),
    ],
    ..ELEMENT
};

/// A TwiML App dialed as the far end. It rings alone, never in parallel with other nouns.
pub(super) const APPLICATION: ElementSchema = ElementSchema {
    name: "Application",
    parents: &["Dial"],
    children: &["ApplicationSid", "Parameter"],
    required_children: &["ApplicationSid"],
    attributes: &[
        // The default is the dialing account's SID, which is not a value.
        AttributeSchema::new("customerId", AttributeKind::Text { max_chars: Some(256) }),
        boolean("copyParentTo").with_default("false"),
        // NOTE: the libraries accept `url` here but do not document what it runs. It is
        // recorded as an ordinary next document so that no verb in it is reported.
        url("url", UrlInfo::document().method("method")).library_only(),
        method("method").library_only(),
        STATUS_CALLBACK_EVENT.library_only(),
        STATUS_CALLBACK.library_only(),
        method("statusCallbackMethod").library_only(),
    ],
    ..ELEMENT
};

pub(super) const APPLICATION_SID: ElementSchema = ElementSchema {
    name: "ApplicationSid",
    parents: &["Application"],
    text: TextKind::Sid("AP"),
    ..ELEMENT
};

/// A WhatsApp user; Dial `callerId` must then be `whatsapp:<voice-enabled sender>`.
pub(super) const WHATSAPP: ElementSchema = ElementSchema {
    name: "WhatsApp",
    parents: &["Dial"],
    text: TextKind::PhoneNumber,
    attributes: &[
        WHISPER_URL,
        method("method"),
        STATUS_CALLBACK_EVENT,
        STATUS_CALLBACK,
        method("statusCallbackMethod"),
    ],
    ..ELEMENT
};
