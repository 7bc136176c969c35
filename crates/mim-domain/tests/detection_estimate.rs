//! The estimate of affected users (the largest of what each source says, never the sum) and
//! the colour the matrix suggests as it grows; C14 (a storm with a truncated list).

mod detection_support;

use detection_support::{Desk, alert, am_fixture, at, report};
use mim_domain::Role;
use mim_domain::case::CaseEvent;
use mim_domain::detection::{Absorbed, AlertSignal, EstimateBasis, Signal, SignalStatus, absorb};
use mim_domain::impact::{Colour, ImpactMatrix, Severity};

fn t(min: i64) -> chrono::DateTime<chrono::Utc> {
    at("2026-03-02T08:00:00Z") + chrono::Duration::minutes(min)
}

fn users(d: &Desk) -> Option<u32> {
    d.only_case().case.estimate.as_ref().map(|e| e.users)
}

fn basis(d: &Desk) -> EstimateBasis {
    d.only_case()
        .case
        .estimate
        .clone()
        .expect("an estimate")
        .basis
}

#[test]
fn reporters_are_counted_once_and_stated_counts_are_not_added() {
    let mut d = Desk::new();
    // (reporter, stated users, estimate after, basis after)
    let steps: [(Option<&str>, Option<u32>, u32, EstimateBasis); 6] = [
        (
            Some("Eeva Esimerkki"),
            None,
            1,
            EstimateBasis::HumanReporters { count: 1 },
        ),
        // The same person again, spelled differently: still one reporter.
        (
            Some("  eeva   ESIMERKKI "),
            None,
            1,
            EstimateBasis::HumanReporters { count: 1 },
        ),
        (
            Some("Matti Meikäläinen"),
            None,
            2,
            EstimateBasis::HumanReporters { count: 2 },
        ),
        // "my team" = 10: the largest, not 2 + 10.
        (Some("Liisa"), Some(10), 10, EstimateBasis::StatedInReport),
        // Unnamed reports count one person each; 4 people < 10 stated.
        (None, None, 10, EstimateBasis::StatedInReport),
        (None, Some(1), 10, EstimateBasis::StatedInReport),
    ];
    for (i, (who, stated, want, want_basis)) in steps.into_iter().enumerate() {
        let r = report(Some("verkkokauppa"), "kassa ei toimi", who, stated, None);
        d.signal(Signal::Report(r), t(i as i64));
        assert_eq!(users(&d), Some(want), "step {i}");
        assert_eq!(basis(&d), want_basis, "step {i}");
    }
    let case = &d.only_case().case;
    assert_eq!(case.distinct_reporters(), 5);
    assert_eq!(case.max_stated_users, Some(10));
    // The estimate only changed when it grew: 1, 2, 10.
    assert_eq!(d.only_case().count("estimate_changed"), 3);
    // No severity stated anywhere: no colour, the case needs triage.
    assert!(case.suggested.is_none());
    assert!(case.needs_triage());
}

#[test]
fn alerts_give_their_users_or_their_selectors_share() {
    let mut d = Desk::new();
    // wilma has 800 users; its mobile selector stands for 25 % of them.
    let mobile = alert(
        "m",
        &[("service", "wilma"), ("component", "mobile")],
        Some("high"),
    );
    d.signal(Signal::Alert(mobile), t(0));
    assert_eq!(users(&d), Some(200));
    assert_eq!(
        basis(&d),
        EstimateBasis::SelectorShare {
            fingerprint: "m".into(),
            percent: 25
        }
    );
    let mut carried = alert("c", &[("service", "wilma"), ("component", "mobile")], None);
    carried.affected_users = Some(420);
    d.signal(Signal::Alert(carried), t(1));
    assert_eq!(users(&d), Some(420));
    assert_eq!(
        basis(&d),
        EstimateBasis::AlertAffectedUsers {
            fingerprint: "c".into()
        }
    );
    // All of wilma: 800, not 200 + 420 + 800.
    d.signal(
        Signal::Alert(alert("w", &[("service", "wilma")], None)),
        t(2),
    );
    assert_eq!(users(&d), Some(800));
    // A report stating 50 changes nothing; the estimate never drops when alerts resolve.
    d.signal(
        Signal::Report(report(
            None,
            "Wilma ei toimi",
            Some("Opettaja"),
            Some(50),
            None,
        )),
        t(3),
    );
    let mut resolved = alert("w", &[("service", "wilma")], None);
    resolved.status = SignalStatus::Resolved;
    d.signal(Signal::Alert(resolved), t(4));
    assert_eq!(users(&d), Some(800));
    assert_eq!(d.only_case().count("estimate_changed"), 3);
    let rec = &d.only_case().case.alerts["m"];
    assert_eq!(rec.users, Some(200));
}

#[test]
fn colour_follows_the_estimate_across_band_edges() {
    // verkkokauppa (200 users) has the organisation's default matrix: bands 1–10, 11–50,
    // 51–100, 101+; "disrupts work" is green, yellow, red, red across them.
    let mut d = Desk::new();
    let steps: [(u32, Option<Colour>); 7] = [
        (1, Some(Colour::Green)),
        (10, None),
        (11, Some(Colour::Yellow)),
        (50, None),
        (51, Some(Colour::Red)),
        (101, None),
        (3, None),
    ];
    for (i, (stated, want)) in steps.into_iter().enumerate() {
        let before = d.cases.first().map_or(0, |c| c.count("colour_suggested"));
        let r = report(
            Some("verkkokauppa"),
            "hidas",
            Some("Sama henkilö"),
            Some(stated),
            Some(Severity::DisruptsWork),
        );
        d.signal(Signal::Report(r), t(i as i64));
        let held = d.only_case();
        let suggested = held.of_kind("colour_suggested");
        match want {
            Some(colour) => {
                assert_eq!(
                    suggested.len(),
                    before + 1,
                    "{stated} users: one suggestion"
                );
                let CaseEvent::ColourSuggested {
                    colour: c,
                    users,
                    severity,
                    flags,
                    ..
                } = suggested.last().unwrap()
                else {
                    unreachable!()
                };
                assert_eq!(
                    (*c, *users, *severity),
                    (colour, stated, Severity::DisruptsWork)
                );
                let want_flags = match colour {
                    Colour::Green => vec![],
                    Colour::Yellow => vec![Role::MimContact],
                    Colour::Red => vec![Role::ServiceDesk, Role::ItManagement],
                };
                assert_eq!(flags, &want_flags);
            }
            None => assert_eq!(suggested.len(), before, "{stated} users: no new suggestion"),
        }
    }
    // The suggestion is the one made at the crossing; the estimate kept growing.
    let s = d.only_case().case.suggested.clone().unwrap();
    assert_eq!((s.colour, s.users), (Colour::Red, 51));
    assert_eq!(users(&d), Some(101));
}

#[test]
fn unclassified_never_colours_by_itself() {
    let mut d = Desk::new();
    d.signal(
        Signal::Alert(alert("u", &[("system", "kuntaverkko")], Some("bogus"))),
        t(0),
    );
    let case = &d.only_case().case;
    assert_eq!(case.estimate.as_ref().map(|e| e.users), Some(3000));
    assert!(case.suggested.is_none());
    assert!(case.needs_triage());
    // A classified alert on the same case gives the colour, from the whole estimate.
    d.signal(
        Signal::Alert(alert("l", &[("system", "kuntaverkko")], Some("info"))),
        t(1),
    );
    let s = d.only_case().case.suggested.clone().expect("a colour");
    assert_eq!((s.colour, s.severity), (Colour::Yellow, Severity::Minor));
    assert!(!d.only_case().case.needs_triage());
}

#[test]
fn a_case_past_detection_takes_evidence_but_no_step() {
    let mut d = Desk::new();
    d.signal(
        Signal::Report(report(
            Some("arkisto"),
            "hidas",
            Some("A"),
            Some(5),
            Some(Severity::Minor),
        )),
        t(0),
    );
    let matrix = d
        .systems
        .iter()
        .find(|s| s.id.as_str() == "arkisto")
        .unwrap()
        .matrix_in_use(&ImpactMatrix::organisation_default());
    d.record(
        0,
        CaseEvent::Assessed {
            affected_users: mim_domain::impact::AffectedUsers::new(5).unwrap(),
            severity: Severity::Minor,
            colour: Colour::Green,
            matrix,
            note: None,
        },
        t(1),
    );
    d.record(
        0,
        CaseEvent::CriticalityDecided {
            start_mim: true,
            colour: Colour::Green,
            departs_from_matrix: true,
            reason: Some("varmuuden vuoksi".into()),
        },
        t(2),
    );
    let version = d.only_case().case.version;
    let stage = d.only_case().case.stage;
    d.signal(
        Signal::Alert(alert("a", &[("system", "arkisto")], Some("critical"))),
        t(3),
    );
    let case = &d.only_case().case;
    assert_eq!((case.version, case.stage), (version, stage));
    // The suggestion moved on; the human assessment is untouched.
    assert_eq!(case.suggested.as_ref().map(|s| s.colour), Some(Colour::Red));
    assert_eq!(case.assessment_colour(), Some(Colour::Green));
}

/// C14: 50 listed alerts and 2 750 truncated ones for kuntaverkko (3 000 users, the cases'
/// three-band matrix): one case, 2 800 alerts, the colour computed once (≥ 500, critical →
/// red); a later payload listing another 50 resolves none of the unlisted ones.
#[test]
fn c14_storm_with_a_truncated_list() {
    let mut d = Desk::new();
    let storm = am_fixture("C14-alertmanager-storm-truncated.json");
    let out = d.deliver(&storm, at("2026-11-12T05:31:05Z"));
    assert!(matches!(out[0], Some(Absorbed::Open { .. })));
    assert!(
        out[1..]
            .iter()
            .all(|o| matches!(o, Some(Absorbed::Attach(_))))
    );
    let held = d.only_case();
    assert_eq!(held.case.alerts.len(), 50);
    assert_eq!(held.case.unlisted_alerts(), 2750);
    assert_eq!(held.case.alert_count(), 2800);
    assert_eq!(held.count("estimate_changed"), 1);
    assert_eq!(held.count("colour_suggested"), 1);
    let s = held.case.suggested.clone().unwrap();
    assert_eq!(
        (s.colour, s.users, s.severity),
        (Colour::Red, 3000, Severity::PreventsWork)
    );
    assert_eq!(s.flags, vec![Role::ServiceDesk, Role::ItManagement]);

    // The next delivery lists 50 other alerts of the same group.
    let mut next = storm.clone();
    for s in &mut next.signals {
        let Signal::Alert(a) = s else { unreachable!() };
        a.fingerprint = format!("ff{}", &a.fingerprint[2..]);
    }
    d.deliver(&next, at("2026-11-12T05:36:05Z"));
    d.settle(at("2026-11-12T07:00:00Z"));
    let held = d.only_case();
    assert_eq!(held.case.alerts.len(), 100);
    assert_eq!(
        held.case.active_alerts().count(),
        100,
        "none guessed resolved"
    );
    assert_eq!(held.case.alert_count(), 2800);
    assert_eq!(held.count("alerts_truncated"), 1, "the same word once");
    assert_eq!(held.count("colour_suggested"), 1);
    assert_eq!(held.count("all_alerts_resolved"), 0);
}

#[test]
fn absorb_opens_only_for_a_firing_signal() {
    let d = Desk::new();
    let system = d.systems[0].clone();
    let mut resolved: AlertSignal = alert("x", &[("system", "ajanvaraus")], None);
    resolved.status = SignalStatus::Resolved;
    let out = absorb(
        None,
        &Signal::Alert(resolved),
        &system,
        &d.org_matrix,
        &d.mapping,
        &d.settings,
        t(0),
    );
    assert!(matches!(out, Absorbed::Ignore { .. }), "{out:?}");
}

/// The highest firing severity is kept as alerts fire, change and resolve (no pass over the
/// alerts per signal): resolving the only critical alert leaves the high one as the highest,
/// and a repeat that lowers an alert's severity is counted at its new level.
#[test]
fn the_highest_firing_severity_follows_fires_repeats_and_resolves() {
    let mut d = Desk::new();
    let fire =
        |fp: &str, sev: &str| Signal::Alert(alert(fp, &[("system", "verkkokauppa")], Some(sev)));
    d.signal(fire("a", "critical"), t(0));
    d.signal(fire("b", "high"), t(1));
    d.signal(fire("c", "info"), t(2));
    let max = |d: &Desk, except: Option<&str>| d.only_case().case.max_firing_severity(except);
    assert_eq!(max(&d, None), Some(Severity::PreventsWork));
    assert_eq!(
        max(&d, Some("a")),
        Some(Severity::DisruptsWork),
        "leaving a out"
    );
    let mut resolved = alert("a", &[("system", "verkkokauppa")], Some("critical"));
    resolved.status = SignalStatus::Resolved;
    d.signal(Signal::Alert(resolved), t(3));
    assert_eq!(max(&d, None), Some(Severity::DisruptsWork));
    // b repeats as a warning: inconvenient now, below nothing but c's minor.
    d.signal(fire("b", "warning"), t(4));
    assert_eq!(max(&d, None), Some(Severity::Inconvenient));
    assert_eq!(max(&d, Some("b")), Some(Severity::Minor));
}
