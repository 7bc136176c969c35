//! A CSV writer for Finnish (and Swedish) Excel: the file opens with a double-click, umlauts
//! intact and columns split. That takes a UTF-8 byte-order mark and no `sep=` line (the two
//! together make Excel fall back to the ANSI code page), `;` as the separator (the comma is the
//! decimal mark), CRLF between records, RFC 4180 quoting, numbers with a decimal comma, and
//! text that could start a formula neutralised with a leading `'`.
//!
//! Quoting is `csv-core`'s (the engine of the `csv` crate) rather than `csv::Writer`, because
//! writing into memory cannot fail and `csv::Writer` would make every caller handle an error
//! that never happens.

use super::decimal::format_decimal;
use super::neutralise::neutralise;
use csv_core::{QuoteStyle, Terminator, WriteResult, Writer, WriterBuilder};

/// The byte-order mark that tells Excel the file is UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CsvCell<'a> {
    /// Text, neutralised if it could start a formula.
    Text(&'a str),
    /// A number, written with a decimal comma and never neutralised (a negative number is a
    /// number). NaN and the infinities are written as an empty cell.
    Number(f64),
    /// A whole number, exactly (beyond the 2^53 an f64 holds).
    Integer(i64),
    Empty,
}

pub struct ExcelCsvWriter {
    core: Writer,
    out: Vec<u8>,
    scratch: Vec<u8>,
}

impl Default for ExcelCsvWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ExcelCsvWriter {
    /// A writer whose output starts with the byte-order mark.
    pub fn new() -> Self {
        let core = WriterBuilder::new()
            .delimiter(b';')
            .terminator(Terminator::CRLF)
            .quote_style(QuoteStyle::Necessary)
            .double_quote(true)
            .build();
        ExcelCsvWriter {
            core,
            out: UTF8_BOM.to_vec(),
            scratch: vec![0; 4096],
        }
    }

    /// Writes one record. An embedded line break inside a text stays as it is (a quoted LF),
    /// only the record ends with CRLF.
    pub fn write_row(&mut self, cells: &[CsvCell<'_>]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.pump(Writer::delimiter);
            }
            let text = match *cell {
                CsvCell::Text(t) => neutralise(t).into_owned(),
                CsvCell::Number(n) => format_decimal(n).unwrap_or_default(),
                CsvCell::Integer(n) => n.to_string(),
                CsvCell::Empty => String::new(),
            };
            self.field(text.as_bytes());
        }
        self.pump(Writer::terminator);
    }

    /// The finished file.
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.pump(Writer::finish);
        self.out
    }

    fn field(&mut self, mut input: &[u8]) {
        loop {
            let (res, nin, nout) = self.core.field(input, &mut self.scratch);
            self.out.extend_from_slice(&self.scratch[..nout]);
            input = &input[nin..];
            if res == WriteResult::InputEmpty {
                return;
            }
            self.grow_if_stuck(nout);
        }
    }

    /// `csv-core` writes nothing when even its smallest piece does not fit; a bigger buffer
    /// then guarantees progress, so no loop here can spin.
    fn grow_if_stuck(&mut self, written: usize) {
        if written == 0 {
            let len = self.scratch.len().max(16) * 2;
            self.scratch.resize(len, 0);
        }
    }

    /// Runs a `csv-core` step that takes no input until it has written everything.
    fn pump(&mut self, step: fn(&mut Writer, &mut [u8]) -> (WriteResult, usize)) {
        loop {
            let (res, nout) = step(&mut self.core, &mut self.scratch);
            self.out.extend_from_slice(&self.scratch[..nout]);
            if res == WriteResult::InputEmpty {
                return;
            }
            self.grow_if_stuck(nout);
        }
    }
}
