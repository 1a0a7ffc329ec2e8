//! Problems found while reading a document: well-formedness errors and the notices (a byte order
//! mark, a DOCTYPE) that are well-formed XML but that a TwiML author should know about.

use serde::Serialize;

use crate::span::Span;

/// One problem found while reading a document, with the span of the construct that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What kind of problem this is.
    pub kind: ProblemKind,
    /// The bytes that caused it.
    pub span: Span,
    /// A lowercase sentence that names the construct, such as
    /// "end tag `</Gather>` does not match start tag `<Say>`".
    pub message: String,
}

impl Problem {
    pub(crate) fn new(kind: ProblemKind, span: Span, message: impl Into<String>) -> Problem {
        Problem { kind, span, message: message.into() }
    }
}

/// The kinds of problems the parser reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The input has no bytes, or only whitespace.
    Empty,
    /// The input starts with a UTF-8 byte order mark. Accepted, but worth a warning.
    ByteOrderMark,
    /// The input is not valid UTF-8. Each invalid byte was read as `?`.
    InvalidUtf8,
    /// Something, whitespace included, comes before the XML declaration.
    ContentBeforeDeclaration,
    /// A DOCTYPE declaration. It is reported and its entities are never expanded.
    Doctype,
    /// The input holds no element at all.
    MissingRoot,
    /// A start tag with no matching end tag before its parent ends or the input ends.
    UnclosedElement,
    /// An end tag whose name differs from the innermost open element.
    MismatchedEndTag,
    /// An end tag with no open element at all.
    UnexpectedEndTag,
    /// The same attribute twice on one element.
    DuplicateAttribute,
    /// An attribute value without quotes.
    UnquotedAttribute,
    /// An attribute with no `=`, no value or no closing quote, or one not followed by
    /// whitespace before the next attribute.
    MalformedAttribute,
    /// A `<` inside an attribute value.
    LessThanInAttribute,
    /// A `<` in text that starts no tag, such as the one in `1 < 2`. It must be written `&lt;`.
    LessThanInText,
    /// An element, attribute or end tag name, or a processing instruction target, that is not
    /// an XML name, such as `<1st>` or `<Say,>`.
    InvalidName,
    /// A character XML does not allow anywhere in a document: a control character other than
    /// tab, line feed and carriage return, or U+FFFE or U+FFFF.
    InvalidCharacter,
    /// A named entity other than the five XML defines, such as `&eacute;`.
    UndefinedEntity,
    /// A numeric character reference to a code point XML does not allow.
    InvalidCharacterReference,
    /// A `&` that does not start a reference; it must be written `&amp;`.
    BareAmpersand,
    /// Non-whitespace text before or after the root element.
    TextOutsideRoot,
    /// A second element after the root element.
    ElementAfterRoot,
    /// A tag, comment, CDATA section, processing instruction or DOCTYPE that never ends.
    UnterminatedMarkup,
    /// `--` inside a comment.
    DoubleHyphenInComment,
    /// An XML declaration that is malformed, such as one without `version`, with an unknown
    /// pseudo-attribute, or written `<?XML …?>`.
    InvalidDeclaration,
    /// Elements nested deeper than [`MAX_DEPTH`](crate::MAX_DEPTH). The deeper elements are
    /// left out of the document.
    TooDeep,
    /// A source of 4 GiB or more, which the parser does not read: the document has no nodes.
    TooLarge,
    /// Any other syntax the parser could not read.
    Syntax,
}

impl ProblemKind {
    /// Whether the problem makes the document not well-formed XML, which Twilio rejects with
    /// error 12100. A byte order mark and a DOCTYPE are well-formed; an empty input is its own
    /// case (Twilio's 11770, empty response body). [`ProblemKind::TooDeep`] counts as an error
    /// although such XML can be well-formed, because the parser left part of the document out.
    pub fn is_well_formedness_error(self) -> bool {
        !matches!(self, ProblemKind::ByteOrderMark | ProblemKind::Doctype | ProblemKind::Empty)
    }
}
