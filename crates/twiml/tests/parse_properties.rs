//! Properties that hold for any input: parsing does not panic, every span lies within the
//! source on character boundaries, and spans nest as the tree does. A well-formed document
//! written from a random tree parses back to that tree with no problem.

use proptest::prelude::*;
use std::fmt::Write as _;
use twiml::{Document, Element, Node, Span};

/// Appends formatted text to a `String`, which accepts every write of these arguments, so the
/// `expect` never fires.
macro_rules! push {
    ($out:expr, $($format:tt)*) => {
        $out.write_fmt(format_args!($($format)*)).expect("writing to a String cannot fail")
    };
}

/// Documents to mutate: small, but with every construct the parser reads.
const SEEDS: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n  <Say voice=\"Polly.Mía\">Hi \
     <break time=\"1s\"/> &amp; bye</Say>\n</Response>\n",
    "<Response><Gather input=\"dtmf speech\" action=\"/menu?a=1&amp;b=2\" numDigits='1'>\
     <Say>Press 1 &#233;</Say><!-- menu --></Gather><Redirect>/x</Redirect></Response>",
    "<Response><Dial callerId=\"{{From}}\">{{#Dest}}<Number>{{.}}</Number>{{/Dest}}</Dial>\
     <Say><![CDATA[a < b]]></Say><?app x?></Response>",
    "\u{feff}<!DOCTYPE Response [<!ENTITY a \"x\">]>\r\n<Response xml:lang=\"fr\"><Say>&a;</Say>\
     </Response>",
];

/// Byte strings that tend to break markup when inserted.
const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "&",
    ";",
    "\"",
    "'",
    "=",
    "/",
    "!",
    "?",
    "-",
    "--",
    "[",
    "]",
    "]]>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?",
    "?>",
    "</",
    "/>",
    "&#",
    "&#x",
    "&amp",
    "<Say>",
    "</Say>",
    " ",
    "\r\n",
    "\u{feff}",
    "\u{0}",
    "é",
    "\u{fffe}",
    "<!DOCTYPE",
    "<?xml ",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert { at: usize, fragment: usize },
    InsertByte { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..FRAGMENTS.len())
            .prop_map(|(at, fragment)| Mutation::Insert { at, fragment }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::InsertByte { at, byte }),
        (any::<usize>(), 1..8usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..16usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let position = |at: usize, bytes: &Vec<u8>| at % (bytes.len() + 1);
    match *mutation {
        Mutation::Insert { at, fragment } => {
            let at = position(at, bytes);
            bytes.splice(at..at, FRAGMENTS[fragment].bytes());
        }
        Mutation::InsertByte { at, byte } => {
            let at = position(at, bytes);
            bytes.insert(at, byte);
        }
        Mutation::Delete { at, len } => {
            let at = position(at, bytes);
            bytes.drain(at..(at + len).min(bytes.len()));
        }
        Mutation::Duplicate { at, len } => {
            let at = position(at, bytes);
            let copy = bytes[at..(at + len).min(bytes.len())].to_vec();
            bytes.splice(at..at, copy);
        }
        Mutation::Truncate { at } => {
            let at = position(at, bytes);
            bytes.truncate(at);
        }
    }
}

/// Checks that `span` lies within `outer`.
fn assert_within(span: Span, outer: Span, what: &str) {
    assert!(
        outer.start <= span.start && span.end <= outer.end,
        "{what} {span:?} is not within {outer:?}"
    );
}

/// Checks that `span` lies within `source`, on character boundaries.
fn assert_valid(source: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what} {span:?} ends before it starts");
    assert!(span.text(source).is_some(), "{what} {span:?} is not within the source on boundaries");
}

fn check_nodes(
    source: &str,
    nodes: &[Node<'_, '_>],
    parent: Option<Element<'_, '_>>,
    depth: usize,
) {
    assert!(depth <= twiml::MAX_DEPTH, "elements nested {depth} deep");
    let mut previous_end = parent.map_or(0, |parent| parent.start_tag().end);
    for node in nodes {
        let span = node.span();
        assert_valid(source, span, "node");
        assert!(previous_end <= span.start, "node {span:?} overlaps the one before it");
        previous_end = span.end;
        if let Some(parent) = parent {
            assert_within(span, parent.span(), "child");
        }
        match node {
            Node::Element(element) => {
                assert_eq!(element.parent(), parent, "the parent of {span:?}");
                check_element(source, *element, depth + 1);
            }
            Node::Comment(comment) => {
                assert_eq!(Some(comment.text), source.get(span.start + 4..span.end - 3));
            }
            Node::CData(cdata) => {
                assert_eq!(Some(cdata.text), source.get(span.start + 9..span.end - 3));
            }
            Node::Text(_) | Node::ProcessingInstruction(_) => {}
        }
    }
    if let Some(end_tag) = parent.and_then(twiml::Element::end_tag) {
        assert!(previous_end <= end_tag.start, "children overlap the end tag");
    }
}

fn check_element(source: &str, element: Element<'_, '_>, depth: usize) {
    assert_valid(source, element.span(), "element");
    assert_valid(source, element.start_tag(), "start tag");
    assert_valid(source, element.name_span(), "name");
    assert_within(element.start_tag(), element.span(), "start tag");
    assert_within(element.name_span(), element.start_tag(), "name");
    assert_eq!(element.name_span().text(source), Some(element.name()));
    assert_eq!(element.span().start, element.start_tag().start);
    if let Some(end_tag) = element.end_tag() {
        assert_valid(source, end_tag, "end tag");
        assert_within(end_tag, element.span(), "end tag");
        assert!(element.start_tag().end <= end_tag.start);
    }
    let mut previous_end = element.name_span().end;
    for attribute in element.attributes() {
        assert_valid(source, attribute.span, "attribute");
        assert_valid(source, attribute.name_span, "attribute name");
        assert_valid(source, attribute.value_span, "attribute value");
        assert_within(attribute.span, element.start_tag(), "attribute");
        assert_within(attribute.name_span, attribute.span, "attribute name");
        assert_within(attribute.value_span, attribute.span, "attribute value");
        assert!(previous_end <= attribute.span.start, "attributes overlap");
        previous_end = attribute.span.end;
        assert_eq!(attribute.name_span.text(source), Some(attribute.name));
        assert_eq!(attribute.value_span.text(source), Some(attribute.raw_value));
    }
    let children: Vec<_> = element.children().collect();
    check_nodes(source, &children, Some(element), depth);
}

fn check_document(source: &str, document: &Document<'_>) {
    for problem in &document.problems {
        assert_valid(source, problem.span, "problem");
        assert!(!problem.message.is_empty());
    }
    assert!(
        document.problems.windows(2).all(|pair| pair[0].span.start <= pair[1].span.start),
        "problems are not sorted"
    );
    if let Some(declaration) = &document.declaration {
        assert_valid(source, declaration.span, "declaration");
    }
    if let Some(doctype) = document.doctype {
        assert_valid(source, doctype, "doctype");
    }
    let nodes: Vec<_> = document.nodes().collect();
    check_nodes(source, &nodes, None, 0);
}

/// Checks whether `decode` reads `bytes` as UTF-16, following its documentation: a byte order
/// mark other than UTF-32's, or a NUL byte beside a leading `<`.
fn is_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => false,
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] | [b'<', 0, _, 0, ..] | [0, b'<', 0, _, ..] => true,
        _ => false,
    }
}

fn decode_and_check(bytes: &[u8]) {
    let (source, decode_problems) = twiml::decode(bytes);
    // UTF-16 is transcoded, and offsets are then into the transcoded text.
    if !is_utf16(bytes) {
        assert_eq!(source.len(), bytes.len(), "decoding changed the length");
    }
    for problem in &decode_problems {
        assert_valid(&source, problem.span, "decode problem");
    }
    let document = twiml::parse(&source);
    check_document(&source, &document);
}

/// A random tree that serializes to well-formed XML.
#[derive(Debug, Clone)]
enum Tree {
    Element { name: &'static str, attributes: Vec<(&'static str, String)>, children: Vec<Tree> },
    Text(String),
    Comment(String),
    CData(String),
}

const NAMES: &[&str] = &["Response", "Say", "Gather", "Dial", "Number", "break", "say-as", "x:y"];
const ATTRIBUTES: &[&str] = &["voice", "action", "loop", "xml:lang", "interpret-as", "a.b", "_x"];

/// Characters XML allows, weighted towards the ones markup treats specially.
fn xml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec!['<', '>', '&', '"', '\'', ';', ']', '-', ' ', '\t', '\n', '\r', '{', '}']),
        3 => prop::char::range('a', 'z'),
        1 => prop::char::ranges(
            vec!['\u{20}'..='\u{D7FF}', '\u{E000}'..='\u{FFFD}', '\u{10000}'..='\u{10FFFF}'].into()
        ),
    ]
}

fn xml_string() -> impl Strategy<Value = String> {
    prop::collection::vec(xml_char(), 0..12).prop_map(String::from_iter)
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        xml_string().prop_map(Tree::Text),
        xml_string().prop_map(|text| text.replace('-', "_")).prop_map(Tree::Comment),
        xml_string().prop_map(|text| text.replace(']', "}")).prop_map(Tree::CData),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        (
            prop::sample::select(NAMES),
            prop::sample::subsequence(ATTRIBUTES, 0..4),
            prop::collection::vec(xml_string(), 4),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(name, attribute_names, values, children)| Tree::Element {
                name,
                attributes: attribute_names.into_iter().zip(values).collect(),
                children,
            })
    })
}

fn escape(text: &str, in_attribute: bool) -> String {
    let mut escaped = String::new();
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' if in_attribute => escaped.push_str("&quot;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' | '\n' if in_attribute => push!(escaped, "&#{};", u32::from(character)),
            other => escaped.push(other),
        }
    }
    escaped
}

fn write(tree: &Tree, out: &mut String) {
    match tree {
        Tree::Element { name, attributes, children } => {
            out.push('<');
            out.push_str(name);
            for (attribute, value) in attributes {
                push!(out, " {attribute}=\"{}\"", escape(value, true));
            }
            if children.is_empty() {
                out.push_str("/>");
                return;
            }
            out.push('>');
            for child in children {
                write(child, out);
            }
            push!(out, "</{name}>");
        }
        Tree::Text(text) => out.push_str(&escape(text, false)),
        Tree::Comment(text) => push!(out, "<!--{text}-->"),
        Tree::CData(text) => push!(out, "<![CDATA[{text}]]>"),
    }
}

/// A comparable outline of the tree as the parser should return it, with adjacent texts merged
/// and empty texts dropped.
#[derive(Debug, PartialEq, Eq)]
enum Outline {
    Element { name: String, attributes: Vec<(String, String)>, children: Vec<Outline> },
    Text(String),
    Comment(String),
    CData(String),
}

fn outline_of_tree(trees: &[Tree]) -> Vec<Outline> {
    let mut outlines: Vec<Outline> = Vec::new();
    for tree in trees {
        let outline = match tree {
            Tree::Element { name, attributes, children } => Outline::Element {
                name: (*name).to_owned(),
                attributes: attributes.iter().map(|(n, v)| ((*n).to_owned(), v.clone())).collect(),
                children: outline_of_tree(children),
            },
            Tree::Text(text) if text.is_empty() => continue,
            Tree::Text(text) => {
                if let Some(Outline::Text(previous)) = outlines.last_mut() {
                    previous.push_str(text);
                    continue;
                }
                Outline::Text(text.clone())
            }
            Tree::Comment(text) => Outline::Comment(text.clone()),
            Tree::CData(text) => Outline::CData(text.clone()),
        };
        outlines.push(outline);
    }
    outlines
}

fn outline_of_nodes<'d, 'a: 'd>(nodes: impl Iterator<Item = Node<'d, 'a>>) -> Vec<Outline> {
    nodes
        .map(|node| match node {
            Node::Element(element) => Outline::Element {
                name: element.name().to_owned(),
                attributes: element
                    .attributes()
                    .iter()
                    .map(|attribute| (attribute.name.to_owned(), attribute.value.to_string()))
                    .collect(),
                children: outline_of_nodes(element.children()),
            },
            Node::Text(text) => Outline::Text(text.value.to_string()),
            Node::Comment(comment) => Outline::Comment(comment.text.to_owned()),
            Node::CData(cdata) => Outline::CData(cdata.text.to_owned()),
            Node::ProcessingInstruction(instruction) => {
                Outline::Text(format!("<?{}", instruction.text))
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_give_valid_spans(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_and_check(&bytes);
    }

    #[test]
    fn markup_fragments_give_valid_spans(
        pieces in prop::collection::vec(0..FRAGMENTS.len(), 0..40),
        names in prop::collection::vec(prop::sample::select(NAMES), 0..40),
    ) {
        let mut source = String::new();
        for (index, piece) in pieces.iter().enumerate() {
            source.push_str(FRAGMENTS[*piece]);
            if let Some(name) = names.get(index) {
                source.push_str(name);
            }
        }
        decode_and_check(source.as_bytes());
    }

    #[test]
    fn mutated_twiml_gives_valid_spans(
        seed in 0..SEEDS.len(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let mut bytes = SEEDS[seed].as_bytes().to_vec();
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        decode_and_check(&bytes);
    }

    #[test]
    fn written_tree_parses_back(children in prop::collection::vec(tree(), 0..6), declaration: bool) {
        let root = Tree::Element { name: "Response", attributes: Vec::new(), children };
        let mut source = String::new();
        if declaration {
            source.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        write(&root, &mut source);

        let document = twiml::parse(&source);
        prop_assert!(document.problems.is_empty(), "{source}\n{:#?}", document.problems);
        check_document(&source, &document);
        prop_assert_eq!(outline_of_nodes(document.nodes()), outline_of_tree(&[root]));
    }
}

#[test]
fn utf16_inputs_give_valid_spans() {
    let cases: [&[u8]; 4] = [b"<\0R\0>\0", b"\0<\0R\0>", b"\xff\xfe<\0", b"\xfe\xff\0<\0>"];
    for bytes in cases {
        decode_and_check(bytes);
    }
}
