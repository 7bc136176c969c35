//! C16 (c): after the vendor's fix report, an alert of the case that fires (again) is
//! attached to the same case and prompts the verifier — never a second case. After the case
//! has ended, a repeat of what it holds changes nothing; a new episode is a recurrence.

mod detection_support;

use chrono::Duration;
use detection_support::{Desk, am_fixture, at};
use mim_domain::case::{CaseEvent, Stage};
use mim_domain::detection::{Absorbed, IgnoreReason, Signal, SignalStatus};
use mim_domain::impact::{AffectedUsers, Colour, ImpactMatrix, Severity};

const FP: &str = "3f1e9a7c5b2d4e60";

/// The C01 firing alert opens a case that the process takes to the vendor's fix report.
fn fixed_case() -> Desk {
    let mut d = Desk::new();
    let firing = am_fixture("C01-alertmanager-firing.json");
    let t0 = at("2026-02-10T07:15:05Z");
    d.deliver(&firing, t0);
    let matrix = d.systems[0].matrix_in_use(&ImpactMatrix::organisation_default());
    let steps = [
        CaseEvent::Assessed {
            affected_users: AffectedUsers::new(400).expect("users"),
            severity: Severity::PreventsWork,
            colour: Colour::Red,
            matrix,
            note: None,
        },
        CaseEvent::CriticalityDecided {
            start_mim: true,
            colour: Colour::Red,
            departs_from_matrix: false,
            reason: None,
        },
        CaseEvent::BackupDecided {
            needed: false,
            arrangement: None,
            reason: None,
        },
        CaseEvent::FixReported {
            text: "palvelin käynnistetty uudelleen".into(),
        },
    ];
    for (i, e) in steps.into_iter().enumerate() {
        d.record(0, e, t0 + Duration::minutes(5 * (i as i64 + 1)));
    }
    assert_eq!(d.only_case().case.stage, Stage::FixReported);
    d
}

#[test]
fn the_same_firing_payload_after_the_fix_prompts_the_verifier_once() {
    let mut d = fixed_case();
    // The fix report comes while the source still fires: a warning beside it.
    assert_eq!(d.only_case().case.source_still_firing(), [FP]);
    let version = d.only_case().case.version;

    let firing = am_fixture("C01-alertmanager-firing.json");
    let out = d.deliver(&firing, at("2026-02-10T07:45:05Z"));
    let Some(Absorbed::Attach(events)) = &out[0] else {
        panic!("attached to the same case: {out:?}")
    };
    let kinds: Vec<String> = events.iter().map(CaseEvent::kind).collect();
    assert_eq!(kinds, ["alert_repeated", "source_still_firing"]);
    // Again: counted, but the verifier was already prompted for this fix report.
    let out = d.deliver(&firing, at("2026-02-10T07:50:05Z"));
    let Some(Absorbed::Attach(events)) = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(
        events.iter().map(CaseEvent::kind).collect::<Vec<_>>(),
        ["alert_repeated"]
    );
    let held = d.only_case();
    assert_eq!(held.count("source_still_firing"), 1);
    assert_eq!(held.case.alerts[FP].occurrences, 3);
    assert_eq!(
        held.case.stage,
        Stage::FixReported,
        "no stage change by itself"
    );
    assert_eq!(held.case.version, version);
    // The MIM form shows the prompt beside the fix report.
    let form = mim_domain::case::MimForm::new(held.case.clone(), &held.events);
    let fix: Vec<String> = form.fix.iter().map(|e| e.event.kind()).collect();
    assert_eq!(fix, ["fix_reported", "source_still_firing"]);
}

#[test]
fn an_alert_that_resolved_and_fires_again_after_the_fix_is_the_same_case() {
    let mut d = fixed_case();
    let mut resolved = am_fixture("C01-alertmanager-firing.json");
    let Signal::Alert(a) = &mut resolved.signals[0] else {
        unreachable!()
    };
    a.status = SignalStatus::Resolved;
    a.ends_at = Some(at("2026-02-10T07:40:00Z"));
    d.deliver(&resolved, at("2026-02-10T07:40:05Z"));
    assert!(d.only_case().case.source_still_firing().is_empty());

    let mut again = am_fixture("C01-alertmanager-firing.json");
    let Signal::Alert(a) = &mut again.signals[0] else {
        unreachable!()
    };
    a.starts_at = Some(at("2026-02-10T08:00:00Z"));
    let out = d.deliver(&again, at("2026-02-10T08:00:05Z"));
    assert!(matches!(out[0], Some(Absorbed::Attach(_))));
    let held = d.only_case();
    assert_eq!(held.count("source_still_firing"), 1);
    assert_eq!(held.case.source_still_firing(), [FP]);

    // The verifier finds the problem continues: reopened to monitoring; a later fix report
    // prompts anew.
    let t = at("2026-02-10T08:10:00Z");
    d.record(0, CaseEvent::FixAcknowledged { note: None }, t);
    d.record(
        0,
        CaseEvent::VerificationRecorded {
            works: false,
            reason: Some("ei toimi".into()),
        },
        t,
    );
    d.record(
        0,
        CaseEvent::Reopened {
            reason: "ei toimi".into(),
            from: Stage::AwaitingVerification,
            to: Stage::Monitoring,
        },
        t,
    );
    assert!(
        d.only_case().case.source_still_firing().is_empty(),
        "no fix reported now"
    );
    d.deliver(&again, at("2026-02-10T08:15:05Z"));
    assert_eq!(
        d.only_case().count("source_still_firing"),
        1,
        "no fix, no prompt"
    );
    d.record(
        0,
        CaseEvent::FixReported {
            text: "uusi korjaus".into(),
        },
        at("2026-02-10T08:20:00Z"),
    );
    d.deliver(&again, at("2026-02-10T08:25:05Z"));
    assert_eq!(d.only_case().count("source_still_firing"), 2);
    assert_eq!(d.cases.len(), 1, "never a second case");
}

#[test]
fn after_the_case_ended_a_repeat_changes_nothing_and_a_new_episode_recurs() {
    let mut d = fixed_case();
    d.record(
        0,
        CaseEvent::Closed { summary: None },
        at("2026-02-10T09:00:00Z"),
    );
    let firing = am_fixture("C01-alertmanager-firing.json");
    let out = d.deliver(&firing, at("2026-02-10T09:05:05Z"));
    assert_eq!(
        out[0],
        Some(Absorbed::Ignore {
            reason: IgnoreReason::EndedCase {
                fingerprint: FP.into(),
                case: d.cases[0].case.id.clone()
            }
        })
    );
    assert_eq!(d.cases.len(), 1);

    let mut again = firing.clone();
    let Signal::Alert(a) = &mut again.signals[0] else {
        unreachable!()
    };
    a.starts_at = Some(at("2026-02-10T12:00:00Z"));
    let out = d.deliver(&again, at("2026-02-10T12:00:05Z"));
    assert!(matches!(out[0], Some(Absorbed::Open { .. })), "{out:?}");
    assert_eq!(d.cases.len(), 2);
    assert_eq!(
        d.cases[1].case.recurrence_of,
        Some(d.cases[0].case.id.clone())
    );
    assert_eq!(d.cases[1].case.stage, Stage::Detection);
}

#[test]
fn a_recurrence_is_linked_only_within_the_window() {
    let mut d = Desk::new();
    d.deliver(
        &am_fixture("C01-alertmanager-firing.json"),
        at("2026-02-10T07:15:05Z"),
    );
    d.record(
        0,
        CaseEvent::Dismissed {
            reason: mim_domain::case::DismissReason::FalseAlarm,
            duplicate_of: None,
            text: "testi".into(),
        },
        at("2026-02-10T07:20:00Z"),
    );
    let mut later = am_fixture("C01-alertmanager-firing.json");
    let Signal::Alert(a) = &mut later.signals[0] else {
        unreachable!()
    };
    a.starts_at = Some(at("2026-02-12T07:00:00Z"));
    d.deliver(&later, at("2026-02-12T07:00:05Z"));
    assert_eq!(d.cases.len(), 2);
    assert_eq!(d.cases[1].case.recurrence_of, None, "more than 24 h later");
}
