//! Strict decoding of query strings, form bodies and path segments. Twilio percent-encodes
//! every request it sends, so a `%` without two hexadecimal digits after it, or bytes that do
//! not decode to UTF-8, mean the request did not come from Twilio, and it gets a 400 response.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::percent_decode;

/// Why a query, body or path could not be decoded. Positions are byte offsets into the text
/// as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A `%` not followed by two hexadecimal digits.
    InvalidPercentEncoding { position: usize },
    /// The decoded bytes of the name or value starting here are not UTF-8.
    NotUtf8 { position: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidPercentEncoding { position } => {
                write!(formatter, "invalid percent-encoding at byte {position}")
            }
            DecodeError::NotUtf8 { position } => {
                write!(formatter, "text at byte {position} does not decode to UTF-8")
            }
        }
    }
}

/// Decodes an `application/x-www-form-urlencoded` query or body into its pairs, in order.
/// `+` is a space. A pair without `=` has an empty value, and empty pairs are skipped.
pub(crate) fn decode_form(input: &[u8]) -> Result<Vec<(String, String)>, DecodeError> {
    check_percent_encoding(input)?;
    let mut pairs = Vec::new();
    let mut start = 0;
    for pair in input.split(|&byte| byte == b'&') {
        let pair_start = start;
        start += pair.len() + 1;
        if pair.is_empty() {
            continue;
        }
        let (name, value, value_start) = match pair.iter().position(|&byte| byte == b'=') {
            Some(equals) => (&pair[..equals], &pair[equals + 1..], pair_start + equals + 1),
            None => (pair, &[][..], pair_start + pair.len()),
        };
        pairs.push((decode_component(name, pair_start)?, decode_component(value, value_start)?));
    }
    Ok(pairs)
}

/// Decodes one path segment, where `+` stays a `+`.
pub(crate) fn decode_path_segment(segment: &str) -> Result<Cow<'_, str>, DecodeError> {
    check_percent_encoding(segment.as_bytes())?;
    percent_decode(segment.as_bytes())
        .decode_utf8()
        .map_err(|_| DecodeError::NotUtf8 { position: 0 })
}

fn decode_component(component: &[u8], position: usize) -> Result<String, DecodeError> {
    let spaced: Cow<'_, [u8]> = if component.contains(&b'+') {
        Cow::Owned(component.iter().map(|&byte| if byte == b'+' { b' ' } else { byte }).collect())
    } else {
        Cow::Borrowed(component)
    };
    percent_decode(&spaced)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| DecodeError::NotUtf8 { position })
}

/// Finds the first `%` that is not followed by two hexadecimal digits.
fn check_percent_encoding(input: &[u8]) -> Result<(), DecodeError> {
    let mut at = 0;
    while let Some(found) = input[at..].iter().position(|&byte| byte == b'%') {
        let percent = at + found;
        let digits = input.get(percent + 1..percent + 3);
        let valid = digits.is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit));
        if !valid {
            return Err(DecodeError::InvalidPercentEncoding { position: percent });
        }
        at = percent + 3;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(input: &str) -> Vec<(String, String)> {
        match decode_form(input.as_bytes()) {
            Ok(pairs) => pairs,
            Err(error) => panic!("decoding {input:?} failed: {error}"),
        }
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|&(name, value)| (name.to_owned(), value.to_owned())).collect()
    }

    #[test]
    fn form_pairs_decode_in_order() {
        assert_eq!(
            pairs("Name=Tom+%26+Jerry&Dest%5B%5D=%2B1202&Dest[]=%2B1703"),
            owned(&[("Name", "Tom & Jerry"), ("Dest[]", "+1202"), ("Dest[]", "+1703")])
        );
    }

    #[test]
    fn form_pair_without_value_and_empty_pairs() {
        assert_eq!(pairs("a&&b=&=c"), owned(&[("a", ""), ("b", ""), ("", "c")]));
        assert_eq!(pairs(""), owned(&[]));
    }

    #[test]
    fn form_keeps_utf8() {
        assert_eq!(pairs("Body=%C2%A1Hola%21"), owned(&[("Body", "¡Hola!")]));
    }

    #[test]
    fn bad_percent_encoding_is_rejected_with_position() {
        for (input, position) in [("a=%ZZ", 2), ("a=%4", 2), ("a=1&b=%", 6), ("%g0=1", 0)] {
            assert_eq!(
                decode_form(input.as_bytes()),
                Err(DecodeError::InvalidPercentEncoding { position }),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_rejected() {
        assert_eq!(decode_form(b"a=1&b=%FF"), Err(DecodeError::NotUtf8 { position: 6 }));
        assert_eq!(decode_form(b"%C3=1"), Err(DecodeError::NotUtf8 { position: 0 }));
    }

    #[test]
    fn path_segment_keeps_plus() {
        assert_eq!(decode_path_segment("EH%41+b").as_deref(), Ok("EHA+b"));
        assert_eq!(
            decode_path_segment("EH%ZZ"),
            Err(DecodeError::InvalidPercentEncoding { position: 2 })
        );
    }
}
