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

use crate::document::{Attribute, Declaration, Document, NO_PARENT, NodeData, NodeKind};
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

use lexical::{
    Reference, find_cdata_end, is_blank, is_whitespace, normalize_line_ends, read_reference,
};

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
/// assert_eq!(document.root().map(|root| root.name()), Some("Response"));
/// ```
pub fn parse(source: &str) -> Document<'_> {
    // Offsets are kept as `u32`. Twilio accepts 64 kB, so only a mistake sends this much.
    if source.len() >= MAX_SOURCE_LEN {
        let mut document = Document::empty(source);
        document.problems.push(Problem::new(
            ProblemKind::TooLarge,
            Span::empty(0),
            format!(
                "the document is {} bytes long, and the parser reads at most {} bytes",
                source.len(),
                MAX_SOURCE_LEN - 1
            ),
        ));
        return document;
    }
    let scratch = SCRATCH.take();
    let (document, scratch) = Parser::new(source, scratch).run();
    SCRATCH.set(scratch);
    document
}

/// The length from which a source is not parsed, because its offsets would not fit the `u32`
/// the document stores them in.
const MAX_SOURCE_LEN: usize = u32::MAX as usize;

/// Above this capacity the element stack is freed after the parse instead of being kept for
/// the next one, so that one deeply nested document does not pin it for the life of the
/// thread. [`MAX_DEPTH`] open elements fit.
const MAX_KEPT_CAPACITY: usize = MAX_DEPTH;

thread_local! {
    /// The element stack of the previous parse on this thread, empty, kept for its capacity.
    /// Most runs parse many small documents, and growing the stack anew for each one costs
    /// several allocations per document.
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// An empty stack whose capacity one parse hands on to the next. It holds no borrowed data, so
/// its element type carries the `'static` lifetime while stored.
#[derive(Debug, Default)]
struct Scratch {
    stack: Vec<Open<'static>>,
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
    /// The position of the element in [`Parser::nodes`]. Its descendants so far follow it.
    index: u32,
    name: &'a str,
    start_tag: Span,
    /// Whether its start tag was reported as broken, so that the element is not reported
    /// again as never closed.
    broken: bool,
    /// Where its last child so far ends, or its start tag when it has none: where the element
    /// ends if no end tag closes it.
    last_child_end: usize,
}

/// Text read since the last markup, not yet added as a node.
#[derive(Debug, Clone, Copy)]
struct PendingText {
    span: Span,
    /// Where its value starts in [`Parser::decoded`], or `None` when the value is the source
    /// text at `span`, as written.
    decoded_start: Option<usize>,
}

struct Parser<'a> {
    source: &'a str,
    /// The offset of the content: 3 after a byte order mark, else 0.
    content_start: usize,
    problems: Vec<Problem>,
    /// The open elements, outermost first.
    stack: Vec<Open<'a>>,
    /// Every node read so far, in document order, as the document keeps them. An element is
    /// added when its start tag is read, and closing it records where its descendants end.
    nodes: Vec<NodeData<'a>>,
    /// The attributes of every element read so far.
    attributes: Vec<Attribute<'a>>,
    /// The decoded values of text nodes.
    decoded: String,
    declaration: Option<Declaration<'a>>,
    doctype: Option<Span>,
    /// Text and references read since the last markup, merged into one node.
    pending_text: Option<PendingText>,
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
        let (nodes, attributes) = capacities(source);
        Parser {
            source,
            content_start,
            problems: Vec::new(),
            stack: reuse(scratch.stack, usize::MAX),
            nodes: Vec::with_capacity(nodes),
            attributes: Vec::with_capacity(attributes),
            decoded: String::new(),
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
        if !noted {
            if complete && self.pending_text.is_none() {
                // The common case, a text node on its own, skips collecting.
                self.push_text(PendingText { span, decoded_start: None });
            } else {
                self.append_text(span, Piece::Raw);
            }
            return;
        }
        let raw = self.slice(span);
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
            let decoded_start = match piece {
                Piece::Raw => None,
                Piece::Normalized(text) => Some(self.push_decoded(span.start, &text)),
                Piece::Decoded(text) => Some(self.push_decoded(span.start, text)),
            };
            self.pending_text = Some(PendingText { span, decoded_start });
            return;
        };
        if text.decoded_start.is_none() {
            // The text so far is the source as written. From here on it is decoded.
            let first = self.source.get(text.span.start..text.span.end).unwrap_or("");
            let start = text.span.start;
            text.decoded_start = Some(push_decoded(&mut self.decoded, self.source, start, first));
        }
        match &piece {
            Piece::Raw => self.decoded.push_str(raw),
            Piece::Decoded(piece) => self.decoded.push_str(piece),
            Piece::Normalized(piece) => self.decoded.push_str(piece),
        }
        text.span = text.span.cover(span);
    }

    /// Appends `text`, the decoded form of source text from `at`, to [`Parser::decoded`], and
    /// returns where it starts there.
    fn push_decoded(&mut self, at: usize, text: &str) -> usize {
        push_decoded(&mut self.decoded, self.source, at, text)
    }

    fn flush_text(&mut self) {
        if let Some(text) = self.pending_text.take() {
            self.push_text(text);
        }
    }

    /// Adds `text` as a text node. A decoded text's value runs to the end of
    /// [`Parser::decoded`], because nothing is decoded after it until it is added.
    fn push_text(&mut self, text: PendingText) {
        let bytes = self.source.as_bytes().get(text.span.start..text.span.end).unwrap_or_default();
        if !bytes.iter().all(|&byte| is_whitespace(byte)) {
            self.note_text_in_open_element();
        }
        match text.decoded_start {
            Some(start) => {
                let value = Span::new(start, self.decoded.len());
                self.push_node(NodeKind::Text, text.span, value, true);
            }
            None => self.push_node(NodeKind::Text, text.span, Span::default(), false),
        }
    }

    /// Adds a comment, CDATA section or processing instruction of `kind` at `span`, whose text
    /// is the source at `text`.
    fn push_markup(&mut self, kind: NodeKind, span: Span, text: Span) {
        if kind == NodeKind::CData {
            self.note_text_in_open_element();
        }
        self.push_node(kind, span, text, false);
    }

    /// Notes that the innermost open element has a text or CDATA child that may contain more
    /// than whitespace, for [`Element::has_text`](crate::Element::has_text).
    fn note_text_in_open_element(&mut self) {
        if self.skipped_depth > 0 {
            return;
        }
        let Some(open) = self.stack.last() else { return };
        if let Some(element) = self.nodes.get_mut(open.index as usize) {
            element.may_have_text = true;
        }
    }

    /// Adds a node of `kind` at `span`, which is no element, to the innermost open element,
    /// or to the top level. `value` is where its text is, in [`Parser::decoded`] when
    /// `decoded` is set, in the source otherwise.
    #[inline]
    fn push_node(&mut self, kind: NodeKind, span: Span, value: Span, decoded: bool) {
        if self.skipped_depth > 0 {
            return;
        }
        let index = self.nodes.len() as u32;
        let Some(open) = self.stack.last_mut() else {
            self.push_top_level_node(node_data(kind, span, value, decoded, NO_PARENT, index));
            return;
        };
        open.last_child_end = span.end;
        let parent = open.index;
        // Built in place: a node is larger than a copy is cheap.
        self.nodes.push(node_data(kind, span, value, decoded, parent, index));
    }

    /// Adds `node`, which is no element, at the top level, where only comments and
    /// processing instructions belong.
    fn push_top_level_node(&mut self, mut node: NodeData<'a>) {
        let span = node.span();
        match node.kind {
            NodeKind::Text if is_blank(self.slice(span)) => return,
            NodeKind::Text | NodeKind::CData => {
                let place = if self.seen_root { "after" } else { "before" };
                self.problems.push(Problem::new(
                    ProblemKind::TextOutsideRoot,
                    trimmed_span(self.source, span),
                    format!("text {place} the root element: only comments may stand outside it"),
                ));
                self.seen_markup = true;
            }
            NodeKind::Element | NodeKind::Comment | NodeKind::ProcessingInstruction => {
                self.seen_markup = true;
            }
        }
        node.parent = NO_PARENT;
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

        let document = Document {
            source: self.source,
            declaration: self.declaration,
            doctype: self.doctype,
            byte_order_mark: self.content_start > 0,
            problems: self.problems,
            nodes: self.nodes,
            attributes: self.attributes,
            decoded: self.decoded,
        };
        // The stack goes back, empty, for the next parse.
        let scratch = Scratch { stack: reuse(self.stack, MAX_KEPT_CAPACITY) };
        (document, scratch)
    }

    /// Returns the source text of `span`, or the empty string when the span is out of range
    /// or not on character boundaries, which only a mistake in offset arithmetic could cause.
    fn slice(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end.max(span.start)).unwrap_or("")
    }
}

/// Returns the capacities to give the vectors of nodes and attributes for `source`, so that
/// they rarely grow: growing a large vector copies all of it.
fn capacities(source: &str) -> (usize, usize) {
    // Below this size, one node per 32 bytes and one attribute per 40, more than the benchmark
    // corpora hold, are close enough, and counting would cost more than a rare growth.
    const COUNTED_FROM: usize = 8 * 1024;
    if source.len() < COUNTED_FROM {
        return (source.len() / 32 + 8, source.len() / 40 + 4);
    }
    let (mut tags, mut equals) = (0usize, 0usize);
    // Byte counters over chunks of at most 255 bytes cannot overflow, and let the compiler count
    // many bytes per instruction.
    for chunk in source.as_bytes().chunks(255) {
        let (mut chunk_tags, mut chunk_equals) = (0u8, 0u8);
        for &byte in chunk {
            chunk_tags += u8::from(byte == b'<');
            chunk_equals += u8::from(byte == b'=');
        }
        tags += usize::from(chunk_tags);
        equals += usize::from(chunk_equals);
    }
    // Each `<` starts at most one node, after at most one text, and every attribute has a `=`.
    (2 * tags + 2, equals + 1)
}

/// Returns the stored form of a node of `kind` at `span`, with its text at `value`, which is
/// no element. It is the child of `parent` at node index `index`.
#[inline]
fn node_data<'a>(
    kind: NodeKind,
    span: Span,
    value: Span,
    decoded: bool,
    parent: u32,
    index: u32,
) -> NodeData<'a> {
    NodeData {
        kind,
        self_closing: false,
        has_end_tag: false,
        decoded,
        may_have_text: false,
        parent,
        end: index + 1,
        start: span.start as u32,
        stop: span.end as u32,
        name: "",
        start_tag_end: 0,
        end_tag_start: 0,
        attributes_start: 0,
        attributes_end: 0,
        value_start: value.start as u32,
        value_end: value.end as u32,
    }
}

/// Appends `text`, the decoded form of `source` from byte `at`, to `decoded`, and returns
/// where it starts there.
///
/// The first text decoded reserves room for the rest of the source: decoding never makes
/// text longer, so the buffer then never grows, and never copies what it holds.
fn push_decoded(decoded: &mut String, source: &str, at: usize, text: &str) -> usize {
    if decoded.capacity() == 0 {
        decoded.reserve(source.len().saturating_sub(at).max(text.len()));
    }
    let start = decoded.len();
    decoded.push_str(text);
    start
}

fn trimmed_span(source: &str, span: Span) -> Span {
    let text = span.text(source).unwrap_or("");
    let start = span.start + lexical::leading_whitespace(text);
    let end = span.start + lexical::trim_end(text).len();
    Span::new(start, end.max(start))
}
