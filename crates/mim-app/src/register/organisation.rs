//! The organisation settings: name, time zone, languages, the MIM contact person and deputy,
//! the default matrix with its user bands, and the quiet period.

use super::{Author, ORGANISATION_EDITORS, Versioned, invalid, require_staff};
use crate::{App, AppError, Principal};
use mim_domain::register::Organisation;
use mim_store::{RegisterDocument, RegisterKey};

impl App {
    /// The organisation, or the built-in defaults before anyone has set it.
    pub async fn organisation_or_default(&self) -> Result<Organisation, AppError> {
        Ok(self.organisation_versioned().await?.document)
    }

    /// The organisation at its current version (0: the built-in defaults).
    pub(crate) async fn organisation_versioned(&self) -> Result<Versioned<Organisation>, AppError> {
        match self.store().current(&RegisterKey::Organisation).await? {
            Some(v) => match v.document {
                RegisterDocument::Organisation(document) => Ok(Versioned {
                    version: v.version,
                    changed: Some(self.change(v.stamp).await?),
                    document,
                }),
                other => Err(AppError::Internal(format!(
                    "the organisation's key holds {:?}",
                    other.key()
                ))),
            },
            None => Ok(Versioned {
                version: 0,
                changed: None,
                document: Organisation::new("mim"),
            }),
        }
    }

    /// The organisation settings and their version, for staff.
    pub async fn organisation(&self, who: &Principal) -> Result<Versioned<Organisation>, AppError> {
        require_staff(who)?;
        self.organisation_versioned().await
    }

    /// Replaces the organisation settings whatever version they are at (demo seeding, tests).
    pub async fn put_organisation(
        &self,
        who: Option<&Principal>,
        org: Organisation,
    ) -> Result<u64, AppError> {
        self.write_organisation(who.into(), org, None).await
    }

    /// Replaces the organisation settings if they are still at `based_on` (when given);
    /// returns the new version.
    pub async fn write_organisation(
        &self,
        by: Author<'_>,
        org: Organisation,
        based_on: Option<u64>,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp_for(
            &by,
            ORGANISATION_EDITORS,
            "changing the organisation settings",
        )?;
        org.validate().map_err(invalid)?;
        let mut org = org;
        org.mim_contact = self.contact("mim_contact", org.mim_contact).await?;
        org.mim_contact_deputy = self
            .contact("mim_contact_deputy", org.mim_contact_deputy)
            .await?;
        self.write(RegisterDocument::Organisation(org), based_on, &stamp)
            .await
    }
}
