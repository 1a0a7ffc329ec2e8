//! Read and write TwiML, Twilio's XML for calls and messages.
//!
//! [`parse`] turns any input into a [`Document`]: elements, attributes, text, comments and CDATA
//! in source order, each with the byte [`Span`] it came from, plus the [`Problem`]s found on the
//! way. It never panics and recovers as much of the tree as it can, so that a linter can report
//! every mistake in one pass. [`schema`] describes every TwiML element and attribute as data, and
//! [`template`] reads the Mustache templates of TwiML Bins.
//!
//! ```
//! let source = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <Response>
//!   <Say voice="Polly.Joanna">Hello <break time="1s"/> world</Say>
//! </Response>"#;
//! let document = twiml::parse(source);
//! assert!(document.problems.is_empty());
//!
//! let root = document.root().expect("a root element");
//! let say = root.child_elements().next().expect("a Say verb");
//! assert_eq!(say.attribute_value("voice"), Some("Polly.Joanna"));
//!
//! let lines = twiml::LineIndex::new(source);
//! let position = lines.line_column(source, say.span.start);
//! assert_eq!((position.line, position.column), (3, 3));
//! ```

#![warn(missing_docs)]

mod decode;
mod document;
mod parse;
mod problem;
pub mod schema;
mod span;
pub mod template;

pub use decode::decode;
pub use document::{
    Attribute, CData, Comment, Declaration, Document, Element, Node, ProcessingInstruction, Text,
};
pub use parse::parse;
pub use problem::{Problem, ProblemKind};
pub use span::{LineColumn, LineIndex, Span};
