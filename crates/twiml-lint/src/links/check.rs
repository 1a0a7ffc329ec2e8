//! The link check over a set of local documents held in memory, for callers that have them
//! all at hand: [`check`] runs [`check_file`] on each document and a [`Session`] over all of
//! them, and returns every finding with the whole call-flow graph.
//!
//! The `twiml-lint check` command streams its files through the same two steps instead, so
//! that it never holds every document at once.

use serde::Serialize;

use crate::config::LintConfig;
use crate::finding::Finding;
use crate::links::graph::Graph;
use crate::links::local::{Files, LinkContext, check_file, finish_findings};
use crate::links::session::{Session, SessionInput};
use crate::links::{LinkError, LinkOptions, LocalDocument};
use crate::rule::Context;

/// A finding about one of the local documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileFinding {
    /// The index of the document in the slice given to [`check`].
    pub file: usize,
    /// The finding; its span points into that document's source.
    pub finding: Finding,
}

/// Counts of what the link check did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LinkStats {
    /// References examined, in local and fetched documents.
    pub references: usize,
    /// Unique requests needed.
    pub requests: usize,
    /// Requests answered from the network.
    pub fetched: usize,
    /// Requests answered from the cache.
    pub cached: usize,
    /// References resolved to local files.
    pub local: usize,
    /// References not checked because links are checked offline: URLs to request, and relative
    /// URLs that only a deployed URL would resolve.
    pub offline: usize,
}

/// What the link check found.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    /// Findings, sorted by file and position.
    pub findings: Vec<FileFinding>,
    /// The call-flow graph.
    pub graph: Graph,
    /// Problems of the run itself, such as a corrupt cache, for the user to see.
    pub warnings: Vec<String>,
    /// Checks that stopped unexpectedly, one message each; the run must not pass.
    pub failures: Vec<String>,
    /// Counts.
    pub stats: LinkStats,
}

/// Checks the links of `documents` on a runtime of its own, for callers that are not async.
pub fn check_blocking(
    documents: &[LocalDocument],
    options: &LinkOptions,
    config: &LintConfig,
) -> Result<LinkReport, LinkError> {
    // One thread is enough: requests wait on the network, and the walk itself is one task.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(LinkError::Runtime)?;
    runtime.block_on(check(documents, options, config))
}

/// Checks the links of `documents`: every reference, the documents they lead to, and the
/// loops among them.
pub async fn check(
    documents: &[LocalDocument],
    options: &LinkOptions,
    config: &LintConfig,
) -> Result<LinkReport, LinkError> {
    let files = Files::new(documents.iter().map(|document| document.path.clone()).collect());
    let cache = options.open_cache()?;
    let context =
        LinkContext { options, config, files: &files, full_graph: true, cache: cache.as_ref() };
    let loader = |index: usize| documents.get(index).map(|document| document.source.clone());
    let mut session: Session<'_, ()> = Session::new(context, &loader)?;

    let parsed: Vec<twiml::Document<'_>> =
        documents.iter().map(|document| twiml::parse(&document.source)).collect();
    let mut local = Vec::with_capacity(parsed.len());
    for (index, document) in parsed.iter().enumerate() {
        let lint_context = Context::new(document, document.source.len());
        let mut links = check_file(&lint_context, index, &context);
        local.push(std::mem::take(&mut links.findings));
        session.accept(SessionInput::Reported(links));
    }
    session.drive(None, |_| {}).await;
    let (report, mut remote) = session.finish_with_findings();

    let mut findings = Vec::new();
    for (index, (document, mut file_findings)) in parsed.iter().zip(local).enumerate() {
        file_findings.extend(remote.remove(&index).unwrap_or_default());
        finish_findings(document, &mut file_findings);
        findings
            .extend(file_findings.into_iter().map(|finding| FileFinding { file: index, finding }));
    }
    Ok(LinkReport {
        findings,
        graph: report.graph,
        warnings: report.warnings,
        failures: report.failures,
        stats: report.stats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline() -> LinkOptions {
        LinkOptions { offline: true, ..LinkOptions::default() }
    }

    fn rules_of(report: &LinkReport) -> Vec<(usize, &'static str)> {
        report.findings.iter().map(|found| (found.file, found.finding.rule)).collect()
    }

    fn run(documents: &[LocalDocument], options: &LinkOptions) -> LinkReport {
        check_blocking(documents, options, &LintConfig::default()).expect("link check runs")
    }

    #[test]
    fn redirect_pair_reported_as_loop() {
        let documents = [
            LocalDocument::new("a.xml", "<Response><Redirect>b.xml</Redirect></Response>"),
            LocalDocument::new(
                "b.xml",
                "<Response><Say>Hi</Say><Redirect>a.xml</Redirect></Response>",
            ),
        ];
        let report = run(&documents, &offline());
        assert_eq!(rules_of(&report), [(0, "call-flow-loop")]);
        let message = &report.findings[0].finding.message;
        assert_eq!(
            message,
            "`<Redirect>` to `b.xml` closes a loop that no caller input can leave: b.xml → a.xml → b.xml"
        );
        assert_eq!(report.graph.nodes.len(), 2);
        assert_eq!(report.graph.edges.len(), 2);
    }

    #[test]
    fn gather_then_redirect_back_is_not_a_loop() {
        let documents = [
            LocalDocument::new(
                "a.xml",
                "<Response><Gather action=\"b.xml\"><Say>Press 1</Say></Gather></Response>",
            ),
            LocalDocument::new("b.xml", "<Response><Redirect>a.xml</Redirect></Response>"),
        ];
        let report = run(&documents, &offline());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }

    #[test]
    fn self_redirect_reported_at_its_span() {
        let source = "<Response><Say>Hold on</Say><Redirect>a.xml</Redirect></Response>";
        let documents = [LocalDocument::new("a.xml", source)];
        let report = run(&documents, &offline());
        assert_eq!(rules_of(&report), [(0, "call-flow-loop")]);
        assert_eq!(report.findings[0].finding.span.text(source), Some("a.xml"));
    }

    #[test]
    fn empty_redirect_after_say_loops() {
        let source = "<Response><Say>Hello</Say><Redirect/></Response>";
        let report = run(&[LocalDocument::new("a.xml", source)], &offline());
        assert_eq!(rules_of(&report), [(0, "call-flow-loop")]);
        assert_eq!(report.findings[0].finding.span.text(source), Some("Redirect"));
    }

    #[test]
    fn loop_in_two_contexts_reported_once() {
        let documents = [
            LocalDocument::new(
                "q.xml",
                "<Response><Enqueue waitUrl=\"w.xml\">q</Enqueue></Response>",
            ),
            LocalDocument::new("w.xml", "<Response><Redirect>w.xml</Redirect></Response>"),
        ];
        let report = run(&documents, &offline());
        assert_eq!(rules_of(&report), [(1, "call-flow-loop")]);
    }

    #[test]
    fn queue_agent_redirect_not_a_loop() {
        for redirect in ["<Redirect/>", "<Redirect>agent.xml</Redirect>"] {
            let source =
                format!("<Response><Dial><Queue>support</Queue></Dial>{redirect}</Response>");
            let report = run(&[LocalDocument::new("agent.xml", &source)], &offline());
            assert!(report.findings.is_empty(), "{redirect}: {:?}", report.findings);
        }
    }

    #[test]
    fn remote_links_counted_offline() {
        let source = "<Response><Play>https://example.com/a.mp3</Play><Redirect>https://example.com/next</Redirect></Response>";
        let documents = [LocalDocument::new("a.xml", source)];
        let report = run(&documents, &offline());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!(report.stats.offline, 2);
        assert_eq!(report.stats.requests, 0);
    }

    #[test]
    fn private_literal_address_broken_even_offline() {
        let source = "<Response><Redirect>http://10.0.0.5/next</Redirect></Response>";
        let report = run(&[LocalDocument::new("a.xml", source)], &offline());
        assert_eq!(rules_of(&report), [(0, "broken-link")]);
        assert!(report.findings[0].finding.message.contains("a private address 10.0.0.5"));
    }

    #[test]
    fn restricted_local_document_checked_against_its_verbs() {
        let main =
            "<Response><Dial><Number url=\"whisper.xml\">+15005550006</Number></Dial></Response>";
        let whisper = "<Response><Dial>+15005550007</Dial></Response>";
        let documents =
            [LocalDocument::new("main.xml", main), LocalDocument::new("whisper.xml", whisper)];
        let report = run(&documents, &offline());
        assert_eq!(rules_of(&report), [(1, "restricted-document-verb")]);
        let finding = &report.findings[0].finding;
        assert_eq!(finding.twilio_code, Some(13201));
        assert!(
            finding.message.ends_with("because main.xml uses this document as `<Number url>`"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn unresolvable_relative_reference_unverified() {
        let source = "<Response><Redirect>nowhere.xml</Redirect></Response>";
        let report = run(&[LocalDocument::new("a.xml", source)], &offline());
        assert_eq!(rules_of(&report), [(0, "unverified-link")]);
    }

    #[test]
    fn suppression_silences_link_findings() {
        let source = "<Response>\n<!-- twiml-lint-disable-next-line unverified-link -->\n<Redirect>https://example.com/x</Redirect>\n</Response>";
        let report = run(&[LocalDocument::new("a.xml", source)], &offline());
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }

    #[test]
    fn bins_without_credentials_unverified() {
        let source = "<Response><Redirect>https://handler.twilio.com/twiml/EH00000000000000000000000000000000</Redirect></Response>";
        let options = LinkOptions { offline: false, ..LinkOptions::default() };
        let report = run(&[LocalDocument::new("a.xml", source)], &options);
        assert_eq!(rules_of(&report), [(0, "unverified-link")]);
        assert!(report.findings[0].finding.message.contains("no credentials were given"));
        assert_eq!(report.stats.requests, 0, "nothing may be requested without credentials");
    }
}
