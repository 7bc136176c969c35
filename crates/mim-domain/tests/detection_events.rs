//! The detection events as the event log's persisted contract: old JSON still reads (and
//! writes back unchanged), every new event round-trips, none of them is a process step, and
//! each lands in a section of the MIM form.

use chrono::{TimeZone, Utc};
use mim_domain::Role;
use mim_domain::case::{Actor, Case, CaseEvent, MimForm, RecordedEvent};
use mim_domain::detection::{AckClearReason, AlertUsersSource, EstimateBasis, SeverityClass};
use mim_domain::impact::{Colour, Severity};
use mim_domain::{CaseId, detection::SignalStatus};
use serde_json::{Value, json};

#[test]
fn events_written_before_detection_still_read_and_write_back_the_same() {
    let old = [
        json!({"type": "alert_firing", "fingerprint": "f", "name": "InstanceDown", "text": "x"}),
        json!({"type": "alert_resolved", "fingerprint": "f"}),
        json!({"type": "report_received", "channel": "phone", "text": "x", "reporter": null}),
    ];
    for v in old {
        let e: CaseEvent = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(serde_json::to_value(&e).unwrap(), v);
    }
}

fn every_detection_event() -> Vec<CaseEvent> {
    vec![
        CaseEvent::AlertFiring {
            fingerprint: "f".into(),
            name: "ProbeFailed".into(),
            text: "Toimipiste 0001 ei vastaa".into(),
            source_severity: Some("critical".into()),
            severity_class: Some(SeverityClass::Level(Severity::PreventsWork)),
            starts_at: Utc.with_ymd_and_hms(2026, 11, 12, 5, 31, 0).single(),
            labels: [("site".to_owned(), "toimipiste-0001".to_owned())].into(),
            users: Some(3000),
            users_source: Some(AlertUsersSource::SelectorShare { percent: 100 }),
            url: Some("http://prometheus.example.invalid/graph".into()),
        },
        CaseEvent::AlertResolved {
            fingerprint: "f".into(),
            ends_at: Utc.with_ymd_and_hms(2026, 11, 12, 6, 0, 0).single(),
        },
        CaseEvent::ReportReceived {
            channel: mim_domain::case::ReportChannel::EndUserForm,
            text: "ei toimi".into(),
            reporter: Some("Eeva".into()),
            stated_users: Some(10),
            severity: Some(Severity::DisruptsWork),
        },
        CaseEvent::AlertRepeated {
            fingerprint: "f".into(),
            source_severity: Some("warning".into()),
            severity_class: Some(SeverityClass::Level(Severity::Inconvenient)),
            users: Some(1),
            users_source: Some(AlertUsersSource::Carried),
        },
        CaseEvent::AlertFlapping {
            fingerprint: "f".into(),
            changes: 3,
            within_seconds: 600,
        },
        CaseEvent::AlertFlappingEnded {
            fingerprint: "f".into(),
        },
        CaseEvent::AlertAcknowledged {
            fingerprint: "f".into(),
        },
        CaseEvent::AlertAckCleared {
            fingerprint: "f".into(),
            reason: AckClearReason::SeverityRaised,
        },
        CaseEvent::AlertsTruncated {
            count: 2750,
            listed: 50,
            group_key: Some("{}:{alertname=\"ProbeFailed\"}".into()),
        },
        CaseEvent::AllAlertsResolved {
            alerts: 3,
            unlisted: 0,
        },
        CaseEvent::EstimateChanged {
            users: 3000,
            basis: EstimateBasis::SelectorShare {
                fingerprint: "f".into(),
                percent: 100,
            },
        },
        CaseEvent::ColourSuggested {
            colour: Colour::Red,
            previous: Some(Colour::Yellow),
            users: 3000,
            severity: Severity::PreventsWork,
            flags: vec![Role::ServiceDesk, Role::ItManagement],
        },
        CaseEvent::SourceStillFiring {
            fingerprint: "f".into(),
        },
    ]
}

#[test]
fn every_detection_event_round_trips_and_is_evidence() {
    for e in every_detection_event() {
        let v = serde_json::to_value(&e).unwrap();
        let back: CaseEvent = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(back, e, "{v}");
        assert!(!e.is_process(), "{} must not advance the version", e.kind());
        assert_eq!(v["type"], Value::from(e.kind()));
    }
    // A few shapes pinned down, as other layers read them.
    let v = serde_json::to_value(&every_detection_event()[10]).unwrap();
    assert_eq!(
        v,
        json!({"type": "estimate_changed", "users": 3000,
               "basis": {"kind": "selector_share", "fingerprint": "f", "percent": 100}})
    );
    let v = serde_json::to_value(&every_detection_event()[11]).unwrap();
    assert_eq!(v["flags"], json!(["service_desk", "it_management"]));
    assert_eq!(v["previous"], "yellow");
    let v = serde_json::to_value(&every_detection_event()[7]).unwrap();
    assert_eq!(v["reason"], "severity_raised");
}

#[test]
fn the_fold_and_the_form_take_every_detection_event() {
    let t = Utc.with_ymd_and_hms(2026, 11, 12, 5, 31, 5).unwrap();
    let opened = CaseEvent::Opened {
        title: "Kuntaverkko".into(),
        description: None,
        system: None,
        exercise: false,
        mim_contact: None,
        mim_contact_deputy: None,
        recurrence_of: None,
    };
    let events: Vec<RecordedEvent> = std::iter::once(opened)
        .chain(every_detection_event())
        .enumerate()
        .map(|(i, event)| RecordedEvent {
            seq: i as u64 + 1,
            version: 1,
            occurred_at: t + chrono::Duration::seconds(i as i64),
            recorded_at: t + chrono::Duration::seconds(i as i64),
            actor: Actor::Mim,
            event,
        })
        .collect();
    let case = Case::from_events(CaseId::new(2026, 1), &events).unwrap();
    let r = &case.alerts["f"];
    // Fired, resolved, then a repeat counted (absorb never sends one for a resolved alert).
    assert_eq!(r.status, SignalStatus::Resolved);
    assert_eq!(r.occurrences, 2);
    assert_eq!(r.transitions.len(), 2);
    assert!(!r.flapping && !r.acknowledged && r.still_firing_flagged);
    assert_eq!(case.unlisted_alerts(), 2750);
    assert_eq!(case.estimate.as_ref().unwrap().users, 3000);
    assert_eq!(case.suggested.as_ref().unwrap().colour, Colour::Red);
    assert!(case.all_alerts_resolved_at.is_some());
    assert_eq!(case.distinct_reporters(), 1);
    assert_eq!(case.max_stated_users, Some(10));
    assert_eq!(case.max_report_severity, Some(Severity::DisruptsWork));
    assert_eq!(case.version, 1);

    let form = MimForm::new(case, &events);
    let kinds = |v: &[mim_domain::case::FormEntry]| -> Vec<String> {
        v.iter().map(|e| e.event.kind()).collect()
    };
    assert_eq!(
        kinds(&form.reports),
        ["alert_firing", "alert_resolved", "report_received"]
    );
    assert_eq!(
        kinds(&form.alert_activity),
        [
            "alert_repeated",
            "alert_flapping",
            "alert_flapping_ended",
            "alert_acknowledged",
            "alert_ack_cleared",
            "alerts_truncated",
            "all_alerts_resolved"
        ]
    );
    assert_eq!(
        kinds(&form.suggestions),
        ["estimate_changed", "colour_suggested"]
    );
    assert_eq!(kinds(&form.fix), ["source_still_firing"]);
}
