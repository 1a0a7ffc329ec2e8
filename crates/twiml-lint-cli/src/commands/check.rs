//! The `check` subcommand, also the default: lint files and folders and report the findings.
//!
//! Files are checked on one worker thread per core and printed in input order; each file is
//! read, checked, rendered and dropped before the worker takes the next, so memory stays flat
//! however many files there are.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use miette::{IntoDiagnostic, WrapErr};
use twiml::LineIndex;
use twiml_lint::{LintConfig, Severity};

use crate::config::Config;
use crate::discover::{self, Filter, Input, Shard};
use crate::output::{FileReport, Format, Style, Summary};

/// Arguments of the `check` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct CheckArgs {
    /// Files and folders to lint; `-` reads standard input. Folders are walked for `*.xml` and
    /// `*.twiml` files.
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,

    /// How to print findings.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Option<Format>,

    /// The config file to use instead of the `twiml-lint.toml` found in the current folder or
    /// its parents.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Check only the documents themselves and references to local files; make no network
    /// request.
    #[arg(long)]
    pub(crate) offline: bool,

    /// Glob of paths to skip while walking folders, relative to the config file's folder; may
    /// be repeated and adds to the config's `exclude`.
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,

    /// File extension to read while walking folders, without the dot; may be repeated and
    /// replaces the config's `extensions`.
    #[arg(long = "extension", value_name = "EXT")]
    pub(crate) extensions: Vec<String>,

    /// Check only shard K of N of the files, chosen by a stable hash of each path, to split a
    /// large repository across CI workers.
    #[arg(long, value_name = "K/N")]
    pub(crate) shard: Option<String>,

    /// When to color the human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) color: Option<ColorChoice>,

    /// The name shown for standard input in output.
    #[arg(long, value_name = "NAME", default_value = "-")]
    pub(crate) stdin_name: Option<String>,

    #[command(flatten)]
    pub(crate) links: crate::links::LinkArgs,
}

/// When to use colors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Exit status when an error-level finding was reported.
const EXIT_FINDINGS: u8 = 1;

pub(crate) fn run(args: &CheckArgs) -> miette::Result<ExitCode> {
    let current_dir =
        std::env::current_dir().into_diagnostic().wrap_err("cannot read the current folder")?;
    let config = Config::load(args.config.as_deref(), &search_start(&args.paths, &current_dir))?;
    let lint_config = config.lint_config()?;

    let extensions =
        if args.extensions.is_empty() { config.extensions() } else { args.extensions.clone() };
    let mut patterns = config.file.exclude.clone();
    patterns.extend(args.exclude.iter().cloned());
    let filter = Filter::new(extensions, &patterns, &config.root)?;
    let shard = args.shard.as_deref().map(Shard::parse).transpose()?;
    let inputs = discover::discover(&args.paths, &filter, shard)?;

    if args.offline {
        log::debug!("offline: no network requests will be made");
    }

    let format = args.format.unwrap_or(Format::Human);
    let style = style(args.color.unwrap_or(ColorChoice::Auto));
    let stdin = read_stdin_if_named(&inputs)?;
    let stdin_name = args.stdin_name.clone().unwrap_or_else(|| "-".to_owned());

    let link_options = crate::links::options(&args.links, &config, args.offline)?;
    let link_findings = crate::links::check_inputs(
        &inputs,
        stdin.as_deref(),
        &stdin_name,
        &link_options,
        &lint_config,
    )?;
    let context = LinkFindings(&link_findings);

    let summary =
        check_all(&inputs, &lint_config, format, style, stdin.as_deref(), &stdin_name, context)?;

    if summary.unreadable > 0 {
        return Ok(ExitCode::from(super::EXIT_TOOL_ERROR));
    }
    if summary.errors > 0 {
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    Ok(ExitCode::SUCCESS)
}

/// The folder the config search starts from: the first path named (its folder, for a file),
/// so that `twiml-lint path/to/bins` uses `path/to/bins/twiml-lint.toml`; else the current
/// folder.
pub(crate) fn search_start(paths: &[PathBuf], current_dir: &std::path::Path) -> PathBuf {
    let Some(first) = paths.iter().find(|path| path.as_os_str() != "-") else {
        return current_dir.to_path_buf();
    };
    let folder = if first.is_dir() { first.as_path() } else { first.parent().unwrap_or(first) };
    if folder.as_os_str().is_empty() { current_dir.to_path_buf() } else { current_dir.join(folder) }
}

fn style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .filter(|&columns: &usize| columns >= 40)
        .unwrap_or(100);
    Style { color, width }
}

fn read_stdin_if_named(inputs: &[Input]) -> miette::Result<Option<Vec<u8>>> {
    if !inputs.contains(&Input::Stdin) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .into_diagnostic()
        .wrap_err("cannot read standard input")?;
    Ok(Some(bytes))
}

/// What a worker sends back for one input.
enum Outcome {
    Checked { chunk: String, counts: Vec<Severity> },
    Unreadable { message: String },
}

/// Checks every input on a pool of worker threads and writes the output in input order.
fn check_all(
    inputs: &[Input],
    lint_config: &LintConfig,
    format: Format,
    style: Style,
    stdin: Option<&[u8]>,
    stdin_name: &str,
    links: LinkFindings<'_>,
) -> miette::Result<Summary> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(inputs.len().max(1));
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::sync_channel::<(usize, Outcome)>(workers * 4);

    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut summary = Summary::default();
    let mut held = Vec::new();
    let mut wrote_chunk = false;

    std::thread::scope(|scope| -> miette::Result<()> {
        for _ in 0..workers {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(index) else { break };
                    let outcome = check_one(
                        input,
                        lint_config,
                        format,
                        style,
                        stdin,
                        stdin_name,
                        links.of(index),
                    );
                    if sender.send((index, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);

        write_out(&mut stdout, &format.header())?;
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut expected = 0;
        for (index, outcome) in receiver {
            pending.insert(index, outcome);
            while let Some(outcome) = pending.remove(&expected) {
                expected += 1;
                match outcome {
                    Outcome::Checked { chunk, counts } => {
                        summary.add_counts(&counts);
                        if !format.streams() {
                            held.push(chunk);
                        } else if !chunk.is_empty() {
                            if wrote_chunk {
                                write_out(&mut stdout, format.separator())?;
                            }
                            write_out(&mut stdout, &chunk)?;
                            wrote_chunk = true;
                        }
                    }
                    Outcome::Unreadable { message } => {
                        summary.unreadable += 1;
                        #[expect(
                            clippy::print_stderr,
                            reason = "the binary reports unreadable files"
                        )]
                        {
                            eprintln!("error: {message}");
                        }
                    }
                }
            }
        }
        Ok(())
    })?;

    write_out(&mut stdout, &format.footer(&summary, &held))?;
    stdout.flush().into_diagnostic().wrap_err("cannot write the output")?;
    Ok(summary)
}

fn write_out(out: &mut impl Write, text: &str) -> miette::Result<()> {
    match out.write_all(text.as_bytes()) {
        // A closed pipe (`twiml-lint … | head`) is the reader's choice, not a failure.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.into_diagnostic().wrap_err("cannot write the output"),
    }
}

fn check_one(
    input: &Input,
    lint_config: &LintConfig,
    format: Format,
    style: Style,
    stdin: Option<&[u8]>,
    stdin_name: &str,
    link_findings: &[twiml_lint::Finding],
) -> Outcome {
    let (name, bytes) = match input {
        Input::Stdin => {
            (stdin_name.to_owned(), std::borrow::Cow::Borrowed(stdin.unwrap_or_default()))
        }
        Input::File(path) => match std::fs::read(path) {
            Ok(bytes) => (path.display().to_string(), std::borrow::Cow::Owned(bytes)),
            Err(error) => {
                return Outcome::Unreadable {
                    message: format!("cannot read {}: {error}", path.display()),
                };
            }
        },
    };
    let mut checked = twiml_lint::check_bytes(&bytes, lint_config);
    checked.findings.extend_from_slice(link_findings);
    checked.findings.sort_by_key(|finding| (finding.span.start, finding.span.end));
    let lines = LineIndex::new(&checked.source);
    let report = FileReport {
        name: &name,
        source: &checked.source,
        findings: &checked.findings,
        lines: &lines,
    };
    let chunk = format.render_file(&report, style);
    let counts = checked.findings.iter().map(|finding| finding.severity).collect();
    Outcome::Checked { chunk, counts }
}

/// The link check's findings by input index, shared with the workers.
#[derive(Clone, Copy)]
struct LinkFindings<'a>(&'a std::collections::HashMap<usize, Vec<twiml_lint::Finding>>);

impl LinkFindings<'_> {
    fn of(&self, index: usize) -> &[twiml_lint::Finding] {
        self.0.get(&index).map_or(&[], Vec::as_slice)
    }
}
