//! Validation: whether an `X-Twilio-Signature` value matches a request, and if not, why not.

use subtle::ConstantTimeEq;

use crate::sign::sign_url_spelling;
use crate::{AuthToken, Candidate, Params, RequestUrl, SIGNATURE_LENGTH, body_sha256_hex};

/// Why a request's signature does not validate.
///
/// The variants contain what a report of an unauthorized request needs: which URL spellings
/// were tried, or which body hash differs. None contains the auth token or the signature
/// received.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// The signature is the empty string, as when the header is missing.
    #[error("the X-Twilio-Signature value is empty")]
    EmptySignature,

    /// The signature cannot be a base64 HMAC-SHA1, which is always 28 characters long.
    ///
    /// A 44-character value is the length of an HMAC-SHA256, which Twilio sends instead when
    /// a webhook rule signs with a shared key. This crate validates only HMAC-SHA1 signatures
    /// made with the auth token.
    #[error(
        "the X-Twilio-Signature value has {length} {}, but an HMAC-SHA1 signature has 28",
        if *length == 1 { "character" } else { "characters" }
    )]
    MalformedSignature {
        /// Length of the value received, in bytes.
        length: usize,
    },

    /// The signature matches none of the URL spellings tried.
    #[error("the signature matches none of the URL spellings tried: {}", list_candidates(.tried))]
    NoMatch {
        /// Every spelling tried, in order, as [`RequestUrl::candidates`] lists them.
        tried: Vec<Candidate>,
    },

    /// The request has a JSON body, but its URL has no `bodySHA256`, so Twilio did not sign
    /// this body.
    #[error("the request has a JSON body but its URL has no bodySHA256 query parameter")]
    MissingBodyHash {
        /// Lowercase hex SHA-256 of the body received.
        body_sha256: String,
    },

    /// The signature matches the URL, but the body is not the one whose hash the URL carries.
    #[error("bodySHA256 in the URL is {in_url:?} but the body hashes to {computed:?}")]
    BodyHashMismatch {
        /// The value of `bodySHA256` in the URL.
        in_url: String,
        /// Lowercase hex SHA-256 of the body received.
        computed: String,
        /// The URL spelling the signature matched.
        matched: Candidate,
    },
}

fn list_candidates(tried: &[Candidate]) -> String {
    tried.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Validates the signature of a request to `url` with form parameters `params` (empty for
/// GET).
///
/// Tries each spelling of [`RequestUrl::candidates`] in order and returns the first one whose
/// signature equals `signature`. The comparison runs in constant time for values of the right
/// length.
pub fn validate(
    token: &AuthToken,
    url: &RequestUrl,
    params: &Params,
    signature: &str,
) -> Result<Candidate, Rejection> {
    check_signature_shape(signature)?;
    let candidates = url.candidates();
    let matched = candidates.iter().find(|candidate| {
        let expected = sign_url_spelling(token, candidate.url(), params);
        bool::from(expected.as_str().as_bytes().ct_eq(signature.as_bytes()))
    });
    match matched {
        Some(candidate) => Ok(candidate.clone()),
        None => Err(Rejection::NoMatch { tried: candidates }),
    }
}

/// Validates the signature of a request with a JSON (or any non-form) body.
///
/// The signature must match a spelling of the URL with no parameters appended, and the URL's
/// `bodySHA256` must equal the SHA-256 of `body`, compared case-sensitively.
pub fn validate_json(
    token: &AuthToken,
    url: &RequestUrl,
    body: &[u8],
    signature: &str,
) -> Result<Candidate, Rejection> {
    check_signature_shape(signature)?;
    let computed = body_sha256_hex(body);
    let Some(in_url) = url.body_sha256() else {
        return Err(Rejection::MissingBodyHash { body_sha256: computed });
    };

    let matched = validate(token, url, &Params::new(), signature)?;

    if !bool::from(in_url.as_bytes().ct_eq(computed.as_bytes())) {
        return Err(Rejection::BodyHashMismatch { in_url: in_url.to_owned(), computed, matched });
    }
    Ok(matched)
}

/// Rejects values that no HMAC-SHA1 signature can be, before any HMAC is computed.
fn check_signature_shape(signature: &str) -> Result<(), Rejection> {
    if signature.is_empty() {
        return Err(Rejection::EmptySignature);
    }
    if signature.len() != SIGNATURE_LENGTH {
        return Err(Rejection::MalformedSignature { length: signature.len() });
    }
    Ok(())
}
