//! Critical systems: names and aliases, owner, users, vendor, MIM contact people, the matrix,
//! backup arrangements, the communication plan and the monitoring labels that map alerts.

use super::backup::{self, BackupArrangement};
use super::checks::{self, FieldError, item, path};
use super::communication::CommunicationPlan;
use super::owner::SystemOwner;
use super::{NamedPerson, people_differ};
use crate::impact::{ImpactMatrix, MatrixSource, MatrixUsed};
use crate::{SystemId, VendorId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalSystem {
    pub id: SystemId,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub owner: Option<SystemOwner>,
    /// Why and when the system is critical ("koulupäivinä 7–16"), in the organisation's words.
    #[serde(default)]
    pub criticality_notes: Option<String>,
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
    #[serde(default)]
    pub communication_plan: CommunicationPlan,
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
        self.matrix_in_use_at(organisation_default, None, None)
    }

    /// The matrix that applies, tagged with the register version it comes from: this
    /// system's version for its own matrix, the organisation's for the default one.
    pub fn matrix_in_use_at(
        &self,
        organisation_default: &ImpactMatrix,
        system_version: Option<u64>,
        organisation_version: Option<u64>,
    ) -> MatrixUsed {
        match &self.matrix {
            Some(m) => MatrixUsed {
                source: MatrixSource::SystemOverride {
                    system: self.id.clone(),
                },
                version: system_version,
                matrix: m.clone(),
            },
            None => MatrixUsed {
                source: MatrixSource::OrganisationDefault,
                version: organisation_version,
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

    /// Checks what serde can't; the error names the field as a JSON path
    /// (`backup_arrangements[0].steps[1].what`).
    pub fn validate(&self) -> Result<(), FieldError> {
        checks::line("name", &self.name)?;
        for (i, a) in self.aliases.iter().enumerate() {
            checks::line(&item("aliases", i), a)?;
        }
        checks::unique(
            "aliases",
            self.aliases.iter().map(|a| a.trim().to_lowercase()),
        )?;
        if let Some(o) = &self.owner {
            o.validate("owner")?;
        }
        checks::opt_note("criticality_notes", self.criticality_notes.as_deref())?;
        if self.user_count == 0 {
            return Err(FieldError::new(
                "user_count",
                "a critical system has at least one user",
            ));
        }
        people_differ(self.mim_contact.as_ref(), self.mim_contact_deputy.as_ref())?;
        backup::validate_all("backup_arrangements", &self.backup_arrangements)?;
        self.communication_plan.validate("communication_plan")?;
        for (i, sel) in self.selectors.iter().enumerate() {
            let at = item("selectors", i);
            if sel.labels.is_empty() {
                return Err(FieldError::new(
                    path(&at, "labels"),
                    format!("selector {} has no label to match", i + 1),
                ));
            }
            if sel.labels.keys().any(|k| k.trim().is_empty()) {
                return Err(FieldError::new(
                    path(&at, "labels"),
                    format!("selector {} has an empty label name", i + 1),
                ));
            }
            if let Some(p) = sel.users_share_percent.filter(|p| !(1..=100).contains(p)) {
                return Err(FieldError::new(
                    path(&at, "users_share_percent"),
                    format!("selector {}: a share of {p} % is not 1–100", i + 1),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{
        Audience, AudienceKind, BackupDecider, BackupStep, Channel, OwnerKind, Performer,
    };
    use crate::{Language, Role, UserId};

    fn person(id: &str) -> NamedPerson {
        NamedPerson {
            user: UserId::new(id).unwrap(),
            name: id.to_uppercase(),
        }
    }

    fn wilma() -> CriticalSystem {
        CriticalSystem {
            id: SystemId::new("wilma").unwrap(),
            name: "Wilma".into(),
            aliases: vec!["kouluhallinto".into(), "Wilma-sovellus".into()],
            owner: Some(SystemOwner {
                name: "Opetuspalvelut".into(),
                kind: OwnerKind::Unit,
                phone: None,
                email: Some("opetuspalvelut@example.invalid".into()),
            }),
            criticality_notes: Some("Kriittinen koulupäivinä klo 7–16.".into()),
            user_count: 5200,
            vendor: Some(VendorId::new("koulutieto").unwrap()),
            mim_contact: Some(person("mikko")),
            mim_contact_deputy: Some(person("liisa")),
            matrix: None,
            backup_arrangements: vec![BackupArrangement {
                id: "paperi".into(),
                name: "Paperilistat".into(),
                description: "Poissaolot paperille.".into(),
                decided_by: BackupDecider::ItManagement,
                cost_or_risk: None,
                steps: vec![BackupStep {
                    id: "1".into(),
                    what: "Ilmoitetaan kouluille".into(),
                    who: Performer::Role(Role::ItManagement),
                }],
                announcement: [(Language::Fi, "Wilma on poissa käytöstä.".into())].into(),
            }],
            communication_plan: CommunicationPlan {
                audiences: vec![Audience::of(AudienceKind::Staff, None)],
                channels: vec![Channel::Intranet, Channel::Email],
                languages: vec![Language::Fi, Language::Sv],
            },
            selectors: vec![Selector::new([("service", "wilma")])],
        }
    }

    fn field(s: CriticalSystem) -> String {
        s.validate().unwrap_err().field
    }

    #[test]
    fn every_field_round_trips_and_old_documents_still_load() {
        let s = wilma();
        assert_eq!(s.validate(), Ok(()));
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["owner"]["kind"], "unit");
        assert_eq!(json["communication_plan"]["channels"][0], "intranet");
        assert_eq!(serde_json::from_value::<CriticalSystem>(json).unwrap(), s);

        let old: CriticalSystem = serde_json::from_str(
            r#"{"id":"wilma","name":"Wilma","user_count":800,
                "backup_arrangements":[{"id":"p","name":"P","description":"d","decided_by":"it_management"}]}"#,
        )
        .unwrap();
        assert_eq!(old.owner, None);
        assert_eq!(old.criticality_notes, None);
        assert_eq!(old.communication_plan, CommunicationPlan::default());
        assert_eq!(old.validate(), Ok(()));
    }

    #[test]
    fn mistakes_are_named_by_their_path() {
        let mut s = wilma();
        s.name = "  ".into();
        assert_eq!(field(s), "name");
        let mut s = wilma();
        s.aliases.push("KOULUHALLINTO".into());
        assert_eq!(field(s), "aliases[2]");
        let mut s = wilma();
        s.aliases[1] = "".into();
        assert_eq!(field(s), "aliases[1]");
        let mut s = wilma();
        s.owner.as_mut().unwrap().email = Some("opetuspalvelut".into());
        assert_eq!(field(s), "owner.email");
        let mut s = wilma();
        s.owner.as_mut().unwrap().email = None;
        assert_eq!(field(s), "owner");
        let mut s = wilma();
        s.criticality_notes = Some("x".repeat(4001));
        assert_eq!(field(s), "criticality_notes");
        let mut s = wilma();
        s.user_count = 0;
        assert_eq!(field(s), "user_count");
        let mut s = wilma();
        s.mim_contact_deputy = Some(person("mikko"));
        assert_eq!(field(s), "mim_contact_deputy");
        let mut s = wilma();
        s.backup_arrangements[0].steps.push(BackupStep {
            id: " 1 ".into(),
            what: "Toinen".into(),
            who: Performer::Person("koulusihteerit".into()),
        });
        assert_eq!(field(s), "backup_arrangements[0].steps[1].id");
        let mut s = wilma();
        s.communication_plan.languages.push(Language::Sv);
        assert_eq!(field(s), "communication_plan.languages[2]");
    }

    #[test]
    fn the_matrix_in_use_carries_the_version_of_the_document_it_comes_from() {
        let default = ImpactMatrix::organisation_default();
        let s = wilma();
        let used = s.matrix_in_use_at(&default, Some(7), Some(3));
        assert_eq!(used.source, MatrixSource::OrganisationDefault);
        assert_eq!(used.version, Some(3));
        let mut own = wilma();
        own.matrix = Some(default.clone());
        let used = own.matrix_in_use_at(&default, Some(7), Some(3));
        assert_eq!(
            used.source,
            MatrixSource::SystemOverride {
                system: own.id.clone()
            }
        );
        assert_eq!(used.version, Some(7));
        assert_eq!(own.matrix_in_use(&default).version, None);
    }
}
