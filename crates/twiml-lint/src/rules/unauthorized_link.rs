//! # unauthorized-link
//!
//! ## What it flags
//!
//! A reference whose server answers 401 or 403. For a host on the signing list, such as a
//! TwiML Bin on `handler.twilio.com`, the request was signed as Twilio signs it, and the
//! finding shows exactly what the signature covered: the URL string, the form parameters and
//! the `AccountSid`, never the token or the signature.
//!
//! ## Why Twilio cares
//!
//! A bin checks `X-Twilio-Signature` with the auth token of the account named by `AccountSid`
//! and answers "Not Authorized" otherwise, so a bin of another account, or a URL that differs
//! from the one the bin is served at, fails the call with 11200 (HTTP retrieval failure).
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial action="https://handler.twilio.com/twiml/EH00000000000000000000000000000000"/>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Reference a bin of the account that runs the call, with the URL exactly as the Console
//! shows it (scheme, host, no trailing slash, query parameters in the order signed), and check
//! with the credentials of that account in `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`.

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "unauthorized-link",
    group: Group::Links,
    default_severity: Severity::Error,
    twilio_code: Some(11200),
    summary: "a referenced URL refuses the request with 401 or 403",
    check: None,
};
