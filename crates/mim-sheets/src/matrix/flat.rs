//! Reading the flat layout: one row per matrix cell with columns system, users at least,
//! severity and colour, and optionally valid-from and response time (CASES.md C28). This is
//! what people export from other tools or keep as a "database" sheet. A sheet is taken for a
//! list when one row has both a severity and a colour heading; the other required headings
//! must then be there too. Each system's thresholds become its band limits.

use super::cells::{a1, date, response_minutes, text, users};
use super::imported::{Draft, ImportedCell, Layout, system_key};
use super::problems::{ImportError, Problem};
use super::sheet::SheetView;
use super::words::{Column, parse_severity};
use calamine::Data;

/// The list's heading row and the column of each heading found.
struct Columns {
    row: u32,
    found: Vec<(Column, u32)>,
}

impl Columns {
    fn of(&self, column: Column) -> Option<u32> {
        self.found
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, i)| *i)
    }
}

fn find_columns(sheet: &SheetView, errors: &mut Vec<ImportError>) -> Option<Columns> {
    let (last_row, last_col) = sheet.extent()?;
    for row in 0..=last_row {
        let mut found: Vec<(Column, u32)> = Vec::new();
        for col in 0..=last_col {
            let Some(column) = text(sheet.heading(row, col)).and_then(|t| Column::of_heading(&t))
            else {
                continue;
            };
            match found.iter().find(|(c, _)| *c == column) {
                Some((_, first)) => errors.push(ImportError::at(
                    &sheet.name,
                    Some(a1(row, col)),
                    Problem::ColumnTwice {
                        column: column.describe().into(),
                        other: a1(row, *first),
                    },
                )),
                None => found.push((column, col)),
            }
        }
        let has = |c| found.iter().any(|(f, _)| *f == c);
        if has(Column::Severity) && has(Column::Colour) {
            return Some(Columns { row, found });
        }
    }
    None
}

/// Reads a list sheet: None when the sheet has no list heading, else the systems it gives.
/// Rows with problems are left out, but the systems are still returned so that problems
/// with a system as a whole are reported together with those of its cells.
pub(crate) fn read(sheet: &SheetView, errors: &mut Vec<ImportError>) -> Option<Vec<Draft>> {
    let before = errors.len();
    let columns = find_columns(sheet, errors)?;
    let required = [
        Column::System,
        Column::Users,
        Column::Severity,
        Column::Colour,
    ];
    let missing: Vec<String> = required
        .iter()
        .filter(|c| columns.of(**c).is_none())
        .map(|c| c.describe().to_string())
        .collect();
    if !missing.is_empty() {
        let first = columns.found.iter().map(|(_, c)| *c).min().unwrap_or(0);
        errors.push(ImportError::at(
            &sheet.name,
            Some(a1(columns.row, first)),
            Problem::MissingColumns { columns: missing },
        ));
        return Some(Vec::new());
    }
    if errors.len() > before {
        return Some(Vec::new());
    }
    let col = |c| columns.of(c).unwrap_or(0);
    let (last_row, _) = sheet.extent().unwrap_or((0, 0));
    let mut drafts: Vec<Draft> = Vec::new();
    for row in columns.row + 1..=last_row {
        let at = |c: u32| Some(a1(row, c));
        let users_cell = sheet.value(row, col(Column::Users));
        let severity_cell = sheet.value(row, col(Column::Severity));
        let colour = sheet.colour(row, col(Column::Colour));
        // Notes and totals under a list fill no matrix cell; a row is a cell when it says
        // anything in the matrix columns.
        if text(users_cell).is_none() && text(severity_cell).is_none() && matches!(colour, Ok(None))
        {
            continue;
        }
        let row_errors = errors.len();
        let mut fail = |c: u32, p: Problem| errors.push(ImportError::at(&sheet.name, at(c), p));
        let missing = |c: Column| Problem::MissingValue {
            column: c.describe().into(),
        };

        let system = text(sheet.value(row, col(Column::System)));
        if system.is_none() {
            fail(col(Column::System), missing(Column::System));
        }
        let users = match users(users_cell) {
            Ok(Some(u)) => Some(u),
            Ok(None) => {
                fail(col(Column::Users), missing(Column::Users));
                None
            }
            Err(p) => {
                fail(col(Column::Users), p);
                None
            }
        };
        let severity = match (text(severity_cell), severity_cell) {
            (None, _) => {
                fail(col(Column::Severity), missing(Column::Severity));
                None
            }
            (Some(t), Data::Error(_)) => {
                fail(
                    col(Column::Severity),
                    Problem::ErrorValue {
                        text: t,
                        expected: "severity".into(),
                    },
                );
                None
            }
            (Some(t), _) => {
                let s = parse_severity(&t);
                if s.is_none() {
                    fail(col(Column::Severity), Problem::NotASeverity { text: t });
                }
                s
            }
        };
        let colour = match colour {
            Ok(Some(c)) => Some(c),
            Ok(None) => {
                fail(col(Column::Colour), Problem::NoColour);
                None
            }
            Err(p) => {
                fail(col(Column::Colour), p);
                None
            }
        };
        let valid_from = match columns.of(Column::ValidFrom) {
            Some(c) => date(sheet.value(row, c), sheet.is_1904).unwrap_or_else(|p| {
                fail(c, p);
                None
            }),
            None => None,
        };
        let response = match columns.of(Column::Response) {
            Some(c) => response_minutes(sheet.value(row, c)).unwrap_or_else(|p| {
                fail(c, p);
                None
            }),
            None => None,
        };
        let (Some(system), Some(users), Some(severity), Some(colour)) =
            (system, users, severity, colour)
        else {
            continue;
        };
        if errors.len() > row_errors {
            continue;
        }
        let cell = ImportedCell {
            users_at_least: users,
            severity,
            colour,
            valid_from,
            response_minutes: response,
            sheet: sheet.name.clone(),
            cell: a1(row, col(Column::Colour)),
        };
        let key = system_key(&system);
        let draft = match drafts.iter_mut().position(|d| system_key(&d.system) == key) {
            Some(i) => &mut drafts[i],
            None => {
                drafts.push(Draft {
                    system,
                    other_names: Vec::new(),
                    sheet: sheet.name.clone(),
                    cell: Some(a1(row, col(Column::System))),
                    layout: Layout::FlatList,
                    band_limits: Vec::new(),
                    cells: Vec::new(),
                    valid_from: None,
                    responses_given: columns.of(Column::Response).is_some(),
                });
                let last = drafts.len() - 1;
                &mut drafts[last]
            }
        };
        if let Some(first) = draft
            .cells
            .iter()
            .find(|c| c.users_at_least == users && c.severity == severity)
        {
            let same = first.colour == cell.colour
                && first.response_minutes == cell.response_minutes
                && first.valid_from == cell.valid_from;
            if !same {
                errors.push(ImportError::at(
                    &sheet.name,
                    Some(cell.cell.clone()),
                    Problem::CellTwice {
                        system: draft.system.clone(),
                        users,
                        severity: severity.code().into(),
                        first: first.cell.clone(),
                    },
                ));
            }
            continue;
        }
        // The matrix as a whole applies from the latest date any of its cells gives.
        draft.valid_from = draft.valid_from.max(cell.valid_from);
        if !draft.band_limits.contains(&users) {
            draft.band_limits.push(users);
        }
        draft.cells.push(cell);
    }
    Some(drafts)
}
