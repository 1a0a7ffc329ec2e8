//! The Fax response and `<Receive>`. Twilio disabled Programmable Fax for all accounts on
//! 2021-12-17; these remain for documents kept from before.

use crate::builder::{FaxMediaType, PageSize, attributes, children, element, new_empty};

element! {
    @response
    /// A `<Response>` to an incoming fax.
    FaxResponse
}

attributes!(FaxResponse {
    /// Sets `version`. Deprecated: an attribute of the 2008 TwiML schema that current
    /// documents leave out.
    version: text = "version";
});

children!(FaxResponse: Receive);

element! {
    /// `<Receive>`: receives the fax. Retired with Programmable Fax.
    Receive = "Receive" in "Response"
}

new_empty!(Receive, "Creates a `<Receive>` with Twilio's defaults: a PDF on letter paper, stored.");

attributes!(Receive {
    /// Sets `action`: the URL requested when the fax is received or fails.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
    /// Sets `mediaType`.
    media_type: value(FaxMediaType) = "mediaType";
    /// Sets `pageSize`.
    page_size: value(PageSize) = "pageSize";
    /// Sets `storeMedia`.
    store_media: flag = "storeMedia";
});
