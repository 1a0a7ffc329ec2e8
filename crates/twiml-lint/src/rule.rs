//! The rule type and its inputs: the [`Context`] of one document, and an [`Emitter`] that
//! collects findings.

use std::cell::OnceCell;

use crate::rules::invalid_url::UrlValue;
use crate::tree::{AttributeVerdict, StatusNote};

use serde::Serialize;
use twiml::schema::{ElementSchema, Family};
use twiml::template::Template;
use twiml::{Document, Element, Span};

use crate::finding::{Finding, Severity};
use crate::schema_index::{self, Facts};

/// The groups rules are listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// The file as a whole: well-formedness, root element, size, encoding.
    Document,
    /// Elements and attributes against the TwiML schema.
    Schema,
    /// What a call or message would actually do: reachability, limits, numbers, URLs.
    Semantics,
    /// TwiML Bin templates.
    Templates,
    /// The URLs a document references, and the documents they lead to.
    Links,
    /// The linter's own inline suppressions.
    Suppressions,
}

impl Group {
    /// The lowercase name shown in rule listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Document => "document",
            Group::Schema => "schema",
            Group::Semantics => "semantics",
            Group::Templates => "templates",
            Group::Links => "links",
            Group::Suppressions => "suppressions",
        }
    }
}

/// A lint rule: its fixed facts and the function that checks a document.
#[derive(Debug)]
pub struct Rule {
    /// The stable kebab-case name users configure and suppress, equal to the rule's file name
    /// with `-` for `_`.
    pub name: &'static str,
    /// The group the rule is listed under.
    pub group: Group,
    /// The severity when configuration does not change it.
    pub default_severity: Severity,
    /// The Twilio error or warning code the rule prevents, when one exists.
    pub twilio_code: Option<u32>,
    /// A one-line summary for `twiml-lint rules`.
    pub summary: &'static str,
    /// Checks one document; `None` for rules whose findings are made elsewhere (links are
    /// checked by the fetcher, unused suppressions by the engine).
    pub check: Option<fn(&Context<'_, '_>, &mut Emitter<'_>)>,
}

impl Rule {
    /// The rule's documentation page, in Markdown: the module doc comment of its file.
    pub fn doc(&self) -> &'static str {
        crate::rules::doc(self.name).unwrap_or("")
    }
}

/// An element of the document under check, with what rules usually need beside it.
#[derive(Debug, Clone, Copy)]
pub struct ElementContext<'d, 'a> {
    /// The element.
    pub element: Element<'d, 'a>,
    /// Its name, kept beside it because the rules compare it often.
    pub name: &'a str,
    /// Its parent, `None` for top-level elements.
    pub parent: Option<Element<'d, 'a>>,
    /// The schema entry for this name in this parent, if the name is known.
    pub schema: Option<&'static ElementSchema>,
    /// Nesting depth: 0 for the root.
    pub depth: usize,
    /// Whether the schema rules look at the element; see `tree`.
    pub(crate) in_scope: bool,
    /// Facts about the schema entry, none without one.
    pub(crate) facts: Facts,
}

/// The input of a rule: one parsed document and facts derived from it once.
#[derive(Debug)]
pub struct Context<'d, 'a> {
    /// The parsed document.
    pub document: &'d Document<'a>,
    /// The source text the spans point into.
    pub source: &'a str,
    /// The size of the file in bytes as read, before decoding.
    pub byte_len: usize,
    /// Every element in document order, with parent and schema.
    pub elements: Vec<ElementContext<'d, 'a>>,
    /// Verbs allowed at the top level when the document is fetched for a restricted role
    /// (whisper `url`, `waitUrl`), with the Twilio code for any other verb.
    pub restricted_verbs: Option<(&'static [&'static str], Option<u32>)>,
    /// The index in `elements` of each element's parent.
    pub(crate) parents: Vec<Option<usize>>,
    /// The index in `elements` of each element, by its node index in the document. Nodes that
    /// are not elements have 0.
    positions: Vec<usize>,
    /// The verbs, listed on first use.
    verbs: OnceCell<Vec<ElementContext<'d, 'a>>>,
    /// The template tags of the source, read on first use and shared by the rules.
    template: OnceCell<Template<'a>>,
    /// The URLs Twilio would request, collected on first use and shared by the URL rules.
    url_values: OnceCell<Vec<UrlValue<'d, 'a>>>,
    /// The schema's verdict on each attribute of the document, in the order of its attributes,
    /// decided on first use and shared by the attribute rules.
    attribute_verdicts: OnceCell<Vec<AttributeVerdict>>,
    /// The deprecated and retired parts of the document, found on first use.
    status_notes: OnceCell<Vec<StatusNote>>,
}

impl<'d, 'a> Context<'d, 'a> {
    /// Builds the context of `document`, read from a file of `byte_len` bytes.
    pub fn new(document: &'d Document<'a>, byte_len: usize) -> Context<'d, 'a> {
        let mut elements: Vec<ElementContext<'d, 'a>> =
            Vec::with_capacity(document.node_count() as usize / 2);
        let mut parents = Vec::with_capacity(elements.capacity());
        // The position in `elements` of each element, by node index. A parent comes before its
        // children in document order, so its position is known when they are reached.
        let mut positions = vec![0; document.node_count() as usize];
        let twiml_root =
            document.root().is_some_and(|root| root.name().eq_ignore_ascii_case("Response"));
        for element in document.elements() {
            let name = element.name();
            let parent = element.parent();
            let parent_index = parent.map(|parent| positions[parent.index() as usize]);
            let parent_item = parent_index.map(|index: usize| &elements[index]);
            let depth = parent_item.map_or(0, |parent| parent.depth + 1);
            let entry = match parent {
                Some(parent) => schema_index::entry_in(name, parent.name()),
                None => schema_index::entry(name),
            };
            let schema = entry.map(|entry| entry.schema);
            let facts = entry.map(|entry| entry.facts).unwrap_or_default();
            let in_scope = match parent_item {
                None => twiml_root,
                Some(parent) => parent.in_scope && crate::tree::is_recognized(parent),
            };
            positions[element.index() as usize] = elements.len();
            elements.push(ElementContext { element, name, parent, schema, depth, in_scope, facts });
            parents.push(parent_index);
        }
        Context {
            document,
            source: document.source,
            byte_len,
            elements,
            restricted_verbs: None,
            parents,
            positions,
            verbs: OnceCell::new(),
            template: OnceCell::new(),
            url_values: OnceCell::new(),
            attribute_verdicts: OnceCell::new(),
            status_notes: OnceCell::new(),
        }
    }

    /// Returns the verdict on each attribute of the document, in the order of its attributes, as
    /// [`crate::tree::attribute_verdicts`] gives them.
    pub(crate) fn attribute_verdicts(&self) -> &[AttributeVerdict] {
        self.attribute_verdicts.get_or_init(|| crate::tree::attribute_verdicts(self))
    }

    /// Returns the deprecated and retired elements, attributes and values in scope, in
    /// document order.
    pub(crate) fn status_notes(&self) -> &[StatusNote] {
        self.status_notes.get_or_init(|| crate::tree::status_notes(&crate::tree::Tree::new(self)))
    }

    /// Returns the URLs in URL text and URL attributes, in document order, collected once per
    /// document.
    pub(crate) fn url_values(&self) -> &[UrlValue<'d, 'a>] {
        self.url_values.get_or_init(|| crate::rules::invalid_url::collect_url_values(self))
    }

    /// The TwiML Bin template tags and problems of the source, read once per document.
    pub fn template(&self) -> &Template<'a> {
        self.template.get_or_init(|| Template::parse(self.source))
    }

    /// The root element, when the document has one.
    pub fn root(&self) -> Option<Element<'d, 'a>> {
        self.document.root()
    }

    /// Returns the context's record of `element`, an element of its document.
    pub fn item(&self, element: Element<'d, 'a>) -> Option<&ElementContext<'d, 'a>> {
        let position = *self.positions.get(element.index() as usize)?;
        self.elements.get(position).filter(|item| item.element == element)
    }

    /// The verbs: the children of a `<Response>` root, in order.
    pub fn verbs(&self) -> impl Iterator<Item = Element<'d, 'a>> + '_ {
        self.verb_items().iter().map(|item| item.element)
    }

    /// Lists the verbs with the context's record of each, as [`Context::verbs`] lists them. They
    /// are listed once per document: many rules walk them, and walking the children of the
    /// root skips every node between them.
    pub fn verb_items(&self) -> &[ElementContext<'d, 'a>] {
        self.verbs.get_or_init(|| {
            let Some(root) = self.root().filter(|root| root.name() == "Response") else {
                return Vec::new();
            };
            let mut verbs = Vec::with_capacity(self.elements.len());
            verbs.extend(root.child_elements().filter_map(|verb| self.item(verb).copied()));
            verbs
        })
    }

    /// The family of the document, judged by its verbs: Messaging when every known verb is a
    /// Messaging or shared one and at least one is Messaging, Voice when any is Voice, Fax
    /// likewise, `None` when only shared verbs or none are present.
    pub fn family(&self) -> Option<Family> {
        let mut found = None;
        for verb in self.verb_items() {
            let Some(schema) = verb.schema else { continue };
            match schema.family {
                Family::Voice => return Some(Family::Voice),
                Family::Messaging | Family::Fax => found = found.or(Some(schema.family)),
                _ => {}
            }
        }
        found
    }
}

/// Whether `text` contains a TwiML Bin template tag, so its value is only known at request time
/// and must not be checked as a literal.
pub fn is_templated(text: &str) -> bool {
    twiml::template::contains_template(text)
}

/// Returns `text` without leading and trailing whitespace, as [`str::trim`] does. A value that
/// starts and ends with a visible ASCII character, as almost every URL, number and name does,
/// is returned without decoding a character.
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Collects the findings of one rule.
#[derive(Debug)]
pub struct Emitter<'f> {
    rule: &'static Rule,
    findings: &'f mut Vec<Finding>,
}

impl<'f> Emitter<'f> {
    pub(crate) fn new(rule: &'static Rule, findings: &'f mut Vec<Finding>) -> Emitter<'f> {
        Emitter { rule, findings }
    }

    /// Reports a finding at `span`, with the rule's default severity and Twilio code, and
    /// returns it so that help, a specific code or related spans can be added.
    pub fn emit(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.rule.name,
            severity: self.rule.default_severity,
            span,
            message: message.into(),
            help: None,
            twilio_code: self.rule.twilio_code,
            related: Vec::new(),
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }
}
