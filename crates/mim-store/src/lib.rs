//! The storage port of mim: the traits every database adapter implements, speaking domain
//! types only, and the one error type they return. The use-case layer depends on these traits,
//! never on an adapter; the binary picks the adapter by the database URL's scheme.
//!
//! Rules every adapter keeps (and the conformance tests check):
//! - case events are append-only, numbered per case from 1 without gaps;
//! - an append naming an expected process version that is no longer current writes nothing
//!   and fails with `StoreError::Conflict`;
//! - a process event advances the version by one per append; evidence does not;
//! - case ids are `MIM-YYYY-NNNN`, numbered per year from 1, allocated in the same
//!   transaction that writes the case's first events;
//! - an append without an expected version carries evidence only: a process event in it is
//!   refused with `StoreError::Other` and nothing is written;
//! - every event of one append carries the version the case has after that append, and what
//!   `append` returns is exactly what `load` later reads (times kept to the microsecond);
//! - every register write keeps the earlier versions, stamped with who wrote them;
//! - a `MessageQueued` event puts its message in the outbox in the same transaction, and the
//!   event recording an attempt's outcome moves it on in the same transaction too;
//! - a case's files are numbered per case from 1 and never changed;
//! - walk-through records are append-only, numbered from 1 in the order recorded.
//!
//! With the cargo feature `conformance`, the module `conformance` holds that story as
//! async functions each adapter's tests run against a fresh store.

mod attachments;
mod cases;
#[cfg(feature = "conformance")]
pub mod conformance;
mod error;
mod identity;
mod intake;
mod outbox;
mod register;
mod reviews;

pub use attachments::{AttachmentStore, NewAttachment, StoredAttachment};
pub use cases::{CaseFilter, CaseRow, CaseStore, CaseSummary};
pub use error::StoreError;
pub use identity::{IdentityStore, SessionRecord, TokenRecord, UserRecord};
pub use intake::{
    Accepted, IntakeStep, IntakeStore, IntakeWrite, IntakeWritten, NewDelivery, NewQuarantine,
    QUARANTINE_BODY_BYTES, QUARANTINE_ENTRIES, Quarantined, RouteHint, StoredDelivery, StoredRoute,
    Unassigned,
};
pub use outbox::{ClaimedMessage, OutboxCounts, OutboxStore};
pub use register::{RegisterDocument, RegisterKey, RegisterStore, RegisterVersion, Stamp};
pub use reviews::ReviewStore;

/// Everything the app needs from storage.
pub trait Store:
    CaseStore
    + IdentityStore
    + RegisterStore
    + IntakeStore
    + OutboxStore
    + ReviewStore
    + AttachmentStore
    + Send
    + Sync
{
}
impl<
    T: CaseStore
        + IdentityStore
        + RegisterStore
        + IntakeStore
        + OutboxStore
        + ReviewStore
        + AttachmentStore
        + Send
        + Sync,
> Store for T
{
}
