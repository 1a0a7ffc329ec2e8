//! # template-raw-insertion
//!
//! ## What it flags
//!
//! A TwiML Bin template tag that inserts a value without escaping it: `{{{Name}}}` or
//! `{{&Name}}`.
//!
//! ## Why Twilio cares
//!
//! Bin parameters come from the request, and many of them from the caller: `Body`,
//! `SpeechResult`, `CallerName`, or any query parameter on the bin URL. Inserted raw, a value
//! such as `Tom & Jerry` makes the document malformed (12100, "Document parse failure"), and a
//! value such as `</Say><Dial>+19005550100</Dial><Say>` adds verbs of the caller's choosing to
//! the call. Escaped insertion, `{{Name}}`, is safe. There is no Twilio error code for the
//! insertion itself.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Message>You said: {{{Body}}}</Message>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Message>You said: {{Body}}</Message>
//! </Response>
//! ```

use twiml::template::ProblemKind;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "template-raw-insertion",
    group: Group::Templates,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "`{{{Name}}}` or `{{&Name}}` inserts a request value without escaping it",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let template = context.template();
    for problem in template.problems() {
        if problem.kind == ProblemKind::RawInsertion {
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
