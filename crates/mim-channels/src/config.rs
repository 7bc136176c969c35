//! Each channel's settings as they come from the settings file (serde, unknown fields
//! refused so a typo is caught), and [`build`] turning them into a [`Channel`].

use crate::error::ConfigError;
use crate::shorten::DEFAULT_SMS_MAX_SEGMENTS;
use crate::{Channel, SlackChannel, SmsChannel, SmtpChannel, TeamsChannel, WebhookChannel};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One channel's settings, tagged by `kind`:
///
/// ```toml
/// [[channels]]
/// kind = "email"
/// host = "smtp.kunta.example"
/// port = 587
/// security = "starttls"
/// from_address = "mim@kunta.example"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChannelConfig {
    Email(SmtpConfig),
    Teams(TeamsConfig),
    Slack(SlackConfig),
    Webhook(WebhookConfig),
    Sms(SmsGatewayConfig),
}

/// Builds the channel `config` describes. Refuses settings that cannot work (an unreadable
/// URL or certificate, an unparsable sender address) now rather than at the first send.
pub fn build(config: &ChannelConfig) -> Result<Box<dyn Channel>, ConfigError> {
    Ok(match config {
        ChannelConfig::Email(c) => Box::new(SmtpChannel::new(c)?),
        ChannelConfig::Teams(c) => Box::new(TeamsChannel::new(c)?),
        ChannelConfig::Slack(c) => Box::new(SlackChannel::new(c)?),
        ChannelConfig::Webhook(c) => Box::new(WebhookChannel::new(c)?),
        ChannelConfig::Sms(c) => Box::new(SmsChannel::new(c)?),
    })
}

/// A password, token or key: read from settings, never printed by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    Starttls,
    /// TLS from the first byte, "implicit TLS" (port 465).
    Tls,
    /// No encryption: only for a relay on the same host or network.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<Secret>,
    pub from_address: String,
    #[serde(default)]
    pub from_name: Option<String>,
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
    /// At most this many messages in flight to the server at once, each on a connection of
    /// its own; connections are kept open between messages (closed after a minute unused).
    /// A relay that limits connections per client (Microsoft 365: 3) needs at most that.
    #[serde(default = "default_smtp_connections")]
    pub connections: u32,
    /// The files attached to one e-mail add up to at most this; the rest go as links.
    #[serde(default = "default_email_attachment_bytes")]
    pub max_attachment_bytes: usize,
    /// An extra certificate authority to trust (PEM), for a server whose certificate an
    /// internal CA signed. The system's roots are trusted as well.
    #[serde(default)]
    pub ca_cert_pem: Option<String>,
    /// The name the server's certificate must carry when it differs from `host` (connecting
    /// by IP address to a server certified for its name).
    #[serde(default)]
    pub tls_server_name: Option<String>,
    /// Accepts any certificate. For tests against a throwaway server only: it removes the
    /// protection TLS gives.
    #[serde(default)]
    pub accept_invalid_certs_for_tests: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamsConfig {
    /// The Workflows webhook's URL ("When a Teams webhook request is received").
    pub url: Secret,
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlackConfig {
    /// The incoming webhook's URL (`https://hooks.slack.com/services/…`).
    pub url: Secret,
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    pub url: String,
    /// The HMAC-SHA256 key the receiver checks `X-Mim-Signature` with.
    pub secret: Secret,
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
    /// Files up to this (in all) travel base64-encoded in the body; the rest as links.
    #[serde(default = "default_webhook_attachment_bytes")]
    pub max_attachment_bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsGatewayConfig {
    pub url: String,
    /// Sent as `Authorization: Bearer <token>`.
    #[serde(default)]
    pub token: Option<Secret>,
    /// The sender name or number shown on the phone.
    pub sender: String,
    /// A longer SMS is shortened, with the link, to this many segments.
    #[serde(default = "default_max_segments")]
    pub max_segments: usize,
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

fn default_timeout_secs() -> u64 {
    30
}

/// Many mail servers refuse messages over 10–25 MB, and base64 adds a third.
fn default_smtp_connections() -> u32 {
    4
}

fn default_email_attachment_bytes() -> usize {
    7_000_000
}

fn default_webhook_attachment_bytes() -> usize {
    1_000_000
}

fn default_max_segments() -> usize {
    DEFAULT_SMS_MAX_SEGMENTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_read_from_json_with_defaults() {
        let c: ChannelConfig = serde_json::from_str(
            r#"{"kind":"email","host":"smtp.example","port":587,"security":"starttls",
                "username":"mim","password":"pw","from_address":"mim@kunta.example"}"#,
        )
        .expect("an e-mail config");
        let ChannelConfig::Email(s) = c else {
            panic!("not e-mail: {c:?}")
        };
        assert_eq!(s.security, SmtpSecurity::Starttls);
        assert_eq!(s.timeout_secs, 30);
        assert!(
            !format!("{s:?}").contains("pw"),
            "the password is not printed"
        );

        let c: ChannelConfig = serde_json::from_str(
            r#"{"kind":"sms","url":"https://sms.example/send","token":"t","sender":"Kunta"}"#,
        )
        .expect("an SMS config");
        assert!(matches!(
            c,
            ChannelConfig::Sms(SmsGatewayConfig {
                max_segments: 3,
                ..
            })
        ));
    }

    #[test]
    fn a_typo_is_refused() {
        let r: Result<ChannelConfig, _> =
            serde_json::from_str(r#"{"kind":"slack","url":"https://x","timeout":5}"#);
        assert!(r.is_err());
    }
}
