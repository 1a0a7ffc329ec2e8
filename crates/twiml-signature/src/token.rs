//! The auth token: the HMAC key of every signature, kept out of every `Debug` and `Display`
//! output so that logging a value that contains one cannot leak it.

use std::fmt;

use crate::Error;

/// An account's primary auth token, the key Twilio signs requests with.
///
/// `Debug` and `Display` print `AuthToken(redacted)`, and no method returns the token, so it
/// leaves this crate only as an HMAC key. The token is compared and stored exactly as given:
/// tokens are case-sensitive, and nothing is trimmed.
#[derive(Clone)]
pub struct AuthToken {
    secret: Box<str>,
}

impl AuthToken {
    /// Checks and wraps a token.
    ///
    /// Rejects the empty string and any token with whitespace or a control character, which
    /// no Twilio token has. Any other non-empty string is accepted, because test suites and
    /// local servers use short tokens such as `12345`; see
    /// [`has_twilio_shape`](Self::has_twilio_shape) for the stricter check.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        let token = token.into();
        if token.is_empty() {
            return Err(Error::EmptyToken);
        }
        let stray = token.char_indices().find(|(_, c)| c.is_whitespace() || c.is_control());
        if let Some((position, _)) = stray {
            return Err(Error::TokenWhitespace { position });
        }
        Ok(Self { secret: token.into_boxed_str() })
    }

    /// Returns whether the token has the shape of a Twilio auth token: 32 hexadecimal digits.
    pub fn has_twilio_shape(&self) -> bool {
        self.secret.len() == 32 && self.secret.bytes().all(|b| b.is_ascii_hexdigit())
    }

    /// Returns the token's bytes, for use as an HMAC key inside this crate only.
    pub(crate) fn key(&self) -> &[u8] {
        self.secret.as_bytes()
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(redacted)")
    }
}

impl fmt::Display for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let token = AuthToken::new("distinctive-token-value").expect("valid token");
        assert_eq!(format!("{token:?}"), "AuthToken(redacted)");
        assert_eq!(format!("{token}"), "AuthToken(redacted)");
        assert_eq!(format!("{:?}", Some(token)), "Some(AuthToken(redacted))");
    }

    #[test]
    fn empty_token_rejected() {
        assert_eq!(AuthToken::new("").err(), Some(Error::EmptyToken));
    }

    #[test]
    fn whitespace_and_control_rejected() {
        let cases = [
            ("abc ", 3),
            (" abc", 0),
            ("abc\n", 3),
            ("abc\r", 3),
            ("ab\tc", 2),
            ("ab\u{7f}", 2),
            ("ab\u{a0}", 2),
        ];
        for (token, position) in cases {
            assert_eq!(
                AuthToken::new(token).err(),
                Some(Error::TokenWhitespace { position }),
                "token {token:?}"
            );
        }
    }

    #[test]
    fn short_tokens_accepted() {
        assert!(AuthToken::new("12345").is_ok());
        assert!(AuthToken::new("s3cr3t").is_ok());
    }

    #[test]
    fn twilio_shape() {
        let real_shape = AuthToken::new("0123456789abcdef0123456789ABCDEF").expect("valid token");
        assert!(real_shape.has_twilio_shape());
        let short = AuthToken::new("12345").expect("valid token");
        assert!(!short.has_twilio_shape());
        let not_hex = AuthToken::new("0123456789abcdef0123456789abcdeg").expect("valid token");
        assert!(!not_hex.has_twilio_shape());
    }
}
