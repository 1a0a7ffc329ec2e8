//! The built-in `e164` helper: pulls an E.164 phone number out of a value such as a SIP URI.
//!
//! Twilio documents the helper only by example (`{{#e164}}{{To}}{{/e164}}` turning
//! `sip:+15125551212@example.sip.us1.twilio.com` into `+15125551212`), so the rules below are
//! this module's own, chosen to cover the values Twilio sends in `From` and `To`.

/// The minimum number of digits of an E.164 number here, country code included. The shortest
/// numbers in use have 7 digits (Niue, `+683 4002`), and shorter strings are extensions or
/// short codes.
const MIN_DIGITS: usize = 7;

/// The maximum number of digits E.164 allows, country code included.
const MAX_DIGITS: usize = 15;

/// Extracts an E.164 number, `+` and digits, from `text`.
///
/// The rules, in order:
/// 1. Surrounding whitespace is ignored, and so is a `sip:`, `sips:` or `tel:` scheme in any
///    case. Of a URI, only the user part counts: what comes before `@` and before the first
///    `;` parameter.
/// 2. When that part is a phone number, with an optional `+` and with spaces, `-`, `.`, `(`
///    and `)` between the digits, the result is `+` followed by its digits. The number must
///    have 7 to 15 digits and must not start with `0`.
/// 3. Otherwise the first `+` in `text` followed by 7 to 15 digits, not starting with `0`,
///    is the result.
///
/// Returns `None` when no number is found. The helper then renders as nothing.
///
/// NOTE: a number written without `+` is taken to include its country code, so `5125551212`
/// becomes `+5125551212`, not `+15125551212`. Twilio's own helper may treat such numbers
/// differently, and no source describes how.
pub fn extract_e164(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let without_scheme = strip_scheme(trimmed);
    let user = without_scheme.split(['@', ';']).next().unwrap_or(without_scheme);
    normalize_number(user).or_else(|| find_plus_number(trimmed))
}

fn strip_scheme(text: &str) -> &str {
    for scheme in ["sips:", "sip:", "tel:"] {
        let Some(head) = text.get(..scheme.len()) else { continue };
        if head.eq_ignore_ascii_case(scheme) {
            return &text[scheme.len()..];
        }
    }
    text
}

/// Reads `text` as one phone number with visual separators, or returns `None`.
fn normalize_number(text: &str) -> Option<String> {
    let text = text.trim();
    let rest = text.strip_prefix('+').unwrap_or(text);
    let mut digits = String::with_capacity(MAX_DIGITS + 1);
    digits.push('+');
    for character in rest.chars() {
        match character {
            '0'..='9' => digits.push(character),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    is_e164_digits(&digits[1..]).then_some(digits)
}

/// Finds the first `+` followed by a run of digits that makes an E.164 number.
fn find_plus_number(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(plus) = rest.find('+') {
        let after = &rest[plus + 1..];
        let run = after.bytes().take_while(u8::is_ascii_digit).count();
        if is_e164_digits(&after[..run]) {
            return Some(format!("+{}", &after[..run]));
        }
        rest = after;
    }
    None
}

fn is_e164_digits(digits: &str) -> bool {
    (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()) && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_number_stays() {
        assert_eq!(extract_e164("+15125551212").as_deref(), Some("+15125551212"));
        assert_eq!(extract_e164("  +15125551212\n").as_deref(), Some("+15125551212"));
    }

    #[test]
    fn separators_are_removed() {
        assert_eq!(extract_e164("+1 (512) 555-1212").as_deref(), Some("+15125551212"));
        assert_eq!(extract_e164("+44.20.7946.0018").as_deref(), Some("+442079460018"));
    }

    #[test]
    fn number_without_plus_gets_one() {
        assert_eq!(extract_e164("15125551212").as_deref(), Some("+15125551212"));
    }

    #[test]
    fn sip_uri_user_part() {
        let uri = "sip:+15125551212@example.sip.us1.twilio.com";
        assert_eq!(extract_e164(uri).as_deref(), Some("+15125551212"));
        assert_eq!(
            extract_e164("SIP:+15125551212@example.com;transport=tls").as_deref(),
            Some("+15125551212")
        );
        assert_eq!(extract_e164("sips:15125551212@example.com").as_deref(), Some("+15125551212"));
        assert_eq!(
            extract_e164("sip:+15125551212;user=phone@example.com").as_deref(),
            Some("+15125551212")
        );
    }

    #[test]
    fn tel_uri() {
        assert_eq!(extract_e164("tel:+1-512-555-1212;ext=7").as_deref(), Some("+15125551212"));
    }

    #[test]
    fn number_found_inside_other_text() {
        assert_eq!(
            extract_e164("sip:alice@example.com;from=+15125551212").as_deref(),
            Some("+15125551212")
        );
        assert_eq!(extract_e164("call +442079460018 now").as_deref(), Some("+442079460018"));
    }

    #[test]
    fn junk_has_no_number() {
        assert_eq!(extract_e164("").as_deref(), None);
        assert_eq!(extract_e164("anonymous").as_deref(), None);
        assert_eq!(extract_e164("sip:alice@example.com").as_deref(), None);
        assert_eq!(extract_e164("client:alice").as_deref(), None);
        assert_eq!(extract_e164("+").as_deref(), None);
        assert_eq!(extract_e164("+-+").as_deref(), None);
        assert_eq!(extract_e164("&lt;script&gt;").as_deref(), None);
    }

    #[test]
    fn digit_count_is_bounded() {
        assert_eq!(extract_e164("+123456").as_deref(), None, "six digits is too short");
        assert_eq!(extract_e164("+1234567").as_deref(), Some("+1234567"));
        assert_eq!(extract_e164("+123456789012345").as_deref(), Some("+123456789012345"));
        assert_eq!(
            extract_e164("+1234567890123456").as_deref(),
            None,
            "sixteen digits is too long"
        );
    }

    #[test]
    fn leading_zero_is_not_a_country_code() {
        assert_eq!(extract_e164("+05125551212").as_deref(), None);
        assert_eq!(extract_e164("05125551212").as_deref(), None);
    }

    #[test]
    fn multibyte_text_does_not_panic() {
        assert_eq!(extract_e164("é").as_deref(), None);
        assert_eq!(extract_e164("sïp:+15125551212").as_deref(), Some("+15125551212"));
        assert_eq!(extract_e164("té").as_deref(), None);
    }
}
