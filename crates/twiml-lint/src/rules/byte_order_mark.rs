//! # byte-order-mark
//!
//! ## What it flags
//!
//! A file that starts with the UTF-8 byte order mark, the invisible bytes `EF BB BF` that some
//! Windows editors write.
//!
//! ## Why Twilio cares
//!
//! XML parsers accept the mark, but it is invisible in editors and breaks tools that compare or
//! concatenate files. When a server or template prints anything before it, the document no
//! longer starts with its declaration and Twilio fails with error 12100.
//!
//! ## Example
//!
//! ```text
//! EF BB BF 3C 52 65 73 70 6F 6E 73 65 2F 3E    (the mark, then <Response/>)
//! ```
//!
//! ## Instead
//!
//! Save the file as UTF-8 without a byte order mark ("UTF-8", not "UTF-8 with BOM").

use twiml::Span;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "byte-order-mark",
    group: Group::Document,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "the file starts with a UTF-8 byte order mark",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    if context.document.byte_order_mark {
        emitter
            .emit(Span::new(0, 3), "the file starts with a UTF-8 byte order mark")
            .help("save the file as UTF-8 without a byte order mark");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
