//! Rendering findings: one module per output format. Each file's findings are rendered to a
//! string on the worker that checked it; the printer writes the strings in input order between
//! a format's header and footer.

mod compact;
mod github;
mod human;
mod json;
mod junit;
mod sarif;

use twiml::{LineColumn, LineIndex};
use twiml_lint::Finding;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Code frames with colors on a terminal (miette).
    Human,
    /// One `path:line:col: severity[rule] message` line per finding.
    Compact,
    /// One JSON document with every file and finding (see docs/output.md).
    Json,
    /// GitHub Actions workflow commands, which annotate pull requests.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// `JUnit` XML, one test case per file.
    Junit,
}

/// How the human format draws.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    /// Whether to use colors.
    pub(crate) color: bool,
    /// The width to wrap at.
    pub(crate) width: usize,
}

/// One checked file, as the renderers see it.
#[derive(Debug)]
pub(crate) struct FileReport<'a> {
    /// The path as shown to the user.
    pub(crate) name: &'a str,
    /// The decoded text the spans point into.
    pub(crate) source: &'a str,
    /// The findings, sorted by position.
    pub(crate) findings: &'a [Finding],
    /// Line starts of `source`.
    pub(crate) lines: &'a LineIndex,
}

impl FileReport<'_> {
    /// The line and column where `finding` starts and ends.
    pub(crate) fn range(&self, finding: &Finding) -> (LineColumn, LineColumn) {
        let start = self.lines.line_column(self.source, finding.span.start);
        let end = self.lines.line_column(self.source, finding.span.end);
        (start, end)
    }
}

/// Counts over a whole run.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Summary {
    /// Files checked.
    pub(crate) files: usize,
    /// Files with at least one finding.
    pub(crate) files_with_findings: usize,
    /// Findings at error level.
    pub(crate) errors: usize,
    /// Findings at warning level.
    pub(crate) warnings: usize,
    /// Findings at info level.
    pub(crate) infos: usize,
    /// Files that could not be read.
    pub(crate) unreadable: usize,
    /// Folders that could not be read while walking.
    pub(crate) unreadable_folders: usize,
    /// References not checked because links were checked offline.
    pub(crate) links_not_checked: usize,
    /// Link checks that stopped unexpectedly.
    pub(crate) link_failures: usize,
}

impl Summary {
    /// Adds one file with these numbers of findings at each level.
    pub(crate) fn add_file(&mut self, errors: usize, warnings: usize, infos: usize) {
        self.files += 1;
        if errors + warnings + infos > 0 {
            self.files_with_findings += 1;
        }
        self.errors += errors;
        self.warnings += warnings;
        self.infos += infos;
    }

    /// The closing line of the human and compact formats.
    pub(crate) fn line(&self) -> String {
        let files = plural(self.files, "file");
        let not_checked = match self.links_not_checked {
            0 => String::new(),
            1 => "; 1 link not checked (--offline)".to_owned(),
            count => format!("; {count} links not checked (--offline)"),
        };
        let tail = format!("{not_checked}{}", self.unreadable_part());
        if self.errors + self.warnings + self.infos == 0 {
            return format!("checked {files}: no findings{tail}");
        }
        let mut parts = vec![plural(self.errors, "error"), plural(self.warnings, "warning")];
        if self.infos > 0 {
            parts.push(format!("{} info", self.infos));
        }
        format!(
            "checked {files}: {} in {}{tail}",
            parts.join(", "),
            plural(self.files_with_findings, "file")
        )
    }

    /// Returns the part of the closing line that counts the files and folders that could not
    /// be read, or an empty string when there are none.
    fn unreadable_part(&self) -> String {
        let parts: Vec<String> = [(self.unreadable, "file"), (self.unreadable_folders, "folder")]
            .into_iter()
            .filter(|&(count, _)| count > 0)
            .map(|(count, noun)| plural(count, noun))
            .collect();
        if parts.is_empty() {
            return String::new();
        }
        format!("; {} could not be read", parts.join(" and "))
    }
}

/// Writes a count and a noun that takes `s` in the plural: `1 file`, `2 files`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

impl Format {
    /// Whether the format's file chunks can be written as they come; SARIF and `JUnit` need the
    /// totals first, so the printer keeps their chunks until the end.
    pub(crate) fn streams(self) -> bool {
        !matches!(self, Format::Sarif | Format::Junit)
    }

    /// Text written before the first file.
    pub(crate) fn header(self) -> String {
        match self {
            Format::Json => json::header(),
            _ => String::new(),
        }
    }

    /// The text of one file; may be empty.
    pub(crate) fn render_file(self, report: &FileReport<'_>, style: Style) -> String {
        match self {
            Format::Human if has_control_characters(report) => {
                let source = terminal_safe_source(report.source);
                let name = terminal_safe(report.name);
                let findings: Vec<Finding> = report
                    .findings
                    .iter()
                    .map(|finding| {
                        let mut safe = finding.clone();
                        safe.message = terminal_safe(&finding.message).into_owned();
                        safe.help =
                            finding.help.as_deref().map(|help| terminal_safe(help).into_owned());
                        safe
                    })
                    .collect();
                let safe = FileReport {
                    name: &name,
                    source: &source,
                    findings: &findings,
                    lines: report.lines,
                };
                human::render(&safe, style)
            }
            Format::Human => human::render(report, style),
            Format::Compact => terminal_safe(&compact::render(report)).into_owned(),
            Format::Json => json::render(report),
            Format::Github => terminal_safe(&github::render(report)).into_owned(),
            Format::Sarif => sarif::render(report),
            Format::Junit => junit::render(report),
        }
    }

    /// What goes between two non-empty file chunks.
    pub(crate) fn separator(self) -> &'static str {
        match self {
            Format::Json | Format::Sarif => ",\n",
            _ => "",
        }
    }

    /// Text written after the last file, given the chunks held back for non-streaming
    /// formats.
    pub(crate) fn footer(self, summary: &Summary, held: &[String]) -> String {
        match self {
            Format::Human | Format::Compact => format!("{}\n", summary.line()),
            Format::Json => json::footer(summary),
            Format::Github => String::new(),
            Format::Sarif => sarif::document(held),
            Format::Junit => junit::document(summary, held),
        }
    }
}

/// Whether a file's name, text or findings hold control characters that a terminal would act
/// on, such as an escape sequence that clears the screen.
fn has_control_characters(report: &FileReport<'_>) -> bool {
    let unsafe_char = |c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r');
    report.source.contains(unsafe_char)
        || report.name.contains(unsafe_char)
        || report.findings.iter().any(|finding| finding.message.contains(unsafe_char))
}

/// `text` with each control character other than newline and tab replaced by U+FFFD, so that
/// a hostile document cannot send escape sequences to the user's terminal.
pub(crate) fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !matches!(c, '\n' | '\t');
    // Printable ASCII, newlines and tabs are the common case, and checking bytes for them is
    // cheaper than decoding characters.
    let plain = text.bytes().all(|byte| matches!(byte, b' '..=b'~' | b'\n' | b'\t'));
    if plain || !text.contains(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if unsafe_char(c) { '\u{FFFD}' } else { c }).collect(),
    )
}

/// A copy of `source` for code frames with each control character other than newline, tab and
/// carriage return replaced by as many `?` as it has bytes, so that every span still points at
/// the same bytes.
fn terminal_safe_source(source: &str) -> String {
    source
        .chars()
        .flat_map(|c| {
            let replace = c.is_control() && !matches!(c, '\n' | '\t' | '\r');
            let (character, count) = if replace { ('?', c.len_utf8()) } else { (c, 1) };
            std::iter::repeat_n(character, count)
        })
        .collect()
}
