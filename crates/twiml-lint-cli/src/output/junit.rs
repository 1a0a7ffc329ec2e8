//! The `JUnit` XML format: one test case per file, failing when the file has errors or warnings,
//! for CI systems that show test reports.
//!
//! A failing test case contains one `<failure>` whose text lists every error and warning of the
//! file, one compact line each, because the Apache Ant `JUnit` schema (`JUnit.xsd` of
//! windyroad/JUnit-Schema) allows at most one `<failure>` in a `<testcase>`. One test case per
//! file, rather than per finding, keeps the number of tests equal to the number of files and
//! keeps each test's name stable when findings move between lines. A CI system that compares
//! runs then shows a file turn clean, not findings that vanish while new ones appear.

use std::fmt::Write as _;

use twiml_lint::{Finding, Severity};

use super::{FileReport, Summary, compact, plural};

pub(super) fn render(report: &FileReport<'_>) -> String {
    let mut out = format!(
        "    <testcase classname=\"twiml-lint\" name=\"{}\"",
        escape_attribute(report.name)
    );
    // Info findings (links not checked offline, say) never fail a run, so they are no failure.
    let failures: Vec<&Finding> =
        report.findings.iter().filter(|finding| finding.severity != Severity::Info).collect();
    if failures.is_empty() {
        out.push_str("/>\n");
        return out;
    }

    let errors = failures.iter().filter(|finding| finding.severity == Severity::Error).count();
    let warnings = failures.len() - errors;
    let (kind, message) = match (errors, warnings) {
        (0, _) => ("warning", plural(warnings, "warning")),
        (_, 0) => ("error", plural(errors, "error")),
        _ => ("error", format!("{} and {}", plural(errors, "error"), plural(warnings, "warning"))),
    };
    let mut lines = String::new();
    for finding in failures {
        compact::write_line(&mut lines, report, finding);
    }
    let _ = write!(
        out,
        ">\n      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n    </testcase>\n",
        escape_attribute(&message),
        escape_text(lines.trim_end_matches('\n')),
    );
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

/// Escapes `text` for an attribute value in double quotes. Tab, line feed and carriage return
/// become character references, because an XML reader turns each raw one into a space there.
fn escape_attribute(text: &str) -> String {
    escape(text, &['\t', '\n', '\r'])
}

/// Escapes `text` for element content. A carriage return becomes a character reference,
/// because an XML reader turns a raw one into a line feed there.
fn escape_text(text: &str) -> String {
    escape(text, &['\r'])
}

/// Escapes the markup characters of `text` and writes each character of `references` as a
/// character reference.
fn escape(text: &str, references: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if references.contains(&c) => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            // XML 1.0 cannot contain most control characters, U+FFFE or U+FFFF, even escaped.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_attribute_writes_line_breaks_as_references() {
        assert_eq!(escape_attribute("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
    }

    #[test]
    fn escape_text_keeps_tab_and_line_feed() {
        assert_eq!(escape_text("a\tb\nc\rd"), "a\tb\nc&#13;d");
    }

    #[test]
    fn escape_replaces_characters_invalid_in_xml() {
        assert_eq!(escape_attribute("\u{1b}[2J\u{FFFE}"), "\u{FFFD}[2J\u{FFFD}");
        assert_eq!(escape_text("\u{7}\u{FFFF}"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn escape_writes_markup_characters_as_entities() {
        assert_eq!(
            escape_attribute("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
