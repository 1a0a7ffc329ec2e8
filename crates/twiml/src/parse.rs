//! The parser: quick-xml's borrowed events turned into a [`Document`], with every
//! well-formedness problem reported at the span of the construct that caused it.
//!
//! quick-xml reads tags, text and references; this module keeps the element stack itself so that
//! it can recover from a mismatched or missing end tag and still return the rest of the tree.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::document::{
    Attribute, CData, Comment, Declaration, Document, Element, Node, ProcessingInstruction, Text,
};
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

const BYTE_ORDER_MARK: &str = "\u{feff}";

/// Parses `source` into a document. Any input gives a document, as much of one as can be
/// recovered, with the problems found along the way; parsing never panics.
///
/// ```
/// let document = twiml::parse("<Response><Say>Hello</Say></Response>");
/// assert!(document.problems.is_empty());
/// assert_eq!(document.root().map(|root| root.name), Some("Response"));
/// ```
pub fn parse(source: &str) -> Document<'_> {
    Parser::new(source).run()
}

struct Parser<'a> {
    source: &'a str,
    /// Offset of the reader's input in `source`: 3 after a byte order mark, else 0.
    base: usize,
    problems: Vec<Problem>,
    stack: Vec<Element<'a>>,
    top: Vec<Node<'a>>,
    declaration: Option<Declaration<'a>>,
    doctype: Option<Span>,
    pending_text: Option<Text<'a>>,
    seen_markup: bool,
    seen_root: bool,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str) -> Parser<'a> {
        let base = if source.starts_with(BYTE_ORDER_MARK) { BYTE_ORDER_MARK.len() } else { 0 };
        Parser {
            source,
            base,
            problems: Vec::new(),
            stack: Vec::new(),
            top: Vec::new(),
            declaration: None,
            doctype: None,
            pending_text: None,
            seen_markup: false,
            seen_root: false,
        }
    }

    fn run(mut self) -> Document<'a> {
        if self.base > 0 {
            self.problems.push(Problem::new(
                ProblemKind::ByteOrderMark,
                Span::new(0, self.base),
                "the file starts with a UTF-8 byte order mark",
            ));
        }

        let mut reader = Reader::from_str(&self.source[self.base..]);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        config.check_comments = true;
        config.expand_empty_elements = false;

        let mut last_error_at = None;
        loop {
            let before = self.base + position(reader.buffer_position());
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(event) => {
                    let after = self.base + position(reader.buffer_position());
                    self.handle(event, Span::new(before, after.max(before)));
                }
                Err(error) => {
                    let at = self.base + position(reader.error_position());
                    let after = self.base + position(reader.buffer_position());
                    self.report_reader_error(&error, before, at);
                    // A reader that returns the same error without moving would loop forever.
                    if after <= before && last_error_at == Some(after) {
                        break;
                    }
                    last_error_at = Some(after);
                }
            }
        }
        self.finish()
    }

    fn handle(&mut self, event: Event<'a>, span: Span) {
        match event {
            Event::Text(_) => self.text(span),
            Event::GeneralRef(reference) => self.reference(&reference, span),
            Event::Start(start) => {
                self.flush_text();
                let element = self.element(&start, span, false);
                self.stack.push(element);
            }
            Event::Empty(start) => {
                self.flush_text();
                let element = self.element(&start, span, true);
                self.push_node(Node::Element(element));
            }
            Event::End(_) => {
                self.flush_text();
                self.end_tag(span);
            }
            Event::CData(_) => {
                self.flush_text();
                let text = self.slice(Span::new(span.start + 9, span.end.saturating_sub(3)));
                self.push_node(Node::CData(CData { text, span }));
            }
            Event::Comment(_) => {
                self.flush_text();
                let text = self.slice(Span::new(span.start + 4, span.end.saturating_sub(3)));
                self.push_node(Node::Comment(Comment { text, span }));
            }
            Event::Decl(_) => {
                self.flush_text();
                self.declaration(span);
            }
            Event::PI(_) => {
                self.flush_text();
                let text = self.slice(Span::new(span.start + 2, span.end.saturating_sub(2)));
                self.push_node(Node::ProcessingInstruction(ProcessingInstruction { text, span }));
            }
            Event::DocType(_) => {
                self.flush_text();
                self.doctype_declaration(span);
            }
            Event::Eof => {}
        }
    }

    /// Reads raw character data. quick-xml hands references over as separate events, so the
    /// text itself holds no entities, but it may hold a `&` that starts none.
    fn text(&mut self, span: Span) {
        let raw = self.slice(span);
        for at in memchr::memchr_iter(b'&', raw.as_bytes()) {
            let offset = span.start + at;
            self.problems.push(Problem::new(
                ProblemKind::BareAmpersand,
                Span::new(offset, offset + 1),
                "`&` must be written `&amp;` in XML",
            ));
        }
        self.append_text(span, Cow::Borrowed(raw));
    }

    fn reference(&mut self, reference: &BytesRef<'a>, span: Span) {
        let raw = self.slice(span);
        let decoded = if reference.is_char_ref() {
            match reference.resolve_char_ref() {
                Ok(Some(character)) if is_xml_char(character) => {
                    Cow::Owned(character.to_string())
                }
                _ => {
                    self.problems.push(Problem::new(
                        ProblemKind::InvalidCharacterReference,
                        span,
                        format!("`{raw}` is not a character XML allows"),
                    ));
                    Cow::Borrowed(raw)
                }
            }
        } else {
            let name = self.slice(Span::new(span.start + 1, span.end.saturating_sub(1)));
            match predefined_entity(name) {
                Some(text) => Cow::Borrowed(text),
                None => {
                    self.report_undefined_entity(name, span);
                    Cow::Borrowed(raw)
                }
            }
        };
        self.append_text(span, decoded);
    }

    fn report_undefined_entity(&mut self, name: &str, span: Span) {
        let message = format!(
            "`&{name};` is not defined in XML; write the character itself or a numeric \
             reference such as `&#233;`"
        );
        self.problems.push(Problem::new(ProblemKind::UndefinedEntity, span, message));
    }

    fn append_text(&mut self, span: Span, piece: Cow<'a, str>) {
        match &mut self.pending_text {
            None => self.pending_text = Some(Text { value: piece, span }),
            Some(text) => {
                text.value.to_mut().push_str(&piece);
                text.span = text.span.cover(span);
            }
        }
    }

    fn flush_text(&mut self) {
        if let Some(text) = self.pending_text.take() {
            self.push_node(Node::Text(text));
        }
    }

    fn element(&mut self, start: &BytesStart<'a>, span: Span, self_closing: bool) -> Element<'a> {
        self.seen_markup = true;
        // The tag content starts after `<`; quick-xml's attribute errors count from there.
        let content_start = span.start + 1;
        let name_len = start.name().as_ref().len();
        let name_span = Span::new(content_start, content_start + name_len);
        let mut element = Element {
            name: self.slice(name_span),
            name_span,
            attributes: Vec::new(),
            children: Vec::new(),
            span,
            start_tag: span,
            end_tag: None,
            self_closing,
        };
        self.attributes(start, content_start, &mut element);
        element
    }

    fn attributes(&mut self, start: &BytesStart<'a>, content_start: usize, element: &mut Element<'a>) {
        for attribute in start.attributes() {
            match attribute {
                Ok(attribute) => {
                    let name_start = self.offset_of(attribute.key.as_ref(), content_start);
                    let name_span = Span::new(name_start, name_start + attribute.key.as_ref().len());
                    let value_start = self.offset_of(&attribute.value, name_span.end);
                    let value_span = Span::new(value_start, value_start + attribute.value.len());
                    let raw_value = self.slice(value_span);
                    let value = self.attribute_value(raw_value, value_span);
                    element.attributes.push(Attribute {
                        name: self.slice(name_span),
                        name_span,
                        value,
                        raw_value,
                        value_span,
                        span: Span::new(name_start, (value_span.end + 1).min(self.source.len())),
                    });
                }
                Err(error) => self.report_attribute_error(&error, content_start, element),
            }
        }
    }

    fn report_attribute_error(&mut self, error: &AttrError, content_start: usize, element: &Element<'a>) {
        let (kind, at) = match *error {
            AttrError::Duplicated(at, _) => (ProblemKind::DuplicateAttribute, at),
            AttrError::UnquotedValue(at) => (ProblemKind::UnquotedAttribute, at),
            AttrError::ExpectedEq(at) | AttrError::ExpectedValue(at) | AttrError::ExpectedQuote(at, _) => {
                (ProblemKind::MalformedAttribute, at)
            }
        };
        let start = content_start + at;
        let span = Span::new(start, self.token_end(start).min(element.start_tag.end));
        let token = self.slice(span);
        let message = match kind {
            ProblemKind::DuplicateAttribute => {
                let name = token.split('=').next().unwrap_or(token).trim();
                format!("attribute `{name}` appears more than once on `<{}>`", element.name)
            }
            ProblemKind::UnquotedAttribute => {
                format!("attribute value `{token}` must be in double or single quotes")
            }
            _ => format!("malformed attribute near `{token}`: write attributes as name=\"value\""),
        };
        self.problems.push(Problem::new(kind, span, message));
    }

    /// Decodes references in an attribute value and normalizes its whitespace, reporting what
    /// XML does not allow there.
    fn attribute_value(&mut self, raw: &'a str, span: Span) -> Cow<'a, str> {
        let needs_work = raw.bytes().any(|byte| matches!(byte, b'&' | b'<' | b'\t' | b'\n' | b'\r'));
        if !needs_work {
            return Cow::Borrowed(raw);
        }

        let mut value = String::with_capacity(raw.len());
        let mut rest = raw;
        let mut offset = span.start;
        while let Some(character) = rest.chars().next() {
            let width = character.len_utf8();
            match character {
                '&' => {
                    let consumed = self.attribute_reference(rest, offset, &mut value);
                    rest = &rest[consumed..];
                    offset += consumed;
                    continue;
                }
                '<' => {
                    self.problems.push(Problem::new(
                        ProblemKind::LessThanInAttribute,
                        Span::new(offset, offset + 1),
                        "`<` must be written `&lt;` in an attribute value",
                    ));
                    value.push('<');
                }
                '\t' | '\n' | '\r' => value.push(' '),
                other => value.push(other),
            }
            rest = &rest[width..];
            offset += width;
        }
        Cow::Owned(value)
    }

    /// Decodes the reference at the start of `rest` (which starts with `&`) into `value` and
    /// returns how many bytes it took.
    fn attribute_reference(&mut self, rest: &str, offset: usize, value: &mut String) -> usize {
        let end = rest[1..].find(|c: char| c == ';' || c == '&' || c.is_whitespace());
        let Some(end) = end.map(|end| end + 1).filter(|&end| rest.as_bytes()[end] == b';') else {
            self.problems.push(Problem::new(
                ProblemKind::BareAmpersand,
                Span::new(offset, offset + 1),
                "`&` must be written `&amp;` in XML, also inside URLs",
            ));
            value.push('&');
            return 1;
        };
        let name = &rest[1..end];
        let span = Span::new(offset, offset + end + 1);
        if let Some(number) = name.strip_prefix('#') {
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse::<u32>().ok(),
            };
            match code.and_then(char::from_u32).filter(|&c| is_xml_char(c)) {
                Some(character) => value.push(character),
                None => {
                    self.problems.push(Problem::new(
                        ProblemKind::InvalidCharacterReference,
                        span,
                        format!("`&{name};` is not a character XML allows"),
                    ));
                    value.push_str(&rest[..=end]);
                }
            }
        } else if let Some(text) = predefined_entity(name) {
            value.push_str(text);
        } else {
            self.report_undefined_entity(name, span);
            value.push_str(&rest[..=end]);
        }
        end + 1
    }

    fn end_tag(&mut self, span: Span) {
        self.seen_markup = true;
        let name = self.slice(Span::new(span.start + 2, span.end.saturating_sub(1))).trim_end();

        let Some(depth) = self.stack.iter().rposition(|open| open.name == name) else {
            let Some(innermost) = self.stack.last() else {
                self.problems.push(Problem::new(
                    ProblemKind::UnexpectedEndTag,
                    span,
                    format!("end tag `</{name}>` has no matching start tag"),
                ));
                return;
            };
            // An end tag that differs only in case most likely means to close the innermost
            // element, and closing it keeps one mistake from turning into a problem on every
            // ancestor. Any other stray end tag is skipped.
            if innermost.name.eq_ignore_ascii_case(name) {
                let message = format!(
                    "end tag `</{name}>` does not match start tag `<{}>`; names are case-sensitive",
                    innermost.name
                );
                self.problems.push(Problem::new(ProblemKind::MismatchedEndTag, span, message));
                self.close_innermost(span.end, Some(span));
            } else {
                let message =
                    format!("end tag `</{name}>` does not match start tag `<{}>`", innermost.name);
                self.problems.push(Problem::new(ProblemKind::MismatchedEndTag, span, message));
            }
            return;
        };

        while self.stack.len() > depth + 1 {
            self.report_unclosed_innermost();
            self.close_innermost(span.start, None);
        }
        self.close_innermost(span.end, Some(span));
    }

    fn report_unclosed_innermost(&mut self) {
        if let Some(open) = self.stack.last() {
            let message = format!("element `<{}>` is never closed", open.name);
            self.problems.push(Problem::new(ProblemKind::UnclosedElement, open.start_tag, message));
        }
    }

    fn close_innermost(&mut self, end: usize, end_tag: Option<Span>) {
        if let Some(mut element) = self.stack.pop() {
            element.span = Span::new(element.span.start, end.max(element.start_tag.end));
            element.end_tag = end_tag;
            self.push_node(Node::Element(element));
        }
    }

    fn push_node(&mut self, node: Node<'a>) {
        if let Some(parent) = self.stack.last_mut() {
            parent.children.push(node);
            return;
        }
        match &node {
            Node::Element(element) => {
                if self.seen_root {
                    let message = format!(
                        "element `<{}>` comes after the root element; a document has exactly one root",
                        element.name
                    );
                    self.problems.push(Problem::new(
                        ProblemKind::ElementAfterRoot,
                        element.start_tag,
                        message,
                    ));
                }
                self.seen_root = true;
            }
            Node::Text(text) if text.value.trim().is_empty() => return,
            Node::Text(_) | Node::CData(_) => {
                let place = if self.seen_root { "after" } else { "before" };
                self.problems.push(Problem::new(
                    ProblemKind::TextOutsideRoot,
                    trimmed_span(self.source, node.span()),
                    format!("text {place} the root element; only comments may stand outside it"),
                ));
                self.seen_markup = true;
            }
            Node::Comment(_) | Node::ProcessingInstruction(_) => self.seen_markup = true,
        }
        self.top.push(node);
    }

    fn declaration(&mut self, span: Span) {
        let declaration = self.parse_declaration(span);
        if self.declaration.is_some() || self.seen_markup || span.start > self.base {
            let message = if self.declaration.is_some() || self.seen_markup {
                "the XML declaration must be the first thing in the file, and only once"
            } else {
                "nothing may come before the XML declaration, not even whitespace or a blank line"
            };
            let before = Span::new(self.base, span.start);
            let problem_span = if before.is_empty() || self.seen_markup { span } else { before };
            self.problems.push(Problem::new(
                ProblemKind::ContentBeforeDeclaration,
                problem_span,
                message,
            ));
        }
        if declaration.version.is_none() {
            self.problems.push(Problem::new(
                ProblemKind::InvalidDeclaration,
                span,
                "the XML declaration has no `version`; write `<?xml version=\"1.0\" encoding=\"UTF-8\"?>`",
            ));
        }
        self.seen_markup = true;
        if self.declaration.is_none() {
            self.declaration = Some(declaration);
        }
    }

    fn parse_declaration(&mut self, span: Span) -> Declaration<'a> {
        let inner = self.slice(Span::new(span.start + 2, span.end.saturating_sub(2)));
        let inner_start = span.start + 2;
        let mut declaration = Declaration { version: None, encoding: None, standalone: None, span };
        let start = BytesStart::from_content(inner, 3);
        for attribute in start.attributes().flatten() {
            let offset = self.offset_of(&attribute.value, inner_start);
            let value = self.slice(Span::new(offset, offset + attribute.value.len()));
            match attribute.key.as_ref() {
                b"version" => declaration.version = Some(value),
                b"encoding" => declaration.encoding = Some(value),
                b"standalone" => declaration.standalone = Some(value),
                other => {
                    let name = String::from_utf8_lossy(other);
                    let start = self.offset_of(other, inner_start);
                    self.problems.push(Problem::new(
                        ProblemKind::InvalidDeclaration,
                        Span::new(start, offset + attribute.value.len() + 1),
                        format!(
                            "`{name}` is not allowed in the XML declaration; only `version`, \
                             `encoding` and `standalone` are"
                        ),
                    ));
                }
            }
        }
        declaration
    }

    fn doctype_declaration(&mut self, span: Span) {
        let message = if self.seen_root {
            "a DOCTYPE may not come after the root element"
        } else {
            "a DOCTYPE declaration is not part of TwiML; its entities are never expanded"
        };
        let kind = if self.seen_root { ProblemKind::Syntax } else { ProblemKind::Doctype };
        self.problems.push(Problem::new(kind, span, message));
        self.doctype.get_or_insert(span);
        self.seen_markup = true;
    }

    fn report_reader_error(&mut self, error: &XmlError, before: usize, at: usize) {
        self.flush_text();
        let at = at.min(self.source.len());
        let (kind, message, span) = match error {
            XmlError::Syntax(syntax) => {
                let what = match syntax {
                    SyntaxError::InvalidBangMarkup => "markup starting with `<!`",
                    SyntaxError::UnclosedPIOrXmlDecl => "processing instruction",
                    SyntaxError::UnclosedComment => "comment",
                    SyntaxError::UnclosedDoctype => "DOCTYPE",
                    SyntaxError::UnclosedCData => "CDATA section",
                    SyntaxError::UnclosedTag => "tag",
                };
                let start = at.max(before).min(self.source.len());
                let span = Span::new(start, self.token_end(start).min(self.source.len()));
                (
                    ProblemKind::UnterminatedMarkup,
                    format!("{what} is never closed before the end of the file"),
                    span,
                )
            }
            XmlError::IllFormed(IllFormedError::DoubleHyphenInComment) => (
                ProblemKind::DoubleHyphenInComment,
                "`--` is not allowed inside a comment".to_owned(),
                Span::new(at, (at + 2).min(self.source.len())),
            ),
            XmlError::IllFormed(IllFormedError::MissingDeclVersion(_)) => (
                ProblemKind::InvalidDeclaration,
                "the XML declaration has no `version`".to_owned(),
                Span::new(before, at.max(before)),
            ),
            other => (ProblemKind::Syntax, lowercase_first(&other.to_string()), Span::new(at, at)),
        };
        self.problems.push(Problem::new(kind, span, message));
    }

    fn finish(mut self) -> Document<'a> {
        self.flush_text();
        while !self.stack.is_empty() {
            self.report_unclosed_innermost();
            self.close_innermost(self.source.len(), None);
        }

        if !self.seen_root {
            let rest = &self.source[self.base..];
            if rest.trim().is_empty() {
                self.problems.push(Problem::new(
                    ProblemKind::Empty,
                    Span::new(0, self.source.len()),
                    "the file is empty; a TwiML document needs at least `<Response/>`",
                ));
            } else {
                self.problems.push(Problem::new(
                    ProblemKind::MissingRoot,
                    Span::empty(self.source.len()),
                    "the file has no root element; a TwiML document needs `<Response>`",
                ));
            }
        }

        Document {
            source: self.source,
            declaration: self.declaration,
            doctype: self.doctype,
            byte_order_mark: self.base > 0,
            nodes: self.top,
            problems: self.problems,
        }
    }

    /// The source text of `span`, or the empty string when the span is not on character
    /// boundaries (which only malformed offsets from the reader could cause).
    fn slice(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end.max(span.start)).unwrap_or("")
    }

    /// The offset of `bytes` in the source when quick-xml borrowed them from it, else
    /// `fallback`.
    fn offset_of(&self, bytes: &[u8], fallback: usize) -> usize {
        let source_start = self.source.as_ptr() as usize;
        let at = bytes.as_ptr() as usize;
        if at >= source_start && at + bytes.len() <= source_start + self.source.len() {
            at - source_start
        } else {
            fallback
        }
    }

    /// The end of the token starting at `start`: the next whitespace, `>` or end of input.
    fn token_end(&self, start: usize) -> usize {
        let rest = self.source.as_bytes().get(start..).unwrap_or_default();
        let length = rest
            .iter()
            .position(|&byte| byte.is_ascii_whitespace() || byte == b'>' || byte == b'/')
            .unwrap_or(rest.len());
        let mut end = start + length.max(1).min(rest.len());
        while end < self.source.len() && !self.source.is_char_boundary(end) {
            end += 1;
        }
        end
    }
}

fn position(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    match name {
        "lt" => Some("<"),
        "gt" => Some(">"),
        "amp" => Some("&"),
        "apos" => Some("'"),
        "quot" => Some("\""),
        _ => None,
    }
}

/// Whether XML 1.0 allows `character` in a document (its `Char` production).
fn is_xml_char(character: char) -> bool {
    matches!(character,
        '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn trimmed_span(source: &str, span: Span) -> Span {
    let text = span.text(source).unwrap_or("");
    let start = span.start + (text.len() - text.trim_start().len());
    let end = span.end - (text.len() - text.trim_end().len());
    Span::new(start, end.max(start))
}

fn lowercase_first(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_lowercase().chain(characters).collect(),
        None => String::new(),
    }
}
