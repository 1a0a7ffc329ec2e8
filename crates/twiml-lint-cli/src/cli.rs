//! Command-line arguments. Each subcommand's arguments live beside its code in `commands/`.

use clap::{Parser, Subcommand};

use crate::commands;

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
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub(crate) verbose: u8,

    /// Log only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
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
