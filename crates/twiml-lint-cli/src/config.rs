//! The `twiml-lint.toml` config file: where it is found, what it may hold, and how its mistakes
//! are reported.
//!
//! ```toml
//! extensions = ["xml", "twiml"]
//! exclude = ["vendor/**", "**/*.generated.xml"]
//!
//! [rules]
//! unknown-voice = "off"
//! unreachable-verb = "error"
//!
//! [bins]
//! "bins/menu.xml" = "https://handler.twilio.com/twiml/EH00000000000000000000000000000000"
//!
//! [links]
//! base-url = "https://example.com/twiml/"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use twiml_lint::{Level, LintConfig};

use crate::discover::{DiscoverError, Filter};

/// The file name searched for in the current folder and its parents.
pub(crate) const FILE_NAME: &str = "twiml-lint.toml";

/// The extensions read when walking folders, unless the config names others.
pub(crate) const DEFAULT_EXTENSIONS: &[&str] = &["xml", "twiml"];

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ConfigFile {
    /// File extensions, without the dot, read when walking folders.
    pub(crate) extensions: Option<Vec<String>>,
    /// Glob patterns, relative to the config file's folder, of paths never read when walking.
    pub(crate) exclude: Vec<String>,
    /// Rule name to level: `off`, `info`, `warning` or `error`.
    pub(crate) rules: BTreeMap<String, String>,
    /// File path, relative to the config file's folder, to the URL the file is deployed at.
    pub(crate) bins: BTreeMap<String, String>,
    /// Settings for following links.
    pub(crate) links: LinksSection,
}

/// The `[links]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LinksSection {
    /// The URL the config file's folder is deployed at; a file's URL is this joined with the
    /// file's path relative to the folder.
    pub(crate) base_url: Option<String>,
    /// Hosts, with an optional `:port`, whose requests are signed like Twilio's.
    pub(crate) sign_hosts: Vec<String>,
    /// Hosts, with an optional `:port`, allowed even though they resolve to private, loopback
    /// or link-local addresses.
    pub(crate) allow_hosts: Vec<String>,
    /// Whether requests to other hosts replay Twilio's method and parameters instead of a plain
    /// GET.
    pub(crate) replay_method: bool,
}

/// A loaded config: the file's contents and where it was found.
#[derive(Debug, Default)]
pub(crate) struct Config {
    /// The config file, if one was found.
    pub(crate) path: Option<PathBuf>,
    /// The folder paths in the config are relative to: the config file's folder, else the
    /// current folder.
    pub(crate) root: PathBuf,
    /// What the file holds; the defaults when there is no file.
    pub(crate) file: ConfigFile,
}

/// A config file that could not be read or understood.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub(crate) enum ConfigError {
    #[error("cannot read config file {}", path.display())]
    #[diagnostic(code(config), help("check that the file exists and is readable"))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "config file {} is not valid UTF-8: the first invalid byte is at offset {offset}",
        path.display()
    )]
    #[diagnostic(
        code(config),
        help(
            "TOML files are UTF-8: save the file as UTF-8 in your editor, not as UTF-16 or a legacy encoding such as Latin-1"
        )
    )]
    Encoding { path: PathBuf, offset: usize },

    #[error("invalid extension {value:?} in the `extensions` list of {}: {reason}", path.display())]
    #[diagnostic(code(config), help("write each extension without the dot, such as \"xml\""))]
    Extension { path: PathBuf, value: String, reason: &'static str },

    #[error("invalid config file {}: {message}", path.display())]
    #[diagnostic(code(config), help("see docs/configuration.md for the settings"))]
    Parse {
        path: PathBuf,
        message: String,
        #[source_code]
        source_code: NamedSource<String>,
        #[label("here")]
        span: Option<SourceSpan>,
    },

    #[error("invalid level `{level}` for rule `{rule}` in {}", path.display())]
    #[diagnostic(code(config), help("use `off`, `info`, `warning` or `error`"))]
    Level { path: PathBuf, rule: String, level: String },

    #[error("invalid rule name in {}", path.display())]
    #[diagnostic(code(config))]
    Rule {
        path: PathBuf,
        #[source]
        #[diagnostic_source]
        source: twiml_lint::ConfigError,
    },
}

impl Config {
    /// Loads the config from `explicit` when given, else from the first `twiml-lint.toml` in
    /// `start` or one of its parents, else the defaults.
    #[expect(clippy::result_large_err, reason = "a config error is returned once per run")]
    pub(crate) fn load(explicit: Option<&Path>, start: &Path) -> Result<Config, ConfigError> {
        // Absolute and without `.` or `..`, so that the config's folder is never empty and
        // messages show the path plainly.
        let current_dir = std::env::current_dir().unwrap_or_default();
        let start = crate::discover::absolute(start, &current_dir);
        let path = match explicit {
            Some(path) => Some(crate::discover::absolute(path, &current_dir)),
            None => start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|path| path.is_file()),
        };
        let Some(path) = path else {
            return Ok(Config { path: None, root: start, file: ConfigFile::default() });
        };
        let bytes = std::fs::read(&path)
            .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        let text = String::from_utf8(bytes).map_err(|error| ConfigError::Encoding {
            path: path.clone(),
            offset: error.utf8_error().valid_up_to(),
        })?;
        let file: ConfigFile = toml::from_str(&text).map_err(|error| ConfigError::Parse {
            path: path.clone(),
            message: error.message().to_owned(),
            span: error.span().map(|span| SourceSpan::new(span.start.into(), span.len())),
            source_code: NamedSource::new(path.display().to_string(), text.clone()),
        })?;
        for value in file.extensions.iter().flatten() {
            parse_extension(value).map_err(|reason| ConfigError::Extension {
                path: path.clone(),
                value: value.clone(),
                reason,
            })?;
        }
        let root = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .map_or_else(|| start.clone(), Path::to_path_buf);
        log::debug!("using config file {}", path.display());
        Ok(Config { path: Some(path), root, file })
    }

    /// The rule levels this config sets.
    #[expect(clippy::result_large_err, reason = "a config error is returned once per run")]
    pub(crate) fn lint_config(&self) -> Result<LintConfig, ConfigError> {
        let path = self.path.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME));
        let mut config = LintConfig::default();
        for (rule, level) in &self.file.rules {
            let Some(parsed) = Level::parse(level) else {
                return Err(ConfigError::Level { path, rule: rule.clone(), level: level.clone() });
            };
            config
                .set(rule, parsed)
                .map_err(|source| ConfigError::Rule { path: path.clone(), source })?;
        }
        Ok(config)
    }

    /// Returns the config file's path as messages show it, or `twiml-lint.toml` when there is
    /// none.
    pub(crate) fn shown_path(&self) -> String {
        self.path.as_ref().map_or_else(|| FILE_NAME.to_owned(), |path| path.display().to_string())
    }

    /// Adds the config's `exclude` patterns to `filter`, relative to the config file's folder.
    pub(crate) fn exclude(&self, filter: &mut Filter) -> Result<(), DiscoverError> {
        let origin = format!("the `exclude` list of {}", self.shown_path());
        filter.exclude(&self.file.exclude, &self.root, &origin)
    }

    /// The extensions read when walking folders.
    pub(crate) fn extensions(&self) -> Vec<String> {
        match &self.file.extensions {
            Some(extensions) => {
                extensions.iter().map(|ext| ext.trim_start_matches('.').to_owned()).collect()
            }
            None => DEFAULT_EXTENSIONS.iter().map(|&ext| ext.to_owned()).collect(),
        }
    }
}

/// Parses a file extension as `--extension` and `extensions` take it: without the dot, though
/// one leading dot is allowed. Returns why it is invalid: a file's extension is the text after
/// the last dot of its name, so a value that is empty, or contains a dot, a path separator or
/// a wildcard, would never match one.
pub(crate) fn parse_extension(value: &str) -> Result<String, &'static str> {
    let extension = value.strip_prefix('.').unwrap_or(value);
    if extension.is_empty() {
        return Err("the extension is empty");
    }
    if extension.contains('.') {
        return Err("it contains a dot, but a file's extension is the part of its name after the \
                    last dot");
    }
    if extension.contains(['/', '\\']) {
        return Err("it contains a path separator");
    }
    if extension.contains(['*', '?', '[', ']', '{', '}']) {
        return Err("wildcards are not supported; name each extension");
    }
    Ok(extension.to_owned())
}
