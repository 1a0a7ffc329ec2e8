//! End-to-end tests of `twiml-lint serve`: the real binary on an ephemeral loopback port, a
//! real HTTP client, requests signed as Twilio signs them, and hostile raw connections.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use twiml_signature::{AccountSid, AuthToken, BinRequest, Method, RequestUrl, SignedRequest};

const ACCOUNT: &str = "AC00000000000000000000000000000000";
const OTHER_ACCOUNT: &str = "AC11111111111111111111111111111111";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const DIAL_BIN_ID: &str = "EH00000000000000000000000000000000";

const HELLO_BIN: &str = "<Response><Say>Hello {{Name}}</Say></Response>";
const DIAL_BIN: &str = "<Response><Dial callerId=\"{{#e164}}{{From}}{{/e164}}\">\
                        {{#Dest}}<Number>{{.}}</Number>{{/Dest}}{{^Dest}}<Number>{{To}}</Number>{{/Dest}}\
                        </Dial></Response>";

/// How long a test waits for the server to print its base URL.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The bound on every raw socket read and write, so that a server that neither responds nor
/// closes fails the test instead of hanging it.
const SOCKET_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `twiml-lint serve`, killed when dropped so that no test leaves it behind.
struct ServeProcess {
    child: Child,
    base_url: String,
    address: SocketAddr,
    stdout_lines: Vec<String>,
    stderr: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServeProcess {
    fn bin_url(&self, id: &str) -> String {
        format!("{}/twiml/{id}", self.base_url)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().map(|text| text.clone()).unwrap_or_default()
    }

    /// The server's stderr once it contains `needle`, or after 10 seconds: the server writes a
    /// request's log line after it sends the response, so the line may trail the answer.
    fn stderr_containing(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let log = self.stderr();
            if log.contains(needle) || std::time::Instant::now() >= deadline {
                return log;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

/// Writes the fixture folder: two bins, one named by its file and one by `[bins]`.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let bins = dir.path().join("bins");
    std::fs::create_dir(&bins).expect("bins folder");
    std::fs::write(bins.join("hello.xml"), HELLO_BIN).expect("hello bin");
    std::fs::write(bins.join("dial.twiml"), DIAL_BIN).expect("dial bin");
    std::fs::write(bins.join("notes.txt"), "not a bin").expect("other file");
    let config = format!(
        "[bins]\n\"bins/dial.twiml\" = \"https://handler.twilio.com/twiml/{DIAL_BIN_ID}\"\n"
    );
    std::fs::write(dir.path().join("twiml-lint.toml"), config).expect("config");
    dir
}

fn serve_command(dir: &Path, listen: &str) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("twiml-lint"));
    command
        .arg("serve")
        .arg(dir.join("bins"))
        .args(["--listen", listen])
        .env("TWILIO_ACCOUNT_SID", ACCOUNT)
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .env("RUST_LOG", "twiml_serve=info")
        .stdin(Stdio::null());
    command
}

/// Starts the server on the fixture and waits for its base URL on standard output.
fn start() -> ServeProcess {
    start_in(fixture(), 2)
}

/// Starts the server on the bins of `dir` and waits for the banner: the base URL, then one line
/// for each of the `bins`.
fn start_in(dir: tempfile::TempDir, bins: usize) -> ServeProcess {
    let mut child = serve_command(dir.path(), "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("twiml-lint starts");

    // Standard error is drained all along, so that the request log never fills the pipe.
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let stderr_sink = Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut buffer = [0_u8; 4096];
        while let Ok(read) = stderr_pipe.read(&mut buffer) {
            if read == 0 {
                break;
            }
            if let Ok(mut text) = stderr_sink.lock() {
                text.push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
        }
    });

    let stdout = child.stdout.take().expect("stdout is piped");
    let (lines_sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines_sender.send(line).is_err() {
                break;
            }
        }
    });

    let mut process = ServeProcess {
        child,
        base_url: String::new(),
        address: SocketAddr::from(([127, 0, 0, 1], 0)),
        stdout_lines: Vec::new(),
        stderr,
        _dir: dir,
    };
    while process.stdout_lines.len() < 1 + bins {
        let line = match lines.recv_timeout(START_TIMEOUT) {
            Ok(line) => line,
            Err(error) => panic!("no banner from twiml-lint serve ({error}): {}", process.stderr()),
        };
        process.stdout_lines.push(line);
    }
    let base_url = process.stdout_lines[0].strip_prefix("base url: ").expect("base URL line");
    process.base_url = base_url.to_owned();
    let authority = base_url.strip_prefix("http://").expect("http URL");
    process.address = authority.parse().expect("loopback address and port");
    process
}

fn account() -> AccountSid {
    AccountSid::parse(ACCOUNT).expect("valid account SID")
}

fn token() -> AuthToken {
    AuthToken::new(TOKEN).expect("valid token")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client builds")
}

fn signed(method: Method, url: &str, params: &[(&str, &str)]) -> SignedRequest {
    let url = RequestUrl::parse(url).expect("valid URL");
    params
        .iter()
        .fold(BinRequest::new(method, url, account()), |request, (name, value)| {
            request.param(*name, *value)
        })
        .sign(&token())
        .expect("request signs")
}

/// Sends a signed request and returns the status, content type and body.
async fn send(request: &SignedRequest) -> (u16, String, String) {
    let client = client();
    let builder = match request.method() {
        Method::Get => client.get(request.url()),
        Method::Post => client
            .post(request.url())
            .header("Content-Type", request.content_type().unwrap_or_default())
            .body(request.body().unwrap_or_default().to_owned()),
    };
    let response = builder
        .header(request.header_name(), request.header_value())
        .send()
        .await
        .expect("server answers");
    parts(response).await
}

async fn parts(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.text().await.expect("body reads"))
}

fn assert_not_authorized((status, _, body): &(u16, String, String)) {
    assert_eq!(*status, 403);
    assert_eq!(body.trim(), "Not Authorized");
    assert!(!body.contains("<Response"), "body {body}");
}

async fn assert_good_request_answers(server: &ServeProcess) {
    let request = signed(Method::Get, &server.bin_url("hello"), &[("Name", "again")]);
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 200, "log: {}", server.stderr());
    assert_eq!(body, "<Response><Say>Hello again</Say></Response>");
}

#[test]
fn banner_lists_base_url_and_bins() {
    let server = start();
    assert!(server.base_url.starts_with("http://127.0.0.1:"), "{}", server.base_url);
    let bins = &server.stdout_lines[1..];
    assert_eq!(
        bins,
        [
            format!("bin: {} -> dial.twiml (id from [bins])", server.bin_url(DIAL_BIN_ID)),
            format!("bin: {} -> hello.xml", server.bin_url("hello")),
        ]
    );
}

#[tokio::test]
async fn signed_get_returns_bin() {
    let server = start();
    let request = signed(Method::Get, &server.bin_url("hello"), &[("Name", "Jane")]);
    let (status, content_type, body) = send(&request).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/xml");
    assert_eq!(body, "<Response><Say>Hello Jane</Say></Response>");
}

#[tokio::test]
async fn signed_post_returns_bin() {
    let server = start();
    let params = [("From", "sip:+15125551212@example.sip.us1.twilio.com"), ("To", "+12025550100")];
    let request = signed(Method::Post, &server.bin_url(DIAL_BIN_ID), &params);
    let (status, content_type, body) = send(&request).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/xml");
    assert_eq!(
        body,
        "<Response><Dial callerId=\"+15125551212\"><Number>+12025550100</Number></Dial></Response>"
    );
}

#[tokio::test]
async fn unauthorized_requests_are_rejected() {
    let server = start();
    let client = client();
    let url = server.bin_url("hello");

    let unsigned = client.get(format!("{url}?AccountSid={ACCOUNT}")).send().await.expect("answer");
    assert_not_authorized(&parts(unsigned).await);

    let good = signed(Method::Get, &url, &[("Name", "Jane")]);
    let other = signed(Method::Get, &url, &[("Name", "Joe")]);
    let wrongly_signed = client
        .get(good.url())
        .header("X-Twilio-Signature", other.header_value())
        .send()
        .await
        .expect("answer");
    assert_not_authorized(&parts(wrongly_signed).await);

    let other_account = AccountSid::parse(OTHER_ACCOUNT).expect("valid account SID");
    let url_parsed = RequestUrl::parse(&url).expect("valid URL");
    let wrong_account =
        BinRequest::get(url_parsed.clone(), other_account).sign(&token()).expect("signs");
    assert_not_authorized(&send(&wrong_account).await);

    let without_sid = twiml_signature::sign(&token(), &url_parsed, &twiml_signature::Params::new());
    let missing_sid = client
        .get(&url)
        .header("X-Twilio-Signature", without_sid.as_str())
        .send()
        .await
        .expect("answer");
    assert_not_authorized(&parts(missing_sid).await);

    server.stderr_containing("signature=missing");
    let log = server.stderr_containing("signature=mismatch");
    assert!(log.contains("signature=missing"), "log: {log}");
    assert!(log.contains("signature=mismatch"), "log: {log}");
}

#[tokio::test]
async fn templates_render_query_and_form_params() {
    let server = start();
    let url = format!("{}?Dest%5B%5D=%2B12025550100", server.bin_url(DIAL_BIN_ID));
    let request = signed(
        Method::Post,
        &url,
        &[("From", "+15125551212"), ("Dest[]", "+17035550100"), ("Dest[]", "+12065550100")],
    );
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "<Response><Dial callerId=\"+15125551212\"><Number>+12025550100</Number>\
         <Number>+17035550100</Number><Number>+12065550100</Number></Dial></Response>"
    );

    let request = signed(Method::Get, &server.bin_url(DIAL_BIN_ID), &[("To", "+12025550100")]);
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "<Response><Dial callerId=\"\"><Number>+12025550100</Number></Dial></Response>"
    );
}

#[tokio::test]
async fn hostile_values_are_escaped() {
    let server = start();
    let hostile = "Tom & Jerry <3 \"'</Say><Hangup/>";
    let request = signed(Method::Get, &server.bin_url("hello"), &[("Name", hostile)]);
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "<Response><Say>Hello Tom &amp; Jerry &lt;3 &quot;&#39;&lt;/Say&gt;&lt;Hangup/&gt;</Say>\
         </Response>"
    );
}

#[tokio::test]
async fn unknown_bin_and_extra_segment_are_not_found() {
    let server = start();
    for url in [
        server.bin_url("EH99999999999999999999999999999999"),
        format!("{}/extra", server.bin_url("hello")),
        server.bin_url("notes"),
    ] {
        let request = signed(Method::Get, &url, &[]);
        let (status, _, _) = send(&request).await;
        assert_eq!(status, 404, "url {url}");
    }
}

#[tokio::test]
async fn concurrent_clients_all_get_answers() {
    let server = start();
    let request = signed(Method::Get, &server.bin_url("hello"), &[("Name", "many")]);
    let client = client();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..200 {
        let call =
            client.get(request.url()).header(request.header_name(), request.header_value()).send();
        tasks.spawn(async move { call.await.map(|response| response.status().as_u16()) });
    }
    let mut statuses = Vec::new();
    while let Some(finished) = tasks.join_next().await {
        statuses.push(finished.expect("task runs").expect("server answers"));
    }
    assert_eq!(statuses.len(), 200);
    assert!(statuses.iter().all(|&status| status == 200), "statuses {statuses:?}");
}

/// Opens a raw connection with both directions bounded by [`SOCKET_TIMEOUT`].
fn raw_connection(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(SOCKET_TIMEOUT)).expect("read timeout");
    stream.set_write_timeout(Some(SOCKET_TIMEOUT)).expect("write timeout");
    stream
}

/// Reads until the server closes the connection or the read times out, and returns the text.
fn read_answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// Sends `head` and then `body_bytes` bytes of body in chunks, stopping at the first write
/// that fails because the server gave up on the request.
fn send_large_body(address: SocketAddr, head: &str, body_bytes: usize, chunked: bool) -> String {
    let mut stream = raw_connection(address);
    stream.write_all(head.as_bytes()).expect("writes head");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < body_bytes {
        let written = if chunked {
            stream
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .and_then(|()| stream.write_all(&chunk))
                .and_then(|()| stream.write_all(b"\r\n"))
        } else {
            stream.write_all(&chunk)
        };
        if written.is_err() {
            break;
        }
        sent += chunk.len();
    }
    read_answer(&mut stream)
}

#[tokio::test]
async fn server_survives_malformed_requests() {
    let server = start();
    let address = server.address;
    let path = format!("/twiml/hello?AccountSid={ACCOUNT}");

    // Bad percent-encoding in the query gets a 400 response.
    let bad_percent = client()
        .get(format!("{}&Name=%ZZ", server.base_url.clone() + &path))
        .send()
        .await
        .expect("answer");
    assert_eq!(bad_percent.status().as_u16(), 400);
    assert_good_request_answers(&server).await;

    // A 10 MB body, declared or chunked, gets a 413 response or the connection is dropped.
    let declared = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n",
        10 * 1024 * 1024
    );
    let chunked = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    );
    for (head, is_chunked) in [(declared, false), (chunked, true)] {
        let answer = tokio::task::spawn_blocking(move || {
            send_large_body(address, &head, 10 * 1024 * 1024, is_chunked)
        })
        .await
        .expect("client thread finishes");
        assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 413"), "answer {answer:?}");
        assert_good_request_answers(&server).await;
    }

    // A body or a head that never finishes gets a 408 response once its timeout runs out, or
    // the connection is dropped.
    let stalled_body = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 1000\r\n\r\nName=slow"
    );
    let stalled_head = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nX-Slow: ");
    let stalled = [stalled_body, stalled_head].map(|request| {
        tokio::task::spawn_blocking(move || {
            let mut stream = raw_connection(address);
            stream.write_all(request.as_bytes()).expect("writes partial request");
            read_answer(&mut stream)
        })
    });
    // Good requests still get responses while both slow clients wait.
    assert_good_request_answers(&server).await;
    for handle in stalled {
        let answer = handle.await.expect("client thread finishes");
        assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "answer {answer:?}");
    }
    assert_good_request_answers(&server).await;
}

#[tokio::test]
async fn request_log_has_no_secrets() {
    let server = start();
    let request =
        signed(Method::Post, &server.bin_url("hello"), &[("Name", "distinctive-body-value")]);
    let (status, _, _) = send(&request).await;
    assert_eq!(status, 200);

    let log = server.stderr_containing("POST /twiml/hello 200 signature=matched");
    assert!(log.contains("POST /twiml/hello 200 signature=matched"), "log: {log}");
    assert!(!log.contains(TOKEN), "log: {log}");
    assert!(!log.contains(request.header_value()), "log: {log}");
    assert!(!log.contains("distinctive-body-value"), "log: {log}");
}

#[tokio::test]
async fn non_utf8_bin_answers_500_until_fixed() {
    let dir = fixture();
    let bad_path = dir.path().join("bins").join("bad.xml");
    std::fs::write(&bad_path, b"<Response><Say>caf\xe9</Say></Response>").expect("bad bin");
    let server = start_in(dir, 3);

    let log = server.stderr_containing("responds with 500");
    assert!(log.contains("ERROR"), "log: {log}");
    assert!(
        log.contains("bad.xml responds with 500 until fixed: not valid UTF-8 at byte 18"),
        "log: {log}"
    );
    let request = signed(Method::Get, &server.bin_url("bad"), &[]);
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 500);
    assert!(body.contains("not valid UTF-8"), "body: {body}");
    assert_good_request_answers(&server).await;

    std::fs::write(&bad_path, "<Response><Say>café</Say></Response>").expect("fixed bin");
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 200, "log: {}", server.stderr());
    assert_eq!(body, "<Response><Say>café</Say></Response>");
}

#[test]
fn port_in_use_suggests_another_port() {
    let dir = fixture();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("binds a loopback port");
    let address = taken.local_addr().expect("bound address").to_string();
    let output = serve_command(dir.path(), &address).output().expect("twiml-lint runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("failed to listen on {address}")), "stderr: {stderr}");
    assert!(stderr.contains("pick another port"), "stderr: {stderr}");
}

#[test]
fn non_loopback_listen_is_refused() {
    let dir = fixture();
    let output = serve_command(dir.path(), "0.0.0.0:0").output().expect("twiml-lint runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a loopback address"), "stderr: {stderr}");
    assert!(stderr.contains("--allow-remote"), "stderr: {stderr}");
}

#[test]
fn malformed_listen_address_shows_the_form() {
    let dir = fixture();
    let output = serve_command(dir.path(), "garbage").output().expect("twiml-lint runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`garbage` is not an address and port"), "stderr: {stderr}");
    assert!(stderr.contains("127.0.0.1:8080"), "stderr: {stderr}");
}

#[test]
fn missing_token_is_an_error() {
    let dir = fixture();
    let output = serve_command(dir.path(), "127.0.0.1:0")
        .env_remove("TWILIO_AUTH_TOKEN")
        .output()
        .expect("twiml-lint runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no auth token"), "stderr: {stderr}");
}

#[test]
fn folder_without_bins_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("bins")).expect("bins folder");
    let output = serve_command(dir.path(), "127.0.0.1:0").output().expect("twiml-lint runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no bins found"), "stderr: {stderr}");
}
