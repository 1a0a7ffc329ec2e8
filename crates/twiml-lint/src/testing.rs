//! Test support for rules: run one rule over its fixtures and render what the user sees.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::FrameSource;
use crate::config::LintConfig;
use crate::engine::{Usage, check_source};
use crate::rule::Rule;

/// The folder of a rule's fixtures: `fixtures/rules/<rule-name>/` at the workspace root.
fn fixture_dir(rule: &Rule) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/rules").join(rule.name)
}

/// Lints `source` with every rule and renders the findings of `rule` without color at a fixed
/// width of 100 columns, as the human output shows them.
pub(crate) fn render(rule: &Rule, name: &str, bytes: &[u8]) -> String {
    let (decoded, problems) = twiml::decode(bytes);
    let findings =
        check_source(&decoded, bytes.len(), problems, &LintConfig::default(), Usage::default());
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
    let mut out = String::new();
    let mine: Vec<_> = findings.iter().filter(|finding| finding.rule == rule.name).collect();
    if mine.is_empty() {
        out.push_str("no findings\n");
    }
    let lines = twiml::LineIndex::new(&decoded);
    let source = FrameSource::new(name, &decoded, &lines);
    for finding in mine {
        let diagnostic = finding.to_diagnostic(&source);
        let _ = handler.render_report(&mut out, &diagnostic);
        let _ = writeln!(out);
    }
    out
}

/// Snapshots every fixture of `rule`. A fixture whose name starts with `ok` must give no
/// finding of the rule; any other fixture must give at least one, so that each test can fail.
pub(crate) fn assert_fixtures(rule: &Rule) {
    let dir = fixture_dir(rule);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read fixtures in {}: {error}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "xml" || ext == "twiml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());

    for path in paths {
        let file_name =
            path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        let bytes =
            std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let output = render(rule, &file_name, &bytes);
        let expect_clean = file_name.starts_with("ok");
        assert_eq!(
            output == "no findings\n",
            expect_clean,
            "{}: fixture `{file_name}` {}",
            rule.name,
            if expect_clean { "should give no finding" } else { "should give a finding" }
        );
        let stem = file_name.rsplit_once('.').map_or(file_name.as_str(), |(stem, _)| stem);
        let snapshot_name = format!("{}__{stem}", rule.name);
        insta::with_settings!({
            snapshot_path => "rules/snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(snapshot_name, output);
        });
    }
}
