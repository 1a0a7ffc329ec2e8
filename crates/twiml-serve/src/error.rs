//! Errors that keep a server from starting. A request that fails gets an HTTP error response
//! and a log line instead.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The listen address is not a loopback address and remote access was not allowed.
    #[error(
        "listen address {address} is not a loopback address; use 127.0.0.1 or [::1], or allow \
         remote access explicitly"
    )]
    RemoteAddress {
        /// The address requested.
        address: SocketAddr,
    },

    /// Binding the listen address failed.
    #[error("failed to listen on {address}")]
    Bind {
        /// The address requested.
        address: SocketAddr,
        /// The error from the operating system.
        #[source]
        source: io::Error,
    },

    /// A bin id cannot appear as one URL path segment.
    #[error(
        "invalid bin id {id:?}: use letters, digits, `-`, `_` and `.` only, as in `EH0123…` or \
         `forward-call`"
    )]
    InvalidBinId {
        /// The id as given.
        id: String,
    },

    /// Two bins have the same id.
    #[error("bin id {id:?} is used by more than one bin; give each bin its own id")]
    DuplicateBinId {
        /// The id used twice.
        id: String,
    },

    /// A bin's file does not exist. A file that exists but cannot be read is served with 500
    /// instead, so that it does not keep the other bins from being served.
    #[error("failed to read bin {id:?} from {}", path.display())]
    ReadBin {
        /// The bin's id.
        id: String,
        /// The file.
        path: PathBuf,
        /// The error from the operating system.
        #[source]
        source: io::Error,
    },
}
