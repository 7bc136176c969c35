//! One case as a row of the case export, and the export as CSV for Finnish Excel (case C27).
//! Instants are kept in UTC; the zone is the organisation's and is applied only when a time
//! is written, so a row that spans a daylight-saving change still has its true length.

use super::excel_csv_write::{CsvCell, ExcelCsvWriter};
use super::words::{colour_word, words};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mim_domain::Language;
use mim_domain::impact::Colour;

#[derive(Debug, Clone, PartialEq)]
pub struct CaseExportRow {
    /// The case's readable id, `MIM-YYYY-NNNN`.
    pub id: String,
    /// The system's name as the register had it; empty when the case names no system.
    pub system: String,
    pub title: String,
    /// The colour that stands: the criticality decision's, else the assessment's.
    pub impact: Option<Colour>,
    pub affected_users: Option<u32>,
    pub start: DateTime<Utc>,
    /// The end of the disruption; `None` while it goes on.
    pub end: Option<DateTime<Utc>>,
}

impl CaseExportRow {
    /// The length in hours to two decimals (36 s; the start and end columns carry the exact
    /// minutes), from the UTC instants: 02:30 EEST → 14:30 EET is 13 h, not 12.
    pub fn duration_hours(&self) -> Option<f64> {
        let seconds = (self.end? - self.start).num_seconds();
        // i64 seconds → f64 is exact for any span shorter than 285 million years.
        let hundredths = (seconds as f64 / 36.0).round();
        Some(hundredths / 100.0)
    }

    pub(crate) fn impact_word(&self, lang: Language) -> &'static str {
        self.impact.map_or("", |c| colour_word(c, lang))
    }
}

/// The column headings, the zone named in the time columns.
pub(crate) fn headings(tz: Tz, lang: Language) -> [String; 8] {
    let w = words(lang);
    [
        w.id.to_owned(),
        w.system.to_owned(),
        w.title.to_owned(),
        w.impact.to_owned(),
        w.users.to_owned(),
        w.duration_h.to_owned(),
        w.zoned(w.started, tz),
        w.zoned(w.ended, tz),
    ]
}

/// A local time as the CSV shows it, `YYYY-MM-DD HH:MM`: Excel in every locale reads this
/// spelling as a date and time.
fn csv_time(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// The case export as a CSV file that Finnish Excel opens as it is.
pub fn case_csv(rows: &[CaseExportRow], tz: Tz, lang: Language) -> Vec<u8> {
    let mut w = ExcelCsvWriter::new();
    let headings = headings(tz, lang);
    let heading_cells: Vec<CsvCell<'_>> = headings.iter().map(|h| CsvCell::Text(h)).collect();
    w.write_row(&heading_cells);
    for row in rows {
        let start = csv_time(row.start, tz);
        let end = row.end.map(|e| csv_time(e, tz));
        w.write_row(&[
            CsvCell::Text(&row.id),
            CsvCell::Text(&row.system),
            CsvCell::Text(&row.title),
            CsvCell::Text(row.impact_word(lang)),
            row.affected_users
                .map_or(CsvCell::Empty, |n| CsvCell::Integer(i64::from(n))),
            row.duration_hours().map_or(CsvCell::Empty, CsvCell::Number),
            CsvCell::Text(&start),
            end.as_deref().map_or(CsvCell::Empty, CsvCell::Text),
        ]);
    }
    w.into_bytes()
}
