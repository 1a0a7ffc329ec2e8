//! # rate-limited-link
//!
//! ## What it flags
//!
//! A reference whose server kept answering 429 Too Many Requests after the checker's retries,
//! which honor `Retry-After` up to a cap.
//!
//! ## Why Twilio cares
//!
//! Twilio treats a 429 like any other error status: the call fails with 11200 (HTTP retrieval
//! failure). The server may limit only the checker, so this is a warning: the link could not
//! be verified, and a server that limits calls at busy times would fail them.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Play>https://example.com/busy/music.mp3</Play>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Check again later or with a lower `--max-per-host`, and make sure the server does not
//! rate-limit Twilio's own requests.

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "rate-limited-link",
    group: Group::Links,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "a referenced URL answers 429 Too Many Requests after retries",
    check: None,
};
