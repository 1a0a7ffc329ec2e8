//! Attributes, read from a start tag after the element name up to the end of the tag, and the
//! pseudo-attributes of the XML declaration, which follow the same syntax.
//!
//! Each attribute that can be read is kept, even one without quotes or without its closing
//! quote, so that the rest of the tag stays usable. A quoted value that contains a `>` and
//! then a `<` has most likely lost its closing quote, so the value and the tag end at that
//! `>`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use super::lexical::{
    ENDS_ATTRIBUTE_NAME, NAME, NAME_START, WHITESPACE, byte_class, invalid_name_at, read_reference,
    starts_with_name_start_char,
};
use super::search::{self, Misses, Needle};
use super::{Parser, Replacement};
use crate::document::Attribute;
use crate::problem::{Problem, ProblemKind};
use crate::span::Span;

/// Above this many attributes on one tag, duplicates are found with a hash set instead of a
/// linear search, so that a tag with thousands of attributes stays linear.
const LINEAR_DUPLICATE_SEARCH_MAX: usize = 16;

/// The owner of a list of attributes, named in messages.
#[derive(Debug, Clone, Copy)]
pub(super) enum Owner<'n> {
    Element(&'n str),
    Declaration,
}

impl fmt::Display for Owner<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Element(name) => write!(formatter, "`<{name}>`"),
            Owner::Declaration => formatter.write_str("the XML declaration"),
        }
    }
}

/// The end of the attributes of a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagEnd {
    /// At `>` or `/>`, with `end` the offset after it.
    Close { end: usize, self_closing: bool },
    /// At a `<` outside quotes: the tag has no `>`.
    MissingGreaterThan { less_than: usize },
    /// At the end of the input, or of the region being read.
    EndOfInput,
}

/// The way an attribute value ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    Closed,
    /// The closing quote is missing, and the tag ends right after the value.
    Unclosed,
    Unquoted,
}

/// Returns the offset of the first byte at or after `at` that is not XML whitespace.
fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && byte_class(bytes[at]) & WHITESPACE != 0 {
        at += 1;
    }
    at
}

/// Returns whether a value contains something to decode or normalize: `&`, `<`, or a control
/// character such as tab, line feed or carriage return.
fn needs_decoding(value: &[u8]) -> bool {
    value.iter().any(|&byte| byte == b'&' || byte == b'<' || byte <= b'\r')
}

/// The extent of an attribute value, and whether it needs decoding.
#[derive(Debug, Clone, Copy)]
struct Value {
    quoting: Quoting,
    /// The offsets of the first byte of the value and of the byte after it, quotes excluded.
    start: usize,
    end: usize,
    /// The offset after the value, its closing quote included.
    after: usize,
    needs_decoding: bool,
}

impl<'a> Parser<'a> {
    /// Reads the attributes from byte `from` of the source up to the end of the tag, which
    /// lies before `limit`, into `out`, and returns how the tag ended. A duplicate attribute is
    /// reported and left out.
    pub(super) fn attributes(
        &mut self,
        from: usize,
        limit: usize,
        owner: Owner<'_>,
        out: &mut Vec<Attribute<'a>>,
    ) -> TagEnd {
        let bytes = &self.source.as_bytes()[..limit];
        // `out` may hold the attributes of earlier tags. Only this tag's are compared.
        let first = out.len();
        let mut names: Option<HashSet<&'a str>> = None;
        // After the first syntax error the reader may be out of step with what the author
        // meant (`loop="3 digits="4"`), so further syntax errors in the same tag are likely
        // echoes of the first and are not reported.
        let mut in_step = true;
        let mut at = from;
        loop {
            at = skip_whitespace(bytes, at);
            if let Some(end) = tag_end_at(bytes, at) {
                return end;
            }
            if let Some(after) = self.plain_attribute(bytes, at, &mut names, first, out) {
                at = after;
                continue;
            }

            let name_start = at;
            // The classes all bytes of the name share. A byte beyond ASCII has no `NAME` class,
            // which sends the name to the full check.
            let mut all = NAME;
            while at < bytes.len() {
                let class = byte_class(bytes[at]);
                if class & ENDS_ATTRIBUTE_NAME != 0 {
                    break;
                }
                all &= class;
                at += 1;
            }
            if at == name_start {
                at = self.skip_stray(bytes, at, in_step);
                in_step = false;
                continue;
            }
            let plain_name = all & NAME != 0 && byte_class(bytes[name_start]) & NAME_START != 0;
            let name = &self.source[name_start..at];
            let name_span = Span::new(name_start, at);
            let duplicate = is_duplicate(&out[first..], &mut names, name);

            let read = self.attribute(name_span, bytes.len(), owner, in_step, duplicate, out);
            let (end, quoting) = match read {
                Ok(read) => read,
                Err(resume) => {
                    at = resume;
                    in_step = false;
                    continue;
                }
            };
            at = end;
            if !plain_name && let Some(invalid_at) = invalid_name_at(name) {
                self.report_invalid_name("attribute", name, name_span, invalid_at);
            }
            if duplicate {
                self.problems.push(Problem::new(
                    ProblemKind::DuplicateAttribute,
                    name_span,
                    format!("attribute `{name}` appears more than once on {owner}"),
                ));
            } else if let Some(names) = &mut names {
                names.insert(name);
            }

            match quoting {
                Quoting::Unclosed => {
                    // The value ended at a `>`, or at the end of the input.
                    let closed = bytes.get(at) == Some(&b'>');
                    return if closed {
                        TagEnd::Close { end: at + 1, self_closing: false }
                    } else {
                        TagEnd::EndOfInput
                    };
                }
                Quoting::Unquoted => {}
                Quoting::Closed => {
                    if let Some(resume) = self.unseparated(bytes, at, name, in_step) {
                        at = resume;
                        in_step = false;
                    }
                }
            }
        }
    }

    /// Reads the attribute at `at` when it has the common shape `name="value"`: an ASCII name,
    /// `=` right after it, a quoted value with nothing to decode or normalize, and whitespace,
    /// `>` or `/` after the closing quote. Adds it to `out` unless it repeats one of `out` from
    /// `first` on, and returns the offset after it. Any other attribute is left to the full
    /// reading, which reports what is wrong with it: `None`.
    fn plain_attribute(
        &mut self,
        bytes: &[u8],
        at: usize,
        names: &mut Option<HashSet<&'a str>>,
        first: usize,
        out: &mut Vec<Attribute<'a>>,
    ) -> Option<usize> {
        if byte_class(*bytes.get(at)?) & NAME_START == 0 {
            return None;
        }
        let mut name_end = at + 1;
        while bytes.get(name_end).is_some_and(|&byte| byte_class(byte) & NAME != 0) {
            name_end += 1;
        }
        let (Some(b'='), Some(&quote @ (b'"' | b'\''))) =
            (bytes.get(name_end), bytes.get(name_end + 1))
        else {
            return None;
        };
        let value_start = name_end + 2;
        let value_end = value_start + search::value_stop(&bytes[value_start..], quote);
        let after = value_end + 1;
        let separated = bytes
            .get(after)
            .is_some_and(|&byte| byte_class(byte) & WHITESPACE != 0 || matches!(byte, b'>' | b'/'));
        if bytes.get(value_end) != Some(&quote) || !separated {
            return None;
        }
        let name = &self.source[at..name_end];
        if is_duplicate(&out[first..], names, name) {
            return None;
        }
        let raw_value = &self.source[value_start..value_end];
        out.push(Attribute {
            name,
            name_span: Span::new(at, name_end),
            value: Cow::Borrowed(raw_value),
            raw_value,
            value_span: Span::new(value_start, value_end),
            span: Span::new(at, after),
        });
        if let Some(names) = names {
            names.insert(name);
        }
        Some(after)
    }

    /// Checks that the attribute `name`, whose closing quote ends before `at`, is followed by
    /// whitespace or the end of the tag, as XML requires. If not, reports it when `report` is
    /// set and returns where to go on.
    fn unseparated(&mut self, bytes: &[u8], at: usize, name: &str, report: bool) -> Option<usize> {
        let &next = bytes.get(at)?;
        if byte_class(next) & WHITESPACE != 0 || matches!(next, b'>' | b'/' | b'<') {
            return None;
        }
        let found = self.source[at..].chars().next().unwrap_or(' ');
        if report {
            self.problems.push(Problem::new(
                ProblemKind::MalformedAttribute,
                Span::new(at, at + found.len_utf8()),
                format!(
                    "attribute `{name}` must be followed by whitespace, `>` or `/>`, not `{found}`"
                ),
            ));
        }
        // A name may follow right away, as in `a="1"b="2"`. Anything else is skipped.
        if starts_with_name_start_char(&self.source[at..]) {
            Some(at)
        } else {
            Some(skip_token(bytes, at, &mut self.misses))
        }
    }

    /// Reads the attribute whose name is at `name_span`: `=`, optional whitespace around it,
    /// and the value, which ends before `limit`. Adds the attribute to `out` unless it is a
    /// `duplicate`, and returns the offset after it and how its value ended. Without a value,
    /// reports it and returns the offset to go on from.
    fn attribute(
        &mut self,
        name_span: Span,
        limit: usize,
        owner: Owner<'_>,
        in_step: bool,
        duplicate: bool,
        out: &mut Vec<Attribute<'a>>,
    ) -> Result<(usize, Quoting), usize> {
        let source = self.source;
        let bytes = &source.as_bytes()[..limit];
        let Span { start: name_start, end: name_end } = name_span;
        let name = &source[name_start..name_end];

        let equals = skip_whitespace(bytes, name_end);
        if bytes.get(equals) != Some(&b'=') {
            if in_step {
                self.problems.push(Problem::new(
                    ProblemKind::MalformedAttribute,
                    name_span,
                    format!("attribute `{name}` on {owner} has no value: write `{name}=\"…\"`"),
                ));
            }
            return Err(name_end);
        }
        let value_start = skip_whitespace(bytes, equals + 1);
        let first = bytes.get(value_start).copied();
        let no_value = match first {
            None | Some(b'>' | b'<') => true,
            Some(b'/') => bytes.get(value_start + 1) == Some(&b'>'),
            Some(_) => false,
        };
        if no_value {
            if in_step {
                self.problems.push(Problem::new(
                    ProblemKind::MalformedAttribute,
                    Span::new(name_start, equals + 1),
                    format!("attribute `{name}` on {owner} has no value after `=`"),
                ));
            }
            return Err(value_start);
        }

        let value = if let Some(quote @ (b'"' | b'\'')) = first {
            quoted_value(bytes, value_start, quote, &mut self.misses)
        } else {
            unquoted_value(bytes, value_start)
        };
        let Value { quoting, start: raw_start, end: raw_end, after: end, needs_decoding } = value;

        let raw_value = &source[raw_start..raw_end];
        let value_span = Span::new(raw_start, raw_end);
        match quoting {
            Quoting::Closed => {}
            Quoting::Unclosed if !in_step => {}
            Quoting::Unclosed => {
                let quote = char::from(bytes[value_start]);
                self.problems.push(Problem::new(
                    ProblemKind::MalformedAttribute,
                    Span::new(value_start, value_start + 1),
                    format!("the value of attribute `{name}` has no closing `{quote}`"),
                ));
            }
            Quoting::Unquoted => self.problems.push(Problem::new(
                ProblemKind::UnquotedAttribute,
                value_span,
                format!("the value `{raw_value}` of attribute `{name}` must be in quotes"),
            )),
        }
        let value = if needs_decoding {
            self.attribute_value(raw_value, value_span.start)
        } else {
            Cow::Borrowed(raw_value)
        };
        if !duplicate {
            let span = Span::new(name_start, end);
            out.push(Attribute { name, name_span, value, raw_value, value_span, span });
        }
        Ok((end, quoting))
    }

    /// Skips the stray token at `at`, where an attribute name should be, reports it when
    /// `report` is set, and returns the offset after it.
    fn skip_stray(&mut self, bytes: &[u8], at: usize, report: bool) -> usize {
        let end = skip_token(bytes, at, &mut self.misses);
        if report {
            let token = &self.source[at..end];
            self.problems.push(Problem::new(
                ProblemKind::MalformedAttribute,
                Span::new(at, end),
                format!("expected an attribute name, found `{token}`"),
            ));
        }
        end
    }

    /// Decodes the references in an attribute value and normalizes its whitespace as XML
    /// requires: each tab, line feed, carriage return and CR LF pair becomes one space. A
    /// value that needs neither is borrowed.
    fn attribute_value(&mut self, raw: &'a str, offset: usize) -> Cow<'a, str> {
        let bytes = raw.as_bytes();
        let mut value: Option<String> = None;
        let mut copied = 0;
        let mut at = 0;
        // A character reference is encoded here rather than into a temporary `String`.
        let mut buffer = [0; 4];
        while let Some(found) =
            bytes[at..].iter().position(|&byte| matches!(byte, b'&' | b'<' | b'\t' | b'\n' | b'\r'))
        {
            at += found;
            let (replacement, len): (&str, usize) = match bytes[at] {
                b'&' => {
                    let (reference, len) = read_reference(&raw[at..]);
                    let span = Span::new(offset + at, offset + at + len);
                    match self.reference_text(reference, &raw[at..at + len], span) {
                        Some(Replacement::Text(text)) => (text, len),
                        Some(Replacement::Character(character)) => {
                            (&*character.encode_utf8(&mut buffer), len)
                        }
                        None => {
                            at += len;
                            continue;
                        }
                    }
                }
                b'<' => {
                    self.problems.push(Problem::new(
                        ProblemKind::LessThanInAttribute,
                        Span::new(offset + at, offset + at + 1),
                        "`<` must be written `&lt;` in an attribute value",
                    ));
                    at += 1;
                    continue;
                }
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => (" ", 2),
                _ => (" ", 1),
            };
            let value = value.get_or_insert_with(|| String::with_capacity(raw.len()));
            value.push_str(&raw[copied..at]);
            value.push_str(replacement);
            at += len;
            copied = at;
        }
        match value {
            Some(mut value) => {
                value.push_str(&raw[copied..]);
                Cow::Owned(value)
            }
            None => Cow::Borrowed(raw),
        }
    }
}

/// Returns how the tag ends at `at`, where an attribute could start, or `None` when it does
/// not end there.
fn tag_end_at(bytes: &[u8], at: usize) -> Option<TagEnd> {
    let Some(&byte) = bytes.get(at) else {
        return Some(TagEnd::EndOfInput);
    };
    match byte {
        b'>' => Some(TagEnd::Close { end: at + 1, self_closing: false }),
        b'/' => {
            let after = skip_whitespace(bytes, at + 1);
            match bytes.get(after) {
                Some(b'>') if after == at + 1 => {
                    Some(TagEnd::Close { end: at + 2, self_closing: true })
                }
                // A `/` whose `>` is missing: the tag ends there all the same.
                Some(b'<') => Some(TagEnd::MissingGreaterThan { less_than: after }),
                None => Some(TagEnd::EndOfInput),
                Some(_) => None,
            }
        }
        b'<' => Some(TagEnd::MissingGreaterThan { less_than: at }),
        _ => None,
    }
}

/// Reads the value without quotes at `start`: up to whitespace, `>`, `/>` or `<`.
fn unquoted_value(bytes: &[u8], start: usize) -> Value {
    let mut end = start;
    while end < bytes.len()
        && byte_class(bytes[end]) & WHITESPACE == 0
        && !matches!(bytes[end], b'>' | b'<')
    {
        end += 1;
    }
    // `name=value/>` ends an empty element, and the `/` is not part of the value.
    if bytes[start..end].ends_with(b"/") && bytes.get(end) == Some(&b'>') {
        end -= 1;
    }
    let needs_decoding = needs_decoding(&bytes[start..end]);
    Value { quoting: Quoting::Unquoted, start, end, after: end, needs_decoding }
}

/// Reads the value that starts with `quote` at `start`.
fn quoted_value(bytes: &[u8], start: usize, quote: u8, misses: &mut Misses) -> Value {
    let text_start = start + 1;
    let stop = text_start + search::value_stop(&bytes[text_start..], quote);
    if bytes.get(stop) == Some(&quote) {
        return Value {
            quoting: Quoting::Closed,
            start: text_start,
            end: stop,
            after: stop + 1,
            needs_decoding: false,
        };
    }

    let close = misses.find(Needle::quote(quote), stop, bytes.len(), || {
        memchr::memchr(quote, &bytes[stop..]).map(|len| stop + len)
    });
    let text = &bytes[text_start..close.unwrap_or(bytes.len())];
    // A `>` and then a `<` inside the value, or a `>` in a value that never closes: the
    // closing quote is missing, and the tag ends at that `>`.
    let less_than = match close {
        Some(_) => memchr::memchr(b'<', text),
        None => Some(text.len()),
    };
    if let Some(less_than) = less_than
        && let Some(greater_than) = memchr::memchr(b'>', &text[..less_than])
    {
        let end = text_start + greater_than;
        return Value {
            quoting: Quoting::Unclosed,
            start: text_start,
            end,
            after: end,
            needs_decoding: true,
        };
    }
    match close {
        Some(close) => Value {
            quoting: Quoting::Closed,
            start: text_start,
            end: close,
            after: close + 1,
            needs_decoding: true,
        },
        None => Value {
            quoting: Quoting::Unclosed,
            start: text_start,
            end: bytes.len(),
            after: bytes.len(),
            needs_decoding: true,
        },
    }
}

/// Returns whether `name` is already among the attributes in `out`. Once there are too many
/// to search, `names` contains their names as a set, and the caller adds each new name.
fn is_duplicate<'a>(
    out: &[Attribute<'a>],
    names: &mut Option<HashSet<&'a str>>,
    name: &str,
) -> bool {
    if names.is_none() && out.len() < LINEAR_DUPLICATE_SEARCH_MAX {
        // Comparing lengths and first bytes first skips most calls to `memcmp`.
        let first = name.as_bytes().first();
        return out.iter().any(|earlier| {
            earlier.name.len() == name.len()
                && earlier.name.as_bytes().first() == first
                && earlier.name == name
        });
    }
    names.get_or_insert_with(|| out.iter().map(|earlier| earlier.name).collect()).contains(name)
}

/// Returns the offset after the token at `bytes[at..]`: a quoted string, or a run up to
/// whitespace, `>` or `<`. The offset is at least one byte past `at`, and on a character
/// boundary. A quoted string that has lost its closing quote ends at the `>` where the tag
/// most likely ends.
fn skip_token(bytes: &[u8], at: usize, misses: &mut Misses) -> usize {
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => quoted_value(bytes, at, quote, misses).after.max(at + 1),
        Some(_) => {
            let mut end = at + 1;
            while end < bytes.len()
                && byte_class(bytes[end]) & WHITESPACE == 0
                && !matches!(bytes[end], b'>' | b'<')
            {
                end += 1;
            }
            end
        }
        None => at,
    }
}
