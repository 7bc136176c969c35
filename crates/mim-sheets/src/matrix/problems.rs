//! What the import refuses, said so that the person who made the workbook can find and fix
//! it: every problem names its sheet and cell (A1 style, as Excel shows it) and keeps the
//! same facts as fields, so the web page can point at the cell and a script can sort them.
//! The import reports all of them at once and imports nothing while any remains.

use serde::Serialize;
use std::fmt;

/// One thing the import could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportError {
    /// None for problems with the whole file.
    pub sheet: Option<String>,
    /// A1 reference within the sheet, e.g. `C4`; None for problems with a whole sheet.
    pub cell: Option<String>,
    pub problem: Problem,
}

/// Every problem the import reports, in sheet order and, within a sheet, row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportErrors(pub Vec<ImportError>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    #[error("the file is empty")]
    EmptyFile,
    #[error("this is not an Excel workbook (.xlsx): {looks_like}")]
    NotAWorkbook { looks_like: String },
    #[error("the workbook could not be read: {detail}")]
    Unreadable { detail: String },
    #[error(
        "no impact matrix found: no sheet has a grid with the four severity levels as column \
         headings, nor a list with the columns system, users at least, severity and colour"
    )]
    NoMatrix,
    #[error("\"{text}\" is not a colour")]
    NotAColour { text: String },
    #[error("the fill colour #{rgb} is not clearly green, yellow or red")]
    FillNotAColour { rgb: String },
    #[error("the cell says \"{text}\" but is filled {fill}")]
    WordAndFillDisagree { text: String, fill: String },
    #[error("no colour: write green, yellow or red (in any language) or fill the cell")]
    NoColour,
    #[error("\"{text}\" is not a severity")]
    NotASeverity { text: String },
    #[error("\"{text}\" is not a number of users")]
    NotAUserCount { text: String },
    #[error("{text} users is not a whole number")]
    FractionalUsers { text: String },
    #[error("{text} is not a number of users: at least 1 is needed")]
    TooFewUsers { text: String },
    #[error("\"{text}\" is ambiguous: write the number without a separator, e.g. 1000 or 1 000")]
    AmbiguousNumber { text: String },
    #[error("\"{text}\" is not a band of users (write e.g. 1–10, 11–50, ≥ 101)")]
    NotABand { text: String },
    #[error("the band \"{text}\" does not continue from the band above it (\"{previous}\")")]
    BandsDoNotMeet { text: String, previous: String },
    #[error("the user band starting at {users} is given twice (also at {other})")]
    BandTwice { users: u32, other: String },
    #[error("{system} has {count} user bands; at most 10 are allowed")]
    TooManyBands { system: String, count: usize },
    #[error("\"{text}\" is not a date (write 2026-03-29 or 29.3.2026)")]
    NotADate { text: String },
    #[error("\"{text}\" is not a response time (write e.g. 15 min, 12 h, 1 h 30 min or 00:15)")]
    NotAResponseTime { text: String },
    #[error("a response time is given here but the matrix cell has no colour")]
    ResponseWithoutColour,
    #[error("no {column}")]
    MissingValue { column: String },
    #[error("the list has no column for {}", columns.join(", "))]
    MissingColumns { columns: Vec<String> },
    #[error("two columns are headed {column}; the other is {other}")]
    ColumnTwice { column: String, other: String },
    #[error("a second matrix grid on the same sheet (the first is at {first})")]
    SecondGrid { first: String },
    #[error("the response-time grid has different user bands from the matrix at {grid}")]
    ResponseBandsDiffer { grid: String },
    #[error("the severity columns are incomplete: {missing} is missing")]
    SeverityMissing { missing: String },
    #[error("{severity} is a column twice")]
    SeverityTwice { severity: String },
    #[error(
        "{system}, {users} users or more, {severity} is given again with a different value \
         (first at {first})"
    )]
    CellTwice {
        system: String,
        users: u32,
        severity: String,
        first: String,
    },
    #[error("the system {system} is also given on {other}")]
    SystemTwice { system: String, other: String },
    #[error("{text} is an error value, not a {expected}")]
    ErrorValue { text: String, expected: String },
    #[error("the sheet could not be read: {detail}")]
    SheetUnreadable { detail: String },
    #[error(
        "the sheet is too large to read ({rows} rows × {columns} columns); a matrix sheet \
         holds a few dozen cells: delete what lies far outside it"
    )]
    SheetTooLarge { rows: u64, columns: u64 },
}

impl ImportError {
    pub fn file(problem: Problem) -> Self {
        ImportError {
            sheet: None,
            cell: None,
            problem,
        }
    }

    pub fn at(sheet: &str, cell: Option<String>, problem: Problem) -> Self {
        ImportError {
            sheet: Some(sheet.to_string()),
            cell,
            problem,
        }
    }

    /// `Wilma!C4`, `'Oma lista'!C4`, `Wilma` or nothing: where Excel users would look.
    pub fn location(&self) -> Option<String> {
        let sheet = self.sheet.as_deref()?;
        let sheet = quote_sheet(sheet);
        Some(match &self.cell {
            Some(cell) => format!("{sheet}!{cell}"),
            None => sheet,
        })
    }
}

/// `Wilma!C4` or `'Oma lista'!C4` (or the sheet alone): a place as Excel users write it.
pub fn cell_reference(sheet: &str, cell: Option<&str>) -> String {
    match cell {
        Some(cell) => format!("{}!{cell}", quote_sheet(sheet)),
        None => quote_sheet(sheet),
    }
}

/// A sheet name as an Excel reference writes it: quoted when it is not a plain word.
pub(crate) fn quote_sheet(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location() {
            Some(loc) => write!(f, "{loc}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for e in &self.0 {
            if !first {
                writeln!(f)?;
            }
            first = false;
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

impl ImportErrors {
    /// The messages, one per problem, as shown to the user.
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_cell() {
        let e = ImportError::at(
            "Wilma",
            Some("C4".into()),
            Problem::NotAColour {
                text: "keltanen".into(),
            },
        );
        assert_eq!(e.to_string(), "Wilma!C4: \"keltanen\" is not a colour");
        let e = ImportError::at("Oma lista", Some("B2".into()), Problem::NoColour);
        assert!(e.to_string().starts_with("'Oma lista'!B2: "));
    }
}
