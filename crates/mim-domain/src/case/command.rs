//! What a person asks of a case. Every variant carries checked values only; the app resolves
//! register references (the matrix in use, a backup arrangement, named people) before `decide`.

use super::SystemSnapshot;
use crate::CaseId;
use crate::impact::{AffectedUsers, MatrixUsed, Severity};
use crate::register::{BackupArrangement, NamedPerson};
use crate::text::{Line, Narrative, Passage};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    RecordAssessment {
        affected_users: AffectedUsers,
        severity: Severity,
        matrix: MatrixUsed,
        note: Option<Passage>,
    },
    CallMimContact {
        note: Option<Passage>,
    },
    DecideCriticality {
        start_mim: bool,
        reason: Option<Passage>,
    },
    DecideBackup {
        needed: bool,
        arrangement: Option<BackupArrangement>,
        reason: Option<Passage>,
    },
    ActivateBackup {
        note: Option<Passage>,
    },
    /// Back from the backup arrangement in use to normal working.
    EndBackup {
        note: Option<Passage>,
    },
    EscalateToVendor {
        to: Line,
        note: Option<Passage>,
    },
    AcknowledgeEscalation {
        note: Option<Passage>,
    },
    DemandProgressReport {
        note: Option<Passage>,
        due_by: Option<DateTime<Utc>>,
    },
    RecordVendorProgress {
        text: Passage,
        estimate: Option<DateTime<Utc>>,
    },
    ReportFix {
        text: Passage,
    },
    AcknowledgeFix {
        note: Option<Passage>,
    },
    NamePeople {
        verifier: Option<NamedPerson>,
        verifier_deputy: Option<NamedPerson>,
        mim_contact: Option<NamedPerson>,
        mim_contact_deputy: Option<NamedPerson>,
    },
    Verify {
        works: bool,
        reason: Option<Passage>,
    },
    SignOff {
        note: Option<Passage>,
    },
    DecideWalkThrough {
        needed: bool,
        reason: Option<Passage>,
        timeline_owner: Option<NamedPerson>,
    },
    AddFinding {
        category: FindingCategory,
        text: Passage,
    },
    AddActionItem {
        title: Line,
        owner: Line,
        due: NaiveDate,
    },
    RecordVendorReport {
        text: Narrative,
    },
    Close {
        summary: Option<Narrative>,
    },
    Reopen {
        reason: Passage,
    },
    Dismiss {
        reason: DismissReason,
        duplicate_of: Option<CaseId>,
        text: Passage,
    },
    RecordCommunication {
        kind: CommunicationKind,
        audience: Line,
        channel: Line,
        text: Passage,
        next_update_at: Option<DateTime<Utc>>,
    },
    AddNote {
        text: Passage,
    },
    EditDetails {
        title: Option<Line>,
        description: Option<Passage>,
    },
    /// Ties the case to a critical system (before the criticality decision), with the MIM
    /// contact people the register names for it.
    SetSystem {
        system: SystemSnapshot,
        mim_contact: Option<NamedPerson>,
        mim_contact_deputy: Option<NamedPerson>,
    },
}

/// The name of a command, as listed in "what is allowed now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    RecordAssessment,
    CallMimContact,
    DecideCriticality,
    DecideBackup,
    ActivateBackup,
    EndBackup,
    EscalateToVendor,
    AcknowledgeEscalation,
    DemandProgressReport,
    RecordVendorProgress,
    ReportFix,
    AcknowledgeFix,
    NamePeople,
    Verify,
    SignOff,
    DecideWalkThrough,
    AddFinding,
    AddActionItem,
    RecordVendorReport,
    Close,
    Reopen,
    Dismiss,
    RecordCommunication,
    AddNote,
    EditDetails,
    SetSystem,
}

impl CommandKind {
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        use CommandKind as K;
        match self {
            Command::RecordAssessment { .. } => K::RecordAssessment,
            Command::CallMimContact { .. } => K::CallMimContact,
            Command::DecideCriticality { .. } => K::DecideCriticality,
            Command::DecideBackup { .. } => K::DecideBackup,
            Command::ActivateBackup { .. } => K::ActivateBackup,
            Command::EndBackup { .. } => K::EndBackup,
            Command::EscalateToVendor { .. } => K::EscalateToVendor,
            Command::AcknowledgeEscalation { .. } => K::AcknowledgeEscalation,
            Command::DemandProgressReport { .. } => K::DemandProgressReport,
            Command::RecordVendorProgress { .. } => K::RecordVendorProgress,
            Command::ReportFix { .. } => K::ReportFix,
            Command::AcknowledgeFix { .. } => K::AcknowledgeFix,
            Command::NamePeople { .. } => K::NamePeople,
            Command::Verify { .. } => K::Verify,
            Command::SignOff { .. } => K::SignOff,
            Command::DecideWalkThrough { .. } => K::DecideWalkThrough,
            Command::AddFinding { .. } => K::AddFinding,
            Command::AddActionItem { .. } => K::AddActionItem,
            Command::RecordVendorReport { .. } => K::RecordVendorReport,
            Command::Close { .. } => K::Close,
            Command::Reopen { .. } => K::Reopen,
            Command::Dismiss { .. } => K::Dismiss,
            Command::RecordCommunication { .. } => K::RecordCommunication,
            Command::AddNote { .. } => K::AddNote,
            Command::EditDetails { .. } => K::EditDetails,
            Command::SetSystem { .. } => K::SetSystem,
        }
    }
}

/// Why the service desk dismissed a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DismissReason {
    NoDisruption,
    Duplicate,
    FalseAlarm,
    /// Dismissed by mim after the quiet period (never chosen by a person).
    QuietPeriodElapsed,
}

/// What a communication entry is, by the stage and audience it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommunicationKind {
    /// The quick first notice after MIM starts, so the service desk is not flooded.
    FirstNotice,
    /// An update at a communication point.
    Update,
    /// A backup arrangement taken into use.
    BackupAnnouncement,
    /// The decision not to start MIM.
    NotStarted,
    /// The return to normal; the closing message names no next update.
    ReturnToNormal,
    /// The invitation to the walk-through.
    WalkThroughInvitation,
}

impl CommunicationKind {
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Messages that end a line of communication promise no next update.
    pub fn needs_next_update(self) -> bool {
        !matches!(
            self,
            CommunicationKind::NotStarted
                | CommunicationKind::ReturnToNormal
                | CommunicationKind::WalkThroughInvitation
        )
    }
}

/// What a walk-through finding is about (PROCESS.md, walk-through).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCategory {
    /// The service desk's summary and acknowledgement.
    ServiceDeskSummary,
    /// What could have gone better.
    CouldGoBetter,
    /// Could technical measures or training have stopped the escalation?
    Preventability,
    /// Experts consulted.
    ExpertsConsulted,
    /// Contract review with the vendor.
    ContractReview,
    /// Anything else worth keeping.
    Other,
}
