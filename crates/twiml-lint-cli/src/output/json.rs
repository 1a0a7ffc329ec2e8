//! The JSON format: one document, `{"version": 1, "files": [...], "summary": {...}}`, written
//! file by file. The fields are described in docs/output.md and only ever added to.

use std::fmt::Write as _;

use serde_json::{Value, json};
use twiml_lint::Finding;

use super::{FileReport, Summary};

/// The version of the JSON layout, raised only when a field changes meaning or goes away.
const VERSION: u32 = 1;

pub(super) fn header() -> String {
    format!("{{\"version\": {VERSION},\n\"files\": [\n")
}

pub(super) fn render(report: &FileReport<'_>) -> String {
    // Each finding is written out as soon as it is built, so that a file with many findings
    // never keeps all of them in memory as JSON values. serde_json, built without its
    // `preserve_order` feature, writes an object's keys sorted, so `findings` comes first.
    let mut out = String::from("{\"findings\":[");
    for (index, finding) in report.findings.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", finding_value(report, finding));
    }
    let _ = write!(out, "],\"path\":{}}}", Value::from(report.name));
    out
}

/// Builds the JSON object of one finding of `report`.
fn finding_value(report: &FileReport<'_>, finding: &Finding) -> Value {
    let (start, end) = report.range(finding);
    let related: Vec<Value> = finding
        .related
        .iter()
        .map(|related| {
            let at = report.lines.line_column(report.source, related.span.start);
            json!({
                "message": related.message,
                "span": { "start": related.span.start, "end": related.span.end },
                "start": { "line": at.line, "column": at.column },
            })
        })
        .collect();
    json!({
        "rule": finding.rule,
        "severity": finding.severity.as_str(),
        "message": finding.message,
        "help": finding.help,
        "twilio_code": finding.twilio_code,
        "span": { "start": finding.span.start, "end": finding.span.end },
        "start": { "line": start.line, "column": start.column },
        "end": { "line": end.line, "column": end.column },
        "related": related,
    })
}

pub(super) fn footer(summary: &Summary) -> String {
    let summary = json!({
        "files": summary.files,
        "files_with_findings": summary.files_with_findings,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "infos": summary.infos,
        "unreadable": summary.unreadable,
        "unreadable_folders": summary.unreadable_folders,
        "links_not_checked": summary.links_not_checked,
    });
    format!("\n],\n\"summary\": {summary}}}\n")
}
