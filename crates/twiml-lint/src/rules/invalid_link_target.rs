//! # invalid-link-target
//!
//! ## What it flags
//!
//! A reference that answers 2xx with something Twilio rejects for its role: a content type
//! other than TwiML (`text/xml`, `application/xml`, `text/html`) where a document is expected,
//! TwiML where `<Play>` expects audio, a body over 64 kB, an empty body, or TwiML that does
//! not parse.
//!
//! ## Why Twilio cares
//!
//! Twilio raises 12300 (invalid Content-Type, or 13420 for `<Play>`), 11750 (TwiML response
//! body too large), 11770 (empty response body) or 12100 (document parse failure), and the
//! call fails.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Redirect>https://example.com/next.json</Redirect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Serve TwiML with `Content-Type: text/xml`, under 64 kB, well-formed:
//!
//! ```xml
//! <Response>
//!   <Redirect>https://example.com/next.xml</Redirect>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "invalid-link-target",
    group: Group::Links,
    default_severity: Severity::Error,
    twilio_code: Some(12300),
    summary: "a referenced URL answers with content Twilio rejects for its role",
    check: None,
};
