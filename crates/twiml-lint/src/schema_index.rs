//! Schema lookups by name through hash maps built once per process.
//!
//! `twiml::schema::element` and its siblings scan every element of every family, which is
//! fine for one call but not for every element of ten thousand documents. The maps here give
//! the same answers: entries keep the schema's order, so where two elements share a name
//! (`Sip` in `Dial` and in `Refer`), the first in schema order still wins.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use twiml::schema::{self, AttributeKind, ElementSchema, Status, TextKind};

/// Names longer than this are looked up ignoring case by scanning, since no TwiML name comes
/// close and a fixed buffer keeps the common case free of allocation.
const MAX_FOLDED_LEN: usize = 64;

/// FNV-1a: the keys are the schema's own short names, fixed at build time, so a seeded hasher
/// that resists chosen collisions buys nothing and costs more per lookup.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// An open-addressing table from the schema's element names to their entries, for the lookup
/// every element of every document makes. Its hash reads the length and three bytes of a name
/// instead of every byte, which separates the schema's names well enough for short probes.
struct NameTable {
    slots: Vec<Option<(&'static str, Vec<Entry>)>>,
}

/// A schema entry with the facts the rules ask of it, worked out once per process.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) schema: &'static ElementSchema,
    pub(crate) facts: Facts,
}

/// Facts about an element's schema entry that let a rule skip the element at once, as flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Facts(u8);

impl Facts {
    /// An attribute is a URL, or the text is one.
    pub(crate) const URLS: Facts = Facts(1);
    /// An attribute is required.
    pub(crate) const REQUIRED_ATTRIBUTES: Facts = Facts(2);
    /// The element, an attribute or an attribute value is deprecated or retired.
    pub(crate) const STATUS: Facts = Facts(4);
    /// An attribute takes a voice name.
    pub(crate) const VOICE: Facts = Facts(8);
    /// The element takes no text, or takes its value as text or as child elements but not
    /// both: what `unexpected-text` checks.
    pub(crate) const TEXT_LIMITED: Facts = Facts(16);

    /// Checks whether every flag of `facts` is set.
    pub(crate) fn contains(self, facts: Facts) -> bool {
        self.0 & facts.0 == facts.0
    }

    fn of(schema: &ElementSchema) -> Facts {
        let noteworthy =
            |status: Status| matches!(status, Status::Deprecated(_) | Status::Retired(_));
        let mut facts = 0;
        if schema.text_url().is_some() || schema.attributes.iter().any(|a| a.url().is_some()) {
            facts |= Facts::URLS.0;
        }
        if schema.attributes.iter().any(|attribute| attribute.required) {
            facts |= Facts::REQUIRED_ATTRIBUTES.0;
        }
        let status = noteworthy(schema.status)
            || schema.attributes.iter().any(|attribute| {
                noteworthy(attribute.status)
                    || attribute.value_statuses.iter().any(|value| noteworthy(value.status))
            });
        if status {
            facts |= Facts::STATUS.0;
        }
        if schema.attributes.iter().any(|attribute| matches!(attribute.kind, AttributeKind::Voice))
        {
            facts |= Facts::VOICE.0;
        }
        let text_limited = matches!(
            schema.text,
            TextKind::None | TextKind::PhoneNumber | TextKind::ClientIdentity | TextKind::SipUri
        );
        if text_limited {
            facts |= Facts::TEXT_LIMITED.0;
        }
        Facts(facts)
    }
}

impl NameTable {
    fn new(entries: Map<&'static str, Vec<Entry>>) -> NameTable {
        // At most one slot in four is used, so probes stay short.
        let size = (entries.len() * 4).next_power_of_two();
        let mut slots = vec![None; size];
        for (name, schemas) in entries {
            let mut slot = Self::hash(name) & (size - 1);
            while slots[slot].is_some() {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = Some((name, schemas));
        }
        NameTable { slots }
    }

    fn hash(name: &str) -> usize {
        let bytes = name.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return 0 };
        let middle = bytes[bytes.len() / 2];
        let mixed = (bytes.len() as u64) << 24
            | u64::from(first) << 16
            | u64::from(middle) << 8
            | u64::from(last);
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize
    }

    fn get(&self, name: &str) -> Option<&[Entry]> {
        let mask = self.slots.len() - 1;
        let mut slot = Self::hash(name) & mask;
        loop {
            let (key, schemas) = self.slots[slot].as_ref()?;
            if key.len() == name.len() && *key == name {
                return Some(schemas);
            }
            slot = (slot + 1) & mask;
        }
    }
}

struct Index {
    /// Every entry of each exact name, in schema order.
    by_name: NameTable,
    /// The first entry, in schema order, of each name folded to ASCII lower case.
    by_folded_name: Map<String, &'static ElementSchema>,
    /// The names of the elements with a URL attribute that Twilio requests even when it is
    /// absent, because it defaults to the current document.
    self_requesting: Vec<&'static str>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut by_name: Map<&'static str, Vec<Entry>> = Map::default();
    let mut by_folded_name: Map<String, &'static ElementSchema> = Map::default();
    let mut self_requesting = Vec::new();
    for element in schema::elements() {
        by_name
            .entry(element.name)
            .or_default()
            .push(Entry { schema: element, facts: Facts::of(element) });
        by_folded_name.entry(element.name.to_ascii_lowercase()).or_insert(element);
        let requests_itself = element
            .attributes
            .iter()
            .any(|attribute| attribute.url().is_some_and(|info| info.defaults_to_current_document));
        if requests_itself && !self_requesting.contains(&element.name) {
            self_requesting.push(element.name);
        }
    }
    Index { by_name: NameTable::new(by_name), by_folded_name, self_requesting }
});

/// Checks whether an element named `name` has a URL attribute that Twilio requests even when
/// it is absent, such as the `action` of `<Gather>`.
pub(crate) fn requests_itself(name: &str) -> bool {
    schema::contains_name(&INDEX.self_requesting, name)
}

/// Finds an element by its exact name, as [`schema::element`] does.
pub(crate) fn element(name: &str) -> Option<&'static ElementSchema> {
    entry(name).map(|entry| entry.schema)
}

/// Finds an element by its exact name as a child of `parent`, falling back to [`element`]
/// when no entry lists that parent, as [`schema::element_in`] does.
pub(crate) fn element_in(name: &str, parent: &str) -> Option<&'static ElementSchema> {
    entry_in(name, parent).map(|entry| entry.schema)
}

/// Finds the entry of [`element`], with its facts.
pub(crate) fn entry(name: &str) -> Option<Entry> {
    INDEX.by_name.get(name).and_then(|entries| entries.first().copied())
}

/// Finds the entry of [`element_in`], with its facts.
pub(crate) fn entry_in(name: &str, parent: &str) -> Option<Entry> {
    let entries = INDEX.by_name.get(name)?;
    // With one entry the parent cannot change which entry applies.
    if let [only] = entries {
        return Some(*only);
    }
    entries
        .iter()
        .find(|entry| schema::contains_name(entry.schema.parents, parent))
        .or_else(|| entries.first())
        .copied()
}

/// Finds the element whose name matches `name` ignoring ASCII case, as
/// [`schema::element_ignoring_case`] does.
pub(crate) fn element_ignoring_case(name: &str) -> Option<&'static ElementSchema> {
    if name.len() > MAX_FOLDED_LEN {
        return schema::element_ignoring_case(name);
    }
    let mut buffer = [0u8; MAX_FOLDED_LEN];
    let folded = &mut buffer[..name.len()];
    folded.copy_from_slice(name.as_bytes());
    folded.make_ascii_lowercase();
    // Lowercasing ASCII letters keeps the bytes valid UTF-8.
    let folded = std::str::from_utf8(folded).ok()?;
    INDEX.by_folded_name.get(folded).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_match_the_schema_scan() {
        let mut names: Vec<&str> = schema::elements().map(|element| element.name).collect();
        names.extend(["say", "GATHER", "Say-As", "html", "", "Spe\u{e9}k"]);
        let parents = ["Response", "Dial", "Refer", "Gather", "Say", "Connect", "Nowhere"];
        for name in &names {
            let exact = element(name).map(std::ptr::from_ref);
            assert_eq!(exact, schema::element(name).map(std::ptr::from_ref), "element({name})");
            let folded = element_ignoring_case(name).map(std::ptr::from_ref);
            let scanned = schema::element_ignoring_case(name).map(std::ptr::from_ref);
            assert_eq!(folded, scanned, "element_ignoring_case({name})");
            for parent in parents {
                let indexed = element_in(name, parent).map(std::ptr::from_ref);
                let scanned = schema::element_in(name, parent).map(std::ptr::from_ref);
                assert_eq!(indexed, scanned, "element_in({name}, {parent})");
            }
        }
    }
}
