//! The link check across documents: requests, the documents they fetch, local files that
//! reference each other, and the call-flow graph with its loops.
//!
//! One task owns all state and reacts to arriving documents and finished requests, so nothing
//! here needs a lock. Local documents arrive as [`FileLinks`] from [`check_file`], in any
//! order; the session takes them in index order, so that the graph and every message are the
//! same whatever order the threads finish in. Each unique request (method, URL, parameters,
//! signing) is made once per run; every reference waiting on it gets its own finding at its
//! own span. A fetched document is linted once per context it is used in, and its findings
//! point at the local reference that led to it, naming the remote URL.
//!
//! A document is *released* once no request started from it is still waiting: the caller
//! may then report it with the findings so far. Findings that come later, such as a loop
//! found when the graph is complete, make the document *late*, and [`SessionReport::late`]
//! lists it with all of its findings.
//!
//! [`check_file`]: super::local::check_file

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedReceiver;
use tokio::task::JoinSet;
use twiml::LineIndex;
use twiml::schema::UrlRole;
use url::Url;

use crate::engine::check_document;
use crate::finding::Finding;
use crate::links::cache::{self, Cache};
use crate::links::fetch::{FetchError, FetchResponse, Fetcher};
use crate::links::graph::{Edge, Graph, NodeKind, NodeUse, Origin};
use crate::links::local::{
    FileLinks, LinkContext, PendingRequest, RecordedStep, RemoteOutcome, Step, cached_response,
    dials_queue, finding_of, only_redirects, restricted_usage, triage, usage_of,
};
use crate::links::reference::{Reference, extract};
use crate::links::resolve::{Place, normalize};
use crate::links::verdict::{
    Body, Judgement, Verdict, judge_error, judge_local_document, judge_local_media, judge_response,
};
use crate::links::{LinkError, LinkOptions, LinkStats, display_outside_path, display_path};
use crate::rule::Context;
use crate::rules;

/// Reads the text of the run's file at an index, for documents the session visits again in
/// another context; `None` when it cannot be read.
pub type Loader<'r> = &'r (dyn Fn(usize) -> Option<String> + Sync);

/// One local document for the session.
#[derive(Debug)]
pub enum SessionInput<H> {
    /// A document whose caller keeps `H` until the session releases it.
    Held(FileLinks, H),
    /// A document the caller has already reported, with what [`check_file`] found.
    ///
    /// [`check_file`]: super::local::check_file
    Reported(FileLinks),
    /// A file that could not be read, so that the documents after it are not kept waiting.
    Skipped(usize),
}

/// A held document whose requests all have a response.
#[derive(Debug)]
pub struct Released<H> {
    /// The index of the document.
    pub file: usize,
    /// What the caller handed over with it.
    pub held: H,
    /// The session's findings about it so far, before suppressions.
    pub findings: Vec<Finding>,
}

/// What the session found once every document was seen.
#[derive(Debug, Default)]
pub struct SessionReport {
    /// Documents that got findings after they were reported or released, each with every
    /// finding the session made about it, before suppressions.
    pub late: Vec<(usize, Vec<Finding>)>,
    /// The call-flow graph.
    pub graph: Graph,
    /// Problems of the run itself, such as a corrupt cache, for the user to see.
    pub warnings: Vec<String>,
    /// Checks that stopped unexpectedly, one message each. The references they were for are
    /// reported as unverified, and the run must not pass.
    pub failures: Vec<String>,
    /// Counts.
    pub stats: LinkStats,
}

/// The local reference a finding is reported at, and the fetched documents on the way.
#[derive(Debug, Clone)]
struct Trail {
    origin: Origin,
    /// The remote URLs between the local reference and the current document.
    via: Vec<String>,
}

/// A reference waiting for the answer to its request.
#[derive(Debug, Clone)]
struct Waiter {
    trail: Trail,
    reference: Reference,
    shown_url: String,
    node: Option<usize>,
    usage: NodeUse,
    depth: usize,
    substituted_get: bool,
}

#[derive(Debug)]
enum RequestState {
    Pending(Vec<Waiter>),
    Done(Arc<Result<FetchResponse, FetchError>>),
}

/// A document whose references are being handled.
struct Visit {
    node: usize,
    usage: NodeUse,
    place: Place,
    trail: Option<Trail>,
    depth: usize,
}

/// The state of the link check across documents; see the module docs.
pub struct Session<'r, H> {
    context: LinkContext<'r>,
    loader: Loader<'r>,
    fetcher: Option<Arc<Fetcher>>,
    graph: Graph,
    warnings: Vec<String>,
    failures: Vec<String>,
    stats: LinkStats,
    requests: HashMap<String, RequestState>,
    /// Request key → cache key, for requests that may be stored.
    cache_keys: HashMap<String, cache::Key>,
    visited: HashSet<usize>,
    /// Files outside the run that references led to, by graph node, with the judgement of
    /// each that failed.
    outside_failures: HashMap<usize, Option<Judgement>>,
    tasks: JoinSet<(String, Result<FetchResponse, FetchError>)>,
    /// The request key of each task, for a task that panics and so returns none.
    task_keys: HashMap<tokio::task::Id, String>,
    timed_out: bool,

    /// The index of the next document to take.
    next_file: usize,
    /// Documents that arrived before the ones in front of them.
    arrived: BTreeMap<usize, SessionInput<H>>,
    /// Documents taken but still waiting for requests, with what their caller handed over.
    held: HashMap<usize, H>,
    /// Requests still waiting, by the local document they were started from.
    outstanding: HashMap<usize, usize>,
    /// Every finding the session made, by document.
    findings: HashMap<usize, Vec<Finding>>,
    /// Documents reported or released: any later finding makes them late.
    reported: HashSet<usize>,
    late: BTreeSet<usize>,
    releases: Vec<Released<H>>,
}

impl<H> std::fmt::Debug for Session<'_, H> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Session")
            .field("next_file", &self.next_file)
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl<'r, H> Session<'r, H> {
    /// Starts a session over the run's files; `loader` reads a file again when another
    /// document uses it in a restricted or wait context.
    pub fn new(context: LinkContext<'r>, loader: Loader<'r>) -> Result<Session<'r, H>, LinkError> {
        let options = context.options;
        let fetcher = if options.offline { None } else { Some(Arc::new(Fetcher::new(options)?)) };
        Ok(Session {
            context,
            loader,
            fetcher,
            graph: Graph::default(),
            warnings: Vec::new(),
            failures: Vec::new(),
            stats: LinkStats::default(),
            requests: HashMap::new(),
            cache_keys: HashMap::new(),
            visited: HashSet::new(),
            outside_failures: HashMap::new(),
            tasks: JoinSet::new(),
            task_keys: HashMap::new(),
            timed_out: false,
            next_file: 0,
            arrived: BTreeMap::new(),
            held: HashMap::new(),
            outstanding: HashMap::new(),
            findings: HashMap::new(),
            reported: HashSet::new(),
            late: BTreeSet::new(),
            releases: Vec::new(),
        })
    }

    fn options(&self) -> &'r LinkOptions {
        self.context.options
    }

    /// Takes one document, and every waiting one whose turn has come.
    pub fn accept(&mut self, input: SessionInput<H>) {
        let file = match &input {
            SessionInput::Held(links, _) | SessionInput::Reported(links) => links.file,
            SessionInput::Skipped(file) => *file,
        };
        self.arrived.insert(file, input);
        while let Some(input) = self.arrived.remove(&self.next_file) {
            self.next_file += 1;
            self.take(input);
        }
    }

    /// Takes batches of inputs from `inputs` until it closes and every request is answered, or the run
    /// time limit passes, calling `on_release` with the documents released since its last
    /// call.
    pub async fn drive(
        &mut self,
        mut inputs: Option<&mut UnboundedReceiver<Vec<SessionInput<H>>>>,
        mut on_release: impl FnMut(Vec<Released<H>>),
    ) {
        let deadline = tokio::time::Instant::now() + self.options().run_timeout;
        loop {
            if !self.releases.is_empty() {
                on_release(std::mem::take(&mut self.releases));
            }
            let open = inputs.is_some();
            if !open && self.tasks.is_empty() {
                break;
            }
            tokio::select! {
                input = async { inputs.as_mut()?.recv().await }, if open => match input {
                    Some(batch) => {
                        for input in batch {
                            self.accept(input);
                        }
                    }
                    None => inputs = None,
                },
                next = self.tasks.join_next_with_id(), if !self.tasks.is_empty() => match next {
                    Some(Ok((id, (key, result)))) => {
                        self.task_keys.remove(&id);
                        self.complete(&key, result);
                    }
                    Some(Err(error)) => self.task_failed(error),
                    None => {}
                },
                () = tokio::time::sleep_until(deadline), if !self.timed_out => {
                    // Dropping the set aborts the requests still running.
                    self.tasks = JoinSet::new();
                    self.task_keys.clear();
                    self.time_out();
                }
            }
        }
        // Documents still held here waited on requests that never started.
        let held: Vec<usize> = self.held.keys().copied().collect();
        for file in held {
            self.release(file);
        }
        if !self.releases.is_empty() {
            on_release(std::mem::take(&mut self.releases));
        }
        if let Some(progress) = &self.options().progress {
            progress.finish();
        }
    }

    /// Reports the loops, saves the cache, and returns what was found.
    pub fn finish(mut self) -> SessionReport {
        self.close();
        let mut findings = std::mem::take(&mut self.findings);
        let late = self
            .late
            .iter()
            .map(|&file| (file, findings.remove(&file).unwrap_or_default()))
            .collect();
        SessionReport {
            late,
            graph: self.graph,
            warnings: self.warnings,
            failures: self.failures,
            stats: self.stats,
        }
    }

    /// Like [`Session::finish`], and returns every finding the session made by document,
    /// for callers that report all documents at the end.
    pub(crate) fn finish_with_findings(mut self) -> (SessionReport, HashMap<usize, Vec<Finding>>) {
        self.close();
        let findings = std::mem::take(&mut self.findings);
        let report = SessionReport {
            late: Vec::new(),
            graph: self.graph,
            warnings: self.warnings,
            failures: self.failures,
            stats: self.stats,
        };
        (report, findings)
    }

    fn close(&mut self) {
        self.graph.remove_unreachable_main_nodes();
        self.report_loops();
        if let Some(cache) = self.context.cache {
            self.warnings.extend(cache.warnings());
            if let Err(error) = cache.save() {
                let warning = format!(
                    "cannot write the link cache {}: {error}",
                    self.options()
                        .cache
                        .as_ref()
                        .map_or_else(String::new, |cache| cache.path.display().to_string())
                );
                self.warnings.push(warning);
            }
        }
    }

    fn take(&mut self, input: SessionInput<H>) {
        let (links, held) = match input {
            SessionInput::Skipped(file) => {
                self.reported.insert(file);
                return;
            }
            SessionInput::Held(links, held) => (links, Some(held)),
            SessionInput::Reported(links) => (links, None),
        };
        let file = links.file;
        self.stats.references += links.references;
        self.stats.local += links.local;
        self.stats.offline += links.offline;
        self.stats.requests += links.cached;
        self.stats.cached += links.cached;
        if links.needs_session() {
            self.visit_recorded(links);
        } else if self.context.full_graph {
            // A drawn graph shows every file given, with references or not.
            self.graph.node(&self.label_of(file), NodeKind::File, NodeUse::Main);
        }
        if let Some(held) = held {
            self.held.insert(file, held);
            if self.outstanding.get(&file).copied().unwrap_or(0) == 0 {
                self.release(file);
            }
        } else {
            if self.findings.get(&file).is_some_and(|found| !found.is_empty()) {
                self.late.insert(file);
            }
            self.reported.insert(file);
        }
    }

    fn release(&mut self, file: usize) {
        let Some(held) = self.held.remove(&file) else { return };
        self.reported.insert(file);
        let findings = self.findings.get(&file).cloned().unwrap_or_default();
        self.releases.push(Released { file, held, findings });
    }

    fn label_of(&self, file: usize) -> String {
        self.context.files.path(file).map(display_path).unwrap_or_default()
    }

    /// Handles the references [`check_file`] passed on from a local document in the main
    /// flow.
    ///
    /// [`check_file`]: super::local::check_file
    fn visit_recorded(&mut self, links: FileLinks) {
        let file = links.file;
        let node = self.graph.node(&self.label_of(file), NodeKind::File, NodeUse::Main);
        if !self.visited.insert(node) {
            return;
        }
        self.graph.nodes[node].only_redirects = links.only_redirects;
        self.graph.nodes[node].dials_queue = links.dials_queue;
        let path = self.context.files.path(file).map(Path::to_path_buf);
        let visit = Visit {
            node,
            usage: NodeUse::Main,
            place: Place { url: None, path },
            trail: None,
            depth: 0,
        };
        for RecordedStep { reference, usage, step } in links.steps {
            let trail = Trail { origin: Origin { file, span: reference.span }, via: Vec::new() };
            // The findings of these steps are already among the document's own.
            self.apply(&visit, reference, usage, step, trail, false);
        }
    }

    /// Extracts the references of a document the session parsed itself, and handles each.
    fn visit(&mut self, visit: &Visit, document: &twiml::Document<'_>) {
        if !self.visited.insert(visit.node) {
            return;
        }
        let lint_context = Context::new(document, document.source.len());
        self.graph.nodes[visit.node].only_redirects = only_redirects(&lint_context);
        self.graph.nodes[visit.node].dials_queue = dials_queue(&lint_context);
        let own_file = visit
            .place
            .path
            .as_ref()
            .and_then(|path| self.context.files.index_of(&normalize(path)));
        for reference in extract(&lint_context) {
            self.stats.references += 1;
            // A reference in a checked file is reported where it is written; one in any other
            // document, at the local reference that led there.
            let trail = match (own_file, &visit.trail) {
                (Some(file), _) => {
                    Trail { origin: Origin { file, span: reference.span }, via: Vec::new() }
                }
                (None, Some(trail)) => trail.clone(),
                (None, None) => continue,
            };
            let usage = usage_of(&reference, visit.usage);
            let step = triage(&reference, &visit.place, &self.context, visit.depth);
            if matches!(step, Step::Local { .. }) {
                self.stats.local += 1;
            }
            self.apply(visit, reference, usage, step, trail, true);
        }
    }

    /// Records the edge, finding or request of one reference. `report` is false when the
    /// reference's own findings were made already.
    fn apply(
        &mut self,
        visit: &Visit,
        reference: Reference,
        usage: NodeUse,
        step: Step,
        trail: Trail,
        report: bool,
    ) {
        match step {
            Step::Skip => {}
            Step::Offline => {
                if report {
                    self.stats.offline += 1;
                }
            }
            Step::Judged(judgement) => {
                if report {
                    self.emit(&trail, &judgement);
                }
            }
            Step::Current => {
                if reference.is_document() {
                    let to = if usage == visit.usage {
                        visit.node
                    } else {
                        let label = self.graph.nodes[visit.node].label.clone();
                        let kind = self.graph.nodes[visit.node].kind;
                        self.graph.node(&label, kind, usage)
                    };
                    self.add_edge(visit.node, to, &reference, trail.origin);
                }
            }
            Step::Local { path, url } => {
                self.handle_local(visit, &reference, trail, usage, &path, url);
            }
            Step::Remote { shown_url, outcome } => {
                let node = reference
                    .is_document()
                    .then(|| self.graph.node(&shown_url, NodeKind::External, usage));
                if let Some(node) = node {
                    self.add_edge(visit.node, node, &reference, trail.origin);
                }
                match outcome {
                    RemoteOutcome::Judged(judgement) => {
                        self.set_verdict(node, judgement.verdict);
                        if report {
                            self.emit(&trail, &judgement);
                        }
                    }
                    RemoteOutcome::Offline => {
                        // Steps recorded by the worker were counted there.
                        if report {
                            self.stats.offline += 1;
                        }
                    }
                    RemoteOutcome::TooDeep => {}
                    RemoteOutcome::Request(pending) => {
                        let waiter = Waiter {
                            trail,
                            shown_url,
                            node,
                            usage,
                            depth: visit.depth + 1,
                            substituted_get: pending.substituted_get,
                            reference,
                        };
                        self.enqueue(*pending, waiter);
                    }
                }
            }
        }
    }

    fn handle_local(
        &mut self,
        visit: &Visit,
        reference: &Reference,
        trail: Trail,
        usage: NodeUse,
        path: &Path,
        url: Option<Url>,
    ) {
        let files = self.context.files;
        let index = files.index_of(&normalize(path));
        let label = index
            .and_then(|index| files.path(index))
            .map_or_else(|| display_outside_path(path), display_path);
        if reference.role == UrlRole::Media {
            if let Some(head) = read_head(path) {
                let judgement = judge_local_media(reference, &label, &head);
                if judgement.verdict != Verdict::Ok {
                    self.emit(&trail, &judgement);
                }
            }
            return;
        }
        if !reference.is_document() {
            return;
        }
        let node = self.graph.node(&label, NodeKind::File, usage);
        self.add_edge(visit.node, node, reference, trail.origin);
        // A file outside the run is not linted itself, so it is judged here as a web server
        // would serve it, once, and each reference to it gets the verdict.
        let outside_source = match index {
            Some(_) => None,
            None => match self.judge_outside_file(node, reference, path, &label) {
                Ok(source) => source,
                Err(judgement) => {
                    self.emit(&trail, &judgement);
                    return;
                }
            },
        };
        if usage == NodeUse::Main || self.visited.contains(&node) {
            // Files of the run in the main flow are visited as the roots they are. Files
            // outside it are judged above but not followed, so that checking a few files
            // reports nothing about the references of files it was not given.
            return;
        }
        let source = match index {
            Some(index) => (self.loader)(index),
            None => outside_source,
        };
        let Some(source) = source else { return };
        let parsed = twiml::parse(&source);
        self.lint_restricted_local(reference, &trail, index, &parsed, &label);
        let place = Place { url, path: Some(path.to_owned()) };
        let inner_trail = if index.is_some() { None } else { Some(trail) };
        let inner = Visit { node, usage, place, trail: inner_trail, depth: visit.depth };
        self.visit(&inner, &parsed);
    }

    /// Judges a file outside the run that `reference` leads to, the first time it is met:
    /// it must be TwiML that parses, or audio where audio is allowed. Returns its source when
    /// it is TwiML met for the first time, `Ok(None)` when it was met before or is audio or
    /// unreadable, and the judgement when it fails.
    fn judge_outside_file(
        &mut self,
        node: usize,
        reference: &Reference,
        path: &Path,
        label: &str,
    ) -> Result<Option<String>, Judgement> {
        if let Some(failed) = self.outside_failures.get(&node) {
            return failed.clone().map_or(Ok(None), Err);
        }
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                log::debug!("cannot read {}: {error}", path.display());
                self.outside_failures.insert(node, None);
                return Ok(None);
            }
        };
        let (mut judgement, body) = judge_local_document(reference, label, path, &bytes);
        let mut source = None;
        if body == Some(Body::Twiml) {
            let text = twiml::decode(&bytes).0.into_owned();
            let parsed = twiml::parse(&text);
            if parsed.is_well_formed() {
                drop(parsed);
                source = Some(text);
            } else {
                judgement = Judgement::new(
                    Verdict::InvalidTarget,
                    format!("`{label}` is not well-formed TwiML{}", parse_failure(&parsed)),
                    "Twilio rejects the document as a whole; fix its XML",
                    Some(12100),
                );
            }
        }
        self.set_verdict(Some(node), judgement.verdict);
        if judgement.verdict == Verdict::Ok {
            self.outside_failures.insert(node, None);
            Ok(source)
        } else {
            self.outside_failures.insert(node, Some(judgement.clone()));
            Err(judgement)
        }
    }

    /// Checks a local file used in a restricted role against that role's verbs. The findings
    /// go into the file itself when it is checked, else to the reference.
    fn lint_restricted_local(
        &mut self,
        reference: &Reference,
        trail: &Trail,
        index: Option<usize>,
        document: &twiml::Document<'_>,
        label: &str,
    ) {
        let Some(usage) = restricted_usage(reference.role) else { return };
        let source = document.source;
        let restricted_rule = "restricted-document-verb";
        let findings = check_document(document, source.len(), self.context.config, usage);
        let referrer = self.label_of(trail.origin.file);
        for finding in findings.into_iter().filter(|finding| finding.rule == restricted_rule) {
            if let Some(file) = index {
                let mut finding = finding;
                finding.message = format!(
                    "{}, because {referrer} uses this document as {}",
                    finding.message,
                    reference.describe()
                );
                self.push_finding(file, finding);
            } else {
                let forwarded = forward(&finding, source, label, trail);
                self.push_finding(trail.origin.file, forwarded);
            }
        }
    }

    /// Answers `waiter` from an earlier request or the cache, or starts its request.
    fn enqueue(&mut self, pending: PendingRequest, waiter: Waiter) {
        let key = pending.key();
        let PendingRequest { request, cache_key, .. } = pending;
        let read_body = request.read_body;
        if self.timed_out {
            self.report_timed_out(&waiter);
            return;
        }
        // A response from the cache for a media reference may have no body; a document
        // reference to the same URL then needs the request made.
        let lacks_body = |state: &RequestState| match state {
            RequestState::Done(outcome) => matches!(
                &**outcome,
                Ok(response) if response.from_cache && response.body.is_empty()
            ),
            RequestState::Pending(_) => false,
        };
        if read_body && self.requests.get(&key).is_some_and(lacks_body) {
            self.requests.remove(&key);
        }
        match self.requests.get_mut(&key) {
            Some(RequestState::Pending(waiters)) => {
                *self.outstanding.entry(waiter.trail.origin.file).or_default() += 1;
                waiters.push(waiter);
            }
            Some(RequestState::Done(outcome)) => {
                let outcome = outcome.clone();
                self.answer(&waiter, &outcome);
            }
            None => {
                self.stats.requests += 1;
                if let Some(progress) = &self.options().progress {
                    progress.set_total(self.stats.requests as u64);
                }
                let cached = self.context.cache.and_then(|cache| cache.get(&cache_key)).cloned();
                if let Some(entry) = cached.and_then(|entry| {
                    cached_response(&entry, read_body, &request.url, self.options())
                }) {
                    self.stats.cached += 1;
                    if let Some(progress) = &self.options().progress {
                        progress.advance();
                    }
                    let outcome = Arc::new(Ok(entry));
                    self.requests.insert(key, RequestState::Done(outcome.clone()));
                    self.answer(&waiter, &outcome);
                    return;
                }
                let Some(fetcher) = self.fetcher.clone() else { return };
                *self.outstanding.entry(waiter.trail.origin.file).or_default() += 1;
                self.cache_keys.insert(key.clone(), cache_key);
                self.requests.insert(key.clone(), RequestState::Pending(vec![waiter]));
                let task_key = key.clone();
                let task = self.tasks.spawn(async move {
                    let result = fetcher.fetch(&request).await;
                    (task_key, result)
                });
                self.task_keys.insert(task.id(), key);
            }
        }
    }

    /// Reports the waiters of a request whose task panicked as unverified, so that none passes.
    fn task_failed(&mut self, error: tokio::task::JoinError) {
        let Some(key) = self.task_keys.remove(&error.id()) else { return };
        let reason = if error.is_panic() {
            let payload = error.into_panic();
            payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned())
        } else {
            error.to_string()
        };
        self.failures.push(format!("the check of a link stopped unexpectedly: {reason}"));
        self.complete(&key, Err(FetchError::Internal { reason }));
    }

    fn complete(&mut self, key: &str, result: Result<FetchResponse, FetchError>) {
        self.stats.fetched += 1;
        if let Some(progress) = &self.options().progress {
            progress.advance();
        }
        let outcome = Arc::new(result);
        let Some(RequestState::Pending(waiters)) =
            self.requests.insert(key.to_owned(), RequestState::Done(outcome.clone()))
        else {
            return;
        };
        for (position, waiter) in waiters.iter().enumerate() {
            let judged_ok = self.answer(waiter, &outcome);
            if position == 0 && judged_ok {
                self.store(key, &outcome);
            }
            self.finish_waiter(waiter.trail.origin.file);
        }
    }

    /// Counts one answered request of `file`, and releases the file when it was the last.
    fn finish_waiter(&mut self, file: usize) {
        let Some(count) = self.outstanding.get_mut(&file) else { return };
        *count = count.saturating_sub(1);
        if *count == 0 {
            self.outstanding.remove(&file);
            self.release(file);
        }
    }

    /// Saves a successful answer in the cache.
    fn store(&mut self, key: &str, outcome: &Result<FetchResponse, FetchError>) {
        let (Some(cache), Some(cache_key), Ok(response)) =
            (self.context.cache, self.cache_keys.get(key), outcome)
        else {
            return;
        };
        // Only a whole text body is kept: for a media reference, the status and type of an
        // audio response are all that matters.
        let body = if response.body_too_large {
            None
        } else {
            String::from_utf8(response.body.clone()).ok().filter(|text| !text.is_empty())
        };
        let entry = Cache::entry(
            response.status,
            response.content_type.clone(),
            body,
            // Without a redirect the last hop is the URL requested, so the entry need not store it.
            (response.redirects > 0).then(|| response.final_url.to_string()),
            response.redirects,
        );
        cache.put(*cache_key, entry);
    }

    /// Reports the answer to one waiting reference, and follows a fetched document. Returns
    /// whether the verdict is ok.
    fn answer(&mut self, waiter: &Waiter, outcome: &Result<FetchResponse, FetchError>) -> bool {
        let response = match outcome {
            Err(error) => {
                let judgement = judge_error(&waiter.shown_url, error);
                self.set_verdict(waiter.node, judgement.verdict);
                self.emit(&waiter.trail, &judgement);
                return false;
            }
            Ok(response) => response,
        };
        let (judgement, body) =
            judge_response(&waiter.reference, &waiter.shown_url, response, waiter.substituted_get);
        if let Some(node) = waiter.node {
            self.graph.nodes[node].kind = NodeKind::Remote;
        }
        self.set_verdict(waiter.node, judgement.verdict);
        if judgement.verdict != Verdict::Ok {
            self.emit(&waiter.trail, &judgement);
            return false;
        }
        if body == Some(Body::Twiml) && waiter.reference.is_document() {
            return self.follow(waiter, response);
        }
        true
    }

    /// Lints a fetched TwiML document and visits its references.
    fn follow(&mut self, waiter: &Waiter, response: &FetchResponse) -> bool {
        let Some(node) = waiter.node else { return true };
        if self.visited.contains(&node) {
            return true;
        }
        let (source, _) = twiml::decode(&response.body);
        let document = twiml::parse(&source);
        if !document.is_well_formed() {
            self.visited.insert(node);
            let judgement = Judgement::new(
                Verdict::InvalidTarget,
                format!(
                    "`{}` answered with TwiML that does not parse{}",
                    waiter.shown_url,
                    parse_failure(&document)
                ),
                "Twilio rejects the document as a whole; fix the XML it serves",
                Some(12100),
            );
            self.set_verdict(waiter.node, judgement.verdict);
            self.emit(&waiter.trail, &judgement);
            return false;
        }

        let usage = restricted_usage(waiter.reference.role).unwrap_or_default();
        let findings = check_document(&document, response.body.len(), self.context.config, usage);
        for finding in &findings {
            let forwarded = forward(finding, &source, &waiter.shown_url, &waiter.trail);
            self.push_finding(waiter.trail.origin.file, forwarded);
        }

        let mut trail = waiter.trail.clone();
        trail.via.push(waiter.shown_url.clone());
        let place = Place {
            url: Some(without_added_account_sid(&response.final_url, self.options())),
            path: None,
        };
        let visit =
            Visit { node, usage: waiter.usage, place, trail: Some(trail), depth: waiter.depth };
        self.visit(&visit, &document);
        true
    }

    /// Reports every reference still waiting when the run time limit passed.
    fn time_out(&mut self) {
        self.timed_out = true;
        let pending: Vec<Waiter> = self
            .requests
            .values_mut()
            .filter_map(|state| match state {
                RequestState::Pending(waiters) => Some(std::mem::take(waiters)),
                RequestState::Done(_) => None,
            })
            .flatten()
            .collect();
        for waiter in pending {
            self.report_timed_out(&waiter);
            self.finish_waiter(waiter.trail.origin.file);
        }
    }

    fn report_timed_out(&mut self, waiter: &Waiter) {
        let limit = self.options().run_timeout.as_secs();
        let judgement = Judgement::new(
            Verdict::Unverified,
            format!(
                "`{}` was not checked: the link check reached its time limit of {limit} s",
                waiter.shown_url
            ),
            "raise the limit with --links-timeout SECONDS, or check fewer links per run",
            None,
        );
        self.set_verdict(waiter.node, judgement.verdict);
        self.emit(&waiter.trail, &judgement);
    }

    fn add_edge(&mut self, from: usize, to: usize, reference: &Reference, origin: Origin) {
        let name = match reference.attribute {
            Some(attribute) => format!("<{} {attribute}>", reference.element),
            None => format!("<{}>", reference.element),
        };
        self.graph.edge(Edge { from, to, reference: name, exit: reference.exit, origin });
    }

    fn set_verdict(&mut self, node: Option<usize>, verdict: Verdict) {
        if let Some(node) = node {
            let slot = &mut self.graph.nodes[node].verdict;
            if slot.is_none() || *slot == Some(Verdict::Ok) {
                *slot = Some(verdict);
            }
        }
    }

    /// Reports a judgement at the trail's origin, with the rule's configured severity.
    fn emit(&mut self, trail: &Trail, judgement: &Judgement) {
        let via = trail.via.last().map(String::as_str);
        let Some(finding) = finding_of(self.context.config, trail.origin, via, judgement) else {
            return;
        };
        self.push_finding(trail.origin.file, finding);
    }

    fn push_finding(&mut self, file: usize, finding: Finding) {
        if self.reported.contains(&file) {
            self.late.insert(file);
        }
        self.findings.entry(file).or_default().push(finding);
    }

    fn report_loops(&mut self) {
        let Some(rule) = rules::find("call-flow-loop") else { return };
        let Some(severity) = self.context.config.severity(rule.name, rule.default_severity) else {
            return;
        };
        // A file used in two contexts (its own flow and a `waitUrl`) is two nodes, and the
        // same reference can close a loop in each: it is reported once.
        let mut reported = HashSet::new();
        for found in self.graph.loops() {
            let edge = &self.graph.edges[found.edge];
            if !reported.insert((edge.origin.file, edge.origin.span)) {
                continue;
            }
            let target = &self.graph.nodes[edge.to];
            let source = &self.graph.nodes[edge.from];
            // The loop may close in fetched documents, and the finding points at the local
            // reference that leads there, so the message names the document of the edge.
            let place = match source.kind {
                NodeKind::File => String::new(),
                NodeKind::Remote | NodeKind::External => format!(" in `{}`", source.label),
            };
            let message = if edge.from == edge.to {
                format!(
                    "`{}`{place} leads back to its own document, a loop that no caller input can \
                     leave",
                    edge.reference
                )
            } else {
                format!(
                    "`{}`{place} to `{}` closes a loop that no caller input can leave: {}",
                    edge.reference,
                    target.label,
                    found.path.join(" → ")
                )
            };
            let help = if target.usage == NodeUse::Main {
                "Twilio fetches these documents over and over until the caller hangs up; give the \
                 caller a way out, such as a `<Gather>` with an `action`, or end with `<Hangup>`"
            } else {
                "these wait documents only redirect, so Twilio fetches them back to back; play \
                 something before the `<Redirect>`"
            };
            let finding = Finding {
                rule: rule.name,
                severity,
                span: edge.origin.span,
                message,
                help: Some(help.to_owned()),
                twilio_code: rule.twilio_code,
                related: Vec::new(),
            };
            let file = edge.origin.file;
            self.push_finding(file, finding);
        }
    }
}

/// A finding of a document that is not a local file, moved to the local reference that led
/// to it. The message names the document and the line and column in it.
fn forward(finding: &Finding, source: &str, label: &str, trail: &Trail) -> Finding {
    let position = LineIndex::new(source).line_column(source, finding.span.start);
    let path = match trail.via.last() {
        Some(last) => format!(" (reached through `{last}`)"),
        None => String::new(),
    };
    Finding {
        rule: finding.rule,
        severity: finding.severity,
        span: trail.origin.span,
        message: format!(
            "in `{label}`{path} at line {}, column {}: {}",
            position.line, position.column, finding.message
        ),
        help: finding.help.clone(),
        twilio_code: finding.twilio_code,
        related: Vec::new(),
    }
}

/// The document URL of a signed GET, without the `AccountSid` the checker added, so that
/// relative references and self-references resolve as in the document Twilio fetched.
fn without_added_account_sid(url: &Url, options: &LinkOptions) -> Url {
    let Some(credentials) = &options.credentials else { return url.clone() };
    let sid = credentials.account_sid.as_str();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, value)| !(name == twiml_signature::ACCOUNT_SID_PARAM && value == sid))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let mut bare = url.clone();
    if kept.is_empty() {
        bare.set_query(None);
    } else {
        bare.query_pairs_mut().clear().extend_pairs(kept);
    }
    bare
}

/// Describes the first well-formedness error of `document`, with its position, as the end of
/// a message: `: the message at line 2, column 5`. Empty when there is none.
fn parse_failure(document: &twiml::Document<'_>) -> String {
    let source = document.source;
    let problem = document.problems.iter().find(|problem| problem.kind.is_well_formedness_error());
    problem.map_or_else(String::new, |problem| {
        let position = LineIndex::new(source).line_column(source, problem.span.start);
        format!(": {} at line {}, column {}", problem.message, position.line, position.column)
    })
}

/// The number of bytes read from a local media file, enough to tell markup from audio.
const HEAD_BYTES: usize = 512;

/// Reads the first bytes of `path`, or `None` when it cannot be read.
fn read_head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)
        .inspect_err(|error| log::debug!("cannot read {}: {error}", path.display()))
        .ok()?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    file.take(HEAD_BYTES as u64).read_to_end(&mut head).ok()?;
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LintConfig;
    use crate::links::local::{Files, check_file};

    /// Panics, as a broken request task would.
    fn panicking_fetch() -> (String, Result<FetchResponse, FetchError>) {
        panic!("the fetcher broke")
    }

    #[test]
    fn panicking_request_fails_the_run_and_its_reference() {
        // A server that accepts connections into its backlog and never responds, so that the
        // real request stays pending until it is aborted.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
        let port = listener.local_addr().expect("address").port();
        let mut options = LinkOptions::default();
        options.allow_hosts.push(format!("127.0.0.1:{port}").parse().expect("host pattern"));
        let config = LintConfig::default();
        let files = Files::new(vec![std::path::PathBuf::from("main.xml")]);
        let source =
            format!("<Response><Redirect>http://127.0.0.1:{port}/next</Redirect></Response>");
        let loader = |_: usize| Some(source.clone());
        let context = LinkContext {
            options: &options,
            config: &config,
            files: &files,
            full_graph: false,
            cache: None,
        };

        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let (report, findings) = runtime.block_on(async {
            let mut session: Session<'_, ()> = Session::new(context, &loader).expect("session");
            let document = twiml::parse(&source);
            let lint_context = Context::new(&document, source.len());
            session.accept(SessionInput::Reported(check_file(&lint_context, 0, &context)));
            assert_eq!(session.task_keys.len(), 1, "one request started");

            // Swap the real request for one that panics under the same key.
            let key = session.task_keys.values().next().cloned().expect("request key");
            session.tasks.abort_all();
            session.task_keys.clear();
            let task = session.tasks.spawn(async { panicking_fetch() });
            session.task_keys.insert(task.id(), key);

            session.drive(None, |_| {}).await;
            session.finish_with_findings()
        });
        drop(listener);

        assert_eq!(
            report.failures,
            ["the check of a link stopped unexpectedly: the fetcher broke".to_owned()]
        );
        let messages: Vec<(&str, &str)> = findings
            .get(&0)
            .map(|found| {
                found.iter().map(|finding| (finding.rule, finding.message.as_str())).collect()
            })
            .unwrap_or_default();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(messages[0].0, "unverified-link");
        assert!(messages[0].1.contains("stopped unexpectedly: the fetcher broke"), "{messages:?}");
    }
}
