//! Properties of signing and validation over generated URLs and parameters: a signature
//! validates for the request it was made for, and a change to one character of the URL, a
//! parameter name or a value makes it fail.
//!
//! Each mutation replaces one character with a different one, which changes the multiset of
//! characters in the string to sign, so the string to sign always changes:
//!
//! - a name or value mutation either keeps the number of pairs (the mutated pair is new) or
//!   drops one pair (the mutated pair already existed), which shortens the string;
//! - a URL mutation uses an ASCII letter or digit and the URLs hold no `@`, so the mutated URL
//!   has no userinfo, and its port-toggled spellings differ from it in length.

use proptest::prelude::*;
use proptest::sample::Index;
use twiml_signature::{AuthToken, Params, RequestUrl, sign, string_to_sign, validate};

const REPLACEMENTS: &[char] = &['a', 'Z', '7', 'q', 'é', '字', '+', ' '];
const URL_REPLACEMENTS: &[char] = &['a', 'Z', '7', 'q', 'x', '0'];

fn token() -> AuthToken {
    AuthToken::new("0123456789abcdef0123456789abcdef").expect("valid token")
}

/// URLs with an optional port and query, and userinfo when `with_userinfo` allows it.
fn url_text(with_userinfo: bool) -> impl Strategy<Value = String> {
    let userinfo = if with_userinfo {
        proptest::option::of("[A-Za-z0-9._~%!$&'()*+,;=:-]{1,10}").boxed()
    } else {
        Just(None).boxed()
    };
    (
        prop_oneof![
            Just("http"),
            Just("https"),
            Just("HTTPS"),
            Just("wss"),
            Just("ws"),
            Just("sip")
        ],
        userinfo,
        "[A-Za-z0-9-]{1,10}(\\.[A-Za-z]{2,4}){0,2}",
        proptest::option::of(any::<u16>()),
        "(/[A-Za-z0-9._~%'+!$&()*,;=ñé-]{0,8}){0,3}",
        proptest::option::of("[A-Za-z0-9._~%'+!$&()*,;=/?:ñ€-]{0,24}"),
    )
        .prop_map(|(scheme, userinfo, host, port, path, query)| {
            let mut url = format!("{scheme}://");
            if let Some(userinfo) = userinfo {
                url.push_str(&userinfo);
                url.push('@');
            }
            url.push_str(&host);
            if let Some(port) = port {
                url.push(':');
                url.push_str(&port.to_string());
            }
            url.push_str(&path);
            if let Some(query) = query {
                url.push('?');
                url.push_str(&query);
            }
            url
        })
}

fn param_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("\\PC{0,6}", "\\PC{0,8}"), 0..6)
}

/// Replaces the character at `index` with one from `choices` that differs from it.
fn replace_char(text: &str, index: Index, choices: &[char], pick: Index) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = index.index(chars.len());
    let mut replacement = choices[pick.index(choices.len())];
    if replacement == chars[at] {
        replacement = choices[(pick.index(choices.len()) + 1) % choices.len()];
    }
    let mut mutated = chars;
    mutated[at] = replacement;
    mutated.into_iter().collect()
}

/// Copies the distinct pairs of `params`, in signing order.
fn distinct_pairs(params: &Params) -> Vec<(String, String)> {
    params.iter().map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
}

proptest! {
    #[test]
    fn signature_validates_for_its_request(
        text in url_text(true),
        pairs in param_pairs(),
    ) {
        let url = RequestUrl::parse(&text).expect("generated URLs are valid");
        let params: Params = pairs.into_iter().collect();
        let signature = sign(&token(), &url, &params);
        let matched = validate(&token(), &url, &params, signature.as_str());
        let as_given = matched.as_ref().is_ok_and(twiml_signature::Candidate::is_as_given);
        prop_assert!(as_given, "{matched:?}");
    }

    #[test]
    fn every_candidate_spelling_validates(
        text in url_text(true),
        pairs in param_pairs(),
    ) {
        let url = RequestUrl::parse(&text).expect("generated URLs are valid");
        let params: Params = pairs.into_iter().collect();
        for candidate in url.candidates() {
            let spelling = RequestUrl::parse(candidate.url()).expect("spellings are valid URLs");
            let signature = sign(&token(), &spelling, &params);
            let matched = validate(&token(), &url, &params, signature.as_str());
            prop_assert_eq!(matched, Ok(candidate));
        }
    }

    #[test]
    fn changed_url_character_rejected(
        text in url_text(false),
        pairs in param_pairs(),
        index in any::<Index>(),
        pick in any::<Index>(),
    ) {
        let url = RequestUrl::parse(&text).expect("generated URLs are valid");
        let params: Params = pairs.into_iter().collect();
        let signature = sign(&token(), &url, &params);

        let mutated = replace_char(&text, index, URL_REPLACEMENTS, pick);
        prop_assert_ne!(&mutated, &text);
        // A mutation that breaks the URL's shape cannot be validated at all.
        if let Ok(mutated_url) = RequestUrl::parse(&mutated) {
            prop_assert_ne!(string_to_sign(&mutated_url, &params), string_to_sign(&url, &params));
            let result = validate(&token(), &mutated_url, &params, signature.as_str());
            prop_assert!(result.is_err(), "{mutated} accepted as {result:?}");
        }
    }

    #[test]
    fn changed_name_character_rejected(
        text in url_text(true),
        pairs in param_pairs(),
        target in any::<Index>(),
        index in any::<Index>(),
        pick in any::<Index>(),
    ) {
        let url = RequestUrl::parse(&text).expect("generated URLs are valid");
        let params: Params = pairs.into_iter().collect();
        let mut mutated = distinct_pairs(&params);
        let with_name: Vec<usize> =
            (0..mutated.len()).filter(|&i| !mutated[i].0.is_empty()).collect();
        prop_assume!(!with_name.is_empty());
        let at = with_name[target.index(with_name.len())];
        mutated[at].0 = replace_char(&mutated[at].0, index, REPLACEMENTS, pick);
        let mutated: Params = mutated.into_iter().collect();

        prop_assert_ne!(string_to_sign(&url, &mutated), string_to_sign(&url, &params));
        let signature = sign(&token(), &url, &params);
        let result = validate(&token(), &url, &mutated, signature.as_str());
        prop_assert!(result.is_err(), "{mutated:?} accepted as {result:?}");
    }

    #[test]
    fn changed_value_character_rejected(
        text in url_text(true),
        pairs in param_pairs(),
        target in any::<Index>(),
        index in any::<Index>(),
        pick in any::<Index>(),
    ) {
        let url = RequestUrl::parse(&text).expect("generated URLs are valid");
        let params: Params = pairs.into_iter().collect();
        let mut mutated = distinct_pairs(&params);
        let with_value: Vec<usize> =
            (0..mutated.len()).filter(|&i| !mutated[i].1.is_empty()).collect();
        prop_assume!(!with_value.is_empty());
        let at = with_value[target.index(with_value.len())];
        mutated[at].1 = replace_char(&mutated[at].1, index, REPLACEMENTS, pick);
        let mutated: Params = mutated.into_iter().collect();

        prop_assert_ne!(string_to_sign(&url, &mutated), string_to_sign(&url, &params));
        let signature = sign(&token(), &url, &params);
        let result = validate(&token(), &url, &mutated, signature.as_str());
        prop_assert!(result.is_err(), "{mutated:?} accepted as {result:?}");
    }

    #[test]
    fn form_body_round_trip(pairs in param_pairs()) {
        let params: Params = pairs.into_iter().collect();
        let body = params.to_form_body();
        prop_assert_eq!(Params::from_form_body(body.as_bytes()), Ok(params));
    }
}
