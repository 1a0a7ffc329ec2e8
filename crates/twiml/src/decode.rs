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
///
/// UTF-16 text, known by its byte order mark or by the NUL bytes beside a leading `<`, is
/// transcoded so that its content can still be checked, and reported as one problem. Offsets
/// into the result are then offsets into the transcoded text.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Vec<Problem>) {
    if let Some(order) = utf16_order(bytes) {
        return decode_utf16(bytes, order);
    }
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

/// The byte order of UTF-16 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    fn name(self) -> &'static str {
        match self {
            ByteOrder::Little => "little-endian",
            ByteOrder::Big => "big-endian",
        }
    }
}

/// Recognizes UTF-16 text by its byte order mark, or, without one, by a `<` in its first code
/// unit, as every TwiML document starts.
fn utf16_order(bytes: &[u8]) -> Option<ByteOrder> {
    match bytes {
        // `FF FE 00 00` starts UTF-32, which is left to the UTF-8 checks.
        [0xFF, 0xFE, 0, 0, ..] => None,
        [0xFF, 0xFE, ..] | [b'<', 0, _, 0, ..] => Some(ByteOrder::Little),
        [0xFE, 0xFF, ..] | [0, b'<', 0, _, ..] => Some(ByteOrder::Big),
        _ => None,
    }
}

/// Transcodes UTF-16 `bytes` to UTF-8, without a byte order mark, with U+FFFD for each unpaired
/// surrogate or odd last byte, and one problem that names the encoding.
fn decode_utf16(bytes: &[u8], order: ByteOrder) -> (Cow<'_, str>, Vec<Problem>) {
    let has_mark = matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]);
    let body = if has_mark { &bytes[2..] } else { bytes };
    let units = body.chunks(2).map(|pair| match (pair, order) {
        ([low, high], ByteOrder::Little) => u16::from_le_bytes([*low, *high]),
        ([high, low], ByteOrder::Big) => u16::from_be_bytes([*high, *low]),
        _ => 0xFFFD,
    });
    let text: String =
        char::decode_utf16(units).map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    let message = format!(
        "the file is encoded as UTF-16 ({}), and TwiML must be encoded as UTF-8",
        order.name()
    );
    let problem = Problem::new(ProblemKind::InvalidUtf8, Span::new(0, 0), message);
    (Cow::Owned(text), vec![problem])
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
    fn decode_transcodes_utf16_and_names_it() {
        let twiml = "<Response><Say>Olá</Say></Response>\n";
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(twiml.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = twiml.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, order) in [(little, "little-endian"), (big, "big-endian")] {
            let (text, problems) = decode(&bytes);
            assert_eq!(text, twiml);
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].kind, ProblemKind::InvalidUtf8);
            assert!(problems[0].message.contains(&format!("UTF-16 ({order})")), "{problems:?}");
        }
    }

    #[test]
    fn decode_leaves_utf8_with_a_nul_to_the_parser() {
        let (text, problems) = decode(b"<R\0sponse/>");
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
