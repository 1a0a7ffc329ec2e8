//! # unknown-voice
//!
//! ## What it flags
//!
//! A `<Say>` voice that has none of the shapes of Twilio's voice names:
//!
//! - `man`, `woman` and the legacy `alice`;
//! - an Amazon Polly voice, `Polly.<Name>`, `Polly.<Name>-Neural` or
//!   `Polly.<Name>-Generative`, whose name may have accented letters, as in
//!   `Polly.Mía-Generative`;
//! - a Google voice, `Google.<language>-<REGION>-<type>-<name>`, such as
//!   `Google.en-US-Chirp3-HD-Aoede`.
//!
//! A bare Polly name such as `Joanna`, a macOS voice such as `Alex`, `Man` for `man` and
//! `Polly.Joanna-neural` are flagged, with the voice meant when the rule can tell.
//!
//! Only the shape is checked, because Twilio adds voices often, so a voice of the right shape
//! that does not exist is not caught. Values holding a TwiML Bin template are not checked.
//! The deprecated `alice` is left to `deprecated-element`.
//!
//! ## Why Twilio cares
//!
//! An invalid voice raises warning 13511 ("Say: Invalid voice"), or 13321 inside `<Gather>`,
//! and the text is spoken in another voice or not at all. Since the voice list changes, this
//! rule is a warning rather than an error.
//!
//! ## Example
//!
//! ```xml
//! <Response>
//!   <Say voice="Joanna">Welcome to Acme.</Say>
//! </Response>
//! ```
//!
//! ## Instead
//!
//! ```xml
//! <Response>
//!   <Say voice="Polly.Joanna-Neural">Welcome to Acme.</Say>
//! </Response>
//! ```

use twiml::schema::AttributeKind;

use crate::finding::Severity;
use crate::rule::{Context, Emitter, Group, Rule, is_templated};
use crate::schema_index::Facts;
use crate::tree::{AttributeVerdict, Tree, code, tag};

pub(crate) static RULE: Rule = Rule {
    name: "unknown-voice",
    group: Group::Schema,
    default_severity: Severity::Warning,
    twilio_code: Some(13511),
    summary: "a `<Say>` voice that does not have the shape of a Twilio voice name",
    check: Some(check),
};

/// The suffixes of Polly voices besides the standard engine, which has none.
const POLLY_VARIANTS: &[&str] = &["Neural", "Generative"];

/// The basic voices, which are lower case.
const BASIC_VOICES: &[&str] = &["man", "woman", "alice"];

/// A sample of each accepted shape, for help text.
const SHAPES: &str = "use `man`, `woman`, a Polly voice such as `Polly.Joanna-Neural` or a Google \
                      voice such as `Google.en-US-Neural2-F`";

/// Amazon Polly voice names from the `SayVoice` type of twilio-node, used only to suggest
/// `Polly.<Name>` for a bare name. A name missing here is not reported for that reason.
const POLLY_NAMES: &[&str] = &[
    "Aditi",
    "Adriano",
    "Amy",
    "Andres",
    "Aria",
    "Arlet",
    "Arthur",
    "Astrid",
    "Ayanda",
    "Bianca",
    "Brian",
    "Burcu",
    "Camila",
    "Carla",
    "Carmen",
    "Celine",
    "Chantal",
    "Conchita",
    "Cristiano",
    "Daniel",
    "Danielle",
    "Dora",
    "Elin",
    "Emma",
    "Enrique",
    "Ewa",
    "Filiz",
    "Gabrielle",
    "Geraint",
    "Giorgio",
    "Gregory",
    "Gwyneth",
    "Hala",
    "Hannah",
    "Hans",
    "Hiujin",
    "Ida",
    "Ines",
    "Isabelle",
    "Ivy",
    "Jacek",
    "Jan",
    "Joanna",
    "Joey",
    "Justin",
    "Kajal",
    "Karl",
    "Kazuha",
    "Kendra",
    "Kevin",
    "Kimberly",
    "Laura",
    "Lea",
    "Liam",
    "Lisa",
    "Liv",
    "Lotte",
    "Lucia",
    "Lupe",
    "Mads",
    "Maja",
    "Marlene",
    "Mathieu",
    "Matthew",
    "Maxim",
    "Mia",
    "Mía",
    "Miguel",
    "Mizuki",
    "Naja",
    "Niamh",
    "Nicole",
    "Ola",
    "Olivia",
    "Pedro",
    "Penelope",
    "Raveena",
    "Remi",
    "Rémi",
    "Ricardo",
    "Ruben",
    "Russell",
    "Ruth",
    "Salli",
    "Seoyeon",
    "Sergio",
    "Sofie",
    "Stephen",
    "Suvi",
    "Takumi",
    "Tatyana",
    "Thiago",
    "Tomoko",
    "Vicki",
    "Vitoria",
    "Zayd",
    "Zeina",
    "Zhiyu",
];

/// How many voices found fine are remembered per document. A document uses a few voices many
/// times, so remembering them spares judging each again.
const REMEMBERED_VOICES: usize = 16;

fn check(context: &Context<'_, '_>, emitter: &mut Emitter<'_>) {
    let tree = Tree::new(context);
    let mut fine: Vec<&str> = Vec::new();
    for (index, item) in tree.iter() {
        if !item.facts.contains(Facts::VOICE) {
            continue;
        }
        for (attribute, verdict) in tree.attributes(index) {
            let &AttributeVerdict::Known(schema) = verdict else { continue };
            let value: &str = &attribute.value;
            let is_voice = matches!(schema.kind, AttributeKind::Voice);
            if !is_voice || fine.contains(&value) {
                continue;
            }
            if is_templated(value) || is_templated(attribute.raw_value) {
                continue;
            }
            let Some(help) = problem(value, schema.kind.accepts(value)) else {
                if fine.len() < REMEMBERED_VOICES {
                    fine.push(value);
                }
                continue;
            };
            let span = if value.is_empty() { attribute.span } else { attribute.value_span };
            let message = if value.is_empty() {
                format!("{} for {} is empty", code(attribute.name), tag(item.name))
            } else {
                format!("{} does not look like a Twilio voice name", code(value))
            };
            let finding = emitter.emit(span, message).help(help);
            if let Some(error_code) = schema.error_code {
                finding.code(tree.nested_code(index, error_code));
            }
        }
    }
}

/// Explains what is wrong with `value` as a voice, as help text, or returns `None` when it has
/// a known shape.
/// `accepted` is the schema's own shape check, which this rule tightens: Polly variants must
/// be one Twilio lists, and Google voices need a voice name after the type.
fn problem(value: &str, accepted: bool) -> Option<String> {
    if let Some(polly) = value.strip_prefix("Polly.") {
        return polly_problem(polly, accepted);
    }
    if let Some(google) = value.strip_prefix("Google.") {
        let parts = google.split('-').count();
        return (!accepted || parts < 4).then(|| {
            "Google voices are `Google.<language>-<REGION>-<type>-<name>`, such as \
             `Google.en-US-Neural2-F`"
                .to_owned()
        });
    }
    if accepted {
        return None;
    }
    if let Some(basic) = BASIC_VOICES.iter().find(|basic| basic.eq_ignore_ascii_case(value)) {
        return Some(format!("voice names are case-sensitive: write {}", code(basic)));
    }
    for (prefix, correct) in [("polly.", "Polly."), ("google.", "Google.")] {
        let rest = value.get(prefix.len()..).filter(|_| {
            value.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        });
        if let Some(rest) = rest {
            return Some(format!("write {}", code(&format!("{correct}{rest}"))));
        }
    }
    if let Some(name) = POLLY_NAMES.iter().find(|name| name.eq_ignore_ascii_case(value)) {
        return Some(format!(
            "Amazon Polly voices start with `Polly.`: write {}",
            code(&format!("Polly.{name}"))
        ));
    }
    Some(SHAPES.to_owned())
}

fn polly_problem(polly: &str, accepted: bool) -> Option<String> {
    let (name, variant) = match polly.split_once('-') {
        Some((name, variant)) => (name, Some(variant)),
        None => (polly, None),
    };
    let variant_ok = variant.is_none_or(|variant| POLLY_VARIANTS.contains(&variant));
    let name_ok = name.chars().next().is_some_and(char::is_uppercase);
    if accepted && variant_ok && name_ok {
        return None;
    }
    if let Some(variant) = variant {
        let same = POLLY_VARIANTS.iter().find(|known| known.eq_ignore_ascii_case(variant));
        if let Some(same) = same.filter(|_| name_ok) {
            return Some(format!(
                "voice names are case-sensitive: write {}",
                code(&format!("Polly.{name}-{same}"))
            ));
        }
    }
    if !name_ok && !name.is_empty() && name.chars().all(char::is_alphabetic) {
        let mut chars = name.chars();
        let capital: String =
            chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
        return Some(format!(
            "Polly voice names start with a capital letter: write {}",
            code(&format!("Polly.{capital}"))
        ));
    }
    Some(
        "Polly voices are `Polly.<Name>`, `Polly.<Name>-Neural` or `Polly.<Name>-Generative`, \
         such as `Polly.Joanna-Neural`"
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures() {
        crate::testing::assert_fixtures(&super::RULE);
    }

    #[test]
    fn known_shapes_pass() {
        for voice in [
            "man",
            "woman",
            "alice",
            "Polly.Joanna",
            "Polly.Joanna-Neural",
            "Polly.Mía-Generative",
            "Polly.Rémi-Generative",
            "Google.en-US-Chirp3-HD-Aoede",
            "Google.fil-ph-Neural2-A",
            "Google.cmn-CN-Standard-A",
        ] {
            let accepted = AttributeKind::Voice.accepts(voice);
            assert_eq!(problem(voice, accepted), None, "{voice}");
        }
    }

    #[test]
    fn other_shapes_get_help() {
        let help = |voice: &str| problem(voice, AttributeKind::Voice.accepts(voice));
        assert_eq!(help("Man").as_deref(), Some("voice names are case-sensitive: write `man`"));
        assert_eq!(help("polly.Joanna").as_deref(), Some("write `Polly.Joanna`"));
        assert_eq!(
            help("Polly.Joanna-neural").as_deref(),
            Some("voice names are case-sensitive: write `Polly.Joanna-Neural`")
        );
        assert!(help("Polly.Joanna-Standard").is_some());
        assert!(help("Google.en-US-Standard").is_some());
        assert!(help("Joanna").is_some_and(|help| help.ends_with("write `Polly.Joanna`")));
        assert!(help("Alex").is_some_and(|help| help.starts_with("use `man`")));
        assert!(help("bob").is_some());
    }
}
