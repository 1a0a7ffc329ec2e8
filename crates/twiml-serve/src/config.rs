//! The server's configuration: the bins, the account whose requests it accepts, the address
//! it listens on, and the limits that keep a slow or hostile client from holding it.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use twiml_signature::{AccountSid, AuthToken};

/// One bin: the id it is served under, at `/twiml/<id>`, and where its template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    /// The id in the URL path, such as `EH0123…` or `forward-call`.
    pub id: String,
    /// The template text, or the file holding it.
    pub source: BinSource,
}

impl Bin {
    /// A bin whose template is read from `path` on every request, so edits show without a
    /// restart.
    pub fn from_file(id: impl Into<String>, path: impl Into<PathBuf>) -> Bin {
        Bin { id: id.into(), source: BinSource::File(path.into()) }
    }

    /// A bin with a fixed template.
    pub fn from_content(id: impl Into<String>, content: impl Into<String>) -> Bin {
        Bin { id: id.into(), source: BinSource::Content(content.into()) }
    }
}

/// Where a bin's template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BinSource {
    /// A file, read again on every request.
    File(PathBuf),
    /// Text held in memory.
    Content(String),
}

/// Reads a bin file as UTF-8 text. Content that is not UTF-8 is an [`io::ErrorKind::InvalidData`]
/// error naming the offset of the first invalid byte.
pub(crate) fn read_bin_file(path: &Path) -> io::Result<String> {
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let message = format!("not valid UTF-8 at byte {offset}; save the file as UTF-8");
        io::Error::new(io::ErrorKind::InvalidData, message)
    })
}

/// Bounds on what one client can make the server wait for or hold in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's headers, and how long an idle
    /// keep-alive connection stays open. The connection is closed when it runs out.
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request body. The server responds with 408 when
    /// it runs out.
    pub body_read_timeout: Duration,
    /// The maximum request body accepted, in bytes. A larger one gets a 413 response.
    pub max_body_bytes: usize,
    /// How many connections are served at once. Further clients wait in the listen backlog.
    pub max_connections: usize,
    /// How long a connection may stay open in total before the server closes it after its
    /// current request.
    pub max_connection_lifetime: Duration,
    /// How long shutdown waits for requests in flight before it closes their connections.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    /// Ten seconds to send headers or a body, which Twilio's own 15-second fetch timeout
    /// would outlast anyway; 80 KiB of body, because webhook bodies are a few kilobytes and
    /// 64 kB is Twilio's largest TwiML document; 1024 connections.
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_body_bytes: 80 * 1024,
            max_connections: 1024,
            max_connection_lifetime: Duration::from_secs(120),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Everything a [`Server`](crate::Server) needs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The bins to serve.
    pub bins: Vec<Bin>,
    /// The account whose `AccountSid` requests must carry.
    pub account_sid: AccountSid,
    /// The auth token that signatures are checked with.
    pub auth_token: AuthToken,
    /// The address to listen on. Port 0 picks a free port.
    pub listen: SocketAddr,
    /// Whether `listen` may be an address other than loopback.
    pub allow_remote: bool,
    /// Timeouts and size limits.
    pub limits: Limits,
}

impl ServerConfig {
    /// A configuration with no bins, listening on `127.0.0.1` on a free port, with the
    /// default limits.
    pub fn new(account_sid: AccountSid, auth_token: AuthToken) -> ServerConfig {
        ServerConfig {
            bins: Vec::new(),
            account_sid,
            auth_token,
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            allow_remote: false,
            limits: Limits::default(),
        }
    }

    /// Adds a bin.
    #[must_use]
    pub fn bin(mut self, bin: Bin) -> ServerConfig {
        self.bins.push(bin);
        self
    }

    /// Sets the address to listen on.
    #[must_use]
    pub fn listen(mut self, listen: SocketAddr) -> ServerConfig {
        self.listen = listen;
        self
    }
}
