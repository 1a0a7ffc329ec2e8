//! Constructors and shared value lists that the schema tables are written with. They build
//! constant data only; nothing here runs at lookup time.

use super::{
    AttributeKind, AttributeSchema, ElementSchema, Family, HttpMethod, SchemeRule, Status,
    TextKind, UrlInfo, UrlRole, ValueStatus,
};

/// The fields most elements share, for struct update syntax in the tables: no parents,
/// children, text or attributes, and current.
pub(super) const ELEMENT: ElementSchema = ElementSchema {
    name: "",
    family: Family::Voice,
    parents: &[],
    children: &[],
    required_children: &[],
    max_children: &[],
    child_error_code: None,
    nested_error_codes: &[],
    text: TextKind::None,
    text_max_chars: None,
    text_error_code: None,
    attributes: &[],
    status: Status::Current,
};

impl UrlInfo {
    /// Creates a URL with `role`, requested with POST over HTTP(S), relative or absolute.
    pub(super) const fn new(role: UrlRole) -> UrlInfo {
        UrlInfo {
            role,
            method_attribute: None,
            default_method: HttpMethod::Post,
            scheme: SchemeRule::Http,
            absolute_only: false,
            defaults_to_current_document: false,
            error_code: None,
            empty_allowed: false,
            query_allowed: true,
            content_type_error_code: None,
            scheme_error_code: None,
        }
    }

    /// Creates a URL whose response is the next TwiML document.
    pub(super) const fn document() -> UrlInfo {
        UrlInfo::new(UrlRole::Document)
    }

    /// Creates a URL whose response is TwiML limited to `allowed` verbs.
    pub(super) const fn restricted(
        allowed: &'static [&'static str],
        error_code: Option<u32>,
    ) -> UrlInfo {
        UrlInfo::new(UrlRole::RestrictedDocument { allowed, error_code, audio_allowed: false })
    }

    /// Creates a wait URL: TwiML limited to `allowed` verbs, or audio, or `""` for silence.
    pub(super) const fn wait(allowed: &'static [&'static str], error_code: Option<u32>) -> UrlInfo {
        UrlInfo {
            empty_allowed: true,
            ..UrlInfo::new(UrlRole::RestrictedDocument { allowed, error_code, audio_allowed: true })
        }
    }

    /// Creates a URL whose response is ignored.
    pub(super) const fn callback() -> UrlInfo {
        UrlInfo::new(UrlRole::StatusCallback)
    }

    /// Creates a media URL, fetched with GET.
    pub(super) const fn media() -> UrlInfo {
        UrlInfo { default_method: HttpMethod::Get, ..UrlInfo::new(UrlRole::Media) }
    }

    /// Creates a WebSocket endpoint, `wss://` only.
    pub(super) const fn websocket() -> UrlInfo {
        UrlInfo {
            default_method: HttpMethod::Get,
            scheme: SchemeRule::WssOnly,
            ..UrlInfo::new(UrlRole::WebSocket)
        }
    }

    pub(super) const fn method(self, attribute: &'static str) -> UrlInfo {
        UrlInfo { method_attribute: Some(attribute), ..self }
    }

    pub(super) const fn error(self, code: u32) -> UrlInfo {
        UrlInfo { error_code: Some(code), ..self }
    }

    pub(super) const fn absolute(self) -> UrlInfo {
        UrlInfo { absolute_only: true, ..self }
    }

    pub(super) const fn https_only(self) -> UrlInfo {
        UrlInfo { scheme: SchemeRule::HttpsOnly, ..self }
    }

    pub(super) const fn current_document(self) -> UrlInfo {
        UrlInfo { defaults_to_current_document: true, ..self }
    }

    pub(super) const fn allow_empty(self) -> UrlInfo {
        UrlInfo { empty_allowed: true, ..self }
    }

    pub(super) const fn no_query(self) -> UrlInfo {
        UrlInfo { query_allowed: false, ..self }
    }

    pub(super) const fn content_type_error(self, code: u32) -> UrlInfo {
        UrlInfo { content_type_error_code: Some(code), ..self }
    }

    pub(super) const fn scheme_error(self, code: u32) -> UrlInfo {
        UrlInfo { scheme_error_code: Some(code), ..self }
    }
}

impl AttributeSchema {
    /// Creates an optional, current attribute with no default and no documented error code.
    pub(super) const fn new(name: &'static str, kind: AttributeKind) -> AttributeSchema {
        AttributeSchema {
            name,
            kind,
            default: None,
            required: false,
            status: Status::Current,
            error_code: None,
            known_values: &[],
            value_statuses: &[],
            forbidden_in: &[],
        }
    }

    pub(super) const fn with_default(self, value: &'static str) -> AttributeSchema {
        AttributeSchema { default: Some(value), ..self }
    }

    pub(super) const fn with_error(self, code: u32) -> AttributeSchema {
        AttributeSchema { error_code: Some(code), ..self }
    }

    pub(super) const fn required(self) -> AttributeSchema {
        AttributeSchema { required: true, ..self }
    }

    pub(super) const fn with_status(self, status: Status) -> AttributeSchema {
        AttributeSchema { status, ..self }
    }

    pub(super) const fn library_only(self) -> AttributeSchema {
        self.with_status(Status::LibraryOnly)
    }

    pub(super) const fn known(self, values: &'static [&'static str]) -> AttributeSchema {
        AttributeSchema { known_values: values, ..self }
    }

    pub(super) const fn with_value_statuses(
        self,
        statuses: &'static [ValueStatus],
    ) -> AttributeSchema {
        AttributeSchema { value_statuses: statuses, ..self }
    }

    pub(super) const fn not_in(self, parents: &'static [&'static str]) -> AttributeSchema {
        AttributeSchema { forbidden_in: parents, ..self }
    }
}

/// Creates an HTTP method attribute, `GET` or `POST`, that defaults to `POST`.
pub(super) const fn method(name: &'static str) -> AttributeSchema {
    AttributeSchema::new(name, AttributeKind::Method { post_only: false }).with_default("POST")
}

/// Creates a `true`/`false` attribute.
pub(super) const fn boolean(name: &'static str) -> AttributeSchema {
    AttributeSchema::new(name, AttributeKind::Boolean)
}

/// Creates a free-text attribute with no length limit.
pub(super) const fn text(name: &'static str) -> AttributeSchema {
    AttributeSchema::new(name, AttributeKind::Text { max_chars: None })
}

/// Creates a URL attribute.
pub(super) const fn url(name: &'static str, info: UrlInfo) -> AttributeSchema {
    AttributeSchema::new(name, AttributeKind::Url(info))
}

/// Creates an integer attribute with a lower bound and an optional upper bound.
pub(super) const fn integer(name: &'static str, min: i64, max: Option<i64>) -> AttributeSchema {
    AttributeSchema::new(name, AttributeKind::Integer { min, max })
}

/// Values of Dial and Conversation `record`. `true` means `record-from-answer` and `false`
/// means `do-not-record`.
pub(super) const CALL_RECORD: &[&str] = &[
    "do-not-record",
    "record-from-answer",
    "record-from-ringing",
    "record-from-answer-dual",
    "record-from-ringing-dual",
    "true",
    "false",
];

/// Events of a call leg that `statusCallbackEvent` subscribes to.
pub(super) const CALL_PROGRESS_EVENTS: &[&str] = &["initiated", "ringing", "answered", "completed"];

/// Events of a recording that `recordingStatusCallbackEvent` subscribes to.
pub(super) const RECORDING_EVENTS: &[&str] = &["in-progress", "completed", "absent"];

/// Values of every `trim` attribute.
pub(super) const TRIM: &[&str] = &["trim-silence", "do-not-trim"];

/// Audio tracks of Media Streams, SIPREC and real-time transcription.
pub(super) const STREAM_TRACKS: &[&str] = &["inbound_track", "outbound_track", "both_tracks"];

/// Audio tracks of Dial `recordingTrack` and `<Recording>`.
pub(super) const RECORDING_TRACKS: &[&str] = &["inbound", "outbound", "both"];
