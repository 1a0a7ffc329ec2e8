//! # restricted-document-verb
//!
//! ## What it flags
//!
//! A verb in a document that Twilio runs in a restricted context, where only some verbs are
//! allowed: the whisper `url` of `<Number>`, `<Client>` and `<Sip>` (`<Play>`, `<Say>`,
//! `<Gather>`, `<Hangup>`), the `url` of `<Queue>` (`<Play>`, `<Say>`, `<Pause>`,
//! `<Redirect>`), the `waitUrl` of `<Conference>` (`<Say>`, `<Play>`, `<Pause>`, `<Redirect>`)
//! and of `<Enqueue>`. The link checker runs this rule on each document it reaches through
//! such a URL, local or fetched; a plain lint of a file on its own never does, because the
//! file does not say where it is used.
//!
//! ## Why Twilio cares
//!
//! Twilio refuses the other verbs there: a `<Dial>` in a whisper fails with 13201 ("cannot
//! Dial out from a Dial call segment"), and a verb outside the set in a conference wait
//! document with 13238.
//!
//! ## Example
//!
//! A document used as `<Number url="whisper.xml">`:
//!
//! ```xml
//! <Response>
//!   <Say>Call for sales.</Say>
//!   <Dial>+15005550006</Dial>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! Keep the whisper to what the callee hears before being connected:
//!
//! ```xml
//! <Response>
//!   <Say>Call for sales.</Say>
//! </Response>
//! ```

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule};

pub(crate) static RULE: Rule = Rule {
    name: "restricted-document-verb",
    group: Group::Links,
    default_severity: Severity::Error,
    twilio_code: None,
    summary: "a verb Twilio does not run in a whisper, queue or wait document",
    check: Some(check),
};

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let Some((allowed, code)) = context.restricted_verbs else { return };
    for verb in context.verbs() {
        if allowed.contains(&verb.name())
            || crate::schema_index::element_in(verb.name(), "Response").is_none()
        {
            continue;
        }
        let list: Vec<String> = allowed.iter().map(|name| format!("`<{name}>`")).collect();
        let finding = emitter.emit(
            verb.name_span(),
            format!(
                "`<{}>` is not allowed in this document, where Twilio runs only {}",
                verb.name(),
                list.join(", ")
            ),
        );
        finding.help("remove it, or move it to the document the call continues with");
        let code = code.or((verb.name() == "Dial").then_some(13201));
        if let Some(code) = code {
            finding.code(code);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::FrameSource;
    use crate::config::LintConfig;
    use crate::engine::{Usage, check_source};

    /// The verbs of a whisper `url`, as the schema lists them for `<Number>`.
    const WHISPER: &[&str] = &["Play", "Say", "Gather", "Hangup"];
    /// The verbs of a conference `waitUrl`, with the code Twilio raises for others.
    const WAIT: &[&str] = &["Say", "Play", "Pause", "Redirect"];

    /// The usage a fixture is checked with, from the word after an optional `ok-` prefix.
    fn usage_for(file_name: &str) -> Usage {
        let stem = file_name.strip_prefix("ok-").unwrap_or(file_name);
        let restricted_verbs = if stem.starts_with("wait") {
            Some((WAIT, Some(13238)))
        } else {
            Some((WHISPER, None))
        };
        Usage { restricted_verbs }
    }

    #[test]
    fn fixtures() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/rules")
            .join(super::RULE.name);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot read fixtures in {}: {error}", dir.display()))
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "xml"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "no fixtures in {}", dir.display());

        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_width(100)
                .with_links(false);
        for path in paths {
            let file_name =
                path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let findings = check_source(
                &source,
                source.len(),
                Vec::new(),
                &LintConfig::default(),
                usage_for(&file_name),
            );
            let mine: Vec<_> =
                findings.iter().filter(|finding| finding.rule == super::RULE.name).collect();
            assert_eq!(mine.is_empty(), file_name.starts_with("ok"), "fixture `{file_name}`");

            let mut output = String::new();
            if mine.is_empty() {
                output.push_str("no findings\n");
            }
            let lines = twiml::LineIndex::new(&source);
            let frame_source = FrameSource::new(&file_name, &source, &lines);
            for finding in mine {
                let _ = handler.render_report(&mut output, &finding.to_diagnostic(&frame_source));
                output.push('\n');
            }
            let stem = file_name.trim_end_matches(".xml");
            insta::with_settings!({
                snapshot_path => "snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(format!("{}__{stem}", super::RULE.name), output);
            });
        }
    }

    #[test]
    fn unrestricted_documents_are_not_checked() {
        let source = "<Response><Dial>+15005550006</Dial></Response>";
        let findings = check_source(
            source,
            source.len(),
            Vec::new(),
            &LintConfig::default(),
            Usage::default(),
        );
        assert!(findings.iter().all(|finding| finding.rule != super::RULE.name));
    }
}
