//! Adding and listing users.

use super::Principal;
use super::passwords::{MIN_PASSWORD_CHARS, hash_password_at_least};
use crate::{App, AppError};
use mim_domain::{Language, Role, UserId, VendorId};
use mim_store::UserRecord;
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: UserId,
    pub name: String,
    pub email: Option<String>,
    pub roles: BTreeSet<Role>,
    pub vendor: Option<VendorId>,
    pub language: Language,
    pub password: Option<String>,
}

/// Who may add users.
pub const USER_ADMINS: &[Role] = &[Role::Admin];

impl App {
    /// Adds a user. `by` is `None` for the operator at the command line.
    pub async fn add_user(
        &self,
        by: Option<&Principal>,
        new: NewUser,
    ) -> Result<UserRecord, AppError> {
        self.add_user_with_password_policy(by, new, MIN_PASSWORD_CHARS)
            .await
    }

    pub(crate) async fn add_user_with_password_policy(
        &self,
        by: Option<&Principal>,
        new: NewUser,
        min_password_chars: usize,
    ) -> Result<UserRecord, AppError> {
        if let Some(p) = by {
            p.require(USER_ADMINS, "adding a user")?;
        }
        if new.name.trim().is_empty() {
            return Err(AppError::invalid("name", "must not be empty"));
        }
        if new.roles.is_empty() {
            return Err(AppError::invalid(
                "roles",
                "give the user at least one role",
            ));
        }
        if new.roles.contains(&Role::Vendor) != new.vendor.is_some() {
            return Err(AppError::invalid(
                "vendor",
                "a vendor user names their vendor, and only a vendor user does",
            ));
        }
        if let Some(v) = &new.vendor
            && self.store().vendor(v).await?.is_none()
        {
            return Err(AppError::invalid(
                "vendor",
                format!("no vendor \"{v}\" in the register"),
            ));
        }
        let password_hash = new
            .password
            .as_deref()
            .map(|p| hash_password_at_least(p, min_password_chars))
            .transpose()?;
        let user = UserRecord {
            id: new.id,
            name: new.name.trim().to_owned(),
            email: new.email,
            roles: new.roles,
            vendor: new.vendor,
            language: new.language,
            password_hash,
            active: true,
            created_at: self.now(),
        };
        self.store().insert_user(&user).await.map_err(|e| match e {
            mim_store::StoreError::Conflict { .. } => {
                AppError::Exists(format!("user \"{}\" exists already", user.id))
            }
            other => other.into(),
        })?;
        Ok(user)
    }

    pub async fn users(&self, by: &Principal) -> Result<Vec<UserRecord>, AppError> {
        by.require(&[Role::Admin, Role::ItManagement], "listing users")?;
        Ok(self.store().users().await?)
    }
}

impl App {
    /// Takes a user's access away: no login, no session, no token works any more. The user's
    /// name stays on every case it acted on.
    pub async fn deactivate_user(
        &self,
        by: Option<&Principal>,
        id: &UserId,
    ) -> Result<UserRecord, AppError> {
        if let Some(p) = by {
            p.require(USER_ADMINS, "deactivating a user")?;
            if p.id() == id {
                return Err(AppError::Forbidden("you can't deactivate yourself".into()));
            }
        }
        let mut user = self
            .store()
            .user(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user \"{id}\"")))?;
        user.active = false;
        self.store().update_user(&user).await?;
        let ended = self.store().delete_sessions_of(id).await?;
        tracing::warn!(user = %id, sessions_ended = ended, "user deactivated");
        Ok(user)
    }

    /// Sets a new password (an admin, or the user for themself); every session of the user
    /// ends, so a stolen cookie stops working.
    pub async fn set_password(
        &self,
        by: Option<&Principal>,
        id: &UserId,
        password: &str,
    ) -> Result<(), AppError> {
        if let Some(p) = by
            && p.id() != id
        {
            p.require(USER_ADMINS, "setting another user's password")?;
        }
        let mut user = self
            .store()
            .user(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user \"{id}\"")))?;
        user.password_hash = Some(hash_password_at_least(password, MIN_PASSWORD_CHARS)?);
        self.store().update_user(&user).await?;
        self.store().delete_sessions_of(id).await?;
        Ok(())
    }
}
