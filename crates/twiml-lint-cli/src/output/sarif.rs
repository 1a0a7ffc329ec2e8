//! The SARIF 2.1.0 format, for GitHub code scanning and other static analysis dashboards.

use std::fmt::Write as _;

use serde_json::{Value, json};
use twiml_lint::{Severity, rules};

use super::FileReport;

/// Renders one file's findings as SARIF result objects, comma-separated.
pub(super) fn render(report: &FileReport<'_>) -> String {
    let results: Vec<String> = report
        .findings
        .iter()
        .map(|finding| {
            let (start, end) = report.range(finding);
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str(". Help: ");
                message.push_str(help);
            }
            json!({
                "ruleId": finding.rule,
                "level": level(finding.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(report.name) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        },
                    },
                }],
                "properties": { "twilioCode": finding.twilio_code },
            })
            .to_string()
        })
        .collect();
    results.join(",\n")
}

/// The whole SARIF log around the result chunks.
pub(super) fn document(chunks: &[String]) -> String {
    let rule_list: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.doc() },
                "defaultConfiguration": { "level": level(rule.default_severity) },
                "properties": { "group": rule.group.as_str(), "twilioCode": rule.twilio_code },
            })
        })
        .collect();
    let driver = json!({
        "name": "twiml-lint",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": env!("CARGO_PKG_REPOSITORY"),
        "rules": rule_list,
    });
    let results: Vec<&str> = chunks.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
    format!(
        "{{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n\"version\": \"2.1.0\",\n\
         \"runs\": [{{\"tool\": {{\"driver\": {driver}}},\n\"results\": [\n{}\n]}}]}}\n",
        results.join(",\n")
    )
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path, with `/` separators and `%`-escapes where a URI
/// needs them.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}
