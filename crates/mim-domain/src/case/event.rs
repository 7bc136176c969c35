//! What happened to a case. Process events are a person's (or mim's) step in the process and
//! advance the case's version; evidence events (reports and alerts) are attached without it,
//! so a storm of alerts never makes a person's command fail.

use super::{CommunicationKind, DismissReason, FindingCategory, Stage};
use crate::impact::{AffectedUsers, Colour, MatrixUsed, Severity};
use crate::register::{BackupArrangement, NamedPerson};
use crate::{CaseId, Role, SystemId, UserId, VendorId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

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
    },
    AlertFiring {
        fingerprint: String,
        name: String,
        text: String,
    },
    AlertResolved {
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
    NoteAdded {
        text: String,
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
                | CaseEvent::NoteAdded { .. }
        )
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
