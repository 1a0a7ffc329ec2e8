//! Every well-formedness problem the parser reports, with its kind and the line and column
//! shown to the user.

use twiml::{LineIndex, ProblemKind, Span};

/// Parses `source` and returns its problems as (kind, line, column, text of the span).
fn problems(source: &str) -> Vec<(ProblemKind, usize, usize, &str)> {
    let document = twiml::parse(source);
    let lines = LineIndex::new(source);
    document
        .problems
        .iter()
        .map(|problem| {
            let at = lines.line_column(source, problem.span.start);
            (
                problem.kind,
                at.line,
                at.column,
                problem.span.text(source).unwrap_or("<invalid span>"),
            )
        })
        .collect()
}

/// Parses `source`, which must have exactly one problem, and returns it.
fn only_problem(source: &str) -> (ProblemKind, usize, usize, &str) {
    let found = problems(source);
    assert_eq!(found.len(), 1, "expected one problem in {source:?}, found {found:#?}");
    found[0]
}

fn messages(source: &str) -> Vec<String> {
    twiml::parse(source).problems.into_iter().map(|problem| problem.message).collect()
}

#[test]
fn unclosed_element_before_parent_end() {
    let source = "<Response>\n  <Say>Hello\n</Response>";
    assert_eq!(problems(source), [(ProblemKind::UnclosedElement, 2, 3, "<Say>")]);
    assert_eq!(messages(source), ["element `<Say>` is never closed"]);
}

#[test]
fn unclosed_elements_at_end_of_input() {
    let source = "<Response>\n  <Gather>\n    <Say>Hi</Say>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnclosedElement, 1, 1, "<Response>"),
            (ProblemKind::UnclosedElement, 2, 3, "<Gather>")
        ]
    );
}

#[test]
fn mismatched_end_tag() {
    let source = "<Response>\n<Say>Hi</Play>\n</Response>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnclosedElement, 2, 1, "<Say>"),
            (ProblemKind::MismatchedEndTag, 2, 8, "</Play>")
        ]
    );
    assert_eq!(
        messages(source),
        ["element `<Say>` is never closed", "end tag `</Play>` does not match start tag `<Say>`"]
    );
}

#[test]
fn end_tag_differing_in_case() {
    let source = "<Response>\n  <Say>Hello</say>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::MismatchedEndTag, 2, 13, "</say>"));
    assert_eq!(
        messages(source),
        ["end tag `</say>` does not match start tag `<Say>`: names are case-sensitive"]
    );
}

#[test]
fn end_tag_closing_an_ancestor() {
    let source = "<Response><Gather><Say>Hi</Gather></Response>";
    assert_eq!(only_problem(source), (ProblemKind::UnclosedElement, 1, 19, "<Say>"));
}

#[test]
fn stray_end_tag_after_root() {
    let source = "<Response/>\n</Say>";
    assert_eq!(only_problem(source), (ProblemKind::UnexpectedEndTag, 2, 1, "</Say>"));
    assert_eq!(messages(source), ["end tag `</Say>` has no start tag"]);
}

#[test]
fn stray_end_tag_inside_root() {
    let source = "<Response>\n  </Say>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::MismatchedEndTag, 2, 3, "</Say>"));
}

#[test]
fn end_tag_with_more_than_a_name() {
    let source = "<Response><Say>Hi</Say foo></Response>";
    assert_eq!(only_problem(source), (ProblemKind::Syntax, 1, 18, "</Say foo>"));
}

#[test]
fn duplicate_attribute() {
    let source = "<Response>\n  <Say voice=\"alice\" voice=\"man\">Hi</Say>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::DuplicateAttribute, 2, 22, "voice"));
    assert_eq!(messages(source), ["attribute `voice` appears more than once on `<Say>`"]);
}

#[test]
fn unquoted_attribute_values() {
    let source = "<Response>\n<Say language=ja-jp voice=woman>Hi</Say>\n</Response>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnquotedAttribute, 2, 15, "ja-jp"),
            (ProblemKind::UnquotedAttribute, 2, 27, "woman")
        ]
    );
    assert_eq!(messages(source)[0], "the value `ja-jp` of attribute `language` must be in quotes");
}

#[test]
fn attribute_without_value() {
    let source = "<Response><Dial record>+15125550100</Dial></Response>";
    assert_eq!(only_problem(source), (ProblemKind::MalformedAttribute, 1, 17, "record"));
    assert_eq!(
        messages(source),
        ["attribute `record` on `<Dial>` has no value: write `record=\"…\"`"]
    );
}

#[test]
fn attribute_without_value_after_equals() {
    let source = "<Response><Dial record=>+15125550100</Dial></Response>";
    assert_eq!(only_problem(source), (ProblemKind::MalformedAttribute, 1, 17, "record="));
}

#[test]
fn attribute_value_not_followed_by_whitespace() {
    let source = "<Response>\n    <Say voice=\"alice\", language= \"en-AU\">Hi</Say>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::MalformedAttribute, 2, 23, ","));
    let source = "<Response><Say voice='alice'language='en'/></Response>";
    assert_eq!(only_problem(source), (ProblemKind::MalformedAttribute, 1, 29, "l"));
}

#[test]
fn attribute_name_missing() {
    let source = "<Response><Say =\"alice\">Hi</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::MalformedAttribute, 1, 16, "=\"alice\""));
}

#[test]
fn attribute_value_without_closing_quote() {
    let source = "<Response>\n<Say voice=\"alice>Hello</Say>\n<Hangup/>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::MalformedAttribute, 2, 12, "\""));
    assert_eq!(messages(source), ["the value of attribute `voice` has no closing `\"`"]);
}

#[test]
fn misplaced_quote_reported_once() {
    let source = "<Response>\r\n<Play loop=\"3 digits=\"wwwww\" >https://example.com/a.mp3</Play>\r\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::MalformedAttribute, 2, 23, "w"));
}

#[test]
fn less_than_in_attribute_value() {
    let source = "<Response><Say voice=\"a<b\">Hi</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::LessThanInAttribute, 1, 24, "<"));
}

#[test]
fn less_than_in_text() {
    let source = "<Response>\n<Say>1 < 2</Say>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::LessThanInText, 2, 8, "<"));
    let source = "<Response><Say>a <</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::LessThanInText, 1, 18, "<"));
}

#[test]
fn undefined_named_entity_in_text() {
    let source = "<Response>\n<Say>Caf&eacute;</Say>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::UndefinedEntity, 2, 9, "&eacute;"));
    assert_eq!(
        messages(source),
        ["entity `&eacute;` is not defined: XML defines only `&lt;`, `&gt;`, `&amp;`, `&apos;` \
             and `&quot;`"]
    );
}

#[test]
fn undefined_named_entity_in_attribute() {
    let source = "<Response><Say voice=\"&nbsp;\">Hi</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::UndefinedEntity, 1, 23, "&nbsp;"));
}

#[test]
fn invalid_character_references() {
    let cases = [
        ("<Response><Say>&#0;</Say></Response>", 16, "&#0;"),
        ("<Response><Say>&#xD800;</Say></Response>", 16, "&#xD800;"),
        ("<Response><Say>&#x110000;</Say></Response>", 16, "&#x110000;"),
        ("<Response><Say>&#X41;</Say></Response>", 16, "&#X41;"),
        ("<Response><Say>&#1a;</Say></Response>", 16, "&#1a;"),
        ("<Response><Say voice=\"&#xFFFE;\"/></Response>", 23, "&#xFFFE;"),
    ];
    for (source, column, text) in cases {
        assert_eq!(
            only_problem(source),
            (ProblemKind::InvalidCharacterReference, 1, column, text),
            "in {source}"
        );
    }
}

#[test]
fn bare_ampersand_in_text() {
    let source = "<Response>\n<Say>Tom & Jerry</Say>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::BareAmpersand, 2, 10, "&"));
    assert_eq!(
        messages(source),
        ["`&` must be written `&amp;` when it does not start a reference"]
    );
}

#[test]
fn bare_ampersand_in_url_attribute() {
    let source = "<Response>\n<Gather action=\"/menu?step=1&lang=en\"/>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::BareAmpersand, 2, 29, "&"));
}

#[test]
fn bare_ampersand_in_url_text() {
    // Both a query without `;` and one that only looks like a reference up to a `;`.
    let source = "<Response><Dial><Sip>sip:a@example.com?x=1&y=2</Sip><Sip>sip:b@example.com?x=1&y=sip%3Ab;</Sip></Dial></Response>";
    assert_eq!(
        problems(source),
        [(ProblemKind::BareAmpersand, 1, 43, "&"), (ProblemKind::BareAmpersand, 1, 79, "&")]
    );
}

#[test]
fn whitespace_before_declaration() {
    let source = " <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response/>";
    assert_eq!(only_problem(source), (ProblemKind::ContentBeforeDeclaration, 1, 1, " "));
}

#[test]
fn blank_line_before_declaration() {
    let source = "\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response/>";
    assert_eq!(only_problem(source), (ProblemKind::ContentBeforeDeclaration, 1, 1, "\n"));
    assert_eq!(
        messages(source),
        ["nothing may come before the XML declaration, not even whitespace or a blank line"]
    );
}

#[test]
fn comment_before_declaration() {
    let source = "<!-- bin -->\n<?xml version=\"1.0\"?>\n<Response/>";
    assert_eq!(
        only_problem(source),
        (ProblemKind::ContentBeforeDeclaration, 2, 1, "<?xml version=\"1.0\"?>")
    );
}

#[test]
fn second_declaration() {
    let source = "<?xml version=\"1.0\"?>\n<Response/>\n\n<?xml version=\"1.0\"?>\n";
    assert_eq!(
        only_problem(source),
        (ProblemKind::ContentBeforeDeclaration, 4, 1, "<?xml version=\"1.0\"?>")
    );
    let document = twiml::parse(source);
    assert_eq!(document.declaration.map(|declaration| declaration.span), Some(Span::new(0, 21)));
}

#[test]
fn declaration_with_unknown_pseudo_attribute() {
    let source = "<?xml version=\"1.0\" encoding=\"UTF-8\" content-type=\"text/xml\" ?><Response/>";
    assert_eq!(
        only_problem(source),
        (ProblemKind::InvalidDeclaration, 1, 38, "content-type=\"text/xml\"")
    );
}

#[test]
fn declaration_without_version() {
    let source = "<?xml encoding=\"UTF-8\"?><Response/>";
    assert_eq!(
        only_problem(source),
        (ProblemKind::InvalidDeclaration, 1, 1, "<?xml encoding=\"UTF-8\"?>")
    );
}

#[test]
fn declaration_values_and_order() {
    let source = "<?xml version=\"2.0\" standalone=\"maybe\"?><Response/>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::InvalidDeclaration, 1, 16, "2.0"),
            (ProblemKind::InvalidDeclaration, 1, 33, "maybe")
        ]
    );
    let source = "<?xml encoding=\"UTF-8\" version=\"1.0\"?><Response/>";
    assert_eq!(only_problem(source), (ProblemKind::InvalidDeclaration, 1, 24, "version"));
}

#[test]
fn uppercase_declaration() {
    let source = "<?XML version=\"1.0\"?><Response/>";
    assert_eq!(only_problem(source), (ProblemKind::InvalidDeclaration, 1, 3, "XML"));
}

#[test]
fn text_after_root() {
    let source = "<Response>\n  <Say>Hi</Say>\n</Response>\"\n";
    assert_eq!(only_problem(source), (ProblemKind::TextOutsideRoot, 3, 12, "\""));
    assert_eq!(
        messages(source),
        ["text after the root element: only comments may stand outside it"]
    );
}

#[test]
fn second_element_after_root() {
    let source =
        "<Response>\n  <Say>One</Say>\n</Response>\n<Response>\n  <Say>Two</Say>\n</Response>\n";
    assert_eq!(only_problem(source), (ProblemKind::ElementAfterRoot, 4, 1, "<Response>"));
    let document = twiml::parse(source);
    assert_eq!(document.nodes().count(), 2);
    assert_eq!(document.root().map(|root| root.span().start), Some(0));
}

#[test]
fn text_before_root() {
    let source = "HTTP/1.1 200 OK\n<Response/>";
    assert_eq!(only_problem(source), (ProblemKind::TextOutsideRoot, 1, 1, "HTTP/1.1 200 OK"));
    assert_eq!(
        messages(source),
        ["text before the root element: only comments may stand outside it"]
    );
}

#[test]
fn references_and_cdata_outside_root() {
    let source = "<![CDATA[x]]><Response/>&#32;";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::TextOutsideRoot, 1, 1, "<![CDATA[x]]>"),
            (ProblemKind::TextOutsideRoot, 1, 25, "&#32;")
        ]
    );
}

#[test]
fn invalid_utf8_keeps_offsets() {
    let bytes = b"<Response>\n<Say>Caf\xe9 cr\xc3\xa8me</Say>\n</Response>";
    let (source, problems) = twiml::decode(bytes);
    assert_eq!(source.len(), bytes.len());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::InvalidUtf8);
    assert_eq!(problems[0].span, Span::new(19, 20));
    let at = LineIndex::new(&source).line_column(&source, problems[0].span.start);
    assert_eq!((at.line, at.column), (2, 9));

    let document = twiml::parse(&source);
    assert!(document.problems.is_empty(), "{:?}", document.problems);
    let say = document.root().and_then(|root| root.child_elements().next()).expect("a Say verb");
    assert_eq!(say.text(), "Caf? crème");
    // The end tag sits at the same byte offset as in the raw input.
    let end_tag = say.end_tag().expect("an end tag");
    assert_eq!(&bytes[end_tag.start..end_tag.end], b"</Say>");
}

#[test]
fn byte_order_mark_accepted_and_reported() {
    let source =
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Say>Hi</Say></Response>";
    let document = twiml::parse(source);
    assert_eq!(document.problems.len(), 1);
    assert_eq!(document.problems[0].kind, ProblemKind::ByteOrderMark);
    assert_eq!(document.problems[0].span, Span::new(0, 3));
    assert!(document.byte_order_mark);
    assert!(document.is_well_formed());
    assert!(document.declaration.is_some());
    let root = document.root().expect("a root element");
    assert_eq!(root.name(), "Response");
    assert_eq!(root.span().start, 42);
    assert_eq!(root.child_elements().next().map(|say| say.text().into_owned()), Some("Hi".into()));
}

#[test]
fn second_byte_order_mark_is_text() {
    let source = "\u{feff}\u{feff}<Response/>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::ByteOrderMark, 1, 1, "\u{feff}"),
            (ProblemKind::TextOutsideRoot, 1, 2, "\u{feff}")
        ]
    );
    assert_eq!(twiml::parse(source).root().map(twiml::Element::span), Some(Span::new(6, 17)));
}

#[test]
fn empty_input() {
    let document = twiml::parse("");
    assert_eq!(document.problems.len(), 1);
    assert_eq!(document.problems[0].kind, ProblemKind::Empty);
    assert_eq!(document.problems[0].span, Span::new(0, 0));
    assert_eq!(document.nodes().count(), 0);
    assert!(document.is_well_formed());
}

#[test]
fn whitespace_only_input() {
    let source = " \n\t\r\n";
    assert_eq!(only_problem(source), (ProblemKind::Empty, 1, 1, source));
}

#[test]
fn comments_only_input() {
    let source = "<!-- one -->\n<!-- two -->\n";
    assert_eq!(only_problem(source), (ProblemKind::MissingRoot, 3, 1, ""));
    let document = twiml::parse(source);
    assert!(!document.is_well_formed());
    assert_eq!(document.nodes().count(), 2);
}

#[test]
fn unterminated_tag_at_end() {
    let source = "<Response>\n<Say>Hi</Say>\n<Hangup";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnclosedElement, 1, 1, "<Response>"),
            (ProblemKind::UnterminatedMarkup, 3, 1, "<Hangup")
        ]
    );
    assert_eq!(messages(source)[1], "tag `<Hangup` has no `>`: the file ends first");
}

#[test]
fn unterminated_end_tag_at_end() {
    let source = "<Response>\n<Say>Hi</Say>\n</Response";
    assert_eq!(only_problem(source), (ProblemKind::UnterminatedMarkup, 3, 1, "</Response"));
}

#[test]
fn unterminated_comment_at_end() {
    let source = "<Response>\n<!-- the menu\n<Say>Hi</Say>\n</Response>\n";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnclosedElement, 1, 1, "<Response>"),
            (ProblemKind::UnterminatedMarkup, 2, 1, "<!--")
        ]
    );
    assert_eq!(messages(source)[1], "comment is never closed with `-->`: the file ends first");
}

#[test]
fn unterminated_cdata_at_end() {
    let source = "<Response><Say><![CDATA[Hi</Say></Response>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnclosedElement, 1, 1, "<Response>"),
            (ProblemKind::UnclosedElement, 1, 11, "<Say>"),
            (ProblemKind::UnterminatedMarkup, 1, 16, "<![CDATA["),
        ]
    );
}

#[test]
fn unterminated_processing_instruction_at_end() {
    let source = "<Response/>\n<?php echo 1";
    assert_eq!(only_problem(source), (ProblemKind::UnterminatedMarkup, 2, 1, "<?php echo 1"));
    assert_eq!(messages(source), ["`<?php` is never closed: the file ends first"]);
}

#[test]
fn double_hyphen_in_comment() {
    let source = "<Response>\n  <!-- menu -- main -->\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::DoubleHyphenInComment, 2, 13, "--"));
    let source = "<Response><!-- menu ---></Response>";
    assert_eq!(only_problem(source), (ProblemKind::DoubleHyphenInComment, 1, 21, "--"));
}

#[test]
fn doctype_reported_and_entities_not_expanded() {
    let source =
        "<!DOCTYPE Response [\n  <!ENTITY a \"Hello\">\n]>\n<Response><Say>&a;</Say></Response>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::Doctype, 1, 1, "<!DOCTYPE Response [\n  <!ENTITY a \"Hello\">\n]>"),
            (ProblemKind::UndefinedEntity, 4, 16, "&a;"),
        ]
    );
    let document = twiml::parse(source);
    assert_eq!(document.doctype, Some(Span::new(0, 45)));
    let say = document.root().and_then(|root| root.child_elements().next()).expect("a Say verb");
    assert_eq!(say.text(), "&a;");
    assert!(!document.is_well_formed());
}

#[test]
fn doctype_alone_is_well_formed() {
    let document = twiml::parse("<!DOCTYPE Response>\n<Response/>");
    assert_eq!(document.problems.len(), 1);
    assert_eq!(document.problems[0].kind, ProblemKind::Doctype);
    assert!(document.is_well_formed());
}

#[test]
fn doctype_inside_root() {
    let source = "<Response><!DOCTYPE Response></Response>";
    assert_eq!(only_problem(source), (ProblemKind::Syntax, 1, 11, "<!DOCTYPE Response>"));
}

#[test]
fn invalid_element_names() {
    // The end tag repeats the name, which is reported once, at the start tag.
    let source = "<Response><Say,>Hi</Say,></Response>";
    assert_eq!(only_problem(source), (ProblemKind::InvalidName, 1, 12, "Say,"));
    let source = "<Response><Say>Hi</Say,></Response>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnclosedElement, 1, 11, "<Say>"),
            (ProblemKind::MismatchedEndTag, 1, 18, "</Say,>"),
            (ProblemKind::InvalidName, 1, 20, "Say,"),
        ]
    );
    let source = "<Response><1st/></Response>";
    assert_eq!(only_problem(source), (ProblemKind::LessThanInText, 1, 11, "<"));
}

#[test]
fn invalid_attribute_name() {
    let source = "<Response><Say 1voice=\"a\">Hi</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::InvalidName, 1, 16, "1voice"));
}

#[test]
fn tag_without_greater_than() {
    let source = "<Response>\r\n  <Playhttps://example.com/a.mp3</Play>\r\n</Response>";
    assert_eq!(
        problems(source),
        [
            (ProblemKind::UnterminatedMarkup, 2, 3, "<Playhttps://example.com/a.mp3"),
            (ProblemKind::InvalidName, 2, 4, "Playhttps://example.com/a.mp3"),
        ]
    );
    let source = "<Response>\n<Say voice=\"alice\"\n<Play>a.mp3</Play>\n</Response>";
    // The broken start tag is reported once, not again as an element never closed.
    assert_eq!(
        only_problem(source),
        (ProblemKind::UnterminatedMarkup, 2, 1, "<Say voice=\"alice\"")
    );
}

#[test]
fn markup_after_bang_that_is_unknown() {
    let source = "<Response>\n<!- old menu ->\n<Hangup/>\n</Response>";
    assert_eq!(only_problem(source), (ProblemKind::Syntax, 2, 1, "<!-"));
}

#[test]
fn cdata_end_in_text() {
    let source = "<Response><Say>a]]>b</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::Syntax, 1, 17, "]]>"));
}

#[test]
fn control_character() {
    let source = "<Response><Say>a\u{1}b</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::InvalidCharacter, 1, 17, "\u{1}"));
    assert_eq!(messages(source), ["character U+0001 is not allowed in XML: remove it"]);
}

#[test]
fn noncharacter() {
    let source = "<Response><Say voice=\"\u{fffe}\">a</Say></Response>";
    assert_eq!(only_problem(source), (ProblemKind::InvalidCharacter, 1, 23, "\u{fffe}"));
}

#[test]
fn many_invalid_characters_reported_once_past_the_limit() {
    let source = format!("<Response>{}</Response>", "\u{0}".repeat(100));
    let document = twiml::parse(&source);
    assert_eq!(document.problems.len(), 21);
    assert!(document.problems.iter().all(|problem| problem.kind == ProblemKind::InvalidCharacter));
}

#[test]
fn nesting_too_deep() {
    let depth = twiml::MAX_DEPTH + 10;
    let source = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let document = twiml::parse(&source);
    assert_eq!(document.problems.len(), 1, "{:?}", document.problems);
    let problem = &document.problems[0];
    assert_eq!(problem.kind, ProblemKind::TooDeep);
    assert_eq!(problem.span, Span::new(3 * twiml::MAX_DEPTH, 3 * twiml::MAX_DEPTH + 3));
    let deepest = document.elements().last().expect("elements");
    assert_eq!(deepest.children().count(), 0);
    assert_eq!(document.elements().count(), twiml::MAX_DEPTH);
}

#[test]
fn problems_sorted_by_position() {
    let source = "<Response>\n<Say>a & b\n<Play loop=2>x</Play>\n";
    let found = problems(source);
    let kinds: Vec<_> = found.iter().map(|problem| problem.0).collect();
    assert_eq!(
        kinds,
        [
            ProblemKind::UnclosedElement,
            ProblemKind::UnclosedElement,
            ProblemKind::BareAmpersand,
            ProblemKind::UnquotedAttribute,
        ]
    );
}

#[test]
fn repeated_broken_markup_stays_linear() {
    // Each piece sends a search for its closer to the end of the input. Were each search to
    // start over, a megabyte of these would take minutes.
    let pieces = [("<!-- a ->", 1), ("<a b='x>", 1), ("<?x>", 1), ("<![CDATA[x]>", 1)];
    for (piece, per_piece) in pieces {
        let count = (1 << 20) / piece.len();
        let source = format!("<Response>{}</Response>", piece.repeat(count));
        let started = std::time::Instant::now();
        let document = twiml::parse(&source);
        let elapsed = started.elapsed();
        assert!(
            document.problems.len() >= count * per_piece,
            "{piece}: {}",
            document.problems.len()
        );
        assert!(elapsed.as_secs() < 10, "{piece}: parsing took {elapsed:?}");
    }
}
