//! A generic JSON webhook for other systems: the message as JSON, signed with HMAC-SHA256
//! over the raw body in `X-Mim-Signature: sha256=<hex>` (the same form mim checks on its own
//! inbound webhooks), the stable id in the body and in `Idempotency-Key`. Files within the
//! limit travel base64-encoded, the rest as links. The text is raw (JSON needs no HTML
//! escaping; a receiver that shows it in a page escapes it), less only the text-direction
//! controls every channel strips ([`Outgoing`]'s rule, C25); the alert list goes whole as
//! `alerts: {lines, unlisted}`.

use crate::attachments::plan_attachments;
use crate::config::WebhookConfig;
use crate::error::{ConfigError, SendError};
use crate::http;
use crate::message::{Delivered, Outgoing};
use crate::{Channel, ChannelKind};
use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::Url;
use serde_json::{Value, json};
use sha2::Sha256;

/// The header carrying the body's signature.
pub const SIGNATURE_HEADER: &str = "X-Mim-Signature";

pub struct WebhookChannel {
    client: reqwest::Client,
    url: Url,
    secret: crate::config::Secret,
    max_attachment_bytes: usize,
}

impl WebhookChannel {
    pub fn new(config: &WebhookConfig) -> Result<Self, ConfigError> {
        if config.secret.expose().is_empty() {
            return Err(ConfigError::invalid("secret", "must not be empty"));
        }
        Ok(WebhookChannel {
            client: http::client(config.timeout_secs)?,
            url: http::url("url", &config.url)?,
            secret: config.secret.clone(),
            max_attachment_bytes: config.max_attachment_bytes,
        })
    }

    /// The JSON body for `msg`.
    pub fn body(&self, msg: &Outgoing) -> Value {
        let msg = &*msg.displayable();
        let plan = plan_attachments(&msg.attachments, self.max_attachment_bytes);
        let b64 = base64::engine::general_purpose::STANDARD;
        let attachments: Vec<Value> = msg
            .attachments
            .iter()
            .map(|a| {
                let attached = plan.attached.iter().any(|p| std::ptr::eq(*p, a));
                json!({
                    "file_name": a.file_name,
                    "content_type": a.content_type,
                    "size": a.size,
                    "content_base64": a.bytes.as_ref().filter(|_| attached).map(|b| b64.encode(b)),
                    "link": a.link,
                })
            })
            .collect();
        let recipient = (!msg.recipient.address.is_empty() || !msg.recipient.name.is_empty())
            .then(|| json!({"name": msg.recipient.name, "address": msg.recipient.address}));
        json!({
            "id": msg.message_id,
            "possible_duplicate": msg.possible_duplicate,
            "language": msg.language.code(),
            "recipient": recipient,
            "subject": msg.subject,
            "text": msg.text,
            "link": msg.link,
            "alerts": {"lines": msg.alerts.lines, "unlisted": msg.alerts.unlisted},
            "attachments": attachments,
        })
    }
}

/// The `X-Mim-Signature` value for `body`: `sha256=` and the hex of HMAC-SHA256 with
/// `secret` over the raw bytes.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

#[async_trait::async_trait]
impl Channel for WebhookChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }

    async fn send(&self, msg: &Outgoing) -> Result<Delivered, SendError> {
        // Signed and sent as exactly these bytes: the receiver checks the raw body.
        let body = serde_json::to_vec(&self.body(msg))
            .map_err(|e| SendError::permanent(format!("the body could not be made: {e}")))?;
        let mut request = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(
                SIGNATURE_HEADER,
                signature(self.secret.expose().as_bytes(), &body),
            )
            .header("Idempotency-Key", &msg.message_id)
            .header("X-Mim-Message-Id", &msg.message_id);
        if msg.possible_duplicate {
            request = request.header("X-Mim-Possible-Duplicate", "true");
        }
        let response = request
            .body(body)
            .send()
            .await
            .map_err(http::request_failed)?;
        let answer = http::read(response).await;
        answer.outcome()?;
        Ok(Delivered {
            detail: format!("HTTP {}", answer.status),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_rfc_4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
