//! Communication points: how often a case at each colour must say something, when the
//! person responsible is reminded, and when a missed point shows as overdue; a point given as
//! local wall-clock time read into one instant across the changes of the clocks; and the outbox,
//! the messages queued on a case with every attempt to deliver them, and the files they carry.

mod attachment;
mod cadence;
mod local_time;
mod outbox;
mod recipients;

pub use attachment::{AttachmentRef, FileName, MAX_FILE_NAME_BYTES, MediaType};
pub use cadence::{
    ALERTS_RESOLVED, Cadence, CadenceError, DueState, PointReminder, UPDATE_REMINDER,
};
pub use local_time::{LocalReading, LocalTimeError, resolve_local};
pub use outbox::{OutboxMessage, Recipient, RetryPolicy};
pub use recipients::{Addressed, SkipReason, Skipped, address};
