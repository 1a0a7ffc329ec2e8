//! # unused-suppression
//!
//! ## What it flags
//!
//! An inline suppression comment that silences nothing: the rule it names found nothing on the
//! next line (or in the file), or the name is not a rule at all.
//!
//! ## Why Twilio cares
//!
//! Twilio ignores comments; this rule keeps suppressions honest. A stale suppression hides the
//! next real finding of its rule on that line, and a misspelled one never worked.
//!
//! A suppression of `unused-suppression` itself silences these reports, on its line or in the
//! whole file, and is reported in turn when it silences none.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <!-- twiml-lint-disable-next-line unknown-attribute -->
//!   <Say>Hello</Say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Remove the comment, or put it on the line right before the finding it is meant for:
//!
//! ```xml
//! <Response>
//!   <!-- twiml-lint-disable-next-line unknown-attribute -->
//!   <Say vendorHint="x">Hello</Say>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "unused-suppression",
    group: Group::Suppressions,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "an inline suppression that suppresses nothing",
    check: None,
};

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
