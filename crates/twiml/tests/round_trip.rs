//! Round trips: what the serializer writes parses back to an equal document, for everything
//! the builder makes and for every well-formed fixture.

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/samples.rs"]
mod samples;

use std::collections::BTreeSet;

use proptest::prelude::*;
use twiml::builder::{
    Break, BreakTime, BuildError, Emphasis, Gather, Paragraph, Prosody, ProsodyRate, Say,
    VoiceResponse, catalog,
};
use twiml::serialize::{OwnedDocument, OwnedElement, OwnedNode};
use twiml::{Layout, ToXml};

/// Parses `xml`, which must be well-formed, into an owned tree.
fn reparse(xml: &str) -> OwnedDocument {
    let document = twiml::parse(xml);
    assert!(document.is_well_formed(), "{:?} in\n{xml}", document.problems);
    OwnedDocument::from_document(&document)
}

/// Returns the tree with whitespace that is layout removed, to compare an indented document with a
/// compact one.
fn without_layout(document: &OwnedDocument) -> OwnedDocument {
    let mut document = document.clone();
    twiml::canonicalize(&mut document);
    document
}

#[test]
fn builder_documents_round_trip_compact() -> Result<(), BuildError> {
    for document in samples::every_element_documents()? {
        let xml = document.to_xml(Layout::Compact);
        assert_eq!(reparse(&xml), document, "in\n{xml}");
    }
    Ok(())
}

#[test]
fn builder_documents_round_trip_indented() -> Result<(), BuildError> {
    for document in samples::every_element_documents()? {
        let xml = document.to_xml(Layout::Indented);
        assert_eq!(without_layout(&reparse(&xml)), document, "in\n{xml}");
        // The indented layout is already the canonical one.
        assert_eq!(twiml::format(&xml).as_deref(), Ok(xml.as_str()));
    }
    Ok(())
}

/// Collects every (element, parent) pair in `element` and below.
fn element_pairs(element: &OwnedElement, parent: &str, pairs: &mut BTreeSet<(String, String)>) {
    pairs.insert((element.name.clone(), parent.to_owned()));
    for child in element.child_elements() {
        element_pairs(child, &element.name, pairs);
    }
}

#[test]
fn builder_samples_use_every_builder_type() -> Result<(), BuildError> {
    let mut pairs = BTreeSet::new();
    for document in samples::every_element_documents()? {
        if let Some(root) = document.root() {
            element_pairs(root, "", &mut pairs);
        }
    }
    let unused: Vec<&str> = catalog()
        .iter()
        .filter(|entry| {
            let parents = twiml::schema::elements()
                .filter(|element| {
                    element.name == entry.element
                        && (element.parents.contains(&entry.parent) || element.parents.is_empty())
                })
                .flat_map(|element| element.parents.iter().copied())
                .collect::<Vec<_>>();
            !pairs.iter().any(|(name, parent)| {
                name == entry.element && (parents.is_empty() || parents.contains(&parent.as_str()))
            })
        })
        .map(|entry| entry.type_name)
        .collect();
    assert!(unused.is_empty(), "builder types no sample uses: {unused:?}");
    Ok(())
}

#[test]
fn fixtures_round_trip_compact() {
    for (path, source) in fixtures::well_formed_fixtures() {
        let document = OwnedDocument::from_document(&twiml::parse(&source));
        let xml = document.to_xml(Layout::Compact);
        assert_eq!(reparse(&xml), document, "{}", path.display());
    }
}

#[test]
fn fixtures_round_trip_indented() {
    for (path, source) in fixtures::well_formed_fixtures() {
        let document = OwnedDocument::from_document(&twiml::parse(&source));
        let xml = document.to_xml(Layout::Indented);
        assert_eq!(without_layout(&reparse(&xml)), without_layout(&document), "{}", path.display());
    }
}

#[test]
fn parsed_document_serializes_with_its_own_declaration() {
    let source =
        "<?xml version=\"1.0\"?>\n<!-- top -->\n<Response><Say>a &#x26; b</Say></Response>";
    let document = twiml::parse(source);
    assert_eq!(
        document.to_xml(Layout::Compact),
        "<?xml version=\"1.0\"?><!-- top --><Response><Say>a &amp; b</Say></Response>"
    );
}

/// Text with the characters escaping must handle, plus letters, spaces and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-Z0-9 &<>\"'\t\n\r\u{e9}\u{65e5}\u{1F600}\u{0}\u{1b}{}]{0,24}",
    )
    .expect("a valid regex")
}

fn ssml_leaf() -> impl Strategy<Value = SsmlPiece> {
    prop_oneof![text().prop_map(SsmlPiece::Text), (0u32..5000).prop_map(SsmlPiece::Break),]
}

#[derive(Debug, Clone)]
enum SsmlPiece {
    Text(String),
    Break(u32),
    Emphasis(Vec<SsmlPiece>),
    Paragraph(Vec<SsmlPiece>),
    Prosody(u32, Vec<SsmlPiece>),
}

fn ssml_piece() -> impl Strategy<Value = SsmlPiece> {
    ssml_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(SsmlPiece::Emphasis),
            prop::collection::vec(inner.clone(), 0..4).prop_map(SsmlPiece::Paragraph),
            (0u32..300, prop::collection::vec(inner, 0..4))
                .prop_map(|(rate, pieces)| SsmlPiece::Prosody(rate, pieces)),
        ]
    })
}

/// Builds a `<Say>` from pieces; nested pieces become SSML inside `<Say>` as the builder's
/// nesting rules allow (a paragraph inside emphasis becomes its text only).
fn say_from(pieces: &[SsmlPiece]) -> Say {
    let mut say = Say::new("");
    for piece in pieces {
        say = match piece {
            SsmlPiece::Text(text) => say.text(text.clone()),
            SsmlPiece::Break(ms) => say.append(Break::new().time(BreakTime::Milliseconds(*ms))),
            SsmlPiece::Emphasis(inner) => say.append(emphasis_from(inner)),
            SsmlPiece::Paragraph(inner) => say.append(paragraph_from(inner)),
            SsmlPiece::Prosody(rate, inner) => say.append(prosody_from(*rate, inner)),
        };
    }
    say
}

fn emphasis_from(pieces: &[SsmlPiece]) -> Emphasis {
    pieces.iter().fold(Emphasis::new(), |emphasis, piece| match piece {
        SsmlPiece::Text(text) => emphasis.text(text.clone()),
        SsmlPiece::Break(ms) => emphasis.append(Break::new().time(BreakTime::Milliseconds(*ms))),
        SsmlPiece::Emphasis(inner) | SsmlPiece::Paragraph(inner) => {
            emphasis.append(emphasis_from(inner))
        }
        SsmlPiece::Prosody(rate, inner) => emphasis.append(prosody_from(*rate, inner)),
    })
}

fn paragraph_from(pieces: &[SsmlPiece]) -> Paragraph {
    pieces.iter().fold(Paragraph::new(), |paragraph, piece| match piece {
        SsmlPiece::Text(text) => paragraph.text(text.clone()),
        SsmlPiece::Break(ms) => paragraph.append(Break::new().time(BreakTime::Milliseconds(*ms))),
        SsmlPiece::Emphasis(inner) | SsmlPiece::Paragraph(inner) => {
            paragraph.append(emphasis_from(inner))
        }
        SsmlPiece::Prosody(rate, inner) => paragraph.append(prosody_from(*rate, inner)),
    })
}

fn prosody_from(rate: u32, pieces: &[SsmlPiece]) -> Prosody {
    let prosody = Prosody::new().rate(ProsodyRate::Percent(rate));
    pieces.iter().fold(prosody, |prosody, piece| match piece {
        SsmlPiece::Text(text) => prosody.text(text.clone()),
        SsmlPiece::Break(ms) => prosody.append(Break::new().time(BreakTime::Milliseconds(*ms))),
        SsmlPiece::Emphasis(inner) => prosody.append(emphasis_from(inner)),
        SsmlPiece::Paragraph(inner) => prosody.append(paragraph_from(inner)),
        SsmlPiece::Prosody(rate, inner) => prosody.append(prosody_from(*rate, inner)),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_say_documents_round_trip(
        says in prop::collection::vec(prop::collection::vec(ssml_piece(), 0..5), 1..4),
        in_gather in any::<bool>(),
        attribute in text(),
    ) {
        let mut response = VoiceResponse::new();
        let mut gather = Gather::new();
        for pieces in &says {
            let say = say_from(pieces).unchecked_attribute("data-note", attribute.clone())
                .expect("a valid attribute name");
            if in_gather {
                gather = gather.append(say);
            } else {
                response = response.append(say);
            }
        }
        if in_gather {
            response = response.append(gather);
        }
        let document = response.into_document();

        let compact = document.to_xml(Layout::Compact);
        prop_assert_eq!(&reparse(&compact), &document, "compact:\n{}", compact);

        let indented = document.to_xml(Layout::Indented);
        prop_assert_eq!(&without_layout(&reparse(&indented)), &document, "indented:\n{}", indented);
        prop_assert_eq!(twiml::format(&indented), Ok(indented.clone()));
        prop_assert_eq!(twiml::format(&compact), Ok(indented));
    }
}

#[test]
fn text_nodes_never_empty_in_builder_output() -> Result<(), BuildError> {
    // A parser never reports empty text, so the builder must not produce it either.
    fn check(element: &OwnedElement) {
        for child in &element.children {
            match child {
                OwnedNode::Text(text) => {
                    assert!(!text.is_empty(), "empty text in <{}>", element.name);
                }
                OwnedNode::Element(child) => check(child),
                _ => {}
            }
        }
    }
    for document in samples::every_element_documents()? {
        if let Some(root) = document.root() {
            check(root);
        }
    }
    Ok(())
}
