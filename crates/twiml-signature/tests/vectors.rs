//! The published test vectors of Twilio's helper libraries and docs, each signed and, where
//! the vector requires it, validated or rejected for a given incoming URL.

use twiml_signature::{
    AuthToken, Candidate, Params, PortChange, Rejection, RequestUrl, sign, sign_json,
    string_to_sign, validate, validate_json,
};

const U: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const H: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
const B: &[u8] = br#"{"property": "value", "boolean": true}"#;
const EMPTY_OBJECT_HASH: &str = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

fn token() -> AuthToken {
    AuthToken::new("12345").expect("valid token")
}

fn url(text: &str) -> RequestUrl {
    RequestUrl::parse(text).expect("valid URL")
}

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().copied().collect()
}

fn p5() -> Params {
    params(&[
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675309"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
    ])
}

fn signed(text: &str, params: &Params) -> String {
    sign(&token(), &url(text), params).to_string()
}

/// Validates with token T and returns the matched spelling.
fn matched(incoming: &str, params: &Params, signature: &str) -> Candidate {
    validate(&token(), &url(incoming), params, signature)
        .unwrap_or_else(|rejection| panic!("{signature} rejected for {incoming}: {rejection}"))
}

fn rejected(incoming: &str, params: &Params, signature: &str) -> Rejection {
    match validate(&token(), &url(incoming), params, signature) {
        Ok(candidate) => panic!("{signature} accepted for {incoming} as {candidate}"),
        Err(rejection) => rejection,
    }
}

#[test]
fn string_to_sign_of_u_and_p5() {
    assert_eq!(
        string_to_sign(&url(U), &p5()),
        "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675309\
         Digits1234From+14158675309To+18005551212"
    );
}

#[test]
fn v1_no_port() {
    assert_eq!(signed(U, &p5()), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assert!(matched(U, &p5(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=").is_as_given());
}

#[test]
fn v1_validates_for_port_1234() {
    let incoming = "https://mycompany.com:1234/myapp.php?foo=1&bar=2";
    let candidate = matched(incoming, &p5(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assert_eq!(candidate.url(), U);
    assert_eq!(candidate.port_change(), PortChange::Removed { port: 1234 });
}

#[test]
fn v2_port_443_validates_for_u() {
    let with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
    assert_eq!(signed(with_port, &p5()), "kvajT1Ptam85bY51eRf/AJRuM3w=");
    let candidate = matched(U, &p5(), "kvajT1Ptam85bY51eRf/AJRuM3w=");
    assert_eq!(candidate.url(), with_port);
    assert_eq!(candidate.port_change(), PortChange::Added { port: 443 });
    assert!(matched(with_port, &p5(), "kvajT1Ptam85bY51eRf/AJRuM3w=").is_as_given());
}

#[test]
fn v3_port_80_validates_for_http_without_port() {
    let with_port = "http://mycompany.com:80/myapp.php?foo=1&bar=2";
    assert_eq!(signed(with_port, &p5()), "0ZXoZLH/DfblKGATFgpif+LLRf4=");
    let candidate = matched(
        "http://mycompany.com/myapp.php?foo=1&bar=2",
        &p5(),
        "0ZXoZLH/DfblKGATFgpif+LLRf4=",
    );
    assert_eq!(candidate.port_change(), PortChange::Added { port: 80 });
}

#[test]
fn v4_http_port_1234() {
    let with_port = "http://mycompany.com:1234/myapp.php?foo=1&bar=2";
    assert_eq!(signed(with_port, &p5()), "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=");
    assert!(matched(with_port, &p5(), "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=").is_as_given());
}

#[test]
fn v5_https_port_1234() {
    let with_port = "https://mycompany.com:1234/myapp.php?foo=1&bar=2";
    assert_eq!(signed(with_port, &p5()), "CYn1h0gLBdNxDGkKJg6hYohgeD8=");
    assert!(matched(with_port, &p5(), "CYn1h0gLBdNxDGkKJg6hYohgeD8=").is_as_given());
}

#[test]
fn v6_http_no_port() {
    assert_eq!(
        signed("http://mycompany.com/myapp.php?foo=1&bar=2", &p5()),
        "OyGYPqTF6ztdbRNCvuQO/oPvqQ4="
    );
}

#[test]
fn v7_repeated_digits() {
    let repeated = params(&[
        ("Sid", "CA123"),
        ("SidAccount", "AC123"),
        ("Digits", "5678"),
        ("Digits", "1234"),
        ("Digits", "1234"),
    ]);
    assert_eq!(
        string_to_sign(&url(U), &repeated),
        format!("{U}Digits1234Digits5678SidCA123SidAccountAC123")
    );
    assert_eq!(signed(U, &repeated), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");

    let from_body =
        Params::from_form_body(b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234")
            .expect("valid body");
    assert_eq!(from_body, repeated);
    assert!(matched(U, &from_body, "IK+Dwps556ElfBT0I3Rgjkr1wJU=").is_as_given());
}

#[test]
fn v8_value_order_irrelevant() {
    let ascending = params(&[
        ("MessagingBinding.Address", "+1325xxxxxxx"),
        ("MessagingBinding.Address", "+1415xxxxxxx"),
    ]);
    let descending = params(&[
        ("MessagingBinding.Address", "+1415xxxxxxx"),
        ("MessagingBinding.Address", "+1325xxxxxxx"),
    ]);
    assert_eq!(signed(U, &ascending), "83O6e2vORAoJHUNzJjDWN1jz+BA=");
    assert_eq!(signed(U, &descending), "83O6e2vORAoJHUNzJjDWN1jz+BA=");
}

#[test]
fn v9_json_body_hash_after_query() {
    let with_hash = format!("{U}&bodySHA256={H}");
    let signature = sign_json(&token(), &url(&with_hash), B).expect("hash matches body");
    assert_eq!(signature.as_str(), "a9nBmqA0ju/hNViExpshrM61xv4=");
    let candidate = validate_json(&token(), &url(&with_hash), B, "a9nBmqA0ju/hNViExpshrM61xv4=")
        .expect("valid signature and body");
    assert!(candidate.is_as_given());
}

#[test]
fn v10_json_body_hash_only_query() {
    let with_hash = format!("https://mycompany.com/myapp.php?bodySHA256={H}");
    let signature = sign_json(&token(), &url(&with_hash), B).expect("hash matches body");
    assert_eq!(signature.as_str(), "y77kIzt2vzLz71DgmJGsen2scGs=");
    assert!(validate_json(&token(), &url(&with_hash), B, "y77kIzt2vzLz71DgmJGsen2scGs=").is_ok());
}

#[test]
fn v11_matches_only_port_443_spelling() {
    let no_port = format!("{U}&bodySHA256={EMPTY_OBJECT_HASH}");
    let with_port =
        format!("https://mycompany.com:443/myapp.php?foo=1&bar=2&bodySHA256={EMPTY_OBJECT_HASH}");
    assert_eq!(signed(&with_port, &Params::new()), "Ldidvp12m26NI7eqEvxnEpkd9Hc=");
    assert_eq!(signed(&no_port, &Params::new()), "rw/jVviOgicj2+kHZULvebnA4ag=");

    let candidate = validate_json(&token(), &url(&no_port), b"{}", "Ldidvp12m26NI7eqEvxnEpkd9Hc=")
        .expect("matches the :443 spelling");
    assert_eq!(candidate.url(), with_port);
    assert_eq!(candidate.port_change(), PortChange::Added { port: 443 });
}

#[test]
fn v12_userinfo() {
    let incoming = "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2";
    assert_eq!(signed(incoming, &p5()), "CukzLTc1tT5dXEDIHm/tKBanW10=");
    assert!(matched(incoming, &p5(), "CukzLTc1tT5dXEDIHm/tKBanW10=").is_as_given());
}

#[test]
fn v12b_userinfo_port_443_validates_without_port() {
    let with_port = "https://user:pass@mycompany.com:443/myapp.php?foo=1&bar=2";
    assert_eq!(signed(with_port, &p5()), "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=");
    let incoming = "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2";
    let candidate = matched(incoming, &p5(), "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=");
    assert_eq!(candidate.url(), with_port);
    assert!(!candidate.userinfo_removed());
}

#[test]
fn v13_username_only() {
    let incoming = "https://user@mycompany.com/myapp.php?foo=1&bar=2";
    assert_eq!(signed(incoming, &p5()), "2YRLlVAflCqxaNicjMpJcSTgzSs=");
    assert!(matched(incoming, &p5(), "2YRLlVAflCqxaNicjMpJcSTgzSs=").is_as_given());
}

#[test]
fn v13b_username_only_port_443() {
    let with_port = "https://user@mycompany.com:443/myapp.php?foo=1&bar=2";
    assert_eq!(signed(with_port, &p5()), "aZfj4hyX1MLZhSS6QIL18Vn2/RA=");
    let incoming = "https://user@mycompany.com/myapp.php?foo=1&bar=2";
    assert_eq!(matched(incoming, &p5(), "aZfj4hyX1MLZhSS6QIL18Vn2/RA=").url(), with_port);
}

#[test]
fn userinfo_removed_spelling_accepted() {
    // Twilio's docs say userinfo is dropped before signing, unlike the libraries' vectors.
    let incoming = "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2";
    let candidate = matched(incoming, &p5(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assert_eq!(candidate.url(), U);
    assert!(candidate.userinfo_removed());
    assert_eq!(candidate.change_description(), "userinfo removed");

    let port_too = matched(incoming, &p5(), "kvajT1Ptam85bY51eRf/AJRuM3w=");
    assert_eq!(port_too.change_description(), "userinfo removed, port 443 added");

    let v31 = "http://username:password@MyCompany.com/myapp.php?foo=1&bar=2";
    let candidate = matched(v31, &p5(), "XY7AlKOKL6im4yWyX84gldUrtis=");
    assert_eq!(candidate.url(), "http://MyCompany.com/myapp.php?foo=1&bar=2");
}

#[test]
fn v14_percent_27_spelling() {
    let escaped = format!("{U}&Body=It%27s+amazing");
    assert_eq!(signed(&escaped, &p5()), "TfZzewPq8wqrGlMfyAud8+/IvJ0=");
    assert!(matched(&escaped, &p5(), "TfZzewPq8wqrGlMfyAud8+/IvJ0=").is_as_given());

    let raw = format!("{U}&Body=It's+amazing");
    assert_eq!(signed(&raw, &p5()), "dsq4Ehbj6cs+KdTkpF5sSSplOWw=");
    assert_eq!(signed(&format!("{U}&Body=It's%20amazing"), &p5()), "bD9iT2C/HNMwZ/yCH1s/5R2+wUs=");
    assert!(matched(&raw, &p5(), "dsq4Ehbj6cs+KdTkpF5sSSplOWw=").is_as_given());
}

#[test]
fn v14_not_respelled_for_raw_apostrophe() {
    // The raw URL is signed as sent. The %27 spelling is Node's re-encoding, not a spelling
    // Twilio is known to sign, so it is not among the candidates.
    let raw = format!("{U}&Body=It's+amazing");
    let rejection = rejected(&raw, &p5(), "TfZzewPq8wqrGlMfyAud8+/IvJ0=");
    assert!(matches!(rejection, Rejection::NoMatch { .. }), "{rejection:?}");
}

fn v15_params() -> Params {
    let mut params = p5();
    params.insert("Reason", "Participant");
    params.insert("ReasonConferenceEnded", "test");
    params
}

#[test]
fn v15_prefix_name_first() {
    assert_eq!(signed(U, &v15_params()), "vOEb5UThFn24KEfnOFLQY2AE5FY=");
    assert!(
        string_to_sign(&url(U), &v15_params())
            .ends_with("ReasonParticipantReasonConferenceEndedtestTo+18005551212")
    );
}

#[test]
fn v15_wrong_order_rejected() {
    let rejection = rejected(U, &v15_params(), "95+Bu0JVPi0r/SsESZCVf0dWAjw=");
    let Rejection::NoMatch { tried } = rejection else {
        panic!("expected no match, got {rejection:?}");
    };
    let urls: Vec<&str> = tried.iter().map(Candidate::url).collect();
    assert_eq!(urls, [U, "https://mycompany.com:443/myapp.php?foo=1&bar=2"]);
}

#[test]
fn v15b_http_validates_for_port_1234() {
    let http = "http://mycompany.com/myapp.php?foo=1&bar=2";
    assert_eq!(signed(http, &v15_params()), "n2xBNyzSW7rfYStDtOFiFMv7qNo=");
    let incoming = "http://mycompany.com:1234/myapp.php?foo=1&bar=2";
    let candidate = matched(incoming, &v15_params(), "n2xBNyzSW7rfYStDtOFiFMv7qNo=");
    assert_eq!(candidate.port_change(), PortChange::Removed { port: 1234 });
}

#[test]
fn v16_form_body() {
    let body = Params::from_form_body(b"property=value&boolean=true").expect("valid body");
    assert_eq!(string_to_sign(&url(U), &body), format!("{U}booleantruepropertyvalue"));
    assert_eq!(signed(U, &body), "NBdBDr/T/lgjI+tlgpXjKZQZs/k=");
}

#[test]
fn v17_no_params() {
    assert_eq!(signed(U, &Params::new()), "zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
    assert_eq!(
        signed(U, &Params::from_form_body(b"").expect("empty body")),
        "zYQTYrRWXE7LtzbG4PfP7/bkkGo="
    );
}

#[test]
fn v18_no_query() {
    assert_eq!(signed("https://mycompany.com/myapp.php", &p5()), "1xaxFBvyzXYvWplzNOSs28HWO94=");
}

#[test]
fn v19_custom_query_params_signed() {
    let incoming = format!("{U}&type=thiswontbeusedinthesignaturegeneratorandsoshouldbeignored");
    assert_eq!(signed(&incoming, &p5()), "hYkNsTBttoNGkyCS0p+wWmQoRTg=");
}

#[test]
fn v20_escapes_kept() {
    let incoming = "https://mycompany.com/myapp.php?foo=hello%20world&bar=test%2Bvalue";
    assert_eq!(signed(incoming, &p5()), "er2tvAP1Wx+iuTTE2BPgvEaN1cs=");
}

#[test]
fn v21_special_and_unicode_values() {
    let special = params(&[
        ("Message", "Hello & goodbye! @#$%^*()"),
        ("From", "+1 (415) 867-5309"),
        ("Special", "unicode: ñáéíóú"),
    ]);
    assert_eq!(signed(U, &special), "dCPiR4WtQ6QFN6pJh81CtlCcWLQ=");
}

#[test]
fn v22_empty_values() {
    let empty = params(&[("Digits", ""), ("CallSid", "CA1234567890ABCDE"), ("EmptyParam", "")]);
    assert_eq!(signed(U, &empty), "9HHp/OqQMEwdrVebHDdA/+tqjX8=");
}

#[test]
fn v23_null_values_as_empty() {
    let nulls = params(&[("Digits", ""), ("CallSid", "CA1234567890ABCDE"), ("NullParam", "")]);
    assert_eq!(signed(U, &nulls), "L9lTTwIlxM1xGAtLRwhOSZggRhM=");
}

#[test]
fn v24_names_sorted() {
    let unsorted =
        params(&[("Zebra", "last"), ("Alpha", "first"), ("Beta", "second"), ("Gamma", "third")]);
    assert_eq!(signed(U, &unsorted), "enveUe73ZTVLAekHxez3Qx6JuuQ=");
}

#[test]
fn v25_raw_utf8_url() {
    let incoming = "https://mycompany.com/webhook/España?año=2023";
    assert_eq!(signed(incoming, &p5()), "G/Hx6mqqnjUNlPAoi2Sp9bGst0g=");
}

#[test]
fn v26_case_sensitive_names() {
    let cased =
        params(&[("callSid", "lowercase"), ("CallSid", "uppercase"), ("CALLSID", "allcaps")]);
    assert_eq!(signed(U, &cased), "jDK7WKT8wiNrwggd4ceTv4e1MJ4=");
}

#[test]
fn v27_double_slash_and_port_kept() {
    let incoming = "https://mycompany.com:443//myapp.php?foo=1&bar=2";
    assert_eq!(signed(incoming, &p5()), "A9lH3u16NjyiiM/+wylw5rirFUs=");
    assert!(matched(incoming, &p5(), "A9lH3u16NjyiiM/+wylw5rirFUs=").is_as_given());
}

#[test]
fn v28_host_case_kept() {
    let incoming = "https://MyCompany.com/myapp.php?foo=1&bar=2";
    assert_eq!(signed(incoming, &p5()), "g9IN/x4Cft2g517EjYvEvM/W7LU=");
    assert!(matched(incoming, &p5(), "g9IN/x4Cft2g517EjYvEvM/W7LU=").is_as_given());
}

#[test]
fn v28_lowercase_host_signature_rejected() {
    let incoming = "https://MyCompany.com/myapp.php?foo=1&bar=2";
    let rejection = rejected(incoming, &p5(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assert!(matches!(rejection, Rejection::NoMatch { .. }), "{rejection:?}");
}

#[test]
fn v29_to_v33_case_and_credentials() {
    let cases = [
        ("https://MyCompany.com:1234/myapp.php?foo=1&bar=2", "PCqOZm8cnu/L6+u5i5fuEd+Iac4="),
        ("http://MyCompany.com/myapp.php?foo=1&bar=2", "XY7AlKOKL6im4yWyX84gldUrtis="),
        (
            "http://username:password@MyCompany.com/myapp.php?foo=1&bar=2",
            "PJ08CxXr7KLPjEQCTc8LkUSMwSM=",
        ),
        (
            "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2",
            "hy/l8pca+LFms4cvRdv8uiP6NGc=",
        ),
        (
            "http://Username:Password@MyCompany.com/myapp.php?foo=1&bar=2",
            "SkTSKyDJH9kUlhItI0slbgZ1UsI=",
        ),
    ];
    for (incoming, expected) in cases {
        assert_eq!(signed(incoming, &p5()), expected, "{incoming}");
        assert!(matched(incoming, &p5(), expected).is_as_given(), "{incoming}");
    }
}

#[test]
fn v32_uppercase_scheme_default_port() {
    let incoming = "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2";
    let candidates = url(incoming).candidates();
    assert_eq!(
        candidates[1].url(),
        "HTTP://username:password@MyCompany.com:80/myapp.php?foo=1&bar=2"
    );
}

#[test]
fn v34_older_docs_example() {
    let older = params(&[
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+12349013030"),
        ("Digits", "1234"),
        ("From", "+12349013030"),
        ("To", "+18005551212"),
    ]);
    assert_eq!(signed(U, &older), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
}

#[test]
fn v35_current_docs_example() {
    let current = params(&[
        ("Digits", "1234"),
        ("To", "+18005551212"),
        ("From", "+14158675310"),
        ("Caller", "+14158675310"),
        ("CallSid", "CA1234567890ABCDE"),
    ]);
    assert_eq!(
        signed("https://example.com/myapp.php?foo=1&bar=2", &current),
        "L/OH5YylLD5NRKLltdqwSvS0BnU="
    );
}

#[test]
fn v36_escaped_colon_validates_for_port_443() {
    let token = AuthToken::new("1234567890").expect("valid token");
    let given = "https://someurl.com/somepath?param1=client%3AAnonymous";
    assert_eq!(sign(&token, &url(given), &Params::new()).as_str(), "PM+bjB+ITJ9a3LIYStKWOTMZMlU=");

    let with_port = "https://someurl.com:443/somepath?param1=client%3AAnonymous";
    let candidate =
        validate(&token, &url(with_port), &Params::new(), "PM+bjB+ITJ9a3LIYStKWOTMZMlU=")
            .expect("matches with the port removed");
    assert_eq!(candidate.url(), given);
    assert_eq!(candidate.port_change(), PortChange::Removed { port: 443 });
}

#[test]
fn node_webhook_vectors() {
    let token = AuthToken::new("s3cr3t").expect("valid token");
    let none = Params::new();
    let cases = [
        ("https://example.com/path?test=param", "loLgTitFAoWx57yy5oEU4Hlddzw="),
        ("https://example.com:443/path?test=param", "IdwMFypqvNxti3YgvWWmfcNL26M="),
        ("https://example.com/path?test=param2", "De7bak0ehNIYPffbL8v7JywCK2Y="),
        ("https://example.com/path?test=param'WithQuote", "GfI7onHX/KQ2k1oVS3cUTVk4IEw="),
        ("https://example.com/path?test=param%27WithQuote", "HkuXLxVQ7zHv9LmGpzlLuGaxhJY="),
    ];
    for (incoming, expected) in cases {
        assert_eq!(sign(&token, &url(incoming), &none).as_str(), expected, "{incoming}");
    }
    let port_spelling = validate(
        &token,
        &url("https://example.com/path?test=param"),
        &none,
        "IdwMFypqvNxti3YgvWWmfcNL26M=",
    )
    .expect("matches the :443 spelling");
    assert_eq!(port_spelling.port_change(), PortChange::Added { port: 443 });
}

#[test]
fn signature_over_other_query_rejected() {
    let token = AuthToken::new("s3cr3t").expect("valid token");
    let incoming = url("https://example.com/path?test=param2");
    let result = validate(&token, &incoming, &Params::new(), "loLgTitFAoWx57yy5oEU4Hlddzw=");
    assert!(matches!(result, Err(Rejection::NoMatch { .. })), "{result:?}");
}

#[test]
fn listed_wrong_signatures_rejected() {
    assert_eq!(rejected(U, &p5(), "WRONG_SIGNATURE"), Rejection::MalformedSignature { length: 15 });
    assert_eq!(
        rejected(U, &p5(), "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8="),
        Rejection::MalformedSignature { length: 31 }
    );
    assert_eq!(
        rejected(U, &p5(), "IncorrectSignatureValue123="),
        Rejection::MalformedSignature { length: 27 }
    );
    assert_eq!(rejected(U, &p5(), ""), Rejection::EmptySignature);
}

#[test]
fn malformed_signature_message_counts_characters() {
    let single = Rejection::MalformedSignature { length: 1 }.to_string();
    assert_eq!(
        single,
        "the X-Twilio-Signature value has 1 character, but an HMAC-SHA1 signature has 28"
    );
    let several = Rejection::MalformedSignature { length: 15 }.to_string();
    assert!(several.contains("has 15 characters"), "{several}");
}

#[test]
fn signature_case_matters() {
    let rejection = rejected(U, &p5(), "rsoydt4t1cutdk1pdd93/vvr8b8=");
    assert!(matches!(rejection, Rejection::NoMatch { .. }), "{rejection:?}");
}

#[test]
fn signature_with_other_token_rejected() {
    let other = AuthToken::new("54321").expect("valid token");
    let result = validate(&other, &url(U), &p5(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assert!(matches!(result, Err(Rejection::NoMatch { .. })), "{result:?}");
}

#[test]
fn json_without_body_hash_rejected() {
    // The signature is right for the URL alone, but a JSON body must be covered by a hash.
    let result = validate_json(&token(), &url(U), B, "zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
    assert_eq!(result, Err(Rejection::MissingBodyHash { body_sha256: H.to_owned() }));
}

#[test]
fn truncated_body_hash_rejected() {
    let truncated = format!("{U}&bodySHA256={}", &H[..H.len() - 1]);

    // A signature over the full hash does not match the truncated URL.
    let result = validate_json(&token(), &url(&truncated), B, "a9nBmqA0ju/hNViExpshrM61xv4=");
    assert!(matches!(result, Err(Rejection::NoMatch { .. })), "{result:?}");

    // A signature over the truncated URL matches it, but the hash does not match the body.
    let over_truncated = signed(&truncated, &Params::new());
    let result = validate_json(&token(), &url(&truncated), B, &over_truncated);
    let Err(Rejection::BodyHashMismatch { in_url, computed, matched }) = result else {
        panic!("expected a body hash mismatch, got {result:?}");
    };
    assert_eq!(in_url, &H[..H.len() - 1]);
    assert_eq!(computed, H);
    assert!(matched.is_as_given());
}

#[test]
fn uppercase_body_hash_rejected() {
    let upper = format!("{U}&bodySHA256={}", H.to_uppercase());
    let signature = signed(&upper, &Params::new());
    let result = validate_json(&token(), &url(&upper), B, &signature);
    assert!(matches!(result, Err(Rejection::BodyHashMismatch { .. })), "{result:?}");
}

#[test]
fn altered_json_body_rejected() {
    let with_hash = format!("{U}&bodySHA256={H}");
    let reserialized = br#"{"property":"value","boolean":true}"#;
    let result =
        validate_json(&token(), &url(&with_hash), reserialized, "a9nBmqA0ju/hNViExpshrM61xv4=");
    assert!(matches!(result, Err(Rejection::BodyHashMismatch { .. })), "{result:?}");
}

#[test]
fn rejection_message_lists_spellings() {
    let rejection = rejected(U, &p5(), "95+Bu0JVPi0r/SsESZCVf0dWAjw=");
    assert_eq!(
        rejection.to_string(),
        "the signature matches none of the URL spellings tried: \
         https://mycompany.com/myapp.php?foo=1&bar=2 (as given), \
         https://mycompany.com:443/myapp.php?foo=1&bar=2 (port 443 added)"
    );
}
