//! Byte spans into a document's source, and the conversion from a byte offset to the line and
//! column a user sees.

use std::cell::{Cell, OnceCell};

use serde::Serialize;

/// A range of bytes in the source, `start..end`, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates the span `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span starts after it ends: {start}..{end}");
        Span { start, end }
    }

    /// Creates an empty span at `offset`, for something missing at that point.
    pub fn empty(offset: usize) -> Span {
        Span { start: offset, end: offset }
    }

    /// The number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both `self` and `other`.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The text the span covers, or `None` when it is out of range or not on character
    /// boundaries.
    pub fn text(self, source: &str) -> Option<&str> {
        source.get(self.start..self.end)
    }
}

/// A position as a user sees it: 1-based line, and 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineColumn {
    /// The line, starting at 1.
    pub line: usize,
    /// The column, starting at 1, in Unicode scalar values from the start of the line.
    pub column: usize,
}

/// The offsets where each line of a source starts, for turning byte offsets into lines and
/// columns. A line ends at `\n`, or at a `\r` not followed by `\n`, because XML reads both as
/// line ends. A `\r` before `\n` belongs to the line it ends.
///
/// The offsets are found on demand. Most files get one or two lookups, for their findings,
/// and counting the lines before an offset costs less than listing every line; from the
/// ninth lookup on, or for a source with a carriage return, the lines are listed once.
///
/// A column is counted from the start of its line when the offset is at most 256 bytes
/// (`CHARACTER_BLOCK`) into it. Past that, the characters before each 256-byte block are
/// counted once for the whole source, and a lookup counts the characters of at most two
/// partial blocks. Without the blocks, each finding on one long line would cost time
/// proportional to the length of the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Whether the source has a `\r`, which only the listed lines handle.
    has_carriage_return: bool,
    /// How many lookups counted lines instead of listing them.
    counted_lookups: Cell<usize>,
    line_starts: OnceCell<Vec<usize>>,
    /// The number of characters before byte `i * CHARACTER_BLOCK`, at index `i`, for every
    /// block start up to the end of the source.
    characters_before_blocks: OnceCell<Vec<usize>>,
}

/// The lookups that count lines before the lines are listed.
const MAX_COUNTED_LOOKUPS: usize = 8;

/// The size in bytes of the blocks whose characters are counted once for columns far into a
/// long line.
const CHARACTER_BLOCK: usize = 256;

impl LineIndex {
    /// Indexes the lines of `source`.
    pub fn new(source: &str) -> LineIndex {
        LineIndex {
            has_carriage_return: memchr::memchr(b'\r', source.as_bytes()).is_some(),
            counted_lookups: Cell::new(0),
            line_starts: OnceCell::new(),
            characters_before_blocks: OnceCell::new(),
        }
    }

    /// Lists the byte offsets where the lines of `source` start, the first being 0. `source`
    /// must be the text this index was built from. The list is built on the first call and
    /// kept.
    pub fn line_starts(&self, source: &str) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let bytes = source.as_bytes();
            let mut line_starts = vec![0];
            if !self.has_carriage_return {
                line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|at| at + 1));
                return line_starts;
            }
            line_starts.extend(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    .filter(|&at| bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n'))
                    .map(|at| at + 1),
            );
            line_starts
        })
    }

    /// The line and column of byte `offset` in `source`, which must be the text this index was
    /// built from. An offset inside a multi-byte character counts as that character; an
    /// offset past the end is clamped to the end.
    pub fn line_column(&self, source: &str, offset: usize) -> LineColumn {
        let offset = offset.min(source.len());
        let bytes = source.as_bytes();
        let counted = self.counted_lookups.get();
        let (line, line_start) = if self.line_starts.get().is_none()
            && !self.has_carriage_return
            && counted < MAX_COUNTED_LOOKUPS
        {
            self.counted_lookups.set(counted + 1);
            let before = &bytes[..offset];
            let line = memchr::memchr_iter(b'\n', before).count();
            (line, memchr::memrchr(b'\n', before).map_or(0, |at| at + 1))
        } else {
            let line_starts = self.line_starts(source);
            let line = line_starts.partition_point(|&start| start <= offset) - 1;
            (line, line_starts[line])
        };
        let column = self.characters_between(bytes, line_start, offset) + 1;
        LineColumn { line: line + 1, column }
    }

    /// Counts the characters of `bytes[start..end]`, reading at most two partial blocks when
    /// the range is longer than a block.
    fn characters_between(&self, bytes: &[u8], start: usize, end: usize) -> usize {
        if end - start <= CHARACTER_BLOCK {
            return count_characters(&bytes[start..end]);
        }
        self.characters_before(bytes, end) - self.characters_before(bytes, start)
    }

    /// Counts the characters of `bytes` before byte `offset`.
    fn characters_before(&self, bytes: &[u8], offset: usize) -> usize {
        let blocks = self.characters_before_blocks.get_or_init(|| {
            let mut blocks = Vec::with_capacity(bytes.len() / CHARACTER_BLOCK + 2);
            let mut total = 0;
            blocks.push(total);
            for block in bytes.chunks(CHARACTER_BLOCK) {
                total += count_characters(block);
                blocks.push(total);
            }
            blocks
        });
        let block = offset / CHARACTER_BLOCK;
        let block_start = block * CHARACTER_BLOCK;
        blocks[block] + count_characters(&bytes[block_start..offset])
    }

    /// The number of lines of `source`, the text this index was built from; a source ending
    /// in a newline has an empty last line.
    pub fn line_count(&self, source: &str) -> usize {
        self.line_starts(source).len()
    }
}

/// Counts the characters of UTF-8 `bytes` by their first bytes, so that a range that ends or
/// starts inside a character needs no character boundary: a character cut at the end counts,
/// one cut at the start does not.
fn count_characters(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| (byte & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let source = "ab\ncé d\r\nx";
        let index = LineIndex::new(source);
        assert_eq!(index.line_column(source, 0), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(source, 2), LineColumn { line: 1, column: 3 });
        assert_eq!(index.line_column(source, 3), LineColumn { line: 2, column: 1 });
        // `é` is two bytes, so the space after it is byte 6 but column 3.
        assert_eq!(index.line_column(source, 6), LineColumn { line: 2, column: 3 });
        assert_eq!(index.line_column(source, 10), LineColumn { line: 3, column: 1 });
    }

    #[test]
    fn lone_carriage_return_ends_a_line() {
        let source = "a\rb\r\nc\r\rd";
        let index = LineIndex::new(source);
        assert_eq!(index.line_column(source, 2), LineColumn { line: 2, column: 1 });
        // The `\r` of `\r\n` stays on the line it ends.
        assert_eq!(index.line_column(source, 3), LineColumn { line: 2, column: 2 });
        assert_eq!(index.line_column(source, 5), LineColumn { line: 3, column: 1 });
        assert_eq!(index.line_column(source, 8), LineColumn { line: 5, column: 1 });
        assert_eq!(index.line_count(source), 5);
    }

    /// Finds the line and column of `offset` by reading `source` from its first byte, for a
    /// source whose lines end in `\n` or `\r\n`.
    fn line_column_from_start(source: &str, offset: usize) -> LineColumn {
        let before = &source.as_bytes()[..offset];
        let line = before.split(|&byte| byte == b'\n').count();
        let start = before.iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1);
        let column = before[start..].iter().filter(|&&byte| byte & 0xC0 != 0x80).count();
        LineColumn { line, column: column + 1 }
    }

    #[test]
    fn counted_and_listed_lookups_agree() {
        let source = "ab\ncé d\nx\n\ny";
        let expected: Vec<LineColumn> =
            (0..=source.len()).map(|offset| line_column_from_start(source, offset)).collect();
        // More lookups than are counted, so the later ones read the listed lines.
        let index = LineIndex::new(source);
        let found: Vec<LineColumn> =
            (0..=source.len()).map(|offset| index.line_column(source, offset)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn long_line_columns_count_characters() {
        // Lines of several blocks, with characters of two to four bytes that straddle block
        // boundaries, so that offsets inside characters and past many blocks are looked up.
        let long_line = "é中😀x".repeat(300);
        let lf = format!("ab\n{long_line}\n{}\nz", "y".repeat(700));
        let crlf = format!("ab\r\n{long_line}\r\n{long_line}");
        for source in [lf.as_str(), crlf.as_str()] {
            let index = LineIndex::new(source);
            // From the last offset back, so that lookups do not arrive in order.
            for offset in (0..=source.len()).rev() {
                assert_eq!(
                    index.line_column(source, offset),
                    line_column_from_start(source, offset),
                    "offset {offset}"
                );
            }
        }
    }

    #[test]
    fn long_line_column_past_multibyte_characters() {
        let source = format!("<Say>\n{}x", "é".repeat(1_000));
        let index = LineIndex::new(&source);
        // `x` is byte 2,006 of the source: 6 bytes of the first line, then 2,000 bytes of `é`.
        assert_eq!(index.line_column(&source, 2_006), LineColumn { line: 2, column: 1_001 });
    }

    #[test]
    fn line_column_clamps_past_the_end() {
        let source = "a\nb";
        let index = LineIndex::new(source);
        assert_eq!(index.line_column(source, 99), LineColumn { line: 2, column: 2 });
    }

    #[test]
    fn cover_spans_both() {
        assert_eq!(Span::new(4, 6).cover(Span::new(1, 5)), Span::new(1, 6));
    }
}
