//! The timeline (case C17) and the MIM form, both read from the events.

mod common;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Helsinki;
use common::*;
use mim_domain::Role;
use mim_domain::case::{
    ADDED_LATER_AFTER_MINUTES, Actor, CaseEvent, Command, CommandKind as K, CommunicationKind,
    MimForm, RecordedEvent, ReportChannel, Stage, timeline,
};
use mim_domain::impact::Colour;
use serde_json::Value;

/// `/work/shared/cases/inputs/C17-timeline-events.json`, copied verbatim.
const C17: &str = include_str!("fixtures/C17-timeline-events.json");

fn c17() -> Value {
    serde_json::from_str(C17).expect("the C17 fixture is JSON")
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .expect("a time string")
        .parse()
        .expect("an RFC 3339 time")
}

/// The fixture's kinds as the case events mim records for them; the text is kept.
fn event_for(kind: &str, text: &str) -> CaseEvent {
    let text = text.to_owned();
    match kind {
        "alert_received" => CaseEvent::alert_firing("ajanvaraus-app01", "InstanceDown", text),
        "incident_declared" => CaseEvent::CriticalityDecided {
            start_mim: true,
            colour: Colour::Red,
            departs_from_matrix: false,
            reason: Some(text),
        },
        "communication" => CaseEvent::CommunicationRecorded {
            kind: CommunicationKind::FirstNotice,
            audience: "loppukäyttäjät".into(),
            channel: "intranet".into(),
            text,
            next_update_at: None,
        },
        "vendor_escalation" => CaseEvent::VendorEscalated {
            to: "Toimittaja X".into(),
            note: Some(text),
        },
        "note" | "note_backfilled" => CaseEvent::NoteAdded { text },
        "phone_report" => CaseEvent::report_received(ReportChannel::Phone, text, None),
        "resolved" => CaseEvent::FixReported { text },
        other => panic!("unknown C17 kind {other}"),
    }
}

fn text_of(e: &CaseEvent) -> Option<&str> {
    match e {
        CaseEvent::AlertFiring { text, .. }
        | CaseEvent::CommunicationRecorded { text, .. }
        | CaseEvent::NoteAdded { text }
        | CaseEvent::ReportReceived { text, .. }
        | CaseEvent::FixReported { text } => Some(text),
        CaseEvent::CriticalityDecided { reason, .. } => reason.as_deref(),
        CaseEvent::VendorEscalated { note, .. } => note.as_deref(),
        _ => None,
    }
}

/// The fixture's events in insertion order, with their own seq and times.
fn c17_events() -> Vec<RecordedEvent> {
    let mut version = 1;
    c17()["events_in_insertion_order"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            let event = event_for(
                e["kind"].as_str().expect("kind"),
                e["text"].as_str().expect("text"),
            );
            if event.is_process() {
                version += 1;
            }
            RecordedEvent {
                seq: e["seq"].as_u64().expect("seq"),
                version,
                occurred_at: time(&e["occurred_at"]),
                recorded_at: time(&e["recorded_at"]),
                actor: Actor::Person {
                    user: user("sanna"),
                    name: "Sanna".into(),
                    role: Role::ServiceDesk,
                },
                event,
            }
        })
        .collect()
}

#[test]
fn c17_timeline_order_local_times_and_added_later() {
    let fx = c17();
    let events = c17_events();
    assert_eq!(events.len(), 8);
    let tl = timeline(&events);

    let want_order: Vec<u64> = fx["expected_order_seq"]
        .as_array()
        .expect("order")
        .iter()
        .map(|v| v.as_u64().expect("seq"))
        .collect();
    let got_order: Vec<u64> = tl.iter().map(|t| t.seq).collect();
    assert_eq!(got_order, want_order);
    assert_eq!(
        got_order,
        [5, 6, 1, 2, 3, 4, 8, 7],
        "the case's stated order"
    );

    let local: Vec<String> = tl
        .iter()
        .map(|t| {
            t.occurred_at
                .with_timezone(&Helsinki)
                .format("%H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(
        local,
        [
            "09:05", "09:10", "09:15", "09:15", "09:30", "09:40", "09:40", "10:02"
        ]
    );
    for t in &tl {
        let want = fx["expected_local_times_Europe_Helsinki"][t.seq.to_string()]
            .as_str()
            .expect("a local time per seq");
        assert_eq!(
            t.occurred_at
                .with_timezone(&Helsinki)
                .format("%H:%M")
                .to_string(),
            want,
            "seq {}",
            t.seq
        );
    }

    let later: Vec<u64> = tl.iter().filter(|t| t.added_later).map(|t| t.seq).collect();
    assert_eq!(
        later,
        [5],
        "only the back-filled note is marked added later"
    );

    // Each entry keeps its own text and times.
    for t in &tl {
        let src = events.iter().find(|e| e.seq == t.seq).expect("source");
        assert_eq!(t.occurred_at, src.occurred_at);
        assert_eq!(t.recorded_at, src.recorded_at);
        assert_eq!(text_of(&t.event), text_of(&src.event), "seq {}", t.seq);
        assert!(text_of(&t.event).is_some_and(|s| !s.is_empty()));
    }
    // Evidence and notes are marked as such; steps of the process are not.
    let process: Vec<u64> = tl.iter().filter(|t| t.process).map(|t| t.seq).collect();
    assert_eq!(process, [2, 3, 4, 7]);
}

#[test]
fn c17_order_does_not_depend_on_the_input_order_of_the_slice() {
    let mut events = c17_events();
    events.reverse();
    let got: Vec<u64> = timeline(&events).iter().map(|t| t.seq).collect();
    assert_eq!(got, [5, 6, 1, 2, 3, 4, 8, 7]);
}

#[test]
fn added_later_is_strictly_more_than_five_minutes() {
    let mut sim = Sim::open();
    let t = sim.now;
    let limit = Duration::minutes(ADDED_LATER_AFTER_MINUTES);
    let note = |s: &str| CaseEvent::NoteAdded { text: s.into() };
    sim.record_at(Actor::Mim, note("at the limit"), t, t + limit);
    sim.record_at(
        Actor::Mim,
        note("a second over"),
        t,
        t + limit + Duration::seconds(1),
    );
    let later: Vec<bool> = timeline(&sim.events)[1..]
        .iter()
        .map(|e| e.added_later)
        .collect();
    assert_eq!(later, [false, true]);
}

#[test]
fn c17_in_the_mim_form() {
    // The same events in a real case log, opened when the alert was recorded.
    let mut events = vec![RecordedEvent {
        seq: 0,
        version: 1,
        occurred_at: time(&Value::from("2026-02-10T07:15:02.110Z")),
        recorded_at: time(&Value::from("2026-02-10T07:15:02.110Z")),
        actor: Actor::Mim,
        event: opened_event(),
    }];
    events.extend(c17_events());
    let case = mim_domain::case::Case::from_events(mim_domain::CaseId::new(2026, 17), &events)
        .expect("folds");
    let form = MimForm::new(case, &events);

    let seqs = |v: &[mim_domain::case::FormEntry]| v.iter().map(|e| e.seq).collect::<Vec<u64>>();
    let tl: Vec<u64> = form
        .timeline
        .iter()
        .map(|t| t.seq)
        .filter(|s| *s != 0)
        .collect();
    assert_eq!(
        tl,
        [5, 6, 1, 2, 3, 4, 8, 7],
        "the form shows the same order"
    );

    // Detection: the first report or alert that happened (the back-filled note is a note).
    assert_eq!(form.detection.as_ref().map(|e| e.seq), Some(6));
    assert_eq!(seqs(&form.reports), [6, 1]);
    assert_eq!(form.decision.as_ref().map(|e| e.seq), Some(2));
    assert_eq!(seqs(&form.communications), [3]);
    assert_eq!(seqs(&form.vendor), [4]);
    assert_eq!(
        seqs(&form.notes),
        [5, 8],
        "notes in the order they happened"
    );
    assert_eq!(seqs(&form.fix), [7]);
    // The form keeps when it happened and when it was written down.
    let backfilled = &form.notes[0];
    assert_eq!(
        backfilled.at,
        time(&Value::from("2026-02-10T07:05:00.000Z"))
    );
    assert_eq!(
        backfilled.recorded_at,
        time(&Value::from("2026-02-10T09:00:00.000Z"))
    );
}

#[test]
fn the_mim_form_puts_each_step_in_its_section() {
    let mut sim = Sim::open();
    sim.report("Ajanvaraus ei aukea");
    sim.alert_firing("app01");
    sim.act(&service_desk(), assess_yellow());
    sim.act(
        &service_desk(),
        Command::CallMimContact {
            note: Some(passage("Mirja tavoitettu")),
        },
    );
    sim.act(&service_desk(), assess_red());
    sim.act(&service_desk(), criticality(true, None));
    let first_notice = communication(
        CommunicationKind::FirstNotice,
        Some(sim.now + Duration::hours(1)),
    );
    sim.act(&service_desk(), first_notice);
    sim.act(&it_management(), name_verifiers());
    sim.act(&management_group(), backup(true, Some(mg_arrangement())));
    sim.act(&it_management(), Command::ActivateBackup { note: None });
    for (c, kind) in [
        (it_management(), K::EscalateToVendor),
        (vendor(), K::AcknowledgeEscalation),
        (it_management(), K::DemandProgressReport),
        (vendor(), K::RecordVendorProgress),
        (vendor(), K::ReportFix),
        (it_management(), K::AcknowledgeFix),
    ] {
        let cmd = sample_command(kind, &sim.case(), sim.now);
        sim.act(&c, cmd);
    }
    sim.act(&verifier(), verify(false, Some("ei vieläkään")));
    sim.alert_resolved("app01");
    for (c, kind) in [
        (vendor(), K::ReportFix),
        (it_management(), K::AcknowledgeFix),
        (verifier_deputy(), K::Verify),
        (it_management(), K::EndBackup),
        (it_management(), K::SignOff),
        (it_management(), K::DecideWalkThrough),
        (it_management(), K::AddFinding),
        (service_desk(), K::AddActionItem),
        (vendor(), K::RecordVendorReport),
        (vendor(), K::AddNote),
        (service_desk(), K::EditDetails),
        (it_management(), K::Close),
    ] {
        let cmd = sample_command(kind, &sim.case(), sim.now);
        sim.act(&c, cmd);
    }
    assert_eq!(sim.stage(), Stage::Closed);

    let form = MimForm::new(sim.case(), &sim.events);
    let kinds = |v: &[mim_domain::case::FormEntry]| {
        v.iter().map(|e| e.event.kind()).collect::<Vec<String>>()
    };
    assert_eq!(
        form.detection.as_ref().map(|e| e.event.kind()).as_deref(),
        Some("report_received")
    );
    assert_eq!(
        kinds(&form.reports),
        ["report_received", "alert_firing", "alert_resolved"]
    );
    assert_eq!(kinds(&form.assessments), ["assessed", "assessed"]);
    assert_eq!(kinds(&form.mim_contact_calls), ["mim_contact_called"]);
    assert!(matches!(
        form.decision.as_ref().map(|e| &e.event),
        Some(CaseEvent::CriticalityDecided {
            start_mim: true,
            colour: Colour::Red,
            ..
        })
    ));
    assert_eq!(kinds(&form.people), ["people_named"]);
    assert_eq!(
        kinds(&form.backup),
        ["backup_decided", "backup_activated", "backup_ended"]
    );
    assert_eq!(
        form.backup[0].by.role(),
        Some(Role::ManagementGroup),
        "who decided the arrangement"
    );
    assert_eq!(
        kinds(&form.vendor),
        [
            "vendor_escalated",
            "escalation_acknowledged",
            "progress_report_demanded",
            "vendor_progress"
        ]
    );
    assert_eq!(kinds(&form.communications), ["communication_recorded"]);
    assert_eq!(
        kinds(&form.fix),
        [
            "fix_reported",
            "fix_acknowledged",
            "fix_reported",
            "fix_acknowledged"
        ]
    );
    assert!(matches!(
        form.verifications
            .iter()
            .map(|e| &e.event)
            .collect::<Vec<_>>()
            .as_slice(),
        [
            CaseEvent::VerificationRecorded { works: false, .. },
            CaseEvent::VerificationRecorded { works: true, .. }
        ]
    ));
    assert_eq!(
        form.verifications[1].by.user().map(|u| u.as_str()),
        Some("ville")
    );
    assert_eq!(kinds(&form.sign_off), ["signed_off"]);
    assert_eq!(kinds(&form.reopenings), ["reopened"]);
    assert_eq!(
        kinds(&form.walk_through),
        ["walk_through_decided", "finding_added", "action_item_added"]
    );
    assert_eq!(kinds(&form.vendor_reports), ["vendor_report_recorded"]);
    assert_eq!(kinds(&form.closure), ["closed"]);
    assert_eq!(kinds(&form.notes), ["note_added", "details_edited"]);

    // Every event but `opened` lands in exactly one place.
    let placed = [
        &form.reports,
        &form.assessments,
        &form.mim_contact_calls,
        &form.people,
        &form.backup,
        &form.vendor,
        &form.communications,
        &form.fix,
        &form.verifications,
        &form.sign_off,
        &form.reopenings,
        &form.walk_through,
        &form.vendor_reports,
        &form.closure,
        &form.notes,
    ]
    .iter()
    .map(|s| s.len())
    .sum::<usize>()
        + usize::from(form.decision.is_some());
    assert_eq!(placed, sim.events.len() - 1);
    assert_eq!(form.timeline.len(), sim.events.len());
    assert_eq!(form.case, sim.case());
}

#[test]
fn the_form_shows_the_decision_that_stands() {
    let mut sim = drive_to(Stage::NormalProcess);
    sim.act(&service_desk(), reopen("lisää ilmoituksia"));
    sim.act(&service_desk(), criticality(true, None));
    let form = MimForm::new(sim.case(), &sim.events);
    assert!(matches!(
        form.decision.as_ref().map(|e| &e.event),
        Some(CaseEvent::CriticalityDecided {
            start_mim: true,
            ..
        })
    ));
    assert_eq!(form.reopenings.len(), 1);
}

#[test]
fn a_dismissal_goes_to_closure_and_an_alert_can_be_the_detection() {
    let mut sim = Sim::open();
    sim.alert_firing("a");
    sim.alert_resolved("a");
    sim.tick(Duration::hours(2));
    sim.auto_dismiss(Duration::minutes(60)).expect("dismissed");
    let form = MimForm::new(sim.case(), &sim.events);
    assert_eq!(
        form.detection.as_ref().map(|e| e.event.kind()).as_deref(),
        Some("alert_firing")
    );
    assert_eq!(form.closure.len(), 1);
    assert_eq!(form.closure[0].by, Actor::Mim);
}

#[test]
fn a_monitoring_report_can_be_the_detection_of_a_case_mim_dismissed() {
    let mut sim = Sim::open_from_monitoring();
    sim.alert_firing("a");
    sim.alert_resolved("a");
    sim.tick(Duration::hours(2));
    sim.auto_dismiss(Duration::minutes(60)).expect("dismissed");
    let form = MimForm::new(sim.case(), &sim.events);
    assert!(matches!(
        form.detection.as_ref().map(|e| &e.event),
        Some(CaseEvent::ReportReceived {
            channel: ReportChannel::Monitoring,
            ..
        })
    ));
    assert_eq!(
        form.reports
            .iter()
            .map(|e| e.event.kind())
            .collect::<Vec<_>>(),
        ["report_received", "alert_firing", "alert_resolved"]
    );
    assert_eq!(form.closure.len(), 1);
    assert_eq!(form.closure[0].by, Actor::Mim);
}

#[test]
fn a_late_reopen_by_it_management_is_on_the_form() {
    let mut sim = drive_to(Stage::WalkThrough);
    sim.act(
        &it_management(),
        reopen("häiriö palasi katselmoinnin aikana"),
    );
    let form = MimForm::new(sim.case(), &sim.events);
    assert_eq!(form.reopenings.len(), 1);
    let r = &form.reopenings[0];
    assert_eq!(r.by.role(), Some(Role::ItManagement));
    assert_eq!(
        r.event,
        CaseEvent::Reopened {
            reason: "häiriö palasi katselmoinnin aikana".into(),
            from: Stage::WalkThrough,
            to: Stage::Monitoring,
        }
    );
    assert_eq!(form.case.reopen_count, 1);
    assert_eq!(form.case.stage, Stage::Monitoring);
}

#[test]
fn order_follows_the_instant_across_daylight_saving_changes() {
    let at = |s: &str| time(&Value::from(s));
    let local = |t: &mim_domain::case::TimelineEntry| {
        t.occurred_at
            .with_timezone(&Helsinki)
            .format("%d.%m. %H:%M %Z")
            .to_string()
    };
    // Autumn: at 01:00Z Helsinki goes from 04:00 EEST back to 03:00 EET, so the local clock
    // reads 03:30 before 03:15. Spring: 01:00Z jumps from 03:00 EET to 04:00 EEST.
    let mut sim = Sim::open();
    let note = |s: &str| CaseEvent::NoteAdded { text: s.into() };
    for (text, when) in [
        ("autumn after", "2026-10-25T01:15:00Z"),
        ("autumn before", "2026-10-25T00:30:00Z"),
        ("spring after", "2026-03-29T01:30:00Z"),
        ("spring before", "2026-03-29T00:30:00Z"),
    ] {
        sim.record_at(Actor::Mim, note(text), at(when), at(when));
    }
    let tl = timeline(&sim.events);
    let got: Vec<(String, String)> = tl[1..]
        .iter()
        .map(|t| (text_of(&t.event).unwrap_or("").to_owned(), local(t)))
        .collect();
    assert_eq!(
        got,
        [
            ("spring before".into(), "29.03. 02:30 EET".into()),
            ("spring after".into(), "29.03. 04:30 EEST".into()),
            ("autumn before".into(), "25.10. 03:30 EEST".into()),
            ("autumn after".into(), "25.10. 03:15 EET".into()),
        ]
    );
}
