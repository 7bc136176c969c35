//! What happened to a case. Process events are a person's (or mim's) step in the process and
//! advance the case's version; evidence events (reports and alerts) are attached without it,
//! so a storm of alerts never makes a person's command fail.

use super::{CommunicationKind, DismissReason, FindingCategory, Stage};
use crate::communication::{AttachmentRef, OutboxMessage};
use crate::detection::{AckClearReason, AlertUsersSource, EstimateBasis, SeverityClass};
use crate::impact::{AffectedUsers, Colour, MatrixUsed, Severity};
use crate::register::{BackupArrangement, NamedPerson};
use crate::{CaseId, Role, SystemId, UserId, VendorId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who did it, and in which role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Actor {
    Person {
        user: UserId,
        name: String,
        role: Role,
    },
    /// mim itself (e.g. dismissing a quiet detection).
    Mim,
}

impl Actor {
    pub fn user(&self) -> Option<&UserId> {
        match self {
            Actor::Person { user, .. } => Some(user),
            Actor::Mim => None,
        }
    }
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::Person { role, .. } => Some(*role),
            Actor::Mim => None,
        }
    }
    pub fn name(&self) -> &str {
        match self {
            Actor::Person { name, .. } => name,
            Actor::Mim => "mim",
        }
    }
}

/// How a report reached mim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportChannel {
    Ticket,
    Phone,
    EndUserForm,
    Monitoring,
    ItStaff,
    Email,
}

/// The system a case is about, as the register described it when the case opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSnapshot {
    pub id: SystemId,
    pub name: String,
    pub vendor: Option<VendorId>,
    pub vendor_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum CaseEvent {
    Opened {
        title: String,
        description: Option<String>,
        system: Option<SystemSnapshot>,
        exercise: bool,
        mim_contact: Option<NamedPerson>,
        mim_contact_deputy: Option<NamedPerson>,
        /// A new disruption of a system whose earlier case was closed.
        recurrence_of: Option<CaseId>,
    },
    // --- evidence ---
    ReportReceived {
        channel: ReportChannel,
        text: String,
        reporter: Option<String>,
        /// How many users the report says are affected (a form answer mapped to a number).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stated_users: Option<u32>,
        /// How bad, when the reporter could say.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<Severity>,
    },
    /// An alert starts firing: a new alert on the case, or one firing again after a resolve.
    AlertFiring {
        fingerprint: String,
        name: String,
        text: String,
        /// The sender's own severity word.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_severity: Option<String>,
        /// What that word means under the source's severity mapping.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity_class: Option<SeverityClass>,
        /// When the sender says this firing episode started.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        starts_at: Option<DateTime<Utc>>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        labels: BTreeMap<String, String>,
        /// Affected users this alert stands for, and where that came from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        users: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        users_source: Option<AlertUsersSource>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// A resolve closes exactly the alert it names.
    AlertResolved {
        fingerprint: String,
        /// When the sender says the episode ended.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ends_at: Option<DateTime<Utc>>,
    },
    /// The sender repeated an alert that is firing: counted, not a new alert. Carries the
    /// severity (and users) of the repeat, which may differ from before.
    AlertRepeated {
        fingerprint: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_severity: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity_class: Option<SeverityClass>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        users: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        users_source: Option<AlertUsersSource>,
    },
    /// The alert changed state `changes` times within `within_seconds`: damped, one notice.
    AlertFlapping {
        fingerprint: String,
        changes: u32,
        within_seconds: i64,
    },
    /// A flapping alert has kept its state for the flapping window.
    AlertFlappingEnded {
        fingerprint: String,
    },
    /// The service desk marked the alert as seen ("operator ack").
    AlertAcknowledged {
        fingerprint: String,
    },
    /// The acknowledgement no longer holds.
    AlertAckCleared {
        fingerprint: String,
        reason: AckClearReason,
    },
    /// A sender left `count` alerts out of its list (case C14): counted, never guessed resolved.
    AlertsTruncated {
        count: u32,
        /// Firing alerts the same delivery listed.
        #[serde(default)]
        listed: u32,
        /// The sender's group (e.g. Alertmanager `groupKey`), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group_key: Option<String>,
    },
    /// Every alert of the case is resolved and stayed so for the hold-down: a prompt for the
    /// next step (the vendor's fix report, the verification), never a stage change.
    AllAlertsResolved {
        alerts: u32,
        /// Alerts the senders left out of their lists, whose state mim can't know.
        #[serde(default)]
        unlisted: u32,
    },
    /// The estimate of affected users grew.
    EstimateChanged {
        users: u32,
        basis: EstimateBasis,
    },
    /// The matrix suggests a colour from the evidence; the roles in `flags` are flagged.
    /// A suggestion only: the human assessment decides.
    ColourSuggested {
        colour: Colour,
        previous: Option<Colour>,
        users: u32,
        severity: Severity,
        flags: Vec<Role>,
    },
    /// After the vendor's fix report an alert of the case fires (again): the verifier is
    /// prompted (case C16 c). Never a second case, never a stage change by itself.
    SourceStillFiring {
        fingerprint: String,
    },
    // --- process ---
    Assessed {
        affected_users: AffectedUsers,
        severity: Severity,
        colour: Colour,
        matrix: MatrixUsed,
        note: Option<String>,
    },
    MimContactCalled {
        note: Option<String>,
    },
    CriticalityDecided {
        start_mim: bool,
        colour: Colour,
        departs_from_matrix: bool,
        reason: Option<String>,
    },
    BackupDecided {
        needed: bool,
        arrangement: Option<BackupArrangement>,
        reason: Option<String>,
    },
    BackupActivated {
        arrangement: Option<BackupArrangement>,
        note: Option<String>,
    },
    BackupEnded {
        arrangement: Option<BackupArrangement>,
        note: Option<String>,
    },
    VendorEscalated {
        to: String,
        note: Option<String>,
    },
    EscalationAcknowledged {
        note: Option<String>,
    },
    ProgressReportDemanded {
        note: Option<String>,
        due_by: Option<DateTime<Utc>>,
    },
    VendorProgress {
        text: String,
        estimate: Option<DateTime<Utc>>,
    },
    FixReported {
        text: String,
    },
    FixAcknowledged {
        note: Option<String>,
    },
    PeopleNamed {
        verifier: Option<NamedPerson>,
        verifier_deputy: Option<NamedPerson>,
        mim_contact: Option<NamedPerson>,
        mim_contact_deputy: Option<NamedPerson>,
    },
    VerificationRecorded {
        works: bool,
        reason: Option<String>,
    },
    Reopened {
        reason: String,
        from: Stage,
        to: Stage,
    },
    SignedOff {
        note: Option<String>,
    },
    WalkThroughDecided {
        needed: bool,
        reason: Option<String>,
        timeline_owner: Option<NamedPerson>,
    },
    FindingAdded {
        category: FindingCategory,
        text: String,
    },
    ActionItemAdded {
        title: String,
        owner: String,
        due: NaiveDate,
    },
    VendorReportRecorded {
        text: String,
    },
    Closed {
        summary: Option<String>,
    },
    Dismissed {
        reason: DismissReason,
        duplicate_of: Option<CaseId>,
        text: String,
    },
    CommunicationRecorded {
        kind: CommunicationKind,
        audience: String,
        channel: String,
        text: String,
        next_update_at: Option<DateTime<Utc>>,
    },
    /// The case was tied to (another) critical system before the criticality decision.
    SystemSet {
        system: SystemSnapshot,
        mim_contact: Option<NamedPerson>,
        mim_contact_deputy: Option<NamedPerson>,
    },
    NoteAdded {
        text: String,
    },
    /// A file kept with the case (`POST /api/cases/{id}/attachments`), for messages to carry.
    /// The bytes are in the store, written in the same transaction as this event.
    AttachmentAdded {
        attachment: AttachmentRef,
    },
    /// A message to one recipient over one channel, queued for the dispatcher.
    MessageQueued {
        message: OutboxMessage,
    },
    /// The channel took the message. `possible_duplicate`: an earlier attempt was cut off
    /// mid-send (a crash), so the recipient may have it twice, under the same message id.
    MessageSent {
        message_id: String,
        attempt: u32,
        detail: String,
        possible_duplicate: bool,
    },
    /// An attempt failed; another comes at `retry_at`. `files_as_links`: the other end
    /// refused the message as too large while it carried files, so the next attempt (at once)
    /// sends their download links instead, and no attempt after it attaches them (C33).
    MessageFailed {
        message_id: String,
        attempt: u32,
        reason: String,
        retry_at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        files_as_links: bool,
    },
    /// No more attempts: the channel refused the message for good, or the retries ran out.
    MessageGivenUp {
        message_id: String,
        attempt: u32,
        reason: String,
        permanent: bool,
    },
    DetailsEdited {
        title: Option<String>,
        description: Option<String>,
    },
}

impl CaseEvent {
    /// Whether this event is a step of the process (advances the case's version).
    /// Reports, alerts and notes are attached without touching the version.
    pub fn is_process(&self) -> bool {
        !matches!(
            self,
            CaseEvent::ReportReceived { .. }
                | CaseEvent::AlertFiring { .. }
                | CaseEvent::AlertResolved { .. }
                | CaseEvent::AlertRepeated { .. }
                | CaseEvent::AlertFlapping { .. }
                | CaseEvent::AlertFlappingEnded { .. }
                | CaseEvent::AlertAcknowledged { .. }
                | CaseEvent::AlertAckCleared { .. }
                | CaseEvent::AlertsTruncated { .. }
                | CaseEvent::AllAlertsResolved { .. }
                | CaseEvent::EstimateChanged { .. }
                | CaseEvent::ColourSuggested { .. }
                | CaseEvent::SourceStillFiring { .. }
                | CaseEvent::NoteAdded { .. }
                | CaseEvent::AttachmentAdded { .. }
                | CaseEvent::MessageQueued { .. }
                | CaseEvent::MessageSent { .. }
                | CaseEvent::MessageFailed { .. }
                | CaseEvent::MessageGivenUp { .. }
        )
    }

    /// A report with nothing but its channel, text and reporter.
    pub fn report_received(
        channel: ReportChannel,
        text: impl Into<String>,
        reporter: Option<String>,
    ) -> CaseEvent {
        CaseEvent::ReportReceived {
            channel,
            text: text.into(),
            reporter,
            stated_users: None,
            severity: None,
        }
    }

    /// An alert firing with nothing but its fingerprint, name and text.
    pub fn alert_firing(
        fingerprint: impl Into<String>,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> CaseEvent {
        CaseEvent::AlertFiring {
            fingerprint: fingerprint.into(),
            name: name.into(),
            text: text.into(),
            source_severity: None,
            severity_class: None,
            starts_at: None,
            labels: BTreeMap::new(),
            users: None,
            users_source: None,
            url: None,
        }
    }

    /// A resolve with nothing but its fingerprint.
    pub fn alert_resolved(fingerprint: impl Into<String>) -> CaseEvent {
        CaseEvent::AlertResolved {
            fingerprint: fingerprint.into(),
            ends_at: None,
        }
    }

    /// The stable name of the event's kind, as in the JSON `type` field.
    pub fn kind(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
            .unwrap_or_default()
    }
}

/// An event about to be appended; the store gives it its sequence number and version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    /// When the thing happened (may be earlier than recorded, for back-filled entries).
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub actor: Actor,
    pub event: CaseEvent,
}

/// An event as stored: append-only, with its per-case sequence number and the case's process
/// version after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedEvent {
    pub seq: u64,
    pub version: u64,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub actor: Actor,
    pub event: CaseEvent,
}
