//! CASES.md C28: a flat matrix list with numbers, numbers stored as text, float noise,
//! dates and times, saved once in the 1900 and once in the 1904 date system. Both files must
//! give exactly the same rows; reading the 1904 file as if it were 1900 would move every
//! date back four years and a day, which these tests would catch.
// Helpers are test code too, where a panic is a failed test (clippy.toml allows unwrap
// in `#[test]` functions, not in their helpers).
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use mim_domain::impact::{Colour, ImpactMatrix, Severity};
use mim_sheets::matrix::{Layout, complete, import};
use std::io::Cursor;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

type Row = (
    String,
    u32,
    Severity,
    Colour,
    Option<NaiveDate>,
    Option<u32>,
);

fn rows(bytes: &[u8]) -> (Vec<Row>, bool) {
    let book = import(bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut rows: Vec<Row> = book
        .systems
        .iter()
        .flat_map(|s| {
            s.cells().iter().map(|c| {
                (
                    s.system().to_lowercase(),
                    c.users_at_least,
                    c.severity,
                    c.colour,
                    c.valid_from,
                    c.response_minutes,
                )
            })
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    (rows, book.date_system_1904)
}

fn expected() -> Vec<Row> {
    use Colour::*;
    use Severity::*;
    let jan = Some(date(2026, 1, 1));
    let mar = Some(date(2026, 3, 29));
    vec![
        ("ajanvaraus".into(), 7, PreventsWork, Red, jan, Some(15)),
        (
            "ajanvaraus".into(),
            500,
            DisruptsWork,
            Yellow,
            jan,
            Some(60),
        ),
        (
            "potilastieto".into(),
            50,
            Minor,
            Green,
            mar,
            Some(23 * 60 + 59),
        ),
        (
            "sähköposti".into(),
            1000,
            DisruptsWork,
            Red,
            mar,
            Some(12 * 60),
        ),
    ]
}

#[test]
fn c28_1900_file_gives_exactly_the_expected_rows() {
    let (rows, is_1904) = rows(&fixture("C28-matrix-1900.xlsx"));
    assert!(!is_1904);
    assert_eq!(rows, expected());
}

#[test]
fn c28_1904_file_gives_the_same_rows() {
    let (rows, is_1904) = rows(&fixture("C28-matrix-1904.xlsx"));
    assert!(is_1904, "the file says date1904");
    assert_eq!(rows, expected());
}

/// Proves the 1904 test has teeth: the stored serials really are the 1904 ones, which the
/// 1900 system would read as 2021-12-31 and 2022-03-28.
#[test]
fn c28_1904_serials_would_be_four_years_off_in_the_1900_system() {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(fixture("C28-matrix-1904.xlsx"))).unwrap();
    let range = wb.worksheet_range("Vaikutusmatriisi").unwrap();
    let serial = |row| match range.get_value((row, 4)) {
        Some(Data::DateTime(dt)) => dt.as_f64(),
        other => panic!("E{}: {other:?}", row + 1),
    };
    let epoch_1900 = date(1899, 12, 30);
    let as_1900 = |v: f64| epoch_1900 + chrono::Duration::days(v as i64);
    assert_eq!(as_1900(serial(1)), date(2021, 12, 31));
    assert_eq!(as_1900(serial(3)), date(2022, 3, 28));
}

#[test]
fn c28_thresholds_become_each_systems_own_bands() {
    let book = import(&fixture("C28-matrix-1904.xlsx")).unwrap();
    assert!(book.skipped.is_empty());
    let names: Vec<&str> = book.systems.iter().map(|s| s.system()).collect();
    assert_eq!(names, ["Ajanvaraus", "Sähköposti", "Potilastieto"]);
    let ajanvaraus = book.system("ajanvaraus").unwrap();
    assert_eq!(ajanvaraus.layout(), Layout::FlatList);
    assert_eq!(ajanvaraus.sheet(), "Vaikutusmatriisi");
    assert_eq!(ajanvaraus.band_limits(), [7, 500]);
    assert_eq!(ajanvaraus.valid_from(), Some(date(2026, 1, 1)));
    assert!(ajanvaraus.responses_given());
    assert_eq!(ajanvaraus.cells()[0].cell, "D2");
    // Two cells of a matrix are not a matrix: it takes completing.
    assert!(ajanvaraus.matrix().is_none());
    let (m, filled) = complete(ajanvaraus, &ImpactMatrix::organisation_default());
    assert_eq!(m.bands().lower_limits(), [1, 7, 500]);
    assert_eq!(filled.len(), 3 * 4 - 2);
    assert_eq!(filled.iter().filter(|f| f.added_band).count(), 4);
    assert_eq!(book.system("Sähköposti").unwrap().band_limits(), [1000]);
    assert_eq!(book.system("POTILASTIETO").unwrap().band_limits(), [50]);
}
