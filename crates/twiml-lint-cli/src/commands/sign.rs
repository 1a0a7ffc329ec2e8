//! The `sign` subcommand: computes the `X-Twilio-Signature` of a request, checks a signature
//! against one, or builds the signed request a bin hosted by Twilio accepts.
//!
//! Every run prints the string to sign, labeled line by line, so that a user whose bin returns
//! "Not Authorized" can see exactly what the signature covers. The auth token is never
//! printed.

use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use miette::miette;
use twiml_signature::{
    BinRequest, Candidate, Method, Params, Rejection, RequestUrl, SIGNATURE_HEADER,
    body_sha256_hex, sign, sign_json, string_to_sign, validate, validate_json,
};

use crate::credentials::{self, Credential};

/// Exit status of `--verify` when the signature matches no spelling of the request.
const EXIT_NO_MATCH: u8 = 1;

/// Width of the labels in the output, colon included.
const LABEL_WIDTH: usize = 16;

const UNAUTHORIZED_HELP: &str = "the signature covers the exact URL Twilio requested and every \
    form parameter: check the scheme, the host's case, the port, a trailing slash, the order \
    and percent-encoding of the query, parameters added or trimmed by a framework, and that \
    the token is the primary auth token of the account that sent the request";

/// Arguments of the `sign` subcommand.
///
/// The auth token is read from `--token-file FILE` or the `TWILIO_AUTH_TOKEN` environment
/// variable, never from an argument.
#[derive(Debug, clap::Args)]
#[command(after_help = "The auth token is read from --token-file FILE, else from the \
    TWILIO_AUTH_TOKEN environment variable, never from an argument, and is never printed.\n\n\
    Exit status: 0 when signed or when --verify matches, 1 when --verify matches no spelling \
    of the URL, 2 on invalid input.")]
pub(crate) struct SignArgs {
    /// The URL Twilio requests, exactly as sent: scheme, host, port, path and query.
    #[arg(value_name = "URL")]
    url: String,

    /// A form parameter of the request, as its decoded value (repeat for more parameters).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,

    /// A file holding the raw request body: form-urlencoded (`a=1&b=2`), or JSON with --json.
    #[arg(long, value_name = "FILE")]
    body: Option<PathBuf>,

    /// Treat the body as JSON: the URL must carry its SHA-256 in `bodySHA256`, and the
    /// signature covers the URL alone.
    #[arg(long, requires = "body", conflicts_with = "params")]
    json: bool,

    /// Read the auth token from FILE instead of `TWILIO_AUTH_TOKEN`; one trailing newline is
    /// removed.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,

    /// Check SIGNATURE, the X-Twilio-Signature value received, instead of computing one.
    /// Exits 0 on a match and 1 when no spelling of the URL matches.
    #[arg(long, value_name = "SIGNATURE")]
    verify: Option<String>,

    /// Build the request a bin hosted by Twilio accepts: `AccountSid` from `TWILIO_ACCOUNT_SID`
    /// and each --param go into the signed query string, or into a form body with --post.
    #[arg(long, conflicts_with_all = ["verify", "body"])]
    bin: bool,

    /// With --bin, send the parameters in a POST form body instead of the query string.
    #[arg(long, requires = "bin")]
    post: bool,
}

/// The payload of the request to sign or verify.
enum Payload {
    /// Form parameters, from `--param` and a form body; empty for a GET request.
    Form(Params),
    /// A JSON body and the file it was read from.
    Json { body: Vec<u8>, path: PathBuf },
}

pub(crate) fn run(args: &SignArgs) -> miette::Result<ExitCode> {
    let url = parse_url(&args.url)?;
    let pairs =
        args.params.iter().map(|raw| parse_param(raw)).collect::<miette::Result<Vec<_>>>()?;

    if args.bin {
        let credential = credentials::auth_token(args.token_file.as_deref())?;
        warn_about_token_shape(&credential);
        return run_bin(args, url, pairs, &credential);
    }

    let payload = read_payload(args, pairs)?;
    let credential = credentials::auth_token(args.token_file.as_deref())?;
    warn_about_token_shape(&credential);

    let mut output = Output::default();
    output.line("url", url.as_str());
    describe_payload(&mut output, &url, &payload);
    output.line("auth token", format!("from {}", credential.source));

    // The lines gathered so far are printed even when signing fails, because they show the
    // body hash a JSON request's URL needs.
    let outcome = match &args.verify {
        None => {
            print_signature(&mut output, &url, &payload, &credential).map(|()| ExitCode::SUCCESS)
        }
        Some(signature) => verify(&mut output, &url, &payload, &credential, signature),
    };
    output.print()?;
    outcome
}

fn parse_url(text: &str) -> miette::Result<RequestUrl> {
    RequestUrl::parse(text).map_err(|err| {
        miette!(
            help = "give the full URL Twilio requests, with scheme and host, such as \
                    https://example.com/voice?Digits=1, quoted so that the shell keeps `?` and `&`",
            "{err}"
        )
    })
}

fn parse_param(raw: &str) -> miette::Result<(String, String)> {
    let Some((name, value)) = raw.split_once('=') else {
        return Err(miette!(
            help = "write each parameter as NAME=VALUE, such as --param Digits=1234; an empty \
                    value is written NAME=",
            "invalid --param {raw:?}: no `=` between name and value"
        ));
    };
    if name.is_empty() {
        return Err(miette!(
            help = "write each parameter as NAME=VALUE, such as --param Digits=1234",
            "invalid --param {raw:?}: the name is empty"
        ));
    }
    Ok((name.to_owned(), value.to_owned()))
}

fn read_payload(args: &SignArgs, pairs: Vec<(String, String)>) -> miette::Result<Payload> {
    let Some(path) = &args.body else {
        return Ok(Payload::Form(pairs.into_iter().collect()));
    };
    let body = std::fs::read(path).map_err(|err| {
        miette!(
            help = "check the path given to --body",
            "cannot read body file {}: {err}",
            path.display()
        )
    })?;
    if body.ends_with(b"\n") {
        warn(&format!(
            "body file {} ends with a newline, which is signed as part of the body; remove it \
             unless the request carried it",
            path.display()
        ));
    }
    if args.json {
        return Ok(Payload::Json { body, path: path.clone() });
    }

    let mut params = Params::from_form_body(&body).map_err(|err| {
        miette!(
            help = "a form body is `name=value` pairs joined by `&`, percent-encoded as UTF-8; \
                    pass --json for a JSON body",
            "invalid form body in {}: {err}",
            path.display()
        )
    })?;
    params.extend(pairs);
    Ok(Payload::Form(params))
}

fn describe_payload(output: &mut Output, url: &RequestUrl, payload: &Payload) {
    match payload {
        Payload::Form(params) if params.is_empty() => {
            output.line("params", "none, so the string to sign is the URL alone");
        }
        Payload::Form(params) => {
            for (name, value) in params.iter() {
                output.line("param", format!("{name} = {value:?}"));
            }
        }
        Payload::Json { body, path } => {
            let size = crate::output::plural(body.len(), "byte");
            output.line("body", format!("{}, {size} of JSON", path.display()));
            let hash = body_sha256_hex(body);
            let verdict = match url.body_sha256() {
                Some(in_url) if in_url == hash => "matches bodySHA256 in the URL",
                Some(_) => "differs from bodySHA256 in the URL",
                None => "missing from the URL as bodySHA256",
            };
            output.line("body sha-256", format!("{hash} ({verdict})"));
            if url.body_sha256().is_none() {
                let with_hash = url.with_query_param(twiml_signature::BODY_SHA256_PARAM, &hash);
                output.line("url with hash", with_hash);
            }
        }
    }
}

fn print_signature(
    output: &mut Output,
    url: &RequestUrl,
    payload: &Payload,
    credential: &Credential,
) -> miette::Result<()> {
    let signature = match payload {
        Payload::Form(params) => {
            output.line("string to sign", escape_controls(&string_to_sign(url, params)));
            sign(&credential.token, url, params)
        }
        Payload::Json { body, .. } => {
            let signature = sign_json(&credential.token, url, body)
                .map_err(|err| body_hash_report(url, err))?;
            output.line("string to sign", escape_controls(url.as_str()));
            signature
        }
    };
    output.line("signature", signature.as_str());
    Ok(())
}

fn verify(
    output: &mut Output,
    url: &RequestUrl,
    payload: &Payload,
    credential: &Credential,
    signature: &str,
) -> miette::Result<ExitCode> {
    let no_params = Params::new();
    let (result, params) = match payload {
        Payload::Form(params) => {
            output.line("string to sign", escape_controls(&string_to_sign(url, params)));
            (validate(&credential.token, url, params, signature), params)
        }
        Payload::Json { body, .. } => {
            output.line("string to sign", escape_controls(url.as_str()));
            (validate_json(&credential.token, url, body, signature), &no_params)
        }
    };

    let rejection = match result {
        Ok(candidate) => {
            output.line("result", "match");
            output.line("matched url", &candidate);
            return Ok(ExitCode::SUCCESS);
        }
        Err(rejection) => rejection,
    };

    match rejection {
        Rejection::NoMatch { tried } => {
            output.line("result", "no match");
            for (index, candidate) in tried.iter().enumerate() {
                let label = if index == 0 { "tried" } else { "" };
                let expected = expected_signature(credential, candidate, params);
                output.line(label, format!("{candidate}: {expected}"));
            }
            output.line("help", UNAUTHORIZED_HELP);
        }
        Rejection::BodyHashMismatch { in_url, computed, matched } => {
            output.line("result", "no match");
            output.line("signed spelling", &matched);
            output.line(
                "reason",
                format!("bodySHA256 in the URL is {in_url} but the body hashes to {computed}"),
            );
            output.line(
                "help",
                "the body file must hold the exact bytes Twilio sent: re-serialized JSON or an \
                 added newline changes the hash",
            );
        }
        Rejection::MissingBodyHash { .. } => {
            return Err(missing_body_hash_report(url));
        }
        other => {
            return Err(miette!(
                help =
                    "pass the X-Twilio-Signature header value as received, 28 characters of base64",
                "invalid --verify value: {other}"
            ));
        }
    }
    Ok(ExitCode::from(EXIT_NO_MATCH))
}

/// Computes the signature of one spelling of the URL, to compare with the value received.
fn expected_signature(credential: &Credential, candidate: &Candidate, params: &Params) -> String {
    match RequestUrl::parse(candidate.url()) {
        Ok(spelling) => sign(&credential.token, &spelling, params).to_string(),
        // Every spelling is made from a valid URL by editing its port or userinfo.
        Err(err) => format!("not computed: {err}"),
    }
}

fn run_bin(
    args: &SignArgs,
    url: RequestUrl,
    pairs: Vec<(String, String)>,
    credential: &Credential,
) -> miette::Result<ExitCode> {
    let account_sid = credentials::account_sid()?;
    let method = if args.post { Method::Post } else { Method::Get };
    let request = pairs
        .into_iter()
        .fold(BinRequest::new(method, url, account_sid.clone()), |request, (name, value)| {
            request.param(name, value)
        });
    let signed = request.sign(&credential.token).map_err(|err| {
        miette!(help = "leave AccountSid out: --bin adds it from TWILIO_ACCOUNT_SID", "{err}")
    })?;

    let mut output = Output::default();
    output.line("method", signed.method().as_str());
    output.line("url", signed.url());
    if let (Some(body), Some(content_type)) = (signed.body(), signed.content_type()) {
        output.line("content type", content_type);
        output.line("body", body);
    }
    output.line("account sid", format!("{account_sid}, from {}", credentials::ACCOUNT_SID_VAR));
    output.line("auth token", format!("from {}", credential.source));

    let signed_url = parse_url(signed.url())?;
    let params = match signed.body() {
        Some(body) => Params::from_form_body(body.as_bytes()).map_err(|err| miette!("{err}"))?,
        None => Params::new(),
    };
    output.line("string to sign", escape_controls(&string_to_sign(&signed_url, &params)));
    output.line("header", format!("{SIGNATURE_HEADER}: {}", signed.header_value()));
    output.print()?;
    Ok(ExitCode::SUCCESS)
}

fn body_hash_report(url: &RequestUrl, err: twiml_signature::Error) -> miette::Report {
    match err {
        twiml_signature::Error::MissingBodyHash { .. } => missing_body_hash_report(url),
        twiml_signature::Error::BodyHashMismatch { in_url, computed } => miette!(
            help = "the body file must hold the exact bytes Twilio sent, and the URL the \
                    bodySHA256 Twilio added: re-serialized JSON or an added newline changes \
                    the hash",
            "bodySHA256 in the URL is {in_url} but the body hashes to {computed}"
        ),
        other => miette!("{other}"),
    }
}

fn missing_body_hash_report(url: &RequestUrl) -> miette::Report {
    miette!(
        help = "Twilio adds the body's SHA-256 as bodySHA256 to the URL of a request with a JSON \
                body; the line `url with hash` in the output shows the URL with it added",
        "URL {} has no bodySHA256 query parameter, which a request with a JSON body carries",
        url.as_str()
    )
}

fn warn_about_token_shape(credential: &Credential) {
    if !credential.token.has_twilio_shape() {
        warn(&format!(
            "the auth token from {} is not 32 hexadecimal characters, the shape of a Twilio \
             auth token",
            credential.source
        ));
    }
}

fn warn(message: &str) {
    crate::stderr_line(&format!("warning: {message}"));
}

/// Shows control characters as `\u{..}` escapes so that they cannot break the line layout.
fn escape_controls(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Labeled lines, printed to standard output in one write.
#[derive(Default)]
struct Output {
    text: String,
}

impl Output {
    fn line(&mut self, label: &str, value: impl fmt::Display) {
        let label = if label.is_empty() { String::new() } else { format!("{label}:") };
        writeln!(self.text, "{label:<LABEL_WIDTH$} {value}")
            .expect("writing to a String cannot fail");
    }

    fn print(&self) -> miette::Result<()> {
        std::io::stdout()
            .lock()
            .write_all(self.text.as_bytes())
            .map_err(|err| miette!("cannot write to standard output: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_split_at_first_equals() {
        assert_eq!(parse_param("Body=a=b").ok(), Some(("Body".to_owned(), "a=b".to_owned())));
        assert_eq!(parse_param("Digits=").ok(), Some(("Digits".to_owned(), String::new())));
    }

    #[test]
    fn param_without_equals_rejected() {
        let report = parse_param("Digits").expect_err("no =");
        assert_eq!(report.to_string(), "invalid --param \"Digits\": no `=` between name and value");
    }

    #[test]
    fn param_with_empty_name_rejected() {
        let report = parse_param("=1").expect_err("empty name");
        assert_eq!(report.to_string(), "invalid --param \"=1\": the name is empty");
    }

    #[test]
    fn controls_escaped() {
        assert_eq!(escape_controls("a\nb\tc d"), "a\\u{a}b\\u{9}c d");
    }

    #[test]
    fn labels_aligned() {
        let mut output = Output::default();
        output.line("url", "https://example.com/");
        output.line("", "next");
        assert_eq!(output.text, "url:             https://example.com/\n                 next\n");
    }
}
