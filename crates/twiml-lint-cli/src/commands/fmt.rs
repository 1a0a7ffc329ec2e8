//! Placeholder for the `fmt` subcommand, replaced when it is built.

use std::process::ExitCode;

/// Arguments of the `fmt` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct FmtArgs {}

pub(crate) fn run(_args: &FmtArgs) -> miette::Result<ExitCode> {
    Err(miette::miette!("the fmt subcommand is not built yet"))
}
