//! The outbox: messages queued on cases, waiting to be delivered. A `MessageQueued` event
//! appended through `CaseStore` puts a message here in the same transaction; the events that
//! record an attempt (`MessageSent`, `MessageFailed`, `MessageGivenUp`) move it on in the
//! same transaction as they are recorded (a `MessageFailed` with `files_as_links` marks the
//! message so that no later attempt attaches its files). So the outbox never disagrees with the timelines,
//! and a delivery that was recorded is never handed out again.

use crate::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::CaseId;
use mim_domain::communication::OutboxMessage;

/// A message handed to a dispatcher for one attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedMessage {
    pub case_id: CaseId,
    pub message: OutboxMessage,
    /// This attempt's number, 1 for the first.
    pub attempt: u32,
    /// An earlier claim ran out with no outcome recorded (the sender was cut off mid-send):
    /// the recipient may have it already.
    pub possible_duplicate: bool,
    /// An earlier attempt was refused as too large while it carried files: this one sends
    /// their links instead (and so does every later one).
    pub files_as_links: bool,
}

/// How many messages are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub queued: u64,
    pub sending: u64,
    pub sent: u64,
    pub given_up: u64,
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Claims at most `limit` messages due at `now`, oldest first, each for one attempt until
    /// `lease_until`: queued ones whose next attempt has come, and claimed ones whose lease
    /// ran out without an outcome (handed out again as possible duplicates). A claimed
    /// message is not handed out again while its lease runs.
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, StoreError>;

    /// The next time a queued message falls due (or a lease runs out), if any: how long a
    /// dispatcher may sleep.
    async fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError>;

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;
}
