//! The GitHub format: workflow commands (`::error file=…,line=…::message`) that GitHub Actions
//! turns into annotations on the pull request.

use std::fmt::Write as _;

use twiml_lint::Severity;

use super::FileReport;

pub(super) fn render(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let (start, end) = report.range(finding);
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let title = match finding.twilio_code {
            Some(code) => format!("twiml-lint {} (Twilio {code})", finding.rule),
            None => format!("twiml-lint {}", finding.rule),
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(report.name),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&title),
            escape_data(&message),
        );
    }
    out
}

/// Escapes a command's message as the workflow command syntax requires.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_property_escapes_separators() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
