//! Workbooks written by LibreOffice Calc, which many municipalities use: a flat list typed
//! as CSV and saved as .xlsx (dates and times become Calc's own cells, "1 000" stays text),
//! and mim's own export opened and saved again by Calc (its styles, fills and number
//! formats instead of rust_xlsxwriter's). Committed fixtures cover both without LibreOffice;
//! the conversion tests run `soffice` itself, and fail when it is missing unless
//! MIM_SKIP_SOFFICE=1, because scripts/test installs it (libreoffice-calc-nogui).
// Helpers are test code too, where a panic is a failed test (clippy.toml allows unwrap
// in `#[test]` functions, not in their helpers).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use mim_domain::Language;
use mim_domain::impact::{Colour, ImpactMatrix, Severity, UserBands};
use mim_sheets::matrix::{ImportedBook, MatrixBook, SystemMatrix, SystemSheet, export, import};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

type Row = (
    String,
    u32,
    Severity,
    Colour,
    Option<NaiveDate>,
    Option<u32>,
);

fn rows(book: &ImportedBook) -> Vec<Row> {
    let mut rows: Vec<Row> = book
        .systems
        .iter()
        .flat_map(|s| {
            s.cells().iter().map(|c| {
                (
                    s.system().to_string(),
                    c.users_at_least,
                    c.severity,
                    c.colour,
                    c.valid_from,
                    c.response_minutes,
                )
            })
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    rows
}

/// The rows of `matrix-libreoffice-flat.csv`.
fn flat_expected() -> Vec<Row> {
    use Colour::*;
    use Severity::*;
    let d = NaiveDate::from_ymd_opt(2026, 3, 29);
    vec![
        ("Kassa".into(), 1, Minor, Green, d, Some(15)),
        ("Kassa".into(), 1, PreventsWork, Yellow, d, Some(90)),
        ("Kassa".into(), 100, DisruptsWork, Red, d, Some(45)),
        ("Kassa".into(), 1000, PreventsWork, Red, d, Some(720)),
        ("Lupapiste".into(), 1, Minor, Green, d, None),
        ("Lupapiste".into(), 250, DisruptsWork, Yellow, d, Some(120)),
    ]
}

/// The book whose Finnish export LibreOffice re-saved as `matrix-libreoffice-resaved.xlsx`.
fn resaved_book() -> MatrixBook {
    use Colour::{Green as G, Red as R, Yellow as Y};
    let kassa = SystemMatrix::new(
        ImpactMatrix::new(
            UserBands::new(vec![1, 20, 200]).unwrap(),
            vec![[G, G, Y, R], [G, Y, R, R], [Y, R, R, R]],
        )
        .unwrap(),
    )
    .with_valid_from(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap())
    .with_response(0, Severity::PreventsWork, 30)
    .and_then(|m| m.with_response(2, Severity::Minor, 240))
    .unwrap();
    let sheet = |id: &str, name: &str, matrix| SystemSheet {
        id: id.into(),
        name: name.into(),
        aliases: vec![],
        user_count: 300,
        owner: None,
        vendor: None,
        mim_contact: Some("Maija Meikäläinen".into()),
        criticality_notes: None,
        matrix,
        backup_arrangements: vec![],
    };
    MatrixBook {
        organisation: "Esimerkkilän kaupunki".into(),
        time_zone: "Europe/Helsinki".into(),
        mim_contact: None,
        default_matrix: ImpactMatrix::organisation_default(),
        systems: vec![
            sheet("kassa", "Kassa", kassa),
            sheet(
                "lupapiste",
                "Lupapiste",
                SystemMatrix::new(ImpactMatrix::organisation_default()),
            ),
        ],
    }
}

/// A grid coloured by fills alone (Excel's pale traffic-light fills), no words.
fn fill_only_grid() -> Vec<u8> {
    use rust_xlsxwriter::{Color, Format, FormatPattern, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Kirjasto").unwrap();
    ws.write_string(0, 0, "Käyttäjiä").unwrap();
    for (c, h) in ["vähäinen", "haittaava", "työtä häiritsevä", "työn estävä"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, 1 + c as u16, *h).unwrap();
    }
    let default = ImpactMatrix::organisation_default();
    for (i, label) in ["1–10", "11–50", "51–100", "≥ 101"].iter().enumerate() {
        ws.write_string(1 + i as u32, 0, *label).unwrap();
        for sev in Severity::ALL {
            let rgb = match default.rows()[i][sev.index()] {
                Colour::Green => 0xC6EFCE,
                Colour::Yellow => 0xFFEB9C,
                Colour::Red => 0xFFC7CE,
            };
            let fill = Format::new()
                .set_pattern(FormatPattern::Solid)
                .set_background_color(Color::RGB(rgb));
            ws.write_blank(1 + i as u32, 1 + sev.index() as u16, &fill)
                .unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn assert_same_matrices(imported: &ImportedBook, book: &MatrixBook) {
    assert_eq!(imported.systems.len(), book.systems.len());
    for s in &book.systems {
        let got = imported.system(&s.id).unwrap_or_else(|| panic!("{}", s.id));
        assert_eq!(got.system_matrix().as_ref(), Some(&s.matrix), "{}", s.id);
    }
}

#[test]
fn libreoffice_flat_list_fixture_reads() {
    let bytes = read(&fixtures().join("matrix-libreoffice-flat.xlsx"));
    let book = import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows(&book), flat_expected());
}

#[test]
fn libreoffice_resaved_export_fixture_reads_back_unchanged() {
    let bytes = read(&fixtures().join("matrix-libreoffice-resaved.xlsx"));
    let book = import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_same_matrices(&book, &resaved_book());
}

#[test]
fn libreoffice_fill_only_fixture_reads_by_its_fills() {
    let bytes = read(&fixtures().join("matrix-libreoffice-fills.xlsx"));
    let book = import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let kirjasto = book.system("Kirjasto").unwrap();
    assert_eq!(
        kirjasto.matrix(),
        Some(&ImpactMatrix::organisation_default())
    );
}

#[test]
fn libreoffice_fixtures_really_come_from_libreoffice() {
    use calamine::{Reader, Xlsx};
    for name in [
        "matrix-libreoffice-flat.xlsx",
        "matrix-libreoffice-resaved.xlsx",
        "matrix-libreoffice-fills.xlsx",
    ] {
        let bytes = read(&fixtures().join(name));
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let app = wb.workbook_properties().unwrap().application;
        assert!(
            app.as_deref().is_some_and(|a| a.contains("LibreOffice")),
            "{name}: {app:?}"
        );
    }
}

/// Runs `soffice --headless --convert-to xlsx`.
fn soffice_to_xlsx(input: &Path, infilter: Option<&str>) -> Option<Vec<u8>> {
    soffice_convert(input, infilter, "xlsx")
}

/// Runs `soffice --headless --convert-to <to>`, with a profile of its own so that parallel
/// runs do not wait on each other's lock; None when soffice is missing and the run allows it.
fn soffice_convert(input: &Path, infilter: Option<&str>, to: &str) -> Option<Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.path().display()
    ))
    .arg("--headless");
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    cmd.args(["--convert-to", to, "--outdir"])
        .arg(out.path())
        .arg(input);
    match cmd.output() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var("MIM_SKIP_SOFFICE").as_deref() == Ok("1") {
                eprintln!("soffice not found; skipped because MIM_SKIP_SOFFICE=1");
                return None;
            }
            panic!(
                "soffice (LibreOffice) is not on PATH: run scripts/test, which installs \
                 libreoffice-calc-nogui, or set MIM_SKIP_SOFFICE=1 to skip this test"
            );
        }
        Err(e) => panic!("soffice: {e}"),
        Ok(o) => assert!(
            o.status.success(),
            "soffice failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
    }
    let stem = input.file_stem().unwrap().to_string_lossy().to_string();
    Some(read(&out.path().join(format!("{stem}.{to}"))))
}

#[test]
fn soffice_converts_a_csv_flat_list_that_imports() {
    let Some(bytes) = soffice_to_xlsx(
        &fixtures().join("matrix-libreoffice-flat.csv"),
        Some("CSV:44,34,76,1"),
    ) else {
        return;
    };
    let book = import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows(&book), flat_expected());
}

#[test]
fn soffice_resaves_an_export_that_reads_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    for lang in Language::ALL {
        let src = dir.path().join(format!("export-{lang}.xlsx"));
        std::fs::write(&src, export(&resaved_book(), lang).unwrap()).unwrap();
        let resaved_dir = tempfile::tempdir().unwrap();
        // Converting into a different name keeps the source and the result apart.
        let renamed = resaved_dir.path().join(format!("source-{lang}.xlsx"));
        std::fs::copy(&src, &renamed).unwrap();
        let Some(bytes) = soffice_to_xlsx(&renamed, None) else {
            return;
        };
        let book = import(&bytes).unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert_same_matrices(&book, &resaved_book());
    }
}

#[test]
fn soffice_resaves_a_fill_only_grid_that_reads_by_its_fills() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("fills.xlsx");
    std::fs::write(&src, fill_only_grid()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let renamed = out.path().join("fills-source.xlsx");
    std::fs::copy(&src, &renamed).unwrap();
    let Some(bytes) = soffice_to_xlsx(&renamed, None) else {
        return;
    };
    let book = import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let kirjasto = book.system("Kirjasto").unwrap();
    assert_eq!(
        kirjasto.matrix(),
        Some(&ImpactMatrix::organisation_default())
    );
}

/// Calc's own format is read too: the same list saved as .ods gives the same rows.
#[test]
fn soffice_converts_a_csv_flat_list_to_ods_that_imports() {
    let Some(bytes) = soffice_convert(
        &fixtures().join("matrix-libreoffice-flat.csv"),
        Some("CSV:44,34,76,1"),
        "ods",
    ) else {
        return;
    };
    let book = import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows(&book), flat_expected());
}
