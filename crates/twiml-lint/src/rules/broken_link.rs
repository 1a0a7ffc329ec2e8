//! # broken-link
//!
//! ## What it flags
//!
//! A reference that gets no usable answer: a 404, 410 or other 4xx, a 5xx that persists after
//! retries, a host name that does not resolve, a refused or reset connection, a TLS failure,
//! more than 10 redirects, a host with a private, loopback or link-local address, or a mapped
//! local file that does not exist. The link checker makes these findings when it follows the
//! document's URLs; a plain lint without link checking never does.
//!
//! ## Why Twilio cares
//!
//! The call fails where the request fails. Twilio raises 11200 (HTTP retrieval failure) for
//! error statuses and unreachable addresses, 11205 (HTTP connection failure) for connections
//! that time out or break, 11210 for a host name that does not resolve, 11215 for too many
//! redirects and 11220 for a TLS handshake failure. Each finding names the code the call
//! would hit.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Redirect>https://example.com/twiml/missing.xml</Redirect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Point the reference at a document that exists and is reachable from the internet:
//!
//! ```xml
//! <Response>
//!   <Redirect>https://example.com/twiml/menu.xml</Redirect>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "broken-link",
    group: Group::Links,
    default_severity: Severity::Error,
    twilio_code: Some(11200),
    summary: "a referenced URL gets no usable answer, so the call fails there",
    check: None,
};
