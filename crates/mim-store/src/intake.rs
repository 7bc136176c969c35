//! The intake inbox: every accepted delivery is committed here before its sender hears 2xx,
//! then folded into cases by the correlation worker, which keeps its place with a cursor.
//! Rejected bodies are kept once each in a bounded quarantine for diagnosis.

use crate::CaseSummary;
use crate::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use mim_domain::CaseId;
use mim_domain::case::{NewEvent, RecordedEvent};
use mim_domain::detection::{Batch, SourceId};

/// A delivery to commit.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDelivery {
    pub source: SourceId,
    pub received_at: DateTime<Utc>,
    /// The sender's `Idempotency-Key`, or a key mim derives (e.g. from the body's hash).
    pub idempotency_key: Option<String>,
    pub batch: Batch,
    /// Where its signals go, as routed when it arrived: lets the correlation worker order
    /// its work without reading the batch again.
    pub route: Option<RouteHint>,
}

/// A delivery's lanes (each system its signals go to once, `None` for the unassigned queue)
/// and the register they were routed with (`register`: a digest of the critical systems),
/// so a reader routing with another register knows to route again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RouteHint {
    pub lanes: Vec<Option<mim_domain::SystemId>>,
    pub register: u64,
}

/// A delivery as a reader ordering its work sees it, without its batch.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRoute {
    pub seq: u64,
    pub received_at: DateTime<Utc>,
    pub signals: u32,
    pub route: Option<RouteHint>,
}

/// What `accept` did with one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    /// The delivery's place in the inbox (the first one's, for a duplicate).
    pub seq: u64,
    /// The same source sent the same key within the dedup window: not stored again.
    pub duplicate: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredDelivery {
    pub seq: u64,
    pub source: SourceId,
    pub received_at: DateTime<Utc>,
    pub idempotency_key: Option<String>,
    pub batch: Batch,
}

/// A signal no critical system was found for: kept in a visible queue, never dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Unassigned {
    pub delivery_seq: u64,
    pub signal_index: u32,
    pub source: SourceId,
    pub received_at: DateTime<Utc>,
    pub signal: mim_domain::detection::Signal,
}

/// One case's share of a correlation step.
#[derive(Debug, Clone, PartialEq)]
pub enum IntakeWrite {
    /// A case opened by a signal. `origin` names that signal (`delivery:index`): a step
    /// repeated by a second reader finds the case instead of opening another.
    Open {
        year: i32,
        events: Vec<NewEvent>,
        summary: CaseSummary,
        origin: String,
        mark: u64,
    },
    /// Evidence for an existing case from inbox positions up to `mark` (increasing through
    /// the inbox: delivery, then signal within it). A case that has taken `mark` or a later
    /// position already takes nothing. Without a mark (evidence of time passing, such as a
    /// hold-down that ran out) the events are written as they are.
    Append {
        id: CaseId,
        events: Vec<NewEvent>,
        summary: CaseSummary,
        mark: Option<u64>,
    },
}

/// What one `IntakeWrite` became, in the same order.
#[derive(Debug, Clone, PartialEq)]
pub enum IntakeWritten {
    /// The case and its events; `new` is false when the origin had opened it already.
    Opened {
        id: CaseId,
        events: Vec<RecordedEvent>,
        new: bool,
    },
    /// The events as recorded, or `None` when the case had taken the position already.
    Appended(Option<Vec<RecordedEvent>>),
}

/// Everything one correlation step writes, committed together: a crash leaves either all of
/// it with the cursor moved past it, or none of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntakeStep {
    pub writes: Vec<IntakeWrite>,
    pub unassigned: Vec<Unassigned>,
    /// The reader and the inbox position it has now folded.
    pub cursor: Option<(String, u64)>,
}

/// A body that was refused, kept for an administrator to see why.
#[derive(Debug, Clone, PartialEq)]
pub struct NewQuarantine {
    pub source: SourceId,
    pub at: DateTime<Utc>,
    /// The stable reason code (`malformed_json`, `empty_body`, `wrong_shape`, `too_large`…).
    pub reason_code: String,
    pub reason: String,
    /// The body as received, cut to `QUARANTINE_BODY_BYTES`.
    pub body: Vec<u8>,
    /// The SHA-256 of the whole body (hex): one entry per distinct body.
    pub body_sha256: String,
    pub body_len: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quarantined {
    pub body_sha256: String,
    pub source: SourceId,
    pub reason_code: String,
    pub reason: String,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// How many times this body was sent and refused.
    pub times: u64,
    pub body: Vec<u8>,
    pub body_len: u64,
}

/// Bodies kept in quarantine are cut to this size.
pub const QUARANTINE_BODY_BYTES: usize = 64 * 1024;
/// At most this many distinct bodies are kept; the oldest go first.
pub const QUARANTINE_ENTRIES: u64 = 1000;

#[async_trait]
pub trait IntakeStore: Send + Sync {
    /// Commits `deliveries` in one durable transaction (group commit): all or nothing. A
    /// delivery whose source sent the same idempotency key within `dedup_window` is not
    /// stored again and is answered as a duplicate of the first.
    async fn accept(
        &self,
        deliveries: &[NewDelivery],
        dedup_window: Duration,
    ) -> Result<Vec<Accepted>, StoreError>;

    /// Deliveries after `seq`, oldest first, at most `limit`.
    async fn deliveries_after(
        &self,
        seq: u64,
        limit: u32,
    ) -> Result<Vec<StoredDelivery>, StoreError>;

    /// The routes of the deliveries after `seq`, oldest first, at most `limit`.
    async fn routes_after(&self, seq: u64, limit: u32) -> Result<Vec<StoredRoute>, StoreError>;

    /// The deliveries at these positions, oldest first; positions not in the inbox are left
    /// out. For a reader that chose them ahead of their turn.
    async fn deliveries_at(&self, seqs: &[u64]) -> Result<Vec<StoredDelivery>, StoreError>;

    /// A named reader's place in the inbox (0 before anything was read).
    async fn cursor(&self, name: &str) -> Result<u64, StoreError>;
    async fn set_cursor(&self, name: &str, seq: u64) -> Result<(), StoreError>;

    /// Commits one correlation step in one transaction: the cases it opened and fed,
    /// the signals no system was found for (kept once per delivery and position) and the
    /// reader's new cursor. Fails as a whole, e.g. `NotFound` for an append to an unknown case.
    async fn commit_intake_step(&self, step: IntakeStep) -> Result<Vec<IntakeWritten>, StoreError>;
    /// The unassigned queue, newest first.
    async fn unassigned(&self, limit: u32) -> Result<Vec<Unassigned>, StoreError>;

    /// Keeps a refused body once per distinct hash (counting repeats), within the bound.
    async fn quarantine(&self, entry: &NewQuarantine) -> Result<(), StoreError>;
    /// The newest quarantined bodies first.
    async fn quarantined(&self, limit: u32) -> Result<Vec<Quarantined>, StoreError>;
}
