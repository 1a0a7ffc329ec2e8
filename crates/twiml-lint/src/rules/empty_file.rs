//! # empty-file
//!
//! ## What it flags
//!
//! A file with no content, or only whitespace.
//!
//! ## Why Twilio cares
//!
//! An empty response body fails the call or message with error 11770, "Empty response body".
//! A document that should do nothing must still be `<Response/>`.
//!
//! ## Example
//!
//! ```xml
//!
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response/>
//! ```

use twiml::ProblemKind;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "empty-file",
    group: Group::Document,
    default_severity: Severity::Error,
    twilio_code: Some(11770),
    summary: "the file is empty",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for problem in &context.document.problems {
        if problem.kind == ProblemKind::Empty {
            emitter
                .emit(problem.span, "the file is empty")
                .help("a document that does nothing is `<Response/>`");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
