//! The `fmt` subcommand: rewrite TwiML files into the canonical layout of [`twiml::format`], or
//! with `--check` list the files that are not in it, for CI.
//!
//! A file is replaced atomically: the new text goes to a temporary file in the same folder,
//! which is then renamed over the original, so a failure never leaves a partial file. A file
//! that is not well-formed is reported and left untouched.
//!
//! Exit status:
//!
//! - 0 when every file is formatted, or now is;
//! - 1 when a file is empty or not well-formed, or with `--check` when a file would change;
//! - 2 when a path could not be found or read, or a file could not be written.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::discover::{self, Filter, Input};

/// Arguments of the `fmt` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct FmtArgs {
    /// Files and folders to format; `-` reads standard input and writes the result to standard
    /// output. Folders are walked for `*.xml` and `*.twiml` files, skipping hidden entries.
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,

    /// Write nothing: list the files that are not in the canonical layout on standard output
    /// and exit with 1 if there are any.
    #[arg(long)]
    pub(crate) check: bool,

    /// The name shown for standard input in messages, as in `check`.
    #[arg(long, value_name = "NAME", default_value = "-")]
    pub(crate) stdin_name: String,
}

/// Extensions of the files kept while walking folders.
const EXTENSIONS: [&str; 2] = ["xml", "twiml"];

/// Exit status when a file is not well-formed, or would change under `--check`.
const EXIT_UNFORMATTED: u8 = 1;

/// The result of formatting one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Already in the canonical layout.
    Unchanged,
    /// Rewritten, or with `--check`, would be.
    Changed,
    /// Not well-formed or empty, so left untouched.
    NotFormatted,
    /// Could not be read or written.
    Failed,
}

/// Counts of outcomes over a run.
#[derive(Debug, Default)]
struct Tally {
    changed: usize,
    not_formatted: usize,
    failed: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Unchanged => {}
            Outcome::Changed => self.changed += 1,
            Outcome::NotFormatted => self.not_formatted += 1,
            Outcome::Failed => self.failed += 1,
        }
    }
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "every subcommand returns the same type to the dispatch in `commands::run`"
)]
pub(crate) fn run(args: &FmtArgs) -> miette::Result<ExitCode> {
    let mut tally = Tally::default();
    let inputs = discover_inputs(&args.paths, &mut tally);

    for input in &inputs {
        let outcome = match input {
            Input::Stdin => format_stdin(args.check, &args.stdin_name),
            Input::File(path) => format_file(path, args.check),
        };
        tally.add(outcome);
    }

    if args.check && tally.changed > 0 {
        let (files, them) =
            if tally.changed == 1 { ("file is", "it") } else { ("files are", "them") };
        report(&format!(
            "{} {files} not in the canonical layout; run `twiml-lint fmt` on {them} to rewrite {them}",
            tally.changed
        ));
    }

    let code = if tally.failed > 0 {
        super::EXIT_TOOL_ERROR
    } else if tally.not_formatted > 0 || (args.check && tally.changed > 0) {
        EXIT_UNFORMATTED
    } else {
        0
    };
    Ok(ExitCode::from(code))
}

/// Lists the inputs for `paths`. A path that cannot be found, or a folder that cannot be read
/// while walking, is reported and counted as a failure, and the other files are still
/// formatted.
fn discover_inputs(paths: &[PathBuf], tally: &mut Tally) -> Vec<Input> {
    let root = std::env::current_dir().unwrap_or_default();
    let extensions = EXTENSIONS.iter().map(|&extension| extension.to_owned()).collect();
    let filter = Filter::new(extensions, &root);

    let mut inputs = Vec::new();
    for path in paths {
        match discover::discover(std::slice::from_ref(path), &filter, None) {
            Ok(found) => {
                inputs.extend(found.inputs);
                for error in found.unreadable {
                    report(&error.line());
                    tally.add(Outcome::Failed);
                }
            }
            Err(error) => {
                report(&error.line());
                tally.add(Outcome::Failed);
            }
        }
    }
    inputs.sort();
    inputs.dedup();
    inputs
}

fn format_file(path: &Path, check: bool) -> Outcome {
    let name = path.display();
    let read = std::fs::File::open(path)
        .map_err(|error| {
            format!("cannot read {name}: {error}; check that the file exists and is readable")
        })
        .and_then(|file| super::check::read_bounded(file, &name.to_string()));
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(message) => {
            report(&message);
            return Outcome::Failed;
        }
    };
    let formatted = match twiml::format_bytes(&bytes) {
        Ok(formatted) => formatted,
        Err(error) => {
            report(&not_formatted_message(&name.to_string(), &error, Origin::File));
            return Outcome::NotFormatted;
        }
    };
    if formatted.as_bytes() == bytes.as_slice() {
        return Outcome::Unchanged;
    }

    if check {
        write_stdout(&format!("{name}\n"));
        return Outcome::Changed;
    }
    // The new file replaces the old one by a rename, which a read-only mode does not stop.
    if std::fs::metadata(path).is_ok_and(|metadata| metadata.permissions().readonly()) {
        report(&format!(
            "{name} is read-only, so it was not formatted; make it writable to format it"
        ));
        return Outcome::Failed;
    }
    match write_atomically(path, formatted.as_bytes()) {
        Ok(()) => {
            report(&format!("formatted {name}"));
            Outcome::Changed
        }
        Err(error) => {
            report(&format!(
                "cannot write {name}: {error}; the file was left as it was, check that its folder \
                 is writable"
            ));
            Outcome::Failed
        }
    }
}

/// Formats standard input to standard output; `name` is what messages call it.
fn format_stdin(check: bool, name: &str) -> Outcome {
    let bytes = match super::check::read_bounded(std::io::stdin().lock(), "standard input") {
        Ok(bytes) => bytes,
        Err(message) => {
            report(&message);
            return Outcome::Failed;
        }
    };
    let formatted = match twiml::format_bytes(&bytes) {
        Ok(formatted) => formatted,
        Err(error) => {
            report(&not_formatted_message(name, &error, Origin::Stdin));
            return Outcome::NotFormatted;
        }
    };
    let changed = formatted.as_bytes() != bytes.as_slice();

    if check {
        if changed {
            report(
                "standard input is not in the canonical layout; run `twiml-lint fmt -` to format \
                 it",
            );
            return Outcome::Changed;
        }
        return Outcome::Unchanged;
    }
    if !write_stdout(&formatted) {
        return Outcome::Failed;
    }
    if changed { Outcome::Changed } else { Outcome::Unchanged }
}

/// Where the text formatted came from, which decides what happens when it cannot be formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A file, which is then left as it was.
    File,
    /// Standard input, which is then not written to standard output.
    Stdin,
}

/// Builds the message for text that cannot be formatted, with the line and column of the first
/// problem so that an editor can jump to it.
fn not_formatted_message(name: &str, error: &twiml::FormatError, origin: Origin) -> String {
    let (outcome, check, again) = match origin {
        Origin::File => {
            ("the file was left as it was", "twiml-lint check", "run `twiml-lint fmt` again")
        }
        Origin::Stdin => {
            ("nothing was written to standard output", "twiml-lint check -", "format it again")
        }
    };
    let mut message = String::new();
    match error {
        twiml::FormatError::NotWellFormed { problem, position, count } => {
            let _ = write!(
                message,
                "{name}:{}:{}: cannot format: {}",
                position.line, position.column, problem.message
            );
            match *count {
                0 | 1 => {}
                2 => message.push_str(" (and 1 more problem)"),
                _ => {
                    let _ = write!(message, " (and {} more problems)", count - 1);
                }
            }
            let _ = write!(
                message,
                "; {outcome}: fix the XML (`{check}` lists every problem) and {again}"
            );
        }
        twiml::FormatError::Empty if origin == Origin::Stdin => {
            let _ = write!(
                message,
                "{name}: cannot format: standard input is empty, and a TwiML document needs at \
                 least `<Response/>`; {outcome}"
            );
        }
        other => {
            let _ = write!(message, "{name}: cannot format: {other}; {outcome}");
        }
    }
    message
}

/// Replaces the file at `path` with `contents` through a temporary file in the same folder, so
/// that readers see either the old file or the new one. The new file keeps the old one's
/// permissions. A symbolic link is followed, and the file it points to is replaced.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let folder = target.parent().unwrap_or_else(|| Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();

    let file_name = target.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temporary.write_all(contents)?;
    temporary.as_file().sync_all()?;
    temporary.as_file().set_permissions(permissions)?;
    // On failure the temporary file is removed when the error drops it.
    temporary.persist(&target).map_err(|error| error.error)?;
    Ok(())
}

/// Writes `text` to standard output. Returns whether it worked; a closed pipe counts as
/// working, since the reader chose to stop.
fn write_stdout(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(error) => {
            report(&format!("cannot write standard output: {error}"));
            false
        }
    }
}

/// Writes one message line to standard error.
fn report(message: &str) {
    crate::stderr_line(message);
}
