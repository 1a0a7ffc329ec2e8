//! The document model: elements, attributes, text, comments and CDATA in source order, each
//! with the byte span it came from.
//!
//! Strings borrow from the source where they can; text and attribute values that held entity
//! references are decoded into owned strings, and their raw spans are kept beside them.

use std::borrow::Cow;

use serde::Serialize;

use crate::problem::Problem;
use crate::span::Span;

/// A parsed TwiML document: the nodes at the top level (the root element, comments, and any
/// stray content) and the problems found while reading it.
#[derive(Debug, Clone, Serialize)]
pub struct Document<'a> {
    /// The source text the spans point into.
    #[serde(skip)]
    pub source: &'a str,
    /// The XML declaration, if there is one.
    pub declaration: Option<Declaration<'a>>,
    /// The span of a DOCTYPE declaration, if there is one. Its entities are never expanded.
    pub doctype: Option<Span>,
    /// Whether the source starts with a UTF-8 byte order mark.
    pub byte_order_mark: bool,
    /// Top-level nodes in source order. Whitespace between them is not kept.
    pub nodes: Vec<Node<'a>>,
    /// Problems found while reading, sorted by the start of their spans.
    pub problems: Vec<Problem>,
}

impl<'a> Document<'a> {
    /// The root element: the first element at the top level.
    pub fn root(&self) -> Option<&Element<'a>> {
        self.nodes.iter().find_map(Node::as_element)
    }

    /// Whether the parser found any problem that makes the document not well-formed XML.
    pub fn is_well_formed(&self) -> bool {
        !self.problems.iter().any(|problem| problem.kind.is_well_formedness_error())
    }

    /// Every element in document order, each with its parent, starting with the root.
    pub fn elements(&self) -> impl Iterator<Item = (Option<&Element<'a>>, &Element<'a>)> {
        let mut stack: Vec<(Option<&Element<'a>>, &Element<'a>)> =
            self.nodes.iter().rev().filter_map(Node::as_element).map(|e| (None, e)).collect();
        std::iter::from_fn(move || {
            let (parent, element) = stack.pop()?;
            stack.extend(element.child_elements().rev().map(|child| (Some(element), child)));
            Some((parent, element))
        })
    }
}

/// The XML declaration, `<?xml version="1.0" encoding="UTF-8"?>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declaration<'a> {
    /// The `version` pseudo-attribute as written.
    pub version: Option<&'a str>,
    /// The `encoding` pseudo-attribute as written.
    pub encoding: Option<&'a str>,
    /// The `standalone` pseudo-attribute as written.
    pub standalone: Option<&'a str>,
    /// The whole declaration.
    pub span: Span,
}

/// A node of the tree.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Node<'a> {
    /// An element with its attributes and children.
    Element(Element<'a>),
    /// Character data, with entity and character references decoded.
    Text(Text<'a>),
    /// A comment, `<!-- … -->`.
    Comment(Comment<'a>),
    /// A CDATA section, `<![CDATA[ … ]]>`.
    CData(CData<'a>),
    /// A processing instruction other than the XML declaration, `<?target …?>`.
    ProcessingInstruction(ProcessingInstruction<'a>),
}

impl<'a> Node<'a> {
    /// The element, if this node is one.
    pub fn as_element(&self) -> Option<&Element<'a>> {
        match self {
            Node::Element(element) => Some(element),
            _ => None,
        }
    }

    /// The span of the whole node in the source.
    pub fn span(&self) -> Span {
        match self {
            Node::Element(element) => element.span,
            Node::Text(text) => text.span,
            Node::Comment(comment) => comment.span,
            Node::CData(cdata) => cdata.span,
            Node::ProcessingInstruction(instruction) => instruction.span,
        }
    }
}

/// An element: `<Name attr="value">children</Name>` or `<Name/>`.
#[derive(Debug, Clone, Serialize)]
pub struct Element<'a> {
    /// The name as written, prefix included, such as `Say` or `say-as`.
    pub name: &'a str,
    /// The span of the name in the start tag.
    pub name_span: Span,
    /// Attributes in source order. A duplicate is reported and kept out of this list.
    pub attributes: Vec<Attribute<'a>>,
    /// Child nodes in source order.
    pub children: Vec<Node<'a>>,
    /// From the `<` of the start tag to the `>` of the end tag, or of the start tag when the
    /// element is empty. An element that is never closed ends with its last child, or with its
    /// start tag when it has none, so that the span of every child lies within its parent's.
    pub span: Span,
    /// The start tag, `<Name …>` or `<Name …/>`.
    pub start_tag: Span,
    /// The end tag, `</Name>`, if one closed this element.
    pub end_tag: Option<Span>,
    /// Whether the element was written as an empty-element tag, `<Name/>`.
    pub self_closing: bool,
}

impl<'a> Element<'a> {
    /// The attribute with exactly this name.
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes.iter().find(|attribute| attribute.name == name)
    }

    /// The decoded value of the attribute with exactly this name.
    pub fn attribute_value(&self, name: &str) -> Option<&str> {
        self.attribute(name).map(|attribute| attribute.value.as_ref())
    }

    /// The child elements, skipping text, comments and CDATA.
    pub fn child_elements(&self) -> impl DoubleEndedIterator<Item = &Element<'a>> {
        self.children.iter().filter_map(Node::as_element)
    }

    /// The text of the direct text and CDATA children, concatenated in order.
    pub fn text(&self) -> Cow<'_, str> {
        let mut pieces = self.children.iter().filter_map(|node| match node {
            Node::Text(text) => Some(text.value.as_ref()),
            Node::CData(cdata) => Some(cdata.text),
            _ => None,
        });
        let Some(first) = pieces.next() else {
            return Cow::Borrowed("");
        };
        match pieces.next() {
            None => Cow::Borrowed(first),
            Some(second) => {
                let mut joined = String::from(first);
                joined.push_str(second);
                pieces.for_each(|piece| joined.push_str(piece));
                Cow::Owned(joined)
            }
        }
    }

    /// The span covering the direct text and CDATA children, or `None` when there are none.
    pub fn text_span(&self) -> Option<Span> {
        self.children
            .iter()
            .filter(|node| matches!(node, Node::Text(_) | Node::CData(_)))
            .map(Node::span)
            .reduce(Span::cover)
    }

    /// Whether any direct text or CDATA child contains something other than whitespace.
    pub fn has_text(&self) -> bool {
        self.children.iter().any(|node| match node {
            Node::Text(text) => !text.value.trim().is_empty(),
            Node::CData(cdata) => !cdata.text.trim().is_empty(),
            _ => false,
        })
    }
}

/// An attribute, `name="value"`.
#[derive(Debug, Clone, Serialize)]
pub struct Attribute<'a> {
    /// The name as written, prefix included, such as `xml:lang`.
    pub name: &'a str,
    /// The span of the name.
    pub name_span: Span,
    /// The value with references decoded and whitespace normalized as XML requires (each tab,
    /// newline and carriage return becomes a space).
    pub value: Cow<'a, str>,
    /// The value exactly as written between the quotes. A value written without quotes, or
    /// without its closing quote, is kept too, and reported.
    pub raw_value: &'a str,
    /// The span of the value between the quotes.
    pub value_span: Span,
    /// From the first byte of the name to the closing quote, or to the end of the value when
    /// there is none.
    pub span: Span,
}

/// Character data between tags.
#[derive(Debug, Clone, Serialize)]
pub struct Text<'a> {
    /// The text with entity and character references decoded and line ends normalized as XML
    /// requires (each CR LF pair and each lone CR becomes LF).
    pub value: Cow<'a, str>,
    /// The raw text in the source, references undecoded.
    pub span: Span,
}

/// A comment.
#[derive(Debug, Clone, Serialize)]
pub struct Comment<'a> {
    /// The text between `<!--` and `-->`.
    pub text: &'a str,
    /// The whole comment.
    pub span: Span,
}

/// A CDATA section.
#[derive(Debug, Clone, Serialize)]
pub struct CData<'a> {
    /// The text between `<![CDATA[` and `]]>`.
    pub text: &'a str,
    /// The whole section.
    pub span: Span,
}

/// A processing instruction other than the XML declaration.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessingInstruction<'a> {
    /// The text between `<?` and `?>`.
    pub text: &'a str,
    /// The whole instruction.
    pub span: Span,
}
