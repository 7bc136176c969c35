//! What a case knows from detection, folded from its evidence events by `Case::apply`: one
//! record per alert, the estimate of affected users with its basis, and the suggested colour.

use super::{SeverityClass, SignalStatus};
use crate::Role;
use crate::impact::{Colour, Severity};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where one alert's number of affected users came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AlertUsersSource {
    /// The alert carried an affected-users value.
    Carried,
    /// The share of the system's users set on the selector the alert matched (100 % when it
    /// matched none, e.g. routed by its `system` label).
    SelectorShare { percent: u8 },
}

/// How the case's estimate of affected users was made: the largest of what each source says
/// (never their sum), and this is the source that said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum EstimateBasis {
    /// The number of distinct people who reported.
    HumanReporters { count: u32 },
    /// The largest number of affected users a report stated (e.g. a form answer).
    StatedInReport,
    /// A firing alert carried the number.
    AlertAffectedUsers { fingerprint: String },
    /// A firing alert matched a selector whose share of the system's users gives the number.
    SelectorShare { fingerprint: String, percent: u8 },
}

impl EstimateBasis {
    pub(crate) fn for_alert(fingerprint: &str, source: Option<AlertUsersSource>) -> Self {
        match source {
            Some(AlertUsersSource::Carried) => EstimateBasis::AlertAffectedUsers {
                fingerprint: fingerprint.to_owned(),
            },
            Some(AlertUsersSource::SelectorShare { percent }) => EstimateBasis::SelectorShare {
                fingerprint: fingerprint.to_owned(),
                percent,
            },
            None => EstimateBasis::SelectorShare {
                fingerprint: fingerprint.to_owned(),
                percent: 100,
            },
        }
    }
}

/// Why an operator's acknowledgement of an alert no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckClearReason {
    /// The alert came again with a higher severity (case C12).
    SeverityRaised,
    /// The alert fired again after a resolve that outlasted the hold-down: a new episode.
    FiredAgain,
}

/// One alert on a case, by its fingerprint. Different fingerprints are different alerts,
/// whatever their summary says (case C07).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRecord {
    pub fingerprint: String,
    pub name: String,
    pub summary: String,
    pub labels: BTreeMap<String, String>,
    pub url: Option<String>,
    pub status: SignalStatus,
    /// The sender's own severity word, as last received.
    pub source_severity: Option<String>,
    pub severity_class: SeverityClass,
    /// Firing deliveries counted, repeats included (case C12).
    pub occurrences: u32,
    /// The times of its recent state changes (the first firing included), oldest first.
    pub transitions: Vec<DateTime<Utc>>,
    pub flapping: bool,
    /// Marked as seen by the service desk ("operator ack").
    pub acknowledged: bool,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub last_change: DateTime<Utc>,
    /// A resolve waiting out the hold-down before it counts as the end.
    pub resolved_pending_since: Option<DateTime<Utc>>,
    /// The sender's start of the current (or last) firing episode.
    pub starts_at: Option<DateTime<Utc>>,
    /// The sender's end of the last resolved episode.
    pub ends_at: Option<DateTime<Utc>>,
    /// Affected users this alert stands for, and where that came from.
    pub users: Option<u32>,
    pub users_source: Option<AlertUsersSource>,
    /// "Source still firing" was raised for it since the vendor's last fix report.
    pub still_firing_flagged: bool,
    /// How far ahead of our clock the sender's start time was, when it was more than a
    /// minute ahead (a sender's clock running fast).
    pub source_clock_ahead_seconds: Option<i64>,
}

impl AlertRecord {
    pub fn is_firing(&self) -> bool {
        self.status == SignalStatus::Firing
    }
}

/// The case's estimate of affected users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub users: u32,
    pub basis: EstimateBasis,
    pub at: DateTime<Utc>,
}

/// The colour the matrix suggests from the evidence so far. A suggestion only: the human
/// assessment (`Assessed`) is what the process decides on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub colour: Colour,
    pub users: u32,
    pub severity: Severity,
    /// The roles flagged: yellow → the MIM contact person; red → service desk and IT management.
    pub flags: Vec<Role>,
    pub at: DateTime<Utc>,
}

/// The roles a suggested colour flags.
pub fn flags_for(colour: Colour) -> Vec<Role> {
    match colour {
        Colour::Green => vec![],
        Colour::Yellow => vec![Role::MimContact],
        Colour::Red => vec![Role::ServiceDesk, Role::ItManagement],
    }
}

/// What a sender last said about alerts it left out of its list (Alertmanager
/// `truncatedAlerts`, case C14). They are counted, never guessed resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Truncation {
    /// Alerts left out of the list.
    pub count: u32,
    /// Firing alerts the same delivery listed.
    pub listed: u32,
}

/// Reporters are the same person whatever the case or spacing of their name.
pub(crate) fn normalise_reporter(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
