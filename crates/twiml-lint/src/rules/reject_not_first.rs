//! # reject-not-first
//!
//! ## What it flags
//!
//! A `<Reject>` that comes after other verbs, such as a `<Say>` that explains why the call is
//! refused. A `<Reject>` after only `<Pause>` verbs is not flagged, and neither is one that
//! never runs because an earlier verb ends the flow (`unreachable-verb` reports that). In a
//! TwiML Bin template, only the verbs that are always rendered together with the `<Reject>`
//! count.
//!
//! ## Why Twilio cares
//!
//! Only a `<Reject>` that is the first verb leaves the call unanswered: the caller hears a busy
//! or not-in-service tone and the call is not billed. Any verb before it answers the call, so
//! the `<Reject>` then just hangs up an answered, billed call. Twilio raises no error code for
//! this.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Say>This number does not accept calls.</Say>
//!   <Reject reason="busy"/>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Make `<Reject>` the first verb. To play a message first, answer the call and end it with
//! `<Hangup/>`, knowing that the call is billed:
//!
//! ```xml
//! <Response>
//!   <Reject reason="busy"/>
//! </Response>
//! ```

use super::unreachable_verb::{renders_with, unreachable_verbs};
use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "reject-not-first",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "`<Reject>` after other verbs answers the call before ending it",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    if !context.verbs().any(|verb| verb.name() == "Reject") {
        return;
    }
    let template = context.template();
    let unreachable = unreachable_verbs(context, template);
    let verbs: Vec<_> = context.verbs().collect();

    for (index, reject) in verbs.iter().enumerate() {
        if reject.name() != "Reject" {
            continue;
        }
        if unreachable.iter().any(|item| item.verb == *reject) {
            continue;
        }
        // NOTE: a leading `<Pause>` delays answering the call, so whether a `<Reject>` after it
        // still leaves the call unanswered is not documented; such a `<Reject>` is left alone.
        let answering = verbs[..index].iter().find(|earlier| {
            earlier.name() != "Pause" && renders_with(template, earlier.span(), reject.span())
        });
        let Some(answering) = answering else { continue };
        emitter
            .emit(
                reject.name_span(),
                "`<Reject>` is not the first verb, so the call is answered and billed",
            )
            .related(answering.name_span(), format!("`<{}>` answers the call", answering.name()))
            .help(
                "move `<Reject>` to the top of `<Response>` to refuse the call unanswered, or end \
                 the answered call with `<Hangup>`",
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
