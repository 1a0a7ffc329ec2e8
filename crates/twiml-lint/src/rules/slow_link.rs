//! # slow-link
//!
//! ## What it flags
//!
//! A reference whose server answers, but later than Twilio waits: the first byte after the
//! read timeout, or the whole answer after the total timeout. The checker waits a grace
//! period past Twilio's budget to tell a slow server from one that never answers, which is a
//! `broken-link`.
//!
//! ## Why Twilio cares
//!
//! Twilio gives a call-related request two 5 s connect attempts and 15 s in all (less when
//! the URL's connection overrides say so), then fails the call with 11205 (HTTP connection
//! failure) or moves on to the fallback URL.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Redirect>https://example.com/slow-report</Redirect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Make the server answer within the budget, for example by answering at once with a
//! `<Say>` and a `<Redirect>` to a second document while the work continues in the background.

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "slow-link",
    group: Group::Links,
    default_severity: Severity::Error,
    twilio_code: Some(11205),
    summary: "a referenced URL answers later than Twilio waits",
    check: None,
};
