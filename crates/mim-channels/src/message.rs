//! What a channel is given to send, and what it answers when the message went out.

use mim_domain::Language;
use std::fmt;

/// One message to one recipient through one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Stable across retries and resends: the e-mail's Message-ID, the JSON `id`, the
    /// gateway's idempotency key — so a receiver can recognise a repeat.
    pub message_id: String,
    /// Set when the message is sent again after a crash in the middle of a send: it may have
    /// gone out already. Channels mark it (a header, a JSON field, a small note on cards); the
    /// subject is left untouched.
    pub possible_duplicate: bool,
    /// An e-mail address, a phone number in E.164, or empty for webhooks and chat channels.
    pub recipient: Recipient,
    pub language: Language,
    /// One line.
    pub subject: String,
    /// Plain text; channels that show HTML escape it.
    pub text: String,
    /// The full text online: where a shortened message points to.
    pub link: Option<String>,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub address: String,
}

/// A file sent with a message (the vendor's incident report, say). `link` is where it can
/// be fetched when it is too big to attach, or on channels that carry no files.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub link: Option<String>,
}

// The bytes are left out: a log line must not carry a whole PDF.
impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .field("link", &self.link)
            .finish()
    }
}

/// A message handed over: what the other end answered (the SMTP server's reply, the HTTP
/// status, the SMS encoding and segments), for the delivery record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub detail: String,
}
