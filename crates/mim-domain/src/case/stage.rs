//! The stages of PROCESS.md's flow, with the role responsible for moving each forward.

use crate::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reports arrive; nobody has assessed them yet.
    Detection,
    /// Assessed with the matrix; the criticality decision is awaited.
    Assessment,
    /// MIM started: quick first notice, then the backup-arrangement decision.
    MimStarted,
    /// A backup arrangement was decided; it is being taken into use.
    BackupActivation,
    /// Vendor escalation, progress reports and communication points, until the fix.
    Monitoring,
    /// The vendor reported a fix; its acknowledgement per the agreed practice is awaited.
    FixReported,
    /// The fix is acknowledged; the named verifier checks real operation.
    AwaitingVerification,
    /// Verified; IT management's sign-off of the return to normal is awaited.
    Verified,
    /// Signed off; the walk-through decision is awaited.
    ReturnedToNormal,
    /// The post-incident review: timeline, findings, action items.
    WalkThrough,
    /// No walk-through needed; closing is awaited.
    ReadyToClose,
    /// Ended after the whole MIM process.
    Closed,
    /// Ended: MIM was not started; handled in the normal incident process.
    NormalProcess,
    /// Ended: no disruption, a duplicate or a false alarm.
    Dismissed,
}

impl Stage {
    pub const ALL: [Stage; 14] = [
        Stage::Detection,
        Stage::Assessment,
        Stage::MimStarted,
        Stage::BackupActivation,
        Stage::Monitoring,
        Stage::FixReported,
        Stage::AwaitingVerification,
        Stage::Verified,
        Stage::ReturnedToNormal,
        Stage::WalkThrough,
        Stage::ReadyToClose,
        Stage::Closed,
        Stage::NormalProcess,
        Stage::Dismissed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Detection => "detection",
            Stage::Assessment => "assessment",
            Stage::MimStarted => "mim_started",
            Stage::BackupActivation => "backup_activation",
            Stage::Monitoring => "monitoring",
            Stage::FixReported => "fix_reported",
            Stage::AwaitingVerification => "awaiting_verification",
            Stage::Verified => "verified",
            Stage::ReturnedToNormal => "returned_to_normal",
            Stage::WalkThrough => "walk_through",
            Stage::ReadyToClose => "ready_to_close",
            Stage::Closed => "closed",
            Stage::NormalProcess => "normal_process",
            Stage::Dismissed => "dismissed",
        }
    }

    /// Whether the case still runs (an ended case only reopens by an explicit command).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Stage::Closed | Stage::NormalProcess | Stage::Dismissed
        )
    }

    /// Whether the MIM process has been started on the case (and not ended).
    pub fn is_mim_running(self) -> bool {
        matches!(
            self,
            Stage::MimStarted
                | Stage::BackupActivation
                | Stage::Monitoring
                | Stage::FixReported
                | Stage::AwaitingVerification
                | Stage::Verified
        )
    }

    /// The role accountable for moving the case on from this stage (PROCESS.md's table).
    /// In `Assessment` on a yellow result it is the MIM contact person; see `Case::responsible`.
    pub fn responsible(self) -> &'static [Role] {
        match self {
            Stage::Detection | Stage::Assessment | Stage::NormalProcess | Stage::Dismissed => {
                &[Role::ServiceDesk]
            }
            Stage::MimStarted => &[Role::ServiceDesk, Role::ItManagement],
            Stage::FixReported => &[Role::Vendor, Role::ItManagement],
            Stage::AwaitingVerification => &[Role::Verifier],
            Stage::BackupActivation
            | Stage::Monitoring
            | Stage::Verified
            | Stage::ReturnedToNormal
            | Stage::WalkThrough
            | Stage::ReadyToClose
            | Stage::Closed => &[Role::ItManagement],
        }
    }
}

impl std::str::FromStr for Stage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Stage::ALL
            .into_iter()
            .find(|st| st.code() == s.trim())
            .ok_or_else(|| format!("\"{s}\" is not a stage"))
    }
}
