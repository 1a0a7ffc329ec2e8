//! # private-url
//!
//! ## What it flags
//!
//! An absolute URL whose host Twilio cannot reach from the internet:
//!
//! - `localhost`, and names under `.localhost`, `.local`, `.internal` and `.home.arpa`;
//! - loopback, private, link-local and shared (carrier-grade NAT) IP addresses such as
//!   `127.0.0.1`, `10.0.0.5`, `192.168.1.20` or `[::1]`;
//! - host names of one label such as `http://myserver/voice`, which public DNS does not
//!   resolve.
//!
//! A URL whose host is a TwiML Bin template tag is not checked. In document and media URLs,
//! `localhost` and literal non-public addresses are left to the link check, which reports
//! them as `broken-link` even offline, so this rule reports them only in status callback and
//! WebSocket URLs, which the link check does not request.
//!
//! ## Why Twilio cares
//!
//! Twilio requests URLs from its own servers on the public internet, so a request to such a
//! host fails with 11200, "HTTP retrieval failure" (11205 or 11210 in detail), and the call
//! loses its next document, audio or callback. This usually means a document written for a
//! local test was deployed as it is.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Gather action="http://ivr.local/voice/menu" numDigits="1">
//!     <Say>Press 1 for sales.</Say>
//!   </Gather>
//!   <Dial recordingStatusCallback="http://localhost:3000/recordings">+14155550100</Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Use a relative URL, which Twilio resolves against the document's own public URL, or the
//! public host name. For local tests, expose the server through a tunnel and use its host:
//!
//! ```xml
//! <Response>
//!   <Gather action="/voice/menu" numDigits="1">
//!     <Say>Press 1 for sales.</Say>
//!   </Gather>
//!   <Dial recordingStatusCallback="https://ivr.example.com/recordings">+14155550100</Dial>
//! </Response>
//! ```

use std::net::{Ipv4Addr, Ipv6Addr};

use twiml::schema::UrlRole;

use super::invalid_url::{UrlValue, host_of, repeats_scheme, shown, split_scheme, url_values};
use crate::finding::Severity;
use crate::links::address::{self, HostList, Refusal};
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "private-url",
    group: Group::Semantics,
    default_severity: Severity::Warning,
    twilio_code: None,
    summary: "a URL points at localhost or a private address that Twilio cannot reach",
    check: Some(check),
};

/// Domain suffixes reserved for local networks.
const LOCAL_SUFFIXES: &[&str] = &[".localhost", ".local", ".internal", ".home.arpa"];

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    for url in url_values(context) {
        // A plain URL's host is a name, never an address, so only a local name can be private.
        if url.plain_host().is_some_and(|host| !is_local_name(host)) {
            continue;
        }
        let literal = url.literal();
        let Some((_, rest)) = split_scheme(literal) else { continue };
        let Some(after_slashes) = rest.strip_prefix("//") else { continue };
        // `http://https://…` is malformed, which `invalid-url` reports.
        if repeats_scheme(after_slashes) {
            continue;
        }
        let Some(host) = host_of(after_slashes, !url.is_templated()) else { continue };
        let Some(why) = why_private(host) else { continue };
        if reported_by_link_check(url) {
            continue;
        }
        let finding = emitter
            .emit(url.span, format!("`{}` in {} points at {why}", shown(&url.value), url.place()))
            .help(
                "use a relative URL or the server's public host name. To test locally, expose \
                 the server through a tunnel",
            );
        if url.info.role != UrlRole::WebSocket {
            finding.code(11200);
        }
    }
}

/// Checks whether the link check reports the host of `url` itself. The link check requests
/// document and media URLs, not callback and WebSocket URLs, and refuses `localhost` and
/// literal non-public addresses before any request.
fn reported_by_link_check(url: &UrlValue<'_, '_>) -> bool {
    let requested = !matches!(url.info.role, UrlRole::StatusCallback | UrlRole::WebSocket);
    if !requested || url.is_templated() {
        return false;
    }
    let Ok(parsed) = url::Url::parse(&url.value) else { return false };
    matches!(address::precheck(&parsed, &HostList::default()), Err(Refusal::NonPublic { .. }))
}

/// Checks whether the host name `host` is one that [`why_private`] describes: `localhost`, a
/// name under a local suffix, or a name without a domain.
fn is_local_name(host: &str) -> bool {
    let has_local_suffix = LOCAL_SUFFIXES.iter().any(|suffix| {
        host.len() >= suffix.len()
            && host.as_bytes()[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    });
    host.eq_ignore_ascii_case("localhost") || has_local_suffix || !host.contains('.')
}

/// Describes what `host` is and why Twilio cannot reach it, as the end of a message, or returns
/// `None` when it may be a public host.
fn why_private(host: &str) -> Option<String> {
    let lower = host.trim_end_matches('.').to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if lower == "localhost" {
        return Some("`localhost`, which Twilio cannot reach".to_owned());
    }
    if let Some(suffix) = LOCAL_SUFFIXES.iter().find(|suffix| lower.ends_with(**suffix)) {
        return Some(format!(
            "`{host}`, a name under `{suffix}`, which only a local network resolves"
        ));
    }
    if let Ok(address) = lower.parse::<Ipv4Addr>() {
        return private_v4(address)
            .then(|| format!("the private address `{address}`, which Twilio cannot reach"));
    }
    if let Ok(address) = lower.parse::<Ipv6Addr>() {
        return private_v6(address)
            .then(|| format!("the private address `{address}`, which Twilio cannot reach"));
    }
    // Digits and dots that parse as no address, such as `10.0.0.0.1`, are not judged.
    if lower.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if !lower.contains('.') {
        return Some(format!(
            "`{host}`, a host name without a domain, which public DNS cannot resolve"
        ));
    }
    None
}

fn private_v4(address: Ipv4Addr) -> bool {
    let [first, second, ..] = address.octets();
    let shared = first == 100 && (64..128).contains(&second);
    address.is_loopback()
        || address.is_private()
        || address.is_link_local()
        || address.is_unspecified()
        || shared
}

fn private_v6(address: Ipv6Addr) -> bool {
    let first = address.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00;
    let link_local = first & 0xffc0 == 0xfe80;
    if let Some(mapped) = address.to_ipv4_mapped() {
        return private_v4(mapped);
    }
    address.is_loopback() || address.is_unspecified() || unique_local || link_local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn private_hosts() {
        for host in [
            "localhost",
            "LOCALHOST",
            "api.localhost",
            "printer.local",
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.20",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.0.1",
            "myserver",
        ] {
            assert!(why_private(host).is_some(), "{host} should be private");
        }
    }

    #[test]
    fn public_hosts() {
        for host in ["example.com", "8.8.8.8", "172.32.0.1", "2001:db8::1", "handler.twilio.com"] {
            assert!(why_private(host).is_none(), "{host} should be public");
        }
    }
}
