//! The intake inbox (`intake_deliveries`), its readers' cursors and the quarantine of refused
//! bodies. `accept` writes a whole group of deliveries in one `BEGIN IMMEDIATE` transaction:
//! the group commit that lets many senders share one fsync.

use crate::cases::{append_from_intake, open_from_intake};
use crate::error::{db, unstorable};
use crate::inbox::InboxWriter;
use crate::row::Reader;
use crate::time::to_text;
use crate::{Durability, SqliteStore};
use async_trait::async_trait;
use chrono::Duration;
use mim_store::{
    Accepted, IntakeStep, IntakeStore, IntakeWrite, IntakeWritten, NewDelivery, NewQuarantine,
    QUARANTINE_BODY_BYTES, QUARANTINE_ENTRIES, Quarantined, StoreError, StoredDelivery,
    StoredRoute, Unassigned,
};

async fn write_cursor(
    conn: &mut sqlx::SqliteConnection,
    name: &str,
    seq: u64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO intake_cursors (name, seq) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
    )
    .bind(name)
    .bind(as_i64(seq, "an inbox position")?)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

fn as_i64(n: u64, what: &str) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| unstorable(format!("{what} {n}")))
}

#[async_trait]
impl IntakeStore for SqliteStore {
    async fn accept(
        &self,
        deliveries: &[NewDelivery],
        dedup_window: Duration,
    ) -> Result<Vec<Accepted>, StoreError> {
        let rows = InboxWriter::rows(deliveries, dedup_window)?;
        let _turn = self.write_turn().await;
        let inbox = self.inbox.clone();
        tokio::task::spawn_blocking(move || inbox.accept(&rows))
            .await
            .map_err(|e| StoreError::Other(format!("the inbox writer stopped: {e}").into()))?
    }

    async fn deliveries_after(
        &self,
        seq: u64,
        limit: u32,
    ) -> Result<Vec<StoredDelivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, source, received_at, idempotency_key, batch FROM intake_deliveries \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(as_i64(seq, "an inbox position")?)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(read_delivery).collect()
    }

    async fn routes_after(&self, seq: u64, limit: u32) -> Result<Vec<StoredRoute>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, received_at, signals, route FROM intake_deliveries \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(as_i64(seq, "an inbox position")?)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let r = Reader::new(row, "intake_deliveries", &["seq"]);
                let route: Option<String> = r.opt_text("route")?;
                Ok(StoredRoute {
                    seq: r.u64("seq")?,
                    received_at: r.time("received_at")?,
                    signals: r.u32("signals")?,
                    // A route that does not read is no route: the reader reads the batch.
                    route: route.and_then(|t| serde_json::from_str(&t).ok()),
                })
            })
            .collect()
    }

    async fn deliveries_at(&self, seqs: &[u64]) -> Result<Vec<StoredDelivery>, StoreError> {
        let mut out = Vec::with_capacity(seqs.len());
        // Bound parameters stay well under SQLite's limit however many are asked for.
        for chunk in seqs.chunks(500) {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT seq, source, received_at, idempotency_key, batch FROM intake_deliveries \
                 WHERE seq IN (",
            );
            let mut list = query.separated(", ");
            for seq in chunk {
                list.push_bind(as_i64(*seq, "an inbox position")?);
            }
            query.push(") ORDER BY seq");
            let rows = query.build().fetch_all(&self.pool).await.map_err(db)?;
            for row in &rows {
                out.push(read_delivery(row)?);
            }
        }
        out.sort_by_key(|d| d.seq);
        Ok(out)
    }

    async fn cursor(&self, name: &str) -> Result<u64, StoreError> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT seq FROM intake_cursors WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        Ok(seq.map_or(0, i64::unsigned_abs))
    }

    async fn set_cursor(&self, name: &str, seq: u64) -> Result<(), StoreError> {
        let (_turn, mut tx) = self.begin_write(Durability::Replayable).await?;
        write_cursor(&mut tx, name, seq).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    async fn commit_intake_step(&self, step: IntakeStep) -> Result<Vec<IntakeWritten>, StoreError> {
        let (_turn, mut tx) = self.begin_write(Durability::Replayable).await?;
        let mut written = Vec::with_capacity(step.writes.len());
        for write in step.writes {
            written.push(match write {
                IntakeWrite::Open {
                    year,
                    events,
                    summary,
                    origin,
                    mark,
                } => open_from_intake(&mut tx, year, events, &summary, &origin, mark).await?,
                IntakeWrite::Append {
                    id,
                    events,
                    summary,
                    mark,
                } => IntakeWritten::Appended(
                    append_from_intake(&mut tx, &id, events, &summary, mark).await?,
                ),
            });
        }
        for u in &step.unassigned {
            let signal = serde_json::to_string(&u.signal)
                .map_err(|e| unstorable(format!("a signal: {e}")))?;
            sqlx::query(
                "INSERT INTO intake_unassigned (delivery_seq, signal_index, source, received_at, signal) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (delivery_seq, signal_index) DO NOTHING",
            )
            .bind(as_i64(u.delivery_seq, "an inbox position")?)
            .bind(i64::from(u.signal_index))
            .bind(&u.source)
            .bind(to_text(u.received_at))
            .bind(signal)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        if let Some((name, seq)) = &step.cursor {
            write_cursor(&mut tx, name, *seq).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(written)
    }

    async fn unassigned(&self, limit: u32) -> Result<Vec<Unassigned>, StoreError> {
        let rows = sqlx::query(
            "SELECT delivery_seq, signal_index, source, received_at, signal FROM intake_unassigned \
             ORDER BY delivery_seq DESC, signal_index DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let r = Reader::new(row, "intake_unassigned", &["delivery_seq", "signal_index"]);
                Ok(Unassigned {
                    delivery_seq: r.u64("delivery_seq")?,
                    signal_index: r.u32("signal_index")?,
                    source: r.text("source")?,
                    received_at: r.time("received_at")?,
                    signal: r.json("signal")?,
                })
            })
            .collect()
    }

    async fn quarantine(&self, q: &NewQuarantine) -> Result<(), StoreError> {
        let mut body = q.body.clone();
        body.truncate(QUARANTINE_BODY_BYTES);
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        sqlx::query(
            "INSERT INTO intake_quarantine \
             (body_sha256, source, reason_code, reason, first_at, last_at, times, body, body_len) \
             VALUES ($1, $2, $3, $4, $5, $5, 1, $6, $7) \
             ON CONFLICT (body_sha256) DO UPDATE SET last_at = excluded.last_at, times = times + 1",
        )
        .bind(&q.body_sha256)
        .bind(&q.source)
        .bind(&q.reason_code)
        .bind(&q.reason)
        .bind(to_text(q.at))
        .bind(body)
        .bind(as_i64(q.body_len, "a body length")?)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // Bounded: the oldest entries make room for new ones.
        sqlx::query(
            "DELETE FROM intake_quarantine WHERE body_sha256 IN (\
             SELECT body_sha256 FROM intake_quarantine ORDER BY last_at DESC LIMIT -1 OFFSET $1)",
        )
        .bind(as_i64(QUARANTINE_ENTRIES, "the quarantine bound")?)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    async fn quarantined(&self, limit: u32) -> Result<Vec<Quarantined>, StoreError> {
        let rows = sqlx::query(
            "SELECT body_sha256, source, reason_code, reason, first_at, last_at, times, body, body_len \
             FROM intake_quarantine ORDER BY last_at DESC, body_sha256 LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let r = Reader::new(row, "intake_quarantine", &["body_sha256"]);
                Ok(Quarantined {
                    body_sha256: r.text("body_sha256")?,
                    source: r.text("source")?,
                    reason_code: r.text("reason_code")?,
                    reason: r.text("reason")?,
                    first_at: r.time("first_at")?,
                    last_at: r.time("last_at")?,
                    times: r.u64("times")?,
                    body: r.blob("body")?,
                    body_len: r.u64("body_len")?,
                })
            })
            .collect()
    }
}

fn read_delivery(row: &sqlx::sqlite::SqliteRow) -> Result<StoredDelivery, StoreError> {
    let r = Reader::new(row, "intake_deliveries", &["seq"]);
    Ok(StoredDelivery {
        seq: r.u64("seq")?,
        source: r.text("source")?,
        received_at: r.time("received_at")?,
        idempotency_key: r.opt_text("idempotency_key")?,
        batch: r.json("batch")?,
    })
}
