//! # content-before-declaration
//!
//! ## What it flags
//!
//! Anything before the XML declaration `<?xml … ?>`: a blank line, a space, a comment, or a
//! second declaration later in the file.
//!
//! ## Why Twilio cares
//!
//! XML allows the declaration only as the very first bytes of a document. A template engine or
//! an editor that adds a newline before it makes the whole document unreadable, and Twilio
//! fails with error 12100, "Document parse failure".
//!
//! ## Example
//!
//! ```xml
//!
//! <?xml version="1.0" encoding="UTF-8"?>
//! <Response/>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <Response/>
//! ```
//!
//! Start the file with the declaration, or leave the declaration out: it is optional.

use twiml::ProblemKind;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "content-before-declaration",
    group: Group::Document,
    default_severity: Severity::Error,
    twilio_code: Some(12100),
    summary: "something comes before the XML declaration",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for problem in &context.document.problems {
        if problem.kind == ProblemKind::ContentBeforeDeclaration {
            emitter
                .emit(problem.span, problem.message.clone())
                .help("start the file with `<?xml`, or remove the declaration");
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
