//! Runs the link tests' fault server on 127.0.0.1 as a process of its own, for the link
//! benchmark in docs/benchmarks.md: prints its base URL, then serves until the given number of
//! seconds has passed (300 by default).
//!
//! ```text
//! cargo run --release -p twiml-lint-cli --example fault_server -- 120
//! ```

#[path = "../tests/support/fault_server.rs"]
mod fault_server;

use std::io::Write as _;
use std::time::Duration;

fn main() {
    let seconds =
        std::env::args().nth(1).and_then(|value| value.parse::<u64>().ok()).unwrap_or(300);
    let server = fault_server::FaultServer::start();
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", server.url(""));
    let _ = stdout.flush();
    std::thread::sleep(Duration::from_secs(seconds));
    drop(server);
}
