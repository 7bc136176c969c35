//! The case export as an Excel workbook: a first sheet with one row per case — the CSV's
//! columns as real numbers and real date-times in the organisation's zone, then the MIM
//! form's other fields — a sheet per case with its timeline, and, only when some text was too
//! long for a cell, a continuation sheet holding the rest of it.

use super::cell_text::{CONTINUATION_TEXT_COL, CellText, ContinuationRow};
use super::export::CaseExport;
use super::export_row::headings;
use super::words::{Words, words};
use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use mim_domain::Language;
use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, RowNum, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;

#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    /// Excel's calendar runs from 1900 to 9999.
    #[error("{0} is outside the dates a workbook can hold")]
    TimeOutOfRange(DateTime<Utc>),
    #[error("more rows or columns than a worksheet holds")]
    TooLarge,
}

/// The formats every sheet uses.
struct Formats {
    heading: Format,
    time: Format,
    wrapped: Format,
}

impl Formats {
    fn new(lang: Language) -> Self {
        // As the printable form writes times: day first in Finnish and Swedish.
        let time = match lang {
            Language::En => "yyyy-mm-dd hh:mm",
            Language::Fi | Language::Sv => "dd.mm.yyyy hh:mm",
        };
        Formats {
            heading: Format::new().set_bold(),
            time: Format::new().set_num_format(time),
            wrapped: Format::new().set_text_wrap(),
        }
    }
}

/// The cases of `cases` as a workbook, times in `tz`, words in `lang`.
pub fn case_workbook(
    cases: &[CaseExport],
    tz: Tz,
    lang: Language,
) -> Result<Vec<u8>, WorkbookError> {
    let w = words(lang);
    let formats = Formats::new(lang);
    let mut cell_text = CellText::new(w);
    let mut names = SheetNames::default();
    names.claim(w.cases_sheet);
    names.claim(w.continuation_sheet);

    let mut sheets = vec![cases_sheet(cases, tz, lang, &formats, &mut cell_text)?];
    for case in cases {
        let name = names.for_case(&case.row.id);
        sheets.push(timeline_sheet(
            case,
            &name,
            tz,
            w,
            &formats,
            &mut cell_text,
        )?);
    }
    if !cell_text.continuation.is_empty() {
        sheets.push(continuation_sheet(&cell_text.continuation, w, &formats)?);
    }
    let mut workbook = Workbook::new();
    for sheet in sheets {
        workbook.push_worksheet(sheet);
    }
    Ok(workbook.save_to_buffer()?)
}

fn cases_sheet(
    cases: &[CaseExport],
    tz: Tz,
    lang: Language,
    formats: &Formats,
    cell_text: &mut CellText<'_>,
) -> Result<Worksheet, WorkbookError> {
    let w = words(lang);
    let sheet = w.cases_sheet;
    let mut ws = Worksheet::new();
    ws.set_name(sheet)?;
    let fixed = headings(tz, lang);
    let labels = field_labels(cases);
    for (col, heading) in fixed.iter().chain(&labels).enumerate() {
        cell_text.write(
            &mut ws,
            sheet,
            (0, col_num(col)?),
            heading,
            Some(&formats.heading),
        )?;
    }
    for (i, case) in cases.iter().enumerate() {
        let row = row_num(i + 1)?;
        let r = &case.row;
        for (col, text) in [&r.id, &r.system, &r.title].into_iter().enumerate() {
            cell_text.write(&mut ws, sheet, (row, col_num(col)?), text, None)?;
        }
        cell_text.write(&mut ws, sheet, (row, 3), r.impact_word(lang), None)?;
        if let Some(users) = r.affected_users {
            ws.write_number(row, 4, users)?;
        }
        if let Some(hours) = r.duration_hours() {
            ws.write_number(row, 5, hours)?;
        }
        write_time(&mut ws, (row, 6), r.start, tz, &formats.time)?;
        if let Some(end) = r.end {
            write_time(&mut ws, (row, 7), end, tz, &formats.time)?;
        }
        for f in &case.fields {
            if let Some(at) = labels.iter().position(|l| *l == f.label) {
                let col = col_num(fixed.len() + at)?;
                cell_text.write(&mut ws, sheet, (row, col), &f.value, None)?;
            }
        }
    }
    let last_col = col_num((fixed.len() + labels.len()).saturating_sub(1))?;
    ws.autofilter(0, 0, row_num(cases.len())?, last_col)?;
    ws.set_freeze_panes(1, 1)?;
    for (col, width) in [15, 18, 40, 11, 11, 11, 17, 17].into_iter().enumerate() {
        ws.set_column_width(col_num(col)?, width)?;
    }
    for at in 0..labels.len() {
        ws.set_column_width(col_num(fixed.len() + at)?, 30)?;
    }
    Ok(ws)
}

/// Every field label of the cases, in the order first seen.
fn field_labels(cases: &[CaseExport]) -> Vec<String> {
    let mut labels: Vec<String> = vec![];
    for f in cases.iter().flat_map(|c| &c.fields) {
        if !labels.contains(&f.label) {
            labels.push(f.label.clone());
        }
    }
    labels
}

fn timeline_sheet(
    case: &CaseExport,
    name: &str,
    tz: Tz,
    w: &Words,
    formats: &Formats,
    cell_text: &mut CellText<'_>,
) -> Result<Worksheet, WorkbookError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let added_later_heading = capitalised(w.added_later);
    let recorded_heading = capitalised(w.recorded);
    let headings = [
        w.seq,
        w.when,
        w.what,
        w.details,
        w.who,
        &added_later_heading,
        &recorded_heading,
    ];
    for (col, heading) in headings.into_iter().enumerate() {
        cell_text.write(
            &mut ws,
            name,
            (0, col_num(col)?),
            heading,
            Some(&formats.heading),
        )?;
    }
    for (i, e) in case.timeline.iter().enumerate() {
        let row = row_num(i + 1)?;
        // Beyond 2^53 a spreadsheet could not show a sequence number exactly anyway.
        ws.write_number(row, 0, e.seq as f64)?;
        write_time(&mut ws, (row, 1), e.occurred_at, tz, &formats.time)?;
        cell_text.write(&mut ws, name, (row, 2), &e.what, None)?;
        cell_text.write(&mut ws, name, (row, 3), &e.details, Some(&formats.wrapped))?;
        cell_text.write(&mut ws, name, (row, 4), &e.who, None)?;
        if e.added_later {
            cell_text.write(&mut ws, name, (row, 5), w.added_later, None)?;
        }
        write_time(&mut ws, (row, 6), e.recorded_at, tz, &formats.time)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (col, width) in [6, 17, 30, 60, 30, 18, 17].into_iter().enumerate() {
        ws.set_column_width(col_num(col)?, width)?;
    }
    Ok(ws)
}

fn continuation_sheet(
    rows: &[ContinuationRow],
    w: &Words,
    formats: &Formats,
) -> Result<Worksheet, WorkbookError> {
    let mut ws = Worksheet::new();
    ws.set_name(w.continuation_sheet)?;
    for (col, heading) in [w.cell, w.part, w.text].into_iter().enumerate() {
        ws.write_string_with_format(0, col_num(col)?, heading, &formats.heading)?;
    }
    // The pieces were cut to fit and their markers already point here: written as they are.
    for (i, r) in rows.iter().enumerate() {
        let row = row_num(i + 1)?;
        ws.write_string(row, 0, &r.source)?;
        ws.write_string(row, 1, &r.part)?;
        ws.write_string(row, CONTINUATION_TEXT_COL, &r.text)?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 8)?;
    ws.set_column_width(2, 100)?;
    Ok(ws)
}

fn write_time(
    ws: &mut Worksheet,
    (row, col): (RowNum, ColNum),
    at: DateTime<Utc>,
    tz: Tz,
    format: &Format,
) -> Result<(), WorkbookError> {
    ws.write_datetime_with_format(row, col, excel_time(at, tz)?, format)?;
    Ok(())
}

/// The local wall-clock time in `tz` as an Excel date-time (which has no zone).
fn excel_time(at: DateTime<Utc>, tz: Tz) -> Result<ExcelDateTime, WorkbookError> {
    let l = at.with_timezone(&tz).naive_local();
    let out_of_range = || WorkbookError::TimeOutOfRange(at);
    let year = u16::try_from(l.year()).map_err(|_| out_of_range())?;
    let narrow = |n: u32| u8::try_from(n).map_err(|_| out_of_range());
    let (month, day) = (narrow(l.month())?, narrow(l.day())?);
    let (hour, minute) = (u16::from(narrow(l.hour())?), narrow(l.minute())?);
    let seconds = f64::from(l.second()) + f64::from(l.nanosecond() % 1_000_000_000) / 1e9;
    ExcelDateTime::from_ymd(year, month, day)
        .and_then(|d| d.and_hms(hour, minute, seconds))
        .map_err(|_| out_of_range())
}

fn row_num(i: usize) -> Result<RowNum, WorkbookError> {
    RowNum::try_from(i).map_err(|_| WorkbookError::TooLarge)
}

fn col_num(i: usize) -> Result<ColNum, WorkbookError> {
    ColNum::try_from(i).map_err(|_| WorkbookError::TooLarge)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Sheet names as Excel allows them (at most 31 characters, none of `[]:*?/\`, no apostrophe
/// at either end, unique regardless of case), made from case ids.
#[derive(Default)]
struct SheetNames {
    used: HashSet<String>,
}

impl SheetNames {
    fn claim(&mut self, name: &str) {
        self.used.insert(name.to_lowercase());
    }

    fn for_case(&mut self, id: &str) -> String {
        let cleaned: String = id
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let cleaned = cleaned.trim_matches('\'');
        let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
            format!("_{cleaned}")
        } else {
            cleaned.to_owned()
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let name = format!("{}{suffix}", truncate_utf16(&base, 31 - suffix.len()));
            if self.used.insert(name.to_lowercase()) {
                return name;
            }
            n += 1;
        }
    }
}

fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}
