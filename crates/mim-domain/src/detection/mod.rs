//! Detection: what arrives from monitoring, the service desk and end users, in one normalised
//! shape (`Signal`), tied to a critical system (`route`), grouped on that system's case and
//! assessed as it grows (`absorb`, `settle`). All pure: time comes in as a parameter.

mod absorb;
mod record;
mod routing;
mod settings;
mod severity;
mod signal;

pub use absorb::{
    Absorbed, IgnoreReason, absorb, absorb_truncated, acknowledge, next_settle_at, recurrence_of,
    settle,
};
pub(crate) use record::normalise_reporter;
pub use record::{
    AckClearReason, AlertRecord, AlertUsersSource, Estimate, EstimateBasis, Suggestion, Truncation,
    flags_for,
};
pub use routing::{mentions, pick_case, route, route_alert, route_report, route_truncation};
pub use settings::{DetectionSettings, FormAnswerUsers, HowMany, MAX_TRANSITIONS_KEPT};
pub use severity::{SeverityClass, SeverityMapping, SeverityRule};
pub use signal::{AlertSignal, Batch, ReportSignal, Signal, SignalStatus, SourceId};
