//! TwiML Bin templates: Mustache tags over the raw text of a bin, checked and rendered.
//!
//! A TwiML Bin is rendered as text before it is parsed as XML, so a section may span elements
//! (`{{#Dest}}<Number>{{.}}</Number>{{/Dest}}`) and a tag may sit inside an attribute value
//! (`callerId="{{#e164}}{{From}}{{/e164}}"`). This module therefore works on `&str` and does not
//! parse XML. It gives the linter three things:
//!
//! - the tags with their spans ([`tokenize`], [`Template::tags`]), and a way to ask whether a
//!   piece of the source is templated ([`contains_template`], [`Template::is_templated`]), so
//!   that a phone number or URL written as `{{To}}` is not checked as a literal;
//! - the structure problems ([`check`], [`Template::problems`]);
//! - rendering against request parameters ([`render`], [`Context`]), as Twilio's bin handler
//!   does, for the local bin server and for linting what a bin becomes.
//!
//! The syntax is Mustache: `{{Name}}` or `{{ Name }}`, `{{#Name}}…{{/Name}}`,
//! `{{^Name}}…{{/Name}}`, `{{.}}`, `{{{Name}}}` and `{{&Name}}`, `{{! comment }}`, and the
//! built-in `{{#e164}}…{{/e164}}` helper. Names are looked up as written, dots included,
//! because request parameters such as `MessagingBinding.Address` contain dots.
//!
//! ```
//! use twiml::template::{self, Context};
//!
//! let bin = "<Response><Dial callerId=\"{{#e164}}{{From}}{{/e164}}\">\
//!            {{#Dest}}<Number>{{.}}</Number>{{/Dest}}</Dial></Response>";
//! let context: Context = [
//!     ("From", "sip:+15125551212@example.sip.us1.twilio.com"),
//!     ("Dest[]", "+12025550100"),
//!     ("Dest[]", "+17035550100"),
//! ]
//! .into_iter()
//! .collect();
//!
//! assert!(template::check(bin).is_empty());
//! assert_eq!(
//!     template::render(bin, &context)?,
//!     "<Response><Dial callerId=\"+15125551212\">\
//!      <Number>+12025550100</Number><Number>+17035550100</Number></Dial></Response>"
//! );
//! # Ok::<(), template::RenderError>(())
//! ```
//!
//! NOTE: whether Twilio XML-escapes substituted values is not documented. Standard Mustache
//! HTML-escapes `{{Name}}`, and this module escapes `&`, `<`, `>`, `"` and `'` so that a
//! caller's `Tom & Jerry <3` cannot break the document. Mustache's removal of lines that
//! contain only a section tag is not implemented, so whitespace around tags is kept as written.

mod check;
mod e164;
mod render;
mod token;

pub use check::{E164_HELPER, MAX_SECTION_DEPTH, Problem, ProblemKind, Section};
pub use e164::extract_e164;
pub use render::{Context, MAX_RENDER_STEPS, MAX_RENDERED_LEN, RenderError, escape_xml};
pub use token::{RawSyntax, Token, TokenKind, tokenize};

use crate::span::Span;

/// A template read once: its tokens, its problems and its paired sections.
#[derive(Debug, Clone)]
pub struct Template<'a> {
    source: &'a str,
    tokens: Vec<Token<'a>>,
    problems: Vec<Problem>,
    sections: Vec<Section<'a>>,
}

impl<'a> Template<'a> {
    /// Tokenizes and checks `source`.
    pub fn parse(source: &'a str) -> Template<'a> {
        let (tokens, lexical) = token::tokenize_with_errors(source);
        let (problems, sections) = check::check_tokens(source, &tokens, &lexical);
        Template { source, tokens, problems, sections }
    }

    /// The source the spans point into.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Every token in source order, text included.
    pub fn tokens(&self) -> &[Token<'a>] {
        &self.tokens
    }

    /// The tags in source order, without the text between them.
    pub fn tags(&self) -> impl Iterator<Item = &Token<'a>> {
        self.tokens.iter().filter(|token| token.is_tag())
    }

    /// The tags that overlap `span`.
    pub fn tags_in(&self, span: Span) -> impl Iterator<Item = &Token<'a>> {
        self.tags().filter(move |tag| tag.span.start < span.end && span.start < tag.span.end)
    }

    /// Whether any tag overlaps `span`, such as the raw span of an attribute value: then the
    /// value Twilio uses depends on the request and must not be checked as a literal.
    pub fn is_templated(&self, span: Span) -> bool {
        self.tags_in(span).next().is_some()
    }

    /// The problems in source order, errors and warnings together.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Whether any problem keeps the template from rendering.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|problem| problem.kind.is_error())
    }

    /// The sections in order of their open tags.
    pub fn sections(&self) -> &[Section<'a>] {
        &self.sections
    }

    /// The sections whose body contains all of `span`, outermost first. Markup inside them
    /// renders only for some requests, or several times.
    pub fn enclosing_sections(&self, span: Span) -> impl Iterator<Item = &Section<'a>> {
        let source_len = self.source.len();
        self.sections.iter().filter(move |section| {
            let body = section.body(source_len);
            body.start <= span.start && span.end <= body.end
        })
    }

    /// Renders the template with `context`.
    ///
    /// - `{{Name}}` inserts the first value of `Name`, XML-escaped, and `{{{Name}}}` or
    ///   `{{&Name}}` inserts it as it is. A missing name inserts nothing.
    /// - `{{#Name}}…{{/Name}}` renders once per value when `Name` is a list, with `{{.}}` the
    ///   value, and once when `Name` has a single value that is neither empty nor `false`.
    /// - `{{^Name}}…{{/Name}}` renders exactly when `{{#Name}}` would not: when `Name` is
    ///   missing, empty or `false`.
    /// - `{{#e164}}…{{/e164}}` renders its inside and replaces it by the E.164 number
    ///   [`extract_e164`] finds there, or by nothing when there is none.
    ///
    /// Fails when the template has an error-level problem, or when the output or the work
    /// would exceed [`MAX_RENDERED_LEN`] or [`MAX_RENDER_STEPS`].
    pub fn render(&self, context: &Context) -> Result<String, RenderError> {
        if let Some(problem) = self.problems.iter().find(|problem| problem.kind.is_error()) {
            return Err(RenderError::Invalid { problem: problem.clone() });
        }
        render::render_tokens(&self.tokens, context)
    }
}

/// Checks the structure of `source` and returns its problems in source order.
pub fn check(source: &str) -> Vec<Problem> {
    Template::parse(source).problems
}

/// Renders `source` with `context`, by the rules of [`Template::render`].
pub fn render(source: &str, context: &Context) -> Result<String, RenderError> {
    Template::parse(source).render(context)
}

/// Whether `text` contains a template tag, even a malformed one: any `{{`. Use it on an
/// attribute value or a text node, raw or decoded, before checking it as a literal.
#[inline]
pub fn contains_template(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most values are short, and below this length a plain loop costs less than setting up a
    // vector search. Longer ones rarely hold a `{`, so looking for single braces beats setting
    // up a substring search.
    if bytes.len() < 32 {
        return bytes.windows(2).any(|pair| pair[0] == b'{' && pair[1] == b'{');
    }
    memchr::memchr_iter(b'{', bytes).any(|at| bytes.get(at + 1) == Some(&b'{'))
}

/// The tags of `source` with their spans, without the text between them.
pub fn tags(source: &str) -> Vec<Token<'_>> {
    let mut tokens = tokenize(source);
    tokens.retain(Token::is_tag);
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_template_finds_any_tag() {
        assert!(contains_template("{{To}}"));
        assert!(contains_template("https://example.com/{{#x}}"));
        assert!(contains_template("{{ unclosed"));
        assert!(!contains_template("+15125551212"));
        assert!(!contains_template("{single}"));
    }

    #[test]
    fn tags_skip_text() {
        let source = "<Dial>{{To}}</Dial>";
        let found = tags(source);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, Span::new(6, 12));
    }

    #[test]
    fn is_templated_checks_overlap() {
        let source = r#"<Dial callerId="{{From}}">+15125551212</Dial>"#;
        let template = Template::parse(source);
        let attribute = Span::new(16, 24);
        let text = Span::new(26, 38);
        assert_eq!(attribute.text(source), Some("{{From}}"));
        assert_eq!(text.text(source), Some("+15125551212"));
        assert!(template.is_templated(attribute));
        assert!(!template.is_templated(text));
        assert!(!template.is_templated(Span::empty(16)));
    }

    #[test]
    fn enclosing_sections_outermost_first() {
        let source = "{{#A}}{{^B}}<Say>x</Say>{{/B}}{{/A}}<Hangup/>";
        let template = Template::parse(source);
        let say = Span::new(12, 24);
        assert_eq!(say.text(source), Some("<Say>x</Say>"));
        let names: Vec<_> = template.enclosing_sections(say).map(|section| section.name).collect();
        assert_eq!(names, ["A", "B"]);
        assert!(template.enclosing_sections(Span::new(36, 45)).next().is_none());
        assert!(template.sections()[1].inverted);
    }

    #[test]
    fn enclosing_sections_of_unclosed_reach_the_end() {
        let source = "{{#A}}<Say/>";
        let template = Template::parse(source);
        assert_eq!(template.enclosing_sections(Span::new(6, 12)).count(), 1);
        assert_eq!(template.sections()[0].close, None);
    }

    #[test]
    fn render_refuses_structure_errors() {
        let error = render("<Say>{{#A}}</Say>", &Context::new()).unwrap_err();
        let RenderError::Invalid { problem } = error else {
            panic!("expected an invalid template, got {error:?}");
        };
        assert_eq!(problem.kind, ProblemKind::UnclosedSection);
        assert_eq!(problem.span, Span::new(5, 11));
    }

    #[test]
    fn render_allows_warnings() {
        let context: Context = [("Body", "<b>")].into_iter().collect();
        let template = Template::parse("{{{Body}}}");
        assert!(!template.problems().is_empty());
        assert!(!template.has_errors());
        assert_eq!(template.render(&context).as_deref(), Ok("<b>"));
    }
}
