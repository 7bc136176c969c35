//! Detection: what arrives from monitoring, the service desk and end users, in one normalised
//! shape (`Signal`), before it is tied to a system and grouped on a case.

mod signal;

pub use signal::{AlertSignal, Batch, ReportSignal, Signal, SignalStatus, SourceId};
