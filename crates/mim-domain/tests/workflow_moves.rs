//! Every allowed and refused move of every stage, each stage reached through real `decide`
//! calls from Detection.

mod common;

use common::*;
use mim_domain::Role;
use mim_domain::case::{
    Caller, Case, Command, CommandKind as K, Refusal, Stage, allowed_now, decide,
};
use mim_domain::impact::Colour;
use std::collections::{BTreeSet, HashSet};

/// Open to every stage that still runs (PROCESS.md: the case can always be noted on, named,
/// edited and communicated about while it runs).
const OPEN: [K; 4] = [
    K::NamePeople,
    K::RecordCommunication,
    K::AddNote,
    K::EditDetails,
];
const VENDOR_WORK: [K; 4] = [
    K::EscalateToVendor,
    K::AcknowledgeEscalation,
    K::DemandProgressReport,
    K::RecordVendorProgress,
];

fn set(parts: &[&[K]]) -> BTreeSet<K> {
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

/// Each stage (two flavours of Assessment) with exactly the moves it offers.
fn table() -> Vec<(&'static str, Sim, BTreeSet<K>)> {
    vec![
        (
            "detection",
            drive_to(Stage::Detection),
            set(&[&[K::RecordAssessment, K::Dismiss, K::SetSystem], &OPEN]),
        ),
        (
            "assessment (red)",
            drive_to(Stage::Assessment),
            set(&[
                &[
                    K::RecordAssessment,
                    K::DecideCriticality,
                    K::Dismiss,
                    K::SetSystem,
                ],
                &OPEN,
            ]),
        ),
        (
            "assessment (green)",
            green_assessment(),
            set(&[
                &[
                    K::RecordAssessment,
                    K::DecideCriticality,
                    K::Dismiss,
                    K::SetSystem,
                ],
                &OPEN,
            ]),
        ),
        (
            "assessment (yellow)",
            yellow_assessment(),
            set(&[
                &[
                    K::RecordAssessment,
                    K::CallMimContact,
                    K::DecideCriticality,
                    K::Dismiss,
                    K::SetSystem,
                ],
                &OPEN,
            ]),
        ),
        (
            "mim started",
            drive_to(Stage::MimStarted),
            set(&[&[K::DecideBackup, K::RecordAssessment], &VENDOR_WORK, &OPEN]),
        ),
        (
            "backup activation",
            drive_to(Stage::BackupActivation),
            set(&[
                &[K::ActivateBackup, K::DecideBackup, K::RecordAssessment],
                &VENDOR_WORK,
                &OPEN,
            ]),
        ),
        (
            "monitoring",
            drive_to(Stage::Monitoring),
            set(&[
                &[K::ReportFix, K::DecideBackup, K::RecordAssessment],
                &VENDOR_WORK,
                &OPEN,
            ]),
        ),
        (
            "fix reported",
            drive_to(Stage::FixReported),
            set(&[
                &[
                    K::AcknowledgeFix,
                    K::RecordVendorProgress,
                    K::RecordVendorReport,
                ],
                &OPEN,
            ]),
        ),
        (
            "awaiting verification",
            drive_to(Stage::AwaitingVerification),
            set(&[&[K::Verify, K::RecordVendorReport], &OPEN]),
        ),
        // From verification on the problem may come back before closing: IT management
        // reopens the case to monitoring.
        (
            "verified",
            drive_to(Stage::Verified),
            set(&[&[K::SignOff, K::RecordVendorReport, K::Reopen], &OPEN]),
        ),
        (
            "returned to normal",
            drive_to(Stage::ReturnedToNormal),
            set(&[
                &[K::DecideWalkThrough, K::RecordVendorReport, K::Reopen],
                &OPEN,
            ]),
        ),
        (
            "walk-through",
            drive_to(Stage::WalkThrough),
            set(&[
                &[
                    K::AddFinding,
                    K::AddActionItem,
                    K::RecordVendorReport,
                    K::Close,
                    K::Reopen,
                ],
                &OPEN,
            ]),
        ),
        (
            "ready to close",
            drive_to(Stage::ReadyToClose),
            set(&[&[K::Close, K::RecordVendorReport, K::Reopen], &OPEN]),
        ),
        (
            "closed",
            drive_to(Stage::Closed),
            // The review stays editable without reopening (C16 a); no messages go out.
            set(&[&[
                K::Reopen,
                K::AddFinding,
                K::AddActionItem,
                K::RecordVendorReport,
                K::AddNote,
                K::EditDetails,
            ]]),
        ),
        (
            "normal process",
            drive_to(Stage::NormalProcess),
            // The decision not to start MIM is communicated too.
            set(&[&[
                K::Reopen,
                K::RecordCommunication,
                K::AddNote,
                K::EditDetails,
            ]]),
        ),
        (
            "dismissed",
            drive_to(Stage::Dismissed),
            set(&[&[K::Reopen, K::AddNote, K::EditDetails]]),
        ),
    ]
}

/// The person responsible for `kind` in PROCESS.md's role table, for the sample command.
fn responsible_caller(kind: K, case: &Case) -> (Caller, Role) {
    match kind {
        K::Verify => (verifier(), Role::Verifier),
        K::DecideCriticality if case.assessment_colour() == Some(Colour::Yellow) => {
            (mim_contact(), Role::MimContact)
        }
        K::RecordAssessment
        | K::CallMimContact
        | K::DecideCriticality
        | K::Dismiss
        | K::EditDetails
        | K::SetSystem => (service_desk(), Role::ServiceDesk),
        // Reopening an ended decision is anyone's; a late or closed case is IT management's.
        K::Reopen if matches!(case.stage, Stage::NormalProcess | Stage::Dismissed) => {
            (service_desk(), Role::ServiceDesk)
        }
        K::RecordCommunication if !case.stage.is_mim_running() => {
            (service_desk(), Role::ServiceDesk)
        }
        K::AcknowledgeEscalation
        | K::RecordVendorProgress
        | K::ReportFix
        | K::RecordVendorReport
        | K::AddNote => (vendor(), Role::Vendor),
        K::DecideBackup
        | K::ActivateBackup
        | K::EndBackup
        | K::EscalateToVendor
        | K::DemandProgressReport
        | K::AcknowledgeFix
        | K::NamePeople
        | K::SignOff
        | K::DecideWalkThrough
        | K::AddFinding
        | K::AddActionItem
        | K::Close
        | K::Reopen
        | K::RecordCommunication => (it_management(), Role::ItManagement),
    }
}

/// Where the sample command of `kind` takes a case in `stage`.
fn expected_next(stage: Stage, kind: K) -> Stage {
    match kind {
        K::RecordAssessment if stage == Stage::Detection => Stage::Assessment,
        K::Dismiss => Stage::Dismissed,
        K::DecideCriticality => Stage::MimStarted,
        // The sample says "no backup arrangement needed".
        K::DecideBackup => Stage::Monitoring,
        K::ActivateBackup => Stage::Monitoring,
        K::ReportFix => Stage::FixReported,
        K::AcknowledgeFix => Stage::AwaitingVerification,
        K::Verify => Stage::Verified,
        K::SignOff => Stage::ReturnedToNormal,
        K::DecideWalkThrough => Stage::WalkThrough,
        K::Close => Stage::Closed,
        K::Reopen => match stage {
            Stage::Verified
            | Stage::ReturnedToNormal
            | Stage::WalkThrough
            | Stage::ReadyToClose
            | Stage::Closed => Stage::Monitoring,
            Stage::NormalProcess => Stage::Assessment,
            // `drive_to(Dismissed)` dismisses before any assessment.
            Stage::Dismissed => Stage::Detection,
            other => panic!("reopen is no move of {other:?}"),
        },
        _ => stage,
    }
}

#[test]
fn allowed_now_is_exactly_the_stage_table() {
    let mut covered = HashSet::new();
    for (name, sim, mut want) in table() {
        let case = sim.case();
        covered.insert(case.stage);
        // The path to these stages took a backup arrangement into use: ending it is a move
        // of every later open stage.
        if case.active_backup.is_some() {
            want.insert(K::EndBackup);
        }
        let got = allowed_now(&case);
        let got_set: BTreeSet<K> = got.iter().copied().collect();
        assert_eq!(got.len(), got_set.len(), "{name}: duplicates in {got:?}");
        assert_eq!(got_set, want, "{name}: allowed_now");
    }
    assert_eq!(
        covered,
        Stage::ALL.into_iter().collect::<HashSet<_>>(),
        "every stage is in the table"
    );
}

#[test]
fn every_allowed_move_succeeds_for_the_responsible_role_and_lands_in_the_next_stage() {
    for (name, sim, want) in table() {
        let case = sim.case();
        for kind in want {
            let mut s = sim.clone();
            let (c, role) = responsible_caller(kind, &case);
            let cmd = sample_command(kind, &case, s.now);
            let d = s.act(&c, cmd);
            assert_eq!(d.role, role, "{name}: {kind:?} acted in");
            assert!(!d.events.is_empty(), "{name}: {kind:?} recorded nothing");
            assert_eq!(
                s.stage(),
                expected_next(case.stage, kind),
                "{name}: {kind:?} by {}",
                c.user
            );
        }
    }
}

#[test]
fn every_other_command_is_refused_as_not_allowed_now_listing_what_is() {
    // Even a caller holding every role is refused: the stage, not the role, says no.
    let all = everyone();
    for (name, sim, want) in table() {
        let case = sim.case();
        for kind in ALL_KINDS.into_iter().filter(|k| !want.contains(k)) {
            let cmd = sample_command(kind, &case, sim.now);
            let got = decide(&case, &cmd, &all, sim.now);
            assert_eq!(
                got,
                Err(Refusal::NotAllowedNow {
                    stage: case.stage,
                    command: kind,
                    allowed: allowed_now(&case),
                }),
                "{name}: {kind:?}"
            );
        }
    }
}

#[test]
fn ended_stages_record_when_they_ended_and_a_reopen_clears_it() {
    for stage in [Stage::Closed, Stage::NormalProcess, Stage::Dismissed] {
        let mut sim = drive_to(stage);
        let case = sim.case();
        assert!(!case.stage.is_open(), "{stage:?}");
        let last = sim.events.last().expect("events").occurred_at;
        assert_eq!(case.ended_at, Some(last), "{stage:?}: ended_at");
        let c = if stage == Stage::Closed {
            it_management()
        } else {
            service_desk()
        };
        sim.act(&c, reopen("uusi tieto"));
        let case = sim.case();
        assert!(case.stage.is_open(), "{stage:?} reopened");
        assert_eq!(case.ended_at, None, "{stage:?}: ended_at after reopen");
    }
}

#[test]
fn reopen_is_a_move_of_exactly_the_late_ended_and_closed_stages() {
    let reopenable: HashSet<Stage> = LATE_STAGES
        .into_iter()
        .chain([Stage::Closed, Stage::NormalProcess, Stage::Dismissed])
        .collect();
    for stage in Stage::ALL {
        let case = drive_to(stage).case();
        assert_eq!(
            allowed_now(&case).contains(&K::Reopen),
            reopenable.contains(&stage),
            "{stage:?}"
        );
    }
}

#[test]
fn a_reopen_from_a_late_stage_keeps_the_case_open_and_counts() {
    for stage in LATE_STAGES {
        let mut sim = drive_to(stage);
        let before = sim.case();
        assert!(before.stage.is_open(), "{stage:?}");
        assert_eq!(before.ended_at, None, "{stage:?}");
        let d = sim.act(&it_management(), reopen("häiriö palasi"));
        assert_eq!(d.role, Role::ItManagement, "{stage:?}");
        let case = sim.case();
        assert_eq!(case.stage, Stage::Monitoring, "{stage:?}");
        assert_eq!(case.reopen_count, before.reopen_count + 1, "{stage:?}");
        assert_eq!(case.ended_at, None, "{stage:?}");
        assert_eq!(
            case.version,
            before.version + 1,
            "{stage:?}: a process step"
        );
    }
}

#[test]
fn backup_branches() {
    // Not needed: straight from MIM started to monitoring, nothing pending or active.
    let mut sim = drive_to(Stage::MimStarted);
    sim.act(&it_management(), backup(false, None));
    let case = sim.case();
    assert_eq!(case.stage, Stage::Monitoring);
    assert_eq!(case.pending_backup, None);
    assert_eq!(case.active_backup, None);

    // Needed later, from monitoring: back to activation with the arrangement pending.
    sim.act(&it_management(), backup(true, Some(it_arrangement())));
    let case = sim.case();
    assert_eq!(case.stage, Stage::BackupActivation);
    assert_eq!(case.pending_backup, Some(it_arrangement()));
    assert_eq!(case.active_backup, None);

    // Changed mind before activation: monitoring, nothing pending.
    sim.act(&it_management(), backup(false, None));
    let case = sim.case();
    assert_eq!(case.stage, Stage::Monitoring);
    assert_eq!(case.pending_backup, None);

    // Needed and activated: the arrangement moves from pending to active.
    sim.act(&it_management(), backup(true, Some(it_arrangement())));
    sim.act(&it_management(), Command::ActivateBackup { note: None });
    let case = sim.case();
    assert_eq!(case.stage, Stage::Monitoring);
    assert_eq!(case.pending_backup, None);
    assert_eq!(case.active_backup, Some(it_arrangement()));
}

#[test]
fn needed_backup_without_an_arrangement_is_refused() {
    let mut sim = drive_to(Stage::MimStarted);
    let got = sim.try_act(&it_management(), backup(true, None));
    assert!(
        matches!(
            got,
            Err(Refusal::Invalid {
                field: "arrangement",
                ..
            })
        ),
        "{got:?}"
    );
    assert_eq!(sim.stage(), Stage::MimStarted);
}

#[test]
fn reassessment_in_detection_moves_on_but_later_only_updates_the_colour() {
    let mut sim = drive_to(Stage::Detection);
    sim.act(&service_desk(), assess_green());
    assert_eq!(sim.stage(), Stage::Assessment);
    sim.act(&service_desk(), assess_yellow());
    let case = sim.case();
    assert_eq!(case.stage, Stage::Assessment);
    assert_eq!(case.assessment_colour(), Some(Colour::Yellow));

    let mut sim = drive_to(Stage::Monitoring);
    sim.act(&service_desk(), assess_green());
    let case = sim.case();
    assert_eq!(
        case.stage,
        Stage::Monitoring,
        "a reassessment never ends MIM"
    );
    assert_eq!(case.mim_started, Some(true));
}
