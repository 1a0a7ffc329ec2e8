//! Holds the builder to the schema: every element and attribute of `twiml::schema` has a
//! builder type and method, every builder method writes something the schema has, and each
//! setter's argument type matches what the schema accepts.

use std::collections::BTreeSet;

use twiml::builder::{CatalogEntry, Setter, catalog};
use twiml::schema::{self, AttributeKind, ElementSchema};

/// Finds the schema entry a catalog entry follows.
fn schema_of(entry: &CatalogEntry) -> Option<&'static ElementSchema> {
    schema::elements().find(|element| {
        element.name == entry.element
            && (element.parents.contains(&entry.parent) || element.parents.is_empty())
    })
}

/// Finds the catalog entries that follow the schema entry `element`.
fn entries_for<'c>(entries: &'c [CatalogEntry], element: &ElementSchema) -> Vec<&'c CatalogEntry> {
    entries
        .iter()
        .filter(|entry| {
            entry.element == element.name
                && (element.parents.contains(&entry.parent) || element.parents.is_empty())
        })
        .collect()
}

fn describe(element: &ElementSchema) -> String {
    format!("<{}> in {:?}", element.name, element.parents)
}

#[test]
fn every_schema_element_has_a_builder_type() {
    let entries = catalog();
    let missing: Vec<String> = schema::elements()
        .filter(|element| entries_for(&entries, element).is_empty())
        .map(describe)
        .collect();
    assert!(missing.is_empty(), "schema elements without a builder type: {missing:#?}");
}

#[test]
fn every_builder_type_follows_a_schema_element() {
    let unknown: Vec<&str> = catalog()
        .iter()
        .filter(|entry| schema_of(entry).is_none())
        .map(|entry| entry.type_name)
        .collect();
    assert!(unknown.is_empty(), "builder types the schema does not know: {unknown:?}");
}

#[test]
fn every_schema_attribute_has_a_builder_method() {
    let entries = catalog();
    let mut missing = Vec::new();
    for element in schema::elements() {
        for attribute in element.attributes {
            let covered = entries_for(&entries, element)
                .iter()
                .any(|entry| entry.attributes.iter().any(|known| known.name == attribute.name));
            if !covered {
                missing.push(format!("{} `{}`", describe(element), attribute.name));
            }
        }
    }
    assert!(missing.is_empty(), "schema attributes without a builder method: {missing:#?}");
}

#[test]
fn every_builder_method_writes_a_schema_attribute() {
    let mut unknown = Vec::new();
    for entry in catalog() {
        let Some(schema) = schema_of(&entry) else { continue };
        for attribute in entry.attributes {
            if schema.attribute(attribute.name).is_none() {
                unknown.push(format!(
                    "{}::{} writes `{}`",
                    entry.type_name, attribute.method, attribute.name
                ));
            }
        }
    }
    assert!(unknown.is_empty(), "builder methods for attributes the schema lacks: {unknown:#?}");
}

#[test]
fn builder_children_match_schema_children() {
    let entries = catalog();
    let mut differences = Vec::new();
    for element in schema::elements() {
        let builder: BTreeSet<&str> = entries_for(&entries, element)
            .iter()
            .flat_map(|entry| entry.children.iter().copied())
            .collect();
        let schema: BTreeSet<&str> = element.children.iter().copied().collect();
        if builder != schema {
            differences.push(format!(
                "{}: builder allows {:?}, schema allows {:?}",
                describe(element),
                builder,
                schema
            ));
        }
    }
    assert!(differences.is_empty(), "children that differ: {differences:#?}");
}

#[test]
fn builder_children_are_placed_where_schema_allows() {
    // Every child a builder type takes must list that type's element among its parents, so
    // that `Say: AllowedIn<Gather>` agrees with `Say`'s own entry.
    let entries = catalog();
    let mut wrong = Vec::new();
    for entry in &entries {
        for child in entry.children {
            let allowed = schema::elements()
                .any(|element| element.name == *child && element.parents.contains(&entry.element));
            if !allowed {
                wrong.push(format!("<{child}> in <{}> ({})", entry.element, entry.type_name));
            }
        }
    }
    assert!(wrong.is_empty(), "children whose schema entry does not list the parent: {wrong:#?}");
}

/// Checks whether a setter that cannot fail agrees with the schema's kind: whatever it writes, the
/// schema accepts.
fn infallible_setter_agrees(setter: Setter, kind: &AttributeKind) -> Result<(), String> {
    match setter {
        Setter::Text => match kind {
            AttributeKind::Text { max_chars: None } => Ok(()),
            other => Err(format!("a text setter takes any string, but the schema has {other:?}")),
        },
        Setter::Boolean => match kind {
            AttributeKind::Boolean => Ok(()),
            other => Err(format!("a bool setter, but the schema has {other:?}")),
        },
        Setter::Method => match kind {
            AttributeKind::Method { post_only: false } => Ok(()),
            other => Err(format!("a method setter, but the schema has {other:?}")),
        },
        Setter::Count => match kind {
            AttributeKind::Integer { min, max: None } if *min <= 0 => Ok(()),
            other => Err(format!("a u32 setter without checks, but the schema has {other:?}")),
        },
        Setter::Value { values } => {
            let rejected: Vec<String> = values().into_iter().filter(|v| !kind.accepts(v)).collect();
            if rejected.is_empty() { Ok(()) } else { Err(format!("rejected values {rejected:?}")) }
        }
        Setter::List { values } => {
            let values = values();
            let rejected: Vec<&String> = values.iter().filter(|v| !kind.accepts(v)).collect();
            if !rejected.is_empty() {
                return Err(format!("rejected values {rejected:?}"));
            }
            let joined = values.join(" ");
            if kind.accepts(&joined) { Ok(()) } else { Err(format!("rejected list {joined:?}")) }
        }
        _ => Ok(()),
    }
}

#[test]
fn infallible_setters_write_values_the_schema_accepts() {
    let mut disagreements = Vec::new();
    for entry in catalog() {
        let Some(schema) = schema_of(&entry) else { continue };
        for attribute in entry.attributes {
            let Some(known) = schema.attribute(attribute.name) else { continue };
            if let Err(problem) = infallible_setter_agrees(attribute.setter, &known.kind) {
                disagreements.push(format!("{}::{}: {problem}", entry.type_name, attribute.method));
            }
        }
    }
    assert!(disagreements.is_empty(), "setters out of step with the schema: {disagreements:#?}");
}

#[test]
fn every_setter_writes_its_attribute() {
    let mut failures = Vec::new();
    for entry in catalog() {
        let schema = schema_of(&entry);
        for attribute in entry.attributes {
            let label = format!("{}::{} (`{}`)", entry.type_name, attribute.method, attribute.name);
            let element = match (attribute.exercise)() {
                Ok(element) => element,
                Err(error) => {
                    failures.push(format!("{label}: {error}"));
                    continue;
                }
            };
            if element.name != entry.element {
                failures.push(format!("{label}: built <{}>", element.name));
            }
            let Some(value) = element.attribute(attribute.name) else {
                failures.push(format!("{label}: the attribute is not set"));
                continue;
            };
            let kind = schema.and_then(|s| s.attribute(attribute.name)).map(|a| a.kind);
            if let Some(kind) = kind.filter(|kind| !kind.accepts(value)) {
                failures.push(format!("{label}: wrote {value:?}, which {kind:?} rejects"));
            }
        }
    }
    assert!(failures.is_empty(), "setters that failed: {failures:#?}");
}

#[test]
fn fallible_setters_reject_out_of_range_values() {
    // A range-checked integer setter must refuse a value past the schema's bounds.
    let dial = twiml::builder::Dial::new();
    assert!(dial.clone().timeout(4).is_err());
    assert!(dial.clone().timeout(601).is_err());
    assert!(dial.timeout(600).is_ok());
}
