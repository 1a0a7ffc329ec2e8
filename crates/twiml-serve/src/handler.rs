//! The bin handler: checks a request the way Twilio's TwiML Bin handler does, then renders the
//! bin's template with the request's parameters.
//!
//! The checks, in order, and the status each failure gets:
//!
//! | check | status |
//! | --- | --- |
//! | the method is GET or POST | 405 |
//! | the path is `/twiml/<bin id>` with nothing after the id, and the bin exists | 404 |
//! | the path and query are valid percent-encoding of UTF-8, a `Host` header is present | 400 |
//! | a POST body is at most [`Limits::max_body_bytes`], arrives in time, and is a form | 413, 408, 415, 400 |
//! | `AccountSid` is in the query or the form body, and equals the served account | 403 |
//! | `X-Twilio-Signature` is present and matches the request | 403 |
//! | the bin file reads as UTF-8 text | 500 |
//! | the template renders | 500 |
//!
//! Both authorization failures get 403 with the body `Not Authorized` and no TwiML. Twilio's
//! handler responds to such requests with "Not Authorized" but documents no status code, and
//! 403 is the status for a request the server understood and rejects.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use twiml::template::{self, Context};
use twiml_signature::{
    ACCOUNT_SID_PARAM, AccountSid, AuthToken, Params, RequestUrl, SIGNATURE_HEADER, validate,
};

use crate::config::{BinSource, Limits, read_bin_file};
use crate::decode::{decode_form, decode_path_segment};

/// The path prefix every bin is served under, as on `handler.twilio.com`.
pub(crate) const BIN_PATH_PREFIX: &str = "/twiml/";

const XML_CONTENT_TYPE: &str = "text/xml";
const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";
const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";
const NOT_AUTHORIZED: &str = "Not Authorized";

/// The state every request handler shares.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) bins: std::collections::HashMap<String, BinSource>,
    pub(crate) account_sid: AccountSid,
    pub(crate) auth_token: AuthToken,
    pub(crate) limits: Limits,
}

/// Builds the router: bins under `/twiml/{id}`, 404 for everything else, each request logged.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new().route("/twiml/{bin_id}", any(serve_bin)).fallback(not_found).with_state(state)
}

/// The outcome of the signature check, for the request log.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SignatureCheck {
    /// The request failed before the signature was checked.
    NotChecked,
    /// No `X-Twilio-Signature` header.
    Missing,
    /// The header matches no spelling of the request URL.
    Mismatch,
    /// The header matches the URL spelling described, such as `as given`.
    Matched(String),
}

impl fmt::Display for SignatureCheck {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureCheck::NotChecked => formatter.write_str("not checked"),
            SignatureCheck::Missing => formatter.write_str("missing"),
            SignatureCheck::Mismatch => formatter.write_str("mismatch"),
            SignatureCheck::Matched(spelling) => write!(formatter, "matched ({spelling})"),
        }
    }
}

/// A response before it is sent, with what the request log needs.
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    content_type: &'static str,
    body: String,
    signature: SignatureCheck,
    /// The reason the request failed, for the log. It never contains a token, a signature or a
    /// body.
    reason: Option<String>,
}

impl Reply {
    fn error(status: StatusCode, reason: impl Into<String>) -> Reply {
        let reason = reason.into();
        let body = format!("{reason}\n");
        Reply {
            status,
            content_type: TEXT_CONTENT_TYPE,
            body,
            signature: SignatureCheck::NotChecked,
            reason: Some(reason),
        }
    }

    fn not_authorized(signature: SignatureCheck, reason: impl Into<String>) -> Reply {
        Reply {
            status: StatusCode::FORBIDDEN,
            content_type: TEXT_CONTENT_TYPE,
            body: format!("{NOT_AUTHORIZED}\n"),
            signature,
            reason: Some(reason.into()),
        }
    }

    fn log(&self, method: &Method, path: &str) {
        let status = self.status.as_u16();
        let signature = &self.signature;
        match &self.reason {
            Some(reason) => log::info!("{method} {path} {status} signature={signature}: {reason}"),
            None => log::info!("{method} {path} {status} signature={signature}"),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, [(header::CONTENT_TYPE, self.content_type)], self.body).into_response();
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            response
                .headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static("GET, POST"));
        }
        response
    }
}

async fn not_found(request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let reply = Reply::error(StatusCode::NOT_FOUND, format!("no bin is served at {path}"));
    reply.log(request.method(), &path);
    reply.into_response()
}

async fn serve_bin(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let reply = match check_and_render(&state, request).await {
        Ok(reply) | Err(reply) => reply,
    };
    reply.log(&method, &path);
    reply.into_response()
}

/// Runs the checks in the order the module documentation lists them. `Err` is the
/// response to a request that failed one.
async fn check_and_render(state: &AppState, request: Request) -> Result<Reply, Reply> {
    let is_post = match *request.method() {
        Method::GET => false,
        Method::POST => true,
        ref other => {
            let reason = format!("method {other} is not allowed; use GET or POST");
            return Err(Reply::error(StatusCode::METHOD_NOT_ALLOWED, reason));
        }
    };
    let (id, source) = find_bin(state, request.uri().path())?;
    let query = request.uri().query().unwrap_or_default();
    let query_pairs = decode_form(query.as_bytes()).map_err(|error| {
        Reply::error(StatusCode::BAD_REQUEST, format!("invalid query string: {error}"))
    })?;
    let url = request_url(&request)?;
    let signature = signature_header(request.headers());

    let (parts, body) = request.into_parts();
    let form_pairs =
        if is_post { read_form(&parts.headers, body, &state.limits).await? } else { Vec::new() };

    check_account_sid(state, &query_pairs, &form_pairs)?;
    let matched = check_signature(state, &url, &form_pairs, signature)?;

    let template_text = load_template(&id, source).await?;
    // NOTE: which source wins when the query and the form both have a name is not documented
    // for Twilio's handler. Query values come first here, so `{{Name}}` takes the query's.
    let context: Context = query_pairs.into_iter().chain(form_pairs).collect();
    match template::render(&template_text, &context) {
        Ok(xml) => Ok(Reply {
            status: StatusCode::OK,
            content_type: XML_CONTENT_TYPE,
            body: xml,
            signature: matched,
            reason: None,
        }),
        Err(error) => {
            let reason = format!("bin {id:?} cannot be rendered: {error}");
            let mut reply = Reply::error(StatusCode::INTERNAL_SERVER_ERROR, reason);
            reply.signature = matched;
            Err(reply)
        }
    }
}

/// Finds the bin a path names. A path with more segments after the id is not a bin, as on
/// Twilio's handler.
fn find_bin<'s>(state: &'s AppState, path: &str) -> Result<(String, &'s BinSource), Reply> {
    let not_found = || Reply::error(StatusCode::NOT_FOUND, format!("no bin is served at {path}"));
    let raw_id = path.strip_prefix(BIN_PATH_PREFIX).ok_or_else(not_found)?;
    if raw_id.is_empty() || raw_id.contains('/') {
        return Err(not_found());
    }
    let id = decode_path_segment(raw_id).map_err(|error| {
        Reply::error(StatusCode::BAD_REQUEST, format!("invalid bin id in the path: {error}"))
    })?;
    let source = state.bins.get(id.as_ref()).ok_or_else(not_found)?;
    Ok((id.into_owned(), source))
}

/// The URL the client requested, as the signature must cover it: `http`, the `Host` header,
/// then the path and query exactly as received.
fn request_url(request: &Request) -> Result<RequestUrl, Reply> {
    let host = request.headers().get(header::HOST).and_then(|host| host.to_str().ok());
    let Some(host) = host.filter(|host| !host.is_empty()) else {
        return Err(Reply::error(StatusCode::BAD_REQUEST, "missing or invalid Host header"));
    };
    let path_and_query = request.uri().path_and_query().map_or("/", |target| target.as_str());
    RequestUrl::parse(&format!("http://{host}{path_and_query}")).map_err(|error| {
        Reply::error(StatusCode::BAD_REQUEST, format!("request URL cannot be signed: {error}"))
    })
}

fn signature_header(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(SIGNATURE_HEADER)?;
    Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Reads and decodes a POST body within the size and time limits.
async fn read_form(
    headers: &HeaderMap,
    body: Body,
    limits: &Limits,
) -> Result<Vec<(String, String)>, Reply> {
    let too_large = || {
        let limit = limits.max_body_bytes;
        Reply::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body is larger than {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .and_then(|length| length.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.max_body_bytes as u64) {
        return Err(too_large());
    }

    let bytes = match tokio::time::timeout(
        limits.body_read_timeout,
        collect_body(body, limits.max_body_bytes),
    )
    .await
    {
        Err(_elapsed) => {
            let seconds = limits.body_read_timeout.as_secs_f64();
            return Err(Reply::error(
                StatusCode::REQUEST_TIMEOUT,
                format!("request body did not arrive within {seconds} s"),
            ));
        }
        Ok(Err(BodyError::TooLarge)) => return Err(too_large()),
        Ok(Err(BodyError::Read)) => {
            return Err(Reply::error(StatusCode::BAD_REQUEST, "request body could not be read"));
        }
        Ok(Ok(bytes)) => bytes,
    };
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    if !is_form(headers) {
        let reason = format!("request body must be {FORM_MEDIA_TYPE}, as Twilio sends it");
        return Err(Reply::error(StatusCode::UNSUPPORTED_MEDIA_TYPE, reason));
    }
    decode_form(&bytes).map_err(|error| {
        Reply::error(StatusCode::BAD_REQUEST, format!("invalid form body: {error}"))
    })
}

enum BodyError {
    TooLarge,
    Read,
}

async fn collect_body(mut body: Body, max_bytes: usize) -> Result<Vec<u8>, BodyError> {
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| BodyError::Read)?;
        let Ok(data) = frame.into_data() else { continue };
        if bytes.len() + data.len() > max_bytes {
            return Err(BodyError::TooLarge);
        }
        bytes.extend_from_slice(&data);
    }
    Ok(bytes)
}

fn is_form(headers: &HeaderMap) -> bool {
    let Some(content_type) =
        headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    media_type.eq_ignore_ascii_case(FORM_MEDIA_TYPE)
}

/// Requires at least one `AccountSid`, in the query or the form body, and every one of them
/// to equal the served account.
fn check_account_sid(
    state: &AppState,
    query_pairs: &[(String, String)],
    form_pairs: &[(String, String)],
) -> Result<(), Reply> {
    let mut values = query_pairs
        .iter()
        .chain(form_pairs)
        .filter(|(name, _)| name == ACCOUNT_SID_PARAM)
        .map(|(_, value)| value.as_str())
        .peekable();
    if values.peek().is_none() {
        let reason = format!("{ACCOUNT_SID_PARAM} is missing from the query and the form body");
        return Err(Reply::not_authorized(SignatureCheck::NotChecked, reason));
    }
    if values.any(|value| value != state.account_sid.as_str()) {
        let reason = format!("{ACCOUNT_SID_PARAM} is not the account this server serves");
        return Err(Reply::not_authorized(SignatureCheck::NotChecked, reason));
    }
    Ok(())
}

/// Validates the signature over the URL and, for POST, the form parameters.
fn check_signature(
    state: &AppState,
    url: &RequestUrl,
    form_pairs: &[(String, String)],
    signature: Option<String>,
) -> Result<SignatureCheck, Reply> {
    let Some(signature) = signature.filter(|signature| !signature.is_empty()) else {
        let reason = format!("{SIGNATURE_HEADER} header is missing");
        return Err(Reply::not_authorized(SignatureCheck::Missing, reason));
    };
    let params: Params =
        form_pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    match validate(&state.auth_token, url, &params, &signature) {
        Ok(candidate) => Ok(SignatureCheck::Matched(candidate.change_description())),
        Err(rejection) => {
            // The rejection lists the URL spellings tried, which name no secret.
            let reason = format!("{SIGNATURE_HEADER} does not validate: {rejection}");
            Err(Reply::not_authorized(SignatureCheck::Mismatch, reason))
        }
    }
}

/// Loads the bin's template text. A file is read again on every request, off the async threads.
async fn load_template(id: &str, source: &BinSource) -> Result<String, Reply> {
    let path = match source {
        BinSource::Content(content) => return Ok(content.clone()),
        BinSource::File(path) => path.clone(),
    };
    let read = tokio::task::spawn_blocking(move || {
        let result = read_bin_file(&path);
        (path, result)
    })
    .await;
    match read {
        Ok((_, Ok(content))) => Ok(content),
        Ok((path, Err(error))) => {
            let reason = format!("failed to read bin {id:?} from {}: {error}", path.display());
            Err(Reply::error(StatusCode::INTERNAL_SERVER_ERROR, reason))
        }
        Err(error) => {
            let reason = format!("failed to read bin {id:?}: {error}");
            Err(Reply::error(StatusCode::INTERNAL_SERVER_ERROR, reason))
        }
    }
}
