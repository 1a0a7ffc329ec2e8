//! One module per subcommand, and the dispatch between them.

pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod fetch;
pub(crate) mod fmt;
pub(crate) mod graph;
pub(crate) mod rules;
pub(crate) mod serve;
pub(crate) mod sign;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Exit status when the tool itself could not do its job: a bad argument, bad config or an
/// unreadable path.
pub(crate) const EXIT_TOOL_ERROR: u8 = 2;

/// Runs the subcommand the user asked for and turns its outcome into an exit status.
pub(crate) fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        None => check::run(&cli.check),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Sign(args)) => sign::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        Some(Command::Fmt(args)) => fmt::run(&args),
        Some(Command::Rules(args)) => rules::run(&args),
        Some(Command::Explain(args)) => explain::run(&args),
        Some(Command::Fetch(args)) => fetch::run(&args),
        Some(Command::Graph(args)) => graph::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(report) => {
            crate::stderr_line(&format!("{report:?}"));
            ExitCode::from(EXIT_TOOL_ERROR)
        }
    }
}
