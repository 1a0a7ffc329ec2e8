//! The fetcher: HTTP requests made the way Twilio makes them, with every wait bounded.
//!
//! - Concurrency is bounded over all hosts and per host and port.
//! - Each attempt has Twilio's budget ([`Timeouts`]): connect attempts of `connect` each, a
//!   read timeout, and a total. The checker keeps waiting `slow_grace` past the budget so
//!   that an answer Twilio would not have waited for is reported as slow, not as missing.
//! - 429, 5xx and failed connections are retried with exponential backoff, honoring a
//!   `Retry-After` of whole seconds or an HTTP date, up to a cap.
//! - At most [`MAX_BODY_BYTES`] + 1 bytes of a body are read, so a hostile server cannot
//!   exhaust memory.
//! - Redirects are followed here, not by reqwest: at most [`MAX_REDIRECTS`], each hop checked
//!   against the address policy, and credentials (the signature, `AccountSid`, userinfo) are
//!   dropped as soon as a hop leaves the original host and port.
//! - Requests to hosts on the signing list carry `AccountSid` and `X-Twilio-Signature`, built
//!   with `twiml-signature` exactly as a bin expects them.

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use tokio::sync::Semaphore;
use twiml::schema::HttpMethod;
use twiml_signature::{BinRequest, RequestUrl};
use url::Url;

use crate::links::address::{self, HostList, PolicyResolver, Refusal, ResolveFailure};
use crate::links::{Credentials, LinkError, LinkOptions, MAX_BODY_BYTES, RetryPolicy, Timeouts};

/// The maximum number of redirects Twilio follows. One more fails the request with 11215.
pub const MAX_REDIRECTS: u32 = 10;

/// One request to make.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// The method to send.
    pub method: HttpMethod,
    /// The URL, without fragment.
    pub url: Url,
    /// Parameters: added to the query of a GET, sent as a form body with a POST.
    pub params: Vec<(String, String)>,
    /// Whether to sign the request, when its host is on the signing list.
    pub sign: bool,
    /// Twilio's budget for this URL.
    pub timeouts: Timeouts,
    /// Whether the body matters: media and callbacks need only the status and headers, and a
    /// cached response without a body cannot settle a request that needs one. The body is
    /// read either way, up to the cap, so that one request serves both a media reference and
    /// a document reference to the same URL.
    pub read_body: bool,
}

/// What a signed request covered, for explaining a refusal. Neither the token nor the
/// signature is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedSummary {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The exact URL string that was signed and requested.
    pub url: String,
    /// The form parameters signed with it, in the order sent; empty for GET.
    pub params: Vec<(String, String)>,
    /// The `AccountSid` sent.
    pub account_sid: String,
}

/// An answer, after redirects.
#[derive(Debug, Clone)]
pub struct FetchResponse {
    /// The HTTP status of the last hop.
    pub status: u16,
    /// The media type of the last hop, lower case, without parameters.
    pub content_type: Option<String>,
    /// The body, at most [`MAX_BODY_BYTES`] + 1 bytes; empty when it was not read.
    pub body: Vec<u8>,
    /// Whether the body is larger than [`MAX_BODY_BYTES`].
    pub body_too_large: bool,
    /// The URL of the last hop, as the document's own URL for resolving its references.
    pub final_url: Url,
    /// Redirects followed.
    pub redirects: u32,
    /// Time from the first byte sent to the last byte read, for the last attempt.
    pub elapsed: Duration,
    /// Whether the answer came later than Twilio waits.
    pub slow: bool,
    /// Retries made after 429, 5xx or failed connections.
    pub retries: u32,
    /// What the last signed hop covered, if any hop was signed.
    pub signed: Option<SignedSummary>,
    /// Whether the answer came from the on-disk cache.
    pub from_cache: bool,
}

/// A request that got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The address policy refused the URL or a redirect.
    #[error("{0}")]
    Refused(Refusal),
    /// The host name does not resolve.
    #[error("the host name {host} does not resolve")]
    HostNotFound {
        /// The name.
        host: String,
    },
    /// Every connect attempt timed out.
    #[error("connecting {}", timed_out_phrase(*attempts, *each_ms))]
    ConnectTimeout {
        /// Attempts made.
        attempts: u32,
        /// The budget of each, in milliseconds.
        each_ms: u128,
    },
    /// The connection was refused or failed before a request could be sent.
    #[error("the connection failed: {reason}")]
    Connect {
        /// The operating system's error message.
        reason: String,
    },
    /// The TLS handshake failed.
    #[error("the TLS handshake failed: {reason}")]
    Tls {
        /// The TLS library's error message.
        reason: String,
    },
    /// No complete answer came before the budget and grace ran out.
    #[error("no complete answer in {waited_ms} ms; Twilio's {limit} timeout is {limit_ms} ms")]
    Timeout {
        /// The name of Twilio's timeout that ran out: `read` or `total`.
        limit: &'static str,
        /// That timeout, in milliseconds.
        limit_ms: u128,
        /// How long the checker waited, the limit and a grace period, in milliseconds.
        waited_ms: u128,
    },
    /// The connection broke after the request was sent, or the answer was not valid HTTP.
    #[error("the connection broke: {reason}")]
    Transport {
        /// What failed.
        reason: String,
    },
    /// More than [`MAX_REDIRECTS`] redirects.
    #[error("more than {MAX_REDIRECTS} redirects; the last one went to {last}")]
    TooManyRedirects {
        /// The last `Location` followed.
        last: String,
    },
    /// A redirect without a usable `Location`.
    #[error("a {status} redirect has an invalid Location {location:?}")]
    BadRedirect {
        /// The redirect status.
        status: u16,
        /// The header value, lossily decoded.
        location: String,
    },
    /// The request could not be signed.
    #[error("the request cannot be signed: {reason}")]
    Signing {
        /// The signature crate's error message.
        reason: String,
    },
    /// The check stopped before it had an outcome, through a fault of the checker.
    #[error("the check stopped unexpectedly: {reason}")]
    Internal {
        /// The panic message or other cause.
        reason: String,
    },
}

impl FetchError {
    /// Whether another attempt may succeed: a failed connection, reset or refused.
    fn is_retryable(&self) -> bool {
        matches!(self, FetchError::Connect { .. } | FetchError::Transport { .. })
    }
}

/// Writes how connect attempts timed out: `timed out after 5000 ms` for one attempt, `timed
/// out 2 times after 5000 ms each` for more.
pub(crate) fn timed_out_phrase(attempts: u32, each_ms: u128) -> String {
    if attempts == 1 {
        format!("timed out after {each_ms} ms")
    } else {
        format!("timed out {attempts} times after {each_ms} ms each")
    }
}

/// Makes requests with shared limits and connection pools.
#[derive(Debug)]
pub struct Fetcher {
    clients: Mutex<HashMap<(Duration, Duration), reqwest::Client>>,
    resolver: Arc<PolicyResolver>,
    global: Arc<Semaphore>,
    per_host: Mutex<HashMap<String, Arc<Semaphore>>>,
    max_per_host: usize,
    allow: HostList,
    sign_hosts: HostList,
    credentials: Option<Credentials>,
    retry: RetryPolicy,
    slow_grace: Duration,
    user_agent: String,
}

impl Fetcher {
    /// A fetcher with the limits, policy and credentials of `options`.
    pub fn new(options: &LinkOptions) -> Result<Fetcher, LinkError> {
        let fetcher = Fetcher {
            clients: Mutex::new(HashMap::new()),
            resolver: Arc::new(PolicyResolver::new(&options.allow_hosts)),
            // A semaphore with more permits than tokio allows panics when it is made.
            global: Arc::new(Semaphore::new(
                options.max_concurrency.clamp(1, Semaphore::MAX_PERMITS),
            )),
            per_host: Mutex::new(HashMap::new()),
            max_per_host: options.max_per_host.clamp(1, Semaphore::MAX_PERMITS),
            allow: options.allow_hosts.clone(),
            sign_hosts: options.sign_hosts.clone(),
            credentials: options.credentials.clone(),
            retry: options.retry,
            slow_grace: options.slow_grace,
            user_agent: format!("twiml-lint/{}", env!("CARGO_PKG_VERSION")),
        };
        // Clients are built on first use, so that a run answered from the cache builds none.
        Ok(fetcher)
    }

    /// Whether a request to `url` would be signed.
    pub fn signs(&self, url: &Url) -> bool {
        self.sign_hosts.matches_url(url)
    }

    /// Makes `request`, retrying what may succeed later, and returns the last answer.
    pub async fn fetch(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        let host_key = host_key(&request.url);
        let host_limit = self.host_semaphore(&host_key);
        // The semaphores are never closed, so acquiring cannot fail; a failure would only
        // mean no limit.
        let _global = self.global.acquire().await.ok();
        let _host = host_limit.acquire_owned().await.ok();

        let mut retries = 0;
        loop {
            let result = self.attempt(request).await;
            let wait = match &result {
                Ok(attempt) if is_retryable_status(attempt.response.status) => {
                    self.retry_wait(retries, attempt.retry_after)
                }
                Err(error) if error.is_retryable() => self.retry_wait(retries, None),
                _ => None,
            };
            let Some(wait) = wait else {
                return result.map(|attempt| attempt.into_response(retries));
            };
            log::info!(
                "retrying {} in {} ms (retry {} of {})",
                redact(&request.url),
                wait.as_millis(),
                retries + 1,
                self.retry.max_retries,
            );
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }

    /// The wait before retry number `retries + 1`, or `None` when no retry is left.
    fn retry_wait(&self, retries: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if retries >= self.retry.max_retries {
            return None;
        }
        let backoff = self.retry.backoff.saturating_mul(2u32.saturating_pow(retries));
        Some(retry_after.unwrap_or(backoff).min(self.retry.max_retry_after))
    }

    fn host_semaphore(&self, host_key: &str) -> Arc<Semaphore> {
        let mut per_host = self.per_host.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        per_host
            .entry(host_key.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(self.max_per_host)))
            .clone()
    }

    /// The client for a connect timeout and read timeout, built once per pair.
    fn client(&self, timeouts: &Timeouts) -> Result<reqwest::Client, LinkError> {
        let read = timeouts.read + self.slow_grace;
        let key = (timeouts.connect, read);
        let mut clients = self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(timeouts.connect)
            .read_timeout(read)
            .dns_resolver(self.resolver.clone())
            .pool_max_idle_per_host(self.max_per_host)
            .user_agent(self.user_agent.clone())
            .build()
            .map_err(|error| LinkError::Client { message: error_chain(&error) })?;
        clients.insert(key, client.clone());
        Ok(client)
    }

    /// One attempt: the request and its redirects, within one budget. A timeout reports the
    /// time the attempt waited in all.
    async fn attempt(&self, request: &FetchRequest) -> Result<Attempt, FetchError> {
        let started = Instant::now();
        self.attempt_hops(request).await.map_err(|error| match error {
            FetchError::Timeout { limit, limit_ms, .. } => {
                FetchError::Timeout { limit, limit_ms, waited_ms: started.elapsed().as_millis() }
            }
            other => other,
        })
    }

    async fn attempt_hops(&self, request: &FetchRequest) -> Result<Attempt, FetchError> {
        let client = self
            .client(&request.timeouts)
            .map_err(|error| FetchError::Transport { reason: error.to_string() })?;
        let budget = request.timeouts.total + self.slow_grace;
        let started = Instant::now();
        let origin = host_key(&request.url);
        let mut hop = Hop {
            url: request.url.clone(),
            method: request.method,
            params: request.params.clone(),
        };
        let mut signed = None;

        for redirects in 0..=MAX_REDIRECTS {
            self.check_address(&hop.url).await?;
            let same_origin = host_key(&hop.url) == origin;
            let sign = request.sign && same_origin && self.signs(&hop.url);
            let (built, summary) = self.build(&client, &hop, sign, same_origin)?;
            if summary.is_some() {
                signed = summary;
            }

            let remaining = budget.saturating_sub(started.elapsed());
            let response = self.send(&client, built, request.timeouts, remaining).await?;
            let status = response.status().as_u16();
            if let Some(next) = redirect_target(&hop, &response)? {
                if redirects == MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects { last: redact(&next.url) });
                }
                hop = next;
                continue;
            }

            let headers_at = started.elapsed();
            let content_type = media_type(&response);
            let retry_after = retry_after(&response);
            let remaining = budget.saturating_sub(started.elapsed());
            let (body, body_too_large) =
                read_body(response, remaining, request.timeouts.total).await?;
            let elapsed = started.elapsed();
            let slow = elapsed > request.timeouts.total || headers_at > request.timeouts.read;
            return Ok(Attempt {
                response: FetchResponse {
                    status,
                    content_type,
                    body,
                    body_too_large,
                    final_url: hop.url,
                    redirects,
                    elapsed,
                    slow,
                    retries: 0,
                    signed,
                    from_cache: false,
                },
                retry_after,
            });
        }
        unreachable!("the loop returns on its last hop")
    }

    /// Refuses addresses Twilio cannot reach, before any byte is sent.
    async fn check_address(&self, url: &Url) -> Result<(), FetchError> {
        address::precheck(url, &self.allow).map_err(FetchError::Refused)?;
        if address::needs_own_lookup(url, &self.allow) {
            let host = address::host_of(url).unwrap_or_default();
            let port = url.port_or_known_default().unwrap_or(0);
            address::check_resolved(&host, port).await.map_err(|failure| match failure {
                ResolveFailure::Refused(refusal) => FetchError::Refused(refusal),
                ResolveFailure::NotFound { host, .. } => FetchError::HostNotFound { host },
            })?;
        }
        Ok(())
    }

    /// Builds the request of one hop: signed for a host on the signing list, else plain.
    fn build(
        &self,
        client: &reqwest::Client,
        hop: &Hop,
        sign: bool,
        same_origin: bool,
    ) -> Result<(reqwest::Request, Option<SignedSummary>), FetchError> {
        let mut url = hop.url.clone();
        if !same_origin {
            // Userinfo is a credential too: it never follows a redirect to another host.
            let _ = url.set_username("");
            let _ = url.set_password(None);
        }
        let signing_error = |reason: String| FetchError::Signing { reason };

        if let (true, Some(credentials)) = (sign, &self.credentials) {
            let request_url = RequestUrl::parse(url.as_str())
                .map_err(|error| signing_error(error.to_string()))?;
            let method = match hop.method {
                HttpMethod::Get => twiml_signature::Method::Get,
                _ => twiml_signature::Method::Post,
            };
            let mut bin = BinRequest::new(method, request_url, credentials.account_sid.clone());
            for (name, value) in &hop.params {
                bin = bin.param(name, value);
            }
            let signed =
                bin.sign(&credentials.token).map_err(|error| signing_error(error.to_string()))?;
            let wire_url =
                Url::parse(signed.url()).map_err(|error| signing_error(error.to_string()))?;
            if wire_url.as_str() != signed.url() {
                return Err(signing_error(format!(
                    "the URL would be sent as {} but was signed as {}",
                    redact(&wire_url),
                    signed.url()
                )));
            }
            let mut builder = client
                .request(reqwest_method(hop.method), wire_url)
                .header(signed.header_name(), signed.header_value());
            if let (Some(body), Some(content_type)) = (signed.body(), signed.content_type()) {
                builder = builder.header(CONTENT_TYPE, content_type).body(body.to_owned());
            }
            let mut params = vec![(
                twiml_signature::ACCOUNT_SID_PARAM.to_owned(),
                credentials.account_sid.as_str().to_owned(),
            )];
            if hop.method != HttpMethod::Get {
                params.extend(hop.params.iter().cloned());
            }
            let summary = SignedSummary {
                method: hop.method.as_str(),
                url: signed.url().to_owned(),
                params: if hop.method == HttpMethod::Get { Vec::new() } else { params },
                account_sid: credentials.account_sid.as_str().to_owned(),
            };
            let built = builder.build().map_err(|error| FetchError::Transport {
                reason: error_chain(&error.without_url()),
            })?;
            return Ok((built, Some(summary)));
        }

        let builder = if hop.method == HttpMethod::Get {
            if !hop.params.is_empty() {
                url.query_pairs_mut().extend_pairs(&hop.params);
            }
            client.get(url)
        } else {
            let body =
                form_urlencoded::Serializer::new(String::new()).extend_pairs(&hop.params).finish();
            client.post(url).header(CONTENT_TYPE, twiml_signature::FORM_CONTENT_TYPE).body(body)
        };
        let built = builder
            .build()
            .map_err(|error| FetchError::Transport { reason: error_chain(&error.without_url()) })?;
        Ok((built, None))
    }

    /// Sends one hop, retrying a connect failure as Twilio does, within `remaining`.
    async fn send(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        timeouts: Timeouts,
        remaining: Duration,
    ) -> Result<reqwest::Response, FetchError> {
        let started = Instant::now();
        let attempts = timeouts.connect_attempts.max(1);
        let mut attempt = 1;
        loop {
            let left = remaining.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(FetchError::Timeout {
                    limit: "total",
                    limit_ms: timeouts.total.as_millis(),
                    waited_ms: remaining.as_millis(),
                });
            }
            let Some(copy) = request.try_clone() else {
                return Err(FetchError::Transport {
                    reason: "the request body cannot be resent".to_owned(),
                });
            };
            let error = match tokio::time::timeout(left, client.execute(copy)).await {
                Err(_) => {
                    return Err(FetchError::Timeout {
                        limit: "total",
                        limit_ms: timeouts.total.as_millis(),
                        waited_ms: remaining.as_millis(),
                    });
                }
                Ok(Ok(response)) => return Ok(response),
                Ok(Err(error)) => classify(&error, timeouts, attempt),
            };
            let connect_failed =
                matches!(error, FetchError::ConnectTimeout { .. } | FetchError::Connect { .. });
            if !connect_failed || attempt >= attempts {
                return Err(error);
            }
            attempt += 1;
        }
    }
}

/// One hop of a request: where it goes and with what.
#[derive(Debug, Clone)]
struct Hop {
    url: Url,
    method: HttpMethod,
    params: Vec<(String, String)>,
}

/// The answer of one attempt, with the `Retry-After` it asked for.
#[derive(Debug)]
struct Attempt {
    response: FetchResponse,
    retry_after: Option<Duration>,
}

impl Attempt {
    fn into_response(self, retries: u32) -> FetchResponse {
        FetchResponse { retries, ..self.response }
    }
}

/// The next hop when `response` is a redirect, or `None` when it is the answer.
fn redirect_target(hop: &Hop, response: &reqwest::Response) -> Result<Option<Hop>, FetchError> {
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let bad = |location: String| FetchError::BadRedirect { status, location };
    let Some(location) = response.headers().get(LOCATION) else {
        return Err(bad(String::new()));
    };
    let location_text = String::from_utf8_lossy(location.as_bytes()).into_owned();
    let Ok(mut url) = hop.url.join(&location_text) else { return Err(bad(location_text)) };
    url.set_fragment(None);
    // 303 always becomes a GET; 301 and 302 turn a POST into a GET as every client does;
    // 307 and 308 keep the method and body.
    let keeps_method = matches!(status, 307 | 308) || hop.method == HttpMethod::Get;
    let (method, params) = if keeps_method && status != 303 {
        (hop.method, hop.params.clone())
    } else {
        (HttpMethod::Get, Vec::new())
    };
    Ok(Some(Hop { url, method, params }))
}

/// Reads at most [`MAX_BODY_BYTES`] + 1 bytes of the body within `remaining`.
/// `twilio_limit` is Twilio's total timeout, for the message when `remaining` runs out.
async fn read_body(
    mut response: reqwest::Response,
    remaining: Duration,
    twilio_limit: Duration,
) -> Result<(Vec<u8>, bool), FetchError> {
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Ok((Vec::new(), true));
    }
    let limit = MAX_BODY_BYTES + 1;
    let mut body = Vec::new();
    let reading = async {
        while let Some(chunk) = response.chunk().await? {
            let room = limit - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() >= limit {
                break;
            }
        }
        Ok::<(), reqwest::Error>(())
    };
    let timeout = || FetchError::Timeout {
        limit: "total",
        limit_ms: twilio_limit.as_millis(),
        waited_ms: remaining.as_millis(),
    };
    match tokio::time::timeout(remaining, reading).await {
        Err(_) => Err(timeout()),
        Ok(Err(error)) if error.is_timeout() => Err(timeout()),
        Ok(Err(error)) => Err(FetchError::Transport { reason: error_chain(&error.without_url()) }),
        Ok(Ok(())) => {
            let too_large = body.len() > MAX_BODY_BYTES;
            Ok((body, too_large))
        }
    }
}

/// Turns a reqwest error into what it means for the call.
fn classify(error: &reqwest::Error, timeouts: Timeouts, attempt: u32) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut io_kind = None;
    while let Some(current) = source {
        if let Some(failure) = current.downcast_ref::<ResolveFailure>() {
            return match failure {
                ResolveFailure::Refused(refusal) => FetchError::Refused(refusal.clone()),
                ResolveFailure::NotFound { host, .. } => {
                    FetchError::HostNotFound { host: host.clone() }
                }
            };
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        source = current.source();
    }
    let reason = reason_of(error);
    if error.is_connect() && error.is_timeout() {
        return FetchError::ConnectTimeout {
            attempts: attempt,
            each_ms: timeouts.connect.as_millis(),
        };
    }
    if error.is_timeout() {
        // The client waits the read timeout and the grace period; the attempt corrects the
        // time waited.
        return FetchError::Timeout {
            limit: "read",
            limit_ms: timeouts.read.as_millis(),
            waited_ms: timeouts.read.as_millis(),
        };
    }
    let tls = io_kind == Some(std::io::ErrorKind::InvalidData)
        || reason.contains("certificate")
        || reason.contains("tls")
        || reason.contains("TLS");
    if error.is_connect() && tls {
        return FetchError::Tls { reason };
    }
    if error.is_connect() {
        return FetchError::Connect { reason };
    }
    FetchError::Transport { reason }
}

/// The messages of a reqwest error and its sources, without the URL reqwest adds.
fn reason_of(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&format!(" for url ({url})"), "");
    }
    match error.source() {
        Some(source) if is_wrapper(&text) => error_chain(source),
        Some(source) => format!("{text}: {}", error_chain(source)),
        None => text,
    }
}

/// The starts of the HTTP stack's wrapper messages, which name the step an error passed
/// through rather than the error, such as `error sending request` or `client error (Connect)`.
const WRAPPER_MESSAGES: &[&str] = &[
    "error sending request",
    "client error (",
    "error trying to connect",
    "tcp connect error",
    "request or response body error",
    "error reading a body from connection",
];

/// The messages of an error and its sources, joined by `: `, without repeats and without the
/// HTTP stack's wrapper messages, unless nothing else is left.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(current) = source {
        let text = current.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        source = current.source();
    }
    let last = parts.last().cloned().unwrap_or_default();
    let causes: Vec<String> = parts.into_iter().filter(|part| !is_wrapper(part)).collect();
    if causes.is_empty() { last } else { causes.join(": ") }
}

/// Checks whether `message` is one of the HTTP stack's wrapper messages.
fn is_wrapper(message: &str) -> bool {
    WRAPPER_MESSAGES.iter().any(|start| message.starts_with(start))
}

fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// Reads a `Retry-After` of the response: whole seconds, or an HTTP date. The caller caps the
/// wait.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, std::time::SystemTime::now())
}

/// Parses a `Retry-After` value as whole seconds or as an HTTP date, relative to `now`. A
/// date in the past means no wait.
fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

fn media_type(response: &reqwest::Response) -> Option<String> {
    let value = response.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    (!essence.is_empty()).then_some(essence)
}

fn reqwest_method(method: HttpMethod) -> reqwest::Method {
    match method {
        HttpMethod::Get => reqwest::Method::GET,
        _ => reqwest::Method::POST,
    }
}

/// `host:port` of a URL, the key of the per-host limit and of the same-origin check.
pub fn host_key(url: &Url) -> String {
    let host = address::host_of(url).unwrap_or_default();
    format!("{host}:{}", url.port_or_known_default().unwrap_or(0))
}

/// The URL with any password replaced by `***`, for messages and logs.
pub fn redact(url: &Url) -> String {
    if url.password().is_none() {
        return url.to_string();
    }
    let mut shown = url.clone();
    let _ = shown.set_password(Some("***"));
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").expect("valid date");
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("Wed, 21 Oct 2026 07:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn connect_timeout_counts_attempts() {
        let once = FetchError::ConnectTimeout { attempts: 1, each_ms: 5000 };
        assert_eq!(once.to_string(), "connecting timed out after 5000 ms");
        let twice = FetchError::ConnectTimeout { attempts: 2, each_ms: 5000 };
        assert_eq!(twice.to_string(), "connecting timed out 2 times after 5000 ms each");
    }

    #[test]
    fn limits_above_semaphore_maximum_clamped() {
        let options = LinkOptions {
            max_concurrency: usize::MAX,
            max_per_host: usize::MAX,
            ..LinkOptions::default()
        };
        let fetcher = Fetcher::new(&options).expect("fetcher");
        assert_eq!(fetcher.global.available_permits(), Semaphore::MAX_PERMITS);
        assert_eq!(
            fetcher.host_semaphore("example.com:443").available_permits(),
            Semaphore::MAX_PERMITS
        );
    }

    #[test]
    fn redact_hides_passwords() {
        let url = Url::parse("https://user:secret@example.com/x").expect("valid");
        assert_eq!(redact(&url), "https://user:***@example.com/x");
    }

    #[test]
    fn host_key_includes_the_default_port() {
        let url = Url::parse("https://Example.com/x").expect("valid");
        assert_eq!(host_key(&url), "example.com:443");
    }

    #[test]
    fn retryable_statuses() {
        assert!(is_retryable_status(429));
        assert!(is_retryable_status(503));
        assert!(!is_retryable_status(404));
        assert!(!is_retryable_status(200));
    }
}
