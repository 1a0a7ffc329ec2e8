//! The `serve` subcommand: serves a folder of TwiML Bins on loopback, checking `AccountSid` and
//! `X-Twilio-Signature` and rendering templates the way Twilio's bin handler does.
//!
//! Each `*.xml` and `*.twiml` file is served at `/twiml/<bin id>`. The id is the last path
//! segment of the file's deployed URL in the `[bins]` table of `twiml-lint.toml`
//! (`"menu.xml" = "https://handler.twilio.com/twiml/EH…"` serves `menu.xml` at
//! `/twiml/EH…`), else the file name without its extension. The base URL and the bins go to
//! standard output, the request log to standard error.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::{IntoDiagnostic, WrapErr, miette};
use twiml_serve::{Bin, ServeError, Server, ServerConfig};

use crate::config::Config;
use crate::credentials;
use crate::discover::{self, Filter, Input};

/// Arguments of the `serve` subcommand.
#[derive(Debug, clap::Args)]
#[command(after_help = "The auth token is read from --token-file FILE, else from the \
    TWILIO_AUTH_TOKEN environment variable, never from an argument; the account SID from \
    TWILIO_ACCOUNT_SID. Requests must carry that AccountSid and a valid X-Twilio-Signature, \
    as requests to Twilio's bins do; `twiml-lint sign --bin URL` builds one.\n\n\
    Ctrl-C stops the server.")]
pub(crate) struct ServeArgs {
    /// The folder of bins; its `*.xml` and `*.twiml` files and those of its subfolders are
    /// served.
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// The address and port to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:8080", value_parser = listen_address)]
    listen: SocketAddr,

    /// Allow a listen address other than loopback, which lets other machines reach the bins.
    #[arg(long)]
    allow_remote: bool,

    /// Read the auth token from FILE instead of `TWILIO_AUTH_TOKEN`; one trailing newline is
    /// removed.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,

    /// The config file to use instead of the `twiml-lint.toml` found in DIR or its parents.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub(crate) fn run(args: &ServeArgs) -> miette::Result<ExitCode> {
    init_request_log();
    if !args.allow_remote && !args.listen.ip().is_loopback() {
        return Err(miette!(
            help = "listen on 127.0.0.1 or [::1], or pass --allow-remote to let other machines \
                    reach the bins",
            "listen address {} is not a loopback address",
            args.listen
        ));
    }
    if !args.dir.is_dir() {
        return Err(miette!(
            help = "give the folder that contains the bins' *.xml and *.twiml files",
            "{} is not a folder",
            args.dir.display()
        ));
    }
    let credential = credentials::auth_token(args.token_file.as_deref())?;
    let account_sid = credentials::account_sid()?;

    // An absolute folder makes the config search and the `[bins]` paths independent of the
    // current folder.
    let dir = std::fs::canonicalize(&args.dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read folder {}", args.dir.display()))?;
    let bins = find_bins(&dir, args.config.as_deref())?;
    let mut config = ServerConfig::new(account_sid, credential.token).listen(args.listen);
    config.allow_remote = args.allow_remote;
    config.bins = bins.iter().map(|found| Bin::from_file(&found.id, &found.path)).collect();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .into_diagnostic()
        .wrap_err("failed to start the async runtime")?;
    runtime.block_on(serve(config, &bins, &dir))?;
    Ok(ExitCode::SUCCESS)
}

/// A file to serve and the id it is served under.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoundBin {
    id: String,
    path: PathBuf,
    /// Whether the id came from a deployed URL in the config rather than the file name.
    from_config: bool,
}

async fn serve(config: ServerConfig, bins: &[FoundBin], dir: &Path) -> miette::Result<()> {
    let server = Server::bind(config)
        .await
        .map_err(|error| miette!(help = start_help(&error), "{}", error_chain(&error)))?;
    print_banner(&server.base_url(), bins, dir)?;
    log::info!("press Ctrl-C to stop");
    server.run_until(shutdown_signal()).await;
    Ok(())
}

/// Prints the base URL and the bins, and flushes, so that a script reading standard output
/// gets them before the first request.
fn print_banner(base_url: &str, bins: &[FoundBin], dir: &Path) -> miette::Result<()> {
    let mut text = format!("base url: {base_url}\n");
    for bin in bins {
        let shown = bin.path.strip_prefix(dir).unwrap_or(&bin.path);
        let origin = if bin.from_config { " (id from [bins])" } else { "" };
        let _ = writeln!(text, "bin: {base_url}/twiml/{} -> {}{origin}", bin.id, shown.display());
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .into_diagnostic()
        .wrap_err("failed to write to standard output")
}

/// Completes on Ctrl-C, or on SIGTERM on Unix.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            log::error!("failed to wait for Ctrl-C, stopping: {error}");
        }
    };
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(terminate) => terminate,
                Err(error) => {
                    log::warn!("SIGTERM will not stop the server cleanly: {error}");
                    interrupt.await;
                    return;
                }
            };
        tokio::select! {
            () = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}

/// The request log goes to standard error at level `info` for the server, unless `RUST_LOG`
/// sets another level. A logger already installed by the binary is kept.
fn init_request_log() {
    let environment =
        env_logger::Env::default().default_filter_or("twiml_serve=info,twiml_lint=info");
    let _already_installed =
        env_logger::Builder::from_env(environment).target(env_logger::Target::Stderr).try_init();
}

/// Lists the files to serve with their ids, sorted by path.
fn find_bins(dir: &Path, config_file: Option<&Path>) -> miette::Result<Vec<FoundBin>> {
    let config = Config::load(config_file, dir)?;
    // `dir` is absolute, so the current folder is never used.
    let mut filter = Filter::new(config.extensions(), dir);
    config.exclude(&mut filter)?;
    let discovered = discover::discover(&[dir.to_path_buf()], &filter, None)?;
    for error in &discovered.unreadable {
        log::warn!("not serving the bins of a folder: {}", error.line());
    }
    let inputs = discovered.inputs;
    let configured = configured_ids(&config)?;

    let mut bins = Vec::new();
    let mut files_by_id: BTreeMap<String, PathBuf> = BTreeMap::new();
    for input in inputs {
        let Input::File(path) = input else { continue };
        let configured_id = canonical(&path).and_then(|key| configured.get(&key).cloned());
        let from_config = configured_id.is_some();
        let id = match configured_id {
            Some(id) => id,
            None => id_from_file_name(&path)?,
        };
        if let Some(other) = files_by_id.insert(id.clone(), path.clone()) {
            return Err(miette!(
                help = "give one of them its own deployed URL in the [bins] table of \
                        twiml-lint.toml, or rename it",
                "{} and {} would both be served as bin `{id}`",
                other.display(),
                path.display()
            ));
        }
        bins.push(FoundBin { id, path, from_config });
    }
    if bins.is_empty() {
        let extensions = config.extensions().join(", ");
        return Err(miette!(
            help =
                format!("put the bins there as files with one of these extensions: {extensions}"),
            "no bins found in {}",
            dir.display()
        ));
    }
    Ok(bins)
}

/// The `[bins]` table as canonical file path → bin id. Entries whose file does not exist are
/// skipped with a warning, because the table may describe bins outside DIR.
fn configured_ids(config: &Config) -> miette::Result<BTreeMap<PathBuf, String>> {
    let config_name =
        config.path.as_deref().map_or_else(String::new, |path| path.display().to_string());
    let mut ids = BTreeMap::new();
    for (file, url) in &config.file.bins {
        let Some(id) = id_from_url(url) else {
            return Err(miette!(
                help = "a bin's URL ends in its id, as in https://handler.twilio.com/twiml/EH…",
                "the [bins] entry for {file:?} in {config_name} has URL {url:?}, which does not end \
                 in a bin id"
            ));
        };
        match canonical(&config.root.join(file)) {
            Some(path) => {
                ids.insert(path, id);
            }
            None => log::warn!("the [bins] entry {file:?} in {config_name} names no file"),
        }
    }
    Ok(ids)
}

fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The last path segment of a deployed URL, without query or fragment.
fn id_from_url(url: &str) -> Option<String> {
    let without_fragment = url.split('#').next().unwrap_or(url);
    let without_query = without_fragment.split('?').next().unwrap_or(without_fragment);
    let (_, after_scheme) = without_query.split_once("://")?;
    let (_, path) = after_scheme.split_once('/')?;
    let id = path.trim_end_matches('/').rsplit('/').next()?;
    is_valid_id(id).then(|| id.to_owned())
}

fn id_from_file_name(path: &Path) -> miette::Result<String> {
    let stem = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default();
    if is_valid_id(stem) {
        return Ok(stem.to_owned());
    }
    Err(miette!(
        help = "rename the file to letters, digits, `-`, `_` and `.`, or map it to its deployed \
                URL in the [bins] table of twiml-lint.toml",
        "the name of {} cannot be used as a bin id in a URL",
        path.display()
    ))
}

/// Whether `id` is usable as one URL path segment without escaping, as `twiml_serve` requires.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
}

/// Suggests what to do about an error that kept the server from starting.
fn start_help(error: &ServeError) -> &'static str {
    match error {
        ServeError::Bind { source, .. } => match source.kind() {
            io::ErrorKind::AddrInUse => {
                "pick another port with --listen 127.0.0.1:PORT, or port 0 for a free one"
            }
            io::ErrorKind::PermissionDenied => {
                "ports below 1024 need extra privileges; pick a port of 1024 or above with \
                 --listen 127.0.0.1:PORT"
            }
            io::ErrorKind::AddrNotAvailable => {
                "listen on an address of this machine, such as --listen 127.0.0.1:8080"
            }
            _ => "check the --listen address, or pick another port with --listen 127.0.0.1:PORT",
        },
        ServeError::RemoteAddress { .. } => {
            "listen on 127.0.0.1 or [::1], or pass --allow-remote to let other machines reach \
             the bins"
        }
        ServeError::ReadBin { .. } => "check that the file still exists, then start serve again",
        ServeError::InvalidBinId { .. } | ServeError::DuplicateBinId { .. } => {
            "rename the file, or map it to its deployed URL in the [bins] table of \
             twiml-lint.toml"
        }
        _ => "check the folder of bins and the --listen address",
    }
}

/// The error and its causes on one line, such as "failed to listen on …: address in use".
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Parses `--listen`, with an example of the expected form when the value is not one.
fn listen_address(value: &str) -> Result<SocketAddr, String> {
    value.parse().map_err(|_| {
        format!(
            "`{value}` is not an address and port: write it as 127.0.0.1:8080, [::1]:8080, or \
             127.0.0.1:0 for a free port"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_from_url_takes_last_segment() {
        let url = "https://handler.twilio.com/twiml/EH00000000000000000000000000000000";
        assert_eq!(id_from_url(url).as_deref(), Some("EH00000000000000000000000000000000"));
        assert_eq!(id_from_url("https://example.com/twiml/menu/?a=1#x").as_deref(), Some("menu"));
        assert_eq!(id_from_url("http://127.0.0.1:8080/twiml/hello").as_deref(), Some("hello"));
    }

    #[test]
    fn id_from_url_rejects_urls_without_id() {
        assert_eq!(id_from_url("https://handler.twilio.com"), None);
        assert_eq!(id_from_url("https://handler.twilio.com/"), None);
        assert_eq!(id_from_url("handler.twilio.com/twiml/EH1"), None);
        assert_eq!(id_from_url("https://example.com/twiml/a%20b"), None);
    }

    #[test]
    fn start_help_matches_the_error() {
        let bind = |kind: io::ErrorKind| ServeError::Bind {
            address: SocketAddr::from(([127, 0, 0, 1], 80)),
            source: io::Error::from(kind),
        };
        let read_bin = ServeError::ReadBin {
            id: "bad".to_owned(),
            path: PathBuf::from("bins/bad.xml"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };

        assert!(start_help(&bind(io::ErrorKind::AddrInUse)).contains("pick another port"));
        assert!(start_help(&bind(io::ErrorKind::PermissionDenied)).contains("1024"));
        assert!(start_help(&bind(io::ErrorKind::AddrNotAvailable)).contains("this machine"));
        assert!(start_help(&read_bin).contains("the file"));
        assert!(!start_help(&read_bin).contains("--listen"));
    }

    #[test]
    fn id_from_file_name_drops_extension() {
        assert_eq!(
            id_from_file_name(Path::new("bins/forward-call.xml")).ok().as_deref(),
            Some("forward-call")
        );
        assert_eq!(id_from_file_name(Path::new("menu.v2.twiml")).ok().as_deref(), Some("menu.v2"));
        assert!(id_from_file_name(Path::new("my bin.xml")).is_err());
    }
}
