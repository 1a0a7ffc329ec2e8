//! Checks an attribute value against its [`AttributeKind`], so that every rule, the builder and
//! the tests judge values the same way.
//!
//! Values are checked exactly as written: surrounding whitespace is not trimmed, so `" 5"` is
//! not an integer. Twilio documents none of its values with whitespace, and a rule reports
//! stray whitespace more clearly than an "invalid value". A value holding a TwiML Bin template
//! (`{{From}}`) is not a value yet; callers skip it before checking.

use super::{AttributeKind, SchemeRule, UrlInfo, ValuePattern, contains_name};

impl AttributeKind {
    /// Checks whether Twilio accepts `value` for an attribute of this kind.
    ///
    /// Integers take an optional `+` or `-` sign, as XML Schema integers do, and no spaces.
    /// Methods are compared ignoring ASCII case. Shape-checked kinds (voice, language,
    /// phone number) accept anything of the right shape, since Twilio's own lists change.
    pub fn accepts(&self, value: &str) -> bool {
        match *self {
            AttributeKind::Boolean => value == "true" || value == "false",
            AttributeKind::Integer { min, max } => {
                parse_integer(value).is_some_and(|n| n >= min && max.is_none_or(|max| n <= max))
            }
            AttributeKind::Decimal { min, max } => {
                parse_decimal(value).is_some_and(|x| x >= min && x <= max)
            }
            AttributeKind::Enumeration(values) => contains_name(values, value),
            AttributeKind::EnumerationAnyCase(values) => {
                values.iter().any(|known| known.eq_ignore_ascii_case(value))
            }
            AttributeKind::EnumerationOr(values, pattern) => {
                contains_name(values, value) || pattern.matches(value)
            }
            AttributeKind::Pattern(pattern) => pattern.matches(value),
            AttributeKind::List(values) => {
                is_space_list(value, |token| contains_name(values, token))
            }
            AttributeKind::IntegerList { min, max } => is_space_list(value, |token| {
                parse_integer(token).is_some_and(|n| n >= min && n <= max)
            }),
            AttributeKind::CommaList { max_items, max_item_chars } => {
                is_comma_list(value, max_items, max_item_chars)
            }
            AttributeKind::Url(info) => info.accepts(value),
            AttributeKind::Method { post_only } => {
                value.eq_ignore_ascii_case("POST")
                    || (!post_only && value.eq_ignore_ascii_case("GET"))
            }
            AttributeKind::Digits => {
                !value.is_empty() && value.chars().all(|c| "0123456789ABCDwW#*".contains(c))
            }
            AttributeKind::Keys { max_keys, allow_empty } => is_keys(value, max_keys, allow_empty),
            AttributeKind::PhoneNumber => is_phone_number(value),
            AttributeKind::CallerId => is_caller_id(value),
            AttributeKind::Address => is_address(value),
            AttributeKind::Voice => is_voice(value),
            AttributeKind::Language => is_language_tag(value),
            AttributeKind::Sid(prefix) => is_sid(value, prefix),
            AttributeKind::Text { max_chars } => {
                max_chars.is_none_or(|max| value.chars().count() <= max)
            }
        }
    }
}

impl ValuePattern {
    /// Checks whether `value` matches the pattern.
    pub fn matches(&self, value: &str) -> bool {
        match *self {
            ValuePattern::Decibels => {
                value.strip_suffix("dB").and_then(strip_sign).is_some_and(is_unsigned_number)
            }
            ValuePattern::Percent => value.strip_suffix('%').is_some_and(is_unsigned_number),
            ValuePattern::SignedPercent => {
                value.strip_suffix('%').and_then(strip_sign).is_some_and(is_unsigned_number)
            }
            ValuePattern::Duration => value
                .strip_suffix("ms")
                .or_else(|| value.strip_suffix('s'))
                .is_some_and(is_unsigned_number),
            ValuePattern::Integer => parse_integer(value).is_some_and(|n| n >= 0),
            ValuePattern::Prefix(prefix) => value.len() > prefix.len() && value.starts_with(prefix),
        }
    }
}

impl UrlInfo {
    /// Checks whether `value` has the shape Twilio requires of this URL. It must have no
    /// whitespace or control characters, and no query string where Twilio drops one. An
    /// absolute URL needs an allowed scheme and a host without underscores, and a relative
    /// URL is rejected where an absolute one is required.
    ///
    /// A relative URL passes even under `https`-only or `wss`-only rules, because its scheme
    /// comes from the document URL, which only the caller knows.
    pub fn accepts(&self, value: &str) -> bool {
        if value.is_empty() {
            return self.empty_allowed;
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return false;
        }
        if !self.query_allowed && value.contains('?') {
            return false;
        }

        let Some((scheme, rest)) = split_scheme(value) else {
            return !self.absolute_only;
        };
        let scheme_allowed = match self.scheme {
            SchemeRule::Http => {
                scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
            }
            SchemeRule::HttpsOnly => scheme.eq_ignore_ascii_case("https"),
            SchemeRule::WssOnly => scheme.eq_ignore_ascii_case("wss"),
        };
        scheme_allowed && rest.strip_prefix("//").is_some_and(is_authority_valid)
    }
}

/// Parses an integer with an optional sign and at least one ASCII digit.
fn parse_integer(value: &str) -> Option<i64> {
    let digits = strip_sign(value).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// Parses `digits` or `digits.digits` with an optional sign.
fn parse_decimal(value: &str) -> Option<f64> {
    let unsigned = strip_sign(value).unwrap_or(value);
    if !is_unsigned_number(unsigned) {
        return None;
    }
    value.parse().ok()
}

/// Removes a leading `+` or `-`, or returns `None` when there is none.
fn strip_sign(value: &str) -> Option<&str> {
    value.strip_prefix('+').or_else(|| value.strip_prefix('-'))
}

/// Checks whether `value` is `digits` or `digits.digits`.
fn is_unsigned_number(value: &str) -> bool {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// Checks whether `value` is one or more tokens separated by ASCII whitespace, each accepted by
/// `accepts_token`.
fn is_space_list(value: &str, accepts_token: impl Fn(&str) -> bool) -> bool {
    let mut tokens = value.split_ascii_whitespace().peekable();
    tokens.peek().is_some() && tokens.all(accepts_token)
}

/// Checks whether `value` is a comma-separated list within the limits. The empty string is an empty
/// list, and spaces around an entry do not count toward its length.
fn is_comma_list(value: &str, max_items: Option<usize>, max_item_chars: Option<usize>) -> bool {
    if value.is_empty() {
        return true;
    }
    let items: Vec<&str> = value.split(',').map(str::trim).collect();
    let count_ok = max_items.is_none_or(|max| items.len() <= max);
    let lengths_ok =
        max_item_chars.is_none_or(|max| items.iter().all(|item| item.chars().count() <= max));
    count_ok && lengths_ok
}

/// Checks whether `value` is a set of input keys within the limits.
fn is_keys(value: &str, max_keys: Option<usize>, allow_empty: bool) -> bool {
    if value.is_empty() {
        return allow_empty;
    }
    let keys_ok = value.chars().all(|c| c.is_ascii_digit() || c == '#' || c == '*');
    keys_ok && max_keys.is_none_or(|max| value.chars().count() <= max)
}

/// Checks whether `value` looks like a phone number: an optional `+`, then 1 to 15 digits (the
/// E.164 maximum) with optional spaces, dashes, dots and parentheses between them.
fn is_phone_number(value: &str) -> bool {
    let body = value.strip_prefix('+').unwrap_or(value);
    let separators_ok = body.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    separators_ok && (1..=15).contains(&digits)
}

/// Checks whether `value` is a caller ID that Dial accepts for some kind of noun.
fn is_caller_id(value: &str) -> bool {
    if let Some(identity) = value.strip_prefix("client:") {
        return !identity.is_empty() && !identity.chars().any(char::is_whitespace);
    }
    if let Some(number) = value.strip_prefix("whatsapp:") {
        return is_phone_number(number);
    }
    let sip_form =
        !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || "+-_.".contains(c));
    sip_form || is_phone_number(value)
}

/// Checks whether `value` is a message address: a phone number, `channel:address`, or an
/// alphanumeric sender ID.
fn is_address(value: &str) -> bool {
    if is_phone_number(value) {
        return true;
    }
    if let Some((channel, address)) = value.split_once(':') {
        let channel_ok = !channel.is_empty() && channel.bytes().all(|b| b.is_ascii_alphabetic());
        return channel_ok && !address.is_empty() && !address.chars().any(char::is_whitespace);
    }
    let length = value.chars().count();
    let sender_chars = value.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    (1..=11).contains(&length) && sender_chars && has_letter
}

/// Checks whether `value` has the shape of a Say voice: `man`, `woman`, the legacy `alice`,
/// `Polly.<Name>` with an optional `-<Variant>` such as `-Neural`, or
/// `Google.<language>-<region>-<model>…` with at least three dash-separated parts.
fn is_voice(value: &str) -> bool {
    if matches!(value, "man" | "woman" | "alice") {
        return true;
    }
    if let Some(polly) = value.strip_prefix("Polly.") {
        let (name, variant) = polly.split_once('-').unwrap_or((polly, "Standard"));
        // Polly names include non-ASCII letters, as in `Polly.Mía-Generative`.
        let name_ok = !name.is_empty() && name.chars().all(char::is_alphabetic);
        let variant_ok = !variant.is_empty() && variant.bytes().all(|b| b.is_ascii_alphabetic());
        return name_ok && variant_ok;
    }
    if let Some(google) = value.strip_prefix("Google.") {
        let parts: Vec<&str> = google.split('-').collect();
        let language_ok = parts[0].len() >= 2
            && parts[0].len() <= 3
            && parts[0].bytes().all(|b| b.is_ascii_alphabetic());
        let parts_ok = parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
        return parts.len() >= 3 && language_ok && parts_ok;
    }
    false
}

/// Checks whether `value` has the shape of a language tag: 2 to 8 letters, then any number of parts
/// of 1 to 8 letters or digits, separated by `-` or `_` (`en-US`, `cmn-Hans-CN`, `en_GB`,
/// `multi`).
fn is_language_tag(value: &str) -> bool {
    let mut parts = value.split(['-', '_']);
    let Some(primary) = parts.next() else { return false };
    let primary_ok =
        (2..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    primary_ok
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Checks whether `value` is a SID: the two-letter prefix, then 32 hexadecimal digits.
fn is_sid(value: &str, prefix: &str) -> bool {
    value
        .strip_prefix(prefix)
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Splits `scheme:rest` when `value` starts with a URI scheme (RFC 3986: a letter, then
/// letters, digits, `+`, `-` or `.`), before any `/`, `?` or `#`.
fn split_scheme(value: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    (first_ok && rest_ok).then_some((scheme, rest))
}

/// Checks whether the authority and path after `scheme://` name a host Twilio can request: not
/// empty, no underscore, and a numeric port if any.
fn is_authority_valid(after_slashes: &str) -> bool {
    let end = after_slashes.find(['/', '?', '#']).unwrap_or(after_slashes.len());
    let authority = &after_slashes[..end];
    let host_and_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);

    let (host, port) = if let Some(bracketed) = host_and_port.strip_prefix('[') {
        // An IPv6 literal, such as `[2001:db8::1]:8443`.
        let Some((address, after)) = bracketed.split_once(']') else { return false };
        (address, after.strip_prefix(':'))
    } else {
        match host_and_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_and_port, None),
        }
    };

    let port_ok =
        port.is_none_or(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    !host.is_empty() && !host.contains('_') && port_ok
}

#[cfg(test)]
mod tests {
    use super::super::{AttributeKind, UrlInfo, ValuePattern};

    fn accepts_all(kind: AttributeKind, values: &[&str]) {
        for value in values {
            assert!(kind.accepts(value), "{kind:?} should accept {value:?}");
        }
    }

    fn rejects_all(kind: AttributeKind, values: &[&str]) {
        for value in values {
            assert!(!kind.accepts(value), "{kind:?} should reject {value:?}");
        }
    }

    #[test]
    fn boolean_lower_case_only() {
        accepts_all(AttributeKind::Boolean, &["true", "false"]);
        rejects_all(AttributeKind::Boolean, &["True", "FALSE", "1", "yes", "", " true"]);
    }

    #[test]
    fn integer_bounds_and_signs() {
        let timeout = AttributeKind::Integer { min: 5, max: Some(600) };
        accepts_all(timeout, &["5", "600", "30", "+30", "030"]);
        rejects_all(timeout, &["4", "601", "-5", "", "+", "3.0", " 30", "30 ", "1e2", "thirty"]);

        let loop_count = AttributeKind::Integer { min: 0, max: None };
        accepts_all(loop_count, &["0", "1", "1000", "9223372036854775807"]);
        rejects_all(loop_count, &["-1", "9223372036854775808", "--1", "+-1"]);
    }

    #[test]
    fn decimal_range() {
        let amount = AttributeKind::Decimal { min: 0.0, max: 1_000_000.0 };
        accepts_all(amount, &["0", "10.50", "1000000", "1000000.00", "+1.5"]);
        rejects_all(amount, &["-0.01", "1000000.01", "1.", ".5", "1,5", "1e3", "NaN", "inf", ""]);
    }

    #[test]
    fn enumerations_exact_or_any_case() {
        let reason = AttributeKind::Enumeration(&["rejected", "busy"]);
        accepts_all(reason, &["busy", "rejected"]);
        rejects_all(reason, &["Busy", "busy ", ""]);

        let provider = AttributeKind::EnumerationAnyCase(&["ElevenLabs", "Google"]);
        accepts_all(provider, &["ElevenLabs", "elevenlabs", "GOOGLE"]);
        rejects_all(provider, &["Eleven Labs", ""]);
    }

    #[test]
    fn enumeration_or_integer_pattern() {
        let speech_timeout = AttributeKind::EnumerationOr(&["auto"], ValuePattern::Integer);
        accepts_all(speech_timeout, &["auto", "0", "3", "+3"]);
        rejects_all(speech_timeout, &["Auto", "-1", "3s", ""]);
    }

    #[test]
    fn decibel_pattern_needs_sign_and_unit() {
        let volume = AttributeKind::Pattern(ValuePattern::Decibels);
        accepts_all(volume, &["+6dB", "-3dB", "+0dB", "+2.5dB"]);
        rejects_all(volume, &["6dB", "+6db", "+6", "+dB", "+6 dB", "+6.dB"]);
    }

    #[test]
    fn percent_patterns() {
        let rate = AttributeKind::Pattern(ValuePattern::Percent);
        accepts_all(rate, &["120%", "0%", "85.5%"]);
        rejects_all(rate, &["+10%", "-10%", "%", "120", "120 %"]);

        let pitch = AttributeKind::Pattern(ValuePattern::SignedPercent);
        accepts_all(pitch, &["+10%", "-5%", "+0.5%"]);
        rejects_all(pitch, &["10%", "+10", "+%"]);
    }

    #[test]
    fn duration_pattern_seconds_or_milliseconds() {
        let time = AttributeKind::Pattern(ValuePattern::Duration);
        accepts_all(time, &["500ms", "2s", "1.5s", "0s", "0ms"]);
        rejects_all(time, &["500", "ms", "s", "-1s", "2 s", "2sec", "2m", "2S"]);
    }

    #[test]
    fn prefix_pattern_needs_more_than_prefix() {
        let model = AttributeKind::EnumerationOr(&["default"], ValuePattern::Prefix("deepgram_"));
        accepts_all(model, &["default", "deepgram_nova-3", "deepgram_anything"]);
        rejects_all(model, &["deepgram_", "deepgram", "nova-3"]);
    }

    #[test]
    fn space_list_tokens() {
        let input = AttributeKind::List(&["dtmf", "speech"]);
        accepts_all(input, &["dtmf", "speech", "dtmf speech", "speech dtmf", "dtmf  speech"]);
        rejects_all(input, &["", " ", "dtmf,speech", "dtmf voice", "DTMF"]);
    }

    #[test]
    fn integer_list_bounds() {
        let attempt = AttributeKind::IntegerList { min: 1, max: 3 };
        accepts_all(attempt, &["1", "1 2 3", "3 1"]);
        rejects_all(attempt, &["", "0", "4", "1,2", "1 x"]);
    }

    #[test]
    fn comma_list_limits() {
        let hints = AttributeKind::CommaList { max_items: Some(3), max_item_chars: Some(5) };
        accepts_all(hints, &["", "one", "one, two,three", "$OOV"]);
        rejects_all(hints, &["a,b,c,d", "toolong"]);
    }

    #[test]
    fn method_any_case_and_post_only() {
        let method = AttributeKind::Method { post_only: false };
        accepts_all(method, &["GET", "POST", "get", "Post"]);
        rejects_all(method, &["PUT", "", "GET "]);

        let post_only = AttributeKind::Method { post_only: true };
        accepts_all(post_only, &["POST", "post"]);
        rejects_all(post_only, &["GET"]);
    }

    #[test]
    fn digits_with_pauses() {
        accepts_all(AttributeKind::Digits, &["1234", "www3", "W#*", "ABCD"]);
        rejects_all(AttributeKind::Digits, &["", "12 34", "abcd", "x", "1-2"]);
    }

    #[test]
    fn finish_on_key_single_or_empty() {
        let gather = AttributeKind::Keys { max_keys: Some(1), allow_empty: true };
        accepts_all(gather, &["", "#", "*", "0", "9"]);
        rejects_all(gather, &["##", "12", "A", " "]);

        let record = AttributeKind::Keys { max_keys: None, allow_empty: false };
        accepts_all(record, &["1234567890*#", "#"]);
        rejects_all(record, &["", "w"]);
    }

    #[test]
    fn phone_number_shapes() {
        accepts_all(
            AttributeKind::PhoneNumber,
            &["+14155550100", "415-555-0100", "(415) 555 0100"],
        );
        rejects_all(
            AttributeKind::PhoneNumber,
            &["", "+", "++1415", "sip:jack@example.com", "+1234567890123456", "415x"],
        );
    }

    #[test]
    fn caller_id_forms() {
        accepts_all(
            AttributeKind::CallerId,
            &[
                "+14155550100",
                "client:alice",
                "whatsapp:+14155550100",
                "trunk_user.1",
                "(415) 555-0100",
            ],
        );
        rejects_all(AttributeKind::CallerId, &["", "client:", "whatsapp:bob", "two words!"]);
    }

    #[test]
    fn address_forms() {
        accepts_all(
            AttributeKind::Address,
            &["+14155550100", "whatsapp:+14155550100", "messenger:123", "Acme Inc", "TWILIO"],
        );
        rejects_all(
            AttributeKind::Address,
            &["", "A long sender ID", "whatsapp:", ":x", "12345678901234567"],
        );
    }

    #[test]
    fn voice_shapes() {
        accepts_all(
            AttributeKind::Voice,
            &[
                "man",
                "woman",
                "alice",
                "Polly.Joanna",
                "Polly.Joanna-Neural",
                "Polly.Mía-Generative",
                "Google.en-US-Standard-A",
                "Google.en-US-Chirp3-HD-Aoede",
                "Google.fil-ph-Neural2-A",
            ],
        );
        rejects_all(
            AttributeKind::Voice,
            &[
                "",
                "Man",
                "Polly.",
                "Polly.Joanna-",
                "Polly.Jo anna",
                "Google.en-US",
                "Google.english-US-A",
                "Joanna",
            ],
        );
    }

    #[test]
    fn language_shapes() {
        accepts_all(
            AttributeKind::Language,
            &[
                "en-US",
                "en-us",
                "en_GB",
                "zh",
                "arb",
                "cmn-Hans-CN",
                "pa-guru-IN",
                "en-GB-WLS",
                "multi",
            ],
        );
        rejects_all(
            AttributeKind::Language,
            &["", "e", "en-", "en--US", "english-unitedstates9", "en US", "12-US"],
        );
    }

    #[test]
    fn sid_prefix_and_length() {
        let sid = AttributeKind::Sid("CA");
        accepts_all(
            sid,
            &["CA0123456789abcdef0123456789abcdef", "CA0123456789ABCDEF0123456789ABCDEF"],
        );
        rejects_all(
            sid,
            &[
                "",
                "CA",
                "AP0123456789abcdef0123456789abcdef",
                "CA0123456789abcdef0123456789abcde",
                "CA0123456789abcdef0123456789abcdeg",
            ],
        );
    }

    #[test]
    fn text_length_counts_characters() {
        let reason = AttributeKind::Text { max_chars: Some(3) };
        accepts_all(reason, &["", "abc", "äöü"]);
        rejects_all(reason, &["abcd"]);
    }

    #[test]
    fn url_relative_and_absolute() {
        let action = AttributeKind::Url(UrlInfo::document());
        accepts_all(
            action,
            &[
                "/next",
                "next.xml",
                "https://example.com/a?b=1&c=2",
                "HTTP://example.com",
                "https://user:pass@example.com:8443/x",
                "https://[2001:db8::1]:8443/x",
                "//example.com/x",
            ],
        );
        rejects_all(
            action,
            &[
                "",
                "https://bad_host.example.com/",
                "ftp://example.com/",
                "https://example.com/a b",
                "https:///path",
                "https:example.com",
                "https://example.com:port/",
                "mailto:someone",
            ],
        );
    }

    #[test]
    fn url_rules_for_empty_absolute_scheme_and_query() {
        let wait = AttributeKind::Url(UrlInfo::wait(&["Play"], None));
        accepts_all(wait, &["", "/hold-music"]);

        let absolute = AttributeKind::Url(UrlInfo::callback().absolute());
        accepts_all(absolute, &["https://example.com/events"]);
        rejects_all(absolute, &["/events", "events"]);

        let stream = AttributeKind::Url(UrlInfo::websocket().no_query());
        accepts_all(stream, &["wss://example.com/stream", "WSS://example.com/stream", "/stream"]);
        rejects_all(
            stream,
            &["ws://example.com/stream", "https://example.com/", "wss://example.com/?a=1"],
        );

        let pay = AttributeKind::Url(UrlInfo::document().https_only());
        accepts_all(pay, &["https://example.com/pay", "/pay"]);
        rejects_all(pay, &["http://example.com/pay"]);
    }
}
