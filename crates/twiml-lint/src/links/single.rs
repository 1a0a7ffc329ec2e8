//! One signed fetch of one URL, for `twiml-lint fetch`: the request a bin accepts, the answer,
//! and its verdict, without following anything.

use twiml::Span;
use twiml::schema::{HttpMethod, SchemeRule, UrlInfo, UrlRole};
use url::Url;

use crate::links::fetch::{FetchRequest, FetchResponse, Fetcher, redact};
use crate::links::reference::{Exit, Reference};
use crate::links::verdict::{Body, Judgement, judge_error, judge_response};
use crate::links::{LinkError, LinkOptions, address, overrides};

/// The outcome of one fetch.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL as shown in messages, password hidden.
    pub shown_url: String,
    /// Whether the request was signed.
    pub signed: bool,
    /// The verdict for a document fetched the way `<Redirect>` fetches it.
    pub judgement: Judgement,
    /// The answer, when there was one.
    pub response: Option<FetchResponse>,
    /// The kind of body of an accepted response: TwiML to lint, or audio Twilio plays.
    pub body: Option<Body>,
}

/// Fetches `url` once with `method`, signed when its host is on the signing list, and judges
/// the answer as a TwiML document.
pub fn fetch_blocking(
    url: &str,
    method: HttpMethod,
    options: &LinkOptions,
) -> Result<Fetched, LinkError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(LinkError::Runtime)?;
    runtime.block_on(fetch(url, method, options))
}

/// Fetches `url` once; see [`fetch_blocking`].
pub async fn fetch(
    url: &str,
    method: HttpMethod,
    options: &LinkOptions,
) -> Result<Fetched, LinkError> {
    let invalid = |reason: String| LinkError::InvalidUrl { url: url.to_owned(), reason };
    let parsed =
        Url::parse(overrides::strip_fragment(url)).map_err(|error| invalid(error.to_string()))?;
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err(invalid("it must start with https:// or http://".to_owned()));
    }
    let shown_url = redact(&parsed);
    let reference = document_reference(url, method);
    let fetcher = Fetcher::new(options)?;
    let signed = fetcher.signs(&parsed) && options.credentials.is_some();

    if let Err(refusal) = address::precheck(&parsed, &options.allow_hosts) {
        let error = crate::links::fetch::FetchError::Refused(refusal);
        return Ok(Fetched {
            shown_url: shown_url.clone(),
            signed,
            judgement: judge_error(&shown_url, &error),
            response: None,
            body: None,
        });
    }
    let (connection_overrides, _) = overrides::parse(url);
    let request = FetchRequest {
        method,
        url: parsed,
        params: options.params.clone(),
        sign: signed,
        timeouts: connection_overrides.apply(options.timeouts),
        read_body: true,
    };
    let outcome = fetcher.fetch(&request).await;
    let result = match outcome {
        Err(error) => Fetched {
            judgement: judge_error(&shown_url, &error),
            shown_url,
            signed,
            response: None,
            body: None,
        },
        Ok(response) => {
            let (judgement, body) = judge_response(&reference, &shown_url, &response, false);
            Fetched { shown_url, signed, judgement, response: Some(response), body }
        }
    };
    Ok(result)
}

/// The URL facts of a TwiML document requested as `<Redirect>` would, with `default_method`.
const fn document_info(default_method: HttpMethod) -> UrlInfo {
    UrlInfo {
        role: UrlRole::Document,
        method_attribute: Some("method"),
        default_method,
        scheme: SchemeRule::Http,
        absolute_only: false,
        defaults_to_current_document: false,
        error_code: None,
        empty_allowed: false,
        query_allowed: true,
        content_type_error_code: None,
        scheme_error_code: None,
    }
}

static GET_DOCUMENT: UrlInfo = document_info(HttpMethod::Get);
static POST_DOCUMENT: UrlInfo = document_info(HttpMethod::Post);

/// A reference standing for the fetch: a TwiML document requested as `<Redirect>` would.
fn document_reference(url: &str, method: HttpMethod) -> Reference {
    let info = if method == HttpMethod::Get { &GET_DOCUMENT } else { &POST_DOCUMENT };
    Reference {
        url: url.to_owned(),
        span: Span::default(),
        raw_span: None,
        element: "Redirect",
        attribute: None,
        role: UrlRole::Document,
        method,
        implicit: false,
        exit: Exit::Unconditional,
        info,
    }
}
