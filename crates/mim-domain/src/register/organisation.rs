//! The organisation: name, time zone, languages, the MIM contact person and deputy, the
//! default matrix (its user bands are the organisation's band limits) and the quiet period
//! after which an untouched detection may be dismissed.

use super::checks::{self, FieldError};
use super::communication::Audience;
use crate::communication::Cadence;
use crate::impact::ImpactMatrix;
use crate::{Language, UserId};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A named person: a user of mim, with the name shown on the case and the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedPerson {
    pub user: UserId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub name: String,
    /// IANA name, e.g. `Europe/Helsinki`; every time is shown in it and stored in UTC.
    #[serde(with = "tz_name")]
    pub time_zone: Tz,
    /// Publication languages; the first is the default interface language.
    pub languages: Vec<Language>,
    pub mim_contact: Option<NamedPerson>,
    pub mim_contact_deputy: Option<NamedPerson>,
    pub default_matrix: ImpactMatrix,
    /// A detection-stage case with no decision, every alert resolved and no new report for
    /// this long may be dismissed by mim itself.
    pub quiet_period_minutes: u32,
    /// How often a case at each colour must say something, and how early the person
    /// responsible is reminded (documents stored before it existed get the defaults).
    #[serde(default)]
    pub cadence: Cadence,
    /// Audiences of every disruption, whatever the system: the management group, the
    /// service desk, IT management, each with its members and group channels.
    #[serde(default)]
    pub audiences: Vec<Audience>,
    /// Minutes a call-out to the MIM contact person may go unanswered (nobody takes a step on
    /// the case) before it goes on to the deputy.
    #[serde(default = "default_escalation_minutes")]
    pub call_out_escalation_minutes: u32,
}

fn default_escalation_minutes() -> u32 {
    15
}

impl Organisation {
    pub fn new(name: impl Into<String>) -> Self {
        Organisation {
            name: name.into(),
            time_zone: chrono_tz::Europe::Helsinki,
            languages: vec![Language::Fi, Language::Sv, Language::En],
            mim_contact: None,
            mim_contact_deputy: None,
            default_matrix: ImpactMatrix::organisation_default(),
            quiet_period_minutes: 60,
            cadence: Cadence::default(),
            audiences: vec![],
            call_out_escalation_minutes: default_escalation_minutes(),
        }
    }

    pub fn default_language(&self) -> Language {
        self.languages.first().copied().unwrap_or(Language::Fi)
    }

    /// Whether the organisation publishes in both Finnish and Swedish: a bilingual
    /// municipality must put out both at the same time.
    pub fn bilingual(&self) -> bool {
        self.languages.contains(&Language::Fi) && self.languages.contains(&Language::Sv)
    }

    /// Checks what serde can't (the time zone, band limits and matrix are checked as they are
    /// read): a name, at least one language and none twice, a sane quiet period, a cadence of
    /// communication points from a minute to a day, and a deputy who is not the contact person.
    pub fn validate(&self) -> Result<(), FieldError> {
        checks::line("name", &self.name)?;
        if self.languages.is_empty() {
            return Err(FieldError::new(
                "languages",
                "at least one of fi, sv, en is needed",
            ));
        }
        checks::unique("languages", self.languages.iter())?;
        if !(5..=7 * 24 * 60).contains(&self.quiet_period_minutes) {
            return Err(FieldError::new(
                "quiet_period_minutes",
                "must be between 5 and 10080 minutes",
            ));
        }
        self.cadence
            .check()
            .map_err(|e| FieldError::new(format!("cadence.{}", e.field), e.message))?;
        if !(1..=24 * 60).contains(&self.call_out_escalation_minutes) {
            return Err(FieldError::new(
                "call_out_escalation_minutes",
                "must be between 1 and 1440 minutes",
            ));
        }
        for (i, a) in self.audiences.iter().enumerate() {
            let at = format!("audiences[{i}]");
            checks::opt_line(&format!("{at}.label"), a.label.as_deref())?;
            a.validate_contacts(&at)?;
        }
        people_differ(self.mim_contact.as_ref(), self.mim_contact_deputy.as_ref())
    }
}

/// A deputy stands in for someone else: naming the contact person as their own deputy leaves
/// nobody to call when they can't be reached.
pub(crate) fn people_differ(
    contact: Option<&NamedPerson>,
    deputy: Option<&NamedPerson>,
) -> Result<(), FieldError> {
    match (contact, deputy) {
        (Some(c), Some(d)) if c.user == d.user => Err(FieldError::new(
            "mim_contact_deputy",
            format!(
                "{} is already the MIM contact person; the deputy must be someone else",
                c.user
            ),
        )),
        _ => Ok(()),
    }
}

/// An IANA time zone as its name in JSON (`Europe/Helsinki`).
pub(super) mod tz_name {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let name = String::deserialize(d)?;
        name.parse::<Tz>()
            .map_err(|_| serde::de::Error::custom(format!("\"{name}\" is not an IANA time zone")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str) -> NamedPerson {
        NamedPerson {
            user: UserId::new(id).unwrap(),
            name: id.into(),
        }
    }

    #[test]
    fn bilingual_means_finnish_and_swedish() {
        let mut org = Organisation::new("Kuusijärven kaupunki");
        assert!(org.bilingual());
        org.languages = vec![Language::Fi, Language::En];
        assert!(!org.bilingual());
        org.languages = vec![Language::Sv, Language::Fi];
        assert!(org.bilingual());
        assert_eq!(org.default_language(), Language::Sv);
    }

    #[test]
    fn validation_names_the_field() {
        let field = |org: Organisation| org.validate().unwrap_err().field;
        assert_eq!(Organisation::new("Kunta").validate(), Ok(()));
        assert_eq!(field(Organisation::new(" ")), "name");
        assert_eq!(field(Organisation::new("a\nb")), "name");
        let mut org = Organisation::new("Kunta");
        org.languages = vec![];
        assert_eq!(field(org), "languages");
        let mut org = Organisation::new("Kunta");
        org.languages = vec![Language::Fi, Language::Sv, Language::Fi];
        assert_eq!(field(org), "languages[2]");
        let mut org = Organisation::new("Kunta");
        org.quiet_period_minutes = 4;
        assert_eq!(field(org), "quiet_period_minutes");
        let mut org = Organisation::new("Kunta");
        org.mim_contact = Some(person("mikko"));
        org.mim_contact_deputy = Some(person("mikko"));
        assert_eq!(field(org), "mim_contact_deputy");
    }

    #[test]
    fn zones_languages_and_band_limits_are_checked_as_they_are_read() {
        let mut json = serde_json::to_value(Organisation::new("Kunta")).unwrap();
        json["time_zone"] = "Europe/Helsinkii".into();
        let e = serde_json::from_value::<Organisation>(json).unwrap_err();
        assert!(e.to_string().contains("not an IANA time zone"), "{e}");
        let mut json = serde_json::to_value(Organisation::new("Kunta")).unwrap();
        json["languages"] = serde_json::json!(["fi", "de"]);
        assert!(serde_json::from_value::<Organisation>(json).is_err());
        let mut json = serde_json::to_value(Organisation::new("Kunta")).unwrap();
        json["default_matrix"]["bands"] = serde_json::json!([1, 50, 20, 101]);
        let e = serde_json::from_value::<Organisation>(json).unwrap_err();
        assert!(e.to_string().contains("must increase"), "{e}");
    }
}
