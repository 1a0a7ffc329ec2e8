//! Follow the URLs a TwiML document references, the way Twilio would request them.
//!
//! The steps, each in its own module:
//!
//! 1. [`reference`]: every URL a call or message would request, with its span, role and the
//!    HTTP method Twilio uses, including the implicit self-reference of `<Gather>`, `<Record>`
//!    and `<Pay>` without `action`.
//! 2. [`overrides`]: Twilio's connection-override fragment (`#ct=…&rt=…&tt=…&rc=…`), checked
//!    and turned into the time budget of the request.
//! 3. [`resolve`]: relative URLs against the document's URL, and deployed URLs back to the
//!    local files they come from (a `[bins]` table, a `base-url` for a folder), so that a
//!    reference to another bin in the repository needs no network.
//! 4. [`address`]: the hosts that may be contacted. Private, loopback and link-local
//!    addresses are refused unless allowed by name, also when a name resolves to one.
//! 5. [`fetch`]: bounded, deduplicated HTTP requests with Twilio's timeouts, retries on 429
//!    and 5xx, a body cap, hand-followed redirects, and `X-Twilio-Signature` for hosts on the
//!    signing list.
//! 6. [`cache`]: an optional on-disk cache of successful results.
//! 7. [`verdict`]: what a response means for the call: ok, broken, unauthorized, unverified,
//!    invalid target, slow or rate limited, with the Twilio error code.
//! 8. [`graph`]: documents and references as a call-flow graph, and the loops no caller input
//!    can leave.
//!
//! [`local`] runs the steps that one local document decides alone, on the thread that parsed
//! it; [`session`] runs the rest across documents: requests, followed documents and the
//! graph. [`check`] runs both over a set of local documents held in memory and returns
//! findings as data.
//!
//! ```
//! use twiml_lint::LintConfig;
//! use twiml_lint::links::{self, LinkOptions, LocalDocument};
//!
//! let documents = [
//!     LocalDocument::new("main.xml", "<Response><Redirect>menu.xml</Redirect></Response>"),
//!     LocalDocument::new("menu.xml", "<Response><Redirect>main.xml</Redirect></Response>"),
//! ];
//! let options = LinkOptions { offline: true, ..LinkOptions::default() };
//! let report = links::check_blocking(&documents, &options, &LintConfig::default())?;
//! assert_eq!(report.findings[0].finding.rule, "call-flow-loop");
//! # Ok::<(), twiml_lint::links::LinkError>(())
//! ```

pub mod address;
pub mod cache;
mod check;
pub mod fetch;
pub mod graph;
pub mod local;
pub mod overrides;
pub mod reference;
pub mod resolve;
pub mod session;
mod single;
pub mod verdict;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use check::{FileFinding, LinkReport, LinkStats, check, check_blocking};
pub use local::{FileLinks, Files, LinkContext, Suppressions, check_file, finish_findings};
pub use session::{Released, Session, SessionInput, SessionReport};
pub use single::{Fetched, fetch, fetch_blocking};

use address::HostList;

/// The host that serves TwiML Bins, on the signing list by default.
pub const BIN_HOST: &str = "handler.twilio.com";

/// The largest body Twilio accepts for a fetched TwiML document (11750). Twilio writes "64 kB"
/// without saying whether it means 64,000 or 65,536 bytes; 65,536 never flags a body Twilio
/// accepts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A local TwiML file to check the links of: its path as the user named it, and its text.
#[derive(Debug, Clone)]
pub struct LocalDocument {
    /// The path, relative to the working directory or absolute, as shown in findings.
    pub path: PathBuf,
    /// The decoded text the findings' spans point into.
    pub source: String,
}

impl LocalDocument {
    /// A document at `path` with text `source`.
    pub fn new(path: impl Into<PathBuf>, source: impl Into<String>) -> LocalDocument {
        LocalDocument { path: path.into(), source: source.into() }
    }
}

/// Twilio credentials for signing requests to hosts on the signing list.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The account whose token signs, sent as `AccountSid`.
    pub account_sid: twiml_signature::AccountSid,
    /// The auth token; it redacts itself in `Debug` and never leaves the signing code.
    pub token: twiml_signature::AuthToken,
}

/// The time budget of one request, as Twilio spends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timeouts {
    /// How long one TCP connect (and TLS handshake) attempt may take. Twilio: 5 s.
    pub connect: Duration,
    /// How many connect attempts are made before the request fails. Twilio: 2 (one retry).
    pub connect_attempts: u32,
    /// How long to wait for the first response byte, and between later ones. Twilio: 15 s.
    pub read: Duration,
    /// The whole request, retries included. Twilio: 15 s.
    pub total: Duration,
}

impl Default for Timeouts {
    /// Twilio's defaults: two 5 s connect attempts, 15 s read and total. These are the
    /// defaults of the connection-override fragment (`ct=5000`, `rc=1`, `rp=ct`, `rt=15000`,
    /// `tt=15000`) in Twilio's "Webhooks connection overrides" page.
    fn default() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(5),
            connect_attempts: 2,
            read: Duration::from_secs(15),
            total: Duration::from_secs(15),
        }
    }
}

/// How the checker retries answers that may succeed later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after a 429, a 5xx or a failed connection, on top of the first request.
    pub max_retries: u32,
    /// The wait before the first retry; it doubles for each later one.
    pub backoff: Duration,
    /// The longest `Retry-After` honored; a longer one is cut to this.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            backoff: Duration::from_millis(250),
            max_retry_after: Duration::from_secs(5),
        }
    }
}

/// Where successful results are kept between runs.
#[derive(Debug, Clone)]
pub struct CacheOptions {
    /// The cache file.
    pub path: PathBuf,
    /// How long an entry stays valid.
    pub ttl: Duration,
}

impl LinkOptions {
    /// Opens the cache the options name, without reading its entries yet; `None` when there
    /// is none or links are checked offline. A file at the cache's path that is not a cache is
    /// an error, so that saving the cache never replaces it.
    pub fn open_cache(&self) -> Result<Option<cache::Cache>, LinkError> {
        let Some(options) = self.cache.as_ref() else { return Ok(None) };
        // Offline, the cache is neither read nor written, but a path that names another file
        // is still a mistake worth stopping for.
        let cache = cache::Cache::open(&options.path, options.ttl)?;
        Ok((!self.offline).then_some(cache))
    }
}

/// Receives progress while links are checked, for a progress bar.
pub trait Progress: Send + Sync {
    /// The number of requests known so far grew to `total`.
    fn set_total(&self, total: u64);
    /// One more request finished, fetched or taken from the cache.
    fn advance(&self);
    /// The link check is over.
    fn finish(&self);
}

/// Everything that decides which links are checked and how.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Check only local references and report the rest as unverified, with no network.
    pub offline: bool,
    /// Hosts whose requests carry `AccountSid` and `X-Twilio-Signature`.
    pub sign_hosts: HostList,
    /// Hosts that may be contacted although they are private, loopback or link-local.
    pub allow_hosts: HostList,
    /// Credentials for the signing list; without them, links to those hosts are unverified.
    pub credentials: Option<Credentials>,
    /// The budget of each request when its URL has no connection-override fragment.
    pub timeouts: Timeouts,
    /// How long past Twilio's budget the checker keeps waiting, to tell a slow answer
    /// (Twilio gives up, the server answers later) from none at all.
    pub slow_grace: Duration,
    /// Retries of 429, 5xx and failed connections.
    pub retry: RetryPolicy,
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    /// Requests in flight at once to one host and port.
    pub max_per_host: usize,
    /// How many fetched documents deep references are followed from a local file.
    pub max_depth: usize,
    /// Request status callbacks too, instead of checking their shape only.
    pub check_callbacks: bool,
    /// Send hosts off the signing list the method Twilio would use (often POST) and the
    /// parameters, instead of a plain GET.
    pub replay_method: bool,
    /// Extra parameters sent with every request: in the query of a GET, in the form body of a
    /// POST. Bins use them to fill `{{Name}}` template fields.
    pub params: Vec<(String, String)>,
    /// Deployed URLs of local files.
    pub bins: resolve::BinMap,
    /// The on-disk cache, if any.
    pub cache: Option<CacheOptions>,
    /// The longest the whole link check may take; links not done by then are unverified.
    pub run_timeout: Duration,
    /// Progress reports, if a caller shows them.
    pub progress: Option<Arc<dyn Progress>>,
}

impl std::fmt::Debug for dyn Progress {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Progress")
    }
}

impl Default for LinkOptions {
    fn default() -> LinkOptions {
        LinkOptions {
            offline: false,
            sign_hosts: HostList::default_signing(),
            allow_hosts: HostList::default(),
            credentials: None,
            timeouts: Timeouts::default(),
            slow_grace: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            max_concurrency: 64,
            max_per_host: 8,
            max_depth: 5,
            check_callbacks: false,
            replay_method: false,
            params: Vec::new(),
            bins: resolve::BinMap::default(),
            cache: None,
            run_timeout: Duration::from_secs(600),
            progress: None,
        }
    }
}

/// A failure that stops the link check as a whole, as opposed to a broken link, which is a
/// finding.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum LinkError {
    /// The HTTP client could not be built, for example because no TLS backend is usable.
    #[error("cannot set up the HTTP client: {message}")]
    #[diagnostic(help("run with --offline to check local references only"))]
    Client {
        /// What failed.
        message: String,
    },
    /// A URL given to fetch is not an absolute http or https URL.
    #[error("invalid URL {url:?}: {reason}")]
    #[diagnostic(help(
        "give the full URL, such as https://handler.twilio.com/twiml/EH…, quoted so that the shell keeps `?` and `&`"
    ))]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The async runtime could not be started.
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The cache path names a file that is not a link cache, which saving the cache would
    /// replace.
    #[error("{} exists and is not a twiml-lint link cache", path.display())]
    #[diagnostic(help(
        "saving the cache replaces its file: give the cache a new file name, or delete this file if you no longer need it"
    ))]
    NotACache {
        /// The cache path as given.
        path: PathBuf,
    },
    /// The cache path names a file that cannot be read, so whether saving the cache may
    /// replace it is not known.
    #[error("cannot read the link cache {}: {reason}", path.display())]
    #[diagnostic(help(
        "saving the cache replaces its file, so it must be a file you can read: fix its permissions, or give the cache a new file name"
    ))]
    CacheUnreadable {
        /// The cache path as given.
        path: PathBuf,
        /// The error from reading it.
        reason: String,
    },
}

/// Shows a path the way findings name files: with `/` separators.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Shows a resolved path of a file outside the run, relative to the current folder when it is
/// inside it, as the paths of the run's own files are shown.
pub(crate) fn display_outside_path(path: &Path) -> String {
    let current = std::env::current_dir().ok().map(|folder| resolve::normalize(&folder));
    let relative = current.as_deref().and_then(|folder| path.strip_prefix(folder).ok());
    display_path(relative.unwrap_or(path))
}
