//! The compact format: one `path:line:col: severity[rule] message` line per finding, for
//! editors, grep and scripts.

use std::fmt::Write as _;

use twiml_lint::Finding;

use super::FileReport;

pub(super) fn render(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        write_line(&mut out, report, finding);
    }
    out
}

/// Writes the line of one finding of `report`, with its line end.
pub(super) fn write_line(out: &mut String, report: &FileReport<'_>, finding: &Finding) {
    let start = report.lines.line_column(report.source, finding.span.start);
    let _ = write!(
        out,
        "{}:{}:{}: {}[{}] {}",
        one_line(report.name),
        start.line,
        start.column,
        finding.severity,
        finding.rule,
        one_line(&finding.message)
    );
    if let Some(code) = finding.twilio_code {
        let _ = write!(out, " (Twilio {code})");
    }
    out.push('\n');
}

/// Writes line breaks in `text` as `\n` and `\r`, so that each finding stays one line: a
/// message may quote a value that spans lines, and a file name may hold a newline.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace('\n', "\\n").replace('\r', "\\r"))
}
