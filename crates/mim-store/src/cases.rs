//! Case event streams and the summary rows that make listing fast.

use crate::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::case::{Case, NewEvent, RecordedEvent, Stage};
use mim_domain::impact::Colour;
use mim_domain::{CaseId, SystemId, VendorId};

/// The listing columns of a case, computed by the app from the folded process state and
/// written in the same transaction as the events that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    pub title: String,
    pub stage: Stage,
    pub colour: Option<Colour>,
    pub system: Option<SystemId>,
    pub vendor: Option<VendorId>,
    pub exercise: bool,
    pub opened_at: DateTime<Utc>,
    pub next_update_at: Option<DateTime<Utc>>,
    pub reopen_count: u32,
    pub ended_at: Option<DateTime<Utc>>,
}

impl CaseSummary {
    pub fn of(case: &Case) -> Self {
        CaseSummary {
            title: case.title.clone(),
            stage: case.stage,
            colour: case.assessment_colour(),
            system: case.system.as_ref().map(|s| s.id.clone()),
            vendor: case.system.as_ref().and_then(|s| s.vendor.clone()),
            exercise: case.exercise,
            opened_at: case.opened_at,
            next_update_at: case.next_update_at,
            reopen_count: case.reopen_count,
            ended_at: case.ended_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub id: CaseId,
    pub version: u64,
    /// The sequence number of the case's last event (process or evidence).
    pub last_seq: u64,
    pub last_activity_at: DateTime<Utc>,
    pub summary: CaseSummary,
    /// The last intake inbox position the case took evidence from (0: none), as
    /// `IntakeWrite` marks it: a reader folding out of inbox order checks it before taking a
    /// signal again.
    pub intake_mark: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFilter {
    /// `Some(true)`: still running; `Some(false)`: ended (closed, normal process, dismissed).
    pub open: Option<bool>,
    pub stage: Option<Stage>,
    pub colour: Option<Colour>,
    pub system: Option<SystemId>,
    pub exercise: Option<bool>,
    /// Only cases of this vendor's systems (a vendor's users see no others).
    pub vendor: Option<VendorId>,
    pub limit: Option<u32>,
}

#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Allocates the next id of `year` and writes the case's first events and summary, in
    /// one transaction. The first event must be `opened`.
    async fn open_case(
        &self,
        year: i32,
        events: Vec<NewEvent>,
        summary: CaseSummary,
    ) -> Result<(CaseId, Vec<RecordedEvent>), StoreError>;

    /// Appends events. With `expected_version`, fails with `Conflict` (writing nothing) unless
    /// it is the case's current version; any process event among `events` then advances the
    /// version by one. Without it (evidence only), appends regardless of the version.
    /// `summary`, when given, replaces the listing row in the same transaction.
    async fn append(
        &self,
        id: &CaseId,
        expected_version: Option<u64>,
        events: Vec<NewEvent>,
        summary: Option<CaseSummary>,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// The whole log of a case, in sequence order; `NotFound` for an unknown id.
    async fn load(&self, id: &CaseId) -> Result<Vec<RecordedEvent>, StoreError>;

    /// At most `limit` events of a case after `seq`, in sequence order (none when it has no
    /// later one): how a holder of a folded case catches up with what others wrote since, and
    /// how a case of thousands of alerts is folded a page at a time without all its events
    /// in memory at once.
    async fn load_after(
        &self,
        id: &CaseId,
        seq: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// Summary rows, newest first.
    async fn list(&self, filter: &CaseFilter) -> Result<Vec<CaseRow>, StoreError>;
}
