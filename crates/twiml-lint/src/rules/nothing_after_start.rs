//! # nothing-after-start
//!
//! ## What it flags
//!
//! A `<Start>` that is the last verb of a voice document, such as
//! `<Start><Stream url="wss://…"/></Start>` alone in `<Response>`. In a TwiML Bin template, a
//! verb inside a section after the `<Start>` counts as following it.
//!
//! ## Why Twilio cares
//!
//! `<Start>` begins a stream, a SIPREC session, a real-time transcription or a recording in
//! the background and returns at once, so Twilio goes on with the next verb. When there is
//! none, the call ends, and with it what `<Start>` just began: the server gets a stream that
//! stops right after it opens, or a recording of a second. Twilio raises no error code.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Start>
//!     <Stream url="wss://stream.example.com/audio"/>
//!   </Start>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Follow `<Start>` with what the call should do while the stream runs, such as a `<Dial>`,
//! a `<Gather>`, or a `<Pause>` long enough for the conversation:
//!
//! ```xml
//! <Response>
//!   <Start>
//!     <Stream url="wss://stream.example.com/audio"/>
//!   </Start>
//!   <Dial>+14155550100</Dial>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "nothing-after-start",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "`<Start>` is the last verb, so the call ends as soon as the stream starts",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let Some(last) = context.verbs().last() else { return };
    if last.name() != "Start" {
        return;
    }
    let started: Vec<String> =
        last.child_elements().map(|noun| format!("`<{}>`", noun.name())).collect();
    let what = match started.as_slice() {
        [] => "`<Start>` runs".to_owned(),
        [noun] => format!("the {noun} starts"),
        [first @ .., final_noun] => format!("the {} and {final_noun} start", first.join(", ")),
    };
    emitter
        .emit(
            last.name_span(),
            format!("no verb follows `<Start>`, so the call ends right after {what}"),
        )
        .help(
            "add the verbs the call should run meanwhile after `<Start>`, such as `<Dial>`, \
             `<Gather>` or `<Pause length=\"…\">`",
        );
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
