//! The import: bytes of a workbook in, every system's matrix out, or every problem found and
//! nothing imported. Each sheet is read as a grid if it has severity headings, else as a list
//! if it has list headings, else skipped and named as skipped. Any format calamine reads is
//! accepted (xlsx, and also xls, xlsb and ods, which some offices still save); fills and
//! merged cells are read where the format exposes them.

use super::flat;
use super::grid::{self, GridOutcome};
use super::imported::{Draft, ImportedBook, SkipReason, SkippedSheet, system_key};
use super::problems::{ImportError, ImportErrors, Problem};
use super::sheet::SheetView;
use calamine::{
    Cell, Data, DataRef, Range, Reader, Sheets, StyleRange, Xlsx, XlsxError,
    open_workbook_auto_from_rs,
};
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Reads the matrices in a workbook. Returns every problem with its sheet and cell when
/// anything cannot be read, and then imports nothing.
pub fn import(bytes: &[u8]) -> Result<ImportedBook, ImportErrors> {
    if bytes.is_empty() {
        return Err(ImportErrors(vec![ImportError::file(Problem::EmptyFile)]));
    }
    // The workbook parser is third-party code fed with whatever a user uploads; a panic in
    // it on a malformed file must become a refusal, not take the request down with it.
    match catch_unwind(AssertUnwindSafe(|| read(bytes))) {
        Ok(result) => result,
        Err(_) => Err(ImportErrors(vec![ImportError::file(Problem::Unreadable {
            detail: "the file is damaged or in a form the reader does not understand".into(),
        })])),
    }
}

/// What the bytes look like when they are no workbook, for a message that helps.
fn looks_like(bytes: &[u8]) -> String {
    if bytes.starts_with(b"PK\x03\x04") {
        return "it is a zip archive but holds no workbook the reader understands".into();
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return "it is an old Office document but not a readable workbook".into();
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]));
    match text {
        Ok(t) if !t.is_empty() && t.chars().all(|c| !c.is_control() || c.is_whitespace()) => {
            let first = t.lines().next().unwrap_or("");
            if first.contains(';') || first.contains(',') || first.contains('\t') {
                "it looks like CSV text: open it in Excel or LibreOffice and save it as .xlsx"
                    .into()
            } else {
                "it is plain text, not a spreadsheet".into()
            }
        }
        _ => "the content is not a spreadsheet".into(),
    }
}

/// The most values a sheet may hold, and the largest area they may span, to be read. A
/// matrix is a few dozen cells; the limits keep a small hostile file (one value in A1 and
/// one in XFD1048576) from making the reader allocate a grid of billions of cells.
const MAX_VALUES: usize = 200_000;
const MAX_AREA: u64 = 5_000_000;
/// Every merged area is checked for every cell read, so their number is bounded too.
const MAX_MERGES: usize = 5_000;

fn too_large(rows: u64, columns: u64) -> Problem {
    Problem::SheetTooLarge { rows, columns }
}

/// An xlsx sheet's values, streamed so that its size is checked before any grid is built.
fn xlsx_values(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Range<Data>, Problem> {
    let unreadable = |e: XlsxError| Problem::SheetUnreadable {
        detail: e.to_string(),
    };
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet has no cells; it is skipped like any sheet without a matrix.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Range::empty()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut cells = Vec::new();
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        if *cell.get_value() == DataRef::Empty {
            continue;
        }
        let (row, col) = cell.get_position();
        (top, bottom) = (top.min(row), bottom.max(row));
        (left, right) = (left.min(col), right.max(col));
        let rows = u64::from(bottom - top) + 1;
        let columns = u64::from(right - left) + 1;
        if cells.len() >= MAX_VALUES || rows * columns > MAX_AREA {
            return Err(too_large(rows, columns));
        }
        cells.push(Cell::new((row, col), Data::from(cell.get_value().clone())));
    }
    Ok(Range::from_sparse(cells))
}

/// Other formats come from calamine as a whole; their size is checked afterwards.
fn other_values(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Result<Range<Data>, Problem> {
    let values = book
        .worksheet_range(name)
        .map_err(|e| Problem::SheetUnreadable {
            detail: e.to_string(),
        })?;
    let (rows, columns) = values.get_size();
    if rows as u64 * columns as u64 > MAX_AREA {
        return Err(too_large(rows as u64, columns as u64));
    }
    Ok(values)
}

fn read(bytes: &[u8]) -> Result<ImportedBook, ImportErrors> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        ImportErrors(vec![ImportError::file(Problem::NotAWorkbook {
            looks_like: looks_like(bytes),
        })])
    })?;
    let is_1904 = match &book {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        Sheets::Xls(x) => x.has_1904_epoch(),
        Sheets::Xlsb(x) => x.has_1904_epoch(),
        Sheets::Ods(_) => false,
    };
    let mut errors: Vec<ImportError> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut skipped = Vec::new();
    for name in book.sheet_names() {
        let values = match &mut book {
            Sheets::Xlsx(x) => xlsx_values(x, &name),
            other => other_values(other, &name),
        };
        let values = match values {
            Ok(v) => v,
            Err(problem) => {
                errors.push(ImportError::at(&name, None, problem));
                continue;
            }
        };
        // Fills and merges only help; a workbook whose styles cannot be read is still read
        // by its words.
        let styles = book
            .worksheet_style(&name)
            .unwrap_or_else(|_| StyleRange::empty());
        let merges = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        if merges.len() > MAX_MERGES {
            let (rows, columns) = values.get_size();
            errors.push(ImportError::at(
                &name,
                None,
                too_large(rows as u64, columns as u64),
            ));
            continue;
        }
        let sheet = SheetView::new(name.clone(), values, styles, merges, is_1904);
        let mut sheet_errors = Vec::new();
        match grid::read(&sheet, &mut sheet_errors) {
            Some(GridOutcome::System(d)) => drafts.push(d),
            Some(GridOutcome::Skipped(reason)) => skipped.push(SkippedSheet {
                sheet: name,
                reason,
            }),
            Some(GridOutcome::Failed) => {}
            None => match flat::read(&sheet, &mut sheet_errors) {
                Some(found) if found.is_empty() && sheet_errors.is_empty() => {
                    skipped.push(SkippedSheet {
                        sheet: name,
                        reason: SkipReason::Empty,
                    })
                }
                Some(found) => drafts.extend(found),
                None => skipped.push(SkippedSheet {
                    sheet: name,
                    reason: SkipReason::NoMatrix,
                }),
            },
        }
        sheet_errors.sort_by_key(|e| e.cell.as_deref().map(row_col));
        errors.extend(sheet_errors);
    }

    let mut systems = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for draft in drafts {
        let key = system_key(&draft.system);
        if let Some((_, other)) = seen.iter().find(|(k, _)| *k == key) {
            errors.push(ImportError::at(
                &draft.sheet,
                draft.cell.clone(),
                Problem::SystemTwice {
                    system: draft.system.clone(),
                    other: other.clone(),
                },
            ));
            continue;
        }
        seen.push((key, draft.sheet.clone()));
        let (sheet, cell) = (draft.sheet.clone(), draft.cell.clone());
        match draft.build() {
            Ok(s) => systems.push(s),
            Err(problem) => errors.push(ImportError::at(&sheet, cell, problem)),
        }
    }
    if !errors.is_empty() {
        return Err(ImportErrors(errors));
    }
    if systems.is_empty() {
        return Err(ImportErrors(vec![ImportError::file(Problem::NoMatrix)]));
    }
    Ok(ImportedBook {
        systems,
        skipped,
        date_system_1904: is_1904,
    })
}

/// (row, column) of an A1 reference, so problems list in reading order.
fn row_col(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row = cell[letters.len()..].parse().unwrap_or(0);
    (row, col)
}
