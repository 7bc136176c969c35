//! Vendors and service providers: contacts and the practice agreed for a disruption.

use super::{Author, REGISTER_EDITORS, Versioned, invalid, require_staff, sees};
use crate::{App, AppError, Principal};
use mim_domain::VendorId;
use mim_domain::register::Vendor;
use mim_store::{RegisterDocument, RegisterKey};

impl App {
    /// The vendors the caller may see: all of them, or a vendor user's own.
    pub async fn vendors(&self, who: &Principal) -> Result<Vec<Vendor>, AppError> {
        require_staff(who)?;
        let all = self.store().vendors().await?;
        Ok(all.into_iter().filter(|x| sees(who, Some(&x.id))).collect())
    }

    /// One vendor at its current version; one the caller may not see is not found.
    pub async fn vendor(
        &self,
        who: &Principal,
        id: &VendorId,
    ) -> Result<Versioned<Vendor>, AppError> {
        require_staff(who)?;
        let not_found = || AppError::NotFound(format!("vendor \"{id}\""));
        if !sees(who, Some(id)) {
            return Err(not_found());
        }
        let current = self
            .store()
            .current(&RegisterKey::Vendor(id.clone()))
            .await?;
        match current {
            Some(v) => match v.document {
                RegisterDocument::Vendor(document) => Ok(Versioned {
                    version: v.version,
                    changed: Some(self.change(v.stamp).await?),
                    document,
                }),
                _ => Err(not_found()),
            },
            None => Err(not_found()),
        }
    }

    /// Adds or replaces a vendor whatever version it is at (demo seeding, tests).
    pub async fn put_vendor(
        &self,
        who: Option<&Principal>,
        vendor: Vendor,
    ) -> Result<u64, AppError> {
        self.write_vendor(who.into(), vendor, None).await
    }

    /// Adds or replaces a vendor if it is still at `based_on` (when given; 0: it must be new);
    /// returns the new version.
    pub async fn write_vendor(
        &self,
        by: Author<'_>,
        vendor: Vendor,
        based_on: Option<u64>,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp_for(&by, REGISTER_EDITORS, "changing the register")?;
        vendor.validate().map_err(invalid)?;
        self.write(RegisterDocument::Vendor(vendor), based_on, &stamp)
            .await
    }
}
