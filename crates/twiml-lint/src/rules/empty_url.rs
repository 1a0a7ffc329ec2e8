//! # empty-url
//!
//! ## What it flags
//!
//! A verb or noun whose text is the URL of a file to fetch, written without one:
//!
//! - `<Play/>` with neither a URL nor a `digits` attribute;
//! - `<Media/>` in a `<Message>`, an attachment with no file.
//!
//! Text made only of whitespace counts as empty. Text with a TwiML Bin template tag
//! (`<Play>{{RecordingUrl}}</Play>`) is not checked, because it gets its value per request.
//!
//! An empty `<Redirect/>` is not flagged: it requests the current document again, and
//! Twilio's own queue example ends with `<Redirect></Redirect>` so that an agent dials the
//! next caller once a call ends.
//!
//! ## Why Twilio cares
//!
//! Twilio cannot fetch an empty URL and raises error 11100, "Invalid URL format": the caller
//! hears nothing where the audio should be, or the message goes without its attachment.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Gather numDigits="1" action="/menu">
//!     <Play></Play>
//!   </Gather>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Gather numDigits="1" action="/menu">
//!     <Play>https://cdn.example.com/audio/menu.mp3</Play>
//!   </Gather>
//! </Response>
//! ```
//!
//! A `<Play>` that only sends tones takes them in `digits`: `<Play digits="ww1234#"/>`.

use twiml::Element;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::tree::Tree;

pub(crate) static RULE: Rule = Rule {
    name: "empty-url",
    group: Group::Semantics,
    default_severity: Severity::Error,
    twilio_code: Some(11100),
    summary: "`<Play>` or `<Media>` has no URL",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for (_, item) in Tree::new(context).iter() {
        let element = item.element;
        let parent = item.parent.map(Element::name);
        let (message, help) = match (item.name, parent) {
            ("Play", Some("Response" | "Gather" | "Prompt"))
                if element.attribute("digits").is_none() =>
            {
                (
                    "`<Play>` has no URL and no `digits`",
                    "write the URL of the audio file as the text, or set `digits` to play tones",
                )
            }
            ("Media", Some("Message")) => (
                "`<Media>` has no URL",
                "write the URL of the file to attach as the text, or remove the element",
            ),
            _ => continue,
        };
        let text = element.text();
        let has_children = element.child_elements().next().is_some();
        if !crate::rule::trim(&text).is_empty() || is_templated(&text) || has_children {
            continue;
        }
        emitter.emit(element.start_tag(), message).help(help);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }
}
