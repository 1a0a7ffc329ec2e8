//! The serializer over owned trees and parsed documents: declaration, escaping, layouts.

use twiml::serialize::{
    OwnedAttribute, OwnedDeclaration, OwnedDocument, OwnedElement, OwnedNode, XML_DECLARATION,
    escape_attribute, escape_text,
};
use twiml::{Layout, ToXml};

fn element(name: &str, attributes: &[(&str, &str)], children: Vec<OwnedNode>) -> OwnedElement {
    OwnedElement {
        name: name.to_owned(),
        attributes: attributes
            .iter()
            .map(|(name, value)| OwnedAttribute {
                name: (*name).to_owned(),
                value: (*value).to_owned(),
            })
            .collect(),
        children,
    }
}

fn text(value: &str) -> OwnedNode {
    OwnedNode::Text(value.to_owned())
}

#[test]
fn declaration_is_written_first() {
    let document = OwnedDocument::new(element("Response", &[], vec![]));
    assert_eq!(document.to_xml(Layout::Compact), format!("{XML_DECLARATION}<Response/>"));
    assert_eq!(document.to_string(), document.to_xml(Layout::Compact));
    assert_eq!(XML_DECLARATION, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
}

#[test]
fn declaration_keeps_standalone_and_can_be_left_out() {
    let mut document = OwnedDocument::new(element("Response", &[], vec![]));
    document.declaration = Some(OwnedDeclaration {
        standalone: Some("yes".to_owned()),
        ..OwnedDeclaration::default()
    });
    assert_eq!(
        document.to_xml(Layout::Compact),
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Response/>"#
    );
    document.declaration = None;
    assert_eq!(document.to_xml(Layout::Compact), "<Response/>");
}

#[test]
fn text_and_attribute_escaping() {
    assert_eq!(escape_text("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d\"e'f");
    assert_eq!(escape_attribute("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e'f");
    let say = element("Say", &[("voice", "a\"b")], vec![text("1 < 2 & 3 > 2")]);
    assert_eq!(
        say.to_xml(Layout::Compact),
        r#"<Say voice="a&quot;b">1 &lt; 2 &amp; 3 &gt; 2</Say>"#
    );
}

#[test]
fn non_ascii_is_utf8_without_numeric_references() {
    let say = element("Say", &[("voice", "Polly.Mía")], vec![text("naïve 日本 😀")]);
    let xml = say.to_xml(Layout::Compact);
    assert_eq!(xml, r#"<Say voice="Polly.Mía">naïve 日本 😀</Say>"#);
    assert!(!xml.contains("&#"));
}

#[test]
fn cdata_holding_its_terminator_is_split() {
    let say = element("Say", &[], vec![OwnedNode::CData("a ]]> b".to_owned())]);
    let xml = say.to_xml(Layout::Compact);
    assert_eq!(xml, "<Say><![CDATA[a ]]]]><![CDATA[> b]]></Say>");
    let reparsed = twiml::parse(&xml);
    assert!(reparsed.is_well_formed());
    assert_eq!(reparsed.root().map(|root| root.text().into_owned()).as_deref(), Some("a ]]> b"));
}

#[test]
fn indented_layout_breaks_only_between_markup() {
    let response = element(
        "Response",
        &[],
        vec![
            OwnedNode::Comment(" menu ".to_owned()),
            OwnedNode::Element(element(
                "Gather",
                &[("numDigits", "1")],
                vec![OwnedNode::Element(element("Say", &[], vec![text(" spaced  out ")]))],
            )),
            OwnedNode::Element(element("Play", &[], vec![text("/a.mp3")])),
            OwnedNode::ProcessingInstruction("pi data".to_owned()),
        ],
    );
    let mut document = OwnedDocument::new(response);
    document.nodes.push(OwnedNode::Comment(" end ".to_owned()));
    assert_eq!(
        document.to_xml(Layout::Indented),
        format!(
            "{XML_DECLARATION}\n<Response>\n  <!-- menu -->\n  <Gather numDigits=\"1\">\n    \
             <Say> spaced  out </Say>\n  </Gather>\n  <Play>/a.mp3</Play>\n  <?pi data?>\n\
             </Response>\n<!-- end -->\n"
        )
    );
    assert_eq!(
        document.to_xml(Layout::Compact),
        format!(
            "{XML_DECLARATION}<Response><!-- menu --><Gather numDigits=\"1\"><Say> spaced  out </Say>\
             </Gather><Play>/a.mp3</Play><?pi data?></Response><!-- end -->"
        )
    );
}

#[test]
fn indented_layout_keeps_content_whitespace_elements_inline() {
    // SSML, `<Message>` and elements marked `xml:space="preserve"` get no added whitespace.
    let message =
        element("Message", &[], vec![OwnedNode::Element(element("Body", &[], vec![text("Hi")]))]);
    let preserved = element(
        "Gather",
        &[("xml:space", "preserve")],
        vec![OwnedNode::Element(element("Pause", &[], vec![]))],
    );
    let paragraph =
        element("p", &[], vec![OwnedNode::Element(element("s", &[], vec![text("One.")]))]);
    let say = element("Say", &[], vec![OwnedNode::Element(paragraph)]);
    let response = element(
        "Response",
        &[],
        vec![OwnedNode::Element(message), OwnedNode::Element(preserved), OwnedNode::Element(say)],
    );
    assert_eq!(
        response.to_xml(Layout::Indented),
        "<Response>\n  <Message><Body>Hi</Body></Message>\n  <Gather xml:space=\"preserve\"><Pause/></Gather>\n  \
         <Say><p><s>One.</s></p></Say>\n</Response>"
    );
}

#[test]
fn parsed_document_keeps_its_whitespace_when_serialized() {
    let source = "<Response>\n  <Say> Hi </Say>\n</Response>";
    let document = twiml::parse(source);
    assert_eq!(document.to_xml(Layout::Compact), source);
    assert_eq!(document.to_xml(Layout::Indented), format!("{source}\n"));
}

#[test]
fn parsed_document_drops_byte_order_mark() {
    let source = "\u{feff}<!DOCTYPE Response><Response/>";
    let document = twiml::parse(source);
    assert!(document.byte_order_mark);
    assert_eq!(document.to_xml(Layout::Compact), "<!DOCTYPE Response><Response/>");
}

#[test]
fn carriage_returns_survive_as_references() {
    let say = element("Say", &[("x", "a\rb")], vec![text("c\rd")]);
    let xml = say.to_xml(Layout::Compact);
    assert_eq!(xml, "<Say x=\"a&#13;b\">c&#13;d</Say>");
    let reparsed = OwnedDocument::from_document(&twiml::parse(&xml));
    assert_eq!(reparsed.root(), Some(&say));
}

#[test]
fn literal_crlf_reads_as_line_feed() {
    let document = OwnedDocument::from_document(&twiml::parse("<Say x=\"a\r\nb\">c\r\nd\re</Say>"));
    let say = document.root().expect("a root");
    assert_eq!(say.attribute("x"), Some("a b"));
    assert_eq!(say.children, vec![text("c\nd\ne")]);
}
