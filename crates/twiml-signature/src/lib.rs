//! Signs and validates `X-Twilio-Signature` exactly as Twilio does, with no I/O.
//!
//! The signature is the base64 HMAC-SHA1, keyed with the account's auth token, of the
//! *string to sign*: the URL exactly as Twilio requested it, followed by each form parameter's
//! name and value, sorted by name in byte order, with no separators. A request with a JSON
//! body is signed over its URL alone, which then carries the body's SHA-256 in `bodySHA256`.
//!
//! Validation tries the spellings of the URL that Twilio's helper libraries accept (as given,
//! port toggled, userinfo removed) and reports which one matched, or lists those it tried.
//! [`BinRequest`] builds the signed GET or POST request that a bin hosted by Twilio accepts.
//!
//! ```
//! use twiml_signature::{AuthToken, Params, RequestUrl, sign, validate};
//!
//! let token = AuthToken::new("12345")?;
//! let url = RequestUrl::parse("https://example.com/myapp.php?foo=1&bar=2")?;
//! let params: Params = [
//!     ("Digits", "1234"),
//!     ("To", "+18005551212"),
//!     ("From", "+14158675310"),
//!     ("Caller", "+14158675310"),
//!     ("CallSid", "CA1234567890ABCDE"),
//! ]
//! .into_iter()
//! .collect();
//!
//! let signature = sign(&token, &url, &params);
//! assert_eq!(signature.as_str(), "L/OH5YylLD5NRKLltdqwSvS0BnU=");
//! assert_eq!(format!("{token:?} {signature:?}"), "AuthToken(redacted) Signature(redacted)");
//!
//! // Twilio may sign the voice webhook with the default port spelled out.
//! let with_port = RequestUrl::parse("https://example.com:443/myapp.php?foo=1&bar=2")?;
//! let matched = validate(&token, &url, &params, sign(&token, &with_port, &params).as_str())?;
//! assert_eq!(matched.change_description(), "port 443 added");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod account_sid;
mod bin_request;
mod body_hash;
mod error;
mod params;
mod request_url;
mod sign;
mod string_to_sign;
mod token;
mod validate;

pub use account_sid::AccountSid;
pub use bin_request::{ACCOUNT_SID_PARAM, BinRequest, FORM_CONTENT_TYPE, Method, SignedRequest};
pub use body_hash::body_sha256_hex;
pub use error::{AccountSidProblem, Error, UrlProblem};
pub use params::Params;
pub use request_url::{BODY_SHA256_PARAM, Candidate, PortChange, RequestUrl};
pub use sign::{SIGNATURE_HEADER, SIGNATURE_LENGTH, Signature, sign, sign_json, sign_string};
pub use string_to_sign::string_to_sign;
pub use token::AuthToken;
pub use validate::{Rejection, validate, validate_json};
