//! The `rules` subcommand: list every rule with its group, default severity and Twilio code, or
//! print the generated rule reference.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use miette::{IntoDiagnostic, WrapErr};
use twiml_lint::rules;

/// Arguments of the `rules` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct RulesArgs {
    /// Print the full rule reference in Markdown, as in docs/rules.md.
    #[arg(long)]
    pub(crate) markdown: bool,
}

pub(crate) fn run(args: &RulesArgs) -> miette::Result<ExitCode> {
    let text = if args.markdown { rules::reference_markdown() } else { listing() };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .into_diagnostic()
        .wrap_err("cannot write the output")?;
    Ok(ExitCode::SUCCESS)
}

fn listing() -> String {
    let mut sorted: Vec<_> = rules::ALL.to_vec();
    sorted.sort_by_key(|rule| (rule.group, rule.name));
    let width = sorted.iter().map(|rule| rule.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    let mut group = None;
    for rule in sorted {
        if group != Some(rule.group) {
            if group.is_some() {
                out.push('\n');
            }
            out.push_str(rule.group.as_str());
            out.push_str(":\n");
            group = Some(rule.group);
        }
        let code = rule.twilio_code.map(|code| format!(" [{code}]")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:width$}  {:7}  {}{code}",
            rule.name,
            rule.default_severity.as_str(),
            rule.summary,
        );
    }
    out
}
