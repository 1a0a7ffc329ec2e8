//! Which hosts may be contacted, and which get signed requests.
//!
//! Twilio requests URLs from the public internet, so a URL whose host is private, loopback or
//! link-local can never work in a call. The checker refuses to contact such an address unless
//! the user allows the host by name (`--allow-host HOST[:PORT]`), both for literal IP
//! addresses in the URL and for names that resolve to one: [`PolicyResolver`] filters what DNS
//! returns before reqwest connects, so a redirect or a DNS answer cannot lead it to an
//! internal address either.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use url::{Host, Url};

/// A host, optionally with a port: `handler.twilio.com`, `127.0.0.1:8080`, `[::1]:9000`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostPattern {
    /// The host in lower case, IPv6 without brackets.
    host: String,
    /// The port; `None` matches every port.
    port: Option<u16>,
}

/// Why a `HOST[:PORT]` value is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid host {value:?}: {reason}")]
pub struct HostPatternError {
    /// The value as given.
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl FromStr for HostPattern {
    type Err = HostPatternError;

    fn from_str(value: &str) -> Result<HostPattern, HostPatternError> {
        let error = |reason| HostPatternError { value: value.to_owned(), reason };
        if value.is_empty() {
            return Err(error("it is empty; write HOST or HOST:PORT"));
        }
        if value.contains("://") || value.contains('/') {
            return Err(error(
                "write the host alone, such as example.com:8080, without scheme or path",
            ));
        }
        let (host, port) = if let Some(rest) = value.strip_prefix('[') {
            let Some((host, after)) = rest.split_once(']') else {
                return Err(error("the IPv6 address has no closing `]`"));
            };
            if host.parse::<Ipv6Addr>().is_err() {
                return Err(error("the host in brackets is not an IPv6 address"));
            }
            let port = match after {
                "" => None,
                _ => Some(
                    after.strip_prefix(':').ok_or_else(|| error("expected `:PORT` after `]`"))?,
                ),
            };
            (host, port)
        } else if value.matches(':').count() > 1 {
            // A bare IPv6 address, no port.
            (value, None)
        } else {
            match value.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (value, None),
            }
        };
        if host.is_empty() {
            return Err(error("the host is empty"));
        }
        check_host(host).map_err(error)?;
        let port = match port {
            None => None,
            Some(port) => Some(
                port.parse::<u16>()
                    .map_err(|_| error("the port is not a number from 0 to 65535"))?,
            ),
        };
        Ok(HostPattern { host: host.to_ascii_lowercase(), port })
    }
}

/// Checks that `host` is an IP address or a DNS name, and returns why it is not.
///
/// A name is labels of ASCII letters, digits, `-` and `_` separated by dots, as URL hosts are
/// after IDNA, so a pattern can match the host of a parsed URL. A name of digits and dots only
/// must be an IPv4 address in four parts: URL parsers read shorter forms such as `127.1` as
/// addresses too, so a pattern written that way would never match.
fn check_host(host: &str) -> Result<(), &'static str> {
    if host.contains(':') {
        return host
            .parse::<Ipv6Addr>()
            .map(|_| ())
            .map_err(|_| "the host contains `:` but is not an IPv6 address");
    }
    if host.contains('*') {
        return Err("wildcards are not supported; name each host");
    }
    if host.len() > 253 {
        return Err("the host is longer than the 253 characters of a DNS name");
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    let is_label_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    for label in name.split('.') {
        if label.is_empty() {
            return Err("the host has an empty label between dots");
        }
        if !label.chars().all(is_label_char) {
            return Err("the host has characters other than ASCII letters, digits, `-`, `_` \
                        and `.`; write a non-ASCII name in its xn-- form");
        }
        if label.len() > 63 {
            return Err("a label of the host is longer than the 63 characters DNS allows");
        }
    }
    let numeric = name.chars().all(|c| c.is_ascii_digit() || c == '.');
    if numeric && name.parse::<Ipv4Addr>().is_err() {
        return Err("the host looks like an IPv4 address but is not four numbers from 0 to 255");
    }
    Ok(())
}

impl fmt::Display for HostPattern {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host =
            if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match self.port {
            Some(port) => write!(formatter, "{host}:{port}"),
            None => formatter.write_str(&host),
        }
    }
}

impl HostPattern {
    /// Whether `host` at `port` matches. `host` is compared ignoring ASCII case, IPv6 without
    /// brackets.
    pub fn matches(&self, host: &str, port: u16) -> bool {
        self.host.eq_ignore_ascii_case(host) && self.port.is_none_or(|own| own == port)
    }
}

/// A list of hosts, such as the signing list or the allowed private hosts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostList {
    patterns: Vec<HostPattern>,
}

impl HostList {
    /// The default signing list: the host that serves TwiML Bins.
    pub fn default_signing() -> HostList {
        HostList {
            patterns: vec![HostPattern { host: crate::links::BIN_HOST.to_owned(), port: None }],
        }
    }

    /// Adds a host.
    pub fn push(&mut self, pattern: HostPattern) {
        if !self.patterns.contains(&pattern) {
            self.patterns.push(pattern);
        }
    }

    /// Whether `url`'s host and port match an entry.
    pub fn matches_url(&self, url: &Url) -> bool {
        let (Some(host), Some(port)) = (host_of(url), url.port_or_known_default()) else {
            return false;
        };
        self.patterns.iter().any(|pattern| pattern.matches(&host, port))
    }

    /// Whether the URL written as `url` (a fragment is ignored) has a host and port that match
    /// an entry; `false` when it does not parse.
    pub fn matches_url_text(&self, url: &str) -> bool {
        let bare = crate::links::overrides::strip_fragment(url);
        Url::parse(bare).is_ok_and(|parsed| self.matches_url(&parsed))
    }

    /// Whether some entry names `host`, at any port.
    pub fn names_host(&self, host: &str) -> bool {
        self.patterns.iter().any(|pattern| pattern.host.eq_ignore_ascii_case(host))
    }

    /// The entries.
    pub fn iter(&self) -> impl Iterator<Item = &HostPattern> {
        self.patterns.iter()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// The host of `url` as a string, IPv6 without brackets.
pub fn host_of(url: &Url) -> Option<Cow<'_, str>> {
    match url.host()? {
        // The URL serializes an IPv4 address as its `Display` does, and a special scheme's
        // domain in lower case, so both are borrowed.
        Host::Domain(domain) if !domain.bytes().any(|byte| byte.is_ascii_uppercase()) => {
            Some(Cow::Borrowed(domain))
        }
        Host::Domain(domain) => Some(Cow::Owned(domain.to_ascii_lowercase())),
        Host::Ipv4(_) => url.host_str().map(Cow::Borrowed),
        Host::Ipv6(ip) => Some(Cow::Owned(ip.to_string())),
    }
}

/// Why the checker will not contact an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The host is, or resolves to, an address Twilio cannot reach.
    #[error("{host} is {kind} address {address}, which Twilio cannot reach")]
    NonPublic {
        /// The host as written.
        host: String,
        /// The address it is or resolves to.
        address: IpAddr,
        /// What kind of address: "a private", "a loopback", …
        kind: &'static str,
    },
    /// The scheme is not `http` or `https`.
    #[error("the scheme `{scheme}` is not one Twilio requests over HTTP")]
    Scheme {
        /// The scheme as written.
        scheme: String,
    },
    /// The URL has no host.
    #[error("the URL has no host")]
    NoHost,
}

/// Classifies an address: `None` when it is public, else what kind of non-public address it
/// is, with a leading article for messages.
pub fn non_public_kind(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => v6_kind(v6),
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback")
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        Some("a private")
    } else if ip.is_link_local() {
        Some("a link-local")
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("a multicast or reserved")
    } else if (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
    {
        Some("a reserved")
    } else {
        None
    }
}

fn v6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_kind(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some("a loopback")
    } else if ip.is_unspecified() {
        Some("an unspecified")
    } else if first & 0xfe00 == 0xfc00 {
        Some("a private")
    } else if first & 0xffc0 == 0xfe80 {
        Some("a link-local")
    } else if first & 0xff00 == 0xff00 {
        Some("a multicast or reserved")
    } else if first == 0x2001 && ip.segments()[1] == 0x0db8 {
        Some("a reserved")
    } else if ip.segments()[..6] == [0, 0, 0, 0, 0, 0] {
        // IPv4-compatible addresses (::a.b.c.d) are deprecated and never routed.
        Some("a reserved")
    } else {
        None
    }
}

/// Checks what can be checked of `url` before any DNS lookup: the scheme, and a host that is
/// a literal address or `localhost`. Names are checked by [`PolicyResolver`] as they resolve.
pub fn precheck(url: &Url, allow: &HostList) -> Result<(), Refusal> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Refusal::Scheme { scheme: url.scheme().to_owned() });
    }
    if allow.matches_url(url) {
        return Ok(());
    }
    let Some(host) = url.host() else { return Err(Refusal::NoHost) };
    let address = match host {
        Host::Ipv4(ip) => IpAddr::V4(ip),
        Host::Ipv6(ip) => IpAddr::V6(ip),
        Host::Domain(domain) => {
            let domain = domain.trim_end_matches('.').to_ascii_lowercase();
            if domain == "localhost" || domain.ends_with(".localhost") {
                return Err(Refusal::NonPublic {
                    host: domain,
                    address: IpAddr::V4(Ipv4Addr::LOCALHOST),
                    kind: "a loopback",
                });
            }
            return Ok(());
        }
    };
    match non_public_kind(address) {
        Some(kind) => Err(Refusal::NonPublic { host: address.to_string(), address, kind }),
        None => Ok(()),
    }
}

/// Whether `url`'s host is a name that an allow-list entry names at another port only, so
/// that [`PolicyResolver`] will not filter it and the caller must resolve and check it first.
pub fn needs_own_lookup(url: &Url, allow: &HostList) -> bool {
    matches!(url.host(), Some(Host::Domain(domain)) if allow.names_host(domain))
        && !allow.matches_url(url)
}

/// Resolves `host` and refuses it when any address is not public.
pub async fn check_resolved(host: &str, port: u16) -> Result<(), ResolveFailure> {
    let addresses = lookup(host, port).await?;
    filter_addresses(host, addresses).map(|_| ())
}

/// A DNS answer the checker will not use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveFailure {
    /// The name did not resolve.
    #[error("the host name {host} does not resolve: {reason}")]
    NotFound {
        /// The name.
        host: String,
        /// The resolver's own words.
        reason: String,
    },
    /// Every address the name resolves to is refused.
    #[error(transparent)]
    Refused(Refusal),
}

async fn lookup(host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveFailure> {
    match tokio::net::lookup_host((host, port)).await {
        Ok(addresses) => Ok(addresses.collect()),
        Err(error) => {
            Err(ResolveFailure::NotFound { host: host.to_owned(), reason: error.to_string() })
        }
    }
}

/// Keeps the public addresses; fails naming the first refused one when none is left.
fn filter_addresses(
    host: &str,
    addresses: Vec<SocketAddr>,
) -> Result<Vec<SocketAddr>, ResolveFailure> {
    let mut refused = None;
    let public: Vec<SocketAddr> = addresses
        .into_iter()
        .filter(|address| match non_public_kind(address.ip()) {
            None => true,
            Some(kind) => {
                refused.get_or_insert((address.ip(), kind));
                false
            }
        })
        .collect();
    if let Some((address, kind)) = refused {
        // One refused address is enough: a name that resolves to a mix of public and private
        // addresses is a rebinding risk, and Twilio may get either.
        return Err(ResolveFailure::Refused(Refusal::NonPublic {
            host: host.to_owned(),
            address,
            kind,
        }));
    }
    if public.is_empty() {
        return Err(ResolveFailure::NotFound {
            host: host.to_owned(),
            reason: "no addresses".to_owned(),
        });
    }
    Ok(public)
}

/// A DNS resolver for reqwest that refuses non-public addresses, except for names on the
/// allow list.
#[derive(Debug, Clone)]
pub struct PolicyResolver {
    allowed_names: HashSet<String>,
}

impl PolicyResolver {
    /// A resolver that lets the names of `allow` resolve to any address.
    pub fn new(allow: &HostList) -> PolicyResolver {
        PolicyResolver { allowed_names: allow.iter().map(|pattern| pattern.host.clone()).collect() }
    }
}

impl reqwest::dns::Resolve for PolicyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let allowed = self.allowed_names.contains(&host);
        Box::pin(async move {
            let addresses = lookup(&host, 0).await?;
            let addresses = if allowed { addresses } else { filter_addresses(&host, addresses)? };
            let iterator: reqwest::dns::Addrs = Box::new(addresses.into_iter());
            Ok(iterator)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("valid test URL")
    }

    #[test]
    fn host_patterns_parse() {
        let cases = [
            ("handler.twilio.com", "handler.twilio.com"),
            ("127.0.0.1:8080", "127.0.0.1:8080"),
            ("[::1]:9000", "[::1]:9000"),
            ("::1", "[::1]"),
            ("Example.COM", "example.com"),
        ];
        for (input, shown) in cases {
            let pattern: HostPattern = input.parse().expect(input);
            assert_eq!(pattern.to_string(), shown, "{input}");
        }
        for bad in ["", "https://x.test", "x.test:port", "[::1", ":80"] {
            assert!(bad.parse::<HostPattern>().is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn host_patterns_name_hosts() {
        for good in ["localhost", "dev_box.internal", "bins.example.com.", "xn--bcher-kva.example"]
        {
            assert!(good.parse::<HostPattern>().is_ok(), "{good:?} should be accepted");
        }
        let cases = [
            ("*", "wildcards are not supported"),
            ("*.example.com", "wildcards are not supported"),
            ("a b", "ASCII letters, digits"),
            ("bücher.example", "ASCII letters, digits"),
            ("a..b", "empty label"),
            ("1.2.3", "not four numbers"),
            ("256.0.0.1:80", "not four numbers"),
            ("[nothex]:80", "not an IPv6 address"),
        ];
        for (bad, reason) in cases {
            let error = bad.parse::<HostPattern>().expect_err(bad);
            assert_eq!(error.value, bad);
            assert!(error.reason.contains(reason), "{bad:?}: {}", error.reason);
        }
    }

    #[test]
    fn patterns_match_port_when_given() {
        let pattern: HostPattern = "127.0.0.1:8080".parse().expect("valid");
        assert!(pattern.matches("127.0.0.1", 8080));
        assert!(!pattern.matches("127.0.0.1", 8081));
        let any_port: HostPattern = "example.com".parse().expect("valid");
        assert!(any_port.matches("EXAMPLE.com", 443));
    }

    #[test]
    fn non_public_addresses_classified() {
        let refused = [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "198.18.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
        ];
        for address in refused {
            let ip: IpAddr = address.parse().expect(address);
            assert!(non_public_kind(ip).is_some(), "{address} should be refused");
        }
        for address in ["8.8.8.8", "54.172.60.1", "2600:1f18::1", "::ffff:8.8.8.8"] {
            let ip: IpAddr = address.parse().expect(address);
            assert_eq!(non_public_kind(ip), None, "{address} should be public");
        }
    }

    #[test]
    fn precheck_refuses_literal_private_hosts() {
        let allow = HostList::default();
        let refusal = precheck(&url("http://169.254.169.254/latest"), &allow).expect_err("refused");
        assert_eq!(
            refusal.to_string(),
            "169.254.169.254 is a link-local address 169.254.169.254, which Twilio cannot reach"
        );
        assert!(precheck(&url("http://localhost:3000/"), &allow).is_err());
        assert!(precheck(&url("http://[::1]/"), &allow).is_err());
        assert!(precheck(&url("ftp://example.com/"), &allow).is_err());
        assert!(precheck(&url("https://example.com/"), &allow).is_ok());
    }

    #[test]
    fn precheck_allows_named_hosts() {
        let mut allow = HostList::default();
        allow.push("127.0.0.1:8080".parse().expect("valid"));
        assert!(precheck(&url("http://127.0.0.1:8080/x"), &allow).is_ok());
        assert!(precheck(&url("http://127.0.0.1:8081/x"), &allow).is_err());
    }

    #[test]
    fn own_lookup_needed_for_names_allowed_at_another_port() {
        let mut allow = HostList::default();
        allow.push("devbox:8080".parse().expect("valid"));
        assert!(!needs_own_lookup(&url("http://devbox:8080/"), &allow));
        assert!(needs_own_lookup(&url("http://devbox:9090/"), &allow));
        assert!(!needs_own_lookup(&url("http://other:9090/"), &allow));
    }

    #[test]
    fn filter_refuses_mixed_answers() {
        let addresses: Vec<SocketAddr> =
            vec!["8.8.8.8:0".parse().expect("valid"), "10.0.0.1:0".parse().expect("valid")];
        let failure = filter_addresses("mixed.test", addresses).expect_err("refused");
        assert!(matches!(failure, ResolveFailure::Refused(_)));
    }
}
