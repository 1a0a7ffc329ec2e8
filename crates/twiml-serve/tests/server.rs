//! The server against a real HTTP client on loopback: signed and unsigned requests, template
//! rendering, routing, and the limits on slow and oversized requests.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use twiml_serve::{Bin, Limits, RunningServer, ServeError, Server, ServerConfig};
use twiml_signature::{AccountSid, AuthToken, BinRequest, RequestUrl, SignedRequest};

const ACCOUNT: &str = "AC00000000000000000000000000000000";
const OTHER_ACCOUNT: &str = "AC11111111111111111111111111111111";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const BIN_ID: &str = "EH00000000000000000000000000000000";
const BIN: &str = "<Response><Say>Hi {{Name}}</Say>{{#Dest}}<Number>{{.}}</Number>{{/Dest}}\
                   {{^Dest}}<Hangup/>{{/Dest}}</Response>";

fn account() -> AccountSid {
    AccountSid::parse(ACCOUNT).expect("valid account SID")
}

fn token() -> AuthToken {
    AuthToken::new(TOKEN).expect("valid token")
}

/// Short timeouts so that the slow-client tests finish quickly.
fn test_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(500),
        body_read_timeout: Duration::from_millis(500),
        max_body_bytes: 80 * 1024,
        ..Limits::default()
    }
}

async fn start() -> RunningServer {
    start_with(vec![Bin::from_content(BIN_ID, BIN)]).await
}

async fn start_with(bins: Vec<Bin>) -> RunningServer {
    let mut config = ServerConfig::new(account(), token());
    config.bins = bins;
    config.limits = test_limits();
    Server::bind(config).await.expect("server binds on loopback").spawn()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("HTTP client builds")
}

fn signed(method: twiml_signature::Method, url: &str, params: &[(&str, &str)]) -> SignedRequest {
    let url = RequestUrl::parse(url).expect("valid URL");
    let request =
        params.iter().fold(BinRequest::new(method, url, account()), |request, (name, value)| {
            request.param(*name, *value)
        });
    request.sign(&token()).expect("request signs")
}

/// Sends a signed request and returns the status, content type and body.
async fn send(request: &SignedRequest) -> (u16, String, String) {
    let client = client();
    let builder = match request.method() {
        twiml_signature::Method::Get => client.get(request.url()),
        twiml_signature::Method::Post => client
            .post(request.url())
            .header("Content-Type", request.content_type().unwrap_or_default())
            .body(request.body().unwrap_or_default().to_owned()),
    };
    let response = builder
        .header(request.header_name(), request.header_value())
        .send()
        .await
        .expect("server answers");
    into_parts(response).await
}

async fn into_parts(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.expect("body reads");
    (status, content_type, body)
}

fn get(server: &RunningServer, params: &[(&str, &str)]) -> SignedRequest {
    signed(twiml_signature::Method::Get, &server.bin_url(BIN_ID), params)
}

fn post(server: &RunningServer, params: &[(&str, &str)]) -> SignedRequest {
    signed(twiml_signature::Method::Post, &server.bin_url(BIN_ID), params)
}

#[tokio::test]
async fn signed_get_renders_bin() {
    let server = start().await;
    let (status, content_type, body) = send(&get(&server, &[("Name", "Jane")])).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/xml");
    assert_eq!(body, "<Response><Say>Hi Jane</Say><Hangup/></Response>");
    server.shutdown().await;
}

#[tokio::test]
async fn signed_post_renders_form_params() {
    let server = start().await;
    let request =
        post(&server, &[("Name", "Joe"), ("Dest[]", "+12025550100"), ("Dest[]", "+17035550100")]);
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "<Response><Say>Hi Joe</Say><Number>+12025550100</Number><Number>+17035550100</Number>\
         </Response>"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn post_renders_query_and_form_params() {
    let server = start().await;
    let url = format!("{}?Name=Query", server.bin_url(BIN_ID));
    let request = signed(twiml_signature::Method::Post, &url, &[("Dest", "+12025550100")]);
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 200);
    assert_eq!(body, "<Response><Say>Hi Query</Say><Number>+12025550100</Number></Response>");
    server.shutdown().await;
}

#[tokio::test]
async fn hostile_values_are_escaped() {
    let server = start().await;
    let (status, _, body) =
        send(&get(&server, &[("Name", "Tom & Jerry <3 </Say><Hangup/>")])).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "<Response><Say>Hi Tom &amp; Jerry &lt;3 &lt;/Say&gt;&lt;Hangup/&gt;</Say><Hangup/></Response>"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn unsigned_request_is_not_authorized() {
    let server = start().await;
    let url = format!("{}?AccountSid={ACCOUNT}", server.bin_url(BIN_ID));
    let response = client().get(url).send().await.expect("server answers");
    let (status, content_type, body) = into_parts(response).await;
    assert_eq!(status, 403);
    assert!(content_type.starts_with("text/plain"), "content type {content_type}");
    assert_eq!(body.trim(), "Not Authorized");
    server.shutdown().await;
}

#[tokio::test]
async fn wrong_signature_is_not_authorized() {
    let server = start().await;
    let request = get(&server, &[("Name", "Jane")]);
    let response = client()
        .get(request.url())
        .header("X-Twilio-Signature", "kMVf+yTZSdQTv8o97hAU1kFUTC0=")
        .send()
        .await
        .expect("server answers");
    let (status, _, body) = into_parts(response).await;
    assert_eq!(status, 403);
    assert_eq!(body.trim(), "Not Authorized");
    server.shutdown().await;
}

#[tokio::test]
async fn signature_over_other_params_is_rejected() {
    let server = start().await;
    let request = post(&server, &[("Name", "Jane")]);
    let response = client()
        .post(request.url())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header(request.header_name(), request.header_value())
        .body(format!("AccountSid={ACCOUNT}&Name=Mallory"))
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.status().as_u16(), 403);
    server.shutdown().await;
}

#[tokio::test]
async fn wrong_account_is_not_authorized() {
    let server = start().await;
    // Signed correctly, but for another account.
    let url = RequestUrl::parse(&server.bin_url(BIN_ID)).expect("valid URL");
    let other = AccountSid::parse(OTHER_ACCOUNT).expect("valid account SID");
    let request = BinRequest::get(url, other).sign(&token()).expect("request signs");
    let (status, _, body) = send(&request).await;
    assert_eq!(status, 403);
    assert_eq!(body.trim(), "Not Authorized");
    server.shutdown().await;
}

#[tokio::test]
async fn missing_account_sid_is_not_authorized() {
    let server = start().await;
    let url = server.bin_url(BIN_ID);
    let signature = twiml_signature::sign(
        &token(),
        &RequestUrl::parse(&url).expect("valid URL"),
        &twiml_signature::Params::new(),
    );
    let response = client()
        .get(&url)
        .header("X-Twilio-Signature", signature.as_str())
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.status().as_u16(), 403);
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_bin_and_extra_segment_are_not_found() {
    let server = start().await;
    let base = server.base_url();
    for path in [
        "/twiml/EH99999999999999999999999999999999",
        &format!("/twiml/{BIN_ID}/extra"),
        &format!("/twiml/{BIN_ID}/"),
        "/twiml/",
        "/",
        "/other",
    ] {
        let url = format!("{base}{path}?AccountSid={ACCOUNT}");
        let request = signed(twiml_signature::Method::Get, &format!("{base}{path}"), &[]);
        let response = client()
            .get(&url)
            .header(request.header_name(), request.header_value())
            .send()
            .await
            .expect("server answers");
        assert_eq!(response.status().as_u16(), 404, "path {path}");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn other_methods_are_not_allowed() {
    let server = start().await;
    let response = client().put(server.bin_url(BIN_ID)).send().await.expect("server answers");
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(
        response.headers().get("allow").map(reqwest::header::HeaderValue::as_bytes),
        Some(&b"GET, POST"[..])
    );
    server.shutdown().await;
}

#[tokio::test]
async fn bad_percent_encoding_is_bad_request() {
    let server = start().await;
    let url = format!("{}?AccountSid={ACCOUNT}&Name=%ZZ", server.bin_url(BIN_ID));
    let response = client().get(url).send().await.expect("server answers");
    assert_eq!(response.status().as_u16(), 400);
    let body = response.text().await.expect("body reads");
    assert!(body.contains("percent-encoding"), "body {body}");
    server.shutdown().await;
}

#[tokio::test]
async fn non_form_body_is_unsupported() {
    let server = start().await;
    let response = client()
        .post(server.bin_url(BIN_ID))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.status().as_u16(), 415);
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_body_is_too_large() {
    let server = start().await;
    let response = client()
        .post(server.bin_url(BIN_ID))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 200 * 1024])
        .send()
        .await;
    // The server may respond with 413 before the client has written the whole body, and then close
    // the connection, which the client may see as an error instead.
    if let Ok(response) = response {
        assert_eq!(response.status().as_u16(), 413);
    }
    assert_server_answers(&server).await;
    server.shutdown().await;
}

/// Writes `request` on a raw connection and reads until the server responds and closes.
/// Returns what was read. The read timeout bounds a server that does neither.
fn raw_exchange(address: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("sets timeout");
    stream.write_all(request).expect("writes request");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn chunked_body_over_limit_is_too_large() {
    let server = start().await;
    let address = server.local_addr();
    let chunk = format!("{:x}\r\n{}\r\n", 50 * 1024, "a".repeat(50 * 1024));
    let request = format!(
        "POST /twiml/{BIN_ID} HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n\
         {chunk}{chunk}0\r\n\r\n"
    );
    let response = tokio::task::spawn_blocking(move || raw_exchange(address, request.as_bytes()))
        .await
        .expect("client thread finishes");
    assert!(response.starts_with("HTTP/1.1 413"), "response {response:?}");
    assert_server_answers(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_headers_are_rejected() {
    let server = start().await;
    let address = server.local_addr();
    let request = format!(
        "GET /twiml/{BIN_ID} HTTP/1.1\r\nHost: {address}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    let response = tokio::task::spawn_blocking(move || raw_exchange(address, request.as_bytes()))
        .await
        .expect("client thread finishes");
    assert!(response.starts_with("HTTP/1.1 431"), "response {response:?}");
    assert_server_answers(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn body_that_never_finishes_times_out() {
    let server = start().await;
    let address = server.local_addr();
    let request = format!(
        "POST /twiml/{BIN_ID} HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAccountSid="
    );
    let response = tokio::task::spawn_blocking(move || raw_exchange(address, request.as_bytes()))
        .await
        .expect("client thread finishes");
    assert!(response.starts_with("HTTP/1.1 408"), "response {response:?}");
    assert_server_answers(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn headers_that_never_finish_are_dropped() {
    let server = start().await;
    let address = server.local_addr();
    let request = format!("GET /twiml/{BIN_ID} HTTP/1.1\r\nHost: {address}\r\nX-Slow: ");
    let response = tokio::task::spawn_blocking(move || raw_exchange(address, request.as_bytes()))
        .await
        .expect("client thread finishes");
    // The connection is closed, with or without a 408 first.
    assert!(response.is_empty() || response.starts_with("HTTP/1.1 408"), "response {response:?}");
    assert_server_answers(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn concurrent_clients_all_get_answers() {
    let server = start().await;
    let request = get(&server, &[("Name", "Jane")]);
    let client = client();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..200 {
        let client = client.clone();
        let url = request.url().to_owned();
        let signature = request.header_value().to_owned();
        tasks.spawn(async move {
            let response = client.get(url).header("X-Twilio-Signature", signature).send().await?;
            Ok::<u16, reqwest::Error>(response.status().as_u16())
        });
    }
    let mut answered = 0;
    while let Some(finished) = tasks.join_next().await {
        let status = finished.expect("task runs").expect("server answers");
        assert_eq!(status, 200);
        answered += 1;
    }
    assert_eq!(answered, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn bin_file_is_read_on_each_request() {
    let directory = std::env::temp_dir().join(format!("twiml-serve-test-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("creates temp dir");
    let path = directory.join("bin.xml");
    std::fs::write(&path, "<Response>one</Response>").expect("writes bin");
    let server = start_with(vec![Bin::from_file(BIN_ID, &path)]).await;

    let (_, _, first) = send(&get(&server, &[])).await;
    std::fs::write(&path, "<Response>two</Response>").expect("rewrites bin");
    let (_, _, second) = send(&get(&server, &[])).await;
    assert_eq!(first, "<Response>one</Response>");
    assert_eq!(second, "<Response>two</Response>");

    server.shutdown().await;
    std::fs::remove_dir_all(&directory).expect("removes temp dir");
}

#[tokio::test]
async fn broken_template_answers_500() {
    let server =
        start_with(vec![Bin::from_content(BIN_ID, "<Response>{{#Open}}</Response>")]).await;
    let (status, _, body) = send(&get(&server, &[])).await;
    assert_eq!(status, 500);
    assert!(body.contains("never closed"), "body {body}");
    server.shutdown().await;
}

#[tokio::test]
async fn non_utf8_bin_answers_500_until_fixed() {
    let directory = tempfile::tempdir().expect("creates temp dir");
    let path = directory.path().join("bad.xml");
    std::fs::write(&path, b"<Response><Say>caf\xe9</Say></Response>").expect("writes bin");
    let bins = vec![Bin::from_file("bad", &path), Bin::from_content(BIN_ID, BIN)];
    let server = start_with(bins).await;
    let bad =
        |server: &RunningServer| signed(twiml_signature::Method::Get, &server.bin_url("bad"), &[]);

    let (status, _, body) = send(&bad(&server)).await;
    assert_eq!(status, 500);
    assert!(body.contains("bad.xml"), "body {body}");
    assert!(body.contains("not valid UTF-8 at byte 18"), "body {body}");
    assert_server_answers(&server).await;

    std::fs::write(&path, "<Response><Say>café</Say></Response>").expect("rewrites bin");
    let (status, _, body) = send(&bad(&server)).await;
    assert_eq!(status, 200);
    assert_eq!(body, "<Response><Say>café</Say></Response>");

    server.shutdown().await;
}

#[tokio::test]
async fn remote_address_needs_permission() {
    let config = ServerConfig::new(account(), token()).listen(SocketAddr::from(([0, 0, 0, 0], 0)));
    let error = Server::bind(config).await.expect_err("0.0.0.0 is not loopback");
    assert!(matches!(error, ServeError::RemoteAddress { .. }), "error {error:?}");
}

#[tokio::test]
async fn invalid_and_duplicate_bin_ids_are_rejected() {
    let bad = ServerConfig::new(account(), token()).bin(Bin::from_content("a/b", ""));
    let error = Server::bind(bad).await.expect_err("slash in id");
    assert!(matches!(error, ServeError::InvalidBinId { .. }), "error {error:?}");

    let twice = ServerConfig::new(account(), token())
        .bin(Bin::from_content("a", ""))
        .bin(Bin::from_content("a", ""));
    let error = Server::bind(twice).await.expect_err("same id twice");
    assert!(matches!(error, ServeError::DuplicateBinId { .. }), "error {error:?}");
}

#[tokio::test]
async fn missing_bin_file_fails_at_start() {
    let path = std::env::temp_dir().join("twiml-serve-test-no-such-file.xml");
    let config = ServerConfig::new(account(), token()).bin(Bin::from_file("a", path));
    let error = Server::bind(config).await.expect_err("file is missing");
    assert!(matches!(error, ServeError::ReadBin { .. }), "error {error:?}");
}

/// Checks that a good request still succeeds.
async fn assert_server_answers(server: &RunningServer) {
    let (status, _, _) = send(&get(server, &[("Name", "after")])).await;
    assert_eq!(status, 200);
}
