//! One worksheet as the readers see it: values by absolute position with merged cells
//! resolved, each cell's fill, and the workbook's date system. Merges matter because people
//! merge a system's name down over its rows, or a colour across cells that share it.

use super::cells::{FillSays, classify_fill, text};
use super::problems::Problem;
use super::words::parse_colour;
use calamine::{Data, Dimensions, Range, StyleRange};
use mim_domain::impact::Colour;

pub(crate) struct SheetView {
    pub name: String,
    values: Range<Data>,
    styles: StyleRange,
    merges: Vec<Dimensions>,
    pub is_1904: bool,
}

static EMPTY: Data = Data::Empty;

impl SheetView {
    pub fn new(
        name: String,
        values: Range<Data>,
        styles: StyleRange,
        merges: Vec<Dimensions>,
        is_1904: bool,
    ) -> Self {
        SheetView {
            name,
            values,
            styles,
            merges,
            is_1904,
        }
    }

    /// The last row and column that hold a value, or None for an empty sheet.
    pub fn extent(&self) -> Option<(u32, u32)> {
        self.values.end()
    }

    fn merge_of(&self, row: u32, col: u32) -> Option<&Dimensions> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    fn raw(&self, row: u32, col: u32) -> &Data {
        self.values.get_value((row, col)).unwrap_or(&EMPTY)
    }

    /// The value shown at a position: a merged area shows its top-left cell everywhere.
    pub fn value(&self, row: u32, col: u32) -> &Data {
        match self.merge_of(row, col) {
            Some(m) => self.raw(m.start.0, m.start.1),
            None => self.raw(row, col),
        }
    }

    /// A heading at a position. A heading merged across columns counts once, at its left
    /// edge, so it never looks like two columns of the same name; one merged down over a
    /// two-row heading counts on every row it covers.
    pub fn heading(&self, row: u32, col: u32) -> &Data {
        match self.merge_of(row, col) {
            Some(m) if m.start.1 != col => &EMPTY,
            Some(m) => self.raw(m.start.0, col),
            None => self.raw(row, col),
        }
    }

    /// What the fill of a position says, through merges like [`SheetView::value`].
    pub fn fill(&self, row: u32, col: u32) -> FillSays {
        let (row, col) = match self.merge_of(row, col) {
            Some(m) => m.start,
            None => (row, col),
        };
        let Some(fill) = self
            .styles
            .get((row, col))
            .and_then(|style| style.fill.as_ref())
        else {
            return FillSays::Nothing;
        };
        if !fill.is_visible() {
            return FillSays::Nothing;
        }
        match fill.get_color() {
            Some(c) => classify_fill(c.red, c.green, c.blue),
            None => FillSays::Nothing,
        }
    }

    /// The colour a matrix cell gives by its word, its fill or both. A word wins over a fill
    /// that is no clear colour (a decoration), but a word and a fill that name different
    /// colours are refused: one of them is a mistake and only the user knows which.
    pub fn colour(&self, row: u32, col: u32) -> Result<Option<Colour>, Problem> {
        let d = self.value(row, col);
        let word = match (text(d), d) {
            (None, _) => None,
            (Some(t), Data::Error(_)) => {
                return Err(Problem::ErrorValue {
                    text: t,
                    expected: "colour".into(),
                });
            }
            (Some(t), _) => match parse_colour(&t) {
                Some(c) => Some((c, t)),
                None => return Err(Problem::NotAColour { text: t }),
            },
        };
        match (word, self.fill(row, col)) {
            (Some((w, t)), FillSays::Colour(f)) if w != f => Err(Problem::WordAndFillDisagree {
                text: t,
                fill: f.code().to_string(),
            }),
            (Some((w, _)), _) => Ok(Some(w)),
            (None, FillSays::Colour(f)) => Ok(Some(f)),
            (None, FillSays::Unclear(rgb)) => Err(Problem::FillNotAColour { rgb }),
            (None, FillSays::Nothing) => Ok(None),
        }
    }
}
