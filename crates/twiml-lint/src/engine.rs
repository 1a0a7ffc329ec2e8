//! Running the rules over a document: configuration, the well-formedness gate, inline
//! suppressions and the order findings come out in.

use std::borrow::Cow;

use twiml::{Document, LineIndex, Problem};

use crate::config::LintConfig;
use crate::finding::Finding;
use crate::rule::{Context, Emitter, Group, Rule};
use crate::rules;
use crate::suppression;

/// A file's decoded text and the findings about it.
#[derive(Debug)]
pub struct Checked<'b> {
    /// The text the findings' spans point into: the file as read, with each byte of an invalid
    /// UTF-8 sequence replaced by `?`.
    pub source: Cow<'b, str>,
    /// The findings, sorted by position.
    pub findings: Vec<Finding>,
}

/// Where a document is used, which limits the verbs Twilio runs in it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// The verbs Twilio allows at the top level, and the code it raises for others, when the
    /// document is fetched for a restricted role such as a whisper `url`.
    pub restricted_verbs: Option<(&'static [&'static str], Option<u32>)>,
}

/// Decodes, parses and lints the bytes of one file.
pub fn check_bytes<'b>(bytes: &'b [u8], config: &LintConfig) -> Checked<'b> {
    let (source, decode_problems) = twiml::decode(bytes);
    let findings = check_source(&source, bytes.len(), decode_problems, config, Usage::default());
    Checked { source, findings }
}

/// Parses and lints `source`, adding `problems` found while decoding it.
pub fn check_source(
    source: &str,
    byte_len: usize,
    problems: Vec<Problem>,
    config: &LintConfig,
    usage: Usage,
) -> Vec<Finding> {
    let mut document = twiml::parse(source);
    document.problems.extend(problems);
    document.problems.sort_by_key(|problem| problem.span.start);
    check_document(&document, byte_len, config, usage)
}

/// Lints a parsed document. When it is not well-formed, only the document and template rules
/// run: Twilio rejects the whole file, and findings about a broken tree would be noise.
pub fn check_document(
    document: &Document<'_>,
    byte_len: usize,
    config: &LintConfig,
    usage: Usage,
) -> Vec<Finding> {
    let mut context = Context::new(document, byte_len);
    context.restricted_verbs = usage.restricted_verbs;
    check_context(&context, config)
}

/// Lints the document of `context`, as [`check_document`] does. A caller that also checks the
/// document's links builds the context once for both.
pub fn check_context(context: &Context<'_, '_>, config: &LintConfig) -> Vec<Finding> {
    let document = context.document;
    let well_formed = document.is_well_formed();

    let mut findings = Vec::new();
    for &rule in rules::ALL {
        let Some(severity) = config.severity(rule.name, rule.default_severity) else { continue };
        let Some(check) = rule.check else { continue };
        if !well_formed && !reads_raw_text(rule) {
            continue;
        }
        let first = findings.len();
        check(context, &mut Emitter::new(rule, &mut findings));
        for finding in &mut findings[first..] {
            finding.severity = severity;
        }
    }

    if suppression::may_have_any(document.source) {
        let lines = LineIndex::new(document.source);
        let mut suppressions = suppression::collect(document, &lines);
        suppression::apply(&mut findings, &mut suppressions, document.source, &lines);
        // Unused suppressions are reported in two rounds, so that a suppression of
        // `unused-suppression` can silence the reports of the first round, and is itself
        // reported in the second when it silenced none.
        let own = crate::rules::UNUSED_SUPPRESSION.name;
        let mut unused = Vec::new();
        let ran = |rule: &Rule| well_formed || reads_raw_text(rule);
        report_unused_suppressions(&suppressions, config, &mut unused, |name| name != own, ran);
        suppression::apply(&mut unused, &mut suppressions, document.source, &lines);
        report_unused_suppressions(&suppressions, config, &mut unused, |name| name == own, ran);
        findings.append(&mut unused);
    }

    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
    findings
}

/// Checks whether `rule` runs on a document that is not well-formed. Document and template
/// rules read the raw text, which Twilio renders before it parses the XML; the others need
/// the tree.
fn reads_raw_text(rule: &Rule) -> bool {
    matches!(rule.group, Group::Document | Group::Templates)
}

/// Reports the unused suppressions whose rule name `select` picks. A suppression of a rule
/// for which `ran` returns false is not reported: whether it is needed is not known.
fn report_unused_suppressions(
    suppressions: &[suppression::Suppression],
    config: &LintConfig,
    findings: &mut Vec<Finding>,
    select: impl Fn(&str) -> bool,
    ran: impl Fn(&Rule) -> bool,
) {
    let rule = &crate::rules::UNUSED_SUPPRESSION;
    let Some(severity) = config.severity(rule.name, rule.default_severity) else { return };
    let mut emitter = Emitter::new(rule, findings);
    let unused = suppressions.iter().filter(|suppression| !suppression.used);
    for suppression in unused.filter(|suppression| select(&suppression.rule)) {
        let rule = rules::find(&suppression.rule);
        // Link findings are made after this pass, by the link checker, which applies the same
        // suppressions itself; whether one of them was used is not known here.
        if rule.is_some_and(|rule| rule.group == Group::Links || !ran(rule)) {
            continue;
        }
        let finding = if suppression.rule.is_empty() {
            emitter
                .emit(suppression.span, "this suppression names no rule, so it does nothing")
                .help("name the rules it silences: `<!-- twiml-lint-disable-next-line unknown-attribute -->`")
        } else if rule.is_none() {
            let finding = emitter.emit(
                suppression.span,
                format!("`{}` is not a rule, so this suppression does nothing", suppression.rule),
            );
            match rules::suggest(&suppression.rule) {
                Some(name) => finding.help(format!("did you mean `{name}`?")),
                None => finding.help("`twiml-lint rules` lists every rule"),
            }
        } else {
            emitter
                .emit(
                    suppression.span,
                    format!("suppression of `{}` suppresses nothing", suppression.rule),
                )
                .help("remove it, or move it to the line before the finding it is meant for")
        };
        finding.severity = severity;
    }
}
