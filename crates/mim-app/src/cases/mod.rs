//! Use cases on major-incident cases: open, command, attach evidence, keep files, read, list,
//! send, and
//! what mim does by itself: dismissing quiet detections and reminding of communication points.

mod access;
mod attach_evidence;
mod attachments;
mod auto_dismiss;
mod command;
mod list;
mod open;
mod read;
mod remind;
mod send;
mod triage;

pub(crate) use access::as_recorded;
pub use attach_evidence::{CASE_WORKERS, Evidence};
pub use attachments::{MAX_ATTACHMENT_BYTES, Upload};
pub(crate) use command::MIM_CONTACTS;
pub use command::{CaseCommand, CommandRequest};
pub use list::CaseListItem;
pub use open::{OPENERS, OpenCase, OpenReport};
pub use read::{CaseView, FormView, TimelineView};
pub use remind::{REMINDER_TO_IT_MANAGEMENT, REMINDER_TO_SETTER, RemindersSeen};
pub use send::{MessageTexts, SendMessage, SendReport};
pub use triage::{TRIAGERS, TriageCase, TriageQueue, UnassignedView};
