//! Critical systems: what the register says about each, and the checks a change must pass
//! against the rest of the register (the vendor exists, the MIM contact people are real users
//! holding the role, messages are planned only in the organisation's languages).

use super::{Author, REGISTER_EDITORS, Versioned, invalid, require_staff, sees};
use crate::{App, AppError, Principal};
use mim_domain::SystemId;
use mim_domain::register::{CriticalSystem, check_publication_languages};
use mim_store::{RegisterDocument, RegisterKey};

impl App {
    /// The critical systems the caller may see: all of them, or a vendor's own.
    pub async fn systems(&self, who: &Principal) -> Result<Vec<CriticalSystem>, AppError> {
        require_staff(who)?;
        let all = self.store().systems().await?;
        Ok(all
            .into_iter()
            .filter(|s| sees(who, s.vendor.as_ref()))
            .collect())
    }

    /// One system at its current version; one the caller may not see is not found.
    pub async fn system(
        &self,
        who: &Principal,
        id: &SystemId,
    ) -> Result<Versioned<CriticalSystem>, AppError> {
        require_staff(who)?;
        let not_found = || AppError::NotFound(format!("system \"{id}\""));
        let current = self
            .store()
            .current(&RegisterKey::System(id.clone()))
            .await?;
        match current.map(|v| (v.version, v.stamp, v.document)) {
            Some((version, stamp, RegisterDocument::System(document)))
                if sees(who, document.vendor.as_ref()) =>
            {
                Ok(Versioned {
                    version,
                    changed: Some(self.change(stamp).await?),
                    document: *document,
                })
            }
            _ => Err(not_found()),
        }
    }

    /// Adds or replaces a system whatever version it is at (demo seeding, tests).
    pub async fn put_system(
        &self,
        who: Option<&Principal>,
        system: CriticalSystem,
    ) -> Result<u64, AppError> {
        self.write_system(who.into(), system, None).await
    }

    /// Adds or replaces a system if it is still at `based_on` (when given; 0: it must be new);
    /// returns the new version.
    pub async fn write_system(
        &self,
        by: Author<'_>,
        system: CriticalSystem,
        based_on: Option<u64>,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp_for(&by, REGISTER_EDITORS, "changing the register")?;
        system.validate().map_err(invalid)?;
        if let Some(v) = &system.vendor
            && self.store().vendor(v).await?.is_none()
        {
            return Err(AppError::invalid(
                "vendor",
                format!("no vendor \"{v}\" in the register"),
            ));
        }
        let org = self.organisation_or_default().await?;
        check_publication_languages(&system, &org.languages).map_err(invalid)?;
        let mut system = system;
        system.mim_contact = self.contact("mim_contact", system.mim_contact).await?;
        system.mim_contact_deputy = self
            .contact("mim_contact_deputy", system.mim_contact_deputy)
            .await?;
        self.write(RegisterDocument::System(Box::new(system)), based_on, &stamp)
            .await
    }
}
