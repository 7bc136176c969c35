//! The normalised signal every source's parser produces. Parsers keep what the sender said
//! (its own times, labels and severity words); mapping to systems and severities, grouping and
//! estimating happen later, in one place, whatever the source.

use crate::SystemId;
use crate::case::ReportChannel;
use crate::impact::Severity;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A configured source, e.g. `alertmanager-prod` or `public-form`.
pub type SourceId = String;

/// What a monitoring alert says about its own state. The state comes from the sender's status
/// field, never from comparing its `endsAt` with our clock (case C01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalStatus {
    Firing,
    Resolved,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSignal {
    /// A stable identity of the alert at its sender: the sender's fingerprint or dedup key,
    /// or a hash of the sorted labels when it has none. Different labels, different alerts,
    /// whatever the summary says (case C07).
    pub fingerprint: String,
    pub status: SignalStatus,
    /// When the sender says it started; `None` when absent.
    pub starts_at: Option<DateTime<Utc>>,
    /// When the sender says it ended; `None` when absent or the "zero" time `0001-01-01`.
    pub ends_at: Option<DateTime<Utc>>,
    /// The alert's labels (Alertmanager labels, Grafana labels, Zabbix tags, Azure dimensions).
    pub labels: BTreeMap<String, String>,
    /// Its name (`alertname`, Zabbix trigger name, Azure rule name).
    pub name: String,
    /// Its human text (summary annotation, title, description), byte-exact.
    pub summary: String,
    /// The sender's own severity word, mapped later per source.
    pub severity: Option<String>,
    /// Affected users, when the alert carries such a value.
    pub affected_users: Option<u32>,
    /// A link back to the sender (generator URL, dashboard), if any.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSignal {
    pub channel: ReportChannel,
    /// The system the reporter named, when they did ("I don't know" is `None`).
    pub system: Option<SystemId>,
    /// What fails, in the reporter's words (may be no more than "it doesn't work").
    pub text: String,
    /// Who reported (a name, ticket requester or contact), to count distinct reporters.
    pub reporter: Option<String>,
    /// How many users the report says are affected, once mapped to a number.
    pub stated_affected_users: Option<u32>,
    /// How bad, when the reporter could say (can you still work? → severity).
    pub severity: Option<Severity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Signal {
    Alert(AlertSignal),
    Report(ReportSignal),
}

/// What one delivery carried: its signals, all or nothing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Batch {
    pub signals: Vec<Signal>,
    /// Alerts the sender left out of the list but counted (Alertmanager `truncatedAlerts`,
    /// case C14). They are counted, never guessed resolved.
    pub truncated_alerts: u32,
    /// The sender's own id of this delivery or group (e.g. Alertmanager `groupKey`), if any.
    pub group_key: Option<String>,
}
