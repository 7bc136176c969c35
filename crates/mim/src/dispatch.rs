//! The outbox's channels as the binary configures them: `[channels.NAME]` tables of the
//! settings file, each one of `mim_channels::ChannelConfig`. `email` and `sms` carry the
//! messages to audience members; any other name is a group channel an audience's endpoint
//! names (`johtoryhma-teams`). The delivery loop runs beside the server; the files a message
//! carries go to the channel with their download links under `public_url`.

use async_trait::async_trait;
use mim_app::App;
use mim_app::outbox::{DispatchSettings, MessageFile, MessageSender, SendFailure};
use mim_channels::{Attachment, Channel, ChannelConfig, Outgoing, Recipient};
use mim_domain::register::Channel as Via;
use mim_store::ClaimedMessage;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// The configured channels by name.
pub struct Channels {
    by_name: BTreeMap<String, Box<dyn Channel>>,
}

impl Channels {
    /// Builds every configured channel; a bad one (a malformed URL, an unreadable
    /// certificate) stops the start, naming it.
    pub fn build(configs: &BTreeMap<String, ChannelConfig>) -> Result<Channels, String> {
        let mut by_name = BTreeMap::new();
        for (name, config) in configs {
            let channel = mim_channels::build(config)
                .map_err(|e| format!("settings: channels.{name}: {e}"))?;
            by_name.insert(name.clone(), channel);
        }
        Ok(Channels { by_name })
    }

    pub fn names(&self) -> Vec<&str> {
        self.by_name.keys().map(String::as_str).collect()
    }
}

#[async_trait]
impl MessageSender for Channels {
    async fn send(&self, m: &ClaimedMessage, files: &[MessageFile]) -> Result<String, SendFailure> {
        let msg = &m.message;
        let (name, address) = match msg.channel {
            Via::Email => ("email", msg.recipient.address.clone()),
            Via::Sms => ("sms", msg.recipient.address.clone()),
            // A group channel is addressed by the name it is configured under.
            Via::Teams | Via::Slack => (msg.recipient.address.as_str(), String::new()),
            other => {
                return Err(SendFailure::permanent(format!(
                    "mim does not send over {other}"
                )));
            }
        };
        // Not configured (yet): retried, so configuring it within the retry window delivers.
        let Some(channel) = self.by_name.get(name) else {
            return Err(SendFailure::transient(format!(
                "no channel \"{name}\" in the settings ([channels.{name}])"
            )));
        };
        let outgoing = Outgoing {
            message_id: msg.message_id.clone(),
            possible_duplicate: m.possible_duplicate,
            recipient: Recipient {
                name: msg.recipient.name.clone(),
                address,
            },
            language: msg.language,
            subject: msg.subject.clone(),
            text: msg.text.clone(),
            link: msg.link.clone(),
            alerts: Default::default(),
            attachments: files
                .iter()
                .map(|f| Attachment {
                    file_name: f.reference.file_name.to_string(),
                    content_type: f.reference.content_type.to_string(),
                    bytes: f.bytes.clone(),
                    size: f.reference.size,
                    link: f.link.clone(),
                })
                .collect(),
        };
        channel
            .send(&outgoing)
            .await
            .map(|d| d.detail)
            .map_err(|e| SendFailure {
                permanent: e.is_permanent(),
                reason: e.reason().to_owned(),
                retry_after: e
                    .retry_after()
                    .and_then(|d| chrono::Duration::from_std(d).ok()),
                too_large: e.is_too_large(),
            })
    }
}

/// Delivers the outbox: a round every `every`, each round repeated while it finds work, until
/// `stop`. What is due when the server stops waits in the outbox for the next start.
pub async fn deliver(
    app: App,
    channels: Arc<Channels>,
    every: Duration,
    lease: chrono::Duration,
    public_url: String,
    mut stop: watch::Receiver<bool>,
) {
    let settings = DispatchSettings {
        lease,
        public_url: Some(public_url),
        ..DispatchSettings::default()
    };
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => break,
        }
        loop {
            if *stop.borrow() {
                return;
            }
            match app.dispatch_due(channels.clone(), &settings).await {
                Ok(round) if round.attempted() > 0 => {
                    tracing::info!(
                        sent = round.sent,
                        failed = round.failed,
                        given_up = round.given_up,
                        "outbox round"
                    );
                }
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "delivering the outbox failed; will retry");
                    break;
                }
            }
        }
    }
}
