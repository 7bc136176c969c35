//! Users (`users`), login sessions (`sessions`) and API tokens (`api_tokens`). Secrets arrive
//! and are stored only as hashes.

use crate::SqliteStore;
use crate::error::{db, unstorable};
use crate::row::Reader;
use crate::time::{opt_to_text, to_text};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::{Language, Role, UserId, VendorId};
use mim_store::{IdentityStore, SessionRecord, StoreError, TokenRecord, UserRecord};
use sqlx::sqlite::SqliteRow;
use std::collections::BTreeSet;

/// `SELECT` of every user column, followed by `$rest`.
macro_rules! select_users {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, email, roles, vendor_id, language, password_hash, active, \
             created_at FROM users ",
            $rest
        )
    };
}

fn roles_json(roles: &BTreeSet<Role>) -> Result<String, StoreError> {
    serde_json::to_string(roles).map_err(|e| unstorable(format!("roles: {e}")))
}

fn read_user(row: &SqliteRow) -> Result<UserRecord, StoreError> {
    let r = Reader::new(row, "users", &["id"]);
    Ok(UserRecord {
        id: r.parse("id", UserId::new)?,
        name: r.text("name")?,
        email: r.opt_text("email")?,
        roles: r.json("roles")?,
        vendor: r.opt_parse("vendor_id", VendorId::new)?,
        language: r.parse("language", |s| s.parse::<Language>())?,
        password_hash: r.opt_text("password_hash")?,
        active: r.bool("active")?,
        created_at: r.time("created_at")?,
    })
}

fn read_session(row: &SqliteRow) -> Result<SessionRecord, StoreError> {
    let r = Reader::new(row, "sessions", &["token_hash"]);
    Ok(SessionRecord {
        token_hash: r.text("token_hash")?,
        user: r.parse("user_id", UserId::new)?,
        created_at: r.time("created_at")?,
        expires_at: r.time("expires_at")?,
    })
}

fn read_token(row: &SqliteRow) -> Result<TokenRecord, StoreError> {
    let r = Reader::new(row, "api_tokens", &["id"]);
    Ok(TokenRecord {
        id: r.text("id")?,
        token_hash: r.text("token_hash")?,
        user: r.parse("user_id", UserId::new)?,
        name: r.text("name")?,
        created_at: r.time("created_at")?,
        expires_at: r.opt_time("expires_at")?,
    })
}

#[async_trait]
impl IdentityStore for SqliteStore {
    async fn insert_user(&self, user: &UserRecord) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO users \
             (id, name, email, roles, vendor_id, language, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(user.id.as_str().to_owned())
        .bind(user.name.clone())
        .bind(user.email.clone())
        .bind(roles_json(&user.roles)?)
        .bind(user.vendor.as_ref().map(|v| v.as_str().to_owned()))
        .bind(user.language.code())
        .bind(user.password_hash.clone())
        .bind(user.active)
        .bind(to_text(user.created_at))
        .execute(&self.pool)
        .await
        .map_err(|e| match db(e) {
            StoreError::Conflict {
                current_version, ..
            } => StoreError::Conflict {
                current_version,
                message: format!("the user name \"{}\" is taken", user.id),
            },
            other => other,
        })?;
        Ok(())
    }

    async fn update_user(&self, user: &UserRecord) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        let done = sqlx::query(
            "UPDATE users SET name = $1, email = $2, roles = $3, vendor_id = $4, language = $5, \
             password_hash = $6, active = $7, created_at = $8 WHERE id = $9",
        )
        .bind(user.name.clone())
        .bind(user.email.clone())
        .bind(roles_json(&user.roles)?)
        .bind(user.vendor.as_ref().map(|v| v.as_str().to_owned()))
        .bind(user.language.code())
        .bind(user.password_hash.clone())
        .bind(user.active)
        .bind(to_text(user.created_at))
        .bind(user.id.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn user(&self, id: &UserId) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(select_users!("WHERE id = $1"))
            .bind(id.as_str().to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(read_user).transpose()
    }

    async fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let rows = sqlx::query(select_users!("ORDER BY id"))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(read_user).collect()
    }

    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(session.token_hash.clone())
        .bind(session.user.as_str().to_owned())
        .bind(to_text(session.created_at))
        .bind(to_text(session.expires_at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT token_hash, user_id, created_at, expires_at FROM sessions \
             WHERE token_hash = $1",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(read_session).transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn purge_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let _turn = self.write_turn().await;
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(to_text(now))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn insert_token(&self, token: &TokenRecord) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, user_id, name, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token.id.clone())
        .bind(token.token_hash.clone())
        .bind(token.user.as_str().to_owned())
        .bind(token.name.clone())
        .bind(to_text(token.created_at))
        .bind(opt_to_text(token.expires_at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn tokens_of(&self, user: &UserId) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, token_hash, user_id, name, created_at, expires_at FROM api_tokens \
             WHERE user_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(user.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(read_token).collect()
    }

    async fn delete_token(&self, id: &str) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        let done = sqlx::query("DELETE FROM api_tokens WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn delete_sessions_of(&self, user: &UserId) -> Result<u64, StoreError> {
        let _turn = self.write_turn().await;
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.as_str())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, token_hash, user_id, name, created_at, expires_at FROM api_tokens \
             WHERE token_hash = $1",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(read_token).transpose()
    }
}
