//! The register: the organisation, critical systems, vendors and intake sources as JSON documents
//! (`register_documents`, one row per document at its current version) and every version
//! ever written (`register_history`), each stamped with who wrote it and when.

use crate::error::{corrupt, db, unstorable};
use crate::row::Reader;
use crate::time::to_text;
use crate::{Durability, SqliteStore};
use async_trait::async_trait;
use mim_domain::register::{CriticalSystem, Editor, IntakeSource, Organisation, Vendor};
use mim_domain::{SystemId, VendorId};
use mim_store::{RegisterDocument, RegisterKey, RegisterStore, RegisterVersion, Stamp, StoreError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::sqlite::SqliteRow;

const ORGANISATION: &str = "organisation";
const SYSTEM: &str = "system";
const VENDOR: &str = "vendor";
const SOURCE: &str = "source";
const TEMPLATE: &str = "template";
/// The key of the one organisation document.
const THE_ORGANISATION: &str = "";

/// The `kind` and `key` columns of a document (a template's key: `update.sv`).
fn columns(key: &RegisterKey) -> (&'static str, String) {
    match key {
        RegisterKey::Organisation => (ORGANISATION, THE_ORGANISATION.to_owned()),
        RegisterKey::System(id) => (SYSTEM, id.to_string()),
        RegisterKey::Vendor(id) => (VENDOR, id.to_string()),
        RegisterKey::Source(id) => (SOURCE, id.clone()),
        RegisterKey::Template(kind, lang) => (TEMPLATE, format!("{kind}.{lang}")),
    }
}

impl SqliteStore {
    /// Writes a new version of one document and its history row, if the current version is
    /// `expected` (when given); returns the new version.
    async fn write_document(
        &self,
        key: &RegisterKey,
        document: &impl Serialize,
        expected: Option<u64>,
        stamp: &Stamp,
    ) -> Result<u64, StoreError> {
        let json =
            serde_json::to_string(document).map_err(|e| unstorable(format!("the {key}: {e}")))?;
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        let version = write_in(&mut tx, key, json, expected, stamp).await?;
        tx.commit().await.map_err(db)?;
        Ok(version)
    }

    /// Writes several documents in one transaction: all, or none when any fails.
    async fn write_documents(
        &self,
        documents: &[(RegisterDocument, Option<u64>)],
        stamp: &Stamp,
    ) -> Result<Vec<u64>, StoreError> {
        let mut jsons = Vec::with_capacity(documents.len());
        for (document, _) in documents {
            jsons.push(document_json(document)?);
        }
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        let mut versions = Vec::with_capacity(documents.len());
        for ((document, expected), json) in documents.iter().zip(jsons) {
            versions.push(write_in(&mut tx, &document.key(), json, *expected, stamp).await?);
        }
        tx.commit().await.map_err(db)?;
        Ok(versions)
    }
}

fn document_json(document: &RegisterDocument) -> Result<String, StoreError> {
    let key = document.key();
    let json = match document {
        RegisterDocument::Organisation(d) => serde_json::to_string(d),
        RegisterDocument::System(d) => serde_json::to_string(d),
        RegisterDocument::Vendor(d) => serde_json::to_string(d),
        RegisterDocument::Source(d) => serde_json::to_string(d),
        RegisterDocument::Template(d) => serde_json::to_string(d),
    };
    json.map_err(|e| unstorable(format!("the {key}: {e}")))
}

/// Writes a new version of one document and its history row inside `tx`, if the current
/// version is `expected` (when given); returns the new version.
async fn write_in(
    tx: &mut sqlx::SqliteConnection,
    key: &RegisterKey,
    json: String,
    expected: Option<u64>,
    stamp: &Stamp,
) -> Result<u64, StoreError> {
    let (kind, name) = columns(key);
    let current: Option<i64> =
        sqlx::query_scalar("SELECT version FROM register_documents WHERE kind = $1 AND key = $2")
            .bind(kind)
            .bind(name.to_owned())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
    // Read and compared inside the write transaction, so no other write slips between.
    if let Some(expected) = expected {
        let now = current.unwrap_or(0);
        if i64::try_from(expected).ok() != Some(now) {
            let message = if now == 0 {
                format!("the {key} does not exist yet (the write was based on version {expected})")
            } else {
                format!("the {key} is at version {now}, not {expected}: someone changed it first")
            };
            return Err(StoreError::Conflict {
                current_version: u64::try_from(now).ok(),
                message,
            });
        }
    }
    let version = match current {
        None => 1,
        Some(v) if v >= 1 => v + 1,
        Some(v) => {
            return Err(corrupt(
                "register_documents",
                format!("kind={kind}, key={name}"),
                "version",
                v,
            ));
        }
    };
    let by = stamp.by.to_string();
    let at = to_text(stamp.at);
    sqlx::query(
        "INSERT INTO register_documents (kind, key, version, document, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version, \
                document = excluded.document, updated_by = excluded.updated_by, \
                updated_at = excluded.updated_at",
    )
    .bind(kind)
    .bind(name.to_owned())
    .bind(version)
    .bind(json.clone())
    .bind(by.clone())
    .bind(at.clone())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    sqlx::query(
        "INSERT INTO register_history (kind, key, version, document, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(kind)
    .bind(name.to_owned())
    .bind(version)
    .bind(json)
    .bind(by)
    .bind(at)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    // `version` is at least 1 here.
    u64::try_from(version).map_err(|_| unstorable(format!("version {version}")))
}

impl SqliteStore {
    async fn document<T: DeserializeOwned>(
        &self,
        key: &RegisterKey,
    ) -> Result<Option<T>, StoreError> {
        let (kind, name) = columns(key);
        let row = sqlx::query(
            "SELECT kind, key, document FROM register_documents WHERE kind = $1 AND key = $2",
        )
        .bind(kind)
        .bind(name.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref()
            .map(|row| Reader::new(row, "register_documents", &["kind", "key"]).json("document"))
            .transpose()
    }

    async fn documents<T: DeserializeOwned>(
        &self,
        kind: &'static str,
    ) -> Result<Vec<T>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, key, document FROM register_documents WHERE kind = $1 ORDER BY key",
        )
        .bind(kind)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| Reader::new(row, "register_documents", &["kind", "key"]).json("document"))
            .collect()
    }
}

/// A row of `register_documents` or `register_history` (both have the same columns).
fn read_version(
    row: &SqliteRow,
    key: &RegisterKey,
    table: &'static str,
) -> Result<RegisterVersion, StoreError> {
    let r = Reader::new(row, table, &["kind", "key", "version"]);
    let document = match key {
        RegisterKey::Organisation => RegisterDocument::Organisation(r.json("document")?),
        RegisterKey::System(_) => RegisterDocument::System(Box::new(r.json("document")?)),
        RegisterKey::Vendor(_) => RegisterDocument::Vendor(r.json("document")?),
        RegisterKey::Source(_) => RegisterDocument::Source(r.json("document")?),
        RegisterKey::Template(..) => RegisterDocument::Template(r.json("document")?),
    };
    Ok(RegisterVersion {
        version: r.u64("version")?,
        stamp: Stamp {
            by: r.parse("updated_by", Editor::parse)?,
            at: r.time("updated_at")?,
        },
        document,
    })
}

#[async_trait]
impl RegisterStore for SqliteStore {
    async fn organisation(&self) -> Result<Option<Organisation>, StoreError> {
        self.document(&RegisterKey::Organisation).await
    }

    async fn put_organisation(&self, org: &Organisation, stamp: &Stamp) -> Result<u64, StoreError> {
        self.write_document(&RegisterKey::Organisation, org, None, stamp)
            .await
    }

    async fn systems(&self) -> Result<Vec<CriticalSystem>, StoreError> {
        self.documents(SYSTEM).await
    }

    async fn system(&self, id: &SystemId) -> Result<Option<CriticalSystem>, StoreError> {
        self.document(&RegisterKey::System(id.clone())).await
    }

    async fn put_system(&self, system: &CriticalSystem, stamp: &Stamp) -> Result<u64, StoreError> {
        self.write_document(&RegisterKey::System(system.id.clone()), system, None, stamp)
            .await
    }

    async fn vendors(&self) -> Result<Vec<Vendor>, StoreError> {
        self.documents(VENDOR).await
    }

    async fn vendor(&self, id: &VendorId) -> Result<Option<Vendor>, StoreError> {
        self.document(&RegisterKey::Vendor(id.clone())).await
    }

    async fn put_vendor(&self, vendor: &Vendor, stamp: &Stamp) -> Result<u64, StoreError> {
        self.write_document(&RegisterKey::Vendor(vendor.id.clone()), vendor, None, stamp)
            .await
    }

    async fn sources(&self) -> Result<Vec<IntakeSource>, StoreError> {
        self.documents(SOURCE).await
    }

    async fn source(&self, id: &str) -> Result<Option<IntakeSource>, StoreError> {
        self.document(&RegisterKey::Source(id.to_owned())).await
    }

    async fn put_source(&self, source: &IntakeSource, stamp: &Stamp) -> Result<u64, StoreError> {
        self.write_document(&RegisterKey::Source(source.id.clone()), source, None, stamp)
            .await
    }

    async fn put_document(
        &self,
        document: &RegisterDocument,
        expected: Option<u64>,
        stamp: &Stamp,
    ) -> Result<u64, StoreError> {
        let key = document.key();
        match document {
            RegisterDocument::Organisation(d) => {
                self.write_document(&key, d, expected, stamp).await
            }
            RegisterDocument::System(d) => self.write_document(&key, d, expected, stamp).await,
            RegisterDocument::Vendor(d) => self.write_document(&key, d, expected, stamp).await,
            RegisterDocument::Source(d) => self.write_document(&key, d, expected, stamp).await,
            RegisterDocument::Template(d) => self.write_document(&key, d, expected, stamp).await,
        }
    }

    async fn put_documents(
        &self,
        documents: &[(RegisterDocument, Option<u64>)],
        stamp: &Stamp,
    ) -> Result<Vec<u64>, StoreError> {
        self.write_documents(documents, stamp).await
    }

    async fn current(&self, key: &RegisterKey) -> Result<Option<RegisterVersion>, StoreError> {
        let (kind, name) = columns(key);
        let row = sqlx::query(
            "SELECT kind, key, version, document, updated_by, updated_at FROM register_documents \
             WHERE kind = $1 AND key = $2",
        )
        .bind(kind)
        .bind(name.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref()
            .map(|row| read_version(row, key, "register_documents"))
            .transpose()
    }

    async fn history(&self, key: &RegisterKey) -> Result<Vec<RegisterVersion>, StoreError> {
        let (kind, name) = columns(key);
        let rows = sqlx::query(
            "SELECT kind, key, version, document, updated_by, updated_at FROM register_history \
             WHERE kind = $1 AND key = $2 ORDER BY version",
        )
        .bind(kind)
        .bind(name.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| read_version(row, key, "register_history"))
            .collect()
    }

    async fn is_empty(&self) -> Result<bool, StoreError> {
        let anything: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM register_documents) \
                 OR EXISTS (SELECT 1 FROM users) \
                 OR EXISTS (SELECT 1 FROM cases)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(!anything)
    }
}
