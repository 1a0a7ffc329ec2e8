//! # escaped-ssml
//!
//! ## What it flags
//!
//! SSML tags inside `<Say>` that are text rather than markup: escaped as
//! `&lt;break time="1s"/&gt;`, or wrapped in a CDATA section. This happens when a program
//! builds the SSML as a string and a TwiML library escapes it, or when CDATA is used to avoid
//! escaping. The tags looked for are those of SSML and Amazon Polly: `speak`, `break`,
//! `emphasis`, `lang`, `mark`, `p`, `phoneme`, `prosody`, `s`, `say-as`, `sub`, `w` and
//! `amazon:…`.
//!
//! ## Why Twilio cares
//!
//! Twilio sends the decoded text to the text-to-speech engine as words, so the caller hears
//! "less than break time equals one s" instead of a pause. No Twilio error code is raised.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Say voice="Polly.Joanna">Welcome. &lt;break time="1s"/&gt; How can I help?</Say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Write SSML as elements inside `<Say>`:
//!
//! ```xml
//! <Response>
//!   <Say voice="Polly.Joanna">Welcome. <break time="1s"/> How can I help?</Say>
//! </Response>
//! ```

use twiml::{Document, Element, Node, Span};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};
use crate::tree::Tree;

pub(crate) static RULE: Rule = Rule {
    name: "escaped-ssml",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "SSML written as escaped text or CDATA in `<Say>` is read aloud",
    check: Some(check),
};

/// SSML element names, lowercase. `amazon:` names are matched by prefix.
const SSML_NAMES: &[&str] = &[
    "speak", "break", "emphasis", "lang", "mark", "p", "phoneme", "prosody", "s", "say-as", "sub",
    "w",
];

/// The spellings of the `<` of an escaped tag in the source.
const ESCAPED_OPENERS: &[&str] = &["&lt;", "&#60;", "&#x3c;", "&#x3C;", "&#X3C;", "&#X3c;"];

/// The maximum length of an escaped tag shown in a message. Longer ones are cut.
const MAX_SHOWN_CHARS: usize = 60;

/// An SSML tag found in the text of a `<Say>`.
struct Found {
    /// The bytes of the tag in the source, as written.
    span: Span,
    /// Whether it is inside a CDATA section rather than escaped.
    in_cdata: bool,
}

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    if !may_hold_tags(context.document) {
        return;
    }
    for (_, item) in Tree::new(context).iter() {
        if item.name != "Say" {
            continue;
        }
        let found = find_in_say(item.element, context.source);
        let Some(first) = found.first() else { continue };
        let shown = shown_tag(first.span.text(context.source).unwrap_or_default());
        let more = match found.len() {
            1 => String::new(),
            2 => " (and 1 more tag)".to_owned(),
            count => format!(" (and {} more tags)", count - 1),
        };
        let (message, help) = if first.in_cdata {
            (
                format!("SSML tag `{shown}` is inside CDATA, so it is read aloud as text{more}"),
                "remove the CDATA section and write the SSML as elements inside `<Say>`",
            )
        } else {
            (
                format!("SSML tag `{shown}` is escaped, so it is read aloud as text{more}"),
                "write the tag unescaped, as an element inside `<Say>`. TwiML libraries escape \
                 text, so add SSML with their SSML methods instead",
            )
        };
        emitter.emit(first.span, message).help(help);
    }
}

/// Checks whether `document` has anything [`find_tags`] could find: a CDATA section, or an
/// escaped `<`, which every spelling in [`ESCAPED_OPENERS`] starts with `&lt;` or `&#`. One
/// search of the source spares looking through the text of every `<Say>`.
fn may_hold_tags(document: &Document<'_>) -> bool {
    let bytes = document.source.as_bytes();
    let escaped_less_than = memchr::memchr_iter(b'&', bytes)
        .any(|at| matches!(bytes.get(at + 1..), Some([b'#', ..] | [b'l', b't', b';', ..])));
    escaped_less_than || document.has_cdata()
}

/// Finds the SSML tags in the text and CDATA of `say` and of the SSML elements inside it, in source
/// order.
fn find_in_say(say: Element<'_, '_>, source: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for node in say.descendants() {
        match node {
            Node::Text(text) => find_tags(source, text.span, false, &mut found),
            Node::CData(cdata) => find_tags(source, cdata.span, true, &mut found),
            _ => {}
        }
    }
    found.sort_by_key(|tag| tag.span.start);
    found
}

/// Adds the SSML tags written inside `span`: after `&lt;` and its numeric forms, or after a
/// plain `<` when the span is a CDATA section.
fn find_tags(source: &str, span: Span, in_cdata: bool, found: &mut Vec<Found>) {
    let Some(raw) = span.text(source) else { return };
    // Every escaped opener starts with `&`, and most text has none.
    if !in_cdata && !raw.as_bytes().contains(&b'&') {
        return;
    }
    // The markers of a CDATA section are not its text.
    let (body, body_start) = match raw.strip_prefix("<![CDATA[") {
        Some(rest) if in_cdata => (rest.strip_suffix("]]>").unwrap_or(rest), span.start + 9),
        _ => (raw, span.start),
    };
    let mut at = 0;
    while at < body.len() {
        let rest = &body[at..];
        let opener_len = if in_cdata {
            usize::from(rest.starts_with('<'))
        } else {
            ESCAPED_OPENERS.iter().find(|opener| rest.starts_with(**opener)).map_or(0, |o| o.len())
        };
        if opener_len > 0
            && let Some(len) = tag_len(rest, opener_len, in_cdata)
        {
            found.push(Found { span: Span::new(body_start + at, body_start + at + len), in_cdata });
            at += len;
            continue;
        }
        // Every opener starts with `&`, or `<` in CDATA, both ASCII, so the scan can skip
        // to the next one of those.
        let first = if in_cdata { b'<' } else { b'&' };
        let skip = rest.chars().next().map_or(1, char::len_utf8);
        at += skip
            + rest.as_bytes()[skip..]
                .iter()
                .position(|&byte| byte == first)
                .unwrap_or(rest.len() - skip);
    }
}

/// Measures the SSML tag at the start of `rest`, whose `<` takes `opener_len` bytes, or
/// `None` when no SSML name follows.
fn tag_len(rest: &str, opener_len: usize, in_cdata: bool) -> Option<usize> {
    let after_opener = rest.get(opener_len..)?;
    let name_start = usize::from(after_opener.starts_with('/'));
    let name_and_more = after_opener.get(name_start..)?;
    let name_len = name_and_more
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(name_and_more.len());
    let name = name_and_more.get(..name_len)?.to_ascii_lowercase();
    let known = SSML_NAMES.contains(&name.as_str())
        || name.strip_prefix("amazon:").is_some_and(|local| !local.is_empty());
    if !known {
        return None;
    }
    // The name must end there: `<s>` is a tag, `<said` is not.
    let after_name = name_and_more.get(name_len..)?;
    let delimited = after_name.is_empty()
        || after_name.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>')
        || (!in_cdata && after_name.starts_with("&gt;"));
    if !delimited {
        return None;
    }

    // The tag ends at its `>`, if one comes soon; otherwise show the name alone.
    let closer = if in_cdata { ">" } else { "&gt;" };
    let head = opener_len + name_start + name_len;
    let window = rest.get(head..).unwrap_or_default();
    let close =
        window.char_indices().take(200).find(|(index, _)| window[*index..].starts_with(closer));
    Some(close.map_or(head, |(index, _)| head + index + closer.len()))
}

/// Decodes the tag as the TTS engine would receive it, and cuts it to a readable length.
fn shown_tag(raw: &str) -> String {
    let decoded = raw
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let decoded =
        ESCAPED_OPENERS[2..].iter().fold(decoded, |text, opener| text.replace(opener, "<"));
    if decoded.chars().count() <= MAX_SHOWN_CHARS {
        return decoded;
    }
    let mut cut: String = decoded.chars().take(MAX_SHOWN_CHARS).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    fn tags_in(text: &str, in_cdata: bool) -> Vec<&str> {
        let mut found = Vec::new();
        find_tags(text, Span::new(0, text.len()), in_cdata, &mut found);
        found.iter().map(|tag| tag.span.text(text).unwrap_or_default()).collect()
    }

    #[test]
    fn finds_escaped_tags_with_their_attributes() {
        let text = r#"Hi &lt;break time="1s"/&gt; there &lt;/prosody&gt;"#;
        assert_eq!(tags_in(text, false), [r#"&lt;break time="1s"/&gt;"#, "&lt;/prosody&gt;"]);
        assert_eq!(tags_in("a &#60;say-as interpret-as=\"digits\"&gt;1", false).len(), 1);
        assert_eq!(tags_in("&lt;amazon:effect name=\"whispered\"&gt;", false).len(), 1);
    }

    #[test]
    fn ignores_words_that_only_start_like_tags() {
        assert!(tags_in("a &lt;said&gt; b &lt;3 &lt; pi", false).is_empty());
        assert!(tags_in("if x &lt; s then", false).is_empty());
        assert!(tags_in("<break/>", false).is_empty());
    }

    #[test]
    fn finds_plain_tags_in_cdata() {
        let text = "<![CDATA[Hello <break time=\"2s\"/> world]]>";
        assert_eq!(tags_in(text, true), ["<break time=\"2s\"/>"]);
    }

    #[test]
    fn shown_tag_decodes_and_cuts() {
        assert_eq!(shown_tag("&lt;break time=&quot;1s&quot;/&gt;"), "<break time=\"1s\"/>");
        assert_eq!(shown_tag(&format!("&lt;p {}&gt;", "x".repeat(80))).chars().count(), 61);
    }
}
