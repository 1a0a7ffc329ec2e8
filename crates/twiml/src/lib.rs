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
//! let position = lines.line_column(source, say.span().start);
//! assert_eq!((position.line, position.column), (3, 3));
//! ```
//!
//! [`builder`] composes documents that are valid by construction, [`serialize`] writes them
//! (and parsed documents) as text, and [`format()`] rewrites a file in the canonical layout. A
//! webhook handler that answers a call with a menu, and routes the caller's choice:
//!
//! ```
//! use twiml::builder::{BuildError, Dial, Gather, GatherInput, Number, Redirect, Say};
//! use twiml::builder::VoiceResponse;
//!
//! /// The body of the answer to Twilio's request for `/voice`, sent as `text/xml`. `digits`
//! /// is the `Digits` parameter, present once the caller has pressed a key.
//! fn voice_webhook(digits: Option<&str>) -> Result<String, BuildError> {
//!     let response = match digits {
//!         Some("1") => VoiceResponse::new()
//!             .append(Say::new("Connecting you to sales."))
//!             .append(Dial::new().append(Number::new("+14155550100")?)),
//!         _ => VoiceResponse::new()
//!             .append(
//!                 Gather::new()
//!                     .input([GatherInput::Dtmf])
//!                     .num_digits(1)?
//!                     .action("/voice")?
//!                     .append(Say::new("For sales, press 1.")),
//!             )
//!             .append(Redirect::new("/voice")?),
//!     };
//!     Ok(response.to_string())
//! }
//!
//! let menu = voice_webhook(None)?;
//! assert_eq!(
//!     menu,
//!     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>\
//!      <Gather input=\"dtmf\" numDigits=\"1\" action=\"/voice\">\
//!      <Say>For sales, press 1.</Say></Gather><Redirect>/voice</Redirect></Response>"
//! );
//! assert!(twiml::parse(&voice_webhook(Some("1"))?).problems.is_empty());
//! # Ok::<(), BuildError>(())
//! ```

#![warn(missing_docs)]

pub mod builder;
mod decode;
mod document;
mod format;
mod parse;
mod problem;
pub mod schema;
pub mod serialize;
mod span;
pub mod template;

pub use decode::decode;
pub use document::{
    Attribute, CData, ChildElements, Children, Comment, Declaration, Document, Element, Node,
    ProcessingInstruction, Text,
};
pub use format::{FormatError, canonicalize, format, format_bytes, format_document};
pub use parse::{MAX_DEPTH, parse};
pub use problem::{Problem, ProblemKind};
pub use serialize::{Layout, ToXml};
pub use span::{LineColumn, LineIndex, Span};
