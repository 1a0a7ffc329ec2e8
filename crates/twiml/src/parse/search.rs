//! Byte searches for the short runs a TwiML document is made of: the whitespace between tags,
//! attribute values of a few dozen bytes.
//!
//! `memchr` is fastest on long inputs, but each call costs more than scanning a short run. So
//! these search 8 bytes at a time in a `u64` ("SWAR"), and hand long runs to `memchr`.

/// After this many bytes of a text run, the rest is searched with `memchr`.
const SHORT_RUN: usize = 32;

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Returns the high bit of each byte of `word` that equals `byte`. Only the lowest set bit is
/// exact, because a borrow can set bits above a true match but never below one. A search for
/// the first match needs no more.
fn equal_to(word: u64, byte: u8) -> u64 {
    let difference = word ^ (ONES * u64::from(byte));
    difference.wrapping_sub(ONES) & !difference & HIGH_BITS
}

/// Returns the high bit of each byte of `word` below `bound`, which must be at most 128, with
/// the same exactness as [`equal_to`].
fn less_than(word: u64, bound: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(bound)) & !word & HIGH_BITS
}

/// Returns the byte offset of the lowest set bit of a match mask.
fn first_match(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// Returns the 8 bytes at `at`, which must lie within `bytes`, as a little-endian word, so the
/// first byte is in the lowest bits.
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Returns the length of the text at the start of `bytes`, up to the first `<` or `&`, and
/// whether the text contains a `>` or a carriage return, which need a closer look.
pub(super) fn text_run(bytes: &[u8]) -> (usize, bool) {
    let mut noted = false;
    let mut offset = 0;
    while offset + 8 <= bytes.len() && offset < SHORT_RUN {
        let word = word_at(bytes, offset);
        let stop = equal_to(word, b'<') | equal_to(word, b'&');
        let note = equal_to(word, b'>') | equal_to(word, b'\r');
        if stop != 0 {
            // The bits below the first stop.
            let before = (stop & stop.wrapping_neg()).wrapping_sub(1);
            return (offset + first_match(stop), noted || note & before != 0);
        }
        noted |= note != 0;
        offset += 8;
    }

    if offset >= SHORT_RUN {
        let rest = &bytes[offset..];
        let len = memchr::memchr2(b'<', b'&', rest).unwrap_or(rest.len());
        let noted = noted || memchr::memchr2(b'>', b'\r', &rest[..len]).is_some();
        return (offset + len, noted);
    }
    for (index, &byte) in bytes[offset..].iter().enumerate() {
        match byte {
            b'<' | b'&' => return (offset + index, noted),
            b'>' | b'\r' => noted = true,
            _ => {}
        }
    }
    (bytes.len(), noted)
}

/// Returns the offset of the first byte of `bytes` that is `quote` or that an attribute value
/// has to decode or normalize, or the length of `bytes` when there is none. The bytes to decode
/// or normalize are `&`, `<` and control characters such as tab, line feed and carriage return.
pub(super) fn value_stop(bytes: &[u8], quote: u8) -> usize {
    let mut offset = 0;
    while offset + 8 <= bytes.len() {
        let word = word_at(bytes, offset);
        let stop = equal_to(word, quote)
            | equal_to(word, b'&')
            | equal_to(word, b'<')
            | less_than(word, b'\r' + 1);
        if stop != 0 {
            return offset + first_match(stop);
        }
        offset += 8;
    }
    bytes[offset..]
        .iter()
        .position(|&byte| byte == quote || byte == b'&' || byte == b'<' || byte <= b'\r')
        .map_or(bytes.len(), |index| offset + index)
}

/// The target of a search that can fail.
#[derive(Debug, Clone, Copy)]
pub(super) enum Needle {
    DoubleQuote,
    SingleQuote,
    CommentClose,
    CDataClose,
    InstructionClose,
}

impl Needle {
    pub(super) fn quote(quote: u8) -> Needle {
        if quote == b'"' { Needle::DoubleQuote } else { Needle::SingleQuote }
    }
}

/// The offsets from which searches of the whole input are known to find nothing. A search
/// for the closer of broken markup can run to the end of the input, and repeating it for each
/// of many broken pieces would make parsing quadratic. A failed search from some offset fails
/// from any later offset too, so it is not repeated.
#[derive(Debug)]
pub(super) struct Misses {
    input_len: usize,
    from: [usize; 5],
}

impl Misses {
    pub(super) fn new(input_len: usize) -> Misses {
        Misses { input_len, from: [usize::MAX; 5] }
    }

    /// Runs `search` for `needle` from `from` in the first `limit` bytes of the input, unless
    /// it is known to fail. Only searches that reach the end of the input are remembered.
    pub(super) fn find(
        &mut self,
        needle: Needle,
        from: usize,
        limit: usize,
        search: impl FnOnce() -> Option<usize>,
    ) -> Option<usize> {
        let whole_input = limit == self.input_len;
        let known_from = &mut self.from[needle as usize];
        if whole_input && from >= *known_from {
            return None;
        }
        let found = search();
        if found.is_none() && whole_input {
            *known_from = (*known_from).min(from);
        }
        found
    }
}

/// Returns whether `byte` is a C0 control character other than tab, line feed and carriage
/// return, which XML does not allow anywhere.
pub(super) fn is_forbidden_control(byte: u8) -> bool {
    byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')
}

/// Returns whether `bytes` contains a control character XML does not allow. The loop has no
/// branches, so that it compiles to vector instructions.
pub(super) fn has_forbidden_control(bytes: &[u8]) -> bool {
    bytes.chunks(4096).any(|chunk| {
        chunk.iter().fold(0u8, |found, &byte| {
            let control = u8::from(byte & 0xE0 == 0);
            let allowed =
                u8::from(byte == b'\t') | u8::from(byte == b'\n') | u8::from(byte == b'\r');
            found | (control & !allowed)
        }) != 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_run_stops_at_markup_and_notes_specials() {
        assert_eq!(text_run(b"\n  <Say>"), (3, false));
        assert_eq!(text_run(b"abc"), (3, false));
        assert_eq!(text_run(b"a > b & c"), (6, true));
        assert_eq!(text_run(b"a\r\n<"), (3, true));
        assert_eq!(text_run(b"01234567<>"), (8, false));
        assert_eq!(text_run(b"0123456789abcdef>"), (17, true));
        let long = format!("{}>x{}<", "a".repeat(40), "b".repeat(40));
        assert_eq!(text_run(long.as_bytes()), (long.len() - 1, true));
        let long = format!("{}<{}>", "a".repeat(40), "b".repeat(40));
        assert_eq!(text_run(long.as_bytes()), (40, false));
        assert_eq!(text_run("ééééé<".as_bytes()), (10, false));
    }

    #[test]
    fn value_stop_finds_quote_or_special() {
        assert_eq!(value_stop(b"alice\" x", b'"'), 5);
        assert_eq!(value_stop(b"alice' x\"", b'"'), 8);
        assert_eq!(value_stop(b"https://example.com/a?b=1&amp;c\"", b'"'), 25);
        assert_eq!(value_stop(b"0123456789\t\"", b'"'), 10);
        assert_eq!(value_stop(b"no end", b'"'), 6);
        assert_eq!(value_stop("Polly.Mía-Generative\"".as_bytes(), b'"'), 21);
        assert_eq!(value_stop(b"a<b'", b'\''), 1);
    }

    #[test]
    fn forbidden_controls_found_anywhere() {
        assert!(!has_forbidden_control(b"<Response>\r\n\t<Say>a</Say>\n</Response>"));
        assert!(has_forbidden_control(b"\x01"));
        assert!(has_forbidden_control(b"0123456789abcdef\x0c"));
        assert!(has_forbidden_control(b"01234567\n\n\x1f"));
        assert!(!has_forbidden_control("é\u{80}".as_bytes()));
    }
}
