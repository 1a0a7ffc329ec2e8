//! The Messaging response: `<Message>` with its `<Body>` and `<Media>` nouns.

use crate::builder::{
    BuildError, Redirect, Sms, attributes, check_text, children, element, push_text,
};

element! {
    @response
    /// A `<Response>` to an incoming message.
    MessagingResponse
}

attributes!(MessagingResponse {
    /// Sets `version`. Deprecated: an attribute of the 2008 TwiML schema that current
    /// documents leave out.
    version: text = "version";
});

children!(MessagingResponse: Message, Redirect, Sms);

element! {
    /// `<Message>`: a reply message.
    Message = "Message" in "Response"
}

impl Message {
    /// Creates a message with the text `body`, shorter than 1600 characters. When a child is
    /// appended, the text moves into a `<Body>` child, since Twilio takes either text or
    /// `<Body>` and `<Media>` children.
    pub fn new(body: impl Into<String>) -> Result<Message, BuildError> {
        let body = body.into();
        check_text(Message::NAME_AND_PARENT, &body)?;
        let mut message = Message::empty_element();
        push_text(&mut message.element, body);
        Ok(message)
    }

    /// Creates a message with no text, for [`Body`] and [`Media`] children.
    #[must_use]
    pub fn empty() -> Message {
        Message::empty_element()
    }
}

attributes!(Message {
    /// Sets `to`: the recipient; by default the sender of the incoming message.
    to: checked = "to";
    /// Sets `from`: the sender; by default the number that received the message.
    from: checked = "from";
    /// Sets `action`: the URL requested with the message's status. Verbs after this
    /// `<Message>` then never run.
    action: checked = "action";
    /// Sets `method` for `action`.
    method: method = "method";
    /// Sets `statusCallback`. Deprecated: use [`action`](Message::action), which receives
    /// the same status.
    status_callback: checked = "statusCallback";
});

children!(Message (text into "Body"): Body, Media);

element! {
    /// `<Body>`: the text of a `<Message>`.
    Body = "Body" in "Message"
}

impl Body {
    /// Creates a `<Body>` with the text `body`, whitespace included, shorter than 1600 characters.
    pub fn new(body: impl Into<String>) -> Result<Body, BuildError> {
        let body = body.into();
        check_text(Body::NAME_AND_PARENT, &body)?;
        let mut built = Body::empty_element();
        push_text(&mut built.element, body);
        Ok(built)
    }
}

element! {
    /// `<Media>`: the URL of an image or other file to send; at most 10 per message.
    Media = "Media" in "Message"
}

impl Media {
    /// Sends the file at `url`. Fails when the URL is not one Twilio can request.
    pub fn new(url: impl Into<String>) -> Result<Media, BuildError> {
        let url = url.into();
        check_text(Media::NAME_AND_PARENT, &url)?;
        let mut built = Media::empty_element();
        push_text(&mut built.element, url);
        Ok(built)
    }
}
