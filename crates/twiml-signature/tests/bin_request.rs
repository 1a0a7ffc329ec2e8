//! Signed bin requests, GET and POST, against dummy-value vectors computed with an
//! independent HMAC-SHA1.

use twiml_signature::{
    AccountSid, AuthToken, BinRequest, Error, FORM_CONTENT_TYPE, Method, Params, RequestUrl,
    SIGNATURE_HEADER, validate,
};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const SID: &str = "AC00000000000000000000000000000000";
const BIN: &str = "https://handler.twilio.com/twiml/EH00000000000000000000000000000000";

fn token() -> AuthToken {
    AuthToken::new(TOKEN).expect("valid token")
}

fn sid() -> AccountSid {
    AccountSid::parse(SID).expect("valid SID")
}

fn bin(suffix: &str) -> RequestUrl {
    RequestUrl::parse(&format!("{BIN}{suffix}")).expect("valid URL")
}

#[test]
fn get_form() {
    let request = BinRequest::get(bin(""), sid()).sign(&token()).expect("signed");
    assert_eq!(request.method(), Method::Get);
    assert_eq!(request.url(), format!("{BIN}?AccountSid={SID}"));
    assert_eq!(request.body(), None);
    assert_eq!(request.content_type(), None);
    assert_eq!(request.header_name(), SIGNATURE_HEADER);
    assert_eq!(request.header_value(), "kMVf+yTZSdQTv8o97hAU1kFUTC0=");
}

#[test]
fn post_form() {
    let request = BinRequest::post(bin(""), sid()).sign(&token()).expect("signed");
    assert_eq!(request.method(), Method::Post);
    assert_eq!(request.url(), BIN);
    assert_eq!(request.body(), Some(format!("AccountSid={SID}").as_str()));
    assert_eq!(request.content_type(), Some(FORM_CONTENT_TYPE));
    assert_eq!(request.header_value(), "I9M7ANJIkw7GmeM4vAiZWxTVPpk=");
}

#[test]
fn get_with_template_param() {
    let request =
        BinRequest::get(bin(""), sid()).param("Name", "Jane").sign(&token()).expect("signed");
    assert_eq!(request.url(), format!("{BIN}?AccountSid={SID}&Name=Jane"));
    assert_eq!(request.header_value(), "edqXANbFowub3csrVzygcUyjV8o=");
}

#[test]
fn post_with_query_and_params() {
    let request = BinRequest::post(bin("?Name=Jane"), sid())
        .param("From", "+15005550006")
        .param("Body", "Hi & bye")
        .sign(&token())
        .expect("signed");
    assert_eq!(request.url(), format!("{BIN}?Name=Jane"));
    assert_eq!(
        request.body(),
        Some(format!("AccountSid={SID}&From=%2B15005550006&Body=Hi+%26+bye").as_str())
    );
    assert_eq!(request.header_value(), "TGkNpsSsU4l0KVCADjea2GlCVrg=");
}

#[test]
fn post_validates_as_a_handler_would() {
    let request = BinRequest::post(bin("?Name=Jane"), sid())
        .param("From", "+15005550006")
        .param("Body", "Hi & bye")
        .sign(&token())
        .expect("signed");
    let received_url = RequestUrl::parse(request.url()).expect("valid URL");
    let received_params =
        Params::from_form_body(request.body().unwrap_or_default().as_bytes()).expect("valid body");
    let candidate = validate(&token(), &received_url, &received_params, request.header_value())
        .expect("handler accepts the request");
    assert!(candidate.is_as_given());
}

#[test]
fn get_validates_as_a_handler_would() {
    let request =
        BinRequest::get(bin(""), sid()).param("Body", "It's + 1 ñ").sign(&token()).expect("signed");
    assert_eq!(request.url(), format!("{BIN}?AccountSid={SID}&Body=It%27s+%2B+1+%C3%B1"));
    let received_url = RequestUrl::parse(request.url()).expect("valid URL");
    assert!(validate(&token(), &received_url, &Params::new(), request.header_value()).is_ok());
}

#[test]
fn duplicate_account_sid_rejected() {
    let in_url = BinRequest::get(bin(&format!("?AccountSid={SID}")), sid()).sign(&token());
    assert_eq!(in_url.err(), Some(Error::DuplicateAccountSid { place: "in the URL" }));

    let as_param = BinRequest::post(bin(""), sid()).param("AccountSid", SID).sign(&token());
    assert_eq!(as_param.err(), Some(Error::DuplicateAccountSid { place: "as a parameter" }));
}

#[test]
fn signed_request_debug_redacts_signature() {
    let request = BinRequest::get(bin(""), sid()).sign(&token()).expect("signed");
    let debug = format!("{request:?}");
    assert!(debug.contains("Signature(redacted)"), "{debug}");
    assert!(!debug.contains(request.header_value()), "{debug}");
}

#[test]
fn method_names() {
    assert_eq!(Method::Get.to_string(), "GET");
    assert_eq!(Method::Post.as_str(), "POST");
}
