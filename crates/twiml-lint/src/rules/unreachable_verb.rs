//! # unreachable-verb
//!
//! ## What it flags
//!
//! Verbs that come after a verb which ends the call or hands it to another document, so they
//! can never run:
//!
//! - `<Redirect>`, `<Hangup>` and `<Reject>`, always;
//! - `<Dial>`, `<Enqueue>`, `<Connect>` and `<Refer>` with an `action`, whose response takes
//!   over when the dialed call, the queue wait, the connected session or the transfer ends;
//! - `<Gather actionOnEmptyResult="true">`, which requests its action (by default the current
//!   document) whether or not the caller spoke or pressed anything;
//! - `<Message>` with an `action`, in a Messaging response.
//!
//! One finding is reported per run of unreachable verbs, at the first of them, with the verb
//! that ends the flow as a related location. In a TwiML Bin template, a verb inside a section
//! (`{{#Digits}}…{{/Digits}}`) only makes the verbs after it unreachable when they are rendered
//! with it, that is when they sit in the same section.
//!
//! These verbs do not end the flow, so nothing after them is flagged: `<Dial>`, `<Enqueue>` and
//! `<Connect>` without `action` (the call goes on after the dialed call, the queue or the
//! session), `<Gather>` without `actionOnEmptyResult="true"` (the call falls through when no
//! input arrives), `<Pay>` (the next verb runs once the caller used up `maxAttempts`), and
//! `<Record>`: when the caller records nothing, Twilio skips the action and goes on with the
//! next verb, which is why Twilio's own voicemail example keeps a `<Say>` after `<Record>`.
//!
//! ## Why Twilio cares
//!
//! Twilio runs a document from top to bottom and stops reading it at these verbs. The verbs
//! after them are silently ignored; there is no Twilio error code, the call just does not do
//! what the document says.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial action="/after-call">+14155550100</Dial>
//!   <Say>Sorry, nobody answered.</Say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Move the verbs into the document the flow goes on to, here the response of `/after-call`
//! (which receives `DialCallStatus`), or remove `action` so that the call continues in this
//! document:
//!
//! ```xml
//! <Response>
//!   <Dial>+14155550100</Dial>
//!   <Say>Sorry, nobody answered.</Say>
//! </Response>
//! ```

use twiml::template::Template;
use twiml::{Element, Span};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};

pub(crate) static RULE: Rule = Rule {
    name: "unreachable-verb",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "a verb after `<Redirect>`, `<Hangup>`, `<Reject>` or an `action` can never run",
    check: Some(check),
};

/// The way a verb ends the flow of its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FlowEnd {
    /// `<Redirect>`: the next document takes over.
    Redirect,
    /// `<Hangup>` or `<Reject>`: the call ends.
    CallEnds,
    /// A verb whose `action` response takes over when the verb finishes.
    Action,
    /// `<Gather actionOnEmptyResult="true">`: the action is requested even without input.
    GatherAlwaysActs,
}

impl FlowEnd {
    /// Describes how `verb` ends the flow, for the label beside it.
    fn label(self, verb: Element<'_, '_>) -> String {
        match self {
            FlowEnd::Redirect => format!("`<{}>` hands control to another document", verb.name()),
            FlowEnd::CallEnds => format!("`<{}>` ends the call", verb.name()),
            FlowEnd::Action => {
                format!("the response of this `<{}>`'s `action` takes over", verb.name())
            }
            FlowEnd::GatherAlwaysActs => {
                "this `<Gather>` requests its action even when no input arrives".to_owned()
            }
        }
    }

    /// Suggests what to do with the verbs after `verb`.
    fn help(self, verb: Element<'_, '_>) -> String {
        match self {
            FlowEnd::Redirect => format!(
                "move the verbs before `<{}>`, or into the document it redirects to",
                verb.name()
            ),
            FlowEnd::CallEnds => {
                format!("move the verbs before `<{}>`, or remove them", verb.name())
            }
            FlowEnd::Action => format!(
                "move the verbs into the response of the action URL, or remove `action` from \
                 `<{}>` so that the document goes on after it",
                verb.name()
            ),
            FlowEnd::GatherAlwaysActs => "move the verbs into the response of the action URL, \
                 or remove `actionOnEmptyResult` so that the call falls through when no input \
                 arrives"
                .to_owned(),
        }
    }
}

/// Classifies how `verb`, a child of `<Response>`, ends the flow of its document, or returns
/// `None` when the next verb can run after it.
pub(super) fn flow_end(verb: Element<'_, '_>) -> Option<FlowEnd> {
    match verb.name() {
        "Redirect" => Some(FlowEnd::Redirect),
        "Hangup" | "Reject" => Some(FlowEnd::CallEnds),
        "Dial" | "Enqueue" | "Connect" | "Refer" | "Message" if has_action(verb) => {
            Some(FlowEnd::Action)
        }
        "Gather" if verb.attribute_value("actionOnEmptyResult") == Some("true") => {
            Some(FlowEnd::GatherAlwaysActs)
        }
        _ => None,
    }
}

/// Checks whether `verb` has an `action` that is surely not empty. A value that is only a template
/// tag (`action="{{Next}}"`) may render empty, and an empty `action` is not documented to
/// take over, so neither counts.
fn has_action(verb: Element<'_, '_>) -> bool {
    let Some(action) = verb.attribute_value("action") else { return false };
    if is_templated(action) {
        let literal = action.split("{{").next().unwrap_or_default();
        return !literal.trim().is_empty();
    }
    !action.trim().is_empty()
}

/// Checks whether `earlier` is rendered every time `later` is, judged by the template sections of
/// the document: every section around `earlier` must also be around `later`. Without
/// template tags this always holds.
pub(super) fn renders_with(template: &Template<'_>, earlier: Span, later: Span) -> bool {
    let source_len = template.source().len();
    template.enclosing_sections(earlier).all(|section| {
        let body = section.body(source_len);
        body.start <= later.start && later.end <= body.end
    })
}

/// A verb that never runs, and the verb that ends the flow before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Unreachable<'d, 'a> {
    /// The verb that never runs.
    pub(super) verb: Element<'d, 'a>,
    /// The first verb before it that ends the flow whenever `verb` is rendered.
    pub(super) cause: Element<'d, 'a>,
    /// The way `cause` ends the flow.
    pub(super) end: FlowEnd,
}

/// Finds the verbs of the document that never run, in document order.
pub(super) fn unreachable_verbs<'d, 'a>(
    context: &Context<'d, 'a>,
    template: &Template<'_>,
) -> Vec<Unreachable<'d, 'a>> {
    let mut ends: Vec<(Element<'d, 'a>, FlowEnd)> = Vec::new();
    let mut unreachable = Vec::with_capacity(context.verb_items().len());
    for verb in context.verbs() {
        let cause = ends.iter().find(|(end, _)| renders_with(template, end.span(), verb.span()));
        if let Some(&(cause, end)) = cause {
            unreachable.push(Unreachable { verb, cause, end });
        }
        if let Some(end) = flow_end(verb) {
            ends.push((verb, end));
        }
    }
    unreachable
}

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let template = context.template();
    let unreachable = unreachable_verbs(context, template);

    // One finding per verb that ends the flow, at the first verb it cuts off.
    let mut reported: Vec<Span> = Vec::new();
    for (index, first) in unreachable.iter().enumerate() {
        if reported.contains(&first.cause.span()) {
            continue;
        }
        reported.push(first.cause.span());
        let more = unreachable[index + 1..]
            .iter()
            .filter(|other| other.cause.span() == first.cause.span())
            .count();
        let message = match more {
            0 => format!("`<{}>` never runs", first.verb.name()),
            1 => format!("`<{}>` and the verb after it never run", first.verb.name()),
            _ => format!("`<{}>` and the {more} verbs after it never run", first.verb.name()),
        };
        emitter
            .emit(first.verb.name_span(), message)
            .related(first.cause.name_span(), first.end.label(first.cause))
            .help(first.end.help(first.cause));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    fn ends(source: &str) -> Option<FlowEnd> {
        let document = twiml::parse(source);
        let root = document.root()?;
        flow_end(root)
    }

    #[test]
    fn action_must_be_literal_and_non_empty() {
        assert_eq!(ends(r#"<Dial action="/next"/>"#), Some(FlowEnd::Action));
        assert_eq!(ends(r#"<Dial action="https://x.test/{{Step}}"/>"#), Some(FlowEnd::Action));
        assert_eq!(ends(r#"<Dial action="{{Next}}"/>"#), None);
        assert_eq!(ends(r#"<Dial action=""/>"#), None);
        assert_eq!(ends("<Dial/>"), None);
    }

    #[test]
    fn gather_ends_only_with_action_on_empty_result() {
        assert_eq!(
            ends(r#"<Gather actionOnEmptyResult="true"/>"#),
            Some(FlowEnd::GatherAlwaysActs)
        );
        assert_eq!(ends(r#"<Gather actionOnEmptyResult="false"/>"#), None);
        assert_eq!(ends(r#"<Gather action="/x"/>"#), None);
    }

    #[test]
    fn record_and_pay_do_not_end_the_flow() {
        assert_eq!(ends(r#"<Record action="/x"/>"#), None);
        assert_eq!(ends(r#"<Pay action="https://x.test/pay"/>"#), None);
    }

    fn span_of(source: &str, needle: &str) -> Span {
        let start = source.find(needle).unwrap_or_default();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn sections_decide_what_renders_together() {
        let source = "<Pause/>{{#A}}<Redirect/><Say/>{{/A}}<Play/>";
        let template = Template::parse(source);
        let pause = span_of(source, "<Pause/>");
        let redirect = span_of(source, "<Redirect/>");
        let say = span_of(source, "<Say/>");
        let play = span_of(source, "<Play/>");
        assert!(renders_with(&template, redirect, say));
        assert!(!renders_with(&template, redirect, play));
        assert!(renders_with(&template, pause, say));
        assert!(renders_with(&template, pause, play));
    }
}
