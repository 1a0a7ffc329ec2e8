//! The XML declaration, processing instructions and the DOCTYPE: where each may stand, and what
//! the declaration may hold (XML 1.0, productions `XMLDecl`, `PI` and `doctypedecl`).

use super::Parser;
use super::attribute::Owner;
use super::lexical::{invalid_name_at, is_whitespace};
use crate::document::{Declaration, NodeKind};
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

/// The pseudo-attributes of the XML declaration, in the order XML requires.
const PSEUDO_ATTRIBUTES: [&str; 3] = ["version", "encoding", "standalone"];

impl<'a> Parser<'a> {
    /// Handles the XML declaration at `span`, `<?xml` to `?>`.
    pub(super) fn declaration(&mut self, span: Span) {
        self.flush_text();
        if self.declaration.is_some() {
            self.problems.push(Problem::new(
                ProblemKind::ContentBeforeDeclaration,
                span,
                "a second XML declaration: a document has at most one, at its very start",
            ));
        } else if self.seen_markup {
            self.problems.push(Problem::new(
                ProblemKind::ContentBeforeDeclaration,
                span,
                "the XML declaration must come first, before any comment, element or text",
            ));
        } else if span.start > self.content_start {
            self.problems.push(Problem::new(
                ProblemKind::ContentBeforeDeclaration,
                Span::new(self.content_start, span.start),
                "nothing may come before the XML declaration, not even whitespace or a blank line",
            ));
        }
        self.seen_markup = true;

        let declaration = self.read_declaration(span);
        if self.declaration.is_none() {
            self.declaration = Some(declaration);
        }
    }

    fn read_declaration(&mut self, span: Span) -> Declaration<'a> {
        // Between `<?xml` and `?>`.
        let inner_start = span.start + 5;
        let inner_end = span.end.saturating_sub(2).max(inner_start);
        let mut attributes = Vec::new();
        // The declaration has no `>` before its `?>`, so the end of the attributes is known.
        let _ = self.attributes(inner_start, inner_end, Owner::Declaration, &mut attributes);

        let mut declaration = Declaration { version: None, encoding: None, standalone: None, span };
        let mut last_rank = None;
        for attribute in attributes {
            let name = attribute.name;
            let Some(rank) = PSEUDO_ATTRIBUTES.iter().position(|&known| known == name) else {
                self.problems.push(Problem::new(
                    ProblemKind::InvalidDeclaration,
                    attribute.span,
                    format!(
                        "`{name}` is not allowed in the XML declaration: only `version`, \
                         `encoding` and `standalone` are"
                    ),
                ));
                continue;
            };
            if last_rank.is_some_and(|last| rank < last) {
                self.problems.push(Problem::new(
                    ProblemKind::InvalidDeclaration,
                    attribute.name_span,
                    format!(
                        "`{name}` is out of place: the XML declaration holds `version`, then \
                         `encoding`, then `standalone`"
                    ),
                ));
            }
            last_rank = Some(rank);
            let value = attribute.raw_value;
            let (valid, expected) = match rank {
                0 => (is_version(value), "`1.0`"),
                1 => (is_encoding_name(value), "an encoding name such as `UTF-8`"),
                _ => (matches!(value, "yes" | "no"), "`yes` or `no`"),
            };
            if !valid {
                self.problems.push(Problem::new(
                    ProblemKind::InvalidDeclaration,
                    attribute.value_span,
                    format!(
                        "`{name}` cannot be `{value}` in the XML declaration: write {expected}"
                    ),
                ));
            }
            let field = match rank {
                0 => &mut declaration.version,
                1 => &mut declaration.encoding,
                _ => &mut declaration.standalone,
            };
            field.get_or_insert(value);
        }

        if declaration.version.is_none() {
            self.problems.push(Problem::new(
                ProblemKind::InvalidDeclaration,
                span,
                "the XML declaration has no `version`: write `<?xml version=\"1.0\" \
                 encoding=\"UTF-8\"?>`",
            ));
        }
        declaration
    }

    /// Handles a processing instruction other than the declaration, `<?target …?>` at `span`.
    pub(super) fn processing_instruction(&mut self, span: Span) {
        self.flush_text();
        let text_span = Span::new(span.start + 2, span.end.saturating_sub(2).max(span.start + 2));
        let text = self.slice(text_span);
        let target_len = text.bytes().position(is_whitespace).unwrap_or(text.len());
        let target = &text[..target_len];
        let target_span = Span::new(span.start + 2, span.start + 2 + target_len);
        if target.eq_ignore_ascii_case("xml") {
            self.problems.push(Problem::new(
                ProblemKind::InvalidDeclaration,
                target_span,
                format!(
                    "`<?{target}` is reserved: the XML declaration is written `<?xml` in lowercase"
                ),
            ));
        } else if let Some(at) = invalid_name_at(target) {
            self.report_invalid_name("processing instruction target", target, target_span, at);
        }
        self.push_markup(NodeKind::ProcessingInstruction, span, text_span);
    }

    /// Handles a DOCTYPE declaration at `span`. Its entities are never expanded, so a reference
    /// to one of them is reported as undefined wherever it is used.
    pub(super) fn doctype_declaration(&mut self, span: Span) {
        self.flush_text();
        let misplaced = self.seen_root || !self.stack.is_empty();
        let (kind, message) = if misplaced {
            (ProblemKind::Syntax, "a DOCTYPE may only come before the root element")
        } else if self.doctype.is_some() {
            (ProblemKind::Syntax, "a second DOCTYPE: a document has at most one")
        } else {
            (
                ProblemKind::Doctype,
                "a DOCTYPE declaration is not part of TwiML, and its entities are never expanded",
            )
        };
        self.problems.push(Problem::new(kind, span, message));
        self.doctype.get_or_insert(span);
        self.seen_markup = true;
    }
}

/// Returns whether `value` matches the `VersionNum` production, `1.` and digits.
fn is_version(value: &str) -> bool {
    value
        .strip_prefix("1.")
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Returns whether `value` matches the `EncName` production.
fn is_encoding_name(value: &str) -> bool {
    let mut bytes = value.bytes();
    bytes.next().is_some_and(|first| first.is_ascii_alphabetic())
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'))
}
