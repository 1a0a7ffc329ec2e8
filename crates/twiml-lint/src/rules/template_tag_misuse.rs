//! # template-tag-misuse
//!
//! ## What it flags
//!
//! TwiML Bin template tags that render, but probably not as the author meant:
//!
//! - Handlebars block helpers such as `{{#if From}}` or `{{else}}`, which Mustache reads as
//!   parameters named `if From` and `else`, so the section never renders;
//! - `{{.}}` outside any section, where there is no current value;
//! - the `e164` helper used as a variable (`{{e164}}`) or an inverted section
//!   (`{{^e164}}`), instead of `{{#e164}}{{From}}{{/e164}}`;
//! - `}}` right after a name with no `{{` before it, as in `{From}}`, which renders as text.
//!
//! ## Why Twilio cares
//!
//! The bin renders without an error, but the TwiML is not what it looks like: a branch never
//! runs, a number comes out empty, or braces are read aloud. Twilio raises no error code.
//!
//! NOTE: Twilio's current TwiML Bin page names Handlebars as the template engine, while its
//! announcements and the getting-started page describe logic-less Mustache templates. Which
//! Handlebars helpers work is not documented, so `{{#if}}` may work in some bins.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial callerId="{{e164}}">{{#if Forward}}{{Forward}}{{/if}}</Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Dial callerId="{{#e164}}{{From}}{{/e164}}">{{#Forward}}{{Forward}}{{/Forward}}</Dial>
//! </Response>
//! ```

use twiml::template::ProblemKind;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "template-tag-misuse",
    group: Group::Templates,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "a TwiML Bin template tag renders, but not as written: Handlebars helpers, stray `}}`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let template = context.template();
    for problem in template.problems() {
        let misuse = matches!(
            problem.kind,
            ProblemKind::HandlebarsSyntax
                | ProblemKind::CurrentOutsideSection
                | ProblemKind::HelperMisuse
                | ProblemKind::StrayClosingBraces
        );
        if misuse {
            emitter.emit(problem.span, problem.message.clone()).help(problem.kind.help());
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
