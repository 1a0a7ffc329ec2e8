//! The `fetch` subcommand: requests one URL the way Twilio would, signed when its host is on
//! the signing list (TwiML Bins on handler.twilio.com by default), and prints the TwiML it
//! answers, then the findings about it.
//!
//! A bin answers "Not Authorized" to a request without a valid `X-Twilio-Signature`, so a
//! browser cannot show it. This command builds the request a bin accepts, with `AccountSid`
//! from `TWILIO_ACCOUNT_SID` and the signature made with the auth token from
//! `TWILIO_AUTH_TOKEN` or `--token-file`. When the server refuses it, the output says exactly
//! what the signature covered. The token and the signature are never printed.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic as _, WrapErr as _, miette};
use twiml::LineIndex;
use twiml::schema::HttpMethod;
use twiml_lint::Severity;
use twiml_lint::links::fetch::FetchResponse;
use twiml_lint::links::verdict::{Body, Verdict};

use crate::config::Config;
use crate::credentials;
use crate::links::{self, LinkArgs};
use crate::output::{FileReport, Format, Style};

/// Exit status when the fetch failed or the document has error-level findings.
const EXIT_FINDINGS: u8 = 1;

/// Arguments of the `fetch` subcommand.
#[derive(Debug, clap::Args)]
#[command(after_help = "The auth token is read from --token-file FILE, else from the \
    TWILIO_AUTH_TOKEN environment variable, never from an argument; the account SID from \
    TWILIO_ACCOUNT_SID. Only requests to hosts on the signing list are signed.")]
pub(crate) struct FetchArgs {
    /// The URL to fetch, such as `https://handler.twilio.com/twiml/EH…` (quote it, so that the
    /// shell keeps `?` and `&`).
    #[arg(value_name = "URL")]
    url: String,

    /// A parameter to send: in the query string of a GET, in the form body of a POST; bins use
    /// them to fill `{{Name}}` template fields. May be repeated.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,

    /// The HTTP method, as Twilio would send it.
    #[arg(long, value_enum, ignore_case = true, default_value = "get")]
    method: MethodArg,

    /// The config file to use instead of the `twiml-lint.toml` found in the current folder or
    /// its parents.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(flatten)]
    links: LinkArgs,
}

/// The methods Twilio requests TwiML with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MethodArg {
    /// GET: parameters in the signed query string.
    Get,
    /// POST: parameters in a signed form body.
    Post,
}

pub(crate) fn run(args: &FetchArgs) -> miette::Result<ExitCode> {
    let current_dir =
        std::env::current_dir().into_diagnostic().wrap_err("cannot read the current folder")?;
    let config = Config::load(args.config.as_deref(), &current_dir)?;
    let mut options = links::options(&args.links, &config, false)?;
    options.progress = None;
    options.params =
        args.params.iter().map(|raw| parse_param(raw)).collect::<miette::Result<_>>()?;
    let method = match args.method {
        MethodArg::Get => HttpMethod::Get,
        MethodArg::Post => HttpMethod::Post,
    };

    let on_signing_list = options.sign_hosts.matches_url_text(&args.url);
    if on_signing_list && options.credentials.is_none() {
        // Reading them again returns the error that explains how to supply them.
        let credential = credentials::auth_token(args.links.token_file.as_deref())?;
        let account_sid = credentials::account_sid()?;
        options.credentials =
            Some(twiml_lint::links::Credentials { account_sid, token: credential.token });
    }

    let fetched = twiml_lint::links::fetch_blocking(&args.url, method, &options)?;
    let signed = match (&options.credentials, fetched.signed) {
        (Some(credentials), true) => {
            format!(", signed for account {}", credentials.account_sid.as_str())
        }
        _ => ", unsigned".to_owned(),
    };
    log::info!("{} {}{signed}", method.as_str(), fetched.shown_url);

    let mut out = String::new();
    if let Some(response) = &fetched.response {
        out.push_str(&printed_body(response));
    }
    let style = Style { color: std::io::stdout().is_terminal(), width: 100 };

    let judgement = &fetched.judgement;
    let code = if judgement.verdict == Verdict::Ok && fetched.body == Some(Body::Media) {
        out.push_str("the answer is audio, which Twilio plays in place of TwiML; no findings\n");
        ExitCode::SUCCESS
    } else if judgement.verdict == Verdict::Ok {
        let body =
            fetched.response.as_ref().map(|response| response.body.as_slice()).unwrap_or_default();
        let checked = twiml_lint::check_bytes(body, &twiml_lint::LintConfig::default());
        let lines = LineIndex::new(&checked.source);
        let report = FileReport {
            name: &fetched.shown_url,
            source: &checked.source,
            findings: &checked.findings,
            lines: &lines,
        };
        out.push_str(&Format::Human.render_file(&report, style));
        if checked.findings.is_empty() {
            out.push_str("no findings\n");
        }
        let errors = checked.findings.iter().any(|finding| finding.severity == Severity::Error);
        if errors { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS }
    } else {
        let mut report = miette!("{} ({})", judgement.message, judgement.verdict.as_str());
        if let Some(help) = &judgement.help {
            report = miette!(help = help.clone(), "{}", report);
        }
        if let Some(code) = judgement.twilio_code {
            let _ = writeln!(out, "the call would fail with Twilio error {code}");
        }
        let _ = writeln!(out, "{report:?}");
        ExitCode::from(EXIT_FINDINGS)
    };

    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .into_diagnostic()
        .wrap_err("cannot write the output")?;
    Ok(code)
}

/// Writes the body as printed before the findings: text as it is, and a note in place of
/// binary content such as audio, which would garble the terminal.
fn printed_body(response: &FetchResponse) -> String {
    if response.body.is_empty() {
        return String::new();
    }
    let kind = response.content_type.as_deref().unwrap_or("no content type");
    let textual = response.content_type.as_deref().is_none_or(|kind| {
        kind.starts_with("text/") || kind.ends_with("xml") || kind.ends_with("json")
    });
    match std::str::from_utf8(&response.body) {
        Ok(text) if textual => {
            let mut shown = text.to_owned();
            if !shown.ends_with('\n') {
                shown.push('\n');
            }
            shown
        }
        _ => format!("({} bytes of {kind}, not shown)\n", response.body.len()),
    }
}

fn parse_param(raw: &str) -> miette::Result<(String, String)> {
    match raw.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(miette!(
            help = "write each parameter as NAME=VALUE, such as --param Name=Jane; an empty value \
                    is written NAME=",
            "invalid --param {raw:?}"
        )),
    }
}
