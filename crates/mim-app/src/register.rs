//! The register use cases: the organisation, critical systems and vendors.

use crate::{App, AppError, Principal};
use mim_domain::register::{CriticalSystem, Organisation, Vendor};
use mim_domain::{Role, SystemId};
use mim_store::Stamp;

impl App {
    /// The organisation, or the built-in defaults before anyone has set it.
    pub async fn organisation_or_default(&self) -> Result<Organisation, AppError> {
        Ok(self
            .store()
            .organisation()
            .await?
            .unwrap_or_else(|| Organisation::new("mim")))
    }

    pub async fn put_organisation(
        &self,
        who: Option<&Principal>,
        org: Organisation,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp(who, &[Role::Admin], "changing the organisation settings")?;
        org.validate().map_err(|(f, m)| AppError::invalid(f, m))?;
        Ok(self.store().put_organisation(&org, &stamp).await?)
    }

    pub async fn systems(&self) -> Result<Vec<CriticalSystem>, AppError> {
        Ok(self.store().systems().await?)
    }

    pub async fn system(&self, id: &SystemId) -> Result<CriticalSystem, AppError> {
        self.store()
            .system(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("system \"{id}\"")))
    }

    pub async fn put_system(
        &self,
        who: Option<&Principal>,
        system: CriticalSystem,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp(
            who,
            &[Role::Admin, Role::ItManagement],
            "changing the register",
        )?;
        system
            .validate()
            .map_err(|(f, m)| AppError::invalid(f, m))?;
        if let Some(v) = &system.vendor
            && self.store().vendor(v).await?.is_none()
        {
            return Err(AppError::invalid(
                "vendor",
                format!("no vendor \"{v}\" in the register"),
            ));
        }
        Ok(self.store().put_system(&system, &stamp).await?)
    }

    pub async fn vendors(&self) -> Result<Vec<Vendor>, AppError> {
        Ok(self.store().vendors().await?)
    }

    pub async fn put_vendor(
        &self,
        who: Option<&Principal>,
        vendor: Vendor,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp(
            who,
            &[Role::Admin, Role::ItManagement],
            "changing the register",
        )?;
        if vendor.name.trim().is_empty() {
            return Err(AppError::invalid("name", "must not be empty"));
        }
        Ok(self.store().put_vendor(&vendor, &stamp).await?)
    }

    /// Who changes the register, and when; `None` is the operator at the command line.
    fn stamp(
        &self,
        who: Option<&Principal>,
        roles: &[Role],
        what: &str,
    ) -> Result<Stamp, AppError> {
        let by = match who {
            Some(p) => {
                p.require(roles, what)?;
                p.id().clone()
            }
            None => mim_domain::UserId::new("operator").map_err(AppError::Internal)?,
        };
        Ok(Stamp { by, at: self.now() })
    }
}
