//! docs/rules.md is generated from the rules' documentation comments; this test fails when the
//! two drift apart. Regenerate the page with
//! `cargo run --bin twiml-lint -- rules --markdown > docs/rules.md`.

use std::path::Path;

#[test]
fn docs_rules_md_matches_rule_sources() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let expected = twiml_lint::rules::reference_markdown();
    let actual = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    assert!(
        actual == expected,
        "docs/rules.md is out of date; regenerate it with \
         `cargo run --bin twiml-lint -- rules --markdown > docs/rules.md`"
    );
}
