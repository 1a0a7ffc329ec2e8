//! The document model: elements, attributes, text, comments and CDATA in source order, each
//! with the byte span it came from.
//!
//! A [`Document`] keeps all its nodes in one vector in document order, each element followed
//! by everything inside it, and the attributes of all its elements in another. [`Element`] and
//! [`Node`] are small copyable views into those vectors. Parsing so allocates a few vectors per
//! document rather than one or two per element, and visiting every element is one pass over a
//! vector.
//!
//! Strings borrow from the source where they can. Text that held references or carriage
//! returns is decoded into one buffer that the document owns, and attribute values that held
//! them are owned strings. The raw spans are kept beside the decoded values.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::problem::Problem;
use crate::span::Span;

/// The parent index of a node at the top level.
pub(crate) const NO_PARENT: u32 = u32::MAX;

/// A parsed TwiML document: its nodes, the XML declaration and DOCTYPE, and the problems found
/// while reading it.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The source text the spans point into.
    pub source: &'a str,
    /// The XML declaration, if there is one.
    pub declaration: Option<Declaration<'a>>,
    /// The span of a DOCTYPE declaration, if there is one. Its entities are never expanded.
    pub doctype: Option<Span>,
    /// Whether the source starts with a UTF-8 byte order mark.
    pub byte_order_mark: bool,
    /// Problems found while reading, sorted by the start of their spans.
    pub problems: Vec<Problem>,
    /// Every node in document order. An element is followed by its descendants, and
    /// [`NodeData::end`] is the index after the last of them.
    pub(crate) nodes: Vec<NodeData<'a>>,
    /// The attributes of every element, in document order. An element's attributes are
    /// contiguous.
    pub(crate) attributes: Vec<Attribute<'a>>,
    /// The decoded values of text nodes that held references or carriage returns.
    pub(crate) decoded: String,
}

impl<'a> Document<'a> {
    /// Creates a document with no nodes, for a parse that reads nothing.
    pub(crate) fn empty(source: &'a str) -> Document<'a> {
        Document {
            source,
            declaration: None,
            doctype: None,
            byte_order_mark: false,
            problems: Vec::new(),
            nodes: Vec::new(),
            attributes: Vec::new(),
            decoded: String::new(),
        }
    }

    /// Iterates over the nodes at the top level: the root element, comments, and any stray
    /// content, in source order. Whitespace between them is not kept.
    #[inline]
    pub fn nodes(&self) -> Children<'_, 'a> {
        Children { document: self, next: 0, end: self.node_count() }
    }

    /// The root element: the first element at the top level.
    #[inline]
    pub fn root(&self) -> Option<Element<'_, 'a>> {
        self.nodes().find_map(Node::as_element)
    }

    /// Whether the parser found any problem that makes the document not well-formed XML.
    pub fn is_well_formed(&self) -> bool {
        !self.problems.iter().any(|problem| problem.kind.is_well_formedness_error())
    }

    /// Iterates over every element in document order, starting with the root. An element's
    /// parent comes before it, and [`Element::parent`] finds it.
    #[inline]
    pub fn elements(&self) -> impl DoubleEndedIterator<Item = Element<'_, 'a>> + Clone {
        (0..self.node_count()).filter_map(move |index| self.element(index))
    }

    /// Iterates over every node in document order: each element is followed by its
    /// descendants.
    #[inline]
    pub fn descendants(&self) -> impl DoubleEndedIterator<Item = Node<'_, 'a>> + Clone {
        (0..self.node_count()).map(move |index| self.node_at(index))
    }

    /// Counts the nodes in the document, at every depth. Node indexes, such as
    /// [`Element::index`], run from 0 to this number.
    #[inline]
    pub fn node_count(&self) -> u32 {
        // The parser stops reading before the count could pass `u32::MAX`.
        self.nodes.len() as u32
    }

    /// Checks whether the document has a CDATA section anywhere.
    pub fn has_cdata(&self) -> bool {
        self.nodes.iter().any(|node| node.kind == NodeKind::CData)
    }

    /// Counts the attributes of all elements, which [`Element::attribute_index`] counts
    /// through.
    #[inline]
    pub fn attribute_count(&self) -> usize {
        self.attributes.len()
    }

    /// Returns the element at node index `index`, or `None` when that node is not an element.
    #[inline]
    pub fn element(&self, index: u32) -> Option<Element<'_, 'a>> {
        let data = self.nodes.get(index as usize)?;
        (data.kind == NodeKind::Element).then_some(Element { document: self, data, index })
    }

    /// The node at `index`, which must be below [`Document::node_count`].
    #[inline]
    fn node_at(&self, index: u32) -> Node<'_, 'a> {
        self.node_from(index, &self.nodes[index as usize])
    }

    /// Returns the node at `index`, whose stored data is `data`.
    #[inline]
    fn node_from<'d>(&'d self, index: u32, data: &'d NodeData<'a>) -> Node<'d, 'a> {
        let span = data.span();
        match data.kind {
            NodeKind::Element => Node::Element(Element { document: self, data, index }),
            NodeKind::Text => Node::Text(Text { value: self.text_value(data), span }),
            NodeKind::Comment => {
                Node::Comment(Comment { text: self.slice(data.value_start, data.value_end), span })
            }
            NodeKind::CData => {
                Node::CData(CData { text: self.slice(data.value_start, data.value_end), span })
            }
            NodeKind::ProcessingInstruction => Node::ProcessingInstruction(ProcessingInstruction {
                text: self.slice(data.value_start, data.value_end),
                span,
            }),
        }
    }

    #[inline]
    fn text_value(&self, data: &NodeData<'a>) -> &str {
        if data.decoded {
            self.decoded.get(data.value_start as usize..data.value_end as usize).unwrap_or("")
        } else {
            self.slice(data.start, data.stop)
        }
    }

    /// Returns the source between two offsets the parser recorded. They always lie on
    /// character boundaries; the empty string is returned should that ever fail.
    #[inline]
    fn slice(&self, start: u32, end: u32) -> &'a str {
        self.source.get(start as usize..end as usize).unwrap_or("")
    }
}

/// The kind of a stored node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum NodeKind {
    #[default]
    Element,
    Text,
    Comment,
    CData,
    ProcessingInstruction,
}

/// One node as the document stores it, with offsets as `u32` so that a node takes 64 bytes.
/// Fields that do not apply to the node's kind are 0 or empty.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeData<'a> {
    pub(crate) kind: NodeKind,
    /// Whether an element was written `<Name/>`.
    pub(crate) self_closing: bool,
    /// Whether an end tag closed the element.
    pub(crate) has_end_tag: bool,
    /// Whether a text node's value is in [`Document::decoded`] rather than the source.
    pub(crate) decoded: bool,
    /// For an element, whether a direct text or CDATA child may contain more than XML
    /// whitespace. When it is false, every text child is whitespace between elements, so the
    /// element's text need not be read to know it has none.
    pub(crate) may_have_text: bool,
    /// The index of the parent element, or [`NO_PARENT`].
    pub(crate) parent: u32,
    /// The index after the node's last descendant.
    pub(crate) end: u32,
    /// The start of the node's span.
    pub(crate) start: u32,
    /// The end of the node's span.
    pub(crate) stop: u32,
    /// For an element, its name, which starts right after the `<`.
    pub(crate) name: &'a str,
    /// For an element, the end of its start tag.
    pub(crate) start_tag_end: u32,
    /// For an element closed by an end tag, where that tag starts. It ends with the element.
    pub(crate) end_tag_start: u32,
    /// For an element, the range of its attributes in [`Document::attributes`].
    pub(crate) attributes_start: u32,
    pub(crate) attributes_end: u32,
    /// For a decoded text, the range of its value in [`Document::decoded`]. For a comment,
    /// CDATA section or processing instruction, the range of its text in the source.
    pub(crate) value_start: u32,
    pub(crate) value_end: u32,
}

impl NodeData<'_> {
    #[inline]
    pub(crate) fn span(&self) -> Span {
        Span::new(self.start as usize, self.stop as usize)
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

/// A node of the tree, borrowed from its [`Document`].
#[derive(Debug, Clone, Copy)]
pub enum Node<'d, 'a> {
    /// An element with its attributes and children.
    Element(Element<'d, 'a>),
    /// Character data, with entity and character references decoded.
    Text(Text<'d>),
    /// A comment, `<!-- … -->`.
    Comment(Comment<'a>),
    /// A CDATA section, `<![CDATA[ … ]]>`.
    CData(CData<'a>),
    /// A processing instruction other than the XML declaration, `<?target …?>`.
    ProcessingInstruction(ProcessingInstruction<'a>),
}

impl<'d, 'a> Node<'d, 'a> {
    /// The element, if this node is one.
    #[inline]
    pub fn as_element(self) -> Option<Element<'d, 'a>> {
        match self {
            Node::Element(element) => Some(element),
            _ => None,
        }
    }

    /// The span of the whole node in the source.
    #[inline]
    pub fn span(self) -> Span {
        match self {
            Node::Element(element) => element.span(),
            Node::Text(text) => text.span,
            Node::Comment(comment) => comment.span,
            Node::CData(cdata) => cdata.span,
            Node::ProcessingInstruction(instruction) => instruction.span,
        }
    }
}

/// An element, `<Name attr="value">children</Name>` or `<Name/>`, borrowed from its
/// [`Document`]. It is a reference in all but name: copy it freely.
#[derive(Clone, Copy)]
pub struct Element<'d, 'a> {
    document: &'d Document<'a>,
    /// The element's entry in [`Document::nodes`], kept beside its index so that reading a
    /// field needs no lookup.
    data: &'d NodeData<'a>,
    index: u32,
}

impl<'d, 'a> Element<'d, 'a> {
    #[inline]
    fn data(self) -> &'d NodeData<'a> {
        self.data
    }

    /// Returns the element at `index`, which must be an element node of `document`.
    #[inline]
    fn at(document: &'d Document<'a>, index: u32) -> Element<'d, 'a> {
        Element { document, data: &document.nodes[index as usize], index }
    }

    /// Returns the document the element belongs to.
    #[inline]
    pub fn document(self) -> &'d Document<'a> {
        self.document
    }

    /// Returns the element's position among all nodes of the document, in document order: unique
    /// within the document, and below [`Document::node_count`].
    #[inline]
    pub fn index(self) -> u32 {
        self.index
    }

    /// The name as written, prefix included, such as `Say` or `say-as`.
    #[inline]
    pub fn name(self) -> &'a str {
        self.data.name
    }

    /// The span of the name in the start tag.
    #[inline]
    pub fn name_span(self) -> Span {
        let start = self.data.start as usize + 1;
        Span::new(start, start + self.data.name.len())
    }

    /// From the `<` of the start tag to the `>` of the end tag, or of the start tag when the
    /// element is empty. An element that is never closed ends with its last child, or with its
    /// start tag when it has none, so that the span of every child lies within its parent's.
    #[inline]
    pub fn span(self) -> Span {
        self.data().span()
    }

    /// The start tag, `<Name …>` or `<Name …/>`.
    #[inline]
    pub fn start_tag(self) -> Span {
        let data = self.data();
        Span::new(data.start as usize, data.start_tag_end as usize)
    }

    /// The end tag, `</Name>`, if one closed this element.
    #[inline]
    pub fn end_tag(self) -> Option<Span> {
        let data = self.data();
        data.has_end_tag.then(|| Span::new(data.end_tag_start as usize, data.stop as usize))
    }

    /// Whether the element was written as an empty-element tag, `<Name/>`.
    #[inline]
    pub fn self_closing(self) -> bool {
        self.data().self_closing
    }

    /// Returns the position of the element's first attribute among the attributes of all
    /// elements of the document, in document order. The element's other attributes follow it,
    /// so a value kept per attribute of a document can be found by this position.
    #[inline]
    pub fn attribute_index(self) -> usize {
        self.data.attributes_start as usize
    }

    /// Attributes in source order. A duplicate is reported and kept out of this list.
    #[inline]
    pub fn attributes(self) -> &'d [Attribute<'a>] {
        let data = self.data();
        self.document
            .attributes
            .get(data.attributes_start as usize..data.attributes_end as usize)
            .unwrap_or(&[])
    }

    /// The attribute with exactly this name.
    #[inline]
    pub fn attribute(self, name: &str) -> Option<&'d Attribute<'a>> {
        self.attributes().iter().find(|attribute| attribute.name == name)
    }

    /// The decoded value of the attribute with exactly this name.
    #[inline]
    pub fn attribute_value(self, name: &str) -> Option<&'d str> {
        self.attribute(name).map(|attribute| attribute.value.as_ref())
    }

    /// Returns the element that contains this one, `None` at the top level.
    #[inline]
    pub fn parent(self) -> Option<Element<'d, 'a>> {
        let parent = self.data().parent;
        (parent != NO_PARENT).then(|| Element::at(self.document, parent))
    }

    /// Child nodes in source order.
    #[inline]
    pub fn children(self) -> Children<'d, 'a> {
        Children { document: self.document, next: self.index + 1, end: self.data().end }
    }

    /// The child elements, skipping text, comments and CDATA.
    #[inline]
    pub fn child_elements(self) -> ChildElements<'d, 'a> {
        ChildElements(self.children())
    }

    /// Iterates over every node inside this element at any depth, in document order.
    pub fn descendants(self) -> impl DoubleEndedIterator<Item = Node<'d, 'a>> + Clone {
        let document = self.document;
        (self.index + 1..self.data().end).map(move |index| document.node_at(index))
    }

    /// The text of the direct text and CDATA children, concatenated in order.
    pub fn text(self) -> Cow<'d, str> {
        let mut pieces = self.children().filter_map(|node| match node {
            Node::Text(text) => Some(text.value),
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
    pub fn text_span(self) -> Option<Span> {
        self.children()
            .filter(|node| matches!(node, Node::Text(_) | Node::CData(_)))
            .map(Node::span)
            .reduce(Span::cover)
    }

    /// Whether any direct text or CDATA child contains something other than whitespace.
    pub fn has_text(self) -> bool {
        if !self.data().may_have_text {
            return false;
        }
        self.children().any(|node| match node {
            Node::Text(text) => !is_whitespace(text.value),
            Node::CData(cdata) => !is_whitespace(cdata.text),
            _ => false,
        })
    }
}

/// Checks whether `text` is empty or only whitespace. The bytes are tried first, because the
/// text between elements is short ASCII whitespace and other text starts with a visible
/// character.
fn is_whitespace(text: &str) -> bool {
    match text.bytes().find(|byte| !byte.is_ascii_whitespace()) {
        None => true,
        Some(byte) if byte.is_ascii_graphic() => false,
        // A vertical tab or a non-ASCII space may still leave nothing but whitespace.
        Some(_) => text.trim().is_empty(),
    }
}

impl PartialEq for Element<'_, '_> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && std::ptr::eq(self.document, other.document)
    }
}

impl Eq for Element<'_, '_> {}

impl fmt::Debug for Element<'_, '_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Element")
            .field("index", &self.index)
            .field("name", &self.name())
            .field("span", &self.span())
            .field("attributes", &self.attributes())
            .finish_non_exhaustive()
    }
}

/// The nodes between two indexes of a document that share a parent: the children of an
/// element, or the top level.
#[derive(Debug, Clone)]
pub struct Children<'d, 'a> {
    document: &'d Document<'a>,
    next: u32,
    end: u32,
}

impl<'d, 'a> Iterator for Children<'d, 'a> {
    type Item = Node<'d, 'a>;

    #[inline]
    fn next(&mut self) -> Option<Node<'d, 'a>> {
        let (index, data) = self.advance()?;
        Some(self.document.node_from(index, data))
    }
}

impl std::iter::FusedIterator for Children<'_, '_> {}

impl<'d, 'a> Children<'d, 'a> {
    /// Moves past the next node and returns its index and stored data.
    #[inline]
    fn advance(&mut self) -> Option<(u32, &'d NodeData<'a>)> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        let data = &self.document.nodes[index as usize];
        // The next sibling follows this node's last descendant. A stored `end` is always past
        // the node's own index; `max` keeps the loop moving even so.
        self.next = data.end.max(index + 1);
        Some((index, data))
    }
}

/// The child elements of an element, skipping its other nodes, from
/// [`Element::child_elements`].
#[derive(Debug, Clone)]
pub struct ChildElements<'d, 'a>(Children<'d, 'a>);

impl<'d, 'a> Iterator for ChildElements<'d, 'a> {
    type Item = Element<'d, 'a>;

    #[inline]
    fn next(&mut self) -> Option<Element<'d, 'a>> {
        // Only the kind of the skipped nodes is read: no text value is looked up.
        loop {
            let (index, data) = self.0.advance()?;
            if data.kind == NodeKind::Element {
                return Some(Element { document: self.0.document, data, index });
            }
        }
    }
}

impl std::iter::FusedIterator for ChildElements<'_, '_> {}

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
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Text<'d> {
    /// The text with entity and character references decoded and line ends normalized as XML
    /// requires (each CR LF pair and each lone CR becomes LF).
    pub value: &'d str,
    /// The raw text in the source, references undecoded.
    pub span: Span,
}

/// A comment.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Comment<'a> {
    /// The text between `<!--` and `-->`.
    pub text: &'a str,
    /// The whole comment.
    pub span: Span,
}

/// A CDATA section.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CData<'a> {
    /// The text between `<![CDATA[` and `]]>`.
    pub text: &'a str,
    /// The whole section.
    pub span: Span,
}

/// A processing instruction other than the XML declaration.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ProcessingInstruction<'a> {
    /// The text between `<?` and `?>`.
    pub text: &'a str,
    /// The whole instruction.
    pub span: Span,
}

// The JSON form nests children inside their elements, as a reader of the tree expects,
// whatever the storage.

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Document", 5)?;
        state.serialize_field("declaration", &self.declaration)?;
        state.serialize_field("doctype", &self.doctype)?;
        state.serialize_field("byte_order_mark", &self.byte_order_mark)?;
        state.serialize_field("nodes", &NodeList(self.nodes()))?;
        state.serialize_field("problems", &self.problems)?;
        state.end()
    }
}

/// A list of sibling nodes, serialized as a sequence.
struct NodeList<'d, 'a>(Children<'d, 'a>);

impl Serialize for NodeList<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut sequence = serializer.serialize_seq(None)?;
        for node in self.0.clone() {
            sequence.serialize_element(&node)?;
        }
        sequence.end()
    }
}

impl Serialize for Node<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Node::Element(element) => {
                map.serialize_entry("type", "element")?;
                map.serialize_entry("name", element.name())?;
                map.serialize_entry("name_span", &element.name_span())?;
                map.serialize_entry("attributes", element.attributes())?;
                map.serialize_entry("children", &NodeList(element.children()))?;
                map.serialize_entry("span", &element.span())?;
                map.serialize_entry("start_tag", &element.start_tag())?;
                map.serialize_entry("end_tag", &element.end_tag())?;
                map.serialize_entry("self_closing", &element.self_closing())?;
            }
            Node::Text(text) => {
                map.serialize_entry("type", "text")?;
                map.serialize_entry("value", text.value)?;
                map.serialize_entry("span", &text.span)?;
            }
            Node::Comment(Comment { text, span }) => {
                map.serialize_entry("type", "comment")?;
                map.serialize_entry("text", text)?;
                map.serialize_entry("span", span)?;
            }
            Node::CData(CData { text, span }) => {
                map.serialize_entry("type", "c-data")?;
                map.serialize_entry("text", text)?;
                map.serialize_entry("span", span)?;
            }
            Node::ProcessingInstruction(ProcessingInstruction { text, span }) => {
                map.serialize_entry("type", "processing-instruction")?;
                map.serialize_entry("text", text)?;
                map.serialize_entry("span", span)?;
            }
        }
        map.end()
    }
}

impl Serialize for Element<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Node::Element(*self).serialize(serializer)
    }
}
