//! The process as the appendix outlines it: the six stages of PROCESS.md (detect → assess →
//! decide → run → close → learn), each a group of the workflow's stages whose responsible
//! roles come from `Stage::responsible`, and the decisions with the roles that take them as
//! `mim_domain::case::permitted_roles` grants them (ADR 0005).

use mim_domain::Role;
use mim_domain::case::Stage as CaseStage;

/// A stage of the outline: its key in the interface texts and the workflow stages it covers.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    pub key: &'static str,
    pub stages: &'static [CaseStage],
    /// Who else acts here beyond the stages' responsible roles: on yellow the MIM contact
    /// person decides (`Case::responsible`).
    pub also: &'static [Role],
}

impl Stage {
    /// The roles responsible in this part of the process, in the order they act, each once.
    pub fn responsible(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = Vec::new();
        for r in self
            .stages
            .iter()
            .flat_map(|s| s.responsible().iter().copied())
            .chain(self.also.iter().copied())
        {
            if !roles.contains(&r) {
                roles.push(r);
            }
        }
        roles
    }
}

/// A decision of the process and who takes it.
#[derive(Debug, Clone, Copy)]
pub struct Decision {
    pub key: &'static str,
    pub by: &'static [Role],
}

use CaseStage as S;
use Role::{ItManagement, ManagementGroup, MimContact, ServiceDesk, Verifier};

pub const PROCESS_STAGES: [Stage; 6] = [
    Stage {
        key: "detect",
        stages: &[S::Detection],
        also: &[],
    },
    Stage {
        key: "assess",
        stages: &[S::Assessment],
        also: &[],
    },
    Stage {
        key: "decide",
        stages: &[S::Assessment],
        also: &[MimContact],
    },
    Stage {
        key: "run",
        stages: &[S::MimStarted, S::BackupActivation, S::Monitoring],
        also: &[],
    },
    Stage {
        key: "close",
        stages: &[
            S::FixReported,
            S::AwaitingVerification,
            S::Verified,
            S::ReturnedToNormal,
        ],
        also: &[],
    },
    Stage {
        key: "learn",
        stages: &[S::WalkThrough, S::ReadyToClose, S::Closed],
        also: &[],
    },
];

/// Who decides what.
pub const PROCESS_DECISIONS: [Decision; 7] = [
    Decision {
        key: "start-on-red",
        by: &[ServiceDesk, MimContact],
    },
    Decision {
        key: "start-on-yellow",
        by: &[MimContact],
    },
    Decision {
        key: "backup",
        by: &[ItManagement, ManagementGroup],
    },
    Decision {
        key: "fix-acknowledged",
        by: &[ItManagement],
    },
    Decision {
        key: "verified",
        by: &[Verifier],
    },
    Decision {
        key: "sign-off",
        by: &[ItManagement],
    },
    Decision {
        key: "walk-through",
        by: &[ItManagement],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_names_the_workflows_responsible_roles() {
        let roles = |key: &str| {
            PROCESS_STAGES
                .iter()
                .find(|s| s.key == key)
                .map(Stage::responsible)
                .unwrap_or_default()
        };
        assert_eq!(roles("detect"), [ServiceDesk]);
        assert_eq!(roles("decide"), [ServiceDesk, MimContact]);
        assert_eq!(roles("run"), [ServiceDesk, ItManagement]);
        assert_eq!(roles("close"), [Role::Vendor, ItManagement, Verifier]);
        assert_eq!(roles("learn"), [ItManagement]);
    }
}
