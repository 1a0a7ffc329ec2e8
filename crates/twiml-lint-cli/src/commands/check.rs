//! The `check` subcommand, also the default: lint files and folders and report the findings.
//!
//! Each file is read, parsed, linted and rendered once, on one worker thread per core, and
//! dropped before the worker takes the next. The worker also runs the part of the link check
//! that the file decides alone; what needs other documents (references between local files,
//! requests) goes to a session on its own thread, which runs while the workers go on. Files
//! with requests to wait for are kept until they are answered. Output is written in input
//! order once every file is done, because the link check can add a finding to any file until
//! then; a file that gets one after it was rendered is checked and rendered again.

mod store;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use miette::{IntoDiagnostic, WrapErr};
use twiml::LineIndex;
use twiml_lint::links::{
    Files, LinkContext, LinkOptions, Released, Session, SessionInput, SessionReport, Suppressions,
    check_file, finish_findings,
};
use twiml_lint::{Context, Finding, LintConfig, Severity};

use crate::config::Config;
use crate::discover::{self, Filter, Input, Shard};
use crate::output::{FileReport, Format, Style, Summary};
use store::ChunkStore;

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

    /// The config file to use instead of the `twiml-lint.toml` found in the folder of the first
    /// path (the current folder when none is given) or its parents.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Check only the documents themselves and references to local files; make no network
    /// request.
    #[arg(long)]
    pub(crate) offline: bool,

    /// Glob of paths to skip while walking folders, relative to the current folder. A glob
    /// without `/` matches a file or folder name at any depth. May be repeated, and adds to
    /// the config's `exclude`.
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,

    /// File extension to read while walking folders, without the dot; may be repeated and
    /// replaces the config's `extensions`.
    #[arg(long = "extension", value_name = "EXT", value_parser = extension_arg)]
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
    let mut filter = Filter::new(extensions, &current_dir);
    config.exclude(&mut filter)?;
    filter.exclude(&args.exclude, &current_dir, "--exclude")?;
    let shard = args.shard.as_deref().map(Shard::parse).transpose()?;
    let link_options = crate::links::options(&args.links, &config, args.offline)?;
    // The cache file is read on another thread while the folder is walked, so that the
    // workers seldom wait for it.
    let cache = link_options.open_cache()?.map(Arc::new);
    if let Some(cache) = &cache {
        let cache = Arc::clone(cache);
        std::thread::spawn(move || cache.preload());
    }
    let discovered = discover::discover(&args.paths, &filter, shard)?;
    for error in &discovered.unreadable {
        crate::stderr_line(&format!("error: {}", error.line()));
    }
    let inputs = discovered.inputs;
    if inputs.is_empty() && shard.is_none() && discovered.unreadable.is_empty() {
        crate::stderr_line(&format!(
            "warning: no files to check: no file in the given paths has one of the \
                 extensions {} or all are excluded",
            extensions_shown(&filter)
        ));
    }

    if args.offline {
        log::debug!("offline: no network requests will be made");
    }

    let stdin = read_stdin_if_named(&inputs)?;
    let stdin_name = args.stdin_name.clone().unwrap_or_else(|| "-".to_owned());
    let paths = inputs
        .iter()
        .map(|input| match input {
            Input::Stdin => PathBuf::from(&stdin_name),
            Input::File(path) => path.clone(),
        })
        .collect();
    let files = Files::new(paths);
    let job = Job {
        inputs: &inputs,
        lint_config: &lint_config,
        link: LinkContext {
            options: &link_options,
            config: &lint_config,
            files: &files,
            full_graph: false,
            cache: cache.as_deref(),
        },
        format: args.format.unwrap_or(Format::Human),
        style: style(args.color.unwrap_or(ColorChoice::Auto)),
        stdin: stdin.as_deref(),
        stdin_name: &stdin_name,
        hold: !link_options.offline,
        unreadable_folders: discovered.unreadable.len(),
    };

    let summary = check_all(&job, &link_options)?;

    if summary.unreadable + summary.unreadable_folders > 0 || summary.link_failures > 0 {
        return Ok(ExitCode::from(super::EXIT_TOOL_ERROR));
    }
    if summary.errors > 0 {
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses the value of `--extension`, for clap, which shows the error after the value.
fn extension_arg(value: &str) -> Result<String, String> {
    crate::config::parse_extension(value)
        .map_err(|reason| format!("{reason}; write the extension without the dot, such as xml"))
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
    let bytes = read_bounded(std::io::stdin().lock(), "standard input")
        .map_err(|message| miette::miette!("{message}"))?;
    Ok(Some(bytes))
}

/// The largest input read, far above Twilio's 64 kB limit for a document, so that a huge file
/// or a device such as `/dev/zero` cannot exhaust memory.
const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads all of `reader`, or fails when it contains more than [`MAX_INPUT_BYTES`].
pub(crate) fn read_bounded(reader: impl Read, name: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    read_bounded_into(reader, name, &mut bytes)?;
    Ok(bytes)
}

/// Reads all of `reader` into `bytes`, which is cleared first, or fails when it contains more
/// than [`MAX_INPUT_BYTES`]. A buffer kept from file to file is read into in one call for
/// each file and one more to see the end, with no allocation once it has grown.
fn read_bounded_into(reader: impl Read, name: &str, bytes: &mut Vec<u8>) -> Result<(), String> {
    bytes.clear();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(bytes)
        .map_err(|error| format!("cannot read {name}: {error}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{name} is larger than 16 MiB, so it is not checked; a TwiML document is at most \
             64 kB, so this is probably not TwiML: exclude it or name the right file"
        ));
    }
    Ok(())
}

/// Everything a worker needs to check one input.
struct Job<'a> {
    inputs: &'a [Input],
    lint_config: &'a LintConfig,
    link: LinkContext<'a>,
    format: Format,
    style: Style,
    stdin: Option<&'a [u8]>,
    stdin_name: &'a str,
    /// Whether files with requests are kept until the requests are answered, instead of
    /// rendered at once; without requests to make (offline), nothing needs to wait.
    hold: bool,
    /// Folders that could not be read while the inputs were listed, for the summary.
    unreadable_folders: usize,
}

/// A file kept until the answers to its requests arrive.
struct HeldFile {
    name: String,
    source: String,
    findings: Vec<Finding>,
    link_findings: Vec<Finding>,
    suppressions: Suppressions,
}

/// The findings of one file by severity.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Counts {
    fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

/// What the workers and the link session send to the printer.
enum Message {
    /// A file, rendered.
    Checked { index: usize, chunk: String, counts: Counts },
    /// A file kept by the link session until its requests are answered.
    Held { index: usize },
    /// A file that could not be read.
    Unreadable { index: usize, message: String },
    /// A held file whose requests are answered.
    Released(Released<HeldFile>),
}

/// Checks every input, and writes the output in input order once all are done.
fn check_all(job: &Job<'_>, link_options: &LinkOptions) -> miette::Result<Summary> {
    let count = job.inputs.len();
    let workers =
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(count.max(1));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .into_diagnostic()
        .wrap_err("cannot start the async runtime")?;
    let loader = |index: usize| {
        let (_, bytes) = read_input(job, index).ok()?;
        Some(twiml::decode(&bytes).0.into_owned())
    };
    let mut session: Session<'_, HeldFile> = Session::new(job.link, &loader)?;

    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::sync_channel::<Vec<Message>>(workers * 4);
    let (session_sender, mut session_receiver) = tokio::sync::mpsc::unbounded_channel();
    let mut store = ChunkStore::new(count);
    let mut counts: Vec<Option<Counts>> = vec![None; count];
    let mut unreadable = 0;

    let report = std::thread::scope(|scope| -> miette::Result<SessionReport> {
        let released_sender = sender.clone();
        let link_thread = scope.spawn(move || {
            runtime.block_on(session.drive(Some(&mut session_receiver), |released| {
                let _ = released_sender.send(released.into_iter().map(Message::Released).collect());
            }));
            session.finish()
        });
        for _ in 0..workers {
            let sender = sender.clone();
            let session_sender = session_sender.clone();
            let next = &next;
            scope.spawn(move || work(job, next, &sender, &session_sender));
        }
        drop(sender);
        drop(session_sender);

        // Files come back out of order; the rest is taken in input order so that messages
        // about unreadable files keep that order too.
        let mut waiting: BTreeMap<usize, Message> = BTreeMap::new();
        let mut expected = 0;
        for message in receiver.into_iter().flatten() {
            let index = match message {
                Message::Released(released) => {
                    let file = released.file;
                    let (chunk, file_counts) = render_released(job, released);
                    keep(&mut store, file, &chunk)?;
                    counts[file] = Some(file_counts);
                    continue;
                }
                Message::Checked { index, .. }
                | Message::Held { index }
                | Message::Unreadable { index, .. } => {
                    waiting.insert(index, message);
                    index
                }
            };
            if index != expected {
                continue;
            }
            while let Some(message) = waiting.remove(&expected) {
                expected += 1;
                match message {
                    Message::Checked { index, chunk, counts: file_counts } => {
                        keep(&mut store, index, &chunk)?;
                        counts[index] = Some(file_counts);
                    }
                    Message::Unreadable { message, .. } => {
                        unreadable += 1;
                        crate::stderr_line(&format!("error: {message}"));
                    }
                    Message::Held { .. } | Message::Released(_) => {}
                }
            }
        }
        link_thread.join().map_err(|_| miette::miette!("the link check stopped unexpectedly"))
    })?;

    report_link_run(&report, link_options);
    for (index, findings) in report.late {
        if let Some((chunk, file_counts)) = process_late(job, index, findings) {
            keep(&mut store, index, &chunk)?;
            counts[index] = Some(file_counts);
        }
    }

    let mut summary = Summary {
        unreadable,
        unreadable_folders: job.unreadable_folders,
        links_not_checked: report.stats.offline,
        link_failures: report.failures.len(),
        ..Summary::default()
    };
    for file_counts in counts.iter().flatten() {
        summary.add_file(file_counts.errors, file_counts.warnings, file_counts.infos);
    }
    write_all(job.format, store, &counts, &summary)?;
    Ok(summary)
}

/// How many files a worker checks before it hands their results on: one hand-over per file
/// would wake the printer and the link session ten thousand times for ten thousand files.
const BATCH: usize = 32;

/// Checks inputs until none is left, taking the next index from `next`.
fn work(
    job: &Job<'_>,
    next: &AtomicUsize,
    sender: &mpsc::SyncSender<Vec<Message>>,
    session_sender: &tokio::sync::mpsc::UnboundedSender<Vec<SessionInput<HeldFile>>>,
) {
    let mut messages = Vec::with_capacity(BATCH);
    let mut links = Vec::with_capacity(BATCH);
    let mut buffer = Vec::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let last = index >= job.inputs.len();
        if !last {
            let (message, input) = process(job, index, &mut buffer);
            messages.push(message);
            links.push(input);
            // Requests start at most a batch late, a fraction of a millisecond.
            if messages.len() < BATCH {
                continue;
            }
        }
        // The session is gone only when its thread panicked, which the caller reports.
        let _ = session_sender.send(std::mem::take(&mut links));
        if sender.send(std::mem::take(&mut messages)).is_err() || last {
            break;
        }
    }
}

fn keep(store: &mut ChunkStore, index: usize, chunk: &str) -> miette::Result<()> {
    store.put(index, chunk).into_diagnostic().wrap_err("cannot keep the output until the end")
}

/// Prints the link check's warnings to standard error and logs its counts.
fn report_link_run(report: &SessionReport, options: &LinkOptions) {
    for warning in &report.warnings {
        crate::stderr_line(&format!("warning: {warning}"));
    }
    for failure in &report.failures {
        crate::stderr_line(&format!("error: {failure}"));
    }
    if options.offline && report.stats.requests == 0 {
        let references = crate::output::plural(report.stats.references, "reference");
        log::debug!("links: {references}, {} local", report.stats.local);
        return;
    }
    log::info!("{}", crate::links::stats_line(&report.stats));
}

/// Writes every file's output in input order between the format's header and footer.
fn write_all(
    format: Format,
    store: ChunkStore,
    counts: &[Option<Counts>],
    summary: &Summary,
) -> miette::Result<()> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    write_out(&mut stdout, format.header().as_bytes())?;
    let mut reader =
        store.into_reader().into_diagnostic().wrap_err("cannot read the kept output back")?;
    let mut chunk = Vec::new();
    let mut held = Vec::new();
    let mut wrote_chunk = false;
    for (index, file_counts) in counts.iter().enumerate() {
        if file_counts.is_none() {
            continue;
        }
        reader
            .read(index, &mut chunk)
            .into_diagnostic()
            .wrap_err("cannot read the kept output back")?;
        if !format.streams() {
            held.push(String::from_utf8_lossy(&chunk).into_owned());
        } else if !chunk.is_empty() {
            if wrote_chunk {
                write_out(&mut stdout, format.separator().as_bytes())?;
            }
            write_out(&mut stdout, &chunk)?;
            wrote_chunk = true;
        }
    }
    write_out(&mut stdout, format.footer(summary, &held).as_bytes())?;
    match stdout.flush() {
        // A reader that stopped early, such as `head`, is not an error of the run.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.into_diagnostic().wrap_err("cannot write the output"),
    }
}

fn write_out(out: &mut impl Write, bytes: &[u8]) -> miette::Result<()> {
    match out.write_all(bytes) {
        // A closed pipe (`twiml-lint … | head`) is the reader's choice, not a failure.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.into_diagnostic().wrap_err("cannot write the output"),
    }
}

/// The name shown for input `index` and its bytes, or the message saying why it cannot be
/// read.
fn read_input<'j>(job: &Job<'j>, index: usize) -> Result<(String, Cow<'j, [u8]>), String> {
    match job.inputs.get(index) {
        Some(Input::Stdin) | None => {
            Ok((job.stdin_name.to_owned(), Cow::Borrowed(job.stdin.unwrap_or_default())))
        }
        Some(Input::File(path)) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path)
                .map_err(|error| format!("cannot read {name}: {error}"))?;
            let bytes = read_bounded(file, &name)?;
            Ok((name, Cow::Owned(bytes)))
        }
    }
}

/// Reads input `index` as [`read_input`] does, into `buffer` for a file.
fn read_input_into<'r>(
    job: &Job<'r>,
    index: usize,
    buffer: &'r mut Vec<u8>,
) -> Result<(String, &'r [u8]), String> {
    match job.inputs.get(index) {
        Some(Input::Stdin) | None => Ok((job.stdin_name.to_owned(), job.stdin.unwrap_or_default())),
        Some(Input::File(path)) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path)
                .map_err(|error| format!("cannot read {name}: {error}"))?;
            read_bounded_into(file, &name, buffer)?;
            Ok((name, buffer.as_slice()))
        }
    }
}

/// Checks input `index`: the message for the printer, and what the link session needs.
/// `buffer` contains the file's bytes while it is checked, and is kept for the next file.
fn process(job: &Job<'_>, index: usize, buffer: &mut Vec<u8>) -> (Message, SessionInput<HeldFile>) {
    let (name, bytes) = match read_input_into(job, index, buffer) {
        Ok(read) => read,
        Err(message) => {
            return (Message::Unreadable { index, message }, SessionInput::Skipped(index));
        }
    };
    let (source, problems) = twiml::decode(bytes);
    let mut document = twiml::parse(&source);
    document.problems.extend(problems);
    document.problems.sort_by_key(|problem| problem.span.start);
    let context = Context::new(&document, bytes.len());
    let findings = twiml_lint::check_context(&context, job.lint_config);
    let mut links = check_file(&context, index, &job.link);
    drop(context);
    let mut link_findings = std::mem::take(&mut links.findings);

    if job.hold && links.needs_session() {
        let suppressions = Suppressions::of(&document);
        drop(document);
        let source = source.into_owned();
        let held = HeldFile { name, source, findings, link_findings, suppressions };
        return (Message::Held { index }, SessionInput::Held(links, held));
    }
    finish_findings(&document, &mut link_findings);
    let (chunk, counts) = render(job, &name, &source, findings, link_findings);
    (Message::Checked { index, chunk, counts }, SessionInput::Reported(links))
}

/// Checks input `index` again with the findings the link session made about it after it
/// was rendered; `None` when the file cannot be read any more.
fn process_late(
    job: &Job<'_>,
    index: usize,
    session_findings: Vec<Finding>,
) -> Option<(String, Counts)> {
    let (name, bytes) = read_input(job, index).ok()?;
    let (source, problems) = twiml::decode(&bytes);
    let mut document = twiml::parse(&source);
    document.problems.extend(problems);
    document.problems.sort_by_key(|problem| problem.span.start);
    let context = Context::new(&document, bytes.len());
    let findings = twiml_lint::check_context(&context, job.lint_config);
    let mut link_findings = check_file(&context, index, &job.link).findings;
    drop(context);
    link_findings.extend(session_findings);
    finish_findings(&document, &mut link_findings);
    Some(render(job, &name, &source, findings, link_findings))
}

/// Renders a held file with the findings its requests brought.
fn render_released(job: &Job<'_>, released: Released<HeldFile>) -> (String, Counts) {
    let Released { held, findings: session_findings, .. } = released;
    let HeldFile { name, source, findings, mut link_findings, suppressions } = held;
    link_findings.extend(session_findings);
    suppressions.finish(&source, &mut link_findings);
    render(job, &name, &source, findings, link_findings)
}

/// Renders one file: its own findings and its link findings, merged by position.
fn render(
    job: &Job<'_>,
    name: &str,
    source: &str,
    mut findings: Vec<Finding>,
    link_findings: Vec<Finding>,
) -> (String, Counts) {
    findings.extend(link_findings);
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end));
    let lines = LineIndex::new(source);
    let report = FileReport { name, source, findings: &findings, lines: &lines };
    let chunk = job.format.render_file(&report, job.style);
    (chunk, Counts::of(&findings))
}

fn extensions_shown(filter: &Filter) -> String {
    filter.extensions().iter().map(|ext| format!("`.{ext}`")).collect::<Vec<_>>().join(", ")
}
