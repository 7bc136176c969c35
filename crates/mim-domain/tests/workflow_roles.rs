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
/// (PROCESS.md's swimlanes). The sample `DecideBackup` says "not needed": IT management's or
/// the management group's call.
fn taking_roles(kind: K, case: &Case) -> Vec<Role> {
    use Role::*;
    match kind {
        K::RecordAssessment => vec![ServiceDesk, MimContact, ItManagement],
        K::CallMimContact | K::Dismiss => vec![ServiceDesk],
        K::DecideCriticality if case.assessment_colour() == Some(Colour::Yellow) => {
            vec![MimContact]
        }
        K::DecideCriticality => vec![ServiceDesk, MimContact],
        K::DecideBackup => vec![ItManagement, ManagementGroup],
        K::ActivateBackup
        | K::EndBackup
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
        // An ended decision (not started, dismissed) may be reopened by anyone who took part;
        // everywhere else (the late stages, a closed case) reopening is IT management's.
        K::Reopen if matches!(case.stage, Stage::NormalProcess | Stage::Dismissed) => {
            vec![ServiceDesk, MimContact, ItManagement]
        }
        K::Reopen => vec![ItManagement],
        K::RecordCommunication | K::EditDetails | K::SetSystem => vec![ServiceDesk, ItManagement],
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

    // Asking for a role that doesn't fit the step (or isn't held) is refused, not silently
    // replaced by another fitting role; nothing is recorded.
    let vendor_too = caller("pirjo", &[Role::ServiceDesk, Role::Vendor]);
    for asked in [Role::Vendor, Role::ItManagement] {
        let mut s = sim.clone();
        let before = s.events.len();
        assert_eq!(
            s.try_act(&acting_as(vendor_too.clone(), asked), msg()),
            Err(Refusal::MissingRole {
                command: K::RecordCommunication,
                needs: vec![Role::ServiceDesk, Role::ItManagement],
            }),
            "acting as {asked:?}"
        );
        assert_eq!(
            s.events.len(),
            before,
            "acting as {asked:?}: nothing recorded"
        );
    }
    // Without asking, the fitting role is used.
    let d = sim.clone().act(&vendor_too, msg());
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

#[test]
fn acting_as_a_role_not_held_or_not_permitted_is_refused_with_the_roles_needed() {
    for sim in stages() {
        let case = sim.case();
        for kind in allowed_now(&case).into_iter().filter(|k| *k != K::Verify) {
            // The roles that take the sample command (narrower than `permitted_roles` for a
            // backup decision, which depends on the arrangement).
            let needs = taking_roles(kind, &case);
            let cmd = || sample_command(kind, &case, sim.now);
            for asked in Role::ALL {
                // Holding every role but asking for one that is not permitted.
                if !needs.contains(&asked) {
                    assert_eq!(
                        sim.clone().try_act(&acting_as(everyone(), asked), cmd()),
                        Err(Refusal::MissingRole {
                            command: kind,
                            needs: needs.clone(),
                        }),
                        "{:?}: {kind:?} by everyone acting as {asked:?}",
                        case.stage
                    );
                }
            }
            // Asking for a permitted role the caller doesn't hold, while holding another that
            // fits: refused too.
            if let [first, second, ..] = needs[..] {
                let c = caller("pirjo", &[second]);
                assert_eq!(
                    sim.clone().try_act(&acting_as(c, first), cmd()),
                    Err(Refusal::MissingRole {
                        command: kind,
                        needs: needs.clone(),
                    }),
                    "{:?}: {kind:?} by a {second:?} acting as {first:?}",
                    case.stage
                );
            }
        }
    }
}

#[test]
fn acting_as_a_held_and_permitted_role_is_honoured() {
    // A person in both IT management and the service desk records a communication in the role
    // they ask for, in either order of the table.
    let sim = drive_to(Stage::Monitoring);
    let both = caller("pirjo", &[Role::ServiceDesk, Role::ItManagement]);
    for asked in [Role::ServiceDesk, Role::ItManagement] {
        let cmd = sample_command(K::RecordCommunication, &sim.case(), sim.now);
        let mut s = sim.clone();
        let d = s.act(&acting_as(both.clone(), asked), cmd);
        assert_eq!(d.role, asked);
        assert_eq!(s.events.last().expect("recorded").actor.role(), Some(asked));
    }
}

#[test]
fn acting_as_is_refused_for_reopening_a_late_stage_outside_it_management() {
    for stage in LATE_STAGES.into_iter().chain([Stage::Closed]) {
        let sim = drive_to(stage);
        // Holding IT management is not enough when asking to act as someone else.
        for asked in [Role::ServiceDesk, Role::MimContact] {
            assert_eq!(
                sim.clone()
                    .try_act(&acting_as(everyone(), asked), reopen("uusiutui")),
                Err(Refusal::MissingRole {
                    command: K::Reopen,
                    needs: vec![Role::ItManagement],
                }),
                "{stage:?}: acting as {asked:?}"
            );
        }
        let d = sim.clone().act(
            &acting_as(everyone(), Role::ItManagement),
            reopen("uusiutui"),
        );
        assert_eq!(d.role, Role::ItManagement, "{stage:?}");
    }
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
    // A service-desk person who is also the named contact may not decide as the service desk
    // on yellow: asking for it is refused.
    let mirja_both = caller("mirja", &[Role::ServiceDesk, Role::MimContact]);
    assert_eq!(
        s.clone().try_act(
            &acting_as(mirja_both.clone(), Role::ServiceDesk),
            criticality(false, Some("vain yksi toimipiste")),
        ),
        Err(Refusal::MissingRole {
            command: K::DecideCriticality,
            needs: vec![Role::MimContact],
        })
    );
    // Without asking (or asking for the MIM contact role) she decides as the MIM contact.
    let d = s.clone().act(
        &mirja_both,
        criticality(false, Some("vain yksi toimipiste")),
    );
    assert_eq!(d.role, Role::MimContact);
    let d = s.act(
        &acting_as(mirja_both, Role::MimContact),
        criticality(false, Some("vain yksi toimipiste")),
    );
    assert_eq!(d.role, Role::MimContact);
    assert_eq!(s.stage(), Stage::NormalProcess);
}

/// A yellow assessment on a case that names no MIM contact person nor deputy.
fn yellow_without_mim_contact() -> Sim {
    let mut sim = Sim::open_with(opened_without_mim_contact());
    sim.act(&service_desk(), assess_yellow());
    let case = sim.case();
    assert_eq!(case.assessment_colour(), Some(Colour::Yellow));
    assert_eq!(case.mim_contact, None);
    assert_eq!(case.mim_contact_deputy, None);
    sim
}

#[test]
fn on_yellow_nobody_decides_before_a_mim_contact_is_named() {
    let sim = yellow_without_mim_contact();
    for c in [
        mim_contact(),
        mim_contact_deputy(),
        other_mim_contact(),
        everyone(),
    ] {
        let mut s = sim.clone();
        let before = s.events.len();
        match s.try_act(&c, criticality(true, None)) {
            Err(Refusal::Precondition { code, .. }) => {
                assert_eq!(code, "mim_contact_not_named", "{}", c.user);
            }
            other => panic!("{} deciding on yellow with nobody named: {other:?}", c.user),
        }
        assert_eq!(s.events.len(), before, "{}: nothing recorded", c.user);
        assert_eq!(s.stage(), Stage::Assessment, "{}", c.user);
    }
    // Without the MIM contact role the role is what's missing.
    for c in [service_desk(), it_management()] {
        assert_eq!(
            sim.clone().try_act(&c, criticality(true, None)),
            Err(Refusal::MissingRole {
                command: K::DecideCriticality,
                needs: vec![Role::MimContact],
            }),
            "{}",
            c.user
        );
    }

    // Once someone is named, that person decides and no one else.
    let mut sim = sim;
    sim.act(
        &service_desk(),
        Command::NamePeople {
            verifier: None,
            verifier_deputy: None,
            mim_contact: Some(mirja_named()),
            mim_contact_deputy: None,
        },
    );
    assert!(matches!(
        sim.clone()
            .try_act(&other_mim_contact(), criticality(true, None)),
        Err(Refusal::NotNamedPerson { .. })
    ));
    let d = sim.act(&mim_contact(), criticality(true, None));
    assert_eq!(d.role, Role::MimContact);
    assert_eq!(sim.stage(), Stage::MimStarted);
}

#[test]
fn a_named_deputy_alone_is_enough_to_decide_on_yellow() {
    let mut sim = yellow_without_mim_contact();
    sim.act(
        &it_management(),
        Command::NamePeople {
            verifier: None,
            verifier_deputy: None,
            mim_contact: None,
            mim_contact_deputy: Some(markus_named()),
        },
    );
    assert!(matches!(
        sim.clone().try_act(&mim_contact(), criticality(true, None)),
        Err(Refusal::NotNamedPerson { .. })
    ));
    sim.act(&mim_contact_deputy(), criticality(true, None));
    assert_eq!(sim.stage(), Stage::MimStarted);
}

#[test]
fn off_yellow_no_named_mim_contact_is_needed() {
    for colour_cmd in [assess_red(), assess_green()] {
        let mut sim = Sim::open_with(opened_without_mim_contact());
        sim.act(&service_desk(), colour_cmd);
        let d = sim
            .clone()
            .act(&service_desk(), criticality(true, Some("x")));
        assert_eq!(d.role, Role::ServiceDesk);
        let d = sim.act(&other_mim_contact(), criticality(true, Some("x")));
        assert_eq!(d.role, Role::MimContact);
        assert_eq!(sim.stage(), Stage::MimStarted);
    }
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

    // Someone in both IT management and the management group decides as the latter; asking to
    // act as IT management is refused rather than replaced.
    let both = caller("kalle", &[Role::ItManagement, Role::ManagementGroup]);
    let d = sim.clone().act(&both, cmd());
    assert_eq!(d.role, Role::ManagementGroup);
    let d = sim
        .clone()
        .act(&acting_as(both.clone(), Role::ManagementGroup), cmd());
    assert_eq!(d.role, Role::ManagementGroup);
    assert_eq!(
        sim.clone()
            .try_act(&acting_as(both, Role::ItManagement), cmd()),
        Err(Refusal::MissingRole {
            command: K::DecideBackup,
            needs: vec![Role::ManagementGroup],
        })
    );

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
fn an_it_management_arrangement_is_it_managements_call() {
    let sim = drive_to(Stage::MimStarted);
    let cmd = backup(true, Some(it_arrangement()));
    assert_eq!(
        sim.clone().try_act(&management_group(), cmd.clone()),
        Err(Refusal::MissingRole {
            command: K::DecideBackup,
            needs: vec![Role::ItManagement],
        }),
    );
    let d = sim.clone().act(&it_management(), cmd);
    assert_eq!(d.role, Role::ItManagement);
}

#[test]
fn no_arrangement_needed_may_be_decided_by_it_management_or_the_management_group() {
    let sim = drive_to(Stage::MimStarted);
    for (who, role) in [
        (it_management(), Role::ItManagement),
        (management_group(), Role::ManagementGroup),
    ] {
        let d = sim.clone().act(&who, backup(false, None));
        assert_eq!(d.role, role);
        assert_eq!(
            d.events,
            vec![CaseEvent::BackupDecided {
                needed: false,
                arrangement: None,
                reason: None
            }]
        );
    }
    assert_eq!(
        sim.clone().try_act(&service_desk(), backup(false, None)),
        Err(Refusal::MissingRole {
            command: K::DecideBackup,
            needs: vec![Role::ItManagement, Role::ManagementGroup],
        }),
    );
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
