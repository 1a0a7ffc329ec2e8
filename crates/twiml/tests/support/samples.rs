//! Documents made with the builder, shared by the round-trip tests here and the lint test of
//! the `twiml-lint` crate (which includes this file by path).

use twiml::builder::*;
use twiml::serialize::OwnedDocument;

/// Documents a careful author would write: each should lint clean.
pub(crate) fn valid_documents() -> Result<Vec<(&'static str, OwnedDocument)>, BuildError> {
    Ok(vec![
        ("ivr menu", ivr_menu()?),
        ("dial nouns", dial_nouns()?),
        ("conference", conference()?),
        ("voicemail", voicemail()?),
        ("queue", queue()?),
        ("payment", payment()?),
        ("ai agent", ai_agent()?),
        ("media streams", media_streams()?),
        ("refer", refer()?),
        (
            "reject",
            VoiceResponse::new().append(Reject::new().reason(RejectReason::Busy)).into_document(),
        ),
        ("ssml", ssml()?),
        ("messaging", messaging()?),
    ])
}

/// Documents that together use every builder type, most of their attributes and every
/// enumeration value type, for round trips. Some combinations are not what a call should do
/// (verbs after `<Hangup>`, a retired fax verb), so these need not lint clean.
pub(crate) fn every_element_documents() -> Result<Vec<OwnedDocument>, BuildError> {
    let mut documents: Vec<OwnedDocument> =
        valid_documents()?.into_iter().map(|(_, document)| document).collect();
    documents.push(voice_odds_and_ends()?);
    documents.push(fax()?);
    Ok(documents)
}

fn ivr_menu() -> Result<OwnedDocument, BuildError> {
    let gather = Gather::new()
        .input([GatherInput::Dtmf, GatherInput::Speech])
        .num_digits(1)?
        .timeout(InputTimeout::Seconds(5))
        .speech_timeout(InputTimeout::Seconds(2))
        .speech_model(SpeechModel::PhoneCall)
        .language("en-GB")?
        .hints(["sales", "support"])?
        .finish_on_key("#")?
        .action("https://example.com/ivr/choice")?
        .method(HttpMethod::Post)
        .profanity_filter(true)
        .partial_result_callback("https://example.com/ivr/partial")?
        .partial_result_callback_method(HttpMethod::Post)
        .append(Say::new("For sales, press 1. For support, press 2.").voice("Polly.Joanna-Neural")?)
        .append(Pause::new().length(1)?)
        .append(Play::new("https://example.com/hold.mp3")?.loop_count(1));
    Ok(VoiceResponse::new()
        .append(gather)
        .append(Say::new("We did not hear from you. Goodbye.").language("en-GB")?)
        .append(Hangup::new())
        .into_document())
}

fn dial_nouns() -> Result<OwnedDocument, BuildError> {
    let dial = Dial::new()
        .caller_id("+14155550100")?
        .answer_on_bridge(true)
        .timeout(20)?
        .time_limit(600)?
        .record(DialRecord::RecordFromAnswerDual)
        .recording_status_callback("https://example.com/recordings")?
        .recording_status_callback_event([RecordingEvent::Completed])
        .recording_track(RecordingTrack::Both)
        .ring_tone(RingTone::Uk)
        .trim(Trim::TrimSilence)
        .append(
            Number::new("+14155550101")?
                .send_digits("ww1234")?
                .url("https://example.com/whisper")?
                .status_callback("https://example.com/status")?
                .status_callback_event([CallProgressEvent::Ringing, CallProgressEvent::Answered])
                .status_callback_method(HttpMethod::Post)
                .machine_detection(MachineDetection::Enable)
                .machine_detection_timeout(30)?,
        )
        .append(Client::new("alice")?.append(Parameter::new("ticket", "42 & counting")))
        .append(
            Sip::new("sip:support@example.com;transport=tls")?
                .username("agent")
                .password("s3cret<>")
                .append(Headers::new().append(Header::new("X-Ticket", "42"))),
        );
    Ok(VoiceResponse::new()
        .append(Say::new("Connecting you."))
        .append(dial)
        .append(Dial::new().append(Queue::new("support").url("https://example.com/dequeued")?))
        .append(
            Dial::new().append(
                Application::new(ApplicationSid::new("AP0123456789abcdef0123456789abcdef")?)
                    .copy_parent_to(true)
                    .append(Parameter::new("origin", "ivr")),
            ),
        )
        .append(Dial::new().append(Sim::new("DE0123456789abcdef0123456789abcdef")?))
        .append(
            Dial::new().caller_id("whatsapp:+14155550100")?.append(WhatsApp::new("+14155550102")?),
        )
        .into_document())
}

fn conference() -> Result<OwnedDocument, BuildError> {
    let conference = Conference::new("Room 42")?
        .muted(false)
        .beep(ConferenceBeep::OnEnter)
        .start_conference_on_enter(true)
        .end_conference_on_exit(false)
        .participant_label("customer")?
        .jitter_buffer_size(JitterBufferSize::Medium)
        .wait_url("")?
        .max_participants(10)?
        .record(ConferenceRecord::RecordFromStart)
        .region(ConferenceRegion::Ie1)
        .trim(Trim::DoNotTrim)
        .status_callback_event([ConferenceEvent::Join, ConferenceEvent::Leave])
        .status_callback("https://example.com/conference")?
        .event_callback_url("https://example.com/events")?;
    Ok(VoiceResponse::new().append(Dial::new().append(conference)).into_document())
}

fn voicemail() -> Result<OwnedDocument, BuildError> {
    Ok(VoiceResponse::new()
        .append(Say::new("Leave a message after the beep."))
        .append(
            Record::new()
                .action("https://example.com/voicemail")?
                .timeout(5)
                .finish_on_key("#*")?
                .max_length(120)?
                .play_beep(true)
                .trim(Trim::TrimSilence)
                .transcribe(true)
                .transcribe_callback("https://example.com/transcripts")?,
        )
        .append(Say::new("No message was recorded."))
        .into_document())
}

fn queue() -> Result<OwnedDocument, BuildError> {
    Ok(VoiceResponse::new()
        .append(
            Enqueue::new("support")?
                .wait_url("https://example.com/hold")?
                .wait_url_method(HttpMethod::Get),
        )
        .append(
            Enqueue::workflow("WW0123456789abcdef0123456789abcdef")?
                .append(Task::new(r#"{"language":"fr","vip":true}"#).priority(5)),
        )
        .into_document())
}

fn payment() -> Result<OwnedDocument, BuildError> {
    let pay = Pay::new()
        .input(PayInput::Dtmf)
        .payment_method(PaymentMethod::CreditCard)
        .action("https://example.com/paid")?
        .status_callback("https://example.com/pay-status")?
        .timeout(10)?
        .max_attempts(3)?
        .security_code(true)
        .postal_code("false")
        .token_type(TokenType::OneTime)
        .charge_amount("10.50")?
        .currency("usd")
        .description("Invoice 7")
        .valid_card_types([CardType::Visa, CardType::Mastercard])
        .append(
            Prompt::new()
                .for_step(PromptFor::PaymentCardNumber)
                .attempt([1, 2])?
                .card_type([CardType::Visa])
                .append(Say::new("Enter your card number.")),
        )
        .append(Parameter::new("customer", "42"));
    Ok(VoiceResponse::new().append(pay).into_document())
}

fn ai_agent() -> Result<OwnedDocument, BuildError> {
    let relay = ConversationRelay::new("wss://example.com/relay")?
        .welcome_greeting("Hi! How can I help?")
        .welcome_greeting_interruptible(Interruptible::Speech)
        .language("en-US")?
        .tts_provider(TtsProvider::ElevenLabs)
        .transcription_provider(TranscriptionProvider::Deepgram)
        .interruptible(Interruptible::Any)
        .interrupt_sensitivity(InterruptSensitivity::Medium)
        .dtmf_detection(true)
        .report_input_during_agent_speech(Interruptible::None)
        .preemptible(false)
        .hints(["Twilio", "TwiML"])?
        .debug([RelayDebug::Debugging, RelayDebug::SpeakerEvents])
        .elevenlabs_text_normalization(TextNormalization::Auto)
        .append(Language::new("fr-FR")?.tts_provider(TtsProvider::Google).voice("fr-FR-Neural2-A"))
        .append(Parameter::new("customer", "42"));
    Ok(VoiceResponse::new()
        .append(Connect::new().action("https://example.com/after-agent")?.append(relay))
        .into_document())
}

fn media_streams() -> Result<OwnedDocument, BuildError> {
    let start = Start::new()
        .append(
            Stream::new()
                .url("wss://example.com/audio")?
                .name("audio")
                .track(StreamTrack::BothTracks)
                .status_callback("https://example.com/stream-status")?
                .append(Parameter::new("call", "inbound")),
        )
        .append(
            Transcription::new()
                .name("live")
                .status_callback_url("https://example.com/transcription")?
                .language_code("en-US")?
                .track(StreamTrack::InboundTrack)
                .transcription_engine(TranscriptionEngine::Google)
                .partial_results(true)
                .append(Config::new("model", "telephony")),
        )
        .append(
            Siprec::new().name("siprec").connector_name("recorder").track(StreamTrack::BothTracks),
        )
        .append(
            Recording::new()
                .recording_status_callback("https://example.com/recording")?
                .recording_status_callback_event([
                    RecordingEvent::InProgress,
                    RecordingEvent::Completed,
                ])
                .track(RecordingTrack::Inbound)
                .channels(RecordingChannels::Mono)
                .trim(Trim::DoNotTrim),
        );
    Ok(VoiceResponse::new()
        .append(start)
        .append(Say::new("This call is transcribed."))
        .append(Stop::new().append(Stream::new().name("audio")))
        .append(
            Connect::new().append(
                ConnectStream::new()
                    .url("wss://example.com/agent")?
                    .track(ConnectStreamTrack::InboundTrack)
                    .append(Parameter::new("mode", "agent")),
            ),
        )
        .into_document())
}

fn refer() -> Result<OwnedDocument, BuildError> {
    Ok(VoiceResponse::new()
        .append(
            Refer::new()
                .action("https://example.com/referred")?
                .append(ReferSip::new("sip:alice@example.com")),
        )
        .into_document())
}

fn ssml() -> Result<OwnedDocument, BuildError> {
    let say = Say::new("Hello ")
        .voice("Polly.Joanna")?
        .append(Break::new().time(BreakTime::Seconds(1)))
        .text(" and welcome. ")
        .append(Emphasis::new().level(EmphasisLevel::Strong).text("Important:"))
        .append(Paragraph::new().append(Sentence::new().text("First sentence.")).append(
            Sentence::new().text("Second, ").append(Word::new().role("amazon:VB").text("read")),
        ))
        .append(Lang::new("fr-FR")?.text("Bonjour"))
        .append(Phoneme::new("pecan").alphabet(PhonemeAlphabet::Ipa).ph("pɪˈkɑːn"))
        .append(
            Prosody::new()
                .rate(ProsodyRate::Slow)
                .pitch(ProsodyPitch::Percent(-5))
                .volume(ProsodyVolume::Loud)
                .text("slowly"),
        )
        .append(SayAs::new("2025-01-31").interpret_as(InterpretAs::Date).format(DateFormat::Ymd))
        .append(Sub::new("W3C").alias("World Wide Web Consortium"));
    Ok(VoiceResponse::new().append(say).into_document())
}

fn messaging() -> Result<OwnedDocument, BuildError> {
    Ok(MessagingResponse::new()
        .append(Message::new("Thanks for your message!")?)
        .append(
            Message::empty()
                .to("+14155550100")?
                .from("+14155550101")?
                .append(Body::new("Here is the map:")?)
                .append(Media::new("https://example.com/map.png")?),
        )
        .append(Redirect::new("https://example.com/next")?.method(HttpMethod::Post))
        .into_document())
}

fn voice_odds_and_ends() -> Result<OwnedDocument, BuildError> {
    let relay_like =
        Assistant::new().id("assistant-1").language("en-US")?.append(Language::new("multi")?);
    Ok(VoiceResponse::new()
        .version("2010-04-01")
        .append(Play::digits_only("ww3")?)
        .append(Echo::new())
        .append(Leave::new())
        .append(
            Sms::new("Sent during the call")
                .to("+14155550100")?
                .status_callback("https://example.com/sms")?,
        )
        .append(
            Connect::new()
                .append(Room::new("DailyStandup").participant_identity("alice"))
                .append(
                    VirtualAgent::new()
                        .connector_name("cx")
                        .sentiment_analysis(true)
                        .append(VirtualAgentConfig::new(
                            VirtualAgentConfigName::WelcomeIntent,
                            "hello",
                        ))
                        .append(Parameter::new("k", "v")),
                )
                .append(
                    Conversation::new()
                        .service_instance_sid("IS0123456789abcdef0123456789abcdef")
                        .inbound_autocreation(true)
                        .routing_assignment_timeout(30)
                        .status_callback_event([ConversationEvent::CallAnswered]),
                )
                .append(Autopilot::new("UA0123456789abcdef0123456789abcdef"))
                .append(AiSession::new().ai_connector("connector").ai_session_configuration("cfg"))
                .append(
                    ConversationRelaySession::new().connector("relay").session_configuration("cfg"),
                )
                .append(relay_like),
        )
        .append(Hangup::new().append(Parameter::new("reason", "done")))
        .append(Reject::new().append(Parameter::new("why", "test")))
        .into_document())
}

fn fax() -> Result<OwnedDocument, BuildError> {
    let receive = Receive::new()
        .action("https://example.com/fax")?
        .media_type(FaxMediaType::ImageTiff)
        .page_size(PageSize::A4)
        .store_media(false);
    Ok(FaxResponse::new().append(receive).into_document())
}
