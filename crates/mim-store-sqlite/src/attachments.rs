//! The files of cases (`attachments`): numbered per case inside the write transaction that
//! stores them and appends their `attachment_added` event, read back with or without their
//! bytes.

use crate::cases::append_in;
use crate::error::{db, unstorable};
use crate::row::Reader;
use crate::time::{stored, to_text};
use crate::{Durability, SqliteStore};
use async_trait::async_trait;
use mim_domain::case::{CaseEvent, NewEvent};
use mim_domain::communication::{AttachmentRef, FileName, MediaType};
use mim_domain::{CaseId, UserId};
use mim_store::{AttachmentStore, NewAttachment, StoreError, StoredAttachment};
use sqlx::Row;

const TABLE: &str = "attachments";

#[async_trait]
impl AttachmentStore for SqliteStore {
    async fn add_attachment(
        &self,
        case: &CaseId,
        file: NewAttachment,
    ) -> Result<StoredAttachment, StoreError> {
        let key = case.to_string();
        let size = i64::try_from(file.bytes.len()).map_err(|_| unstorable("the file's size"))?;
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM cases WHERE id = $1")
            .bind(&key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        // The next number in the same write transaction: no gaps, no two alike.
        let number: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM attachments WHERE case_id = $1",
        )
        .bind(&key)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query(
            "INSERT INTO attachments (case_id, number, file_name, content_type, size, bytes, \
             uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&key)
        .bind(number)
        .bind(file.file_name.as_str())
        .bind(file.content_type.as_str())
        .bind(size)
        .bind(&file.bytes)
        .bind(file.uploaded_by.as_str())
        .bind(to_text(file.uploaded_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let reference = AttachmentRef {
            id: u32::try_from(number).map_err(|_| unstorable("the file's number"))?,
            file_name: file.file_name,
            content_type: file.content_type,
            size: file.bytes.len() as u64,
        };
        let event = NewEvent {
            occurred_at: file.uploaded_at,
            recorded_at: file.uploaded_at,
            actor: file.actor,
            event: CaseEvent::AttachmentAdded {
                attachment: reference.clone(),
            },
        };
        append_in(&mut tx, case, None, vec![event], None).await?;
        tx.commit().await.map_err(db)?;
        Ok(StoredAttachment {
            reference,
            uploaded_by: file.uploaded_by,
            uploaded_at: stored(file.uploaded_at),
        })
    }

    async fn attachment(
        &self,
        case: &CaseId,
        id: u32,
    ) -> Result<Option<StoredAttachment>, StoreError> {
        let row = sqlx::query(
            "SELECT number, file_name, content_type, size, uploaded_by, uploaded_at \
             FROM attachments WHERE case_id = $1 AND number = $2",
        )
        .bind(case.to_string())
        .bind(i64::from(id))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        let r = Reader::new(&row, TABLE, &["number"]);
        Ok(Some(StoredAttachment {
            reference: AttachmentRef {
                id: r.u32("number")?,
                file_name: r.parse("file_name", FileName::try_from)?,
                content_type: r.parse("content_type", MediaType::try_from)?,
                size: r.u64("size")?,
            },
            uploaded_by: r.parse("uploaded_by", UserId::new)?,
            uploaded_at: r.time("uploaded_at")?,
        }))
    }

    async fn attachment_bytes(
        &self,
        case: &CaseId,
        id: u32,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query("SELECT bytes FROM attachments WHERE case_id = $1 AND number = $2")
            .bind(case.to_string())
            .bind(i64::from(id))
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| r.try_get::<Vec<u8>, _>("bytes").map_err(db))
            .transpose()
    }
}
