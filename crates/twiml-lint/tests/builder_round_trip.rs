//! What the `twiml` builder writes lints clean and parses back to the document it built: the
//! sample documents of the `twiml` crate's tests (included by path), and random documents
//! made through the builder.

#[path = "../../twiml/tests/support/fixtures.rs"]
mod fixtures;
#[path = "../../twiml/tests/support/samples.rs"]
mod samples;

use proptest::prelude::*;
use twiml::builder::{
    Body, BuildError, Client, Conference, Dial, Gather, GatherInput, Hangup, InputTimeout, Media,
    Message, MessagingResponse, Number, Pause, Play, Record, Redirect, Say, VoiceResponse,
};
use twiml::serialize::OwnedDocument;
use twiml::{Layout, ToXml};
use twiml_lint::{LintConfig, check_bytes};

/// Lints `xml` and renders its findings one per line, for a failure message.
fn findings(xml: &str) -> Vec<String> {
    check_bytes(xml.as_bytes(), &LintConfig::default())
        .findings
        .iter()
        .map(|finding| format!("{}: {} at {:?}", finding.rule, finding.message, finding.span))
        .collect()
}

/// Parses `xml` and returns its tree, with layout whitespace removed when `indented`.
fn reparse(xml: &str, indented: bool) -> OwnedDocument {
    let mut document = OwnedDocument::from_document(&twiml::parse(xml));
    if indented {
        twiml::canonicalize(&mut document);
    }
    document
}

#[test]
fn builder_samples_lint_clean() -> Result<(), BuildError> {
    for (name, document) in samples::valid_documents()? {
        for layout in [Layout::Compact, Layout::Indented] {
            let xml = document.to_xml(layout);
            let found = findings(&xml);
            assert!(found.is_empty(), "{name} ({layout:?}) has findings {found:#?} in\n{xml}");
        }
    }
    Ok(())
}

#[test]
fn builder_samples_parse_back_equal() -> Result<(), BuildError> {
    for (name, document) in samples::valid_documents()? {
        let compact = document.to_xml(Layout::Compact);
        assert_eq!(reparse(&compact, false), document, "{name}:\n{compact}");
        let indented = document.to_xml(Layout::Indented);
        assert_eq!(reparse(&indented, true), document, "{name}:\n{indented}");
    }
    Ok(())
}

/// Words to speak: no `<`, so that the text cannot look like escaped SSML, but `&`, quotes,
/// `>` and non-ASCII letters, which escaping must handle.
fn words() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ,.!?&'\">\u{e9}\u{65e5}-]{0,29}"
}

fn url() -> impl Strategy<Value = String> {
    ("[a-z0-9/_-]{0,12}", any::<bool>()).prop_map(|(path, query)| {
        let query = if query { "?a=1&b=two" } else { "" };
        format!("https://example.com/{path}{query}")
    })
}

fn phone_number() -> impl Strategy<Value = String> {
    (0u32..10_000).prop_map(|line| format!("+1415555{line:04}"))
}

fn say() -> impl Strategy<Value = Say> {
    let voices = prop::sample::select(vec![
        None,
        Some("man"),
        Some("woman"),
        Some("Polly.Joanna"),
        Some("Polly.Mía-Generative"),
        Some("Google.en-US-Standard-A"),
    ]);
    (words(), voices, prop::option::of(0u32..4)).prop_map(|(text, voice, loop_count)| {
        let mut say = Say::new(text);
        if let Some(voice) = voice {
            say = say.voice(voice).expect("a voice of the right shape");
        }
        if let Some(loop_count) = loop_count {
            say = say.loop_count(loop_count);
        }
        say
    })
}

fn play() -> impl Strategy<Value = Play> {
    (url(), 0u32..3)
        .prop_map(|(url, loop_count)| Play::new(url).expect("a valid URL").loop_count(loop_count))
}

fn pause() -> impl Strategy<Value = Pause> {
    (1u32..6).prop_map(|length| Pause::new().length(length).expect("a positive length"))
}

/// A verb allowed inside `<Gather>`.
#[derive(Debug, Clone)]
enum Prompt {
    Say(Say),
    Play(Play),
    Pause(Pause),
}

fn prompt() -> impl Strategy<Value = Prompt> {
    prop_oneof![
        say().prop_map(Prompt::Say),
        play().prop_map(Prompt::Play),
        pause().prop_map(Prompt::Pause)
    ]
}

fn gather() -> impl Strategy<Value = Gather> {
    let inputs = prop::sample::select(vec![
        vec![GatherInput::Dtmf],
        vec![GatherInput::Speech],
        vec![GatherInput::Dtmf, GatherInput::Speech],
    ]);
    (inputs, 1u32..6, 1u32..10, url(), prop::collection::vec(prompt(), 1..4)).prop_map(
        |(input, digits, timeout, action, prompts)| {
            let gather = Gather::new()
                .input(input)
                .num_digits(digits)
                .expect("a positive digit count")
                .timeout(InputTimeout::Seconds(timeout))
                .action(action)
                .expect("a valid URL");
            prompts.into_iter().fold(gather, |gather, prompt| match prompt {
                Prompt::Say(say) => gather.append(say),
                Prompt::Play(play) => gather.append(play),
                Prompt::Pause(pause) => gather.append(pause),
            })
        },
    )
}

fn dial() -> impl Strategy<Value = Dial> {
    let nouns = prop_oneof![
        prop::collection::vec(phone_number(), 1..4).prop_map(|numbers| {
            numbers.into_iter().fold(Dial::new(), |dial, number| {
                dial.append(Number::new(number).expect("a phone number"))
            })
        }),
        "[a-z][a-z0-9_]{0,11}".prop_map(|identity| {
            Dial::new().append(Client::new(identity).expect("a client identity"))
        }),
        "[A-Za-z][A-Za-z0-9 ]{0,20}"
            .prop_map(|room| { Dial::new().append(Conference::new(room).expect("a room name")) }),
    ];
    (nouns, 5u32..=600, phone_number(), any::<bool>()).prop_map(
        |(dial, timeout, caller, answer_on_bridge)| {
            dial.timeout(timeout)
                .expect("a timeout in range")
                .caller_id(caller)
                .expect("a phone number")
                .answer_on_bridge(answer_on_bridge)
        },
    )
}

fn record() -> impl Strategy<Value = Record> {
    (1u32..=3600, 0u32..10, url()).prop_map(|(max_length, timeout, action)| {
        Record::new()
            .max_length(max_length)
            .expect("a length in range")
            .timeout(timeout)
            .action(action)
            .expect("a valid URL")
    })
}

/// A verb that lets the call go on to the next one.
#[derive(Debug, Clone)]
enum Verb {
    Say(Say),
    Play(Play),
    Pause(Pause),
    Gather(Gather),
    Dial(Dial),
    Record(Record),
}

fn verb() -> impl Strategy<Value = Verb> {
    prop_oneof![
        say().prop_map(Verb::Say),
        play().prop_map(Verb::Play),
        pause().prop_map(Verb::Pause),
        gather().prop_map(Verb::Gather),
        dial().prop_map(Verb::Dial),
        record().prop_map(Verb::Record),
    ]
}

/// The last verb: nothing, or one that ends the document.
#[derive(Debug, Clone)]
enum Last {
    Nothing,
    Redirect(String),
    Hangup,
}

fn last() -> impl Strategy<Value = Last> {
    prop_oneof![Just(Last::Nothing), url().prop_map(Last::Redirect), Just(Last::Hangup)]
}

fn voice_document() -> impl Strategy<Value = OwnedDocument> {
    (prop::collection::vec(verb(), 0..6), last()).prop_map(|(verbs, last)| {
        let mut response =
            verbs.into_iter().fold(VoiceResponse::new(), |response, verb| match verb {
                Verb::Say(say) => response.append(say),
                Verb::Play(play) => response.append(play),
                Verb::Pause(pause) => response.append(pause),
                Verb::Gather(gather) => response.append(gather),
                Verb::Dial(dial) => response.append(dial),
                Verb::Record(record) => response.append(record),
            });
        response = match last {
            Last::Nothing => response,
            Last::Redirect(url) => response.append(Redirect::new(url).expect("a valid URL")),
            Last::Hangup => response.append(Hangup::new()),
        };
        response.into_document()
    })
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        words().prop_map(|text| Message::new(text).expect("a short body")),
        (words(), prop::collection::vec(url(), 0..3), prop::option::of(phone_number())).prop_map(
            |(body, media, to)| {
                let mut message = Message::empty().append(Body::new(body).expect("a short body"));
                for url in media {
                    message = message.append(Media::new(url).expect("a valid URL"));
                }
                match to {
                    Some(to) => message.to(to).expect("a phone number"),
                    None => message,
                }
            }
        ),
    ]
}

fn messaging_document() -> impl Strategy<Value = OwnedDocument> {
    (prop::collection::vec(message(), 1..4), prop::option::of(url())).prop_map(
        |(messages, next)| {
            let mut response =
                messages.into_iter().fold(MessagingResponse::new(), MessagingResponse::append);
            if let Some(next) = next {
                response = response.append(Redirect::new(next).expect("a valid URL"));
            }
            response.into_document()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_voice_documents_lint_clean_and_round_trip(document in voice_document()) {
        for (layout, indented) in [(Layout::Compact, false), (Layout::Indented, true)] {
            let xml = document.to_xml(layout);
            prop_assert_eq!(&reparse(&xml, indented), &document, "{}", xml);
            let found = findings(&xml);
            prop_assert!(found.is_empty(), "findings {:#?} in\n{}", found, xml);
        }
    }

    #[test]
    fn random_messaging_documents_lint_clean_and_round_trip(document in messaging_document()) {
        for (layout, indented) in [(Layout::Compact, false), (Layout::Indented, true)] {
            let xml = document.to_xml(layout);
            prop_assert_eq!(&reparse(&xml, indented), &document, "{}", xml);
            let found = findings(&xml);
            prop_assert!(found.is_empty(), "findings {:#?} in\n{}", found, xml);
        }
    }
}

#[test]
fn builder_odds_and_ends_report_expected_rules() -> Result<(), BuildError> {
    // The other sample documents use a deprecated attribute and verb (`version`, `<Sms>`),
    // retired verbs (`<Autopilot>`, `<Receive>`) and a verb after `<Hangup>`. Nothing else
    // may be reported.
    let mut rules = std::collections::BTreeSet::new();
    for document in samples::every_element_documents()? {
        let xml = document.to_xml(Layout::Indented);
        for finding in check_bytes(xml.as_bytes(), &LintConfig::default()).findings {
            rules.insert(finding.rule);
        }
    }
    let expected = std::collections::BTreeSet::from([
        "deprecated-element",
        "retired-element",
        "unreachable-verb",
    ]);
    assert_eq!(rules, expected);
    Ok(())
}

/// Fixtures that lint clean still lint clean once serialized in the indented layout and once
/// formatted by `fmt`.
#[test]
fn clean_fixtures_stay_clean_after_serializing_and_formatting() {
    let mut checked = 0;
    for (path, source) in fixtures::well_formed_fixtures() {
        if !findings(&source).is_empty() {
            continue;
        }
        checked += 1;
        let document = OwnedDocument::from_document(&twiml::parse(&source));
        let indented = document.to_xml(Layout::Indented);
        assert_eq!(findings(&indented), Vec::<String>::new(), "{} indented", path.display());
        let formatted = twiml::format(&source).expect("a well-formed fixture formats");
        assert_eq!(findings(&formatted), Vec::<String>::new(), "{} formatted", path.display());
    }
    assert!(checked > 50, "only {checked} clean fixtures were found");
}
