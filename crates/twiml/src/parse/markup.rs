//! Markup that starts with `<!` or `<?`: comments, CDATA sections, the DOCTYPE, processing
//! instructions and the XML declaration, found by their closing delimiters.
//!
//! Markup that never ends is reported at the `<` that opened it. Reading then goes on where
//! the markup most likely was meant to end, so that one typo does not hide the rest of the
//! document: for a comment after the first `>` that follows a `-`, for a CDATA section after
//! the first `>` that follows a `]`, for anything else after the first `>` or at the first
//! `<`. An unclosed DOCTYPE runs to the end of the input.

use super::Parser;
use super::lexical::{is_whitespace, trim_end};
use super::search::Needle;
use crate::document::NodeKind;
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

const COMMENT_OPEN: &str = "<!--";
const CDATA_OPEN: &str = "<![CDATA[";
const DOCTYPE_OPEN: &str = "<!DOCTYPE";

impl Parser<'_> {
    /// Reads the markup that starts with the `<!` at `at` and returns the offset after it.
    pub(super) fn bang_markup(&mut self, at: usize) -> usize {
        self.flush_text();
        let rest = &self.source[at..];
        if rest.starts_with(COMMENT_OPEN) {
            self.comment(at)
        } else if rest.starts_with(CDATA_OPEN) {
            self.cdata(at)
        } else if rest.starts_with(DOCTYPE_OPEN) {
            self.doctype(at)
        } else {
            self.unknown_bang_markup(at)
        }
    }

    fn comment(&mut self, at: usize) -> usize {
        let body_start = at + COMMENT_OPEN.len();
        let Some(end) = self.find_close(body_start, Needle::CommentClose) else {
            return self.unterminated_delimited(at, COMMENT_OPEN, "comment", "-->", b'-');
        };
        let span = Span::new(at, end + 1);
        let text = &self.source[body_start..end - 2];
        // XML forbids `--` inside a comment, and so a `-` just before the closing `-->`.
        let double_hyphen = memchr::memmem::find(text.as_bytes(), b"--")
            .or_else(|| text.ends_with('-').then(|| text.len() - 1));
        if let Some(offset) = double_hyphen {
            let start = body_start + offset;
            self.problems.push(Problem::new(
                ProblemKind::DoubleHyphenInComment,
                Span::new(start, start + 2),
                "`--` is not allowed inside a comment",
            ));
        }
        self.push_markup(NodeKind::Comment, span, Span::new(body_start, end - 2));
        end + 1
    }

    fn cdata(&mut self, at: usize) -> usize {
        let body_start = at + CDATA_OPEN.len();
        let Some(end) = self.find_close(body_start, Needle::CDataClose) else {
            return self.unterminated_delimited(at, CDATA_OPEN, "CDATA section", "]]>", b']');
        };
        let text = Span::new(body_start, end - 2);
        self.push_markup(NodeKind::CData, Span::new(at, end + 1), text);
        end + 1
    }

    /// Returns the offset of the `>` that ends the first closer at or after `from`: `-->` for
    /// [`Needle::CommentClose`], `]]>` for [`Needle::CDataClose`] and `?>` for
    /// [`Needle::InstructionClose`].
    fn find_close(&mut self, from: usize, needle: Needle) -> Option<usize> {
        let closer: &[u8] = match needle {
            Needle::CommentClose => b"--",
            Needle::CDataClose => b"]]",
            Needle::InstructionClose => b"?",
            Needle::DoubleQuote => b"\"",
            Needle::SingleQuote => b"'",
        };
        let bytes = self.source.as_bytes();
        self.misses.find(needle, from, bytes.len(), || {
            memchr::memchr_iter(b'>', &bytes[from..])
                .map(|offset| from + offset)
                .find(|&end| end >= from + closer.len() && bytes[..end].ends_with(closer))
        })
    }

    /// Reports markup opened by `opening` at `at` that has no `close`, and returns where
    /// reading resumes: after the first `>` that follows `end_byte`, ignoring whitespace, or
    /// at the end of the input.
    fn unterminated_delimited(
        &mut self,
        at: usize,
        opening: &str,
        what: &str,
        close: &str,
        end_byte: u8,
    ) -> usize {
        self.seen_markup = true;
        let body_start = at + opening.len();
        let bytes = self.source.as_bytes();
        let resume = memchr::memchr_iter(b'>', &bytes[body_start..])
            .map(|offset| body_start + offset)
            .find(|&greater_than| {
                trim_end(&self.source[body_start..greater_than]).ends_with(char::from(end_byte))
            })
            .map(|greater_than| greater_than + 1);
        let message = match resume {
            Some(_) => format!("{what} is not closed with `{close}`"),
            None => format!("{what} is never closed with `{close}`: the file ends first"),
        };
        self.problems.push(Problem::new(
            ProblemKind::UnterminatedMarkup,
            Span::new(at, body_start),
            message,
        ));
        resume.unwrap_or(bytes.len())
    }

    /// Reads the DOCTYPE at `at` up to its `>`, skipping quoted literals and the internal
    /// subset in brackets, where a `>` does not end it.
    fn doctype(&mut self, at: usize) -> usize {
        let bytes = self.source.as_bytes();
        let mut offset = at + DOCTYPE_OPEN.len();
        let mut in_subset = false;
        let end = loop {
            let Some(&byte) = bytes.get(offset) else {
                break None;
            };
            match byte {
                b'"' | b'\'' => {
                    offset = memchr::memchr(byte, &bytes[offset + 1..])
                        .map_or(bytes.len(), |len| offset + 1 + len + 1);
                    continue;
                }
                b'<' if in_subset && bytes[offset..].starts_with(COMMENT_OPEN.as_bytes()) => {
                    offset = self
                        .find_close(offset + COMMENT_OPEN.len(), Needle::CommentClose)
                        .map_or(bytes.len(), |end| end + 1);
                    continue;
                }
                b'[' if !in_subset => in_subset = true,
                b']' if in_subset => in_subset = false,
                b'>' if !in_subset => break Some(offset),
                _ => {}
            }
            offset += 1;
        };

        self.seen_markup = true;
        let Some(end) = end else {
            self.problems.push(Problem::new(
                ProblemKind::UnterminatedMarkup,
                Span::new(at, at + DOCTYPE_OPEN.len()),
                "DOCTYPE declaration is never closed with `>`: the file ends first",
            ));
            self.doctype.get_or_insert(Span::new(at, bytes.len()));
            return bytes.len();
        };
        let span = Span::new(at, end + 1);
        let after_keyword = &bytes[at + DOCTYPE_OPEN.len()..end];
        let has_name = after_keyword.first().is_some_and(|&byte| is_whitespace(byte))
            && after_keyword.iter().any(|&byte| !is_whitespace(byte));
        if has_name {
            self.doctype_declaration(span);
        } else {
            self.problems.push(Problem::new(
                ProblemKind::Syntax,
                span,
                "the DOCTYPE declaration has no name",
            ));
            self.doctype.get_or_insert(span);
        }
        end + 1
    }

    fn unknown_bang_markup(&mut self, at: usize) -> usize {
        self.seen_markup = true;
        let opening = self.opening_token(at);
        self.problems.push(Problem::new(
            ProblemKind::Syntax,
            Span::new(at, at + opening.len()),
            format!(
                "`{opening}` starts no markup XML knows: a comment is written `<!-- … -->` and a \
                 CDATA section `<![CDATA[ … ]]>`"
            ),
        ));
        self.tag_boundary(at + 2).unwrap_or(self.source.len())
    }

    /// Reads the markup that starts with the `<?` at `at` and returns the offset after it.
    pub(super) fn question_markup(&mut self, at: usize) -> usize {
        self.flush_text();
        let bytes = self.source.as_bytes();
        let body_start = at + 2;
        let Some(end) = self.find_close(body_start, Needle::InstructionClose) else {
            return self.unterminated_instruction(at);
        };
        let span = Span::new(at, end + 1);
        let body = &bytes[body_start..end - 1];
        let is_declaration =
            body.starts_with(b"xml") && body.get(3).is_none_or(|&byte| is_whitespace(byte));
        if is_declaration {
            self.declaration(span);
        } else {
            self.processing_instruction(span);
        }
        end + 1
    }

    /// Handles `<?` at `at` with no `?>` after it.
    fn unterminated_instruction(&mut self, at: usize) -> usize {
        self.seen_markup = true;
        let opening = self.opening_token(at);
        let boundary = self.tag_boundary(at + 2);
        let (message, end) = match boundary {
            Some(resume) => (
                format!("`{opening}` is not closed with `?>`"),
                trim_end(&self.source[..resume]).len(),
            ),
            None => {
                (format!("`{opening}` is never closed: the file ends first"), self.source.len())
            }
        };
        self.problems.push(Problem::new(
            ProblemKind::UnterminatedMarkup,
            Span::new(at, end.max(at + opening.len())),
            message,
        ));
        boundary.unwrap_or(self.source.len())
    }

    /// Returns the markup opener at `at`, such as `<!x` or `<?php`: up to whitespace, `<`,
    /// `>` or `?` after its first two bytes.
    fn opening_token(&self, at: usize) -> &str {
        let rest = &self.source[at..];
        let len = rest[2..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '<' | '>' | '?'))
            .map_or(rest.len(), |len| len + 2);
        &rest[..len]
    }

    /// Returns the offset after the first `>` at or after `from`, or of the first `<` if that
    /// comes first, or `None` when there is neither.
    fn tag_boundary(&self, from: usize) -> Option<usize> {
        let bytes = self.source.as_bytes();
        let found = memchr::memchr2(b'<', b'>', bytes.get(from..)?)?;
        let at = from + found;
        Some(if bytes[at] == b'>' { at + 1 } else { at })
    }
}
