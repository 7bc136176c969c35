//! The organisation: name, time zone, languages, the MIM contact person and deputy, the
//! default matrix and the quiet period after which an untouched detection may be dismissed.

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
        }
    }

    pub fn default_language(&self) -> Language {
        self.languages.first().copied().unwrap_or(Language::Fi)
    }

    /// Checks what serde can't: at least one language, no duplicates, a sane quiet period.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.name.trim().is_empty() {
            return Err(("name", "must not be empty".into()));
        }
        if self.languages.is_empty() {
            return Err(("languages", "at least one of fi, sv, en is needed".into()));
        }
        let mut seen = self.languages.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != self.languages.len() {
            return Err(("languages", "a language is listed twice".into()));
        }
        if !(5..=7 * 24 * 60).contains(&self.quiet_period_minutes) {
            return Err((
                "quiet_period_minutes",
                "must be between 5 and 10080 minutes".into(),
            ));
        }
        Ok(())
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
