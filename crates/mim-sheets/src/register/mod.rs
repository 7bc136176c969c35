//! The register as CSV for Excel: the critical systems' plain fields, one row per system,
//! out with [`systems_csv`] and back in with [`read_systems_csv`] and [`SystemRow::apply`].
//! Nested parts (backup arrangements, communication plan, selectors, the matrix) have their
//! own homes — the JSON API and the matrices workbook — and a CSV round trip keeps them.

mod columns;
mod systems_csv;

pub use columns::Column;
pub use systems_csv::{CsvProblem, SystemRow, read_systems_csv, systems_csv};
