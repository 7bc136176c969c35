//! Login, logout and session look-up.

use super::Principal;
use super::passwords::{dummy_hash, verify_password};
use super::secrets::{hash_secret, new_secret};
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use mim_domain::UserId;
use mim_store::SessionRecord;

/// A new session: the secret goes into the cookie and is never stored.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub expires_at: DateTime<Utc>,
    pub principal: Principal,
}

impl App {
    pub async fn login(&self, username: &str, password: &str) -> Result<NewSession, AppError> {
        let now = self.now();
        if let Some(wait) = self.throttle.locked(username, now) {
            tracing::warn!(user = %username, "login refused: too many failed attempts");
            return Err(AppError::TooManyAttempts {
                retry_after_secs: wait.num_seconds().max(1),
            });
        }
        let user = match UserId::new(username) {
            Ok(id) => self.store().user(&id).await?,
            Err(_) => None,
        };
        let hash = user.as_ref().and_then(|u| u.password_hash.clone());
        // Verify even for unknown users so the timing does not tell which names exist.
        let ok = verify_password(password, hash.as_deref().unwrap_or(dummy_hash()));
        let user = match user {
            Some(u) if ok && hash.is_some() && u.active => u,
            _ => {
                tracing::warn!(user = %username, "failed login");
                self.throttle.failed(username, now);
                return Err(AppError::LoginFailed);
            }
        };
        self.throttle.succeeded(username);
        let secret = new_secret("mim_s_");
        let session = SessionRecord {
            token_hash: hash_secret(&secret),
            user: user.id.clone(),
            created_at: now,
            expires_at: now + self.settings.session_ttl,
        };
        self.store().insert_session(&session).await?;
        Ok(NewSession {
            secret,
            expires_at: session.expires_at,
            principal: Principal { user },
        })
    }

    pub async fn logout(&self, secret: &str) -> Result<(), AppError> {
        self.store().delete_session(&hash_secret(secret)).await?;
        Ok(())
    }

    pub async fn authenticate_session(&self, secret: &str) -> Result<Principal, AppError> {
        let session = self
            .store()
            .session(&hash_secret(secret))
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if session.expires_at <= self.now() {
            self.store().delete_session(&session.token_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        self.active_principal(&session.user).await
    }

    pub(super) async fn active_principal(&self, id: &UserId) -> Result<Principal, AppError> {
        match self.store().user(id).await? {
            Some(user) if user.active => Ok(Principal { user }),
            _ => Err(AppError::Unauthenticated),
        }
    }
}
