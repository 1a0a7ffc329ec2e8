//! # invalid-attribute-value
//!
//! ## What it flags
//!
//! An attribute value that the attribute's type rejects:
//!
//! - a boolean other than `true` or `false`, such as `True` (values are case-sensitive);
//! - an integer that is not a whole number, or outside the range Twilio accepts, such as
//!   `<Dial timeout="3">` (the minimum is 5);
//! - a value outside an enumeration, such as `<Reject reason="Busy">`, with the closest
//!   valid value;
//! - a bad item in a space-separated list, such as `voice` in `<Gather input="dtmf voice">`,
//!   or a list separated by commas;
//! - an HTTP method other than `GET` or `POST`, lower case included: Twilio documents methods
//!   in upper case only;
//! - DTMF digits with a character that is no key, `finishOnKey` keys Twilio does not accept,
//!   a SID of the wrong shape, a malformed SSML duration, percentage or decibel value, and text
//!   over its length limit.
//!
//! Values holding a TwiML Bin template such as `{{Digits}}` are not checked. URLs are left to
//! the URL rules, phone numbers and sender addresses to the phone number rules, and Say
//! voices to `unknown-voice`.
//!
//! ## Why Twilio cares
//!
//! Twilio rejects the value and raises the code documented for the attribute, such as 13212
//! for a bad Dial `timeout`, 13310 for a bad Gather `finishOnKey` or 13210 for a bad Dial
//! `method`, or warning 12200 where none is documented. The setting does not take effect, and
//! some of these, such as a bad Stream `track` (31941), stop the verb.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Gather input="dtmf,speech" method="get" actionOnEmptyResult="True">
//!     <Say>Say or press your account number.</Say>
//!   </Gather>
//!   <Dial timeout="3">+14155550100</Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Gather input="dtmf speech" method="GET" actionOnEmptyResult="true">
//!     <Say>Say or press your account number.</Say>
//!   </Gather>
//!   <Dial timeout="5">+14155550100</Dial>
//! </Response>
//! ```

use twiml::schema::{AttributeKind, AttributeSchema, HttpMethod, ValuePattern};
use twiml::{Attribute, Span};

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::tree::{self, AttributeVerdict, Tree, code, tag};

pub(crate) static RULE: Rule = Rule {
    name: "invalid-attribute-value",
    group: Group::Schema,
    default_severity: Severity::Error,
    twilio_code: Some(12200),
    summary: "a value the attribute's type rejects, such as `<Dial timeout=\"3\">`",
    check: Some(check),
};

/// One problem with a value: where, what, and what to write instead.
struct Issue {
    span: Span,
    reason: Option<String>,
    help: String,
    /// The list item at fault, when the value is a list.
    item: Option<String>,
}

/// The attribute under check, with the names its messages use.
struct Subject<'x, 'a> {
    attribute: &'x Attribute<'a>,
    schema: &'static AttributeSchema,
    element: &'x str,
}

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    for (index, item) in tree.iter() {
        for (attribute, verdict) in tree.attributes(index) {
            let &AttributeVerdict::Known(schema) = verdict else { continue };
            if is_acceptable(&schema.kind, &attribute.value) {
                continue;
            }
            if is_templated(&attribute.value) || is_templated(attribute.raw_value) {
                continue;
            }
            let subject = Subject { attribute, schema, element: item.name };
            for issue in issues(&subject) {
                let message = match (&issue.item, &issue.reason) {
                    (Some(item), _) => format!(
                        "{} is not a valid item of {} for {}",
                        code(item),
                        code(attribute.name),
                        tag(subject.element)
                    ),
                    (None, Some(reason)) => format!("{}: {reason}", headline(&subject)),
                    (None, None) => headline(&subject),
                };
                let finding = emitter.emit(issue.span, message).help(issue.help);
                if let Some(error_code) = schema.error_code {
                    finding.code(tree.nested_code(index, error_code));
                }
            }
        }
    }
}

/// Checks whether [`issues`] finds nothing in `value` for an attribute of `kind`, without
/// building any issue. Almost every value passes, and this costs less.
fn is_acceptable(kind: &AttributeKind, value: &str) -> bool {
    match *kind {
        AttributeKind::Url(_)
        | AttributeKind::PhoneNumber
        | AttributeKind::CallerId
        | AttributeKind::Address
        | AttributeKind::Voice => true,
        AttributeKind::Method { post_only } => HttpMethod::from_twiml(value)
            .is_some_and(|method| method == HttpMethod::Post || !post_only),
        _ => kind.accepts(value),
    }
}

fn headline(subject: &Subject<'_, '_>) -> String {
    let value = &subject.attribute.value;
    if value.is_empty() {
        format!("{} for {} is empty", code(subject.attribute.name), tag(subject.element))
    } else {
        format!(
            "{} is not a valid {} for {}",
            code(&shorten(value, 40)),
            code(subject.attribute.name),
            tag(subject.element)
        )
    }
}

/// Collects the problems with the value, none when Twilio accepts it.
fn issues(subject: &Subject<'_, '_>) -> Vec<Issue> {
    let value: &str = &subject.attribute.value;
    let kind = subject.schema.kind;
    let whole = || {
        if value.is_empty() { subject.attribute.span } else { subject.attribute.value_span }
    };
    let single = |reason: Option<String>, help: String| {
        vec![Issue { span: whole(), reason, help, item: None }]
    };

    // Shapes other rules check: URLs, phone numbers and addresses, and voices.
    let checked_elsewhere = matches!(
        kind,
        AttributeKind::Url(_)
            | AttributeKind::PhoneNumber
            | AttributeKind::CallerId
            | AttributeKind::Address
            | AttributeKind::Voice
    );
    if checked_elsewhere {
        return Vec::new();
    }
    if let AttributeKind::Method { post_only } = kind {
        return method_issue(value, post_only)
            .map_or_else(Vec::new, |(reason, help)| single(Some(reason), help));
    }
    if kind.accepts(value) {
        return Vec::new();
    }
    let trimmed = crate::rule::trim(value);
    if trimmed != value && kind.accepts(trimmed) {
        return single(
            Some("it has spaces around it".to_owned()),
            format!("write {}", code(trimmed)),
        );
    }

    match kind {
        AttributeKind::Boolean => {
            single(Some("booleans are `true` or `false`".to_owned()), boolean_help(value))
        }
        AttributeKind::Integer { min, max } => {
            let (reason, help) = integer_issue(value, min, max);
            single(Some(reason), help)
        }
        AttributeKind::Decimal { min, max } => single(
            None,
            format!("write a number from {min} to {max}, with a `.` before any decimals"),
        ),
        AttributeKind::Enumeration(values) | AttributeKind::EnumerationAnyCase(values) => {
            single(None, enumeration_help(value, values, None))
        }
        AttributeKind::EnumerationOr(values, pattern) => {
            single(None, enumeration_help(value, values, Some(pattern)))
        }
        AttributeKind::Pattern(pattern) => match with_sign(value, pattern) {
            Some(signed) => single(None, format!("the sign is required: write {}", code(&signed))),
            None => single(None, format!("write {}", pattern_description(pattern))),
        },
        AttributeKind::List(values) => list_issues(subject, |token| {
            (!values.contains(&token)).then(|| enumeration_help(token, values, None))
        }),
        AttributeKind::IntegerList { min, max } => list_issues(subject, |token| {
            let in_range = token.parse::<i64>().is_ok_and(|n| n >= min && n <= max);
            (!in_range).then(|| format!("write whole numbers from {min} to {max}"))
        }),
        AttributeKind::CommaList { max_items, max_item_chars } => {
            comma_list_issue(value, max_items, max_item_chars)
                .map_or_else(Vec::new, |(reason, help)| single(Some(reason), help))
        }
        AttributeKind::Digits => single(
            digits_reason(value),
            "use the keys `0`-`9`, `A`-`D`, `#` and `*`, with `w` for a half-second pause and \
             `W` for a one-second pause"
                .to_owned(),
        ),
        AttributeKind::Keys { max_keys, allow_empty } => {
            let (reason, help) = keys_issue(value, max_keys, allow_empty);
            single(Some(reason), help)
        }
        AttributeKind::Sid(prefix) => single(
            Some(format!("a SID is {} followed by 32 hexadecimal digits", code(prefix))),
            if is_placeholder(value) {
                "replace the placeholder with a real SID from the Twilio Console".to_owned()
            } else {
                "copy the SID from the Twilio Console".to_owned()
            },
        ),
        AttributeKind::Language => single(
            Some("it is not a language tag".to_owned()),
            "write a tag such as `en-US`".to_owned(),
        ),
        AttributeKind::Text { max_chars: Some(max) } => single(
            Some(format!("it is {} characters long", value.chars().count())),
            format!("shorten it to at most {max} characters"),
        ),
        _ => Vec::new(),
    }
}

fn method_issue(value: &str, post_only: bool) -> Option<(String, String)> {
    let method = HttpMethod::from_twiml(value);
    match method {
        Some(HttpMethod::Post) => None,
        Some(HttpMethod::Get) if !post_only => None,
        Some(_) => Some((
            "Twilio requests this URL with `POST` only".to_owned(),
            "write `POST`".to_owned(),
        )),
        None => {
            let upper = value.to_ascii_uppercase();
            let valid_upper = HttpMethod::from_twiml(&upper)
                .is_some_and(|method| !post_only || method == HttpMethod::Post);
            if valid_upper {
                Some((
                    "HTTP methods are written in upper case".to_owned(),
                    format!("write {}", code(&upper)),
                ))
            } else if post_only {
                Some((
                    "Twilio requests this URL with `POST` only".to_owned(),
                    "write `POST`".to_owned(),
                ))
            } else {
                Some((
                    "Twilio requests URLs with `GET` or `POST` only".to_owned(),
                    "write `GET` or `POST`".to_owned(),
                ))
            }
        }
    }
}

fn boolean_help(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    match lower.as_str() {
        "true" | "false" => format!("values are case-sensitive: write {}", code(&lower)),
        "1" | "yes" | "on" => "write `true`".to_owned(),
        "0" | "no" | "off" => "write `false`".to_owned(),
        _ => "write `true` or `false`".to_owned(),
    }
}

fn integer_issue(value: &str, min: i64, max: Option<i64>) -> (String, String) {
    let range = match max {
        Some(max) => format!("use a whole number from {min} to {max}"),
        None => format!("use a whole number of at least {min}"),
    };
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let is_integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if !is_integer {
        return ("it is not a whole number".to_owned(), range);
    }
    // Digits only, so a parse failure means the value is too large for 64 bits.
    let Ok(number) = value.parse::<i64>() else {
        return ("it is too large".to_owned(), range);
    };
    if number < min {
        (format!("the minimum is {min}"), range)
    } else {
        let max = max.unwrap_or(i64::MAX);
        (format!("the maximum is {max}"), range)
    }
}

fn enumeration_help(value: &str, values: &[&str], pattern: Option<ValuePattern>) -> String {
    if let Some(signed) = pattern.and_then(|pattern| with_sign(value, pattern)) {
        return format!("the sign is required: write {}", code(&signed));
    }
    if let [only] = values
        && pattern.is_none()
    {
        return format!("write {}, the only value allowed here", code(only));
    }
    if let Some(same) = values.iter().find(|known| known.eq_ignore_ascii_case(value)) {
        return format!("values are case-sensitive: write {}", code(same));
    }
    if let Some(close) = tree::closest(value, values.iter().copied()) {
        return format!("did you mean {}?", code(close));
    }
    let choices = tree::list_or(values, 12, code);
    match pattern {
        Some(pattern) => format!("use {choices}, or {}", pattern_description(pattern)),
        None => format!("use {choices}"),
    }
}

/// `value` with a `+` in front, when that is what the signed `pattern` is missing.
fn with_sign(value: &str, pattern: ValuePattern) -> Option<String> {
    let signed = matches!(pattern, ValuePattern::Decibels | ValuePattern::SignedPercent);
    let candidate = format!("+{value}");
    (signed && !value.starts_with(['+', '-']) && pattern.matches(&candidate)).then_some(candidate)
}

fn pattern_description(pattern: ValuePattern) -> String {
    match pattern {
        ValuePattern::Decibels => "a signed number of decibels such as `+6dB` or `-3dB`".to_owned(),
        ValuePattern::Percent => "a percentage such as `120%`".to_owned(),
        ValuePattern::SignedPercent => "a signed percentage such as `+10%` or `-5%`".to_owned(),
        ValuePattern::Duration => "a duration such as `500ms` or `2s`".to_owned(),
        ValuePattern::Integer => "a whole number such as `3`".to_owned(),
        ValuePattern::Prefix(prefix) => format!("{} followed by a name", code(prefix)),
        _ => "a valid value".to_owned(),
    }
}

/// Builds one issue per bad item of a space-separated list, pointing at the item, or one for
/// the whole value when it is empty or separated by commas.
fn list_issues(
    subject: &Subject<'_, '_>,
    item_problem: impl Fn(&str) -> Option<String>,
) -> Vec<Issue> {
    let attribute = subject.attribute;
    let value: &str = &attribute.value;
    let whole = if value.is_empty() { attribute.span } else { attribute.value_span };
    if crate::rule::trim(value).is_empty() {
        return vec![Issue {
            span: whole,
            reason: None,
            help: "list at least one value, or remove the attribute".to_owned(),
            item: None,
        }];
    }
    let comma_separated = value.contains(',')
        && value
            .split([',', ' '])
            .filter(|token| !token.is_empty())
            .all(|token| item_problem(token).is_none());
    if comma_separated {
        return vec![Issue {
            span: whole,
            reason: Some("list items are separated by spaces, not commas".to_owned()),
            help: format!(
                "write {}",
                code(&value.split(',').map(str::trim).collect::<Vec<_>>().join(" "))
            ),
            item: None,
        }];
    }

    let mut issues = Vec::new();
    let mut search_from = 0;
    for token in value.split_ascii_whitespace() {
        let Some(help) = item_problem(token) else { continue };
        // The item is looked up in the raw value so that the span points at it. An item
        // written with an entity reference is not found there, so the whole value is shown.
        let span = match attribute.raw_value.get(search_from..).and_then(|rest| rest.find(token)) {
            Some(offset) => {
                let start = attribute.value_span.start + search_from + offset;
                search_from += offset + token.len();
                Span::new(start, start + token.len())
            }
            None => whole,
        };
        issues.push(Issue { span, reason: None, help, item: Some(token.to_owned()) });
    }
    issues
}

fn comma_list_issue(
    value: &str,
    max_items: Option<usize>,
    max_item_chars: Option<usize>,
) -> Option<(String, String)> {
    let items: Vec<&str> = value.split(',').map(str::trim).collect();
    if let Some(max) = max_items.filter(|max| items.len() > *max) {
        return Some((
            format!("it has {} entries, more than the maximum of {max}", items.len()),
            format!("keep at most {max} entries"),
        ));
    }
    let max = max_item_chars?;
    let long = items.iter().find(|item| item.chars().count() > max)?;
    Some((
        format!("the entry {} is longer than {max} characters", code(&shorten(long, 24))),
        format!("keep each entry to at most {max} characters"),
    ))
}

fn digits_reason(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    let bad = value.chars().find(|c| !"0123456789ABCDwW#*".contains(*c))?;
    if bad.is_whitespace() {
        return Some("a space is not a DTMF key".to_owned());
    }
    let hint = if "abcd".contains(bad) { ", and the keys `A`-`D` are upper case" } else { "" };
    Some(format!("{} is not a DTMF key{hint}", code(&bad.to_string())))
}

fn keys_issue(value: &str, max_keys: Option<usize>, allow_empty: bool) -> (String, String) {
    let keys = "use the keys `0`-`9`, `#` and `*`";
    if value.is_empty() {
        let help =
            if allow_empty { keys.to_owned() } else { format!("{keys}, or remove the attribute") };
        return ("at least one key is needed".to_owned(), help);
    }
    if let Some(bad) = value.chars().find(|c| !c.is_ascii_digit() && *c != '#' && *c != '*') {
        let reason = if bad.is_whitespace() {
            "a space is not a key".to_owned()
        } else {
            format!("{} is not a key", code(&bad.to_string()))
        };
        return (reason, keys.to_owned());
    }
    match max_keys {
        Some(1) => (
            "only one key is allowed".to_owned(),
            format!("keep one key, such as {}", code(value.get(..1).unwrap_or("#"))),
        ),
        Some(max) => {
            (format!("at most {max} keys are allowed"), format!("keep at most {max} keys"))
        }
        None => ("it is not a set of keys".to_owned(), keys.to_owned()),
    }
}

/// Checks whether `value` looks like a documentation placeholder, such as `WWXXXXXXXX…` or `WW...`.
fn is_placeholder(value: &str) -> bool {
    value.contains("XXXX") || value.contains("xxxx") || value.contains("...") || value.contains('…')
}

/// Returns the first `max` characters of `text`, with `…` when it was longer.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn integer_issue_names_the_bound() {
        assert_eq!(integer_issue("3", 5, Some(600)).0, "the minimum is 5");
        assert_eq!(integer_issue("601", 5, Some(600)).0, "the maximum is 600");
        assert_eq!(integer_issue("ten", 5, Some(600)).0, "it is not a whole number");
        assert_eq!(integer_issue("99999999999999999999", 0, None).0, "it is too large");
    }

    #[test]
    fn method_issue_suggests_upper_case() {
        assert_eq!(method_issue("GET", false), None);
        assert_eq!(
            method_issue("get", false).map(|(_, help)| help).as_deref(),
            Some("write `GET`")
        );
        assert_eq!(
            method_issue("GET", true).map(|(_, help)| help).as_deref(),
            Some("write `POST`")
        );
        assert!(method_issue("PUT", false).is_some());
    }
}
