//! The outbox: a message to one recipient over one channel, queued on its case as an event in
//! the same transaction as whatever caused it, and every attempt to deliver it recorded on the
//! case as well. The store keeps a row per message beside the events (a projection of them),
//! so a dispatcher finds what is due without reading timelines; what was recorded as sent is
//! never picked again.
//!
//! Retries back off exponentially and stop after a while; a permanent refusal (a rejected
//! address, a message too large for the server) is given up at once, since sending the same
//! bytes again would be refused the same way — except that a message refused as too large
//! while it carried files is sent once more with the files as links (case C33).

use super::AttachmentRef;
use crate::Language;
use crate::register::Channel;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Who a message goes to, as the channel addresses them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    /// An e-mail address, a phone number, or a webhook's name: whatever the channel needs.
    pub address: String,
}

/// One message to one recipient over one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// Unique per (message, recipient, channel), and the same on every attempt: receivers
    /// recognise a repeat by it (e-mail's Message-ID, a webhook's id).
    pub message_id: String,
    /// The message this is one copy of (the same text to many recipients).
    pub message: String,
    /// What the message is for (a template kind: `update`, `red_alert`, …).
    pub kind: String,
    /// The audience it was sent to, in the organisation's words.
    pub audience: String,
    pub channel: Channel,
    pub recipient: Recipient,
    pub language: Language,
    pub subject: String,
    pub text: String,
    /// The full text online, for channels that must shorten it.
    #[serde(default)]
    pub link: Option<String>,
    /// The case's files this message carries (none for most). Named by the sender of this
    /// message; a later message carries only what it names itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentRef>,
}

/// How long to wait between attempts, and when to stop trying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; each later one doubles it.
    pub first_delay_seconds: u32,
    pub max_delay_seconds: u32,
    /// Attempts in all, the first included.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    /// 30 s, 1 min, 2 min … up to 15 min between attempts, 10 attempts (about 1 h 20 min):
    /// a message later than that is of little use during a disruption, and the people
    /// responsible see it given up on the case.
    fn default() -> Self {
        RetryPolicy {
            first_delay_seconds: 30,
            max_delay_seconds: 15 * 60,
            max_attempts: 10,
        }
    }
}

impl RetryPolicy {
    /// When to try again after attempt number `attempt` (1 = the first) failed at `now`;
    /// `None`: give up.
    pub fn retry_at(&self, attempt: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if attempt >= self.max_attempts {
            return None;
        }
        let doublings = attempt.saturating_sub(1).min(31);
        let delay = u64::from(self.first_delay_seconds)
            .saturating_mul(1u64 << doublings)
            .min(u64::from(self.max_delay_seconds));
        Some(now + Duration::seconds(i64::try_from(delay).unwrap_or(i64::MAX / 1000)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retries_back_off_then_stop() {
        let now = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        let p = RetryPolicy::default();
        let waits: Vec<i64> = (1..p.max_attempts)
            .map(|a| (p.retry_at(a, now).unwrap() - now).num_seconds())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 900, 900, 900, 900]);
        assert_eq!(p.retry_at(p.max_attempts, now), None);
        let once = RetryPolicy {
            max_attempts: 1,
            ..p
        };
        assert_eq!(once.retry_at(1, now), None);
    }
}
