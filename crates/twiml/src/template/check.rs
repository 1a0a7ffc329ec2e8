//! The structure check: pairs section tags and finds the mistakes a TwiML Bin author would want
//! flagged, each as a [`Problem`] with the span of the tag at fault.

use serde::Serialize;

use super::token::{LexicalError, RawSyntax, Token, TokenKind};
use crate::span::Span;

/// The maximum nesting of sections the check accepts. Real bins nest two or three deep, and the
/// limit keeps rendering and its recursion bounded on hostile input.
pub const MAX_SECTION_DEPTH: usize = 64;

/// The name of the built-in helper that extracts an E.164 number from its rendered inside.
pub const E164_HELPER: &str = "e164";

/// One problem in a template, with the span of the tag that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The kind of problem.
    pub kind: ProblemKind,
    /// The bytes that caused it, usually one tag.
    pub span: Span,
    /// A second place that explains the first: for a mismatched close, the open tag it does
    /// not match.
    pub related: Option<Span>,
    /// A lowercase sentence that names the tag, such as
    /// "`{{/Dest}}` does not match the innermost open section `{{#Numbers}}`".
    pub message: String,
}

/// The kinds of template problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// A `{{` with no `}}` before the end of the source or the next `{{`.
    UnclosedTag,
    /// A tag with nothing inside, such as `{{}}` or `{{#}}`.
    EmptyTag,
    /// A `{{{name}}` closed by two braces instead of three.
    MalformedRawTag,
    /// A section opened with `{{#name}}` or `{{^name}}` and never closed.
    UnclosedSection,
    /// A `{{/name}}` with no open section.
    UnexpectedClose,
    /// A `{{/name}}` whose name differs from the innermost open section.
    MismatchedClose,
    /// Sections nested deeper than [`MAX_SECTION_DEPTH`].
    NestingTooDeep,
    /// A name containing `{` or `}`, which no request parameter has.
    InvalidName,
    /// A Mustache partial (`{{> name}}`) or delimiter change (`{{=<% %>=}}`), which no
    /// TwiML Bin source documents and which this module does not render.
    UnsupportedTag,
    /// `{{{name}}}` or `{{&name}}`: the value is inserted without XML escaping, so a caller
    /// can inject markup.
    RawInsertion,
    /// A name with spaces, or `else`, as Handlebars block helpers are written
    /// (`{{#if From}}`, `{{else}}`). Mustache reads them as plain names with no value.
    HandlebarsSyntax,
    /// `{{.}}` outside any section, where there is no current value.
    CurrentOutsideSection,
    /// The `e164` helper used as anything but a section, such as `{{e164}}` or `{{^e164}}`.
    HelperMisuse,
    /// `}}` in text right after a name, as in `{From}}`: probably a tag missing a `{`.
    StrayClosingBraces,
}

impl ProblemKind {
    /// Whether the problem keeps the template from rendering. The other kinds render, but
    /// probably not as the author meant.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            ProblemKind::UnclosedTag
                | ProblemKind::EmptyTag
                | ProblemKind::MalformedRawTag
                | ProblemKind::UnclosedSection
                | ProblemKind::UnexpectedClose
                | ProblemKind::MismatchedClose
                | ProblemKind::NestingTooDeep
                | ProblemKind::InvalidName
                | ProblemKind::UnsupportedTag
        )
    }

    /// What the author can do about the problem, as one sentence.
    pub fn help(self) -> &'static str {
        match self {
            ProblemKind::UnclosedTag => "close the tag with `}}`",
            ProblemKind::EmptyTag => "put a parameter name between the braces, or remove the tag",
            ProblemKind::MalformedRawTag => "close a triple-brace tag with `}}}`",
            ProblemKind::UnclosedSection => "add the matching `{{/name}}` where the section ends",
            ProblemKind::UnexpectedClose => "remove the close tag, or add the `{{#name}}` it ends",
            ProblemKind::MismatchedClose => {
                "close the innermost section first, and check both names for typos"
            }
            ProblemKind::NestingTooDeep => "nest sections less deeply",
            ProblemKind::InvalidName => "remove the braces from the name",
            ProblemKind::UnsupportedTag => {
                "write the content out in the bin, and keep the `{{` `}}` delimiters"
            }
            ProblemKind::RawInsertion => {
                "use `{{name}}`, which escapes `&`, `<`, `>` and quotes in the value"
            }
            ProblemKind::HandlebarsSyntax => {
                "use a Mustache section such as `{{#From}}…{{/From}}` or `{{^From}}…{{/From}}`"
            }
            ProblemKind::CurrentOutsideSection => {
                "use `{{.}}` inside a section such as `{{#Dest}}…{{/Dest}}`, or name the parameter"
            }
            ProblemKind::HelperMisuse => "write the helper as `{{#e164}}{{From}}{{/e164}}`",
            ProblemKind::StrayClosingBraces => "open the tag with `{{`",
        }
    }
}

/// A section as the check paired it: its open tag and, when there is one, its close tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Section<'a> {
    /// The section's name as written in the open tag.
    pub name: &'a str,
    /// Whether it opened with `{{^name}}`.
    pub inverted: bool,
    /// The span of the open tag.
    pub open: Span,
    /// The span of the close tag, or `None` when the section is never closed.
    pub close: Option<Span>,
}

impl Section<'_> {
    /// The bytes between the open and close tags, or up to the end of the source when the
    /// section is never closed.
    pub fn body(&self, source_len: usize) -> Span {
        let end = self.close.map_or(source_len, |close| close.start);
        Span::new(self.open.end, end.max(self.open.end))
    }
}

/// Runs every check over `tokens` and returns the problems, in source order, with the sections
/// it paired.
pub(crate) fn check_tokens<'a>(
    source: &'a str,
    tokens: &[Token<'a>],
    lexical: &[LexicalError],
) -> (Vec<Problem>, Vec<Section<'a>>) {
    let mut checker = Checker::default();
    for error in lexical {
        match *error {
            LexicalError::TripleBraceClosedByTwo(span) => checker.push(
                ProblemKind::MalformedRawTag,
                span,
                format!("`{}` is closed by `}}}}` instead of `}}}}}}`", text(source, span)),
            ),
        }
    }
    for token in tokens {
        checker.token(source, token);
    }
    checker.finish(source);

    checker.problems.sort_by_key(|problem| (problem.span.start, problem.span.end));
    checker.sections.sort_by_key(|section| section.open.start);
    (checker.problems, checker.sections)
}

#[derive(Default)]
struct Checker<'a> {
    problems: Vec<Problem>,
    sections: Vec<Section<'a>>,
    /// Open sections, innermost last.
    open: Vec<Section<'a>>,
    reported_depth: bool,
}

impl<'a> Checker<'a> {
    fn push(&mut self, kind: ProblemKind, span: Span, message: String) {
        self.problems.push(Problem { kind, span, related: None, message });
    }

    fn token(&mut self, source: &'a str, token: &Token<'a>) {
        let tag = text(source, token.span);
        match token.kind {
            TokenKind::Text => self.text(source, token),
            TokenKind::Unclosed => {
                let message = "`{{` is not closed by `}}`".to_owned();
                self.push(ProblemKind::UnclosedTag, token.span, message);
            }
            TokenKind::Comment => {}
            TokenKind::Partial => {
                let message = format!("partial `{tag}` is not supported in a TwiML Bin");
                self.push(ProblemKind::UnsupportedTag, token.span, message);
            }
            TokenKind::SetDelimiter => {
                let message = format!("delimiter change `{tag}` is not supported in a TwiML Bin");
                self.push(ProblemKind::UnsupportedTag, token.span, message);
            }
            TokenKind::Variable | TokenKind::Current | TokenKind::Raw(_) => {
                if self.name(token, tag) {
                    self.insertion(token, tag);
                }
            }
            TokenKind::SectionOpen | TokenKind::InvertedOpen => {
                // An open tag with a bad name still opens a section, so its close pairs up.
                self.name(token, tag);
                self.open_section(token, tag);
            }
            TokenKind::SectionClose => {
                if self.name(token, tag) {
                    self.close_section(source, token, tag);
                }
            }
        }
    }

    /// Checks the name of a tag, and returns whether the name is usable.
    fn name(&mut self, token: &Token<'a>, tag: &str) -> bool {
        let name = token.content;
        if name.is_empty() {
            self.push(ProblemKind::EmptyTag, token.span, format!("`{tag}` names no parameter"));
            return false;
        }
        if name.contains(['{', '}']) {
            let message = format!("name `{name}` in `{tag}` contains a brace");
            self.push(ProblemKind::InvalidName, token.span, message);
            return false;
        }
        if name.contains(char::is_whitespace) || name == "else" {
            let message = format!(
                "`{tag}` is Handlebars syntax, and Mustache reads `{name}` as one parameter name"
            );
            self.push(ProblemKind::HandlebarsSyntax, token.span, message);
        }
        true
    }

    fn insertion(&mut self, token: &Token<'a>, tag: &str) {
        let name = token.content;
        if let TokenKind::Raw(syntax) = token.kind {
            let spelling = match syntax {
                RawSyntax::TripleBrace => "triple braces",
                RawSyntax::Ampersand => "`&`",
            };
            let message = format!("`{tag}` inserts `{name}` without escaping it ({spelling})");
            self.push(ProblemKind::RawInsertion, token.span, message);
        }
        if name == "." && self.open.is_empty() {
            let message = format!("`{tag}` is outside any section, so it has no current value");
            self.push(ProblemKind::CurrentOutsideSection, token.span, message);
        }
        if name == E164_HELPER {
            let message = format!("`{tag}` inserts a parameter named `e164`, not the helper");
            self.push(ProblemKind::HelperMisuse, token.span, message);
        }
    }

    fn open_section(&mut self, token: &Token<'a>, tag: &str) {
        let inverted = token.kind == TokenKind::InvertedOpen;
        if inverted && token.content == E164_HELPER {
            let message = format!("`{tag}` inverts the e164 helper, so its inside never renders");
            self.push(ProblemKind::HelperMisuse, token.span, message);
        }
        if self.open.len() == MAX_SECTION_DEPTH && !self.reported_depth {
            self.reported_depth = true;
            let message = format!("`{tag}` nests sections deeper than {MAX_SECTION_DEPTH}");
            self.push(ProblemKind::NestingTooDeep, token.span, message);
        }
        let section = Section { name: token.content, inverted, open: token.span, close: None };
        self.open.push(section);
    }

    fn close_section(&mut self, source: &str, token: &Token<'a>, tag: &str) {
        let name = token.content;
        let Some(innermost) = self.open.last() else {
            let message = format!("`{tag}` closes a section that is not open");
            self.push(ProblemKind::UnexpectedClose, token.span, message);
            return;
        };
        if section_key(innermost.name) == section_key(name) {
            self.pop_closed(token.span);
            return;
        }

        let open_tag = text(source, innermost.open);
        let message = format!("`{tag}` does not match the innermost open section `{open_tag}`");
        let related = Some(innermost.open);
        self.problems.push(Problem {
            kind: ProblemKind::MismatchedClose,
            span: token.span,
            related,
            message,
        });

        // Recover from the mismatch. When an outer section has this name, the sections inside
        // it were left open. Otherwise the close is taken as a misspelled close of the
        // innermost section.
        let matching =
            self.open.iter().rposition(|open| section_key(open.name) == section_key(name));
        let Some(matching) = matching else {
            self.pop_closed(token.span);
            return;
        };
        // The innermost section is already reported as mismatched, so only the others in
        // between are reported as unclosed.
        let mut is_innermost = true;
        while self.open.len() > matching + 1 {
            let Some(left_open) = self.open.pop() else { break };
            if !is_innermost {
                self.unclosed(source, left_open);
            }
            is_innermost = false;
            self.sections.push(left_open);
        }
        self.pop_closed(token.span);
    }

    fn pop_closed(&mut self, close: Span) {
        if let Some(mut section) = self.open.pop() {
            section.close = Some(close);
            self.sections.push(section);
        }
    }

    fn unclosed(&mut self, source: &str, section: Section<'a>) {
        let open_tag = text(source, section.open);
        let message =
            format!("section `{open_tag}` is never closed by `{{{{/{}}}}}`", section.name);
        self.push(ProblemKind::UnclosedSection, section.open, message);
    }

    /// Flags `}}` right after a name in text, such as `{From}}` or ` From}}`. JSON such as
    /// `{"a":{"b":1}}` is left alone because the `}}` follows a value, not a bare name.
    fn text(&mut self, source: &str, token: &Token<'a>) {
        let bytes = token.content.as_bytes();
        let mut from = 0;
        // Text rarely holds a `}`, and a search for one byte needs no set-up per call.
        while let Some(found) = memchr::memchr(b'}', &bytes[from..]) {
            let close = from + found;
            if bytes.get(close + 1) != Some(&b'}') {
                from = close + 1;
                continue;
            }
            from = close + 2;
            let name_start = bytes[..close]
                .iter()
                .rposition(|&byte| !is_name_byte(byte))
                .map_or(0, |before| before + 1);
            if name_start == close {
                continue;
            }
            let preceded_by = name_start.checked_sub(1).map(|before| bytes[before]);
            let looks_like_tag = matches!(
                preceded_by,
                None | Some(b'{' | b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'"' | b'\'')
            );
            if !looks_like_tag {
                continue;
            }
            let start = token.span.start
                + preceded_by.filter(|&byte| byte == b'{').map_or(name_start, |_| name_start - 1);
            let span = Span::new(start, token.span.start + close + 2);
            let message = format!("`{}` ends like a tag but has no `{{{{`", text(source, span));
            self.push(ProblemKind::StrayClosingBraces, span, message);
        }
    }

    fn finish(&mut self, source: &str) {
        while let Some(section) = self.open.pop() {
            self.unclosed(source, section);
            self.sections.push(section);
        }
    }
}

/// The part of a section name that its close tag must repeat: the whole name, or its first
/// word for a Handlebars-style `{{#if From}}` closed by `{{/if}}`.
fn section_key(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-' | b'[' | b']')
}

fn text(source: &str, span: Span) -> &str {
    span.text(source).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::check as check_source;
    use super::*;

    /// The problems of `source` as (kind, text of the span) pairs.
    fn problems(source: &str) -> Vec<(ProblemKind, &str)> {
        check_source(source)
            .iter()
            .map(|problem| (problem.kind, text(source, problem.span)))
            .collect()
    }

    fn only_problem(source: &str) -> Problem {
        let mut found = check_source(source);
        assert_eq!(found.len(), 1, "expected one problem in {source:?}, got {found:#?}");
        found.remove(0)
    }

    #[test]
    fn clean_template_has_no_problems() {
        let source = "<Response>{{! ring all }}<Dial callerId=\"{{#e164}}{{From}}{{/e164}}\">\
                      {{#Dest}}<Number>{{.}}</Number>{{/Dest}}{{^Dest}}{{ To }}{{/Dest}}\
                      </Dial></Response>";
        assert_eq!(problems(source), []);
    }

    #[test]
    fn unclosed_tag_at_end() {
        let problem = only_problem("<Say>Hi {{From</Say>");
        assert_eq!(problem.kind, ProblemKind::UnclosedTag);
        assert_eq!(problem.span, Span::new(8, 10));
        assert_eq!(problem.message, "`{{` is not closed by `}}`");
        assert!(problem.kind.is_error());
    }

    #[test]
    fn unclosed_tag_before_next_tag() {
        assert_eq!(problems("{{From {{To}}"), [(ProblemKind::UnclosedTag, "{{")]);
    }

    #[test]
    fn empty_tags() {
        let problem = only_problem("a{{}}b");
        assert_eq!(problem.kind, ProblemKind::EmptyTag);
        assert_eq!(problem.span, Span::new(1, 5));
        assert_eq!(problem.message, "`{{}}` names no parameter");
        assert_eq!(problems("{{ }}"), [(ProblemKind::EmptyTag, "{{ }}")]);
        assert_eq!(problems("{{{}}}"), [(ProblemKind::EmptyTag, "{{{}}}")]);
        assert_eq!(problems("{{/}}"), [(ProblemKind::EmptyTag, "{{/}}")]);
    }

    #[test]
    fn empty_section_open_is_also_unclosed() {
        assert_eq!(
            problems("{{#}}x"),
            [(ProblemKind::EmptyTag, "{{#}}"), (ProblemKind::UnclosedSection, "{{#}}")]
        );
    }

    #[test]
    fn unclosed_section() {
        let problem = only_problem("<Dial>{{#Dest}}<Number>{{.}}</Number></Dial>");
        assert_eq!(problem.kind, ProblemKind::UnclosedSection);
        assert_eq!(problem.span, Span::new(6, 15));
        assert_eq!(problem.message, "section `{{#Dest}}` is never closed by `{{/Dest}}`");
    }

    #[test]
    fn unclosed_inverted_section() {
        assert_eq!(
            problems("{{^Digits}}<Gather/>"),
            [(ProblemKind::UnclosedSection, "{{^Digits}}")]
        );
    }

    #[test]
    fn close_without_open() {
        let problem = only_problem("<Say/>{{/Dest}}");
        assert_eq!(problem.kind, ProblemKind::UnexpectedClose);
        assert_eq!(problem.span, Span::new(6, 15));
        assert_eq!(problem.message, "`{{/Dest}}` closes a section that is not open");
    }

    #[test]
    fn mismatched_close_names_both() {
        let source = "{{#Numbers}}{{.}}{{/Dest}}";
        let problem = only_problem(source);
        assert_eq!(problem.kind, ProblemKind::MismatchedClose);
        assert_eq!(problem.span, Span::new(17, 26));
        assert_eq!(problem.related, Some(Span::new(0, 12)));
        assert_eq!(
            problem.message,
            "`{{/Dest}}` does not match the innermost open section `{{#Numbers}}`"
        );
    }

    #[test]
    fn close_of_outer_section_reports_inner() {
        let source = "{{#A}}{{#B}}{{#C}}{{/A}}";
        assert_eq!(
            problems(source),
            [(ProblemKind::UnclosedSection, "{{#B}}"), (ProblemKind::MismatchedClose, "{{/A}}")]
        );
        let sections = check_tokens(source, &super::super::tokenize(source), &[]).1;
        let a = sections.iter().find(|section| section.name == "A").map(|section| section.close);
        assert_eq!(a, Some(Some(Span::new(18, 24))));
    }

    #[test]
    fn crossed_sections() {
        assert_eq!(
            problems("{{#A}}{{#B}}{{/A}}{{/B}}"),
            [(ProblemKind::MismatchedClose, "{{/A}}"), (ProblemKind::UnexpectedClose, "{{/B}}")]
        );
    }

    #[test]
    fn close_may_have_spaces() {
        assert_eq!(problems("{{# Dest }}x{{/ Dest}}"), []);
    }

    #[test]
    fn raw_insertions_are_flagged() {
        let problem = only_problem("<Say>{{{Body}}}</Say>");
        assert_eq!(problem.kind, ProblemKind::RawInsertion);
        assert_eq!(problem.span, Span::new(5, 15));
        assert_eq!(
            problem.message,
            "`{{{Body}}}` inserts `Body` without escaping it (triple braces)"
        );
        assert!(!problem.kind.is_error());

        let problem = only_problem("{{&Body}}");
        assert_eq!(problem.kind, ProblemKind::RawInsertion);
        assert_eq!(problem.span, Span::new(0, 9));
        assert_eq!(problem.message, "`{{&Body}}` inserts `Body` without escaping it (`&`)");
    }

    #[test]
    fn triple_brace_closed_by_two() {
        assert_eq!(
            problems("{{{Body}} x"),
            [(ProblemKind::MalformedRawTag, "{{{Body}}"), (ProblemKind::RawInsertion, "{{{Body}}")]
        );
        let problem = &check_source("{{{Body}}")[0];
        assert_eq!(problem.message, "`{{{Body}}` is closed by `}}` instead of `}}}`");
    }

    #[test]
    fn partials_and_delimiter_changes_are_unsupported() {
        assert_eq!(problems("{{> header}}"), [(ProblemKind::UnsupportedTag, "{{> header}}")]);
        assert_eq!(problems("{{=<% %>=}}"), [(ProblemKind::UnsupportedTag, "{{=<% %>=}}")]);
    }

    #[test]
    fn handlebars_helpers_are_flagged() {
        assert_eq!(
            problems("{{#if From}}a{{else}}b{{/if}}"),
            [
                (ProblemKind::HandlebarsSyntax, "{{#if From}}"),
                (ProblemKind::HandlebarsSyntax, "{{else}}")
            ]
        );
        assert_eq!(
            problems("{{#each Dest}}{{this}}{{/each}}"),
            [(ProblemKind::HandlebarsSyntax, "{{#each Dest}}")]
        );
    }

    #[test]
    fn brace_in_name_is_invalid() {
        assert_eq!(problems("{{ {From} }}"), [(ProblemKind::InvalidName, "{{ {From} }}")]);
    }

    #[test]
    fn current_outside_section() {
        assert_eq!(problems("<Say>{{.}}</Say>"), [(ProblemKind::CurrentOutsideSection, "{{.}}")]);
        assert_eq!(problems("{{#e164}}{{.}}{{/e164}}"), []);
    }

    #[test]
    fn e164_helper_misuse() {
        assert_eq!(problems("{{e164}}"), [(ProblemKind::HelperMisuse, "{{e164}}")]);
        assert_eq!(problems("{{^e164}}x{{/e164}}"), [(ProblemKind::HelperMisuse, "{{^e164}}")]);
    }

    #[test]
    fn stray_closing_braces_after_a_name() {
        assert_eq!(problems("<Say>{From}}</Say>"), [(ProblemKind::StrayClosingBraces, "{From}}")]);
        assert_eq!(problems("<Say>From}}</Say>"), [(ProblemKind::StrayClosingBraces, "From}}")]);
        let problem = only_problem("<Say>{From}}</Say>");
        assert_eq!(problem.span, Span::new(5, 12));
        assert_eq!(problem.message, "`{From}}` ends like a tag but has no `{{`");
    }

    #[test]
    fn json_closing_braces_are_not_stray() {
        let source =
            r#"<Parameter name="p" value='{"a":{"b":1}}'/><Parameter value='{"c":{"d":true}}'/>"#;
        assert_eq!(problems(source), []);
    }

    #[test]
    fn nesting_too_deep_is_reported_once() {
        let depth = MAX_SECTION_DEPTH + 2;
        let source = "{{#A}}".repeat(depth) + &"{{/A}}".repeat(depth);
        let found = check_source(&source);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].kind, ProblemKind::NestingTooDeep);
        assert_eq!(found[0].span, Span::new(6 * MAX_SECTION_DEPTH, 6 * MAX_SECTION_DEPTH + 6));
    }

    #[test]
    fn problems_are_in_source_order() {
        let found = problems("{{/X}}{{{A}}}{{#B}}");
        assert_eq!(
            found,
            [
                (ProblemKind::UnexpectedClose, "{{/X}}"),
                (ProblemKind::RawInsertion, "{{{A}}}"),
                (ProblemKind::UnclosedSection, "{{#B}}"),
            ]
        );
    }
}
