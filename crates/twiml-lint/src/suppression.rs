//! Inline suppressions: XML comments that silence rules for the next line or the whole file.
//!
//! ```xml
//! <!-- twiml-lint-disable-next-line unknown-attribute -->
//! <Say vioce="alice">Hello</Say>
//! <!-- twiml-lint-disable-file deprecated-element, unreachable-verb -->
//! ```

use twiml::{Document, LineIndex, Node, Span};

use crate::finding::Finding;

/// The comment prefix that silences rules on the line after the comment.
pub const NEXT_LINE: &str = "twiml-lint-disable-next-line";
/// The comment prefix that silences rules in the whole file.
pub const FILE: &str = "twiml-lint-disable-file";

/// Checks whether `source` may hold a suppression comment: each one starts with this text,
/// and comments are not decoded, so a source without it has none.
pub(crate) fn may_have_any(source: &str) -> bool {
    // A vectorized substring search: every document is searched, most of them in full.
    memchr::memmem::find(source.as_bytes(), b"twiml-lint-disable").is_some()
}

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The 1-based line after the comment's last line.
    Line(usize),
    /// The whole file.
    File,
}

/// One rule name in a suppression comment.
#[derive(Debug, Clone)]
pub(crate) struct Suppression {
    pub(crate) rule: String,
    /// The span of the rule name inside the comment.
    pub(crate) span: Span,
    pub(crate) scope: Scope,
    pub(crate) used: bool,
}

/// Reads every suppression comment in `document`.
pub(crate) fn collect(document: &Document<'_>, lines: &LineIndex) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    for node in document.descendants() {
        let Node::Comment(comment) = node else { continue };
        let text_start = comment.span.start + 4;
        let trimmed = comment.text.trim_start();
        let leading = comment.text.len() - trimmed.len();
        let (scope, rest) = if let Some(rest) = trimmed.strip_prefix(NEXT_LINE) {
            let end_line = lines.line_column(document.source, comment.span.end).line;
            (Scope::Line(end_line + 1), rest)
        } else if let Some(rest) = trimmed.strip_prefix(FILE) {
            (Scope::File, rest)
        } else {
            continue;
        };
        let rest_start = text_start + leading + (trimmed.len() - rest.len());
        if split_names(rest).next().is_none() {
            // A suppression without rule names silences nothing; an empty name makes
            // the engine report it.
            suppressions.push(Suppression {
                rule: String::new(),
                span: comment.span,
                scope,
                used: false,
            });
        }
        for (offset, name) in split_names(rest) {
            let start = rest_start + offset;
            suppressions.push(Suppression {
                rule: name.to_owned(),
                span: Span::new(start, start + name.len()),
                scope,
                used: false,
            });
        }
    }
    suppressions
}

/// Splits a list of rule names separated by commas or whitespace, with each name's offset.
fn split_names(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
        .map(move |name| (name.as_ptr() as usize - text.as_ptr() as usize, name))
}

/// Removes the findings that a suppression covers, marking those suppressions used.
pub(crate) fn apply(
    findings: &mut Vec<Finding>,
    suppressions: &mut [Suppression],
    source: &str,
    lines: &LineIndex,
) {
    findings.retain(|finding| {
        let line = lines.line_column(source, finding.span.start).line;
        let mut suppressed = false;
        for suppression in suppressions.iter_mut() {
            let in_scope = match suppression.scope {
                Scope::File => true,
                Scope::Line(target) => target == line,
            };
            if in_scope && suppression.rule == finding.rule {
                suppression.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
}
