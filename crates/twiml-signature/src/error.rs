//! Errors for input that cannot be signed: an unusable token, a malformed URL or form body, a
//! JSON body whose hash is not in the URL, an invalid account SID.
//!
//! A signature that fails to validate is not an error of this kind: it is a
//! [`Rejection`](crate::Rejection), which describes why the request is rejected.

use std::fmt;

/// Input that cannot be turned into a string to sign or a signed request.
///
/// No variant contains the auth token or any part of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The auth token is the empty string, which cannot be any account's token.
    #[error("auth token is empty")]
    EmptyToken,

    /// The auth token contains whitespace or a control character. Twilio auth tokens are
    /// hexadecimal, so such a character is left over from the place the token was copied from
    /// (a stray space, a carriage return).
    #[error("auth token contains whitespace or a control character at byte {position}")]
    TokenWhitespace {
        /// Byte offset of the first offending character in the token.
        position: usize,
    },

    /// The URL is not an absolute URL of the form `scheme://host[:port][/path][?query]`.
    #[error("invalid URL {url:?}: {problem}")]
    MalformedUrl {
        /// The URL as given.
        url: String,
        /// The problem found.
        problem: UrlProblem,
    },

    /// A form body decodes to bytes that are not UTF-8. Twilio sends UTF-8, and the string to
    /// sign is built from decoded text, so such a body cannot have been signed by Twilio.
    #[error("form body is not valid UTF-8 after percent-decoding, in the pair at byte {position}")]
    FormBodyNotUtf8 {
        /// Byte offset in the body where the offending `name=value` pair starts.
        position: usize,
    },

    /// A request with a JSON body is signed over its URL, which must then carry the body's
    /// hash in a `bodySHA256` query parameter, but this URL has none.
    #[error(
        "URL {url:?} has no bodySHA256 query parameter, which a request with a JSON body must carry"
    )]
    MissingBodyHash {
        /// The URL as given.
        url: String,
        /// Lowercase hex SHA-256 of the body, the value `bodySHA256` must have.
        body_sha256: String,
    },

    /// The `bodySHA256` query parameter does not equal the SHA-256 of the body.
    #[error("bodySHA256 in the URL is {in_url:?} but the body hashes to {computed:?}")]
    BodyHashMismatch {
        /// The value of `bodySHA256` in the URL.
        in_url: String,
        /// Lowercase hex SHA-256 of the body.
        computed: String,
    },

    /// An account SID is not `AC` followed by 32 hexadecimal digits.
    ///
    /// The value itself is left out of the message, because a swapped pair of environment
    /// variables would otherwise print the auth token here.
    #[error("invalid account SID: {problem}")]
    InvalidAccountSid {
        /// The problem found.
        problem: AccountSidProblem,
    },

    /// A bin request was given `AccountSid` as an extra parameter or in its URL, but the
    /// request builder sets `AccountSid` itself, and a second value would be signed and sent.
    #[error("AccountSid is set by the bin request builder and must not be given again ({place})")]
    DuplicateAccountSid {
        /// The place of the second `AccountSid`: `"in the URL"` or `"as a parameter"`.
        place: &'static str,
    },
}

/// A problem found in a URL given for signing or validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlProblem {
    /// There is no scheme (`https`) before the first `:`.
    NoScheme,
    /// The scheme has a character other than ASCII letters, digits, `+`, `-` and `.`, or does
    /// not start with a letter.
    InvalidScheme,
    /// The scheme is not followed by `://`.
    NoAuthority,
    /// The host between `://` (or the userinfo) and the port, path or query is empty.
    EmptyHost,
    /// The port after `host:` is empty, has a non-digit or is above 65535.
    InvalidPort,
    /// An IPv6 host opened with `[` has no closing `]`.
    UnclosedIpv6Host,
    /// The URL contains whitespace, which Twilio never sends unescaped.
    Whitespace {
        /// Byte offset of the first whitespace character.
        position: usize,
    },
    /// The URL contains a control character.
    ControlCharacter {
        /// Byte offset of the first control character.
        position: usize,
    },
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoScheme => f.write_str("no scheme, expected a URL such as https://example.com/"),
            Self::InvalidScheme => f.write_str("the scheme has characters a scheme cannot have"),
            Self::NoAuthority => f.write_str("the scheme is not followed by `://`"),
            Self::EmptyHost => f.write_str("the host is empty"),
            Self::InvalidPort => f.write_str("the port is not a number from 0 to 65535"),
            Self::UnclosedIpv6Host => f.write_str("the IPv6 host has no closing `]`"),
            Self::Whitespace { position } => write!(f, "whitespace at byte {position}"),
            Self::ControlCharacter { position } => {
                write!(f, "a control character at byte {position}")
            }
        }
    }
}

/// A problem found in an account SID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccountSidProblem {
    /// The SID does not start with `AC`.
    NoAcPrefix,
    /// The SID is not 34 characters long.
    WrongLength {
        /// Length of the given value, in bytes.
        length: usize,
    },
    /// A character after `AC` is not a hexadecimal digit.
    NotHex {
        /// Byte offset of the first character that is not a hexadecimal digit.
        position: usize,
    },
}

impl fmt::Display for AccountSidProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoAcPrefix => f.write_str("it does not start with `AC`"),
            Self::WrongLength { length } => {
                write!(f, "it has {length} characters, but an account SID has 34")
            }
            Self::NotHex { position } => {
                write!(f, "the character at byte {position} is not a hexadecimal digit")
            }
        }
    }
}
