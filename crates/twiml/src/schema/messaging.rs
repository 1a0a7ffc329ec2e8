//! Programmable Messaging elements: `<Message>` and its `<Body>` and `<Media>`. `<Response>`
//! and `<Redirect>` are shared with Voice and live in `voice.rs`.

use super::{AttributeKind, AttributeSchema, ELEMENT, ElementSchema, Family, Status, TextKind};
use super::{UrlInfo, method, url};

pub(super) static ELEMENTS: &[ElementSchema] = &[MESSAGE, BODY, MEDIA];

/// A reply message. Twilio sends at most 10 replies per incoming message (14109) and is not
/// available in the IE1 and AU1 regions.
const MESSAGE: ElementSchema = ElementSchema {
    name: "Message",
    family: Family::Messaging,
    parents: &["Response"],
    children: &["Body", "Media"],
    max_children: &[("Media", 10)],
    // The body as text, or `<Body>` and `<Media>` children; with media the body is optional.
    text: TextKind::Free,
    // NOTE: the reference gives "under 1600 characters" while error 14103 gives "1600
    // characters or less". The larger limit is recorded so that 1600 is not reported.
    text_max_chars: Some(1600),
    text_error_code: Some(14103),
    attributes: &[
        // The default is the sender of the incoming message, which is not a value.
        AttributeSchema::new("to", AttributeKind::Address).with_error(14101),
        // The default is the Twilio number that received the message.
        AttributeSchema::new("from", AttributeKind::Address).with_error(14102),
        // With `action`, the verbs after this `<Message>` are unreachable: the action's
        // response takes over once the message status is known.
        url("action", UrlInfo::document().method("method")),
        method("method").with_error(14104),
        url("statusCallback", UrlInfo::callback().error(14105))
            .with_status(Status::Deprecated("use `action`, which receives the same status")),
    ],
    ..ELEMENT
};

/// Message text; several `<Body>` elements are joined.
const BODY: ElementSchema = ElementSchema {
    name: "Body",
    family: Family::Messaging,
    parents: &["Message"],
    text: TextKind::Free,
    text_max_chars: Some(1600),
    text_error_code: Some(14103),
    ..ELEMENT
};

/// A media file to send. All media of a message total at most 5 MB for MMS and 16 MB for
/// WhatsApp (11751).
const MEDIA: ElementSchema = ElementSchema {
    name: "Media",
    family: Family::Messaging,
    parents: &["Message"],
    text: TextKind::Url(UrlInfo::media()),
    ..ELEMENT
};
