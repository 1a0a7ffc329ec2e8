//! The builder's output, value checks, escape hatch and nesting conveniences.

use twiml::builder::Break;
use twiml::builder::{
    Body, BreakStrength, BreakTime, BuildError, CallProgressEvent, Client, Conference, Dial,
    Emphasis, EmphasisLevel, Gather, GatherInput, HttpMethod, Identity, InputTimeout, InterpretAs,
    Media, Message, MessagingResponse, Number, Parameter, Play, Prosody, ProsodyRate,
    ProsodyVolume, Redirect, Say, SayAs, Sip, Uri, VoiceResponse,
};
use twiml::{Layout, ToXml};

const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

#[test]
fn response_compact_has_declaration_and_no_whitespace() {
    let response = VoiceResponse::new().append(Say::new("Hello"));
    assert_eq!(response.to_string(), format!("{DECLARATION}<Response><Say>Hello</Say></Response>"));
    assert_eq!(response.to_xml(Layout::Compact), response.to_string());
}

#[test]
fn empty_response_is_self_closing() {
    assert_eq!(VoiceResponse::new().to_string(), format!("{DECLARATION}<Response/>"));
    assert_eq!(
        MessagingResponse::default().to_xml(Layout::Indented),
        format!("{DECLARATION}\n<Response/>\n")
    );
}

#[test]
fn gather_menu_indented() -> Result<(), BuildError> {
    let response = VoiceResponse::new()
        .append(
            Gather::new()
                .input([GatherInput::Dtmf, GatherInput::Speech])
                .num_digits(1)?
                .timeout(InputTimeout::Seconds(3))
                .speech_timeout(InputTimeout::Auto)
                .action("/menu")?
                .method(HttpMethod::Get)
                .action_on_empty_result(false)
                .append(Say::new("Press 1.").voice("Polly.Joanna")?),
        )
        .append(Redirect::new("/menu")?);
    let expected = format!(
        "{DECLARATION}\n<Response>\n  <Gather input=\"dtmf speech\" numDigits=\"1\" timeout=\"3\" \
         speechTimeout=\"auto\" action=\"/menu\" method=\"GET\" actionOnEmptyResult=\"false\">\n    \
         <Say voice=\"Polly.Joanna\">Press 1.</Say>\n  </Gather>\n  <Redirect>/menu</Redirect>\n\
         </Response>\n"
    );
    assert_eq!(response.to_xml(Layout::Indented), expected);
    Ok(())
}

#[test]
fn text_and_attributes_are_escaped() -> Result<(), BuildError> {
    let response = VoiceResponse::new()
        .append(Say::new("Tom & Jerry <3 > \"quotes\""))
        .append(Redirect::new("/next?a=1&b=2")?);
    assert_eq!(
        response.to_string(),
        format!(
            "{DECLARATION}<Response><Say>Tom &amp; Jerry &lt;3 &gt; \"quotes\"</Say>\
             <Redirect>/next?a=1&amp;b=2</Redirect></Response>"
        )
    );
    let gather = Gather::new().action("/a?x=1&y=\"2\"")?;
    assert_eq!(gather.to_xml(Layout::Compact), "<Gather action=\"/a?x=1&amp;y=&quot;2&quot;\"/>");
    let say = Say::new("x").unchecked_attribute("data", "a\"b\tc\nd")?;
    assert_eq!(say.to_xml(Layout::Compact), "<Say data=\"a&quot;b&#9;c&#10;d\">x</Say>");
    Ok(())
}

#[test]
fn non_ascii_text_is_written_as_is() {
    let say = Say::new("Grüße, 日本語, Mía");
    assert_eq!(say.to_xml(Layout::Compact), "<Say>Grüße, 日本語, Mía</Say>");
}

#[test]
fn characters_xml_cannot_hold_are_replaced() {
    let say = Say::new("a\u{0}b\u{1b}c");
    assert_eq!(say.to_xml(Layout::Compact), "<Say>a\u{fffd}b\u{fffd}c</Say>");
}

#[test]
fn say_mixes_text_and_ssml_in_order() {
    let say = Say::new("Hello ")
        .append(Break::new().strength(BreakStrength::Strong).time(BreakTime::Milliseconds(500)))
        .text(" world, ")
        .append(Emphasis::new().level(EmphasisLevel::Moderate).text("really"))
        .text(" ")
        .append(
            Prosody::new()
                .rate(ProsodyRate::Percent(85))
                .volume(ProsodyVolume::Decibels(-3))
                .text("slow"),
        )
        .append(SayAs::new("1234").interpret_as(InterpretAs::Digits));
    assert_eq!(
        say.to_xml(Layout::Indented),
        "<Say>Hello <break strength=\"strong\" time=\"500ms\"/> world, <emphasis level=\"moderate\">\
         really</emphasis> <prosody rate=\"85%\" volume=\"-3dB\">slow</prosody>\
         <say-as interpret-as=\"digits\">1234</say-as></Say>"
    );
}

#[test]
fn adjacent_text_merges_and_empty_text_adds_nothing() {
    let say = Say::new("").text("a").text("").text("b");
    assert_eq!(say.as_element_text(), vec!["ab".to_owned()]);
}

trait TextNodes {
    fn as_element_text(&self) -> Vec<String>;
}

impl TextNodes for Say {
    fn as_element_text(&self) -> Vec<String> {
        use twiml::builder::BuilderElement;
        use twiml::serialize::OwnedNode;
        self.as_element()
            .children
            .iter()
            .filter_map(|node| match node {
                OwnedNode::Text(text) => Some(text.clone()),
                _ => None,
            })
            .collect()
    }
}

#[test]
fn setting_twice_keeps_position_and_last_value() -> Result<(), BuildError> {
    let dial = Dial::new().timeout(10)?.hangup_on_star(true).timeout(20)?;
    assert_eq!(dial.to_xml(Layout::Compact), "<Dial timeout=\"20\" hangupOnStar=\"true\"/>");
    Ok(())
}

#[test]
fn range_checked_setter_names_value_and_range() {
    let error = Dial::new().timeout(3).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid value `3` for `timeout` on `<Dial>`: expected an integer from 5 to 600"
    );
}

#[test]
fn checked_text_names_the_problem() {
    let error = Number::new("call me").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid text `call me` in `<Number>`: expected a phone number such as `+14155550100`"
    );
    assert!(Play::new("https://example.com/a b.mp3").is_err());
    assert!(Play::new("").is_err());
    assert!(Media::new("").is_err());
    assert!(Conference::new("x".repeat(129)).is_err());
}

#[test]
fn long_values_are_shortened_in_messages() {
    let error = Number::new("x".repeat(200)).unwrap_err();
    let message = error.to_string();
    assert!(message.contains(&format!("{}…`", "x".repeat(60))), "{message}");
    assert!(!message.contains(&"x".repeat(61)), "{message}");
}

#[test]
fn empty_list_leaves_attribute_out() -> Result<(), BuildError> {
    let number = Number::new("+14155550100")?
        .status_callback_event([CallProgressEvent::Ringing, CallProgressEvent::Answered]);
    assert_eq!(
        number.to_xml(Layout::Compact),
        "<Number statusCallbackEvent=\"ringing answered\">+14155550100</Number>"
    );
    let number = number.status_callback_event([]);
    assert_eq!(number.to_xml(Layout::Compact), "<Number>+14155550100</Number>");
    Ok(())
}

#[test]
fn comma_list_joins_and_rejects_commas() -> Result<(), BuildError> {
    let gather = Gather::new().hints(["sales", "support desk"])?;
    assert_eq!(gather.to_xml(Layout::Compact), "<Gather hints=\"sales, support desk\"/>");
    assert!(Gather::new().hints(["a,b"]).is_err());
    Ok(())
}

#[test]
fn unchecked_attribute_writes_templates_and_checks_names() -> Result<(), BuildError> {
    let dial = Dial::new().unchecked_attribute("callerId", "{{#e164}}{{From}}{{/e164}}")?;
    assert_eq!(dial.to_xml(Layout::Compact), "<Dial callerId=\"{{#e164}}{{From}}{{/e164}}\"/>");
    assert!(Dial::new().caller_id("{{From}}").is_err(), "a template is not a caller ID");
    let error = Dial::new().unchecked_attribute("bad name", "x").unwrap_err();
    assert!(matches!(error, BuildError::InvalidAttributeName { .. }), "{error:?}");
    assert!(Dial::new().unchecked_attribute("", "x").is_err());
    assert!(Dial::new().unchecked_attribute("1st", "x").is_err());
    Ok(())
}

#[test]
fn client_identity_moves_into_identity_when_children_follow() -> Result<(), BuildError> {
    let client = Client::new("alice")?;
    assert_eq!(client.to_xml(Layout::Compact), "<Client>alice</Client>");
    let client = client.append(Parameter::new("plan", "gold"));
    assert_eq!(
        client.to_xml(Layout::Compact),
        "<Client><Identity>alice</Identity><Parameter name=\"plan\" value=\"gold\"/></Client>"
    );
    assert!(Client::new("alice smith").is_err());
    assert!(Identity::new("a<b").is_err());
    Ok(())
}

#[test]
fn sip_uri_moves_into_uri_when_children_follow() -> Result<(), BuildError> {
    let sip =
        Sip::new("sip:alice@example.com")?.append(Uri::new("sip:bob@example.com").priority(2));
    assert_eq!(
        sip.to_xml(Layout::Compact),
        "<Sip><Uri>sip:alice@example.com</Uri><Uri priority=\"2\">sip:bob@example.com</Uri></Sip>"
    );
    Ok(())
}

#[test]
fn message_text_moves_into_body_when_media_follows() -> Result<(), BuildError> {
    let message = Message::new("Here it is")?.append(Media::new("https://example.com/owl.png")?);
    assert_eq!(
        message.to_xml(Layout::Compact),
        "<Message><Body>Here it is</Body><Media>https://example.com/owl.png</Media></Message>"
    );
    let message = Message::empty().append(Body::new("Hi")?);
    assert_eq!(message.to_xml(Layout::Compact), "<Message><Body>Hi</Body></Message>");
    Ok(())
}

#[test]
fn message_is_written_on_one_line_when_indented() -> Result<(), BuildError> {
    // Whitespace in a <Message> is content, so the indented layout adds none inside it.
    let response = MessagingResponse::new().append(
        Message::empty().append(Body::new("Hi")?).append(Media::new("https://example.com/a.png")?),
    );
    assert_eq!(
        response.to_xml(Layout::Indented),
        format!(
            "{DECLARATION}\n<Response>\n  <Message><Body>Hi</Body><Media>https://example.com/a.png</Media></Message>\n</Response>\n"
        )
    );
    Ok(())
}

#[test]
fn dial_nouns_are_indented() -> Result<(), BuildError> {
    let dial = Dial::new()
        .caller_id("+14155550100")?
        .append(Number::new("+14155550101")?)
        .append(Number::new("+14155550102")?.send_digits("ww1")?);
    assert_eq!(
        VoiceResponse::new().append(dial).to_xml(Layout::Indented),
        format!(
            "{DECLARATION}\n<Response>\n  <Dial callerId=\"+14155550100\">\n    \
             <Number>+14155550101</Number>\n    <Number sendDigits=\"ww1\">+14155550102</Number>\n  \
             </Dial>\n</Response>\n"
        )
    );
    Ok(())
}

#[test]
fn play_digits_only_has_no_text() -> Result<(), BuildError> {
    assert_eq!(Play::digits_only("ww3")?.to_xml(Layout::Compact), "<Play digits=\"ww3\"/>");
    assert!(Play::digits_only("x").is_err());
    Ok(())
}

#[test]
fn booleans_are_lowercase() {
    let gather = Gather::new().profanity_filter(false).barge_in(true);
    assert_eq!(
        gather.to_xml(Layout::Compact),
        "<Gather profanityFilter=\"false\" bargeIn=\"true\"/>"
    );
}
