//! A local TwiML Bin server that responds like Twilio's bin handler: every bin at
//! `/twiml/<bin id>`, every request checked for `AccountSid` and `X-Twilio-Signature`, and
//! the bin's Mustache template rendered with the request's query and form parameters.
//!
//! The link checker's end-to-end tests use it as their real server, and `twiml-lint serve`
//! runs it for people who want to try their bins before they paste them into the Console.
//! It listens on loopback unless told otherwise, and bounds what a client can make it wait
//! for or hold ([`Limits`]).
//!
//! ```
//! use twiml_serve::{Bin, Server, ServerConfig};
//! use twiml_signature::{AccountSid, AuthToken, BinRequest, RequestUrl};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let account = AccountSid::parse("AC00000000000000000000000000000000")?;
//! let token = AuthToken::new("0123456789abcdef0123456789abcdef")?;
//! let bin = Bin::from_content("hello", "<Response><Say>Hello {{Name}}</Say></Response>");
//! let config = ServerConfig::new(account.clone(), token.clone()).bin(bin);
//! let server = Server::bind(config).await?.spawn();
//!
//! // Sign a GET the way Twilio would, with the template parameter in the signed URL.
//! let url = RequestUrl::parse(&server.bin_url("hello"))?;
//! let request = BinRequest::get(url, account).param("Name", "Tom & Jerry").sign(&token)?;
//! let client = reqwest::Client::builder().no_proxy().build()?;
//! let response = client
//!     .get(request.url())
//!     .header(request.header_name(), request.header_value())
//!     .send()
//!     .await?;
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.text().await?, "<Response><Say>Hello Tom &amp; Jerry</Say></Response>");
//!
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod config;
mod decode;
mod error;
mod handler;
mod server;

pub use config::{Bin, BinSource, Limits, ServerConfig};
pub use error::ServeError;
pub use server::{RunningServer, Server};
