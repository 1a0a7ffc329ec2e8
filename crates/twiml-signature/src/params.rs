//! Form parameters of a request, in the order the string to sign needs them.

use std::collections::{BTreeMap, BTreeSet};

use crate::Error;

/// The decoded form parameters of a POST request.
///
/// Names iterate in byte order (`CALLSID < CallSid < callSid`, `Reason <
/// ReasonConferenceEnded`), and the values of a repeated name in byte order with duplicates
/// removed, which is the order the string to sign uses. Names and values are stored exactly as
/// given: nothing is trimmed, re-encoded or normalized.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    by_name: BTreeMap<String, BTreeSet<String>>,
}

impl Params {
    /// Creates an empty set of parameters, the case of a GET request or a JSON body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value for `name`. Adding the same name and value twice keeps one copy.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.by_name.entry(name.into()).or_default().insert(value.into());
    }

    /// Decodes an `application/x-www-form-urlencoded` body.
    ///
    /// `+` becomes a space and `%XX` the byte it encodes, in names and values alike. A `%` not
    /// followed by two hexadecimal digits is kept as it is, and a pair without `=` is a name
    /// with an empty value. Empty pairs (`a=1&&b=2`) are skipped.
    pub fn from_form_body(body: &[u8]) -> Result<Self, Error> {
        let mut params = Self::new();
        let mut position = 0;
        for pair in body.split(|&b| b == b'&') {
            let pair_start = position;
            position += pair.len() + 1;
            if pair.is_empty() {
                continue;
            }
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(equals) => (&pair[..equals], &pair[equals + 1..]),
                None => (pair, &[][..]),
            };
            let not_utf8 = |_| Error::FormBodyNotUtf8 { position: pair_start };
            let name = String::from_utf8(percent_decode(name)).map_err(not_utf8)?;
            let value = String::from_utf8(percent_decode(value)).map_err(not_utf8)?;
            params.insert(name, value);
        }
        Ok(params)
    }

    /// Returns whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Returns the number of distinct `(name, value)` pairs.
    pub fn len(&self) -> usize {
        self.by_name.values().map(BTreeSet::len).sum()
    }

    /// Returns whether a parameter called `name` is present.
    pub fn contains_name(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Iterates over the `(name, value)` pairs in signing order: names in byte order, then
    /// each name's values in byte order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_name.iter().flat_map(|(name, values)| {
            values.iter().map(move |value| (name.as_str(), value.as_str()))
        })
    }

    /// Encodes the parameters as an `application/x-www-form-urlencoded` body, in signing
    /// order. Decoding the result with [`from_form_body`](Self::from_form_body) gives these
    /// parameters back.
    pub fn to_form_body(&self) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(self.iter()).finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut params = Self::new();
        params.extend(pairs);
        params
    }
}

impl<K: Into<String>, V: Into<String>> Extend<(K, V)> for Params {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (name, value) in pairs {
            self.insert(name, value);
        }
    }
}

/// Decodes `+` and `%XX` escapes, leaving a `%` without two hexadecimal digits after it.
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut output = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let byte = input[i];
        let escaped = match (byte, input.get(i + 1), input.get(i + 2)) {
            (b'%', Some(&high), Some(&low)) => hex_value(high).zip(hex_value(low)),
            _ => None,
        };
        if let Some((high, low)) = escaped {
            output.push(high << 4 | low);
            i += 3;
            continue;
        }
        output.push(if byte == b'+' { b' ' } else { byte });
        i += 1;
    }
    output
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).and_then(|value| u8::try_from(value).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(params: &Params) -> Vec<(&str, &str)> {
        params.iter().collect()
    }

    #[test]
    fn names_sorted_bytewise() {
        let params: Params =
            [("callSid", "lowercase"), ("CallSid", "uppercase"), ("CALLSID", "allcaps")]
                .into_iter()
                .collect();
        let names: Vec<&str> = params.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["CALLSID", "CallSid", "callSid"]);
    }

    #[test]
    fn prefix_name_sorts_first() {
        let params: Params =
            [("ReasonConferenceEnded", "test"), ("Reason", "Participant")].into_iter().collect();
        assert_eq!(pairs(&params), [("Reason", "Participant"), ("ReasonConferenceEnded", "test")]);
    }

    #[test]
    fn repeated_values_sorted_and_deduplicated() {
        let params: Params =
            [("Digits", "5678"), ("Digits", "1234"), ("Digits", "1234")].into_iter().collect();
        assert_eq!(pairs(&params), [("Digits", "1234"), ("Digits", "5678")]);
        assert_eq!(params.len(), 2);
    }

    #[test]
    fn numeric_values_sorted_as_strings() {
        let params: Params = [("n", "9"), ("n", "48"), ("n", "24")].into_iter().collect();
        let values: Vec<&str> = params.iter().map(|(_, value)| value).collect();
        assert_eq!(values, ["24", "48", "9"]);
    }

    #[test]
    fn form_body_decoded() {
        let body = b"Body=It%27s+a+test&From=%2B15005550006&Empty=&Bare&&Caf%C3%A9=%E2%9C%93";
        let params = Params::from_form_body(body).expect("valid body");
        assert_eq!(
            pairs(&params),
            [
                ("Bare", ""),
                ("Body", "It's a test"),
                ("Café", "✓"),
                ("Empty", ""),
                ("From", "+15005550006")
            ]
        );
    }

    #[test]
    fn form_body_keeps_spaces_and_stray_percent() {
        let params = Params::from_form_body(b"a=+x+&b=100%&c=%zz&d=%4").expect("valid body");
        assert_eq!(pairs(&params), [("a", " x "), ("b", "100%"), ("c", "%zz"), ("d", "%4")]);
    }

    #[test]
    fn form_body_value_with_equals() {
        let params = Params::from_form_body(b"a=b=c").expect("valid body");
        assert_eq!(pairs(&params), [("a", "b=c")]);
    }

    #[test]
    fn form_body_not_utf8_rejected() {
        let err = Params::from_form_body(b"a=1&b=%FF").expect_err("invalid UTF-8");
        assert_eq!(err, Error::FormBodyNotUtf8 { position: 4 });
    }

    #[test]
    fn empty_form_body() {
        let params = Params::from_form_body(b"").expect("valid body");
        assert!(params.is_empty());
    }

    #[test]
    fn form_body_round_trip() {
        let params: Params =
            [("Body", "Hi & bye + 100% = ñ"), ("From", "+15005550006"), ("Empty", "")]
                .into_iter()
                .collect();
        let body = params.to_form_body();
        assert_eq!(body, "Body=Hi+%26+bye+%2B+100%25+%3D+%C3%B1&Empty=&From=%2B15005550006");
        assert_eq!(Params::from_form_body(body.as_bytes()).expect("valid body"), params);
    }
}
