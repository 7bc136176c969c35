//! mim's outbound channels: e-mail over SMTP (STARTTLS or implicit TLS, multipart text and
//! escaped HTML, RFC 2047 subjects, attachments), Microsoft Teams through a Workflows webhook
//! (an Adaptive Card of plain text runs), Slack incoming webhooks, a generic JSON webhook
//! signed with HMAC-SHA256 over the raw body, and SMS through a configurable HTTP gateway.
//! Each is a [`Channel`]: one [`Outgoing`] message in, [`Delivered`] or a [`SendError`] out,
//! where `Permanent` means "do not retry this identically" and `Transient` means "retry
//! later" (with the wait the other end asked for). A channel never fails because a text is
//! too long: [`fits`] shortens it and ends it with a link to the full text, an [`AlertList`]
//! is cut by whole lines ending "+2 750 muuta hälytystä", and an attachment over the size
//! limit goes as a link; Teams, which may still refuse a card as too large, shrinks it and
//! sends it once more itself. No channel lets a message's text become markup, a link or a
//! mention, and every channel strips the text-direction controls that could reverse what a
//! reader sees. The stable message id travels with every send (Message-ID, JSON `id`,
//! idempotency key) and a resend after a crash is marked as a possible duplicate. This crate
//! does no queueing, no retrying across sends and no policy about who gets what: the outbox
//! dispatcher (mim-app) owns those; [`ColourFilter`] is a small pure helper for its
//! colour-per-audience rule.

mod attachments;
mod colour;
mod config;
mod error;
mod http;
mod message;
mod shorten;
mod slack;
mod sms;
mod smtp;
mod teams;
mod webhook;
mod words;

pub use attachments::{AttachmentPlan, plan_attachments};
pub use colour::ColourFilter;
pub use config::{
    ChannelConfig, Secret, SlackConfig, SmsGatewayConfig, SmtpConfig, SmtpSecurity, TeamsConfig,
    WebhookConfig, build,
};
pub use error::{ConfigError, SendError};
pub use message::{AlertList, Attachment, Delivered, Outgoing, Recipient};
pub use shorten::{
    DEFAULT_SMS_MAX_SEGMENTS, SLACK_MAX_TEXT_CHARS, SLACK_SECTION_MAX_CHARS,
    TEAMS_MAX_PAYLOAD_BYTES, fits, fits_sms, shorten_to,
};
pub use slack::{SlackChannel, slack_payload};
pub use sms::{SmsChannel, SmsPreview, sms_preview, sms_text};
pub use smtp::SmtpChannel;
pub use teams::{TeamsChannel, teams_payload};
pub use webhook::{SIGNATURE_HEADER, WebhookChannel, signature};

use serde::{Deserialize, Serialize};

/// The kinds of channel mim can send through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Email,
    Teams,
    Slack,
    Webhook,
    Sms,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 5] = [
        ChannelKind::Email,
        ChannelKind::Teams,
        ChannelKind::Slack,
        ChannelKind::Webhook,
        ChannelKind::Sms,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Teams => "teams",
            ChannelKind::Slack => "slack",
            ChannelKind::Webhook => "webhook",
            ChannelKind::Sms => "sms",
        }
    }
}

/// One way out. `send` makes one attempt: retrying, backing off and recording the result
/// are the dispatcher's.
#[async_trait::async_trait]
pub trait Channel: Send + Sync {
    fn kind(&self) -> ChannelKind;
    async fn send(&self, msg: &Outgoing) -> Result<Delivered, SendError>;
}
