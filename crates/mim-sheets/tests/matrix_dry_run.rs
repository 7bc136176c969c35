//! The dry run before an import is applied: a partial list is completed from a base matrix
//! with every filled-in cell reported, and `diff` lists what would change against the
//! matrices in use — colours by the users they affect, band limits, valid-from dates and
//! response times — and nothing at all for a workbook exported and re-imported as it is.
// Helpers are test code too, where a panic is a failed test (clippy.toml allows unwrap
// in `#[test]` functions, not in their helpers).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use mim_domain::Language;
use mim_domain::impact::{Colour, ImpactMatrix, Severity, UserBands};
use mim_sheets::matrix::{
    ColourChange, FilledCell, MatrixBook, SystemMatrix, SystemSheet, complete, diff, export, import,
};
use std::collections::BTreeMap;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn completing_a_partial_list_reports_every_filled_cell() {
    use Colour::*;
    use Severity::*;
    let book = import(&fixture("C28-matrix-1900.xlsx")).unwrap();
    let ajanvaraus = book.system("ajanvaraus").unwrap();
    let base = ImpactMatrix::organisation_default();
    let (m, filled) = complete(ajanvaraus, &base);
    // The file's thresholds 7 and 500, and a band from 1 added below them.
    assert_eq!(m.bands(), &UserBands::new(vec![1, 7, 500]).unwrap());
    // Given: 7+ prevents work red, 500+ disrupts work yellow. Filled from the default at
    // each band's lower limit: 1 → row 1–10, 7 → row 1–10, 500 → row 101+.
    assert_eq!(
        m.rows(),
        [
            [Green, Green, Green, Yellow],
            [Green, Green, Green, Red],
            [Yellow, Red, Yellow, Red],
        ]
    );
    let f = |users, severity, colour, added_band| FilledCell {
        users_at_least: users,
        severity,
        colour,
        response_minutes: None,
        added_band,
    };
    assert_eq!(
        filled,
        vec![
            f(1, Minor, Green, true),
            f(1, Inconvenient, Green, true),
            f(1, DisruptsWork, Green, true),
            f(1, PreventsWork, Yellow, true),
            f(7, Minor, Green, false),
            f(7, Inconvenient, Green, false),
            f(7, DisruptsWork, Green, false),
            f(500, Minor, Yellow, false),
            f(500, Inconvenient, Red, false),
            f(500, PreventsWork, Red, false),
        ]
    );
}

#[test]
fn diff_lists_colour_band_valid_from_and_response_changes() {
    use Colour::*;
    use Severity::*;
    let book = import(&fixture("C28-matrix-1904.xlsx")).unwrap();
    let current = BTreeMap::from([(
        "AJANVARAUS".to_string(),
        SystemMatrix::new(ImpactMatrix::organisation_default()),
    )]);
    let changes = diff(&book, &current, &ImpactMatrix::organisation_default());
    assert_eq!(changes.len(), 3);
    let a = &changes[0];
    assert_eq!(a.system, "Ajanvaraus");
    assert_eq!(a.matched.as_deref(), Some("AJANVARAUS"));
    assert_eq!(a.band_limits, Some((vec![1, 11, 51, 101], vec![1, 7, 500])));
    assert_eq!(
        a.valid_from,
        Some((None, NaiveDate::from_ymd_opt(2026, 1, 1)))
    );
    let c = |users_from, users_to, severity, from, to| ColourChange {
        users_from,
        users_to,
        severity,
        from,
        to,
    };
    // Missing cells keep the current colours; what changes is what the two given cells
    // and the new band limits decide.
    assert_eq!(
        a.colours,
        vec![
            c(7, Some(10), PreventsWork, Yellow, Red),
            c(11, Some(50), DisruptsWork, Yellow, Green),
            c(51, Some(100), Inconvenient, Yellow, Green),
            c(51, Some(100), DisruptsWork, Red, Green),
            c(101, Some(499), Minor, Yellow, Green),
            c(101, Some(499), Inconvenient, Red, Green),
            c(101, Some(499), DisruptsWork, Red, Green),
            c(500, None, DisruptsWork, Red, Yellow),
        ]
    );
    // 15 min at 7+ users covers what are four bands now; 60 min at 500+ one.
    let responses: Vec<(u32, Severity, Option<u32>, Option<u32>)> = a
        .response_times
        .iter()
        .map(|r| (r.users_from, r.severity, r.from, r.to))
        .collect();
    assert_eq!(
        responses,
        [
            (7, PreventsWork, None, Some(15)),
            (11, PreventsWork, None, Some(15)),
            (51, PreventsWork, None, Some(15)),
            (101, PreventsWork, None, Some(15)),
            (500, DisruptsWork, None, Some(60)),
        ]
    );
    assert_eq!(a.filled.len(), 10);
    assert!(!a.is_unchanged());
    // Systems mim does not have yet are compared with the default and say so.
    assert!(changes[1].matched.is_none());
    assert_eq!(changes[1].system, "Sähköposti");
}

#[test]
fn reimporting_an_export_changes_nothing() {
    use Colour::{Green as G, Red as R, Yellow as Y};
    let own = SystemMatrix::new(
        ImpactMatrix::new(
            UserBands::new(vec![1, 50, 500]).unwrap(),
            vec![[G, G, Y, Y], [G, Y, Y, R], [Y, Y, R, R]],
        )
        .unwrap(),
    )
    .with_valid_from(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap())
    .with_response(1, Severity::PreventsWork, 20)
    .unwrap();
    let sheet = |id: &str, matrix: SystemMatrix| SystemSheet {
        id: id.into(),
        name: id.to_uppercase(),
        aliases: vec![],
        user_count: 10,
        owner: None,
        vendor: None,
        mim_contact: None,
        criticality_notes: None,
        matrix,
        backup_arrangements: vec![],
    };
    let book = MatrixBook {
        organisation: "Esimerkkilä".into(),
        time_zone: "Europe/Helsinki".into(),
        mim_contact: None,
        default_matrix: ImpactMatrix::organisation_default(),
        systems: vec![
            sheet("arkisto", own.clone()),
            sheet(
                "kuntaverkko",
                SystemMatrix::new(ImpactMatrix::organisation_default()),
            ),
        ],
    };
    let current: BTreeMap<String, SystemMatrix> = book
        .systems
        .iter()
        .map(|s| (s.id.clone(), s.matrix.clone()))
        .collect();
    for lang in Language::ALL {
        let imported = import(&export(&book, lang).unwrap()).unwrap();
        let changes = diff(&imported, &current, &book.default_matrix);
        assert_eq!(changes.len(), 2);
        for c in &changes {
            assert!(c.is_unchanged(), "{lang}: {c:?}");
            assert!(c.filled.is_empty());
            assert_eq!(Some(&c.after), current.get(&c.system));
        }
    }
}
