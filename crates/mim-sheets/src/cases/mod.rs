//! The case export: cases as CSV that Finnish Excel opens as it is (case C27) and as a
//! workbook with a sheet of cases, a timeline sheet per case (case C17's order) and text too
//! long for a cell carried over to a continuation sheet (case C30). The CSV writer and reader
//! here are the safe ones the register CSV shares: BOM, `;`, CRLF, decimal comma, quoting,
//! and formula-injection neutralising that the reader undoes.

mod cell_text;
mod decimal;
mod event_words;
mod excel_csv_read;
mod excel_csv_write;
mod export;
mod export_row;
mod from_form;
mod long_text;
mod neutralise;
mod words;
mod workbook;

pub use decimal::{format_decimal, parse_decimal};
pub use event_words::Lookup;
pub use excel_csv_read::{BadRow, CsvReadError, CsvRow, CsvTable, RowProblem, read_excel_csv};
pub use excel_csv_write::{CsvCell, ExcelCsvWriter, UTF8_BOM};
pub use export::{CaseExport, LabelledText, TimelineRow};
pub use export_row::{CaseExportRow, case_csv};
pub use long_text::{CELL_LIMIT, normalise_line_breaks, split_for_cells};
pub use neutralise::{neutralise, unneutralise};
pub use workbook::{WorkbookError, case_workbook};
