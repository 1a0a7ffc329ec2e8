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
    #[diagnostic(code(config), help("check that the file exists, is readable and is UTF-8 text"))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

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
        let path = match explicit {
            // Relative to the current folder, so that the config's folder is never empty.
            Some(path) => Some(
                std::env::current_dir().map_or_else(|_| path.to_path_buf(), |dir| dir.join(path)),
            ),
            None => start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|path| path.is_file()),
        };
        let Some(path) = path else {
            return Ok(Config {
                path: None,
                root: start.to_path_buf(),
                file: ConfigFile::default(),
            });
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        let file: ConfigFile = toml::from_str(&text).map_err(|error| ConfigError::Parse {
            path: path.clone(),
            message: error.message().to_owned(),
            span: error.span().map(|span| SourceSpan::new(span.start.into(), span.len())),
            source_code: NamedSource::new(path.display().to_string(), text.clone()),
        })?;
        let root = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .map_or_else(|| start.to_path_buf(), Path::to_path_buf);
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
