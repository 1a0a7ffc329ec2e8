//! Signed requests to bins hosted by Twilio, built the way the bin handler checks them.
//!
//! A bin accepts a request only when it carries `AccountSid` and an `X-Twilio-Signature`
//! made with that account's auth token. There are two forms:
//!
//! - GET: `AccountSid` and any extra parameters are appended to the query string, and the
//!   signature covers that URL alone;
//! - POST: `AccountSid` and any extra parameters travel in a form body, and the signature
//!   covers the URL followed by the sorted parameters.

use std::fmt;

use crate::{AccountSid, AuthToken, Error, Params, RequestUrl, SIGNATURE_HEADER, Signature, sign};

/// Name of the parameter naming the account whose auth token a bin checks the signature with.
pub const ACCOUNT_SID_PARAM: &str = "AccountSid";

/// Content type of a POST bin request's body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// HTTP method of a bin request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Parameters in the query string.
    Get,
    /// Parameters in a form body.
    Post,
}

impl Method {
    /// Returns the method's name as sent on the request line: `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request to a bin hosted by Twilio, before signing.
///
/// Extra parameters fill the bin's `{{Name}}` template fields. They are signed along with
/// `AccountSid`: in the URL for GET, among the form parameters for POST.
#[derive(Debug, Clone)]
pub struct BinRequest {
    method: Method,
    url: RequestUrl,
    account_sid: AccountSid,
    params: Vec<(String, String)>,
}

impl BinRequest {
    /// Starts a request with `method` to the bin at `url` for the account `account_sid`.
    ///
    /// `url` is used as given, query included, so a query already on it stays first.
    pub fn new(method: Method, url: RequestUrl, account_sid: AccountSid) -> Self {
        Self { method, url, account_sid, params: Vec::new() }
    }

    /// Starts a GET request: parameters go into the signed URL.
    pub fn get(url: RequestUrl, account_sid: AccountSid) -> Self {
        Self::new(Method::Get, url, account_sid)
    }

    /// Starts a POST request: parameters go into a form body and the signed parameters.
    pub fn post(url: RequestUrl, account_sid: AccountSid) -> Self {
        Self::new(Method::Post, url, account_sid)
    }

    /// Adds an extra parameter, sent after `AccountSid` in the order added.
    #[must_use]
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Signs the request with the auth token of the account.
    ///
    /// Fails with [`Error::DuplicateAccountSid`] when `AccountSid` is already in the URL or
    /// among the extra parameters.
    pub fn sign(&self, token: &AuthToken) -> Result<SignedRequest, Error> {
        if self.url.query_value(ACCOUNT_SID_PARAM).is_some() {
            return Err(Error::DuplicateAccountSid { place: "in the URL" });
        }
        if self.params.iter().any(|(name, _)| name == ACCOUNT_SID_PARAM) {
            return Err(Error::DuplicateAccountSid { place: "as a parameter" });
        }

        let pairs = self.pairs();
        let signed = match self.method {
            Method::Get => {
                let url = pairs
                    .fold(self.url.clone(), |url, (name, value)| url.with_query_param(name, value));
                let signature = sign(token, &url, &Params::new());
                SignedRequest {
                    method: Method::Get,
                    url: url.as_str().to_owned(),
                    body: None,
                    signature,
                }
            }
            Method::Post => {
                let params: Params = pairs.clone().collect();
                let body =
                    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
                let signature = sign(token, &self.url, &params);
                SignedRequest {
                    method: Method::Post,
                    url: self.url.as_str().to_owned(),
                    body: Some(body),
                    signature,
                }
            }
        };
        Ok(signed)
    }

    /// `AccountSid` first, then the extra parameters in the order added.
    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        let account_sid = (ACCOUNT_SID_PARAM, self.account_sid.as_str());
        let extras = self.params.iter().map(|(name, value)| (name.as_str(), value.as_str()));
        std::iter::once(account_sid).chain(extras)
    }
}

/// A signed bin request, ready for any HTTP client: send `method` to `url` with the header
/// [`SIGNATURE_HEADER`] set to [`header_value`](Self::header_value) and, for POST, `body`
/// with the content type [`FORM_CONTENT_TYPE`].
#[derive(Debug, Clone)]
pub struct SignedRequest {
    method: Method,
    url: String,
    body: Option<String>,
    signature: Signature,
}

impl SignedRequest {
    /// Returns the HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// Returns the exact URL to request. The signature covers it byte for byte, so the HTTP client
    /// must send it without re-encoding it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Returns the form-urlencoded body of a POST request, `None` for GET.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// Returns the `Content-Type` the body needs, `None` for GET.
    pub fn content_type(&self) -> Option<&'static str> {
        self.body.as_ref().map(|_| FORM_CONTENT_TYPE)
    }

    /// Returns the name of the signature header, [`SIGNATURE_HEADER`].
    pub fn header_name(&self) -> &'static str {
        SIGNATURE_HEADER
    }

    /// Returns the value of the signature header.
    pub fn header_value(&self) -> &str {
        self.signature.as_str()
    }

    /// Returns the signature, which redacts itself in `Debug`.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }
}
