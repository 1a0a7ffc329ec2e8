//! The `explain` subcommand: print a rule's documentation page.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use miette::{IntoDiagnostic, WrapErr, miette};
use twiml_lint::rules;

/// Arguments of the `explain` subcommand.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct ExplainArgs {
    /// The rule name, such as `unknown-attribute`.
    #[arg(value_name = "RULE")]
    pub(crate) rule: String,
}

pub(crate) fn run(args: &ExplainArgs) -> miette::Result<ExitCode> {
    let Some(rule) = rules::find(&args.rule) else {
        let help = match rules::suggest(&args.rule) {
            Some(name) => format!("did you mean `{name}`? `twiml-lint rules` lists every rule"),
            None => "`twiml-lint rules` lists every rule".to_owned(),
        };
        return Err(miette!(help = help, "unknown rule `{}`", args.rule));
    };
    let mut page = rule.doc().to_owned();
    let _ = writeln!(
        page,
        "\nGroup: {}. Default severity: {}.{}",
        rule.group.as_str(),
        rule.default_severity,
        rule.twilio_code.map(|code| format!(" Twilio code: {code}.")).unwrap_or_default()
    );
    std::io::stdout()
        .lock()
        .write_all(page.as_bytes())
        .into_diagnostic()
        .wrap_err("cannot write the output")?;
    Ok(ExitCode::SUCCESS)
}
