//! # not-well-formed
//!
//! ## What it flags
//!
//! XML that no XML parser accepts: an element that is never closed, an end tag that does not
//! match its start tag (names are case-sensitive), a duplicate or unquoted attribute, a `&` or
//! `<` that is not escaped, an entity XML does not define (`&eacute;`), text or a second element
//! after the root, bytes that are not UTF-8.
//!
//! ## Why Twilio cares
//!
//! Twilio cannot read the document at all and fails the call or message with error 12100,
//! "Document parse failure". Nothing in the document runs.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Say>Tom & Jerry</say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Say>Tom &amp; Jerry</Say>
//! </Response>
//! ```
//!
//! Escape `&` as `&amp;` and `<` as `&lt;`, also inside URLs, quote every attribute value, and
//! close each element with an end tag spelled exactly like its start tag.

use twiml::ProblemKind;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "not-well-formed",
    group: Group::Document,
    default_severity: Severity::Error,
    twilio_code: Some(12100),
    summary: "the document is not well-formed XML",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for problem in &context.document.problems {
        // These kinds have rules of their own.
        let reported_elsewhere = matches!(
            problem.kind,
            ProblemKind::ContentBeforeDeclaration
                | ProblemKind::Empty
                | ProblemKind::ByteOrderMark
                | ProblemKind::Doctype
        );
        if reported_elsewhere || !problem.kind.is_well_formedness_error() {
            continue;
        }
        let finding = emitter.emit(problem.span, problem.message.clone());
        if let Some(help) = help_for(problem.kind) {
            finding.help(help);
        }
    }
}

fn help_for(kind: ProblemKind) -> Option<&'static str> {
    let help = match kind {
        ProblemKind::UnclosedElement => "add the end tag, or write an empty element as `<Name/>`",
        ProblemKind::MismatchedEndTag => "spell the end tag exactly like its start tag",
        ProblemKind::UnexpectedEndTag => "remove the end tag, or add the start tag it closes",
        ProblemKind::DuplicateAttribute => "keep one of the two attributes",
        ProblemKind::UnquotedAttribute => "put the value in double quotes",
        ProblemKind::BareAmpersand => "write `&amp;`; in a URL query, `a=1&amp;b=2`",
        ProblemKind::LessThanInAttribute => "write `&lt;`",
        ProblemKind::UndefinedEntity => {
            "XML defines only `&lt;` `&gt;` `&amp;` `&apos;` `&quot;`; write other characters \
             directly in UTF-8"
        }
        ProblemKind::TextOutsideRoot | ProblemKind::ElementAfterRoot => {
            "move the content inside `<Response>`, or remove it"
        }
        ProblemKind::InvalidUtf8 => "save the file as UTF-8",
        _ => return None,
    };
    Some(help)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
