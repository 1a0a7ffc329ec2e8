//! The tokenizer: splits a template's source into text and Mustache tags, each with its byte
//! span, and notes the lexical mistakes (a `{{` that never closes, a `{{{` closed by `}}`) that
//! the structure check turns into problems.

use serde::Serialize;

use crate::span::Span;

/// One piece of a template: a run of text or one `{{…}}` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token<'a> {
    /// The kind of piece.
    pub kind: TokenKind,
    /// The bytes of the whole piece, braces included.
    pub span: Span,
    /// For text, the text itself. For a tag, the text between the braces without the sigil
    /// and without surrounding whitespace: the name of a variable or section, `.` for the
    /// current value, the body of a comment, the delimiters of a delimiter change. Empty for
    /// an unclosed `{{`.
    pub content: &'a str,
    /// The bytes of `content`. For an unclosed `{{` it is empty, just after the braces.
    pub content_span: Span,
}

impl<'a> Token<'a> {
    /// Whether the token is a `{{…}}` tag, or an unclosed `{{`, rather than text.
    pub fn is_tag(&self) -> bool {
        self.kind != TokenKind::Text
    }

    /// The name the tag refers to: the variable, section or partial name, or `.` for the
    /// current value. `None` for text, comments, delimiter changes and an unclosed `{{`.
    pub fn name(&self) -> Option<&'a str> {
        match self.kind {
            TokenKind::Variable
            | TokenKind::Current
            | TokenKind::Raw(_)
            | TokenKind::SectionOpen
            | TokenKind::InvertedOpen
            | TokenKind::SectionClose
            | TokenKind::Partial => Some(self.content),
            TokenKind::Text
            | TokenKind::Comment
            | TokenKind::SetDelimiter
            | TokenKind::Unclosed => None,
        }
    }
}

/// The kinds of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TokenKind {
    /// Text outside any tag, copied to the output as it is.
    Text,
    /// `{{name}}` or `{{ name }}`: inserts the value, XML-escaped.
    Variable,
    /// `{{.}}`: inserts the current value of the enclosing section, XML-escaped.
    Current,
    /// `{{{name}}}` or `{{&name}}`: inserts the value without escaping it.
    Raw(RawSyntax),
    /// `{{#name}}`: opens a section.
    SectionOpen,
    /// `{{^name}}`: opens an inverted section, rendered when the name has no value.
    InvertedOpen,
    /// `{{/name}}`: closes the innermost section.
    SectionClose,
    /// `{{! text }}`: a comment, rendered as nothing.
    Comment,
    /// `{{> name}}`: a Mustache partial. TwiML Bins have no partials to include.
    Partial,
    /// `{{=<% %>=}}`: a Mustache delimiter change, which this module does not implement.
    SetDelimiter,
    /// A `{{` with no `}}` before the end of the source or before the next `{{`. Its span
    /// covers the two braces only, and the text after it is a separate text token.
    Unclosed,
}

/// The spelling of a raw insertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawSyntax {
    /// `{{{name}}}`.
    TripleBrace,
    /// `{{&name}}`.
    Ampersand,
}

/// A lexical mistake found while tokenizing, kept for the structure check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LexicalError {
    /// A `{{{` tag closed by `}}` instead of `}}}`; the span is the tag up to its `}}`.
    TripleBraceClosedByTwo(Span),
}

/// Splits `source` into tokens, in source order, covering every byte exactly once.
pub fn tokenize(source: &str) -> Vec<Token<'_>> {
    tokenize_with_errors(source).0
}

/// Splits `source` into tokens, and also returns the lexical mistakes found on the way.
pub(crate) fn tokenize_with_errors(source: &str) -> (Vec<Token<'_>>, Vec<LexicalError>) {
    let mut tokens = Vec::new();
    let mut errors = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    // Past the last `}}` no tag can close, so the search for one stops at once there. This
    // keeps a source full of unclosed `{{!` comments linear to tokenize.
    // The search for one byte is vectorized backwards too, unlike a substring search.
    let bytes = source.as_bytes();
    let last_close = memchr::memrchr_iter(b'}', bytes)
        .find(|&at| at > 0 && bytes[at - 1] == b'}')
        .map(|at| at - 1);
    let opener = memchr::memmem::Finder::new(b"{{");

    while let Some(found) = opener.find(&source.as_bytes()[at..]) {
        let open = at + found;
        push_text(source, text_start, open, &mut tokens);
        let (token, error) = read_tag(source, open, last_close);
        errors.extend(error);
        at = token.span.end;
        text_start = at;
        tokens.push(token);
    }
    push_text(source, text_start, source.len(), &mut tokens);
    (tokens, errors)
}

fn push_text<'a>(source: &'a str, start: usize, end: usize, tokens: &mut Vec<Token<'a>>) {
    if start < end {
        let span = Span::new(start, end);
        tokens.push(Token {
            kind: TokenKind::Text,
            span,
            content: &source[start..end],
            content_span: span,
        });
    }
}

/// Reads the tag that starts with the `{{` at `open`.
fn read_tag(
    source: &str,
    open: usize,
    last_close: Option<usize>,
) -> (Token<'_>, Option<LexicalError>) {
    let after_braces = open + 2;
    let unclosed = Token {
        kind: TokenKind::Unclosed,
        span: Span::new(open, after_braces),
        content: "",
        content_span: Span::empty(after_braces),
    };

    // A triple brace reads up to `}}}`, or up to `}}` with a lexical error.
    if source[after_braces..].starts_with('{') {
        let inner_start = after_braces + 1;
        let Some(close) = find_close(source, inner_start, false, last_close) else {
            return (unclosed, None);
        };
        let (content, content_span) = trimmed(source, inner_start, close);
        let kind = TokenKind::Raw(RawSyntax::TripleBrace);
        if source[close + 2..].starts_with('}') {
            let span = Span::new(open, close + 3);
            return (Token { kind, span, content, content_span }, None);
        }
        let span = Span::new(open, close + 2);
        let token = Token { kind, span, content, content_span };
        return (token, Some(LexicalError::TripleBraceClosedByTwo(span)));
    }

    let is_comment = source[after_braces..].trim_start().starts_with('!');
    let Some(close) = find_close(source, after_braces, is_comment, last_close) else {
        return (unclosed, None);
    };
    let span = Span::new(open, close + 2);
    let (inner, inner_span) = trimmed(source, after_braces, close);
    let (kind, sigil_len) = classify(inner);
    let (content, content_span) = trimmed(
        source,
        inner_span.start + sigil_len,
        inner_span.end - closing_sigil_len(kind, inner),
    );
    (Token { kind, span, content, content_span }, None)
}

/// Finds the `}}` that closes a tag whose inside starts at `from`. Outside comments, a `{{`
/// before it means the tag is unclosed, because no name or sigil contains `{{`. The scan stops
/// at whichever comes first, so that each byte is scanned once however many tags are unclosed.
fn find_close(
    source: &str,
    from: usize,
    is_comment: bool,
    last_close: Option<usize>,
) -> Option<usize> {
    if last_close.is_none_or(|last| last < from) {
        return None;
    }
    let bytes = source.as_bytes();
    let mut at = from;
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'}', b'}') => return Some(at),
            (b'{', b'{') if !is_comment => return None,
            _ => at += 1,
        }
    }
    None
}

/// Reads the sigil at the start of a tag's trimmed inside: the kind and the sigil's length.
fn classify(inner: &str) -> (TokenKind, usize) {
    match inner.as_bytes().first() {
        Some(b'#') => (TokenKind::SectionOpen, 1),
        Some(b'^') => (TokenKind::InvertedOpen, 1),
        Some(b'/') => (TokenKind::SectionClose, 1),
        Some(b'!') => (TokenKind::Comment, 1),
        Some(b'&') => (TokenKind::Raw(RawSyntax::Ampersand), 1),
        Some(b'>') => (TokenKind::Partial, 1),
        Some(b'=') => (TokenKind::SetDelimiter, 1),
        _ if inner == "." => (TokenKind::Current, 0),
        _ => (TokenKind::Variable, 0),
    }
}

/// The length of a closing sigil inside the braces: the `=` that ends `{{=<% %>=}}`.
fn closing_sigil_len(kind: TokenKind, inner: &str) -> usize {
    usize::from(kind == TokenKind::SetDelimiter && inner.len() > 1 && inner.ends_with('='))
}

/// The text of `source[start..end]` without surrounding whitespace, and its span.
fn trimmed(source: &str, start: usize, end: usize) -> (&str, Span) {
    let end = end.max(start);
    let raw = &source[start..end];
    let content_start = start + (raw.len() - raw.trim_start().len());
    let content = raw.trim();
    (content, Span::new(content_start, content_start + content.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_contents(source: &str) -> Vec<(TokenKind, &str)> {
        tokenize(source).iter().map(|token| (token.kind, token.content)).collect()
    }

    fn one_tag(source: &str) -> Token<'_> {
        let tokens = tokenize(source);
        assert_eq!(tokens.len(), 1, "expected one token in {source:?}, got {tokens:?}");
        tokens[0]
    }

    #[test]
    fn text_only_is_one_token() {
        let token = one_tag("<Response/>");
        assert_eq!(token.kind, TokenKind::Text);
        assert_eq!(token.span, Span::new(0, 11));
        assert_eq!(token.content, "<Response/>");
    }

    #[test]
    fn empty_source_has_no_tokens() {
        assert!(tokenize("").is_empty());
    }

    #[test]
    fn variable_with_and_without_spaces() {
        let tight = one_tag("{{From}}");
        assert_eq!(tight.kind, TokenKind::Variable);
        assert_eq!(tight.content, "From");
        assert_eq!(tight.span, Span::new(0, 8));
        assert_eq!(tight.content_span, Span::new(2, 6));

        let spaced = one_tag("{{ Body }}");
        assert_eq!(spaced.kind, TokenKind::Variable);
        assert_eq!(spaced.content, "Body");
        assert_eq!(spaced.content_span, Span::new(3, 7));
    }

    #[test]
    fn dotted_name_is_one_variable() {
        let token = one_tag("{{MessagingBinding.Address}}");
        assert_eq!(token.kind, TokenKind::Variable);
        assert_eq!(token.name(), Some("MessagingBinding.Address"));
    }

    #[test]
    fn section_open_inverted_and_close() {
        assert_eq!(
            kinds_and_contents("{{#Dest}}x{{^ Digits }}y{{/Dest}}"),
            vec![
                (TokenKind::SectionOpen, "Dest"),
                (TokenKind::Text, "x"),
                (TokenKind::InvertedOpen, "Digits"),
                (TokenKind::Text, "y"),
                (TokenKind::SectionClose, "Dest"),
            ]
        );
    }

    #[test]
    fn sigil_after_whitespace_counts() {
        let token = one_tag("{{ #Dest }}");
        assert_eq!(token.kind, TokenKind::SectionOpen);
        assert_eq!(token.content, "Dest");
        assert_eq!(token.content_span, Span::new(4, 8));
    }

    #[test]
    fn current_value() {
        let token = one_tag("{{.}}");
        assert_eq!(token.kind, TokenKind::Current);
        assert_eq!(token.name(), Some("."));
        assert_eq!(one_tag("{{ . }}").kind, TokenKind::Current);
    }

    #[test]
    fn triple_brace_and_ampersand_are_raw() {
        let triple = one_tag("{{{Body}}}");
        assert_eq!(triple.kind, TokenKind::Raw(RawSyntax::TripleBrace));
        assert_eq!(triple.content, "Body");
        assert_eq!(triple.span, Span::new(0, 10));
        assert_eq!(triple.content_span, Span::new(3, 7));

        let ampersand = one_tag("{{& Body}}");
        assert_eq!(ampersand.kind, TokenKind::Raw(RawSyntax::Ampersand));
        assert_eq!(ampersand.content, "Body");
        assert_eq!(ampersand.content_span, Span::new(4, 8));
    }

    #[test]
    fn triple_brace_closed_by_two() {
        let (tokens, errors) = tokenize_with_errors("{{{Body}} tail");
        assert_eq!(tokens[0].kind, TokenKind::Raw(RawSyntax::TripleBrace));
        assert_eq!(tokens[0].span, Span::new(0, 9));
        assert_eq!(tokens[1].content, " tail");
        assert_eq!(errors, vec![LexicalError::TripleBraceClosedByTwo(Span::new(0, 9))]);
    }

    #[test]
    fn comment_keeps_its_body() {
        let token = one_tag("{{! ring {{ all }}");
        assert_eq!(token.kind, TokenKind::Comment);
        assert_eq!(token.content, "ring {{ all");
        assert_eq!(token.name(), None);
    }

    #[test]
    fn partial_and_delimiter_change() {
        let partial = one_tag("{{> header}}");
        assert_eq!(partial.kind, TokenKind::Partial);
        assert_eq!(partial.content, "header");

        let delimiters = one_tag("{{=<% %>=}}");
        assert_eq!(delimiters.kind, TokenKind::SetDelimiter);
        assert_eq!(delimiters.content, "<% %>");
    }

    #[test]
    fn unclosed_at_end_covers_the_braces() {
        let tokens = tokenize("<Say>{{From</Say>");
        assert_eq!(tokens.len(), 3);
        assert_eq!(tokens[1].kind, TokenKind::Unclosed);
        assert_eq!(tokens[1].span, Span::new(5, 7));
        assert_eq!(tokens[2].kind, TokenKind::Text);
        assert_eq!(tokens[2].content, "From</Say>");
    }

    #[test]
    fn unclosed_before_next_tag() {
        let tokens = tokenize("{{From {{To}}");
        assert_eq!(tokens[0].kind, TokenKind::Unclosed);
        assert_eq!(tokens[0].span, Span::new(0, 2));
        assert_eq!(tokens[1].content, "From ");
        assert_eq!(tokens[2].kind, TokenKind::Variable);
        assert_eq!(tokens[2].content, "To");
        assert_eq!(tokens[2].span, Span::new(7, 13));
    }

    #[test]
    fn empty_tag_has_empty_content() {
        let token = one_tag("{{}}");
        assert_eq!(token.kind, TokenKind::Variable);
        assert_eq!(token.content, "");
        assert_eq!(token.content_span, Span::empty(2));
        assert_eq!(one_tag("{{  }}").content, "");
        assert_eq!(one_tag("{{#}}").kind, TokenKind::SectionOpen);
    }

    #[test]
    fn tokens_cover_every_byte() {
        let source = "é{{A}}{{#B}}ü{{{C}}}{{/B}}{{ tail";
        let tokens = tokenize(source);
        let mut expected_start = 0;
        for token in &tokens {
            assert_eq!(token.span.start, expected_start, "gap before {token:?}");
            expected_start = token.span.end;
        }
        assert_eq!(expected_start, source.len());
    }

    #[test]
    fn spans_point_at_tags_after_multibyte_text() {
        let source = "¡Hola {{Name}}!";
        let tokens = tokenize(source);
        assert_eq!(tokens[1].span.text(source), Some("{{Name}}"));
        assert_eq!(tokens[1].content_span.text(source), Some("Name"));
    }

    #[test]
    fn many_unclosed_tags_tokenize_in_linear_time() {
        // A quadratic scan would take minutes here.
        for source in ["{{".repeat(200_000), "{{!".repeat(200_000) + "}}", "{{ a".repeat(100_000)] {
            let tokens = tokenize(&source);
            let covered: usize = tokens.iter().map(|token| token.span.len()).sum();
            assert_eq!(covered, source.len());
        }
    }

    #[test]
    fn single_braces_are_text() {
        assert_eq!(kinds_and_contents("{a} {b}}"), vec![(TokenKind::Text, "{a} {b}}")]);
    }
}
