//! # unverified-link
//!
//! ## What it flags
//!
//! A reference the link checker did not check, with the reason: the URL is a bin on the
//! signing list and no credentials were given, a relative URL in a file with no deployed URL,
//! a server that returned 405 to the GET sent in place of Twilio's POST, or the run reached
//! its time limit. With `--offline`, URLs to request are not reported one by one, because
//! nothing is wrong with them; the summary line counts them instead.
//!
//! ## Why Twilio cares
//!
//! It does not: this finding says only that the link was not verified, so a broken link may
//! hide behind it. It is informational and never fails a run unless configured to.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Redirect>https://handler.twilio.com/twiml/EH00000000000000000000000000000000</Redirect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Supply what the check needs: `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` (or
//! `--token-file FILE`) for bins, a `[links] base-url` or `[bins]` entry for relative URLs, or
//! run without `--offline`. Set the rule to `off` to hide these findings.

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "unverified-link",
    group: Group::Links,
    default_severity: Severity::Info,
    twilio_code: None,
    summary: "a referenced URL was not checked, and the finding says why",
    check: None,
};
