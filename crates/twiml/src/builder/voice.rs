//! The Voice response and its verbs, except `<Dial>` (in `dial`) and `<Connect>`, `<Start>`
//! and `<Stop>` (in `connect`).

use crate::builder::{
    BankAccountType, Break, Connect, Dial, Emphasis, Lang, Paragraph, Phoneme, Prosody, SayAs,
    Sentence, Start, Stop, Sub, Word,
};
use crate::builder::{
    BuildError, CardType, GatherInput, InputTimeout, PayInput, PaymentMethod, PromptFor,
    RecordingEvent, RejectReason, SpeechModel, TokenType, Trim, attributes, check_text, children,
    element, mixed_text, new_empty, push_text,
};

element! {
    @response
    /// A `<Response>` for a voice call. Its verbs run in order.
    VoiceResponse
}

attributes!(VoiceResponse {
    /// Sets `version`. Deprecated: an attribute of the 2008 TwiML schema that current
    /// documents leave out.
    version: text = "version";
});

children!(VoiceResponse:
    Say, Play, Pause, Gather, Dial, Record, Redirect, Reject, Hangup, Enqueue, Leave, Pay, Refer,
    Connect, Start, Stop, Echo, Sms,
);

element! {
    /// `<Say>`: speaks text, which may mix with SSML elements.
    Say = "Say" in "Response"
}

impl Say {
    /// Speaks `text`, whitespace included. Add SSML with [`append`](Say::append) and more
    /// text with [`text`](Say::text).
    ///
    /// NOTE: Twilio limits the text by voice: 4096 characters for basic voices, 3000 for
    /// Polly and 5000 for Google. The builder does not check these limits, the linter does.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Say {
        Say::empty_element().text(text)
    }
}

mixed_text!(Say);

attributes!(Say {
    /// Sets `voice`: `man`, `woman`, `Polly.<Name>[-Neural|-Generative]` or
    /// `Google.<language>-<model>-<name>`.
    voice: checked = "voice";
    /// Sets `language`, such as `en-GB`; the default is `en-US`.
    language: checked = "language";
    /// Sets `loop`: how many times to speak; `0` repeats until the call ends.
    loop_count: count = "loop";
});

children!(Say: Break, Emphasis, Lang, Paragraph, Phoneme, Prosody, Sentence, SayAs, Sub, Word);

element! {
    /// `<Play>`: plays an audio file, or DTMF tones with [`digits`](Play::digits).
    Play = "Play" in "Response"
}

impl Play {
    /// Plays the audio file at `url`. Fails when the URL is empty or not one Twilio can
    /// request.
    pub fn new(url: impl Into<String>) -> Result<Play, BuildError> {
        let url = url.into();
        if url.is_empty() {
            return Err(BuildError::InvalidText {
                element: "Play",
                text: url,
                expected: "a URL; for DTMF tones alone use `Play::digits_only`".to_owned(),
            });
        }
        check_text(Play::NAME_AND_PARENT, &url)?;
        let mut play = Play::empty_element();
        push_text(&mut play.element, url);
        Ok(play)
    }

    /// Plays the DTMF tones `digits` and no audio file, such as `ww1234`: `0-9`, `A-D`,
    /// `#`, `*`, and `w` or `W` for a pause.
    pub fn digits_only(digits: impl Into<String>) -> Result<Play, BuildError> {
        Play::empty_element().digits(digits)
    }
}

attributes!(Play {
    /// Sets `loop`: how many times to play; `0` repeats until the call ends.
    loop_count: count = "loop";
    /// Sets `digits`: DTMF tones to play, `0-9`, `A-D`, `#`, `*`, and `w` or `W` for a pause.
    /// Twilio rejects it on a `<Play>` inside `<Gather>`.
    digits: checked = "digits";
});

element! {
    /// `<Pause>`: waits in silence.
    Pause = "Pause" in "Response"
}

new_empty!(Pause, "Creates a one-second pause.");

attributes!(Pause {
    /// Sets `length` in seconds, at least 1.
    length: int = "length";
});

element! {
    /// `<Gather>`: collects digits or speech while its nested `<Say>`, `<Play>` and `<Pause>`
    /// run, then requests `action` with the input.
    Gather = "Gather" in "Response"
}

new_empty!(
    Gather,
    "Creates a `<Gather>` with Twilio's defaults: DTMF input, `action` the current document."
);

attributes!(Gather {
    /// Sets `action`: the URL Twilio requests with the input; by default the current document.
    action: checked = "action";
    /// Sets `method` for `action`; the default is POST.
    method: method = "method";
    /// Sets `actionOnEmptyResult`: whether `action` is requested even without input.
    action_on_empty_result: flag = "actionOnEmptyResult";
    /// Sets `finishOnKey`: one key out of `0-9`, `#` and `*` that ends input, or `""` for none.
    finish_on_key: checked = "finishOnKey";
    /// Sets `input`: DTMF, speech, or both.
    input: list(GatherInput) = "input";
    /// Sets `numDigits`: how many digits to collect, at least 1.
    num_digits: int = "numDigits";
    /// Sets `timeout`: seconds of silence before the input ends.
    timeout: value(InputTimeout) = "timeout";
    /// Sets `speechTimeout`: seconds of silence before speech input ends, or `auto`.
    speech_timeout: value(InputTimeout) = "speechTimeout";
    /// Sets `speechModel`.
    speech_model: value(SpeechModel) = "speechModel";
    /// Sets `language` of the speech to recognize, such as `en-GB`.
    language: checked = "language";
    /// Sets `hints`: words and phrases to expect, at most 500 of at most 100 characters.
    hints: comma_list = "hints";
    /// Sets `profanityFilter`.
    profanity_filter: flag = "profanityFilter";
    /// Sets `partialResultCallback`: a URL that receives partial speech results.
    partial_result_callback: checked = "partialResultCallback";
    /// Sets `partialResultCallbackMethod`.
    partial_result_callback_method: method = "partialResultCallbackMethod";
    /// Sets `enhanced`. Deprecated: it applies only to the Google STT V1 `phone_call` model;
    /// choose a [`speech_model`](Gather::speech_model) instead.
    enhanced: flag = "enhanced";
    /// Sets `bargeIn`, which the helper libraries write but Twilio does not document.
    barge_in: flag = "bargeIn";
    /// Sets `maxSpeechTime` in seconds, which the helper libraries write but Twilio does not
    /// document.
    max_speech_time: int = "maxSpeechTime";
    /// Sets `debug`, which the helper libraries write but Twilio does not document.
    debug: flag = "debug";
});

children!(Gather: Say, Play, Pause);

element! {
    /// `<Record>`: records the caller and requests `action` with the recording.
    Record = "Record" in "Response"
}

new_empty!(Record, "Creates a `<Record>` with Twilio's defaults.");

attributes!(Record {
    /// Sets `action`: the URL Twilio requests with the recording; by default the current
    /// document.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
    /// Sets `timeout`: seconds of silence that end the recording; `0` turns it off.
    timeout: count = "timeout";
    /// Sets `finishOnKey`: keys out of `0-9`, `#` and `*` that end the recording.
    finish_on_key: checked = "finishOnKey";
    /// Sets `maxLength` in seconds, from 1 to 86400 (above 14400 needs the 24-hour setting).
    max_length: int = "maxLength";
    /// Sets `playBeep`.
    play_beep: flag = "playBeep";
    /// Sets `trim`.
    trim: value(Trim) = "trim";
    /// Sets `recordingStatusCallback`.
    recording_status_callback: checked = "recordingStatusCallback";
    /// Sets `recordingStatusCallbackMethod`.
    recording_status_callback_method: method = "recordingStatusCallbackMethod";
    /// Sets `recordingStatusCallbackEvent`.
    recording_status_callback_event: list(RecordingEvent) = "recordingStatusCallbackEvent";
    /// Sets `transcribe`.
    transcribe: flag = "transcribe";
    /// Sets `transcribeCallback`; Twilio needs [`transcribe`](Record::transcribe) too.
    transcribe_callback: checked = "transcribeCallback";
    /// Sets `recordingConfigurationId`.
    recording_configuration_id: text = "recordingConfigurationId";
});

element! {
    /// `<Redirect>`: hands the call or message to the TwiML at a URL. Verbs after it never
    /// run.
    Redirect = "Redirect" in "Response"
}

impl Redirect {
    /// Redirects to `url`. Fails when the URL is not one Twilio can request.
    pub fn new(url: impl Into<String>) -> Result<Redirect, BuildError> {
        let url = url.into();
        check_text(Redirect::NAME_AND_PARENT, &url)?;
        let mut redirect = Redirect::empty_element();
        push_text(&mut redirect.element, url);
        Ok(redirect)
    }
}

attributes!(Redirect {
    /// Sets `method`.
    method: method = "method";
});

element! {
    /// `<Reject>`: declines the call. It leaves the call unanswered only as the first verb.
    Reject = "Reject" in "Response"
}

new_empty!(Reject, "Creates a `<Reject>` that plays Twilio's not-in-service tone.");

attributes!(Reject {
    /// Sets `reason`.
    reason: value(RejectReason) = "reason";
});

children!(Reject: Parameter);

element! {
    /// `<Hangup>`: ends the call.
    Hangup = "Hangup" in "Response"
}

new_empty!(Hangup, "Creates a `<Hangup>`.");

children!(Hangup: Parameter);

element! {
    /// `<Enqueue>`: puts the caller in a queue.
    Enqueue = "Enqueue" in "Response"
}

impl Enqueue {
    /// Enqueues the caller in the queue `name`, at most 64 characters.
    pub fn new(name: impl Into<String>) -> Result<Enqueue, BuildError> {
        let name = name.into();
        check_text(Enqueue::NAME_AND_PARENT, &name)?;
        let mut enqueue = Enqueue::empty_element();
        push_text(&mut enqueue.element, name);
        Ok(enqueue)
    }

    /// Hands the caller to the `TaskRouter` workflow `workflow_sid` (`WW…`), which needs no
    /// queue name.
    pub fn workflow(workflow_sid: impl Into<String>) -> Result<Enqueue, BuildError> {
        Enqueue::empty_element().workflow_sid(workflow_sid)
    }
}

attributes!(Enqueue {
    /// Sets `action`: the URL requested when the caller leaves the queue.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
    /// Sets `waitUrl`: audio or TwiML played while the caller waits; `""` for silence.
    wait_url: checked = "waitUrl";
    /// Sets `waitUrlMethod`.
    wait_url_method: method = "waitUrlMethod";
    /// Sets `workflowSid`: a `TaskRouter` workflow, `WW` and 32 hexadecimal digits.
    workflow_sid: checked = "workflowSid";
    /// Sets `maxQueueSize`, which the helper libraries write but Twilio does not document.
    max_queue_size: int = "maxQueueSize";
});

children!(Enqueue: Task);

element! {
    /// `<Task>`: the `TaskRouter` task attributes of an `<Enqueue>`, as JSON.
    Task = "Task" in "Enqueue"
}

impl Task {
    /// Creates a task with the JSON attributes `json`, such as `{"language":"fr"}`.
    #[must_use]
    pub fn new(json: impl Into<String>) -> Task {
        let mut task = Task::empty_element();
        push_text(&mut task.element, json.into());
        task
    }
}

attributes!(Task {
    /// Sets `priority`.
    priority: count = "priority";
    /// Sets `timeout` in seconds, at least 1.
    timeout: int = "timeout";
});

element! {
    /// `<Leave>`: takes the caller out of the queue, in a queue's wait document.
    Leave = "Leave" in "Response"
}

new_empty!(Leave, "Creates a `<Leave>`.");

element! {
    /// `<Pay>`: collects a payment.
    Pay = "Pay" in "Response"
}

new_empty!(
    Pay,
    "Creates a `<Pay>` with Twilio's defaults: a credit card, through the `Default` connector."
);

attributes!(Pay {
    /// Sets `input`.
    input: value(PayInput) = "input";
    /// Sets `action`: the `https` URL requested with the result.
    action: checked = "action";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
    /// Sets `statusCallbackMethod`.
    status_callback_method: method = "statusCallbackMethod";
    /// Sets `paymentMethod`.
    payment_method: value(PaymentMethod) = "paymentMethod";
    /// Sets `bankAccountType`.
    bank_account_type: value(BankAccountType) = "bankAccountType";
    /// Sets `timeout`: seconds to wait for each key, at least 1.
    timeout: int = "timeout";
    /// Sets `maxAttempts`, from 1 to 3.
    max_attempts: int = "maxAttempts";
    /// Sets `securityCode`: whether to ask for the card's security code.
    security_code: flag = "securityCode";
    /// Sets `postalCode`: `true`, `false`, or the postal code itself.
    postal_code: text = "postalCode";
    /// Sets `minPostalCodeLength`, at least 1.
    min_postal_code_length: int = "minPostalCodeLength";
    /// Sets `paymentConnector`: the unique name of a connector.
    payment_connector: text = "paymentConnector";
    /// Sets `tokenType`.
    token_type: value(TokenType) = "tokenType";
    /// Sets `chargeAmount`: a decimal amount from 0 to 1000000, such as `10.50`; without it
    /// the card is tokenized, not charged.
    charge_amount: checked = "chargeAmount";
    /// Sets `currency`, such as `usd`.
    currency: text = "currency";
    /// Sets `language` of the prompts, such as `en-US`.
    language: checked = "language";
    /// Sets `description`.
    description: text = "description";
    /// Sets `validCardTypes`.
    valid_card_types: list(CardType) = "validCardTypes";
});

children!(Pay: Prompt, Parameter);

element! {
    /// `<Prompt>`: replaces a `<Pay>` prompt with its own `<Say>`, `<Play>` and `<Pause>`.
    Prompt = "Prompt" in "Pay"
}

new_empty!(
    Prompt,
    "Creates a `<Prompt>`; set the step it replaces with [`for_step`](Prompt::for_step)."
);

attributes!(Prompt {
    /// Sets `for`: the step of the payment this prompt is for.
    for_step: value(PromptFor) = "for";
    /// Sets `errorType`: the errors this prompt is played after, space-separated, such as
    /// `timeout invalid-card-number`.
    error_type: text = "errorType";
    /// Sets `cardType`: the card types this prompt is played for.
    card_type: list(CardType) = "cardType";
    /// Sets `attempt`: the attempts this prompt is played on, each from 1 to 3.
    attempt: int_list = "attempt";
    /// Sets `requireMatchingInputs`.
    require_matching_inputs: flag = "requireMatchingInputs";
});

children!(Prompt: Say, Play, Pause);

element! {
    /// `<Refer>`: transfers a SIP call with a SIP REFER.
    Refer = "Refer" in "Response"
}

new_empty!(Refer, "Creates a `<Refer>`; append the target as a [`ReferSip`].");

attributes!(Refer {
    /// Sets `action`: the URL requested with the result of the transfer.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
});

children!(Refer: ReferSip);

element! {
    /// `<Sip>` inside `<Refer>`: the SIP URI to transfer to.
    ReferSip = "Sip" in "Refer"
}

impl ReferSip {
    /// Transfers to the SIP URI `uri`, such as `sip:alice@example.com`.
    #[must_use]
    pub fn new(uri: impl Into<String>) -> ReferSip {
        let mut sip = ReferSip::empty_element();
        push_text(&mut sip.element, uri.into());
        sip
    }
}

element! {
    /// `<Echo>`: plays the caller's audio back, which the helper libraries write but Twilio
    /// does not document.
    Echo = "Echo" in "Response"
}

new_empty!(Echo, "Creates an `<Echo>`.");

element! {
    /// `<Sms>`: sends a text message during a call. Deprecated: send messages with the
    /// Messages REST API instead.
    Sms = "Sms" in "Response"
}

impl Sms {
    /// Sends `body`.
    #[must_use]
    pub fn new(body: impl Into<String>) -> Sms {
        let mut sms = Sms::empty_element();
        push_text(&mut sms.element, body.into());
        sms
    }
}

attributes!(Sms {
    /// Sets `to`.
    to: checked = "to";
    /// Sets `from`.
    from: checked = "from";
    /// Sets `action`.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
    /// Sets `statusCallback`.
    status_callback: checked = "statusCallback";
});

element! {
    /// `<Parameter>`: a name and value passed on to a client, application, stream or payment
    /// connector.
    Parameter = "Parameter" in "Client"
}

impl Parameter {
    /// Creates the parameter `name` with `value`.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Parameter {
        Parameter::empty_element().set_name_value(name.into(), value.into())
    }

    fn set_name_value(mut self, name: String, value: String) -> Parameter {
        crate::builder::set_attribute(&mut self.element, "name", crate::builder::clean(name));
        crate::builder::set_attribute(&mut self.element, "value", crate::builder::clean(value));
        self
    }

    fn sample_new() -> Parameter {
        Parameter::new("name", "value")
    }
}

attributes!(Parameter {
    /// Set by [`Parameter::new`].
    new: new = "name";
    /// Set by [`Parameter::new`].
    new: new = "value";
});
