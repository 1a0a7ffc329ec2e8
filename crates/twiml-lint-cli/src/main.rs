//! The `twiml-lint` command: lints TwiML documents, follows the URLs they reference, serves and
//! signs TwiML Bins, and formats files. Only this crate prints; the libraries return values.

mod cli;
mod commands;
mod config;
mod discover;
mod output;
mod credentials;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    commands::run(cli)
}
