//! SSML elements for `<Say>`: pauses, emphasis, languages, paragraphs and sentences,
//! pronunciation, prosody and words. Their text is spoken as written, whitespace included.

use crate::builder::{
    BreakStrength, BreakTime, BuildError, DateFormat, EmphasisLevel, InterpretAs, PhonemeAlphabet,
    ProsodyPitch, ProsodyRate, ProsodyVolume, attributes, children, element, mixed_text, new_empty,
    push_text,
};

/// Declares a constructor that takes the element's text.
macro_rules! text_constructor {
    ($type:ident, $doc:literal) => {
        impl $type {
            #[doc = $doc]
            pub fn new(text: impl Into<String>) -> $type {
                let mut built = $type::empty_element();
                push_text(&mut built.element, text.into());
                built
            }
        }
    };
}

element! {
    /// `<break>`: a pause in speech.
    Break = "break" in "Say"
}

new_empty!(Break, "Creates a `<break>` of the engine's default length.");

attributes!(Break {
    /// Sets `strength`.
    strength: value(BreakStrength) = "strength";
    /// Sets `time`.
    time: value(BreakTime) = "time";
});

element! {
    /// `<emphasis>`: speaks its content with emphasis.
    Emphasis = "emphasis" in "Say"
}

new_empty!(Emphasis, "Creates an empty `<emphasis>`; add content with `text` and `append`.");
mixed_text!(Emphasis);

attributes!(Emphasis {
    /// Sets `level`.
    level: value(EmphasisLevel) = "level";
});

children!(Emphasis: Break, Emphasis, Lang, Phoneme, Prosody, SayAs, Sub, Word);

element! {
    /// `<lang>`: speaks its content in another language.
    Lang = "lang" in "Say"
}

impl Lang {
    /// Speaks the content in `language`, such as `fr-FR`, written as `xml:lang`.
    pub fn new(language: impl Into<String>) -> Result<Lang, BuildError> {
        let language = crate::builder::clean(language.into());
        crate::builder::check_attribute(Lang::NAME_AND_PARENT, "xml:lang", &language)?;
        let mut built = Lang::empty_element();
        crate::builder::set_attribute(&mut built.element, "xml:lang", language);
        Ok(built)
    }

    fn sample_new() -> Lang {
        let mut built = Lang::empty_element();
        crate::builder::set_attribute(&mut built.element, "xml:lang", "fr-FR".to_owned());
        built
    }
}

mixed_text!(Lang);

attributes!(Lang {
    /// Set by [`Lang::new`].
    new: new = "xml:lang";
});

children!(Lang: Break, Emphasis, Lang, Paragraph, Phoneme, Prosody, Sentence, SayAs, Sub, Word);

element! {
    /// `<p>`: a paragraph.
    Paragraph = "p" in "Say"
}

new_empty!(Paragraph, "Creates an empty `<p>`; add content with `text` and `append`.");
mixed_text!(Paragraph);

children!(Paragraph: Break, Emphasis, Lang, Phoneme, Prosody, Sentence, SayAs, Sub, Word);

element! {
    /// `<phoneme>`: text spoken with a given pronunciation.
    Phoneme = "phoneme" in "Say"
}

text_constructor!(Phoneme, "The text `text`; give its pronunciation with `ph`.");

attributes!(Phoneme {
    /// Sets `alphabet` of the pronunciation.
    alphabet: value(PhonemeAlphabet) = "alphabet";
    /// Sets `ph`: the pronunciation.
    ph: text = "ph";
});

element! {
    /// `<prosody>`: changes volume, rate or pitch.
    Prosody = "prosody" in "Say"
}

new_empty!(Prosody, "Creates an empty `<prosody>`; add content with `text` and `append`.");
mixed_text!(Prosody);

attributes!(Prosody {
    /// Sets `volume`.
    volume: value(ProsodyVolume) = "volume";
    /// Sets `rate`.
    rate: value(ProsodyRate) = "rate";
    /// Sets `pitch`.
    pitch: value(ProsodyPitch) = "pitch";
});

children!(Prosody: Break, Emphasis, Lang, Paragraph, Phoneme, Prosody, Sentence, SayAs, Sub, Word);

element! {
    /// `<s>`: a sentence.
    Sentence = "s" in "Say"
}

new_empty!(Sentence, "Creates an empty `<s>`; add content with `text` and `append`.");
mixed_text!(Sentence);

children!(Sentence: Break, Emphasis, Lang, Phoneme, Prosody, SayAs, Sub, Word);

element! {
    /// `<say-as>`: text read as a number, date, telephone number, …
    SayAs = "say-as" in "Say"
}

text_constructor!(SayAs, "The text `text`; say how to read it with `interpret_as`.");

attributes!(SayAs {
    /// Sets `interpret-as`.
    interpret_as: value(InterpretAs) = "interpret-as";
    /// Sets `format` of a date.
    format: value(DateFormat) = "format";
});

element! {
    /// `<sub>`: text spoken as its alias.
    Sub = "sub" in "Say"
}

text_constructor!(Sub, "The text `text`; give what to say instead with `alias`.");

attributes!(Sub {
    /// Sets `alias`: what is spoken in place of the text.
    alias: text = "alias";
});

element! {
    /// `<w>`: a word with a part of speech.
    Word = "w" in "Say"
}

new_empty!(Word, "Creates an empty `<w>`; add content with `text` and `append`.");
mixed_text!(Word);

attributes!(Word {
    /// Sets `role`, such as `amazon:VB` for a verb.
    role: text = "role";
});

children!(Word: Break, Emphasis, Phoneme, Prosody, SayAs, Sub);
