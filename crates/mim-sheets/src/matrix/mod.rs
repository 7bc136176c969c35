//! The impact matrices as an Excel workbook, out and in. [`export`] writes the workbook
//! organisations keep (a sheet per critical system, coloured cells that also carry their
//! word, a template for a new system, headings in Finnish, Swedish or English). [`import`]
//! reads that layout back, and also what people really produce: hand-drawn grids in any of
//! the three languages, flat lists with one row per cell (CASES.md C28), numbers stored as
//! text, fills without words, the 1904 date system, merged cells and extra sheets. It reports
//! every problem with its sheet and cell, or imports everything; never part. [`complete`]
//! and [`diff`] turn an import into a dry run against the matrices in use.

mod book;
mod cells;
mod diff;
mod export;
mod flat;
mod grid;
mod import;
mod imported;
mod problems;
mod sheet;
mod sheet_names;
mod words;

pub use book::{MatrixBook, SystemMatrix, SystemSheet, VendorDetails};
pub use diff::{ColourChange, ResponseChange, SystemChanges, diff};
pub use export::{ExportError, export};
pub use import::import;
pub use imported::{
    FilledCell, ImportedBook, ImportedCell, ImportedSystem, Layout, SkipReason, SkippedSheet,
    complete, system_key,
};
pub use problems::{ImportError, ImportErrors, Problem, cell_reference};
