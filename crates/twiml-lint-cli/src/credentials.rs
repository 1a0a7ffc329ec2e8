//! Reads Twilio credentials for the subcommands that sign requests.
//!
//! The auth token comes from the file named by `--token-file`, else from `TWILIO_AUTH_TOKEN`,
//! and never from a command-line argument, because other users of the machine can read the
//! arguments of running processes. The account SID comes from `TWILIO_ACCOUNT_SID`.
//!
//! A malformed account SID is an error, not a warning: a bin checks the signature with the
//! auth token of the account that `AccountSid` names, so a malformed SID can only make every
//! signed request come back "Not Authorized". No message here contains the token, and the
//! messages about the account SID leave its value out too, in case the two variables were
//! swapped.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};

use miette::miette;
use twiml_signature::{AccountSid, AuthToken};

/// Environment variable holding the account's primary auth token.
pub(crate) const AUTH_TOKEN_VAR: &str = "TWILIO_AUTH_TOKEN";

/// Environment variable holding the account SID, `AC` followed by 32 hex digits.
pub(crate) const ACCOUNT_SID_VAR: &str = "TWILIO_ACCOUNT_SID";

/// The origin of an auth token, for messages that must not show the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenSource {
    /// The file given to `--token-file`.
    File(PathBuf),
    /// The `TWILIO_AUTH_TOKEN` environment variable.
    Environment,
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "token file {}", path.display()),
            Self::Environment => write!(f, "environment variable {AUTH_TOKEN_VAR}"),
        }
    }
}

/// An auth token and where it came from.
#[derive(Debug)]
pub(crate) struct Credential {
    pub(crate) token: AuthToken,
    pub(crate) source: TokenSource,
}

/// Reads the auth token from `token_file` when given, else from `TWILIO_AUTH_TOKEN`.
///
/// A file may end with one line ending (`\n` or `\r\n`), which is removed. Nothing else is
/// trimmed, so stray spaces are reported instead of silently signing with the wrong key. An
/// empty or blank `TWILIO_AUTH_TOKEN` counts as unset, but an empty file is an error.
pub(crate) fn auth_token(token_file: Option<&Path>) -> miette::Result<Credential> {
    auth_token_from(token_file, std::env::var_os(AUTH_TOKEN_VAR))
}

/// Checks whether a token is given at all: a token file, or a `TWILIO_AUTH_TOKEN` that is set
/// and not blank. A blank variable is logged and ignored, not reported as an invalid token,
/// because a CI job that may not read a secret sees it as an empty string (GitHub Actions
/// passes no secrets to runs for pull requests from forks).
pub(crate) fn token_given(token_file: Option<&Path>) -> bool {
    if token_file.is_some() {
        return true;
    }
    let Some(value) = std::env::var_os(AUTH_TOKEN_VAR) else { return false };
    if is_blank(&value) {
        log::info!("{AUTH_TOKEN_VAR} is set but empty, so it is ignored");
        return false;
    }
    true
}

/// Checks whether an environment value is empty or only whitespace.
fn is_blank(value: &OsStr) -> bool {
    value.to_str().is_some_and(|text| text.trim().is_empty())
}

/// Reads the account SID from `TWILIO_ACCOUNT_SID` and checks its shape.
pub(crate) fn account_sid() -> miette::Result<AccountSid> {
    account_sid_from(std::env::var_os(ACCOUNT_SID_VAR))
}

fn auth_token_from(
    token_file: Option<&Path>,
    env_value: Option<OsString>,
) -> miette::Result<Credential> {
    let env_blank = env_value.as_deref().is_some_and(is_blank);
    let env_value = env_value.filter(|_| !env_blank);
    let (text, source) = match (token_file, env_value) {
        (Some(path), _) => (read_token_file(path)?, TokenSource::File(path.to_owned())),
        (None, Some(value)) => {
            let text = value.into_string().map_err(|_| {
                miette!(
                    help = "set it to the auth token shown in the Twilio console",
                    "environment variable {AUTH_TOKEN_VAR} is not valid UTF-8"
                )
            })?;
            (text, TokenSource::Environment)
        }
        (None, None) => {
            return Err(miette!(
                help = format!(
                    "export {AUTH_TOKEN_VAR} with the account's primary auth token, or write the \
                     token to a file readable only by you and pass --token-file FILE; a token is \
                     never accepted as an argument, because other users can read command lines"
                ),
                "no auth token: {AUTH_TOKEN_VAR} is {} and no --token-file was given",
                if env_blank { "empty" } else { "not set" }
            ));
        }
    };
    let token = check_token(text, &source)?;
    Ok(Credential { token, source })
}

fn read_token_file(path: &Path) -> miette::Result<String> {
    let bytes = std::fs::read(path).map_err(|err| {
        miette!(
            help = "check the path given to --token-file",
            "cannot read token file {}: {err}",
            path.display()
        )
    })?;
    if let Some(warning) = permission_warning(path) {
        crate::stderr_line(&format!("warning: {warning}"));
    }
    let mut text = String::from_utf8(bytes).map_err(|_| {
        miette!(
            help = "the file must hold the auth token alone, as plain text",
            "token file {} is not valid UTF-8",
            path.display()
        )
    })?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

/// Returns the warning for a token file that users other than its owner may read or change.
#[cfg(unix)]
fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "token file {shown} is open to other users (mode {mode:o}); run `chmod 600 {shown}` \
             so that only you can read it",
            shown = path.display()
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_path: &Path) -> Option<String> {
    None
}

fn check_token(text: String, source: &TokenSource) -> miette::Result<AuthToken> {
    AuthToken::new(text).map_err(|err| match err {
        twiml_signature::Error::EmptyToken => miette!(
            help = "put the account's primary auth token there, 32 hexadecimal characters",
            "the auth token from {source} is empty"
        ),
        twiml_signature::Error::TokenWhitespace { position } => miette!(
            help = "the token must be the 32 hexadecimal characters shown in the Twilio \
                    console with nothing around them; a token file may end with one newline",
            "the auth token from {source} contains whitespace or a control character at byte \
             {position}"
        ),
        other => miette!("the auth token from {source} is invalid: {other}"),
    })
}

fn account_sid_from(env_value: Option<OsString>) -> miette::Result<AccountSid> {
    let help = "set it to the SID of the account that owns the bins, `AC` followed by 32 \
                hexadecimal digits, shown in the Twilio console";
    let Some(value) = env_value else {
        return Err(miette!(help = help, "environment variable {ACCOUNT_SID_VAR} is not set"));
    };
    let Ok(text) = value.into_string() else {
        return Err(miette!(
            help = help,
            "environment variable {ACCOUNT_SID_VAR} is not valid UTF-8"
        ));
    };
    AccountSid::parse(&text)
        .map_err(|err| miette!(help = help, "environment variable {ACCOUNT_SID_VAR}: {err}"))
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    const SECRET: &str = "f00dfacef00dfacef00dfacef00dface";

    fn token_file(contents: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().expect("temporary file");
        file.write_all(contents).expect("write token file");
        file
    }

    fn report_text(report: &miette::Report) -> String {
        let help = report.help().map(|help| help.to_string()).unwrap_or_default();
        format!("{report} {help}")
    }

    #[test]
    fn file_wins_over_environment() {
        let file = token_file(format!("{SECRET}\n").as_bytes());
        let credential =
            auth_token_from(Some(file.path()), Some("from-env".into())).expect("token read");
        assert_eq!(credential.source, TokenSource::File(file.path().to_owned()));
        assert!(credential.token.has_twilio_shape());
    }

    #[test]
    fn environment_used_without_file() {
        let credential = auth_token_from(None, Some(SECRET.into())).expect("token read");
        assert_eq!(credential.source, TokenSource::Environment);
    }

    #[test]
    fn one_line_ending_trimmed() {
        for contents in [format!("{SECRET}\n"), format!("{SECRET}\r\n"), SECRET.to_owned()] {
            let file = token_file(contents.as_bytes());
            let credential = auth_token_from(Some(file.path()), None).expect("token read");
            assert!(credential.token.has_twilio_shape(), "{contents:?}");
        }
    }

    #[test]
    fn second_newline_reported() {
        let file = token_file(format!("{SECRET}\n\n").as_bytes());
        let report = auth_token_from(Some(file.path()), None).expect_err("two newlines");
        let text = report_text(&report);
        assert!(text.contains("whitespace or a control character at byte 32"), "{text}");
        assert!(!text.contains(SECRET), "{text}");
    }

    #[test]
    fn missing_token_says_how_to_supply_it() {
        let report = auth_token_from(None, None).expect_err("no token");
        assert_eq!(
            report.to_string(),
            "no auth token: TWILIO_AUTH_TOKEN is not set and no --token-file was given"
        );
        let help = report.help().map(|help| help.to_string()).unwrap_or_default();
        assert!(help.contains("--token-file FILE"), "{help}");
    }

    #[test]
    fn blank_environment_token_counts_as_unset() {
        for blank in ["", " ", "\n"] {
            let report = auth_token_from(None, Some(blank.into())).expect_err("blank token");
            assert_eq!(
                report.to_string(),
                "no auth token: TWILIO_AUTH_TOKEN is empty and no --token-file was given",
                "{blank:?}"
            );
        }
    }

    #[test]
    fn blank_environment_token_loses_to_file() {
        let file = token_file(SECRET.as_bytes());
        let credential = auth_token_from(Some(file.path()), Some("".into())).expect("token read");
        assert_eq!(credential.source, TokenSource::File(file.path().to_owned()));
    }

    #[test]
    fn empty_token_file_rejected() {
        let file = token_file(b"\n");
        let report = auth_token_from(Some(file.path()), None).expect_err("empty file");
        assert_eq!(
            report.to_string(),
            format!("the auth token from token file {} is empty", file.path().display())
        );
    }

    #[cfg(unix)]
    #[test]
    fn token_file_open_to_others_warned() {
        use std::os::unix::fs::PermissionsExt as _;
        let file = token_file(SECRET.as_bytes());
        assert_eq!(permission_warning(file.path()), None);
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o640))
            .expect("chmod");
        let warning = permission_warning(file.path()).expect("warning");
        assert!(warning.contains("is open to other users (mode 640)"), "{warning}");
        assert!(warning.contains("chmod 600"), "{warning}");
    }

    #[test]
    fn unreadable_file_named() {
        let path = Path::new("/nonexistent/twiml-lint-token");
        let report = auth_token_from(Some(path), Some(SECRET.into())).expect_err("no file");
        assert!(
            report
                .to_string()
                .starts_with("cannot read token file /nonexistent/twiml-lint-token: ")
        );
    }

    #[test]
    fn account_sid_checked() {
        let sid = account_sid_from(Some("AC0123456789abcdef0123456789abcdef".into()));
        assert!(sid.is_ok());

        let unset = account_sid_from(None).expect_err("unset");
        assert_eq!(unset.to_string(), "environment variable TWILIO_ACCOUNT_SID is not set");

        let swapped = account_sid_from(Some(SECRET.into())).expect_err("token in the SID variable");
        let text = report_text(&swapped);
        assert_eq!(
            swapped.to_string(),
            "environment variable TWILIO_ACCOUNT_SID: invalid account SID: it does not start \
             with `AC`"
        );
        assert!(!text.contains(SECRET), "{text}");
    }
}
