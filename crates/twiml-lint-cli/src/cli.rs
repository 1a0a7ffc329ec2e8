//! Command-line arguments. Each subcommand's arguments live beside its code in `commands/`.

use clap::{Parser, Subcommand};

use crate::commands;

/// The help heading of the flags every subcommand takes. Without one, they would show under
/// the heading of the last group of flags before them, such as "Links".
const LOGGING: &str = "Logging";

/// Lint TwiML documents and check the links between them.
#[derive(Debug, Parser)]
#[command(name = "twiml-lint", version, about, args_conflicts_with_subcommands = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,

    #[command(flatten)]
    pub(crate) check: commands::check::CheckArgs,

    /// Log more about what the run does, to standard error: `-v` for decisions such as skipped
    /// files and retried requests, `-vv` for detail. `RUST_LOG` overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true, help_heading = LOGGING)]
    pub(crate) verbose: u8,

    /// Log only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = LOGGING)]
    pub(crate) quiet: bool,
}

/// Moves the logging flags written before a subcommand, as in `twiml-lint -v rules`, to just
/// after it. The top level also takes the arguments of `check`, so clap reads any argument
/// there, the global `-v` included, as the start of a `check` and then `rules` as a path.
pub(crate) fn global_flags_after_subcommand(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = args.into_iter().collect();
    let is_logging_flag = |arg: &std::ffi::OsString| {
        let arg = arg.to_string_lossy();
        matches!(arg.as_ref(), "--verbose" | "--quiet")
            || (arg.len() > 1
                && arg.starts_with('-')
                && !arg.starts_with("--")
                && arg[1..].chars().all(|flag| flag == 'v' || flag == 'q'))
    };
    let flags = args.iter().skip(1).take_while(|arg| is_logging_flag(arg)).count();
    let subcommand = args.get(1 + flags).and_then(|arg| arg.to_str()).is_some_and(|name| {
        use clap::CommandFactory as _;
        Cli::command().get_subcommands().any(|command| command.get_name() == name)
    });
    if flags > 0 && subcommand {
        args[1..=flags + 1].rotate_left(flags);
    }
    args
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Lint files and folders (the default when no subcommand is given).
    Check(commands::check::CheckArgs),
    /// Compute or verify the X-Twilio-Signature of a request.
    Sign(commands::sign::SignArgs),
    /// Serve a folder of TwiML Bins on loopback, validating signatures like Twilio's handler.
    Serve(commands::serve::ServeArgs),
    /// Rewrite TwiML files into the canonical layout, or check that they are in it.
    Fmt(commands::fmt::FmtArgs),
    /// List the lint rules.
    Rules(commands::rules::RulesArgs),
    /// Print the documentation page of a rule.
    Explain(commands::explain::ExplainArgs),
    /// Fetch one TwiML Bin with a signed request and print its TwiML and findings.
    Fetch(commands::fetch::FetchArgs),
    /// Print the call-flow graph of the documents under the given paths.
    Graph(commands::graph::GraphArgs),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(args: &[&str]) -> Vec<String> {
        global_flags_after_subcommand(args.iter().map(std::ffi::OsString::from))
            .into_iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn logging_flags_move_after_subcommand() {
        assert_eq!(moved(&["twiml-lint", "-v", "rules"]), ["twiml-lint", "rules", "-v"]);
        assert_eq!(
            moved(&["twiml-lint", "-vv", "--quiet", "fmt", "a.xml"]),
            ["twiml-lint", "fmt", "-vv", "--quiet", "a.xml"]
        );
    }

    #[test]
    fn paths_and_other_flags_stay_in_place() {
        assert_eq!(moved(&["twiml-lint", "-v", "bins"]), ["twiml-lint", "-v", "bins"]);
        assert_eq!(
            moved(&["twiml-lint", "--offline", "rules"]),
            ["twiml-lint", "--offline", "rules"]
        );
        assert_eq!(moved(&["twiml-lint", "rules", "-v"]), ["twiml-lint", "rules", "-v"]);
        assert_eq!(moved(&["twiml-lint"]), ["twiml-lint"]);
    }
}
