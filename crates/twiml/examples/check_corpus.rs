//! Parses every file under a folder of real TwiML and checks each result: no panic, every span
//! within its source on character boundaries, and, when the folder has a `MANIFEST.tsv`, the
//! same verdict on well-formedness as the manifest's `NOT-WELL-FORMED` notes.
//!
//! `cargo run --release -p twiml --example check_corpus -- FOLDER` prints each disagreement
//! with the problems found, then a summary, and exits 1 when any check failed.
//!
//! The manifest is tab-separated with a header line: the file's path relative to the folder in
//! the first column and notes in the last. A byte order mark is not counted as a problem.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use twiml::{Document, Element, LineIndex, Node, Problem, Span};

const MANIFEST: &str = "MANIFEST.tsv";
const NOT_WELL_FORMED: &str = "NOT-WELL-FORMED";

/// The result of parsing one file.
struct Outcome {
    problems: Vec<Problem>,
    source: String,
    invalid_spans: Vec<String>,
    elapsed: Duration,
}

#[expect(clippy::print_stdout, clippy::print_stderr, reason = "an example program prints")]
fn main() -> ExitCode {
    let Some(folder) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: check_corpus FOLDER");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(error) = collect_files(&folder, &mut files) {
        eprintln!("{}: cannot list the folder: {error}", folder.display());
        return ExitCode::from(2);
    }
    files.sort();
    let manifest = match read_manifest(&folder) {
        Ok(manifest) => manifest,
        Err(error) => {
            eprintln!("{}: cannot read {MANIFEST}: {error}", folder.display());
            return ExitCode::from(2);
        }
    };

    // The default hook would print each panic as well, and the report below names the file.
    panic::set_hook(Box::new(|_| {}));
    let mut failures = 0;
    let mut not_well_formed = 0;
    let mut bytes_total = 0;
    let mut elapsed = Duration::ZERO;
    for path in &files {
        let relative = path.strip_prefix(&folder).unwrap_or(path).to_string_lossy().into_owned();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                println!("{relative}: cannot read the file: {error}");
                failures += 1;
                continue;
            }
        };
        bytes_total += bytes.len();
        let Ok(outcome) = panic::catch_unwind(AssertUnwindSafe(|| check(&bytes))) else {
            println!("{relative}: the parser panicked");
            failures += 1;
            continue;
        };
        elapsed += outcome.elapsed;
        for invalid in &outcome.invalid_spans {
            println!("{relative}: {invalid}");
            failures += 1;
        }

        let found = outcome.problems.iter().any(|problem| problem.kind.is_well_formedness_error());
        not_well_formed += usize::from(found);
        let Some(expected) = manifest.get(&relative) else {
            continue;
        };
        if found != *expected {
            let verdict = if found { "not well-formed" } else { "well-formed" };
            println!("{relative}: parsed as {verdict}, the manifest says otherwise");
            print_problems(&relative, &outcome);
            failures += 1;
        }
    }

    println!(
        "{} files, {} bytes, {not_well_formed} not well-formed, parsed in {:.1} ms, \
         {failures} failed checks",
        files.len(),
        bytes_total,
        elapsed.as_secs_f64() * 1000.0
    );
    if failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Decodes and parses `bytes` and checks every span of the result.
fn check(bytes: &[u8]) -> Outcome {
    let started = Instant::now();
    let (source, mut problems) = twiml::decode(bytes);
    let document = twiml::parse(&source);
    let elapsed = started.elapsed();

    let mut invalid_spans = Vec::new();
    check_spans(&document, &mut invalid_spans);
    for problem in &problems {
        if problem.span.text(&source).is_none() {
            invalid_spans.push(format!("decode problem span {:?} is invalid", problem.span));
        }
    }
    problems.extend(document.problems.iter().cloned());
    problems.sort_by_key(|problem| problem.span.start);
    let source = source.into_owned();
    Outcome { problems, source, invalid_spans, elapsed }
}

fn check_spans(document: &Document<'_>, invalid: &mut Vec<String>) {
    let source = document.source;
    let mut check = |what: &str, span: Span| {
        if span.text(source).is_none() {
            invalid.push(format!("{what} span {span:?} is not within the source on boundaries"));
        }
    };
    for problem in &document.problems {
        check("problem", problem.span);
    }
    for node in document.descendants() {
        check("node", node.span());
        if let Node::Element(element) = node {
            check_element(element, &mut check);
        }
    }
}

fn check_element(element: Element<'_, '_>, check: &mut impl FnMut(&str, Span)) {
    check("start tag", element.start_tag());
    check("name", element.name_span());
    if let Some(end_tag) = element.end_tag() {
        check("end tag", end_tag);
    }
    for attribute in element.attributes() {
        check("attribute", attribute.span);
        check("attribute name", attribute.name_span);
        check("attribute value", attribute.value_span);
    }
}

#[expect(clippy::print_stdout, reason = "an example program prints")]
fn print_problems(relative: &str, outcome: &Outcome) {
    let lines = LineIndex::new(&outcome.source);
    for problem in &outcome.problems {
        let at = lines.line_column(&outcome.source, problem.span.start);
        println!(
            "    {relative}:{}:{}: {:?}: {}",
            at.line, at.column, problem.kind, problem.message
        );
    }
}

fn collect_files(folder: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else if path.parent() != Some(folder) || path.file_name().is_some_and(|n| n != MANIFEST) {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads the manifest, if there is one, into a map from relative path to whether the file is
/// marked not well-formed.
fn read_manifest(folder: &Path) -> std::io::Result<HashMap<String, bool>> {
    let path = folder.join(MANIFEST);
    if !path.exists() {
        return Ok(HashMap::new());
    }
    let text = std::fs::read_to_string(path)?;
    let manifest = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let file = columns.next()?;
            let notes = columns.next_back().unwrap_or("");
            Some((file.to_owned(), notes.contains(NOT_WELL_FORMED)))
        })
        .collect();
    Ok(manifest)
}
