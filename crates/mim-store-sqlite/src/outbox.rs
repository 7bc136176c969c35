//! The outbox table, kept as a projection of the message events in the transaction that
//! appends them (`project`), and the dispatcher's claims on it.

use crate::error::{db, unstorable};
use crate::row::Reader;
use crate::time::to_text;
use crate::{Durability, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::CaseId;
use mim_domain::case::{CaseEvent, RecordedEvent};
use mim_store::{ClaimedMessage, OutboxCounts, OutboxStore, StoreError};
use sqlx::SqliteConnection;

/// Moves the outbox along with the events just appended to case `id`, inside their
/// transaction: a queued message gets its row, an attempt's outcome moves the row on.
pub(crate) async fn project(
    conn: &mut SqliteConnection,
    id: &CaseId,
    events: &[RecordedEvent],
) -> Result<(), StoreError> {
    for e in events {
        match &e.event {
            CaseEvent::MessageQueued { message } => {
                let json = serde_json::to_string(message)
                    .map_err(|err| unstorable(format!("message {}: {err}", message.message_id)))?;
                let seq = i64::try_from(e.seq).map_err(|_| unstorable("sequence number"))?;
                sqlx::query(
                    "INSERT INTO outbox (message_id, case_id, queued_seq, state, next_attempt_at, message) \
                     VALUES ($1, $2, $3, 'queued', $4, $5)",
                )
                .bind(&message.message_id)
                .bind(id.to_string())
                .bind(seq)
                .bind(to_text(e.recorded_at))
                .bind(json)
                .execute(&mut *conn)
                .await
                .map_err(db)?;
            }
            CaseEvent::MessageSent { message_id, .. } => {
                settle(conn, message_id, "sent", None).await?;
            }
            CaseEvent::MessageFailed {
                message_id,
                retry_at,
                files_as_links,
                ..
            } => {
                settle(conn, message_id, "queued", Some(*retry_at)).await?;
                if *files_as_links {
                    sqlx::query("UPDATE outbox SET files_as_links = 1 WHERE message_id = $1")
                        .bind(message_id)
                        .execute(&mut *conn)
                        .await
                        .map_err(db)?;
                }
            }
            CaseEvent::MessageGivenUp { message_id, .. } => {
                settle(conn, message_id, "given_up", None).await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Puts a message into `state` after an attempt, releasing the claim.
async fn settle(
    conn: &mut SqliteConnection,
    message_id: &str,
    state: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE outbox SET state = $1, claimed_until = NULL, \
         next_attempt_at = COALESCE($2, next_attempt_at) WHERE message_id = $3",
    )
    .bind(state)
    .bind(retry_at.map(to_text))
    .bind(message_id)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Other(
            format!("no message {message_id} in the outbox to record an attempt of").into(),
        ));
    }
    Ok(())
}

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, StoreError> {
        let now = to_text(now);
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        let rows = sqlx::query(
            "SELECT message_id, case_id, state, attempts, maybe_sent, files_as_links, message FROM outbox \
             WHERE (state = 'queued' AND next_attempt_at <= $1) \
                OR (state = 'sending' AND claimed_until <= $1) \
             ORDER BY next_attempt_at, queued_seq LIMIT $2",
        )
        .bind(&now)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in &rows {
            let r = Reader::new(row, "outbox", &["message_id"]);
            let message_id = r.text("message_id")?;
            // A lease that ran out with no outcome: the sender may have been cut off after
            // the recipient had the message.
            let cut_off = r.text("state")? == "sending";
            let possible_duplicate = cut_off || r.bool("maybe_sent")?;
            let attempt = r.u32("attempts")? + 1;
            sqlx::query(
                "UPDATE outbox SET state = 'sending', attempts = $1, claimed_until = $2, \
                 maybe_sent = $3 WHERE message_id = $4",
            )
            .bind(i64::from(attempt))
            .bind(to_text(lease_until))
            .bind(possible_duplicate)
            .bind(&message_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            claimed.push(ClaimedMessage {
                case_id: r.parse("case_id", |s: String| s.parse::<CaseId>())?,
                message: r.json("message")?,
                attempt,
                possible_duplicate,
                files_as_links: r.bool("files_as_links")?,
            });
        }
        tx.commit().await.map_err(db)?;
        Ok(claimed)
    }

    async fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let row = sqlx::query(
            "SELECT MIN(CASE state WHEN 'queued' THEN next_attempt_at ELSE claimed_until END) AS due \
             FROM outbox WHERE state IN ('queued', 'sending')",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Reader::new(&row, "outbox", &[]).opt_time("due")
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut counts = OutboxCounts::default();
        for row in &rows {
            let r = Reader::new(row, "outbox", &["state"]);
            let n = r.u64("n")?;
            match r.text("state")?.as_str() {
                "queued" => counts.queued = n,
                "sending" => counts.sending = n,
                "sent" => counts.sent = n,
                _ => counts.given_up = n,
            }
        }
        Ok(counts)
    }
}
