//! Spreadsheets in and out of mim, for every front door: the impact matrices as the workbook
//! organisations keep (export, a blank template, an import with a dry run), and the cases of
//! a period as CSV for Finnish Excel or as a workbook, and the critical systems as CSV. The conversion itself is mim-sheets';
//! here are the roles, the register reads, the organisation's zone and language, and the one
//! all-or-nothing write an import makes.

mod cases_export;
mod matrices_export;
mod matrices_import;
mod systems_csv;

pub use cases_export::{CasePeriod, Words};
pub use matrices_import::{ImportedMatrix, MatrixImport};
pub use systems_csv::{ImportedSystemRow, SystemsImport};

use mim_domain::Language;

/// A file to hand over: its suggested name and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Excel reads the BOM, not this parameter; it is here for everything else.
pub const CSV: &str = "text/csv; charset=utf-8";

/// The language asked for, else the organisation's first.
fn language(asked: Option<Language>, org: &mim_domain::register::Organisation) -> Language {
    asked.unwrap_or_else(|| org.default_language())
}
