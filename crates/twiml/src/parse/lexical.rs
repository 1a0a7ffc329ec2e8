//! The character classes, names and references of XML 1.0 (fifth edition), with a byte table
//! for the ASCII cases that almost every TwiML document is made of.

use std::borrow::Cow;

/// Returns whether `byte` is XML whitespace (the `S` production): space, tab, line feed or carriage
/// return. Unicode spaces such as U+00A0 are text, not whitespace.
pub(super) fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Returns whether `text` contains nothing but XML whitespace.
pub(super) fn is_blank(text: &str) -> bool {
    text.bytes().all(is_whitespace)
}

/// Returns `text` without the XML whitespace at its end.
pub(super) fn trim_end(text: &str) -> &str {
    text.trim_end_matches([' ', '\t', '\n', '\r'])
}

/// Returns the length of the leading XML whitespace of `text`.
pub(super) fn leading_whitespace(text: &str) -> usize {
    text.bytes().take_while(|&byte| is_whitespace(byte)).count()
}

/// Returns whether XML 1.0 allows `character` in a document (the `Char` production).
pub(super) fn is_xml_char(character: char) -> bool {
    matches!(character,
        '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Returns whether `character` may start an XML name (the `NameStartChar` production).
fn is_name_start_char(character: char) -> bool {
    matches!(character,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Returns whether `character` may follow the first character of an XML name (`NameChar`).
fn is_name_char(character: char) -> bool {
    is_name_start_char(character)
        || matches!(character,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Returns whether the first character of `text` may start an XML name.
pub(super) fn starts_with_name_start_char(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(&byte) if byte.is_ascii() => byte_class(byte) & NAME_START != 0,
        Some(_) => text.chars().next().is_some_and(is_name_start_char),
        None => false,
    }
}

/// The byte may start an XML name: an ASCII letter, `_` or `:`.
pub(super) const NAME_START: u8 = 1;
/// The byte may appear in an XML name after its first character: a byte of `NAME_START`, an
/// ASCII digit, `-` or `.`.
pub(super) const NAME: u8 = 2;
/// The byte is XML whitespace.
pub(super) const WHITESPACE: u8 = 4;
/// The byte ends an attribute name: whitespace, `=`, a quote, `>`, `/` or `<`.
pub(super) const ENDS_ATTRIBUTE_NAME: u8 = 8;
/// The byte ends an element name in a start tag: whitespace, a quote, `>` or `<`. So does a
/// `/` that a `>` follows.
pub(super) const ENDS_ELEMENT_NAME: u8 = 16;
/// The byte is part of a character beyond ASCII, which the table does not classify.
pub(super) const NON_ASCII: u8 = 32;

/// The classes of each byte, as a set of the flags above.
const BYTE_CLASSES: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut table = [0; 256];
    let mut index = 0;
    while index < 256 {
        let byte = index as u8;
        table[index] = if byte >= 0x80 {
            NON_ASCII
        } else if byte.is_ascii_alphabetic() || byte == b'_' || byte == b':' {
            NAME_START | NAME
        } else if byte.is_ascii_digit() || byte == b'-' || byte == b'.' {
            NAME
        } else if byte == b' ' || byte == b'\t' || byte == b'\n' || byte == b'\r' {
            WHITESPACE | ENDS_ATTRIBUTE_NAME | ENDS_ELEMENT_NAME
        } else if byte == b'"' || byte == b'\'' || byte == b'>' || byte == b'<' {
            ENDS_ATTRIBUTE_NAME | ENDS_ELEMENT_NAME
        } else if byte == b'=' || byte == b'/' {
            ENDS_ATTRIBUTE_NAME
        } else {
            0
        };
        index += 1;
    }
    table
}

/// Returns the classes of `byte`, as a set of the flags above.
pub(super) fn byte_class(byte: u8) -> u8 {
    BYTE_CLASSES[usize::from(byte)]
}

/// Returns the byte offset of the first character that keeps `name` from being an XML name (the
/// `Name` production), or `None` when it is one. An empty name is invalid at offset 0.
pub(super) fn invalid_name_at(name: &str) -> Option<usize> {
    // Almost every name is ASCII, which the table classifies. Any other byte sends the whole
    // name to the full classification.
    let bytes = name.as_bytes();
    match bytes.first() {
        None => return Some(0),
        Some(&first) if byte_class(first) & (NAME_START | NON_ASCII) == 0 => return Some(0),
        Some(_) => {}
    }
    for (at, &byte) in bytes.iter().enumerate() {
        let class = byte_class(byte);
        if class & NON_ASCII != 0 {
            return invalid_unicode_name_at(name);
        }
        if class & NAME == 0 {
            return Some(at);
        }
    }
    None
}

fn invalid_unicode_name_at(name: &str) -> Option<usize> {
    let mut characters = name.char_indices();
    match characters.next() {
        None => return Some(0),
        Some((_, first)) if !is_name_start_char(first) => return Some(0),
        Some(_) => {}
    }
    characters.find(|&(_, character)| !is_name_char(character)).map(|(at, _)| at)
}

/// Returns the length in bytes of the XML name at the start of `text`, or 0 without one.
fn name_prefix_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(&first) if byte_class(first) & NAME_START != 0 => {}
        Some(&first) if first.is_ascii() => return 0,
        Some(_) => return unicode_name_prefix_len(text),
        None => return 0,
    }
    match bytes.iter().position(|&byte| byte_class(byte) & NAME == 0) {
        Some(at) if !bytes[at].is_ascii() => unicode_name_prefix_len(text),
        Some(at) => at,
        None => bytes.len(),
    }
}

fn unicode_name_prefix_len(text: &str) -> usize {
    let mut characters = text.char_indices();
    match characters.next() {
        Some((_, first)) if is_name_start_char(first) => {}
        _ => return 0,
    }
    characters.find(|&(_, character)| !is_name_char(character)).map_or(text.len(), |(at, _)| at)
}

/// The construct a `&` starts in text or in an attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reference<'s> {
    /// A character reference to a character XML allows, such as `&#233;` or `&#xE9;`.
    Character(char),
    /// One of the five entities XML predefines, with its replacement text.
    Predefined(&'static str),
    /// A well-formed entity reference to an entity XML does not define, such as `&eacute;`.
    /// The name is given without `&` and `;`.
    Undefined(&'s str),
    /// `&#…;` that is malformed or names a character XML does not allow, such as `&#0;`.
    InvalidCharacter,
    /// A `&` that starts no reference at all.
    Bare,
}

/// Reads the reference at the start of `text`, which must start with `&`, and returns it with
/// its length in bytes: through the `;`, or 1 for a bare `&`.
pub(super) fn read_reference(text: &str) -> (Reference<'_>, usize) {
    // The predefined entities are almost every reference in TwiML.
    match text.as_bytes() {
        [b'&', b'a', b'm', b'p', b';', ..] => return (Reference::Predefined("&"), 5),
        [b'&', b'l', b't', b';', ..] => return (Reference::Predefined("<"), 4),
        [b'&', b'g', b't', b';', ..] => return (Reference::Predefined(">"), 4),
        [b'&', b'q', b'u', b'o', b't', b';', ..] => return (Reference::Predefined("\""), 6),
        [b'&', b'a', b'p', b'o', b's', b';', ..] => return (Reference::Predefined("'"), 6),
        _ => {}
    }
    let after_ampersand = text.get(1..).unwrap_or("");
    if let Some(number) = after_ampersand.strip_prefix('#') {
        return read_character_reference(number);
    }
    let name_len = name_prefix_len(after_ampersand);
    if name_len == 0 || after_ampersand.as_bytes().get(name_len) != Some(&b';') {
        return (Reference::Bare, 1);
    }
    let name = &after_ampersand[..name_len];
    let reference = match predefined_entity(name) {
        Some(replacement) => Reference::Predefined(replacement),
        None => Reference::Undefined(name),
    };
    (reference, name_len + 2)
}

/// Reads what follows `&#`: a decimal or `x`-prefixed hexadecimal number and `;`.
fn read_character_reference(number: &str) -> (Reference<'static>, usize) {
    let digits_len = number.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if number.as_bytes().get(digits_len) != Some(&b';') {
        return (Reference::Bare, 1);
    }
    // `&#` + digits + `;`
    let len = digits_len + 3;
    let digits = &number[..digits_len];
    let code = match digits.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|byte| byte.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()
        }
        None if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) => {
            digits.parse::<u32>().ok()
        }
        Some(_) | None => None,
    };
    match code.and_then(char::from_u32).filter(|&character| is_xml_char(character)) {
        Some(character) => (Reference::Character(character), len),
        None => (Reference::InvalidCharacter, len),
    }
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    match name.as_bytes() {
        b"lt" => Some("<"),
        b"gt" => Some(">"),
        b"amp" => Some("&"),
        b"apos" => Some("'"),
        b"quot" => Some("\""),
        _ => None,
    }
}

/// Applies XML end-of-line handling: each CR LF pair and each lone CR becomes LF.
pub(super) fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Returns the offset of the first `]]>` in `text`, which character data may not contain.
pub(super) fn find_cdata_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'>', bytes)
        .find(|&at| at >= 2 && &bytes[at - 2..at] == b"]]")
        .map(|at| at - 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_name_production() {
        assert_eq!(invalid_name_at("Say"), None);
        assert_eq!(invalid_name_at("say-as"), None);
        assert_eq!(invalid_name_at("xml:lang"), None);
        assert_eq!(invalid_name_at("_a.b-1"), None);
        assert_eq!(invalid_name_at("Mía"), None);
        assert_eq!(invalid_name_at(""), Some(0));
        assert_eq!(invalid_name_at("1a"), Some(0));
        assert_eq!(invalid_name_at("-a"), Some(0));
        assert_eq!(invalid_name_at("a/b"), Some(1));
        assert_eq!(invalid_name_at("Say,"), Some(3));
        assert_eq!(invalid_name_at("é\u{1}"), Some(2));
    }

    #[test]
    fn references_are_classified() {
        assert_eq!(read_reference("&amp;x"), (Reference::Predefined("&"), 5));
        assert_eq!(read_reference("&#233;"), (Reference::Character('é'), 6));
        assert_eq!(read_reference("&#xE9;"), (Reference::Character('é'), 6));
        assert_eq!(read_reference("&eacute;"), (Reference::Undefined("eacute"), 8));
        assert_eq!(read_reference("&#0;"), (Reference::InvalidCharacter, 4));
        assert_eq!(read_reference("&#xD800;"), (Reference::InvalidCharacter, 8));
        assert_eq!(read_reference("&#x110000;"), (Reference::InvalidCharacter, 10));
        assert_eq!(read_reference("&#X41;"), (Reference::InvalidCharacter, 6));
        assert_eq!(read_reference("&#;"), (Reference::InvalidCharacter, 3));
        assert_eq!(read_reference("&#99999999999;"), (Reference::InvalidCharacter, 14));
        assert_eq!(read_reference("&"), (Reference::Bare, 1));
        assert_eq!(read_reference("&;"), (Reference::Bare, 1));
        assert_eq!(read_reference("&b=2"), (Reference::Bare, 1));
        assert_eq!(read_reference("&a b;"), (Reference::Bare, 1));
        assert_eq!(read_reference("&x=sip%3A;"), (Reference::Bare, 1));
        assert_eq!(read_reference("&#12 ;"), (Reference::Bare, 1));
    }

    #[test]
    fn line_ends_become_line_feeds() {
        assert_eq!(normalize_line_ends("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize_line_ends("a\nb"), Cow::Borrowed(_)));
    }
}
