//! Who may take which step: the role table of PROCESS.md, the role recorded, `acting_as`, and
//! the named people (MIM contact on yellow, verifier).

mod common;

use common::*;
use mim_domain::Role;
use mim_domain::case::{
    Case, CaseEvent, Command, CommandKind as K, Refusal, Stage, allowed_now, permitted_roles,
};
use mim_domain::impact::Colour;

/// The roles that take the sample command of `kind` on `case`, in order of preference
/// (PROCESS.md's swimlanes). The sample `DecideBackup` says "not needed": IT management's call.
fn taking_roles(kind: K, case: &Case) -> Vec<Role> {
    use Role::*;
    match kind {
        K::RecordAssessment => vec![ServiceDesk, MimContact, ItManagement],
        K::CallMimContact | K::Dismiss => vec![ServiceDesk],
        K::DecideCriticality if case.assessment_colour() == Some(Colour::Yellow) => {
            vec![MimContact]
        }
        K::DecideCriticality => vec![ServiceDesk, MimContact],
        K::DecideBackup
        | K::ActivateBackup
        | K::EscalateToVendor
        | K::DemandProgressReport
        | K::AcknowledgeFix
        | K::SignOff
        | K::DecideWalkThrough
        | K::Close => vec![ItManagement],
        K::AcknowledgeEscalation
        | K::RecordVendorProgress
        | K::ReportFix
        | K::RecordVendorReport => {
            vec![Vendor, ItManagement]
        }
        K::NamePeople | K::AddFinding | K::AddActionItem => vec![ItManagement, ServiceDesk],
        K::Reopen if case.stage == Stage::Closed => vec![ItManagement],
        K::Reopen => vec![ServiceDesk, MimContact, ItManagement],
        K::RecordCommunication | K::EditDetails => vec![ServiceDesk, ItManagement],
        K::AddNote => vec![
            ServiceDesk,
            MimContact,
            ItManagement,
            ManagementGroup,
            Vendor,
            Verifier,
        ],
        K::Verify => unreachable!("the verifier is a named person; tested below"),
    }
}

fn stages() -> Vec<Sim> {
    let mut v: Vec<Sim> = Stage::ALL.into_iter().map(drive_to).collect();
    v.push(yellow_assessment());
    v.push(green_assessment());
    v
}

/// A caller holding `role` alone (for the MIM contact: the named one, so the yellow rule
/// doesn't get in the way here).
fn only(role: Role) -> mim_domain::case::Caller {
    match role {
        Role::MimContact => mim_contact(),
        r => caller(&format!("only-{}", r.code()), &[r]),
    }
}

#[test]
fn each_role_alone_may_take_exactly_its_steps_and_others_are_told_which_roles_are_needed() {
    for sim in stages() {
        let case = sim.case();
        for kind in allowed_now(&case).into_iter().filter(|k| *k != K::Verify) {
            let takers = taking_roles(kind, &case);
            for role in Role::ALL {
                let c = only(role);
                let cmd = sample_command(kind, &case, sim.now);
                let got = sim.clone().try_act(&c, cmd);
                if takers.contains(&role) {
                    let d = got.unwrap_or_else(|r| {
                        panic!("{:?}: {kind:?} by {role:?} refused: {r}", case.stage)
                    });
                    assert_eq!(d.role, role, "{:?}: {kind:?}", case.stage);
                } else {
                    assert_eq!(
                        got,
                        Err(Refusal::MissingRole {
                            command: kind,
                            needs: takers.clone(),
                        }),
                        "{:?}: {kind:?} by {role:?}",
                        case.stage
                    );
                }
            }
        }
    }
}

#[test]
fn the_roles_offered_to_the_interface_match_the_role_table() {
    for sim in stages() {
        let case = sim.case();
        for kind in ALL_KINDS {
            let want: Vec<Role> = match kind {
                K::Verify => vec![Role::Verifier],
                // Either may decide, depending on who the arrangement names.
                K::DecideBackup => vec![Role::ItManagement, Role::ManagementGroup],
                k => taking_roles(k, &case),
            };
            assert_eq!(
                permitted_roles(kind, &case),
                want.as_slice(),
                "{:?}: {kind:?}",
                case.stage
            );
        }
    }
}

#[test]
fn end_users_stakeholders_and_admins_take_no_step() {
    let c = caller("ulla", &[Role::EndUser, Role::Stakeholder, Role::Admin]);
    for sim in stages() {
        let case = sim.case();
        for kind in allowed_now(&case) {
            let cmd = sample_command(kind, &case, sim.now);
            let got = sim.clone().try_act(&c, cmd);
            assert!(
                matches!(
                    got,
                    Err(Refusal::MissingRole { .. }) | Err(Refusal::NotNamedPerson { .. })
                ),
                "{:?}: {kind:?} → {got:?}",
                case.stage
            );
        }
    }
}

// --- the role acted in ----------------------------------------------------------------------

#[test]
fn the_role_acted_in_is_the_first_fitting_one_unless_acting_as_picks_another() {
    let sim = drive_to(Stage::Monitoring);
    let both = caller("pirjo", &[Role::ServiceDesk, Role::ItManagement]);
    let msg = || {
        communication(
            mim_domain::case::CommunicationKind::Update,
            Some(t0() + chrono::Duration::days(1)),
        )
    };

    let mut s = sim.clone();
    let d = s.act(&both, msg());
    assert_eq!(
        d.role,
        Role::ServiceDesk,
        "the first role of the table fits"
    );
    let last = s.events.last().expect("recorded");
    assert_eq!(last.actor.role(), Some(Role::ServiceDesk));

    let mut s = sim.clone();
    let d = s.act(&acting_as(both.clone(), Role::ItManagement), msg());
    assert_eq!(
        d.role,
        Role::ItManagement,
        "acting_as picks among held roles"
    );
    assert_eq!(
        s.events.last().expect("recorded").actor.role(),
        Some(Role::ItManagement)
    );

    // Asking for a role that doesn't fit the step (or isn't held) never grants it.
    let vendor_too = caller("pirjo", &[Role::ServiceDesk, Role::Vendor]);
    let d = sim
        .clone()
        .act(&acting_as(vendor_too.clone(), Role::Vendor), msg());
    assert_eq!(d.role, Role::ServiceDesk);
    let d = sim
        .clone()
        .act(&acting_as(vendor_too, Role::ItManagement), msg());
    assert_eq!(d.role, Role::ServiceDesk);

    // A vendor's report recorded by IT management for them says so.
    let d = sim.clone().act(
        &acting_as(
            caller("pirjo", &[Role::Vendor, Role::ItManagement]),
            Role::ItManagement,
        ),
        sample_command(K::ReportFix, &sim.case(), sim.now),
    );
    assert_eq!(d.role, Role::ItManagement);
}

// --- the criticality decision ---------------------------------------------------------------

#[test]
fn on_yellow_only_the_named_mim_contact_or_deputy_decides() {
    let sim = yellow_assessment();

    let d = sim.clone().act(&mim_contact(), criticality(true, None));
    assert_eq!(d.role, Role::MimContact);
    let d = sim
        .clone()
        .act(&mim_contact_deputy(), criticality(true, None));
    assert_eq!(d.role, Role::MimContact);

    // Holding the role is not enough.
    for c in [other_mim_contact(), everyone()] {
        match sim.clone().try_act(&c, criticality(true, None)) {
            Err(Refusal::NotNamedPerson { command, who }) => {
                assert_eq!(command, K::DecideCriticality);
                assert!(who.contains("Mirja Mäkinen (mirja)"), "{who}");
                assert!(who.contains("Markus Öhman (markus)"), "{who}");
            }
            other => panic!("{} deciding on yellow: {other:?}", c.user),
        }
    }

    // The service desk records the call but does not decide on yellow.
    for c in [service_desk(), it_management()] {
        assert_eq!(
            sim.clone().try_act(&c, criticality(true, None)),
            Err(Refusal::MissingRole {
                command: K::DecideCriticality,
                needs: vec![Role::MimContact],
            })
        );
    }
    let mut s = sim.clone();
    s.act(
        &service_desk(),
        Command::CallMimContact {
            note: Some(passage("Mirja tavoitettu puhelimella")),
        },
    );
    assert_eq!(s.stage(), Stage::Assessment);
    // A service-desk person who is also the named contact acts as the MIM contact.
    let d = s.act(
        &acting_as(
            caller("mirja", &[Role::ServiceDesk, Role::MimContact]),
            Role::ServiceDesk,
        ),
        criticality(false, Some("vain yksi toimipiste")),
    );
    assert_eq!(d.role, Role::MimContact);
}

#[test]
fn renaming_the_mim_contact_moves_the_decision_to_the_new_person() {
    let mut sim = yellow_assessment();
    sim.act(
        &it_management(),
        Command::NamePeople {
            verifier: None,
            verifier_deputy: None,
            mim_contact: Some(person("olli", "Olli Ojala")),
            mim_contact_deputy: None,
        },
    );
    let case = sim.case();
    assert_eq!(case.mim_contact, Some(person("olli", "Olli Ojala")));
    assert_eq!(case.mim_contact_deputy, Some(markus_named()), "deputy kept");
    assert!(matches!(
        sim.clone().try_act(&mim_contact(), criticality(true, None)),
        Err(Refusal::NotNamedPerson { .. })
    ));
    sim.clone()
        .act(&mim_contact_deputy(), criticality(true, None));
    sim.act(&other_mim_contact(), criticality(true, None));
    assert_eq!(sim.stage(), Stage::MimStarted);
}

#[test]
fn on_red_and_green_the_service_desk_decides() {
    for sim in [drive_to(Stage::Assessment), green_assessment()] {
        let colour = sim.case().assessment_colour();
        let d = sim
            .clone()
            .act(&service_desk(), criticality(true, Some("x")));
        assert_eq!(d.role, Role::ServiceDesk, "{colour:?}");
        // Not reserved to the named contact off yellow.
        let d = sim
            .clone()
            .act(&other_mim_contact(), criticality(true, Some("x")));
        assert_eq!(d.role, Role::MimContact, "{colour:?}");
        // Someone who is both acts as the service desk unless they ask otherwise.
        let both = caller("mirja", &[Role::ServiceDesk, Role::MimContact]);
        let d = sim.clone().act(&both, criticality(true, Some("x")));
        assert_eq!(d.role, Role::ServiceDesk, "{colour:?}");
        let d = sim.clone().act(
            &acting_as(both, Role::MimContact),
            criticality(true, Some("x")),
        );
        assert_eq!(d.role, Role::MimContact, "{colour:?}");
    }
}

// --- backup arrangements --------------------------------------------------------------------

#[test]
fn a_management_group_arrangement_needs_the_management_group() {
    let sim = drive_to(Stage::MimStarted);
    let cmd = || backup(true, Some(mg_arrangement()));

    assert_eq!(
        sim.clone().try_act(&it_management(), cmd()),
        Err(Refusal::MissingRole {
            command: K::DecideBackup,
            needs: vec![Role::ManagementGroup],
        })
    );

    let mut s = sim.clone();
    let d = s.act(&management_group(), cmd());
    assert_eq!(d.role, Role::ManagementGroup);
    assert_eq!(
        d.events,
        vec![CaseEvent::BackupDecided {
            needed: true,
            arrangement: Some(mg_arrangement()),
            reason: None,
        }]
    );
    let case = s.case();
    assert_eq!(case.stage, Stage::BackupActivation);
    assert_eq!(case.pending_backup, Some(mg_arrangement()));

    // Someone in both IT management and the management group decides as the latter, whatever
    // they ask.
    let both = caller("kalle", &[Role::ItManagement, Role::ManagementGroup]);
    let d = sim.clone().act(&acting_as(both, Role::ItManagement), cmd());
    assert_eq!(d.role, Role::ManagementGroup);

    // Taking it into use is IT management's work.
    assert!(matches!(
        s.clone()
            .try_act(&management_group(), Command::ActivateBackup { note: None }),
        Err(Refusal::MissingRole { .. })
    ));
    s.act(&it_management(), Command::ActivateBackup { note: None });
    let case = s.case();
    assert_eq!(case.active_backup, Some(mg_arrangement()));
    assert_eq!(case.pending_backup, None);
}

#[test]
fn an_it_management_arrangement_and_not_needed_are_it_managements_call() {
    let sim = drive_to(Stage::MimStarted);
    for cmd in [backup(true, Some(it_arrangement())), backup(false, None)] {
        assert_eq!(
            sim.clone().try_act(&management_group(), cmd.clone()),
            Err(Refusal::MissingRole {
                command: K::DecideBackup,
                needs: vec![Role::ItManagement],
            }),
            "{cmd:?}"
        );
        let d = sim.clone().act(&it_management(), cmd);
        assert_eq!(d.role, Role::ItManagement);
    }
}

// --- verification ---------------------------------------------------------------------------

fn awaiting_verification_without_verifier() -> Sim {
    let mut sim = drive_to(Stage::FixReported);
    sim.act(&it_management(), Command::AcknowledgeFix { note: None });
    assert_eq!(sim.stage(), Stage::AwaitingVerification);
    assert_eq!(sim.case().verifier, None);
    sim
}

#[test]
fn nobody_verifies_before_a_verifier_is_named() {
    let sim = awaiting_verification_without_verifier();
    for c in [verifier(), everyone(), it_management()] {
        match sim.clone().try_act(&c, verify(true, None)) {
            Err(Refusal::Precondition { code, .. }) => assert_eq!(code, "verifier_not_named"),
            other => panic!("{}: {other:?}", c.user),
        }
    }
    // Naming is open while the case runs; then the named person verifies.
    let mut sim = sim;
    sim.act(&it_management(), name_verifiers());
    sim.act(&verifier(), verify(true, None));
    assert_eq!(sim.stage(), Stage::Verified);
}

#[test]
fn only_the_named_verifier_or_deputy_verifies() {
    let sim = drive_to(Stage::AwaitingVerification);
    for c in [verifier(), verifier_deputy()] {
        let mut s = sim.clone();
        let d = s.act(&c, verify(true, None));
        assert_eq!(d.role, Role::Verifier, "{}", c.user);
        assert_eq!(s.stage(), Stage::Verified);
    }
    // The named person verifies as the verifier whatever else they hold or ask for.
    let d = sim.clone().act(
        &acting_as(
            caller("veera", &[Role::ItManagement, Role::Verifier]),
            Role::ItManagement,
        ),
        verify(true, None),
    );
    assert_eq!(d.role, Role::Verifier);

    for c in [other_verifier(), it_management(), everyone()] {
        match sim.clone().try_act(&c, verify(true, None)) {
            Err(Refusal::NotNamedPerson { command, who }) => {
                assert_eq!(command, K::Verify);
                assert!(who.contains("Veera Virtanen (veera)"), "{who}");
                assert!(who.contains("Ville Väisänen (ville)"), "{who}");
            }
            other => panic!("{}: {other:?}", c.user),
        }
        // A failed verification by the wrong person is refused too (no reopen sneaks in).
        assert!(matches!(
            sim.clone().try_act(&c, verify(false, Some("ei toimi"))),
            Err(Refusal::NotNamedPerson { .. })
        ));
    }
}

#[test]
fn a_deputy_alone_may_be_named_and_verify() {
    let mut sim = awaiting_verification_without_verifier();
    sim.act(
        &service_desk(),
        Command::NamePeople {
            verifier: None,
            verifier_deputy: Some(ville_named()),
            mim_contact: None,
            mim_contact_deputy: None,
        },
    );
    assert!(matches!(
        sim.clone().try_act(&verifier(), verify(true, None)),
        Err(Refusal::NotNamedPerson { .. })
    ));
    sim.act(&verifier_deputy(), verify(true, None));
    assert_eq!(sim.stage(), Stage::Verified);
}

#[test]
fn naming_nobody_is_refused() {
    let mut sim = drive_to(Stage::Monitoring);
    let got = sim.try_act(
        &it_management(),
        Command::NamePeople {
            verifier: None,
            verifier_deputy: None,
            mim_contact: None,
            mim_contact_deputy: None,
        },
    );
    assert!(matches!(got, Err(Refusal::Invalid { .. })), "{got:?}");
}
