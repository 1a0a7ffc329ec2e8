//! The server: binds the listen address, accepts connections within the configured limits,
//! and shuts down cleanly.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};
use twiml::template::Template;

use crate::config::{Bin, BinSource, Limits, ServerConfig, read_bin_file};
use crate::error::ServeError;
use crate::handler::{AppState, BIN_PATH_PREFIX, router};

/// The maximum size of a request head (request line and headers), in bytes. Twilio's requests
/// carry a few hundred bytes of headers, and a larger head gets a 431 response.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// How long the accept loop pauses after a failed accept, such as when the process is out of
/// file descriptors, before it tries again.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(100);

/// A bound server, ready to run.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    local_addr: SocketAddr,
    bins: Vec<Bin>,
    state: Arc<AppState>,
}

impl Server {
    /// Checks the configuration, reads every bin once, and binds the listen address.
    ///
    /// Fails on a non-loopback address without [`ServerConfig::allow_remote`], an invalid or
    /// duplicate bin id, a bin file that does not exist, or an address that cannot be bound.
    /// A bin file that exists but cannot be read as UTF-8 text is served anyway, with an error
    /// in the log, and so is a bin whose template has a structure error, with a warning. Both
    /// respond with 500 until the file is fixed, and the other bins are served as usual.
    pub async fn bind(config: ServerConfig) -> Result<Server, ServeError> {
        let address = config.listen;
        if !config.allow_remote && !address.ip().is_loopback() {
            return Err(ServeError::RemoteAddress { address });
        }
        let bins = check_bins(&config.bins)?;

        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| ServeError::Bind { address, source })?;
        let local_addr =
            listener.local_addr().map_err(|source| ServeError::Bind { address, source })?;

        let state = AppState {
            bins,
            account_sid: config.account_sid,
            auth_token: config.auth_token,
            limits: config.limits,
        };
        Ok(Server { listener, local_addr, bins: config.bins, state: Arc::new(state) })
    }

    /// The address the server listens on, with the port the system picked for port 0.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The URL of the server's root, such as `http://127.0.0.1:8080`.
    pub fn base_url(&self) -> String {
        base_url(self.local_addr)
    }

    /// The URL of the bin `id`, such as `http://127.0.0.1:8080/twiml/EH0123…`.
    pub fn bin_url(&self, id: &str) -> String {
        format!("{}{BIN_PATH_PREFIX}{id}", self.base_url())
    }

    /// The bins served, in the order configured.
    pub fn bins(&self) -> &[Bin] {
        &self.bins
    }

    /// Serves until `shutdown` completes, then stops accepting, lets requests in flight finish
    /// within [`Limits::shutdown_grace`], and closes the remaining connections.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) {
        let limits = self.state.limits;
        let router = router(Arc::clone(&self.state));
        let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
        let (stop_sender, stop) = watch::channel(false);
        let mut connections = JoinSet::new();
        log::info!("serving {} at {}", counted(self.bins.len(), "bin"), self.base_url());

        tokio::pin!(shutdown);
        loop {
            let permit = tokio::select! {
                () = &mut shutdown => break,
                permit = Arc::clone(&permits).acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_closed) => break,
                },
            };
            let accepted = tokio::select! {
                () = &mut shutdown => break,
                accepted = self.listener.accept() => accepted,
            };
            match accepted {
                Ok((stream, peer)) => {
                    let connection = serve_connection(
                        stream,
                        peer,
                        router.clone(),
                        limits,
                        stop.clone(),
                        permit,
                    );
                    connections.spawn(connection);
                }
                Err(error) => {
                    log::warn!("accepting a connection failed, retrying: {error}");
                    tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                }
            }
            while let Some(finished) = connections.try_join_next() {
                report_task_failure(finished);
            }
        }

        drop(self.listener);
        while let Some(finished) = connections.try_join_next() {
            report_task_failure(finished);
        }
        log::info!("shutting down, {} open", counted(connections.len(), "connection"));
        let _ = stop_sender.send(true);
        let drain = async {
            while let Some(finished) = connections.join_next().await {
                report_task_failure(finished);
            }
        };
        // Each connection gives up on its own after the grace period; the margin covers the
        // time it takes to notice.
        let deadline = limits.shutdown_grace + Duration::from_secs(1);
        if tokio::time::timeout(deadline, drain).await.is_err() {
            connections.abort_all();
        }
        log::info!("stopped");
    }

    /// Runs the server on the current Tokio runtime in a task of its own.
    pub fn spawn(self) -> RunningServer {
        let local_addr = self.local_addr;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(self.run_until(async {
            // A dropped sender stops the server as well.
            let _ = stopped.await;
        }));
        RunningServer { local_addr, stop: Some(stop), task }
    }
}

/// A server running in a task of its own. Dropping it stops the server in the background, and
/// [`shutdown`](Self::shutdown) stops it and waits.
#[derive(Debug)]
pub struct RunningServer {
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The URL of the server's root, such as `http://127.0.0.1:8080`.
    pub fn base_url(&self) -> String {
        base_url(self.local_addr)
    }

    /// The URL of the bin `id`.
    pub fn bin_url(&self, id: &str) -> String {
        format!("{}{BIN_PATH_PREFIX}{id}", self.base_url())
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Err(error) = (&mut self.task).await {
            log::error!("the server task failed: {error}");
        }
    }
}

/// Writes a count and a noun that takes `s` in the plural: `1 bin`, `2 bins`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

fn base_url(address: SocketAddr) -> String {
    format!("http://{address}")
}

/// Checks ids, reads each bin once so that a missing file fails at start, and logs the bins
/// that will respond with 500: files that cannot be read as UTF-8 text, and templates that
/// will not render.
fn check_bins(bins: &[Bin]) -> Result<HashMap<String, BinSource>, ServeError> {
    let mut by_id = HashMap::with_capacity(bins.len());
    for bin in bins {
        let is_valid = !bin.id.is_empty()
            && bin
                .id
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'));
        if !is_valid {
            return Err(ServeError::InvalidBinId { id: bin.id.clone() });
        }
        if let Some(content) = read_at_start(bin)? {
            let template = Template::parse(&content);
            let problem = template.problems().iter().find(|problem| problem.kind.is_error());
            if let Some(problem) = problem {
                log::warn!("bin {:?} responds with 500 until fixed: {}", bin.id, problem.message);
            }
        }
        if by_id.insert(bin.id.clone(), bin.source.clone()).is_some() {
            return Err(ServeError::DuplicateBinId { id: bin.id.clone() });
        }
    }
    Ok(by_id)
}

/// Reads a bin's template once at start. A file that does not exist is an error. A file that
/// exists but cannot be read as UTF-8 text gives `None` and an error in the log, because the
/// file is read again on every request and the bin works once it is fixed.
fn read_at_start(bin: &Bin) -> Result<Option<Cow<'_, str>>, ServeError> {
    let path = match &bin.source {
        BinSource::Content(content) => return Ok(Some(Cow::Borrowed(content))),
        BinSource::File(path) => path,
    };
    match read_bin_file(path) {
        Ok(content) => Ok(Some(Cow::Owned(content))),
        Err(source) if source.kind() == io::ErrorKind::NotFound => {
            Err(ServeError::ReadBin { id: bin.id.clone(), path: path.clone(), source })
        }
        Err(error) => {
            let path = path.display();
            log::error!("bin {:?} from {path} responds with 500 until fixed: {error}", bin.id);
            Ok(None)
        }
    }
}

/// Serves one connection until it closes, the server stops, or it reaches its lifetime.
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    if let Err(error) = stream.set_nodelay(true) {
        log::debug!("setting TCP_NODELAY for {peer} failed: {error}");
    }
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(MAX_HEAD_BYTES);
    let connection =
        builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router));
    tokio::pin!(connection);
    let lifetime = tokio::time::sleep(limits.max_connection_lifetime);
    tokio::pin!(lifetime);

    let ended_early = tokio::select! {
        result = connection.as_mut() => Some(result),
        _ = stop.wait_for(|stopped| *stopped) => None,
        () = &mut lifetime => None,
    };
    let result = if let Some(result) = ended_early {
        result
    } else {
        connection.as_mut().graceful_shutdown();
        tokio::time::timeout(limits.shutdown_grace, connection.as_mut()).await.unwrap_or_else(
            |_elapsed| {
                log::debug!("closing the connection from {peer} after the shutdown grace period");
                Ok(())
            },
        )
    };
    if let Err(error) = result {
        log::debug!("connection from {peer} ended with an error: {error}");
    }
}

fn report_task_failure(finished: Result<(), tokio::task::JoinError>) {
    if let Err(error) = finished
        && error.is_panic()
    {
        log::error!("a connection task panicked: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_uses_singular_for_one() {
        assert_eq!(counted(0, "bin"), "0 bins");
        assert_eq!(counted(1, "bin"), "1 bin");
        assert_eq!(counted(2, "connection"), "2 connections");
    }
}
