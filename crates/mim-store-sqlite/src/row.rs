//! Reading a row column by column, turning every decode failure into a `StoreError::Other`
//! that names the table, the row's key and the column — never a panic.

use crate::error::corrupt;
use crate::time;
use chrono::{DateTime, Utc};
use mim_store::StoreError;
use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use std::fmt::Display;

pub(crate) struct Reader<'r> {
    row: &'r SqliteRow,
    table: &'static str,
    key: String,
}

impl<'r> Reader<'r> {
    /// A reader of `row` from `table`, whose key is in `key_columns` (for error messages).
    pub(crate) fn new(row: &'r SqliteRow, table: &'static str, key_columns: &[&str]) -> Self {
        let key = key_columns
            .iter()
            .map(|c| {
                let value = row
                    .try_get::<String, _>(*c)
                    .or_else(|_| row.try_get::<i64, _>(*c).map(|i| i.to_string()))
                    .unwrap_or_else(|_| "?".to_owned());
                format!("{c}={value}")
            })
            .collect::<Vec<_>>()
            .join(", ");
        Reader { row, table, key }
    }

    fn fail(&self, column: &'static str, problem: impl Display) -> StoreError {
        corrupt(self.table, &self.key, column, problem)
    }

    pub(crate) fn text(&self, column: &'static str) -> Result<String, StoreError> {
        self.row
            .try_get::<String, _>(column)
            .map_err(|e| self.fail(column, e))
    }

    pub(crate) fn opt_text(&self, column: &'static str) -> Result<Option<String>, StoreError> {
        self.row
            .try_get::<Option<String>, _>(column)
            .map_err(|e| self.fail(column, e))
    }

    fn int(&self, column: &'static str) -> Result<i64, StoreError> {
        self.row
            .try_get::<i64, _>(column)
            .map_err(|e| self.fail(column, e))
    }

    pub(crate) fn blob(&self, column: &'static str) -> Result<Vec<u8>, StoreError> {
        self.row
            .try_get::<Vec<u8>, _>(column)
            .map_err(|e| self.fail(column, e))
    }

    pub(crate) fn u64(&self, column: &'static str) -> Result<u64, StoreError> {
        let i = self.int(column)?;
        u64::try_from(i).map_err(|_| self.fail(column, format!("{i} is negative")))
    }

    pub(crate) fn u32(&self, column: &'static str) -> Result<u32, StoreError> {
        let i = self.int(column)?;
        u32::try_from(i).map_err(|_| self.fail(column, format!("{i} is out of range")))
    }

    pub(crate) fn bool(&self, column: &'static str) -> Result<bool, StoreError> {
        match self.int(column)? {
            0 => Ok(false),
            1 => Ok(true),
            i => Err(self.fail(column, format!("{i} is not a boolean (0 or 1)"))),
        }
    }

    pub(crate) fn time(&self, column: &'static str) -> Result<DateTime<Utc>, StoreError> {
        time::from_text(&self.text(column)?).map_err(|e| self.fail(column, e))
    }

    pub(crate) fn opt_time(
        &self,
        column: &'static str,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.opt_text(column)?
            .map(|s| time::from_text(&s).map_err(|e| self.fail(column, e)))
            .transpose()
    }

    /// A JSON column, read into its domain type.
    pub(crate) fn json<T: DeserializeOwned>(&self, column: &'static str) -> Result<T, StoreError> {
        serde_json::from_str(&self.text(column)?).map_err(|e| self.fail(column, e))
    }

    /// A text column, parsed by the domain's own checking constructor.
    pub(crate) fn parse<T, E: Display>(
        &self,
        column: &'static str,
        parse: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<T, StoreError> {
        parse(self.text(column)?).map_err(|e| self.fail(column, e))
    }

    /// A nullable text column, parsed when present.
    pub(crate) fn opt_parse<T, E: Display>(
        &self,
        column: &'static str,
        parse: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<Option<T>, StoreError> {
        self.opt_text(column)?
            .map(|s| parse(s).map_err(|e| self.fail(column, e)))
            .transpose()
    }
}
