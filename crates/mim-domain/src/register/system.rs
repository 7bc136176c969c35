//! Critical systems, their vendors and backup arrangements.

use super::NamedPerson;
use crate::impact::{ImpactMatrix, MatrixSource, MatrixUsed};
use crate::{SystemId, VendorId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// The monitoring labels that map alerts to this system (besides a `system` label equal
    /// to its id). Aliases map reports' text.
    #[serde(default)]
    pub selectors: Vec<Selector>,
}

/// A set of label matchers: an alert is about the system when its labels hold every one of
/// them, name and value exactly (`{"service": "wilma"}`). JSON: either that bare map, or
/// `{"labels": {…}, "users_share_percent": 30}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RawSelector")]
pub struct Selector {
    pub labels: BTreeMap<String, String>,
    /// The share of the system's users an alert matching this selector affects (1–100);
    /// none means all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_share_percent: Option<u8>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawSelector {
    Full(FullSelector),
    Bare(BTreeMap<String, String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FullSelector {
    labels: BTreeMap<String, String>,
    #[serde(default)]
    users_share_percent: Option<u8>,
}

impl From<RawSelector> for Selector {
    fn from(raw: RawSelector) -> Selector {
        match raw {
            RawSelector::Full(f) => Selector {
                labels: f.labels,
                users_share_percent: f.users_share_percent,
            },
            RawSelector::Bare(labels) => Selector {
                labels,
                users_share_percent: None,
            },
        }
    }
}

impl Selector {
    pub fn new<K: Into<String>, V: Into<String>>(labels: impl IntoIterator<Item = (K, V)>) -> Self {
        Selector {
            labels: labels
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            users_share_percent: None,
        }
    }

    pub fn with_share(mut self, percent: u8) -> Self {
        self.users_share_percent = Some(percent);
        self
    }

    /// Whether `labels` hold every matcher. An empty selector matches nothing.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        !self.labels.is_empty() && self.labels.iter().all(|(k, v)| labels.get(k) == Some(v))
    }

    /// How many matchers it has: the more, the more specific.
    pub fn specificity(&self) -> usize {
        self.labels.len()
    }

    /// The share of the system's users, in percent (100 when not set).
    pub fn share_percent(&self) -> u8 {
        self.users_share_percent.unwrap_or(100)
    }
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

    /// The most specific of this system's selectors matching `labels` (the first on a tie).
    pub fn selector_for(&self, labels: &BTreeMap<String, String>) -> Option<&Selector> {
        let mut best: Option<&Selector> = None;
        for s in self.selectors.iter().filter(|s| s.matches(labels)) {
            if best.is_none_or(|b| s.specificity() > b.specificity()) {
                best = Some(s);
            }
        }
        best
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
        for (i, sel) in self.selectors.iter().enumerate() {
            if sel.labels.is_empty() {
                return Err((
                    "selectors",
                    format!("selector {} has no label to match", i + 1),
                ));
            }
            if sel.labels.keys().any(|k| k.trim().is_empty()) {
                return Err((
                    "selectors",
                    format!("selector {} has an empty label name", i + 1),
                ));
            }
            if let Some(p) = sel.users_share_percent.filter(|p| !(1..=100).contains(p)) {
                return Err((
                    "selectors",
                    format!("selector {}: a share of {p} % is not 1–100", i + 1),
                ));
            }
        }
        Ok(())
    }
}
