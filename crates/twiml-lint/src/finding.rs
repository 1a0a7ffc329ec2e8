//! Findings: what a rule reports about a document, as data. The binary decides how to show
//! them; [`Finding::to_diagnostic`] gives miette a view with code frames.

use std::fmt;

use serde::Serialize;
use twiml::Span;

use crate::FrameSource;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing. Does not fail a run.
    Info,
    /// Twilio ignores it, or it is almost surely a mistake. Does not fail a run.
    Warning,
    /// Twilio rejects it or the call fails. Fails a run.
    Error,
}

impl Severity {
    /// The lowercase name used in config files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a severity as written in a config file.
    pub fn parse(value: &str) -> Option<Severity> {
        match value {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A secondary location that explains a finding, such as the first of two duplicate
/// attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// The bytes it points at.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One thing a rule found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The kebab-case name of the rule, such as `unknown-attribute`.
    pub rule: &'static str,
    /// The severity after configuration.
    pub severity: Severity,
    /// The bytes the finding is about.
    pub span: Span,
    /// A lowercase sentence naming what is wrong, without a trailing period.
    pub message: String,
    /// What to do about it, if the rule can say.
    pub help: Option<String>,
    /// The Twilio error or warning code a call or message would raise.
    pub twilio_code: Option<u32>,
    /// Other locations that explain the finding.
    pub related: Vec<Related>,
}

impl Finding {
    /// Sets the help text.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Finding {
        self.help = Some(help.into());
        self
    }

    /// Sets the Twilio code, replacing the rule's default.
    pub fn code(&mut self, code: u32) -> &mut Finding {
        self.twilio_code = Some(code);
        self
    }

    /// Adds a related location.
    pub fn related(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.related.push(Related { span, message: message.into() });
        self
    }

    /// Builds a miette diagnostic for this finding, with code frames drawn from `source`.
    pub fn to_diagnostic<'a>(&self, source: &'a FrameSource<'a>) -> FindingDiagnostic<'a> {
        let source_len = source.text().len();
        let mut labels = vec![miette::LabeledSpan::new_primary_with_span(
            None,
            to_source_span(self.span, source_len),
        )];
        labels.extend(self.related.iter().map(|related| {
            miette::LabeledSpan::new_with_span(
                Some(related.message.clone()),
                to_source_span(related.span, source_len),
            )
        }));
        FindingDiagnostic { labels, source: Some(source), ..self.to_diagnostic_without_source() }
    }

    /// Builds a miette diagnostic for this finding with no code frame, for a finding on a line
    /// too long to show. The message names `name`, the `line` and the `column` instead.
    pub fn to_diagnostic_without_frame(
        &self,
        name: &str,
        line: usize,
        column: usize,
    ) -> FindingDiagnostic<'static> {
        let mut diagnostic = self.to_diagnostic_without_source();
        diagnostic.message = format!("{name}:{line}:{column}: {}", self.message);
        diagnostic
    }

    /// Builds a miette diagnostic with the message, code, severity and help of this finding,
    /// and no labels and no source.
    fn to_diagnostic_without_source(&self) -> FindingDiagnostic<'static> {
        FindingDiagnostic {
            message: self.message.clone(),
            code: match self.twilio_code {
                Some(code) => format!("{}, Twilio {code}", self.rule),
                None => self.rule.to_owned(),
            },
            severity: match self.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: self.help.clone(),
            labels: Vec::new(),
            source: None,
        }
    }
}

/// Converts a byte span to miette's, clamped to the source.
fn to_source_span(span: Span, source_len: usize) -> miette::SourceSpan {
    let start = span.start.min(source_len);
    let end = span.end.clamp(start, source_len);
    miette::SourceSpan::new(start.into(), end - start)
}

/// A [`Finding`] in miette's terms: message, code, severity, help and labeled spans into the
/// document it borrows.
#[derive(Debug)]
pub struct FindingDiagnostic<'a> {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<miette::LabeledSpan>,
    source: Option<&'a FrameSource<'a>>,
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl miette::Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}
