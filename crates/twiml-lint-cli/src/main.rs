//! The `twiml-lint` command: lints TwiML documents, follows the URLs they reference, serves and
//! signs TwiML Bins, and formats files. Only this crate prints; the libraries return values.

mod cli;
mod commands;
mod config;
mod credentials;
mod discover;
mod links;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// A run allocates many small values on several threads at once: a document tree per file,
/// findings, link requests. Some are freed on another thread than the one that made them.
/// mimalloc's per-thread heaps handle both with less locking than the system allocator, which
/// took a third of the CPU time of a run with a warm link cache.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_from(cli::global_flags_after_subcommand(std::env::args_os()));
    // `serve` installs its own logger, because its request log is its output.
    if !matches!(cli.command, Some(cli::Command::Serve(_))) {
        init_logger(cli.verbose, cli.quiet);
    }
    commands::run(cli)
}

/// Writes `text` and a line end to standard error. A closed standard error, as when it is
/// piped to `head`, loses the text but does not stop the run, so its exit status still reports
/// what it found. `eprintln!` would panic instead. Messages quote names and text from files,
/// so control characters are replaced, as in the output.
pub(crate) fn stderr_line(text: &str) {
    use std::io::Write as _;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", output::terminal_safe(text));
}

/// Sends log records to standard error at the level `-v` and `-q` choose, unless `RUST_LOG`
/// says otherwise.
fn init_logger(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let environment = env_logger::Env::default().default_filter_or(level);
    let _ = env_logger::Builder::from_env(environment)
        .target(env_logger::Target::Stderr)
        .format_timestamp(None)
        .try_init();
}
