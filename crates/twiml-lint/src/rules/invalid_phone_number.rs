//! # invalid-phone-number
//!
//! ## What it flags
//!
//! A phone number Twilio cannot dial or send to, in the text of `<Number>`, `<Dial>` and
//! `<WhatsApp>`, in `to` and `from` of `<Message>` and `<Sms>`, and in Dial `callerId`:
//!
//! - letters, as in `1-800-FLOWERS` or `+1 415 555 0100 ext. 12`, and characters other than
//!   digits, a leading `+`, spaces, `-`, `.` and parentheses;
//! - pauses and tones written into the number (`,`, `w`, `#`, `*`);
//! - a `+` followed by a 0, or by fewer than 7 or more than 15 digits (E.164 numbers have at
//!   most 15 digits, and the shortest country plans 7);
//! - more than 15 digits, or fewer than 3, without a `+`.
//!
//! Forms Twilio accepts stay clean: E.164 (`+14155550100`), E.164 with spaces or dashes, and
//! unformatted US numbers such as `415-555-0100` or `(415) 555-0100`. Short numbers of 3 or
//! more digits without a `+` (`911`, short codes) are not flagged. A `whatsapp:` address is
//! checked after its prefix, and other channel addresses (`messenger:…`) are not checked.
//! `from` of a message may also be an alphanumeric sender ID: 1 to 11 letters, digits and
//! spaces. `callerId` is checked as a phone number only when the `<Dial>` rings phone numbers
//! or WhatsApp users, because `<Client>`, `<Sip>` and the other nouns allow other forms. A
//! `<Dial>` with `<WhatsApp>` needs a `whatsapp:` caller ID. Values with a TwiML Bin template
//! tag (`{{From}}`, `{{#e164}}{{To}}{{/e164}}`) are not checked.
//!
//! ## Why Twilio cares
//!
//! Twilio cannot route the number: `<Number>` and `<Dial>` raise 13223, "Dial: Invalid phone
//! number format", a bad `callerId` raises 13214, and `<Message>` raises 14101 for `to` and
//! 14102 for `from`. The call is not placed or the message is not sent.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Dial callerId="+14155550199">
//!     <Number>1-800-FLOWERS</Number>
//!   </Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Write the number in digits, preferably in E.164 form, and put extensions and pauses in
//! `sendDigits`:
//!
//! ```xml
//! <Response>
//!   <Dial callerId="+14155550199">
//!     <Number sendDigits="ww12">+18003569377</Number>
//!   </Dial>
//! </Response>
//! ```

use twiml::{Element, Span};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::tree::Tree;

pub(crate) static RULE: Rule = Rule {
    name: "invalid-phone-number",
    group: Group::Semantics,
    default_severity: Severity::Error,
    twilio_code: None,
    summary: "a phone number has letters, too few or too many digits, or a form Twilio rejects",
    check: Some(check),
};

/// The maximum digits of an E.164 number.
const MAX_DIGITS: usize = 15;
/// The minimum digits after `+`: a country code and the shortest national numbers (Niue's
/// `+683` with four-digit numbers) make 7.
const MIN_E164_DIGITS: usize = 7;
/// The minimum digits of a number written without `+`: emergency numbers such as `911`.
const MIN_LOCAL_DIGITS: usize = 3;
/// The maximum length of an alphanumeric sender ID.
const MAX_SENDER_ID_CHARS: usize = 11;

/// A problem with a number: what it is (`phone number`, `sender ID`, or empty when the
/// value speaks for itself), the value, what is wrong with it, and a help text.
struct Problem {
    noun: &'static str,
    value: String,
    predicate: String,
    help: String,
}

impl Problem {
    fn new(
        noun: &'static str,
        value: &str,
        predicate: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem { noun, value: value.to_owned(), predicate: predicate.into(), help: help.into() }
    }
}

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for (_, item) in Tree::new(context).iter() {
        let element = item.element;
        let parent = item.parent.map(Element::name);
        match (item.name, parent) {
            ("Number" | "WhatsApp", Some("Dial")) => {
                check_text(context, emitter, element, Some(13223));
            }
            ("Dial", Some("Response")) => {
                if element.child_elements().next().is_none() {
                    check_text(context, emitter, element, Some(13223));
                }
                check_caller_id(emitter, element);
            }
            ("Message" | "Sms", Some("Response")) => {
                let message = element.name() == "Message";
                check_address(emitter, element, "to", message.then_some(14101));
                check_address(emitter, element, "from", message.then_some(14102));
            }
            _ => {}
        }
    }
}

/// Checks the text of `element` as a number to dial.
fn check_text(
    context: &Context<'_, '_>,
    emitter: &mut Emitter<'_>,
    element: Element<'_, '_>,
    code: Option<u32>,
) {
    let Some(span) = element.text_span() else { return };
    let Some(raw) = span.text(context.source) else { return };
    let text = element.text();
    let value = crate::rule::trim(&text);
    if value.is_empty() || is_templated(value) {
        return;
    }
    let start = span.start + (raw.len() - raw.trim_start().len());
    let end = span.end - (raw.len() - raw.trim_end().len());
    let span = Span::new(start, end.max(start));

    let number = match element.name() {
        "WhatsApp" => value.strip_prefix("whatsapp:").unwrap_or(value),
        _ => value,
    };
    if let Some(problem) = phone_number_problem(number) {
        emit(emitter, span, &problem, &format!("in `<{}>`", element.name()), code);
    }
}

/// Checks `to` or `from` of a `<Message>` or `<Sms>`.
fn check_address(
    emitter: &mut Emitter<'_>,
    element: Element<'_, '_>,
    name: &str,
    code: Option<u32>,
) {
    let Some(attribute) = element.attribute(name) else { return };
    let value = crate::rule::trim(&attribute.value);
    if value.is_empty() || is_templated(value) {
        return;
    }
    let problem = match value.split_once(':') {
        Some(("whatsapp", number)) => phone_number_problem(number),
        // Other channels, such as `messenger:`, have addresses of their own.
        Some(_) => None,
        None if name == "from" && value.chars().any(|c| c.is_ascii_alphabetic()) => {
            sender_id_problem(value)
        }
        None => phone_number_problem(value),
    };
    if let Some(problem) = problem {
        let place = format!("in `{name}` of `<{}>`", element.name());
        emit(emitter, attribute.value_span, &problem, &place, code);
    }
}

/// Checks Dial `callerId` against the nouns the `<Dial>` rings.
fn check_caller_id(emitter: &mut Emitter<'_>, dial: Element<'_, '_>) {
    let Some(attribute) = dial.attribute("callerId") else { return };
    let value = crate::rule::trim(&attribute.value);
    if value.is_empty() || is_templated(value) {
        return;
    }
    let nouns: Vec<&str> = dial.child_elements().map(Element::name).collect();
    let rings_whatsapp = nouns.contains(&"WhatsApp");
    let rings_phones_only = nouns.iter().all(|noun| matches!(*noun, "Number" | "WhatsApp"));

    let problem = if let Some(number) = value.strip_prefix("whatsapp:") {
        phone_number_problem(number)
    } else if rings_whatsapp {
        Some(Problem::new(
            "caller ID",
            value,
            "is not a WhatsApp sender",
            "a `<Dial>` with `<WhatsApp>` needs `callerId=\"whatsapp:+…\"` with your registered \
             voice-enabled WhatsApp sender",
        ))
    } else if nouns.contains(&"Sip") {
        // SIP caller IDs may be any token, but not one with whitespace.
        value.contains(char::is_whitespace).then(|| {
            Problem::new(
                "caller ID",
                value,
                "contains whitespace",
                "a SIP caller ID is one word of letters, digits and `+-_.`",
            )
        })
    } else if rings_phones_only && !value.starts_with("client:") {
        phone_number_problem(value)
    } else {
        None
    };
    if let Some(mut problem) = problem {
        if !problem.noun.is_empty() {
            problem.noun = "caller ID";
        }
        emit(emitter, attribute.value_span, &problem, "of `<Dial>`", Some(13214));
    }
}

/// Reports `problem` at `span`. `place` names where the value is, such as ``in `<Number>` ``.
fn emit(emitter: &mut Emitter<'_>, span: Span, problem: &Problem, place: &str, code: Option<u32>) {
    let Problem { noun, value, predicate, help } = problem;
    let message = if noun.is_empty() {
        format!("`{value}` {place} {predicate}")
    } else {
        format!("{noun} `{value}` {place} {predicate}")
    };
    let finding = emitter.emit(span, message).help(help);
    if let Some(code) = code {
        finding.code(code);
    }
}

/// Finds what keeps `value` from being a phone number Twilio accepts, or returns `None` when
/// it is one.
fn phone_number_problem(value: &str) -> Option<Problem> {
    let value = crate::rule::trim(value);
    // Most numbers are in E.164 form, which passes every check below.
    if let Some(digits) = value.strip_prefix('+') {
        let e164 = (MIN_E164_DIGITS..=MAX_DIGITS).contains(&digits.len())
            && digits.bytes().all(|byte| byte.is_ascii_digit())
            && !digits.starts_with('0');
        if e164 {
            return None;
        }
    }
    if let Some(problem) = letters_problem(value) {
        return Some(problem);
    }
    // Pauses and tones after a number, as in `4155550100,,12#`: the number comes first.
    let tone = value.char_indices().find(|(_, c)| matches!(c, ',' | '#' | '*' | ';'));
    if let Some((at, c)) = tone {
        let digits_before = value[..at].chars().filter(char::is_ascii_digit).count();
        let help = if digits_before >= MIN_LOCAL_DIGITS {
            "put pauses and tones in `sendDigits` on `<Number>`, such as `sendDigits=\"ww1234#\"`"
        } else {
            "write the number in digits, preferably in E.164 form such as `+14155550100`"
        };
        return Some(Problem::new("phone number", value, format!("contains `{c}`"), help));
    }
    if let Some(c) = value.chars().find(|c| !(c.is_ascii_digit() || " -.()+".contains(*c))) {
        return Some(Problem::new(
            "phone number",
            value,
            format!("contains `{c}`"),
            "write the number in digits, preferably in E.164 form such as `+14155550100`",
        ));
    }

    let plus = value.starts_with('+');
    if value.matches('+').count() > usize::from(plus) {
        return Some(Problem::new(
            "phone number",
            value,
            "has a `+` after its start",
            "write one `+` before the country code, such as `+14155550100`",
        ));
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let count = digits.len();
    let (min, max) =
        if plus { (MIN_E164_DIGITS, MAX_DIGITS) } else { (MIN_LOCAL_DIGITS, MAX_DIGITS) };
    if count > max {
        return Some(Problem::new(
            "phone number",
            value,
            format!("has {count} digits, more than the {max} of E.164"),
            "check the number for repeated or extra digits",
        ));
    }
    if count < min {
        return Some(Problem::new(
            "phone number",
            value,
            match count {
                0 => "has no digits".to_owned(),
                1 => "has only 1 digit".to_owned(),
                _ => format!("has only {count} digits"),
            },
            "write the full number with its country code, such as `+14155550100`",
        ));
    }
    if plus && digits.starts_with('0') {
        return Some(Problem::new(
            "phone number",
            value,
            "has a country code starting with 0",
            "country codes never start with 0, so drop the national trunk prefix after the \
             country code, as in `+442071838750` for `020 7183 8750`",
        ));
    }
    None
}

/// Describes the problem of a number written with letters: a SIP URI or client address, an
/// extension, a vanity number, or other words.
fn letters_problem(value: &str) -> Option<Problem> {
    if !value.chars().any(char::is_alphabetic) {
        return None;
    }
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("sip:") || lower.starts_with("sips:") {
        return Some(Problem::new(
            "",
            value,
            "is a SIP URI, not a phone number",
            "dial a SIP address with `<Sip>`, such as `<Dial><Sip>sip:alice@example.com</Sip></Dial>`",
        ));
    }
    if lower.starts_with("client:") {
        return Some(Problem::new(
            "",
            value,
            "is a client address, not a phone number",
            "dial a client with `<Client>`, such as `<Dial><Client>alice</Client></Dial>`",
        ));
    }
    if let Some(extension) = extension(&lower) {
        return Some(Problem::new(
            "phone number",
            value,
            format!("contains the extension `{extension}`"),
            format!(
                "dial the number alone and send the extension as tones: `sendDigits=\"ww{extension}\"` \
                 on `<Number>`"
            ),
        ));
    }
    if let Some(digits) = keypad_digits(value) {
        return Some(Problem::new(
            "phone number",
            value,
            "contains letters",
            format!("write a vanity number in digits: `{digits}`"),
        ));
    }
    Some(Problem::new(
        "phone number",
        value,
        "contains letters",
        "write the number in digits, preferably in E.164 form such as `+14155550100`",
    ))
}

/// Extracts the digits of an extension written after the number, as in `… x12`, `… ext. 12` or
/// `… extension 12`, if `lower` ends with one.
fn extension(lower: &str) -> Option<&str> {
    let digits_start = lower.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let digits = &lower[digits_start..];
    if digits.is_empty() {
        return None;
    }
    let before = lower[..digits_start].trim_end().trim_end_matches('.').trim_end_matches(':');
    let marked = ["extension", "ext", "x"].iter().any(|marker| {
        before.strip_suffix(marker).is_some_and(|head| {
            head.ends_with(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == ',')
        })
    });
    marked.then_some(digits)
}

/// Spells out a vanity number such as `1-800-FLOWERS`, read off a phone keypad,
/// when `value` is made only of digits, letters and separators, the letters come after some
/// digits, and they are not one letter repeated.
fn keypad_digits(value: &str) -> Option<String> {
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || " -.()+".contains(c)) {
        return None;
    }
    let first_letter = value.find(|c: char| c.is_ascii_alphabetic())?;
    if !value[..first_letter].contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // One letter repeated, as in `+1415xxxxxxx` or `NNNNNNNNNN`, is a placeholder, not a word.
    let mut letters =
        value.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase());
    let first = letters.next()?;
    if letters.all(|letter| letter == first) {
        return None;
    }
    let digits: String = value
        .chars()
        .map(|c| match c.to_ascii_uppercase() {
            'A'..='C' => '2',
            'D'..='F' => '3',
            'G'..='I' => '4',
            'J'..='L' => '5',
            'M'..='O' => '6',
            'P'..='S' => '7',
            'T'..='V' => '8',
            'W'..='Z' => '9',
            other => other,
        })
        .collect();
    Some(digits)
}

/// Finds what keeps `value`, a `from` with letters, from being an alphanumeric sender ID.
fn sender_id_problem(value: &str) -> Option<Problem> {
    if let Some(c) = value.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == ' ')) {
        return Some(Problem::new(
            "",
            value,
            format!("is neither a phone number nor an alphanumeric sender ID, which has no `{c}`"),
            "write a phone number, or a sender ID of up to 11 letters, digits and spaces",
        ));
    }
    let count = value.chars().count();
    if count > MAX_SENDER_ID_CHARS {
        return Some(Problem::new(
            "sender ID",
            value,
            format!("has {count} characters, more than {MAX_SENDER_ID_CHARS}"),
            "shorten the alphanumeric sender ID to at most 11 letters, digits and spaces",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn accepted_forms_stay_clean() {
        for number in [
            "+14155550100",
            "+1 415 555 0100",
            "+1 (415) 555-0100",
            "415-555-0100",
            "(415) 555-0100",
            "4155550100",
            "1-415-555-0100",
            "415.555.0100",
            "911",
            "+6834321",
            "+442071838750",
            "123456789012345",
        ] {
            assert!(phone_number_problem(number).is_none(), "{number} should be accepted");
        }
    }

    #[test]
    fn rejected_forms_are_flagged() {
        for number in [
            "1-800-FLOWERS",
            "+1 415 555 0100 ext. 12",
            "4155550100,,12",
            "+123456",
            "+1234567890123456",
            "12",
            "+0 20 7183 8750",
            "+1+4155550100",
            "sip:alice@example.com",
            "client:alice",
            "415_555_0100",
        ] {
            assert!(phone_number_problem(number).is_some(), "{number} should be flagged");
        }
    }

    #[test]
    fn extensions_are_recognized() {
        assert_eq!(extension("+1 415 555 0100 ext. 12"), Some("12"));
        assert_eq!(extension("4155550100x7"), Some("7"));
        assert_eq!(extension("415 555 0100 extension 300"), Some("300"));
        assert_eq!(extension("1-800-flowers"), None);
        assert_eq!(extension("box 12"), None);
    }

    #[test]
    fn vanity_numbers_are_spelled_out() {
        assert_eq!(keypad_digits("1-800-FLOWERS").as_deref(), Some("1-800-3569377"));
        assert_eq!(keypad_digits("call me"), None);
        assert_eq!(keypad_digits("+1415xxxxxxx"), None);
    }

    #[test]
    fn sender_ids() {
        assert!(sender_id_problem("ExampleCo").is_none());
        assert!(sender_id_problem("Example Co1").is_none());
        assert!(sender_id_problem("ExampleCompany").is_some());
        assert!(sender_id_problem("Ex-Co").is_some());
    }
}
