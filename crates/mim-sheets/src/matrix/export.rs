//! The export: the organisation's impact matrices as the workbook organisations keep
//! (PROCESS.md, preparation 2): an instructions sheet, one sheet per system and a template
//! for a new one. Every matrix cell carries its colour word as well as its fill, since colour
//! must never be the only signal; all user text is written as plain strings so that a name
//! such as `=cmd` stays text. The layout is the one [`super::import`] reads back, and
//! re-importing an export changes nothing.

use super::book::{MatrixBook, SystemMatrix, SystemSheet};
use super::sheet_names::unique_sheet_name;
use super::words::{Words, words};
use mim_domain::Language;
use mim_domain::impact::{Colour, ImpactMatrix, Severity};
use mim_domain::register::BackupDecider;
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{system}: {rows} rows of response times for {bands} user bands")]
    ResponseRows {
        system: String,
        rows: usize,
        bands: usize,
    },
    #[error("two systems have the id {id}")]
    DuplicateId { id: String },
    #[error("the workbook could not be written: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Excel refuses longer cell texts.
const MAX_CELL_CHARS: usize = 32_767;

fn fit(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Fills dark enough to tell apart and light enough for black text to read well.
pub(crate) fn fill_rgb(c: Colour) -> u32 {
    match c {
        Colour::Green => 0x92D050,
        Colour::Yellow => 0xFFE14D,
        Colour::Red => 0xFF6B6B,
    }
}

struct Formats {
    title: Format,
    bold: Format,
    heading: Format,
    band: Format,
    cell: Format,
    left: Format,
    colours: [Format; 3],
    wrap: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let colour = |c| {
            cell.clone()
                .set_bold()
                .set_background_color(Color::RGB(fill_rgb(c)))
        };
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            heading: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xE7E6E6)),
            band: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter),
            cell: cell.clone(),
            left: Format::new().set_align(FormatAlign::Left),
            colours: [
                colour(Colour::Green),
                colour(Colour::Yellow),
                colour(Colour::Red),
            ],
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
        }
    }

    fn colour(&self, c: Colour) -> &Format {
        &self.colours[super::words::colour_index(c)]
    }
}

/// "1–10", "11–50", "≥ 101": the label of band `i`.
fn band_label(m: &ImpactMatrix, i: usize) -> String {
    let limits = m.bands().lower_limits();
    match (limits.get(i), limits.get(i + 1)) {
        (Some(lo), Some(next)) => format!("{lo}–{}", next - 1),
        (Some(lo), None) => format!("≥ {lo}"),
        _ => String::new(),
    }
}

fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, fit(s), f)?;
    Ok(())
}

fn plain(ws: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    ws.write_string(row, col, fit(s))?;
    Ok(())
}

/// The colour grid and the response-time grid; returns the next free row.
fn write_grids(
    ws: &mut Worksheet,
    row: u32,
    w: &Words,
    f: &Formats,
    m: &SystemMatrix,
) -> Result<u32, XlsxError> {
    let mut row = row;
    text(ws, row, 0, w.users_heading, &f.heading)?;
    for s in Severity::ALL {
        let heading = format!("{}\n({})", w.severity(s), w.severity_meanings[s.index()]);
        text(ws, row, 1 + s.index() as u16, &heading, &f.heading)?;
    }
    // Room for the longest description under its name (Swedish, six lines at this width).
    ws.set_row_height(row, 100)?;
    row += 1;
    for (i, colours) in m.matrix.rows().iter().enumerate() {
        text(ws, row, 0, &band_label(&m.matrix, i), &f.band)?;
        for s in Severity::ALL {
            let c = colours[s.index()];
            text(ws, row, 1 + s.index() as u16, w.colour(c), f.colour(c))?;
        }
        row += 1;
    }
    row += 1;
    text(ws, row, 0, w.response_heading, &f.heading)?;
    for s in Severity::ALL {
        text(ws, row, 1 + s.index() as u16, w.severity(s), &f.heading)?;
    }
    plain(ws, row, 5, w.response_note)?;
    row += 1;
    for i in 0..m.matrix.bands().len() {
        text(ws, row, 0, &band_label(&m.matrix, i), &f.band)?;
        for s in Severity::ALL {
            let col = 1 + s.index() as u16;
            match m.response(i, s) {
                Some(minutes) => {
                    ws.write_number_with_format(row, col, minutes, &f.cell)?;
                }
                None => {
                    ws.write_blank(row, col, &f.cell)?;
                }
            }
        }
        row += 1;
    }
    Ok(row + 1)
}

/// What each colour means and whom it calls; returns the next free row.
fn write_legend(
    ws: &mut Worksheet,
    row: u32,
    w: &Words,
    f: &Formats,
    contact: Option<&str>,
) -> Result<u32, XlsxError> {
    text(ws, row, 0, w.legend_heading, &f.bold)?;
    let mut row = row + 1;
    for c in Colour::ALL {
        text(ws, row, 0, w.colour(c), f.colour(c))?;
        plain(ws, row, 1, &w.colour_meaning(c, contact))?;
        row += 1;
    }
    Ok(row + 1)
}

/// The value beside a detail label.
enum Value {
    Text(String),
    Number(u32),
}

/// Label and value rows; a value is always in column B, which the import reads, and
/// nothing is written to the right of it, where the import would look for an empty one.
fn write_details(
    ws: &mut Worksheet,
    row: u32,
    w: &Words,
    f: &Formats,
    system: Option<&SystemSheet>,
) -> Result<u32, XlsxError> {
    text(ws, row, 0, w.details_heading, &f.bold)?;
    let mut row = row + 1;
    let t = |s: Option<&String>| Value::Text(s.cloned().unwrap_or_default());
    let rows: Vec<(&str, Value)> = match system {
        Some(s) => {
            let contact = s.vendor.as_ref().map(|v| {
                [
                    Some(v.contact.name.clone()),
                    v.contact.phone.clone(),
                    v.contact.email.clone(),
                ]
                .into_iter()
                .flatten()
                .filter(|x| !x.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", ")
            });
            vec![
                (w.detail_name, Value::Text(s.name.clone())),
                (w.detail_id, Value::Text(s.id.clone())),
                (w.detail_aliases, Value::Text(s.aliases.join(", "))),
                (w.detail_user_count, Value::Number(s.user_count)),
                (w.detail_owner, t(s.owner.as_ref())),
                (w.detail_vendor, t(s.vendor.as_ref().map(|v| &v.name))),
                (w.detail_vendor_contact, t(contact.as_ref())),
                (w.detail_mim_contact, t(s.mim_contact.as_ref())),
                (w.detail_notes, t(s.criticality_notes.as_ref())),
            ]
        }
        None => [
            w.detail_name,
            w.detail_id,
            w.detail_aliases,
            w.detail_user_count,
            w.detail_owner,
            w.detail_vendor,
            w.detail_vendor_contact,
            w.detail_mim_contact,
            w.detail_notes,
        ]
        .into_iter()
        .map(|label| (label, Value::Text(String::new())))
        .collect(),
    };
    for (label, value) in rows {
        text(ws, row, 0, label, &f.bold)?;
        match value {
            Value::Number(n) => {
                ws.write_number_with_format(row, 1, n, &f.left)?;
            }
            Value::Text(v) if !v.is_empty() => text(ws, row, 1, &v, &f.wrap)?,
            Value::Text(_) => {}
        }
        row += 1;
    }
    text(ws, row, 0, w.detail_valid_from, &f.bold)?;
    if let Some(d) = system.and_then(|s| s.matrix.valid_from) {
        use chrono::Datelike;
        let date = ExcelDateTime::from_ymd(
            u16::try_from(d.year()).unwrap_or(1900),
            d.month() as u8,
            d.day() as u8,
        )?;
        ws.write_datetime_with_format(row, 1, &date, &f.date)?;
    }
    Ok(row + 2)
}

fn write_backups(
    ws: &mut Worksheet,
    row: u32,
    w: &Words,
    f: &Formats,
    system: Option<&SystemSheet>,
) -> Result<u32, XlsxError> {
    text(ws, row, 0, w.backups_heading, &f.bold)?;
    let mut row = row + 1;
    for (i, h) in w.backup_columns.iter().enumerate() {
        text(ws, row, i as u16, h, &f.heading)?;
    }
    row += 1;
    let backups = system.map_or(&[][..], |s| &s.backup_arrangements[..]);
    if backups.is_empty() && system.is_some() {
        plain(ws, row, 0, w.no_backups)?;
        row += 1;
    }
    for b in backups {
        let decider = match b.decided_by {
            BackupDecider::ItManagement => w.deciders[0],
            BackupDecider::ManagementGroup => w.deciders[1],
        };
        text(ws, row, 0, &b.name, &f.wrap)?;
        text(ws, row, 1, &b.description, &f.wrap)?;
        text(ws, row, 2, decider, &f.wrap)?;
        text(ws, row, 3, b.cost_or_risk.as_deref().unwrap_or(""), &f.wrap)?;
        row += 1;
    }
    Ok(row)
}

/// Column widths, and a page set-up that prints the sheet one page wide, since the
/// matrices are printed into the preparedness plan.
fn set_widths(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    // Wide enough for the longest detail label ("Kontaktperson för omfattande störningar").
    ws.set_column_width(0, 40)?;
    for col in 1..=4 {
        ws.set_column_width(col, 24)?;
    }
    ws.set_column_width(5, 40)?;
    Ok(())
}

fn write_system(
    ws: &mut Worksheet,
    book: &MatrixBook,
    s: &SystemSheet,
    w: &Words,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_widths(ws)?;
    text(
        ws,
        0,
        0,
        &format!("{} – {}", w.matrix_title, s.name),
        &f.title,
    )?;
    plain(ws, 1, 0, &book.organisation)?;
    let row = write_grids(ws, 3, w, f, &s.matrix)?;
    let contact = s.mim_contact.as_deref().or(book.mim_contact.as_deref());
    let row = write_legend(ws, row, w, f, contact)?;
    let row = write_details(ws, row, w, f, Some(s))?;
    write_backups(ws, row, w, f, Some(s))?;
    Ok(())
}

fn write_template(
    ws: &mut Worksheet,
    book: &MatrixBook,
    w: &Words,
    f: &Formats,
) -> Result<(), XlsxError> {
    set_widths(ws)?;
    text(ws, 0, 0, w.template_title, &f.title)?;
    let mut row = 1;
    for line in w.template_instructions {
        plain(ws, row, 0, line)?;
        row += 1;
    }
    let row = write_grids(
        ws,
        row + 1,
        w,
        f,
        &SystemMatrix::new(book.default_matrix.clone()),
    )?;
    let row = write_legend(ws, row, w, f, book.mim_contact.as_deref())?;
    let row = write_details(ws, row, w, f, None)?;
    write_backups(ws, row, w, f, None)?;
    Ok(())
}

fn write_overview(
    ws: &mut Worksheet,
    book: &MatrixBook,
    sheet_names: &[String],
    w: &Words,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 60)?;
    for col in 2..=4 {
        ws.set_column_width(col, 22)?;
    }
    text(
        ws,
        0,
        0,
        &format!("{} – {}", w.overview_title, book.organisation),
        &f.title,
    )?;
    plain(ws, 1, 0, &format!("{}: {}", w.time_zone, book.time_zone))?;
    text(ws, 3, 0, w.instructions_heading, &f.bold)?;
    let mut row = 4;
    for line in w.instructions {
        plain(ws, row, 0, line)?;
        row += 1;
    }
    row += 1;
    text(ws, row, 0, w.severities_heading, &f.bold)?;
    row += 1;
    for s in Severity::ALL {
        text(ws, row, 0, w.severity(s), &f.bold)?;
        plain(ws, row, 1, w.severity_meanings[s.index()])?;
        row += 1;
    }
    row += 1;
    let row = write_legend(ws, row, w, f, book.mim_contact.as_deref())?;
    text(ws, row, 0, w.systems_heading, &f.bold)?;
    let mut row = row + 1;
    for (i, h) in w.systems_columns.iter().enumerate() {
        text(ws, row, i as u16, h, &f.heading)?;
    }
    row += 1;
    for (s, sheet) in book.systems.iter().zip(sheet_names) {
        text(ws, row, 0, &s.name, &f.wrap)?;
        text(ws, row, 1, &s.id, &f.wrap)?;
        text(ws, row, 2, sheet, &f.wrap)?;
        ws.write_number(row, 3, s.user_count)?;
        if let Some(d) = s.matrix.valid_from {
            text(ws, row, 4, &d.format("%Y-%m-%d").to_string(), &f.wrap)?;
        }
        row += 1;
    }
    Ok(())
}

fn check(book: &MatrixBook) -> Result<(), ExportError> {
    let mut ids: Vec<String> = Vec::new();
    for s in &book.systems {
        let key = s.id.trim().to_lowercase();
        if ids.contains(&key) {
            return Err(ExportError::DuplicateId { id: s.id.clone() });
        }
        ids.push(key);
        let bands = s.matrix.matrix.bands().len();
        if s.matrix.response_minutes.len() != bands {
            return Err(ExportError::ResponseRows {
                system: s.name.clone(),
                rows: s.matrix.response_minutes.len(),
                bands,
            });
        }
    }
    Ok(())
}

/// The workbook (.xlsx bytes) with headings in `lang`.
pub fn export(book: &MatrixBook, lang: Language) -> Result<Vec<u8>, ExportError> {
    check(book)?;
    let w = words(lang);
    let f = Formats::new();
    let mut taken = vec![w.overview_sheet.to_string(), w.template_sheet.to_string()];
    let names: Vec<String> = book
        .systems
        .iter()
        .map(|s| unique_sheet_name(&s.name, &s.id, &mut taken))
        .collect();
    let mut workbook = Workbook::new();
    let overview = workbook.add_worksheet();
    overview.set_name(w.overview_sheet)?;
    write_overview(overview, book, &names, w, &f)?;
    for (s, name) in book.systems.iter().zip(&names) {
        let ws = workbook.add_worksheet();
        ws.set_name(name)?;
        write_system(ws, book, s, w, &f)?;
    }
    let template = workbook.add_worksheet();
    template.set_name(w.template_sheet)?;
    write_template(template, book, w, &f)?;
    Ok(workbook.save_to_buffer()?)
}
