//! Valid TwiML documents that every rule must leave alone: each runs through `check_bytes`
//! with the default configuration and must give no finding at all. The documents cover SSML,
//! TwiML Bin templates, comments, non-ASCII voice names and each family of verbs and nouns,
//! so that a rule reporting valid input shows up here by name.

use twiml_lint::{LintConfig, check_bytes};

/// Name and text of each valid document.
const DOCUMENTS: &[(&str, &str)] = &[
    ("empty response", "<Response/>"),
    (
        "empty response with declaration and comment",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Answer a status callback with nothing to do. -->
<Response></Response>
"#,
    ),
    (
        "say with every ssml element",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="Polly.Joanna-Neural" language="en-US">
    <p>
      <s>Welcome to <emphasis level="moderate">Acme</emphasis>.</s>
      <s>Your code is <say-as interpret-as="digits">1234</say-as>.</s>
    </p>
    <break strength="medium"/>
    <prosody rate="90%" pitch="-5%" volume="+2dB">Please listen carefully.</prosody>
    <break time="500ms"/>
    <lang xml:lang="fr-FR">Bonjour</lang> and <sub alias="World Wide Web Consortium">W3C</sub>.
    You say <phoneme alphabet="ipa" ph="pɪˈkɑːn">pecan</phoneme>.
    I <w role="amazon:VBD">read</w> the book.
  </Say>
</Response>
"#,
    ),
    (
        "non-ascii polly voices",
        r#"<Response>
  <Say voice="Polly.Mía-Generative" language="es-MX">Hola, gracias por llamar.</Say>
  <Say voice="Polly.Rémi-Generative" language="fr-FR">Merci de votre appel.</Say>
  <Say voice="Polly.Lea" language="fr-FR">Au revoir.</Say>
</Response>
"#,
    ),
    (
        "google and basic voices",
        r#"<Response>
  <Say voice="Google.en-US-Chirp3-HD-Aoede">Hello from Chirp.</Say>
  <Say voice="Google.en-GB-Neural2-B" language="en-GB">Hello from London.</Say>
  <Say voice="Google.de-DE-Wavenet-F" language="de-DE">Hallo.</Say>
  <Say voice="man" loop="2">Goodbye.</Say>
  <Say voice="woman">Goodbye.</Say>
</Response>
"#,
    ),
    (
        "gather menu with action on empty result",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="1" timeout="10" finishOnKey="" actionOnEmptyResult="true" method="POST" action="https://example.com/ivr/menu">
    <Say>For sales, press 1. For support, press 2.</Say>
    <Pause length="1"/>
    <Play loop="1">https://example.com/audio/menu.mp3</Play>
  </Gather>
</Response>
"#,
    ),
    (
        "gather speech",
        r#"<Response>
  <Gather input="dtmf speech" speechTimeout="auto" speechModel="phone_call" language="en-GB" hints="billing, technical support, cancel" profanityFilter="false" partialResultCallback="https://example.com/partial" action="https://example.com/speech">
    <Say voice="Polly.Amy-Neural" language="en-GB">How can we help you today?</Say>
  </Gather>
  <Say>We did not hear anything. Goodbye.</Say>
</Response>
"#,
    ),
    (
        "dial a number with options",
        r#"<Response>
  <Dial callerId="+14155550199" timeout="20" timeLimit="3600" answerOnBridge="true" record="record-from-answer-dual" recordingStatusCallback="https://example.com/recording" recordingStatusCallbackEvent="in-progress completed" ringTone="uk">
    <Number sendDigits="wwww1928" statusCallbackEvent="initiated ringing answered completed" statusCallback="https://example.com/events" statusCallbackMethod="POST">+14155550100</Number>
  </Dial>
</Response>
"#,
    ),
    (
        "dial every noun",
        r#"<Response>
  <Dial action="https://example.com/after-dial" method="GET">
    <Number url="https://example.com/whisper">+14155550100</Number>
    <Client>
      <Identity>alice</Identity>
      <Parameter name="ticket" value="1234"/>
    </Client>
    <Sip username="admin" password="secret">sip:bob@example.com;transport=tls</Sip>
  </Dial>
</Response>
"#,
    ),
    (
        "dial a conference",
        r#"<Response>
  <Dial>
    <Conference muted="false" beep="onEnter" startConferenceOnEnter="true" endConferenceOnExit="true" waitUrl="" maxParticipants="10" record="record-from-start" region="ie1" trim="trim-silence" statusCallbackEvent="start end join leave" statusCallback="https://example.com/conference">standup</Conference>
  </Dial>
</Response>
"#,
    ),
    (
        "dial a queue",
        r#"<Response>
  <Dial>
    <Queue url="https://example.com/about-to-connect">support</Queue>
  </Dial>
</Response>
"#,
    ),
    (
        "dial a bare number",
        r#"<Response>
  <Dial hangupOnStar="true" sequential="false">415-555-0100</Dial>
</Response>
"#,
    ),
    (
        "dial an application",
        r#"<Response>
  <Dial>
    <Application copyParentTo="true">
      <ApplicationSid>AP0123456789abcdef0123456789abcdef</ApplicationSid>
      <Parameter name="accountId" value="42"/>
    </Application>
  </Dial>
</Response>
"#,
    ),
    (
        "enqueue with a task",
        r#"<Response>
  <Enqueue workflowSid="WW0123456789abcdef0123456789abcdef">
    <Task priority="5" timeout="200">{"selected_language": "es", "type": "support"}</Task>
  </Enqueue>
</Response>
"#,
    ),
    (
        "enqueue by name with hold music",
        r#"<Response>
  <Enqueue waitUrl="https://example.com/hold" waitUrlMethod="GET" action="https://example.com/queue-result">support</Enqueue>
</Response>
"#,
    ),
    (
        "queue wait document",
        r"<Response>
  <Say>You are caller number {{QueuePosition}}.</Say>
  <Play>https://example.com/audio/hold.mp3</Play>
  <Leave/>
</Response>
",
    ),
    (
        "pay with prompts",
        r#"<Response>
  <Pay paymentConnector="Stripe_Connector" chargeAmount="10.50" currency="usd" tokenType="one-time" validCardTypes="visa mastercard amex" maxAttempts="3" action="https://example.com/pay">
    <Prompt for="payment-card-number">
      <Say>Please enter your card number.</Say>
    </Prompt>
    <Prompt for="payment-card-number" errorType="invalid-card-number" attempt="1 2">
      <Say>That card number was not valid. Please try again.</Say>
    </Prompt>
    <Prompt for="security-code" cardType="amex">
      <Say>Please enter the four digit code on the front of your card.</Say>
    </Prompt>
    <Parameter name="invoice" value="INV-1001"/>
  </Pay>
</Response>
"#,
    ),
    (
        "connect a stream",
        r#"<Response>
  <Connect action="https://example.com/after-stream">
    <Stream url="wss://example.com/audio" name="agent-audio" track="inbound_track" statusCallback="https://example.com/stream-status">
      <Parameter name="customer" value="Acme"/>
    </Stream>
  </Connect>
</Response>
"#,
    ),
    (
        "connect conversation relay",
        r#"<Response>
  <Connect>
    <ConversationRelay url="wss://example.com/relay" welcomeGreeting="Hi! How can I help?" ttsProvider="ElevenLabs" transcriptionProvider="Deepgram" interruptible="speech" dtmfDetection="true">
      <Language code="es-ES" ttsProvider="Google" voice="es-ES-Neural2-B"/>
      <Parameter name="tier" value="gold"/>
    </ConversationRelay>
  </Connect>
</Response>
"#,
    ),
    (
        "connect a video room and a virtual agent",
        r#"<Response>
  <Connect>
    <Room participantIdentity="caller">support-room</Room>
  </Connect>
  <Connect>
    <VirtualAgent connectorName="dialogflow-cx" language="en-US" sentimentAnalysis="true" statusCallback="https://example.com/agent">
      <Config name="welcomeIntent" value="greeting"/>
    </VirtualAgent>
  </Connect>
</Response>
"#,
    ),
    (
        "start transcription, stream and recording",
        r#"<Response>
  <Start>
    <Transcription name="live" statusCallbackUrl="https://example.com/transcripts" track="both_tracks" languageCode="en-US" partialResults="true"/>
    <Stream name="fork" url="wss://example.com/fork" track="both_tracks"/>
    <Recording recordingStatusCallback="https://example.com/rec" recordingStatusCallbackEvent="completed" trim="do-not-trim" channels="dual"/>
  </Start>
  <Say>This call is transcribed and recorded.</Say>
  <Dial>+14155550100</Dial>
</Response>
"#,
    ),
    (
        "stop a stream and siprec",
        r#"<Response>
  <Start>
    <Siprec name="recorder" connectorName="siprec-connector" track="both_tracks">
      <Parameter name="caseId" value="42"/>
    </Siprec>
  </Start>
  <Say>Recording started.</Say>
  <Stop>
    <Siprec name="recorder"/>
  </Stop>
</Response>
"#,
    ),
    (
        "record a voicemail",
        r##"<Response>
  <Say>Please leave a message after the beep.</Say>
  <Record action="https://example.com/voicemail" maxLength="120" timeout="5" finishOnKey="#" playBeep="true" transcribe="true" transcribeCallback="https://example.com/transcription" trim="trim-silence"/>
</Response>
"##,
    ),
    (
        "reject busy",
        r#"<Response>
  <Reject reason="busy"/>
</Response>
"#,
    ),
    (
        "say, play digits and hang up",
        r#"<Response>
  <Play digits="ww1234#"></Play>
  <Say>Thank you. Goodbye.</Say>
  <Hangup/>
</Response>
"#,
    ),
    (
        "redirect with get",
        r#"<Response>
  <Pause length="2"/>
  <Redirect method="GET">https://example.com/next.xml</Redirect>
</Response>
"#,
    ),
    (
        "refer a sip call",
        r#"<Response>
  <Refer action="https://example.com/refer-result" method="POST">
    <Sip>sip:agent@example.com?User-to-User=123456789%3Bencoding%3Dhex</Sip>
  </Refer>
</Response>
"#,
    ),
    (
        "messaging with body and media",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Message action="https://example.com/message-status" method="POST">
    <Body>Here is the map to our store.</Body>
    <Media>https://example.com/images/map.png</Media>
  </Message>
</Response>
"#,
    ),
    (
        "messaging reply and redirect",
        r#"<Response>
  <Message to="+14155550100" from="+14155550199">Thanks for your message, {{From}}.</Message>
  <Redirect method="POST">https://example.com/sms-next</Redirect>
</Response>
"#,
    ),
    (
        "twiml bin forwarding with e164",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Dial callerId="{{#e164}}{{From}}{{/e164}}">{{#e164}}{{To}}{{/e164}}</Dial>
</Response>
"#,
    ),
    (
        "twiml bin simultaneous ring",
        r#"<Response>
  <Dial timeout="{{Timeout}}">
    {{#Dest}}<Number>{{.}}</Number>{{/Dest}}
  </Dial>
</Response>
"#,
    ),
    (
        "templates in text and attributes",
        r#"<Response>
  <Say voice="{{Voice}}" language="{{ Language }}">Hello {{Name}}, your appointment is on {{Date}}.</Say>
  <Gather numDigits="{{Digits}}" action="https://example.com/confirm?id={{Id}}">
    <Say>Press 1 to confirm.</Say>
  </Gather>
  {{#Voicemail}}
  <Record maxLength="60"/>
  {{/Voicemail}}
</Response>
"#,
    ),
    (
        "comments everywhere",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- main menu -->
<Response>
  <!-- greet -->
  <Say><!-- before -->Welcome<!-- between --> <break time="1s"/><!-- after --></Say>
  <Gather action="https://example.com/menu"><!-- inside gather -->
    <Say>Press 1.</Say><!-- after say -->
  </Gather>
  <Dial><!-- inside dial --><Number>+14155550100</Number></Dial>
  <!-- end -->
</Response>
<!-- trailing comment -->
"#,
    ),
];

#[test]
fn valid_documents_give_no_findings() {
    let config = LintConfig::default();
    let mut failures = Vec::new();
    for (name, document) in DOCUMENTS {
        let checked = check_bytes(document.as_bytes(), &config);
        for finding in &checked.findings {
            let text = checked.source.get(finding.span.start..finding.span.end).unwrap_or("");
            failures.push(format!(
                "{name}: {} at {}..{} `{text}`: {}",
                finding.rule, finding.span.start, finding.span.end, finding.message
            ));
        }
    }
    assert!(failures.is_empty(), "findings on valid documents:\n{}", failures.join("\n"));
}
