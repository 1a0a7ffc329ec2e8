//! Spellings that real frameworks get wrong: each URL and value is signed as sent, never
//! re-encoded, reordered, trimmed or lowercased. Expected values were computed with Python's
//! `hmac`, `hashlib` and `base64` modules.

use twiml_signature::{AuthToken, Params, Rejection, RequestUrl, sign, string_to_sign, validate};

const U: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

fn token() -> AuthToken {
    AuthToken::new("12345").expect("valid token")
}

fn url(text: &str) -> RequestUrl {
    RequestUrl::parse(text).expect("valid URL")
}

fn signed(text: &str, params: &Params) -> String {
    sign(&token(), &url(text), params).to_string()
}

fn is_no_match(result: &Result<twiml_signature::Candidate, Rejection>) -> bool {
    matches!(result, Err(Rejection::NoMatch { .. }))
}

#[test]
fn plus_and_raw_apostrophe_in_query() {
    let raw = "https://example.com/bin?Body=It's+a+test&From=%2B15005550006";
    assert_eq!(signed(raw, &Params::new()), "3ExuWi7hid3/+egvS5yx7msgEUk=");

    let candidate = validate(&token(), &url(raw), &Params::new(), "3ExuWi7hid3/+egvS5yx7msgEUk=")
        .expect("raw URL validates");
    assert!(candidate.is_as_given());

    // A framework that re-encodes to `%27` and `%20` computes another signature.
    let reencoded = "https://example.com/bin?Body=It%27s%20a%20test&From=%2B15005550006";
    assert_eq!(signed(reencoded, &Params::new()), "DGoB/1uoxwBChuDead8XbsSDHog=");
    let result = validate(&token(), &url(raw), &Params::new(), "DGoB/1uoxwBChuDead8XbsSDHog=");
    assert!(is_no_match(&result), "{result:?}");
}

#[test]
fn query_signed_in_sent_order() {
    let sent = "https://example.com/hook?zeta=1&alpha=2";
    assert_eq!(string_to_sign(&url(sent), &Params::new()), sent);
    assert_eq!(signed(sent, &Params::new()), "RkOsYc2draa10Kfrp4kOJBIYCpY=");

    let sorted = "https://example.com/hook?alpha=2&zeta=1";
    assert_eq!(signed(sorted, &Params::new()), "jop/gJdLy1kvcB5mq102/D2gKDk=");
    let result = validate(&token(), &url(sent), &Params::new(), "jop/gJdLy1kvcB5mq102/D2gKDk=");
    assert!(is_no_match(&result), "{result:?}");
}

#[test]
fn value_spaces_never_trimmed() {
    let padded: Params =
        [("Body", "  hello world  "), ("From", "+14158675309")].into_iter().collect();
    assert_eq!(string_to_sign(&url(U), &padded), format!("{U}Body  hello world  From+14158675309"));
    assert_eq!(signed(U, &padded), "aX7ui39fXUJyd9xe84o3Ev92Td8=");

    let from_body =
        Params::from_form_body(b"Body=++hello+world++&From=%2B14158675309").expect("valid");
    assert_eq!(from_body, padded);

    // The trimmed value gives another signature, which must not validate the padded request.
    let trimmed: Params = [("Body", "hello world"), ("From", "+14158675309")].into_iter().collect();
    assert_eq!(signed(U, &trimmed), "FXw+V224pemGsvX1IhLZ503M9r8=");
    let result = validate(&token(), &url(U), &padded, "FXw+V224pemGsvX1IhLZ503M9r8=");
    assert!(is_no_match(&result), "{result:?}");
}

#[test]
fn mixed_case_host_kept() {
    let mixed = "https://Example.COM/Hook?Id=1";
    assert_eq!(url(mixed).host(), "Example.COM");
    assert_eq!(signed(mixed, &Params::new()), "Z125EDZ1VMMDe9QYl4eBYlIYsTU=");

    assert_eq!(
        signed("https://example.com/Hook?Id=1", &Params::new()),
        "0Rgwb+JTH1m+IgCjw8DvuBw0FF4="
    );
    let result = validate(&token(), &url(mixed), &Params::new(), "0Rgwb+JTH1m+IgCjw8DvuBw0FF4=");
    assert!(is_no_match(&result), "{result:?}");
}

#[test]
fn non_ascii_names_and_values() {
    let unicode: Params = [("Body", "Привет 👋 ñ"), ("Città", "Zürich"), ("From", "+14158675309")]
        .into_iter()
        .collect();
    assert_eq!(
        string_to_sign(&url(U), &unicode),
        format!("{U}BodyПривет 👋 ñCittàZürichFrom+14158675309")
    );
    assert_eq!(signed(U, &unicode), "DbOsjI8MPXn6MF9bwTImVAsLehk=");

    let body = unicode.to_form_body();
    let decoded = Params::from_form_body(body.as_bytes()).expect("valid body");
    let candidate = validate(&token(), &url(U), &decoded, "DbOsjI8MPXn6MF9bwTImVAsLehk=")
        .expect("decoded body validates");
    assert!(candidate.is_as_given());
}

#[test]
fn trailing_slash_matters() {
    assert_eq!(
        signed("https://example.com/twilio", &Params::new()),
        "OQPltEmW2R7aKU+XLc+FB8PzdGI="
    );
    assert_eq!(
        signed("https://example.com/twilio/", &Params::new()),
        "NRQ4wT4mDr7Hc24h79wwuax3Z1Y="
    );
    let result = validate(
        &token(),
        &url("https://example.com/twilio/"),
        &Params::new(),
        "OQPltEmW2R7aKU+XLc+FB8PzdGI=",
    );
    assert!(is_no_match(&result), "{result:?}");
}
