//! Grouping alerts on a case: C07 (same summary, different alerts), C09 (open until every
//! alert resolves), C11 (flapping, hold-down, recurrence), C12 (acknowledgement, repeats,
//! severity rise, resolve) and late stale copies. In mim an "all alerts resolved" is a prompt
//! on the case, never a stage change (CASES.md's mapping note).

mod detection_support;

use chrono::{DateTime, Duration, Utc};
use detection_support::{Desk, alert, am_batch, am_fixture, at, fixture};
use mim_domain::case::{CaseEvent, Stage, decide_auto_dismiss};
use mim_domain::detection::{
    Absorbed, AckClearReason, IgnoreReason, Signal, SignalStatus, acknowledge, next_settle_at,
};
use mim_domain::impact::Colour;
use serde_json::Value;

/// Settles every `step` from `from` to `to` (inclusive), like a periodic timer.
fn tick(d: &mut Desk, from: DateTime<Utc>, to: DateTime<Utc>, step: Duration) {
    let mut now = from;
    while now <= to {
        d.settle(now);
        now += step;
    }
}

/// C07: two alerts that differ only in labels but share a summary are two alerts.
#[test]
fn c07_same_summary_two_alerts() {
    let mut d = Desk::new();
    let batch = am_fixture("C07-alertmanager-same-summary.json");
    d.deliver(&batch, at("2026-02-10T07:16:05Z"));
    let held = d.only_case();
    assert_eq!(held.case.system.as_ref().unwrap().id.as_str(), "ajanvaraus");
    let fps: Vec<&str> = held.case.alerts.keys().map(String::as_str).collect();
    assert_eq!(fps, ["1111aaaa2222bbbb", "3333cccc4444dddd"]);
    for r in held.case.alerts.values() {
        assert_eq!(r.summary, "Palvelin ei vastaa");
        assert_eq!(r.occurrences, 1, "no duplicates counted");
    }
    assert_eq!(held.count("alert_repeated"), 0);
    assert_eq!(held.case.active_alerts().count(), 2);
    // Resolving one leaves the case with one active alert.
    let mut body: Value =
        serde_json::from_str(&fixture("C07-alertmanager-same-summary.json")).unwrap();
    body["alerts"][0]["status"] = "resolved".into();
    body["alerts"][0]["endsAt"] = "2026-02-10T07:30:00Z".into();
    body["alerts"].as_array_mut().unwrap().truncate(1);
    d.deliver(&am_batch(&body), at("2026-02-10T07:30:05Z"));
    let held = d.only_case();
    assert_eq!(held.case.active_alerts().count(), 1);
    assert_eq!(held.case.resolved_alerts().count(), 1);
    assert!(held.case.alerts["3333cccc4444dddd"].is_firing());
    d.settle(at("2026-02-10T09:00:00Z"));
    assert_eq!(d.only_case().count("all_alerts_resolved"), 0);
}

/// C09: one of three alerts resolving leaves the case as it was; all three resolved → one
/// "all alerts resolved" prompt after the hold-down, and no stage change.
#[test]
fn c09_open_until_every_alert_resolves() {
    let mut d = Desk::new();
    d.deliver(
        &am_fixture("C09-am-1-three-firing.json"),
        at("2026-03-03T10:00:05Z"),
    );
    let colour_before = d.only_case().case.suggested.clone().expect("a colour");
    assert_eq!(colour_before.colour, Colour::Red);

    d.deliver(
        &am_fixture("C09-am-2-one-resolved.json"),
        at("2026-03-03T10:20:05Z"),
    );
    tick(
        &mut d,
        at("2026-03-03T10:20:05Z"),
        at("2026-03-03T10:41:00Z"),
        Duration::seconds(30),
    );
    let held = d.only_case();
    assert_eq!(held.case.active_alerts().count(), 2);
    assert_eq!(held.case.resolved_alerts().count(), 1);
    assert_eq!(
        held.case.suggested.as_ref(),
        Some(&colour_before),
        "colour unchanged"
    );
    assert_eq!(held.count("colour_suggested"), 1);
    assert_eq!(held.count("all_alerts_resolved"), 0, "no resolution prompt");
    assert_eq!(held.case.stage, Stage::Detection);

    let out = d.deliver(
        &am_fixture("C09-am-3-all-resolved.json"),
        at("2026-03-03T10:41:05Z"),
    );
    // The first alert's resolve comes again in the last payload: a repeated copy.
    assert_eq!(
        out[0],
        Some(Absorbed::Ignore {
            reason: IgnoreReason::AlreadyResolved {
                fingerprint: "aaaa000000000001".into()
            }
        })
    );
    assert_eq!(d.only_case().case.active_alerts().count(), 0);
    // Held down for five minutes, then announced once.
    assert_eq!(
        next_settle_at(&d.only_case().case, &d.settings),
        Some(at("2026-03-03T10:46:05Z"))
    );
    tick(
        &mut d,
        at("2026-03-03T10:41:05Z"),
        at("2026-03-03T10:46:00Z"),
        Duration::seconds(5),
    );
    assert_eq!(d.only_case().count("all_alerts_resolved"), 0);
    tick(
        &mut d,
        at("2026-03-03T10:46:05Z"),
        at("2026-03-03T12:00:00Z"),
        Duration::seconds(5),
    );
    let held = d.only_case();
    assert_eq!(held.count("all_alerts_resolved"), 1);
    assert_eq!(
        held.of_kind("all_alerts_resolved")[0],
        &CaseEvent::AllAlertsResolved {
            alerts: 3,
            unlisted: 0
        }
    );
    assert_eq!(
        held.case.stage,
        Stage::Detection,
        "a prompt, not a stage change"
    );
    assert_eq!(held.case.version, 1, "no process step");
    assert_eq!(next_settle_at(&held.case, &d.settings), None);
}

fn c11_deliveries() -> Vec<(DateTime<Utc>, Value)> {
    fixture("C11-flap-sequence.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            (
                at(v["receive_at"].as_str().expect("receive_at")),
                v["payload"].clone(),
            )
        })
        .collect()
}

/// C11: one alert flapping every ~70 s. One case, the alert flagged flapping from the third
/// delivery, one flapping notice, no published intermediate resolves; the resolution is
/// published once, after five quiet minutes. Delivery 7, long after, opens a new case linked
/// to the first as a recurrence (the first was dismissed by mim as quiet meanwhile).
#[test]
fn c11_flapping_is_damped() {
    let mut d = Desk::new();
    let deliveries = c11_deliveries();
    assert_eq!(deliveries.len(), 7);
    for (i, (received, payload)) in deliveries[..6].iter().enumerate() {
        let out = d.deliver(&am_batch(payload), *received);
        assert!(
            matches!(out[0], Some(Absorbed::Open { .. } | Absorbed::Attach(_))),
            "delivery {}: {out:?}",
            i + 1
        );
        let flapping = d.only_case().case.alerts["f1a9f1a9f1a9f1a9"].flapping;
        assert_eq!(flapping, i >= 2, "flapping after delivery {}", i + 1);
        // A timer runs until the next delivery.
        let until = deliveries[i + 1].0 - Duration::seconds(1);
        tick(
            &mut d,
            *received,
            until.min(at("2026-09-01T10:10:49Z")),
            Duration::seconds(5),
        );
    }
    let held = d.only_case();
    let r = &held.case.alerts["f1a9f1a9f1a9f1a9"];
    assert_eq!(r.occurrences, 3);
    assert_eq!(r.status, SignalStatus::Resolved);
    assert_eq!(
        held.count("alert_flapping"),
        1,
        "at most one flapping notice"
    );
    assert_eq!(held.count("colour_suggested"), 1, "one declaration");
    assert_eq!(held.count("all_alerts_resolved"), 0, "not before 10:10:50Z");

    // The resolution, once, only after five quiet minutes.
    tick(
        &mut d,
        at("2026-09-01T10:10:50Z"),
        at("2026-09-01T10:30:00Z"),
        Duration::seconds(5),
    );
    let held = d.only_case();
    let published: Vec<_> = held
        .events
        .iter()
        .filter(|e| e.event.kind() == "all_alerts_resolved")
        .collect();
    assert_eq!(published.len(), 1);
    assert!(published[0].occurred_at >= at("2026-09-01T10:10:50Z"));
    assert!(published[0].occurred_at <= at("2026-09-01T10:11:00Z"));
    // The flapping flag drops once the alert kept still for the flapping window.
    assert!(!held.case.alerts["f1a9f1a9f1a9f1a9"].flapping);
    assert_eq!(held.count("alert_flapping_ended"), 1);

    // Monitoring alone, every alert resolved, quiet: mim dismisses the detection.
    let quiet = Duration::minutes(60);
    let now = at("2026-09-01T11:20:00Z");
    let dismissed = decide_auto_dismiss(&d.cases[0].case, quiet, now).expect("quiet");
    d.record(0, dismissed, now);

    let (received, payload) = &deliveries[6];
    let out = d.deliver(&am_batch(payload), *received);
    assert!(matches!(out[0], Some(Absorbed::Open { .. })), "{out:?}");
    assert_eq!(d.cases.len(), 2);
    let first = d.cases[0].case.id.clone();
    assert_eq!(d.cases[1].case.recurrence_of, Some(first));
    assert_eq!(d.cases[1].case.alerts["f1a9f1a9f1a9f1a9"].occurrences, 1);
}

/// C12 (arkisto, 120 users, the cases' three-band matrix): firing `warning`; operator ack;
/// the same again; the same as `critical`; resolved.
#[test]
fn c12_ack_repeats_severity_rise_and_resolve() {
    let mut d = Desk::new();
    let fp = "c12c12c12c12c12c";
    let firing = |severity: &str| {
        let mut a = alert(fp, &[("system", "arkisto")], Some(severity));
        a.starts_at = Some(at("2026-04-01T09:00:00Z"));
        Signal::Alert(a)
    };
    // 1 → yellow (50 ≤ 120 < 500, medium)
    d.signal(firing("warning"), at("2026-04-01T09:00:05Z"));
    let s = d.only_case().case.suggested.clone().unwrap();
    assert_eq!(s.colour, Colour::Yellow);
    assert_eq!(s.flags, vec![mim_domain::Role::MimContact]);
    // 2 → acknowledged by the service desk
    let ack = acknowledge(&d.only_case().case, fp).unwrap();
    assert_eq!(
        ack,
        vec![CaseEvent::AlertAcknowledged {
            fingerprint: fp.into()
        }]
    );
    for e in ack {
        d.record(0, e, at("2026-04-01T09:02:00Z"));
    }
    assert_eq!(
        acknowledge(&d.only_case().case, fp).unwrap(),
        vec![],
        "once"
    );
    // 3 → still acknowledged, 2 occurrences, nothing to tell anyone
    let before = d.only_case().events.len();
    d.signal(firing("warning"), at("2026-04-01T09:05:05Z"));
    let held = d.only_case();
    assert_eq!(held.kinds()[before - 1..], ["alert_repeated"]);
    assert!(held.case.alerts[fp].acknowledged);
    assert_eq!(held.case.alerts[fp].occurrences, 2);
    // 4 → ack cleared (severity raised), red, one escalation, 3 occurrences
    let before = d.only_case().events.len();
    d.signal(firing("critical"), at("2026-04-01T09:10:05Z"));
    let held = d.only_case();
    assert_eq!(
        held.kinds()[before - 1..],
        ["alert_repeated", "alert_ack_cleared", "colour_suggested"]
    );
    assert_eq!(
        held.of_kind("alert_ack_cleared")[0],
        &CaseEvent::AlertAckCleared {
            fingerprint: fp.into(),
            reason: AckClearReason::SeverityRaised
        }
    );
    let r = &held.case.alerts[fp];
    assert!(!r.acknowledged);
    assert_eq!(r.occurrences, 3);
    let s = held.case.suggested.clone().unwrap();
    assert_eq!((s.colour, s.flags.len()), (Colour::Red, 2));
    assert_eq!(held.count("colour_suggested"), 2);
    // 5 → resolved although it had been acknowledged; after the hold-down, the prompt.
    let mut resolved = alert(fp, &[("system", "arkisto")], Some("critical"));
    resolved.status = SignalStatus::Resolved;
    resolved.starts_at = Some(at("2026-04-01T09:00:00Z"));
    resolved.ends_at = Some(at("2026-04-01T09:20:00Z"));
    d.signal(Signal::Alert(resolved), at("2026-04-01T09:20:05Z"));
    assert_eq!(d.only_case().case.alerts[fp].status, SignalStatus::Resolved);
    d.settle(at("2026-04-01T09:25:05Z"));
    assert_eq!(d.only_case().count("all_alerts_resolved"), 1);
    assert_eq!(d.only_case().case.stage, Stage::Detection);
}

#[test]
fn acknowledging_needs_a_firing_alert_of_the_case() {
    let mut d = Desk::new();
    d.signal(
        Signal::Alert(alert("a", &[("system", "arkisto")], None)),
        at("2026-04-01T09:00:00Z"),
    );
    assert!(acknowledge(&d.only_case().case, "nope").is_err());
    let mut r = alert("a", &[("system", "arkisto")], None);
    r.status = SignalStatus::Resolved;
    d.signal(Signal::Alert(r), at("2026-04-01T09:01:00Z"));
    assert!(acknowledge(&d.only_case().case, "a").is_err());
}

#[test]
fn an_ack_survives_a_flap_inside_the_hold_down_but_not_a_new_episode() {
    let mut d = Desk::new();
    let t = |m: i64| at("2026-04-01T09:00:00Z") + Duration::minutes(m);
    let sig = |status, start: i64| {
        let mut a = alert("a", &[("system", "arkisto")], Some("warning"));
        a.status = status;
        a.starts_at = Some(t(start));
        Signal::Alert(a)
    };
    d.signal(sig(SignalStatus::Firing, 0), t(0));
    d.record(
        0,
        CaseEvent::AlertAcknowledged {
            fingerprint: "a".into(),
        },
        t(1),
    );
    d.signal(sig(SignalStatus::Resolved, 0), t(2));
    d.signal(sig(SignalStatus::Firing, 3), t(3));
    assert!(
        d.only_case().case.alerts["a"].acknowledged,
        "a flap keeps the ack"
    );
    d.signal(sig(SignalStatus::Resolved, 3), t(4));
    d.signal(sig(SignalStatus::Firing, 30), t(30));
    let held = d.only_case();
    assert!(!held.case.alerts["a"].acknowledged);
    assert_eq!(
        held.of_kind("alert_ack_cleared"),
        [&CaseEvent::AlertAckCleared {
            fingerprint: "a".into(),
            reason: AckClearReason::FiredAgain
        }]
    );
}

/// A late stale copy never reopens what was resolved; a resolve closes only the alert it names.
#[test]
fn late_and_stale_copies_are_ignored() {
    let mut d = Desk::new();
    let t = |m: i64| at("2026-05-05T12:00:00Z") + Duration::minutes(m);
    let sig = |fp: &str, status, start: i64, end: Option<i64>| {
        let mut a = alert(fp, &[("system", "ajanvaraus")], Some("high"));
        a.status = status;
        a.starts_at = Some(t(start));
        a.ends_at = end.map(t);
        Signal::Alert(a)
    };
    use SignalStatus::{Firing, Resolved};
    d.signal(sig("a", Firing, 0, None), t(0));
    d.signal(sig("b", Firing, 0, None), t(0));
    d.signal(sig("a", Resolved, 0, Some(10)), t(10));
    let table: [(Signal, Option<IgnoreReason>); 5] = [
        // The resolve again.
        (
            sig("a", Resolved, 0, Some(10)),
            Some(IgnoreReason::AlreadyResolved {
                fingerprint: "a".into(),
            }),
        ),
        // A firing copy of the resolved episode.
        (
            sig("a", Firing, 0, None),
            Some(IgnoreReason::StaleCopy {
                fingerprint: "a".into(),
            }),
        ),
        // A resolve for an alert never seen.
        (
            sig("zz", Resolved, 0, Some(10)),
            Some(IgnoreReason::UnknownAlert {
                fingerprint: "zz".into(),
            }),
        ),
        // A new episode of `a` fires again…
        (sig("a", Firing, 20, None), None),
        // …and a late resolve of its earlier episode doesn't close it.
        (
            sig("a", Resolved, 0, Some(10)),
            Some(IgnoreReason::StaleCopy {
                fingerprint: "a".into(),
            }),
        ),
    ];
    for (i, (s, want)) in table.into_iter().enumerate() {
        let out = d.signal(s, t(21 + i as i64)).expect("routed");
        match want {
            Some(reason) => assert_eq!(out, Absorbed::Ignore { reason }, "row {i}"),
            None => assert!(matches!(out, Absorbed::Attach(_)), "row {i}: {out:?}"),
        }
    }
    let case = &d.only_case().case;
    assert!(case.alerts["a"].is_firing());
    assert!(
        case.alerts["b"].is_firing(),
        "a resolve closes only the alert it names"
    );
    assert_eq!(d.cases.len(), 1);
}
