//! The case workbook opened and saved again by LibreOffice Calc: a file Calc has to repair or
//! cut would not come back with its long text whole (case C30), its timeline in order (C17)
//! and its numbers and date-times as such. Runs `soffice`, and fails when it is missing
//! unless MIM_SKIP_SOFFICE=1, as the matrix's LibreOffice tests do.

#[path = "cases_support.rs"]
mod support;

use chrono_tz::Europe::Helsinki;
use mim_domain::Language;
use mim_domain::case::timeline;
use mim_sheets::cases::{
    CaseExport, LabelledText, TimelineRow, case_workbook, normalise_line_breaks,
};
use std::path::Path;
use std::process::Command;
use support::{
    Catalogue, c17_events, c27_rows, fixture, local_datetime, local_hhmm, number, read_workbook,
    sheet, text,
};

fn soffice_resave(bytes: &[u8]) -> Option<Vec<u8>> {
    let input = tempfile::tempdir().expect("a temporary directory");
    let out = tempfile::tempdir().expect("a temporary directory");
    let profile = tempfile::tempdir().expect("a temporary directory");
    let source = input.path().join("cases.xlsx");
    std::fs::write(&source, bytes).expect("the workbook is written");
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(out.path())
        .arg(&source)
        .output();
    match run {
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
    let resaved = out.path().join("cases.xlsx");
    Some(std::fs::read(Path::new(&resaved)).expect("soffice wrote the workbook"))
}

#[test]
fn calc_reopens_the_long_text_timeline_and_numbers_intact() {
    let raw = String::from_utf8(fixture("C30-long-pir-text.txt")).expect("C30 is UTF-8");
    let narrative = normalise_line_breaks(&raw).into_owned();
    let words = Catalogue::load(Language::Fi);
    let lookup = |k: &str| words.t(k);
    let mut row = c27_rows().remove(2);
    row.id = "MIM-2026-0030".into();
    let case = CaseExport {
        row,
        fields: vec![LabelledText::new("Läpikävely", raw)],
        timeline: timeline(&c17_events())
            .iter()
            .map(|e| TimelineRow::from_entry(e, Helsinki, Language::Fi, &lookup))
            .collect(),
    };
    let bytes = case_workbook(&[case], Helsinki, Language::Fi).expect("the workbook");
    let Some(resaved) = soffice_resave(&bytes) else {
        return;
    };
    let sheets = read_workbook(&resaved);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["Tapaukset", "MIM-2026-0030", "Jatko"]);

    let cases = sheet(&sheets, "Tapaukset");
    let marker = "… (jatkuu: Jatko!C2)";
    let first = text(&cases[1][8]);
    assert!(first.ends_with(marker));
    let rest = text(&sheet(&sheets, "Jatko")[1][2]);
    assert_eq!(
        format!("{}{rest}", first.strip_suffix(marker).expect("marked")),
        narrative
    );
    assert_eq!(text(&cases[1][2]), "Rivi 1\nRivi 2");
    assert_eq!(number(&cases[1][5]), 13.0);
    assert_eq!(local_datetime(&cases[1][6]), "2026-10-25 02:30");

    let timeline = sheet(&sheets, "MIM-2026-0030");
    let order: Vec<u64> = timeline[1..].iter().map(|r| number(&r[0]) as u64).collect();
    assert_eq!(order, vec![5, 6, 1, 2, 3, 4, 8, 7]);
    let times: Vec<String> = timeline[1..].iter().map(|r| local_hhmm(&r[1])).collect();
    assert_eq!(
        times,
        vec![
            "09:05", "09:10", "09:15", "09:15", "09:30", "09:40", "09:40", "10:02"
        ]
    );
    assert_eq!(text(&timeline[1][5]), "lisätty jälkikäteen");
}
