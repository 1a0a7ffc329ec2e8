//! Placeholder for the `serve` subcommand, replaced when it is built.

use std::process::ExitCode;

/// Arguments of the `serve` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct ServeArgs {}

pub(crate) fn run(_args: &ServeArgs) -> miette::Result<ExitCode> {
    Err(miette::miette!("the serve subcommand is not built yet"))
}
