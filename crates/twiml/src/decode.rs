//! Turning the bytes of a file into text that keeps every byte offset, so that spans stay exact
//! even when the input is not valid UTF-8.

use std::borrow::Cow;

use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

/// The most invalid UTF-8 sequences reported one by one; past this count one problem covers
/// the rest, so that a binary file does not produce thousands of findings.
const MAX_REPORTED_INVALID_SEQUENCES: usize = 20;

/// Decodes `bytes` as UTF-8. Each byte of an invalid sequence becomes `?`, one byte for one
/// byte, so that offsets into the result are offsets into the input; each invalid sequence is
/// reported as a problem. Valid input is borrowed, not copied.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Vec<Problem>) {
    let first_error = match std::str::from_utf8(bytes) {
        Ok(text) => return (Cow::Borrowed(text), Vec::new()),
        Err(error) => error,
    };

    let mut text = String::with_capacity(bytes.len());
    let mut problems = Vec::new();
    let mut rest = bytes;
    let mut offset = 0;
    let mut error = Some(first_error);
    while let Some(current) = error {
        let valid = current.valid_up_to();
        let invalid = current.error_len().unwrap_or(rest.len() - valid);
        text.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
        text.extend(std::iter::repeat_n('?', invalid));

        let span = Span::new(offset + valid, offset + valid + invalid);
        report_invalid_sequence(&mut problems, span, &rest[valid..valid + invalid]);

        offset += valid + invalid;
        rest = &rest[valid + invalid..];
        error = std::str::from_utf8(rest).err();
    }
    text.push_str(std::str::from_utf8(rest).unwrap_or_default());
    (Cow::Owned(text), problems)
}

fn report_invalid_sequence(problems: &mut Vec<Problem>, span: Span, bytes: &[u8]) {
    if problems.len() < MAX_REPORTED_INVALID_SEQUENCES {
        let hex: Vec<String> = bytes.iter().map(|byte| format!("{byte:#04x}")).collect();
        let message = format!(
            "invalid UTF-8 byte sequence {}; TwiML must be encoded as UTF-8",
            hex.join(" ")
        );
        problems.push(Problem::new(ProblemKind::InvalidUtf8, span, message));
    } else if problems.len() == MAX_REPORTED_INVALID_SEQUENCES {
        problems.push(Problem::new(
            ProblemKind::InvalidUtf8,
            span,
            "more invalid UTF-8 byte sequences follow; the file is probably not UTF-8 text",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_borrows_valid_input() {
        let (text, problems) = decode("<Response/>".as_bytes());
        assert!(matches!(text, Cow::Borrowed(_)));
        assert!(problems.is_empty());
    }

    #[test]
    fn decode_keeps_offsets_of_invalid_bytes() {
        let (text, problems) = decode(b"ab\xffc\xe2\x82d");
        assert_eq!(text, "ab?c??d");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].span, Span::new(2, 3));
        assert_eq!(problems[1].span, Span::new(4, 6));
    }

    #[test]
    fn decode_reports_truncated_sequence_at_end() {
        let (text, problems) = decode(b"a\xe2\x82");
        assert_eq!(text, "a??");
        assert_eq!(problems[0].span, Span::new(1, 3));
    }
}
