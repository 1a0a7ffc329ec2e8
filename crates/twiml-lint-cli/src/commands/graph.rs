//! The `graph` subcommand: prints the call-flow graph of the documents under the given paths,
//! as Graphviz DOT, a Mermaid flowchart or JSON.
//!
//! Offline by default: local files and the references between them, with URLs outside the
//! repository as dashed leaves. `--follow` fetches those URLs as `check` does and adds the
//! documents they lead to.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic as _, WrapErr as _};

use crate::config::Config;
use crate::discover::{self, Filter, Input};
use crate::links::{self, LinkArgs};

/// Arguments of the `graph` subcommand.
#[derive(Debug, clap::Args)]
pub(crate) struct GraphArgs {
    /// Files and folders of documents; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// How to print the graph.
    #[arg(long, value_enum, default_value = "dot")]
    format: GraphFormat,

    /// Fetch URLs outside the repository and add the documents they lead to.
    #[arg(long)]
    follow: bool,

    /// The config file to use instead of the `twiml-lint.toml` found beside the first path or
    /// in its parents.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(flatten)]
    links: LinkArgs,
}

/// The graph formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum GraphFormat {
    /// Graphviz DOT, for `dot -Tsvg`.
    Dot,
    /// A Mermaid flowchart, which GitHub renders in Markdown.
    Mermaid,
    /// Nodes and edges as JSON.
    Json,
}

pub(crate) fn run(args: &GraphArgs) -> miette::Result<ExitCode> {
    let current_dir =
        std::env::current_dir().into_diagnostic().wrap_err("cannot read the current folder")?;
    let start = super::check::search_start(&args.paths, &current_dir);
    let config = Config::load(args.config.as_deref(), &start)?;
    let lint_config = config.lint_config()?;
    let mut filter = Filter::new(config.extensions(), &current_dir);
    config.exclude(&mut filter)?;
    let discovered = discover::discover(&args.paths, &filter, None)?;
    for error in &discovered.unreadable {
        crate::stderr_line(&format!("error: {}", error.line()));
    }
    let inputs = discovered.inputs;

    let stdin = if inputs.contains(&Input::Stdin) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .into_diagnostic()
            .wrap_err("cannot read standard input")?;
        Some(bytes)
    } else {
        None
    };
    let options = links::options(&args.links, &config, !args.follow)?;
    let (documents, _) = links::read_documents(&inputs, stdin.as_deref(), "-");
    let report = links::run(&documents, &options, &lint_config)?;

    let text = match args.format {
        GraphFormat::Dot => report.graph.to_dot(),
        GraphFormat::Mermaid => report.graph.to_mermaid(),
        GraphFormat::Json => report.graph.to_json() + "\n",
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.into_diagnostic().wrap_err("cannot write the graph")?,
    }
    // The graph is printed without the documents of folders that could not be read.
    if !discovered.unreadable.is_empty() || !report.failures.is_empty() {
        return Ok(ExitCode::from(super::EXIT_TOOL_ERROR));
    }
    Ok(ExitCode::SUCCESS)
}
