//! `CaseExport::from_form`: a domain case's MIM form as an export, with the interface
//! catalogue's words, its start and end as the export defines them, and C30's narrative as a
//! walk-through finding going through the workbook intact.

#[path = "cases_support.rs"]
mod support;

use calamine::Data;
use chrono::Duration;
use chrono_tz::Europe::Helsinki;
use mim_domain::case::{Case, CaseEvent, MimForm, RecordedEvent};
use mim_domain::impact::{Colour, ImpactMatrix};
use mim_domain::{CaseId, Language};
use mim_sheets::cases::{CELL_LIMIT, CaseExport, case_workbook, normalise_line_breaks};
use serde_json::{Value, json};
use std::cell::RefCell;
use support::{Catalogue, fixture, person, read_workbook, sheet, text, utc};

fn event(v: Value) -> CaseEvent {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn system() -> Value {
    json!({"id": "ajanvaraus", "name": "Ajanvaraus", "vendor": "toimittaja-x", "vendor_name": "Toimittaja X Oy"})
}

fn opened() -> CaseEvent {
    event(
        json!({"type": "opened", "title": "Ajanvaraus ei aukea", "description": "Kaikki toimipisteet",
        "system": system(), "exercise": false,
        "mim_contact": {"user": "mika", "name": "Mika Yhteys"}, "mim_contact_deputy": null,
        "recurrence_of": null}),
    )
}

fn matrix() -> Value {
    json!({"source": {"kind": "organisation_default"}, "version": null,
        "matrix": serde_json::to_value(ImpactMatrix::organisation_default()).expect("a matrix is JSON")})
}

/// Events at minutes after 07:00Z; a negative minute is before the case opened.
fn log(events: Vec<(i64, CaseEvent)>) -> Vec<RecordedEvent> {
    let base = utc("2026-02-10T07:00:00Z");
    events
        .into_iter()
        .enumerate()
        .map(|(i, (minute, event))| {
            let seq = i as u64 + 1;
            let at = base + Duration::minutes(minute);
            RecordedEvent {
                seq,
                version: seq,
                occurred_at: at,
                recorded_at: at.max(base),
                actor: person("Tiina Tietohallinto", "it_management"),
                event,
            }
        })
        .collect()
}

fn pir_case() -> (Vec<RecordedEvent>, String) {
    let narrative = String::from_utf8(fixture("C30-long-pir-text.txt")).expect("C30 is UTF-8");
    let arrangement = json!({"id": "puhelin", "name": "Puhelinajanvaraus", "description": "d", "decided_by": "it_management"});
    let mut events = log(vec![
        (0, opened()),
        (
            -5,
            event(
                json!({"type": "report_received", "channel": "phone", "text": "Ei aukea", "reporter": "Kalle"}),
            ),
        ),
        (
            10,
            event(
                json!({"type": "assessed", "affected_users": 600, "severity": "prevents_work",
                "colour": "red", "matrix": matrix(), "note": null}),
            ),
        ),
        (
            15,
            event(
                json!({"type": "criticality_decided", "start_mim": true, "colour": "red",
                "departs_from_matrix": false, "reason": null}),
            ),
        ),
        (
            20,
            event(
                json!({"type": "backup_decided", "needed": true, "arrangement": arrangement, "reason": null}),
            ),
        ),
        (
            25,
            event(json!({"type": "backup_activated", "arrangement": arrangement, "note": null})),
        ),
        (
            30,
            event(json!({"type": "vendor_escalated", "to": "Toimittaja X", "note": "P1"})),
        ),
        (
            60,
            event(json!({"type": "fix_reported", "text": "Palvelin käynnistetty"})),
        ),
        (65, event(json!({"type": "fix_acknowledged", "note": null}))),
        (
            66,
            event(
                json!({"type": "people_named", "verifier": {"user": "ville", "name": "Ville Koskinen"},
                "verifier_deputy": null, "mim_contact": null, "mim_contact_deputy": null}),
            ),
        ),
        (
            80,
            event(json!({"type": "verification_recorded", "works": true, "reason": null})),
        ),
        (90, event(json!({"type": "signed_off", "note": "Kunnossa"}))),
        (
            24 * 60,
            event(
                json!({"type": "walk_through_decided", "needed": true, "reason": null, "timeline_owner": null}),
            ),
        ),
        (
            25 * 60,
            event(
                json!({"type": "finding_added", "category": "could_go_better", "text": narrative}),
            ),
        ),
        (
            25 * 60 + 5,
            event(
                json!({"type": "action_item_added", "title": "Valvonta kuntoon", "owner": "Tiina", "due": "2026-03-31"}),
            ),
        ),
    ]);
    // A note back-filled an hour later about 07:05Z.
    let seq = events.len() as u64 + 1;
    events.push(RecordedEvent {
        seq,
        version: seq,
        occurred_at: utc("2026-02-10T07:05:00Z"),
        recorded_at: utc("2026-02-11T08:10:00Z"),
        actor: person("Päivi Päivystäjä", "service_desk"),
        event: CaseEvent::NoteAdded {
            text: "Soittoja jo klo 9.05".into(),
        },
    });
    (events, narrative)
}

fn form(events: &[RecordedEvent]) -> MimForm {
    let case = Case::from_events(CaseId::new(2026, 42), events).expect("the log folds");
    MimForm::new(case, events)
}

fn field<'a>(export: &'a CaseExport, label: &str) -> &'a str {
    &export
        .fields
        .iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("no field {label}"))
        .value
}

#[test]
fn the_row_states_start_end_colour_and_users_as_the_export_defines_them() {
    let (events, _) = pir_case();
    let words = Catalogue::load(Language::Fi);
    let export = CaseExport::from_form(&form(&events), Helsinki, Language::Fi, &|k| words.t(k));
    let row = &export.row;
    assert_eq!(row.id, "MIM-2026-0042");
    assert_eq!(row.system, "Ajanvaraus");
    assert_eq!(row.title, "Ajanvaraus ei aukea");
    assert_eq!(row.impact, Some(Colour::Red));
    assert_eq!(row.affected_users, Some(600));
    // The phone report came in before the case was opened.
    assert_eq!(row.start, utc("2026-02-10T06:55:00Z"));
    // Signed off, not closed: the walk-through days later is not the disruption.
    assert_eq!(row.end, Some(utc("2026-02-10T08:30:00Z")));
    assert_eq!(row.duration_hours(), Some(1.58));
}

#[test]
fn a_decision_departing_from_the_assessment_is_the_colour_that_stands() {
    let events = log(vec![
        (0, opened()),
        (
            10,
            event(
                json!({"type": "assessed", "affected_users": 40, "severity": "disrupts_work",
                "colour": "yellow", "matrix": matrix(), "note": null}),
            ),
        ),
        (
            15,
            event(
                json!({"type": "criticality_decided", "start_mim": true, "colour": "red",
                "departs_from_matrix": true, "reason": "Vaalipäivä"}),
            ),
        ),
    ]);
    let words = Catalogue::load(Language::Fi);
    let export = CaseExport::from_form(&form(&events), Helsinki, Language::Fi, &|k| words.t(k));
    assert_eq!(export.row.impact, Some(Colour::Red));
    assert_eq!(export.row.end, None, "still open");
    assert_eq!(field(&export, "Väri (arvio)"), "keltainen");
}

#[test]
fn a_reopening_after_sign_off_means_the_disruption_goes_on() {
    let mut steps = vec![
        (0, opened()),
        (90, event(json!({"type": "signed_off", "note": null}))),
        (
            120,
            event(
                json!({"type": "reopened", "reason": "Taas rikki", "from": "returned_to_normal", "to": "monitoring"}),
            ),
        ),
    ];
    let words = Catalogue::load(Language::Fi);
    let export = |steps: Vec<(i64, CaseEvent)>| {
        CaseExport::from_form(&form(&log(steps)), Helsinki, Language::Fi, &|k| words.t(k))
    };
    assert_eq!(export(steps.clone()).row.end, None);
    steps.push((150, event(json!({"type": "signed_off", "note": null}))));
    assert_eq!(export(steps).row.end, Some(utc("2026-02-10T09:30:00Z")));
    let dismissed = export(vec![
        (0, opened()),
        (
            5,
            event(
                json!({"type": "dismissed", "reason": "false_alarm", "duplicate_of": null, "text": "Testi"}),
            ),
        ),
    ]);
    assert_eq!(dismissed.row.end, Some(utc("2026-02-10T07:05:00Z")));
}

#[test]
fn fields_and_timeline_read_like_the_printable_form() {
    let (events, narrative) = pir_case();
    let form = form(&events);
    let words = Catalogue::load(Language::Fi);
    let export = CaseExport::from_form(&form, Helsinki, Language::Fi, &|k| words.t(k));
    assert_eq!(
        field(&export, "Vaihe"),
        words.t(&format!("stage-{}", form.case.stage.code()))
    );
    assert_eq!(field(&export, "Toimittaja"), "Toimittaja X Oy");
    assert_eq!(field(&export, "Todentaja"), "Ville Koskinen");
    assert_eq!(field(&export, "MIM-yhteyshenkilö"), "Mika Yhteys");
    assert_eq!(
        field(&export, "Varajärjestely käytössä"),
        "Puhelinajanvaraus"
    );
    assert_eq!(field(&export, "Kuvaus"), "Kaikki toimipisteet");
    assert_eq!(field(&export, "Uudelleen avattu"), "0");
    let decision = field(&export, "Kriittisyyspäätös");
    assert!(decision.starts_with(
        "10.02.2026 09:15 EET — Tiina Tietohallinto (tietohallinto): Kriittisyyspäätös — "
    ));
    for part in [
        "Poikkeaa matriisista: ei",
        "MIM käynnistetään: kyllä",
        "Väri: punainen",
    ] {
        assert!(decision.contains(part), "{part} in {decision}");
    }
    let walk_through = field(&export, "Läpikävely");
    assert!(walk_through.contains(&narrative));
    assert!(walk_through.contains("Luokka: mikä olisi voinut mennä paremmin"));
    for part in [
        "Otsikko: Valvonta kuntoon",
        "Vastuuhenkilö: Tiina",
        "Määräpäivä: 31.03.2026",
    ] {
        assert!(walk_through.contains(part), "{part}");
    }
    assert!(field(&export, "Muistiinpanot").starts_with(
        "10.02.2026 09:05 EET (lisätty jälkikäteen, kirjattu 11.02.2026 10:10 EET) — \
             Päivi Päivystäjä (tukipalvelu): Muistiinpano — Teksti: Soittoja jo klo 9.05"
    ));
    // The domain's order and marks, untouched.
    let seqs: Vec<u64> = export.timeline.iter().map(|t| t.seq).collect();
    let domain: Vec<u64> = form.timeline.iter().map(|t| t.seq).collect();
    assert_eq!(seqs, domain);
    assert_eq!(&seqs[..3], [2, 1, 16]);
    let note = &export.timeline[2];
    assert!(note.added_later);
    assert_eq!(note.what, "Muistiinpano");
    assert_eq!(note.details, "Teksti: Soittoja jo klo 9.05");
    assert_eq!(note.who, "Päivi Päivystäjä (tukipalvelu)");
    let report = &export.timeline[0];
    let mut lines: Vec<&str> = report.details.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        ["Ilmoittaja: Kalle", "Kanava: puhelin", "Teksti: Ei aukea"]
    );
}

/// Every event kind with every field filled (as mim-web's form test has them).
fn every_event() -> Vec<CaseEvent> {
    let person = json!({"user": "todentaja", "name": "Ville Koskinen"});
    let arrangement = json!({"id": "paperi", "name": "Paperilomakkeet", "description": "d", "decided_by": "it_management"});
    let t = "2026-02-10T08:00:00Z";
    [
        json!({"type": "opened", "title": "t", "description": "d", "system": system(),
            "exercise": true, "mim_contact": person, "mim_contact_deputy": person, "recurrence_of": "MIM-2026-0001"}),
        json!({"type": "report_received", "channel": "phone", "text": "x", "reporter": "r", "stated_users": 10, "severity": "minor"}),
        json!({"type": "alert_firing", "fingerprint": "f", "name": "n", "text": "x", "source_severity": "critical",
            "severity_class": "unclassified", "starts_at": t, "labels": {"service": "wilma"}, "users": 5,
            "users_source": {"kind": "selector_share", "percent": 50}, "url": "http://example.invalid"}),
        json!({"type": "alert_resolved", "fingerprint": "f", "ends_at": t}),
        json!({"type": "assessed", "affected_users": 5, "severity": "minor", "colour": "green", "matrix": matrix(), "note": "n"}),
        json!({"type": "mim_contact_called", "note": "n"}),
        json!({"type": "criticality_decided", "start_mim": true, "colour": "red", "departs_from_matrix": false, "reason": "r"}),
        json!({"type": "backup_decided", "needed": true, "arrangement": arrangement, "reason": "r"}),
        json!({"type": "backup_activated", "arrangement": arrangement, "note": "n"}),
        json!({"type": "vendor_escalated", "to": "x", "note": "n"}),
        json!({"type": "escalation_acknowledged", "note": "n"}),
        json!({"type": "progress_report_demanded", "note": "n", "due_by": t}),
        json!({"type": "vendor_progress", "text": "x", "estimate": t}),
        json!({"type": "fix_reported", "text": "x"}),
        json!({"type": "fix_acknowledged", "note": "n"}),
        json!({"type": "people_named", "verifier": person, "verifier_deputy": person, "mim_contact": person, "mim_contact_deputy": person}),
        json!({"type": "verification_recorded", "works": false, "reason": "r"}),
        json!({"type": "reopened", "reason": "r", "from": "closed", "to": "monitoring"}),
        json!({"type": "signed_off", "note": "n"}),
        json!({"type": "walk_through_decided", "needed": true, "reason": "r", "timeline_owner": person}),
        json!({"type": "finding_added", "category": "preventability", "text": "x"}),
        json!({"type": "action_item_added", "title": "x", "owner": "o", "due": "2027-01-15"}),
        json!({"type": "vendor_report_recorded", "text": "x"}),
        json!({"type": "closed", "summary": "s"}),
        json!({"type": "dismissed", "reason": "duplicate", "duplicate_of": "MIM-2026-0001", "text": "x"}),
        json!({"type": "communication_recorded", "kind": "update", "audience": "a", "channel": "c", "text": "x", "next_update_at": t}),
        json!({"type": "note_added", "text": "x"}),
        json!({"type": "details_edited", "title": "t", "description": "d"}),
        json!({"type": "alert_repeated", "fingerprint": "f", "source_severity": "warning", "severity_class": "inconvenient",
            "users": 3, "users_source": {"kind": "carried"}}),
        json!({"type": "alert_flapping", "fingerprint": "f", "changes": 3, "within_seconds": 600}),
        json!({"type": "alert_flapping_ended", "fingerprint": "f"}),
        json!({"type": "alert_acknowledged", "fingerprint": "f"}),
        json!({"type": "alert_ack_cleared", "fingerprint": "f", "reason": "severity_raised"}),
        json!({"type": "alerts_truncated", "count": 2750, "listed": 50, "group_key": "g"}),
        json!({"type": "all_alerts_resolved", "alerts": 3, "unlisted": 0}),
        json!({"type": "estimate_changed", "users": 120, "basis": {"kind": "selector_share", "fingerprint": "f", "percent": 50}}),
        json!({"type": "colour_suggested", "colour": "red", "previous": "yellow", "users": 120, "severity": "prevents_work",
            "flags": ["service_desk", "it_management"]}),
        json!({"type": "source_still_firing", "fingerprint": "f"}),
        json!({"type": "backup_ended", "arrangement": arrangement, "note": "n"}),
        json!({"type": "system_set", "system": system(), "mim_contact": person, "mim_contact_deputy": person}),
    ]
    .into_iter()
    .map(event)
    .collect()
}

#[test]
fn every_word_the_export_asks_for_is_in_every_language() {
    let events = log(every_event()
        .into_iter()
        .enumerate()
        .map(|(i, e)| (i as i64, e))
        .collect());
    let form = form(&events);
    for lang in Language::ALL {
        let words = Catalogue::load(lang);
        let missing = RefCell::new(vec![]);
        let lookup = |k: &str| {
            words.get(k).map_or_else(
                || {
                    missing.borrow_mut().push(k.to_owned());
                    k.to_owned()
                },
                str::to_owned,
            )
        };
        let export = CaseExport::from_form(&form, Helsinki, lang, &lookup);
        assert_eq!(export.timeline.len(), events.len());
        assert!(
            missing.borrow().is_empty(),
            "{lang}: {:?}",
            missing.borrow()
        );
    }
}

#[test]
fn c30_narrative_as_a_finding_goes_through_the_workbook_whole() {
    let (events, narrative) = pir_case();
    let words = Catalogue::load(Language::Fi);
    let export = CaseExport::from_form(&form(&events), Helsinki, Language::Fi, &|k| words.t(k));
    let bytes = case_workbook(std::slice::from_ref(&export), Helsinki, Language::Fi).unwrap();
    let sheets = read_workbook(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["Tapaukset", "MIM-2026-0042", "Jatko"]);
    for (_, rows) in &sheets {
        for cell in rows.iter().flatten() {
            if let Data::String(s) = cell {
                assert!(s.encode_utf16().count() <= CELL_LIMIT);
            }
        }
    }
    let cases = sheet(&sheets, "Tapaukset");
    let col = cases[0]
        .iter()
        .position(|h| text(h) == "Läpikävely")
        .unwrap();
    let cell = text(&cases[1][col]);
    let marker = "… (jatkuu: Jatko!C2)";
    assert!(cell.ends_with(marker));
    let jatko = sheet(&sheets, "Jatko");
    let whole = format!(
        "{}{}",
        cell.strip_suffix(marker).unwrap(),
        text(&jatko[1][2])
    );
    assert_eq!(whole, normalise_line_breaks(field(&export, "Läpikävely")));
    assert!(whole.contains(normalise_line_breaks(&narrative).as_ref()));
    // Other fields intact, the timeline in the domain's order.
    let title_col = 2;
    assert_eq!(text(&cases[1][title_col]), "Ajanvaraus ei aukea");
    let timeline = sheet(&sheets, "MIM-2026-0042");
    let first: Vec<&str> = timeline[1..4].iter().map(|r| text(&r[2])).collect();
    assert_eq!(
        first,
        ["Ilmoitus vastaanotettu", "Tapaus avattu", "Muistiinpano"]
    );
}
