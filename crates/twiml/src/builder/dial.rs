//! `<Dial>` and the nouns it connects the caller to.

use crate::builder::{
    BuildError, CallProgressEvent, ConferenceBeep, ConferenceEvent, ConferenceRecord,
    ConferenceRegion, DialRecord, JitterBufferSize, MachineDetection, Parameter, RecordingEvent,
    RecordingTrack, RingTone, Trim, attributes, check_text, children, element, new_empty,
    push_text,
};

/// Declares a constructor that takes the element's text, checked against the schema.
macro_rules! checked_text_constructor {
    ($type:ident, $argument:ident, $doc:literal) => {
        impl $type {
            #[doc = $doc]
            pub fn new($argument: impl Into<String>) -> Result<$type, BuildError> {
                let text = $argument.into();
                check_text($type::NAME_AND_PARENT, &text)?;
                let mut built = $type::empty_element();
                push_text(&mut built.element, text);
                Ok(built)
            }
        }
    };
}

element! {
    /// `<Dial>`: connects the caller to another party, given as nouns ([`Number`],
    /// [`Client`], [`Sip`], [`Conference`], …).
    ///
    /// Twilio also reads a phone number written as the text of `<Dial>`; the builder writes
    /// the equivalent `<Number>` noun instead, so that text and nouns never mix.
    Dial = "Dial" in "Response"
}

new_empty!(Dial, "Creates a `<Dial>` with no nouns yet.");

attributes!(Dial {
    /// Sets `action`: the URL requested when the dialed call ends. Verbs after the `<Dial>`
    /// then never run.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
    /// Sets `answerOnBridge`: whether the caller hears ringing until the callee answers.
    answer_on_bridge: flag = "answerOnBridge";
    /// Sets `callerId`: a phone number, `client:<identity>`, `whatsapp:<number>`, or a SIP
    /// caller ID.
    caller_id: checked = "callerId";
    /// Sets `callReason` (Branded Calls), at most 50 characters.
    call_reason: checked = "callReason";
    /// Sets `hangupOnStar`.
    hangup_on_star: flag = "hangupOnStar";
    /// Sets `record`.
    record: value(DialRecord) = "record";
    /// Sets `recordingStatusCallback`.
    recording_status_callback: checked = "recordingStatusCallback";
    /// Sets `recordingStatusCallbackMethod`.
    recording_status_callback_method: method = "recordingStatusCallbackMethod";
    /// Sets `recordingStatusCallbackEvent`.
    recording_status_callback_event: list(RecordingEvent) = "recordingStatusCallbackEvent";
    /// Sets `recordingTrack`.
    recording_track: value(RecordingTrack) = "recordingTrack";
    /// Sets `recordingConfigurationId`.
    recording_configuration_id: text = "recordingConfigurationId";
    /// Sets `referUrl`: the URL requested when the called SIP party sends a REFER.
    refer_url: checked = "referUrl";
    /// Sets `referMethod`.
    refer_method: method = "referMethod";
    /// Sets `ringTone`.
    ring_tone: value(RingTone) = "ringTone";
    /// Sets `timeLimit`: the longest call in seconds, from 1 to 86400 (above 14400 needs the
    /// 24-hour setting).
    time_limit: int = "timeLimit";
    /// Sets `timeout`: seconds to ring, from 5 to 600.
    timeout: int = "timeout";
    /// Sets `trim`.
    trim: value(Trim) = "trim";
    /// Sets `sequential`: whether nouns are dialed one after another instead of at once.
    sequential: flag = "sequential";
    /// Sets `events`, such as `call-progress-event`, which the helper libraries write.
    events: text = "events";
    /// Sets `passports`, which twilio-python writes.
    passports: text = "passports";
});

children!(Dial: Number, Client, Sip, Sim, Conference, Queue, Application, WhatsApp);

element! {
    /// `<Number>`: a phone number to dial.
    Number = "Number" in "Dial"
}

checked_text_constructor!(Number, number, "Dials `number`, such as `+14155550100`.");

attributes!(Number {
    /// Sets `sendDigits`: DTMF digits to send once the call connects.
    send_digits: checked = "sendDigits";
    /// Sets `url`: a whisper document run for the called party before the call connects.
    url: checked = "url";
    /// Sets `method` for `url`.
    method: method = "method";
    /// Sets `byoc`: a BYOC trunk SID, `BY` and 32 hexadecimal digits.
    byoc: checked = "byoc";
    /// Sets `statusCallbackEvent`.
    status_callback_event: list(CallProgressEvent) = "statusCallbackEvent";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `machineDetection`.
    machine_detection: value(MachineDetection) = "machineDetection";
    /// Sets `machineDetectionTimeout` in seconds, from 3 to 60.
    machine_detection_timeout: int = "machineDetectionTimeout";
    /// Sets `machineDetectionSpeechThreshold` in milliseconds, from 1000 to 6000.
    machine_detection_speech_threshold: int = "machineDetectionSpeechThreshold";
    /// Sets `machineDetectionSpeechEndThreshold` in milliseconds, from 500 to 5000.
    machine_detection_speech_end_threshold: int = "machineDetectionSpeechEndThreshold";
    /// Sets `machineDetectionSilenceTimeout` in milliseconds, from 2000 to 10000.
    machine_detection_silence_timeout: int = "machineDetectionSilenceTimeout";
    /// Sets `amdStatusCallback`.
    amd_status_callback: checked = "amdStatusCallback";
    /// Sets `amdStatusCallbackMethod`.
    amd_status_callback_method: method = "amdStatusCallbackMethod";
});

element! {
    /// `<Client>`: a Twilio Client (Voice SDK) identity to dial.
    Client = "Client" in "Dial"
}

checked_text_constructor!(
    Client,
    identity,
    "Dials the client `identity`: letters, digits and `_`, at most 256 characters. When a \
     child is appended, the identity moves into an `<Identity>` child, since Twilio takes \
     either text or children."
);

attributes!(Client {
    /// Sets `url`: a whisper document run for the client before the call connects.
    url: checked = "url";
    /// Sets `method` for `url`.
    method: method = "method";
    /// Sets `statusCallbackEvent`.
    status_callback_event: list(CallProgressEvent) = "statusCallbackEvent";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `clientNotificationUrl`.
    client_notification_url: checked = "clientNotificationUrl";
});

children!(Client (text into "Identity"): Identity, Parameter);

element! {
    /// `<Identity>`: the identity of a `<Client>` that also passes `<Parameter>`s.
    Identity = "Identity" in "Client"
}

checked_text_constructor!(Identity, identity, "The client identity `identity`.");

element! {
    /// `<Sip>` inside `<Dial>`: a SIP endpoint to dial.
    Sip = "Sip" in "Dial"
}

checked_text_constructor!(
    Sip,
    uri,
    "Dials the SIP URI `uri`, such as `sip:alice@example.com`, shorter than 255 characters. \
     When a child is appended, the URI moves into a `<Uri>` child, since Twilio takes either \
     text or children."
);

attributes!(Sip {
    /// Sets `username` for SIP authentication.
    username: text = "username";
    /// Sets `password` for SIP authentication.
    password: text = "password";
    /// Sets `sendDigits`.
    send_digits: checked = "sendDigits";
    /// Sets `url`: a whisper document run for the called party before the call connects.
    url: checked = "url";
    /// Sets `method` for `url`.
    method: method = "method";
    /// Sets `statusCallbackEvent`.
    status_callback_event: list(CallProgressEvent) = "statusCallbackEvent";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `machineDetection`.
    machine_detection: value(MachineDetection) = "machineDetection";
    /// Sets `machineDetectionTimeout` in seconds, from 3 to 60.
    machine_detection_timeout: int = "machineDetectionTimeout";
    /// Sets `machineDetectionSpeechThreshold` in milliseconds, from 1000 to 6000.
    machine_detection_speech_threshold: int = "machineDetectionSpeechThreshold";
    /// Sets `machineDetectionSpeechEndThreshold` in milliseconds, from 500 to 5000.
    machine_detection_speech_end_threshold: int = "machineDetectionSpeechEndThreshold";
    /// Sets `machineDetectionSilenceTimeout` in milliseconds, from 2000 to 10000.
    machine_detection_silence_timeout: int = "machineDetectionSilenceTimeout";
    /// Sets `amdStatusCallback`.
    amd_status_callback: checked = "amdStatusCallback";
    /// Sets `amdStatusCallbackMethod`.
    amd_status_callback_method: method = "amdStatusCallbackMethod";
});

children!(Sip (text into "Uri"): Uri, Headers);

element! {
    /// `<Uri>`: one of several SIP URIs of a `<Sip>`, tried by priority, which the helper
    /// libraries write.
    Uri = "Uri" in "Sip"
}

impl Uri {
    /// Creates a `<Uri>` for the SIP URI `uri`.
    #[must_use]
    pub fn new(uri: impl Into<String>) -> Uri {
        let mut built = Uri::empty_element();
        push_text(&mut built.element, uri.into());
        built
    }
}

attributes!(Uri {
    /// Sets `priority`: lower is tried first.
    priority: count = "priority";
    /// Sets `weight` among URIs of the same priority.
    weight: count = "weight";
    /// Sets `username`.
    username: text = "username";
    /// Sets `password`.
    password: text = "password";
});

element! {
    /// `<Headers>`: SIP headers of a `<Sip>`, which the helper libraries write.
    Headers = "Headers" in "Sip"
}

new_empty!(Headers, "Creates an empty `<Headers>`.");

children!(Headers: Header);

element! {
    /// `<Header>`: one SIP header.
    Header = "Header" in "Headers"
}

impl Header {
    /// Creates the header `name` with `value`.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Header {
        let mut built = Header::empty_element();
        crate::builder::set_attribute(
            &mut built.element,
            "name",
            crate::builder::clean(name.into()),
        );
        crate::builder::set_attribute(
            &mut built.element,
            "value",
            crate::builder::clean(value.into()),
        );
        built
    }

    fn sample_new() -> Header {
        Header::new("X-Example", "value")
    }
}

attributes!(Header {
    /// Set by [`Header::new`].
    new: new = "name";
    /// Set by [`Header::new`].
    new: new = "value";
});

element! {
    /// `<Sim>`: a Programmable Wireless SIM to dial.
    Sim = "Sim" in "Dial"
}

checked_text_constructor!(Sim, sim_sid, "Dials the SIM `sim_sid`: `DE` and 32 hexadecimal digits.");

element! {
    /// `<Conference>`: a conference room to join.
    Conference = "Conference" in "Dial"
}

checked_text_constructor!(Conference, name, "Joins the room `name`, at most 128 characters.");

attributes!(Conference {
    /// Sets `muted`.
    muted: flag = "muted";
    /// Sets `beep`.
    beep: value(ConferenceBeep) = "beep";
    /// Sets `startConferenceOnEnter`.
    start_conference_on_enter: flag = "startConferenceOnEnter";
    /// Sets `endConferenceOnExit`.
    end_conference_on_exit: flag = "endConferenceOnExit";
    /// Sets `participantLabel`, unique in the conference, at most 128 characters.
    participant_label: checked = "participantLabel";
    /// Sets `jitterBufferSize`.
    jitter_buffer_size: value(JitterBufferSize) = "jitterBufferSize";
    /// Sets `waitUrl`: audio or TwiML played before the conference starts; `""` for silence.
    wait_url: checked = "waitUrl";
    /// Sets `waitMethod`.
    wait_method: method = "waitMethod";
    /// Sets `maxParticipants`, from 1 to 250.
    max_participants: int = "maxParticipants";
    /// Sets `record`.
    record: value(ConferenceRecord) = "record";
    /// Sets `region`.
    region: value(ConferenceRegion) = "region";
    /// Sets `trim`.
    trim: value(Trim) = "trim";
    /// Sets `coach`: the call SID (`CA…`) of the participant to coach.
    coach: checked = "coach";
    /// Sets `statusCallbackEvent`.
    status_callback_event: list(ConferenceEvent) = "statusCallbackEvent";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `recordingStatusCallback`.
    recording_status_callback: checked = "recordingStatusCallback";
    /// Sets `recordingStatusCallbackMethod`.
    recording_status_callback_method: method = "recordingStatusCallbackMethod";
    /// Sets `recordingStatusCallbackEvent`.
    recording_status_callback_event: list(RecordingEvent) = "recordingStatusCallbackEvent";
    /// Sets `eventCallbackUrl`.
    event_callback_url: checked = "eventCallbackUrl";
    /// Sets `recordingConfigurationId`.
    recording_configuration_id: text = "recordingConfigurationId";
});

element! {
    /// `<Queue>`: a queue to take the first waiting caller from.
    Queue = "Queue" in "Dial"
}

impl Queue {
    /// Dequeues from the queue `name`.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Queue {
        let mut built = Queue::empty_element();
        push_text(&mut built.element, name.into());
        built
    }
}

attributes!(Queue {
    /// Sets `url`: a document played to the dequeued caller before the call connects.
    url: checked = "url";
    /// Sets `method` for `url`.
    method: method = "method";
    /// Sets `reservationSid`: a `TaskRouter` reservation, `WR` and 32 hexadecimal digits.
    reservation_sid: checked = "reservationSid";
    /// Sets `postWorkActivitySid`: a `TaskRouter` activity, `WA` and 32 hexadecimal digits.
    post_work_activity_sid: checked = "postWorkActivitySid";
});

element! {
    /// `<Application>`: a TwiML App to dial.
    Application = "Application" in "Dial"
}

impl Application {
    /// Dials the TwiML App `application_sid`, which Twilio requires.
    #[must_use]
    pub fn new(application_sid: ApplicationSid) -> Application {
        Application::empty_element().append(application_sid)
    }
}

attributes!(Application {
    /// Sets `customerId`, at most 256 characters; the default is the dialing account.
    customer_id: checked = "customerId";
    /// Sets `copyParentTo`.
    copy_parent_to: flag = "copyParentTo";
    /// Sets `url`, which the helper libraries write.
    url: checked = "url";
    /// Sets `method` for `url`.
    method: method = "method";
    /// Sets `statusCallbackEvent`.
    status_callback_event: list(CallProgressEvent) = "statusCallbackEvent";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
});

children!(Application: ApplicationSid, Parameter);

element! {
    /// `<ApplicationSid>`: the TwiML App an `<Application>` dials.
    ApplicationSid = "ApplicationSid" in "Application"
}

checked_text_constructor!(
    ApplicationSid,
    sid,
    "The TwiML App `sid`: `AP` and 32 hexadecimal digits."
);

element! {
    /// `<WhatsApp>`: a WhatsApp user to call.
    WhatsApp = "WhatsApp" in "Dial"
}

checked_text_constructor!(WhatsApp, number, "Calls the WhatsApp user with phone number `number`.");

attributes!(WhatsApp {
    /// Sets `url`: a document run for the called party before the call connects.
    url: checked = "url";
    /// Sets `method` for `url`.
    method: method = "method";
    /// Sets `statusCallbackEvent`.
    status_callback_event: list(CallProgressEvent) = "statusCallbackEvent";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
});
