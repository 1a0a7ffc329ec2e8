//! A small HTTP/1.1 server on 127.0.0.1 that answers each path with a chosen fault, for the
//! link-check tests and the link benchmark.
//!
//! It binds only 127.0.0.1, on a port the system picks, and counts the requests to each path
//! along with whether they carried `X-Twilio-Signature` or `AccountSid`. Every wait it makes is
//! bounded, and it stops when dropped.
//!
//! | path | answer |
//! | --- | --- |
//! | `/ok/…` | 200 `text/xml` with a `<Say>` |
//! | `/hangup/…` | 200 `text/xml` `<Hangup/>`, after `?delay=MS` milliseconds if given |
//! | `/slow?ms=MS` | 200 `text/xml`, after MS milliseconds |
//! | `/silent` | reads the request and never answers (for at most 30 s) |
//! | `/reset` | reads the request and closes the connection without an answer |
//! | `/flaky/…` | 500 on the first request, 200 `text/xml` after |
//! | `/busy` | 429 with `Retry-After: 1` |
//! | `/loop/N` | 302 to `/loop/N+1`, forever |
//! | `/to-private` | 302 to `http://10.255.255.1/`, which must never be contacted |
//! | `/to?port=P` | 302 to the same path on 127.0.0.1:P, `/landing` |
//! | `/big` | 200 `text/xml` of 70,000 bytes |
//! | `/json` | 200 `application/json` |
//! | `/not-xml` | 200 `text/xml` that does not parse |
//! | `/audio` | 200 `audio/mpeg` |
//! | anything else | 404 |

#![allow(dead_code, reason = "each test binary uses a different part of the server")]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// The maximum time the server keeps a connection open without answering.
const MAX_SILENCE: Duration = Duration::from_secs(30);

/// The largest request head the server reads.
const MAX_HEAD: usize = 64 * 1024;

/// What the server saw of the requests to one path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Requests made.
    pub(crate) hits: usize,
    /// Requests that carried `X-Twilio-Signature`.
    pub(crate) signed: usize,
    /// Requests that carried `AccountSid` in the query or body.
    pub(crate) with_account_sid: usize,
}

type Log = Arc<Mutex<HashMap<String, Seen>>>;

/// A running server; dropping it stops it.
#[derive(Debug)]
pub(crate) struct FaultServer {
    addr: SocketAddr,
    log: Log,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FaultServer {
    /// Starts a server on 127.0.0.1 at a free port.
    pub(crate) fn start() -> FaultServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let log: Log = Arc::default();
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let thread_log = log.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                tokio::select! {
                    () = accept_loop(listener, thread_log) => {}
                    _ = stopped => {}
                }
            });
            runtime.shutdown_timeout(Duration::from_secs(1));
        });
        FaultServer { addr, log, stop: Some(stop), thread: Some(thread) }
    }

    /// The port.
    pub(crate) fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The URL of `path` on this server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// What the server saw of the requests to `path` (without its query).
    pub(crate) fn seen(&self, path: &str) -> Seen {
        self.log.lock().expect("log").get(path).copied().unwrap_or_default()
    }

    /// Requests to every path.
    pub(crate) fn total_hits(&self) -> usize {
        self.log.lock().expect("log").values().map(|seen| seen.hits).sum()
    }

    /// Blocks until stopped from outside, for the benchmark's server process.
    pub(crate) fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn accept_loop(listener: TcpListener, log: Log) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let _ = stream.set_nodelay(true);
        let log = log.clone();
        tokio::spawn(async move {
            let _ = tokio::time::timeout(MAX_SILENCE * 2, serve_connection(stream, log)).await;
        });
    }
}

/// A request as the server needs it.
struct Request {
    path: String,
    query: String,
    close: bool,
}

async fn serve_connection(mut stream: TcpStream, log: Log) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer, &log).await else { return };
        let keep_open = !request.close;
        if !answer(&mut stream, &request, &log).await || !keep_open {
            return;
        }
    }
}

/// Reads one request head and body from `stream`, logging it; `None` when the peer closed.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>, log: &Log) -> Option<Request> {
    let head_end = loop {
        if let Some(at) = find(buffer, b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let read = tokio::time::timeout(MAX_SILENCE, stream.read(&mut chunk)).await.ok()?.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let target = lines.next()?.split(' ').nth(1)?.to_owned();
    let mut content_length = 0;
    let mut signed = false;
    let mut close = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "content-length" => content_length = value.trim().parse().unwrap_or(0),
            "x-twilio-signature" => signed = true,
            "connection" => close = value.trim().eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    let body_start = head_end + 4;
    while buffer.len() < body_start + content_length {
        let mut chunk = [0u8; 4096];
        let read = tokio::time::timeout(MAX_SILENCE, stream.read(&mut chunk)).await.ok()?.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body =
        String::from_utf8_lossy(&buffer[body_start..body_start + content_length]).into_owned();
    buffer.drain(..body_start + content_length);

    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (target.clone(), String::new()),
    };
    let with_account_sid = query.contains("AccountSid=") || body.contains("AccountSid=");
    {
        let mut log = log.lock().expect("log");
        let seen = log.entry(path.clone()).or_default();
        seen.hits += 1;
        seen.signed += usize::from(signed);
        seen.with_account_sid += usize::from(with_account_sid);
    }
    Some(Request { path, query, close })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn query_number(query: &str, name: &str) -> Option<u64> {
    query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
}

const TWIML: &str = "<Response><Say>ok</Say></Response>";

/// Writes the answer for `request`; `false` when the connection must close.
async fn answer(stream: &mut TcpStream, request: &Request, log: &Log) -> bool {
    let path = request.path.as_str();
    if let Some(delay) =
        query_number(&request.query, "delay").or_else(|| query_number(&request.query, "ms"))
    {
        tokio::time::sleep(Duration::from_millis(delay).min(MAX_SILENCE)).await;
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["ok", ..] | ["slow" | "landing"] => {
            respond(stream, 200, "text/xml", &[], TWIML.as_bytes()).await
        }
        ["hangup", ..] | ["docs", "after"] => {
            respond(stream, 200, "text/xml", &[], b"<Response><Hangup/></Response>").await
        }
        ["deprecated"] => {
            respond(stream, 200, "text/xml", &[], b"<Response><Sms>hi</Sms></Response>").await
        }
        ["silent"] => {
            tokio::time::sleep(MAX_SILENCE).await;
            false
        }
        ["reset"] => false,
        ["flaky", ..] => {
            let hits = log.lock().expect("log").get(path).map_or(0, |seen| seen.hits);
            if hits <= 1 {
                respond(stream, 500, "text/plain", &[], b"try again").await
            } else {
                respond(stream, 200, "text/xml", &[], TWIML.as_bytes()).await
            }
        }
        ["busy"] => respond(stream, 429, "text/plain", &[("Retry-After", "1")], b"slow down").await,
        ["loop", number] => {
            let next = number.parse::<u64>().unwrap_or(0) + 1;
            let location = format!("/loop/{next}");
            respond(stream, 302, "text/plain", &[("Location", &location)], b"").await
        }
        ["gone"] => respond(stream, 302, "text/plain", &[("Location", "/missing")], b"").await,
        ["moved"] => respond(stream, 302, "text/plain", &[("Location", "/docs/start")], b"").await,
        ["docs", "start"] => {
            let body = b"<Response><Redirect>after</Redirect></Response>";
            respond(stream, 200, "text/xml", &[], body).await
        }
        ["to-private"] => {
            respond(stream, 302, "text/plain", &[("Location", "http://10.255.255.1/")], b"").await
        }
        ["to"] => {
            let port = query_number(&request.query, "port").unwrap_or(0);
            let location = format!("http://127.0.0.1:{port}/landing");
            respond(stream, 302, "text/plain", &[("Location", &location)], b"").await
        }
        ["big"] => {
            let words = "hello ".repeat(70_000 / 6);
            let body = format!("<Response><Say>{words}</Say></Response>");
            respond(stream, 200, "text/xml", &[], body.as_bytes()).await
        }
        ["json"] => respond(stream, 200, "application/json", &[], b"{\"say\": \"hello\"}").await,
        ["not-xml"] => {
            respond(stream, 200, "text/xml", &[], b"<Response><Say>unclosed</Response>").await
        }
        ["audio"] => respond(stream, 200, "audio/mpeg", &[], &[0xff, 0xfb, 0x90, 0x00]).await,
        _ => respond(stream, 404, "text/plain", &[], b"not found").await,
    }
}

async fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> bool {
    let reason = match status {
        200 => "OK",
        302 => "Found",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    head.push_str("\r\n");
    // One write per answer, so that Nagle's algorithm never holds back a second segment.
    let mut message = head.into_bytes();
    message.extend_from_slice(body);
    stream.write_all(&message).await.is_ok()
}
