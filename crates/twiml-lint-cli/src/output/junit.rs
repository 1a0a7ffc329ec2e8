//! The `JUnit` XML format: one test case per file, failing when the file has errors or warnings,
//! for CI systems that show test reports.

use std::fmt::Write as _;

use twiml_lint::Severity;

use super::{FileReport, Summary};

pub(super) fn render(report: &FileReport<'_>) -> String {
    let mut out =
        format!("    <testcase classname=\"twiml-lint\" name=\"{}\"", escape(report.name));
    // Info findings (links not checked offline, say) never fail a run, so they are no failure.
    let failures: Vec<_> =
        report.findings.iter().filter(|finding| finding.severity != Severity::Info).collect();
    if failures.is_empty() {
        out.push_str("/>\n");
        return out;
    }
    out.push_str(">\n");
    for finding in failures {
        let (start, _) = report.range(finding);
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}[{}] {}</failure>",
            escape(finding.rule),
            escape(&finding.message),
            escape(report.name),
            start.line,
            start.column,
            finding.severity,
            finding.rule,
            escape(&finding.message),
        );
    }
    out.push_str("    </testcase>\n");
    out
}

pub(super) fn document(summary: &Summary, chunks: &[String]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    let _ = writeln!(
        out,
        "  <testsuite name=\"twiml-lint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
        summary.files,
        chunks.iter().filter(|chunk| chunk.contains("<failure ")).count(),
        summary.unreadable + summary.unreadable_folders
    );
    for chunk in chunks {
        out.push_str(chunk);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 cannot hold most control characters, even escaped.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
