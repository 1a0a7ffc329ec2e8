//! # call-flow-loop
//!
//! ## What it flags
//!
//! A cycle of references that no caller input can leave: a `<Redirect>` to its own document,
//! two documents that redirect to each other, or a longer ring of `<Redirect>`, `<Message
//! action>` and `<Gather actionOnEmptyResult="true">` edges. The link checker finds it in the
//! call-flow graph of local and fetched documents.
//!
//! An edge that waits for someone gives the call a way out when it leads off the cycle, or to
//! a fetched document whose server may answer the input differently: caller input (`<Gather
//! action>`, `<Record>`, `<Pay>`), or another party (`<Dial action>`, `<Enqueue action>`,
//! `<Connect action>`, `referUrl`). So a menu that repeats itself with `<Redirect>` after its
//! `<Gather>` is fine. A cycle of wait documents (`waitUrl`) is how hold music repeats, and is
//! flagged only when those documents do nothing but redirect.
//!
//! ## Why Twilio cares
//!
//! Twilio fetches the documents of the cycle over and over: the caller hears the same words
//! until hanging up, or, with nothing but redirects, the call spins through requests. Messaging
//! stops such a cycle with 14106 (document retrieval limit reached).
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Say>Please hold.</Say>
//!   <Redirect>main.xml</Redirect>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Give the caller a way out, or end the call:
//!
//! ```xml
//! <Response>
//!   <Gather action="menu.xml" numDigits="1">
//!     <Say>Press 1 for sales, 2 for support.</Say>
//!   </Gather>
//!   <Redirect>main.xml</Redirect>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "call-flow-loop",
    group: Group::Links,
    default_severity: Severity::Error,
    twilio_code: None,
    summary: "documents redirect in a cycle that no caller input can leave",
    check: None,
};
