//! The parser: one pass over the source that builds a [`Document`] and reports every
//! well-formedness problem at the span of the construct that caused it.
//!
//! The scanner finds text, references and markup itself and reads names, attributes and
//! references as it goes, so each byte is looked at about once. It keeps the element stack
//! itself, so that it can recover from a mismatched or missing end tag. When markup never
//! ends, it goes on where the markup most likely was meant to end, so one typo does not hide
//! the rest of the tree.

mod attribute;
mod lexical;
mod markup;
mod prolog;
mod search;
mod tag;

use std::borrow::Cow;
use std::cell::Cell;

use crate::document::{Attribute, Declaration, Document, Node, Text};
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

use lexical::{Reference, find_cdata_end, is_blank, normalize_line_ends, read_reference};

const BYTE_ORDER_MARK: &str = "\u{feff}";

/// The deepest nesting of elements the document keeps. Deeper elements are reported once and
/// left out, so that no consumer of the tree recurses without bound. TwiML nests a handful of
/// levels (`<Response><Gather><Say><prosody>`), and libxml2's parser applies the same limit
/// (`xmlParserMaxDepth`) unless `XML_PARSE_HUGE` is set.
pub const MAX_DEPTH: usize = 256;

/// The maximum number of invalid characters reported one by one. Past this count one problem
/// covers the rest, so that a binary file does not produce thousands of findings.
const MAX_REPORTED_INVALID_CHARACTERS: usize = 20;

/// Parses `source` into a document. Any input gives a document, as much of one as can be
/// recovered, with the problems found along the way. Parsing does not panic: the property
/// tests feed it arbitrary bytes and mutated TwiML.
///
/// ```
/// let document = twiml::parse("<Response><Say>Hello</Say></Response>");
/// assert!(document.problems.is_empty());
/// assert_eq!(document.root().map(|root| root.name), Some("Response"));
/// ```
pub fn parse(source: &str) -> Document<'_> {
    let scratch = SCRATCH.take();
    let (document, scratch) = Parser::new(source, scratch).run();
    SCRATCH.set(scratch);
    document
}

/// Above this capacity a scratch vector is freed after the parse instead of being kept for the
/// next one, so that one large document does not pin its buffers for the life of the thread.
/// 4,096 nodes take about 590 kB. At the estimate of one node per 64 bytes used below, a 64 kB
/// document, the most Twilio accepts, needs about 1,000.
const MAX_KEPT_CAPACITY: usize = 4_096;

thread_local! {
    /// The buffers of the previous parse on this thread, empty, kept for their capacity. Most
    /// runs parse many small documents, and growing these vectors anew for each one costs
    /// several allocations per document.
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// Empty vectors whose capacity one parse hands on to the next. They hold no borrowed data, so
/// their element types carry the `'static` lifetime while stored.
#[derive(Debug, Default)]
struct Scratch {
    nodes: Vec<Node<'static>>,
    stack: Vec<Open<'static>>,
    attributes: Vec<Attribute<'static>>,
}

/// Converts the empty `vector` into a vector of another element type with the same layout,
/// such as the same type with another lifetime, keeping its allocation unless its capacity is
/// above `max_capacity`. No element needs converting, because the `filter_map` yields none.
///
/// NOTE: keeping the allocation relies on the standard library collecting a `vec::IntoIter`
/// in place, which it does (Rust 1.95) but does not promise. Without it, the allocation is
/// freed and the vector grows again from empty.
fn reuse<T, U>(vector: Vec<T>, max_capacity: usize) -> Vec<U> {
    debug_assert!(vector.is_empty(), "a scratch vector must be empty when it changes hands");
    if vector.capacity() > max_capacity {
        return Vec::new();
    }
    vector.into_iter().filter_map(|_| None).collect()
}

/// The text that replaces a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replacement {
    Text(&'static str),
    Character(char),
}

/// A piece of text read at some span.
#[derive(Debug)]
enum Piece<'p> {
    /// The source text at the span, as written.
    Raw,
    /// Replacement text for the span, such as the character a reference names.
    Decoded(&'p str),
    /// The source text at the span with its line ends normalized.
    Normalized(String),
}

/// An element whose end tag has not been read yet.
#[derive(Debug, Clone, Copy)]
struct Open<'a> {
    /// The position of the element in [`Parser::nodes`]. Its children so far follow it.
    index: usize,
    name: &'a str,
    start_tag: Span,
    /// Whether its start tag was reported as broken, so that the element is not reported
    /// again as never closed.
    broken: bool,
}

struct Parser<'a> {
    source: &'a str,
    /// The offset of the content: 3 after a byte order mark, else 0.
    content_start: usize,
    problems: Vec<Problem>,
    /// The open elements, outermost first.
    stack: Vec<Open<'a>>,
    /// The top-level nodes, each open element, and the children read so far of each open
    /// element right after it. An element is added here when its start tag is read, and
    /// closing it moves its children out in one exactly sized allocation. Nodes are large, so
    /// moving each one only twice matters for speed.
    nodes: Vec<Node<'a>>,
    /// Attributes of the tag being read, reused from tag to tag for the same reason.
    attribute_buffer: Vec<Attribute<'a>>,
    declaration: Option<Declaration<'a>>,
    doctype: Option<Span>,
    /// Text and references read since the last markup, merged into one node.
    pending_text: Option<Text<'a>>,
    /// Whether anything but whitespace has been read.
    seen_markup: bool,
    /// Whether an element has been read at the top level.
    seen_root: bool,
    /// How many open elements below [`MAX_DEPTH`] are being skipped.
    skipped_depth: usize,
    reported_depth: bool,
    misses: search::Misses,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, scratch: Scratch) -> Parser<'a> {
        let content_start =
            if source.starts_with(BYTE_ORDER_MARK) { BYTE_ORDER_MARK.len() } else { 0 };
        let mut nodes = reuse(scratch.nodes, usize::MAX);
        // An estimate of one node per 64 bytes, taken from the benchmark corpus, saves growing
        // the vector from empty.
        nodes.reserve(source.len() / 64 + 8);
        Parser {
            source,
            content_start,
            problems: Vec::new(),
            stack: reuse(scratch.stack, usize::MAX),
            nodes,
            attribute_buffer: reuse(scratch.attributes, usize::MAX),
            declaration: None,
            doctype: None,
            pending_text: None,
            seen_markup: false,
            seen_root: false,
            skipped_depth: 0,
            reported_depth: false,
            misses: search::Misses::new(source.len()),
        }
    }

    fn run(mut self) -> (Document<'a>, Scratch) {
        if self.content_start > 0 {
            self.problems.push(Problem::new(
                ProblemKind::ByteOrderMark,
                Span::new(0, self.content_start),
                "the file starts with a UTF-8 byte order mark",
            ));
        }
        self.check_characters();

        let bytes = self.source.as_bytes();
        let mut at = self.content_start;
        while at < bytes.len() {
            let (len, noted) = search::text_run(&bytes[at..]);
            let next = at + len;
            if next > at {
                let complete = next == bytes.len() || self.starts_markup(next);
                self.text(Span::new(at, next), noted, complete);
            }
            if next >= bytes.len() {
                break;
            }
            let resume = if bytes[next] == b'&' { self.reference(next) } else { self.markup(next) };
            // Every handler moves past what it read. This guards the loop against a mistake in
            // that reasoning.
            at = resume.max(next + 1);
        }
        self.finish()
    }

    /// Reads the markup that starts with the `<` at `at` and returns the offset after it.
    fn markup(&mut self, at: usize) -> usize {
        let bytes = self.source.as_bytes();
        match bytes.get(at + 1) {
            Some(b'/') => self.end_tag(at),
            Some(b'!') => self.bang_markup(at),
            Some(b'?') => self.question_markup(at),
            _ if lexical::starts_with_name_start_char(&self.source[at + 1..]) => self.start_tag(at),
            _ => self.bare_less_than(at),
        }
    }

    /// Returns whether the byte at `at` is a `<` that starts markup, rather than a `&` or a
    /// `<` that is text.
    fn starts_markup(&self, at: usize) -> bool {
        let bytes = self.source.as_bytes();
        bytes[at] == b'<'
            && (matches!(bytes.get(at + 1), Some(b'/' | b'!' | b'?'))
                || lexical::starts_with_name_start_char(&self.source[at + 1..]))
    }

    /// Reads the character data at `span`, which contains no `<` and no `&`. Unless `noted`,
    /// it contains no `>` and no carriage return either, and needs no closer look. A
    /// `complete` text is followed by markup or the end of the input, not by a reference.
    fn text(&mut self, span: Span, noted: bool, complete: bool) {
        let raw = self.slice(span);
        if !noted {
            if complete && self.pending_text.is_none() {
                // The common case, a text node on its own, skips collecting.
                self.push_node(Node::Text(Text { value: Cow::Borrowed(raw), span }));
            } else {
                self.append_text(span, Piece::Raw);
            }
            return;
        }
        if let Some(at) = find_cdata_end(raw) {
            self.problems.push(Problem::new(
                ProblemKind::Syntax,
                Span::new(span.start + at, span.start + at + 3),
                "`]]>` may not appear in text: write `]]&gt;`",
            ));
        }
        match normalize_line_ends(raw) {
            Cow::Borrowed(_) => self.append_text(span, Piece::Raw),
            Cow::Owned(normalized) => self.append_text(span, Piece::Normalized(normalized)),
        }
    }

    /// Reads the reference that starts with the `&` at `at` and returns the offset after it.
    fn reference(&mut self, at: usize) -> usize {
        let rest = &self.source[at..];
        let (reference, len) = read_reference(rest);
        let span = Span::new(at, at + len);
        let raw = &rest[..len];
        match self.reference_text(reference, raw, span) {
            Some(Replacement::Text(text)) => self.append_text(span, Piece::Decoded(text)),
            Some(Replacement::Character(character)) => {
                let mut buffer = [0; 4];
                self.append_text(span, Piece::Decoded(character.encode_utf8(&mut buffer)));
            }
            None => self.append_text(span, Piece::Raw),
        }
        at + len
    }

    /// Reports what is wrong with `reference`, written as `raw` at `span`, and returns the text
    /// that replaces it, or `None` when it stays as written.
    fn reference_text(
        &mut self,
        reference: Reference<'_>,
        raw: &str,
        span: Span,
    ) -> Option<Replacement> {
        match reference {
            Reference::Character(character) => Some(Replacement::Character(character)),
            Reference::Predefined(text) => Some(Replacement::Text(text)),
            Reference::Undefined(name) => {
                self.problems.push(Problem::new(
                    ProblemKind::UndefinedEntity,
                    span,
                    format!(
                        "entity `&{name};` is not defined: XML defines only `&lt;`, `&gt;`, \
                         `&amp;`, `&apos;` and `&quot;`"
                    ),
                ));
                None
            }
            Reference::InvalidCharacter => {
                self.problems.push(Problem::new(
                    ProblemKind::InvalidCharacterReference,
                    span,
                    format!("character reference `{raw}` does not name a character XML allows"),
                ));
                None
            }
            Reference::Bare => {
                self.problems.push(Problem::new(
                    ProblemKind::BareAmpersand,
                    Span::new(span.start, span.start + 1),
                    "`&` must be written `&amp;` when it does not start a reference",
                ));
                None
            }
        }
    }

    /// Handles a `<` that starts no tag: it is text, and reading resumes after it.
    fn bare_less_than(&mut self, at: usize) -> usize {
        let span = Span::new(at, at + 1);
        self.problems.push(Problem::new(
            ProblemKind::LessThanInText,
            span,
            "`<` must be written `&lt;` when it does not start a tag",
        ));
        self.append_text(span, Piece::Raw);
        at + 1
    }

    /// Adds `piece`, read at `span`, to the text being collected.
    fn append_text(&mut self, span: Span, piece: Piece<'_>) {
        if self.skipped_depth > 0 {
            return;
        }
        let raw = self.slice(span);
        let Some(text) = &mut self.pending_text else {
            let value = match piece {
                Piece::Raw => Cow::Borrowed(raw),
                Piece::Normalized(text) => Cow::Owned(text),
                Piece::Decoded(text) => {
                    let mut owned = String::with_capacity(text_capacity(self.source, span, ""));
                    owned.push_str(text);
                    Cow::Owned(owned)
                }
            };
            self.pending_text = Some(Text { value, span });
            return;
        };
        if let Cow::Borrowed(first) = text.value {
            let mut owned = String::with_capacity(text_capacity(self.source, span, first));
            owned.push_str(first);
            text.value = Cow::Owned(owned);
        }
        let owned = text.value.to_mut();
        match &piece {
            Piece::Raw => owned.push_str(raw),
            Piece::Decoded(text) => owned.push_str(text),
            Piece::Normalized(text) => owned.push_str(text),
        }
        text.span = text.span.cover(span);
    }

    fn flush_text(&mut self) {
        if let Some(text) = self.pending_text.take() {
            self.push_node(Node::Text(text));
        }
    }

    /// Adds `node` to the innermost open element, or to the top level.
    #[inline]
    fn push_node(&mut self, node: Node<'a>) {
        if self.skipped_depth == 0 && !self.stack.is_empty() {
            self.nodes.push(node);
        } else {
            self.push_top_level_node(node);
        }
    }

    /// Adds `node` at the top level, where only the root element, comments and processing
    /// instructions belong, or drops it when it lies too deep.
    fn push_top_level_node(&mut self, node: Node<'a>) {
        if self.skipped_depth > 0 {
            return;
        }
        match &node {
            Node::Element(element) => self.top_level_element(element.name, element.start_tag),
            Node::Text(text) if is_blank(self.slice(text.span)) => return,
            Node::Text(_) | Node::CData(_) => {
                let place = if self.seen_root { "after" } else { "before" };
                self.problems.push(Problem::new(
                    ProblemKind::TextOutsideRoot,
                    trimmed_span(self.source, node.span()),
                    format!("text {place} the root element: only comments may stand outside it"),
                ));
                self.seen_markup = true;
            }
            Node::Comment(_) | Node::ProcessingInstruction(_) => self.seen_markup = true,
        }
        self.nodes.push(node);
    }

    /// Notes the element `name` with `start_tag` at the top level, where only one may stand.
    fn top_level_element(&mut self, name: &str, start_tag: Span) {
        if self.seen_root {
            let message = format!(
                "element `<{name}>` comes after the root element: a document has exactly one root"
            );
            self.problems.push(Problem::new(ProblemKind::ElementAfterRoot, start_tag, message));
        }
        self.seen_root = true;
    }

    /// Reports each character that XML does not allow anywhere in a document.
    fn check_characters(&mut self) {
        let bytes = self.source.as_bytes();
        // A quick pass first, because almost every document is clean.
        let has_control = search::has_forbidden_control(bytes);
        let has_noncharacter = memchr::memchr_iter(0xEF, bytes)
            .any(|at| matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])));
        if !has_control && !has_noncharacter {
            return;
        }

        let mut reported = 0;
        for (at, character) in self.source.char_indices() {
            let forbidden = matches!(character, '\u{FFFE}' | '\u{FFFF}')
                || (character.is_ascii_control() && search::is_forbidden_control(character as u8));
            if !forbidden {
                continue;
            }
            let span = Span::new(at, at + character.len_utf8());
            reported += 1;
            if reported <= MAX_REPORTED_INVALID_CHARACTERS {
                let code = u32::from(character);
                self.problems.push(Problem::new(
                    ProblemKind::InvalidCharacter,
                    span,
                    format!("character U+{code:04X} is not allowed in XML: remove it"),
                ));
            } else {
                self.problems.push(Problem::new(
                    ProblemKind::InvalidCharacter,
                    span,
                    "more characters that XML does not allow follow: the file is probably not \
                     text",
                ));
                break;
            }
        }
    }

    fn finish(mut self) -> (Document<'a>, Scratch) {
        self.flush_text();
        while !self.stack.is_empty() {
            self.report_unclosed_innermost();
            self.close_innermost(None);
        }

        if !self.seen_root {
            if is_blank(&self.source[self.content_start..]) {
                self.problems.push(Problem::new(
                    ProblemKind::Empty,
                    Span::new(0, self.source.len()),
                    "the file is empty: a TwiML document needs at least `<Response/>`",
                ));
            } else {
                self.problems.push(Problem::new(
                    ProblemKind::MissingRoot,
                    Span::empty(self.source.len()),
                    "the file has no root element: a TwiML document needs `<Response>`",
                ));
            }
        }
        self.problems.sort_by_key(|problem| problem.span.start);

        // Only the top-level nodes are left. They move into a vector of their exact size, and
        // the scratch vectors go back, empty, for the next parse.
        let nodes: Vec<Node<'a>> = self.nodes.drain(..).collect();
        let document = Document {
            source: self.source,
            declaration: self.declaration,
            doctype: self.doctype,
            byte_order_mark: self.content_start > 0,
            nodes,
            problems: self.problems,
        };
        self.attribute_buffer.clear();
        let scratch = Scratch {
            nodes: reuse(self.nodes, MAX_KEPT_CAPACITY),
            stack: reuse(self.stack, MAX_KEPT_CAPACITY),
            attributes: reuse(self.attribute_buffer, MAX_KEPT_CAPACITY),
        };
        (document, scratch)
    }

    /// Returns the source text of `span`, or the empty string when the span is out of range
    /// or not on character boundaries, which only a mistake in offset arithmetic could cause.
    fn slice(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end.max(span.start)).unwrap_or("")
    }
}

/// Returns the capacity for a text that starts with `first` and goes on at `span`. The text
/// runs at most to the next `<`, and decoding only shrinks it, so one allocation of that size
/// is enough.
fn text_capacity(source: &str, span: Span, first: &str) -> usize {
    let rest = &source.as_bytes()[span.start..];
    first.len() + memchr::memchr(b'<', rest).unwrap_or(rest.len())
}

fn trimmed_span(source: &str, span: Span) -> Span {
    let text = span.text(source).unwrap_or("");
    let start = span.start + lexical::leading_whitespace(text);
    let end = span.start + lexical::trim_end(text).len();
    Span::new(start, end.max(start))
}
