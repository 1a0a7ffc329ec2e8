//! The enumerated attribute values of TwiML as Rust enums, each written exactly as Twilio
//! spells it. Values with a number in them ([`BreakTime`], [`ProsodyRate`], …) carry it.

use std::fmt;

use crate::builder::Samples;

/// Declares an enumeration of attribute values: the enum, `ALL`, `as_str` and `Display`.
macro_rules! value_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[doc = $doc:literal])* $variant:ident = $text:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`")]
                $(#[doc = ""] #[doc = $doc])*
                $variant,
            )*
        }

        impl $name {
            /// Every value, in the order Twilio's reference lists them.
            pub const ALL: &'static [$name] = &[$( $name::$variant ),*];

            /// Returns the value as TwiML writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl Samples for $name {
            fn samples() -> Vec<$name> {
                $name::ALL.to_vec()
            }
        }
    };
}

value_enum! {
    /// Call-progress events of a dialed party (`statusCallbackEvent` on `<Number>`, `<Client>`,
    /// `<Sip>`, `<Application>` and `<WhatsApp>`).
    CallProgressEvent {
        Initiated = "initiated",
        Ringing = "ringing",
        Answered = "answered",
        Completed = "completed",
    }
}

value_enum! {
    /// Recording events a `recordingStatusCallback` is requested for.
    RecordingEvent { InProgress = "in-progress", Completed = "completed", Absent = "absent" }
}

value_enum! {
    /// Whether silence at the start and end of a recording is removed.
    Trim { TrimSilence = "trim-silence", DoNotTrim = "do-not-trim" }
}

value_enum! {
    /// The audio track of a Media Stream, SIPREC session or real-time transcription.
    StreamTrack {
        InboundTrack = "inbound_track",
        OutboundTrack = "outbound_track",
        BothTracks = "both_tracks",
    }
}

value_enum! {
    /// The audio track of a bidirectional `<Connect><Stream>`, which can only be the inbound
    /// one.
    ConnectStreamTrack { InboundTrack = "inbound_track" }
}

value_enum! {
    /// The audio track of a `<Dial>` recording or a `<Recording>`.
    RecordingTrack { Inbound = "inbound", Outbound = "outbound", Both = "both" }
}

value_enum! {
    /// Answering machine detection on a dialed number or SIP endpoint.
    MachineDetection {
        /// Return as soon as a human or machine is detected.
        Enable = "Enable",
        /// Wait for the end of a machine's greeting, to leave a message.
        DetectMessageEnd = "DetectMessageEnd",
    }
}

value_enum! {
    /// Whether and from when a `<Dial>` is recorded. Twilio also accepts `true` for
    /// `record-from-answer` and `false` for `do-not-record`.
    DialRecord {
        DoNotRecord = "do-not-record",
        RecordFromAnswer = "record-from-answer",
        RecordFromRinging = "record-from-ringing",
        RecordFromAnswerDual = "record-from-answer-dual",
        RecordFromRingingDual = "record-from-ringing-dual",
    }
}

value_enum! {
    /// The country whose ringback tone the caller hears while a `<Dial>` rings.
    RingTone {
        At = "at", Au = "au", Bg = "bg", Br = "br", Be = "be", Ch = "ch", Cl = "cl", Cn = "cn",
        Cz = "cz", De = "de", Dk = "dk", Ee = "ee", Es = "es", Fi = "fi", Fr = "fr", Gr = "gr",
        Hu = "hu", Il = "il", In = "in", It = "it", Lt = "lt", Jp = "jp", Mx = "mx", My = "my",
        Nl = "nl", No = "no", Nz = "nz", Ph = "ph", Pl = "pl", Pt = "pt", Ru = "ru", Se = "se",
        Sg = "sg", Th = "th", Uk = "uk", Us = "us",
        /// The older United States tone.
        UsOld = "us-old",
        Tw = "tw", Ve = "ve", Za = "za",
    }
}

value_enum! {
    /// The kinds of input a `<Gather>` listens for.
    GatherInput { Dtmf = "dtmf", Speech = "speech" }
}

value_enum! {
    /// A speech recognition model for `<Gather>`. Other Deepgram models (`deepgram_…`) can be
    /// written with `unchecked_attribute`.
    SpeechModel {
        Default = "default",
        NumbersAndCommands = "numbers_and_commands",
        PhoneCall = "phone_call",
        ExperimentalConversations = "experimental_conversations",
        ExperimentalUtterances = "experimental_utterances",
        GoogleV2Long = "googlev2_long",
        GoogleV2Short = "googlev2_short",
        GoogleV2Telephony = "googlev2_telephony",
        GoogleV2TelephonyShort = "googlev2_telephony_short",
        DeepgramNova2 = "deepgram_nova-2",
        DeepgramNova3 = "deepgram_nova-3",
    }
}

value_enum! {
    /// When a `<Conference>` beeps.
    ConferenceBeep {
        True = "true",
        False = "false",
        /// Only when a participant joins.
        OnEnter = "onEnter",
        /// Only when a participant leaves.
        OnExit = "onExit",
    }
}

value_enum! {
    /// The jitter buffer of a conference participant.
    JitterBufferSize { Small = "small", Medium = "medium", Large = "large", Off = "off" }
}

value_enum! {
    /// Whether a `<Conference>` is recorded.
    ConferenceRecord { DoNotRecord = "do-not-record", RecordFromStart = "record-from-start" }
}

value_enum! {
    /// The region a `<Conference>` is mixed in.
    ConferenceRegion {
        Us1 = "us1", Us2 = "us2", Ie1 = "ie1", De1 = "de1", Sg1 = "sg1", Br1 = "br1",
        Au1 = "au1", Jp1 = "jp1",
    }
}

value_enum! {
    /// Conference events a `statusCallback` is requested for.
    ConferenceEvent {
        Start = "start", End = "end", Join = "join", Leave = "leave", Mute = "mute",
        Hold = "hold", Modify = "modify", Speaker = "speaker", Announcement = "announcement",
    }
}

value_enum! {
    /// The tone a `<Reject>` plays.
    RejectReason {
        /// A not-in-service tone.
        Rejected = "rejected",
        /// A busy tone.
        Busy = "busy",
    }
}

value_enum! {
    /// The input a caller enters payment details with.
    PayInput { Dtmf = "dtmf" }
}

value_enum! {
    /// The kind of payment a `<Pay>` collects.
    PaymentMethod { AchDebit = "ach-debit", CreditCard = "credit-card" }
}

value_enum! {
    /// The kind of bank account for an ACH debit.
    BankAccountType {
        ConsumerChecking = "consumer-checking",
        ConsumerSavings = "consumer-savings",
        CommercialChecking = "commercial-checking",
        CommercialSavings = "commercial-savings",
    }
}

value_enum! {
    /// The kind of token a `<Pay>` requests from the payment connector.
    TokenType {
        OneTime = "one-time",
        Reusable = "reusable",
        /// Stripe only.
        PaymentMethod = "payment-method",
    }
}

value_enum! {
    /// A card brand.
    CardType {
        Visa = "visa", Mastercard = "mastercard", Amex = "amex", Maestro = "maestro",
        Discover = "discover", Optima = "optima", Jcb = "jcb", DinersClub = "diners-club",
        Enroute = "enroute",
    }
}

value_enum! {
    /// The step of a `<Pay>` that a `<Prompt>` replaces the default prompt of.
    PromptFor {
        PaymentCardNumber = "payment-card-number",
        ExpirationDate = "expiration-date",
        SecurityCode = "security-code",
        PostalCode = "postal-code",
        PaymentProcessing = "payment-processing",
        BankAccountNumber = "bank-account-number",
        BankRoutingNumber = "bank-routing-number",
    }
}

value_enum! {
    /// Call events a `<Conversation>` `statusCallback` is requested for.
    ConversationEvent {
        CallInitiated = "call-initiated",
        CallRinging = "call-ringing",
        CallAnswered = "call-answered",
        CallCompleted = "call-completed",
    }
}

value_enum! {
    /// The caller input that interrupts ConversationRelay speech. Twilio also accepts `true` for
    /// `any` and `false` for `none`.
    Interruptible { None = "none", Dtmf = "dtmf", Speech = "speech", Any = "any" }
}

value_enum! {
    /// The sensitivity of ConversationRelay speech to interruption by the caller.
    InterruptSensitivity { Low = "low", Medium = "medium", High = "high" }
}

value_enum! {
    /// A text-to-speech provider of ConversationRelay.
    TtsProvider { Google = "Google", Amazon = "Amazon", ElevenLabs = "ElevenLabs" }
}

value_enum! {
    /// A speech-to-text provider of ConversationRelay.
    TranscriptionProvider { Google = "Google", Deepgram = "Deepgram" }
}

value_enum! {
    /// A ConversationRelay debug channel.
    RelayDebug {
        Debugging = "debugging",
        SpeakerEvents = "speaker-events",
        TokensPlayed = "tokens-played",
    }
}

value_enum! {
    /// ElevenLabs text normalization.
    TextNormalization { On = "on", Auto = "auto", Off = "off" }
}

value_enum! {
    /// The engine of a real-time `<Transcription>`.
    TranscriptionEngine { Google = "google", Deepgram = "deepgram" }
}

value_enum! {
    /// Whether a `<Recording>` keeps the two legs apart.
    RecordingChannels { Mono = "mono", Dual = "dual" }
}

value_enum! {
    /// A setting of a Dialogflow CX `<VirtualAgent>` passed in `<Config>`.
    VirtualAgentConfigName {
        Language = "language",
        SentimentAnalysis = "sentimentAnalysis",
        VoiceName = "voiceName",
        WelcomeIntent = "welcomeIntent",
        VoiceModel = "voiceModel",
        SpeechModel = "speechModel",
        SpeechModelVariant = "speechModelVariant",
        ResumeEndUserId = "resumeEndUserId",
        ResumeEventName = "resumeEventName",
    }
}

value_enum! {
    /// The format a received fax is stored in.
    FaxMediaType { ApplicationPdf = "application/pdf", ImageTiff = "image/tiff" }
}

value_enum! {
    /// The paper size of a received fax.
    PageSize { Letter = "letter", Legal = "legal", A4 = "a4" }
}

value_enum! {
    /// The strength of an SSML `<break>`.
    BreakStrength {
        None = "none", XWeak = "x-weak", Weak = "weak", Medium = "medium", Strong = "strong",
        XStrong = "x-strong",
    }
}

value_enum! {
    /// The level of an SSML `<emphasis>`.
    EmphasisLevel { Strong = "strong", Moderate = "moderate", Reduced = "reduced" }
}

value_enum! {
    /// The phonetic alphabet of an SSML `<phoneme>`.
    PhonemeAlphabet {
        Ipa = "ipa",
        XSampa = "x-sampa",
        XAmazonJyutping = "x-amazon-jyutping",
        XAmazonPinyin = "x-amazon-pinyin",
        XAmazonPronKana = "x-amazon-pron-kana",
        XAmazonYomigana = "x-amazon-yomigana",
    }
}

value_enum! {
    /// The reading of the text of an SSML `<say-as>`.
    InterpretAs {
        Characters = "characters", SpellOut = "spell-out", Cardinal = "cardinal",
        Number = "number", Ordinal = "ordinal", Digits = "digits", Fraction = "fraction",
        Unit = "unit", Date = "date", Time = "time", Address = "address",
        Expletive = "expletive", Telephone = "telephone",
    }
}

value_enum! {
    /// The order of a date read by `<say-as interpret-as="date">`.
    DateFormat {
        Mdy = "mdy", Dmy = "dmy", Ymd = "ymd", Md = "md", Dm = "dm", Ym = "ym", My = "my",
        D = "d", M = "m", Y = "y", Yyyymmdd = "yyyymmdd",
    }
}

/// A `<Gather>` `timeout` or `speechTimeout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputTimeout {
    /// `auto`: stop when the caller pauses. For `speechTimeout`, Twilio allows it only with
    /// the default speech model.
    Auto,
    /// A number of seconds.
    Seconds(u32),
}

/// The length of an SSML `<break>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreakTime {
    /// Whole seconds, written `2s`.
    Seconds(u32),
    /// Milliseconds, written `500ms`.
    Milliseconds(u32),
}

/// The volume of an SSML `<prosody>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProsodyVolume {
    /// `default`
    Default,
    /// `silent`
    Silent,
    /// `x-soft`
    XSoft,
    /// `soft`
    Soft,
    /// `medium`
    Medium,
    /// `loud`
    Loud,
    /// `x-loud`
    XLoud,
    /// A change in decibels, written with its sign, such as `+6dB` or `-3dB`.
    Decibels(i32),
}

/// The speaking rate of an SSML `<prosody>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProsodyRate {
    /// `x-slow`
    XSlow,
    /// `slow`
    Slow,
    /// `medium`
    Medium,
    /// `fast`
    Fast,
    /// `x-fast`
    XFast,
    /// A percentage of the normal rate, such as `120%`.
    Percent(u32),
}

/// The pitch of an SSML `<prosody>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProsodyPitch {
    /// `default`
    Default,
    /// `x-low`
    XLow,
    /// `low`
    Low,
    /// `medium`
    Medium,
    /// `high`
    High,
    /// `x-high`
    XHigh,
    /// A change in percent, written with its sign, such as `+10%` or `-5%`.
    Percent(i32),
}

impl fmt::Display for InputTimeout {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputTimeout::Auto => formatter.write_str("auto"),
            InputTimeout::Seconds(seconds) => write!(formatter, "{seconds}"),
        }
    }
}

impl fmt::Display for BreakTime {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakTime::Seconds(seconds) => write!(formatter, "{seconds}s"),
            BreakTime::Milliseconds(milliseconds) => write!(formatter, "{milliseconds}ms"),
        }
    }
}

impl fmt::Display for ProsodyVolume {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keyword = match self {
            ProsodyVolume::Default => "default",
            ProsodyVolume::Silent => "silent",
            ProsodyVolume::XSoft => "x-soft",
            ProsodyVolume::Soft => "soft",
            ProsodyVolume::Medium => "medium",
            ProsodyVolume::Loud => "loud",
            ProsodyVolume::XLoud => "x-loud",
            ProsodyVolume::Decibels(decibels) => return write!(formatter, "{decibels:+}dB"),
        };
        formatter.write_str(keyword)
    }
}

impl fmt::Display for ProsodyRate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keyword = match self {
            ProsodyRate::XSlow => "x-slow",
            ProsodyRate::Slow => "slow",
            ProsodyRate::Medium => "medium",
            ProsodyRate::Fast => "fast",
            ProsodyRate::XFast => "x-fast",
            ProsodyRate::Percent(percent) => return write!(formatter, "{percent}%"),
        };
        formatter.write_str(keyword)
    }
}

impl fmt::Display for ProsodyPitch {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keyword = match self {
            ProsodyPitch::Default => "default",
            ProsodyPitch::XLow => "x-low",
            ProsodyPitch::Low => "low",
            ProsodyPitch::Medium => "medium",
            ProsodyPitch::High => "high",
            ProsodyPitch::XHigh => "x-high",
            ProsodyPitch::Percent(percent) => return write!(formatter, "{percent:+}%"),
        };
        formatter.write_str(keyword)
    }
}

impl Samples for InputTimeout {
    fn samples() -> Vec<InputTimeout> {
        vec![InputTimeout::Auto, InputTimeout::Seconds(0), InputTimeout::Seconds(5)]
    }
}

impl Samples for BreakTime {
    fn samples() -> Vec<BreakTime> {
        vec![BreakTime::Seconds(2), BreakTime::Milliseconds(0), BreakTime::Milliseconds(500)]
    }
}

impl Samples for ProsodyVolume {
    fn samples() -> Vec<ProsodyVolume> {
        use ProsodyVolume::{Decibels, Default, Loud, Medium, Silent, Soft, XLoud, XSoft};
        vec![
            Default,
            Silent,
            XSoft,
            Soft,
            Medium,
            Loud,
            XLoud,
            Decibels(6),
            Decibels(-3),
            Decibels(0),
        ]
    }
}

impl Samples for ProsodyRate {
    fn samples() -> Vec<ProsodyRate> {
        use ProsodyRate::{Fast, Medium, Percent, Slow, XFast, XSlow};
        vec![XSlow, Slow, Medium, Fast, XFast, Percent(0), Percent(120)]
    }
}

impl Samples for ProsodyPitch {
    fn samples() -> Vec<ProsodyPitch> {
        use ProsodyPitch::{Default, High, Low, Medium, Percent, XHigh, XLow};
        vec![Default, XLow, Low, Medium, High, XHigh, Percent(10), Percent(-5), Percent(0)]
    }
}
