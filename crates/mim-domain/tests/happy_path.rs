//! One case from Detection to Closed, the way PROCESS.md runs it: a yellow result decided by the
//! MIM contact person, a costly backup arrangement decided by the management group, a fix that
//! fails verification and reopens, then sign-off, walk-through and closing.

mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use mim_domain::Role;
use mim_domain::case::{
    CaseEvent, Command, CommunicationKind as C, FindingCategory, MimForm, Refusal, Stage,
    allowed_now,
};
use mim_domain::impact::{Colour, Severity};

#[test]
fn detection_to_closed_with_one_failed_verification() {
    let mut sim = Sim::open();
    let opened_at = sim.now;

    // Detection: a phone call and an alert.
    sim.report("Ajanvaraus ei aukea");
    sim.alert_firing("ajanvaraus-app01");
    assert_eq!(sim.stage(), Stage::Detection);

    // Assessment: 60 users, inconvenient → yellow; the service desk calls the contact.
    sim.tick(Duration::minutes(5));
    sim.act(&service_desk(), assess(60, Severity::Inconvenient));
    let case = sim.case();
    assert_eq!(case.stage, Stage::Assessment);
    assert_eq!(case.assessment_colour(), Some(Colour::Yellow));
    assert_eq!(case.responsible(), [Role::MimContact]);
    sim.act(
        &service_desk(),
        Command::CallMimContact {
            note: Some(passage("Mirja tavoitettu 09.10")),
        },
    );

    // The named MIM contact person starts MIM; the service desk sends the quick first notice.
    let d = sim.act(&mim_contact(), criticality(true, None));
    assert_eq!(d.role, Role::MimContact);
    assert_eq!(sim.stage(), Stage::MimStarted);
    let next = sim.now + Duration::minutes(30);
    sim.act(&service_desk(), communication(C::FirstNotice, Some(next)));
    assert_eq!(sim.case().next_update_at, Some(next));

    // IT management owns the case: verifier named, the management group decides on the costly
    // arrangement, IT management takes it into use and announces it.
    sim.act(&it_management(), name_verifiers());
    sim.act(&management_group(), backup(true, Some(mg_arrangement())));
    assert_eq!(sim.stage(), Stage::BackupActivation);
    sim.act(&it_management(), Command::ActivateBackup { note: None });
    assert_eq!(sim.stage(), Stage::Monitoring);
    let next = sim.now + Duration::hours(1);
    sim.act(
        &it_management(),
        communication(C::BackupAnnouncement, Some(next)),
    );

    // Monitoring: escalation, acknowledgement, progress.
    sim.act(
        &it_management(),
        Command::EscalateToVendor {
            to: line("Toimittaja X, päivystys"),
            note: None,
        },
    );
    sim.act(&vendor(), Command::AcknowledgeEscalation { note: None });
    let due = sim.now + Duration::minutes(30);
    sim.act(
        &it_management(),
        Command::DemandProgressReport {
            note: None,
            due_by: Some(due),
        },
    );
    sim.act(
        &vendor(),
        Command::RecordVendorProgress {
            text: passage("Tietokantapalvelin jumissa"),
            estimate: Some(sim.now + Duration::hours(1)),
        },
    );
    let next = sim.now + Duration::hours(1);
    sim.act(&it_management(), communication(C::Update, Some(next)));

    // The first fix does not hold.
    sim.act(
        &vendor(),
        Command::ReportFix {
            text: passage("Palvelin käynnistetty uudelleen"),
        },
    );
    assert_eq!(sim.stage(), Stage::FixReported);
    sim.act(&it_management(), Command::AcknowledgeFix { note: None });
    assert_eq!(sim.stage(), Stage::AwaitingVerification);
    sim.act(&verifier(), verify(false, Some("kirjautuminen kaatuu yhä")));
    let case = sim.case();
    assert_eq!(case.stage, Stage::Monitoring);
    assert_eq!(case.reopen_count, 1);

    // The second fix holds; the deputy verifies, IT management signs off and announces.
    sim.alert_resolved("ajanvaraus-app01");
    sim.act(
        &vendor(),
        Command::ReportFix {
            text: passage("Tietokannan indeksi korjattu"),
        },
    );
    sim.act(&it_management(), Command::AcknowledgeFix { note: None });
    // Not signed off yet: the end of the disruption is not announced.
    assert!(
        sim.clone()
            .try_act(&it_management(), communication(C::ReturnToNormal, None))
            .is_err()
    );
    sim.act(&verifier_deputy(), verify(true, None));
    assert_eq!(sim.stage(), Stage::Verified);
    // Back from the backup arrangement before the return to normal is signed off.
    sim.act(&it_management(), Command::EndBackup { note: None });
    sim.act(&it_management(), Command::SignOff { note: None });
    assert_eq!(sim.stage(), Stage::ReturnedToNormal);
    sim.act(&it_management(), communication(C::ReturnToNormal, None));
    assert_eq!(sim.case().next_update_at, None);

    // Walk-through: deciding on one needs the person who builds its timeline.
    assert!(matches!(
        sim.clone().try_act(
            &it_management(),
            Command::DecideWalkThrough {
                needed: true,
                reason: Some(passage("varajärjestely oli kallis")),
                timeline_owner: None,
            },
        ),
        Err(Refusal::Invalid {
            field: "timeline_owner",
            ..
        })
    ));
    sim.act(
        &it_management(),
        Command::DecideWalkThrough {
            needed: true,
            reason: Some(passage("varajärjestely oli kallis")),
            timeline_owner: Some(person("tiina", "Tiina Tietohallinto")),
        },
    );
    assert_eq!(sim.stage(), Stage::WalkThrough);
    sim.act(
        &it_management(),
        communication(C::WalkThroughInvitation, None),
    );
    sim.act(
        &service_desk(),
        Command::AddFinding {
            category: FindingCategory::ServiceDeskSummary,
            text: passage("Puheluita tuli 40 ensimmäisen tunnin aikana"),
        },
    );
    sim.act(
        &it_management(),
        Command::AddFinding {
            category: FindingCategory::Preventability,
            text: passage("Levytilan valvonta olisi varoittanut"),
        },
    );
    sim.act(
        &it_management(),
        Command::AddActionItem {
            title: line("Levytilan hälytys"),
            owner: line("Toimittaja X"),
            due: NaiveDate::from_ymd_opt(2026, 3, 15).expect("date"),
        },
    );
    sim.act(
        &vendor(),
        Command::RecordVendorReport {
            text: passage("Häiriöraportti: indeksi vioittui päivityksessä"),
        },
    );
    let closed_at = sim.now;
    sim.act(
        &it_management(),
        Command::Close {
            summary: Some(passage("Palvelu palautui, katselmointi tehty")),
        },
    );

    // The case at the end.
    let case = sim.case();
    assert_eq!(case.stage, Stage::Closed);
    assert!(!case.stage.is_open());
    assert_eq!(case.reopen_count, 1);
    assert_eq!(case.mim_started, Some(true));
    assert_eq!(case.assessment_colour(), Some(Colour::Yellow));
    assert_eq!(
        case.assessment.as_ref().map(|a| a.by.role()),
        Some(Some(Role::ServiceDesk))
    );
    assert_eq!(case.active_backup, None, "ended before the sign-off");
    assert_eq!(case.pending_backup, None);
    assert_eq!(case.verifier, Some(veera_named()));
    assert_eq!(case.verifier_deputy, Some(ville_named()));
    assert_eq!(case.mim_contact, Some(mirja_named()));
    assert_eq!(case.mim_contact_deputy, Some(markus_named()));
    assert_eq!(case.opened_at, opened_at);
    assert_eq!(case.ended_at, Some(closed_at));
    assert_eq!(case.next_update_at, None);
    assert!(!case.update_overdue(closed_at + Duration::days(30)));
    assert_eq!(case.reports, 1);
    assert_eq!(case.human_reports, 1, "the phone call");
    assert_eq!(case.monitoring_signals, 1, "the alert");
    assert_eq!(case.alerts_seen, 1);
    assert!(case.firing_alerts.is_empty());
    assert_eq!(case.last_seq, sim.events.last().expect("events").seq);
    let steps = sim.events.iter().filter(|e| e.event.is_process()).count();
    assert_eq!(case.version, u64::try_from(steps).expect("fits"));

    // Exactly one reopening, from the failed verification.
    let reopens: Vec<&CaseEvent> = sim
        .events
        .iter()
        .map(|e| &e.event)
        .filter(|e| matches!(e, CaseEvent::Reopened { .. }))
        .collect();
    assert_eq!(
        reopens,
        [&CaseEvent::Reopened {
            reason: "kirjautuminen kaatuu yhä".into(),
            from: Stage::AwaitingVerification,
            to: Stage::Monitoring,
        }]
    );

    // The closed case offers only reopening and the review; reopening is IT management's.
    assert!(allowed_now(&case).contains(&mim_domain::case::CommandKind::Reopen));
    assert!(matches!(
        sim.clone().try_act(&service_desk(), reopen("x")),
        Err(Refusal::MissingRole { .. })
    ));

    // The form tells the same story.
    let form = MimForm::new(case, &sim.events);
    assert_eq!(form.verifications.len(), 2);
    assert_eq!(form.reopenings.len(), 1);
    assert_eq!(form.communications.len(), 5);
    assert_eq!(
        form.decision
            .as_ref()
            .map(|d| d.by.user().map(|u| u.as_str())),
        Some(Some("mirja"))
    );
    assert_eq!(form.walk_through.len(), 4);
    assert_eq!(form.closure.len(), 1);
}
