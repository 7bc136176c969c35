//! One major-incident case as an event-sourced process: `decide` turns a command into events
//! or a typed refusal, `Case::apply` folds events into the current state, and the timeline
//! and the MIM form are read from the same events.

mod command;
mod event;
mod form;
mod permissions;
mod refusal;
mod stage;
mod state;
mod timeline;
mod workflow;

pub use command::{Command, CommandKind, CommunicationKind, DismissReason, FindingCategory};
pub use event::{Actor, CaseEvent, NewEvent, RecordedEvent, ReportChannel, SystemSnapshot};
pub use form::{FormEntry, MimForm};
pub use permissions::{Caller, permitted_roles};
pub use refusal::Refusal;
pub use stage::Stage;
pub use state::{CALL_OUT_DEPUTY, Case, FoldError};
pub use timeline::{ADDED_LATER_AFTER_MINUTES, TimelineEntry, timeline};
pub use workflow::{Decided, allowed_now, decide, decide_auto_dismiss};
