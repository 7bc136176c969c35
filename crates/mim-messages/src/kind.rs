//! What a message is for: one template per kind and language.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// Yellow: call the MIM contact person (and the deputy when not acknowledged in time).
    CallOut,
    /// Red: alert the service desk and IT management.
    RedAlert,
    /// The first notice to users once MIM starts.
    FirstNotice,
    /// An update at a communication point.
    Update,
    /// A backup arrangement taken into use, with its announcement.
    BackupInUse,
    /// The assessment decided not to start MIM: said aloud so nobody waits for it.
    MimNotStarted,
    /// The vendor is escalated to.
    VendorEscalation,
    /// The vendor's progress report is due.
    VendorProgressDemand,
    /// The fix is verified and normal operation is back.
    ReturnToNormal,
    /// The invitation to the walk-through.
    WalkthroughInvitation,
    /// The person responsible is reminded that a communication point is near, or has passed
    /// without an update.
    UpdateReminder,
    /// The service desk and IT management are told that every alert of a case has been
    /// resolved (after the hold-down): a prompt for the next step (the vendor's fix report,
    /// the verification), not an announcement to users (cases C09, C11).
    AlertsResolved,
    /// The service desk and IT management are told that a case was reopened: the problem
    /// persists (case C16 b).
    CaseReopened,
}

impl MessageKind {
    pub const ALL: [MessageKind; 13] = [
        MessageKind::CallOut,
        MessageKind::RedAlert,
        MessageKind::FirstNotice,
        MessageKind::Update,
        MessageKind::BackupInUse,
        MessageKind::MimNotStarted,
        MessageKind::VendorEscalation,
        MessageKind::VendorProgressDemand,
        MessageKind::ReturnToNormal,
        MessageKind::WalkthroughInvitation,
        MessageKind::UpdateReminder,
        MessageKind::AlertsResolved,
        MessageKind::CaseReopened,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MessageKind::CallOut => "call_out",
            MessageKind::RedAlert => "red_alert",
            MessageKind::FirstNotice => "first_notice",
            MessageKind::Update => "update",
            MessageKind::BackupInUse => "backup_in_use",
            MessageKind::MimNotStarted => "mim_not_started",
            MessageKind::VendorEscalation => "vendor_escalation",
            MessageKind::VendorProgressDemand => "vendor_progress_demand",
            MessageKind::ReturnToNormal => "return_to_normal",
            MessageKind::WalkthroughInvitation => "walkthrough_invitation",
            MessageKind::UpdateReminder => mim_domain::communication::UPDATE_REMINDER,
            MessageKind::AlertsResolved => mim_domain::communication::ALERTS_RESOLVED,
            MessageKind::CaseReopened => "case_reopened",
        }
    }

    /// Whether the message is a bulletin to users (public or internal), which must carry the
    /// fields of a good disruption bulletin, the next update time among them.
    pub fn is_bulletin(self) -> bool {
        matches!(
            self,
            MessageKind::FirstNotice
                | MessageKind::Update
                | MessageKind::BackupInUse
                | MessageKind::ReturnToNormal
        )
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for MessageKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MessageKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = MessageKind::ALL.iter().map(|k| k.code()).collect();
                format!("\"{s}\" is not a message kind ({})", known.join(", "))
            })
    }
}
