//! `<Connect>` with its nouns (Media Streams, ConversationRelay, virtual agents, video rooms),
//! and `<Start>` and `<Stop>` with the nouns that run beside a call.

use crate::builder::{
    BuildError, ConnectStreamTrack, ConversationEvent, DialRecord, InterruptSensitivity,
    Interruptible, Parameter, RecordingChannels, RecordingEvent, RecordingTrack, RelayDebug,
    StreamTrack, TextNormalization, TranscriptionEngine, TranscriptionProvider, Trim, TtsProvider,
    VirtualAgentConfigName, attributes, children, element, new_empty, push_text,
};

element! {
    /// `<Connect>`: connects the call to a stream, an AI agent or a video room. Verbs after
    /// it run when the session ends, unless `action` is set.
    Connect = "Connect" in "Response"
}

new_empty!(Connect, "Creates a `<Connect>`; append what to connect to.");

attributes!(Connect {
    /// Sets `action`: the URL requested when the session ends.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
});

children!(Connect:
    Room, ConnectStream, VirtualAgent, ConversationRelay, Conversation, Autopilot, AiSession,
    ConversationRelaySession, Assistant,
);

element! {
    /// `<Room>`: a Programmable Video room to join.
    Room = "Room" in "Connect"
}

impl Room {
    /// Joins the room `name`.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Room {
        let mut built = Room::empty_element();
        push_text(&mut built.element, name.into());
        built
    }
}

attributes!(Room {
    /// Sets `participantIdentity`.
    participant_identity: text = "participantIdentity";
});

element! {
    /// `<VirtualAgent>`: a Dialogflow CX agent.
    VirtualAgent = "VirtualAgent" in "Connect"
}

new_empty!(VirtualAgent, "Creates a `<VirtualAgent>`; name the connector with `connector_name`.");

attributes!(VirtualAgent {
    /// Sets `connectorName`: the Dialogflow CX connector.
    connector_name: text = "connectorName";
    /// Sets `language`, such as `en-US`.
    language: checked = "language";
    /// Sets `sentimentAnalysis`.
    sentiment_analysis: flag = "sentimentAnalysis";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
});

children!(VirtualAgent: VirtualAgentConfig, Parameter);

element! {
    /// `<Config>` inside `<VirtualAgent>`: one agent setting.
    VirtualAgentConfig = "Config" in "VirtualAgent"
}

impl VirtualAgentConfig {
    /// Creates the setting `name` with `value`.
    #[must_use]
    pub fn new(name: VirtualAgentConfigName, value: impl Into<String>) -> VirtualAgentConfig {
        let mut built = VirtualAgentConfig::empty_element();
        crate::builder::set_attribute(&mut built.element, "name", name.to_string());
        crate::builder::set_attribute(
            &mut built.element,
            "value",
            crate::builder::clean(value.into()),
        );
        built
    }

    fn sample_new() -> VirtualAgentConfig {
        VirtualAgentConfig::new(VirtualAgentConfigName::Language, "en-US")
    }
}

attributes!(VirtualAgentConfig {
    /// Set by [`VirtualAgentConfig::new`].
    new: new = "name";
    /// Set by [`VirtualAgentConfig::new`].
    new: new = "value";
});

/// Declares the attributes that `<ConversationRelay>` and `<Assistant>` share, after the
/// type's own.
macro_rules! relay_attributes {
    ($type:ident { $($own:tt)* }) => {
        attributes!($type {
            $($own)*
            /// Sets `welcomeGreeting`: the agent's first words.
            welcome_greeting: text = "welcomeGreeting";
            /// Sets `welcomeGreetingInterruptible`.
            welcome_greeting_interruptible: value(Interruptible) = "welcomeGreetingInterruptible";
            /// Sets `language` for both speech recognition and synthesis, such as `en-US`.
            language: checked = "language";
            /// Sets `ttsLanguage`.
            tts_language: checked = "ttsLanguage";
            /// Sets `transcriptionLanguage`.
            transcription_language: checked = "transcriptionLanguage";
            /// Sets `ttsProvider`.
            tts_provider: value(TtsProvider) = "ttsProvider";
            /// Sets `voice` of the text-to-speech provider.
            voice: text = "voice";
            /// Sets `transcriptionProvider`.
            transcription_provider: value(TranscriptionProvider) = "transcriptionProvider";
            /// Sets `speechModel` of the transcription provider.
            speech_model: text = "speechModel";
            /// Sets `interruptible`.
            interruptible: value(Interruptible) = "interruptible";
            /// Sets `interruptSensitivity`.
            interrupt_sensitivity: value(InterruptSensitivity) = "interruptSensitivity";
            /// Sets `dtmfDetection`.
            dtmf_detection: flag = "dtmfDetection";
            /// Sets `reportInputDuringAgentSpeech`.
            report_input_during_agent_speech: value(Interruptible) = "reportInputDuringAgentSpeech";
            /// Sets `preemptible`.
            preemptible: flag = "preemptible";
            /// Sets `hints` for speech recognition.
            hints: comma_list = "hints";
            /// Sets `debug`.
            debug: list(RelayDebug) = "debug";
            /// Sets `elevenlabsTextNormalization`.
            elevenlabs_text_normalization: value(TextNormalization) = "elevenlabsTextNormalization";
            /// Sets `intelligenceService`: a Conversational Intelligence service SID or name.
            intelligence_service: text = "intelligenceService";
            /// Sets `partialPrompts`, which the helper libraries write.
            partial_prompts: text = "partialPrompts";
            /// Sets `profanityFilter`, which the helper libraries write.
            profanity_filter: text = "profanityFilter";
            /// Sets `events`, which the helper libraries write.
            events: text = "events";
            /// Sets `backgroundNoiseReduction`, which the helper libraries write.
            background_noise_reduction: text = "backgroundNoiseReduction";
            /// Sets `speechTimeout`, which the helper libraries write.
            speech_timeout: text = "speechTimeout";
            /// Sets `deepgramSmartFormat`, which the helper libraries write.
            deepgram_smart_format: text = "deepgramSmartFormat";
            /// Sets `ignoreBackchannel`, which the helper libraries write.
            ignore_backchannel: text = "ignoreBackchannel";
            /// Sets `partialPromptOnHangup`, which twilio-python writes.
            partial_prompt_on_hangup: text = "partialPromptOnHangup";
            /// Sets `eagerEotThreshold`, which twilio-python writes.
            eager_eot_threshold: text = "eagerEotThreshold";
            /// Sets `asrSmartFormat`, which twilio-python writes.
            asr_smart_format: text = "asrSmartFormat";
            /// Sets `ttsTextNormalization`, which twilio-python writes.
            tts_text_normalization: text = "ttsTextNormalization";
            /// Sets `ttsLanguageTextNormalization`, which twilio-python writes.
            tts_language_text_normalization: text = "ttsLanguageTextNormalization";
            /// Sets `elevenlabsLanguageTextNormalization`, which twilio-python writes.
            elevenlabs_language_text_normalization: text = "elevenlabsLanguageTextNormalization";
            /// Sets `includeInPrompt`, which twilio-python writes.
            include_in_prompt: text = "includeInPrompt";
            /// Sets `customerName`, which twilio-python writes.
            customer_name: text = "customerName";
            /// Sets `applicationReconnect`, which twilio-python writes.
            application_reconnect: text = "applicationReconnect";
            /// Sets `echoPromptFiltering`, which twilio-python writes.
            echo_prompt_filtering: text = "echoPromptFiltering";
            /// Sets `turnDetection`, which twilio-python writes.
            turn_detection: text = "turnDetection";
            // twilio-node spells these four in lower case; the setters above write the
            // camelCase of twilio-python, and `unchecked_attribute` writes the other.
            unchecked_attribute: unchecked = "backgroundnoisereduction";
            unchecked_attribute: unchecked = "speechtimeout";
            unchecked_attribute: unchecked = "deepgramsmartformat";
            unchecked_attribute: unchecked = "ignorebackchannel";
        });
    };
}

element! {
    /// `<ConversationRelay>`: connects the call to an AI application over a WebSocket, with
    /// Twilio doing speech recognition and synthesis.
    ConversationRelay = "ConversationRelay" in "Connect"
}

impl ConversationRelay {
    /// Connects to the `wss://` URL `url`, which Twilio requires.
    pub fn new(url: impl Into<String>) -> Result<ConversationRelay, BuildError> {
        let url = crate::builder::clean(url.into());
        crate::builder::check_attribute(ConversationRelay::NAME_AND_PARENT, "url", &url)?;
        let mut built = ConversationRelay::empty_element();
        crate::builder::set_attribute(&mut built.element, "url", url);
        Ok(built)
    }

    fn sample_new() -> ConversationRelay {
        let mut built = ConversationRelay::empty_element();
        let url = "wss://example.com/relay".to_owned();
        crate::builder::set_attribute(&mut built.element, "url", url);
        built
    }
}

relay_attributes!(ConversationRelay {
    /// Set by [`ConversationRelay::new`].
    new: new = "url";
});

children!(ConversationRelay: Language, Parameter);

element! {
    /// `<Assistant>`: an AI Assistant, which twilio-node writes.
    Assistant = "Assistant" in "Connect"
}

new_empty!(Assistant, "Creates an `<Assistant>`; name it with `id`.");

relay_attributes!(Assistant {
    /// Sets `id`: the assistant.
    id: text = "id";
});

children!(Assistant: Language, Parameter);

element! {
    /// `<Language>`: settings for one language of a `<ConversationRelay>` or `<Assistant>`.
    Language = "Language" in "ConversationRelay"
}

impl Language {
    /// Settings for the language `code`, such as `fr-FR`, or `multi`.
    pub fn new(code: impl Into<String>) -> Result<Language, BuildError> {
        let code = crate::builder::clean(code.into());
        crate::builder::check_attribute(Language::NAME_AND_PARENT, "code", &code)?;
        let mut built = Language::empty_element();
        crate::builder::set_attribute(&mut built.element, "code", code);
        Ok(built)
    }

    fn sample_new() -> Language {
        let mut built = Language::empty_element();
        crate::builder::set_attribute(&mut built.element, "code", "fr-FR".to_owned());
        built
    }
}

attributes!(Language {
    /// Set by [`Language::new`].
    new: new = "code";
    /// Sets `ttsProvider`.
    tts_provider: value(TtsProvider) = "ttsProvider";
    /// Sets `voice`.
    voice: text = "voice";
    /// Sets `transcriptionProvider`.
    transcription_provider: value(TranscriptionProvider) = "transcriptionProvider";
    /// Sets `speechModel`.
    speech_model: text = "speechModel";
    /// Sets `asrSmartFormat`, which twilio-python writes.
    asr_smart_format: text = "asrSmartFormat";
    /// Sets `ttsTextNormalization`, which twilio-python writes.
    tts_text_normalization: text = "ttsTextNormalization";
    /// Sets `ttsLanguageTextNormalization`, which twilio-python writes.
    tts_language_text_normalization: text = "ttsLanguageTextNormalization";
});

element! {
    /// `<Autopilot>`: an Autopilot assistant. Retired with the Autopilot product.
    Autopilot = "Autopilot" in "Connect"
}

impl Autopilot {
    /// Connects to the assistant `name` (its SID or unique name).
    #[must_use]
    pub fn new(name: impl Into<String>) -> Autopilot {
        let mut built = Autopilot::empty_element();
        push_text(&mut built.element, name.into());
        built
    }
}

element! {
    /// `<Conversation>`: hands the call to Twilio Conversations, which the helper libraries
    /// write.
    Conversation = "Conversation" in "Connect"
}

new_empty!(
    Conversation,
    "Creates a `<Conversation>`; set the service with `service_instance_sid`."
);

attributes!(Conversation {
    /// Sets `serviceInstanceSid`.
    service_instance_sid: text = "serviceInstanceSid";
    /// Sets `inboundAutocreation`.
    inbound_autocreation: flag = "inboundAutocreation";
    /// Sets `routingAssignmentTimeout` in seconds.
    routing_assignment_timeout: count = "routingAssignmentTimeout";
    /// Sets `inboundTimeout` in seconds.
    inbound_timeout: count = "inboundTimeout";
    /// Sets `url`.
    url: checked = "url";
    /// Sets `method` for `url`.
    method: method = "method";
    /// Sets `record`.
    record: value(DialRecord) = "record";
    /// Sets `trim`.
    trim: value(Trim) = "trim";
    /// Sets `recordingStatusCallback`.
    recording_status_callback: checked = "recordingStatusCallback";
    /// Sets `recordingStatusCallbackMethod`.
    recording_status_callback_method: method = "recordingStatusCallbackMethod";
    /// Sets `recordingStatusCallbackEvent`.
    recording_status_callback_event: list(RecordingEvent) = "recordingStatusCallbackEvent";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `statusCallbackEvent`.
    status_callback_event: list(ConversationEvent) = "statusCallbackEvent";
});

element! {
    /// `<AiSession>`, which the helper libraries write.
    AiSession = "AiSession" in "Connect"
}

new_empty!(AiSession, "Creates an `<AiSession>`; name the connector with `ai_connector`.");

attributes!(AiSession {
    /// Sets `aiConnector`.
    ai_connector: text = "aiConnector";
    /// Sets `aiSessionConfiguration`.
    ai_session_configuration: text = "aiSessionConfiguration";
});

element! {
    /// `<ConversationRelaySession>`, which the helper libraries write.
    ConversationRelaySession = "ConversationRelaySession" in "Connect"
}

new_empty!(
    ConversationRelaySession,
    "Creates a `<ConversationRelaySession>`; name the connector with `connector`."
);

attributes!(ConversationRelaySession {
    /// Sets `connector`.
    connector: text = "connector";
    /// Sets `sessionConfiguration`.
    session_configuration: text = "sessionConfiguration";
});

element! {
    /// `<Stream>` inside `<Connect>`: a bidirectional Media Stream. Verbs after the
    /// `<Connect>` run only when the server closes the WebSocket.
    ConnectStream = "Stream" in "Connect"
}

new_empty!(ConnectStream, "Creates a bidirectional `<Stream>`; set its `wss://` URL with `url`.");

attributes!(ConnectStream {
    /// Sets `url`: a `wss://` URL without a query string; pass values as `<Parameter>`s.
    url: checked = "url";
    /// Sets `name`, unique in the call.
    name: text = "name";
    /// Sets `track`; a bidirectional stream carries the inbound track only.
    track: value(ConnectStreamTrack) = "track";
    /// Sets `statusCallback`: an absolute URL.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `connectorName`, which the helper libraries write.
    connector_name: text = "connectorName";
});

children!(ConnectStream: Parameter);

element! {
    /// `<Start>`: starts a stream, recording or transcription beside the call, then goes on
    /// to the next verb at once.
    Start = "Start" in "Response"
}

new_empty!(Start, "Creates a `<Start>`; append what to start.");

attributes!(Start {
    /// Sets `action`, which the helper libraries write.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
});

children!(Start: Stream, Siprec, Transcription, Recording);

element! {
    /// `<Stop>`: stops what a `<Start>` started, found by `name`.
    Stop = "Stop" in "Response"
}

new_empty!(Stop, "Creates a `<Stop>`; append what to stop, with its `name`.");

children!(Stop: Stream, Siprec, Transcription, Recording);

element! {
    /// `<Stream>` inside `<Start>` or `<Stop>`: a one-way Media Stream.
    Stream = "Stream" in "Start"
}

new_empty!(Stream, "Creates a `<Stream>`; set its `wss://` URL with `url`.");

attributes!(Stream {
    /// Sets `url`: a `wss://` URL without a query string; pass values as `<Parameter>`s.
    url: checked = "url";
    /// Sets `name`, unique in the call, which `<Stop>` refers to.
    name: text = "name";
    /// Sets `track`.
    track: value(StreamTrack) = "track";
    /// Sets `statusCallback`: an absolute URL.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `connectorName`, which the helper libraries write.
    connector_name: text = "connectorName";
});

children!(Stream: Parameter);

element! {
    /// `<Siprec>`: forks the call's audio to a SIPREC recorder.
    Siprec = "Siprec" in "Start"
}

new_empty!(Siprec, "Creates a `<Siprec>`; name the connector with `connector_name`.");

attributes!(Siprec {
    /// Sets `name`, which `<Stop>` refers to.
    name: text = "name";
    /// Sets `connectorName`: the SIPREC connector.
    connector_name: text = "connectorName";
    /// Sets `track`.
    track: value(StreamTrack) = "track";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
});

children!(Siprec: Parameter);

element! {
    /// `<Transcription>`: transcribes the call in real time.
    Transcription = "Transcription" in "Start"
}

new_empty!(Transcription, "Creates a `<Transcription>` with Twilio's defaults.");

attributes!(Transcription {
    /// Sets `name`, which `<Stop>` refers to.
    name: text = "name";
    /// Sets `statusCallbackUrl`: an absolute URL that receives the transcripts.
    status_callback_url: checked = "statusCallbackUrl";
    /// Sets `languageCode`, such as `en-US`.
    language_code: checked = "languageCode";
    /// Sets `track`.
    track: value(StreamTrack) = "track";
    /// Sets `inboundTrackLabel`.
    inbound_track_label: text = "inboundTrackLabel";
    /// Sets `outboundTrackLabel`.
    outbound_track_label: text = "outboundTrackLabel";
    /// Sets `transcriptionEngine`.
    transcription_engine: value(TranscriptionEngine) = "transcriptionEngine";
    /// Sets `speechModel`.
    speech_model: text = "speechModel";
    /// Sets `enableProviderData`.
    enable_provider_data: flag = "enableProviderData";
    /// Sets `profanityFilter`.
    profanity_filter: flag = "profanityFilter";
    /// Sets `partialResults`.
    partial_results: flag = "partialResults";
    /// Sets `hints`.
    hints: comma_list = "hints";
    /// Sets `enableAutomaticPunctuation`.
    enable_automatic_punctuation: flag = "enableAutomaticPunctuation";
    /// Sets `intelligenceService`.
    intelligence_service: text = "intelligenceService";
    /// Sets `conversationConfiguration`.
    conversation_configuration: text = "conversationConfiguration";
    /// Sets `conversationId`.
    conversation_id: text = "conversationId";
    /// Sets `statusCallbackMethod`, which the helper libraries write.
    status_callback_method: method = "statusCallbackMethod";
});

children!(Transcription: Config, Parameter);

element! {
    /// `<Config>` inside `<Transcription>`: one provider setting.
    Config = "Config" in "Transcription"
}

impl Config {
    /// Creates the setting `name` with `value`.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Config {
        let mut built = Config::empty_element();
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

    fn sample_new() -> Config {
        Config::new("name", "value")
    }
}

attributes!(Config {
    /// Set by [`Config::new`].
    new: new = "name";
    /// Set by [`Config::new`].
    new: new = "value";
});

element! {
    /// `<Recording>`: records the call from this point, beside it.
    Recording = "Recording" in "Start"
}

new_empty!(Recording, "Creates a `<Recording>` with Twilio's defaults.");

attributes!(Recording {
    /// Sets `name`, which `<Stop>` refers to.
    name: text = "name";
    /// Sets `recordingStatusCallback`.
    recording_status_callback: checked = "recordingStatusCallback";
    /// Sets `recordingStatusCallbackMethod`.
    recording_status_callback_method: method = "recordingStatusCallbackMethod";
    /// Sets `recordingStatusCallbackEvent`.
    recording_status_callback_event: list(RecordingEvent) = "recordingStatusCallbackEvent";
    /// Sets `trim`.
    trim: value(Trim) = "trim";
    /// Sets `track`.
    track: value(RecordingTrack) = "track";
    /// Sets `channels`.
    channels: value(RecordingChannels) = "channels";
    /// Sets `recordingConfigurationId`.
    recording_configuration_id: text = "recordingConfigurationId";
});
