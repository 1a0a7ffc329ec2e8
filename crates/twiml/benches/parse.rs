//! Parser throughput: `twiml::parse` beside quick-xml's bare event loop over the same bytes.
//!
//! The corpus is generated here from a fixed seed, so every run measures the same input. It
//! holds thousands of TwiML documents of 0.5 to 3 kB in the shapes bins take in practice:
//! `<Say>` with SSML, `<Gather>` menus, `<Dial>` with nouns, Mustache templates, comments,
//! entity and character references. Run it with `cargo bench -p twiml --bench parse`. The
//! results and the machine they came from are recorded in `docs/benchmarks.md`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Appends formatted text to a `String`, which accepts every write of these arguments, so the
/// `expect` never fires.
macro_rules! push {
    ($out:expr, $($format:tt)*) => {
        $out.write_fmt(format_args!($($format)*)).expect("writing to a String cannot fail")
    };
}

/// How many documents the corpus holds.
const DOCUMENTS: usize = 2_000;
/// The seed of the generator, fixed so that every run parses the same corpus.
const SEED: u64 = 0x7769_6d6c_2d6c_696e;

/// A xorshift64* generator: deterministic, and enough to pick words and shapes.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Returns a number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "thank",
    "you",
    "for",
    "calling",
    "our",
    "office",
    "please",
    "press",
    "one",
    "to",
    "reach",
    "sales",
    "two",
    "support",
    "the",
    "menu",
    "has",
    "changed",
    "your",
    "call",
    "may",
    "be",
    "recorded",
    "quality",
    "purposes",
    "hours",
    "are",
    "Monday",
    "through",
    "Friday",
    "café",
    "señor",
    "Straße",
    "&amp;",
    "&#233;",
    "&apos;",
    "{{From}}",
    "{{Caller}}",
    "account",
];
const VOICES: &[&str] =
    &["Polly.Joanna", "Polly.Mía-Generative", "Polly.Rémi-Generative", "alice", "man", "woman"];
const LANGUAGES: &[&str] = &["en-US", "en-GB", "es-ES", "fr-FR", "de-DE"];
const PATHS: &[&str] = &["/menu", "/voicemail", "/queue/wait", "/ivr/step", "/status"];

fn sentence(generator: &mut Generator, out: &mut String) {
    let words = 4 + generator.below(10);
    for index in 0..words {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(generator.pick(WORDS));
    }
    out.push('.');
}

fn url(generator: &mut Generator) -> String {
    format!(
        "https://example.com{}?step={}&amp;lang={}",
        generator.pick(PATHS),
        generator.below(9),
        generator.pick(LANGUAGES)
    )
}

fn say(generator: &mut Generator, indent: &str, out: &mut String) {
    let voice = generator.pick(VOICES);
    let language = generator.pick(LANGUAGES);
    push!(out, "{indent}<Say voice=\"{voice}\" language=\"{language}\">");
    sentence(generator, out);
    for _ in 0..generator.below(4) {
        out.push(' ');
        match generator.below(5) {
            0 => out.push_str("<break time=\"500ms\"/>"),
            1 => {
                out.push_str("<emphasis level=\"moderate\">");
                sentence(generator, out);
                out.push_str("</emphasis>");
            }
            2 => {
                out.push_str("<prosody rate=\"slow\" pitch=\"+5%\">");
                sentence(generator, out);
                out.push_str("</prosody>");
            }
            3 => out.push_str("<say-as interpret-as=\"telephone\">+1 512 555 0100</say-as>"),
            _ => out.push_str("<sub alias=\"World Wide Web\">WWW</sub>"),
        }
        out.push(' ');
        sentence(generator, out);
    }
    out.push_str("</Say>\n");
}

fn gather(generator: &mut Generator, out: &mut String) {
    push!(
        out,
        "  <Gather input=\"dtmf speech\" action=\"{}\" method=\"POST\" numDigits=\"1\" \
         timeout=\"{}\" hints=\"sales, support, billing\">\n",
        url(generator),
        3 + generator.below(5)
    );
    for _ in 0..=generator.below(3) {
        say(generator, "    ", out);
        if generator.chance(40) {
            out.push_str("    <Pause length=\"1\"/>\n");
        }
    }
    out.push_str("  </Gather>\n");
}

fn dial(generator: &mut Generator, out: &mut String) {
    push!(
        out,
        "  <Dial callerId=\"{{{{From}}}}\" timeout=\"{}\" record=\"record-from-answer\" \
         action=\"{}\">\n",
        10 + generator.below(20),
        url(generator)
    );
    for _ in 0..=generator.below(3) {
        match generator.below(5) {
            0 => push!(
                out,
                "    <Number sendDigits=\"wwww{}\" statusCallback=\"{}\" \
                 statusCallbackEvent=\"initiated ringing answered completed\">+1512555{:04}</Number>\n",
                generator.below(1000),
                url(generator),
                generator.below(10_000)
            ),
            1 => out.push_str("    <Client><Identity>agent_{{Agent}}</Identity></Client>\n"),
            2 => out.push_str(
                "    <Sip username=\"user1\">sip:user1@example.sip.twilio.com?x-a=1&amp;x-b=2</Sip>\n",
            ),
            3 => out.push_str(
                "    <Conference startConferenceOnEnter=\"true\" endConferenceOnExit=\"false\" \
                 waitUrl=\"https://example.com/hold.xml\">Room 1234</Conference>\n",
            ),
            _ => out.push_str("    {{#Dest}}<Number>{{.}}</Number>{{/Dest}}\n"),
        }
    }
    out.push_str("  </Dial>\n");
}

fn verb(generator: &mut Generator, out: &mut String) {
    match generator.below(10) {
        0..=2 => say(generator, "  ", out),
        3 | 4 => gather(generator, out),
        5 => dial(generator, out),
        6 => push!(
            out,
            "  <Play loop=\"{}\">https://example.com/audio/greeting-{}.mp3</Play>\n",
            1 + generator.below(3),
            generator.below(100)
        ),
        7 => push!(
            out,
            "  <!-- {} step {} -->\n",
            generator.pick(&["menu", "greeting", "fallback"]),
            generator.below(10)
        ),
        8 => push!(
            out,
            "  <Record maxLength=\"60\" playBeep=\"true\" action=\"{}\" transcribe=\"false\"/>\n",
            url(generator)
        ),
        _ => push!(out, "  <Redirect method=\"POST\">{}</Redirect>\n", url(generator)),
    }
}

fn document(generator: &mut Generator) -> String {
    let target = 500 + generator.below(2_500);
    let mut out = String::with_capacity(target + 512);
    if generator.chance(70) {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    out.push_str("<Response>\n");
    while out.len() + 12 < target {
        verb(generator, &mut out);
    }
    if generator.chance(30) {
        out.push_str("  <Hangup/>\n");
    }
    out.push_str("</Response>\n");
    out
}

fn corpus() -> Vec<String> {
    let mut generator = Generator(SEED);
    (0..DOCUMENTS).map(|_| document(&mut generator)).collect()
}

/// Reads every event of `source` with quick-xml's default configuration, and does nothing
/// else: the floor for any parser built on such a reader.
fn read_events(source: &str) -> usize {
    let mut reader = Reader::from_str(source);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return events,
            Ok(event) => {
                black_box(event);
                events += 1;
            }
        }
    }
}

fn throughput(criterion: &mut Criterion) {
    let documents = corpus();
    for source in &documents {
        let document = twiml::parse(source);
        assert!(document.problems.is_empty(), "{source}\n{:?}", document.problems);
    }
    let bytes: usize = documents.iter().map(String::len).sum();

    let mut group = criterion.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("quick-xml events", |bencher| {
        bencher.iter(|| documents.iter().map(|source| read_events(source)).sum::<usize>());
    });
    group.bench_function("twiml::parse", |bencher| {
        bencher.iter(|| {
            for source in &documents {
                black_box(twiml::parse(black_box(source)));
            }
        });
    });
    // Cloning the parsed documents allocates, copies and frees what parsing builds, and reads
    // no byte of the source: it shows how much of the time above the model alone takes.
    let parsed: Vec<_> = documents.iter().map(|source| twiml::parse(source)).collect();
    group.bench_function("document clone and drop", |bencher| {
        bencher.iter(|| {
            for document in &parsed {
                black_box(document.clone());
            }
        });
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
