//! Finding the files to read: folders walked for TwiML extensions minus excluded globs, files
//! named on the command line always read, `-` for standard input.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
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
    #[diagnostic(code(path), help("check the folder's permissions, or exclude it"))]
    Walk {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("invalid exclude pattern `{pattern}` in {origin}")]
    #[diagnostic(
        code(exclude),
        help(
            "patterns are globs such as `vendor/**`, `bins/*.xml` or `*.generated.xml`; see docs/configuration.md"
        )
    )]
    Pattern {
        pattern: String,
        /// The place the pattern was written: `--exclude`, or the `exclude` key of a config file.
        origin: String,
        #[source]
        source: globset::Error,
    },

    #[error("invalid shard `{value}`")]
    #[diagnostic(code(args), help("write the shard as K/N with 1 <= K <= N, such as `2/4`"))]
    Shard { value: String },
}

impl DiscoverError {
    /// Writes the error on one line: what failed, why, and what to do.
    pub(crate) fn line(&self) -> String {
        use std::error::Error as _;
        use std::fmt::Write as _;

        let mut line = self.to_string();
        if let Some(source) = self.source() {
            let _ = write!(line, ": {source}");
        }
        if let Some(help) = self.help() {
            let _ = write!(line, "; {help}");
        }
        line
    }
}

/// Which files to keep when walking folders.
#[derive(Debug)]
pub(crate) struct Filter {
    extensions: Vec<String>,
    excludes: Vec<Exclude>,
    /// The current folder, which relative paths given to [`discover`] start from.
    current_dir: PathBuf,
}

/// Exclude patterns written in one place, and the folder they are relative to.
///
/// As in `.gitignore`, a pattern without a `/` matches a file or folder name at any depth,
/// and a pattern with one matches the path relative to `root`. A leading `/` only anchors a
/// pattern, and a trailing `/` makes it match folders only. `*` and `?` never match a `/`, and
/// `**` matches any number of folders.
#[derive(Debug)]
struct Exclude {
    /// The folder paths are matched relative to: absolute, without `.` or `..`.
    root: PathBuf,
    /// Patterns matched against a file's or folder's name.
    names: Patterns,
    /// Patterns matched against the path relative to `root`.
    paths: Patterns,
}

/// Globs, with those that match folders only kept apart.
#[derive(Debug, Default)]
struct Patterns {
    any: GlobSet,
    folders: GlobSet,
}

impl Patterns {
    fn is_empty(&self) -> bool {
        self.any.is_empty() && self.folders.is_empty()
    }

    fn is_match(&self, path: &Path, is_folder: bool) -> bool {
        self.any.is_match(path) || (is_folder && self.folders.is_match(path))
    }
}

impl Filter {
    /// Creates a filter that keeps `extensions` and excludes nothing yet. `current_dir` is the
    /// folder relative paths start from.
    pub(crate) fn new(extensions: Vec<String>, current_dir: &Path) -> Filter {
        Filter { extensions, excludes: Vec::new(), current_dir: current_dir.to_path_buf() }
    }

    /// Excludes paths matching `patterns`, which are relative to `root`. `origin` names where
    /// the patterns were written, for the error about an invalid one.
    pub(crate) fn exclude(
        &mut self,
        patterns: &[String],
        root: &Path,
        origin: &str,
    ) -> Result<(), DiscoverError> {
        if patterns.is_empty() {
            return Ok(());
        }
        let mut names = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let mut paths = (GlobSetBuilder::new(), GlobSetBuilder::new());
        for pattern in patterns {
            let invalid = |source| DiscoverError::Pattern {
                pattern: pattern.clone(),
                origin: origin.to_owned(),
                source,
            };
            let folders_only = pattern.ends_with('/');
            let trimmed = pattern.trim_end_matches('/');
            let anchored = trimmed.contains('/');
            let trimmed = trimmed.trim_start_matches("./").trim_start_matches('/');
            let glob =
                GlobBuilder::new(trimmed).literal_separator(true).build().map_err(invalid)?;
            let builders = if anchored { &mut paths } else { &mut names };
            if folders_only {
                builders.1.add(glob)
            } else {
                builders.0.add(glob)
            };
        }
        let build = |builder: GlobSetBuilder| {
            builder.build().map_err(|source| DiscoverError::Pattern {
                pattern: patterns.join(", "),
                origin: origin.to_owned(),
                source,
            })
        };
        self.excludes.push(Exclude {
            root: absolute(root, &self.current_dir),
            names: Patterns { any: build(names.0)?, folders: build(names.1)? },
            paths: Patterns { any: build(paths.0)?, folders: build(paths.1)? },
        });
        Ok(())
    }

    /// The extensions kept, without the dot.
    pub(crate) fn extensions(&self) -> &[String] {
        &self.extensions
    }

    /// Returns the path of `folder`, a folder about to be walked, relative to the root of each
    /// exclude, in the order of the excludes.
    fn bases(&self, folder: &Path) -> Vec<PathBuf> {
        let folder = absolute(folder, &self.current_dir);
        self.excludes.iter().map(|exclude| relative_to(&folder, &exclude.root)).collect()
    }

    /// Checks whether a walk entry is excluded. `bases` comes from [`Filter::bases`] for the
    /// folder walked, and `within` is the entry's path relative to that folder.
    fn is_excluded(&self, bases: &[PathBuf], within: &Path, is_folder: bool) -> bool {
        let name = within.file_name().map(Path::new);
        self.excludes.iter().zip(bases).any(|(exclude, base)| {
            let by_name = name.is_some_and(|name| exclude.names.is_match(name, is_folder));
            by_name
                || (!exclude.paths.is_empty()
                    && exclude.paths.is_match(&base.join(within), is_folder))
        })
    }

    fn has_extension(&self, path: &Path) -> bool {
        path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| {
            self.extensions.iter().any(|wanted| wanted.eq_ignore_ascii_case(ext))
        })
    }
}

/// Returns `path` made absolute against `current_dir`, with `.` and `..` removed by reading
/// the path alone, so that a symbolic link in it is kept as written.
pub(crate) fn absolute(path: &Path, current_dir: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for component in current_dir.join(path).components() {
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

/// Returns `path` relative to `root`, both absolute and clean, with `..` for each folder of
/// `root` that `path` is not in.
fn relative_to(path: &Path, root: &Path) -> PathBuf {
    let mut path_components = path.components().peekable();
    let mut root_components = root.components().peekable();
    while let (Some(a), Some(b)) = (path_components.peek(), root_components.peek()) {
        if a != b {
            break;
        }
        path_components.next();
        root_components.next();
    }
    let mut relative: PathBuf = root_components.map(|_| Component::ParentDir).collect();
    relative.extend(path_components);
    relative
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

/// The inputs found for a list of paths, and the folders that could not be read on the way.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    /// The inputs, sorted and without duplicates.
    pub(crate) inputs: Vec<Input>,
    /// A [`DiscoverError::Walk`] for each folder that could not be read. The walk goes on
    /// without it.
    pub(crate) unreadable: Vec<DiscoverError>,
}

/// Lists the inputs for `paths`, sorted and without duplicates. Files named directly are
/// always kept; files found by walking a folder, and symbolic links to files, must have a
/// wanted extension and not be excluded. Hidden entries (names starting with `.`) are skipped
/// while walking, and symbolic links to folders are not followed. A path that does not exist
/// is an error, but a folder that cannot be read while walking is only listed in
/// [`Discovered::unreadable`].
pub(crate) fn discover(
    paths: &[PathBuf],
    filter: &Filter,
    shard: Option<Shard>,
) -> Result<Discovered, DiscoverError> {
    let mut inputs = Vec::new();
    let mut unreadable = Vec::new();
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
        walk(path, filter, &mut inputs, &mut unreadable);
    }
    inputs.sort_by_cached_key(sort_key);
    inputs.dedup();
    if let Some(shard) = shard {
        inputs.retain(|input| match input {
            Input::Stdin => true,
            Input::File(path) => shard.contains(path),
        });
    }
    Ok(Discovered { inputs, unreadable })
}

/// Walks `folder`, adding the files `filter` keeps to `inputs` and an error for each folder
/// that cannot be read to `unreadable`.
fn walk(
    folder: &Path,
    filter: &Filter,
    inputs: &mut Vec<Input>,
    unreadable: &mut Vec<DiscoverError>,
) {
    let bases = filter.bases(folder);
    // Not sorted here: the caller sorts the whole list once.
    let walker = walkdir::WalkDir::new(folder).follow_links(false);
    let walker = walker.into_iter().filter_entry(|entry| {
        if entry.depth() == 0 {
            return true;
        }
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let within = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        !(hidden || filter.is_excluded(&bases, within, entry.file_type().is_dir()))
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(folder).to_path_buf();
                let source = error
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("the folder could not be listed"));
                unreadable.push(DiscoverError::Walk { path, source });
                continue;
            }
        };
        let kind = entry.file_type();
        let is_file = kind.is_file() || (kind.is_symlink() && is_link_to_file(entry.path()));
        if is_file && filter.has_extension(entry.path()) {
            inputs.push(Input::File(entry.into_path()));
        }
    }
}

/// Checks whether the symbolic link at `path` points to a file. A link to a folder is not
/// followed, so that a link to a parent folder cannot make the walk go round forever, and a
/// link to nothing is skipped. Both are logged.
fn is_link_to_file(path: &Path) -> bool {
    match std::fs::metadata(path) {
        Ok(target) if target.is_dir() => {
            log::debug!("not walking {}: it is a symbolic link to a folder", path.display());
            false
        }
        Ok(target) => target.is_file(),
        Err(error) => {
            log::info!("skipping {}: cannot follow the symbolic link: {error}", path.display());
            false
        }
    }
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
    fn absolute_removes_dots() {
        let current = Path::new("/work/repo");
        assert_eq!(absolute(Path::new("ex/./a.xml"), current), Path::new("/work/repo/ex/a.xml"));
        assert_eq!(absolute(Path::new("../other"), current), Path::new("/work/other"));
        assert_eq!(absolute(Path::new("/abs/./x/../y"), current), Path::new("/abs/y"));
        assert_eq!(absolute(Path::new("."), current), Path::new("/work/repo"));
    }

    #[test]
    fn relative_to_climbs_out_of_root() {
        let root = Path::new("/work/repo/ex");
        assert_eq!(relative_to(Path::new("/work/repo/ex"), root), Path::new(""));
        assert_eq!(relative_to(Path::new("/work/repo/ex/bins"), root), Path::new("bins"));
        assert_eq!(relative_to(Path::new("/work/repo/other"), root), Path::new("../other"));
        assert_eq!(relative_to(Path::new("/work"), root), Path::new("../.."));
    }

    #[test]
    fn exclude_patterns_match_as_documented() {
        let mut filter = Filter::new(vec!["xml".to_owned()], Path::new("/work"));
        let patterns = ["vendor", "bins/*.generated.xml", "/top.xml", "build/"].map(str::to_owned);
        filter.exclude(&patterns, Path::new("/work/repo"), "test").expect("valid patterns");
        let bases = filter.bases(Path::new("repo"));
        assert_eq!(bases, [PathBuf::from("")]);
        let excluded = |within: &str, is_folder: bool| {
            filter.is_excluded(&bases, Path::new(within), is_folder)
        };
        assert!(excluded("vendor", true));
        assert!(excluded("a/b/vendor", true));
        assert!(excluded("a/vendor", false), "a name matches files too");
        assert!(excluded("bins/x.generated.xml", false));
        assert!(!excluded("bins/sub/x.generated.xml", false), "`*` stops at `/`");
        assert!(!excluded("other/bins/x.generated.xml", false), "anchored at the root");
        assert!(excluded("top.xml", false));
        assert!(!excluded("a/top.xml", false), "a leading `/` anchors");
        assert!(excluded("a/build", true));
        assert!(!excluded("a/build", false), "a trailing `/` matches folders only");
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
