//! The canonical layout of a TwiML file, so that every file in a repository reads the same and
//! diffs show only real changes. [`format()`] is the entry point.

use crate::document::Document;
use crate::problem::{Problem, ProblemKind};
use crate::serialize::{
    Layout, OwnedDeclaration, OwnedDocument, OwnedElement, OwnedNode, ToXml, takes_no_text,
    whitespace_is_layout,
};
use crate::span::{LineColumn, LineIndex};

/// The reason a document could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The input is empty or only whitespace, so there is no document to lay out.
    #[error("the file is empty; a TwiML document needs at least `<Response/>`")]
    Empty,
    /// The input is not well-formed XML.
    #[error(
        "not well-formed XML at line {line}, column {column}: {message}",
        line = position.line,
        column = position.column,
        message = problem.message
    )]
    NotWellFormed {
        /// The first problem that makes the document not well-formed.
        problem: Problem,
        /// The line and column where that problem starts.
        position: LineColumn,
        /// How many such problems the document has in all.
        count: usize,
    },
}

/// Formats TwiML `source` in the canonical layout, [`Layout::Indented`]. The output starts
/// with the XML declaration `<?xml version="1.0" encoding="UTF-8"?>` if the file has one. Then
/// come one element per line indented by two spaces, attributes in source order in double
/// quotes, the comments and processing instructions, and a final newline. Formatting never
/// changes what a call or message does:
///
/// - whitespace-only text between the children of an element whose whitespace is layout (a verb
///   that takes no text, or a `<Dial>` with nouns) is replaced by the new indentation;
/// - every other text is content and is kept exactly, with its whitespace. That covers all text
///   in `<Say>`, `<Message>`, `<Body>` and SSML elements, and any element that mixes text with
///   child elements, which is written on one line as it reads, so that a TwiML Bin section such
///   as `{{#Dest}}<Number>{{.}}</Number>{{/Dest}}` survives byte for byte;
/// - references are decoded and written back with the serializer's escaping, which touches only
///   `&`, `<`, `>` and `"` (`&#233;` becomes `é`, `&amp;` stays `&amp;`), and line endings become
///   `\n`, which is how any XML parser reads them;
/// - a byte order mark is dropped.
///
/// A document that is not well-formed is refused with [`FormatError`], because a tree
/// recovered from broken XML is a guess and writing it back could change the document.
///
/// ```
/// let source = "<Response><Gather input=\"dtmf\" numDigits='1'><Say>Press  1</Say>\
///               </Gather></Response>";
/// assert_eq!(
///     twiml::format(source)?,
///     "<Response>\n  <Gather input=\"dtmf\" numDigits=\"1\">\n    <Say>Press  1</Say>\n  \
///      </Gather>\n</Response>\n"
/// );
/// # Ok::<(), twiml::FormatError>(())
/// ```
pub fn format(source: &str) -> Result<String, FormatError> {
    format_document(&crate::parse(source))
}

/// Formats the bytes of a file, which must be UTF-8, in the canonical layout.
pub fn format_bytes(bytes: &[u8]) -> Result<String, FormatError> {
    let (source, decode_problems) = crate::decode(bytes);
    let mut document = crate::parse(&source);
    document.problems.extend(decode_problems);
    document.problems.sort_by_key(|problem| problem.span.start);
    format_document(&document)
}

/// Formats a parsed document in the canonical layout, or refuses when the parser found it
/// empty or not well-formed.
pub fn format_document(document: &Document<'_>) -> Result<String, FormatError> {
    if document.problems.iter().any(|problem| problem.kind == ProblemKind::Empty) {
        return Err(FormatError::Empty);
    }
    let mut errors =
        document.problems.iter().filter(|problem| problem.kind.is_well_formedness_error());
    if let Some(first) = errors.next() {
        let position =
            LineIndex::new(document.source).line_column(document.source, first.span.start);
        return Err(FormatError::NotWellFormed {
            problem: first.clone(),
            position,
            count: 1 + errors.count(),
        });
    }

    let mut owned = OwnedDocument::from_document(document);
    canonicalize(&mut owned);
    Ok(owned.to_xml(Layout::Indented))
}

/// Rewrites an owned document into the canonical tree: the declaration's encoding becomes
/// `UTF-8` (the only encoding the output has) and whitespace that is layout is removed, so
/// that the indented layout can put its own in place.
pub fn canonicalize(document: &mut OwnedDocument) {
    if let Some(declaration) = &mut document.declaration {
        declaration.encoding = OwnedDeclaration::default().encoding;
    }
    document.nodes.retain(|node| !node.is_whitespace_text());
    for node in &mut document.nodes {
        if let OwnedNode::Element(element) = node {
            strip_layout(element);
        }
    }
}

/// Removes whitespace-only text from `element` and its descendants where it is layout. An
/// element that contains text or CDATA, or whose whitespace is content, is left as it is,
/// descendants included.
fn strip_layout(element: &mut OwnedElement) {
    let holds_text = element.children.iter().any(|child| match child {
        OwnedNode::Text(text) => !text.trim().is_empty(),
        OwnedNode::CData(_) => true,
        _ => false,
    });
    if holds_text || !whitespace_is_layout(element) {
        return;
    }

    // An element that takes text, such as `<Play> </Play>`, keeps whitespace that is its only
    // content; between child elements whitespace is layout.
    let holds_markup = element.children.iter().any(|child| !matches!(child, OwnedNode::Text(_)));
    if takes_no_text(element) || holds_markup {
        element.children.retain(|child| !child.is_whitespace_text());
    }
    for child in &mut element.children {
        if let OwnedNode::Element(child) = child {
            strip_layout(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_indents_verbs_and_keeps_say_text() {
        let source = concat!(
            "<?xml version='1.0' encoding='utf-8'?>\r\n<Response>\r\n",
            "<Say>  Hi\r\n  there </Say><Pause length=\"2\"></Pause></Response>",
        );
        let expected = concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n",
            "  <Say>  Hi\n  there </Say>\n  <Pause length=\"2\"/>\n</Response>\n",
        );
        assert_eq!(format(source).as_deref(), Ok(expected));
    }

    #[test]
    fn format_refuses_not_well_formed() {
        let error = format("<Response>\n  <Say>Hi</say>\n</Response>").unwrap_err();
        let position = match error {
            FormatError::NotWellFormed { position, .. } => Some((position.line, position.column)),
            FormatError::Empty => None,
        };
        assert_eq!(position, Some((2, 10)));
    }

    #[test]
    fn format_refuses_empty() {
        assert_eq!(format("  \n"), Err(FormatError::Empty));
    }
}
