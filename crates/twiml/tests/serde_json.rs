//! The document model as JSON, for tools that read the parser's output.

use serde_json::json;

#[test]
fn parsed_document_serializes_to_json_tree() {
    let source =
        "<?xml version=\"1.0\"?><Response><!--c--><Say voice=\"man\">a &amp; b</Say></Response>";
    let document = twiml::parse(source);
    let span = |start: usize, end: usize| json!({ "start": start, "end": end });

    let expected = json!({
        "declaration": { "version": "1.0", "encoding": null, "standalone": null, "span": span(0, 21) },
        "doctype": null,
        "byte_order_mark": false,
        "nodes": [{
            "type": "element",
            "name": "Response",
            "name_span": span(22, 30),
            "attributes": [],
            "children": [
                { "type": "comment", "text": "c", "span": span(31, 39) },
                {
                    "type": "element",
                    "name": "Say",
                    "name_span": span(40, 43),
                    "attributes": [{
                        "name": "voice",
                        "name_span": span(44, 49),
                        "value": "man",
                        "raw_value": "man",
                        "value_span": span(51, 54),
                        "span": span(44, 55),
                    }],
                    // The text is decoded; its span covers the raw `a &amp; b`.
                    "children": [{ "type": "text", "value": "a & b", "span": span(56, 65) }],
                    "span": span(39, 71),
                    "start_tag": span(39, 56),
                    "end_tag": span(65, 71),
                    "self_closing": false,
                },
            ],
            "span": span(21, 82),
            "start_tag": span(21, 31),
            "end_tag": span(71, 82),
            "self_closing": false,
        }],
        "problems": [],
    });
    let actual = serde_json::to_value(&document).expect("a document serializes");
    assert_eq!(actual, expected);
}

#[test]
fn problems_serialize_with_kebab_case_kind() {
    let document = twiml::parse("<Response><Say>Hi</Response>");
    let actual = serde_json::to_value(&document.problems).expect("problems serialize");
    let kinds: Vec<&str> = actual
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|problem| problem["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["unclosed-element"]);
    assert_eq!(actual[0]["span"], json!({ "start": 10, "end": 15 }));
}
