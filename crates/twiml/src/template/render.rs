//! Rendering: the request parameters a bin receives, and the Mustache rules that turn a template
//! and those parameters into a TwiML document.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::check::{E164_HELPER, Problem};
use super::e164::extract_e164;
use super::token::{Token, TokenKind};

/// The largest output [`render`](super::render) produces, in bytes. Twilio rejects TwiML
/// responses over 64 kB, so 1 MiB leaves room for trying large bins while keeping a hostile
/// request from making the renderer allocate without bound.
pub const MAX_RENDERED_LEN: usize = 1 << 20;

/// The maximum number of nodes one rendering visits. Nested sections over long lists multiply, so a
/// small template with a few thousand repeated parameters could otherwise loop for hours without
/// producing any output.
pub const MAX_RENDER_STEPS: usize = 1 << 22;

/// The request parameters a template renders from: each name with its values in request
/// order. A repeated parameter (`Dest=a&Dest=b`) and an array parameter (`Dest[]=a`) are
/// lists, and a name ending in `[]` is stored and looked up without those brackets, so
/// `{{#Dest}}` iterates over `Dest[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    params: BTreeMap<String, Param>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Param {
    values: Vec<String>,
    is_list: bool,
}

impl Context {
    /// Creates a context with no parameters.
    pub fn new() -> Context {
        Context::default()
    }

    /// Appends `value` to the values of `name`. A name ending in `[]` marks the parameter as
    /// a list even when it has one value.
    pub fn insert(&mut self, name: &str, value: impl Into<String>) {
        let (key, is_array) = base_name(name);
        let param = self.params.entry(key.to_owned()).or_default();
        param.values.push(value.into());
        param.is_list |= is_array || param.values.len() > 1;
    }

    /// The values of `name` (with or without a trailing `[]`), empty when it is missing.
    pub fn values(&self, name: &str) -> &[String] {
        self.params.get(base_name(name).0).map_or(&[], |param| param.values.as_slice())
    }

    /// The first value of `name`, or `None` when it is missing.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.values(name).first().map(String::as_str)
    }

    /// Whether `name` is a list: repeated, or sent with `[]`.
    pub fn is_list(&self, name: &str) -> bool {
        self.params.get(base_name(name).0).is_some_and(|param| param.is_list)
    }

    /// The number of distinct names.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether the context has no parameters.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }
}

impl<K: AsRef<str>, V: Into<String>> Extend<(K, V)> for Context {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (name, value) in pairs {
            self.insert(name.as_ref(), value);
        }
    }
}

impl<K: AsRef<str>, V: Into<String>> FromIterator<(K, V)> for Context {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Context {
        let mut context = Context::new();
        context.extend(pairs);
        context
    }
}

/// The name without one trailing `[]`, and whether it had one.
fn base_name(name: &str) -> (&str, bool) {
    match name.strip_suffix("[]") {
        Some(base) => (base, true),
        None => (name, false),
    }
}

/// Why a template could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The template has a structure error. The problem is the first one in source order.
    #[error("invalid template at byte {}: {}", problem.span.start, problem.message)]
    Invalid {
        /// The first error-level problem.
        problem: Problem,
    },
    /// The output grew past [`MAX_RENDERED_LEN`] bytes.
    #[error("rendered template is larger than {limit} bytes; send fewer or shorter parameters")]
    OutputTooLarge {
        /// The limit, [`MAX_RENDERED_LEN`].
        limit: usize,
    },
    /// Rendering visited more than [`MAX_RENDER_STEPS`] nodes.
    #[error(
        "rendering needs more than {limit} steps; nest fewer sections over repeated parameters"
    )]
    TooManySteps {
        /// The limit, [`MAX_RENDER_STEPS`].
        limit: usize,
    },
}

/// Escapes a value for XML text and for attribute values in either quote: `&`, `<`, `>`, `"`
/// and `'` become references.
pub fn escape_xml(value: &str) -> Cow<'_, str> {
    if !value.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(value);
    }
    let mut escaped = String::with_capacity(value.len() + 16);
    push_escaped(&mut escaped, value);
    Cow::Owned(escaped)
}

fn push_escaped(out: &mut String, value: &str) {
    for character in value.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(character),
        }
    }
}

/// A node of the section tree built from checked tokens.
#[derive(Debug)]
enum Node<'a> {
    Text(&'a str),
    Insert { name: &'a str, escape: bool },
    Section { name: &'a str, inverted: bool, children: Vec<Node<'a>> },
}

/// Renders checked tokens, which should have no error-level problem. A structure the check
/// would reject does not panic either, and renders as far as its sections pair up.
pub(crate) fn render_tokens(
    tokens: &[Token<'_>],
    context: &Context,
) -> Result<String, RenderError> {
    let nodes = build_tree(tokens);
    let mut renderer = Renderer { context, produced: 0, steps: 0 };
    let mut out = String::new();
    renderer.nodes(&nodes, None, &mut out)?;
    Ok(out)
}

fn build_tree<'a>(tokens: &[Token<'a>]) -> Vec<Node<'a>> {
    let mut root = Vec::new();
    let mut open: Vec<(&'a str, bool, Vec<Node<'a>>)> = Vec::new();
    for token in tokens {
        let node = match token.kind {
            TokenKind::Text => Node::Text(token.content),
            TokenKind::Variable | TokenKind::Current => {
                Node::Insert { name: token.content, escape: true }
            }
            TokenKind::Raw(_) => Node::Insert { name: token.content, escape: false },
            TokenKind::SectionOpen | TokenKind::InvertedOpen => {
                let inverted = token.kind == TokenKind::InvertedOpen;
                open.push((token.content, inverted, Vec::new()));
                continue;
            }
            TokenKind::SectionClose => {
                let Some((name, inverted, children)) = open.pop() else { continue };
                Node::Section { name, inverted, children }
            }
            TokenKind::Comment
            | TokenKind::Partial
            | TokenKind::SetDelimiter
            | TokenKind::Unclosed => {
                continue;
            }
        };
        match open.last_mut() {
            Some((_, _, children)) => children.push(node),
            None => root.push(node),
        }
    }
    // Sections left open end where the source ends.
    while let Some((name, inverted, children)) = open.pop() {
        let node = Node::Section { name, inverted, children };
        match open.last_mut() {
            Some((_, _, parent)) => parent.push(node),
            None => root.push(node),
        }
    }
    root
}

struct Renderer<'c> {
    context: &'c Context,
    /// Bytes appended so far, counting the inside of `e164` sections, which is rendered to a
    /// scratch buffer first.
    produced: usize,
    steps: usize,
}

impl Renderer<'_> {
    fn nodes(
        &mut self,
        nodes: &[Node<'_>],
        current: Option<&str>,
        out: &mut String,
    ) -> Result<(), RenderError> {
        for node in nodes {
            self.step()?;
            match node {
                Node::Text(text) => self.append(out, text, false)?,
                Node::Insert { name, escape } => {
                    let value = if *name == "." { current } else { self.context.first(name) };
                    self.append(out, value.unwrap_or_default(), *escape)?;
                }
                Node::Section { name, inverted: false, children } if *name == E164_HELPER => {
                    let mut inside = String::new();
                    self.nodes(children, current, &mut inside)?;
                    let number = extract_e164(&inside).unwrap_or_default();
                    self.append(out, &number, false)?;
                }
                Node::Section { name, inverted, children } => {
                    self.section(name, *inverted, children, current, out)?;
                }
            }
        }
        Ok(())
    }

    fn section(
        &mut self,
        name: &str,
        inverted: bool,
        children: &[Node<'_>],
        current: Option<&str>,
        out: &mut String,
    ) -> Result<(), RenderError> {
        let values = self.context.values(name);
        let is_list = self.context.is_list(name);

        if inverted {
            // The `e164` helper is always present, so its inverted section never renders.
            let present = name == E164_HELPER || is_truthy(values, is_list);
            if !present {
                self.nodes(children, current, out)?;
            }
            return Ok(());
        }
        if is_list {
            for value in values {
                self.step()?;
                self.nodes(children, Some(value), out)?;
            }
            return Ok(());
        }
        if is_truthy(values, is_list) {
            self.nodes(children, values.first().map(String::as_str), out)?;
        }
        Ok(())
    }

    fn step(&mut self) -> Result<(), RenderError> {
        self.steps += 1;
        if self.steps > MAX_RENDER_STEPS {
            return Err(RenderError::TooManySteps { limit: MAX_RENDER_STEPS });
        }
        Ok(())
    }

    fn append(&mut self, out: &mut String, text: &str, escape: bool) -> Result<(), RenderError> {
        let before = out.len();
        if escape {
            push_escaped(out, text);
        } else {
            out.push_str(text);
        }
        self.produced += out.len() - before;
        if self.produced > MAX_RENDERED_LEN {
            return Err(RenderError::OutputTooLarge { limit: MAX_RENDERED_LEN });
        }
        Ok(())
    }
}

/// Whether a section over these values renders: a list with values, or a single value that
/// is neither empty nor `false`.
fn is_truthy(values: &[String], is_list: bool) -> bool {
    if is_list {
        return !values.is_empty();
    }
    values.first().is_some_and(|value| !value.is_empty() && value != "false")
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use super::*;

    fn context(pairs: &[(&str, &str)]) -> Context {
        pairs.iter().copied().collect()
    }

    fn rendered(source: &str, pairs: &[(&str, &str)]) -> String {
        match render(source, &context(pairs)) {
            Ok(output) => output,
            Err(error) => panic!("rendering {source:?} failed: {error}"),
        }
    }

    #[test]
    fn variable_inserts_first_value() {
        let output =
            rendered("<Say>Hi {{Name}}, {{ Name }}</Say>", &[("Name", "Jane"), ("Name", "Joe")]);
        assert_eq!(output, "<Say>Hi Jane, Jane</Say>");
    }

    #[test]
    fn missing_name_renders_empty() {
        assert_eq!(rendered("<Say>[{{Nobody}}]</Say>", &[]), "<Say>[]</Say>");
    }

    #[test]
    fn dotted_name_is_looked_up_whole() {
        let output =
            rendered("{{MessagingBinding.Address}}", &[("MessagingBinding.Address", "+1202")]);
        assert_eq!(output, "+1202");
    }

    #[test]
    fn comments_render_as_nothing() {
        assert_eq!(rendered("a{{! note }}b", &[]), "ab");
    }

    #[test]
    fn hostile_values_are_escaped() {
        let pairs = [("Name", "Tom & Jerry <3"), ("Quote", r#"a"b'c"#), ("Tag", "</Say><Hangup/>")];
        assert_eq!(rendered("<Say>{{Name}}</Say>", &pairs), "<Say>Tom &amp; Jerry &lt;3</Say>");
        assert_eq!(
            rendered(r#"<Play digits="{{Quote}}"/>"#, &pairs),
            r#"<Play digits="a&quot;b&#39;c"/>"#
        );
        assert_eq!(
            rendered("<Say>{{Tag}}</Say>", &pairs),
            "<Say>&lt;/Say&gt;&lt;Hangup/&gt;</Say>"
        );
    }

    #[test]
    fn current_value_is_escaped() {
        assert_eq!(rendered("{{#Dest}}[{{.}}]{{/Dest}}", &[("Dest[]", "a&b")]), "[a&amp;b]");
    }

    #[test]
    fn raw_insertion_is_not_escaped() {
        let pairs = [("Body", "<b>&</b>")];
        assert_eq!(rendered("{{{Body}}}|{{&Body}}", &pairs), "<b>&</b>|<b>&</b>");
    }

    #[test]
    fn escape_xml_borrows_clean_values() {
        assert!(matches!(escape_xml("+15125551212"), Cow::Borrowed(_)));
        assert_eq!(escape_xml("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
    }

    #[test]
    fn section_iterates_list() {
        let source = "<Dial>{{#Dest}}<Number>{{.}}</Number>{{/Dest}}</Dial>";
        let pairs = [("Dest[]", "+12025550100"), ("Dest[]", "+17035550100")];
        assert_eq!(
            rendered(source, &pairs),
            "<Dial><Number>+12025550100</Number><Number>+17035550100</Number></Dial>"
        );
    }

    #[test]
    fn repeated_name_without_brackets_is_a_list() {
        let pairs = [("Dest", "a"), ("Dest", "b")];
        assert_eq!(rendered("{{#Dest}}<{{.}}>{{/Dest}}", &pairs), "<a><b>");
    }

    #[test]
    fn single_array_value_is_a_list() {
        // One `Dest[]` value, even `false`, is a list of one and renders once.
        assert_eq!(rendered("{{#Dest}}[{{.}}]{{/Dest}}", &[("Dest[]", "false")]), "[false]");
    }

    #[test]
    fn bracketed_name_in_template_finds_list() {
        assert_eq!(
            rendered("{{#Dest[]}}{{.}};{{/Dest[]}}", &[("Dest[]", "a"), ("Dest", "b")]),
            "a;b;"
        );
    }

    #[test]
    fn section_renders_once_for_a_value() {
        let source = "{{#Digits}}pressed {{.}} and {{Digits}}{{/Digits}}";
        assert_eq!(rendered(source, &[("Digits", "5")]), "pressed 5 and 5");
    }

    #[test]
    fn section_skips_missing_empty_and_false() {
        let source = "[{{#Flag}}on{{/Flag}}]";
        assert_eq!(rendered(source, &[]), "[]");
        assert_eq!(rendered(source, &[("Flag", "")]), "[]");
        assert_eq!(rendered(source, &[("Flag", "false")]), "[]");
        assert_eq!(rendered(source, &[("Flag", "true")]), "[on]");
        assert_eq!(rendered(source, &[("Flag", "0")]), "[on]");
    }

    #[test]
    fn inverted_section_renders_when_section_does_not() {
        let source = "{{^Digits}}<Gather/>{{/Digits}}";
        assert_eq!(rendered(source, &[]), "<Gather/>");
        assert_eq!(rendered(source, &[("Digits", "")]), "<Gather/>");
        assert_eq!(rendered(source, &[("Digits", "false")]), "<Gather/>");
        assert_eq!(rendered(source, &[("Digits", "1")]), "");
        assert_eq!(rendered(source, &[("Digits[]", "")]), "");
    }

    #[test]
    fn nested_sections_see_outer_names() {
        let source = "{{#Dest}}{{#Greeting}}{{Greeting}} {{/Greeting}}{{.}};{{/Dest}}";
        let pairs = [("Dest[]", "a"), ("Dest[]", "b"), ("Greeting", "hi")];
        assert_eq!(rendered(source, &pairs), "hi a;hi b;");
    }

    #[test]
    fn inner_current_value_wins() {
        let source = "{{#Outer}}{{#Inner}}{{.}}{{/Inner}}{{.}}{{/Outer}}";
        let pairs = [("Outer[]", "o"), ("Inner[]", "i1"), ("Inner[]", "i2")];
        assert_eq!(rendered(source, &pairs), "i1i2o");
    }

    #[test]
    fn current_value_outside_section_is_empty() {
        assert_eq!(rendered("[{{.}}]", &[("Name", "x")]), "[]");
    }

    #[test]
    fn e164_of_plain_number_and_sip_uri() {
        let source =
            r#"<Dial callerId="{{#e164}}{{From}}{{/e164}}">{{#e164}} {{To}} {{/e164}}</Dial>"#;
        let pairs =
            [("From", "+15125551212"), ("To", "sip:+17035550100@example.sip.us1.twilio.com")];
        assert_eq!(
            rendered(source, &pairs),
            r#"<Dial callerId="+15125551212">+17035550100</Dial>"#
        );
    }

    #[test]
    fn e164_of_junk_renders_empty() {
        let source = "[{{#e164}}{{From}}{{/e164}}]";
        assert_eq!(rendered(source, &[("From", "sip:alice@example.com")]), "[]");
        assert_eq!(rendered(source, &[("From", "<script>")]), "[]");
        assert_eq!(rendered(source, &[]), "[]");
    }

    #[test]
    fn e164_inside_list_uses_each_value() {
        let source = "{{#Dest}}<Number>{{#e164}}{{.}}{{/e164}}</Number>{{/Dest}}";
        let pairs = [("Dest[]", "sip:+12025550100@a.example"), ("Dest[]", "tel:+17035550100")];
        assert_eq!(
            rendered(source, &pairs),
            "<Number>+12025550100</Number><Number>+17035550100</Number>"
        );
    }

    #[test]
    fn e164_helper_wins_over_a_parameter() {
        assert_eq!(rendered("{{#e164}}+15125551212{{/e164}}", &[("e164", "")]), "+15125551212");
    }

    #[test]
    fn output_size_is_bounded() {
        let long = "x".repeat(4096);
        let mut pairs = Vec::new();
        for _ in 0..300 {
            pairs.push(("Dest", long.as_str()));
        }
        let error = render("{{#Dest}}{{.}}{{/Dest}}", &context(&pairs)).unwrap_err();
        assert_eq!(error, RenderError::OutputTooLarge { limit: MAX_RENDERED_LEN });
    }

    #[test]
    fn work_is_bounded_even_without_output() {
        let values: Vec<(&str, &str)> = (0..200).map(|_| ("D", "")).collect();
        let source = "{{#D}}{{#D}}{{#D}}{{/D}}{{/D}}{{/D}}";
        let error = render(source, &context(&values)).unwrap_err();
        assert_eq!(error, RenderError::TooManySteps { limit: MAX_RENDER_STEPS });
    }

    #[test]
    fn context_strips_array_brackets() {
        let context = context(&[("Dest[]", "a"), ("From", "b")]);
        assert_eq!(context.values("Dest"), ["a"]);
        assert_eq!(context.values("Dest[]"), ["a"]);
        assert!(context.is_list("Dest"));
        assert!(!context.is_list("From"));
        assert_eq!(context.first("From"), Some("b"));
        assert_eq!(context.first("To"), None);
        assert_eq!(context.len(), 2);
        assert!(!context.is_empty());
    }
}
