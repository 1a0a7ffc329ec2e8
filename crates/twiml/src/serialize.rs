//! Writing TwiML as text: the XML declaration, escaping, and a compact or an indented layout.
//!
//! The serializer writes an [`OwnedDocument`], a tree without spans that the builder produces
//! and that a parsed [`Document`] converts into, so both go through the same code. Output is
//! UTF-8 with non-ASCII text written as itself, never as numeric references.
//!
//! Escaping keeps every value's meaning when the output is read back by any XML parser:
//!
//! - text: `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`, and a carriage return becomes
//!   `&#13;` because XML parsers turn a literal one into a line feed;
//! - attribute values: the same, plus `"` as `&quot;`, and tab and line feed as `&#9;` and
//!   `&#10;`, because XML parsers turn literal ones into spaces;
//! - inside a TwiML Bin template tag such as `{{> name}}`, a `>` is kept as written, so that the
//!   bin's template engine still reads the tag.
//!
//! In the [`Layout::Indented`] layout an element's children go on lines of their own only where
//! whitespace between them is layout. Text is never reflowed: an element with text or CDATA,
//! and every `<Say>`, `<Message>`, `<Body>` and SSML element, is written on one line exactly as
//! its content reads, since whitespace there is spoken or sent.
//!
//! ```
//! use twiml::serialize::{Layout, ToXml};
//!
//! let document = twiml::parse("<Response><Gather><Say>Hi &amp; bye</Say></Gather></Response>");
//! assert_eq!(
//!     document.to_xml(Layout::Indented),
//!     "<Response>\n  <Gather>\n    <Say>Hi &amp; bye</Say>\n  </Gather>\n</Response>\n"
//! );
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::document::{Attribute, Declaration, Document, Element, Node, Text};
use crate::schema::{self, Family, TextKind};
use crate::template;

/// The XML declaration that builder output starts with.
pub const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// One level of indentation in [`Layout::Indented`].
const INDENT: &str = "  ";

/// The layout the serializer writes elements in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// No whitespace between tags, for an HTTP response body.
    #[default]
    Compact,
    /// One element per line, children indented by two spaces, and a final newline, for files
    /// in a repository. Whitespace that is content stays as it is.
    Indented,
}

/// A value that can be written as TwiML: an [`OwnedDocument`], a parsed [`Document`], an
/// [`OwnedElement`] as a fragment, or a builder response.
pub trait ToXml {
    /// Writes the value as XML text in `layout`.
    fn to_xml(&self, layout: Layout) -> String;
}

/// A document held in memory without spans: what the builder produces, and what a parsed
/// [`Document`] becomes for writing or for comparing two documents by content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnedDocument {
    /// The XML declaration, if the document has one.
    pub declaration: Option<OwnedDeclaration>,
    /// A DOCTYPE declaration, as written.
    pub doctype: Option<String>,
    /// Top-level nodes in order: the root element and any comments or processing instructions
    /// around it.
    pub nodes: Vec<OwnedNode>,
}

/// The pseudo-attributes of an XML declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedDeclaration {
    /// The XML version, `1.0`.
    pub version: String,
    /// The encoding, if declared.
    pub encoding: Option<String>,
    /// The `standalone` value, if declared.
    pub standalone: Option<String>,
}

/// An element without spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedElement {
    /// The name, prefix included, such as `Say` or `say-as`.
    pub name: String,
    /// Attributes in order.
    pub attributes: Vec<OwnedAttribute>,
    /// Child nodes in order.
    pub children: Vec<OwnedNode>,
}

/// An attribute with its decoded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedAttribute {
    /// The name, prefix included, such as `xml:lang`.
    pub name: String,
    /// The value as an XML parser reports it, references decoded.
    pub value: String,
}

/// A node of an owned tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedNode {
    /// An element.
    Element(OwnedElement),
    /// Character data, references decoded.
    Text(String),
    /// A comment's text, between `<!--` and `-->`. It must not contain `--`.
    Comment(String),
    /// A CDATA section's text.
    CData(String),
    /// A processing instruction's text, between `<?` and `?>`.
    ProcessingInstruction(String),
}

impl Default for OwnedDeclaration {
    /// Version 1.0, encoded as UTF-8.
    fn default() -> OwnedDeclaration {
        OwnedDeclaration {
            version: "1.0".to_owned(),
            encoding: Some("UTF-8".to_owned()),
            standalone: None,
        }
    }
}

impl OwnedDocument {
    /// Creates a document with the default XML declaration and `root` as its only node.
    pub fn new(root: OwnedElement) -> OwnedDocument {
        OwnedDocument {
            declaration: Some(OwnedDeclaration::default()),
            doctype: None,
            nodes: vec![OwnedNode::Element(root)],
        }
    }

    /// Copies a parsed document into an owned tree, keeping what an XML parser would report:
    /// line endings in text are normalized (`\r\n` and a lone `\r` become `\n`) as XML 1.0
    /// requires. Spans, the byte order mark and the parser's problems are dropped.
    pub fn from_document(document: &Document<'_>) -> OwnedDocument {
        let source = document.source;
        OwnedDocument {
            declaration: document.declaration.as_ref().map(OwnedDeclaration::from_declaration),
            doctype: document.doctype.and_then(|span| span.text(source)).map(str::to_owned),
            nodes: document.nodes().map(|node| OwnedNode::from_node(node, source)).collect(),
        }
    }

    /// Returns the root element: the first element at the top level.
    pub fn root(&self) -> Option<&OwnedElement> {
        self.nodes.iter().find_map(OwnedNode::as_element)
    }

    /// Returns the root element, mutably.
    pub fn root_mut(&mut self) -> Option<&mut OwnedElement> {
        self.nodes.iter_mut().find_map(|node| match node {
            OwnedNode::Element(element) => Some(element),
            _ => None,
        })
    }
}

impl OwnedDeclaration {
    fn from_declaration(declaration: &Declaration<'_>) -> OwnedDeclaration {
        OwnedDeclaration {
            version: declaration.version.unwrap_or("1.0").to_owned(),
            encoding: declaration.encoding.map(str::to_owned),
            standalone: declaration.standalone.map(str::to_owned),
        }
    }
}

impl OwnedElement {
    /// Creates an element with no attributes and no children.
    pub fn new(name: impl Into<String>) -> OwnedElement {
        OwnedElement { name: name.into(), attributes: Vec::new(), children: Vec::new() }
    }

    /// Copies a parsed element, whose spans point into `source`, as
    /// [`OwnedDocument::from_document`] does.
    pub fn from_element(element: Element<'_, '_>, source: &str) -> OwnedElement {
        OwnedElement {
            name: element.name().to_owned(),
            attributes: element
                .attributes()
                .iter()
                .map(|attribute| OwnedAttribute {
                    name: attribute.name.to_owned(),
                    value: attribute_value(attribute),
                })
                .collect(),
            children: element.children().map(|node| OwnedNode::from_node(node, source)).collect(),
        }
    }

    /// Returns the value of the attribute with exactly this name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|attribute| attribute.name == name).map(|a| a.value.as_str())
    }

    /// Returns the child elements, skipping text, comments and CDATA.
    pub fn child_elements(&self) -> impl Iterator<Item = &OwnedElement> {
        self.children.iter().filter_map(OwnedNode::as_element)
    }
}

impl OwnedNode {
    fn from_node(node: Node<'_, '_>, source: &str) -> OwnedNode {
        match node {
            Node::Element(element) => {
                OwnedNode::Element(OwnedElement::from_element(element, source))
            }
            Node::Text(text) => OwnedNode::Text(text_value(&text, source)),
            Node::Comment(comment) => OwnedNode::Comment(normalize_line_endings(comment.text)),
            Node::CData(cdata) => OwnedNode::CData(normalize_line_endings(cdata.text)),
            Node::ProcessingInstruction(instruction) => {
                OwnedNode::ProcessingInstruction(normalize_line_endings(instruction.text))
            }
        }
    }

    /// Returns the element, if this node is one.
    pub fn as_element(&self) -> Option<&OwnedElement> {
        match self {
            OwnedNode::Element(element) => Some(element),
            _ => None,
        }
    }

    /// Checks whether this node is text made only of whitespace, or empty.
    pub fn is_whitespace_text(&self) -> bool {
        matches!(self, OwnedNode::Text(text) if text.trim().is_empty())
    }
}

impl From<&Document<'_>> for OwnedDocument {
    fn from(document: &Document<'_>) -> OwnedDocument {
        OwnedDocument::from_document(document)
    }
}

impl ToXml for OwnedDocument {
    fn to_xml(&self, layout: Layout) -> String {
        let mut writer = Writer { out: String::new(), layout };
        writer.document(self);
        writer.out
    }
}

impl ToXml for Document<'_> {
    fn to_xml(&self, layout: Layout) -> String {
        OwnedDocument::from_document(self).to_xml(layout)
    }
}

impl ToXml for OwnedElement {
    /// Writes the element alone, without an XML declaration or a final newline.
    fn to_xml(&self, layout: Layout) -> String {
        let mut writer = Writer { out: String::new(), layout };
        writer.element(self, Some(0));
        writer.out
    }
}

impl fmt::Display for OwnedDocument {
    /// Writes the document in the compact layout.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.to_xml(Layout::Compact))
    }
}

/// Checks whether whitespace-only text among this element's children is layout, which the
/// indented layout may replace, rather than content. Whitespace is content in `<Say>`,
/// `<Message>`, `<Body>` and every other element whose text is free or mixed with markup, in
/// SSML elements, in elements marked `xml:space="preserve"`, and, to be safe, in elements the
/// schema does not know.
pub(crate) fn whitespace_is_layout(element: &OwnedElement) -> bool {
    if element.attribute("xml:space") == Some("preserve") {
        return false;
    }
    let Some(schema) = schema::element(&element.name) else {
        return false;
    };
    let text_is_content = matches!(schema.text, TextKind::Free | TextKind::Mixed);
    schema.family != Family::Ssml && !text_is_content
}

/// Checks whether the schema gives the element no text at all.
pub(crate) fn takes_no_text(element: &OwnedElement) -> bool {
    schema::element(&element.name).is_some_and(|schema| schema.text == TextKind::None)
}

/// Escapes text content: `&`, `<`, `>` and a carriage return.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Escapes an attribute value for double quotes: `&`, `<`, `>`, `"`, tab, line feed and
/// carriage return.
pub fn escape_attribute(value: &str) -> Cow<'_, str> {
    escape(value, true)
}

fn escape(value: &str, attribute: bool) -> Cow<'_, str> {
    let special = |c: char| match c {
        '&' | '<' | '>' | '\r' => true,
        '"' | '\t' | '\n' => attribute,
        _ => false,
    };
    if !value.contains(special) {
        return Cow::Borrowed(value);
    }

    let mut out = String::with_capacity(value.len() + 16);
    if value.contains("{{") {
        for token in template::tokenize(value) {
            let piece = value.get(token.span.start..token.span.end).unwrap_or("");
            let keep_greater_than = token.is_tag() && token.kind != template::TokenKind::Unclosed;
            escape_into(&mut out, piece, attribute, keep_greater_than);
        }
    } else {
        escape_into(&mut out, value, attribute, false);
    }
    Cow::Owned(out)
}

fn escape_into(out: &mut String, piece: &str, attribute: bool, keep_greater_than: bool) {
    for character in piece.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            // `]]>` is not allowed in text, so `>` after `]]` is escaped even in a tag.
            '>' if keep_greater_than && !out.ends_with("]]") => out.push('>'),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            other => out.push(other),
        }
    }
}

struct Writer {
    out: String,
    layout: Layout,
}

impl Writer {
    fn document(&mut self, document: &OwnedDocument) {
        if let Some(declaration) = &document.declaration {
            self.declaration(declaration);
            self.end_line();
        }
        if let Some(doctype) = &document.doctype {
            self.out.push_str(doctype);
            self.end_line();
        }
        for node in &document.nodes {
            self.node(node, Some(0));
            self.end_line();
        }
    }

    fn declaration(&mut self, declaration: &OwnedDeclaration) {
        self.out.push_str("<?xml version=\"");
        self.out.push_str(&escape_attribute(&declaration.version));
        self.out.push('"');
        if let Some(encoding) = &declaration.encoding {
            self.out.push_str(" encoding=\"");
            self.out.push_str(&escape_attribute(encoding));
            self.out.push('"');
        }
        if let Some(standalone) = &declaration.standalone {
            self.out.push_str(" standalone=\"");
            self.out.push_str(&escape_attribute(standalone));
            self.out.push('"');
        }
        self.out.push_str("?>");
    }

    fn end_line(&mut self) {
        if self.layout == Layout::Indented {
            self.out.push('\n');
        }
    }

    /// Writes `node`. `depth` is the indentation level when the node may be laid out on lines
    /// of its own, `None` inside content written inline.
    fn node(&mut self, node: &OwnedNode, depth: Option<usize>) {
        match node {
            OwnedNode::Element(element) => self.element(element, depth),
            OwnedNode::Text(text) => self.out.push_str(&escape_text(text)),
            OwnedNode::Comment(text) => {
                self.out.push_str("<!--");
                self.out.push_str(text);
                self.out.push_str("-->");
            }
            OwnedNode::CData(text) => {
                // A `]]>` inside would end the section, so it is split across two sections.
                self.out.push_str("<![CDATA[");
                self.out.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
                self.out.push_str("]]>");
            }
            OwnedNode::ProcessingInstruction(text) => {
                self.out.push_str("<?");
                self.out.push_str(text);
                self.out.push_str("?>");
            }
        }
    }

    fn element(&mut self, element: &OwnedElement, depth: Option<usize>) {
        self.out.push('<');
        self.out.push_str(&element.name);
        for attribute in &element.attributes {
            self.out.push(' ');
            self.out.push_str(&attribute.name);
            self.out.push_str("=\"");
            self.out.push_str(&escape_attribute(&attribute.value));
            self.out.push('"');
        }
        if element.children.is_empty() {
            self.out.push_str("/>");
            return;
        }
        self.out.push('>');

        match depth {
            Some(depth) if self.layout == Layout::Indented && is_block(element) => {
                for child in &element.children {
                    self.out.push('\n');
                    self.indent(depth + 1);
                    self.node(child, Some(depth + 1));
                }
                self.out.push('\n');
                self.indent(depth);
            }
            _ => {
                for child in &element.children {
                    self.node(child, None);
                }
            }
        }

        self.out.push_str("</");
        self.out.push_str(&element.name);
        self.out.push('>');
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }
}

/// Checks whether the indented layout puts each child of `element` on a line of its own: the
/// children are all markup (no text, no CDATA) and whitespace between them is layout.
fn is_block(element: &OwnedElement) -> bool {
    let all_markup = element.children.iter().all(|child| {
        matches!(
            child,
            OwnedNode::Element(_) | OwnedNode::Comment(_) | OwnedNode::ProcessingInstruction(_)
        )
    });
    all_markup && whitespace_is_layout(element)
}

/// Returns the text of a parsed text node as an XML parser reports it. The parser keeps a
/// literal carriage return, so text that contains one is decoded again from its source with XML's
/// line-ending rule.
fn text_value(text: &Text<'_>, source: &str) -> String {
    match text.span.text(source) {
        Some(raw) if raw.contains('\r') => decode_raw(raw, false),
        _ => text.value.to_string(),
    }
}

/// Returns the value of a parsed attribute as an XML parser reports it: a literal `\r\n` is
/// one line break and so becomes one space, where the parser makes two.
fn attribute_value(attribute: &Attribute<'_>) -> String {
    if attribute.raw_value.contains('\r') {
        decode_raw(attribute.raw_value, true)
    } else {
        attribute.value.to_string()
    }
}

fn normalize_line_endings(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// Decodes raw XML text or an attribute value: line endings normalized, references to the five
/// predefined entities and valid character references replaced. Any other reference is kept
/// as written, as the parser keeps it. In an attribute every line break and tab is a space.
fn decode_raw(raw: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(character) = rest.chars().next() {
        match character {
            '\r' => {
                rest = rest.strip_prefix("\r\n").unwrap_or(&rest[1..]);
                out.push(if attribute { ' ' } else { '\n' });
                continue;
            }
            '\n' | '\t' if attribute => out.push(' '),
            '&' => {
                if let Some((decoded, length)) = decode_reference(rest) {
                    out.push(decoded);
                    rest = &rest[length..];
                    continue;
                }
                out.push('&');
            }
            other => out.push(other),
        }
        rest = &rest[character.len_utf8()..];
    }
    out
}

/// Decodes the reference at the start of `text`, which starts with `&`, into its character
/// and the number of bytes it takes.
fn decode_reference(text: &str) -> Option<(char, usize)> {
    let end = text.find(';')?;
    let name = &text[1..end];
    let decoded = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| is_xml_char(c))?
        }
    };
    Some((decoded, end + 1))
}

/// Checks whether XML 1.0 allows `character` in a document.
pub(crate) fn is_xml_char(character: char) -> bool {
    matches!(
        character,
        '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'..
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_text_minimal() {
        assert_eq!(escape_text("Tom & Jerry <3 >"), "Tom &amp; Jerry &lt;3 &gt;");
        assert_eq!(escape_text("\"quoted\" 'single'"), "\"quoted\" 'single'");
        assert!(matches!(escape_text("café"), Cow::Borrowed("café")));
    }

    #[test]
    fn escape_attribute_quotes_and_whitespace() {
        assert_eq!(escape_attribute("a\"b\tc\nd\re"), "a&quot;b&#9;c&#10;d&#13;e");
        assert_eq!(escape_attribute("/next?a=1&b=2"), "/next?a=1&amp;b=2");
    }

    #[test]
    fn escape_keeps_greater_than_in_template_tags() {
        assert_eq!(escape_text("{{> partial}} a > b"), "{{> partial}} a &gt; b");
        assert_eq!(escape_text("{{#x}}<{{/x}}"), "{{#x}}&lt;{{/x}}");
    }

    #[test]
    fn decode_raw_normalizes_line_endings() {
        assert_eq!(decode_raw("a\r\nb\rc&#13;d", false), "a\nb\nc\rd");
        assert_eq!(decode_raw("a\r\nb\tc&#10;&amp;&bogus;", true), "a b c\n&&bogus;");
    }
}
