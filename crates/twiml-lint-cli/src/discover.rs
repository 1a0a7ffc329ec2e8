//! Finding the files to read: folders walked for TwiML extensions minus excluded globs, files
//! named on the command line always read, `-` for standard input.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::Diagnostic;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
    /// Standard input, named `-` in output.
    Stdin,
    /// A file on disk.
    File(PathBuf),
}

/// A path that cannot be linted.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub(crate) enum DiscoverError {
    #[error("path not found: {}", path.display())]
    #[diagnostic(
        code(path),
        help("check the spelling, or run from the folder the path is relative to")
    )]
    NotFound { path: PathBuf },

    #[error("cannot follow the symbolic link {}", path.display())]
    #[diagnostic(
        code(path),
        help(
            "the link is dangling or part of a loop: point it at an existing file, or name the file itself"
        )
    )]
    BrokenLink {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot read folder {}", path.display())]
    #[diagnostic(code(path), help("check the folder's permissions"))]
    Walk {
        path: PathBuf,
        #[source]
        source: walkdir::Error,
    },

    #[error("invalid exclude pattern `{pattern}`")]
    #[diagnostic(
        code(config),
        help("patterns are globs such as `vendor/**` or `**/*.generated.xml`")
    )]
    Pattern {
        pattern: String,
        #[source]
        source: globset::Error,
    },

    #[error("invalid shard `{value}`")]
    #[diagnostic(code(args), help("write the shard as K/N with 1 <= K <= N, such as `2/4`"))]
    Shard { value: String },
}

/// Which files to keep when walking folders.
#[derive(Debug)]
pub(crate) struct Filter {
    extensions: Vec<String>,
    exclude: GlobSet,
    root: PathBuf,
}

impl Filter {
    /// A filter keeping `extensions` and dropping paths matching `patterns`, which are relative
    /// to `root`.
    pub(crate) fn new(
        extensions: Vec<String>,
        patterns: &[String],
        root: &Path,
    ) -> Result<Filter, DiscoverError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = Glob::new(pattern)
                .map_err(|source| DiscoverError::Pattern { pattern: pattern.clone(), source })?;
            builder.add(glob);
        }
        let exclude = builder
            .build()
            .map_err(|source| DiscoverError::Pattern { pattern: patterns.join(", "), source })?;
        Ok(Filter { extensions, exclude, root: root.to_path_buf() })
    }

    /// The extensions kept, without the dot.
    pub(crate) fn extensions(&self) -> &[String] {
        &self.extensions
    }

    fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let relative = relative.strip_prefix("./").unwrap_or(relative);
        self.exclude.is_match(relative) || self.exclude.is_match(path)
    }

    fn has_extension(&self, path: &Path) -> bool {
        path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| {
            self.extensions.iter().any(|wanted| wanted.eq_ignore_ascii_case(ext))
        })
    }
}

/// A shard of the inputs, `index` of `count`, both 1-based, chosen by a stable hash of the
/// path so that CI workers split a repository the same way on every run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Parses `K/N`.
    pub(crate) fn parse(value: &str) -> Result<Shard, DiscoverError> {
        let invalid = || DiscoverError::Shard { value: value.to_owned() };
        let (index, count) = value.split_once('/').ok_or_else(invalid)?;
        let index: u64 = index.trim().parse().map_err(|_| invalid())?;
        let count: u64 = count.trim().parse().map_err(|_| invalid())?;
        if count == 0 || index == 0 || index > count {
            return Err(invalid());
        }
        Ok(Shard { index, count })
    }

    fn contains(self, path: &Path) -> bool {
        // FNV-1a, written out because the standard library's hasher is randomly seeded and
        // shards must agree across processes and machines.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in path.to_string_lossy().bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash % self.count == self.index - 1
    }
}

/// Lists the inputs for `paths`, sorted and without duplicates. Files named directly are
/// always kept; files found by walking a folder must have a wanted extension and not be
/// excluded. Hidden entries (names starting with `.`) are skipped while walking.
pub(crate) fn discover(
    paths: &[PathBuf],
    filter: &Filter,
    shard: Option<Shard>,
) -> Result<Vec<Input>, DiscoverError> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            // The link itself is there, so its target is what is missing.
            Err(source) if std::fs::symlink_metadata(path).is_ok() => {
                return Err(DiscoverError::BrokenLink { path: path.clone(), source });
            }
            Err(_) => return Err(DiscoverError::NotFound { path: path.clone() }),
        };
        if !metadata.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        // Not sorted here: the list is sorted once below.
        let walker = walkdir::WalkDir::new(path).follow_links(false);
        let walker = walker.into_iter().filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            entry.depth() == 0 || !(hidden || filter.is_excluded(entry.path()))
        });
        for entry in walker {
            let entry =
                entry.map_err(|source| DiscoverError::Walk { path: path.clone(), source })?;
            if entry.file_type().is_file() && filter.has_extension(entry.path()) {
                inputs.push(Input::File(entry.into_path()));
            }
        }
    }
    inputs.sort_by_cached_key(sort_key);
    inputs.dedup();
    if let Some(shard) = shard {
        inputs.retain(|input| match input {
            Input::Stdin => true,
            Input::File(path) => shard.contains(path),
        });
    }
    Ok(inputs)
}

/// A key that sorts inputs as their `Ord` does, standard input first and paths component by
/// component, but compares as plain bytes. Comparing paths directly parses their components
/// again in every comparison, which dominated the sort of ten thousand files.
fn sort_key(input: &Input) -> Vec<u8> {
    let Input::File(path) = input else { return Vec::new() };
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        // The variants in the order `Component` derives `Ord` in.
        let kind = match component {
            std::path::Component::Prefix(_) => 1,
            std::path::Component::RootDir => 2,
            std::path::Component::CurDir => 3,
            std::path::Component::ParentDir => 4,
            std::path::Component::Normal(_) => 5,
        };
        key.push(kind);
        key.extend_from_slice(component.as_os_str().as_encoded_bytes());
        // Ends the component below any byte a name can hold, so `a` sorts before `a.xml`.
        key.push(0);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_key_orders_as_paths_do() {
        let names = [
            "a.xml",
            "a/b.xml",
            "a-b.xml",
            "a b.xml",
            "a//c.xml",
            "./a.xml",
            "../z.xml",
            "/abs.xml",
            "/",
            "b",
            "ab",
            "a",
            "a.b/c",
            "a/b/c.xml",
            ".hidden",
            "Z.xml",
        ];
        let mut inputs: Vec<Input> =
            names.iter().map(|name| Input::File(PathBuf::from(name))).collect();
        inputs.push(Input::Stdin);
        let mut by_ord = inputs.clone();
        by_ord.sort();
        let mut by_key = inputs;
        by_key.sort_by_cached_key(sort_key);
        assert_eq!(by_key, by_ord);
    }

    #[test]
    fn shard_parse_rejects_out_of_range() {
        assert!(Shard::parse("0/3").is_err());
        assert!(Shard::parse("4/3").is_err());
        assert!(Shard::parse("1/0").is_err());
        assert!(Shard::parse("x").is_err());
        assert!(Shard::parse("2/3").is_ok());
    }

    #[test]
    fn shards_partition_paths() {
        let paths: Vec<PathBuf> = (0..50).map(|n| PathBuf::from(format!("bins/{n}.xml"))).collect();
        let shards: Vec<Shard> =
            (1..=3).map(|k| Shard::parse(&format!("{k}/3")).unwrap()).collect();
        for path in &paths {
            let owners = shards.iter().filter(|shard| shard.contains(path)).count();
            assert_eq!(owners, 1, "{}", path.display());
        }
    }
}
