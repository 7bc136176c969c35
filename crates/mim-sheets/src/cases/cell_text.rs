//! Writing user text into workbook cells so that no text can break the file or become a
//! formula. Every text goes in with `write_string`, so `=HYPERLINK(…)` stays text; line
//! breaks are LF; and a text longer than a cell holds (case C30) is cut: the cell keeps the
//! first piece and ends with a visible marker, "… (jatkuu: Jatko!C2)", naming the cell of the
//! continuation sheet where the next piece is, whose own cell ends with the next marker, and
//! so on. The pieces without their markers concatenated are the whole text.

use super::long_text::{CELL_LIMIT, normalise_line_breaks, split_for_cells, utf16_len};
use super::words::Words;
use rust_xlsxwriter::{
    ColNum, Format, RowNum, Worksheet, XlsxError, quote_sheet_name, row_col_to_cell,
};

/// Room kept in each piece for its marker: the words, the sheet name (at most 31) and a cell.
const MARKER_BUDGET: usize = 100;

/// The continuation sheet's columns: the cell the text belongs to, which part, the text.
pub(crate) const CONTINUATION_TEXT_COL: ColNum = 2;

/// One piece of a long text waiting for its row on the continuation sheet.
pub(crate) struct ContinuationRow {
    pub source: String,
    pub part: String,
    pub text: String,
}

/// Writes text cells and collects what did not fit, for the continuation sheet written last.
pub(crate) struct CellText<'w> {
    words: &'w Words,
    pub continuation: Vec<ContinuationRow>,
}

impl<'w> CellText<'w> {
    pub fn new(words: &'w Words) -> Self {
        CellText {
            words,
            continuation: vec![],
        }
    }

    /// The marker that ends a piece whose next piece is on continuation row `index` (0-based
    /// among the continuation rows; the sheet's row 1 holds the headings).
    pub fn marker(&self, index: usize) -> String {
        let row = RowNum::try_from(index + 1).unwrap_or(RowNum::MAX);
        format!(
            "… ({}: {}!{})",
            self.words.continues,
            quote_sheet_name(self.words.continuation_sheet),
            row_col_to_cell(row, CONTINUATION_TEXT_COL)
        )
    }

    pub fn write(
        &mut self,
        ws: &mut Worksheet,
        sheet: &str,
        (row, col): (RowNum, ColNum),
        text: &str,
        format: Option<&Format>,
    ) -> Result<(), XlsxError> {
        let text = normalise_line_breaks(text);
        let first = if utf16_len(&text) <= CELL_LIMIT {
            text.into_owned()
        } else {
            self.continue_elsewhere(&text, sheet, (row, col))
        };
        match format {
            Some(f) => ws.write_string_with_format(row, col, first, f)?,
            None => ws.write_string(row, col, first)?,
        };
        Ok(())
    }

    /// Queues all pieces but the first for the continuation sheet and returns the first,
    /// marked.
    fn continue_elsewhere(
        &mut self,
        text: &str,
        sheet: &str,
        (row, col): (RowNum, ColNum),
    ) -> String {
        let pieces = split_for_cells(text, CELL_LIMIT - MARKER_BUDGET);
        let source = format!("{}!{}", quote_sheet_name(sheet), row_col_to_cell(row, col));
        let count = pieces.len();
        let next = self.continuation.len();
        let marked = |i: usize, piece: &str| {
            if i + 1 < count {
                format!("{piece}{}", self.marker(next + i))
            } else {
                piece.to_owned()
            }
        };
        let first = marked(0, pieces.first().copied().unwrap_or_default());
        let rest: Vec<ContinuationRow> = pieces
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, piece)| ContinuationRow {
                source: source.clone(),
                part: format!("{}/{count}", i + 1),
                text: marked(i, piece),
            })
            .collect();
        self.continuation.extend(rest);
        first
    }
}
