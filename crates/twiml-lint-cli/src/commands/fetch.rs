//! Placeholder for the `fetch` subcommand, replaced when it is built.

use std::process::ExitCode;

/// Arguments of the `fetch` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct FetchArgs {}

pub(crate) fn run(_args: &FetchArgs) -> miette::Result<ExitCode> {
    Err(miette::miette!("the fetch subcommand is not built yet"))
}
