//! The link check: extract, resolve, fetch and follow, starting from local documents, and the
//! findings that come out of it.
//!
//! One task owns all state and reacts to finished requests, so nothing here needs a lock.
//! Each unique request (method, URL, parameters, signing) is made once per run; every
//! reference waiting on it gets its own finding at its own span. A fetched document is linted
//! once per context it is used in, and its findings point at the local reference that led to
//! it, naming the remote URL.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tokio::task::JoinSet;
use twiml::LineIndex;
use twiml::schema::{HttpMethod, UrlRole};
use url::Url;

use crate::config::LintConfig;
use crate::engine::{Usage, check_document};
use crate::finding::Finding;
use crate::links::cache::{self, Cache};
use crate::links::fetch::{FetchError, FetchRequest, FetchResponse, Fetcher, redact};
use crate::links::graph::{Edge, Graph, NodeKind, NodeUse, Origin};
use crate::links::reference::{Exit, Reference, extract};
use crate::links::resolve::{Place, Target, normalize, resolve};
use crate::links::verdict::{
    Body, Judgement, Verdict, judge_error, judge_response, substitutes_get,
};
use crate::links::{LinkError, LinkOptions, LocalDocument, address, display_path, overrides};
use crate::{rules, suppression};

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
    let fetcher = if options.offline { None } else { Some(Arc::new(Fetcher::new(options)?)) };
    let mut walk = Walk::new(documents, options, config, fetcher);
    walk.start();
    walk.run().await;
    Ok(walk.finish())
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

/// A document to extract references from.
struct Visit<'s, 'd> {
    node: usize,
    usage: NodeUse,
    document: &'d twiml::Document<'s>,
    place: Place,
    trail: Option<Trail>,
    depth: usize,
}

struct Walk<'a> {
    documents: &'a [LocalDocument],
    options: &'a LinkOptions,
    config: &'a LintConfig,
    fetcher: Option<Arc<Fetcher>>,
    by_path: HashMap<PathBuf, usize>,
    graph: Graph,
    findings: Vec<FileFinding>,
    warnings: Vec<String>,
    stats: LinkStats,
    requests: HashMap<String, RequestState>,
    /// Request key → cache key, for requests that may be stored.
    cache_keys: HashMap<String, String>,
    visited: HashSet<usize>,
    cache: Option<Cache>,
    tasks: JoinSet<(String, Result<FetchResponse, FetchError>)>,
}

impl<'a> Walk<'a> {
    fn new(
        documents: &'a [LocalDocument],
        options: &'a LinkOptions,
        config: &'a LintConfig,
        fetcher: Option<Arc<Fetcher>>,
    ) -> Walk<'a> {
        let mut warnings = Vec::new();
        let cache = match (&options.cache, options.offline) {
            (Some(cache_options), false) => {
                let (cache, cache_warnings) = Cache::load(&cache_options.path, cache_options.ttl);
                warnings.extend(cache_warnings);
                Some(cache)
            }
            _ => None,
        };
        let by_path = documents
            .iter()
            .enumerate()
            .map(|(index, document)| (normalize(&document.path), index))
            .collect();
        Walk {
            documents,
            options,
            config,
            fetcher,
            by_path,
            graph: Graph::default(),
            findings: Vec::new(),
            warnings,
            stats: LinkStats::default(),
            requests: HashMap::new(),
            cache_keys: HashMap::new(),
            visited: HashSet::new(),
            cache,
            tasks: JoinSet::new(),
        }
    }

    /// Visits every local document in the main flow.
    fn start(&mut self) {
        let documents = self.documents;
        for document in documents {
            let label = display_path(&document.path);
            let node = self.graph.node(&label, NodeKind::File, NodeUse::Main);
            let place = Place {
                url: self.options.bins.url_of(&document.path),
                path: Some(document.path.clone()),
            };
            let parsed = twiml::parse(&document.source);
            self.visit(&Visit {
                node,
                usage: NodeUse::Main,
                document: &parsed,
                place,
                trail: None,
                depth: 0,
            });
        }
    }

    /// Extracts the references of a document and handles each.
    fn visit(&mut self, visit: &Visit<'_, '_>) {
        if !self.visited.insert(visit.node) {
            return;
        }
        let document = visit.document;
        self.graph.nodes[visit.node].only_redirects = only_redirects(document);
        let own_file =
            visit.place.path.as_ref().and_then(|path| self.by_path.get(&normalize(path)).copied());
        for reference in extract(document) {
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
            self.handle(visit, reference, trail);
        }
    }

    /// Resolves one reference and records its edge, finding or request.
    fn handle(&mut self, visit: &Visit<'_, '_>, reference: Reference, trail: Trail) {
        let usage = usage_of(&reference, visit.usage);
        let by_path = &self.by_path;
        let exists = |path: &Path| by_path.contains_key(path) || path.is_file();
        let target =
            resolve(&reference.url, reference.implicit, &visit.place, &self.options.bins, &exists);
        match target {
            Target::Current => {
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
            Target::Templated => log::debug!("not checking the templated URL {}", reference.url),
            Target::Unresolved(reason) => {
                if reference.is_document() || reference.role == UrlRole::Media {
                    let judgement = Judgement::new(
                        Verdict::Unverified,
                        format!(
                            "{} `{}` was not checked: {reason}",
                            reference.describe(),
                            reference.url
                        ),
                        "give the file a deployed URL: `[links] base-url` for its folder, or an entry \
                         in `[bins]` in twiml-lint.toml",
                        None,
                    );
                    self.emit(&trail, &judgement);
                }
            }
            Target::MissingLocal { path, url } => {
                let judgement = Judgement::new(
                    Verdict::Broken,
                    format!(
                        "{} leads to `{}`, which maps to the local file {}, and that file does not exist",
                        reference.describe(),
                        redact(&url),
                        display_path(&path)
                    ),
                    "add the file, or fix the URL; the mapping comes from `[bins]` or `[links] base-url`",
                    Some(11200),
                );
                self.emit(&trail, &judgement);
            }
            Target::Local { path, url } => {
                self.handle_local(visit, &reference, trail, usage, &path, url);
            }
            Target::Remote(url) => self.handle_remote(visit, reference, trail, usage, &url),
        }
    }

    fn handle_local(
        &mut self,
        visit: &Visit<'_, '_>,
        reference: &Reference,
        trail: Trail,
        usage: NodeUse,
        path: &Path,
        url: Option<Url>,
    ) {
        self.stats.local += 1;
        if !reference.is_document() {
            return;
        }
        let index = self.by_path.get(&normalize(path)).copied();
        let label = index
            .map_or_else(|| display_path(path), |index| display_path(&self.documents[index].path));
        let node = self.graph.node(&label, NodeKind::File, usage);
        self.add_edge(visit.node, node, reference, trail.origin);
        if usage == NodeUse::Main || self.visited.contains(&node) {
            // Files in the main flow are visited as the roots they are.
            return;
        }

        let owned;
        let documents = self.documents;
        let source = match index {
            Some(index) => documents[index].source.as_str(),
            None => match std::fs::read(path) {
                Ok(bytes) => {
                    owned = twiml::decode(&bytes).0.into_owned();
                    owned.as_str()
                }
                Err(error) => {
                    log::debug!("cannot read {}: {error}", path.display());
                    return;
                }
            },
        };
        let parsed = twiml::parse(source);
        self.lint_restricted_local(reference, &trail, index, &parsed, &label);
        let place = Place { url, path: Some(path.to_owned()) };
        let inner_trail = if index.is_some() { None } else { Some(trail) };
        let document = &parsed;
        self.visit(&Visit { node, usage, document, place, trail: inner_trail, depth: visit.depth });
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
        let findings = check_document(document, source.len(), self.config, usage);
        let referrer = display_path(&self.documents[trail.origin.file].path);
        for finding in findings.into_iter().filter(|finding| finding.rule == restricted_rule) {
            if let Some(file) = index {
                let mut finding = finding;
                finding.message = format!(
                    "{}, because {referrer} uses this document as {}",
                    finding.message,
                    reference.describe()
                );
                self.findings.push(FileFinding { file, finding });
            } else {
                let forwarded = forward(&finding, source, label, trail);
                self.findings.push(FileFinding { file: trail.origin.file, finding: forwarded });
            }
        }
    }

    fn handle_remote(
        &mut self,
        visit: &Visit<'_, '_>,
        reference: Reference,
        trail: Trail,
        usage: NodeUse,
        url: &Url,
    ) {
        let shown_url = redact(url);
        let skip_role = match reference.role {
            UrlRole::StatusCallback => !self.options.check_callbacks,
            UrlRole::WebSocket => true,
            _ => false,
        };
        if skip_role {
            return;
        }
        let node =
            reference.is_document().then(|| self.graph.node(&shown_url, NodeKind::External, usage));
        if let Some(node) = node {
            self.add_edge(visit.node, node, &reference, trail.origin);
        }

        if let Err(refusal) = address::precheck(url, &self.options.allow_hosts) {
            let judgement = judge_error(&shown_url, &FetchError::Refused(refusal));
            self.set_verdict(node, judgement.verdict);
            self.emit(&trail, &judgement);
            return;
        }
        let Some(fetcher) = self.fetcher.clone() else {
            let judgement = Judgement::new(
                Verdict::Unverified,
                format!("`{shown_url}` was not checked: links are checked offline"),
                "run without --offline to request it",
                None,
            );
            self.set_verdict(node, judgement.verdict);
            self.emit(&trail, &judgement);
            return;
        };
        let signs = fetcher.signs(url);
        if signs && self.options.credentials.is_none() {
            let judgement = Judgement::new(
                Verdict::Unverified,
                format!(
                    "`{shown_url}` was not checked: requests to it must be signed, and no credentials were given"
                ),
                "export TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or pass --token-file FILE) for \
                 the account that owns the bin",
                None,
            );
            self.set_verdict(node, judgement.verdict);
            self.emit(&trail, &judgement);
            return;
        }
        let depth = visit.depth + 1;
        if depth > self.options.max_depth {
            log::debug!(
                "not following {shown_url}: deeper than {} documents",
                self.options.max_depth
            );
            return;
        }

        let replay = signs || self.options.replay_method;
        let method = if replay { reference.method } else { HttpMethod::Get };
        let params = if replay { self.options.params.clone() } else { Vec::new() };
        let read_body = reference.is_document();
        let (overrides, _) = overrides::parse(&reference.url);
        let request = FetchRequest {
            method,
            url: url.clone(),
            params,
            sign: signs,
            timeouts: overrides.apply(self.options.timeouts),
            read_body,
        };
        let account = self
            .options
            .credentials
            .as_ref()
            .filter(|_| signs)
            .map(|credentials| credentials.account_sid.as_str().to_owned());
        let cache_key = cache::key(method, url.as_str(), &request.params, account.as_deref());
        let key = format!("{cache_key}:{read_body}:{:?}", request.timeouts);
        let waiter = Waiter {
            trail,
            shown_url,
            node,
            usage,
            depth,
            substituted_get: substitutes_get(reference.method, method),
            reference,
        };

        self.enqueue(fetcher, request, waiter, key, cache_key);
    }

    /// Answers `waiter` from an earlier request or the cache, or starts its request.
    fn enqueue(
        &mut self,
        fetcher: Arc<Fetcher>,
        request: FetchRequest,
        waiter: Waiter,
        key: String,
        cache_key: String,
    ) {
        let read_body = request.read_body;
        match self.requests.get_mut(&key) {
            Some(RequestState::Pending(waiters)) => waiters.push(waiter),
            Some(RequestState::Done(outcome)) => {
                let outcome = outcome.clone();
                self.answer(&waiter, &outcome);
            }
            None => {
                self.stats.requests += 1;
                if let Some(progress) = &self.options.progress {
                    progress.set_total(self.stats.requests as u64);
                }
                let cached = self.cache.as_ref().and_then(|cache| cache.get(&cache_key)).cloned();
                if let Some(entry) = cached.and_then(|entry| cached_response(&entry, read_body)) {
                    self.stats.cached += 1;
                    if let Some(progress) = &self.options.progress {
                        progress.advance();
                    }
                    let outcome = Arc::new(Ok(entry));
                    self.requests.insert(key, RequestState::Done(outcome.clone()));
                    self.answer(&waiter, &outcome);
                    return;
                }
                self.cache_keys.insert(key.clone(), cache_key);
                self.requests.insert(key.clone(), RequestState::Pending(vec![waiter]));
                self.tasks.spawn(async move {
                    let result = fetcher.fetch(&request).await;
                    (key, result)
                });
            }
        }
    }

    /// Waits for requests until none is left or the run time limit passes.
    async fn run(&mut self) {
        let deadline = tokio::time::Instant::now() + self.options.run_timeout;
        loop {
            let next = tokio::time::timeout_at(deadline, self.tasks.join_next()).await;
            match next {
                Ok(None) => break,
                Ok(Some(Ok((key, result)))) => self.complete(&key, result),
                Ok(Some(Err(error))) => log::warn!("a link check task failed: {error}"),
                Err(_) => {
                    self.tasks.abort_all();
                    self.time_out();
                    break;
                }
            }
        }
        if let Some(progress) = &self.options.progress {
            progress.finish();
        }
    }

    fn complete(&mut self, key: &str, result: Result<FetchResponse, FetchError>) {
        self.stats.fetched += 1;
        if let Some(progress) = &self.options.progress {
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
        }
    }

    /// Saves a successful answer in the cache.
    fn store(&mut self, key: &str, outcome: &Result<FetchResponse, FetchError>) {
        let (Some(cache), Some(cache_key), Ok(response)) =
            (self.cache.as_mut(), self.cache_keys.get(key), outcome)
        else {
            return;
        };
        let body = if response.body.is_empty() {
            None
        } else {
            match String::from_utf8(response.body.clone()) {
                Ok(text) => Some(text),
                Err(_) => return,
            }
        };
        let entry = Cache::entry(
            response.status,
            response.content_type.clone(),
            body,
            response.final_url.to_string(),
            response.redirects,
        );
        cache.put(cache_key.clone(), entry);
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
            let problem =
                document.problems.iter().find(|problem| problem.kind.is_well_formedness_error());
            let detail = problem.map(|problem| {
                let position = LineIndex::new(&source).line_column(&source, problem.span.start);
                format!(
                    ": {} at line {}, column {}",
                    problem.message, position.line, position.column
                )
            });
            let judgement = Judgement::new(
                Verdict::InvalidTarget,
                format!(
                    "`{}` answered with TwiML that does not parse{}",
                    waiter.shown_url,
                    detail.unwrap_or_default()
                ),
                "Twilio rejects the document as a whole; fix the XML it serves",
                Some(12100),
            );
            self.set_verdict(waiter.node, judgement.verdict);
            self.emit(&waiter.trail, &judgement);
            return false;
        }

        let usage = restricted_usage(waiter.reference.role).unwrap_or_default();
        let findings = check_document(&document, response.body.len(), self.config, usage);
        for finding in &findings {
            let forwarded = forward(finding, &source, &waiter.shown_url, &waiter.trail);
            self.findings.push(FileFinding { file: waiter.trail.origin.file, finding: forwarded });
        }

        let mut trail = waiter.trail.clone();
        trail.via.push(waiter.shown_url.clone());
        let place = Place {
            url: Some(without_added_account_sid(&response.final_url, self.options)),
            path: None,
        };
        self.visit(&Visit {
            node,
            usage: waiter.usage,
            document: &document,
            place,
            trail: Some(trail),
            depth: waiter.depth,
        });
        true
    }

    /// Reports every reference still waiting when the run time limit passed.
    fn time_out(&mut self) {
        let pending: Vec<Waiter> = self
            .requests
            .values_mut()
            .filter_map(|state| match state {
                RequestState::Pending(waiters) => Some(std::mem::take(waiters)),
                RequestState::Done(_) => None,
            })
            .flatten()
            .collect();
        let limit = self.options.run_timeout.as_secs();
        for waiter in pending {
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
        let Some(name) = judgement.verdict.rule_name() else { return };
        let Some(rule) = rules::find(name) else { return };
        let Some(severity) = self.config.severity(rule.name, rule.default_severity) else { return };
        let message = match trail.via.last() {
            None => judgement.message.clone(),
            Some(last) => format!(
                "{} (referenced by `{last}`, which this reference leads to)",
                judgement.message
            ),
        };
        let finding = Finding {
            rule: rule.name,
            severity,
            span: trail.origin.span,
            message,
            help: judgement.help.clone(),
            twilio_code: judgement.twilio_code.or(rule.twilio_code),
            related: Vec::new(),
        };
        self.findings.push(FileFinding { file: trail.origin.file, finding });
    }

    /// Reports the loops, applies suppressions, sorts, and saves the cache.
    fn finish(mut self) -> LinkReport {
        self.report_loops();
        self.apply_suppressions();
        self.findings.sort_by(|a, b| {
            (a.file, a.finding.span.start, a.finding.rule, &a.finding.message).cmp(&(
                b.file,
                b.finding.span.start,
                b.finding.rule,
                &b.finding.message,
            ))
        });
        self.findings.dedup();
        if let Some(cache) = &self.cache {
            if let Err(error) = cache.save() {
                let warning = format!(
                    "cannot write the link cache {}: {error}",
                    self.options
                        .cache
                        .as_ref()
                        .map_or_else(String::new, |cache| cache.path.display().to_string())
                );
                self.warnings.push(warning);
            }
        }
        LinkReport {
            findings: self.findings,
            graph: self.graph,
            warnings: self.warnings,
            stats: self.stats,
        }
    }

    fn report_loops(&mut self) {
        let Some(rule) = rules::find("call-flow-loop") else { return };
        let Some(severity) = self.config.severity(rule.name, rule.default_severity) else { return };
        for found in self.graph.loops() {
            let edge = &self.graph.edges[found.edge];
            let target = &self.graph.nodes[edge.to];
            let message = if edge.from == edge.to {
                format!(
                    "`{}` leads back to its own document, a loop that no caller input can leave",
                    edge.reference
                )
            } else {
                format!(
                    "`{}` to `{}` closes a loop that no caller input can leave: {}",
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
            self.findings.push(FileFinding { file: edge.origin.file, finding });
        }
    }

    /// Removes findings that inline suppressions in their file silence. Unused suppressions
    /// are not reported here: the document lint already reports those.
    fn apply_suppressions(&mut self) {
        let mut by_file: HashMap<usize, Vec<Finding>> = HashMap::new();
        for found in self.findings.drain(..) {
            by_file.entry(found.file).or_default().push(found.finding);
        }
        for (file, mut findings) in by_file {
            let Some(document) = self.documents.get(file) else { continue };
            let parsed = twiml::parse(&document.source);
            let lines = LineIndex::new(&document.source);
            let mut suppressions = suppression::collect(&parsed, &lines);
            suppression::apply(&mut findings, &mut suppressions, &document.source, &lines);
            self.findings.extend(findings.into_iter().map(|finding| FileFinding { file, finding }));
        }
    }
}

/// The context the target of `reference` runs in, when the reference is in a document
/// running in `current`.
fn usage_of(reference: &Reference, current: NodeUse) -> NodeUse {
    match reference.role {
        UrlRole::RestrictedDocument { audio_allowed: true, .. } => NodeUse::Wait,
        UrlRole::RestrictedDocument { .. } => NodeUse::Restricted,
        // A `<Redirect>` inside a wait or whisper document stays in that context.
        _ if reference.exit == Exit::Unconditional => current,
        _ => NodeUse::Main,
    }
}

/// The lint usage of a document fetched for `role`.
fn restricted_usage(role: UrlRole) -> Option<Usage> {
    match role {
        UrlRole::RestrictedDocument { allowed, error_code, .. } => {
            Some(Usage { restricted_verbs: Some((allowed, error_code)) })
        }
        _ => None,
    }
}

/// Whether every verb of `document` is `<Redirect>`.
fn only_redirects(document: &twiml::Document<'_>) -> bool {
    let Some(root) = document.root() else { return false };
    root.child_elements().all(|verb| verb.name == "Redirect")
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

/// A cached entry as an answer, when it has what the request needs.
fn cached_response(entry: &cache::Entry, read_body: bool) -> Option<FetchResponse> {
    let final_url = Url::parse(&entry.final_url).ok()?;
    let body = entry.body.clone().unwrap_or_default().into_bytes();
    if read_body && body.is_empty() {
        return None;
    }
    Some(FetchResponse {
        status: entry.status,
        content_type: entry.content_type.clone(),
        body,
        body_too_large: false,
        final_url,
        redirects: entry.redirects,
        elapsed: std::time::Duration::ZERO,
        slow: false,
        retries: 0,
        signed: None,
        from_cache: true,
    })
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
    fn remote_links_unverified_offline() {
        let source = "<Response><Play>https://example.com/a.mp3</Play><Redirect>https://example.com/next</Redirect></Response>";
        let documents = [LocalDocument::new("a.xml", source)];
        let report = run(&documents, &offline());
        assert_eq!(rules_of(&report), [(0, "unverified-link"), (0, "unverified-link")]);
        assert_eq!(report.findings[0].finding.severity, crate::Severity::Info);
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
