//! The case export as CSV for Finnish Excel (case C27), formula-injection neutralising, and
//! the reader the register import will use.

#[path = "cases_support.rs"]
mod support;

use chrono_tz::Europe::Helsinki;
use mim_domain::Language;
use mim_domain::impact::Colour;
use mim_sheets::cases::{
    BadRow, CaseExportRow, CsvCell, ExcelCsvWriter, RowProblem, case_csv, read_excel_csv,
};
use support::{Catalogue, c27_rows, fixture, fixture_json, utc};

#[test]
fn c27_export_is_byte_for_byte_the_expected_file() {
    let rows = c27_rows();
    let written = case_csv(&rows, Helsinki, Language::Fi);
    let expected = fixture("C27-expected-fi-excel.csv");
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(written, expected);
}

#[test]
fn c27_durations_come_from_the_utc_instants() {
    let source = fixture_json("C27-export-source.json");
    for (row, case) in c27_rows().iter().zip(source.as_array().unwrap()) {
        assert_eq!(row.duration_hours(), case["hours"].as_f64(), "{}", row.id);
    }
    let dst = &c27_rows()[2];
    assert_eq!(dst.duration_hours(), Some(13.0), "02:30 EEST → 14:30 EET");
}

#[test]
fn headings_in_swedish_and_english_name_the_zone() {
    let first_line = |lang| {
        let bytes = case_csv(&[], Helsinki, lang);
        String::from_utf8(bytes).unwrap()
    };
    assert_eq!(
        first_line(Language::Sv),
        "\u{feff}Beteckning;System;Rubrik;Påverkan;Användare;Längd (h);\
         Började (Europe/Helsinki);Slutade (Europe/Helsinki)\r\n"
    );
    assert_eq!(
        first_line(Language::En),
        "\u{feff}Id;System;Title;Impact;Users;Duration (h);\
         Started (Europe/Helsinki);Ended (Europe/Helsinki)\r\n"
    );
    let stockholm =
        String::from_utf8(case_csv(&[], chrono_tz::Europe::Stockholm, Language::Sv)).unwrap();
    assert!(stockholm.contains("Började (Europe/Stockholm)"));
}

#[test]
fn an_open_case_has_no_end_and_no_duration() {
    let row = CaseExportRow {
        id: "MIM-2026-0009".into(),
        system: "Wilma".into(),
        title: "Kirjautuminen ei onnistu".into(),
        impact: None,
        affected_users: None,
        start: utc("2026-03-02T06:00:00Z"),
        end: None,
    };
    let text = String::from_utf8(case_csv(&[row], Helsinki, Language::Fi)).unwrap();
    let last = text.lines().last().unwrap();
    assert_eq!(
        last,
        "MIM-2026-0009;Wilma;Kirjautuminen ei onnistu;;;;2026-03-02 08:00;"
    );
}

#[test]
fn every_formula_trigger_is_neutralised_in_text_but_not_in_numbers() {
    let mut w = ExcelCsvWriter::new();
    for text in [
        "=1+1",
        "+358401234567",
        "-20 °C",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
    ] {
        w.write_row(&[CsvCell::Text(text), CsvCell::Number(-2.5)]);
    }
    let bytes = w.into_bytes();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(
        text,
        "'=1+1;-2,5\r\n\
         '+358401234567;-2,5\r\n\
         '-20 °C;-2,5\r\n\
         '@SUM(A1:A2);-2,5\r\n\
         '\t=1;-2,5\r\n\
         \"'\r=1\";-2,5\r\n"
    );
}

#[test]
fn a_title_starting_with_a_trigger_is_neutralised_in_the_export() {
    let mut rows = c27_rows();
    rows.truncate(1);
    for (trigger, title) in [
        ('=', "=cmd|' /C calc'!A0"),
        ('+', "+A1"),
        ('-', "-1+1"),
        ('@', "@SUM(1)"),
        ('\t', "\tpiilotettu"),
    ] {
        rows[0].title = title.into();
        let text = String::from_utf8(case_csv(&rows, Helsinki, Language::Fi)).unwrap();
        let record = text.split("\r\n").nth(1).unwrap();
        let title_cell = record.split(';').nth(2).unwrap();
        assert!(
            title_cell
                .trim_start_matches('"')
                .starts_with(&format!("'{trigger}")),
            "{title:?} written as {title_cell:?}"
        );
    }
}

#[test]
fn reader_gives_back_what_the_writer_wrote() {
    let texts = [
        "Häiriö; vastaanotto seis",
        "Hidas \"kirjautuminen\"",
        "Rivi 1\nRivi 2",
        "=HYPERLINK(\"http://evil.example.invalid/\";\"x\")",
        "-20 °C pakkanen",
        "'=already quoted",
        "'plain apostrophe",
        "",
        "åäö ÅÄÖ 🙂",
    ];
    let mut w = ExcelCsvWriter::new();
    w.write_row(&[CsvCell::Text("Teksti"), CsvCell::Text("Luku")]);
    for t in texts {
        w.write_row(&[CsvCell::Text(t), CsvCell::Number(1.5)]);
    }
    let table = read_excel_csv(&w.into_bytes()).unwrap();
    assert_eq!(table.separator, ';');
    assert_eq!(table.headings, vec!["Teksti", "Luku"]);
    assert!(table.bad_rows.is_empty(), "{:?}", table.bad_rows);
    let read: Vec<&str> = table.rows.iter().map(|r| r.cells[0].as_str()).collect();
    // The empty text is in a row with a number, so it is kept.
    assert_eq!(read, texts);
    assert!(table.rows.iter().all(|r| r.cells[1] == "1,5"));
    // Row 3 holds a line break, so the rows after it start one line further down.
    let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 6, 7, 8, 9, 10, 11]);
}

#[test]
fn reader_round_trips_the_c27_export() {
    let rows = c27_rows();
    let table = read_excel_csv(&case_csv(&rows, Helsinki, Language::Fi)).unwrap();
    assert_eq!(table.headings[6], "Alkoi (Europe/Helsinki)");
    let titles: Vec<&str> = table.rows.iter().map(|r| r.cells[2].as_str()).collect();
    let expected: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, expected);
    assert_eq!(table.rows[2].cells[5], "13");
}

#[test]
fn reader_accepts_no_bom_commas_lf_and_an_excel_sep_line() {
    let comma = read_excel_csv(b"Nimi,Arvo\nWilma,\"1,5\"\n'=x,2\n").unwrap();
    assert_eq!(comma.separator, ',');
    assert_eq!(comma.rows[0].cells, vec!["Wilma", "1,5"]);
    assert_eq!(comma.rows[1].cells, vec!["=x", "2"]);

    let sep = read_excel_csv(b"sep=;\r\nNimi;Arvo\r\nWilma;1\r\n").unwrap();
    assert_eq!(sep.separator, ';');
    assert_eq!(sep.headings, vec!["Nimi", "Arvo"]);
    assert_eq!(sep.rows[0].line, 3);

    // A heading with a quoted comma still says `;`.
    let quoted = read_excel_csv("\u{feff}\"Kesto, h\";Nimi\r\n1;a\r\n".as_bytes()).unwrap();
    assert_eq!(quoted.separator, ';');
    assert_eq!(quoted.headings, vec!["Kesto, h", "Nimi"]);
}

#[test]
fn reader_reports_bad_rows_with_their_line_numbers_and_goes_on() {
    let mut file =
        b"\xEF\xBB\xBFJ\xC3\xA4rjestelm\xC3\xA4;K\xC3\xA4ytt\xC3\xA4ji\xC3\xA4\r\n".to_vec();
    file.extend_from_slice(b"ajanvaraus;10\r\n");
    file.extend_from_slice(b"liikaa;1;2\r\n");
    file.extend_from_slice(b";\r\n");
    file.extend_from_slice(b"s\xE4hk\xF6posti;5\r\n"); // Windows-1252, not UTF-8
    file.extend_from_slice(b"\"rivi\njatkuu\";7\r\n");
    file.extend_from_slice(b"vajaa\r\n");
    let table = read_excel_csv(&file).unwrap();
    assert_eq!(table.headings, vec!["Järjestelmä", "Käyttäjiä"]);
    let good: Vec<(u64, &str)> = table
        .rows
        .iter()
        .map(|r| (r.line, r.cells[0].as_str()))
        .collect();
    assert_eq!(good, vec![(2, "ajanvaraus"), (6, "rivi\njatkuu")]);
    assert_eq!(
        table.bad_rows,
        vec![
            BadRow {
                line: 3,
                problem: RowProblem::CellCount {
                    expected: 2,
                    found: 3
                }
            },
            BadRow {
                line: 5,
                problem: RowProblem::NotUtf8 { cell: 1 }
            },
            BadRow {
                line: 8,
                problem: RowProblem::CellCount {
                    expected: 2,
                    found: 1
                }
            },
        ]
    );
    assert_eq!(
        table.bad_rows[1].problem.to_string(),
        "cell 1 is not UTF-8 text (save the file as \"CSV UTF-8\")"
    );
}

#[test]
fn reader_refuses_a_file_without_headings() {
    assert!(read_excel_csv(b"").is_err());
    assert!(read_excel_csv(b"\xEF\xBB\xBF").is_err());
}

#[test]
fn impact_words_are_the_catalogue_colours_in_every_language() {
    let mut rows = c27_rows();
    rows.truncate(3);
    for (row, colour) in rows.iter_mut().zip(Colour::ALL) {
        row.impact = Some(colour);
    }
    for lang in Language::ALL {
        let words = Catalogue::load(lang);
        let table = read_excel_csv(&case_csv(&rows, Helsinki, lang)).unwrap();
        for (read, colour) in table.rows.iter().zip(Colour::ALL) {
            let key = format!("colour-{}", colour.code());
            assert_eq!(
                Some(read.cells[3].as_str()),
                words.get(&key),
                "{lang} {key}"
            );
        }
    }
}
