//! The TwiML files under `fixtures/` at the workspace root, read from disk on each run so that
//! the tests cover fixtures others add.

use std::path::{Path, PathBuf};

/// The workspace's `fixtures/` folder.
pub(crate) fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Every file under `fixtures/`, sorted, with its bytes.
pub(crate) fn fixture_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    collect(&fixtures_root(), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no fixtures found under {}", fixtures_root().display());
    files
}

fn collect(folder: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "xml" || ext == "twiml") {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            files.push((path, bytes));
        }
    }
}

/// The fixtures that are well-formed XML, as text.
pub(crate) fn well_formed_fixtures() -> Vec<(PathBuf, String)> {
    fixture_files()
        .into_iter()
        .filter_map(|(path, bytes)| {
            let text = String::from_utf8(bytes).ok()?;
            twiml::parse(&text).is_well_formed().then_some((path, text))
        })
        .collect()
}
