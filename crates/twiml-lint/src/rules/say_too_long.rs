//! # say-too-long
//!
//! ## What it flags
//!
//! A `<Say>` whose text is longer than its voice reads:
//!
//! - the basic voices `man`, `woman` and `alice`: 4096 characters;
//! - Amazon Polly voices (`Polly.…`): 3000 characters, SSML tags not counted;
//! - Google voices (`Google.…`): 5000 characters, SSML tags, spaces and newlines counted.
//!
//! For the basic and Polly voices, each run of whitespace counts as one character, so the
//! indentation of a formatted document does not add up. Without a `voice` attribute the voice comes
//! from the account's text-to-speech setting, which the document does not show, so only a text
//! longer than every limit is flagged. A `<Say>` with TwiML Bin template tags is checked on the
//! text around the tags, which renders in any case, and is skipped when a section tag (`{{#Name}}`)
//! may leave part of the text out.
//!
//! ## Why Twilio cares
//!
//! Twilio does not speak a text over the limit and raises warning 13521, "Say character limit
//! exceeded".
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Say voice="Polly.Joanna">… 3,500 characters of terms and conditions …</Say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Split the text over several `<Say>` verbs, or record it and `<Play>` the audio file.

use twiml::template::{self, TokenKind};
use twiml::{Element, Node};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::tree::Tree;

pub(crate) static RULE: Rule = Rule {
    name: "say-too-long",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: Some(13521),
    summary: "`<Say>` text is longer than its voice reads",
    check: Some(check),
};

/// The maximum characters of text a basic voice reads.
const BASIC_MAX: usize = 4096;
/// The maximum characters of text, SSML tags excluded, an Amazon Polly voice reads.
const POLLY_MAX: usize = 3000;
/// The maximum characters, SSML tags included, a Google voice reads.
const GOOGLE_MAX: usize = 5000;
/// The lowest of the limits above.
const LOWEST_MAX: usize = min(min(BASIC_MAX, POLLY_MAX), GOOGLE_MAX);

const fn min(a: usize, b: usize) -> usize {
    if a < b { a } else { b }
}

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for (_, item) in Tree::new(context).iter() {
        let say = item.element;
        if say.name() != "Say" {
            continue;
        }
        let raw = inner_source(say, context.source);
        // Both counts are at most the bytes of the source between the tags, since decoding,
        // dropping markup and collapsing whitespace only shorten it, so no limit is passed.
        if raw.len() <= LOWEST_MAX {
            continue;
        }
        let (Some(text_chars), Some(raw_chars)) =
            (min_rendered_chars(&spoken_text(say)), min_rendered_chars(raw))
        else {
            continue;
        };
        let at_least = if is_templated(raw) { "at least " } else { "" };

        let voice = say.attribute_value("voice");
        let (count, max, counted, engine) = match voice {
            Some("man" | "woman" | "alice") => {
                (text_chars, BASIC_MAX, "characters", "basic voices")
            }
            Some(name) if name.starts_with("Polly.") => (
                text_chars,
                POLLY_MAX,
                "characters of text (SSML tags not counted)",
                "Polly voices",
            ),
            Some(name) if name.starts_with("Google.") => {
                (raw_chars, GOOGLE_MAX, "characters (SSML tags included)", "Google voices")
            }
            Some(_) => continue,
            None => {
                if text_chars > BASIC_MAX && raw_chars > GOOGLE_MAX {
                    let message = format!(
                        "`<Say>` has {at_least}{text_chars} characters of text, more than any \
                         Twilio voice reads"
                    );
                    emitter.emit(say.name_span(), message).help(
                        "split the text over several `<Say>` verbs of at most 3000 characters, \
                         or record it and `<Play>` the file",
                    );
                }
                continue;
            }
        };
        if count <= max {
            continue;
        }
        let message =
            format!("`<Say>` has {at_least}{count} {counted}, over the {max} limit of {engine}");
        emitter.emit(say.name_span(), message).help(format!(
            "split the text over several `<Say>` verbs of at most {max} characters, or record it \
             and `<Play>` the file"
        ));
    }
}

/// Counts the minimum characters `text` can have once rendered: its characters outside template
/// tags, when every tag only inserts a value. `None` when a section tag may leave part of it out.
pub(super) fn min_rendered_chars(text: &str) -> Option<usize> {
    let mut count = 0;
    for token in template::tokenize(text) {
        match token.kind {
            TokenKind::Text => count += token.content.chars().count(),
            TokenKind::Variable | TokenKind::Current | TokenKind::Raw(_) | TokenKind::Comment => {}
            _ => return None,
        }
    }
    Some(count)
}

/// Returns the source between the start and end tags of `say`, markup included, or an empty
/// string for `<Say/>`.
fn inner_source<'a>(say: Element<'_, '_>, source: &'a str) -> &'a str {
    let Some(end_tag) = say.end_tag() else { return "" };
    source.get(say.start_tag().end..end_tag.start).unwrap_or_default()
}

/// Collects the decoded text of `say` and of the SSML elements inside it, in order, with each run
/// of whitespace counted as one space, since the indentation of a formatted document is not spoken.
fn spoken_text(say: Element<'_, '_>) -> String {
    let mut text = String::new();
    for node in say.descendants() {
        match node {
            Node::Text(piece) => text.push_str(piece.value),
            Node::CData(cdata) => text.push_str(cdata.text),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn min_rendered_chars_skips_sections() {
        assert_eq!(min_rendered_chars("Hello {{Name}}!"), Some(7));
        assert_eq!(min_rendered_chars("Hi {{! note }}there"), Some(8));
        assert_eq!(min_rendered_chars("{{#Name}}Hello{{/Name}}"), None);
        assert_eq!(min_rendered_chars("héllo"), Some(5));
    }

    #[test]
    fn spoken_text_skips_tags_and_keeps_order() {
        let document = twiml::parse(
            r#"<Say>One <break time="1s"/>two <prosody rate="slow">three</prosody> four</Say>"#,
        );
        let say = document.root().expect("a root element");
        assert_eq!(spoken_text(say), "One two three four");
        let document = twiml::parse("<Say>\n    One\n    two\n</Say>");
        let say = document.root().expect("a root element");
        assert_eq!(spoken_text(say), "One two");
    }
}
