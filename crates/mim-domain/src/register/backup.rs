//! Backup arrangements (varajärjestelyt): what keeps work going while a critical system is
//! down, the ordered steps that take it into use and who takes each, what it costs or risks,
//! who decides on it, and the ready text that announces it in each publication language. A
//! case copies the arrangement it decides on, so a later edit never rewrites that decision.

use super::checks::{self, Checked, item, path};
use crate::{Language, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who decides on taking a backup arrangement into use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupDecider {
    /// PROCESS.md: IT management decides unless the plan says the management group does.
    #[default]
    ItManagement,
    ManagementGroup,
}

impl BackupDecider {
    pub fn role(self) -> Role {
        match self {
            BackupDecider::ItManagement => Role::ItManagement,
            BackupDecider::ManagementGroup => Role::ManagementGroup,
        }
    }
}

/// Who takes a step: a role of the process, or a person or group named in the organisation's
/// words (`{"role": "it_management"}`, `{"person": "koulusihteerit"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Performer {
    Role(Role),
    Person(String),
}

/// One step of taking an arrangement into use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupStep {
    /// Unique within the arrangement, so a case can tick the step off.
    pub id: String,
    /// What to do.
    pub what: String,
    pub who: Performer,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BackupArrangement {
    pub id: String,
    pub name: String,
    pub description: String,
    pub decided_by: BackupDecider,
    #[serde(default)]
    pub cost_or_risk: Option<String>,
    /// In the order they are taken.
    #[serde(default)]
    pub steps: Vec<BackupStep>,
    /// The ready message announcing the arrangement, per language.
    #[serde(default)]
    pub announcement: BTreeMap<Language, String>,
}

impl BackupArrangement {
    /// The announcement in `language`, or in the first of `fallbacks` that has one.
    pub fn announcement_in(&self, language: Language, fallbacks: &[Language]) -> Option<&str> {
        std::iter::once(&language)
            .chain(fallbacks)
            .find_map(|l| self.announcement.get(l))
            .map(String::as_str)
    }

    pub(crate) fn validate(&self, prefix: &str) -> Checked {
        checks::id(&path(prefix, "id"), &self.id)?;
        checks::line(&path(prefix, "name"), &self.name)?;
        checks::note(&path(prefix, "description"), &self.description)?;
        checks::opt_note(&path(prefix, "cost_or_risk"), self.cost_or_risk.as_deref())?;
        let steps = path(prefix, "steps");
        checks::unique_ids(&steps, self.steps.iter().map(|s| s.id.as_str()))?;
        for (i, s) in self.steps.iter().enumerate() {
            let at = item(&steps, i);
            checks::id(&path(&at, "id"), &s.id)?;
            checks::note(&path(&at, "what"), &s.what)?;
            if let Performer::Person(name) = &s.who {
                checks::line(&path(&at, "who.person"), name)?;
            }
        }
        for (language, text) in &self.announcement {
            checks::note(&path(&path(prefix, "announcement"), language.code()), text)?;
        }
        Ok(())
    }
}

/// Arrangement ids unique within a system, each arrangement valid.
pub(crate) fn validate_all(prefix: &str, all: &[BackupArrangement]) -> Checked {
    checks::unique_ids(prefix, all.iter().map(|b| b.id.as_str()))?;
    for (i, b) in all.iter().enumerate() {
        b.validate(&item(prefix, i))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrangement() -> BackupArrangement {
        BackupArrangement {
            id: "paperi".into(),
            name: "Paperilomakkeet".into(),
            description: "Poissaolot kirjataan paperille.".into(),
            decided_by: BackupDecider::ItManagement,
            cost_or_risk: Some("Jälkikirjaus vie päivän.".into()),
            steps: vec![
                BackupStep {
                    id: "1".into(),
                    what: "Päätös ja ilmoitus kouluille".into(),
                    who: Performer::Role(Role::ItManagement),
                },
                BackupStep {
                    id: "2".into(),
                    what: "Luokkalistat tulostetaan".into(),
                    who: Performer::Person("koulusihteerit".into()),
                },
            ],
            announcement: [
                (
                    Language::Fi,
                    "Wilma ei toimi: kirjatkaa poissaolot paperille.".into(),
                ),
                (
                    Language::Sv,
                    "Wilma fungerar inte: anteckna frånvaron på papper.".into(),
                ),
            ]
            .into(),
        }
    }

    fn field(all: Vec<BackupArrangement>) -> String {
        validate_all("backup_arrangements", &all).unwrap_err().field
    }

    #[test]
    fn json_keeps_steps_in_order_and_announcements_by_language() {
        let b = arrangement();
        assert_eq!(
            validate_all("backup_arrangements", std::slice::from_ref(&b)),
            Ok(())
        );
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(json["steps"][1]["who"]["person"], "koulusihteerit");
        assert_eq!(json["steps"][0]["who"]["role"], "it_management");
        assert_eq!(json["announcement"]["sv"], b.announcement[&Language::Sv]);
        assert_eq!(
            serde_json::from_value::<BackupArrangement>(json).unwrap(),
            b
        );
        assert_eq!(
            b.announcement_in(Language::En, &[Language::Sv, Language::Fi]),
            Some(b.announcement[&Language::Sv].as_str())
        );
        // An arrangement stored before steps and announcements still loads.
        let old: BackupArrangement = serde_json::from_str(
            r#"{"id":"p","name":"P","description":"d","decided_by":"management_group"}"#,
        )
        .unwrap();
        assert!(old.steps.is_empty() && old.announcement.is_empty());
        assert!(
            serde_json::from_str::<BackupArrangement>(
                r#"{"id":"p","name":"P","description":"d","decided_by":"it_management","announcement":{"de":"x"}}"#
            )
            .is_err()
        );
    }

    #[test]
    fn mistakes_are_named_by_their_path() {
        assert_eq!(
            field(vec![arrangement(), arrangement()]),
            "backup_arrangements[1].id"
        );
        let mut b = arrangement();
        b.steps[1].id = "1".into();
        assert_eq!(field(vec![b]), "backup_arrangements[0].steps[1].id");
        let mut b = arrangement();
        b.steps[0].what = "".into();
        assert_eq!(field(vec![b]), "backup_arrangements[0].steps[0].what");
        let mut b = arrangement();
        b.steps[1].who = Performer::Person(" ".into());
        assert_eq!(field(vec![b]), "backup_arrangements[0].steps[1].who.person");
        let mut b = arrangement();
        b.announcement.insert(Language::En, "x".repeat(4001));
        assert_eq!(field(vec![b]), "backup_arrangements[0].announcement.en");
        let mut b = arrangement();
        b.name = "a\nb".into();
        assert_eq!(field(vec![b]), "backup_arrangements[0].name");
    }
}
