//! Which rules run, and at what severity.

use std::collections::BTreeMap;

use crate::finding::Severity;
use crate::rules;

/// The level a rule is set to: off, or a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// The rule runs and reports at this severity.
    On(Severity),
}

impl Level {
    /// Parses a level as written in a config file: `off`, `info`, `warning` or `error`.
    pub fn parse(value: &str) -> Option<Level> {
        match value {
            "off" | "allow" => Some(Level::Off),
            other => Severity::parse(other).map(Level::On),
        }
    }
}

/// Errors in rule configuration.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ConfigError {
    /// A rule name that no rule has.
    #[error("unknown rule `{name}`")]
    #[diagnostic(help("{}", suggestion_help(.suggestion.as_deref())))]
    UnknownRule {
        /// The name as written.
        name: String,
        /// The closest rule name, if one is close.
        suggestion: Option<String>,
    },
}

fn suggestion_help(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(name) => format!("did you mean `{name}`? `twiml-lint rules` lists every rule"),
        None => "`twiml-lint rules` lists every rule".to_owned(),
    }
}

/// Rule levels set by configuration; rules not named keep their default severity.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    levels: BTreeMap<&'static str, Level>,
}

impl LintConfig {
    /// Sets the level of the rule named `name`.
    pub fn set(&mut self, name: &str, level: Level) -> Result<(), ConfigError> {
        let Some(rule) = rules::find(name) else {
            return Err(ConfigError::UnknownRule {
                name: name.to_owned(),
                suggestion: rules::suggest(name).map(str::to_owned),
            });
        };
        self.levels.insert(rule.name, level);
        Ok(())
    }

    /// The severity the rule named `name` reports at, or `None` when it is off.
    pub fn severity(&self, name: &str, default: Severity) -> Option<Severity> {
        match self.levels.get(name) {
            Some(Level::Off) => None,
            Some(Level::On(severity)) => Some(*severity),
            None => Some(default),
        }
    }
}
