//! The register use cases: the organisation, critical systems and vendors.

use crate::{App, AppError, Principal};
use mim_domain::register::{CriticalSystem, Organisation, Vendor};
use mim_domain::{Role, SystemId};
use mim_store::Stamp;

/// Who may change the organisation settings.
pub const ORGANISATION_EDITORS: &[Role] = &[Role::Admin];
/// Who may change critical systems and vendors.
pub const REGISTER_EDITORS: &[Role] = &[Role::Admin, Role::ItManagement];

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
        let stamp = self.stamp(
            who,
            ORGANISATION_EDITORS,
            "changing the organisation settings",
        )?;
        org.validate().map_err(|(f, m)| AppError::invalid(f, m))?;
        let mut org = org;
        org.mim_contact = self.contact("mim_contact", org.mim_contact).await?;
        org.mim_contact_deputy = self
            .contact("mim_contact_deputy", org.mim_contact_deputy)
            .await?;
        Ok(self.store().put_organisation(&org, &stamp).await?)
    }

    /// The organisation settings, for staff.
    pub async fn organisation(&self, who: &Principal) -> Result<Organisation, AppError> {
        require_staff(who)?;
        self.organisation_or_default().await
    }

    /// The critical systems the caller may see: all of them, or a vendor's own.
    pub async fn systems(&self, who: &Principal) -> Result<Vec<CriticalSystem>, AppError> {
        require_staff(who)?;
        let all = self.store().systems().await?;
        Ok(all
            .into_iter()
            .filter(|s| sees(who, s.vendor.as_ref()))
            .collect())
    }

    pub async fn system(&self, who: &Principal, id: &SystemId) -> Result<CriticalSystem, AppError> {
        require_staff(who)?;
        let not_found = || AppError::NotFound(format!("system \"{id}\""));
        let system = self.store().system(id).await?.ok_or_else(not_found)?;
        if sees(who, system.vendor.as_ref()) {
            Ok(system)
        } else {
            Err(not_found())
        }
    }

    pub async fn put_system(
        &self,
        who: Option<&Principal>,
        system: CriticalSystem,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp(who, REGISTER_EDITORS, "changing the register")?;
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
        let mut system = system;
        system.mim_contact = self.contact("mim_contact", system.mim_contact).await?;
        system.mim_contact_deputy = self
            .contact("mim_contact_deputy", system.mim_contact_deputy)
            .await?;
        Ok(self.store().put_system(&system, &stamp).await?)
    }

    /// The vendors the caller may see: all of them, or a vendor user's own.
    pub async fn vendors(&self, who: &Principal) -> Result<Vec<Vendor>, AppError> {
        require_staff(who)?;
        let all = self.store().vendors().await?;
        Ok(all.into_iter().filter(|x| sees(who, Some(&x.id))).collect())
    }

    pub async fn put_vendor(
        &self,
        who: Option<&Principal>,
        vendor: Vendor,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp(who, REGISTER_EDITORS, "changing the register")?;
        if vendor.name.trim().is_empty() {
            return Err(AppError::invalid("name", "must not be empty"));
        }
        Ok(self.store().put_vendor(&vendor, &stamp).await?)
    }

    /// Who changes the register, and when; `None` is the operator at the command line.
    pub(crate) fn stamp(
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

impl App {
    /// A MIM contact person in the register: an active user holding the role, named as the
    /// user record says (so no made-up person is copied onto cases).
    async fn contact(
        &self,
        field: &str,
        person: Option<mim_domain::register::NamedPerson>,
    ) -> Result<Option<mim_domain::register::NamedPerson>, AppError> {
        let Some(p) = person else { return Ok(None) };
        self.person(field, Some(p.user), crate::cases::MIM_CONTACTS)
            .await
    }
}

/// Whether `who` may see register entries of `vendor`: everyone but a vendor's user sees all;
/// a vendor's user sees its own vendor's only.
fn sees(who: &Principal, vendor: Option<&mim_domain::VendorId>) -> bool {
    who.vendor_scope().is_none_or(|own| vendor == Some(own))
}

fn require_staff(who: &Principal) -> Result<(), AppError> {
    if who.user.roles.iter().any(|r| r.is_staff()) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only staff roles may read the register".into(),
        ))
    }
}
