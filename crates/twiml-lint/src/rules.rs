//! The registry of lint rules: one file per rule under `rules/`, each exporting `RULE`, and the
//! documentation pages collected from those files at build time.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use crate::rule::Rule;

mod attribute_on_wrong_element;
mod broken_link;
mod byte_order_mark;
mod call_flow_loop;
mod conference_mixed_with_number;
mod content_before_declaration;
mod deprecated_element;
mod doctype_present;
mod document_too_large;
mod element_name_case;
mod empty_file;
mod empty_url;
mod escaped_ssml;
mod invalid_attribute_value;
mod invalid_client_identity;
mod invalid_connection_override;
mod invalid_link_target;
mod invalid_nesting;
mod invalid_phone_number;
mod invalid_root;
pub(crate) mod invalid_url;
mod message_body_too_long;
mod missing_required;
mod missing_url_scheme;
mod mixed_families;
mod not_well_formed;
mod nothing_after_start;
mod private_url;
mod rate_limited_link;
mod reject_not_first;
mod restricted_document_verb;
mod retired_element;
mod say_too_long;
mod slow_link;
mod template_raw_insertion;
mod template_syntax;
mod template_tag_misuse;
mod text_too_long;
mod too_many_messages;
mod too_many_nouns;
mod unauthorized_link;
mod unexpected_text;
mod unknown_attribute;
mod unknown_element;
mod unknown_voice;
mod unreachable_verb;
mod unused_suppression;
mod unverified_link;

pub(crate) use unused_suppression::RULE as UNUSED_SUPPRESSION;

/// Every rule, sorted by name.
pub static ALL: &[&Rule] = &[
    &attribute_on_wrong_element::RULE,
    &broken_link::RULE,
    &byte_order_mark::RULE,
    &call_flow_loop::RULE,
    &conference_mixed_with_number::RULE,
    &content_before_declaration::RULE,
    &deprecated_element::RULE,
    &doctype_present::RULE,
    &document_too_large::RULE,
    &element_name_case::RULE,
    &empty_file::RULE,
    &empty_url::RULE,
    &escaped_ssml::RULE,
    &invalid_attribute_value::RULE,
    &invalid_client_identity::RULE,
    &invalid_connection_override::RULE,
    &invalid_link_target::RULE,
    &invalid_nesting::RULE,
    &invalid_phone_number::RULE,
    &invalid_root::RULE,
    &invalid_url::RULE,
    &message_body_too_long::RULE,
    &missing_required::RULE,
    &missing_url_scheme::RULE,
    &mixed_families::RULE,
    &not_well_formed::RULE,
    &nothing_after_start::RULE,
    &private_url::RULE,
    &rate_limited_link::RULE,
    &reject_not_first::RULE,
    &restricted_document_verb::RULE,
    &retired_element::RULE,
    &say_too_long::RULE,
    &slow_link::RULE,
    &template_raw_insertion::RULE,
    &template_syntax::RULE,
    &template_tag_misuse::RULE,
    &text_too_long::RULE,
    &too_many_messages::RULE,
    &too_many_nouns::RULE,
    &unauthorized_link::RULE,
    &unexpected_text::RULE,
    &unknown_attribute::RULE,
    &unknown_element::RULE,
    &unknown_voice::RULE,
    &unreachable_verb::RULE,
    &unused_suppression::RULE,
    &unverified_link::RULE,
];

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The documentation page of the rule named `name`.
pub(crate) fn doc(name: &str) -> Option<&'static str> {
    RULE_DOCS.iter().find(|(rule, _)| *rule == name).map(|(_, doc)| *doc)
}

/// Every rule by name, for [`find`], which runs for every link finding.
static BY_NAME: LazyLock<HashMap<&'static str, &'static Rule>> =
    LazyLock::new(|| ALL.iter().map(|rule| (rule.name, *rule)).collect());

/// Finds a rule by its exact name.
pub fn find(name: &str) -> Option<&'static Rule> {
    BY_NAME.get(name).copied()
}

/// The rule name closest to `name`, for "did you mean" help on a misspelled name.
pub fn suggest(name: &str) -> Option<&'static str> {
    ALL.iter()
        .map(|rule| (strsim::jaro_winkler(name, rule.name), rule.name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, rule)| rule)
}

/// The rule reference page, docs/rules.md, generated from the rules' documentation.
pub fn reference_markdown() -> String {
    let mut page = String::from(
        "# Rule reference\n\n\
         Generated from the rule sources by `twiml-lint rules --markdown`; edit the `//!` comment \
         at the top of a rule's file, not this page.\n\n\
         | rule | group | default | Twilio code | summary |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    let mut rules: Vec<&Rule> = ALL.to_vec();
    rules.sort_by_key(|rule| (rule.group, rule.name));
    for rule in &rules {
        let code = rule.twilio_code.map(|code| code.to_string()).unwrap_or_default();
        let _ = writeln!(
            page,
            "| [`{name}`](#{name}) | {group} | {severity} | {code} | {summary} |",
            name = rule.name,
            group = rule.group.as_str(),
            severity = rule.default_severity,
            summary = rule.summary,
        );
    }
    for rule in &rules {
        page.push('\n');
        page.push_str(&shift_headings(rule.doc()));
    }
    page
}

/// Moves every Markdown heading of a rule page one level down, so that the rule's own title
/// becomes a section of the reference page.
fn shift_headings(doc: &str) -> String {
    let mut shifted = String::with_capacity(doc.len() + 16);
    let mut in_code = false;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            shifted.push('#');
        }
        shifted.push_str(line);
        shifted.push('\n');
    }
    shifted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_unique() {
        let names: Vec<&str> = ALL.iter().map(|rule| rule.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn every_rule_has_a_page_with_the_standard_headings() {
        for rule in ALL {
            let doc = rule.doc();
            assert!(doc.starts_with(&format!("# {}\n", rule.name)), "{}: page title", rule.name);
            for heading in ["## What it flags", "## Why", "## Example", "## Instead"] {
                assert!(doc.contains(heading), "{}: missing `{heading}`", rule.name);
            }
        }
    }

    #[test]
    fn every_rule_file_is_registered() {
        for (name, _) in RULE_DOCS {
            assert!(find(name).is_some(), "src/rules/{name}.rs is not listed in ALL");
        }
    }

    #[test]
    fn suggest_finds_close_names() {
        assert_eq!(suggest("not-well-formd"), Some("not-well-formed"));
        assert_eq!(suggest("zzzz"), None);
    }
}
