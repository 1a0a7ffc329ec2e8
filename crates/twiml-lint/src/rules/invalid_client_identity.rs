//! # invalid-client-identity
//!
//! ## What it flags
//!
//! A `<Client>` or `<Identity>` whose identity contains a character Twilio does not allow in one:
//! a space or other whitespace, a control character, one of the URI delimiters `<` `>` `#` `%`
//! `"`, or one of the "unwise" characters `{` `}` `|` `\` `^` `[` `]` `` ` ``. Whitespace
//! around the identity is not flagged, and an identity with a TwiML Bin template tag
//! (`{{Agent}}`) is not checked.
//!
//! ## Why Twilio cares
//!
//! A Voice SDK client registers under its identity, and Twilio rejects identities with these
//! characters, so no client can have one and the `<Dial>` rings nobody. Twilio documents no
//! error code for this. The mobile SDKs are stricter still and accept only letters, digits and
//! `_`.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial>
//!     <Client>Jane Doe</Client>
//!   </Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Dial>
//!     <Client>jane_doe</Client>
//!   </Dial>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::tree::Tree;

pub(crate) static RULE: Rule = Rule {
    name: "invalid-client-identity",
    group: Group::Semantics,
    default_severity: Severity::Error,
    twilio_code: None,
    summary: "a `<Client>` identity contains a space or a character Twilio does not allow",
    check: Some(check),
};

/// The URI delimiters and "unwise" characters of RFC 2396 that an identity may not contain.
const FORBIDDEN: &str = "<>#%\"{}|\\^[]`";

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for (_, item) in Tree::new(context).iter() {
        let element = item.element;
        let holds_identity = match item.name {
            "Client" => item.parent.is_some_and(|parent| parent.name() == "Dial"),
            "Identity" => item.parent.is_some_and(|parent| parent.name() == "Client"),
            _ => false,
        };
        if !holds_identity {
            continue;
        }
        let Some(span) = element.text_span() else { continue };
        let text = element.text();
        let identity = crate::rule::trim(&text);
        if identity.is_empty() || is_templated(identity) {
            continue;
        }
        let Some(bad) = identity
            .chars()
            .find(|&c| c.is_whitespace() || c.is_control() || FORBIDDEN.contains(c))
        else {
            continue;
        };
        let described = match bad {
            ' ' => "a space".to_owned(),
            c if c.is_whitespace() || c.is_control() => {
                format!("the character U+{:04X}", u32::from(c))
            }
            c => format!("`{c}`"),
        };
        emitter.emit(span, format!("client identity `{identity}` contains {described}")).help(
            "use the identity the client registered with, made of letters, digits and `_` \
                 (for example `jane_doe`)",
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
