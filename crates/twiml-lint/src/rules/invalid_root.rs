//! # invalid-root
//!
//! ## What it flags
//!
//! A document whose root element is not `<Response>`, such as `<response>`, `<Twiml>` or a
//! bare `<Say>`.
//!
//! ## Why Twilio cares
//!
//! Every TwiML document, for Voice, Messaging and Fax alike, must have `<Response>` as its
//! root; anything else fails with error 12102, "Root element must be Response".
//!
//! ## Example
//!
//! ```xml
//! <Say>Hello</Say>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Say>Hello</Say>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "invalid-root",
    group: Group::Document,
    default_severity: Severity::Error,
    twilio_code: Some(12102),
    summary: "the root element is not `<Response>`",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let Some(root) = context.root() else { return };
    if root.name() == "Response" {
        return;
    }
    let finding = emitter.emit(
        root.name_span(),
        format!("the root element is `<{}>`, not `<Response>`", root.name()),
    );
    if root.name().eq_ignore_ascii_case("Response") {
        finding.help("element names are case-sensitive: write `<Response>`");
    } else {
        finding.help("wrap the verbs in `<Response>` … `</Response>`");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
