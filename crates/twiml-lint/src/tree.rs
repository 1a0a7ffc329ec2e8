//! The element tree as the schema rules walk it: each element's parent by index, which
//! elements are in scope, and the name helpers those rules share for their messages.
//!
//! A schema rule looks only at elements in scope: those of a document whose root is
//! `<Response>` in any case (another root is reported by `invalid-root`, and its content is
//! not TwiML), and not inside an element the schema does not know. The content of `<html>` or
//! of a Plivo `<Speak>` would only repeat the finding about the element that holds it.

use std::collections::HashMap;

use twiml::Element;
use twiml::schema::{self, ElementSchema};

use crate::rule::{Context, ElementContext};

/// The elements of one document with their parents and scope, built once per rule run.
#[derive(Debug)]
pub(crate) struct Tree<'c, 'd, 'a> {
    elements: &'c [ElementContext<'d, 'a>],
    parents: Vec<Option<usize>>,
    in_scope: Vec<bool>,
}

impl<'c, 'd, 'a> Tree<'c, 'd, 'a> {
    /// Indexes the elements of `context`.
    pub(crate) fn new(context: &'c Context<'d, 'a>) -> Tree<'c, 'd, 'a> {
        let elements = context.elements.as_slice();
        let twiml_root = context.root().is_some_and(|root| root.name.eq_ignore_ascii_case("Response"));

        // `Context::elements` lists each parent before its children, so one pass finds every
        // parent's index.
        let mut index_of: HashMap<*const Element<'a>, usize> = HashMap::with_capacity(elements.len());
        let mut parents = Vec::with_capacity(elements.len());
        let mut in_scope = Vec::with_capacity(elements.len());
        for (index, item) in elements.iter().enumerate() {
            index_of.insert(std::ptr::from_ref(item.element), index);
            let parent = item.parent.and_then(|parent| index_of.get(&std::ptr::from_ref(parent)).copied());
            let scope = match parent {
                None => twiml_root && item.depth == 0,
                Some(parent) => in_scope[parent] && is_recognized(&elements[parent]),
            };
            parents.push(parent);
            in_scope.push(scope);
        }
        Tree { elements, parents, in_scope }
    }

    /// The elements in scope, with their indexes, in document order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &'c ElementContext<'d, 'a>)> + '_ {
        self.elements.iter().enumerate().filter(|(index, _)| self.in_scope[*index])
    }

    /// The parent of the element at `index`.
    pub(crate) fn parent(&self, index: usize) -> Option<&'c ElementContext<'d, 'a>> {
        let parent = (*self.parents.get(index)?)?;
        self.elements.get(parent)
    }

    /// The ancestors of the element at `index`, nearest first.
    pub(crate) fn ancestors(
        &self,
        index: usize,
    ) -> impl Iterator<Item = &'c ElementContext<'d, 'a>> + '_ {
        let mut next = self.parents.get(index).copied().flatten();
        std::iter::from_fn(move || {
            let current = next?;
            next = self.parents.get(current).copied().flatten();
            self.elements.get(current)
        })
    }

    /// The Twilio code that `code`, raised by the element at `index`, becomes where the element
    /// sits: an invalid Say `voice` raises 13511, but 13321 inside a `<Gather>`.
    pub(crate) fn nested_code(&self, index: usize, code: u32) -> u32 {
        self.ancestors(index)
            .filter_map(|ancestor| ancestor.schema)
            .fold(code, |code, schema| schema.nested_error_code(code))
    }
}

/// Whether the schema knows the element's name, exactly or ignoring case. The children of an
/// element whose name is only miscased stay in scope, since its content is still TwiML.
fn is_recognized(item: &ElementContext<'_, '_>) -> bool {
    item.schema.is_some() || schema::element_ignoring_case(item.element.name).is_some()
}

/// Every parent any schema entry of `name` allows, without repeats, in schema order. `Config`
/// has two entries, for `<VirtualAgent>` and for `<Transcription>`.
pub(crate) fn parents_of(name: &str) -> Vec<&'static str> {
    let mut parents: Vec<&'static str> = Vec::new();
    for element in schema::elements().filter(|element| element.name == name) {
        for parent in element.parents {
            if !parents.contains(parent) {
                parents.push(parent);
            }
        }
    }
    parents
}

/// The elements other than `except` that take an attribute named exactly `name`, without
/// repeats, in schema order.
pub(crate) fn elements_with_attribute(
    name: &str,
    except: &ElementSchema,
) -> Vec<&'static ElementSchema> {
    let mut found: Vec<&'static ElementSchema> = Vec::new();
    for element in schema::elements() {
        let same_name = element.name == except.name;
        let listed = found.iter().any(|seen| seen.name == element.name);
        if !same_name && !listed && element.attribute(name).is_some() {
            found.push(element);
        }
    }
    found
}

/// The candidate closest to `name`, for "did you mean" help, or `None` when none is close.
///
/// A candidate equal ignoring ASCII case wins. Otherwise names are compared in lower case by
/// optimal string alignment distance (one edit per 4 characters, at least one, so `vioce`
/// finds `voice`), or, for a name that extends a candidate or is extended by it, by
/// Jaro-Winkler similarity of at least 0.9 (`actionUrl` finds `action`).
pub(crate) fn closest<'n>(
    name: &str,
    candidates: impl IntoIterator<Item = &'n str>,
) -> Option<&'n str> {
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(usize, f64, &'n str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(name) {
            return Some(candidate);
        }
        let candidate_lower = candidate.to_ascii_lowercase();
        let distance = strsim::osa_distance(&lower, &candidate_lower);
        let similarity = strsim::jaro_winkler(&lower, &candidate_lower);
        let max_edits = (lower.chars().count().max(candidate_lower.chars().count()) / 4).max(1);
        let extends = lower.starts_with(&candidate_lower) || candidate_lower.starts_with(&lower);
        let close = distance <= max_edits || (extends && similarity >= 0.9);
        let better = best.is_none_or(|(best_distance, best_similarity, _)| {
            (distance, -similarity) < (best_distance, -best_similarity)
        });
        if close && better {
            best = Some((distance, similarity, candidate));
        }
    }
    best.map(|(_, _, candidate)| candidate)
}

/// Formats names as an English list of code spans, `` `<Say>`, `<Play>` and `<Pause>` ``, with
/// `wrap` turning each name into its span text. Past `max` names the rest are counted.
pub(crate) fn list(names: &[&str], max: usize, wrap: impl Fn(&str) -> String) -> String {
    let shown: Vec<String> = names.iter().take(max).map(|name| wrap(name)).collect();
    let hidden = names.len().saturating_sub(max);
    match (shown.as_slice(), hidden) {
        ([], _) => String::new(),
        ([only], 0) => only.clone(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (all, hidden) => format!("{} and {hidden} more", all.join(", ")),
    }
}

/// An element name as a code span, `` `<Say>` ``.
pub(crate) fn tag(name: &str) -> String {
    format!("`<{name}>`")
}

/// An attribute name or value as a code span, `` `voice` ``.
pub(crate) fn code(text: &str) -> String {
    format!("`{text}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_case_and_extensions() {
        let attributes = ["voice", "language", "loop"];
        assert_eq!(closest("vioce", attributes), Some("voice"));
        assert_eq!(closest("Voice", attributes), Some("voice"));
        assert_eq!(closest("langauge", attributes), Some("language"));
        assert_eq!(closest("statusCallbackEvents", ["statusCallbackEvent"]), Some("statusCallbackEvent"));
        assert_eq!(closest("actionUrl", ["action", "method"]), Some("action"));
        assert_eq!(closest("Dail", ["Dial", "Say"]), Some("Dial"));
    }

    #[test]
    fn closest_rejects_distant_names() {
        assert_eq!(closest("url", ["action", "method"]), None);
        assert_eq!(closest("lang", ["loop"]), None);
        assert_eq!(closest("Speak", ["Say", "Play"]), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn list_joins_and_counts() {
        assert_eq!(list(&[], 3, tag), "");
        assert_eq!(list(&["Say"], 3, tag), "`<Say>`");
        assert_eq!(list(&["Say", "Play", "Pause"], 3, tag), "`<Say>`, `<Play>` and `<Pause>`");
        assert_eq!(list(&["a", "b", "c", "d"], 2, code), "`a`, `b` and 2 more");
    }
}
