//! The inbox's group commit on a connection of its own. Every accepted report passes through
//! here, many per transaction: through sqlx each statement would be a round trip to a
//! connection thread (two thread wake-ups), which under a flood of one-alert webhooks cost
//! more than the statements themselves. rusqlite runs the whole transaction in one blocking
//! call with cached statements, so a group costs one hand-over however many reports it holds.

use crate::error::unstorable;
use crate::time::to_text;
use chrono::Duration;
use mim_store::{Accepted, NewDelivery, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The inbox's writing connection (synchronous = FULL: a 2xx means the report is on disk).
#[derive(Debug, Clone)]
pub(crate) struct InboxWriter {
    conn: Arc<Mutex<Connection>>,
}

/// One delivery ready to insert: everything turned to text before the write lock is taken.
pub(crate) struct Row {
    source: String,
    received_at: String,
    key: Option<String>,
    /// The oldest `received_at` an earlier copy with the same key may have to count.
    since: String,
    batch: String,
    route: Option<String>,
    signals: i64,
}

fn failed(e: rusqlite::Error) -> StoreError {
    tracing::error!(error = %e, "sqlite store: inbox write failed");
    StoreError::other(e)
}

impl InboxWriter {
    /// Opens the writing connection on the database file (already created and migrated).
    pub(crate) fn open(path: &Path, busy_timeout: std::time::Duration) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(failed)?;
        conn.busy_timeout(busy_timeout).map_err(failed)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(failed)?;
        Ok(InboxWriter {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// `deliveries` as rows to insert, with the window their keys count in.
    pub(crate) fn rows(
        deliveries: &[NewDelivery],
        dedup_window: Duration,
    ) -> Result<Vec<Row>, StoreError> {
        deliveries
            .iter()
            .map(|d| {
                Ok(Row {
                    source: d.source.clone(),
                    received_at: to_text(d.received_at),
                    key: d.idempotency_key.clone(),
                    since: to_text(d.received_at - dedup_window),
                    batch: serde_json::to_string(&d.batch)
                        .map_err(|e| unstorable(format!("a delivery batch: {e}")))?,
                    route: d
                        .route
                        .as_ref()
                        .map(serde_json::to_string)
                        .transpose()
                        .map_err(|e| unstorable(format!("a delivery route: {e}")))?,
                    signals: i64::try_from(d.batch.signals.len()).unwrap_or(i64::MAX),
                })
            })
            .collect()
    }

    /// Commits `rows` in one transaction, in order; a delivery whose key the same source sent
    /// within its window (earlier, or earlier in this group) is not stored again and answers
    /// the first copy's place. Blocking: call it off the async threads.
    pub(crate) fn accept(&self, rows: &[Row]) -> Result<Vec<Accepted>, StoreError> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| StoreError::Other("the inbox connection was poisoned".into()))?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed)?;
        let mut out = Vec::with_capacity(rows.len());
        {
            let mut earlier = tx
                .prepare_cached(
                    "SELECT seq FROM intake_deliveries \
                     WHERE source = ?1 AND idempotency_key = ?2 AND received_at >= ?3 \
                     ORDER BY seq LIMIT 1",
                )
                .map_err(failed)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO intake_deliveries \
                     (source, received_at, idempotency_key, batch, route, signals) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(failed)?;
            for r in rows {
                if let Some(key) = &r.key {
                    let first: Option<i64> = earlier
                        .query_row((&r.source, key, &r.since), |row| row.get(0))
                        .optional()
                        .map_err(failed)?;
                    if let Some(seq) = first {
                        out.push(Accepted {
                            seq: seq.unsigned_abs(),
                            duplicate: true,
                        });
                        continue;
                    }
                }
                insert
                    .execute((
                        &r.source,
                        &r.received_at,
                        &r.key,
                        &r.batch,
                        &r.route,
                        r.signals,
                    ))
                    .map_err(failed)?;
                out.push(Accepted {
                    seq: tx.last_insert_rowid().unsigned_abs(),
                    duplicate: false,
                });
            }
        }
        tx.commit().map_err(failed)?;
        Ok(out)
    }
}
