//! The canonical formatter: its layout, what it must keep, what it refuses, and that it is
//! idempotent and meaning-preserving over every fixture.

#[path = "support/fixtures.rs"]
mod fixtures;

use twiml::schema::{self, Family, TextKind};
use twiml::serialize::{OwnedDocument, OwnedElement, OwnedNode};
use twiml::{FormatError, ProblemKind};

fn format(source: &str) -> String {
    match twiml::format(source) {
        Ok(formatted) => formatted,
        Err(error) => panic!("cannot format: {error}\n{source}"),
    }
}

#[test]
fn format_lays_out_one_element_per_line() {
    let source = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits='1'
        action="/menu"><Say>Press 1</Say><Pause length="2"></Pause></Gather><Hangup/></Response>"#;
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="1" action="/menu">
    <Say>Press 1</Say>
    <Pause length="2"/>
  </Gather>
  <Hangup/>
</Response>
"#;
    assert_eq!(format(source), expected);
}

#[test]
fn format_reindents_deep_nesting() {
    let source = "<Response>\n<Dial>\n        <Number>+14155550100</Number>\n<Client>\n<Identity>alice</Identity>\n      <Parameter name=\"a\" value=\"b\"/>\n</Client>\n</Dial>\n</Response>";
    let expected = "<Response>\n  <Dial>\n    <Number>+14155550100</Number>\n    <Client>\n      <Identity>alice</Identity>\n      <Parameter name=\"a\" value=\"b\"/>\n    </Client>\n  </Dial>\n</Response>\n";
    assert_eq!(format(source), expected);
}

#[test]
fn format_keeps_whitespace_in_say_message_and_body() {
    let source = "<Response>\n<Say>  Hello,\n    world  </Say>\n<Message>\n  <Body> Hi  there </Body>\n</Message>\n</Response>";
    let expected = "<Response>\n  <Say>  Hello,\n    world  </Say>\n  <Message>\n  <Body> Hi  there </Body>\n</Message>\n</Response>\n";
    assert_eq!(format(source), expected);
}

#[test]
fn format_keeps_mixed_say_content_as_written() {
    let source = "<Response><Say>Hello <break time=\"1s\"/>  world <emphasis>now</emphasis>.</Say></Response>";
    let expected = "<Response>\n  <Say>Hello <break time=\"1s\"/>  world <emphasis>now</emphasis>.</Say>\n</Response>\n";
    assert_eq!(format(source), expected);
}

#[test]
fn format_keeps_template_section_between_nouns() {
    let source = "<Response>\n    <Dial callerId=\"{{#e164}}{{From}}{{/e164}}\">{{#Dest}}<Number>{{.}}</Number>{{/Dest}}</Dial>\n</Response>\n";
    let formatted = format(source);
    assert!(
        formatted.contains("<Dial callerId=\"{{#e164}}{{From}}{{/e164}}\">{{#Dest}}<Number>{{.}}</Number>{{/Dest}}</Dial>"),
        "{formatted}"
    );
    assert_eq!(
        formatted,
        "<Response>\n  <Dial callerId=\"{{#e164}}{{From}}{{/e164}}\">{{#Dest}}<Number>{{.}}</Number>{{/Dest}}</Dial>\n</Response>\n"
    );
}

#[test]
fn format_keeps_template_tags_with_greater_than() {
    let source = "<Response><Say>{{> greeting}} and {{#x}}more{{/x}}</Say></Response>";
    assert_eq!(
        format(source),
        "<Response>\n  <Say>{{> greeting}} and {{#x}}more{{/x}}</Say>\n</Response>\n"
    );
}

#[test]
fn format_drops_layout_whitespace_but_keeps_text_content() {
    // `<Gather>` takes no text, so its whitespace is layout; `<Play>` text is its URL.
    let source = "<Response><Gather>\n   </Gather><Play> </Play></Response>";
    assert_eq!(format(source), "<Response>\n  <Gather/>\n  <Play> </Play>\n</Response>\n");
}

#[test]
fn format_keeps_comments_and_processing_instructions() {
    let source = "<!-- before -->\n<Response>\n<!-- inside\n   two lines -->\n<Say>Hi<!-- in text --></Say>\n</Response>\n<?app keep?>\n<!-- after -->";
    let expected = "<!-- before -->\n<Response>\n  <!-- inside\n   two lines -->\n  <Say>Hi<!-- in text --></Say>\n</Response>\n<?app keep?>\n<!-- after -->\n";
    assert_eq!(format(source), expected);
}

#[test]
fn format_reescapes_references_minimally() {
    let source = "<Response><Say voice='Polly.L&#233;a'>Caf&#233; &amp; cr&#xE8;me &lt;3 &gt; &quot;ok&quot; &apos;x&apos;</Say><Redirect method=\"GET\">/a?b=1&amp;c=&quot;2&quot;</Redirect></Response>";
    let expected = "<Response>\n  <Say voice=\"Polly.Léa\">Café &amp; crème &lt;3 &gt; \"ok\" 'x'</Say>\n  <Redirect method=\"GET\">/a?b=1&amp;c=\"2\"</Redirect>\n</Response>\n";
    assert_eq!(format(source), expected);
}

#[test]
fn format_keeps_attribute_whitespace_meaning() {
    // A literal newline in an attribute is a space to XML; `&#10;` is a newline.
    let source = "<Response><Say x=\"a\nb&#10;c\">t</Say></Response>";
    assert_eq!(format(source), "<Response>\n  <Say x=\"a b&#10;c\">t</Say>\n</Response>\n");
}

#[test]
fn format_normalizes_line_endings() {
    let source = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Response>\r\n  <Say>one\r\ntwo&#13;</Say>\r\n</Response>\r\n";
    let expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n  <Say>one\ntwo&#13;</Say>\n</Response>\n";
    assert_eq!(format(source), expected);
}

#[test]
fn format_drops_byte_order_mark() {
    let formatted = twiml::format_bytes(b"\xEF\xBB\xBF<Response><Hangup/></Response>");
    assert_eq!(formatted.as_deref(), Ok("<Response>\n  <Hangup/>\n</Response>\n"));
}

#[test]
fn format_keeps_cdata_and_doctype() {
    let source = "<!DOCTYPE Response>\n<Response><Say><![CDATA[a < b]]></Say></Response>";
    assert_eq!(
        format(source),
        "<!DOCTYPE Response>\n<Response>\n  <Say><![CDATA[a < b]]></Say>\n</Response>\n"
    );
}

#[test]
fn format_keeps_unknown_elements_as_written() {
    let source = "<Response><Gahter>\n  <Say>hi</Say>\n</Gahter></Response>";
    assert_eq!(format(source), "<Response>\n  <Gahter>\n  <Say>hi</Say>\n</Gahter>\n</Response>\n");
}

#[test]
fn format_refuses_not_well_formed_with_position() {
    let error = twiml::format("<Response>\n  <Say>Tom & Jerry</Say>\n</Response>").unwrap_err();
    match error {
        FormatError::NotWellFormed { problem, position, count } => {
            assert_eq!(problem.kind, ProblemKind::BareAmpersand);
            assert_eq!((position.line, position.column), (2, 12));
            assert_eq!(count, 1);
        }
        other => panic!("expected NotWellFormed, got {other:?}"),
    }
}

#[test]
fn format_refuses_invalid_utf8() {
    let error = twiml::format_bytes(b"<Response><Say>caf\xE9</Say></Response>").unwrap_err();
    assert!(
        matches!(&error, FormatError::NotWellFormed { problem, .. } if problem.kind == ProblemKind::InvalidUtf8),
        "{error:?}"
    );
    assert!(error.to_string().starts_with("not well-formed XML at line 1, column 19: "), "{error}");
}

#[test]
fn format_refuses_empty_input() {
    assert_eq!(twiml::format(""), Err(FormatError::Empty));
    assert_eq!(twiml::format(" \n\t"), Err(FormatError::Empty));
}

/// Checks whether whitespace in `element` is content, decided here from the schema alone so that
/// the test does not reuse the formatter's own rule.
fn whitespace_is_content(element: &OwnedElement) -> bool {
    match schema::element(&element.name) {
        None => true,
        Some(schema) => {
            schema.family == Family::Ssml || matches!(schema.text, TextKind::Free | TextKind::Mixed)
        }
    }
}

/// Drops whitespace-only text where whitespace is layout: between child elements, and in an
/// element that takes no text. Text anywhere else stays.
fn strip_layout_whitespace(element: &mut OwnedElement) {
    if whitespace_is_content(element) {
        return;
    }
    let holds_text = element.children.iter().any(|node| match node {
        OwnedNode::Text(text) => !text.trim().is_empty(),
        OwnedNode::CData(_) => true,
        _ => false,
    });
    let holds_markup = element.children.iter().any(|node| !matches!(node, OwnedNode::Text(_)));
    let takes_no_text = schema::element(&element.name).is_some_and(|s| s.text == TextKind::None);
    if !holds_text && (holds_markup || takes_no_text) {
        element.children.retain(|node| !node.is_whitespace_text());
    }
    for child in &mut element.children {
        if let OwnedNode::Element(child) = child {
            strip_layout_whitespace(child);
        }
    }
}

/// Returns what a call or message would do with the document: its tree without layout whitespace,
/// and with only the presence of a declaration (the formatter writes its encoding as UTF-8).
fn meaning(source: &str) -> OwnedDocument {
    let mut document = OwnedDocument::from_document(&twiml::parse(source));
    if let Some(declaration) = &mut document.declaration {
        declaration.encoding = None;
    }
    for node in &mut document.nodes {
        if let OwnedNode::Element(element) = node {
            strip_layout_whitespace(element);
        }
    }
    document
}

#[test]
fn format_is_idempotent_over_fixtures() {
    for (path, source) in fixtures::well_formed_fixtures() {
        let Ok(once) = twiml::format(&source) else { continue };
        assert_eq!(twiml::format(&once).as_deref(), Ok(once.as_str()), "{}", path.display());
    }
}

#[test]
fn format_keeps_meaning_over_fixtures() {
    let mut formatted = 0;
    for (path, source) in fixtures::well_formed_fixtures() {
        let Ok(output) = twiml::format(&source) else { continue };
        assert_eq!(meaning(&output), meaning(&source), "{}", path.display());
        formatted += 1;
    }
    assert!(formatted > 0, "no fixture was formatted");
}

#[test]
fn format_formats_every_well_formed_fixture() {
    // Only an empty document is refused among well-formed ones.
    for (path, source) in fixtures::well_formed_fixtures() {
        match twiml::format(&source) {
            Ok(_) | Err(FormatError::Empty) => {}
            Err(error) => panic!("{}: {error}", path.display()),
        }
    }
}

#[test]
fn format_refuses_every_not_well_formed_fixture() {
    for (path, bytes) in fixtures::fixture_files() {
        let (source, decode_problems) = twiml::decode(&bytes);
        let well_formed = decode_problems.is_empty() && twiml::parse(&source).is_well_formed();
        if well_formed {
            continue;
        }
        assert!(twiml::format_bytes(&bytes).is_err(), "{} was formatted", path.display());
    }
}
