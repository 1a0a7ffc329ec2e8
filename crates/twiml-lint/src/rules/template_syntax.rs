//! # template-syntax
//!
//! ## What it flags
//!
//! A TwiML Bin template that cannot be rendered:
//!
//! - a `{{` that is never closed by `}}`, or a `{{{Name}}` closed by two braces instead of
//!   three;
//! - an empty tag such as `{{}}` or `{{#}}`, or a name with a brace in it;
//! - a section `{{#Name}}` or `{{^Name}}` that is never closed, a `{{/Name}}` with no open
//!   section, or one that closes a section of another name;
//! - sections nested more than 64 deep;
//! - Mustache partials (`{{> name}}`) and delimiter changes (`{{=<% %>=}}`), which a bin has
//!   no use for and which are not rendered.
//!
//! The finding points at the tag at fault; for a mismatched close, the open section it does
//! not match is shown too.
//!
//! ## Why Twilio cares
//!
//! Twilio renders a bin's template before it parses the TwiML. Its error dictionary lists
//! 11300 "Invalid template URL", 11310 "Invalid template token" and 11320 "Invalid template:
//! unclosed brackets" among its errors. It does not describe them further, so which of them
//! each mistake raises is not documented. An unclosed tag is given 11320. In any
//! case the bin does not produce the TwiML it was written to.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   {{#Digits}}
//!   <Redirect>/menu/option-{{Digits}}</Redirect>
//!   {{/Digit}}
//!   <Say>Hello {{From</Say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   {{#Digits}}
//!   <Redirect>/menu/option-{{Digits}}</Redirect>
//!   {{/Digits}}
//!   <Say>Hello {{From}}</Say>
//! </Response>
//! ```

use twiml::template::ProblemKind;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "template-syntax",
    group: Group::Templates,
    default_severity: Severity::Error,
    twilio_code: None,
    summary: "a TwiML Bin template tag is unclosed, empty or closes the wrong section",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let template = context.template();
    for problem in template.problems().iter().filter(|problem| problem.kind.is_error()) {
        let finding = emitter.emit(problem.span, problem.message.clone()).help(problem.kind.help());
        // NOTE: Twilio's error dictionary names 11320 "unclosed brackets" without saying
        // which template mistakes raise it, so it is given only to braces that are not closed.
        if matches!(problem.kind, ProblemKind::UnclosedTag | ProblemKind::MalformedRawTag) {
            finding.code(11320);
        }
        if let Some(related) = problem.related {
            finding.related(related, "the innermost open section");
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
