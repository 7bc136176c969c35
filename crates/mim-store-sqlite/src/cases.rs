//! Cases: the event log (`case_events`), the listing rows (`cases`) and the yearly numbering
//! (`case_counters`). Every write runs in one `BEGIN IMMEDIATE` transaction, so the version
//! check, the sequence numbers and the counter can't race another writer.

use crate::error::{corrupt, db, unstorable};
use crate::row::Reader;
use crate::time::{self, opt_to_text, to_text};
use crate::{Durability, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::case::{CaseEvent, NewEvent, RecordedEvent, Stage};
use mim_domain::impact::Colour;
use mim_domain::{CaseId, SystemId, VendorId};
use mim_store::{CaseFilter, CaseRow, CaseStore, CaseSummary, IntakeWritten, StoreError};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqliteRow};
use sqlx::{Sqlite, query::Query};

/// Rows `list` returns when the filter names no limit.
const DEFAULT_LIMIT: u32 = 200;

/// The `CaseSummary` columns of `cases`, in the order `bind_summary` binds them.
macro_rules! summary_columns {
    () => {
        "title, stage, is_open, colour, system_id, vendor_id, exercise, \
         opened_at, next_update_at, reopen_count, ended_at"
    };
}

type SqliteQuery<'q> = Query<'q, Sqlite, SqliteArguments>;

/// Binds the summary's values in the order of `summary_columns!`.
fn bind_summary<'q>(q: SqliteQuery<'q>, s: &CaseSummary) -> SqliteQuery<'q> {
    q.bind(s.title.clone())
        .bind(s.stage.code())
        .bind(s.stage.is_open())
        .bind(s.colour.map(Colour::code))
        .bind(s.system.as_ref().map(|x| x.as_str().to_owned()))
        .bind(s.vendor.as_ref().map(|x| x.as_str().to_owned()))
        .bind(s.exercise)
        .bind(to_text(s.opened_at))
        .bind(opt_to_text(s.next_update_at))
        .bind(i64::from(s.reopen_count))
        .bind(opt_to_text(s.ended_at))
}

fn to_i64(n: u64, what: &str) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| unstorable(format!("{what} {n}")))
}

fn json(value: &impl serde::Serialize, what: &str) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| unstorable(format!("{what}: {e}")))
}

/// Writes `events` after `last_seq`, all carrying `version`; returns them as `load` will
/// read them (times cut to the microsecond).
async fn insert_events(
    conn: &mut SqliteConnection,
    id: &CaseId,
    last_seq: u64,
    version: u64,
    events: Vec<NewEvent>,
) -> Result<Vec<RecordedEvent>, StoreError> {
    let key = id.to_string();
    let version_value = to_i64(version, "version")?;
    let mut rows = Vec::with_capacity(events.len());
    for (seq, e) in (last_seq + 1..).zip(&events) {
        rows.push((
            to_i64(seq, "sequence number")?,
            to_text(e.occurred_at),
            to_text(e.recorded_at),
            json(&e.actor, "actor")?,
            e.event.kind(),
            json(&e.event, "event")?,
            e.event.is_process(),
        ));
    }
    // Many rows per statement: each statement is a round trip to SQLite's worker thread,
    // which costs more than the insert itself when a storm brings thousands of events.
    for chunk in rows.chunks(EVENTS_PER_INSERT) {
        let mut insert = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO case_events \
             (case_id, seq, version, occurred_at, recorded_at, actor, kind, event, is_process) ",
        );
        insert.push_values(chunk, |mut b, row| {
            b.push_bind(key.as_str())
                .push_bind(row.0)
                .push_bind(version_value)
                .push_bind(row.1.as_str())
                .push_bind(row.2.as_str())
                .push_bind(row.3.as_str())
                .push_bind(row.4.as_str())
                .push_bind(row.5.as_str())
                .push_bind(row.6);
        });
        insert.build().execute(&mut *conn).await.map_err(db)?;
    }
    let recorded: Vec<RecordedEvent> = (last_seq + 1..)
        .zip(events)
        .map(|(seq, e)| RecordedEvent {
            seq,
            version,
            occurred_at: time::stored(e.occurred_at),
            recorded_at: time::stored(e.recorded_at),
            actor: e.actor,
            event: e.event,
        })
        .collect();
    // Messages queued or attempted move the outbox in this same transaction.
    crate::outbox::project(conn, id, &recorded).await?;
    Ok(recorded)
}

/// Rows of one multi-row insert: 9 parameters each stays well under SQLite's limit of 32,766.
const EVENTS_PER_INSERT: usize = 500;

/// The latest `recorded_at` among `events`, as stored.
fn latest(events: &[NewEvent]) -> Option<DateTime<Utc>> {
    events.iter().map(|e| time::stored(e.recorded_at)).max()
}

fn read_event(row: &SqliteRow) -> Result<RecordedEvent, StoreError> {
    let r = Reader::new(row, "case_events", &["case_id", "seq"]);
    Ok(RecordedEvent {
        seq: r.u64("seq")?,
        version: r.u64("version")?,
        occurred_at: r.time("occurred_at")?,
        recorded_at: r.time("recorded_at")?,
        actor: r.json("actor")?,
        event: r.json("event")?,
    })
}

fn read_case_row(row: &SqliteRow) -> Result<CaseRow, StoreError> {
    let r = Reader::new(row, "cases", &["id"]);
    Ok(CaseRow {
        id: r.parse("id", |s| s.parse::<CaseId>())?,
        version: r.u64("version")?,
        last_seq: r.u64("last_seq")?,
        last_activity_at: r.time("last_activity_at")?,
        intake_mark: r.u64("last_intake_seq")?,
        summary: CaseSummary {
            title: r.text("title")?,
            stage: r.parse("stage", |s| s.parse::<Stage>())?,
            colour: r.opt_parse("colour", |s| s.parse::<Colour>())?,
            system: r.opt_parse("system_id", SystemId::new)?,
            vendor: r.opt_parse("vendor_id", VendorId::new)?,
            exercise: r.bool("exercise")?,
            opened_at: r.time("opened_at")?,
            next_update_at: r.opt_time("next_update_at")?,
            reopen_count: r.u32("reopen_count")?,
            ended_at: r.opt_time("ended_at")?,
        },
    })
}

#[async_trait]
impl CaseStore for SqliteStore {
    async fn open_case(
        &self,
        year: i32,
        events: Vec<NewEvent>,
        summary: CaseSummary,
    ) -> Result<(CaseId, Vec<RecordedEvent>), StoreError> {
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        let opened = open_in(&mut tx, year, events, &summary).await?;
        tx.commit().await.map_err(db)?;
        Ok(opened)
    }

    async fn append(
        &self,
        id: &CaseId,
        expected_version: Option<u64>,
        events: Vec<NewEvent>,
        summary: Option<CaseSummary>,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let (_turn, mut tx) = self.begin_write(Durability::Durable).await?;
        let recorded = append_in(&mut tx, id, expected_version, events, summary.as_ref()).await?;
        tx.commit().await.map_err(db)?;
        Ok(recorded)
    }

    async fn load(&self, id: &CaseId) -> Result<Vec<RecordedEvent>, StoreError> {
        let key = id.to_string();
        let rows = sqlx::query(
            "SELECT case_id, seq, version, occurred_at, recorded_at, actor, event \
             FROM case_events WHERE case_id = $1 ORDER BY seq",
        )
        .bind(&key)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        if rows.is_empty() {
            // Every case has its `opened` event; no events means no such case.
            return Err(StoreError::NotFound);
        }
        rows.iter().map(read_event).collect()
    }

    async fn load_after(
        &self,
        id: &CaseId,
        seq: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        load_in(&self.pool, id, seq, limit).await
    }

    async fn list(&self, filter: &CaseFilter) -> Result<Vec<CaseRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, version, last_activity_at, title, \
                    (SELECT MAX(seq) FROM case_events WHERE case_id = cases.id) AS last_seq, stage, colour, system_id, vendor_id, \
                    exercise, opened_at, next_update_at, reopen_count, ended_at, last_intake_seq \
             FROM cases \
             WHERE ($1 IS NULL OR is_open = $1) \
               AND ($2 IS NULL OR stage = $2) \
               AND ($3 IS NULL OR colour = $3) \
               AND ($4 IS NULL OR system_id = $4) \
               AND ($5 IS NULL OR exercise = $5) \
               AND ($6 IS NULL OR vendor_id = $6) \
             ORDER BY opened_at DESC, year DESC, number DESC \
             LIMIT $7",
        )
        .bind(filter.open)
        .bind(filter.stage.map(Stage::code))
        .bind(filter.colour.map(Colour::code))
        .bind(filter.system.as_ref().map(|s| s.as_str().to_owned()))
        .bind(filter.exercise)
        .bind(filter.vendor.as_ref().map(|v| v.as_str().to_owned()))
        .bind(i64::from(filter.limit.unwrap_or(DEFAULT_LIMIT)))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(read_case_row).collect()
    }
}

/// Opens a case inside the caller's transaction: allocates the year's next number and writes
/// the first events and the listing row.
async fn open_in(
    conn: &mut SqliteConnection,
    year: i32,
    events: Vec<NewEvent>,
    summary: &CaseSummary,
) -> Result<(CaseId, Vec<RecordedEvent>), StoreError> {
    let (Some(first), Some(last_activity)) = (events.first(), latest(&events)) else {
        return Err(StoreError::Other(
            "a case needs at least its `opened` event".into(),
        ));
    };
    if !matches!(first.event, CaseEvent::Opened { .. }) {
        return Err(StoreError::Other(
            format!(
                "a case's first event must be `opened`, not `{}`",
                first.event.kind()
            )
            .into(),
        ));
    }
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO case_counters (year, last_number) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1 \
             RETURNING last_number",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    let number =
        u32::try_from(number).map_err(|_| corrupt("case_counters", year, "last_number", number))?;
    let id = CaseId::new(year, number);
    // `opened` is a process event: the case starts at version 1.
    let version: u64 = 1;

    let q = sqlx::query(concat!(
        "INSERT INTO cases (id, year, number, version, last_activity_at, ",
        summary_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    ))
    .bind(id.to_string())
    .bind(year)
    .bind(number)
    .bind(to_i64(version, "version")?)
    .bind(to_text(last_activity));
    bind_summary(q, summary)
        .execute(&mut *conn)
        .await
        .map_err(db)?;

    let recorded = insert_events(conn, &id, 0, version, events).await?;
    Ok((id, recorded))
}

/// Appends inside the caller's transaction (the rules of `CaseStore::append`).
pub(crate) async fn append_in(
    conn: &mut SqliteConnection,
    id: &CaseId,
    expected_version: Option<u64>,
    events: Vec<NewEvent>,
    summary: Option<&CaseSummary>,
) -> Result<Vec<RecordedEvent>, StoreError> {
    let has_process = events.iter().any(|e| e.event.is_process());
    if has_process && expected_version.is_none() {
        return Err(StoreError::Other(
            format!(
                "an append to {id} without an expected version may carry only evidence, \
                     not `{}`",
                events
                    .iter()
                    .find(|e| e.event.is_process())
                    .map(|e| e.event.kind())
                    .unwrap_or_default()
            )
            .into(),
        ));
    }
    let key = id.to_string();

    let row = sqlx::query("SELECT id, version, last_activity_at FROM cases WHERE id = $1")
        .bind(&key)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
    let r = Reader::new(&row, "cases", &["id"]);
    let current = r.u64("version")?;
    let old_activity = r.time("last_activity_at")?;
    if let Some(expected) = expected_version
        && expected != current
    {
        return Err(StoreError::Conflict {
            current_version: Some(current),
            message: format!("case {id} is at version {current}, not {expected}"),
        });
    }

    let last_seq: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM case_events WHERE case_id = $1")
            .bind(&key)
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?;
    let last_seq =
        u64::try_from(last_seq).map_err(|_| corrupt("case_events", &key, "seq", last_seq))?;
    let version = if has_process { current + 1 } else { current };
    let last_activity = latest(&events).map_or(old_activity, |t| t.max(old_activity));

    let recorded = insert_events(conn, id, last_seq, version, events).await?;
    sqlx::query("UPDATE cases SET version = $1, last_activity_at = $2 WHERE id = $3")
        .bind(to_i64(version, "version")?)
        .bind(to_text(last_activity))
        .bind(&key)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    if let Some(summary) = summary {
        let q = sqlx::query(
            "UPDATE cases SET title = $1, stage = $2, is_open = $3, colour = $4, \
                 system_id = $5, vendor_id = $6, exercise = $7, opened_at = $8, \
                 next_update_at = $9, reopen_count = $10, ended_at = $11 WHERE id = $12",
        );
        bind_summary(q, summary)
            .bind(&key)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
    }
    Ok(recorded)
}

/// At most `limit` events of a case after `seq`, through any executor (the pool, or a
/// transaction).
async fn load_in<'e, E>(
    executor: E,
    id: &CaseId,
    seq: u64,
    limit: u32,
) -> Result<Vec<RecordedEvent>, StoreError>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let rows = sqlx::query(
        "SELECT case_id, seq, version, occurred_at, recorded_at, actor, event \
         FROM case_events WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(id.to_string())
    .bind(to_i64(seq, "a sequence number")?)
    .bind(i64::from(limit))
    .fetch_all(executor)
    .await
    .map_err(db)?;
    rows.iter().map(read_event).collect()
}

/// Opens a case from a signal of the intake inbox, once: the origin that opened a case
/// already gets that case back. The case remembers `mark` as the last position it took.
pub(crate) async fn open_from_intake(
    conn: &mut SqliteConnection,
    year: i32,
    events: Vec<NewEvent>,
    summary: &CaseSummary,
    origin: &str,
    mark: u64,
) -> Result<IntakeWritten, StoreError> {
    let earlier: Option<String> =
        sqlx::query_scalar("SELECT id FROM cases WHERE intake_origin = $1")
            .bind(origin)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    if let Some(id) = earlier {
        let id: CaseId = id
            .parse()
            .map_err(|e: String| corrupt("cases", origin, "id", e))?;
        let events = load_in(&mut *conn, &id, 0, u32::MAX).await?;
        return Ok(IntakeWritten::Opened {
            id,
            events,
            new: false,
        });
    }
    let (id, events) = open_in(conn, year, events, summary).await?;
    sqlx::query("UPDATE cases SET intake_origin = $1, last_intake_seq = $2 WHERE id = $3")
        .bind(origin)
        .bind(to_i64(mark, "an inbox position")?)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(IntakeWritten::Opened {
        id,
        events,
        new: true,
    })
}

/// Appends evidence from intake positions up to `mark`, once: a case that has taken `mark`
/// or a later position takes nothing (`None`). Without a mark, appends as it is.
pub(crate) async fn append_from_intake(
    conn: &mut SqliteConnection,
    id: &CaseId,
    events: Vec<NewEvent>,
    summary: &CaseSummary,
    mark: Option<u64>,
) -> Result<Option<Vec<RecordedEvent>>, StoreError> {
    let key = id.to_string();
    let taken: Option<i64> = sqlx::query_scalar("SELECT last_intake_seq FROM cases WHERE id = $1")
        .bind(&key)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    let taken = taken.ok_or(StoreError::NotFound)?;
    let Some(mark) = mark else {
        return Ok(Some(
            append_in(conn, id, None, events, Some(summary)).await?,
        ));
    };
    let seq = to_i64(mark, "an inbox position")?;
    // Positions are taken in order: one not after the last taken was taken already.
    if seq <= taken {
        return Ok(None);
    }
    let recorded = append_in(conn, id, None, events, Some(summary)).await?;
    sqlx::query("UPDATE cases SET last_intake_seq = $1 WHERE id = $2")
        .bind(seq)
        .bind(&key)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(Some(recorded))
}
