//! The part of the link check that one local document decides alone, so that it runs on the
//! thread that parsed the document.
//!
//! Each reference is resolved and sorted into a [`Step`]: most end in a finding here (a URL
//! that cannot be resolved, a missing local file, any remote URL when offline). Only what
//! needs other documents goes on to the [`Session`](super::session::Session): references to
//! other local files, references that loop back to the document, and URLs to request. A
//! document with none of those is finished here, and the session never handles its references.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use twiml::schema::{HttpMethod, UrlRole};
use twiml::{Document, Element, LineIndex};
use url::Url;

use crate::config::LintConfig;
use crate::engine::{Usage, check_context};
use crate::finding::Finding;
use crate::links::cache::{self, Cache};
use crate::links::fetch::{FetchError, FetchRequest, FetchResponse, redact};
use crate::links::graph::{NodeUse, Origin};
use crate::links::reference::{Exit, Reference, extract, extract_unsettled};
use crate::links::resolve::{Place, Target, normalize, resolve};
use crate::links::verdict::{
    Body, Judgement, Verdict, judge_error, judge_response, substitutes_get,
};
use crate::links::{LinkOptions, address, overrides};
use crate::rule::Context;
use crate::rules::invalid_url::UrlValue;
use crate::{rules, suppression};

/// The local documents of a run, by index: the paths as the user named them.
#[derive(Debug, Default)]
pub struct Files {
    paths: Vec<PathBuf>,
    /// Normalized path → index, built on first use: normalizing resolves symbolic links,
    /// which costs system calls that most runs never need.
    by_path: OnceLock<HashMap<PathBuf, usize>>,
}

impl Files {
    /// The files at `paths`, indexed in that order.
    pub fn new(paths: Vec<PathBuf>) -> Files {
        Files { paths, by_path: OnceLock::new() }
    }

    /// The path of the file at `index`, as named.
    pub fn path(&self, index: usize) -> Option<&Path> {
        self.paths.get(index).map(PathBuf::as_path)
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The index of the file whose normalized path is `normalized`. When two paths name the
    /// same file, the later one wins.
    pub(crate) fn index_of(&self, normalized: &Path) -> Option<usize> {
        let by_path = self.by_path.get_or_init(|| {
            self.paths.iter().enumerate().map(|(index, path)| (normalize(path), index)).collect()
        });
        by_path.get(normalized).copied()
    }

    /// Whether a local document is at `normalized`: on disk, or among the files of the run.
    pub(crate) fn exists(&self, normalized: &Path) -> bool {
        normalized.is_file() || self.index_of(normalized).is_some()
    }
}

/// What the link check needs besides the document: the options, the lint configuration for
/// severities, and the files of the run.
#[derive(Debug, Clone, Copy)]
pub struct LinkContext<'r> {
    /// Which links are checked and how.
    pub options: &'r LinkOptions,
    /// Severities and disabled rules.
    pub config: &'r LintConfig,
    /// The local documents of the run.
    pub files: &'r Files,
    /// Whether the session builds the whole call-flow graph, with every document and every
    /// reference between them, instead of only what can lead to a finding.
    pub full_graph: bool,
    /// The cache of earlier responses, shared by the workers and the session. It is `None`
    /// without `--cache`, and offline.
    pub cache: Option<&'r Cache>,
}

/// Where a reference leads, and what the link check does about it.
#[derive(Debug)]
pub(crate) enum Step {
    /// Nothing: a templated URL, a reference that is not a document, media or fetchable URL.
    Skip,
    /// A finding and nothing else: an unresolvable URL, a missing local file.
    Judged(Judgement),
    /// Not checked because links are checked offline: a relative URL only a deployed URL
    /// would resolve. Counted, like remote URLs offline, rather than reported.
    Offline,
    /// The document itself.
    Current,
    /// Another local file.
    Local { path: PathBuf, url: Option<Url> },
    /// A URL outside the repository.
    Remote { shown_url: String, outcome: RemoteOutcome },
}

/// What happens to a remote URL.
#[derive(Debug)]
pub(crate) enum RemoteOutcome {
    /// Not requested, for the reason in the judgement: refused address, no credentials for a
    /// signed host.
    Judged(Judgement),
    /// Not requested because links are checked offline. Such references are counted, not
    /// reported one by one: the user asked for it, and there is nothing to fix.
    Offline,
    /// Not requested because it is deeper than the depth limit.
    TooDeep,
    /// Requested.
    Request(Box<PendingRequest>),
}

/// A request to make, with the keys that deduplicate it and store it in the cache.
#[derive(Debug)]
pub(crate) struct PendingRequest {
    pub(crate) request: FetchRequest,
    /// The cache entry's key.
    pub(crate) cache_key: cache::Key,
    /// Whether a GET is sent in place of the POST Twilio would send.
    pub(crate) substituted_get: bool,
}

impl PendingRequest {
    /// Returns the key of the request and of its timeouts: one request per run for each key,
    /// whether media or document references wait on it. It is made only for requests the
    /// session handles, not for those the cache settles.
    pub(crate) fn key(&self) -> String {
        let timeouts = self.request.timeouts;
        format!(
            "{}:{}:{}:{}:{}",
            self.cache_key,
            timeouts.connect.as_millis(),
            timeouts.connect_attempts,
            timeouts.read.as_millis(),
            timeouts.total.as_millis()
        )
    }
}

/// A reference of a local document with its step, for the session.
#[derive(Debug)]
pub(crate) struct RecordedStep {
    pub(crate) reference: Reference,
    pub(crate) usage: NodeUse,
    pub(crate) step: Step,
}

/// What the link check decided for one local document on its own.
#[derive(Debug)]
pub struct FileLinks {
    /// The index of the document among the run's files.
    pub file: usize,
    /// Findings about references of this document that need no other document, before
    /// suppressions.
    pub findings: Vec<Finding>,
    /// The references the session must see, with their steps; empty when it needs none.
    pub(crate) steps: Vec<RecordedStep>,
    /// Whether every verb of the document is `<Redirect>`.
    pub(crate) only_redirects: bool,
    /// Whether the document dials a queue.
    pub(crate) dials_queue: bool,
    /// References examined.
    pub(crate) references: usize,
    /// References resolved to local files.
    pub(crate) local: usize,
    /// References not checked because links are checked offline: URLs to request, and relative
    /// URLs that only a deployed URL would resolve.
    pub(crate) offline: usize,
    /// References settled from the cache on the worker, each a document or media that leads
    /// nowhere and has no finding, so they never reach the session.
    pub(crate) cached: usize,
}

impl FileLinks {
    /// Whether the session must see this document: it references another local document,
    /// leads back to itself with no input, or has URLs to request.
    pub fn needs_session(&self) -> bool {
        !self.steps.is_empty()
    }
}

/// Runs the part of the link check that the local document at index `file` decides alone.
/// `lint_context` is the document's, as linting it built it.
pub fn check_file(
    lint_context: &Context<'_, '_>,
    file: usize,
    context: &LinkContext<'_>,
) -> FileLinks {
    let path = context.files.path(file).map(Path::to_path_buf);
    let url = path.as_deref().and_then(|path| context.options.bins.url_of(path));
    let place = Place { url, path };

    let mut links = FileLinks {
        file,
        findings: Vec::new(),
        steps: Vec::new(),
        only_redirects: only_redirects(lint_context),
        dials_queue: dials_queue(lint_context),
        references: 0,
        local: 0,
        offline: 0,
        cached: 0,
    };
    let mut needs_session = context.full_graph;
    let offline_eligible = is_offline_eligible(context);
    // The URL rules have read every URL of the document in the same order. Their result for a
    // URL is found by its span, so that each URL is checked by `plain_url` once.
    let url_values = if offline_eligible { lint_context.url_values() } else { &[] };
    let mut next_value = 0;
    let references = extract_unsettled(lint_context, |url, span, info| {
        if !offline_eligible {
            return false;
        }
        while url_values.get(next_value).is_some_and(|value| value.span().start < span.start) {
            next_value += 1;
        }
        let known =
            url_values.get(next_value).filter(|value| value.span() == span && value.value() == url);
        let Some(counted) = offline_settlement(url, info.role, context.options, known) else {
            return false;
        };
        links.references += 1;
        links.offline += usize::from(counted);
        true
    });
    let mut recorded = Vec::with_capacity(references.len());
    for reference in references {
        links.references += 1;
        let usage = usage_of(&reference, NodeUse::Main);
        let step = triage(&reference, &place, context, 0);
        let trail = Origin { file, span: reference.span };
        match &step {
            Step::Skip => continue,
            Step::Offline => {
                links.offline += 1;
                continue;
            }
            Step::Judged(judgement) => {
                emit(&mut links.findings, context.config, trail, None, judgement);
                continue;
            }
            Step::Current => {
                let loops = reference.exit == Exit::Unconditional || usage != NodeUse::Main;
                needs_session |= reference.is_document() && loops;
            }
            Step::Local { .. } => {
                links.local += 1;
                // The session reads the file: a document to follow, or media to judge by its
                // first bytes.
                needs_session = true;
            }
            Step::Remote { outcome, .. } => match outcome {
                RemoteOutcome::Judged(judgement) => {
                    emit(&mut links.findings, context.config, trail, None, judgement);
                }
                RemoteOutcome::Offline => {
                    links.offline += 1;
                    // Only the whole graph shows a URL that was not requested: it leads to no
                    // finding and to no other reference.
                    if !context.full_graph {
                        continue;
                    }
                }
                RemoteOutcome::TooDeep => {}
                RemoteOutcome::Request(pending) => {
                    if settled_by_cache(&reference, pending, step_url(&step), context) {
                        links.cached += 1;
                        continue;
                    }
                    needs_session = true;
                }
            },
        }
        recorded.push(RecordedStep { reference, usage, step });
    }
    if needs_session {
        links.steps = recorded;
    }
    links
}

/// Returns the URL a remote step shows, or an empty string for any other step.
fn step_url(step: &Step) -> &str {
    match step {
        Step::Remote { shown_url, .. } => shown_url,
        _ => "",
    }
}

/// Checks whether the cache settles `pending`, the request of `reference` in a local
/// document, in full. That takes a fresh entry that is ok for the reference and, for a
/// document, TwiML that lints clean for its role and references nothing, itself included.
/// Such a reference needs nothing from the session: no finding, no request, no document to
/// follow, no loop to close. Settling it on the worker spares a warm rerun most of its work
/// on the session's one thread. Anything else is left to the session, which judges it again.
///
/// The cached body is parsed and linted here as a fetched one would be, so nothing read
/// from the cache is trusted.
fn settled_by_cache(
    reference: &Reference,
    pending: &PendingRequest,
    shown_url: &str,
    context: &LinkContext<'_>,
) -> bool {
    if context.full_graph {
        return false;
    }
    let Some(entry) = context.cache.and_then(|cache| cache.get(&pending.cache_key)) else {
        return false;
    };

    let url = &pending.request.url;
    let read_body = pending.request.read_body;
    let Some(response) = cached_response(entry, read_body, url, context.options) else {
        return false;
    };
    let (judgement, body) =
        judge_response(reference, shown_url, &response, pending.substituted_get);
    if judgement.verdict != Verdict::Ok {
        return false;
    }
    if body != Some(Body::Twiml) || !reference.is_document() {
        return true;
    }

    let (source, _) = twiml::decode(&response.body);
    let usage = restricted_usage(reference.role);
    let cache = context.cache.filter(|_| usage.is_none());
    if cache.is_some_and(|cache| cache.is_clean(&source)) {
        return true;
    }
    let document = twiml::parse(&source);
    let mut lint_context = Context::new(&document, response.body.len());
    lint_context.restricted_verbs = usage.and_then(|usage| usage.restricted_verbs);
    if !document.is_well_formed() || !extract(&lint_context).is_empty() {
        return false;
    }
    let findings = check_context(&lint_context, context.config);
    if !findings.is_empty() {
        return false;
    }
    if let Some(cache) = cache {
        cache.remember_clean(&source);
    }
    true
}

/// Resolves `reference`, written in the document at `place` reached `depth` fetched
/// documents deep, and decides what to do with it.
pub(crate) fn triage(
    reference: &Reference,
    place: &Place,
    context: &LinkContext<'_>,
    depth: usize,
) -> Step {
    let options = context.options;
    if let Some(step) = offline_shortcut(reference, context) {
        return step;
    }
    let files = context.files;
    let exists = |path: &Path| files.exists(path);
    match resolve(&reference.url, reference.implicit, place, &options.bins, &exists) {
        Target::Current => Step::Current,
        Target::Templated => {
            log::debug!("not checking the templated URL {}", reference.url);
            Step::Skip
        }
        Target::Unplaced(_) if options.offline => {
            if !reference.is_document() && reference.role != UrlRole::Media {
                return Step::Skip;
            }
            Step::Offline
        }
        Target::Unresolved(reason) | Target::Unplaced(reason) => {
            if !reference.is_document() && reference.role != UrlRole::Media {
                return Step::Skip;
            }
            Step::Judged(Judgement::new(
                Verdict::Unverified,
                format!("{} `{}` was not checked: {reason}", reference.describe(), reference.url),
                "give the file a deployed URL: `[links] base-url` for its folder, or an entry \
                 in `[bins]` in twiml-lint.toml",
                None,
            ))
        }
        Target::MissingLocal { path, url } => Step::Judged(Judgement::new(
            Verdict::Broken,
            format!(
                "{} leads to `{}`, which maps to the local file {}, and that file does not exist",
                reference.describe(),
                redact(&url),
                super::display_path(&path)
            ),
            "add the file, or fix the URL; the mapping comes from `[bins]` or `[links] base-url`",
            Some(11200),
        )),
        Target::Local { path, url } => Step::Local { path, url },
        Target::Remote(url) => triage_remote(reference, &url, options, depth),
    }
}

/// Decides an offline reference without parsing its URL, when no bin is mapped and no graph is
/// drawn. The URL must be a plainly valid `http` or `https` URL on a public host name, or a URL
/// relative to the root of the host. Such a URL can only be counted as not checked, because no
/// document has a deployed URL to resolve it against. Offline runs meet one in almost every
/// reference, and a full URL parse was the largest cost of the link check. `None` leaves the
/// reference to [`resolve`].
fn offline_shortcut(reference: &Reference, context: &LinkContext<'_>) -> Option<Step> {
    if !is_offline_eligible(context) || reference.implicit {
        return None;
    }
    let counted = offline_settlement(&reference.url, reference.role, context.options, None)?;
    Some(if counted { Step::Offline } else { Step::Skip })
}

/// Checks whether [`offline_settlement`] may decide references: offline, with no bin mapped
/// and no graph drawn.
fn is_offline_eligible(context: &LinkContext<'_>) -> bool {
    let options = context.options;
    options.offline && options.bins.is_empty() && !context.full_graph
}

/// Decides, as [`offline_shortcut`] describes, the written reference to `url` for `role`:
/// `Some(true)` when it is counted as not checked, `Some(false)` when the link check leaves
/// it alone, `None` when [`resolve`] must decide. `known` is the URL rules' reading of the
/// same value, when there is one.
fn offline_settlement(
    url: &str,
    role: UrlRole,
    options: &LinkOptions,
    known: Option<&UrlValue<'_, '_>>,
) -> Option<bool> {
    let templated = known.map_or_else(|| crate::rule::is_templated(url), UrlValue::is_templated);
    if templated {
        return None;
    }
    let url = overrides::strip_fragment(url);
    let is_document = matches!(role, UrlRole::Document | UrlRole::RestrictedDocument { .. });
    if url.starts_with('/') && !url.starts_with("//") {
        // As `triage` decides a root-relative URL that only a deployed URL would resolve.
        return Some(is_document || matches!(role, UrlRole::Media));
    }
    // A plain URL with its fragment is plain without it, with the same scheme and host.
    let plain = match known.and_then(UrlValue::plain) {
        Some(plain) => plain.clone(),
        None => crate::rules::invalid_url::plain_url(url)?,
    };
    if !matches!(&url[..plain.scheme_len], "https" | "http") {
        return None;
    }
    // A plain URL has no user name, and its host is a name, not an address.
    let host = url[plain.host].as_bytes();
    let localhost = b"localhost";
    let under_localhost = host.len() > localhost.len()
        && host[host.len() - localhost.len() - 1] == b'.'
        && host[host.len() - localhost.len()..].eq_ignore_ascii_case(localhost);
    if host.eq_ignore_ascii_case(localhost) || under_localhost {
        return None;
    }
    if is_skipped_role(role, options) {
        return Some(false);
    }
    log::debug!("not requesting {url}: links are checked offline");
    Some(true)
}

/// Checks whether the link check leaves URLs of this role alone: WebSocket URLs, and status
/// callbacks unless `--check-callbacks` is given.
fn is_skipped_role(role: UrlRole, options: &LinkOptions) -> bool {
    match role {
        UrlRole::StatusCallback => !options.check_callbacks,
        UrlRole::WebSocket => true,
        _ => false,
    }
}

fn triage_remote(reference: &Reference, url: &Url, options: &LinkOptions, depth: usize) -> Step {
    if is_skipped_role(reference.role, options) {
        return Step::Skip;
    }
    let shown_url = redact(url);
    let outcome = remote_outcome(reference, url, &shown_url, options, depth);
    Step::Remote { shown_url, outcome }
}

fn remote_outcome(
    reference: &Reference,
    url: &Url,
    shown_url: &str,
    options: &LinkOptions,
    depth: usize,
) -> RemoteOutcome {
    if let Err(refusal) = address::precheck(url, &options.allow_hosts) {
        return RemoteOutcome::Judged(judge_error(shown_url, &FetchError::Refused(refusal)));
    }
    if options.offline {
        log::debug!("not requesting {shown_url}: links are checked offline");
        return RemoteOutcome::Offline;
    }
    let signs = options.sign_hosts.matches_url(url);
    if signs && options.credentials.is_none() {
        return RemoteOutcome::Judged(Judgement::new(
            Verdict::Unverified,
            format!(
                "`{shown_url}` was not checked: requests to it must be signed, and no credentials were given"
            ),
            "export TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or pass --token-file FILE) for \
             the account that owns the bin",
            None,
        ));
    }
    if depth + 1 > options.max_depth {
        let documents = if options.max_depth == 1 { "document" } else { "documents" };
        log::debug!("not following {shown_url}: deeper than {} {documents}", options.max_depth);
        return RemoteOutcome::TooDeep;
    }

    let replay = signs || options.replay_method;
    let method = if replay { reference.method } else { HttpMethod::Get };
    let params = if replay { options.params.clone() } else { Vec::new() };
    let read_body = reference.is_document();
    let (overrides, _) = overrides::parse(&reference.url);
    let request = FetchRequest {
        method,
        url: url.clone(),
        params,
        sign: signs,
        timeouts: overrides.apply(options.timeouts),
        read_body,
    };
    let account = options
        .credentials
        .as_ref()
        .filter(|_| signs)
        .map(|credentials| credentials.account_sid.as_str().to_owned());
    let cache_key = cache::key(method, url.as_str(), &request.params, account.as_deref());
    RemoteOutcome::Request(Box::new(PendingRequest {
        request,
        cache_key,
        substituted_get: substitutes_get(reference.method, method),
    }))
}

/// Adds the finding of `judgement` at `origin`, with the rule's configured severity. `via`
/// is the last fetched document on the way, when the reference is in one.
pub(crate) fn emit(
    findings: &mut Vec<Finding>,
    config: &LintConfig,
    origin: Origin,
    via: Option<&str>,
    judgement: &Judgement,
) {
    let Some(finding) = finding_of(config, origin, via, judgement) else { return };
    findings.push(finding);
}

/// The finding of `judgement` at `origin`, or `None` for an ok verdict or a disabled rule.
pub(crate) fn finding_of(
    config: &LintConfig,
    origin: Origin,
    via: Option<&str>,
    judgement: &Judgement,
) -> Option<Finding> {
    let name = judgement.verdict.rule_name()?;
    let rule = rules::find(name)?;
    let severity = config.severity(rule.name, rule.default_severity)?;
    let message = match via {
        None => judgement.message.clone(),
        Some(last) => {
            format!("{} (referenced by `{last}`, which this reference leads to)", judgement.message)
        }
    };
    Some(Finding {
        rule: rule.name,
        severity,
        span: origin.span,
        message,
        help: judgement.help.clone(),
        twilio_code: judgement.twilio_code.or(rule.twilio_code),
        related: Vec::new(),
    })
}

/// Applies the inline suppressions of `document` to its link findings, then sorts them by
/// position and removes repeats, the order in which they join the document's own findings.
pub fn finish_findings(document: &Document<'_>, findings: &mut Vec<Finding>) {
    if findings.is_empty() {
        return;
    }
    Suppressions::of(document).finish(document.source, findings);
}

/// The inline suppressions of a document, kept to apply to link findings that arrive after
/// the document itself is gone.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    found: Option<(Vec<suppression::Suppression>, LineIndex)>,
}

impl Suppressions {
    /// Reads the suppression comments of `document`.
    pub fn of(document: &Document<'_>) -> Suppressions {
        if !suppression::may_have_any(document.source) {
            return Suppressions::default();
        }
        let lines = LineIndex::new(document.source);
        let found = suppression::collect(document, &lines);
        Suppressions { found: (!found.is_empty()).then_some((found, lines)) }
    }

    /// Applies the suppressions to link findings about the document whose text is `source`,
    /// then sorts the findings by position and removes repeats, as [`finish_findings`] does.
    pub fn finish(&self, source: &str, findings: &mut Vec<Finding>) {
        if let Some((found, lines)) = &self.found {
            let mut suppressions = found.clone();
            suppression::apply(findings, &mut suppressions, source, lines);
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.rule, &a.message).cmp(&(b.span.start, b.rule, &b.message))
        });
        findings.dedup();
    }
}

/// The context the target of `reference` runs in, when the reference is in a document
/// running in `current`.
pub(crate) fn usage_of(reference: &Reference, current: NodeUse) -> NodeUse {
    match reference.role {
        UrlRole::RestrictedDocument { audio_allowed: true, .. } => NodeUse::Wait,
        UrlRole::RestrictedDocument { .. } => NodeUse::Restricted,
        // A `<Redirect>` inside a wait or whisper document stays in that context.
        _ if reference.exit == Exit::Unconditional => current,
        _ => NodeUse::Main,
    }
}

/// Checks whether every element in the root of the document of `context` is `<Redirect>`.
pub(crate) fn only_redirects(context: &Context<'_, '_>) -> bool {
    let Some(root) = context.root() else { return false };
    let is_redirect = |verb: Element<'_, '_>| verb.name() == "Redirect";
    // The verbs of a `<Response>` are listed once per document; any other root is walked.
    if root.name() == "Response" {
        return context.verbs().all(is_redirect);
    }
    root.child_elements().all(is_redirect)
}

/// Checks whether an element in the root of the document of `context` dials a queue,
/// `<Dial><Queue>`.
pub(crate) fn dials_queue(context: &Context<'_, '_>) -> bool {
    let Some(root) = context.root() else { return false };
    let dials_queue = |verb: Element<'_, '_>| {
        verb.name() == "Dial" && verb.child_elements().any(|noun| noun.name() == "Queue")
    };
    if root.name() == "Response" {
        return context.verbs().any(dials_queue);
    }
    root.child_elements().any(dials_queue)
}

/// Returns the lint usage of a document fetched for `role`.
pub(crate) fn restricted_usage(role: UrlRole) -> Option<Usage> {
    match role {
        UrlRole::RestrictedDocument { allowed, error_code, .. } => {
            Some(Usage { restricted_verbs: Some((allowed, error_code)) })
        }
        _ => None,
    }
}

/// Builds the response of a cached entry, when the entry has what the request needs.
/// `requested` is the URL asked for: the final URL of an entry that records none, and of one
/// whose recorded URL is the same, which then need not be parsed. A final URL that the address policy refuses makes the entry unusable, because
/// the cached document's relative references resolve against it.
pub(crate) fn cached_response(
    entry: &cache::Entry,
    read_body: bool,
    requested: &Url,
    options: &LinkOptions,
) -> Option<FetchResponse> {
    let final_url = match entry.final_url.as_deref() {
        None => requested.clone(),
        Some(last) if last == requested.as_str() => requested.clone(),
        Some(last) => {
            let url = Url::parse(last).ok()?;
            if let Err(refusal) = address::precheck(&url, &options.allow_hosts) {
                log::debug!("not using the cache entry for {}: {refusal}", redact(&url));
                return None;
            }
            url
        }
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(final_url: Option<&str>) -> cache::Entry {
        cache::Cache::entry(200, Some("text/xml".to_owned()), None, final_url.map(str::to_owned), 0)
    }

    #[test]
    fn cached_final_url_must_pass_the_address_policy() {
        let options = LinkOptions::default();
        let requested = Url::parse("https://example.com/next").expect("valid URL");
        let private = entry(Some("http://127.0.0.1:9/elsewhere"));
        assert!(cached_response(&private, false, &requested, &options).is_none());

        let public = entry(Some("https://example.com/moved"));
        let response = cached_response(&public, false, &requested, &options);
        assert_eq!(
            response.map(|response| response.final_url.to_string()).as_deref(),
            Some("https://example.com/moved")
        );

        let same = entry(Some("https://example.com/next"));
        assert!(cached_response(&same, false, &requested, &options).is_some());
        let unmoved = entry(None);
        let response = cached_response(&unmoved, false, &requested, &options);
        assert_eq!(response.map(|response| response.final_url), Some(requested.clone()));
    }
}
