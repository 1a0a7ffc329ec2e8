//! Parses the TwiML files named on the command line and prints each problem the parser finds
//! as `path:line:column: kind: message`.

use std::process::ExitCode;

#[expect(clippy::print_stdout, clippy::print_stderr, reason = "an example program prints")]
fn main() -> ExitCode {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: cannot read the file: {error}");
                failed = true;
                continue;
            }
        };
        let (source, mut problems) = twiml::decode(&bytes);
        let document = twiml::parse(&source);
        problems.extend(document.problems.iter().cloned());
        problems.sort_by_key(|problem| problem.span.start);
        let lines = twiml::LineIndex::new(&source);
        for problem in &problems {
            let at = lines.line_column(&source, problem.span.start);
            println!("{path}:{}:{}: {:?}: {}", at.line, at.column, problem.kind, problem.message);
        }
        failed |= !problems.is_empty();
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
