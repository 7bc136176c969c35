//! The rules that hold around the moves: reasons, communications, the walk-through's timeline
//! owner, mim's own dismissal of a quiet detection, reopening (late stages and case C16) and
//! evidence that never moves a case.

mod common;

use chrono::Duration;
use common::*;
use mim_domain::CaseId;
use mim_domain::case::{
    CaseEvent, Command, CommandKind as K, CommunicationKind as C, DismissReason, Refusal,
    ReportChannel, Stage, allowed_now, decide,
};
use mim_domain::impact::Colour;

fn is_invalid(got: &Result<mim_domain::case::Decided, Refusal>, want_field: &str) -> bool {
    matches!(got, Err(Refusal::Invalid { field, .. }) if *field == want_field)
}

// --- reasons --------------------------------------------------------------------------------

#[test]
fn criticality_reasons_and_departures_from_the_matrix() {
    // (assessment, start MIM?, reason given?, Some(departs) if accepted / None if refused)
    let table: [(&str, bool, bool, Option<bool>); 12] = [
        ("green", true, false, None),
        ("green", true, true, Some(true)),
        ("green", false, false, None),
        ("green", false, true, Some(false)),
        ("yellow", true, false, Some(false)),
        ("yellow", true, true, Some(false)),
        ("yellow", false, false, None),
        ("yellow", false, true, Some(false)),
        ("red", true, false, Some(false)),
        ("red", true, true, Some(false)),
        ("red", false, false, None),
        ("red", false, true, Some(true)),
    ];
    for (colour, start, with_reason, want) in table {
        let (mut sim, decider, want_colour) = match colour {
            "green" => (green_assessment(), service_desk(), Colour::Green),
            "yellow" => (yellow_assessment(), mim_contact(), Colour::Yellow),
            _ => (drive_to(Stage::Assessment), service_desk(), Colour::Red),
        };
        let reason = with_reason.then_some("perustelu");
        let what = format!("{colour}, start {start}, reason {with_reason}");
        let got = sim.try_act(&decider, criticality(start, reason));
        match want {
            None => {
                assert!(is_invalid(&got, "reason"), "{what}: {got:?}");
                assert_eq!(sim.stage(), Stage::Assessment, "{what}");
            }
            Some(departs) => {
                let d = got.unwrap_or_else(|r| panic!("{what}: {r}"));
                assert_eq!(
                    d.events,
                    vec![CaseEvent::CriticalityDecided {
                        start_mim: start,
                        colour: want_colour,
                        departs_from_matrix: departs,
                        reason: reason.map(str::to_owned),
                    }],
                    "{what}"
                );
                let case = sim.case();
                assert_eq!(case.mim_started, Some(start), "{what}");
                let stage = if start {
                    Stage::MimStarted
                } else {
                    Stage::NormalProcess
                };
                assert_eq!(case.stage, stage, "{what}");
            }
        }
    }
}

#[test]
fn the_decision_not_to_start_is_communicated_in_the_normal_process() {
    let mut sim = drive_to(Stage::NormalProcess);
    let d = sim.act(&service_desk(), communication(C::NotStarted, None));
    assert!(matches!(
        d.events.as_slice(),
        [CaseEvent::CommunicationRecorded {
            kind: C::NotStarted,
            next_update_at: None,
            ..
        }]
    ));
    assert_eq!(sim.stage(), Stage::NormalProcess);
}

#[test]
fn a_failed_verification_needs_a_reason_and_reopens_to_monitoring() {
    let mut sim = drive_to(Stage::AwaitingVerification);
    let got = sim.try_act(&verifier(), verify(false, None));
    assert!(is_invalid(&got, "reason"), "{got:?}");
    assert_eq!(sim.stage(), Stage::AwaitingVerification);
    assert_eq!(sim.case().reopen_count, 0);

    let d = sim.act(&verifier(), verify(false, Some("kirjautuminen kaatuu yhä")));
    assert_eq!(
        d.events,
        vec![
            CaseEvent::VerificationRecorded {
                works: false,
                reason: Some("kirjautuminen kaatuu yhä".into()),
            },
            CaseEvent::Reopened {
                reason: "kirjautuminen kaatuu yhä".into(),
                from: Stage::AwaitingVerification,
                to: Stage::Monitoring,
            },
        ]
    );
    let case = sim.case();
    assert_eq!(case.stage, Stage::Monitoring);
    assert_eq!(case.reopen_count, 1);
    assert_eq!(case.ended_at, None);

    // The second round: the count goes on.
    sim.act(&vendor(), sample_command(K::ReportFix, &case, sim.now));
    sim.act(&it_management(), Command::AcknowledgeFix { note: None });
    sim.act(&verifier_deputy(), verify(false, Some("edelleen hidas")));
    assert_eq!(sim.case().reopen_count, 2);
    assert_eq!(sim.stage(), Stage::Monitoring);
}

#[test]
fn a_working_verification_needs_no_reason() {
    let mut sim = drive_to(Stage::AwaitingVerification);
    let d = sim.act(&verifier(), verify(true, None));
    assert_eq!(
        d.events,
        vec![CaseEvent::VerificationRecorded {
            works: true,
            reason: None
        }]
    );
    assert_eq!(sim.case().reopen_count, 0);
}

#[test]
fn reopening_a_closed_case_needs_it_management_and_goes_to_monitoring() {
    let sim = drive_to(Stage::Closed);
    for c in [service_desk(), mim_contact(), management_group(), vendor()] {
        assert_eq!(
            sim.clone().try_act(&c, reopen("uusiutui")),
            Err(Refusal::MissingRole {
                command: K::Reopen,
                needs: vec![mim_domain::Role::ItManagement],
            }),
            "{}",
            c.user
        );
    }
    let mut sim = sim;
    let d = sim.act(&it_management(), reopen("uusiutui"));
    assert_eq!(
        d.events,
        vec![CaseEvent::Reopened {
            reason: "uusiutui".into(),
            from: Stage::Closed,
            to: Stage::Monitoring,
        }]
    );
    let case = sim.case();
    assert_eq!(case.stage, Stage::Monitoring);
    assert_eq!(case.reopen_count, 1);
    assert!(allowed_now(&case).contains(&K::ReportFix));
}

#[test]
fn reopening_a_late_stage_needs_it_management_and_goes_back_to_monitoring() {
    for stage in LATE_STAGES {
        let sim = drive_to(stage);
        let before = sim.case();
        for c in [
            service_desk(),
            mim_contact(),
            management_group(),
            vendor(),
            verifier(),
        ] {
            let mut s = sim.clone();
            assert_eq!(
                s.try_act(&c, reopen("häiriö palasi")),
                Err(Refusal::MissingRole {
                    command: K::Reopen,
                    needs: vec![mim_domain::Role::ItManagement],
                }),
                "{stage:?}: {}",
                c.user
            );
            assert_eq!(
                s.events.len(),
                sim.events.len(),
                "{stage:?}: nothing recorded"
            );
        }
        let mut sim = sim;
        let d = sim.act(&it_management(), reopen("häiriö palasi"));
        assert_eq!(d.role, mim_domain::Role::ItManagement);
        assert_eq!(
            d.events,
            vec![CaseEvent::Reopened {
                reason: "häiriö palasi".into(),
                from: stage,
                to: Stage::Monitoring,
            }],
            "{stage:?}"
        );
        let case = sim.case();
        assert_eq!(case.stage, Stage::Monitoring, "{stage:?}");
        assert_eq!(case.reopen_count, before.reopen_count + 1, "{stage:?}");
        assert_eq!(case.ended_at, None, "{stage:?}");
        assert!(allowed_now(&case).contains(&K::ReportFix), "{stage:?}");
        // Back in monitoring, reopening is no move until the case is verified again.
        assert!(!allowed_now(&case).contains(&K::Reopen), "{stage:?}");
    }
}

#[test]
fn a_late_reopen_needs_a_new_fix_and_verification_and_counts_again() {
    let mut sim = drive_to(Stage::ReadyToClose);
    sim.act(&it_management(), reopen("häiriö palasi ennen sulkemista"));
    assert_eq!(sim.case().reopen_count, 1);
    // Not closable from monitoring.
    assert!(matches!(
        sim.clone()
            .try_act(&it_management(), Command::Close { summary: None }),
        Err(Refusal::NotAllowedNow { .. })
    ));
    for (c, kind) in [
        (vendor(), K::ReportFix),
        (it_management(), K::AcknowledgeFix),
        (verifier(), K::Verify),
    ] {
        let cmd = sample_command(kind, &sim.case(), sim.now);
        sim.act(&c, cmd);
    }
    assert_eq!(sim.stage(), Stage::Verified);
    sim.act(&it_management(), reopen("taas"));
    let case = sim.case();
    assert_eq!(case.stage, Stage::Monitoring);
    assert_eq!(case.reopen_count, 2);
    let reopens = sim.count(|e| matches!(e, CaseEvent::Reopened { .. }));
    assert_eq!(reopens, 2);
}

#[test]
fn reopening_an_ended_decision_goes_back_to_where_it_was_decided() {
    // Not started: back to assessment, the assessment kept.
    let mut sim = drive_to(Stage::NormalProcess);
    sim.act(&service_desk(), reopen("lisää käyttäjiä ilmoittanut"));
    let case = sim.case();
    assert_eq!(case.stage, Stage::Assessment);
    assert_eq!(case.assessment_colour(), Some(Colour::Red));
    assert_eq!(case.reopen_count, 1);

    // Dismissed after an assessment: back to assessment.
    let mut sim = drive_to(Stage::Assessment);
    sim.act(&service_desk(), dismiss(DismissReason::NoDisruption, None));
    sim.act(&mim_contact(), reopen("häiriö sittenkin"));
    assert_eq!(sim.stage(), Stage::Assessment);

    // Dismissed before any assessment: back to detection.
    let mut sim = drive_to(Stage::Dismissed);
    sim.act(&it_management(), reopen("häiriö sittenkin"));
    assert_eq!(sim.stage(), Stage::Detection);
}

#[test]
fn dismissing_as_a_duplicate_names_another_case() {
    let sim = drive_to(Stage::Detection);
    let other = CaseId::new(2026, 41);

    let got = sim
        .clone()
        .try_act(&service_desk(), dismiss(DismissReason::Duplicate, None));
    assert!(is_invalid(&got, "duplicate_of"), "{got:?}");
    let got = sim.clone().try_act(
        &service_desk(),
        dismiss(DismissReason::Duplicate, Some(sim.id.clone())),
    );
    assert!(is_invalid(&got, "duplicate_of"), "itself: {got:?}");

    let mut s = sim.clone();
    let d = s.act(
        &service_desk(),
        dismiss(DismissReason::Duplicate, Some(other.clone())),
    );
    assert!(matches!(
        d.events.as_slice(),
        [CaseEvent::Dismissed { reason: DismissReason::Duplicate, duplicate_of: Some(of), .. }] if *of == other
    ));
    assert_eq!(s.stage(), Stage::Dismissed);
}

#[test]
fn nobody_chooses_the_quiet_period_as_a_reason() {
    for sim in [drive_to(Stage::Detection), drive_to(Stage::Assessment)] {
        for c in [service_desk(), everyone()] {
            let got = sim
                .clone()
                .try_act(&c, dismiss(DismissReason::QuietPeriodElapsed, None));
            assert!(is_invalid(&got, "reason"), "{got:?}");
        }
    }
}

#[test]
fn other_reasons_dismiss_from_detection_and_assessment() {
    for reason in [DismissReason::NoDisruption, DismissReason::FalseAlarm] {
        for sim in [drive_to(Stage::Detection), yellow_assessment()] {
            let mut s = sim;
            s.act(&service_desk(), dismiss(reason, None));
            assert_eq!(s.stage(), Stage::Dismissed, "{reason:?}");
        }
    }
}

#[test]
fn a_progress_report_demand_is_due_in_the_future() {
    let sim = drive_to(Stage::Monitoring);
    for due in [sim.now, sim.now - Duration::seconds(1)] {
        let got = sim.clone().try_act(
            &it_management(),
            Command::DemandProgressReport {
                note: None,
                due_by: Some(due),
            },
        );
        assert!(is_invalid(&got, "due_by"), "{got:?}");
    }
    sim.clone().act(
        &it_management(),
        Command::DemandProgressReport {
            note: None,
            due_by: Some(sim.now + Duration::seconds(1)),
        },
    );
}

#[test]
fn editing_details_needs_something_to_change() {
    let sim = drive_to(Stage::Monitoring);
    let got = sim.clone().try_act(
        &service_desk(),
        Command::EditDetails {
            title: None,
            description: None,
        },
    );
    assert!(is_invalid(&got, "title"), "{got:?}");
}

// --- the walk-through's timeline owner ----------------------------------------------------------

#[test]
fn a_walk_through_needs_a_timeline_owner() {
    let sim = drive_to(Stage::ReturnedToNormal);
    let mut s = sim.clone();
    let got = s.try_act(
        &it_management(),
        Command::DecideWalkThrough {
            needed: true,
            reason: Some(passage("varajärjestely oli kallis")),
            timeline_owner: None,
        },
    );
    assert!(is_invalid(&got, "timeline_owner"), "{got:?}");
    assert_eq!(s.stage(), Stage::ReturnedToNormal);
    assert_eq!(s.events.len(), sim.events.len(), "nothing recorded");

    // With the owner named: the walk-through starts and the owner is recorded.
    let mut s = sim.clone();
    let owner = person("tiina", "Tiina Tietohallinto");
    let d = s.act(
        &it_management(),
        Command::DecideWalkThrough {
            needed: true,
            reason: None,
            timeline_owner: Some(owner.clone()),
        },
    );
    assert_eq!(
        d.events,
        vec![CaseEvent::WalkThroughDecided {
            needed: true,
            reason: None,
            timeline_owner: Some(owner),
        }]
    );
    assert_eq!(s.stage(), Stage::WalkThrough);
}

#[test]
fn no_walk_through_needs_no_timeline_owner() {
    let mut sim = drive_to(Stage::ReturnedToNormal);
    let d = sim.act(
        &it_management(),
        Command::DecideWalkThrough {
            needed: false,
            reason: Some(passage("lyhyt katko")),
            timeline_owner: None,
        },
    );
    assert_eq!(
        d.events,
        vec![CaseEvent::WalkThroughDecided {
            needed: false,
            reason: Some("lyhyt katko".into()),
            timeline_owner: None,
        }]
    );
    assert_eq!(sim.stage(), Stage::ReadyToClose);
}

#[test]
fn the_missing_timeline_owner_is_checked_only_for_whoever_may_decide() {
    // The role comes first: someone who may not decide is told so, whatever they send.
    let sim = drive_to(Stage::ReturnedToNormal);
    let got = sim.clone().try_act(
        &service_desk(),
        Command::DecideWalkThrough {
            needed: true,
            reason: None,
            timeline_owner: None,
        },
    );
    assert_eq!(
        got,
        Err(Refusal::MissingRole {
            command: K::DecideWalkThrough,
            needs: vec![mim_domain::Role::ItManagement],
        })
    );
}

// --- communications -------------------------------------------------------------------------

const KINDS: [C; 6] = [
    C::FirstNotice,
    C::Update,
    C::BackupAnnouncement,
    C::NotStarted,
    C::ReturnToNormal,
    C::WalkThroughInvitation,
];

/// Which message fits which stage: the first notice and backup announcements while MIM runs,
/// updates while the case runs, "not started" after that decision, the return to normal only
/// once signed off, the invitation during the walk-through.
fn fits(kind: C, stage: Stage) -> bool {
    use Stage::*;
    let running = [
        MimStarted,
        BackupActivation,
        Monitoring,
        FixReported,
        AwaitingVerification,
        Verified,
    ];
    match kind {
        C::FirstNotice | C::BackupAnnouncement => running.contains(&stage),
        C::Update => stage.is_open(),
        C::NotStarted => stage == NormalProcess,
        C::ReturnToNormal => [ReturnedToNormal, WalkThrough, ReadyToClose].contains(&stage),
        C::WalkThroughInvitation => stage == WalkThrough,
    }
}

#[test]
fn each_kind_of_message_fits_only_its_stages() {
    for stage in Stage::ALL {
        let sim = drive_to(stage);
        if !allowed_now(&sim.case()).contains(&K::RecordCommunication) {
            continue;
        }
        for kind in KINDS {
            let next = kind
                .needs_next_update()
                .then(|| sim.now + Duration::hours(2));
            let got = sim
                .clone()
                .try_act(&it_management(), communication(kind, next));
            if fits(kind, stage) {
                assert!(got.is_ok(), "{kind:?} in {stage:?}: {got:?}");
            } else {
                assert!(is_invalid(&got, "kind"), "{kind:?} in {stage:?}: {got:?}");
            }
        }
    }
}

#[test]
fn the_return_to_normal_is_not_announced_before_sign_off() {
    for stage in [
        Stage::Monitoring,
        Stage::FixReported,
        Stage::AwaitingVerification,
        Stage::Verified,
    ] {
        let got = drive_to(stage).try_act(&it_management(), communication(C::ReturnToNormal, None));
        assert!(is_invalid(&got, "kind"), "{stage:?}: {got:?}");
    }
    let mut sim = drive_to(Stage::ReturnedToNormal);
    sim.act(&it_management(), communication(C::ReturnToNormal, None));
}

#[test]
fn every_message_but_the_closing_ones_names_a_future_next_update() {
    let sim = drive_to(Stage::Monitoring);
    let now = sim.now;
    for kind in [C::FirstNotice, C::Update, C::BackupAnnouncement] {
        assert!(kind.needs_next_update());
        for bad in [
            None,
            Some(now),
            Some(now - Duration::seconds(1)),
            Some(now + Duration::days(14) + Duration::seconds(1)),
        ] {
            let got = sim
                .clone()
                .try_act(&it_management(), communication(kind, bad));
            assert!(
                is_invalid(&got, "next_update_at"),
                "{kind:?} {bad:?}: {got:?}"
            );
        }
        for good in [now + Duration::seconds(1), now + Duration::days(14)] {
            let mut s = sim.clone();
            let d = s.act(&it_management(), communication(kind, Some(good)));
            assert!(matches!(
                d.events.as_slice(),
                [CaseEvent::CommunicationRecorded { next_update_at: Some(at), .. }] if *at == good
            ));
            assert_eq!(s.case().next_update_at, Some(good), "{kind:?}");
        }
    }
}

#[test]
fn closing_messages_promise_no_next_update() {
    let cases = [
        (C::NotStarted, drive_to(Stage::NormalProcess)),
        (C::ReturnToNormal, drive_to(Stage::ReturnedToNormal)),
        (C::WalkThroughInvitation, drive_to(Stage::WalkThrough)),
    ];
    for (kind, sim) in cases {
        assert!(!kind.needs_next_update(), "{kind:?}");
        let c = if kind == C::NotStarted {
            service_desk()
        } else {
            it_management()
        };
        // Without a next update: fine. With one: refused, naming the field.
        let mut s = sim.clone();
        s.act(&c, communication(kind, None));
        let refused = sim
            .clone()
            .try_act(&c, communication(kind, Some(sim.now + Duration::hours(1))));
        assert!(
            matches!(
                refused,
                Err(Refusal::Invalid {
                    field: "next_update_at",
                    ..
                })
            ),
            "{kind:?}: {refused:?}"
        );
        assert_eq!(s.case().next_update_at, None, "{kind:?}");
    }
}

#[test]
fn a_promised_update_becomes_overdue_after_its_time_until_the_case_ends() {
    let mut sim = drive_to(Stage::Monitoring);
    let promised = sim.now + Duration::minutes(30);
    sim.act(&it_management(), communication(C::Update, Some(promised)));
    let case = sim.case();
    assert!(!case.update_overdue(promised));
    assert!(case.update_overdue(promised + Duration::seconds(1)));

    // The return to normal ends the line of communication.
    let mut sim = drive_to(Stage::Monitoring);
    sim.act(
        &it_management(),
        communication(C::Update, Some(sim.now + Duration::minutes(30))),
    );
    while sim.stage() != Stage::Closed {
        let case = sim.case();
        let (c, kind) = match case.stage {
            Stage::Monitoring => (vendor(), K::ReportFix),
            Stage::FixReported => (it_management(), K::AcknowledgeFix),
            Stage::AwaitingVerification => {
                sim.act(&it_management(), name_verifiers());
                (verifier(), K::Verify)
            }
            Stage::Verified if case.active_backup.is_some() => (it_management(), K::EndBackup),
            Stage::Verified => (it_management(), K::SignOff),
            Stage::ReturnedToNormal => (it_management(), K::DecideWalkThrough),
            _ => (it_management(), K::Close),
        };
        let cmd = sample_command(kind, &sim.case(), sim.now);
        sim.act(&c, cmd);
    }
    assert!(!sim.case().update_overdue(sim.now + Duration::days(1)));
}

// --- mim's own dismissal of a quiet detection -------------------------------------------------

fn quiet() -> Duration {
    Duration::minutes(60)
}

/// Detection with one alert that fired and resolved; the last thing happened at `now`.
/// (The case is opened by the service desk's `Sim::open`, but no person took a step since.)
fn resolved_alert_detection() -> Sim {
    let mut sim = Sim::open();
    sim.tick(Duration::minutes(1));
    sim.alert_firing("ajanvaraus-app01");
    sim.tick(Duration::minutes(4));
    sim.alert_resolved("ajanvaraus-app01");
    sim
}

#[test]
fn a_quiet_detection_is_dismissed_exactly_at_the_quiet_period() {
    let base = resolved_alert_detection();
    let last = base.now;

    let mut sim = base.clone();
    sim.now = last + quiet() - Duration::seconds(1);
    assert_eq!(sim.auto_dismiss(quiet()), None, "one second early");

    let mut sim = base.clone();
    sim.now = last + quiet();
    let e = sim
        .auto_dismiss(quiet())
        .expect("dismissed at the quiet period");
    match e {
        CaseEvent::Dismissed {
            reason,
            duplicate_of,
            text,
        } => {
            assert_eq!(reason, DismissReason::QuietPeriodElapsed);
            assert_eq!(duplicate_of, None);
            assert_eq!(text, "60 min");
        }
        other => panic!("{other:?}"),
    }
    let case = sim.case();
    assert_eq!(case.stage, Stage::Dismissed);
    assert_eq!(case.ended_at, Some(last + quiet()));
    // Logged as mim's, not a person's.
    assert_eq!(sim.events.last().expect("event").actor.role(), None);
    // A person can still bring it back.
    sim.act(&service_desk(), reopen("sittenkin häiriö"));
    assert_eq!(sim.stage(), Stage::Detection);
}

#[test]
fn no_auto_dismiss_while_an_alert_fires() {
    let mut sim = Sim::open();
    sim.alert_firing("a");
    sim.alert_firing("b");
    sim.alert_resolved("a");
    sim.tick(Duration::days(2));
    assert_eq!(sim.auto_dismiss(quiet()), None);
    // The same alert firing twice needs one resolve only.
    let mut sim = Sim::open();
    sim.alert_firing("a");
    sim.alert_firing("a");
    sim.alert_resolved("a");
    sim.tick(quiet());
    assert!(sim.auto_dismiss(quiet()).is_some());
}

#[test]
fn no_auto_dismiss_without_any_monitoring_signal() {
    let mut sim = Sim::open();
    sim.tick(Duration::days(2));
    let case = sim.case();
    assert_eq!(case.monitoring_signals, 0);
    assert_eq!(sim.auto_dismiss(quiet()), None);
}

#[test]
fn a_case_opened_from_a_monitoring_report_whose_alerts_resolved_is_dismissed() {
    let mut sim = Sim::open_from_monitoring();
    sim.tick(Duration::minutes(1));
    sim.alert_firing("ajanvaraus-app01");
    sim.tick(Duration::minutes(4));
    sim.alert_resolved("ajanvaraus-app01");
    let case = sim.case();
    assert_eq!(case.version, 1, "no person took a step");
    assert_eq!(case.reports, 1);
    assert_eq!(case.human_reports, 0);
    assert_eq!(case.monitoring_signals, 2, "the report and the alert");
    let last = sim.now;

    sim.now = last + quiet() - Duration::seconds(1);
    assert_eq!(sim.clone().auto_dismiss(quiet()), None, "one second early");
    sim.now = last + quiet();
    let e = sim.auto_dismiss(quiet()).expect("dismissed");
    assert!(
        matches!(
            e,
            CaseEvent::Dismissed {
                reason: DismissReason::QuietPeriodElapsed,
                duplicate_of: None,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(sim.stage(), Stage::Dismissed);
    assert_eq!(sim.events.last().expect("event").actor.role(), None);
}

#[test]
fn a_monitoring_report_alone_is_a_monitoring_signal() {
    let mut sim = Sim::open_from_monitoring();
    let case = sim.case();
    assert_eq!(case.alerts_seen, 0);
    assert_eq!(case.monitoring_signals, 1);
    sim.tick(quiet());
    assert!(sim.auto_dismiss(quiet()).is_some());
}

#[test]
fn no_auto_dismiss_once_a_person_took_a_step() {
    let steps = [
        (it_management(), name_verifiers()),
        (
            service_desk(),
            Command::EditDetails {
                title: Some(line("Ajanvaraus hidas")),
                description: None,
            },
        ),
    ];
    for (c, cmd) in steps {
        for mut sim in [resolved_alert_detection(), Sim::open_from_monitoring()] {
            let what = format!("{:?} by {}", cmd.kind(), c.user);
            sim.act(&c, cmd.clone());
            let case = sim.case();
            assert_eq!(case.stage, Stage::Detection, "{what}");
            assert!(case.version > 1, "{what}: a process step");
            assert!(case.firing_alerts.is_empty(), "{what}");
            assert_eq!(case.human_reports, 0, "{what}");
            sim.tick(Duration::days(2));
            assert_eq!(sim.auto_dismiss(quiet()), None, "{what}");
        }
    }
}

#[test]
fn no_auto_dismiss_of_a_case_a_person_reopened() {
    let mut sim = resolved_alert_detection();
    sim.tick(quiet());
    sim.auto_dismiss(quiet()).expect("dismissed by mim");
    sim.act(&service_desk(), reopen("sittenkin häiriö"));
    assert_eq!(sim.stage(), Stage::Detection);
    sim.tick(Duration::days(2));
    assert_eq!(sim.auto_dismiss(quiet()), None);
}

#[test]
fn no_auto_dismiss_of_a_human_report_from_any_channel() {
    for channel in HUMAN_CHANNELS {
        for mut sim in [resolved_alert_detection(), Sim::open_from_monitoring()] {
            sim.report_via(channel, "ajanvaraus ei aukea");
            let case = sim.case();
            assert_eq!(case.human_reports, 1, "{channel:?}");
            assert_eq!(case.version, 1, "{channel:?}: a report is no step");
            sim.tick(Duration::days(2));
            assert_eq!(sim.auto_dismiss(quiet()), None, "{channel:?}");
        }
    }
    // A human report alone never is, either.
    let mut sim = Sim::open();
    sim.report("ajanvaraus ei aukea");
    sim.tick(Duration::days(2));
    assert_eq!(sim.auto_dismiss(quiet()), None);
}

#[test]
fn a_note_means_a_person_is_looking_so_mim_never_dismisses_the_case() {
    let mut sim = resolved_alert_detection();
    sim.tick(Duration::minutes(59));
    sim.act(
        &service_desk(),
        Command::AddNote {
            text: passage("katsotaan"),
        },
    );
    assert_eq!(sim.auto_dismiss(quiet()), None);
    sim.tick(Duration::days(2));
    assert_eq!(
        sim.auto_dismiss(quiet()),
        None,
        "a person's case waits for a person"
    );
}

#[test]
fn a_back_filled_entry_counts_from_when_it_was_recorded() {
    let mut sim = resolved_alert_detection();
    let recorded = sim.now + Duration::minutes(30);
    sim.record_at(
        mim_domain::case::Actor::Mim,
        CaseEvent::alert_resolved("vanha"),
        sim.now - Duration::hours(3),
        recorded,
    );
    sim.now = recorded + quiet() - Duration::seconds(1);
    assert_eq!(sim.auto_dismiss(quiet()), None);
    sim.now = recorded + quiet();
    assert!(sim.auto_dismiss(quiet()).is_some());
}

#[test]
fn only_detection_is_dismissed_by_mim() {
    for stage in Stage::ALL {
        let mut sim = drive_to(stage);
        sim.alert_firing("x");
        sim.alert_resolved("x");
        sim.tick(Duration::days(1));
        let got = sim.auto_dismiss(quiet());
        assert_eq!(got.is_some(), stage == Stage::Detection, "{stage:?}");
    }
}

// --- case C16: reopen semantics -------------------------------------------------------------

#[test]
fn c16_a_editing_a_closed_case_keeps_it_closed() {
    let mut sim = drive_to(Stage::Closed);
    let closed = sim.case();
    let from = sim.events.len();

    sim.act(
        &it_management(),
        Command::EditDetails {
            title: Some(line("Ajanvarauksen katko 10.2.")),
            description: Some(passage("Tietokantapalvelin jumissa")),
        },
    );
    sim.act(
        &service_desk(),
        Command::EditDetails {
            title: None,
            description: Some(passage("Tietokantapalvelin jumissa; korjattu")),
        },
    );
    for kind in [
        K::AddFinding,
        K::AddActionItem,
        K::RecordVendorReport,
        K::AddNote,
    ] {
        let cmd = sample_command(kind, &sim.case(), sim.now);
        sim.act(&it_management(), cmd);
    }

    let case = sim.case();
    assert_eq!(case.stage, Stage::Closed);
    assert_eq!(case.reopen_count, 0);
    assert_eq!(
        case.ended_at, closed.ended_at,
        "still ended when it was closed"
    );
    assert_eq!(case.title, "Ajanvarauksen katko 10.2.");
    assert_eq!(
        case.description.as_deref(),
        Some("Tietokantapalvelin jumissa; korjattu")
    );
    assert!(
        !sim.events_since(from)
            .iter()
            .any(|e| matches!(e.event, CaseEvent::Reopened { .. })),
        "no reopened event"
    );
    // And nothing goes out about it.
    let got = decide(
        &case,
        &communication(C::Update, Some(sim.now + Duration::hours(1))),
        &it_management(),
        sim.now,
    );
    assert!(matches!(got, Err(Refusal::NotAllowedNow { .. })), "{got:?}");
}

#[test]
fn c16_b_reopening_a_closed_case_gives_exactly_one_reopen() {
    let mut sim = drive_to(Stage::Closed);
    let from = sim.events.len();
    sim.act(&it_management(), reopen("häiriö palasi"));
    let reopens: Vec<_> = sim
        .events_since(from)
        .iter()
        .filter(|e| matches!(e.event, CaseEvent::Reopened { .. }))
        .collect();
    assert_eq!(reopens.len(), 1);
    assert_eq!(sim.events_since(from).len(), 1, "one event, nothing else");
    let case = sim.case();
    assert_eq!(case.id, CaseId::new(2026, 1), "the same case");
    assert_eq!(case.reopen_count, 1);
    assert_eq!(case.stage, Stage::Monitoring);
    // A second reopen is no move of a running case.
    assert!(matches!(
        sim.try_act(&it_management(), reopen("taas")),
        Err(Refusal::NotAllowedNow { .. })
    ));
    assert_eq!(sim.case().reopen_count, 1);
}

// --- evidence never moves a case --------------------------------------------------------------

#[test]
fn reports_and_alerts_never_change_the_stage_or_the_version() {
    for stage in Stage::ALL {
        let mut sim = drive_to(stage);
        let before = sim.case();
        sim.alert_firing("z");
        sim.report("ei toimi");
        sim.alert_resolved("z");
        let after = sim.case();
        assert_eq!(after.stage, before.stage, "{stage:?}");
        assert_eq!(after.version, before.version, "{stage:?}: version");
        assert_eq!(after.last_seq, before.last_seq + 3, "{stage:?}: seq");
        assert_eq!(after.reports, before.reports + 1);
        assert_eq!(
            after.human_reports,
            before.human_reports + 1,
            "a phone report"
        );
        assert_eq!(
            after.monitoring_signals,
            before.monitoring_signals + 1,
            "the alert"
        );
        assert_eq!(after.alerts_seen, before.alerts_seen + 1);
        assert!(after.firing_alerts.is_empty());
    }
}

#[test]
fn reports_are_counted_by_channel() {
    let mut sim = Sim::open();
    sim.report_via(ReportChannel::Monitoring, "Zabbix");
    for channel in HUMAN_CHANNELS {
        sim.report_via(channel, "ei toimi");
    }
    sim.alert_firing("a");
    sim.alert_firing("b");
    sim.alert_resolved("a");
    let case = sim.case();
    assert_eq!(case.reports, 6, "every report");
    assert_eq!(case.human_reports, 5, "all but the monitoring report");
    assert_eq!(
        case.monitoring_signals, 3,
        "the monitoring report and two alerts"
    );
    assert_eq!(case.alerts_seen, 2);
    assert_eq!(case.version, 1);
}

#[test]
fn the_version_counts_process_steps_only() {
    let mut sim = drive_to(Stage::Monitoring);
    let v = sim.case().version;
    sim.act(
        &vendor(),
        Command::AddNote {
            text: passage("soitin"),
        },
    );
    assert_eq!(sim.case().version, v, "a note is not a process step");
    sim.act(
        &it_management(),
        Command::EscalateToVendor {
            to: line("Toimittaja X"),
            note: None,
        },
    );
    assert_eq!(sim.case().version, v + 1);
}

#[test]
fn a_backup_arrangement_in_use_is_ended_before_another_is_decided() {
    let mut sim = drive_to(Stage::Monitoring);
    let Some(active) = sim.case().active_backup else {
        panic!("the path to monitoring takes an arrangement into use")
    };
    assert!(allowed_now(&sim.case()).contains(&K::EndBackup));
    let refused = sim
        .clone()
        .try_act(&it_management(), backup(true, Some(it_arrangement())));
    assert!(
        matches!(
            refused,
            Err(Refusal::Precondition {
                code: "backup_in_use",
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(matches!(
        sim.clone()
            .try_act(&service_desk(), Command::EndBackup { note: None }),
        Err(Refusal::MissingRole { .. })
    ));
    let d = sim.act(
        &it_management(),
        Command::EndBackup {
            note: Some(passage("normaali toiminta")),
        },
    );
    assert_eq!(
        d.events,
        vec![CaseEvent::BackupEnded {
            arrangement: Some(active),
            note: Some("normaali toiminta".into())
        }]
    );
    let case = sim.case();
    assert_eq!(case.active_backup, None);
    assert!(!allowed_now(&case).contains(&K::EndBackup));
    sim.act(&it_management(), backup(true, Some(it_arrangement())));
    assert_eq!(sim.stage(), Stage::BackupActivation);
}

#[test]
fn the_return_to_normal_is_signed_off_only_after_the_backup_arrangement_ends() {
    let mut sim = drive_to(Stage::Monitoring);
    sim.act(
        &vendor(),
        Command::ReportFix {
            text: passage("korjattu"),
        },
    );
    sim.act(&it_management(), name_verifiers());
    sim.act(&it_management(), Command::AcknowledgeFix { note: None });
    sim.act(&verifier(), verify(true, None));
    assert_eq!(sim.stage(), Stage::Verified);
    let refused = sim
        .clone()
        .try_act(&it_management(), Command::SignOff { note: None });
    assert!(
        matches!(
            refused,
            Err(Refusal::Precondition {
                code: "backup_in_use",
                ..
            })
        ),
        "{refused:?}"
    );
    sim.act(&it_management(), Command::EndBackup { note: None });
    sim.act(&it_management(), Command::SignOff { note: None });
    assert_eq!(sim.stage(), Stage::ReturnedToNormal);
}

#[test]
fn past_estimates_and_due_dates_are_refused() {
    let mut sim = drive_to(Stage::Monitoring);
    let past = sim.now - Duration::minutes(5);
    let refused = sim.clone().try_act(
        &vendor(),
        Command::RecordVendorProgress {
            text: passage("etenee"),
            estimate: Some(past),
        },
    );
    assert!(
        matches!(
            refused,
            Err(Refusal::Invalid {
                field: "estimate",
                ..
            })
        ),
        "{refused:?}"
    );
    sim.act(
        &vendor(),
        Command::RecordVendorProgress {
            text: passage("etenee"),
            estimate: Some(sim.now + Duration::hours(2)),
        },
    );
    let mut closed = drive_to(Stage::WalkThrough);
    let long_ago = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let refused = closed.clone().try_act(
        &it_management(),
        Command::AddActionItem {
            title: line("ohje"),
            owner: line("Jukka"),
            due: long_ago,
        },
    );
    assert!(
        matches!(refused, Err(Refusal::Invalid { field: "due", .. })),
        "{refused:?}"
    );
    let next_month = (closed.now + Duration::days(30)).date_naive();
    closed.act(
        &it_management(),
        Command::AddActionItem {
            title: line("ohje"),
            owner: line("Jukka"),
            due: next_month,
        },
    );
}
