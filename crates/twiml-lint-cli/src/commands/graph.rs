//! Placeholder for the `graph` subcommand, replaced when it is built.

use std::process::ExitCode;

/// Arguments of the `graph` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct GraphArgs {}

pub(crate) fn run(_args: &GraphArgs) -> miette::Result<ExitCode> {
    Err(miette::miette!("the graph subcommand is not built yet"))
}
