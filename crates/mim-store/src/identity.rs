//! Users, login sessions and API tokens. Secrets are stored only as hashes.

use crate::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::{Language, Role, UserId, VendorId};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: UserId,
    pub name: String,
    pub email: Option<String>,
    pub roles: BTreeSet<Role>,
    /// For vendor users: the vendor whose systems' cases they may see.
    pub vendor: Option<VendorId>,
    pub language: Language,
    /// Argon2id PHC string; `None` for users who may only use tokens (or SSO, later).
    pub password_hash: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub user: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TokenRecord {
    /// A short public id, shown in listings; the secret is never stored.
    pub id: String,
    pub token_hash: String,
    pub user: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait IdentityStore: Send + Sync {
    /// `Conflict` when the user name is taken.
    async fn insert_user(&self, user: &UserRecord) -> Result<(), StoreError>;
    /// `NotFound` when there is no such user.
    async fn update_user(&self, user: &UserRecord) -> Result<(), StoreError>;
    async fn user(&self, id: &UserId) -> Result<Option<UserRecord>, StoreError>;
    async fn users(&self) -> Result<Vec<UserRecord>, StoreError>;

    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Removes sessions that expired before `now`; returns how many.
    async fn purge_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    async fn insert_token(&self, token: &TokenRecord) -> Result<(), StoreError>;
    async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>, StoreError>;
    /// A user's tokens, newest first.
    async fn tokens_of(&self, user: &UserId) -> Result<Vec<TokenRecord>, StoreError>;
    /// Revokes a token by its public id; `NotFound` when there is none.
    async fn delete_token(&self, id: &str) -> Result<(), StoreError>;
    /// Ends every session of a user (on deactivation or a new password); returns how many.
    async fn delete_sessions_of(&self, user: &UserId) -> Result<u64, StoreError>;
}
