//! SSML elements nested in `<Say>`. Names are lower case, as in SSML itself. Which of these
//! each text-to-speech engine honors is not documented, so every one is allowed with every
//! voice.

use super::{AttributeKind, AttributeSchema, ELEMENT, ElementSchema, Family, TextKind};
use super::{ValuePattern, text};

pub(super) static ELEMENTS: &[ElementSchema] =
    &[BREAK, EMPHASIS, LANG, P, PHONEME, PROSODY, S, SAY_AS, SUB, W];

/// Elements in which every inline SSML element may appear.
const INLINE_PARENTS: &[&str] = &["Say", "emphasis", "lang", "p", "s", "prosody", "w"];

/// Children of `<emphasis>` and `<s>`: everything but paragraphs and sentences, plus `lang`.
const PHRASE_CHILDREN: &[&str] =
    &["break", "emphasis", "lang", "phoneme", "prosody", "say-as", "sub", "w"];

/// Languages of SSML `<lang>`, from the `SsmlLangXmlLang` type of twilio-node.
const SSML_LANGUAGES: &[&str] = &[
    "arb",
    "ar-AE",
    "ca-ES",
    "cmn-CN",
    "cy-GB",
    "da-DK",
    "de-DE",
    "de-AT",
    "en-AU",
    "en-GB",
    "en-GB-WLS",
    "en-IN",
    "en-NZ",
    "en-US",
    "en-ZA",
    "es-ES",
    "es-MX",
    "es-US",
    "fi-FI",
    "fr-CA",
    "fr-FR",
    "he-IL",
    "hi-IN",
    "is-IS",
    "it-IT",
    "ja-JP",
    "ko-KR",
    "nb-NO",
    "nl-NL",
    "pl-PL",
    "pt-BR",
    "pt-PT",
    "ro-RO",
    "ru-RU",
    "sv-SE",
    "tr-TR",
    "yue-CN",
];

const BREAK: ElementSchema = ElementSchema {
    name: "break",
    family: Family::Ssml,
    parents: INLINE_PARENTS,
    attributes: &[
        AttributeSchema::new(
            "strength",
            AttributeKind::Enumeration(&["none", "x-weak", "weak", "medium", "strong", "x-strong"]),
        ),
        AttributeSchema::new("time", AttributeKind::Pattern(ValuePattern::Duration)),
    ],
    ..ELEMENT
};

const EMPHASIS: ElementSchema = ElementSchema {
    name: "emphasis",
    family: Family::Ssml,
    parents: INLINE_PARENTS,
    children: PHRASE_CHILDREN,
    text: TextKind::Mixed,
    attributes: &[AttributeSchema::new(
        "level",
        AttributeKind::Enumeration(&["strong", "moderate", "reduced"]),
    )],
    ..ELEMENT
};

const LANG: ElementSchema = ElementSchema {
    name: "lang",
    family: Family::Ssml,
    parents: &["Say", "emphasis", "lang", "p", "s", "prosody"],
    children: &["break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w"],
    text: TextKind::Mixed,
    // NOTE: twilio-node lists 37 values, but the speech engine decides which languages work,
    // so the value is checked by shape and the list is advisory.
    attributes: &[AttributeSchema::new("xml:lang", AttributeKind::Language).known(SSML_LANGUAGES)],
    ..ELEMENT
};

const P: ElementSchema = ElementSchema {
    name: "p",
    family: Family::Ssml,
    parents: &["Say", "lang", "prosody"],
    children: &["break", "emphasis", "lang", "phoneme", "prosody", "s", "say-as", "sub", "w"],
    text: TextKind::Mixed,
    ..ELEMENT
};

const PHONEME: ElementSchema = ElementSchema {
    name: "phoneme",
    family: Family::Ssml,
    parents: INLINE_PARENTS,
    text: TextKind::Free,
    attributes: &[
        AttributeSchema::new(
            "alphabet",
            AttributeKind::Enumeration(&[
                "ipa",
                "x-sampa",
                "x-amazon-jyutping",
                "x-amazon-pinyin",
                "x-amazon-pron-kana",
                "x-amazon-yomigana",
            ]),
        ),
        text("ph"),
    ],
    ..ELEMENT
};

const PROSODY: ElementSchema = ElementSchema {
    name: "prosody",
    family: Family::Ssml,
    parents: INLINE_PARENTS,
    children: &["break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w"],
    text: TextKind::Mixed,
    attributes: &[
        AttributeSchema::new(
            "volume",
            AttributeKind::EnumerationOr(
                &["default", "silent", "x-soft", "soft", "medium", "loud", "x-loud"],
                ValuePattern::Decibels,
            ),
        ),
        // NOTE: 13513 is the dictionary's "Say: invalid rate" warning, after which Twilio speaks
        // at its default rate. `<Say>` has no rate attribute, so the code is tied to this one.
        AttributeSchema::new(
            "rate",
            AttributeKind::EnumerationOr(
                &["x-slow", "slow", "medium", "fast", "x-fast"],
                ValuePattern::Percent,
            ),
        )
        .with_error(13513),
        AttributeSchema::new(
            "pitch",
            AttributeKind::EnumerationOr(
                &["default", "x-low", "low", "medium", "high", "x-high"],
                ValuePattern::SignedPercent,
            ),
        ),
    ],
    ..ELEMENT
};

const S: ElementSchema = ElementSchema {
    name: "s",
    family: Family::Ssml,
    parents: &["Say", "lang", "p", "prosody"],
    children: PHRASE_CHILDREN,
    text: TextKind::Mixed,
    ..ELEMENT
};

const SAY_AS: ElementSchema = ElementSchema {
    name: "say-as",
    family: Family::Ssml,
    parents: INLINE_PARENTS,
    text: TextKind::Free,
    attributes: &[
        AttributeSchema::new(
            "interpret-as",
            AttributeKind::Enumeration(&[
                "characters",
                "spell-out",
                "cardinal",
                "number",
                "ordinal",
                "digits",
                "fraction",
                "unit",
                "date",
                "time",
                "address",
                "expletive",
                "telephone",
            ]),
        ),
        // Only meaningful with `interpret-as="date"`.
        AttributeSchema::new(
            "format",
            AttributeKind::Enumeration(&[
                "mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd",
            ]),
        ),
    ],
    ..ELEMENT
};

const SUB: ElementSchema = ElementSchema {
    name: "sub",
    family: Family::Ssml,
    parents: INLINE_PARENTS,
    text: TextKind::Free,
    attributes: &[text("alias")],
    ..ELEMENT
};

const W: ElementSchema = ElementSchema {
    name: "w",
    family: Family::Ssml,
    parents: &["Say", "emphasis", "lang", "p", "s", "prosody"],
    children: &["break", "emphasis", "phoneme", "prosody", "say-as", "sub"],
    text: TextKind::Mixed,
    attributes: &[text("role")],
    ..ELEMENT
};
