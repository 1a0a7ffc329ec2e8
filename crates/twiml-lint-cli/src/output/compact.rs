//! The compact format: one `path:line:col: severity[rule] message` line per finding, for
//! editors, grep and scripts.

use std::fmt::Write as _;

use super::FileReport;

pub(super) fn render(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let start = report.lines.line_column(report.source, finding.span.start);
        let _ = write!(
            out,
            "{}:{}:{}: {}[{}] {}",
            report.name, start.line, start.column, finding.severity, finding.rule, finding.message
        );
        if let Some(code) = finding.twilio_code {
            let _ = write!(out, " (Twilio {code})");
        }
        out.push('\n');
    }
    out
}
