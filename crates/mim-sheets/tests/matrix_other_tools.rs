//! Workbooks as people make them by hand or with other tools, built here with
//! rust_xlsxwriter cell by cell: numbers typed as text with stray and no-break spaces,
//! float noise, merged headings and names, two-row headings, notes under a list, extra
//! sheets, colours given only by a cell's fill, columns in another order, and grids drawn in
//! Swedish with the severities reversed. Each must import to exactly what its author meant.
// Helpers are test code too, where a panic is a failed test (clippy.toml allows unwrap
// in `#[test]` functions, not in their helpers).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use mim_domain::impact::{Colour, ImpactMatrix, Severity, UserBands};
use mim_sheets::matrix::{ImportedBook, Layout, SkipReason, import};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatPattern, Workbook, Worksheet};

fn fill(rgb: u32) -> Format {
    Format::new()
        .set_pattern(FormatPattern::Solid)
        .set_background_color(Color::RGB(rgb))
}

/// Excel's own pale "good / neutral / bad" fills, which people pick for traffic lights.
const PALE_GREEN: u32 = 0xC6EFCE;
const PALE_YELLOW: u32 = 0xFFEB9C;
const PALE_RED: u32 = 0xFFC7CE;

fn pale(c: Colour) -> u32 {
    match c {
        Colour::Green => PALE_GREEN,
        Colour::Yellow => PALE_YELLOW,
        Colour::Red => PALE_RED,
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn s(ws: &mut Worksheet, r: u32, c: u16, t: &str) {
    ws.write_string(r, c, t).unwrap();
}

fn imported(wb: &mut Workbook) -> ImportedBook {
    let bytes = wb.save_to_buffer().unwrap();
    import(&bytes).unwrap_or_else(|e| panic!("{e}"))
}

type Row = (u32, Severity, Colour, Option<NaiveDate>, Option<u32>);

fn cells_of(book: &ImportedBook, system: &str) -> Vec<Row> {
    book.system(system)
        .unwrap_or_else(|| panic!("{system} not imported"))
        .cells()
        .iter()
        .map(|c| {
            (
                c.users_at_least,
                c.severity,
                c.colour,
                c.valid_from,
                c.response_minutes,
            )
        })
        .collect()
}

#[test]
fn a_messy_flat_list_reads_as_meant() {
    use Colour::*;
    use Severity::*;
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Ohje").unwrap();
    s(
        notes,
        0,
        0,
        "Tämä työkirja on tehty käsin. Älä muuta otsikoita.",
    );

    let ws = wb.add_worksheet();
    ws.set_name("Matriisi").unwrap();
    ws.merge_range(0, 0, 0, 5, "Vaikuttavuusmatriisi 2026", &Format::new())
        .unwrap();
    for (c, h) in [
        " JÄRJESTELMÄ ",
        "Käyttäjiä\u{a0}vähintään",
        "Vakavuus ",
        "VÄRI",
        "Voimassa alkaen",
        "Vasteaika (min)",
    ]
    .iter()
    .enumerate()
    {
        s(ws, 1, c as u16, h);
    }
    // One name merged down over its four rows, as people do.
    ws.merge_range(2, 0, 5, 0, "Wilma", &Format::new()).unwrap();
    let date_format = Format::new().set_num_format("d.m.yyyy");
    let march = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();

    s(ws, 2, 1, "1");
    s(ws, 2, 2, "low");
    s(ws, 2, 3, " Grön ");
    s(ws, 2, 4, "1.3.2026");
    s(ws, 2, 5, "1 h 30 min");

    s(ws, 3, 1, " 50 ");
    s(ws, 3, 2, "Haittaava");
    s(ws, 3, 3, "amber");
    ws.write_datetime_with_format(3, 4, &march, &date_format)
        .unwrap();
    s(ws, 3, 5, "00:15");

    s(ws, 4, 1, "1\u{202f}000");
    s(ws, 4, 2, "hög");
    ws.write_blank(4, 3, &fill(PALE_YELLOW)).unwrap();
    s(ws, 4, 4, "2026-03-01");
    ws.write_number(4, 5, 45).unwrap();

    ws.write_number(5, 1, 49.99999999999999).unwrap();
    s(ws, 5, 2, "kriittinen");
    s(ws, 5, 3, "RED");
    s(ws, 5, 5, "2 h");

    s(ws, 7, 0, "Yhteensä 4 riviä");

    s(ws, 8, 0, "Lupapiste ");
    ws.write_number(8, 1, 1).unwrap();
    s(ws, 8, 2, "työn estävä");
    s(ws, 8, 3, "punainen");
    // The same cell again, identically: harmless.
    s(ws, 9, 0, "lupapiste");
    ws.write_number(9, 1, 1.0).unwrap();
    s(ws, 9, 2, "estää työn");
    s(ws, 9, 3, "Punainen");

    let book = imported(&mut wb);
    let mar = Some(date(2026, 3, 1));
    assert_eq!(
        cells_of(&book, "Wilma"),
        vec![
            (1, Minor, Green, mar, Some(90)),
            (50, Inconvenient, Yellow, mar, Some(15)),
            (50, PreventsWork, Red, None, Some(120)),
            (1000, DisruptsWork, Yellow, mar, Some(45)),
        ]
    );
    let wilma = book.system("wilma").unwrap();
    assert_eq!(wilma.layout(), Layout::FlatList);
    assert_eq!(wilma.band_limits(), [1, 50, 1000]);
    assert_eq!(wilma.valid_from(), mar);
    assert_eq!(
        cells_of(&book, "Lupapiste"),
        vec![(1, PreventsWork, Red, None, None)]
    );
    assert_eq!(book.system("LUPAPISTE").unwrap().system(), "Lupapiste");
    assert_eq!(book.skipped.len(), 1);
    assert_eq!(book.skipped[0].sheet, "Ohje");
    assert_eq!(book.skipped[0].reason, SkipReason::NoMatrix);
}

#[test]
fn a_hand_drawn_grid_with_merged_headings_and_fills_only() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Wilma").unwrap();
    s(ws, 0, 0, "Wilma – vaikuttavuusmatriisi");
    ws.merge_range(1, 0, 2, 0, "Käyttäjämäärä", &Format::new())
        .unwrap();
    ws.merge_range(1, 1, 1, 4, "Vakavuus", &Format::new())
        .unwrap();
    for (c, h) in [
        "Vähäinen haitta",
        "Haittaa työtä",
        "Häiritsee työtä",
        "Estää työn",
    ]
    .iter()
    .enumerate()
    {
        s(ws, 2, 1 + c as u16, h);
    }
    let default = ImpactMatrix::organisation_default();
    for (i, label) in ["1-10", "11-50", "51-100", "yli 100"].iter().enumerate() {
        let r = 3 + i as u32;
        s(ws, r, 0, label);
        if i == 3 {
            // The last row: one cell, then red merged across the rest with its word.
            ws.write_blank(r, 1, &fill(PALE_YELLOW)).unwrap();
            ws.merge_range(r, 2, r, 4, "punainen", &fill(0xFF0000))
                .unwrap();
            continue;
        }
        for sev in Severity::ALL {
            let c = default.rows()[i][sev.index()];
            ws.write_blank(r, 1 + sev.index() as u16, &fill(pale(c)))
                .unwrap();
        }
    }
    s(ws, 8, 0, "Muutettu 12.1.2026 / MM");

    let book = imported(&mut wb);
    let wilma = book.system("Wilma").unwrap();
    assert_eq!(wilma.layout(), Layout::Grid);
    assert_eq!(wilma.system(), "Wilma");
    assert_eq!(wilma.matrix(), Some(&default));
    assert_eq!(wilma.cells()[0].cell, "B4");
    assert_eq!(wilma.valid_from(), None);
    assert!(!wilma.responses_given());
}

#[test]
fn a_swedish_grid_with_severities_reversed_and_response_times() {
    use Colour::{Green as G, Red as R, Yellow as Y};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Lön").unwrap();
    s(ws, 0, 0, "System: Lönesystem");
    s(ws, 1, 0, "Giltig från");
    s(ws, 1, 1, "2026-04-01");
    let reversed = [
        "förhindrar arbetet",
        "arbetsstörande",
        "Besvärande",
        "ringa",
    ];
    s(ws, 3, 0, "Antal användare");
    for (c, h) in reversed.iter().enumerate() {
        s(ws, 3, 1 + c as u16, h);
    }
    // As written, left to right: prevents, disrupts, inconvenient, minor.
    let written = [
        ["gul", "grön", "grön", "grön"],
        ["röd", "Gul ", "grön", "grön"],
        ["röd", "röd", "gul", "GUL"],
    ];
    for (i, (label, row)) in ["1–20", "21–200", "201 eller fler"]
        .iter()
        .zip(written)
        .enumerate()
    {
        s(ws, 4 + i as u32, 0, label);
        for (c, word) in row.iter().enumerate() {
            s(ws, 4 + i as u32, 1 + c as u16, word);
        }
    }
    s(ws, 8, 0, "Svarstid (min)");
    for (c, h) in reversed.iter().enumerate() {
        s(ws, 8, 1 + c as u16, h);
    }
    for (i, label) in ["1–20", "21–200", "201 eller fler"].iter().enumerate() {
        s(ws, 9 + i as u32, 0, label);
    }
    ws.write_number(10, 1, 30).unwrap();
    s(ws, 11, 1, "1 h");
    s(ws, 11, 4, "1 dygn");

    let book = imported(&mut wb);
    let lon = book.system("Lönesystem").unwrap();
    assert_eq!(lon.other_names(), ["Lön"]);
    assert_eq!(lon.valid_from(), Some(date(2026, 4, 1)));
    let want = ImpactMatrix::new(
        UserBands::new(vec![1, 21, 201]).unwrap(),
        vec![[G, G, G, Y], [G, G, Y, R], [Y, Y, R, R]],
    )
    .unwrap();
    assert_eq!(lon.matrix(), Some(&want));
    let sm = lon.system_matrix().unwrap();
    assert_eq!(sm.response(1, Severity::PreventsWork), Some(30));
    assert_eq!(sm.response(2, Severity::PreventsWork), Some(60));
    assert_eq!(sm.response(2, Severity::Minor), Some(1440));
    assert_eq!(sm.response(0, Severity::Minor), None);
}

#[test]
fn an_english_list_with_columns_reordered_fills_only_and_extra_sheets() {
    use Colour::*;
    use Severity::*;
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Notes").unwrap();
    s(notes, 0, 0, "Name");
    s(notes, 0, 1, "Phone");
    s(notes, 1, 0, "Service desk");
    s(notes, 1, 1, "+358 9 000 000");
    wb.add_worksheet().set_name("Empty").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("List").unwrap();
    for (c, h) in [
        "Colour",
        "Severity",
        "Users at least",
        "System",
        "Response time",
    ]
    .iter()
    .enumerate()
    {
        s(ws, 0, c as u16, h);
    }
    let rows: [(Colour, &str, u32, &str, &str); 4] = [
        (Green, "Low", 1, "HR", ""),
        (Yellow, "Medium", 1, "HR", "4 h"),
        (Red, "High", 1, "HR", "30 min"),
        (Red, "Critical", 10, "HR", "0:10"),
    ];
    for (i, (colour, sev, users, system, response)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        // Vivid fills this time, as from a traffic-light palette.
        let rgb = match colour {
            Green => 0x00B050,
            Yellow => 0xFFC000,
            Red => 0xC00000,
        };
        ws.write_blank(r, 0, &fill(rgb)).unwrap();
        s(ws, r, 1, sev);
        ws.write_number(r, 2, *users).unwrap();
        s(ws, r, 3, system);
        s(ws, r, 4, response);
    }

    let book = imported(&mut wb);
    assert_eq!(
        cells_of(&book, "HR"),
        vec![
            (1, Minor, Green, None, None),
            (1, Inconvenient, Yellow, None, Some(240)),
            (1, DisruptsWork, Red, None, Some(30)),
            (10, PreventsWork, Red, None, Some(10)),
        ]
    );
    let skipped: Vec<(&str, SkipReason)> = book
        .skipped
        .iter()
        .map(|s| (s.sheet.as_str(), s.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            ("Notes", SkipReason::NoMatrix),
            ("Empty", SkipReason::NoMatrix)
        ]
    );
}

#[test]
fn grids_and_lists_mix_in_one_workbook() {
    let mut wb = Workbook::new();
    let grid = wb.add_worksheet();
    grid.set_name("Puhelinvaihde").unwrap();
    s(grid, 0, 0, "Käyttäjiä ≥");
    for (c, h) in ["matala", "keskitaso", "korkea", "kriittinen"]
        .iter()
        .enumerate()
    {
        s(grid, 0, 1 + c as u16, h);
    }
    for (i, users) in [1, 50, 500].iter().enumerate() {
        grid.write_number(1 + i as u32, 0, *users).unwrap();
        for c in 0..4 {
            s(
                grid,
                1 + i as u32,
                1 + c,
                ["vihreä", "keltainen", "punainen"][(i + c as usize) / 2 % 3],
            );
        }
    }
    let list = wb.add_worksheet();
    list.set_name("Lista").unwrap();
    for (c, h) in ["System", "Users", "Severity", "Colour"].iter().enumerate() {
        s(list, 0, c as u16, h);
    }
    for (c, v) in ["Arkisto", "1", "minor", "green"].iter().enumerate() {
        s(list, 1, c as u16, v);
    }
    let book = imported(&mut wb);
    assert_eq!(book.systems.len(), 2);
    let vaihde = book.system("puhelinvaihde").unwrap();
    assert_eq!(vaihde.band_limits(), [1, 50, 500]);
    assert!(vaihde.matrix().is_some());
    assert_eq!(book.system("Arkisto").unwrap().layout(), Layout::FlatList);
}
