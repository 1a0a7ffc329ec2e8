//! Signing: base64 of the HMAC-SHA1 of the string to sign, keyed with the auth token.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::string_to_sign::string_to_sign_for;
use crate::{AuthToken, Error, Params, RequestUrl, body_sha256_hex};

/// Name of the header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// Length in characters of a base64 HMAC-SHA1 signature.
pub const SIGNATURE_LENGTH: usize = 28;

/// A computed `X-Twilio-Signature` value: 28 characters of standard base64.
///
/// `Debug` prints `Signature(redacted)` so that a request logged with `{:?}` does not carry
/// its credential into the log. [`as_str`](Self::as_str) and `Display` give the value, for a
/// header or for a user who asked to see it.
#[derive(Clone)]
pub struct Signature {
    base64: String,
}

impl Signature {
    /// Returns the base64 value, as sent in the header.
    pub fn as_str(&self) -> &str {
        &self.base64
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(redacted)")
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base64)
    }
}

/// Signs a request to `url` with form parameters `params` (empty for GET).
pub fn sign(token: &AuthToken, url: &RequestUrl, params: &Params) -> Signature {
    sign_url_spelling(token, url.as_str(), params)
}

/// Signs a request with a JSON body: the signature covers the URL alone, and the URL must
/// carry the body's hash in `bodySHA256`.
///
/// Fails with [`Error::MissingBodyHash`] when the URL has no `bodySHA256`, and with
/// [`Error::BodyHashMismatch`] when it differs from the hash of `body`.
pub fn sign_json(token: &AuthToken, url: &RequestUrl, body: &[u8]) -> Result<Signature, Error> {
    check_body_hash(url, body)?;
    Ok(sign(token, url, &Params::new()))
}

/// Signs an already built string to sign.
pub fn sign_string(token: &AuthToken, string_to_sign: &str) -> Signature {
    // HMAC hashes a key longer than its block and pads a shorter one, so `new_from_slice`
    // accepts every key length.
    let mut mac =
        Hmac::<Sha1>::new_from_slice(token.key()).expect("HMAC accepts a key of any length");
    mac.update(string_to_sign.as_bytes());
    Signature { base64: STANDARD.encode(mac.finalize().into_bytes()) }
}

/// Signs the string to sign of one spelling of a URL.
pub(crate) fn sign_url_spelling(token: &AuthToken, url: &str, params: &Params) -> Signature {
    sign_string(token, &string_to_sign_for(url, params))
}

/// Checks that the `bodySHA256` in `url` is the SHA-256 of `body`.
fn check_body_hash(url: &RequestUrl, body: &[u8]) -> Result<(), Error> {
    let computed = body_sha256_hex(body);
    let Some(in_url) = url.body_sha256() else {
        return Err(Error::MissingBodyHash { url: url.as_str().to_owned(), body_sha256: computed });
    };
    if in_url != computed {
        return Err(Error::BodyHashMismatch { in_url: in_url.to_owned(), computed });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> AuthToken {
        AuthToken::new("12345").expect("valid token")
    }

    #[test]
    fn debug_redacts_display_shows() {
        let signature = sign_string(&token(), "https://mycompany.com/myapp.php?foo=1&bar=2");
        assert_eq!(format!("{signature:?}"), "Signature(redacted)");
        assert_eq!(signature.to_string(), "zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
        assert_eq!(signature.as_str().len(), SIGNATURE_LENGTH);
    }

    #[test]
    fn json_without_body_hash_rejected() {
        let url = RequestUrl::parse("https://mycompany.com/myapp.php?foo=1").expect("valid URL");
        let err = sign_json(&token(), &url, b"{}").expect_err("no bodySHA256");
        assert_eq!(
            err,
            Error::MissingBodyHash {
                url: "https://mycompany.com/myapp.php?foo=1".to_owned(),
                body_sha256: "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
                    .to_owned(),
            }
        );
    }

    #[test]
    fn json_with_wrong_body_hash_rejected() {
        let url = RequestUrl::parse("https://h/p?bodySHA256=44136fa355b3678a1146ad16f7e8649e94")
            .expect("valid URL");
        let err = sign_json(&token(), &url, b"{}").expect_err("truncated hash");
        assert!(matches!(err, Error::BodyHashMismatch { .. }), "{err:?}");
    }
}
