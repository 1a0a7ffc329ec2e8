//! Twilio's connection overrides: a URL fragment such as `#ct=1000&rt=5000&rc=2` that changes
//! how Twilio requests that one URL.
//!
//! The keys and ranges are those of Twilio's "Webhooks (HTTP callbacks): Connection
//! Overrides" page (twilio.com/docs/usage/webhooks/webhooks-connection-overrides):
//!
//! | key | meaning | valid values | default |
//! | --- | --- | --- | --- |
//! | `ct` | TCP connect timeout, ms | 100–10000 | 5000 |
//! | `rt` | read timeout (first byte, and between packets), ms | 100–15000 | 15000 |
//! | `tt` | total time of all attempts, ms | 100–15000 | 15000 |
//! | `rc` | retry count | 0–5 | 1 |
//! | `rp` | retry policy, a comma-separated list | `4xx`, `5xx`, `ct`, `rt`, `all` | `ct` |
//! | `sni` | Server Name Indication | `y`, `n` | `y` |
//! | `e` | egress edges, a comma-separated list | Twilio's edge names | `ashburn` |
//!
//! The same page says that call-related requests have a hard upper limit of 15 s whatever the
//! fragment says, and that the fragment is not part of the signed URL.

use std::time::Duration;

use crate::links::Timeouts;

/// The edges Twilio names for `e`, public and Interconnect.
const EDGES: &[&str] = &[
    "ashburn",
    "dublin",
    "frankfurt",
    "sao-paulo",
    "singapore",
    "sydney",
    "tokyo",
    "umatilla",
    "ashburn-ix",
    "frankfurt-ix",
    "london-ix",
    "san-jose-ix",
    "singapore-ix",
];

/// The failure kinds `rp` retries on.
const RETRY_POLICIES: &[&str] = &["4xx", "5xx", "ct", "rt", "all"];

/// The hard upper limit Twilio puts on every call-related request.
pub const CALL_REQUEST_LIMIT: Duration = Duration::from_secs(15);

/// A numeric override key: its name, meaning, and valid range.
struct NumericKey {
    key: &'static str,
    meaning: &'static str,
    min: u32,
    max: u32,
}

const NUMERIC_KEYS: &[NumericKey] = &[
    NumericKey { key: "ct", meaning: "connect timeout in milliseconds", min: 100, max: 10_000 },
    NumericKey { key: "rt", meaning: "read timeout in milliseconds", min: 100, max: 15_000 },
    NumericKey { key: "tt", meaning: "total timeout in milliseconds", min: 100, max: 15_000 },
    NumericKey { key: "rc", meaning: "retry count", min: 0, max: 5 },
];

/// The overrides a fragment sets; `None` where it sets nothing valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionOverrides {
    /// `ct`: connect timeout in milliseconds.
    pub connect_ms: Option<u32>,
    /// `rt`: read timeout in milliseconds.
    pub read_ms: Option<u32>,
    /// `tt`: total timeout in milliseconds.
    pub total_ms: Option<u32>,
    /// `rc`: retry count.
    pub retry_count: Option<u32>,
    /// `rp`: the failure kinds retried.
    pub retry_policy: Option<Vec<String>>,
}

/// Something wrong in a connection-override fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideProblem {
    /// Byte range of the offending `key=value` pair inside the URL.
    pub range: std::ops::Range<usize>,
    /// A lowercase sentence naming the value.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

impl ConnectionOverrides {
    /// Whether the fragment set anything.
    pub fn is_empty(&self) -> bool {
        *self == ConnectionOverrides::default()
    }

    /// The budget of a request to this URL: `defaults` changed by the overrides, with the
    /// total capped at Twilio's limit for call-related requests.
    pub fn apply(&self, defaults: Timeouts) -> Timeouts {
        let millis = |value: u32| Duration::from_millis(u64::from(value));
        let mut timeouts = defaults;
        if let Some(connect) = self.connect_ms {
            timeouts.connect = millis(connect);
        }
        if let Some(read) = self.read_ms {
            timeouts.read = millis(read);
        }
        if let Some(total) = self.total_ms {
            timeouts.total = millis(total).min(CALL_REQUEST_LIMIT);
        }
        let retries_connect = self
            .retry_policy
            .as_ref()
            .is_none_or(|policy| policy.iter().any(|kind| kind == "ct" || kind == "all"));
        if let Some(count) = self.retry_count {
            timeouts.connect_attempts = if retries_connect { 1 + count } else { 1 };
        } else if !retries_connect {
            timeouts.connect_attempts = 1;
        }
        timeouts
    }
}

/// Finds the fragment of `url`: the text after the first `#`, with its offset.
pub fn fragment(url: &str) -> Option<(usize, &str)> {
    url.find('#').map(|at| (at + 1, &url[at + 1..]))
}

/// Parses the connection overrides in `url`'s fragment. A fragment with no `key=value` pair
/// is an ordinary fragment, not an override, and gives nothing.
pub fn parse(url: &str) -> (ConnectionOverrides, Vec<OverrideProblem>) {
    let mut overrides = ConnectionOverrides::default();
    let mut problems = Vec::new();
    let Some((offset, text)) = fragment(url) else { return (overrides, problems) };
    if !text.contains('=') {
        return (overrides, problems);
    }

    let mut position = offset;
    for pair in text.split('&') {
        let range = position..position + pair.len();
        position += pair.len() + 1;
        if pair.is_empty() {
            continue;
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        parse_pair(&mut overrides, &mut problems, key, value, range);
    }
    (overrides, problems)
}

fn parse_pair(
    overrides: &mut ConnectionOverrides,
    problems: &mut Vec<OverrideProblem>,
    key: &str,
    value: &str,
    range: std::ops::Range<usize>,
) {
    if let Some(numeric) = NUMERIC_KEYS.iter().find(|numeric| numeric.key == key) {
        match check_number(numeric, value) {
            Ok(number) => {
                let slot = match key {
                    "ct" => &mut overrides.connect_ms,
                    "rt" => &mut overrides.read_ms,
                    "tt" => &mut overrides.total_ms,
                    _ => &mut overrides.retry_count,
                };
                *slot = Some(number);
            }
            Err((message, help)) => problems.push(OverrideProblem { range, message, help }),
        }
        return;
    }
    match key {
        "rp" => match check_list(value, RETRY_POLICIES) {
            Ok(kinds) => overrides.retry_policy = Some(kinds),
            Err(bad) => problems.push(OverrideProblem {
                range,
                message: format!("`{bad}` is not a retry policy in the override `rp={value}`"),
                help: "`rp` takes a comma-separated list of `4xx`, `5xx`, `ct`, `rt` and `all`"
                    .to_owned(),
            }),
        },
        "e" => {
            if let Err(bad) = check_list(value, EDGES) {
                problems.push(OverrideProblem {
                    range,
                    message: format!("`{bad}` is not a Twilio edge in the override `e={value}`"),
                    help: format!("`e` takes a comma-separated list of {}", EDGES.join(", ")),
                });
            }
        }
        "sni" => {
            if value != "y" && value != "n" {
                problems.push(OverrideProblem {
                    range,
                    message: format!("`sni={value}` is not a valid override"),
                    help: "`sni` is `y` (the default) or `n`".to_owned(),
                });
            }
        }
        _ => problems.push(OverrideProblem {
            range,
            message: format!("`{key}` is not a connection-override key"),
            help: "the keys are `ct`, `rt`, `tt`, `rc`, `rp`, `sni` and `e`".to_owned(),
        }),
    }
}

fn check_number(numeric: &NumericKey, value: &str) -> Result<u32, (String, String)> {
    let NumericKey { key, meaning, min, max } = *numeric;
    let range_help = format!("`{key}` is the {meaning}, from {min} to {max}");
    let Ok(number) = value.parse::<u32>() else {
        return Err((format!("`{key}={value}` is not a whole number"), range_help));
    };
    if number < min || number > max {
        return Err((
            format!("`{key}={value}` is out of range: Twilio accepts {min} to {max}"),
            range_help,
        ));
    }
    Ok(number)
}

/// Checks a comma-separated list against `allowed`, returning the first value not in it.
fn check_list(value: &str, allowed: &[&str]) -> Result<Vec<String>, String> {
    let mut kinds = Vec::new();
    for item in value.split(',') {
        if !allowed.contains(&item) {
            return Err(item.to_owned());
        }
        kinds.push(item.to_owned());
    }
    Ok(kinds)
}

/// Removes the fragment from `url`: Twilio never sends it, and it is not signed.
pub fn strip_fragment(url: &str) -> &str {
    // `#` is one byte, so the byte search lands on a character boundary.
    memchr::memchr(b'#', url.as_bytes()).map_or(url, |at| &url[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_overrides_parse() {
        let (overrides, problems) = parse("https://example.com/a?x=1#ct=1000&rt=2000&tt=3000&rc=2");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(overrides.connect_ms, Some(1000));
        assert_eq!(overrides.read_ms, Some(2000));
        assert_eq!(overrides.total_ms, Some(3000));
        assert_eq!(overrides.retry_count, Some(2));
    }

    #[test]
    fn out_of_range_values_reported() {
        let url = "https://example.com/a#ct=50&rt=16000&rc=6&tt=0";
        let (overrides, problems) = parse(url);
        assert!(overrides.is_empty());
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`ct=50` is out of range: Twilio accepts 100 to 10000",
                "`rt=16000` is out of range: Twilio accepts 100 to 15000",
                "`rc=6` is out of range: Twilio accepts 0 to 5",
                "`tt=0` is out of range: Twilio accepts 100 to 15000",
            ]
        );
        assert_eq!(&url[problems[0].range.clone()], "ct=50");
        assert_eq!(&url[problems[3].range.clone()], "tt=0");
    }

    #[test]
    fn bad_keys_and_lists_reported() {
        let (_, problems) = parse("https://example.com/#ct=abc&rp=ct,5xx,6xx&e=mars&sni=yes&zz=1");
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`ct=abc` is not a whole number",
                "`6xx` is not a retry policy in the override `rp=ct,5xx,6xx`",
                "`mars` is not a Twilio edge in the override `e=mars`",
                "`sni=yes` is not a valid override",
                "`zz` is not a connection-override key",
            ]
        );
    }

    #[test]
    fn plain_fragment_ignored() {
        let (overrides, problems) = parse("https://example.com/page#section-2");
        assert!(overrides.is_empty());
        assert!(problems.is_empty());
    }

    #[test]
    fn apply_changes_the_budget() {
        let (overrides, _) = parse("https://example.com/#ct=1000&rc=3&tt=20000");
        let timeouts = overrides.apply(Timeouts::default());
        assert_eq!(timeouts.connect, Duration::from_secs(1));
        assert_eq!(timeouts.connect_attempts, 4);
        // 20000 is out of range, so the default total stays.
        assert_eq!(timeouts.total, Duration::from_secs(15));

        let (overrides, _) = parse("https://example.com/#rp=5xx&tt=800");
        let timeouts = overrides.apply(Timeouts::default());
        assert_eq!(timeouts.connect_attempts, 1);
        assert_eq!(timeouts.total, Duration::from_millis(800));
    }

    #[test]
    fn strip_fragment_keeps_the_query() {
        assert_eq!(strip_fragment("https://a.test/x?y=1#ct=100"), "https://a.test/x?y=1");
        assert_eq!(strip_fragment("https://a.test/x"), "https://a.test/x");
    }
}
