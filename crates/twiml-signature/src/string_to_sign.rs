//! The string to sign: the URL as sent, then each form parameter's name and value.

use crate::{Params, RequestUrl};

/// Builds the string to sign for a request to `url` with form parameters `params`.
///
/// The URL comes first, exactly as given. Each parameter follows in [`Params::iter`] order as
/// its name then its value, with no separator of any kind. A GET request and a request with a
/// JSON body have no parameters, so their string to sign is the URL alone.
pub fn string_to_sign(url: &RequestUrl, params: &Params) -> String {
    string_to_sign_for(url.as_str(), params)
}

/// Builds the string to sign for one spelling of a URL.
pub(crate) fn string_to_sign_for(url: &str, params: &Params) -> String {
    let params_len: usize = params.iter().map(|(name, value)| name.len() + value.len()).sum();
    let mut text = String::with_capacity(url.len() + params_len);
    text.push_str(url);
    for (name, value) in params.iter() {
        text.push_str(name);
        text.push_str(value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_then_sorted_pairs_without_separators() {
        let url = RequestUrl::parse("https://example.com/myapp.php?foo=1&bar=2").expect("valid");
        let params: Params = [
            ("Digits", "1234"),
            ("To", "+18005551212"),
            ("From", "+14158675310"),
            ("Caller", "+14158675310"),
            ("CallSid", "CA1234567890ABCDE"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            string_to_sign(&url, &params),
            "https://example.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675310\
             Digits1234From+14158675310To+18005551212"
        );
    }

    #[test]
    fn no_params_is_the_url() {
        let url = RequestUrl::parse("https://example.com/a?b=c").expect("valid");
        assert_eq!(string_to_sign(&url, &Params::new()), "https://example.com/a?b=c");
    }
}
