//! Well-formed documents of every shape TwiML authors write: each parses with no problem at all,
//! and the tree matches the source.

use twiml::{Document, Element, Node};

/// Well-formed documents, each named for what it exercises.
const VALID: &[(&str, &str)] = &[
    ("minimal", "<Response/>"),
    ("empty element with space", "<Response />"),
    ("start and end tag", "<Response></Response>"),
    (
        "declaration",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Say>Hello</Say></Response>",
    ),
    ("declaration with space before ?>", "<?xml version=\"1.0\" encoding=\"UTF-8\" ?><Response/>"),
    (
        "declaration single-quoted, standalone",
        "<?xml version='1.0' encoding='utf-8' standalone='yes'?><Response/>",
    ),
    (
        "ssml mixed content",
        "<Response><Say voice=\"Polly.Joanna\">Hi <break time=\"1s\"/> there, \
         <emphasis level=\"strong\">you</emphasis> <prosody rate=\"slow\">win</prosody>!</Say>\
         </Response>",
    ),
    (
        "ssml say-as and sub",
        "<Response><Say><say-as interpret-as=\"digits\">1234</say-as> and \
         <sub alias=\"World Wide Web\">WWW</sub></Say></Response>",
    ),
    (
        "comments everywhere",
        "<!-- before -->\n<Response><!-- first --><Say>Hi<!-- inside --> there</Say>\
         <!----><!-- - single hyphens - ok --></Response>\n<!-- after -->\n",
    ),
    (
        "numeric character references",
        "<Response><Say>caf&#233; &#xE9;&#xe9; &#x1F600; &#9;&#10;&#13; &#60;</Say></Response>",
    ),
    (
        "predefined entities",
        "<Response><Say>&lt;&gt;&amp;&apos;&quot;</Say><Play url=\"a?x=1&amp;y=2\"/></Response>",
    ),
    (
        "non-ASCII text and attribute values",
        "<Response><Say voice=\"Polly.Mía-Generative\" language=\"es-ES\">¿Qué tal? 你好 🎉</Say>\
         <Say voice=\"Polly.Rémi-Generative\">Très bien</Say></Response>",
    ),
    ("non-ASCII names", "<Response><Éclair attr\u{e9}=\"v\"/></Response>"),
    (
        "templates in text and attributes",
        "<Response><Dial callerId=\"{{#e164}}{{From}}{{/e164}}\">{{To}}</Dial>\
         <Say>Hello {{Name}}</Say></Response>",
    ),
    (
        "template section around elements",
        "<Response><Dial>{{#Dest}}<Number>{{.}}</Number>{{/Dest}}</Dial></Response>",
    ),
    ("cdata", "<Response><Say><![CDATA[Tom & Jerry <3 ]] >]]></Say></Response>"),
    ("cdata empty", "<Response><Say><![CDATA[]]></Say></Response>"),
    (
        "crlf line endings",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Response>\r\n  <Say>Hi</Say>\r\n</Response>\r\n",
    ),
    ("single-quoted attributes", "<Response><Say voice='alice' loop='2'>Hi</Say></Response>"),
    (
        "quotes inside other quotes",
        "<Response><Say voice='a\"b' language=\"c'd\">Hi</Say></Response>",
    ),
    ("greater-than in values and text", "<Response><Say voice=\"a>b\">1 > 0</Say></Response>"),
    (
        "xml:lang prefixed attribute",
        "<Response><Say><lang xml:lang=\"fr-FR\">Bonjour</lang></Say></Response>",
    ),
    ("namespace declaration", "<Response xmlns:x=\"urn:example\"><x:Note x:id=\"1\"/></Response>"),
    (
        "whitespace around equals",
        "<Response><Say voice = \"alice\"\n  loop\t=\t'2' >Hi</Say></Response>",
    ),
    ("whitespace in end tag", "<Response><Say>Hi</Say\n  ></Response >"),
    ("empty attribute value", "<Response><Say voice=\"\">Hi</Say></Response>"),
    ("tabs and newlines in attribute", "<Response><Gather input=\"dtmf\n\tspeech\"/></Response>"),
    (
        "processing instruction",
        "<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?><Response><?app x?></Response>",
    ),
    ("doctype-free whitespace after root", "<Response/>\n\n   \t\n"),
    ("trailing comment without newline", "<Response/><!-- end -->"),
    ("u+00a0 inside text", "<Response><Say>a\u{a0}b</Say></Response>"),
    ("greater-than after brackets", "<Response><Say>a]] >b ]>c</Say></Response>"),
    (
        "messaging",
        "<Response><Message to=\"+15125550100\"><Body>Hi &amp; bye</Body>\
         <Media>https://example.com/a.png?x=1&amp;y=2</Media></Message></Response>",
    ),
    (
        "gather menu",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n  <Gather input=\"dtmf speech\" \
         action=\"/menu?lang=en&amp;step=1\" numDigits=\"1\" timeout=\"5\">\n    <Say>For sales, \
         press 1.</Say>\n    <Pause length=\"1\"/>\n  </Gather>\n  <Redirect method=\"POST\">\
         /menu</Redirect>\n</Response>\n",
    ),
];

/// Returns the source of the valid document called `name`.
fn valid(name: &str) -> &'static str {
    VALID.iter().find(|(known, _)| *known == name).map(|(_, source)| *source).expect(name)
}

/// Parses the valid document called `name` and checks that it has no problems.
fn parse_valid(name: &str) -> Document<'static> {
    parse_clean(name, valid(name))
}

fn parse_clean(name: &str, source: &'static str) -> Document<'static> {
    let document = twiml::parse(source);
    assert!(document.problems.is_empty(), "{name}: {:#?}", document.problems);
    assert!(document.is_well_formed(), "{name}");
    assert!(document.root().is_some(), "{name}: no root");
    document
}

fn root<'d>(document: &'d Document<'static>) -> Element<'d, 'static> {
    document.root().expect("a root element")
}

/// Lists the children of `element` in order: element names as `<Name>`, text as its value,
/// comments as `<!--…-->`.
fn sequence(element: Element<'_, '_>) -> Vec<String> {
    element
        .children()
        .map(|node| match node {
            Node::Element(child) => format!("<{}>", child.name()),
            Node::Text(text) => text.value.to_string(),
            Node::Comment(comment) => format!("<!--{}-->", comment.text),
            Node::CData(cdata) => format!("<![CDATA[{}]]>", cdata.text),
            Node::ProcessingInstruction(instruction) => format!("<?{}?>", instruction.text),
        })
        .collect()
}

#[test]
fn valid_documents_have_no_problems() {
    for &(name, source) in VALID {
        parse_clean(name, source);
    }
}

#[test]
fn valid_documents_after_byte_order_mark() {
    for &(name, source) in VALID {
        let with_mark = format!("\u{feff}{source}");
        let document = twiml::parse(&with_mark);
        let kinds: Vec<_> = document.problems.iter().map(|problem| problem.kind).collect();
        assert_eq!(kinds, [twiml::ProblemKind::ByteOrderMark], "{name}");
    }
}

#[test]
fn ssml_mixed_content_keeps_order() {
    let document = parse_valid("ssml mixed content");
    let say = root(&document).child_elements().next().expect("a Say verb");
    assert_eq!(sequence(say), ["Hi ", "<break>", " there, ", "<emphasis>", " ", "<prosody>", "!"]);
    assert_eq!(say.text(), "Hi  there,  !");
    let emphasis = say.child_elements().nth(1).expect("an emphasis element");
    assert_eq!(emphasis.attribute_value("level"), Some("strong"));
    assert_eq!(emphasis.text(), "you");
}

#[test]
fn comments_kept_in_place() {
    let document = parse_valid("comments everywhere");
    let top: Vec<_> = document
        .nodes()
        .map(|node| match node {
            Node::Comment(comment) => comment.text,
            Node::Element(element) => element.name(),
            _ => "other",
        })
        .collect();
    assert_eq!(top, [" before ", "Response", " after "]);
    let response = root(&document);
    assert_eq!(
        sequence(response),
        ["<!-- first -->", "<Say>", "<!---->", "<!-- - single hyphens - ok -->"]
    );
    let say = response.child_elements().next().expect("a Say verb");
    assert_eq!(sequence(say), ["Hi", "<!-- inside -->", " there"]);
}

#[test]
fn character_references_decoded() {
    let document = parse_valid("numeric character references");
    let say = root(&document).child_elements().next().expect("a Say verb");
    assert_eq!(say.text(), "café éé 😀 \t\n\r <");
}

#[test]
fn predefined_entities_decoded() {
    let document = parse_valid("predefined entities");
    let mut verbs = root(&document).child_elements();
    assert_eq!(verbs.next().map(Element::text).as_deref(), Some("<>&'\""));
    let play = verbs.next().expect("a Play verb");
    assert_eq!(play.attribute_value("url"), Some("a?x=1&y=2"));
    assert_eq!(play.attribute("url").map(|url| url.raw_value), Some("a?x=1&amp;y=2"));
}

#[test]
fn non_ascii_values_borrowed_as_written() {
    let document = parse_valid("non-ASCII text and attribute values");
    let voices: Vec<_> =
        root(&document).child_elements().filter_map(|say| say.attribute_value("voice")).collect();
    assert_eq!(voices, ["Polly.Mía-Generative", "Polly.Rémi-Generative"]);
    let say = root(&document).child_elements().next().expect("a Say verb");
    assert_eq!(say.text(), "¿Qué tal? 你好 🎉");
}

#[test]
fn templates_kept_as_text() {
    let document = parse_valid("templates in text and attributes");
    let dial = root(&document).child_elements().next().expect("a Dial verb");
    assert_eq!(dial.attribute_value("callerId"), Some("{{#e164}}{{From}}{{/e164}}"));
    assert_eq!(dial.text(), "{{To}}");

    let document = parse_valid("template section around elements");
    let dial = root(&document).child_elements().next().expect("a Dial verb");
    assert_eq!(sequence(dial), ["{{#Dest}}", "<Number>", "{{/Dest}}"]);
    let number = dial.child_elements().next().expect("a Number noun");
    assert_eq!(number.text(), "{{.}}");
}

#[test]
fn cdata_kept_raw() {
    let document = parse_valid("cdata");
    let say = root(&document).child_elements().next().expect("a Say verb");
    assert_eq!(sequence(say), ["<![CDATA[Tom & Jerry <3 ]] >]]>"]);
    assert_eq!(say.text(), "Tom & Jerry <3 ]] >");
}

#[test]
fn empty_response() {
    let document = parse_valid("minimal");
    let response = root(&document);
    assert!(response.self_closing());
    assert_eq!(response.children().count(), 0);
    assert_eq!(response.end_tag(), None);
    assert_eq!(response.span(), response.start_tag());
}

#[test]
fn crlf_text_normalized() {
    let document = parse_valid("crlf line endings");
    let response = root(&document);
    assert_eq!(sequence(response), ["\n  ", "<Say>", "\n"]);
    let Some(Node::Text(text)) = response.children().next() else {
        panic!("expected text first, found {:?}", response.children().next());
    };
    assert_eq!(text.span.text(document.source), Some("\r\n  "));
}

#[test]
fn prefixed_attribute_names_kept_whole() {
    let document = parse_valid("xml:lang prefixed attribute");
    let lang = document.elements().find(|element| element.name() == "lang");
    let lang = lang.expect("a lang element");
    assert_eq!(lang.attribute_value("xml:lang"), Some("fr-FR"));
    assert_eq!(lang.attribute("lang").map(|attribute| attribute.name), None);
}

#[test]
fn declaration_fields() {
    let document = parse_valid("declaration single-quoted, standalone");
    let declaration = document.declaration.expect("a declaration");
    assert_eq!(declaration.version, Some("1.0"));
    assert_eq!(declaration.encoding, Some("utf-8"));
    assert_eq!(declaration.standalone, Some("yes"));
    assert_eq!(
        declaration.span.text(document.source),
        Some(&valid("declaration single-quoted, standalone")[..55])
    );
}

#[test]
fn attribute_whitespace_normalized() {
    let document = parse_valid("tabs and newlines in attribute");
    let gather = root(&document).child_elements().next().expect("a Gather verb");
    assert_eq!(gather.attribute_value("input"), Some("dtmf  speech"));
}

#[test]
fn processing_instructions_kept() {
    let document = parse_valid("processing instruction");
    assert!(
        matches!(document.nodes().next(), Some(Node::ProcessingInstruction(pi)) if pi.text == "xml-stylesheet href=\"a.xsl\"")
    );
    assert_eq!(sequence(root(&document)), ["<?app x?>"]);
}
