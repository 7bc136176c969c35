//! What the import refuses, and how it says so: each problem with its sheet and A1 cell,
//! every problem in the file at once, and never a partial import. Files that are not
//! workbooks at all are refused with a message saying what they look like, never a panic.
// Helpers are test code too, where a panic is a failed test (clippy.toml allows unwrap
// in `#[test]` functions, not in their helpers).
#![allow(clippy::unwrap_used)]

use mim_domain::Language;
use mim_domain::impact::ImpactMatrix;
use mim_sheets::matrix::{
    ImportErrors, MatrixBook, Problem, SystemMatrix, SystemSheet, export, import,
};
use rust_xlsxwriter::{Color, Format, FormatPattern, Workbook, Worksheet};

fn s(ws: &mut Worksheet, r: u32, c: u16, t: &str) {
    ws.write_string(r, c, t).unwrap();
}

fn refused(wb: &mut Workbook) -> ImportErrors {
    let bytes = wb.save_to_buffer().unwrap();
    match import(&bytes) {
        Ok(book) => panic!("imported: {book:?}"),
        Err(e) => e,
    }
}

fn refused_bytes(bytes: &[u8]) -> ImportErrors {
    match import(bytes) {
        Ok(book) => panic!("imported: {book:?}"),
        Err(e) => e,
    }
}

/// A grid sheet in Finnish with the default matrix written out in words; `edit` changes it.
fn grid_sheet(wb: &mut Workbook, name: &str, edit: impl FnOnce(&mut Worksheet)) {
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    s(ws, 0, 0, name);
    s(ws, 2, 0, "Käyttäjiä");
    for (c, h) in ["vähäinen", "haittaava", "työtä häiritsevä", "työn estävä"]
        .iter()
        .enumerate()
    {
        s(ws, 2, 1 + c as u16, h);
    }
    let words = [
        ["vihreä", "vihreä", "vihreä", "keltainen"],
        ["vihreä", "vihreä", "keltainen", "punainen"],
        ["vihreä", "keltainen", "punainen", "punainen"],
        ["keltainen", "punainen", "punainen", "punainen"],
    ];
    for (i, label) in ["1–10", "11–50", "51–100", "≥ 101"].iter().enumerate() {
        s(ws, 3 + i as u32, 0, label);
        for (c, w) in words[i].iter().enumerate() {
            s(ws, 3 + i as u32, 1 + c as u16, w);
        }
    }
    edit(ws);
}

fn list_sheet(wb: &mut Workbook, name: &str, rows: &[[&str; 5]]) {
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    for (c, h) in [
        "Järjestelmä",
        "Käyttäjiä vähintään",
        "Vakavuus",
        "Väri",
        "Voimassa alkaen",
    ]
    .iter()
    .enumerate()
    {
        s(ws, 0, c as u16, h);
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                s(ws, 1 + r as u32, c as u16, v);
            }
        }
    }
}

#[test]
fn a_misspelt_colour_is_named_with_its_cell() {
    let mut wb = Workbook::new();
    grid_sheet(&mut wb, "Wilma", |ws| s(ws, 3, 2, "keltanen"));
    let e = refused(&mut wb);
    assert_eq!(e.messages(), [r#"Wilma!C4: "keltanen" is not a colour"#]);
    let only = &e.0[0];
    assert_eq!(only.sheet.as_deref(), Some("Wilma"));
    assert_eq!(only.cell.as_deref(), Some("C4"));
    assert_eq!(
        only.problem,
        Problem::NotAColour {
            text: "keltanen".into()
        }
    );
}

#[test]
fn every_problem_in_the_file_is_reported_and_nothing_is_imported() {
    let mut wb = Workbook::new();
    grid_sheet(&mut wb, "Wilma", |ws| {
        s(ws, 3, 2, "keltanen");
        s(ws, 5, 0, "51–1OO");
        s(ws, 6, 4, "sininen");
    });
    grid_sheet(&mut wb, "Hyvä", |_| {});
    list_sheet(
        &mut wb,
        "Oma lista",
        &[
            ["Kassa", "1", "vähäinen", "vihreä", "2026-01-01"],
            ["Kassa", "49.5", "haittaava", "vihreä", "2026-01-01"],
            ["Kassa", "50", "haitava", "vihreä", "2026-01-01"],
            ["Kassa", "100", "korkea", "", "31.2.2026"],
            ["", "100", "kriittinen", "punainen", ""],
            ["Kassa", "1,000", "kriittinen", "punainen", ""],
            ["Kassa", "0", "kriittinen", "punainen", ""],
        ],
    );
    let e = refused(&mut wb);
    assert_eq!(
        e.messages(),
        [
            r#"Wilma!C4: "keltanen" is not a colour"#,
            r#"Wilma!A6: "51–1OO" is not a band of users (write e.g. 1–10, 11–50, ≥ 101)"#,
            r#"Wilma!E7: "sininen" is not a colour"#,
            "'Oma lista'!B3: 49.5 users is not a whole number",
            r#"'Oma lista'!C4: "haitava" is not a severity"#,
            "'Oma lista'!D5: no colour: write green, yellow or red (in any language) or fill the cell",
            r#"'Oma lista'!E5: "31.2.2026" is not a date (write 2026-03-29 or 29.3.2026)"#,
            "'Oma lista'!A6: no system (Järjestelmä / System)",
            r#"'Oma lista'!B7: "1,000" is ambiguous: write the number without a separator, e.g. 1000 or 1 000"#,
            "'Oma lista'!B8: 0 is not a number of users: at least 1 is needed",
        ]
    );
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json[3]["problem"]["kind"], "fractional_users");
    assert_eq!(json[3]["cell"], "B3");
}

#[test]
fn a_fractional_user_count_is_refused_not_rounded() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Vaikutusmatriisi").unwrap();
    for (c, h) in ["Järjestelmä", "Käyttäjiä vähintään", "Vakavuus", "Väri"]
        .iter()
        .enumerate()
    {
        s(ws, 0, c as u16, h);
    }
    s(ws, 1, 0, "potilastieto");
    ws.write_number(1, 1, 49.5).unwrap();
    s(ws, 1, 2, "matala");
    s(ws, 1, 3, "vihreä");
    let e = refused(&mut wb);
    assert_eq!(
        e.messages(),
        ["Vaikutusmatriisi!B2: 49.5 users is not a whole number"]
    );
}

#[test]
fn a_word_and_a_fill_that_disagree_are_refused() {
    let mut wb = Workbook::new();
    grid_sheet(&mut wb, "Wilma", |ws| {
        let red = Format::new()
            .set_pattern(FormatPattern::Solid)
            .set_background_color(Color::RGB(0xFF0000));
        ws.write_string_with_format(3, 1, "vihreä", &red).unwrap();
        let blue = Format::new()
            .set_pattern(FormatPattern::Solid)
            .set_background_color(Color::RGB(0x4F81BD));
        ws.write_blank(4, 1, &blue).unwrap();
    });
    let e = refused(&mut wb);
    assert_eq!(
        e.messages(),
        [
            r#"Wilma!B4: the cell says "vihreä" but is filled red"#,
            "Wilma!B5: the fill colour #4F81BD is not clearly green, yellow or red",
        ]
    );
}

#[test]
fn a_list_without_a_required_column_is_refused() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Lista").unwrap();
    for (c, h) in ["Järjestelmä", "Vakavuus", "Väri"].iter().enumerate() {
        s(ws, 0, c as u16, h);
    }
    s(ws, 1, 0, "Kassa");
    s(ws, 1, 1, "korkea");
    s(ws, 1, 2, "punainen");
    let e = refused(&mut wb);
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].cell.as_deref(), Some("A1"));
    assert!(
        matches!(&e.0[0].problem, Problem::MissingColumns { columns } if columns.len() == 1
            && columns[0].starts_with("users at least")),
        "{e}"
    );
}

#[test]
fn bands_that_do_not_meet_or_repeat_are_refused() {
    let mut wb = Workbook::new();
    grid_sheet(&mut wb, "Wilma", |ws| {
        s(ws, 4, 0, "10–50");
    });
    grid_sheet(&mut wb, "Kassa", |ws| {
        s(ws, 5, 0, "11–50");
    });
    let e = refused(&mut wb);
    assert_eq!(
        e.messages(),
        [
            r#"Wilma!A5: the band "10–50" does not continue from the band above it ("1–10")"#,
            "Kassa!A6: the user band starting at 11 is given twice (also at A5)",
            // True as well: with 51–100 overwritten, nothing covers 51 to 100 users.
            r#"Kassa!A7: the band "≥ 101" does not continue from the band above it ("11–50")"#,
        ]
    );
}

#[test]
fn conflicting_cells_and_a_system_given_twice_are_refused() {
    let mut wb = Workbook::new();
    list_sheet(
        &mut wb,
        "Lista",
        &[
            ["Wilma", "1", "vähäinen", "vihreä", ""],
            ["Kassa", "1", "vähäinen", "vihreä", ""],
            ["kassa ", "1", "minor", "red", ""],
        ],
    );
    grid_sheet(&mut wb, "Wilma", |_| {});
    let e = refused(&mut wb);
    assert_eq!(
        e.messages(),
        [
            "Lista!D4: Kassa, 1 users or more, minor is given again with a different value (first at D3)",
            "Wilma!A3: the system Wilma is also given on Lista",
        ]
    );
}

#[test]
fn files_that_are_not_workbooks_are_refused_without_panic() {
    let export_bytes = {
        let book = MatrixBook {
            organisation: "X".into(),
            time_zone: "Europe/Helsinki".into(),
            mim_contact: None,
            default_matrix: ImpactMatrix::organisation_default(),
            systems: vec![SystemSheet {
                id: "x".into(),
                name: "X".into(),
                aliases: vec![],
                user_count: 1,
                owner: None,
                vendor: None,
                mim_contact: None,
                criticality_notes: None,
                matrix: SystemMatrix::new(ImpactMatrix::organisation_default()),
                backup_arrangements: vec![],
            }],
        };
        export(&book, Language::Fi).unwrap()
    };
    let mut random = vec![0u8; 4096];
    let mut x: u32 = 0x1234_5678;
    for b in &mut random {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    let csv = "Järjestelmä;Käyttäjiä vähintään;Vakavuus;Väri\r\nWilma;1;vähäinen;vihreä\r\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "the file is empty"),
        ("csv", csv.as_bytes().to_vec(), "looks like CSV text"),
        ("random", random, "not a spreadsheet"),
        ("text", b"hello".to_vec(), "plain text"),
        (
            "truncated xlsx",
            export_bytes[..export_bytes.len() / 2].to_vec(),
            "",
        ),
        (
            "zip without a workbook",
            b"PK\x03\x04garbage".to_vec(),
            "zip",
        ),
    ];
    for (what, bytes, says) in cases {
        let e = refused_bytes(&bytes);
        assert_eq!(e.0.len(), 1, "{what}: {e}");
        assert!(e.0[0].sheet.is_none(), "{what}");
        assert!(e.to_string().contains(says), "{what}: {e}");
    }
}

#[test]
fn a_workbook_with_no_matrix_is_refused() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    s(ws, 0, 0, "Ohjeet");
    s(ws, 1, 0, "Vihreä tarkoittaa normaalia häiriöprosessia.");
    let e = refused(&mut wb);
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].problem, Problem::NoMatrix);
}

#[test]
fn a_sheet_spanning_the_whole_grid_is_refused() {
    // Two values, 17 billion cells between them: read densely, this would exhaust memory.
    let mut wb = Workbook::new();
    grid_sheet(&mut wb, "Wilma", |ws| s(ws, 1_048_575, 16_383, "x"));
    let e = refused(&mut wb);
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].sheet.as_deref(), Some("Wilma"));
    assert!(
        matches!(e.0[0].problem, Problem::SheetTooLarge { .. }),
        "{e}"
    );
}

/// A typo in the last band's label ("abc" for "≥ 101") or an emptied label used to end the
/// grid there: the row's colours were dropped without a word and the band above took its
/// users, so 101+ users at "minor" went from yellow to green.
#[test]
fn a_band_row_with_colours_but_no_readable_band_is_refused_not_dropped() {
    let mut wb = Workbook::new();
    grid_sheet(&mut wb, "Wilma", |ws| s(ws, 6, 0, "abc"));
    let e = refused(&mut wb);
    assert_eq!(
        e.messages(),
        [r#"Wilma!A7: "abc" is not a band of users (write e.g. 1–10, 11–50, ≥ 101)"#]
    );

    let mut wb = Workbook::new();
    grid_sheet(&mut wb, "Wilma", |ws| {
        ws.clear_cell(5, 0);
    });
    let e = refused(&mut wb);
    assert_eq!(e.0.len(), 1, "{:?}", e.messages());
    assert_eq!(e.0[0].cell.as_deref(), Some("A6"));
    assert!(matches!(e.0[0].problem, Problem::NotABand { .. }));
}
