//! Lint TwiML documents: rules over the parsed document, inline suppressions, and (with the
//! fetcher) the URLs a document references.
//!
//! Findings are values, never printed here: the binary renders them.
//!
//! ```
//! use twiml_lint::{LintConfig, check_bytes};
//!
//! let checked = check_bytes(b"<Response><Say>Hello</Say></Response>", &LintConfig::default());
//! assert!(checked.findings.is_empty());
//!
//! let checked = check_bytes(b"<Response><Say>Hello</Response>", &LintConfig::default());
//! assert_eq!(checked.findings[0].rule, "not-well-formed");
//! ```

#![warn(missing_docs)]

mod config;
mod engine;
mod finding;
mod frame_source;
pub mod links;
mod rule;
pub mod rules;
mod schema_index;
mod suppression;
#[cfg(test)]
mod testing;
mod tree;

pub use config::{ConfigError, Level, LintConfig};
pub use engine::{Checked, Usage, check_bytes, check_context, check_document, check_source};
pub use finding::{Finding, FindingDiagnostic, Related, Severity};
pub use frame_source::FrameSource;
pub use rule::{Context, ElementContext, Emitter, Group, Rule, is_templated};
pub use suppression::{FILE as SUPPRESS_FILE, NEXT_LINE as SUPPRESS_NEXT_LINE};
