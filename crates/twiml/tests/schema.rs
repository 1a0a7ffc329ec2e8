//! Checks the schema tables: every element and attribute of the TwiML reference is present,
//! the tables agree with themselves (children and parents, method attributes, enumerations,
//! defaults), and the lookups return the right entry.

use std::collections::HashSet;

use twiml::schema::{
    self, AttributeKind, AttributeSchema, ElementSchema, Family, HttpMethod, SchemeRule, Status,
    TextKind, UrlInfo, UrlRole,
};

/// Collects every URL of an element, with the attribute name, or `text` for the text.
fn urls(element: &'static ElementSchema) -> Vec<(&'static str, &'static UrlInfo)> {
    let mut urls: Vec<(&'static str, &'static UrlInfo)> = element
        .attributes
        .iter()
        .filter_map(|attribute| attribute.url().map(|info| (attribute.name, info)))
        .collect();
    if let TextKind::Url(info) = &element.text {
        urls.push(("text", info));
    }
    urls
}

/// Finds the entry named `name` whose parents include `parent`, with no fallback.
fn entry_in(name: &str, parent: &str) -> Option<&'static ElementSchema> {
    schema::elements().find(|element| element.name == name && element.parents.contains(&parent))
}

fn attribute_of(element: &str, parent: &str, attribute: &str) -> &'static AttributeSchema {
    let entry = entry_in(element, parent).unwrap_or_else(|| panic!("no {element} in {parent}"));
    entry.attribute(attribute).unwrap_or_else(|| panic!("no {element}@{attribute}"))
}

fn url_of(element: &str, parent: &str, attribute: &str) -> &'static UrlInfo {
    attribute_of(element, parent, attribute)
        .url()
        .unwrap_or_else(|| panic!("{element}@{attribute} is not a URL"))
}

/// Returns the values a kind lists, if it lists any.
fn listed_values(kind: &AttributeKind) -> Option<&'static [&'static str]> {
    match *kind {
        AttributeKind::Enumeration(values)
        | AttributeKind::EnumerationAnyCase(values)
        | AttributeKind::EnumerationOr(values, _)
        | AttributeKind::List(values) => Some(values),
        _ => None,
    }
}

fn duplicates(values: &[&'static str]) -> Vec<&'static str> {
    let mut seen = HashSet::new();
    values.iter().copied().filter(|value| !seen.insert(*value)).collect()
}

#[test]
fn coverage_file_entries_all_present() {
    let coverage = include_str!("data/schema-coverage.txt");
    let mut missing = Vec::new();
    let mut checked = 0;

    for line in coverage.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        checked += 1;
        let (path, attribute) = match line.split_once('@') {
            Some((path, attribute)) => (path, Some(attribute)),
            None => (line, None),
        };
        let (parent, name) = match path.split_once('/') {
            Some((parent, name)) => (Some(parent), name),
            None => (None, path),
        };
        let found = schema::elements()
            .filter(|element| element.name == name)
            .filter(|element| parent.is_none_or(|parent| element.parents.contains(&parent)))
            .any(|element| {
                attribute.is_none_or(|attribute| element.attribute(attribute).is_some())
            });
        if !found {
            missing.push(line);
        }
    }

    assert!(checked > 400, "the coverage file lists only {checked} entries");
    assert!(missing.is_empty(), "missing from the schema:\n{}", missing.join("\n"));
}

#[test]
fn children_list_their_parent() {
    let mut problems = Vec::new();
    for element in schema::elements() {
        for child in element.children {
            if entry_in(child, element.name).is_none() {
                problems.push(format!(
                    "{} lists child {child}, which has no such parent",
                    element.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn parents_list_their_child() {
    let mut problems = Vec::new();
    for element in schema::elements() {
        for parent in element.parents {
            let listed = schema::elements()
                .filter(|candidate| candidate.name == *parent)
                .any(|candidate| candidate.children.contains(&element.name));
            if !listed {
                problems.push(format!("{} names parent {parent}, which lacks it", element.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_response_has_no_parents() {
    let roots: Vec<&str> = schema::elements()
        .filter(|element| element.parents.is_empty())
        .map(|element| element.name)
        .collect();
    assert_eq!(roots, ["Response"]);
}

#[test]
fn entries_unique_per_name_and_parent() {
    let mut seen = HashSet::new();
    for element in schema::elements() {
        for parent in element.parents {
            assert!(
                seen.insert((element.name, *parent)),
                "two entries for {} in {parent}",
                element.name
            );
        }
    }
}

#[test]
fn attribute_names_unique_per_element() {
    for element in schema::elements() {
        let names: Vec<&str> = element.attributes.iter().map(|attribute| attribute.name).collect();
        assert!(duplicates(&names).is_empty(), "{} repeats {:?}", element.name, duplicates(&names));
    }
}

#[test]
fn required_and_limited_children_are_children() {
    for element in schema::elements() {
        for child in element.required_children {
            assert!(
                element.allows_child(child),
                "{} requires {child} but does not allow it",
                element.name
            );
        }
        for (child, max) in element.max_children {
            assert!(
                element.allows_child(child),
                "{} limits {child} but does not allow it",
                element.name
            );
            assert!(*max > 0, "{} limits {child} to zero", element.name);
        }
    }
}

#[test]
fn forbidden_parents_are_parents() {
    for element in schema::elements() {
        for attribute in element.attributes {
            for parent in attribute.forbidden_in {
                assert!(
                    element.parents.contains(parent),
                    "{}@{} is forbidden in {parent}, which is not a parent",
                    element.name,
                    attribute.name
                );
            }
        }
    }
}

#[test]
fn method_attributes_exist_with_method_kind() {
    let mut problems = Vec::new();
    for element in schema::elements() {
        for (holder, info) in urls(element) {
            let Some(name) = info.method_attribute else { continue };
            match element.attribute(name).map(|attribute| attribute.kind) {
                Some(AttributeKind::Method { .. }) => {}
                Some(kind) => {
                    problems.push(format!("{}@{name} for {holder} is {kind:?}", element.name));
                }
                None => problems.push(format!("{} lacks {name} for {holder}", element.name)),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn restricted_documents_allow_known_verbs() {
    for element in schema::elements() {
        for (holder, info) in urls(element) {
            let UrlRole::RestrictedDocument { allowed, .. } = info.role else { continue };
            assert!(!allowed.is_empty(), "{}@{holder} allows no verb", element.name);
            assert!(duplicates(allowed).is_empty(), "{}@{holder} repeats a verb", element.name);
            for verb in allowed {
                let known = schema::verbs(Family::Voice).any(|candidate| candidate.name == *verb);
                assert!(
                    known,
                    "{}@{holder} allows {verb}, which is not a Voice verb",
                    element.name
                );
            }
        }
    }
}

#[test]
fn enumerations_nonempty_without_duplicates() {
    for element in schema::elements() {
        for attribute in element.attributes {
            let label = format!("{}@{}", element.name, attribute.name);
            if let Some(values) = listed_values(&attribute.kind) {
                assert!(!values.is_empty(), "{label} lists no values");
                assert!(duplicates(values).is_empty(), "{label} repeats {:?}", duplicates(values));
                assert!(
                    values.iter().all(|value| !value.is_empty()),
                    "{label} lists an empty value"
                );
            }
            let known = attribute.known_values;
            assert!(duplicates(known).is_empty(), "{label} repeats known {:?}", duplicates(known));
        }
    }
}

#[test]
fn defaults_accepted_by_their_kind() {
    let mut problems = Vec::new();
    for element in schema::elements() {
        for attribute in element.attributes {
            let Some(default) = attribute.default else { continue };
            if !attribute.kind.accepts(default) {
                problems.push(format!("{}@{} default {default:?}", element.name, attribute.name));
            }
        }
    }
    assert!(problems.is_empty(), "defaults rejected by their own kind:\n{}", problems.join("\n"));
}

#[test]
fn known_and_status_values_accepted() {
    for element in schema::elements() {
        for attribute in element.attributes {
            let label = format!("{}@{}", element.name, attribute.name);
            for value in attribute.known_values {
                assert!(attribute.kind.accepts(value), "{label} rejects known value {value:?}");
            }
            for value_status in attribute.value_statuses {
                let value = value_status.value;
                assert!(attribute.kind.accepts(value), "{label} rejects {value:?}");
                assert_ne!(value_status.status, Status::Current, "{label} {value:?} is current");
            }
        }
    }
}

#[test]
fn integer_ranges_not_inverted() {
    for element in schema::elements() {
        for attribute in element.attributes {
            let label = format!("{}@{}", element.name, attribute.name);
            match attribute.kind {
                AttributeKind::Integer { min, max: Some(max) }
                | AttributeKind::IntegerList { min, max } => assert!(min <= max, "{label}"),
                AttributeKind::Decimal { min, max } => assert!(min <= max, "{label}"),
                _ => {}
            }
        }
    }
}

#[test]
fn families_stay_apart() {
    for element in schema::elements() {
        for child in element.children {
            let child_entry =
                entry_in(child, element.name).expect("checked by children_list_their_parent");
            let compatible = match element.family {
                Family::Shared => true,
                Family::Voice => matches!(child_entry.family, Family::Voice | Family::Ssml),
                Family::Ssml => child_entry.family == Family::Ssml,
                family => child_entry.family == family,
            };
            assert!(
                compatible,
                "{} ({:?}) holds {child} ({:?})",
                element.name, element.family, child_entry.family
            );
        }
    }
}

#[test]
fn element_in_picks_refer_sip() {
    let refer_sip = schema::element_in("Sip", "Refer").expect("a Sip entry");
    assert_eq!(refer_sip.parents, ["Refer"]);
    assert_eq!(refer_sip.text, TextKind::SipUri);
    assert!(refer_sip.attributes.is_empty());
    assert!(refer_sip.children.is_empty());

    let dial_sip = schema::element_in("Sip", "Dial").expect("a Sip entry");
    assert_eq!(dial_sip.parents, ["Dial"]);
    assert!(dial_sip.attribute("username").is_some());
}

#[test]
fn element_in_falls_back_to_name() {
    let queue = schema::element_in("Queue", "Response").expect("a Queue entry");
    assert_eq!(queue.parents, ["Dial"]);
    assert!(schema::element_in("Nope", "Response").is_none());
}

#[test]
fn element_in_picks_stream_by_parent() {
    let connect = schema::element_in("Stream", "Connect").expect("a Stream entry");
    let start = schema::element_in("Stream", "Start").expect("a Stream entry");
    let stop = schema::element_in("Stream", "Stop").expect("a Stream entry");
    let connect_track = connect.attribute("track").expect("track").kind;
    assert!(connect_track.accepts("inbound_track"));
    assert!(!connect_track.accepts("both_tracks"));
    assert!(start.attribute("track").expect("track").kind.accepts("both_tracks"));
    assert_eq!(start, stop);
}

#[test]
fn element_ignoring_case_finds_say() {
    assert_eq!(schema::element_ignoring_case("say").map(|element| element.name), Some("Say"));
    assert_eq!(schema::element_ignoring_case("SAY-AS").map(|element| element.name), Some("say-as"));
    assert!(schema::element_ignoring_case("sayy").is_none());
}

#[test]
fn attribute_ignoring_case_prefers_exact() {
    let gather = schema::element("Gather").expect("Gather");
    let found = gather.attribute_ignoring_case("finishonkey").map(|attribute| attribute.name);
    assert_eq!(found, Some("finishOnKey"));

    let relay = schema::element("ConversationRelay").expect("ConversationRelay");
    let exact = relay.attribute_ignoring_case("speechtimeout").map(|attribute| attribute.name);
    assert_eq!(exact, Some("speechtimeout"));
}

#[test]
fn verbs_by_family() {
    let names = |family| schema::verbs(family).map(|element| element.name).collect::<Vec<_>>();
    let messaging = names(Family::Messaging);
    assert!(messaging.contains(&"Message"));
    assert!(messaging.contains(&"Redirect"));
    assert!(messaging.contains(&"Sms"));
    assert!(!messaging.contains(&"Say"));

    let voice = names(Family::Voice);
    for verb in ["Say", "Play", "Dial", "Connect", "Start", "Redirect", "Sms"] {
        assert!(voice.contains(&verb), "{verb} is a Voice verb");
    }
    assert!(!voice.contains(&"Queue"), "Queue is a Dial noun, not a verb");
    assert!(!voice.contains(&"Prompt"), "Prompt is a Pay noun, not a verb");
    assert!(!voice.contains(&"Message"));

    let fax = names(Family::Fax);
    assert!(fax.contains(&"Receive"));
    assert!(!fax.contains(&"Message"));
    assert!(!fax.contains(&"Say"));
}

#[test]
fn name_lists_sorted_and_unique() {
    let elements = schema::element_names();
    let attributes = schema::attribute_names();
    assert!(elements.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(attributes.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(elements.contains(&"say-as"));
    assert!(attributes.contains(&"statusCallback"));
    assert!(attributes.contains(&"xml:lang"));
}

#[test]
fn child_error_codes() {
    let code = |name| schema::element(name).and_then(|element| element.child_error_code);
    assert_eq!(code("Gather"), Some(13320));
    assert_eq!(code("Dial"), Some(13215));
    assert_eq!(code("Start"), Some(14300));
    assert_eq!(code("Stop"), Some(14300));
}

#[test]
fn gather_replaces_nested_codes() {
    let gather = schema::element("Gather").expect("Gather");
    assert_eq!(gather.nested_error_code(13511), 13321);
    assert_eq!(gather.nested_error_code(13510), 13322);
    assert_eq!(gather.nested_error_code(13420), 13325);
    assert_eq!(gather.nested_error_code(13430), 13430);
}

#[test]
fn play_digits_not_in_gather() {
    let digits = attribute_of("Play", "Response", "digits");
    assert!(digits.allowed_in("Response"));
    assert!(!digits.allowed_in("Gather"));
}

#[test]
fn application_requires_sid() {
    let application = schema::element("Application").expect("Application");
    assert_eq!(application.required_children, ["ApplicationSid"]);
}

#[test]
fn dial_and_message_child_limits() {
    let dial = schema::element("Dial").expect("Dial");
    assert_eq!(dial.max_children_of("Number"), Some(10));
    assert_eq!(dial.max_children_of("Client"), Some(10));
    assert_eq!(dial.max_children_of("Sip"), None);
    assert_eq!(schema::element("Message").and_then(|m| m.max_children_of("Media")), Some(10));
}

#[test]
fn whisper_urls_restricted() {
    for noun in ["Number", "Client", "Sip", "WhatsApp"] {
        let info = url_of(noun, "Dial", "url");
        let UrlRole::RestrictedDocument { allowed, audio_allowed, .. } = info.role else {
            panic!("{noun}@url is {:?}", info.role);
        };
        assert_eq!(allowed, ["Play", "Say", "Pause", "Gather", "Hangup"], "{noun}");
        assert!(!audio_allowed);
        assert_eq!(info.method_attribute, Some("method"));
    }
}

#[test]
fn wait_urls_restricted_and_may_be_empty() {
    let conference = url_of("Conference", "Dial", "waitUrl");
    assert_eq!(
        conference.role,
        UrlRole::RestrictedDocument {
            allowed: &["Say", "Play", "Pause", "Redirect"],
            error_code: Some(13238),
            audio_allowed: true,
        }
    );
    assert_eq!(conference.method_attribute, Some("waitMethod"));
    assert_eq!(conference.error_code, Some(13233));
    assert!(conference.accepts(""));

    let enqueue = url_of("Enqueue", "Response", "waitUrl");
    let UrlRole::RestrictedDocument { allowed, .. } = enqueue.role else {
        panic!("{:?}", enqueue.role)
    };
    assert_eq!(allowed, ["Play", "Say", "Pause", "Hangup", "Redirect", "Leave", "Gather"]);
    assert_eq!(enqueue.method_attribute, Some("waitUrlMethod"));

    let queue = url_of("Queue", "Dial", "url");
    let UrlRole::RestrictedDocument { allowed, .. } = queue.role else {
        panic!("{:?}", queue.role)
    };
    assert_eq!(allowed, ["Play", "Say", "Pause", "Redirect"]);
}

#[test]
fn action_defaults_to_current_document() {
    for verb in ["Gather", "Record", "Pay"] {
        let info = url_of(verb, "Response", "action");
        assert!(info.defaults_to_current_document, "{verb}");
        assert_eq!(info.role, UrlRole::Document, "{verb}");
    }
    for verb in ["Dial", "Enqueue", "Connect", "Refer"] {
        assert!(!url_of(verb, "Response", "action").defaults_to_current_document, "{verb}");
    }
}

#[test]
fn url_scheme_rules() {
    let pay = url_of("Pay", "Response", "action");
    assert_eq!(pay.scheme, SchemeRule::HttpsOnly);
    assert_eq!(pay.method_attribute, None);
    assert_eq!(pay.default_method, HttpMethod::Post);

    for parent in ["Start", "Connect"] {
        let stream = url_of("Stream", parent, "url");
        assert_eq!(stream.role, UrlRole::WebSocket);
        assert_eq!(stream.scheme, SchemeRule::WssOnly);
        assert!(!stream.query_allowed);
    }

    let relay = attribute_of("ConversationRelay", "Connect", "url");
    assert!(relay.required);
    let relay_url = relay.url().expect("a URL");
    assert_eq!(relay_url.scheme, SchemeRule::WssOnly);
    assert!(relay_url.absolute_only);
}

#[test]
fn absolute_only_callbacks() {
    assert!(url_of("Stream", "Start", "statusCallback").absolute_only);
    assert!(url_of("Transcription", "Start", "statusCallbackUrl").absolute_only);
    assert!(!url_of("Dial", "Response", "action").absolute_only);
}

#[test]
fn text_urls() {
    let redirect = schema::element("Redirect").expect("Redirect");
    assert_eq!(redirect.family, Family::Shared);
    let info = redirect.text_url().expect("a URL");
    assert_eq!(info.role, UrlRole::Document);
    assert_eq!(info.method_attribute, Some("method"));
    assert_eq!(info.default_method, HttpMethod::Post);

    let play = schema::element("Play").and_then(ElementSchema::text_url).expect("a URL");
    assert_eq!(play.role, UrlRole::Media);
    assert_eq!(play.default_method, HttpMethod::Get);
    assert_eq!(play.content_type_error_code, Some(13420));

    let media = schema::element("Media").and_then(ElementSchema::text_url).expect("a URL");
    assert_eq!(media.role, UrlRole::Media);
}

#[test]
fn deprecated_and_retired_entries() {
    let status = |name| schema::element(name).map(|element| element.status);
    assert!(matches!(status("Sms"), Some(Status::Deprecated(_))));
    assert!(matches!(status("Autopilot"), Some(Status::Retired(_))));
    assert!(matches!(status("Receive"), Some(Status::Retired(_))));
    for name in ["Echo", "Assistant", "Conversation", "AiSession", "ConversationRelaySession"] {
        assert_eq!(status(name), Some(Status::LibraryOnly), "{name}");
    }
    assert_eq!(status("Say"), Some(Status::Current));

    assert!(matches!(attribute_of("Gather", "Response", "enhanced").status, Status::Deprecated(_)));
    let message_callback = attribute_of("Message", "Response", "statusCallback");
    assert!(matches!(message_callback.status, Status::Deprecated(_)));
    assert_eq!(attribute_of("Gather", "Response", "bargeIn").status, Status::LibraryOnly);

    let voice = attribute_of("Say", "Response", "voice");
    let alice = voice.value_statuses.iter().find(|value| value.value == "alice");
    assert!(matches!(alice.map(|value| value.status), Some(Status::Deprecated(_))));
}

#[test]
fn documented_error_codes() {
    let code = |element, parent, attribute| attribute_of(element, parent, attribute).error_code;
    assert_eq!(code("Gather", "Response", "finishOnKey"), Some(13310));
    assert_eq!(code("Gather", "Response", "method"), Some(13312));
    assert_eq!(code("Gather", "Response", "timeout"), Some(13313));
    assert_eq!(code("Gather", "Response", "numDigits"), Some(13314));
    assert_eq!(code("Dial", "Response", "timeout"), Some(13212));
    assert_eq!(code("Dial", "Response", "hangupOnStar"), Some(13213));
    assert_eq!(code("Say", "Response", "voice"), Some(13511));
    assert_eq!(code("Play", "Response", "loop"), Some(13410));
    assert_eq!(code("Pause", "Response", "length"), Some(13910));
    assert_eq!(code("Reject", "Response", "reason"), Some(13810));
    assert_eq!(code("Number", "Dial", "sendDigits"), Some(13222));
}

#[test]
fn uncertain_values_accepted() {
    let kind = |element, parent, attribute| attribute_of(element, parent, attribute).kind;
    assert!(kind("Play", "Response", "loop").accepts("25"));
    assert!(kind("Gather", "Response", "timeout").accepts("auto"));
    assert!(kind("Gather", "Response", "speechModel").accepts("deepgram_nova-3-medical"));
    assert!(kind("Gather", "Response", "language").accepts("yue-Hant-HK"));
    assert!(kind("Say", "Response", "voice").accepts("Polly.Rémi-Generative"));
    assert!(kind("Dial", "Response", "method").accepts("get"));
    assert!(kind("Conference", "Dial", "region").accepts("us2"));
    assert!(kind("ConversationRelay", "Connect", "ttsProvider").accepts("elevenlabs"));
    assert!(kind("lang", "Say", "xml:lang").accepts("fr-BE"));
}

#[test]
fn http_method_parsing() {
    assert_eq!(HttpMethod::from_twiml("GET"), Some(HttpMethod::Get));
    assert_eq!(HttpMethod::from_twiml("get"), None);
    assert_eq!(HttpMethod::from_twiml_ignoring_case("get"), Some(HttpMethod::Get));
    assert_eq!(HttpMethod::from_twiml_ignoring_case("Post"), Some(HttpMethod::Post));
    assert_eq!(HttpMethod::from_twiml_ignoring_case("PUT"), None);
    assert_eq!(HttpMethod::Post.as_str(), "POST");
}
