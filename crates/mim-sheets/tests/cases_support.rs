//! Shared by the case-export tests (`#[path]`-included): the fixtures as export rows and
//! domain events, the interface catalogue's words read from mim-web's `.ftl` files, and a
//! workbook read back with calamine.
// Each test file uses some of these, and they are test code, where a panic is a failed test
// (clippy.toml allows unwrap in `#[test]` functions, not in their helpers).
#![allow(dead_code, clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{Europe::Helsinki, Tz};
use mim_domain::Language;
use mim_domain::case::{Actor, CaseEvent, RecordedEvent};
use mim_domain::impact::Colour;
use mim_sheets::cases::CaseExportRow;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A local `YYYY-MM-DD HH:MM` in `tz` (unambiguous in the fixtures that use it).
pub fn local(s: &str, tz: Tz) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    tz.from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| panic!("{s} is ambiguous or missing in {tz}"))
        .with_timezone(&Utc)
}

pub fn fi_colour(word: &str) -> Colour {
    match word {
        "vihreä" => Colour::Green,
        "keltainen" => Colour::Yellow,
        "punainen" => Colour::Red,
        other => panic!("{other} is not a colour"),
    }
}

/// C27's source as export rows: the UTC instants where given, else the local strings read
/// in Europe/Helsinki.
pub fn c27_rows() -> Vec<CaseExportRow> {
    let source = fixture_json("C27-export-source.json");
    source
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_owned();
            let instant = |utc_key: &str, local_key: &str| match c.get(utc_key) {
                Some(v) => utc(v.as_str().unwrap()),
                None => local(&s(local_key), Helsinki),
            };
            CaseExportRow {
                id: s("id"),
                system: s("system"),
                title: s("title"),
                impact: Some(fi_colour(&s("impact"))),
                affected_users: Some(u32::try_from(c["users"].as_u64().unwrap()).unwrap()),
                start: instant("start_utc", "start"),
                end: Some(instant("end_utc", "end")),
            }
        })
        .collect()
}

/// C17's events as domain events, in insertion order, each kind as the closest case event.
pub fn c17_events() -> Vec<RecordedEvent> {
    let source = fixture_json("C17-timeline-events.json");
    source["events_in_insertion_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = e["text"].as_str().unwrap().to_owned();
            let event = match e["kind"].as_str().unwrap() {
                "alert_received" => {
                    CaseEvent::alert_firing("instance-down-app01", "InstanceDown", text)
                }
                "incident_declared" => CaseEvent::CriticalityDecided {
                    start_mim: true,
                    colour: Colour::Red,
                    departs_from_matrix: false,
                    reason: Some(text),
                },
                "communication" => serde_json::from_value(serde_json::json!({
                    "type": "communication_recorded", "kind": "first_notice",
                    "audience": "loppukäyttäjät", "channel": "intranet", "text": text,
                    "next_update_at": "2026-02-10T08:30:00Z"
                }))
                .unwrap(),
                "vendor_escalation" => CaseEvent::VendorEscalated {
                    to: "Toimittaja X".into(),
                    note: Some(text),
                },
                "phone_report" => {
                    CaseEvent::report_received(mim_domain::case::ReportChannel::Phone, text, None)
                }
                "resolved" => CaseEvent::FixReported { text },
                "note" | "note_backfilled" => CaseEvent::NoteAdded { text },
                other => panic!("unknown kind {other}"),
            };
            let seq = e["seq"].as_u64().unwrap();
            RecordedEvent {
                seq,
                version: seq,
                occurred_at: utc(e["occurred_at"].as_str().unwrap()),
                recorded_at: utc(e["recorded_at"].as_str().unwrap()),
                actor: person("Päivi Päivystäjä", "service_desk"),
                event,
            }
        })
        .collect()
}

pub fn person(name: &str, role: &str) -> Actor {
    let user: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' | 'å' => 'a',
            'ö' => 'o',
            ' ' => '.',
            c => c,
        })
        .collect();
    serde_json::from_value(serde_json::json!({
        "kind": "person", "user": user, "name": name, "role": role
    }))
    .unwrap()
}

/// The interface catalogue of mim-web, one language: `key = value` lines.
pub struct Catalogue(HashMap<String, String>);

impl Catalogue {
    pub fn load(lang: Language) -> Catalogue {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../mim-web/i18n")
            .join(format!("{}.ftl", lang.code()));
        let text = std::fs::read_to_string(&path).unwrap();
        Catalogue(
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once(" = "))
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// As mim-web's catalogue answers: the text, or the key itself when it has none.
    pub fn t(&self, key: &str) -> String {
        self.get(key).map_or_else(|| key.to_owned(), str::to_owned)
    }
}

/// Every sheet of a workbook, read back as calamine sees it.
pub fn read_workbook(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            assert_eq!(range.start(), Some((0, 0)), "sheet {name} starts at A1");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// Whether any cell of the workbook holds a formula.
pub fn has_formulas(bytes: &[u8]) -> bool {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    wb.sheet_names().into_iter().any(|name| {
        wb.worksheet_formula(&name)
            .unwrap()
            .used_cells()
            .any(|(_, _, f)| !f.is_empty())
    })
}

pub fn sheet<'a>(sheets: &'a [(String, Vec<Vec<Data>>)], name: &str) -> &'a [Vec<Data>] {
    &sheets
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

pub fn text(cell: &Data) -> &str {
    match cell {
        Data::String(s) => s,
        Data::Empty => "",
        other => panic!("{other:?} is not text"),
    }
}

pub fn local_hhmm(cell: &Data) -> String {
    match cell {
        Data::DateTime(d) => d.as_datetime().unwrap().format("%H:%M").to_string(),
        other => panic!("{other:?} is not a date-time"),
    }
}

pub fn local_datetime(cell: &Data) -> String {
    match cell {
        Data::DateTime(d) => d
            .as_datetime()
            .unwrap()
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        other => panic!("{other:?} is not a date-time"),
    }
}

pub fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{other:?} is not a number"),
    }
}
