//! An authenticated user, as every use case receives it.

use crate::AppError;
use mim_domain::case::Caller;
use mim_domain::{Role, UserId, VendorId};
use mim_store::UserRecord;

#[derive(Debug, Clone)]
pub struct Principal {
    pub user: UserRecord,
}

impl Principal {
    pub fn id(&self) -> &UserId {
        &self.user.id
    }

    pub fn has(&self, role: Role) -> bool {
        self.user.roles.contains(&role)
    }

    /// The vendor whose cases alone this user may see, when the user works for a vendor and
    /// holds no organisation role that sees everything.
    pub fn vendor_scope(&self) -> Option<&VendorId> {
        let org_wide = self.user.roles.iter().any(|r| {
            matches!(
                r,
                Role::ServiceDesk
                    | Role::MimContact
                    | Role::ItManagement
                    | Role::ManagementGroup
                    | Role::Admin
            )
        });
        if org_wide {
            None
        } else {
            self.user.vendor.as_ref()
        }
    }

    pub fn caller(&self, acting_as: Option<Role>) -> Caller {
        Caller {
            user: self.user.id.clone(),
            name: self.user.name.clone(),
            roles: self.user.roles.clone(),
            acting_as,
        }
    }

    pub fn require(&self, roles: &[Role], what: &str) -> Result<Role, AppError> {
        roles.iter().copied().find(|r| self.has(*r)).ok_or_else(|| {
            let names: Vec<&str> = roles.iter().map(|r| r.code()).collect();
            AppError::Forbidden(format!(
                "{what} needs one of the roles {}",
                names.join(", ")
            ))
        })
    }
}
