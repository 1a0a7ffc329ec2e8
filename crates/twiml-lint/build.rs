//! Collects the documentation page of every lint rule, the `//!` comment at the top of each file
//! in `src/rules/`, so that `twiml-lint explain` and the generated rule reference show the same
//! text as the source.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let rules_dir = Path::new("src/rules");
    println!("cargo::rerun-if-changed=src/rules");

    let mut entries: Vec<(String, String)> = Vec::new();
    let Ok(read_dir) = fs::read_dir(rules_dir) else {
        panic!("cannot read {}", rules_dir.display());
    };
    for entry in read_dir.flatten() {
        let path = entry.path();
        if path.extension().and_then(|ext| ext.to_str()) != Some("rs") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else { continue };
        let text = fs::read_to_string(&path).unwrap_or_default();
        let doc: Vec<&str> = text
            .lines()
            .take_while(|line| line.starts_with("//!"))
            .map(|line| line.strip_prefix("//! ").unwrap_or(line.trim_start_matches("//!")))
            .collect();
        entries.push((stem.replace('_', "-"), doc.join("\n").trim().to_owned() + "\n"));
    }
    entries.sort();

    let mut generated = String::from("/// Rule name and documentation page, sorted by name.\n");
    generated.push_str("static RULE_DOCS: &[(&str, &str)] = &[\n");
    for (name, doc) in &entries {
        let _ = writeln!(generated, "    ({name:?}, {doc:?}),");
    }
    generated.push_str("];\n");

    let out =
        Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned())).join("rule_docs.rs");
    if let Err(error) = fs::write(&out, generated) {
        panic!("cannot write {}: {error}", out.display());
    }
}
