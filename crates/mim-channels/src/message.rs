//! What a channel is given to send, and what it answers when the message went out.

use mim_domain::Language;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

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
    /// The alerts behind the message, listed under the text. Empty for most messages.
    pub alerts: AlertList,
    pub attachments: Vec<Attachment>,
}

/// A list of alerts under a message's text, one line each, and how many more there were.
/// A channel with a size limit keeps whole lines, as many as fit, and ends the list with
/// "+2 750 muuta hälytystä" counting every alert it did not show — those the sender left out
/// (`unlisted`) and those cut for room — so a storm never reads as a handful of alerts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertList {
    pub lines: Vec<String>,
    /// Alerts counted but not listed (Alertmanager's `truncatedAlerts`).
    pub unlisted: u32,
}

impl AlertList {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.unlisted == 0
    }

    /// Every alert, listed or not.
    pub fn total(&self) -> u64 {
        self.lines.len() as u64 + u64::from(self.unlisted)
    }
}

impl Outgoing {
    /// The message as every channel sends it: without the Unicode controls that override
    /// or embed a text direction (U+202A–U+202E) or isolate one (U+2066–U+2069). One of them
    /// in a title (C25's right-to-left override) reverses the text after it wherever the
    /// title is shown — a card, a chat line, a mail client's list, a page that another
    /// system builds from our webhook — and text in Finnish, Swedish or English never needs
    /// them (right-to-left names show correctly without). Stripped on every channel alike,
    /// raw JSON included, so no receiver has to know the trick.
    pub(crate) fn displayable(&self) -> Cow<'_, Outgoing> {
        let dirty = |s: &str| s.chars().any(is_bidi_control);
        if !dirty(&self.subject)
            && !dirty(&self.text)
            && !self.alerts.lines.iter().any(|l| dirty(l))
        {
            return Cow::Borrowed(self);
        }
        let clean = |s: &str| {
            s.chars()
                .filter(|c| !is_bidi_control(*c))
                .collect::<String>()
        };
        let mut out = self.clone();
        out.subject = clean(&self.subject);
        out.text = clean(&self.text);
        out.alerts.lines = self.alerts.lines.iter().map(|l| clean(l)).collect();
        Cow::Owned(out)
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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
    /// The file; `None` sends it as its link whatever the channel's limit (a resend after the
    /// other end refused the message with the file as too large). Shared, since the same file
    /// goes to every recipient.
    pub bytes: Option<Arc<[u8]>>,
    /// The file's size in bytes, shown beside its link.
    pub size: u64,
    pub link: Option<String>,
}

impl Attachment {
    /// A file to attach when it fits.
    pub fn file(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Arc<[u8]>>,
        link: Option<String>,
    ) -> Attachment {
        let bytes: Arc<[u8]> = bytes.into();
        Attachment {
            file_name: file_name.into(),
            content_type: content_type.into(),
            size: bytes.len() as u64,
            bytes: Some(bytes),
            link,
        }
    }
}

// The bytes are left out: a log line must not carry a whole PDF.
impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("size", &self.size)
            .field("bytes", &self.bytes.is_some())
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
