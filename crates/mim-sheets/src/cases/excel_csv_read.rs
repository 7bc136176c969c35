//! Reading back CSV as people hand it in after a round through Excel or another tool: with or
//! without the UTF-8 byte-order mark, `;` or `,` as the separator (taken from the heading
//! row, or from an Excel `sep=` line), CRLF or LF. The `'` that [`super::ExcelCsvWriter`] put
//! in front of formula-like text is taken away again. A row that can't be read is reported
//! with its line number, and reading goes on, so one pass lists every problem in the file.

use super::excel_csv_write::UTF8_BOM;
use super::neutralise::unneutralise;

/// A file read: the heading row, the rows that could be read, and the ones that could not.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    pub separator: char,
    pub headings: Vec<String>,
    pub rows: Vec<CsvRow>,
    pub bad_rows: Vec<BadRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow {
    /// The line of the file the row starts on (1-based; a quoted line break makes a row span
    /// more than one line).
    pub line: u64,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BadRow {
    pub line: u64,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("has {found} cells where the heading row has {expected}")]
    CellCount { expected: usize, found: usize },
    /// Excel's plain "CSV" saves in the Windows code page; "CSV UTF-8" is what is read here.
    #[error("cell {cell} is not UTF-8 text (save the file as \"CSV UTF-8\")")]
    NotUtf8 { cell: usize },
    #[error("can't be read as CSV: {0}")]
    Malformed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvReadError {
    #[error("the file has no heading row")]
    NoHeadings,
    #[error("the heading row (line {line}) {problem}")]
    BadHeadings { line: u64, problem: RowProblem },
}

/// Reads a whole file. Rows with nothing in any cell are skipped: spreadsheets leave such rows
/// behind after formatting or deleting, and they carry nothing.
pub fn read_excel_csv(bytes: &[u8]) -> Result<CsvTable, CsvReadError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let (separator, body, lines_before) = match sep_line(bytes) {
        Some((sep, rest)) => (sep, rest, 1),
        None => (sniff_separator(bytes), bytes, 0),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut lines = LineCounter::new(body, lines_before);
    let mut headings: Option<Vec<String>> = None;
    let mut rows = vec![];
    let mut bad_rows = vec![];
    for record in reader.byte_records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                let problem = RowProblem::Malformed(e.to_string());
                if headings.is_none() {
                    return Err(CsvReadError::BadHeadings { line, problem });
                }
                bad_rows.push(BadRow { line, problem });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let cells = match utf8_cells(&record) {
            Ok(cells) => cells,
            Err(problem) => {
                if headings.is_none() {
                    return Err(CsvReadError::BadHeadings { line, problem });
                }
                bad_rows.push(BadRow { line, problem });
                continue;
            }
        };
        let Some(expected) = headings.as_ref().map(Vec::len) else {
            headings = Some(cells);
            continue;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells.len() != expected {
            bad_rows.push(BadRow {
                line,
                problem: RowProblem::CellCount {
                    expected,
                    found: cells.len(),
                },
            });
            continue;
        }
        rows.push(CsvRow { line, cells });
    }
    Ok(CsvTable {
        separator: char::from(separator),
        headings: headings.ok_or(CsvReadError::NoHeadings)?,
        rows,
        bad_rows,
    })
}

fn utf8_cells(record: &csv::ByteRecord) -> Result<Vec<String>, RowProblem> {
    record
        .iter()
        .enumerate()
        .map(|(i, field)| {
            std::str::from_utf8(field)
                .map(|s| unneutralise(s).to_owned())
                .map_err(|_| RowProblem::NotUtf8 { cell: i + 1 })
        })
        .collect()
}

/// Line numbers from byte offsets. The `csv` crate's own positions point at the end of the
/// previous record's terminator (off by one line after a CRLF), so a record's first line is
/// counted here: the first byte at or after the position that is not a line break.
struct LineCounter<'a> {
    body: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(body: &'a [u8], lines_before: u64) -> Self {
        LineCounter {
            body,
            offset: 0,
            line: 1 + lines_before,
        }
    }

    /// The line of the record found at `byte`; positions only grow, so counting goes on from
    /// the last one.
    fn line_at(&mut self, byte: u64) -> u64 {
        let from = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.body.len());
        let start = self.body[from..]
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(self.body.len(), |i| from + i);
        let start = start.max(self.offset);
        let passed = &self.body[self.offset..start];
        let breaks = passed
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && passed.get(i + 1) != Some(&b'\n')))
            .count();
        self.line += u64::try_from(breaks).unwrap_or(u64::MAX);
        self.offset = start;
        self.line
    }
}

/// Excel's own `sep=;` first line, which names the separator and is not data.
fn sep_line(bytes: &[u8]) -> Option<(u8, &[u8])> {
    let rest = bytes.strip_prefix(b"sep=")?;
    let (&sep, rest) = rest.split_first()?;
    let rest = rest.strip_prefix(b"\r").unwrap_or(rest);
    let rest = rest.strip_prefix(b"\n")?;
    Some((sep, rest))
}

/// `;` unless the heading row has more commas than semicolons outside quotes.
fn sniff_separator(bytes: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}
