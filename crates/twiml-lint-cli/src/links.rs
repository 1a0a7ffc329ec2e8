//! The link-check flags shared by `check`, `fetch` and `graph`, turned into the library's
//! [`LinkOptions`], and the progress bar shown while links are checked.
//!
//! Credentials are optional here: without `--token-file` or a `TWILIO_AUTH_TOKEN` that is set
//! and not empty, links to hosts on the signing list are reported as unverified instead of
//! failing the run. A token
//! without a valid `TWILIO_ACCOUNT_SID`, or a token that cannot be read, is an error, because
//! every signed request would then be refused.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use miette::miette;
use twiml_lint::LintConfig;
use twiml_lint::links::address::{HostList, HostPattern, HostPatternError};
use twiml_lint::links::resolve::BinMap;
use twiml_lint::links::{
    CacheOptions, Credentials, LinkOptions, LinkReport, LinkStats, LocalDocument, Progress,
    check_blocking,
};

use crate::config::Config;
use crate::credentials;
use crate::discover::Input;
use crate::output::plural;

/// The default time to live of a cache entry: one day.
const DEFAULT_CACHE_TTL_SECONDS: u64 = 86_400;

/// The maximum timeout a flag accepts, in seconds.
const MAX_TIMEOUT_SECONDS: f64 = 3_600.0;

/// Flags of the link check.
#[derive(Debug, Default, Clone, clap::Args)]
#[command(next_help_heading = "Links")]
pub(crate) struct LinkArgs {
    /// Sign requests to HOST (optionally at PORT) as Twilio signs them, in addition to
    /// handler.twilio.com and the config's `sign-hosts`; may be repeated.
    #[arg(long = "sign-host", value_name = "HOST[:PORT]")]
    pub(crate) sign_hosts: Vec<String>,

    /// Allow requests to HOST (optionally at PORT) although it is, or resolves to, a private,
    /// loopback or link-local address; may be repeated.
    #[arg(long = "allow-host", value_name = "HOST[:PORT]")]
    pub(crate) allow_hosts: Vec<String>,

    /// Read the auth token from FILE instead of `TWILIO_AUTH_TOKEN`; one trailing newline is
    /// removed.
    #[arg(long, value_name = "FILE")]
    pub(crate) token_file: Option<PathBuf>,

    /// Request status callbacks too (with Twilio's method when replaying), instead of checking
    /// their shape only.
    #[arg(long)]
    pub(crate) check_callbacks: bool,

    /// Send hosts off the signing list Twilio's method and parameters instead of a plain GET.
    #[arg(long)]
    pub(crate) replay_method: bool,

    /// Keep successful results in FILE and reuse them in later runs.
    #[arg(long, value_name = "FILE")]
    pub(crate) cache: Option<PathBuf>,

    /// How long a cached result stays valid, in seconds [default: 86400].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) cache_ttl: Option<u64>,

    /// Time allowed for one TCP connect attempt, in seconds; Twilio makes two [default: 5].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) connect_timeout: Option<f64>,

    /// Time allowed until the first byte of the answer, and between later bytes, in seconds
    /// [default: 15].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) read_timeout: Option<f64>,

    /// Time allowed for a whole request, in seconds [default: 15].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) total_timeout: Option<f64>,

    /// Time waited past the timeouts to tell a slow answer from none, in seconds [default: 5].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) slow_grace: Option<f64>,

    /// Requests in flight at once over all hosts, from 1 to 1024 [default: 64].
    #[arg(long, value_name = "N", value_parser = request_limit())]
    pub(crate) max_concurrency: Option<usize>,

    /// Requests in flight at once to one host and port, from 1 to 1024 [default: 8].
    #[arg(long, value_name = "N", value_parser = request_limit())]
    pub(crate) max_per_host: Option<usize>,

    /// How many fetched documents deep references are followed [default: 5].
    #[arg(long, value_name = "N")]
    pub(crate) max_depth: Option<usize>,

    /// Time allowed for the whole link check, in seconds; links not checked by then are
    /// reported as unverified [default: 600].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) links_timeout: Option<f64>,

    /// Never show the progress bar, even on a terminal.
    #[arg(long)]
    pub(crate) no_progress: bool,
}

/// The largest value `--max-concurrency` and `--max-per-host` accept. Each request in flight
/// keeps a socket open, and 1024 is the usual default limit of open files of a process on Linux,
/// so a larger limit on requests would only trade waiting for failed connections.
const MAX_REQUESTS_IN_FLIGHT: u64 = 1024;

/// Parses a limit on requests in flight, from 1 to [`MAX_REQUESTS_IN_FLIGHT`].
fn request_limit() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=MAX_REQUESTS_IN_FLIGHT)
}

/// Builds the link options from the flags and the config.
pub(crate) fn options(
    args: &LinkArgs,
    config: &Config,
    offline: bool,
) -> miette::Result<LinkOptions> {
    let mut options = LinkOptions { offline, ..LinkOptions::default() };
    for host in &config.file.links.sign_hosts {
        options.sign_hosts.push(host_pattern(host, &HostOrigin::Config(config, "sign-hosts"))?);
    }
    for host in &args.sign_hosts {
        options.sign_hosts.push(host_pattern(host, &HostOrigin::Flag("--sign-host"))?);
    }
    options.allow_hosts = HostList::default();
    for host in &config.file.links.allow_hosts {
        options.allow_hosts.push(host_pattern(host, &HostOrigin::Config(config, "allow-hosts"))?);
    }
    for host in &args.allow_hosts {
        options.allow_hosts.push(host_pattern(host, &HostOrigin::Flag("--allow-host"))?);
    }
    options.bins = bin_map(config)?;
    options.replay_method = args.replay_method || config.file.links.replay_method;
    options.check_callbacks = args.check_callbacks;

    let defaults = options.timeouts;
    options.timeouts.connect =
        seconds(args.connect_timeout, "--connect-timeout")?.unwrap_or(defaults.connect);
    options.timeouts.read = seconds(args.read_timeout, "--read-timeout")?.unwrap_or(defaults.read);
    options.timeouts.total =
        seconds(args.total_timeout, "--total-timeout")?.unwrap_or(defaults.total);
    options.slow_grace = seconds(args.slow_grace, "--slow-grace")?.unwrap_or(options.slow_grace);
    options.run_timeout =
        seconds(args.links_timeout, "--links-timeout")?.unwrap_or(options.run_timeout);
    options.max_concurrency = args.max_concurrency.unwrap_or(options.max_concurrency);
    options.max_per_host = args.max_per_host.unwrap_or(options.max_per_host);
    options.max_depth = count(args.max_depth, "--max-depth")?.unwrap_or(options.max_depth);

    if let Some(path) = &args.cache {
        if path.is_dir() {
            return Err(miette!(
                help = format!(
                    "give the path of a file in it, such as {}",
                    path.join("links-cache").display()
                ),
                "--cache {} is a folder, and the cache is one file",
                path.display()
            ));
        }
        let ttl = Duration::from_secs(args.cache_ttl.unwrap_or(DEFAULT_CACHE_TTL_SECONDS));
        options.cache = Some(CacheOptions { path: path.clone(), ttl });
    }
    if !offline {
        options.credentials = optional_credentials(args.token_file.as_deref())?;
    }
    if !args.no_progress && std::io::stderr().is_terminal() {
        options.progress = Some(Arc::new(ProgressBar::new()));
    }
    Ok(options)
}

/// The place a `HOST[:PORT]` value was written, for the error about an invalid one.
enum HostOrigin<'a> {
    /// A command-line flag, such as `--allow-host`.
    Flag(&'static str),
    /// A key of the `[links]` table of the config file, such as `allow-hosts`.
    Config(&'a Config, &'static str),
}

fn host_pattern(value: &str, origin: &HostOrigin<'_>) -> miette::Result<HostPattern> {
    value.parse().map_err(|error: HostPatternError| {
        let HostPatternError { value, reason } = error;
        match origin {
            HostOrigin::Flag(flag) => miette!(
                help = format!("write {flag} as HOST or HOST:PORT, such as 127.0.0.1:8080"),
                "invalid {flag} value {value:?}: {reason}"
            ),
            HostOrigin::Config(config, key) => miette!(
                help = format!(
                    "write each entry of `{key}` as \"HOST\" or \"HOST:PORT\", such as \
                     \"127.0.0.1:8080\""
                ),
                "invalid host {value:?} in the `{key}` list of [links] in {}: {reason}",
                config.shown_path()
            ),
        }
    })
}

fn seconds(value: Option<f64>, flag: &str) -> miette::Result<Option<Duration>> {
    let Some(value) = value else { return Ok(None) };
    if !value.is_finite() || value <= 0.0 || value > MAX_TIMEOUT_SECONDS {
        return Err(miette!(
            help = "give a number of seconds above 0 and at most 3600, such as 0.5 or 15",
            "invalid {flag} {value}"
        ));
    }
    Ok(Some(Duration::from_secs_f64(value)))
}

fn count(value: Option<usize>, flag: &str) -> miette::Result<Option<usize>> {
    match value {
        Some(0) => Err(miette!(help = "give a number of 1 or more", "invalid {flag} 0")),
        other => Ok(other),
    }
}

/// The deployed URLs of local files: `[bins]` entries and `[links] base-url`, both relative to
/// the config file's folder.
fn bin_map(config: &Config) -> miette::Result<BinMap> {
    let mut map = BinMap::default();
    let shown = config.shown_path();
    for (file, url) in &config.file.bins {
        let path = config.root.join(file);
        if !path.is_file() {
            // A stale entry is no reason to stop a run, but it maps a URL to nothing.
            crate::stderr_line(&format!(
                "warning: the [bins] table of {shown} maps {file:?}, which is not a file \
                     (looked for {}); fix the path or remove the entry",
                path.display()
            ));
        }
        map.add_file(&path, url).map_err(|error| {
            miette!(
                help = "each `[bins]` entry maps a file to its full URL, such as \
                        \"menu.xml\" = \"https://handler.twilio.com/twiml/EH…\"",
                "for {file:?} in the [bins] table of {shown}: {error}"
            )
        })?;
    }
    if let Some(base) = &config.file.links.base_url {
        map.add_base(&config.root, base).map_err(|error| {
            miette!(
                help = "base-url is the URL the config file's folder is deployed at, such as \
                        \"https://example.com/twiml/\"",
                "in the [links] table of {shown}: {error}"
            )
        })?;
    }
    Ok(map)
}

/// The credentials, when a token is given; `None` when none is.
pub(crate) fn optional_credentials(
    token_file: Option<&Path>,
) -> miette::Result<Option<Credentials>> {
    if !credentials::token_given(token_file) {
        log::debug!("no auth token given, so links to hosts on the signing list are not requested");
        return Ok(None);
    }
    let credential = credentials::auth_token(token_file)?;
    let account_sid = credentials::account_sid()?;
    Ok(Some(Credentials { account_sid, token: credential.token }))
}

/// Reads and decodes the inputs that can be read, with the input index of each document.
pub(crate) fn read_documents(
    inputs: &[Input],
    stdin: Option<&[u8]>,
    stdin_name: &str,
) -> (Vec<LocalDocument>, Vec<usize>) {
    let mut documents = Vec::new();
    let mut input_of = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let (path, bytes) = match input {
            Input::Stdin => (PathBuf::from(stdin_name), stdin.unwrap_or_default().to_vec()),
            Input::File(path) => match std::fs::read(path) {
                Ok(bytes) => (path.clone(), bytes),
                Err(error) => {
                    log::debug!("not checking the links of {}: {error}", path.display());
                    continue;
                }
            },
        };
        let (source, _) = twiml::decode(&bytes);
        documents.push(LocalDocument::new(path, source.into_owned()));
        input_of.push(index);
    }
    (documents, input_of)
}

/// Runs the link check and prints its warnings to standard error.
pub(crate) fn run(
    documents: &[LocalDocument],
    options: &LinkOptions,
    lint_config: &LintConfig,
) -> miette::Result<LinkReport> {
    let report = check_blocking(documents, options, lint_config)?;
    for warning in &report.warnings {
        crate::stderr_line(&format!("warning: {warning}"));
    }
    for failure in &report.failures {
        crate::stderr_line(&format!("error: {failure}"));
    }
    log::info!("{}", stats_line(&report.stats));
    Ok(report)
}

/// Writes the counts of a link check for the log: `links: 3 references, 1 request, …`.
pub(crate) fn stats_line(stats: &LinkStats) -> String {
    format!(
        "links: {}, {}, {} fetched, {} from the cache, {} local",
        plural(stats.references, "reference"),
        plural(stats.requests, "request"),
        stats.fetched,
        stats.cached,
        stats.local,
    )
}

/// A progress bar on standard error.
#[derive(Debug)]
struct ProgressBar {
    bar: indicatif::ProgressBar,
}

impl ProgressBar {
    fn new() -> ProgressBar {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} checking links {pos}/{len} {wide_bar} {elapsed}",
        ) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        ProgressBar { bar }
    }
}

impl Progress for ProgressBar {
    fn set_total(&self, total: u64) {
        self.bar.set_length(total);
    }

    fn advance(&self) {
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
