//! Walk-throughs of the process (`process_reviews`): one row per record, numbered in the
//! order recorded, never updated or deleted (triggers refuse both).

use crate::error::{db, unstorable};
use crate::row::Reader;
use crate::time::{stored, to_text};
use crate::{Durability, SqliteStore};
use async_trait::async_trait;
use chrono::NaiveDate;
use mim_domain::UserId;
use mim_domain::readiness::{NewProcessReview, ProcessReview, Reviewer};
use mim_domain::register::Editor;
use mim_store::{ReviewStore, Stamp, StoreError};
use sqlx::sqlite::SqliteRow;

const TABLE: &str = "process_reviews";
const DAY: &str = "%Y-%m-%d";

fn read(row: &SqliteRow) -> Result<ProcessReview, StoreError> {
    let r = Reader::new(row, TABLE, &["id"]);
    Ok(ProcessReview {
        id: r.u64("id")?,
        review: NewProcessReview {
            stage: r.parse("stage", |s| s.parse())?,
            process_version: r.text("process_version")?,
            reviewed_on: r.parse("reviewed_on", |s| NaiveDate::parse_from_str(&s, DAY))?,
            led_by: Reviewer {
                user: r.opt_parse("led_by_user", UserId::new)?,
                name: r.text("led_by_name")?,
            },
            participants: r.json("participants")?,
            note: r.opt_text("note")?,
        },
        recorded_by: r.parse("recorded_by", Editor::parse)?,
        recorded_at: r.time("recorded_at")?,
    })
}

#[async_trait]
impl ReviewStore for SqliteStore {
    async fn add_process_review(
        &self,
        review: &NewProcessReview,
        stamp: &Stamp,
    ) -> Result<ProcessReview, StoreError> {
        let participants = serde_json::to_string(&review.participants)
            .map_err(|e| unstorable(format!("the participants: {e}")))?;
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        // The next number in the same write transaction: no gaps, no two alike.
        let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM process_reviews")
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO process_reviews (id, stage, process_version, reviewed_on, led_by_user, \
             led_by_name, participants, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(review.stage.code())
        .bind(&review.process_version)
        .bind(review.reviewed_on.format(DAY).to_string())
        .bind(review.led_by.user.as_ref().map(|u| u.as_str().to_owned()))
        .bind(&review.led_by.name)
        .bind(participants)
        .bind(review.note.as_deref())
        .bind(stamp.by.to_string())
        .bind(to_text(stamp.at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(ProcessReview {
            id: u64::try_from(id).map_err(|_| unstorable("a negative review number"))?,
            review: review.clone(),
            recorded_by: stamp.by.clone(),
            recorded_at: stored(stamp.at),
        })
    }

    async fn process_reviews(&self) -> Result<Vec<ProcessReview>, StoreError> {
        let rows = sqlx::query("SELECT * FROM process_reviews ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(read).collect()
    }
}
