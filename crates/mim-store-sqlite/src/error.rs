//! From sqlx's errors and bad rows to the port's `StoreError`.

use mim_store::StoreError;
use std::fmt::Display;

/// A row that can't be read back into a domain value.
#[derive(Debug, thiserror::Error)]
#[error("corrupt row in {table} ({key}), column {column}: {problem}")]
pub(crate) struct Corrupt {
    table: &'static str,
    key: String,
    column: &'static str,
    problem: String,
}

/// A corrupt row: logged here, answered as `Other`.
pub(crate) fn corrupt(
    table: &'static str,
    key: impl Display,
    column: &'static str,
    problem: impl Display,
) -> StoreError {
    let e = Corrupt {
        table,
        key: key.to_string(),
        column,
        problem: problem.to_string(),
    };
    tracing::error!(error = %e, "sqlite store: corrupt row");
    StoreError::other(e)
}

/// A value the domain handed us that can't be stored as is (e.g. a version past `i64`).
pub(crate) fn unstorable(what: impl Display) -> StoreError {
    StoreError::Other(format!("can't store {what}").into())
}

/// Maps a sqlx error: a unique-key violation is a `Conflict` (nothing was written, since the
/// statement's transaction is rolled back); anything else is `Other`, logged.
pub(crate) fn db(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e
        && d.is_unique_violation()
    {
        return StoreError::Conflict {
            current_version: None,
            message: d.message().to_owned(),
        };
    }
    tracing::error!(error = %e, "sqlite store: query failed");
    StoreError::other(e)
}
