//! End-to-end tests of `twiml-lint sign`: the real binary, run with credentials in the
//! environment or a token file, checked for its output, its exit status and for never
//! printing the auth token.

use std::io::Write as _;

use assert_cmd::cargo::cargo_bin_cmd;

const U: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const P5: [&str; 5] = [
    "CallSid=CA1234567890ABCDE",
    "Caller=+14158675309",
    "Digits=1234",
    "From=+14158675309",
    "To=+18005551212",
];
const H: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
const BIN: &str = "https://handler.twilio.com/twiml/EH00000000000000000000000000000000";
const SID: &str = "AC00000000000000000000000000000000";

/// A token no output may contain, in the 32-hex shape of a real one.
const DISTINCTIVE_TOKEN: &str = "5ec7e7c0ffee5ec7e7c0ffee5ec7e7c0";

struct Run {
    code: Option<i32>,
    stdout: String,
    /// Standard error with every run of whitespace turned into one space.
    stderr: String,
}

/// `twiml-lint sign` with the Twilio variables of the caller's environment removed.
fn sign_command(token: Option<&str>) -> assert_cmd::Command {
    let mut command = cargo_bin_cmd!("twiml-lint");
    command
        .arg("sign")
        .env_remove("TWILIO_AUTH_TOKEN")
        .env_remove("TWILIO_ACCOUNT_SID")
        .env("NO_COLOR", "1");
    if let Some(token) = token {
        command.env("TWILIO_AUTH_TOKEN", token);
    }
    command
}

/// Runs the command. Standard error is flattened to single spaces without the report's
/// frame characters, so that a phrase wrapped over two lines is still found.
fn run(command: &mut assert_cmd::Command) -> Run {
    let output = command.output().expect("twiml-lint runs");
    let stderr = String::from_utf8_lossy(&output.stderr).replace(['│', '×'], " ");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: stderr.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

fn with_p5(command: &mut assert_cmd::Command) -> &mut assert_cmd::Command {
    for param in P5 {
        command.arg("--param").arg(param);
    }
    command
}

fn file_with(contents: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    file.write_all(contents).expect("write temporary file");
    file
}

fn assert_has_line(output: &str, line: &str) {
    assert!(output.lines().any(|l| l == line), "no line {line:?} in:\n{output}");
}

#[test]
fn known_vector_printed() {
    let result = run(with_p5(sign_command(Some("12345")).arg(U)));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, &format!("url:             {U}"));
    assert_has_line(&result.stdout, "param:           Caller = \"+14158675309\"");
    assert_has_line(
        &result.stdout,
        &format!(
            "string to sign:  {U}CallSidCA1234567890ABCDECaller+14158675309Digits1234\
             From+14158675309To+18005551212"
        ),
    );
    assert_has_line(&result.stdout, "auth token:      from environment variable TWILIO_AUTH_TOKEN");
    assert_has_line(&result.stdout, "signature:       RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

#[test]
fn short_token_warned_about() {
    let result = run(sign_command(Some("12345")).arg(U));
    assert_eq!(result.code, Some(0));
    assert!(
        result.stderr.contains("warning: the auth token from environment variable"),
        "{}",
        result.stderr
    );
    assert_has_line(&result.stdout, "signature:       zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
}

#[test]
fn verify_match_exits_zero() {
    let result = run(with_p5(sign_command(Some("12345")).args([
        "--verify",
        "kvajT1Ptam85bY51eRf/AJRuM3w=",
        U,
    ])));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, "result:          match");
    assert_has_line(
        &result.stdout,
        "matched url:     https://mycompany.com:443/myapp.php?foo=1&bar=2 (port 443 added)",
    );
}

#[test]
fn verify_match_as_given() {
    let incoming = "https://mycompany.com:1234/myapp.php?foo=1&bar=2";
    let result = run(with_p5(sign_command(Some("12345")).args([
        "--verify",
        "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        incoming,
    ])));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, &format!("matched url:     {U} (port 1234 removed)"));
}

#[test]
fn verify_no_match_exits_one() {
    let mut command = sign_command(Some("12345"));
    with_p5(command.args(["--verify", "95+Bu0JVPi0r/SsESZCVf0dWAjw=", U])).args([
        "--param",
        "Reason=Participant",
        "--param",
        "ReasonConferenceEnded=test",
    ]);
    let result = run(&mut command);
    assert_eq!(result.code, Some(1), "{}", result.stderr);
    assert_has_line(&result.stdout, "result:          no match");
    assert_has_line(
        &result.stdout,
        &format!("tried:           {U} (as given): vOEb5UThFn24KEfnOFLQY2AE5FY="),
    );
    assert!(result.stdout.contains("(port 443 added): "), "{}", result.stdout);
    assert!(result.stdout.lines().any(|line| line.starts_with("help:")), "{}", result.stdout);
}

#[test]
fn verify_wrong_host_case_exits_one() {
    let incoming = "https://MyCompany.com/myapp.php?foo=1&bar=2";
    let result = run(with_p5(sign_command(Some("12345")).args([
        "--verify",
        "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        incoming,
    ])));
    assert_eq!(result.code, Some(1));
}

#[test]
fn verify_malformed_signature_exits_two() {
    for bad in ["WRONG_SIGNATURE", "IncorrectSignatureValue123=", ""] {
        let result = run(sign_command(Some("12345")).args(["--verify", bad, U]));
        assert_eq!(result.code, Some(2), "{bad:?}: {}", result.stderr);
        assert!(result.stderr.contains("invalid --verify value"), "{bad:?}: {}", result.stderr);
    }
}

#[test]
fn missing_token_explained() {
    let result = run(sign_command(None).arg(U));
    assert_eq!(result.code, Some(2));
    assert!(
        result
            .stderr
            .contains("no auth token: TWILIO_AUTH_TOKEN is not set and no --token-file was given"),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("export TWILIO_AUTH_TOKEN"), "{}", result.stderr);
    assert!(result.stdout.is_empty(), "{}", result.stdout);
}

#[test]
fn token_never_accepted_as_argument() {
    let result = run(sign_command(None).args(["--token", "12345", U]));
    assert_eq!(result.code, Some(2));
    assert!(result.stderr.contains("--token"), "{}", result.stderr);
}

#[test]
fn token_file_used_over_environment() {
    let file = file_with(b"12345\n");
    let path = file.path().to_str().expect("UTF-8 temporary path");
    let result =
        run(with_p5(sign_command(Some(DISTINCTIVE_TOKEN)).args(["--token-file", path, U])));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, &format!("auth token:      from token file {path}"));
    assert_has_line(&result.stdout, "signature:       RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

#[test]
fn token_file_crlf_trimmed() {
    let file = file_with(b"12345\r\n");
    let path = file.path().to_str().expect("UTF-8 temporary path");
    let result = run(with_p5(sign_command(None).args(["--token-file", path, U])));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, "signature:       RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

#[test]
fn token_file_extra_whitespace_rejected() {
    let file = file_with(b"12345\n\n");
    let path = file.path().to_str().expect("UTF-8 temporary path");
    let result = run(sign_command(None).args(["--token-file", path, U]));
    assert_eq!(result.code, Some(2));
    assert!(
        result.stderr.contains("whitespace or a control character at byte 5"),
        "{}",
        result.stderr
    );
}

#[cfg(unix)]
#[test]
fn token_file_open_to_others_warned() {
    use std::os::unix::fs::PermissionsExt as _;
    let file = file_with(b"12345\n");
    let path = file.path().to_str().expect("UTF-8 temporary path");
    let private = run(with_p5(sign_command(None).args(["--token-file", path, U])));
    assert_eq!(private.code, Some(0), "{}", private.stderr);
    assert!(!private.stderr.contains("open to other users"), "{}", private.stderr);

    std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let shared = run(with_p5(sign_command(None).args(["--token-file", path, U])));
    assert_eq!(shared.code, Some(0), "{}", shared.stderr);
    assert!(
        shared.stderr.contains(&format!(
            "warning: token file {path} is open to other users (mode 644); run `chmod 600 {path}`"
        )),
        "{}",
        shared.stderr
    );
    assert_has_line(&shared.stdout, "signature:       RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

#[test]
fn empty_environment_token_reported_as_missing() {
    let result = run(sign_command(Some("")).arg(U));
    assert_eq!(result.code, Some(2));
    assert!(
        result
            .stderr
            .contains("no auth token: TWILIO_AUTH_TOKEN is empty and no --token-file was given"),
        "{}",
        result.stderr
    );
}

#[test]
fn token_file_missing_named() {
    let result = run(sign_command(None).args(["--token-file", "/nonexistent/token", U]));
    assert_eq!(result.code, Some(2));
    assert!(
        result.stderr.contains("cannot read token file /nonexistent/token"),
        "{}",
        result.stderr
    );
}

#[test]
fn token_absent_from_every_output() {
    let json = file_with(br#"{"property": "value", "boolean": true}"#);
    let json_path = json.path().to_str().expect("UTF-8 temporary path").to_owned();
    let with_hash = format!("{U}&bodySHA256={H}");
    let runs: Vec<Vec<String>> = vec![
        vec![U.into()],
        vec!["--verify".into(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=".into(), U.into()],
        vec!["--verify".into(), "WRONG".into(), U.into()],
        vec!["--json".into(), "--body".into(), json_path.clone(), U.into()],
        vec!["--json".into(), "--body".into(), json_path, with_hash],
        vec!["--bin".into(), BIN.into()],
        vec![
            "--bin".into(),
            "--post".into(),
            BIN.into(),
            "--param".into(),
            "AccountSid=AC1".into(),
        ],
        vec!["not a url".into()],
    ];
    for args in &runs {
        let mut command = sign_command(Some(DISTINCTIVE_TOKEN));
        command.env("TWILIO_ACCOUNT_SID", SID).args(args);
        let result = run(&mut command);
        assert!(!result.stdout.contains(DISTINCTIVE_TOKEN), "{args:?} stdout:\n{}", result.stdout);
        assert!(!result.stderr.contains(DISTINCTIVE_TOKEN), "{args:?} stderr:\n{}", result.stderr);
    }
}

#[test]
fn token_absent_from_token_errors() {
    let padded = format!("{DISTINCTIVE_TOKEN} ");
    let result = run(sign_command(Some(&padded)).arg(U));
    assert_eq!(result.code, Some(2));
    assert!(
        result.stderr.contains("whitespace or a control character at byte 32"),
        "{}",
        result.stderr
    );
    assert!(!result.stderr.contains(DISTINCTIVE_TOKEN), "{}", result.stderr);

    // A token put in the account SID variable by mistake is not echoed either.
    let mut command = sign_command(Some(DISTINCTIVE_TOKEN));
    command.env("TWILIO_ACCOUNT_SID", DISTINCTIVE_TOKEN).args(["--bin", BIN]);
    let result = run(&mut command);
    assert_eq!(result.code, Some(2));
    assert!(result.stderr.contains("invalid account SID"), "{}", result.stderr);
    assert!(!result.stderr.contains(DISTINCTIVE_TOKEN), "{}", result.stderr);
}

#[test]
fn form_body_file_decoded() {
    let body = file_with(b"property=value&boolean=true");
    let path = body.path().to_str().expect("UTF-8 temporary path");
    let result = run(sign_command(Some("12345")).args(["--body", path, U]));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, &format!("string to sign:  {U}booleantruepropertyvalue"));
    assert_has_line(&result.stdout, "signature:       NBdBDr/T/lgjI+tlgpXjKZQZs/k=");
}

#[test]
fn form_body_newline_warned_about() {
    let body = file_with(b"a=1&b=2\n");
    let path = body.path().to_str().expect("UTF-8 temporary path");
    let result = run(sign_command(Some("12345")).args(["--body", path, U]));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert!(result.stderr.contains("ends with a newline"), "{}", result.stderr);
    assert_has_line(&result.stdout, "param:           b = \"2\\n\"");
}

#[test]
fn json_body_signed() {
    let body = file_with(br#"{"property": "value", "boolean": true}"#);
    let path = body.path().to_str().expect("UTF-8 temporary path");
    let url = format!("{U}&bodySHA256={H}");
    let result = run(sign_command(Some("12345")).args(["--json", "--body", path, &url]));
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(
        &result.stdout,
        &format!("body sha-256:    {H} (matches bodySHA256 in the URL)"),
    );
    assert_has_line(&result.stdout, &format!("string to sign:  {url}"));
    assert_has_line(&result.stdout, "signature:       a9nBmqA0ju/hNViExpshrM61xv4=");
}

#[test]
fn json_body_of_one_byte_counted_in_singular() {
    let body = file_with(b"1");
    let path = body.path().to_str().expect("UTF-8 temporary path");
    let result = run(sign_command(Some("12345")).args(["--json", "--body", path, U]));
    assert_has_line(&result.stdout, &format!("body:            {path}, 1 byte of JSON"));
}

#[test]
fn json_body_without_hash_shows_url_to_use() {
    let body = file_with(br#"{"property": "value", "boolean": true}"#);
    let path = body.path().to_str().expect("UTF-8 temporary path");
    let result = run(sign_command(Some("12345")).args(["--json", "--body", path, U]));
    assert_eq!(result.code, Some(2));
    assert_has_line(&result.stdout, &format!("url with hash:   {U}&bodySHA256={H}"));
    assert!(result.stderr.contains("has no bodySHA256 query parameter"), "{}", result.stderr);
}

#[test]
fn json_verify_body_mismatch_exits_one() {
    let body = file_with(br#"{"property":"value","boolean":true}"#);
    let path = body.path().to_str().expect("UTF-8 temporary path");
    let url = format!("{U}&bodySHA256={H}");
    let result = run(sign_command(Some("12345")).args([
        "--json",
        "--body",
        path,
        "--verify",
        "a9nBmqA0ju/hNViExpshrM61xv4=",
        &url,
    ]));
    assert_eq!(result.code, Some(1), "{}", result.stderr);
    assert_has_line(&result.stdout, "result:          no match");
    assert!(
        result.stdout.contains("reason:          bodySHA256 in the URL is"),
        "{}",
        result.stdout
    );
}

#[test]
fn json_requires_body() {
    let result = run(sign_command(Some("12345")).args(["--json", U]));
    assert_eq!(result.code, Some(2));
}

#[test]
fn bin_get_request() {
    let mut command = sign_command(Some("0123456789abcdef0123456789abcdef"));
    command.env("TWILIO_ACCOUNT_SID", SID).args(["--bin", BIN, "--param", "Name=Jane"]);
    let result = run(&mut command);
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, "method:          GET");
    assert_has_line(&result.stdout, &format!("url:             {BIN}?AccountSid={SID}&Name=Jane"));
    assert_has_line(
        &result.stdout,
        "header:          X-Twilio-Signature: edqXANbFowub3csrVzygcUyjV8o=",
    );
}

#[test]
fn bin_post_request() {
    let mut command = sign_command(Some("0123456789abcdef0123456789abcdef"));
    let url = format!("{BIN}?Name=Jane");
    command.env("TWILIO_ACCOUNT_SID", SID).args([
        "--bin",
        "--post",
        &url,
        "--param",
        "From=+15005550006",
        "--param",
        "Body=Hi & bye",
    ]);
    let result = run(&mut command);
    assert_eq!(result.code, Some(0), "{}", result.stderr);
    assert_has_line(&result.stdout, "method:          POST");
    assert_has_line(
        &result.stdout,
        &format!("body:            AccountSid={SID}&From=%2B15005550006&Body=Hi+%26+bye"),
    );
    assert_has_line(
        &result.stdout,
        "header:          X-Twilio-Signature: TGkNpsSsU4l0KVCADjea2GlCVrg=",
    );
}

#[test]
fn bin_without_account_sid_explained() {
    let result = run(sign_command(Some("0123456789abcdef0123456789abcdef")).args(["--bin", BIN]));
    assert_eq!(result.code, Some(2));
    assert!(result.stderr.contains("TWILIO_ACCOUNT_SID is not set"), "{}", result.stderr);
}

#[test]
fn invalid_inputs_exit_two() {
    let cases: [&[&str]; 3] =
        [&["mycompany.com/myapp.php"], &["--param", "Digits", U], &["https://host/a b"]];
    let messages = ["no scheme", "no `=` between name and value", "whitespace at byte 14"];
    for (args, message) in cases.iter().zip(messages) {
        let result = run(sign_command(Some("12345")).args(*args));
        assert_eq!(result.code, Some(2), "{args:?}");
        assert!(result.stderr.contains(message), "{args:?}: {}", result.stderr);
    }
}
