//! Critical systems, their vendors and backup arrangements.

use super::NamedPerson;
use crate::impact::{ImpactMatrix, MatrixSource, MatrixUsed};
use crate::{SystemId, VendorId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vendor {
    pub id: VendorId,
    pub name: String,
    pub contact: Contact,
}

/// Who decides on taking a backup arrangement into use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupDecider {
    ItManagement,
    ManagementGroup,
}

impl BackupDecider {
    pub fn role(self) -> crate::Role {
        match self {
            BackupDecider::ItManagement => crate::Role::ItManagement,
            BackupDecider::ManagementGroup => crate::Role::ManagementGroup,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupArrangement {
    pub id: String,
    pub name: String,
    pub description: String,
    pub decided_by: BackupDecider,
    #[serde(default)]
    pub cost_or_risk: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalSystem {
    pub id: SystemId,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub user_count: u32,
    #[serde(default)]
    pub vendor: Option<VendorId>,
    #[serde(default)]
    pub mim_contact: Option<NamedPerson>,
    #[serde(default)]
    pub mim_contact_deputy: Option<NamedPerson>,
    /// Overrides the organisation's default matrix when set.
    #[serde(default)]
    pub matrix: Option<ImpactMatrix>,
    #[serde(default)]
    pub backup_arrangements: Vec<BackupArrangement>,
}

impl CriticalSystem {
    /// The matrix that applies to this system, and where it came from.
    pub fn matrix_in_use(&self, organisation_default: &ImpactMatrix) -> MatrixUsed {
        match &self.matrix {
            Some(m) => MatrixUsed {
                source: MatrixSource::SystemOverride {
                    system: self.id.clone(),
                },
                version: None,
                matrix: m.clone(),
            },
            None => MatrixUsed {
                source: MatrixSource::OrganisationDefault,
                version: None,
                matrix: organisation_default.clone(),
            },
        }
    }

    pub fn backup(&self, id: &str) -> Option<&BackupArrangement> {
        self.backup_arrangements.iter().find(|b| b.id == id)
    }

    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.name.trim().is_empty() {
            return Err(("name", "must not be empty".into()));
        }
        if self.user_count == 0 {
            return Err((
                "user_count",
                "a critical system has at least one user".into(),
            ));
        }
        let mut ids: Vec<&str> = self
            .backup_arrangements
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        ids.sort();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(("backup_arrangements", "two arrangements share an id".into()));
        }
        Ok(())
    }
}
