//! The title page's facts, the table of contents and the register versions the document
//! reflects: a printed plan must say how current it is.

use super::Words;
use super::doc::{Block, Cell, Field, Section, SystemDoc, TocEntry};
use mim_app::plan::PreparednessPlan;
use mim_app::register::Versioned;

pub(super) fn front(w: &Words<'_>, plan: &PreparednessPlan) -> Vec<Field> {
    let org = &plan.organisation.document;
    let languages: Vec<String> = org.languages.iter().map(|l| w.language(*l)).collect();
    let field = |key: &str, value: Cell| Field {
        label: w.t(key),
        value,
    };
    vec![
        field("label-organisation", Cell::text(org.name.clone())),
        field("plan-date", Cell::text(w.time(plan.generated_at))),
        field(
            "plan-register",
            Cell::text(w.t_n(
                "plan-register-summary",
                "systems",
                i64::try_from(plan.systems.len()).unwrap_or(i64::MAX),
            )),
        ),
        field(
            "plan-organisation-version",
            Cell::text(version(w, &plan.organisation)),
        ),
        field("plan-languages", Cell::text(languages.join(", "))),
        field("label-time-zone", Cell::text(org.time_zone.name())),
    ]
}

/// "3 (10.02.2026 09:00 EET, Jukka Nieminen)", or the built-in defaults' note.
fn version<T>(w: &Words<'_>, v: &Versioned<T>) -> String {
    match &v.changed {
        None => w.t("plan-version-defaults"),
        Some(c) => {
            let by = c.by_name.clone().unwrap_or_else(|| c.by.to_string());
            format!("{} ({}, {by})", v.version, w.time(c.at))
        }
    }
}

pub(super) fn versions(w: &Words<'_>, plan: &PreparednessPlan) -> Section {
    let mut rows = vec![vec![
        Cell::text(w.t("plan-doc-organisation")),
        Cell::text(version(w, &plan.organisation)),
    ]];
    for s in &plan.systems {
        rows.push(vec![
            Cell::text(format!(
                "{}: {}",
                w.t("label-system"),
                s.system.document.name
            )),
            Cell::text(version(w, &s.system)),
        ]);
    }
    let mut seen = Vec::new();
    for v in plan.systems.iter().filter_map(|s| s.vendor.as_ref()) {
        if seen.contains(&&v.document.id) {
            continue;
        }
        seen.push(&v.document.id);
        rows.push(vec![
            Cell::text(format!("{}: {}", w.t("label-vendor"), v.document.name)),
            Cell::text(version(w, v)),
        ]);
    }
    Section {
        anchor: "register-versions".into(),
        number: "2".into(),
        heading: w.t("plan-versions"),
        blocks: vec![
            Block::Text {
                text: w.t("plan-versions-intro"),
            },
            Block::Table {
                columns: vec![w.t("plan-col-document"), w.t("plan-col-version")],
                rows,
            },
        ],
    }
}

pub(super) fn toc(
    w: &Words<'_>,
    sections: &[Section],
    systems_number: &str,
    systems: &[SystemDoc],
) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = sections
        .iter()
        .map(|s| TocEntry {
            anchor: s.anchor.clone(),
            number: s.number.clone(),
            label: s.heading.clone(),
            level: 1,
        })
        .collect();
    toc.push(TocEntry {
        anchor: "systems".into(),
        number: systems_number.to_owned(),
        label: w.t("plan-systems"),
        level: 1,
    });
    toc.extend(systems.iter().map(|s| TocEntry {
        anchor: s.anchor.clone(),
        number: s.number.clone(),
        label: s.name.clone(),
        level: 2,
    }));
    toc
}
