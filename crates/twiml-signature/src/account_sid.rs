//! The account SID that a request to a bin carries as `AccountSid`.

use std::fmt;
use std::str::FromStr;

use crate::{AccountSidProblem, Error};

/// An account SID: `AC` followed by 32 hexadecimal digits.
///
/// A bin hosted by Twilio checks the request's signature with the auth token of the account
/// named by `AccountSid`, so a value of another shape can only lead to "Not Authorized".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountSid {
    sid: String,
}

impl AccountSid {
    /// Checks the shape of `sid`: `AC`, then 32 hexadecimal digits in either case.
    pub fn parse(sid: &str) -> Result<Self, Error> {
        let invalid = |problem| Error::InvalidAccountSid { problem };
        let Some(digits) = sid.strip_prefix("AC") else {
            return Err(invalid(AccountSidProblem::NoAcPrefix));
        };
        if let Some(position) = digits.bytes().position(|b| !b.is_ascii_hexdigit()) {
            return Err(invalid(AccountSidProblem::NotHex { position: position + 2 }));
        }
        if digits.len() != 32 {
            return Err(invalid(AccountSidProblem::WrongLength { length: sid.len() }));
        }
        Ok(Self { sid: sid.to_owned() })
    }

    /// Returns the SID as given.
    pub fn as_str(&self) -> &str {
        &self.sid
    }
}

impl fmt::Display for AccountSid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sid)
    }
}

impl FromStr for AccountSid {
    type Err = Error;

    fn from_str(sid: &str) -> Result<Self, Error> {
        Self::parse(sid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(sid: &str) -> AccountSidProblem {
        match AccountSid::parse(sid) {
            Err(Error::InvalidAccountSid { problem }) => problem,
            other => panic!("expected an invalid account SID error for {sid:?}, got {other:?}"),
        }
    }

    #[test]
    fn valid_sid_accepted() {
        let sid = AccountSid::parse("AC0123456789abcdef0123456789ABCDEF").expect("valid SID");
        assert_eq!(sid.as_str(), "AC0123456789abcdef0123456789ABCDEF");
    }

    #[test]
    fn invalid_sids_rejected() {
        assert_eq!(problem("0123456789abcdef0123456789abcdef"), AccountSidProblem::NoAcPrefix);
        assert_eq!(problem("ac0123456789abcdef0123456789abcdef"), AccountSidProblem::NoAcPrefix);
        assert_eq!(problem("AC123"), AccountSidProblem::WrongLength { length: 5 });
        assert_eq!(problem("AC"), AccountSidProblem::WrongLength { length: 2 });
        assert_eq!(
            problem("AC0123456789abcdef0123456789abcdef0"),
            AccountSidProblem::WrongLength { length: 35 }
        );
        assert_eq!(
            problem("AC0123456789abcdeg0123456789abcdef"),
            AccountSidProblem::NotHex { position: 17 }
        );
        assert_eq!(problem("AC 123"), AccountSidProblem::NotHex { position: 2 });
    }

    #[test]
    fn message_leaves_value_out() {
        let secret_looking = "0123456789abcdef0123456789abcdef";
        let message = AccountSid::parse(secret_looking).expect_err("no AC prefix").to_string();
        assert_eq!(message, "invalid account SID: it does not start with `AC`");
        assert!(!message.contains(secret_looking));
    }
}
