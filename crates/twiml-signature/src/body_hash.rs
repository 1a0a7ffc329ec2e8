//! The `bodySHA256` hash that represents a JSON body in the signed URL.

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of the raw body bytes, the value Twilio puts in `bodySHA256`.
///
/// Hash the bytes exactly as received: re-serializing the JSON changes the hash.
pub fn body_sha256_hex(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_hashes() {
        let cases: [(&[u8], &str); 4] = [
            (
                br#"{"property": "value", "boolean": true}"#,
                "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620",
            ),
            (b"{}", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
            (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (
                br#"{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}"#,
                "5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(body_sha256_hex(body), expected);
        }
    }
}
