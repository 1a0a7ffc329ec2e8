//! The element tree as the schema rules walk it: each element's parent by index, which
//! elements are in scope, and the name helpers those rules share for their messages.
//!
//! A schema rule looks only at elements in scope. The root must be `<Response>` in any case,
//! because `invalid-root` reports any other root and its content is not TwiML. Elements
//! inside an element the schema does not have are out of scope too, since findings about the
//! content of `<html>` or of a Plivo `<Speak>` would only repeat the one about the element.

use twiml::schema::{self, AttributeKind, AttributeSchema, ElementSchema, Family, Status};
use twiml::{Attribute, Element, Span};

use crate::rule::{Context, ElementContext};
use crate::schema_index::{self, Facts};

/// The elements of one document with their parents and scope. The parents and the scope are
/// computed once per document and kept in the [`Context`], so building a tree is free.
#[derive(Debug)]
pub(crate) struct Tree<'c, 'd, 'a> {
    elements: &'c [ElementContext<'d, 'a>],
    parents: &'c [Option<usize>],
    verdicts: &'c [AttributeVerdict],
}

impl<'c, 'd, 'a> Tree<'c, 'd, 'a> {
    /// Indexes the elements of `context`.
    pub(crate) fn new(context: &'c Context<'d, 'a>) -> Tree<'c, 'd, 'a> {
        Tree {
            elements: context.elements.as_slice(),
            parents: context.parents.as_slice(),
            verdicts: context.attribute_verdicts(),
        }
    }

    /// Iterates over the elements in scope, with their indexes, in document order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &'c ElementContext<'d, 'a>)> + '_ {
        self.elements.iter().enumerate().filter(|(_, item)| item.in_scope)
    }

    /// Returns the parent of the element at `index`.
    pub(crate) fn parent(&self, index: usize) -> Option<&'c ElementContext<'d, 'a>> {
        let parent = (*self.parents.get(index)?)?;
        self.elements.get(parent)
    }

    /// Iterates over the ancestors of the element at `index`, nearest first.
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

    /// Pairs each attribute of the element at `index` with the schema's verdict on it. An
    /// element out of scope or missing from the schema yields none.
    pub(crate) fn attributes(
        &self,
        index: usize,
    ) -> impl Iterator<Item = (&'d Attribute<'a>, &'c AttributeVerdict)> + '_ {
        let item = &self.elements[index];
        let attributes = item.element.attributes();
        let has_verdicts = item.in_scope && item.schema.is_some();
        let first = item.element.attribute_index();
        let verdicts = match self.verdicts.get(first..first + attributes.len()) {
            Some(verdicts) if has_verdicts => verdicts,
            _ => &[],
        };
        attributes.iter().zip(verdicts)
    }

    /// Checks whether any attribute of an element in scope has a verdict that `matches`. A rule
    /// that reports only rare verdicts asks this before it walks the tree.
    pub(crate) fn any_verdict(&self, matches: impl Fn(&AttributeVerdict) -> bool) -> bool {
        // Attributes of elements out of scope are `Skipped`, which no rule reports.
        self.verdicts.iter().any(matches)
    }

    /// Pairs each attribute of the element at `index` with its entry in the element's schema,
    /// found by its exact name whatever the parent: from the verdicts when the element is in
    /// scope, by a lookup otherwise.
    pub(crate) fn attribute_schemas(
        &self,
        index: usize,
    ) -> impl Iterator<Item = (&'d Attribute<'a>, Option<&'static AttributeSchema>)> + '_ {
        let item = &self.elements[index];
        let attributes = item.element.attributes();
        let first = item.element.attribute_index();
        let verdicts = self
            .verdicts
            .get(first..first + attributes.len())
            .filter(|_| item.in_scope && item.schema.is_some());
        attributes.iter().enumerate().map(move |(position, attribute)| {
            let known = match verdicts.map(|verdicts| &verdicts[position]) {
                Some(
                    AttributeVerdict::Known(known) | AttributeVerdict::ForbiddenInParent(known),
                ) => Some(*known),
                Some(_) => None,
                None => item.schema.and_then(|schema| schema.attribute(attribute.name)),
            };
            (attribute, known)
        })
    }

    /// Maps `code`, raised by the element at `index`, to the code its ancestors turn it into.
    /// An invalid Say `voice` raises 13511, but 13321 inside a `<Gather>`.
    pub(crate) fn nested_code(&self, index: usize, code: u32) -> u32 {
        self.ancestors(index)
            .filter_map(|ancestor| ancestor.schema)
            .fold(code, |code, schema| schema.nested_error_code(code))
    }
}

/// Checks whether the schema has the element's name, exactly or ignoring case. The children of an
/// element whose name is only miscased stay in scope, since its content is still TwiML, so
/// [`Context::new`] decides each element's scope from its parent's scope and this.
pub(crate) fn is_recognized(item: &ElementContext<'_, '_>) -> bool {
    item.schema.is_some() || schema_index::element_ignoring_case(item.name).is_some()
}

/// Collects every parent that any schema entry of `name` allows, without repeats, in schema
/// order. `Config` has two entries, for `<VirtualAgent>` and for `<Transcription>`.
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

/// Finds the elements other than `except` that take an attribute named exactly `name`,
/// without repeats, in schema order.
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

/// Classifies every attribute of every element in scope that the schema lists, as
/// [`classify_attribute`] does with the element's parent. The verdicts are in the order of the
/// document's attributes, so [`twiml::Element::attribute_index`] finds an element's. An
/// element out of scope or missing from the schema has [`AttributeVerdict::Skipped`] for
/// each attribute, which [`Tree::attributes`] does not hand out.
pub(crate) fn attribute_verdicts(context: &Context<'_, '_>) -> Vec<AttributeVerdict> {
    let mut verdicts = Vec::with_capacity(context.document.attribute_count());
    for item in &context.elements {
        let attributes = item.element.attributes();
        // Elements come in document order, and so do their attributes.
        verdicts.resize_with(item.element.attribute_index(), || AttributeVerdict::Skipped);
        let Some(schema) = item.schema.filter(|_| item.in_scope) else {
            continue;
        };
        let parent = item.parent.map(Element::name);
        verdicts.extend(
            attributes.iter().map(|attribute| classify_attribute(schema, parent, attribute.name)),
        );
    }
    verdicts
}

/// The schema's verdict on one attribute of an element.
#[derive(Debug)]
pub(crate) enum AttributeVerdict {
    /// The element takes the attribute here.
    Known(&'static AttributeSchema),
    /// A namespace declaration or a prefixed attribute, which the schema rules do not judge.
    Skipped,
    /// The element takes the attribute, but not inside its present parent, such as `digits`
    /// on a `<Play>` in `<Gather>`.
    ForbiddenInParent(&'static AttributeSchema),
    /// Other elements take an attribute of exactly this name; this one does not.
    Elsewhere(Vec<&'static ElementSchema>),
    /// No element takes an attribute of exactly this name.
    Unknown,
}

/// Classifies the attribute `name` of an element described by `element`, inside a parent
/// named `parent`. `unknown-attribute` reports [`AttributeVerdict::Unknown`] and
/// `attribute-on-wrong-element` the other two findings, so no attribute gets both.
///
/// `xmlns` and `xmlns:*` declarations are skipped, and so is every other prefixed attribute
/// except `xml:lang` on an SSML element, where SSML defines it. A name that matches one of the
/// element's own attributes ignoring case is unknown, never elsewhere: `Voice` on `<Say>` is a
/// miscased `voice`.
pub(crate) fn classify_attribute(
    element: &ElementSchema,
    parent: Option<&str>,
    name: &str,
) -> AttributeVerdict {
    // Most attributes are the element's own. The schema names no prefixed attribute but
    // `xml:lang` on SSML's `<lang>`, so a name found here is never one to skip.
    if let Some(attribute) = element.attribute(name) {
        if parent.is_some_and(|parent| !attribute.allowed_in(parent)) {
            return AttributeVerdict::ForbiddenInParent(attribute);
        }
        return AttributeVerdict::Known(attribute);
    }
    let declaration = name == "xmlns" || name.starts_with("xmlns:");
    let ssml_lang = name == "xml:lang" && element.family == Family::Ssml;
    if declaration || (name.contains(':') && !ssml_lang) {
        return AttributeVerdict::Skipped;
    }
    if element.attribute_ignoring_case(name).is_some() {
        return AttributeVerdict::Unknown;
    }
    let elsewhere = elements_with_attribute(name, element);
    if elsewhere.is_empty() {
        AttributeVerdict::Unknown
    } else {
        AttributeVerdict::Elsewhere(elsewhere)
    }
}

/// An element, attribute or value whose [`Status`] is deprecated or retired, found in a
/// document.
#[derive(Debug)]
pub(crate) struct StatusNote {
    /// The element name, attribute name or value.
    pub(crate) span: Span,
    /// The element, attribute or value as a message names it: `` `<Sms>` ``,
    /// `` `enhanced` on `<Gather>` ``, `` `voice="alice"` on `<Say>` ``.
    pub(crate) subject: String,
    /// Its status in the schema.
    pub(crate) status: Status,
}

/// Collects the elements, attributes and attribute values in scope whose status is neither
/// current nor library-only, in document order.
pub(crate) fn status_notes(tree: &Tree<'_, '_, '_>) -> Vec<StatusNote> {
    let mut notes = Vec::new();
    let is_noteworthy =
        |status: Status| matches!(status, Status::Deprecated(_) | Status::Retired(_));
    for (index, item) in tree.iter() {
        let Some(element) = item.schema else { continue };
        if !item.facts.contains(Facts::STATUS) {
            continue;
        }
        let name = item.name;
        if is_noteworthy(element.status) {
            notes.push(StatusNote {
                span: item.element.name_span(),
                subject: tag(name),
                status: element.status,
            });
        }
        for (attribute, verdict) in tree.attributes(index) {
            let (AttributeVerdict::Known(schema) | AttributeVerdict::ForbiddenInParent(schema)) =
                *verdict
            else {
                continue;
            };
            if is_noteworthy(schema.status) {
                notes.push(StatusNote {
                    span: attribute.name_span,
                    subject: format!("{} on {}", code(attribute.name), tag(name)),
                    status: schema.status,
                });
            }
            let value = schema.value_statuses.iter().find(|value| value.value == attribute.value);
            if let Some(value) = value.filter(|value| is_noteworthy(value.status)) {
                notes.push(StatusNote {
                    span: attribute.value_span,
                    subject: format!(
                        "{} on {}",
                        code(&format!("{}=\"{}\"", attribute.name, value.value)),
                        tag(name)
                    ),
                    status: value.status,
                });
            }
        }
    }
    notes
}

/// Finds an attribute of `element` that takes `value` as one of its enumerated values, such as
/// `format` for a `role="yyyymmdd"` on `<say-as>`. Free-text and numeric kinds accept almost
/// anything, so only enumerations and lists count.
pub(crate) fn attribute_taking_value(
    element: &ElementSchema,
    value: &str,
) -> Option<&'static AttributeSchema> {
    element.attributes.iter().find(|attribute| {
        let enumerated = matches!(
            attribute.kind,
            AttributeKind::Enumeration(_)
                | AttributeKind::EnumerationAnyCase(_)
                | AttributeKind::List(_)
        );
        enumerated && !value.is_empty() && attribute.kind.accepts(value)
    })
}

/// Finds the candidate closest to `name`, for "did you mean" help, or `None` when none is
/// close.
///
/// A candidate equal ignoring ASCII case wins. Otherwise names are compared in lower case by
/// optimal string alignment distance, allowing one edit per 4 characters and at least one, so
/// that `vioce` finds `voice`. A name that extends a candidate, or that a candidate extends,
/// also matches at a Jaro-Winkler similarity of 0.9 or more, so that `actionUrl` finds
/// `action`.
pub(crate) fn closest<'n>(
    name: &str,
    candidates: impl IntoIterator<Item = &'n str>,
) -> Option<&'n str> {
    // No TwiML name is this long, and comparing a huge one against every candidate would cost
    // time on hostile input for no useful suggestion.
    if name.len() > 64 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(usize, f64, &'n str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(name) {
            return Some(candidate);
        }
        let candidate_lower = candidate.to_ascii_lowercase();
        let max_edits = (lower.chars().count().max(candidate_lower.chars().count()) / 4).max(1);
        let extends = lower.starts_with(&candidate_lower) || candidate_lower.starts_with(&lower);
        // More edits than allowed are needed when the lengths differ by more than that.
        if lower.chars().count().abs_diff(candidate_lower.chars().count()) > max_edits && !extends {
            continue;
        }
        let distance = strsim::osa_distance(&lower, &candidate_lower);
        let similarity = strsim::jaro_winkler(&lower, &candidate_lower);
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
    join(names, max, "and", wrap)
}

/// Formats names like [`list`], but as alternatives: `` `<Number>` or `<Client>` ``.
pub(crate) fn list_or(names: &[&str], max: usize, wrap: impl Fn(&str) -> String) -> String {
    join(names, max, "or", wrap)
}

fn join(names: &[&str], max: usize, conjunction: &str, wrap: impl Fn(&str) -> String) -> String {
    // "and 1 more" would take as much room as the name itself.
    let max = if names.len() == max + 1 { names.len() } else { max };
    let shown: Vec<String> = names.iter().take(max).map(|name| wrap(name)).collect();
    let hidden = names.len().saturating_sub(max);
    match (shown.as_slice(), hidden) {
        ([], _) => String::new(),
        ([only], 0) => only.clone(),
        ([init @ .., last], 0) => format!("{} {conjunction} {last}", init.join(", ")),
        (all, hidden) => format!("{} {conjunction} {hidden} more", all.join(", ")),
    }
}

/// Formats an element name as a code span, `` `<Say>` ``.
pub(crate) fn tag(name: &str) -> String {
    format!("`<{name}>`")
}

/// Formats an attribute name or value as a code span, `` `voice` ``.
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
        assert_eq!(
            closest("statusCallbackEvents", ["statusCallbackEvent"]),
            Some("statusCallbackEvent")
        );
        assert_eq!(closest("actionUrl", ["action", "method"]), Some("action"));
        assert_eq!(closest("Dail", ["Dial", "Say"]), Some("Dial"));
    }

    #[test]
    fn closest_rejects_distant_names() {
        assert_eq!(closest("url", ["action", "method"]), None);
        assert_eq!(closest("lang", ["loop"]), None);
        assert_eq!(closest("Speak", ["Say", "Play"]), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
        assert_eq!(closest(&"voice".repeat(20), ["voice"]), None);
    }

    #[test]
    fn list_joins_and_counts() {
        assert_eq!(list(&[], 3, tag), "");
        assert_eq!(list(&["Say"], 3, tag), "`<Say>`");
        assert_eq!(list(&["Say", "Play", "Pause"], 3, tag), "`<Say>`, `<Play>` and `<Pause>`");
        assert_eq!(list(&["a", "b", "c", "d"], 2, code), "`a`, `b` and 2 more");
        assert_eq!(list(&["a", "b", "c"], 2, code), "`a`, `b` and `c`");
        assert_eq!(list_or(&["Number", "Sip"], 4, tag), "`<Number>` or `<Sip>`");
    }
}
