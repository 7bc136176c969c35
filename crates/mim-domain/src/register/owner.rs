//! A critical system's owner (palvelun omistaja): a named person or an organisational unit,
//! with a way to reach them, since the owner is told and consulted when the system is down.

use super::checks::{self, Checked, FieldError, path};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerKind {
    #[default]
    Person,
    /// An organisational unit, e.g. "Opetuspalvelut".
    Unit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemOwner {
    /// The person's name and title, or the unit's name.
    pub name: String,
    #[serde(default)]
    pub kind: OwnerKind,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl SystemOwner {
    pub(crate) fn validate(&self, prefix: &str) -> Checked {
        checks::line(&path(prefix, "name"), &self.name)?;
        if let Some(p) = &self.phone {
            checks::phone(&path(prefix, "phone"), p)?;
        }
        if let Some(e) = &self.email {
            checks::email(&path(prefix, "email"), e)?;
        }
        if self.phone.is_none() && self.email.is_none() {
            return Err(FieldError::new(
                prefix,
                "the owner needs a phone number or an e-mail address",
            ));
        }
        Ok(())
    }
}
