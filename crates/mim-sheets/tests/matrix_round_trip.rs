//! Export, then import: the workbook mim writes must read back to the very same matrices,
//! bands, valid-from dates and response times, in each of the three languages; and every
//! matrix cell must carry its colour word as well as a fill, read here with calamine
//! independently of the import.
// Helpers are test code too, where a panic is a failed test (clippy.toml allows unwrap
// in `#[test]` functions, not in their helpers).
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use mim_domain::Language;
use mim_domain::impact::{Colour, ImpactMatrix, Severity, UserBands};
use mim_domain::register::{BackupArrangement, BackupDecider, Contact};
use mim_sheets::matrix::{
    Layout, MatrixBook, SkipReason, SystemMatrix, SystemSheet, VendorDetails, export, import,
};
use std::collections::BTreeMap;
use std::io::Cursor;

fn system(id: &str, name: &str, matrix: SystemMatrix) -> SystemSheet {
    SystemSheet {
        id: id.into(),
        name: name.into(),
        aliases: vec![],
        user_count: 1200,
        owner: None,
        vendor: None,
        mim_contact: None,
        criticality_notes: None,
        matrix,
        backup_arrangements: vec![],
    }
}

fn book() -> MatrixBook {
    use Colour::{Green as G, Red as R, Yellow as Y};
    use Severity::*;
    let wilma = SystemMatrix::new(ImpactMatrix::organisation_default())
        .with_valid_from(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        .with_response(2, PreventsWork, 15)
        .and_then(|m| m.with_response(3, DisruptsWork, 30))
        .and_then(|m| m.with_response(0, PreventsWork, 720))
        .unwrap();
    let potilas = SystemMatrix::new(
        ImpactMatrix::new(
            UserBands::new(vec![1, 50, 500]).unwrap(),
            vec![[G, G, Y, Y], [G, Y, Y, R], [Y, Y, R, R]],
        )
        .unwrap(),
    )
    .with_valid_from(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    let many = SystemMatrix::new(
        ImpactMatrix::new(
            UserBands::new(vec![1, 5, 20, 100, 1000, 10_000]).unwrap(),
            vec![
                [G, G, G, G],
                [G, G, G, Y],
                [G, G, Y, R],
                [G, Y, R, R],
                [Y, R, R, R],
                [R, R, R, R],
            ],
        )
        .unwrap(),
    )
    .with_response(5, Minor, 1439)
    .unwrap();
    let single = SystemMatrix::new(
        ImpactMatrix::new(UserBands::new(vec![1]).unwrap(), vec![[G, Y, R, R]]).unwrap(),
    );

    let mut wilma_sheet = system("wilma", "Wilma", wilma);
    wilma_sheet.aliases = vec!["oppilashallinto".into(), "Wilma-mobiili".into()];
    wilma_sheet.owner = Some("Sivistystoimi".into());
    wilma_sheet.vendor = Some(VendorDetails {
        name: "Visma".into(),
        contact: Contact {
            name: "Päivystys".into(),
            phone: Some("+358 40 000 0000".into()),
            email: Some("tuki@example.invalid".into()),
            ..Default::default()
        },
    });
    wilma_sheet.mim_contact = Some("Maija Meikäläinen".into());
    wilma_sheet.criticality_notes = Some("Koulupäivinä 7–16 kriittinen.".into());
    wilma_sheet.backup_arrangements = vec![BackupArrangement {
        id: "paperi".into(),
        name: "Paperilomakkeet".into(),
        description: "Poissaolot kirjataan paperille ja viedään järjestelmään jälkikäteen.".into(),
        decided_by: BackupDecider::ItManagement,
        cost_or_risk: Some("Kirjausviive".into()),
        ..Default::default()
    }];
    MatrixBook {
        organisation: "Esimerkkilän kaupunki".into(),
        time_zone: "Europe/Helsinki".into(),
        mim_contact: Some("Matti Virtanen".into()),
        default_matrix: ImpactMatrix::organisation_default(),
        systems: vec![
            wilma_sheet,
            system("potilastieto", "Potilastietojärjestelmä", potilas),
            system(
                "ajanvaraus",
                "Ajanvaraus/Asiointi: [uusi]* sähköinen palvelu kuntalaisille",
                many,
            ),
            // Same name as another but for case: the sheet names must still differ.
            system("wilma-vanha", "WILMA", single.clone()),
            // User text must stay text, never become a formula.
            system(
                "=cmd|' /C calc'!A0",
                "=HYPERLINK(\"http://x.invalid\")",
                single,
            ),
        ],
    }
}

fn colour_words(lang: Language) -> [&'static str; 3] {
    match lang {
        Language::Fi => ["vihreä", "keltainen", "punainen"],
        Language::Sv => ["grön", "gul", "röd"],
        Language::En => ["green", "yellow", "red"],
    }
}

fn round_trip(lang: Language) {
    let book = book();
    let bytes = export(&book, lang).unwrap();
    let imported = import(&bytes).unwrap_or_else(|e| panic!("{lang}: {e}"));
    assert_eq!(imported.systems.len(), book.systems.len(), "{lang}");
    for s in &book.systems {
        let got = imported
            .system(&s.id)
            .unwrap_or_else(|| panic!("{lang}: {} not imported", s.id));
        assert_eq!(got.system(), s.id, "{lang}: named by its id");
        assert_eq!(got.layout(), Layout::Grid);
        assert!(got.other_names().iter().any(|n| n == &s.name) || got.sheet() == s.name);
        assert_eq!(
            got.band_limits(),
            s.matrix.matrix.bands().lower_limits(),
            "{lang} {}",
            s.id
        );
        assert_eq!(got.valid_from(), s.matrix.valid_from, "{lang} {}", s.id);
        assert_eq!(got.matrix(), Some(&s.matrix.matrix), "{lang} {}", s.id);
        assert_eq!(
            got.system_matrix().as_ref(),
            Some(&s.matrix),
            "{lang} {}",
            s.id
        );
    }
    let skipped: BTreeMap<&str, SkipReason> = imported
        .skipped
        .iter()
        .map(|s| (s.sheet.as_str(), s.reason))
        .collect();
    assert_eq!(skipped.len(), 2, "{lang}: {skipped:?}");
    assert!(skipped.values().any(|r| *r == SkipReason::Template));
    assert!(skipped.values().any(|r| *r == SkipReason::NoMatrix));
}

#[test]
fn export_then_import_gives_the_same_matrices_in_finnish() {
    round_trip(Language::Fi);
}

#[test]
fn export_then_import_gives_the_same_matrices_in_swedish() {
    round_trip(Language::Sv);
}

#[test]
fn export_then_import_gives_the_same_matrices_in_english() {
    round_trip(Language::En);
}

#[test]
fn every_grid_cell_carries_its_word_and_a_fill() {
    for lang in Language::ALL {
        let book = book();
        let bytes = export(&book, lang).unwrap();
        let imported = import(&bytes).unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let words = colour_words(lang);
        let mut checked = 0;
        for s in &book.systems {
            let got = imported.system(&s.id).unwrap();
            let range = wb.worksheet_range(got.sheet()).unwrap();
            let styles = wb.worksheet_style(got.sheet()).unwrap();
            // The grid's position comes from the import; its content is checked here.
            let first = &got.cells()[0].cell;
            let (row0, col0) = (
                first[1..].parse::<u32>().unwrap() - 1,
                u32::from(first.as_bytes()[0] - b'A'),
            );
            for (band, colours) in s.matrix.matrix.rows().iter().enumerate() {
                for sev in Severity::ALL {
                    let pos = (row0 + band as u32, col0 + sev.index() as u32);
                    let want = colours[sev.index()];
                    let word = words[Colour::ALL.iter().position(|c| *c == want).unwrap()];
                    assert_eq!(
                        range.get_value(pos),
                        Some(&Data::String(word.into())),
                        "{lang} {} {pos:?}",
                        s.id
                    );
                    let fill = styles
                        .get(pos)
                        .and_then(|st| st.fill.clone())
                        .unwrap_or_else(|| panic!("{lang} {} {pos:?}: no fill", s.id));
                    assert!(fill.is_visible(), "{lang} {pos:?}");
                    let rgb = fill.get_color().unwrap();
                    let (r, g, b) = (rgb.red, rgb.green, rgb.blue);
                    let ok = match want {
                        Colour::Green => g > r && g > b,
                        Colour::Yellow => r > 200 && g > 180 && b < 150,
                        Colour::Red => r > g + 60 && r > b + 60,
                    };
                    assert!(ok, "{lang} {pos:?}: {want:?} filled {r:02X}{g:02X}{b:02X}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, (4 + 3 + 6 + 1 + 1) * 4);
    }
}

#[test]
fn user_text_is_never_a_formula_and_sheet_names_are_legal() {
    let bytes = export(&book(), Language::Fi).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 2 + 5);
    assert_eq!(names[0], "Ohjeet");
    assert_eq!(names[names.len() - 1], "Uusi järjestelmä");
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    for (i, n) in names.iter().enumerate() {
        assert!(n.encode_utf16().count() <= 31, "{n}");
        assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        assert!(!lower[..i].contains(&lower[i]), "{n} twice");
    }
    for n in &names {
        let formulas = wb.worksheet_formula(n).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{n} has a formula"
        );
    }
    let imported = import(&bytes).unwrap();
    let evil = imported.system("=cmd|' /C calc'!A0").unwrap();
    let range = wb.worksheet_range(evil.sheet()).unwrap();
    assert!(
        range
            .used_cells()
            .any(|(_, _, v)| { *v == Data::String("=HYPERLINK(\"http://x.invalid\")".into()) })
    );
}

#[test]
fn the_sheet_shows_legend_contact_details_and_backups() {
    let bytes = export(&book(), Language::Fi).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("Wilma").unwrap();
    let texts: Vec<String> = range
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    assert!(has("Vaikuttavuusmatriisi – Wilma"));
    assert!(has("soita MIM-yhteyshenkilölle (Maija Meikäläinen)"));
    assert!(has("normaali häiriöprosessi"));
    assert!(has("MIM:n käynnistäminen"));
    assert!(has("oppilashallinto, Wilma-mobiili"));
    assert!(has("Päivystys, +358 40 000 0000, tuki@example.invalid"));
    assert!(has("Paperilomakkeet"));
    assert!(has("tietohallinto"));
    assert!(has("Koulupäivinä 7–16 kriittinen."));
    for label in ["1–10", "11–50", "51–100", "≥ 101"] {
        assert!(texts.iter().any(|t| t == label), "{label}");
    }
    // A system without its own contact names the organisation's.
    let range = wb.worksheet_range("Potilastietojärjestelmä").unwrap();
    assert!(range.used_cells().any(|(_, _, v)| matches!(
        v, Data::String(s) if s.contains("(Matti Virtanen)")
    )));
}

#[test]
fn a_copied_template_with_a_name_becomes_a_new_system() {
    // What the instructions tell people to do, done with the bytes: the template sheet with
    // a system name written in becomes a system with the default matrix.
    let bytes = export(&book(), Language::En).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("New system").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("Kirjasto").unwrap();
    for (r, c, v) in range.used_cells() {
        let (r, c) = (r as u32, c as u16);
        match v {
            Data::String(s) => ws.write_string(r, c, s).map(|_| ()).unwrap(),
            Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()).unwrap(),
            _ => {}
        }
    }
    let name_row = range
        .used_cells()
        .find(|(_, c, v)| *c == 0 && **v == Data::String("System".into()))
        .map(|(r, _, _)| r as u32)
        .unwrap();
    ws.write_string(name_row, 1, "Kirjastojärjestelmä").unwrap();
    let imported = import(&out.save_to_buffer().unwrap()).unwrap();
    let lib = imported.system("Kirjastojärjestelmä").unwrap();
    assert_eq!(lib.matrix(), Some(&ImpactMatrix::organisation_default()));
    assert_eq!(lib.other_names(), ["Kirjasto"]);
}

#[test]
fn the_register_exports_with_each_systems_matrix_in_use() {
    use mim_domain::register::{CriticalSystem, Organisation, Vendor};
    let mut org = Organisation::new("Esimerkkilän kaupunki");
    org.mim_contact =
        serde_json::from_str(r#"{"user": "matti", "name": "Matti Virtanen"}"#).unwrap();
    let own = ImpactMatrix::new(
        UserBands::new(vec![1, 100]).unwrap(),
        vec![[Colour::Green; 4], [Colour::Red; 4]],
    )
    .unwrap();
    let systems: Vec<CriticalSystem> = serde_json::from_value(serde_json::json!([
        {"id": "wilma", "name": "Wilma", "user_count": 3000, "vendor": "visma",
         "mim_contact": {"user": "maija", "name": "Maija Meikäläinen"}, "matrix": own},
        {"id": "kassa", "name": "Kassa", "user_count": 40},
    ]))
    .unwrap();
    let vendors: Vec<Vendor> = serde_json::from_value(serde_json::json!([
        {"id": "visma", "name": "Visma", "contact": {"name": "Päivystys", "phone": "+358 1"}}
    ]))
    .unwrap();
    let book = MatrixBook::from_register(&org, &systems, &vendors);
    assert_eq!(book.time_zone, "Europe/Helsinki");
    assert_eq!(book.systems[0].matrix.matrix, own);
    assert_eq!(book.systems[0].vendor.as_ref().unwrap().name, "Visma");
    assert_eq!(
        book.systems[0].mim_contact.as_deref(),
        Some("Maija Meikäläinen")
    );
    assert_eq!(
        book.systems[1].matrix.matrix,
        ImpactMatrix::organisation_default()
    );
    assert_eq!(
        book.systems[1].mim_contact.as_deref(),
        Some("Matti Virtanen")
    );
    let imported = import(&export(&book, Language::Fi).unwrap()).unwrap();
    assert_eq!(imported.system("wilma").unwrap().matrix(), Some(&own));
    assert_eq!(imported.system("Kassa").unwrap().system(), "kassa");
}
