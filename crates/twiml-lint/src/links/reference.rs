//! Extraction: every URL a call or message would request, read from the schema's URL roles.
//!
//! A reference is a URL attribute (`action`, `url`, `waitUrl`, `statusCallback`, …) or URL
//! text (`<Redirect>`, `<Play>`), with the HTTP method Twilio would use: the element's
//! `method` or `*Method` attribute, else the schema's default. `<Gather>`, `<Record>` and
//! `<Pay>` without `action`, and an empty `<Redirect/>`, request the current document again,
//! so they yield an implicit reference to it.

use serde::Serialize;
use twiml::schema::{self, HttpMethod, UrlInfo, UrlRole};
use twiml::{Element, Span};

use crate::rule::Context;
use crate::schema_index::{self, Facts};
use crate::tree::Tree;

/// How a call leaves a document through a reference, which decides whether a cycle of
/// references can trap the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exit {
    /// Taken with no input: `<Redirect>`, `<Message action>`, and `<Gather action>` with
    /// `actionOnEmptyResult="true"`.
    Unconditional,
    /// Taken after the caller does something: presses keys or speaks (`<Gather>`), records
    /// (`<Record>`), pays (`<Pay>`).
    CallerInput,
    /// Taken after another party acts: a dialed call ends (`<Dial>`), the caller is dequeued
    /// (`<Enqueue>`), a stream closes (`<Connect>`), a SIP REFER arrives (`referUrl`).
    OutsideEvent,
    /// Not a transfer of control: a whisper or wait document runs inside the verb, media is
    /// played, a callback is only notified.
    Nested,
}

impl Exit {
    /// Whether the call can go through this reference with no one doing anything.
    pub fn is_unconditional(self) -> bool {
        self == Exit::Unconditional
    }
}

/// A URL that a document references.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// The URL as written, decoded and trimmed; empty for an implicit self-reference.
    pub url: String,
    /// The bytes of the URL in the source: the attribute value, the text, or the element name
    /// of an implicit reference.
    pub span: Span,
    /// The span of the raw value or text the URL was read from, for mapping offsets inside it;
    /// `None` for an implicit reference.
    pub raw_span: Option<Span>,
    /// The element, such as `Redirect` or `Dial`.
    pub element: &'static str,
    /// The attribute, or `None` for URL text.
    pub attribute: Option<&'static str>,
    /// What Twilio does with the response.
    pub role: UrlRole,
    /// The HTTP method Twilio uses.
    pub method: HttpMethod,
    /// Whether the reference is implied by a missing `action`.
    pub implicit: bool,
    /// How the call leaves the document through it.
    pub exit: Exit,
    /// The schema's facts about the URL.
    #[serde(skip)]
    pub info: &'static UrlInfo,
}

impl Reference {
    /// Names the reference as TwiML writes it: `` `<Dial action>` `` or `` `<Redirect>` ``.
    pub fn describe(&self) -> String {
        match self.attribute {
            Some(attribute) => format!("`<{} {attribute}>`", self.element),
            None => format!("`<{}>`", self.element),
        }
    }

    /// Whether the response is a TwiML document that Twilio runs.
    pub fn is_document(&self) -> bool {
        matches!(self.role, UrlRole::Document | UrlRole::RestrictedDocument { .. })
    }
}

/// Extracts every reference of the document of `context`, in document order.
pub fn extract(context: &Context<'_, '_>) -> Vec<Reference> {
    extract_unsettled(context, |_, _, _| false)
}

/// Extracts the references of the document of `context` that `settle` leaves, in document
/// order. `settle` is called first with the URL, its span and the schema's facts of each
/// reference written in the document, and one it returns `true` for is left out unbuilt.
pub(crate) fn extract_unsettled(
    context: &Context<'_, '_>,
    mut settle: impl FnMut(&str, Span, &'static UrlInfo) -> bool,
) -> Vec<Reference> {
    let mut references = Vec::new();
    let tree = Tree::new(context);
    for (index, item) in context.elements.iter().enumerate() {
        let (element, parent) = (item.element, item.parent);
        let Some(schema) = item.schema else { continue };
        if !item.facts.contains(Facts::URLS) {
            continue;
        }
        let parent_is_known =
            parent.is_some_and(|parent| schema::contains_name(schema.parents, parent.name()));
        if !parent_is_known && parent.is_some() {
            // An element out of place is a schema finding; Twilio does not run it.
            continue;
        }

        for (attribute, known) in tree.attribute_schemas(index) {
            let Some(known) = known else { continue };
            let Some(info) = known.url() else { continue };
            let url = crate::rule::trim(&attribute.value);
            if url.is_empty() || settle(url, attribute.value_span, info) {
                continue;
            }
            references.push(Reference {
                url: url.to_owned(),
                span: attribute.value_span,
                raw_span: Some(attribute.value_span),
                element: schema.name,
                attribute: Some(known.name),
                role: info.role,
                method: method_of(element, info),
                implicit: false,
                exit: exit_of(element, info.role),
                info,
            });
        }

        let attributes =
            if schema_index::requests_itself(schema.name) { schema.attributes } else { &[] };
        for attribute in attributes {
            let Some(info) = attribute.url() else { continue };
            if info.defaults_to_current_document && element.attribute(attribute.name).is_none() {
                references.push(Reference {
                    url: String::new(),
                    span: element.name_span(),
                    raw_span: None,
                    element: schema.name,
                    attribute: Some(attribute.name),
                    role: info.role,
                    method: method_of(element, info),
                    implicit: true,
                    exit: exit_of(element, info.role),
                    info,
                });
            }
        }

        if let Some(info) = schema.text_url() {
            push_text_reference(
                &mut references,
                context.source,
                element,
                schema.name,
                info,
                &mut settle,
            );
        }
    }
    references
}

fn push_text_reference(
    references: &mut Vec<Reference>,
    source: &str,
    element: Element<'_, '_>,
    name: &'static str,
    info: &'static UrlInfo,
    settle: &mut impl FnMut(&str, Span, &'static UrlInfo) -> bool,
) {
    let text = element.text();
    let url = crate::rule::trim(&text);
    if url.is_empty() {
        // An empty `<Redirect/>` requests the current document again.
        if name == "Redirect" && element.child_elements().next().is_none() {
            references.push(Reference {
                url: String::new(),
                span: element.name_span(),
                raw_span: None,
                element: name,
                attribute: None,
                role: info.role,
                method: method_of(element, info),
                implicit: true,
                exit: exit_of(element, info.role),
                info,
            });
        }
        return;
    }
    let span = element.text_span().map(|raw_span| trim_span(source, raw_span));
    // A text without a span of its own still settles, under an empty span that matches nothing.
    if settle(url, span.unwrap_or(Span::new(0, 0)), info) {
        return;
    }
    let Some(span) = span else { return };
    references.push(Reference {
        url: url.to_owned(),
        span,
        raw_span: Some(span),
        element: name,
        attribute: None,
        role: info.role,
        method: method_of(element, info),
        implicit: false,
        exit: exit_of(element, info.role),
        info,
    });
}

/// Narrows `span` to its text without leading and trailing whitespace.
fn trim_span(source: &str, span: Span) -> Span {
    let Some(text) = span.text(source) else { return span };
    let start = span.start + (text.len() - text.trim_start().len());
    let end = span.end - (text.len() - text.trim_end().len());
    if start >= end { span } else { Span::new(start, end) }
}

/// The method Twilio uses: the method attribute when it holds `GET` or `POST`, else the
/// schema's default.
fn method_of(element: Element<'_, '_>, info: &UrlInfo) -> HttpMethod {
    info.method_attribute
        .and_then(|name| element.attribute_value(name))
        .and_then(|value| HttpMethod::from_twiml_ignoring_case(value.trim()))
        .unwrap_or(info.default_method)
}

/// How the call leaves through a URL of `role` on `element`.
fn exit_of(element: Element<'_, '_>, role: UrlRole) -> Exit {
    if !matches!(role, UrlRole::Document) {
        return Exit::Nested;
    }
    match element.name() {
        "Redirect" | "Message" => Exit::Unconditional,
        "Gather" if element.attribute_value("actionOnEmptyResult") == Some("true") => {
            Exit::Unconditional
        }
        "Gather" | "Record" | "Pay" => Exit::CallerInput,
        _ => Exit::OutsideEvent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract_from(source: &str) -> Vec<Reference> {
        let document = twiml::parse(source);
        extract(&Context::new(&document, source.len()))
    }

    #[test]
    fn trim_span_drops_whitespace() {
        let source = "<Redirect>  a.xml \n</Redirect>";
        let span = trim_span(source, Span::new(10, 19));
        assert_eq!(span.text(source), Some("a.xml"));
    }

    #[test]
    fn unknown_elements_give_no_reference() {
        assert!(extract_from("<Response><Foo url=\"https://x.test/\"/></Response>").is_empty());
    }
}
