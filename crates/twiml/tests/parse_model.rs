//! The document model: the span of each part of the source, decoded and raw values side by
//! side, and the tree left after the parser recovers from a problem.

use std::borrow::Cow;

use twiml::{Document, Element, Node, ProblemKind, Span};

fn text_of<'s>(document: &Document<'s>, span: Span) -> &'s str {
    span.text(document.source).expect("a span within the source")
}

fn find<'d, 'a>(document: &'d Document<'a>, name: &str) -> Element<'d, 'a> {
    document
        .elements()
        .find(|element| element.name() == name)
        .unwrap_or_else(|| panic!("no element `{name}`"))
}

fn problem_kinds(document: &Document<'_>) -> Vec<ProblemKind> {
    document.problems.iter().map(|problem| problem.kind).collect()
}

#[test]
fn element_spans() {
    let source = "<Response>\n  <Say voice=\"alice\">Hi</Say >\n  <Hangup/>\n</Response>";
    let document = twiml::parse(source);
    assert!(document.problems.is_empty());

    let say = find(&document, "Say");
    assert_eq!(text_of(&document, say.span()), "<Say voice=\"alice\">Hi</Say >");
    assert_eq!(text_of(&document, say.start_tag()), "<Say voice=\"alice\">");
    assert_eq!(say.end_tag().map(|tag| text_of(&document, tag)), Some("</Say >"));
    assert_eq!(text_of(&document, say.name_span()), "Say");
    assert!(!say.self_closing());

    let hangup = find(&document, "Hangup");
    assert_eq!(text_of(&document, hangup.span()), "<Hangup/>");
    assert_eq!(hangup.start_tag(), hangup.span());
    assert_eq!(hangup.end_tag(), None);
    assert!(hangup.self_closing());

    let response = find(&document, "Response");
    assert_eq!(response.span(), Span::new(0, source.len()));
    assert_eq!(response.end_tag().map(|tag| text_of(&document, tag)), Some("</Response>"));
}

#[test]
fn attribute_spans() {
    let source = "<Response><Gather action = '/menu?a=1&amp;b=2' numDigits=\"1\"/></Response>";
    let document = twiml::parse(source);
    assert!(document.problems.is_empty());
    let gather = find(&document, "Gather");
    let action = gather.attribute("action").expect("an action attribute");
    assert_eq!(text_of(&document, action.name_span), "action");
    assert_eq!(text_of(&document, action.value_span), "/menu?a=1&amp;b=2");
    assert_eq!(text_of(&document, action.span), "action = '/menu?a=1&amp;b=2'");
    assert_eq!(action.raw_value, "/menu?a=1&amp;b=2");
    assert_eq!(action.value, "/menu?a=1&b=2");

    let digits = gather.attribute("numDigits").expect("a numDigits attribute");
    assert_eq!(text_of(&document, digits.span), "numDigits=\"1\"");
    assert!(matches!(digits.value, Cow::Borrowed("1")));
    let names: Vec<_> = gather.attributes().iter().map(|attribute| attribute.name).collect();
    assert_eq!(names, ["action", "numDigits"]);
}

#[test]
fn attribute_values_decoded_and_normalized() {
    let source = "<Response><Say a=\"x&#10;y\" b=\"one\ntwo\tthree\r\nfour\rfive\" \
                  c=\"&lt;&#x41;&#66;&quot;\" d=\"  spaced  \"/></Response>";
    let document = twiml::parse(source);
    assert!(document.problems.is_empty());
    let say = find(&document, "Say");
    // A character reference keeps its character; literal whitespace becomes spaces, one per
    // CR LF pair. Leading and trailing spaces stay, because the value is CDATA.
    assert_eq!(say.attribute_value("a"), Some("x\ny"));
    assert_eq!(say.attribute_value("b"), Some("one two three four five"));
    assert_eq!(say.attribute_value("c"), Some("<AB\""));
    assert_eq!(say.attribute_value("d"), Some("  spaced  "));
    assert_eq!(say.attribute("b").map(|b| b.raw_value), Some("one\ntwo\tthree\r\nfour\rfive"));
}

#[test]
fn text_decoded_beside_raw_span() {
    let source = "<Response><Say>Tom &amp; Jerry&#33;\r\nBye</Say></Response>";
    let document = twiml::parse(source);
    assert!(document.problems.is_empty());
    let say = find(&document, "Say");
    let children: Vec<_> = say.children().collect();
    let [Node::Text(text)] = children.as_slice() else {
        panic!("expected one text node, found {children:?}");
    };
    assert_eq!(text.value, "Tom & Jerry!\nBye");
    assert_eq!(text_of(&document, text.span), "Tom &amp; Jerry&#33;\r\nBye");
    assert_eq!(say.text_span(), Some(text.span));
}

#[test]
fn text_without_references_borrowed() {
    let source = "<Response><Say>Hello there</Say></Response>";
    let document = twiml::parse(source);
    let say = find(&document, "Say");
    let children: Vec<_> = say.children().collect();
    let [Node::Text(text)] = children.as_slice() else {
        panic!("expected one text node, found {children:?}");
    };
    assert_eq!(text.value, "Hello there");
    // The value is the source text itself, not a copy.
    assert!(source.as_bytes().as_ptr_range().contains(&text.value.as_ptr()));
}

#[test]
fn comment_cdata_and_instruction_spans() {
    let source = "<Response><!-- note --><Say><![CDATA[a<b]]></Say><?app run?></Response>";
    let document = twiml::parse(source);
    assert!(document.problems.is_empty());
    let response = find(&document, "Response");
    let Some(Node::Comment(comment)) = response.children().next() else {
        panic!("expected a comment, found {:?}", response.children().next());
    };
    assert_eq!(comment.text, " note ");
    assert_eq!(text_of(&document, comment.span), "<!-- note -->");
    let Some(Node::ProcessingInstruction(instruction)) = response.children().nth(2) else {
        panic!("expected a processing instruction, found {:?}", response.children().nth(2));
    };
    assert_eq!(instruction.text, "app run");
    assert_eq!(text_of(&document, instruction.span), "<?app run?>");
    let say = find(&document, "Say");
    let Some(Node::CData(cdata)) = say.children().next() else {
        panic!("expected CDATA, found {:?}", say.children().next());
    };
    assert_eq!(cdata.text, "a<b");
    assert_eq!(text_of(&document, cdata.span), "<![CDATA[a<b]]>");
}

#[test]
fn declaration_span() {
    let source = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response/>";
    let document = twiml::parse(source);
    let declaration = document.declaration.as_ref().expect("a declaration");
    assert_eq!(text_of(&document, declaration.span), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    assert_eq!(declaration.version, Some("1.0"));
    assert_eq!(declaration.encoding, Some("UTF-8"));
    assert_eq!(declaration.standalone, None);
}

#[test]
fn elements_iterates_in_document_order_with_parents() {
    let source = "<Response><Gather><Say>a</Say><Play>b</Play></Gather><Hangup/></Response>";
    let document = twiml::parse(source);
    let pairs: Vec<_> = document
        .elements()
        .map(|element| (element.parent().map(twiml::Element::name), element.name()))
        .collect();
    assert_eq!(
        pairs,
        [
            (None, "Response"),
            (Some("Response"), "Gather"),
            (Some("Gather"), "Say"),
            (Some("Gather"), "Play"),
            (Some("Response"), "Hangup"),
        ]
    );
}

#[test]
fn recovery_keeps_elements_after_unclosed_one() {
    let source = "<Response>\n<Gather><Say>Press 1\n</Gather>\n<Hangup/>\n</Response>";
    let document = twiml::parse(source);
    assert_eq!(problem_kinds(&document), [ProblemKind::UnclosedElement]);
    let response = find(&document, "Response");
    let verbs: Vec<_> = response.child_elements().map(twiml::Element::name).collect();
    assert_eq!(verbs, ["Gather", "Hangup"]);
    let say = find(&document, "Say");
    assert_eq!(say.end_tag(), None);
    // An element never closed ends with its last child.
    assert_eq!(text_of(&document, say.span()), "<Say>Press 1\n");
    assert_eq!(
        find(&document, "Gather").end_tag().map(|tag| text_of(&document, tag)),
        Some("</Gather>")
    );
}

#[test]
fn recovery_after_case_mismatch_closes_the_element() {
    let source = "<Response><Say>Hi</say><Hangup/></Response>";
    let document = twiml::parse(source);
    assert_eq!(problem_kinds(&document), [ProblemKind::MismatchedEndTag]);
    let verbs: Vec<_> =
        find(&document, "Response").child_elements().map(twiml::Element::name).collect();
    assert_eq!(verbs, ["Say", "Hangup"]);
    assert_eq!(find(&document, "Say").end_tag().map(|tag| text_of(&document, tag)), Some("</say>"));
}

#[test]
fn recovery_keeps_attributes_around_a_bad_one() {
    let source =
        "<Response><Say voice=alice language=\"en\" voice=\"man\" loop>Hi</Say></Response>";
    let document = twiml::parse(source);
    assert_eq!(
        problem_kinds(&document),
        [
            ProblemKind::UnquotedAttribute,
            ProblemKind::DuplicateAttribute,
            ProblemKind::MalformedAttribute
        ]
    );
    let say = find(&document, "Say");
    let attributes: Vec<_> = say
        .attributes()
        .iter()
        .map(|attribute| (attribute.name, attribute.value.as_ref()))
        .collect();
    assert_eq!(attributes, [("voice", "alice"), ("language", "en")]);
    assert_eq!(say.text(), "Hi");
}

#[test]
fn recovery_after_missing_closing_quote() {
    let source = "<Response><Say voice=\"alice>Hello</Say><Play loop=\"2\">a.mp3</Play></Response>";
    let document = twiml::parse(source);
    assert_eq!(problem_kinds(&document), [ProblemKind::MalformedAttribute]);
    let say = find(&document, "Say");
    assert_eq!(say.attribute_value("voice"), Some("alice"));
    assert_eq!(text_of(&document, say.start_tag()), "<Say voice=\"alice>");
    assert_eq!(say.text(), "Hello");
    assert_eq!(find(&document, "Play").attribute_value("loop"), Some("2"));
}

#[test]
fn recovery_after_missing_greater_than() {
    let source = "<Response>\n<Say voice=\"alice\"\n<Play>a.mp3</Play>\n</Response>";
    let document = twiml::parse(source);
    assert_eq!(problem_kinds(&document), [ProblemKind::UnterminatedMarkup]);
    let say = find(&document, "Say");
    assert_eq!(text_of(&document, say.start_tag()), "<Say voice=\"alice\"");
    assert_eq!(say.attribute_value("voice"), Some("alice"));
    let play = find(&document, "Play");
    assert_eq!(play.text(), "a.mp3");
}

#[test]
fn recovery_after_bare_less_than() {
    let source = "<Response><Say>1 < 2 <3</Say><Hangup/></Response>";
    let document = twiml::parse(source);
    assert_eq!(
        problem_kinds(&document),
        [ProblemKind::LessThanInText, ProblemKind::LessThanInText]
    );
    assert_eq!(find(&document, "Say").text(), "1 < 2 <3");
    assert!(find(&document, "Hangup").self_closing());
}

#[test]
fn recovery_after_unknown_bang_markup() {
    let source = "<Response><!x><Say>Hi</Say><!- old -><Hangup/></Response>";
    let document = twiml::parse(source);
    assert_eq!(problem_kinds(&document), [ProblemKind::Syntax, ProblemKind::Syntax]);
    let verbs: Vec<_> =
        find(&document, "Response").child_elements().map(twiml::Element::name).collect();
    assert_eq!(verbs, ["Say", "Hangup"]);
}

#[test]
fn recovery_after_comment_with_bad_end() {
    let source = "<Response><!-- old menu -- ><Say>Hi</Say></Response>";
    let document = twiml::parse(source);
    assert_eq!(problem_kinds(&document), [ProblemKind::UnterminatedMarkup]);
    assert_eq!(find(&document, "Say").text(), "Hi");
}

#[test]
fn recovery_after_declaration_without_question_mark() {
    let source = "<?xml version=\"1.0\">\n<Response><Say>Hi</Say></Response>";
    let document = twiml::parse(source);
    assert_eq!(problem_kinds(&document), [ProblemKind::UnterminatedMarkup]);
    assert_eq!(find(&document, "Say").text(), "Hi");
}

#[test]
fn recovery_after_bad_reference() {
    let source = "<Response><Say>a &eacute; b &#0; c & d</Say><Hangup/></Response>";
    let document = twiml::parse(source);
    assert_eq!(
        problem_kinds(&document),
        [
            ProblemKind::UndefinedEntity,
            ProblemKind::InvalidCharacterReference,
            ProblemKind::BareAmpersand
        ]
    );
    assert_eq!(find(&document, "Say").text(), "a &eacute; b &#0; c & d");
    assert!(find(&document, "Hangup").self_closing());
}

#[test]
fn recovery_after_end_of_input_in_tag() {
    let source = "<Response><Say>Hi</Say><Play loop=\"2\"";
    let document = twiml::parse(source);
    assert_eq!(
        problem_kinds(&document),
        [ProblemKind::UnclosedElement, ProblemKind::UnterminatedMarkup]
    );
    let play = find(&document, "Play");
    assert_eq!(play.attribute_value("loop"), Some("2"));
    assert_eq!(text_of(&document, play.start_tag()), "<Play loop=\"2\"");
    let response = find(&document, "Response");
    assert_eq!(response.span(), Span::new(0, source.len()));
}

#[test]
fn child_spans_lie_within_parents() {
    let source = "<Response><Gather><Say>a<b>c</Gather><Play>x";
    let document = twiml::parse(source);
    for element in document.elements() {
        if let Some(parent) = element.parent() {
            assert!(
                parent.span().start <= element.span().start
                    && element.span().end <= parent.span().end
            );
        }
        assert!(element.span().start <= element.start_tag().start);
        assert!(element.start_tag().end <= element.span().end);
    }
}

#[test]
fn unclosed_value_at_end_stays_within_its_tag() {
    let source = "<Response><Gather input=\"dtmf ";
    let document = twiml::parse(source);
    let gather = find(&document, "Gather");
    let input = gather.attribute("input").expect("an input attribute");
    assert_eq!(input.value, "dtmf ");
    assert!(input.span.end <= gather.start_tag().end);
    assert_eq!(text_of(&document, gather.start_tag()), "<Gather input=\"dtmf ");
}

#[test]
fn bare_less_than_stays_in_one_text_node() {
    let source = "<Response><Say>1 < 2</Say></Response>";
    let document = twiml::parse(source);
    let say = find(&document, "Say");
    let children: Vec<_> = say.children().collect();
    let [Node::Text(text)] = children.as_slice() else {
        panic!("expected one text node, found {children:?}");
    };
    assert_eq!(text.value, "1 < 2");
    assert_eq!(text_of(&document, text.span), "1 < 2");
}

#[test]
fn has_text_only_for_visible_text() {
    let source = "<Response>\n  <Gather>\n    <Say>Hi</Say>\n  </Gather>\n  <Say>\u{a0}</Say>\n  \
                  <Play><![CDATA[ ]]></Play>\n  <Redirect><![CDATA[/next]]></Redirect>\n  \
                  <Hangup>&#32;</Hangup>\n  <Reject>&amp;</Reject>\n</Response>";
    let document = twiml::parse(source);
    let cases = [
        ("Response", false),
        ("Gather", false),
        ("Say", true),
        ("Play", false),
        ("Redirect", true),
        ("Hangup", false),
        ("Reject", true),
    ];
    for (name, expected) in cases {
        assert_eq!(find(&document, name).has_text(), expected, "{name}");
    }
    let say_texts: Vec<bool> = document
        .elements()
        .filter(|element| element.name() == "Say")
        .map(twiml::Element::has_text)
        .collect();
    assert_eq!(say_texts, [true, false], "a no-break space is whitespace");
}
