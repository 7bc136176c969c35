//! The default, embedded adapter of mim's storage port: one SQLite file in WAL mode, reached
//! through a small sqlx pool, with the schema in `migrations/` embedded and applied at open.
//! It owns SQL and nothing else: it speaks the domain types of `mim-store`'s traits, stores
//! events and register documents as their serde JSON and times as fixed-width UTC text, and
//! starts every write with `BEGIN IMMEDIATE` so concurrent writers queue instead of racing.
//! It holds no business rules beyond the port's (numbering, versions, conflicts), never
//! reads the clock, and never panics on a bad row: that is a `StoreError::Other` naming the
//! table and key.

mod attachments;
mod cases;
mod error;
mod identity;
mod inbox;
mod intake;
mod outbox;
mod register;
mod reviews;
mod row;
mod time;
mod turn;

use error::db;
use mim_store::StoreError;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;

/// The schema, embedded at compile time from `migrations/`.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Connections in the pool. SQLite has one writer at a time; a few readers alongside it are
/// enough for one instance.
const POOL_SIZE: u32 = 4;
/// How long a writer waits for another one's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The SQLite store. Cheap to clone (it is a pool handle).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// For writes that can be replayed from the durable inbox (correlation results, its
    /// cursor, the unassigned queue): committed without waiting for the disk. WAL keeps
    /// commits in order, so a power cut can lose only the newest of them — cursor included —
    /// and the correlation step writes them again.
    replayable: SqlitePool,
    /// Whose turn it is to write (`turn.rs`): intake and people first, correlation after.
    turns: std::sync::Arc<turn::WriteTurns>,
    /// The inbox's group commit, on a connection of its own (`inbox.rs`).
    inbox: inbox::InboxWriter,
}

/// Which pool a write goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// Flushed to disk at commit.
    Durable,
    /// Replayable from the durable inbox: committed without waiting for the disk.
    Replayable,
}

/// A write transaction and the turn it holds (released when both drop, commit or not).
type WriteTx = (turn::Turn, sqlx::Transaction<'static, sqlx::Sqlite>);

impl SqliteStore {
    /// Opens (creating it, and its directory, when missing) the database file at `path` and
    /// applies any migrations not yet applied.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Other(
                    format!("could not create the directory {}: {e}", dir.display()).into(),
                )
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Durable at commit: a 2xx to a sender means the report survives a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let replayable_options = options.clone().synchronous(SqliteSynchronous::Normal);
        let pool = SqlitePoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreError::Other(
                    format!("could not open the database {}: {e}", path.display()).into(),
                )
            })?;
        MIGRATOR.run(&pool).await.map_err(|e| {
            StoreError::Other(
                format!("could not migrate the database {}: {e}", path.display()).into(),
            )
        })?;
        let replayable = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(replayable_options)
            .await
            .map_err(|e| {
                StoreError::Other(
                    format!("could not open the database {}: {e}", path.display()).into(),
                )
            })?;
        let inbox = inbox::InboxWriter::open(path, BUSY_TIMEOUT)?;
        Ok(SqliteStore {
            pool,
            replayable,
            turns: std::sync::Arc::default(),
            inbox,
        })
    }

    /// Opens a database named by URL: `sqlite://relative/path.db` or
    /// `sqlite:///absolute/path.db` (`sqlite:path.db` is accepted too). In-memory databases
    /// are refused: every pooled connection would see a different one. A query string
    /// (`?mode=rwc`) is ignored: `open`'s settings always apply.
    pub async fn open_url(url: &str) -> Result<SqliteStore, StoreError> {
        SqliteStore::open(Path::new(path_of_url(url)?)).await
    }

    /// Waits for the turn to write, then starts an immediate (write-locking) transaction.
    async fn begin_write(&self, durability: Durability) -> Result<WriteTx, StoreError> {
        // What is replayable from the inbox can wait for what someone is waiting for.
        let (turn, pool) = match durability {
            Durability::Durable => (self.turns.urgent().await, &self.pool),
            Durability::Replayable => (self.turns.patient().await, &self.replayable),
        };
        let tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        Ok((turn, tx))
    }

    /// Waits for the turn to write, for a single statement outside a transaction.
    async fn write_turn(&self) -> turn::Turn {
        self.turns.urgent().await
    }

    /// Closes every connection, waiting for running queries; the store refuses work after.
    pub async fn close(&self) {
        self.replayable.close().await;
        self.pool.close().await;
    }

    /// The migrations applied to the open database, oldest first (their version numbers).
    pub async fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&self.pool)
            .await
            .map_err(db)
    }

    /// The migrations this build knows, oldest first.
    pub fn known_migrations() -> Vec<i64> {
        MIGRATOR.iter().map(|m| m.version).collect()
    }
}

/// The file path in a `sqlite:` URL.
fn path_of_url(url: &str) -> Result<&str, StoreError> {
    let refuse = |why: &str| StoreError::Other(format!("\"{url}\": {why}").into());
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| refuse("not a sqlite: URL (sqlite://path/to/mim.db)"))?;
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    if path.is_empty() {
        return Err(refuse("names no file (sqlite://path/to/mim.db)"));
    }
    if path == ":memory:" || path.starts_with("file::memory:") {
        return Err(refuse(
            "an in-memory database is not supported; give a file path",
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::path_of_url;

    #[test]
    fn urls_name_files() {
        assert_eq!(
            path_of_url("sqlite://data/mim.db").ok(),
            Some("data/mim.db")
        );
        assert_eq!(
            path_of_url("sqlite:///var/lib/mim/mim.db").ok(),
            Some("/var/lib/mim/mim.db")
        );
        assert_eq!(path_of_url("sqlite:mim.db").ok(), Some("mim.db"));
        assert_eq!(path_of_url("sqlite://mim.db?mode=rwc").ok(), Some("mim.db"));
        for bad in [
            "postgres://x/y",
            "mim.db",
            "sqlite://",
            "sqlite::memory:",
            "sqlite://:memory:",
        ] {
            assert!(path_of_url(bad).is_err(), "{bad}");
        }
    }
}
