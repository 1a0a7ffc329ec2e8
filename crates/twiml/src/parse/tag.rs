//! Start tags and end tags, and the element stack they open and close.
//!
//! A start tag ends at the first `>` outside quotes. When a `<` comes first, the tag has lost
//! its `>`: it ends before that `<`, and reading goes on there. A missing closing quote is
//! handled where the attribute value is read.

use super::attribute::{Owner, TagEnd};
use super::lexical::{
    ENDS_ELEMENT_NAME, NAME, byte_class, invalid_name_at, is_whitespace, trim_end,
};
use super::{MAX_DEPTH, Open, Parser};
use crate::document::{NO_PARENT, NodeData, NodeKind};
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

impl<'a> Parser<'a> {
    /// Reads the start tag whose `<` is at `at`, which a name start character follows, and
    /// returns the offset after it.
    pub(super) fn start_tag(&mut self, at: usize) -> usize {
        self.flush_text();
        self.seen_markup = true;
        let bytes = self.source.as_bytes();
        let name_start = at + 1;
        let mut name_end = name_start;
        // The classes all bytes of the name share, as for attribute names.
        let mut all = NAME;
        while name_end < bytes.len() {
            let byte = bytes[name_end];
            let class = byte_class(byte);
            let ends = class & ENDS_ELEMENT_NAME != 0
                || (byte == b'/' && bytes.get(name_end + 1) == Some(&b'>'));
            if ends {
                break;
            }
            all &= class;
            name_end += 1;
        }
        let name = &self.source[name_start..name_end];
        let name_span = Span::new(name_start, name_end);
        // The caller checked that the first byte starts a name.
        if all & NAME == 0
            && let Some(invalid) = invalid_name_at(name)
        {
            self.report_invalid_name("element", name, name_span, invalid);
        }

        // The attributes go straight into the document's list, after those of earlier tags.
        let mut attributes = std::mem::take(&mut self.attributes);
        let first_attribute = attributes.len();
        let end = self.attributes(name_end, bytes.len(), Owner::Element(name), &mut attributes);
        let after_last_attribute = attributes.len();
        // A broken tag ends with its last attribute at the latest, even when the value of
        // that attribute runs over trailing whitespace.
        let attributes_end =
            attributes[first_attribute..].last().map_or(name_end, |attribute| attribute.span.end);
        self.attributes = attributes;

        // Where the start tag ends, where reading resumes, whether the tag ends with `/`,
        // whether the element has no content to read, and whether the tag is broken.
        let (tag_end, resume, self_closing, leaf, broken) = match end {
            TagEnd::Close { end, self_closing } => (end, end, self_closing, self_closing, false),
            TagEnd::MissingGreaterThan { less_than } => {
                let tag_end = trim_end(&self.source[..less_than]).len().max(attributes_end);
                self.problems.push(Problem::new(
                    ProblemKind::UnterminatedMarkup,
                    Span::new(at, tag_end),
                    format!("tag `<{name}` has no `>`: the next `<` comes first"),
                ));
                let self_closing = self.source[..tag_end].ends_with('/');
                (tag_end, less_than, self_closing, self_closing, true)
            }
            TagEnd::EndOfInput => {
                let tag_end = trim_end(self.source).len().max(attributes_end);
                self.problems.push(Problem::new(
                    ProblemKind::UnterminatedMarkup,
                    Span::new(at, tag_end),
                    format!("tag `<{name}` has no `>`: the file ends first"),
                ));
                // The element is kept as a leaf, because the problem above already reports that
                // it has no end, and nothing follows it that could be its content.
                let self_closing = self.source[..tag_end].ends_with('/');
                (tag_end, bytes.len(), self_closing, true, true)
            }
        };

        let start_tag = Span::new(at, tag_end);
        if self.stack.len() >= MAX_DEPTH || self.skipped_depth > 0 {
            self.attributes.truncate(first_attribute);
            self.skip_too_deep(start_tag, leaf);
            return resume;
        }
        let parent = if let Some(parent) = self.stack.last_mut() {
            parent.last_child_end = tag_end;
            parent.index
        } else {
            self.top_level_element(name, start_tag);
            NO_PARENT
        };
        // A leaf is complete, any other element is opened: its descendants follow it in
        // `nodes`. A `broken` element has a start tag that was reported already, so it is
        // closed without more problems.
        let index = self.nodes.len() as u32;
        self.nodes.push(NodeData {
            kind: NodeKind::Element,
            self_closing,
            parent,
            end: index + 1,
            start: at as u32,
            stop: tag_end as u32,
            name,
            start_tag_end: tag_end as u32,
            attributes_start: first_attribute as u32,
            attributes_end: after_last_attribute as u32,
            ..NodeData::default()
        });
        if !leaf {
            self.stack.push(Open { index, name, start_tag, broken, last_child_end: tag_end });
        }
        resume
    }

    fn skip_too_deep(&mut self, tag: Span, empty: bool) {
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
        if !empty {
            self.skipped_depth += 1;
        }
    }

    pub(super) fn report_invalid_name(&mut self, what: &str, name: &str, span: Span, at: usize) {
        let message = match name[at..].chars().next() {
            _ if name.is_empty() => format!("{what} name is missing"),
            Some(character) if at == 0 => {
                format!(
                    "{what} name `{name}` is not valid XML: a name cannot start with `{character}`"
                )
            }
            Some(character) => {
                format!(
                    "{what} name `{name}` is not valid XML: `{character}` is not allowed in a name"
                )
            }
            None => format!("{what} name `{name}` is not valid XML"),
        };
        self.problems.push(Problem::new(ProblemKind::InvalidName, span, message));
    }

    /// Reads the end tag whose `</` is at `at` and returns the offset after it.
    pub(super) fn end_tag(&mut self, at: usize) -> usize {
        self.flush_text();
        self.seen_markup = true;
        let bytes = self.source.as_bytes();
        let name_start = at + 2;
        let name_end = name_start + scan_end_tag_name(&bytes[name_start..]);
        let mut name_span = Span::new(name_start, name_end);
        let mut after = skip_whitespace(bytes, name_end);
        if name_span.is_empty()
            && bytes.get(after).is_some_and(|&byte| !matches!(byte, b'>' | b'<'))
        {
            // Whitespace before the name, as in `</ Say>`: report it and read the name.
            let token_end = after + scan_end_tag_name(&bytes[after..]);
            let written = &self.source[name_start..token_end];
            self.report_invalid_name("end tag", written, Span::new(name_start, token_end), 0);
            name_span = Span::new(after, token_end);
            after = skip_whitespace(bytes, token_end);
        }
        let name = &self.source[name_span.start..name_span.end];

        match bytes.get(after) {
            Some(b'>') => {
                self.close_tag(name, name_span, Span::new(at, after + 1));
                after + 1
            }
            Some(b'<') | None => {
                let tag = Span::new(at, trim_end(&self.source[..after]).len());
                let place =
                    if after < bytes.len() { "the next `<` comes" } else { "the file ends" };
                self.problems.push(Problem::new(
                    ProblemKind::UnterminatedMarkup,
                    tag,
                    format!("end tag `</{name}` has no `>`: {place} first"),
                ));
                self.close_tag(name, name_span, tag);
                after
            }
            Some(_) => {
                // More than a name, such as `</Say voice="alice">`: the tag ends at the next
                // `>`, or before the next `<`.
                let rest = &bytes[after..];
                let (end, resume) = match memchr::memchr2(b'>', b'<', rest) {
                    Some(found) if rest[found] == b'>' => (after + found + 1, after + found + 1),
                    Some(found) => (trim_end(&self.source[..after + found]).len(), after + found),
                    None => (trim_end(self.source).len(), bytes.len()),
                };
                let tag = Span::new(at, end);
                let written =
                    trim_end(self.slice(Span::new(name_start, end)).trim_end_matches('>'));
                self.problems.push(Problem::new(
                    ProblemKind::Syntax,
                    tag,
                    format!("end tag `</{written}>` may hold only the element name `{name}`"),
                ));
                self.close_tag(name, name_span, tag);
                resume
            }
        }
    }

    /// Closes the element that the end tag at `span` ends. The tag names `name`, written at
    /// `name_span`.
    fn close_tag(&mut self, name: &'a str, name_span: Span, span: Span) {
        if self.skipped_depth > 0 {
            self.skipped_depth -= 1;
            return;
        }
        // The common case: the end tag names the innermost element, whose name is known to
        // be valid or reported already.
        if self.stack.last().is_some_and(|open| open.name == name) {
            self.close_innermost(Some(span));
            return;
        }
        if let Some(invalid) = invalid_name_at(name) {
            self.report_invalid_name("end tag", name, name_span, invalid);
            if name.is_empty() {
                return;
            }
        }
        self.close_named(name, span);
    }

    fn close_named(&mut self, name: &str, span: Span) {
        let Some(depth) = self.stack.iter().rposition(|open| open.name == name) else {
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
        // ancestor. So does the end tag of a start tag that lost its `>`, such as
        // `<Playhttps://…</Play>`, which has been reported already. Any other stray end tag is
        // skipped.
        let innermost_name = innermost.name;
        if innermost.broken && innermost_name.starts_with(name) {
            self.close_innermost(Some(span));
        } else if innermost_name.eq_ignore_ascii_case(name) {
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
        if let Some(open) = self.stack.last().filter(|open| !open.broken) {
            let message = format!("element `<{}>` is never closed", open.name);
            let span = open.start_tag;
            self.problems.push(Problem::new(ProblemKind::UnclosedElement, span, message));
        }
    }

    /// Closes the innermost open element with `end_tag`, or without one when it is never
    /// closed: then its span ends with its last child.
    pub(super) fn close_innermost(&mut self, end_tag: Option<Span>) {
        self.flush_text();
        let Some(open) = self.stack.pop() else {
            return;
        };
        let end_index = self.nodes.len() as u32;
        let Some(element) = self.nodes.get_mut(open.index as usize) else {
            return;
        };
        let stop = end_tag.map_or(open.last_child_end, |tag| tag.end);
        element.end = end_index;
        element.stop = element.start_tag_end.max(stop as u32);
        if let Some(tag) = end_tag {
            element.has_end_tag = true;
            element.end_tag_start = tag.start as u32;
        }
        let stop = element.stop as usize;
        if let Some(parent) = self.stack.last_mut() {
            parent.last_child_end = stop;
        }
    }
}

/// Returns the length of the name at the start of `bytes` in an end tag: up to whitespace,
/// `>` or `<`.
fn scan_end_tag_name(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&byte| is_whitespace(byte) || matches!(byte, b'>' | b'<'))
        .unwrap_or(bytes.len())
}

fn skip_whitespace(bytes: &[u8], from: usize) -> usize {
    from + bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&byte| is_whitespace(byte))
        .count()
}
