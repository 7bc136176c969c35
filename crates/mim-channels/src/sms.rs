//! SMS through an HTTP gateway: the text (subject, a line break, the body) fitted to the
//! configured number of segments — shortened with the link — and posted as JSON with its
//! encoding and segment count, which [`sms_preview`] also gives the interface before sending.
//!
//! An alert list is folded into the text, cut by whole lines with the count of the rest;
//! text-direction controls are stripped as on every channel.
//!
//! The gateway receives `POST <url>` with `Authorization: Bearer <token>`,
//! `Idempotency-Key: <id>` and
//! `{"id","to","from","text","encoding":"gsm7"|"ucs2","segments","possible_duplicate"}`;
//! any 2xx is accepted.

use crate::config::{Secret, SmsGatewayConfig};
use crate::error::{ConfigError, SendError};
use crate::http;
use crate::message::{Delivered, Outgoing};
use crate::shorten::{compose, fits_sms};
use crate::{Channel, ChannelKind};
use mim_messages::{SmsEncoding, SmsSize, sms_size};
use reqwest::Url;
use serde::Serialize;
use serde_json::json;

/// What an SMS of a message costs, before and after fitting: for the interface to show
/// before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmsPreview {
    /// The message as written.
    pub written: SmsSize,
    /// What is sent: `written`, or the shortened text's size when it was over the limit.
    pub sent: SmsSize,
    pub shortened: bool,
    /// The text that is sent.
    pub text: String,
}

/// The SMS text of a message: the subject and the text on the next line (the subject left
/// out when empty). The same composition mim's template preview counts.
pub fn sms_text(subject: &str, text: &str) -> String {
    if subject.is_empty() {
        text.to_string()
    } else {
        format!("{subject}\n{text}")
    }
}

/// What sending `msg` as SMS with at most `max_segments` segments would send and cost.
pub fn sms_preview(msg: &Outgoing, max_segments: usize) -> SmsPreview {
    let msg = &*msg.displayable();
    // As written: the text with its whole alert list.
    let whole = sms_text(&msg.subject, &compose(msg, None, |_| true));
    let fitted = fits_sms(msg, max_segments);
    let text = sms_text(&fitted.subject, &fitted.text);
    SmsPreview {
        written: sms_size(&whole),
        sent: sms_size(&text),
        shortened: text != whole,
        text,
    }
}

pub struct SmsChannel {
    client: reqwest::Client,
    url: Url,
    token: Option<Secret>,
    sender: String,
    max_segments: usize,
}

impl SmsChannel {
    pub fn new(config: &SmsGatewayConfig) -> Result<Self, ConfigError> {
        if config.max_segments == 0 {
            return Err(ConfigError::invalid("max_segments", "must be at least 1"));
        }
        Ok(SmsChannel {
            client: http::client(config.timeout_secs)?,
            url: http::url("url", &config.url)?,
            token: config.token.clone(),
            sender: config.sender.clone(),
            max_segments: config.max_segments,
        })
    }
}

#[async_trait::async_trait]
impl Channel for SmsChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Sms
    }

    async fn send(&self, msg: &Outgoing) -> Result<Delivered, SendError> {
        let to = msg.recipient.address.trim();
        if !is_e164(to) {
            return Err(SendError::permanent(format!(
                "not a phone number in E.164 form (+358…): {to:?}"
            )));
        }
        let preview = sms_preview(msg, self.max_segments);
        let encoding = match preview.sent.encoding {
            SmsEncoding::Gsm7 => "gsm7",
            SmsEncoding::Ucs2 => "ucs2",
        };
        let body = json!({
            "id": msg.message_id,
            "to": to,
            "from": self.sender,
            "text": preview.text,
            "encoding": encoding,
            "segments": preview.sent.segments,
            "possible_duplicate": msg.possible_duplicate,
        });
        let mut request = self
            .client
            .post(self.url.clone())
            .header("Idempotency-Key", &msg.message_id)
            .json(&body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.expose());
        }
        let response = request.send().await.map_err(http::request_failed)?;
        let answer = http::read(response).await;
        answer.outcome()?;
        Ok(Delivered {
            detail: format!(
                "HTTP {}; {encoding}, {} segment(s){}",
                answer.status,
                preview.sent.segments,
                if preview.shortened { ", shortened" } else { "" }
            ),
        })
    }
}

/// `+` and 8 to 15 digits, the first not 0.
fn is_e164(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|d| {
        (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        assert!(is_e164("+358401234567"));
        assert!(!is_e164("0401234567"));
        assert!(!is_e164("+358 40 123"));
    }
}
