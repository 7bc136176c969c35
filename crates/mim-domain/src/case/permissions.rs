//! Who may take which step: the role table of PROCESS.md. The caller's view of a case offers
//! only the commands its roles permit, and `decide` refuses the rest.

use super::{Case, CommandKind, Stage};
use crate::impact::Colour;
use crate::{Role, UserId};
use std::collections::BTreeSet;

/// The person asking, with the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user: UserId,
    pub name: String,
    pub roles: BTreeSet<Role>,
    /// The role the caller asked to act in, when they hold several that fit.
    pub acting_as: Option<Role>,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The roles that may issue `kind` on `case` now, in order of preference.
/// `DecideBackup` depends on the arrangement and is narrowed further in `decide`.
pub fn permitted_roles(kind: CommandKind, case: &Case) -> &'static [Role] {
    use CommandKind as K;
    use Role::*;
    match kind {
        K::RecordAssessment => &[ServiceDesk, MimContact, ItManagement],
        K::CallMimContact => &[ServiceDesk],
        K::DecideCriticality => match case.assessment_colour() {
            // On yellow the MIM contact person decides (PROCESS.md).
            Some(Colour::Yellow) => &[MimContact],
            _ => &[ServiceDesk, MimContact],
        },
        K::DecideBackup => &[ItManagement, ManagementGroup],
        K::ActivateBackup
        | K::EndBackup
        | K::EscalateToVendor
        | K::DemandProgressReport
        | K::AcknowledgeFix => &[ItManagement],
        // Vendors often phone their report in: IT management may record it for them.
        K::AcknowledgeEscalation
        | K::RecordVendorProgress
        | K::ReportFix
        | K::RecordVendorReport => &[Vendor, ItManagement],
        K::NamePeople => &[ItManagement, ServiceDesk],
        // The named verifier (or deputy) verifies, whatever other roles they hold.
        K::Verify => &[Verifier],
        K::SignOff | K::DecideWalkThrough | K::Close => &[ItManagement],
        K::AddFinding | K::AddActionItem => &[ItManagement, ServiceDesk],
        K::Reopen => match case.stage {
            Stage::NormalProcess | Stage::Dismissed => &[ServiceDesk, MimContact, ItManagement],
            _ => &[ItManagement],
        },
        K::Dismiss => &[ServiceDesk],
        K::RecordCommunication => &[ServiceDesk, ItManagement],
        K::AddNote => &[
            ServiceDesk,
            MimContact,
            ItManagement,
            ManagementGroup,
            Vendor,
            Verifier,
        ],
        K::EditDetails => &[ServiceDesk, ItManagement],
        K::SetSystem => &[ServiceDesk, ItManagement],
    }
}
