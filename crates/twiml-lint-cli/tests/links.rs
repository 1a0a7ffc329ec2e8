//! End-to-end tests of the link check: the built binary against real HTTP servers on
//! 127.0.0.1 that the tests start, the `serve` bin server for signed bins and a fault server
//! for everything that can go wrong. No test contacts any other address: URLs outside
//! 127.0.0.1 are refused by the address policy or left unrequested.

#[path = "support/fault_server.rs"]
mod fault_server;

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::Command;
use fault_server::FaultServer;

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "f00dfacef00dfacef00dfacef00dface";
const OTHER_TOKEN: &str = "0badc0de0badc0de0badc0de0badc0de";

fn twiml_lint() -> Command {
    let mut command = Command::cargo_bin("twiml-lint").expect("the twiml-lint binary is built");
    command
        .env_remove("TWILIO_ACCOUNT_SID")
        .env_remove("TWILIO_AUTH_TOKEN")
        .env_remove("RUST_LOG")
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1");
    command
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create the folder");
    std::fs::write(path, text).expect("write the fixture");
}

/// Flags that let the checker reach `port` on loopback, with short timeouts.
fn fast_flags(port: u16) -> Vec<String> {
    [
        "--allow-host",
        &format!("127.0.0.1:{port}"),
        "--connect-timeout",
        "1",
        "--read-timeout",
        "1",
        "--total-timeout",
        "1",
        "--slow-grace",
        "1.5",
        "--links-timeout",
        "60",
        "--no-progress",
    ]
    .iter()
    .map(ToString::to_string)
    .collect()
}

/// Checks one document holding `twiml` and returns the exit code and the compact output.
fn check_document(server: &FaultServer, twiml: &str, extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", twiml);
    let output = twiml_lint()
        .args(["--format", "compact"])
        .args(fast_flags(server.port()))
        .args(extra)
        .arg(dir.path())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code().unwrap_or(-1), stdout)
}

fn redirect_to(url: &str) -> String {
    format!("<Response>\n  <Redirect>{url}</Redirect>\n</Response>\n")
}

/// `text` on one line: wrapped lines and the frame characters of the human output joined by
/// single spaces.
fn flatten(text: &str) -> String {
    text.replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The link-rule lines of compact output.
fn link_lines(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter(|line| {
            line.contains("-link")
                || line.contains("link-target")
                || line.contains("call-flow-loop")
        })
        .collect()
}

#[test]
fn ok_document_has_no_link_finding() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/ok/a")), &[]);
    assert!(link_lines(&output).is_empty(), "{output}");
    assert_eq!(code, 0, "{output}");
    assert_eq!(server.seen("/ok/a").hits, 1);
}

#[test]
fn link_counts_logged_in_singular_for_one() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", &redirect_to(&server.url("/ok/one")));
    let output = twiml_lint()
        .args(fast_flags(server.port()))
        .arg("-v")
        .arg(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("links: 1 reference, 1 request, 1 fetched"), "{stderr}");
}

#[test]
fn slow_answer_is_slow() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/slow?ms=1600")), &[]);
    assert!(output.contains("error[slow-link]"), "{output}");
    assert!(output.contains("later than Twilio waits (Twilio 11205)"), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn silent_server_is_broken() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/silent")), &[]);
    assert!(output.contains("error[broken-link]"), "{output}");
    assert!(
        output.contains("sent no complete answer in ")
            && output.contains(" ms; Twilio's read timeout is 1000 ms (Twilio 11205)"),
        "{output}"
    );
    assert_eq!(code, 1);
}

#[test]
fn status_after_a_redirect_names_the_last_url() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/gone")), &[]);
    let expected = format!(
        "`{}` redirected to `{}`, which answered 404 Not Found",
        server.url("/gone"),
        server.url("/missing")
    );
    assert!(output.contains(&expected), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn media_and_document_references_share_one_request() {
    for (first, second) in [("Play", "Redirect"), ("Redirect", "Play")] {
        let server = FaultServer::start();
        let url = server.url("/audio");
        let twiml =
            format!("<Response><{first}>{url}</{first}><{second}>{url}</{second}></Response>\n");
        let (code, output) = check_document(&server, &twiml, &[]);
        assert!(link_lines(&output).is_empty(), "{first} first: {output}");
        assert_eq!(code, 0, "{first} first: {output}");
        assert_eq!(server.seen("/audio").hits, 1, "{first} first");
    }
}

#[test]
fn connection_reset_is_broken() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/reset")), &[]);
    assert!(output.contains("error[broken-link]"), "{output}");
    assert!(output.contains("(Twilio 11205)"), "{output}");
    assert_eq!(code, 1);
    assert_eq!(server.seen("/reset").hits, 3, "the first request and two retries");
}

#[test]
fn server_error_then_success_is_ok() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/flaky/a")), &[]);
    assert!(link_lines(&output).is_empty(), "{output}");
    assert_eq!(code, 0);
    assert_eq!(server.seen("/flaky/a").hits, 2);
}

#[test]
fn retries_logged_at_first_verbosity() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", &redirect_to(&server.url("/flaky/b")));
    let output =
        twiml_lint().args(fast_flags(server.port())).arg("-v").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!("retrying {} in ", server.url("/flaky/b"));
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn too_many_requests_is_rate_limited_after_retries() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/busy")), &[]);
    assert!(output.contains("warning[rate-limited-link]"), "{output}");
    assert!(output.contains("answered 429 Too Many Requests after 2 retries"), "{output}");
    assert_eq!(code, 0, "a warning does not fail the run");
    assert_eq!(server.seen("/busy").hits, 3);
}

#[test]
fn redirect_loop_is_too_many_redirects() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/loop/0")), &[]);
    assert!(output.contains("redirects more than 10 times"), "{output}");
    assert!(output.contains("(Twilio 11215)"), "{output}");
    assert_eq!(code, 1);
    assert_eq!(server.seen("/loop/10").hits, 1);
    assert_eq!(server.seen("/loop/11").hits, 0, "the eleventh redirect is not followed");
}

#[test]
fn body_over_64_kb_is_invalid_target() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/big")), &[]);
    assert!(output.contains("error[invalid-link-target]"), "{output}");
    assert!(output.contains("body over 64 kB (Twilio 11750)"), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn wrong_content_type_is_invalid_target() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/json")), &[]);
    assert!(output.contains("content type `application/json`"), "{output}");
    assert!(output.contains("(Twilio 12300)"), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn unparsable_twiml_is_invalid_target() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/not-xml")), &[]);
    assert!(output.contains("TwiML that does not parse"), "{output}");
    assert!(output.contains("(Twilio 12100)"), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn missing_document_is_broken() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/nothing-here")), &[]);
    assert!(output.contains("answered 404 Not Found (Twilio 11200)"), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn media_content_types_checked() {
    let server = FaultServer::start();
    let twiml = format!(
        "<Response>\n  <Play>{}</Play>\n  <Play>{}</Play>\n</Response>\n",
        server.url("/audio"),
        server.url("/ok/not-audio")
    );
    let (code, output) = check_document(&server, &twiml, &[]);
    let lines = link_lines(&output);
    assert_eq!(lines.len(), 1, "{output}");
    assert!(lines[0].contains(":3:9: error[invalid-link-target]"), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn loopback_refused_unless_allowed() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", &redirect_to(&server.url("/ok/a")));
    let output = twiml_lint()
        .args(["--format", "compact", "--no-progress"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("leads to a loopback address 127.0.0.1, which Twilio cannot reach"),
        "{stdout}"
    );
    assert_eq!(server.total_hits(), 0, "nothing is sent to a refused address");
}

#[test]
fn redirect_to_private_address_refused() {
    let server = FaultServer::start();
    let (code, output) = check_document(&server, &redirect_to(&server.url("/to-private")), &[]);
    assert!(output.contains("a private address 10.255.255.1"), "{output}");
    assert_eq!(code, 1);
}

#[test]
fn each_unique_request_made_once() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = server.url("/ok/shared");
    write(dir.path(), "a.xml", &redirect_to(&url));
    write(dir.path(), "b.xml", &redirect_to(&url));
    twiml_lint().args(fast_flags(server.port())).arg(dir.path()).assert().code(0);
    assert_eq!(server.seen("/ok/shared").hits, 1);
}

#[test]
fn offline_requests_nothing_and_passes() {
    let server = FaultServer::start();
    let (code, output) =
        check_document(&server, &redirect_to(&server.url("/ok/a")), &["--offline"]);
    assert!(!output.contains("unverified-link"), "{output}");
    assert!(output.contains("1 link not checked (--offline)"), "{output}");
    assert_eq!(code, 0, "links not checked do not fail a run");
    assert_eq!(server.total_hits(), 0);
}

#[test]
fn connection_override_applied_and_checked() {
    let server = FaultServer::start();
    // `rt=200` makes Twilio give up long before the server answers at 700 ms.
    let twiml = redirect_to(&format!("{}#rt=200&amp;tt=300&amp;rc=9", server.url("/slow?ms=700")));
    let (_, output) = check_document(&server, &twiml, &[]);
    assert!(output.contains("error[slow-link]"), "{output}");
    assert!(
        output.contains("warning[invalid-connection-override] `rc=9` is out of range"),
        "{output}"
    );
}

/// Checks the folder `bins` with the link cache at `cache`, reaching `server`.
fn check_with_cache(server: &FaultServer, bins: &Path, cache: &Path) -> std::process::Output {
    twiml_lint()
        .args(fast_flags(server.port()))
        .arg("--cache")
        .arg(cache)
        .arg(bins)
        .output()
        .expect("runs")
}

#[test]
fn cache_reused_and_owner_only() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "bins/main.xml", &redirect_to(&server.url("/ok/cached")));
    let cache = dir.path().join("links-cache");
    for _ in 0..2 {
        let output = check_with_cache(&server, &dir.path().join("bins"), &cache);
        assert_eq!(output.status.code(), Some(0));
    }
    assert_eq!(server.seen("/ok/cached").hits, 1, "the second run uses the cache");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&cache).expect("cache written").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn cached_redirect_keeps_the_final_url() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    // `/moved` redirects to `/docs/start`, whose relative `after` is `/docs/after` only when
    // resolved against the URL the redirect led to.
    write(dir.path(), "bins/main.xml", &redirect_to(&server.url("/moved")));
    let cache = dir.path().join("links-cache");
    for run in 0..2 {
        let output = check_with_cache(&server, &dir.path().join("bins"), &cache);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "run {run}: {stdout}");
    }
    assert_eq!(server.seen("/moved").hits, 1, "the second run uses the cache");
    assert_eq!(server.seen("/docs/after").hits, 1, "the second run uses the cache");
    assert_eq!(server.seen("/after").hits, 0, "the relative URL resolves against the last hop");
}

#[test]
fn cached_document_linted_again() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "bins/main.xml", &redirect_to(&server.url("/deprecated")));
    let cache = dir.path().join("links-cache");
    for run in 0..2 {
        let output = check_with_cache(&server, &dir.path().join("bins"), &cache);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("deprecated-element"), "run {run}: {stdout}");
        assert!(stdout.contains("`<Sms>` is deprecated"), "run {run}: {stdout}");
    }
    assert_eq!(server.seen("/deprecated").hits, 1, "the second run uses the cache");
}

#[test]
fn corrupt_cache_ignored_with_warning() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "bins/main.xml", &redirect_to(&server.url("/ok/a")));
    let cache = dir.path().join("links-cache");
    // The header and format version, then a count of five entries and none of them.
    std::fs::write(&cache, b"twiml-lint link cache\n\x03\x05").expect("write");
    let output = check_with_cache(&server, &dir.path().join("bins"), &cache);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is corrupt"), "{stderr}");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(server.seen("/ok/a").hits, 1);
}

#[test]
fn cache_path_of_another_file_rejected_untouched() {
    let server = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "bins/main.xml", &redirect_to(&server.url("/ok/a")));
    let config = dir.path().join("twiml-lint.toml");
    let text = "exclude = [\"vendor/**\"]\n";
    std::fs::write(&config, text).expect("write");
    let output = twiml_lint()
        .args(fast_flags(server.port()))
        .arg("--cache")
        .arg(&config)
        .arg(dir.path().join("bins"))
        .output()
        .expect("runs");
    let stderr = flatten(&String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{} exists and is not a twiml-lint link cache", config.display())),
        "{stderr}"
    );
    assert!(stderr.contains("give the cache a new file name, or delete this file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&config).expect("read"), text);
    assert_eq!(server.seen("/ok/a").hits, 0, "the cache is checked before any request");
}

#[test]
fn cache_path_of_another_file_rejected_offline() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "bins/main.xml", "<Response><Hangup/></Response>\n");
    let config = dir.path().join("twiml-lint.toml");
    std::fs::write(&config, "exclude = []\n").expect("write");
    let output = twiml_lint()
        .arg("--offline")
        .arg("--cache")
        .arg(&config)
        .arg(dir.path().join("bins"))
        .output()
        .expect("runs");
    let stderr = flatten(&String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a twiml-lint link cache"), "{stderr}");
}

#[test]
fn request_limits_out_of_range_rejected() {
    let server = FaultServer::start();
    let twiml = redirect_to(&server.url("/missing"));
    for flag in ["--max-concurrency", "--max-per-host"] {
        for value in ["0", "1025", "2305843009213693952"] {
            let dir = tempfile::tempdir().expect("temporary folder");
            write(dir.path(), "main.xml", &twiml);
            let output = twiml_lint()
                .args(fast_flags(server.port()))
                .args([flag, value])
                .arg(dir.path())
                .output()
                .expect("runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{flag} {value}: {stderr}");
            assert!(
                stderr.contains(&format!("invalid value '{value}' for '{flag} <N>'")),
                "{flag} {value}: {stderr}"
            );
            assert!(stderr.contains("is not in 1..=1024"), "{flag} {value}: {stderr}");
        }
        let (code, output) = check_document(&server, &twiml, &[flag, "1024"]);
        assert!(output.contains("error[broken-link]"), "{flag} 1024: {output}");
        assert_eq!(code, 1, "{flag} 1024");
    }
    assert_eq!(server.seen("/missing").hits, 2, "only the runs with 1024 make a request");
}

#[test]
fn graph_reports_redirect_pair_as_loop() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "a.xml", "<Response>\n  <Redirect>b.xml</Redirect>\n</Response>\n");
    write(
        dir.path(),
        "b.xml",
        "<Response>\n  <Say>Again</Say>\n  <Redirect>a.xml</Redirect>\n</Response>\n",
    );
    let output = twiml_lint()
        .args(["--offline", "--format", "compact"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("error[call-flow-loop]"), "{stdout}");
    assert_eq!(output.status.code(), Some(1));

    let graph =
        twiml_lint().args(["graph", "--format", "json"]).arg(dir.path()).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&graph.stdout).expect("graph JSON");
    let edges = json["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), 2);
    assert!(edges.iter().all(|edge| edge["exit"] == "unconditional"));
}

#[test]
fn graph_gather_breaks_the_loop() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(
        dir.path(),
        "a.xml",
        "<Response>\n  <Gather action=\"b.xml\" numDigits=\"1\">\n    <Say>Press 1</Say>\n  </Gather>\n</Response>\n",
    );
    write(dir.path(), "b.xml", "<Response>\n  <Redirect>a.xml</Redirect>\n</Response>\n");
    let output = twiml_lint()
        .args(["--offline", "--format", "compact"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("call-flow-loop"), "{stdout}");

    for (format, expected) in
        [("dot", "style=dashed"), ("mermaid", "-.->"), ("json", "caller-input")]
    {
        let graph = twiml_lint()
            .args(["graph", "--format", format])
            .arg(dir.path())
            .output()
            .expect("runs");
        assert_eq!(graph.status.code(), Some(0));
        let text = String::from_utf8_lossy(&graph.stdout);
        assert!(text.contains(expected), "{format}: {text}");
        assert!(text.contains("a.xml") && text.contains("b.xml"), "{format}: {text}");
    }
}

#[test]
fn graph_shows_a_file_without_references() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "hello.xml", "<Response><Say>Hello</Say></Response>\n");
    let graph = twiml_lint()
        .args(["graph", "--format", "json"])
        .arg(dir.path().join("hello.xml"))
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&graph.stdout).expect("graph JSON");
    let nodes = json["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 1, "{json}");
    assert!(nodes[0]["label"].as_str().is_some_and(|label| label.ends_with("hello.xml")), "{json}");
    assert_eq!(json["edges"].as_array().map(Vec::len), Some(0));
}

/// Hold music that repeats by redirecting to its own document, as Twilio's wait URLs do.
const HOLD_MUSIC: &str = "<Response>\n  <Say>The meeting will start soon.</Say>\n  \
    <Play>https://example.com/music.mp3</Play>\n  \
    <Redirect method=\"GET\">wait.xml</Redirect>\n</Response>\n";

/// Checks the folder `dir` offline and returns the exit code and the compact output.
fn check_offline(dir: &Path) -> (i32, String) {
    let output = twiml_lint()
        .args(["--offline", "--format", "compact"])
        .arg(dir)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code().unwrap_or(-1), stdout)
}

/// Lists, sorted, the `use` of each node that `graph` prints for the folder `dir` and whose
/// label ends with `name`.
fn graph_uses(dir: &Path, name: &str) -> Vec<String> {
    let graph = twiml_lint().args(["graph", "--format", "json"]).arg(dir).output().expect("runs");
    assert_eq!(graph.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&graph.stdout).expect("graph JSON");
    let nodes = json["nodes"].as_array().expect("nodes");
    let mut uses: Vec<String> = nodes
        .iter()
        .filter(|node| node["label"].as_str().is_some_and(|label| label.ends_with(name)))
        .map(|node| node["use"].as_str().unwrap_or_default().to_owned())
        .collect();
    uses.sort();
    uses
}

#[test]
fn conference_wait_music_is_not_a_loop() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(
        dir.path(),
        "join.xml",
        "<Response><Dial><Conference waitUrl=\"wait.xml\" waitMethod=\"GET\">room</Conference></Dial></Response>\n",
    );
    write(dir.path(), "wait.xml", HOLD_MUSIC);
    let (code, stdout) = check_offline(dir.path());
    assert!(!stdout.contains("call-flow-loop"), "{stdout}");
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(graph_uses(dir.path(), "wait.xml"), ["wait"]);
}

#[test]
fn enqueue_wait_music_is_not_a_loop() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(
        dir.path(),
        "join.xml",
        "<Response><Enqueue waitUrl=\"wait.xml\" waitUrlMethod=\"GET\">support</Enqueue></Response>\n",
    );
    write(dir.path(), "wait.xml", HOLD_MUSIC);
    let (code, stdout) = check_offline(dir.path());
    assert!(!stdout.contains("call-flow-loop"), "{stdout}");
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(graph_uses(dir.path(), "wait.xml"), ["wait"]);
}

#[test]
fn deployed_wait_music_is_not_a_loop() {
    // The bins are mapped to the local files, so the offline run requests nothing.
    let join_url = "https://handler.twilio.com/twiml/EH00000000000000000000000000000001";
    let wait_url = "https://handler.twilio.com/twiml/EH00000000000000000000000000000002";
    let dir = tempfile::tempdir().expect("temporary folder");
    write(
        dir.path(),
        "twiml-lint.toml",
        &format!("[bins]\n\"join.xml\" = \"{join_url}\"\n\"wait.xml\" = \"{wait_url}\"\n"),
    );
    write(
        dir.path(),
        "join.xml",
        &format!("<Response><Enqueue waitUrl=\"{wait_url}\">support</Enqueue></Response>\n"),
    );
    write(dir.path(), "wait.xml", &HOLD_MUSIC.replace(">wait.xml<", &format!(">{wait_url}<")));
    let (code, stdout) = check_offline(dir.path());
    assert!(!stdout.contains("call-flow-loop"), "{stdout}");
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(graph_uses(dir.path(), "wait.xml"), ["wait"]);
}

#[test]
fn redirected_wait_music_is_a_loop() {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(
        dir.path(),
        "join.xml",
        "<Response><Dial><Conference waitUrl=\"wait.xml\" waitMethod=\"GET\">room</Conference></Dial></Response>\n",
    );
    write(
        dir.path(),
        "main.xml",
        "<Response>\n  <Say>Please hold.</Say>\n  <Redirect>wait.xml</Redirect>\n</Response>\n",
    );
    write(dir.path(), "wait.xml", HOLD_MUSIC);
    let (code, stdout) = check_offline(dir.path());
    let loops: Vec<&str> = stdout.lines().filter(|line| line.contains("call-flow-loop")).collect();
    assert_eq!(loops.len(), 1, "{stdout}");
    assert!(loops[0].contains("wait.xml:4:26: error[call-flow-loop]"), "{stdout}");
    assert!(loops[0].contains("leads back to its own document"), "{stdout}");
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(graph_uses(dir.path(), "wait.xml"), ["main", "wait"]);
}

/// A `twiml-lint serve` process on 127.0.0.1 serving `dir` under the test account; it is
/// killed when dropped.
struct BinServer {
    child: Child,
    base_url: String,
}

impl BinServer {
    fn start(dir: &Path) -> BinServer {
        let binary = assert_cmd::cargo::cargo_bin("twiml-lint");
        let mut child = StdCommand::new(binary)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .arg(dir)
            .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).expect("banner");
        let base_url = first.trim().strip_prefix("base url: ").expect("base url line").to_owned();
        BinServer { child, base_url }
    }

    fn port(&self) -> u16 {
        self.base_url.rsplit(':').next().and_then(|port| port.parse().ok()).expect("port")
    }
}

impl Drop for BinServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn bins_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "menu.xml", "<Response>\n  <Say>Press 1 for sales.</Say>\n</Response>\n");
    dir
}

fn bin_flags(server: &BinServer) -> Vec<String> {
    let host = format!("127.0.0.1:{}", server.port());
    ["--sign-host", &host, "--allow-host", &host, "--no-progress", "--links-timeout", "60"]
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn check_bins(
    server: &BinServer,
    token: &str,
    twiml: &str,
    format: &str,
    extra: &[&str],
) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", twiml);
    let output = twiml_lint()
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", token)
        .args(["--format", format])
        .args(bin_flags(server))
        .args(extra)
        .arg(dir.path())
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn signed_bin_fetch_ok() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let twiml = redirect_to(&format!("{}/twiml/menu", server.base_url));
    let (code, stdout, _) = check_bins(&server, TOKEN, &twiml, "compact", &[]);
    assert!(link_lines(&stdout).is_empty(), "{stdout}");
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn loop_between_fetched_bins_names_where_it_closes() {
    let bins = tempfile::tempdir().expect("temporary folder");
    write(bins.path(), "first.xml", "<Response>\n  <Redirect>second</Redirect>\n</Response>\n");
    write(bins.path(), "second.xml", "<Response>\n  <Redirect>first</Redirect>\n</Response>\n");
    let server = BinServer::start(bins.path());
    let first = format!("{}/twiml/first", server.base_url);
    let (code, stdout, _) = check_bins(&server, TOKEN, &redirect_to(&first), "compact", &[]);
    let loops: Vec<&str> = stdout.lines().filter(|line| line.contains("call-flow-loop")).collect();
    assert_eq!(loops.len(), 1, "{stdout}");
    assert!(loops[0].contains("main.xml:2:13: error[call-flow-loop]"), "{stdout}");
    let second = format!("{}/twiml/second", server.base_url);
    let expected = format!("`<Redirect>` in `{first}` to `{second}` closes a loop");
    assert!(loops[0].contains(&expected), "{stdout}");
    assert_eq!(code, 1);
}

#[test]
fn bin_of_another_account_unauthorized() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let twiml = redirect_to(&format!("{}/twiml/menu", server.base_url));
    let (code, stdout, _) = check_bins(&server, OTHER_TOKEN, &twiml, "human", &[]);
    let stdout = flatten(&stdout);
    assert!(stdout.contains("unauthorized-link"), "{stdout}");
    assert!(stdout.contains(&format!("signed for account {ACCOUNT_SID}")), "{stdout}");
    assert!(stdout.contains("the signature covered the URL"), "{stdout}");
    assert_eq!(code, 1);
}

#[test]
fn missing_bin_broken() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let twiml =
        redirect_to(&format!("{}/twiml/EH00000000000000000000000000000099", server.base_url));
    let (code, stdout, _) = check_bins(&server, TOKEN, &twiml, "compact", &[]);
    assert!(stdout.contains("error[broken-link]"), "{stdout}");
    assert!(stdout.contains("404 Not Found"), "{stdout}");
    assert_eq!(code, 1);
}

#[test]
fn bin_without_credentials_unverified() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", &redirect_to(&format!("{}/twiml/menu", server.base_url)));
    let output = twiml_lint()
        .args(["--format", "compact"])
        .args(bin_flags(&server))
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("info[unverified-link]"), "{stdout}");
    assert!(stdout.contains("no credentials were given"), "{stdout}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn empty_environment_token_treated_as_unset() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", &redirect_to(&format!("{}/twiml/menu", server.base_url)));
    for blank in ["", "  "] {
        let output = twiml_lint()
            .env("TWILIO_AUTH_TOKEN", blank)
            .env("TWILIO_ACCOUNT_SID", "")
            .args(["--format", "compact", "-v"])
            .args(bin_flags(&server))
            .arg(dir.path())
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{blank:?}: {stderr}");
        assert!(stdout.contains("info[unverified-link]"), "{blank:?}: {stdout}");
        assert!(
            stderr.contains("TWILIO_AUTH_TOKEN is set but empty, so it is ignored"),
            "{blank:?}: {stderr}"
        );
    }
}

#[test]
fn fetch_prints_bin_twiml() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let output = twiml_lint()
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .arg("fetch")
        .arg(format!("{}/twiml/menu", server.base_url))
        .args(["--method", "POST", "--param", "From=+15005550006"])
        .args(bin_flags(&server))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("<Say>Press 1 for sales.</Say>"), "{stdout}");
    assert!(stdout.contains("no findings"), "{stdout}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn fetch_of_audio_shows_no_binary() {
    let server = FaultServer::start();
    let output = twiml_lint()
        .arg("fetch")
        .arg(server.url("/audio"))
        .args(fast_flags(server.port()))
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("the output is text");
    assert_eq!(
        stdout,
        "(4 bytes of audio/mpeg, not shown)\nthe answer is audio, which Twilio plays in place of \
         TwiML; no findings\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn fetch_explains_unauthorized() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let output = twiml_lint()
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", OTHER_TOKEN)
        .arg("fetch")
        .arg(format!("{}/twiml/menu", server.base_url))
        .args(bin_flags(&server))
        .output()
        .expect("runs");
    let stdout = flatten(&String::from_utf8_lossy(&output.stdout));
    assert!(stdout.contains("the signature covered the URL"), "{stdout}");
    assert!(stdout.contains("alone (GET, no form parameters)"), "{stdout}");
    assert!(!stdout.contains(OTHER_TOKEN));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn credentials_never_follow_a_redirect_to_another_host() {
    let origin = FaultServer::start();
    let other = FaultServer::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "main.xml", &redirect_to(&origin.url(&format!("/to?port={}", other.port()))));
    twiml_lint()
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .args(fast_flags(origin.port()))
        .args(["--allow-host", &format!("127.0.0.1:{}", other.port())])
        .args(["--sign-host", &format!("127.0.0.1:{}", origin.port())])
        .arg(dir.path())
        .assert()
        .code(0);
    let sent = origin.seen("/to");
    assert_eq!((sent.hits, sent.signed, sent.with_account_sid), (1, 1, 1));
    let landed = other.seen("/landing");
    assert_eq!((landed.hits, landed.signed, landed.with_account_sid), (1, 0, 0));
}

#[test]
fn token_and_signature_never_in_output_or_cache() {
    let bins = bins_folder();
    let server = BinServer::start(bins.path());
    let bin_url = format!("{}/twiml/menu", server.base_url);
    let twiml = format!(
        "<Response>\n  <Gather action=\"{bin_url}\"/>\n  <Redirect method=\"GET\">{bin_url}</Redirect>\n</Response>\n"
    );
    let signatures = [
        expected_signature_with(OTHER_TOKEN, &bin_url, false),
        expected_signature_with(OTHER_TOKEN, &bin_url, true),
    ];
    let dir = tempfile::tempdir().expect("temporary folder");
    let cache = dir.path().join("links-cache");
    let cache_arg = cache.to_string_lossy().into_owned();

    for format in ["human", "compact", "json", "github", "sarif", "junit"] {
        let (code, stdout, stderr) =
            check_bins(&server, OTHER_TOKEN, &twiml, format, &["-vv", "--cache", &cache_arg]);
        assert_eq!(code, 1, "{format}: {stdout}");
        assert!(stdout.contains("unauthorized"), "{format}: {stdout}");
        for secret in [OTHER_TOKEN, &signatures[0], &signatures[1]] {
            assert!(!stdout.contains(secret), "{format}: stdout holds a secret");
            assert!(!stderr.contains(secret), "{format}: stderr holds a secret");
        }
    }
    // A successful run writes the cache; it must not hold the token or a signature either.
    let (code, stdout, _) = check_bins(&server, TOKEN, &twiml, "compact", &["--cache", &cache_arg]);
    assert_eq!(code, 0, "{stdout}");
    let cached = std::fs::read(&cache).expect("cache written");
    let contains = |text: &str| cached.windows(text.len()).any(|window| window == text.as_bytes());
    assert!(cached.starts_with(b"twiml-lint link cache\n"));
    assert!(contains("Press 1 for sales."), "the cache contains the body of the bin");
    let good = [
        expected_signature_with(TOKEN, &bin_url, false),
        expected_signature_with(TOKEN, &bin_url, true),
    ];
    for secret in [TOKEN, OTHER_TOKEN, &signatures[0], &signatures[1], &good[0], &good[1]] {
        assert!(!contains(secret), "the cache contains a secret");
    }
}

/// The signature of the GET, or the POST, the checker sends to `url`, signed with `token`.
fn expected_signature_with(token: &str, url: &str, post: bool) -> String {
    let request_url = twiml_signature::RequestUrl::parse(url).expect("valid URL");
    let sid = twiml_signature::AccountSid::parse(ACCOUNT_SID).expect("valid SID");
    let token = twiml_signature::AuthToken::new(token).expect("valid token");
    let request = if post {
        twiml_signature::BinRequest::post(request_url, sid)
    } else {
        twiml_signature::BinRequest::get(request_url, sid)
    };
    request.sign(&token).expect("signed").header_value().to_owned()
}
