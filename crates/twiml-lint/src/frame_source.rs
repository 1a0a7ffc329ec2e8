//! The source text that code frames are drawn from, read a few lines at a time.
//!
//! miette's own `SourceCode` for a string finds the line of a span by scanning from the first
//! byte, so a file with many findings costs time quadratic in its length. [`FrameSource`]
//! looks the span's line up in a [`LineIndex`] and lets miette scan only a window of whole
//! lines around the span, then moves the offsets and line numbers miette reports back to the
//! whole document. The frames it gives are the same, byte for byte.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use twiml::LineIndex;

/// A named document whose code frames cost time proportional to the lines they show, not to
/// the length of the document.
#[derive(Debug, Clone, Copy)]
pub struct FrameSource<'a> {
    name: &'a str,
    text: &'a str,
    /// The byte offset where each line of `text` starts, as listed by [`LineIndex`].
    line_starts: &'a [usize],
}

/// A span of whole lines handed to miette, and the index of its first line in the document.
#[derive(Debug, PartialEq, Eq)]
struct Window {
    first_line: usize,
    bytes: Range<usize>,
}

impl<'a> FrameSource<'a> {
    /// Creates the source of the document `text`, named `name` in frame headers, with `lines`
    /// built from the same `text`.
    pub fn new(name: &'a str, text: &'a str, lines: &'a LineIndex) -> FrameSource<'a> {
        FrameSource { name, text, line_starts: lines.line_starts(text) }
    }

    /// Returns the document's name.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// Returns the document's text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Finds the 0-based line that byte `offset` is on, or the last line for an offset past
    /// the end.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The whole lines miette must scan to read `span` with `before` and `after` lines of
    /// context.
    ///
    /// miette counts line ends as [`LineIndex`] does (`\n`, `\r\n` and a lone `\r`), so a
    /// window that starts at a line start gives miette the same state there as a scan from
    /// the first byte. miette keeps only the last `before` line starts it passed, and for an
    /// empty span it may stop at the line end just before the span, so the window starts
    /// `before + 1` lines above the span's line. miette stops scanning at the end of the line
    /// `after + 1` lines below the span's last byte, and the window contains one more line. Near
    /// either end of the document the window is cut there.
    fn window(&self, span: &SourceSpan, before: usize, after: usize) -> Window {
        let start = span.offset();
        let end = start.saturating_add(span.len());
        let first_line = self.line_of(start).saturating_sub(before + 1);
        let past_last_line = self.line_of(end).saturating_add(after + 3);
        let window_end = self.line_starts.get(past_last_line).copied().unwrap_or(self.text.len());
        Window { first_line, bytes: self.line_starts[first_line]..window_end }
    }
}

impl SourceCode for FrameSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let window = self.window(span, context_lines_before, context_lines_after);
        let window_start = window.bytes.start;
        let bytes = &self.text.as_bytes()[window.bytes];
        let local_span = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let contents = bytes.read_span(&local_span, context_lines_before, context_lines_after)?;

        // miette's line count is the number of line ends from the first byte it scanned to the
        // last, not from the first line it returns, so it moves by the window's first line too.
        let data_span = SourceSpan::new(
            (contents.span().offset() + window_start).into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            contents.data(),
            data_span,
            contents.line() + window.first_line,
            contents.column(),
            contents.line_count() + window.first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contents miette reads, as plain values to compare.
    type Read = (Vec<u8>, usize, usize, usize, usize, usize, Option<String>);

    fn read(
        source: &dyn SourceCode,
        span: SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<Read> {
        let contents = source.read_span(&span, before, after).ok()?;
        Some((
            contents.data().to_vec(),
            contents.span().offset(),
            contents.span().len(),
            contents.line(),
            contents.column(),
            contents.line_count(),
            contents.name().map(str::to_owned),
        ))
    }

    #[test]
    fn reads_match_whole_source() {
        let texts = [
            "<Response>\n  <Say>hi</Say>\n\n<Play>a</Play>\n</Response>\n",
            "a\r\nbé\r\n\r\nc中d\r\ne",
            "a\rb\r\rc\r\nd\n\re\r",
            "\n\n\nx",
            "no line end",
            "",
        ];
        for text in texts {
            let lines = LineIndex::new(text);
            let windowed = FrameSource::new("doc.xml", text, &lines);
            let whole = miette::NamedSource::new("doc.xml", text.to_owned());
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    for context in 0..=2 {
                        let span = SourceSpan::new(start.into(), end - start);
                        assert_eq!(
                            read(&windowed, span, context, context),
                            read(&whole, span, context, context),
                            "span {start}..{end} with {context} lines of context in {text:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn window_covers_only_nearby_lines() {
        let text = "<Say vioce=\"x\">hi</Say>\n".repeat(10_000);
        let lines = LineIndex::new(&text);
        let source = FrameSource::new("doc.xml", &text, &lines);
        let line_length = text.len() / 10_000;
        let span = SourceSpan::new((5_000 * line_length + 5).into(), 5);

        let window = source.window(&span, 1, 1);

        assert_eq!(window.first_line, 4_998);
        assert_eq!(window.bytes, 4_998 * line_length..5_004 * line_length);
    }

    #[test]
    fn deep_read_keeps_document_lines() {
        let text = "<Say vioce=\"x\">hi</Say>\n".repeat(10_000);
        let lines = LineIndex::new(&text);
        let source = FrameSource::new("doc.xml", &text, &lines);
        let line_length = text.len() / 10_000;
        let span = SourceSpan::new((5_000 * line_length + 5).into(), 5);

        let contents = source.read_span(&span, 1, 1).unwrap();

        assert_eq!(contents.line(), 4_999);
        assert_eq!(contents.span().offset(), 4_999 * line_length);
        assert_eq!(contents.data(), &text.as_bytes()[..3 * line_length]);
    }

    #[test]
    fn span_past_end_is_out_of_bounds() {
        let text = "a\nb";
        let lines = LineIndex::new(text);
        let source = FrameSource::new("doc.xml", text, &lines);
        let span = SourceSpan::new(10.into(), 2);
        assert!(matches!(source.read_span(&span, 1, 1), Err(MietteError::OutOfBounds)));
    }
}
