//! Bearer tokens for the API, created by the operator (`mim token create`).

use super::Principal;
use super::secrets::{hash_secret, new_secret, short_id};
use crate::{App, AppError};
use chrono::{DateTime, Duration, Utc};
use mim_domain::UserId;
use mim_store::TokenRecord;

#[derive(Debug, Clone)]
pub struct NewToken {
    pub id: String,
    /// Shown once; only its hash is stored.
    pub secret: String,
    pub expires_at: Option<DateTime<Utc>>,
}

impl App {
    pub async fn create_token(
        &self,
        user: &UserId,
        name: &str,
        valid_for: Option<Duration>,
    ) -> Result<NewToken, AppError> {
        if self.store().user(user).await?.is_none() {
            return Err(AppError::NotFound(format!("user \"{user}\"")));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AppError::invalid(
                "name",
                "a token needs a name of 1–100 characters",
            ));
        }
        let now = self.now();
        let secret = new_secret("mim_t_");
        let record = TokenRecord {
            id: short_id(),
            token_hash: hash_secret(&secret),
            user: user.clone(),
            name: name.to_owned(),
            created_at: now,
            expires_at: valid_for.map(|d| now + d),
        };
        self.store().insert_token(&record).await?;
        Ok(NewToken {
            id: record.id,
            secret,
            expires_at: record.expires_at,
        })
    }

    pub async fn authenticate_token(&self, secret: &str) -> Result<Principal, AppError> {
        let token = self
            .store()
            .token(&hash_secret(secret))
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if token.expires_at.is_some_and(|t| t <= self.now()) {
            return Err(AppError::Unauthenticated);
        }
        self.active_principal(&token.user).await
    }
}

impl App {
    /// A user's tokens (never their secrets), newest first.
    pub async fn tokens_of(&self, user: &UserId) -> Result<Vec<TokenRecord>, AppError> {
        if self.store().user(user).await?.is_none() {
            return Err(AppError::NotFound(format!("user \"{user}\"")));
        }
        Ok(self.store().tokens_of(user).await?)
    }

    /// Revokes a token by its public id (the operator, or an admin through the API).
    pub async fn revoke_token(&self, by: Option<&Principal>, id: &str) -> Result<(), AppError> {
        if let Some(p) = by {
            p.require(super::USER_ADMINS, "revoking a token")?;
        }
        match self.store().delete_token(id).await {
            Err(mim_store::StoreError::NotFound) => {
                Err(AppError::NotFound(format!("token \"{id}\"")))
            }
            other => Ok(other?),
        }
    }
}
