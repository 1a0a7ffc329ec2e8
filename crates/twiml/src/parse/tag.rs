//! Start tags, attributes and end tags, read from the source text of each tag.
//!
//! quick-xml finds where a tag ends but checks neither its name nor its attributes. Reading them
//! here gives each problem an exact span and lets one bad attribute leave the others in the tree.
//! A tag can also end earlier than quick-xml thinks: a `<` inside it means its `>` is missing,
//! and a quoted value that holds `>` and then `<` means its closing quote is missing. Then the
//! tag is cut there and reading resumes after the cut.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use super::lexical::{
    Reference, invalid_name_at, is_whitespace, read_reference, starts_with_name_start_char,
    trim_end,
};
use super::{MAX_DEPTH, Open, Parser};
use crate::document::{Attribute, Element, Node};
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

/// Above this many attributes on one tag, duplicates are found with a hash set instead of a
/// linear search, so that a tag with thousands of attributes stays linear.
const LINEAR_DUPLICATE_SEARCH_MAX: usize = 16;

/// Where a tag really ends when quick-xml's end for it is wrong, as an offset into the text
/// between `<` and the end quick-xml found.
#[derive(Debug, Clone, Copy)]
enum Cut {
    /// A `<` outside quotes: the tag has no `>` and ends before this `<`.
    MissingGreaterThan(usize),
    /// A quoted value holds a `>` and then a `<`: its closing quote is missing, and the tag
    /// ends at that `>`.
    UnclosedQuote { greater_than: usize },
}

/// Finds where the tag whose inside is `inner` really ends, or `None` when quick-xml's end is
/// right (or when no better end exists).
fn find_cut(inner: &str) -> Option<Cut> {
    let mut quote: Option<u8> = None;
    let mut greater_than_in_quote = None;
    for (index, &byte) in inner.as_bytes().iter().enumerate() {
        match quote {
            None => match byte {
                b'"' | b'\'' => {
                    quote = Some(byte);
                    greater_than_in_quote = None;
                }
                b'<' => return Some(Cut::MissingGreaterThan(index)),
                _ => {}
            },
            Some(open) if byte == open => quote = None,
            Some(_) => match byte {
                b'>' if greater_than_in_quote.is_none() => greater_than_in_quote = Some(index),
                b'<' => {
                    if let Some(greater_than) = greater_than_in_quote {
                        return Some(Cut::UnclosedQuote { greater_than });
                    }
                }
                _ => {}
            },
        }
    }
    match (quote, greater_than_in_quote) {
        (Some(_), Some(greater_than)) => Some(Cut::UnclosedQuote { greater_than }),
        _ => None,
    }
}

/// What owns a list of attributes, for messages.
#[derive(Debug, Clone, Copy)]
pub(super) enum Owner<'n> {
    Element(&'n str),
    Declaration,
}

impl fmt::Display for Owner<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Element(name) => write!(formatter, "`<{name}>`"),
            Owner::Declaration => formatter.write_str("the XML declaration"),
        }
    }
}

/// How an attribute value ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    Closed,
    Unclosed,
    Unquoted,
}

impl<'a> Parser<'a> {
    /// Handles a start or empty-element tag that quick-xml read at `span`, `<` to `>`. Returns
    /// the offset to resume reading from when the tag ends before `span.end`.
    pub(super) fn start_tag(&mut self, span: Span) -> Option<usize> {
        let inner = self.slice(Span::new(span.start + 1, span.end.saturating_sub(1)));
        if !starts_with_name_start_char(inner) {
            return Some(self.bare_less_than(span.start));
        }
        if memchr::memchr(b'<', inner.as_bytes()).is_some()
            && let Some(cut) = find_cut(inner)
        {
            return Some(self.cut_start_tag(span.start, inner, cut));
        }
        let (content, self_closing) = match inner.strip_suffix('/') {
            Some(content) => (content, true),
            None => (inner, false),
        };
        self.open_element(span.start, content, span, self_closing);
        None
    }

    /// Handles a `<` that starts no tag: it is text, and reading resumes after it.
    pub(super) fn bare_less_than(&mut self, at: usize) -> usize {
        let span = Span::new(at, at + 1);
        self.problems.push(Problem::new(
            ProblemKind::LessThanInText,
            span,
            "`<` must be written `&lt;` when it does not start a tag",
        ));
        self.append_text(span, Cow::Borrowed("<"));
        at + 1
    }

    /// Builds the element of a tag that ends at `cut` and returns where reading resumes.
    fn cut_start_tag(&mut self, tag_start: usize, inner: &'a str, cut: Cut) -> usize {
        let inner_start = tag_start + 1;
        let (content, tag_end, resume) = match cut {
            Cut::MissingGreaterThan(at) => {
                let content = trim_end(&inner[..at]);
                let tag_end = inner_start + content.len();
                let name = content.split(|c: char| c.is_ascii_whitespace()).next().unwrap_or("");
                self.problems.push(Problem::new(
                    ProblemKind::UnterminatedMarkup,
                    Span::new(tag_start, tag_end),
                    format!("tag `<{name}` has no `>`: the next `<` comes first"),
                ));
                (content, tag_end, inner_start + at)
            }
            // The attribute reader reports the value without its closing quote.
            Cut::UnclosedQuote { greater_than } => {
                let tag_end = inner_start + greater_than + 1;
                (&inner[..greater_than], tag_end, tag_end)
            }
        };
        let (content, self_closing) = match content.strip_suffix('/') {
            Some(content) => (content, true),
            None => (content, false),
        };
        self.open_element(tag_start, content, Span::new(tag_start, tag_end), self_closing);
        resume
    }

    /// Handles a tag that runs to the end of the input: `<` at `at` and no `>` after it.
    /// Returns the offset to resume from, or `None` when nothing is left to read.
    pub(super) fn unterminated_tag(&mut self, at: usize) -> Option<usize> {
        let inner = self.slice(Span::new(at + 1, self.source.len()));
        if let Some(end_inner) = inner.strip_prefix('/') {
            return self.unterminated_end_tag(at, end_inner);
        }
        if !starts_with_name_start_char(inner) {
            return Some(self.bare_less_than(at));
        }
        if let Some(cut) = find_cut(inner) {
            return Some(self.cut_start_tag(at, inner, cut));
        }

        let content = trim_end(inner);
        let tag_end = at + 1 + content.len();
        let name = content.split(|c: char| c.is_ascii_whitespace()).next().unwrap_or("");
        self.problems.push(Problem::new(
            ProblemKind::UnterminatedMarkup,
            Span::new(at, tag_end),
            format!("tag `<{name}` has no `>`: the file ends first"),
        ));
        // The tag is kept in the tree, but as a leaf: the problem above already says it has
        // no end, and nothing follows it that could be its content.
        let (content, self_closing) = match content.strip_suffix('/') {
            Some(content) => (content, true),
            None => (content, false),
        };
        let element = self.element(at, content, Span::new(at, tag_end), self_closing);
        self.push_node(Node::Element(element));
        None
    }

    /// Reads the name and attributes of a tag and opens the element, or adds it to its parent
    /// when it is empty. `content` is the text after `<`, without `/>` or `>`.
    fn open_element(&mut self, tag_start: usize, content: &'a str, tag: Span, self_closing: bool) {
        self.flush_text();
        self.seen_markup = true;
        if self.stack.len() >= MAX_DEPTH || self.skipped_depth > 0 {
            self.skip_too_deep(tag, self_closing);
            return;
        }
        let element = self.element(tag_start, content, tag, self_closing);
        if self_closing {
            self.push_node(Node::Element(element));
        } else {
            self.stack.push(Open { element, first_child: self.children.len() });
        }
    }

    fn skip_too_deep(&mut self, tag: Span, self_closing: bool) {
        if !self.reported_depth {
            self.reported_depth = true;
            self.problems.push(Problem::new(
                ProblemKind::TooDeep,
                tag,
                format!(
                    "elements are nested more than {MAX_DEPTH} deep: this one and everything \
                     inside it is left out of the document"
                ),
            ));
        }
        if !self_closing {
            self.skipped_depth += 1;
        }
    }

    fn element(
        &mut self,
        tag_start: usize,
        content: &'a str,
        start_tag: Span,
        self_closing: bool,
    ) -> Element<'a> {
        let name_len = content.bytes().position(is_whitespace).unwrap_or(content.len());
        let name = &content[..name_len];
        let name_start = tag_start + 1;
        let name_span = Span::new(name_start, name_start + name_len);
        if let Some(at) = invalid_name_at(name) {
            self.report_invalid_name("element", name, name_span, at);
        }

        let mut attributes = std::mem::take(&mut self.attribute_buffer);
        self.attributes(&content[name_len..], name_span.end, Owner::Element(name), &mut attributes);
        let element = Element {
            name,
            name_span,
            attributes: attributes.drain(..).collect(),
            children: Vec::new(),
            span: start_tag,
            start_tag,
            end_tag: None,
            self_closing,
        };
        self.attribute_buffer = attributes;
        element
    }

    pub(super) fn report_invalid_name(&mut self, what: &str, name: &str, span: Span, at: usize) {
        let message = match name[at..].chars().next() {
            _ if name.is_empty() => format!("{what} name is missing"),
            Some(character) if at == 0 => {
                format!("{what} name `{name}` is not valid XML: a name cannot start with `{character}`")
            }
            Some(character) => {
                format!("{what} name `{name}` is not valid XML: `{character}` is not allowed in a name")
            }
            None => format!("{what} name `{name}` is not valid XML"),
        };
        self.problems.push(Problem::new(ProblemKind::InvalidName, span, message));
    }

    /// Reads the attributes in `text`, which starts at byte `offset` of the source, into `out`.
    /// Each attribute that can be read is kept, even one without quotes or without its closing
    /// quote; a duplicate is reported and left out.
    pub(super) fn attributes(
        &mut self,
        text: &'a str,
        offset: usize,
        owner: Owner<'_>,
        out: &mut Vec<Attribute<'a>>,
    ) {
        let bytes = text.as_bytes();
        let mut names: Option<HashSet<&'a str>> = None;
        let mut at = 0;
        loop {
            at += bytes[at..].iter().take_while(|&&byte| is_whitespace(byte)).count();
            if at >= bytes.len() {
                break;
            }
            let name_start = at;
            at += bytes[at..]
                .iter()
                .take_while(|&&byte| !is_whitespace(byte) && !matches!(byte, b'=' | b'"' | b'\''))
                .count();
            if at == name_start {
                at = self.skip_stray(text, offset, at, "an attribute name");
                continue;
            }
            let (attribute, quoting) = match self.attribute(text, offset, name_start, at, owner) {
                Ok(read) => read,
                Err(resume) => {
                    at = resume;
                    continue;
                }
            };
            at = attribute.span.end - offset;
            let name = attribute.name;

            let duplicate = match &mut names {
                Some(names) => !names.insert(name),
                None if out.len() < LINEAR_DUPLICATE_SEARCH_MAX => {
                    out.iter().any(|earlier| earlier.name == name)
                }
                None => {
                    let mut set: HashSet<&'a str> = out.iter().map(|earlier| earlier.name).collect();
                    let duplicate = !set.insert(name);
                    names = Some(set);
                    duplicate
                }
            };
            if duplicate {
                self.problems.push(Problem::new(
                    ProblemKind::DuplicateAttribute,
                    attribute.name_span,
                    format!("attribute `{name}` appears more than once on {owner}"),
                ));
            } else {
                out.push(attribute);
            }

            // XML requires whitespace between a closing quote and the next attribute.
            if quoting == Quoting::Closed && at < bytes.len() && !is_whitespace(bytes[at]) {
                let found = text[at..].chars().next().unwrap_or(' ');
                self.problems.push(Problem::new(
                    ProblemKind::MalformedAttribute,
                    Span::new(offset + at, offset + at + found.len_utf8()),
                    format!(
                        "attribute `{name}` must be followed by whitespace, `>` or `/>`, \
                         not `{found}`"
                    ),
                ));
                if !starts_with_name_start_char(&text[at..]) {
                    at = skip_token(bytes, at);
                }
            }
        }
    }

    /// Reads the attribute whose name is `text[name_start..name_end]`: `=`, optional
    /// whitespace around it, and the value. Without a value, reports it and returns the offset
    /// in `text` to go on from.
    fn attribute(
        &mut self,
        text: &'a str,
        offset: usize,
        name_start: usize,
        name_end: usize,
        owner: Owner<'_>,
    ) -> Result<(Attribute<'a>, Quoting), usize> {
        let bytes = text.as_bytes();
        let name = &text[name_start..name_end];
        let name_span = Span::new(offset + name_start, offset + name_end);
        let skip_whitespace =
            |from: usize| from + bytes[from..].iter().take_while(|&&byte| is_whitespace(byte)).count();

        let equals = skip_whitespace(name_end);
        if bytes.get(equals) != Some(&b'=') {
            self.problems.push(Problem::new(
                ProblemKind::MalformedAttribute,
                name_span,
                format!("attribute `{name}` on {owner} has no value: write `{name}=\"…\"`"),
            ));
            return Err(name_end);
        }
        let value_start = skip_whitespace(equals + 1);
        let (quoting, raw_start, raw_end, end) = match bytes.get(value_start) {
            Some(&quote @ (b'"' | b'\'')) => {
                match memchr::memchr(quote, &bytes[value_start + 1..]) {
                    Some(len) => {
                        let raw_end = value_start + 1 + len;
                        (Quoting::Closed, value_start + 1, raw_end, raw_end + 1)
                    }
                    None => (Quoting::Unclosed, value_start + 1, bytes.len(), bytes.len()),
                }
            }
            Some(_) => {
                let len = bytes[value_start..].iter().take_while(|&&b| !is_whitespace(b)).count();
                (Quoting::Unquoted, value_start, value_start + len, value_start + len)
            }
            None => {
                self.problems.push(Problem::new(
                    ProblemKind::MalformedAttribute,
                    Span::new(name_span.start, offset + equals + 1),
                    format!("attribute `{name}` on {owner} has no value after `=`"),
                ));
                return Err(bytes.len());
            }
        };

        let raw_value = &text[raw_start..raw_end];
        let value_span = Span::new(offset + raw_start, offset + raw_end);
        match quoting {
            Quoting::Closed => {}
            Quoting::Unclosed => {
                let quote = char::from(bytes[value_start]);
                self.problems.push(Problem::new(
                    ProblemKind::MalformedAttribute,
                    Span::new(offset + value_start, offset + value_start + 1),
                    format!("the value of attribute `{name}` has no closing `{quote}`"),
                ));
            }
            Quoting::Unquoted => self.problems.push(Problem::new(
                ProblemKind::UnquotedAttribute,
                value_span,
                format!("the value `{raw_value}` of attribute `{name}` must be in quotes"),
            )),
        }
        if let Some(at) = invalid_name_at(name) {
            self.report_invalid_name("attribute", name, name_span, at);
        }
        let value = self.attribute_value(raw_value, value_span.start);
        let attribute = Attribute {
            name,
            name_span,
            value,
            raw_value,
            value_span,
            span: Span::new(name_span.start, offset + end),
        };
        Ok((attribute, quoting))
    }

    /// Reports the stray token at `text[at..]` where `expected` should be, and returns the
    /// offset after it.
    fn skip_stray(&mut self, text: &str, offset: usize, at: usize, expected: &str) -> usize {
        let end = skip_token(text.as_bytes(), at);
        let token = &text[at..end];
        self.problems.push(Problem::new(
            ProblemKind::MalformedAttribute,
            Span::new(offset + at, offset + end),
            format!("expected {expected}, found `{token}`"),
        ));
        end
    }

    /// Decodes the references in an attribute value and normalizes its whitespace as XML
    /// requires: each tab, line feed, carriage return and CR LF pair becomes one space. A
    /// value that needs neither is borrowed.
    fn attribute_value(&mut self, raw: &'a str, offset: usize) -> Cow<'a, str> {
        let bytes = raw.as_bytes();
        let needs_work =
            bytes.iter().any(|&byte| matches!(byte, b'&' | b'<' | b'\t' | b'\n' | b'\r'));
        if !needs_work {
            return Cow::Borrowed(raw);
        }

        let mut value: Option<String> = None;
        let mut copied = 0;
        let mut at = 0;
        while at < bytes.len() {
            let (replacement, len): (Cow<'_, str>, usize) = match bytes[at] {
                b'&' => {
                    let (reference, len) = read_reference(&raw[at..]);
                    let span = Span::new(offset + at, offset + at + len);
                    match self.reference_text(reference, &raw[at..at + len], span) {
                        Some(text) => (text, len),
                        None => {
                            at += len;
                            continue;
                        }
                    }
                }
                b'<' => {
                    self.problems.push(Problem::new(
                        ProblemKind::LessThanInAttribute,
                        Span::new(offset + at, offset + at + 1),
                        "`<` must be written `&lt;` in an attribute value",
                    ));
                    at += 1;
                    continue;
                }
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => (Cow::Borrowed(" "), 2),
                b'\t' | b'\n' | b'\r' => (Cow::Borrowed(" "), 1),
                _ => {
                    at += 1;
                    continue;
                }
            };
            let value = value.get_or_insert_with(|| String::with_capacity(raw.len()));
            value.push_str(&raw[copied..at]);
            value.push_str(&replacement);
            at += len;
            copied = at;
        }
        match value {
            Some(mut value) => {
                value.push_str(&raw[copied..]);
                Cow::Owned(value)
            }
            None => Cow::Borrowed(raw),
        }
    }

    /// Reports what is wrong with `reference`, written as `raw` at `span`, and returns the text
    /// that replaces it, or `None` when it stays as written.
    pub(super) fn reference_text(
        &mut self,
        reference: Reference<'_>,
        raw: &str,
        span: Span,
    ) -> Option<Cow<'static, str>> {
        match reference {
            Reference::Character(character) => Some(Cow::Owned(character.to_string())),
            Reference::Predefined(text) => Some(Cow::Borrowed(text)),
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

    /// Handles an end tag that quick-xml read at `span`, `</` to `>`. Returns the offset to
    /// resume reading from when the tag ends before `span.end`.
    pub(super) fn end_tag(&mut self, span: Span) -> Option<usize> {
        self.flush_text();
        self.seen_markup = true;
        let inner = self.slice(Span::new(span.start + 2, span.end.saturating_sub(1)));
        if let Some(at) = memchr::memchr(b'<', inner.as_bytes()) {
            let content = trim_end(&inner[..at]);
            let tag = Span::new(span.start, span.start + 2 + content.len());
            self.problems.push(Problem::new(
                ProblemKind::UnterminatedMarkup,
                tag,
                format!("end tag `</{content}` has no `>`: the next `<` comes first"),
            ));
            self.close_tag(content, tag);
            return Some(span.start + 2 + at);
        }
        self.close_tag(inner, span);
        None
    }

    /// Handles an end tag at `at` that runs to the end of the input.
    fn unterminated_end_tag(&mut self, at: usize, inner: &'a str) -> Option<usize> {
        self.flush_text();
        self.seen_markup = true;
        if let Some(less_than) = memchr::memchr(b'<', inner.as_bytes()) {
            let content = trim_end(&inner[..less_than]);
            let tag = Span::new(at, at + 2 + content.len());
            self.problems.push(Problem::new(
                ProblemKind::UnterminatedMarkup,
                tag,
                format!("end tag `</{content}` has no `>`: the next `<` comes first"),
            ));
            self.close_tag(content, tag);
            return Some(at + 2 + less_than);
        }
        let content = trim_end(inner);
        let tag = Span::new(at, at + 2 + content.len());
        self.problems.push(Problem::new(
            ProblemKind::UnterminatedMarkup,
            tag,
            format!("end tag `</{content}` has no `>`: the file ends first"),
        ));
        self.close_tag(content, tag);
        None
    }

    /// Closes the element that the end tag `</{content}>` at `span` names.
    fn close_tag(&mut self, content: &'a str, span: Span) {
        if self.skipped_depth > 0 {
            self.skipped_depth -= 1;
            return;
        }
        let name = trim_end(content);
        let name_start = span.start + 2;
        if let Some(at) = invalid_name_at(name) {
            let token = name.trim_start_matches([' ', '\t', '\n', '\r']);
            let token = &token[..token.find([' ', '\t', '\n', '\r']).unwrap_or(token.len())];
            if at == 0 || invalid_name_at(token).is_some() {
                let name_span = Span::new(name_start, name_start + name.len());
                self.report_invalid_name("end tag", name, name_span, at);
            } else {
                self.problems.push(Problem::new(
                    ProblemKind::Syntax,
                    span,
                    format!("end tag `</{name}>` may hold only the element name `{token}`"),
                ));
            }
            if token.is_empty() {
                return;
            }
            self.close_named(token, span);
            return;
        }
        self.close_named(name, span);
    }

    fn close_named(&mut self, name: &str, span: Span) {
        let Some(depth) = self.stack.iter().rposition(|open| open.element.name == name) else {
            self.unmatched_end_tag(name, span);
            return;
        };
        while self.stack.len() > depth + 1 {
            self.report_unclosed_innermost();
            self.close_innermost(None);
        }
        self.close_innermost(Some(span));
    }

    fn unmatched_end_tag(&mut self, name: &str, span: Span) {
        let Some(innermost) = self.stack.last() else {
            self.problems.push(Problem::new(
                ProblemKind::UnexpectedEndTag,
                span,
                format!("end tag `</{name}>` has no start tag"),
            ));
            return;
        };
        // An end tag that differs only in case most likely means to close the innermost
        // element, and closing it keeps one mistake from turning into a problem on every
        // ancestor. Any other stray end tag is skipped.
        let innermost_name = innermost.element.name;
        if innermost_name.eq_ignore_ascii_case(name) {
            let message = format!(
                "end tag `</{name}>` does not match start tag `<{innermost_name}>`: names are \
                 case-sensitive"
            );
            self.problems.push(Problem::new(ProblemKind::MismatchedEndTag, span, message));
            self.close_innermost(Some(span));
        } else {
            let message =
                format!("end tag `</{name}>` does not match start tag `<{innermost_name}>`");
            self.problems.push(Problem::new(ProblemKind::MismatchedEndTag, span, message));
        }
    }

    pub(super) fn report_unclosed_innermost(&mut self) {
        if let Some(open) = self.stack.last() {
            let message = format!("element `<{}>` is never closed", open.element.name);
            let span = open.element.start_tag;
            self.problems.push(Problem::new(ProblemKind::UnclosedElement, span, message));
        }
    }

    /// Closes the innermost open element with `end_tag`, or without one when it is never
    /// closed: then its span ends with its last child.
    pub(super) fn close_innermost(&mut self, end_tag: Option<Span>) {
        self.flush_text();
        let Some(Open { mut element, first_child }) = self.stack.pop() else {
            return;
        };
        element.children = self.children.drain(first_child..).collect();
        let end = match end_tag {
            Some(tag) => tag.end,
            None => element.children.last().map_or(element.start_tag.end, |child| child.span().end),
        };
        element.span = Span::new(element.span.start, end.max(element.start_tag.end));
        element.end_tag = end_tag;
        self.push_node(Node::Element(element));
    }
}

/// The offset after the token at `bytes[at..]`: a quoted string, or a run up to whitespace.
/// Always at least one byte past `at`, and on a character boundary.
fn skip_token(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => memchr::memchr(quote, &bytes[at + 1..])
            .map_or(bytes.len(), |len| at + 1 + len + 1),
        Some(_) => {
            at + 1 + bytes[at + 1..].iter().take_while(|&&byte| !is_whitespace(byte)).count()
        }
        None => at,
    }
}
