//! Resolution: where a reference leads.
//!
//! A relative URL resolves against the document's own URL, as Twilio resolves it. The
//! [`BinMap`] knows the deployed URL of local files, from a `[bins]` table (file → URL) and
//! from base URLs of folders (`base-url = "https://example.com/twiml/"` maps `menu.xml` in
//! that folder to `https://example.com/twiml/menu.xml`), so that a reference to another
//! document of the repository is checked against the local file with no network. A file with
//! no deployed URL still resolves relative references against its folder on disk.

use std::path::{Component, Path, PathBuf};

use url::Url;

use crate::links::overrides::strip_fragment;

/// Deployed URLs of local files.
#[derive(Debug, Clone, Default)]
pub struct BinMap {
    /// Single files and their URLs, as normalized paths.
    files: Vec<(PathBuf, Url)>,
    /// Folders and the base URL their files are deployed under, ending in `/`.
    bases: Vec<(PathBuf, Url)>,
}

/// A deployed URL that cannot map a file or folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid URL {url:?}: {reason}")]
pub struct MappingError {
    /// The URL as given.
    pub url: String,
    /// What is wrong with it.
    pub reason: String,
}

impl BinMap {
    /// Maps the file at `path` to the deployed `url`.
    pub fn add_file(&mut self, path: &Path, url: &str) -> Result<(), MappingError> {
        let error = |reason: String| MappingError { url: url.to_owned(), reason };
        let parsed = Url::parse(url).map_err(|err| error(err.to_string()))?;
        if parsed.scheme() != "http" && parsed.scheme() != "https" {
            return Err(error("it must start with https:// or http://".to_owned()));
        }
        self.files.push((normalize(path), without_query(&parsed)));
        Ok(())
    }

    /// Maps every file under `folder` to the same relative path under `base`. A base without
    /// a trailing `/` gets one, so that `…/twiml` and `…/twiml/` both map `menu.xml` to
    /// `…/twiml/menu.xml`.
    pub fn add_base(&mut self, folder: &Path, base: &str) -> Result<(), MappingError> {
        let error = |reason: String| MappingError { url: base.to_owned(), reason };
        let mut url = Url::parse(base).map_err(|err| error(err.to_string()))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(error("it must start with https:// or http://".to_owned()));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(error("it must not have a query or fragment".to_owned()));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        self.bases.push((normalize(folder), url));
        Ok(())
    }

    /// Whether nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.bases.is_empty()
    }

    /// The deployed URL of the file at `path`, if it is mapped.
    pub fn url_of(&self, path: &Path) -> Option<Url> {
        if self.is_empty() {
            return None;
        }
        let path = normalize(path);
        if let Some((_, url)) = self.files.iter().find(|(file, _)| *file == path) {
            return Some(url.clone());
        }
        self.bases.iter().find_map(|(folder, base)| {
            let relative = path.strip_prefix(folder).ok()?;
            let mut segments = Vec::new();
            for component in relative.components() {
                let Component::Normal(segment) = component else { return None };
                segments.push(segment.to_str()?.to_owned());
            }
            let mut url = base.clone();
            url.path_segments_mut().ok()?.pop_if_empty().extend(&segments);
            Some(url)
        })
    }

    /// The local file that `url` is deployed from, if the URL is mapped; the file may be
    /// missing, which the caller reports.
    pub fn file_of(&self, url: &Url) -> Option<PathBuf> {
        if self.is_empty() {
            return None;
        }
        let bare = without_query(url);
        if let Some((file, _)) = self.files.iter().find(|(_, mapped)| *mapped == bare) {
            return Some(file.clone());
        }
        self.bases.iter().find_map(|(folder, base)| {
            let rest = bare.as_str().strip_prefix(base.as_str())?;
            if rest.is_empty() || rest.ends_with('/') {
                return None;
            }
            let mut path = folder.clone();
            for segment in rest.split('/') {
                let decoded = percent_encoding::percent_decode_str(segment).decode_utf8().ok()?;
                if decoded.is_empty() || decoded == "." || decoded == ".." || decoded.contains('\\')
                {
                    return None;
                }
                path.push(decoded.as_ref());
            }
            Some(path)
        })
    }
}

/// Where a reference leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The document that holds the reference.
    Current,
    /// A local file, found on disk.
    Local {
        /// The file, normalized.
        path: PathBuf,
        /// Its deployed URL, when mapped.
        url: Option<Url>,
    },
    /// A mapped URL whose local file does not exist.
    MissingLocal {
        /// Where the file should be.
        path: PathBuf,
        /// The URL as resolved.
        url: Url,
    },
    /// A URL outside the repository, fetched over the network. The fragment is removed.
    Remote(Url),
    /// A URL whose value depends on request parameters (`{{From}}`), so it is not checked.
    Templated,
    /// A URL that cannot be resolved, with the reason and what to do.
    Unresolved(String),
    /// A relative URL that only a deployed URL would resolve: one relative to the host, or any
    /// relative URL in a document with no path, when the document has no deployed URL. The
    /// reason is given.
    Unplaced(String),
}

/// The document a reference is in: its deployed or fetched URL and its local file, each if
/// known.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The URL the document is requested at.
    pub url: Option<Url>,
    /// The local file, for documents of the repository.
    pub path: Option<PathBuf>,
}

/// Resolves `reference` written in the document at `place`. `exists` tells whether a local
/// file is there: on disk, or among documents the caller holds in memory.
pub fn resolve(
    reference: &str,
    implicit: bool,
    place: &Place,
    map: &BinMap,
    exists: &dyn Fn(&Path) -> bool,
) -> Target {
    if implicit {
        return Target::Current;
    }
    if crate::rule::is_templated(reference) {
        return Target::Templated;
    }
    let without_fragment = strip_fragment(reference);
    let absolute = match Url::parse(without_fragment) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => match &place.url {
            Some(base) => match base.join(without_fragment) {
                Ok(joined) => joined,
                Err(error) => return Target::Unresolved(format!("invalid relative URL: {error}")),
            },
            None => return resolve_on_disk(without_fragment, place, exists),
        },
        Err(error) => return Target::Unresolved(format!("invalid URL: {error}")),
    };
    classify(absolute, place, map, exists)
}

fn classify(url: Url, place: &Place, map: &BinMap, exists: &dyn Fn(&Path) -> bool) -> Target {
    if let Some(path) = map.file_of(&url) {
        if place.path.as_ref().is_some_and(|own| normalize(own) == path) {
            return Target::Current;
        }
        return if exists(&path) {
            Target::Local { path, url: Some(url) }
        } else {
            Target::MissingLocal { path, url }
        };
    }
    if place.url.as_ref().is_some_and(|own| *own == url) {
        return Target::Current;
    }
    Target::Remote(url)
}

/// Resolves a relative URL in a file with no deployed URL against the file's folder.
fn resolve_on_disk(relative: &str, place: &Place, exists: &dyn Fn(&Path) -> bool) -> Target {
    let no_url = "the file has no deployed URL, so a relative URL cannot be resolved";
    let Some(own) = &place.path else { return Target::Unplaced(no_url.to_owned()) };
    let path_part = relative.split(['?', '#']).next().unwrap_or("");
    if path_part.starts_with('/') {
        return Target::Unplaced(format!("{no_url} from the root of its host"));
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(path_part).decode_utf8() else {
        return Target::Unresolved("the relative URL is not valid UTF-8 once decoded".to_owned());
    };
    if decoded.is_empty() {
        return Target::Current;
    }
    let folder = own.parent().unwrap_or_else(|| Path::new(""));
    let path = normalize(&folder.join(decoded.as_ref()));
    if path == normalize(own) {
        return Target::Current;
    }
    if exists(&path) {
        Target::Local { path, url: None }
    } else {
        Target::Unresolved(format!("{no_url}, and no file {} exists beside it", path.display()))
    }
}

/// The URL without query and fragment, for matching bins, which ignore template parameters.
fn without_query(url: &Url) -> Url {
    let mut bare = url.clone();
    bare.set_query(None);
    bare.set_fragment(None);
    bare
}

/// A path made absolute and free of `.` and `..`, so that `./bins/a.xml` and `bins/a.xml`
/// compare equal. Symbolic links are resolved when the path exists.
pub fn normalize(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return canonical;
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other.as_os_str()),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("valid test URL")
    }

    fn resolve_here(reference: &str, implicit: bool, place: &Place, map: &BinMap) -> Target {
        resolve(reference, implicit, place, map, &|path: &Path| path.is_file())
    }

    fn folder_with(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
            std::fs::write(path, "<Response/>").expect("write file");
        }
        dir
    }

    #[test]
    fn base_url_maps_both_ways() {
        let dir = folder_with(&["menu.xml", "sub/deep.xml"]);
        let mut map = BinMap::default();
        map.add_base(dir.path(), "https://example.com/twiml").expect("valid base");
        let menu = dir.path().join("menu.xml");
        assert_eq!(map.url_of(&menu), Some(url("https://example.com/twiml/menu.xml")));
        assert_eq!(
            map.url_of(&dir.path().join("sub/deep.xml")),
            Some(url("https://example.com/twiml/sub/deep.xml"))
        );
        assert_eq!(
            map.file_of(&url("https://example.com/twiml/menu.xml?x=1")),
            Some(normalize(&menu))
        );
        assert_eq!(map.file_of(&url("https://example.com/twiml/../etc/passwd")), None);
        assert_eq!(map.file_of(&url("https://example.com/other/menu.xml")), None);
    }

    #[test]
    fn bins_table_maps_one_file() {
        let dir = folder_with(&["main.xml"]);
        let mut map = BinMap::default();
        let bin = url("https://handler.twilio.com/twiml/EH00000000000000000000000000000000");
        map.add_file(&dir.path().join("main.xml"), bin.as_str()).expect("valid URL");
        assert_eq!(map.url_of(&dir.path().join("main.xml")), Some(bin.clone()));
        let with_params =
            url("https://handler.twilio.com/twiml/EH00000000000000000000000000000000?Name=Jane");
        assert_eq!(map.file_of(&with_params), Some(normalize(&dir.path().join("main.xml"))));
    }

    #[test]
    fn relative_references_resolve_against_the_deployed_url() {
        let dir = folder_with(&["main.xml", "menu.xml"]);
        let mut map = BinMap::default();
        map.add_base(dir.path(), "https://example.com/twiml/").expect("valid base");
        let main = dir.path().join("main.xml");
        let place = Place { url: map.url_of(&main), path: Some(main.clone()) };

        let target = resolve_here("menu.xml#ct=1000", false, &place, &map);
        assert_eq!(
            target,
            Target::Local {
                path: normalize(&dir.path().join("menu.xml")),
                url: Some(url("https://example.com/twiml/menu.xml"))
            }
        );
        assert!(matches!(
            resolve_here("missing.xml", false, &place, &map),
            Target::MissingLocal { .. }
        ));
        assert_eq!(resolve_here("main.xml", false, &place, &map), Target::Current);
        assert_eq!(
            resolve_here("https://other.test/x", false, &place, &map),
            Target::Remote(url("https://other.test/x"))
        );
        assert_eq!(
            resolve_here("/voice", false, &place, &map),
            Target::Remote(url("https://example.com/voice"))
        );
        assert_eq!(resolve_here("{{Next}}", false, &place, &map), Target::Templated);
        assert_eq!(resolve_here("", true, &place, &map), Target::Current);
    }

    #[test]
    fn unmapped_files_resolve_on_disk() {
        let dir = folder_with(&["main.xml", "menu.xml"]);
        let place = Place { url: None, path: Some(dir.path().join("main.xml")) };
        let map = BinMap::default();
        assert!(matches!(
            resolve_here("menu.xml", false, &place, &map),
            Target::Local { url: None, .. }
        ));
        assert!(matches!(resolve_here("nope.xml", false, &place, &map), Target::Unresolved(_)));
        assert!(matches!(resolve_here("/root.xml", false, &place, &map), Target::Unplaced(_)));
        assert_eq!(resolve_here("main.xml", false, &place, &map), Target::Current);
    }
}
