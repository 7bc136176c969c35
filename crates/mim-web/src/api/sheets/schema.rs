//! The shapes of the import answers, for the OpenAPI document only: the handlers answer the
//! use cases' own types, which stay free of web derives.

// Described, never built: the fields are read by the schema derive only.
#![allow(dead_code)]

use utoipa::ToSchema;

/// What a matrices import did, or with `dry_run` what it would do.
#[derive(ToSchema)]
pub struct MatrixImportAnswer {
    dry_run: bool,
    /// Every system the file gives, in the file's order.
    systems: Vec<ImportedMatrixAnswer>,
    /// Sheets that hold no matrix, each with `sheet` and `reason` (`template`, `no_matrix`,
    /// `empty`).
    #[schema(value_type = Vec<Object>)]
    skipped: Vec<()>,
    /// The workbook counts dates from 1904 (older Mac Excel); its dates were read so.
    date_system_1904: bool,
}

/// One system's matrix from the file against the register.
#[derive(ToSchema)]
pub struct ImportedMatrixAnswer {
    #[schema(example = "ajanvaraus")]
    system: String,
    name: String,
    /// The sheet the file gives it on.
    sheet: String,
    changed: bool,
    /// The register version compared with.
    version: u64,
    /// The version written; null for a dry run or an unchanged system.
    new_version: Option<u64>,
    /// `band_limits` and `valid_from` as [now, after] when they change; `colours` and
    /// `response_times` that change per span of users and severity; `filled`, the cells the
    /// file left out (kept from the matrix in use); `after`, the matrix after the import.
    #[schema(value_type = Object)]
    changes: (),
}

/// What a systems CSV import did, or with `dry_run` what it would do.
#[derive(ToSchema)]
pub struct SystemsImportAnswer {
    dry_run: bool,
    systems: Vec<ImportedSystemAnswer>,
}

/// One row of the file against the register.
#[derive(ToSchema)]
pub struct ImportedSystemAnswer {
    #[schema(example = "wilma")]
    system: String,
    /// The line of the file the row starts on.
    line: u64,
    /// Not in the register before: the import adds it.
    new: bool,
    changed: bool,
    /// The register version compared with (0 for a new system).
    version: u64,
    new_version: Option<u64>,
    /// The fields the row changes, as the JSON documents name them.
    #[schema(example = json!(["user_count"]))]
    fields: Vec<String>,
}
