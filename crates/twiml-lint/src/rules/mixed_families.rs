//! # mixed-families
//!
//! ## What it flags
//!
//! A document that mixes verbs of different products: a Messaging verb (`<Message>`) with Voice
//! verbs (`<Say>`, `<Dial>`, `<Gather>`, …), or the Fax verb `<Receive>` with either. The first
//! product-specific verb decides what the document is; each verb of another product is
//! flagged. `<Redirect>` and the legacy `<Sms>` belong to both Voice and Messaging and never
//! count. In a TwiML Bin template, verbs in different sections (`{{#Body}}…{{/Body}}` and
//! `{{^Body}}…{{/Body}}`) may never be rendered together, so only verbs that are rendered
//! together are compared.
//!
//! ## Why Twilio cares
//!
//! Twilio validates a response against the schema of the webhook that fetched it. A Voice verb
//! in a reply to an incoming message raises warning 14110, "Invalid Verb for SMS Reply"; a
//! `<Message>` in a call's response raises 12200, "Schema validation warning". Either way the
//! verb is not carried out, while the rest of the document runs.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Message>Thanks for your message.</Message>
//!   <Say>Thanks for calling.</Say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Keep one product per document: point the number's messaging webhook and its voice webhook
//! at different documents.
//!
//! ```xml
//! <Response>
//!   <Message>Thanks for your message.</Message>
//! </Response>
//! ```

use twiml::Element;
use twiml::schema::Family;

use super::unreachable_verb::renders_with;
use crate::finding::Severity;
use crate::rule::{Context, ElementContext, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "mixed-families",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "a document mixes Voice, Messaging or Fax verbs",
    check: Some(check),
};

/// Finds the product a verb belongs to, or returns `None` for shared and unknown verbs.
fn product(verb: &ElementContext<'_, '_>) -> Option<Family> {
    let schema = verb.schema?;
    match schema.family {
        Family::Voice | Family::Messaging | Family::Fax => Some(schema.family),
        _ => None,
    }
}

fn product_name(family: Family) -> &'static str {
    match family {
        Family::Messaging => "Messaging",
        Family::Fax => "Fax",
        _ => "Voice",
    }
}

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let mut verbs =
        context.verb_items().iter().filter_map(|verb| Some((verb.element, product(verb)?)));
    let Some((first, family)) = verbs.next() else { return };

    for (verb, other) in verbs {
        if other == family {
            continue;
        }
        let template = context.template();
        let together = renders_with(template, first.span(), verb.span())
            || renders_with(template, verb.span(), first.span());
        if !together {
            continue;
        }
        let code = match family {
            Family::Messaging => 14110,
            _ => 12200,
        };
        emitter
            .emit(
                verb.name_span(),
                format!(
                    "`<{}>` is a {} verb, but this document is a {} response",
                    verb.name(),
                    product_name(other),
                    product_name(family)
                ),
            )
            .code(code)
            .related(
                first.name_span(),
                format!("`<{}>` makes this a {} response", first.name(), product_name(family)),
            )
            .help(help(verb, other));
    }
}

/// Suggests what to do with `verb`, a verb of the product `other`.
fn help(verb: Element<'_, '_>, other: Family) -> String {
    if other == Family::Messaging {
        return "to text the caller during a call, send the message with the Messages API from \
                the webhook that answers the call"
            .to_owned();
    }
    format!(
        "move `<{}>` to the document that answers the {} webhook, since one response serves one \
         product",
        verb.name(),
        product_name(other)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
