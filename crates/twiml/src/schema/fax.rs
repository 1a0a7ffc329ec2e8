//! Programmable Fax: `<Receive>`, the only fax verb. Twilio disabled Programmable Fax for all
//! accounts on 2021-12-17, so the element is retired; a fax document without it raised 34106.

use super::{AttributeKind, AttributeSchema, ELEMENT, ElementSchema, Family, Status};
use super::{UrlInfo, boolean, method, url};

pub(super) static ELEMENTS: &[ElementSchema] = &[RECEIVE];

const RECEIVE: ElementSchema = ElementSchema {
    name: "Receive",
    family: Family::Fax,
    parents: &["Response"],
    attributes: &[
        // NOTE: the reference states only that the action is requested once the fax is received
        // or has failed, not that its response is TwiML, so it is recorded as a callback.
        url("action", UrlInfo::callback().method("method")),
        method("method"),
        AttributeSchema::new(
            "mediaType",
            AttributeKind::Enumeration(&["application/pdf", "image/tiff"]),
        )
        .with_default("application/pdf"),
        AttributeSchema::new("pageSize", AttributeKind::Enumeration(&["letter", "legal", "a4"]))
            .with_default("letter"),
        boolean("storeMedia").with_default("true"),
    ],
    status: Status::Retired("Twilio disabled Programmable Fax for all accounts on 2021-12-17"),
    ..ELEMENT
};
