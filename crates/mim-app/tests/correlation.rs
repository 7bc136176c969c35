//! The inbox folded into cases: grouping per system, partial and full resolves with the
//! hold-down, truncated storms classified once, unassigned signals kept, and a repeated step
//! after a crash writing nothing twice. Real SQLite file, manual clock.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mim_app::clock::ManualClock;
use mim_app::{App, AppSettings};
use mim_domain::case::{Case, CaseEvent, Stage};
use mim_domain::detection::Batch;
use mim_intake::{Format, SourceConfig, parse};
use mim_store::{CaseFilter, CaseStore, IntakeStore, NewDelivery};
use mim_store_sqlite::SqliteStore;
use std::sync::Arc;

struct Desk {
    app: App,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 10, 7, 15, 5).unwrap()
}

async fn desk() -> Desk {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("mim.sqlite3"))
            .await
            .expect("store"),
    );
    let clock = Arc::new(ManualClock::new(start()));
    let app = App::new(store.clone(), clock.clone(), AppSettings::default());
    app.seed_demo().await.expect("seed").expect("empty");
    Desk {
        app,
        store,
        clock,
        _dir: dir,
    }
}

fn alertmanager(body: &str) -> Batch {
    let config = SourceConfig {
        format: Format::Alertmanager,
        time_zone: chrono_tz::Europe::Helsinki,
    };
    parse(body.as_bytes(), &config).expect("a valid Alertmanager body")
}

impl Desk {
    async fn deliver(&self, batch: Batch) {
        self.commit(batch).await;
        self.app.correlate(100).await.expect("correlated");
    }

    async fn cases(&self, system: &str) -> Vec<Case> {
        let filter = CaseFilter {
            system: Some(mim_domain::SystemId::new(system).expect("id")),
            ..Default::default()
        };
        let mut out = vec![];
        for row in self.store.list(&filter).await.expect("list") {
            let events = self.store.load(&row.id).await.expect("load");
            out.push(Case::from_events(row.id, &events).expect("fold"));
        }
        out
    }

    async fn events(&self, case: &Case) -> Vec<CaseEvent> {
        self.store
            .load(&case.id)
            .await
            .expect("load")
            .into_iter()
            .map(|e| e.event)
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_stays_open_until_every_member_resolves_c09() {
    let d = desk().await;
    d.deliver(alertmanager(include_str!(
        "fixtures/C09-am-1-three-firing.json"
    )))
    .await;
    let cases = d.cases("potilastieto").await;
    assert_eq!(cases.len(), 1, "one case for the system");
    assert_eq!(cases[0].active_alerts().count(), 3);
    assert_eq!(cases[0].opened_by, mim_domain::case::Actor::Mim);
    assert_eq!(cases[0].stage, Stage::Detection);

    d.clock.advance(Duration::minutes(5));
    d.deliver(alertmanager(include_str!(
        "fixtures/C09-am-2-one-resolved.json"
    )))
    .await;
    let case = &d.cases("potilastieto").await[0];
    assert_eq!(
        (case.active_alerts().count(), case.resolved_alerts().count()),
        (2, 1)
    );
    assert!(
        !d.events(case)
            .await
            .iter()
            .any(|e| matches!(e, CaseEvent::AllAlertsResolved { .. }))
    );

    d.clock.advance(Duration::minutes(5));
    d.deliver(alertmanager(include_str!(
        "fixtures/C09-am-3-all-resolved.json"
    )))
    .await;
    let case = &d.cases("potilastieto").await[0];
    assert_eq!(case.active_alerts().count(), 0);
    // The resolution is published only after the hold-down, once, and moves no stage.
    assert_eq!(d.app.settle_detections().await.expect("settle"), 0);
    d.clock.advance(Duration::minutes(6));
    assert!(d.app.settle_detections().await.expect("settle") > 0);
    assert_eq!(d.app.settle_detections().await.expect("settle"), 0, "once");
    let case = &d.cases("potilastieto").await[0];
    let resolved = d
        .events(case)
        .await
        .iter()
        .filter(|e| matches!(e, CaseEvent::AllAlertsResolved { .. }))
        .count();
    assert_eq!(resolved, 1);
    assert_eq!(
        case.stage,
        Stage::Detection,
        "alerts are evidence: the stage stays"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_storm_is_one_case_classified_once_c14() {
    let d = desk().await;
    d.deliver(alertmanager(include_str!(
        "fixtures/C14-alertmanager-storm-truncated.json"
    )))
    .await;
    let cases = d.cases("kuntaverkko").await;
    assert_eq!(cases.len(), 1);
    let case = &cases[0];
    assert_eq!(case.alert_count(), 2800, "50 listed and 2750 truncated");
    let suggested: Vec<_> = d
        .events(case)
        .await
        .into_iter()
        .filter_map(|e| match e {
            CaseEvent::ColourSuggested { colour, .. } => Some(colour),
            _ => None,
        })
        .collect();
    assert_eq!(
        suggested,
        [mim_domain::impact::Colour::Red],
        "the colour is computed once, red"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_repeated_after_a_crash_writes_nothing_twice() {
    let d = desk().await;
    d.deliver(alertmanager(include_str!(
        "fixtures/C09-am-1-three-firing.json"
    )))
    .await;
    d.deliver(alertmanager(include_str!(
        "fixtures/C07-alertmanager-same-summary.json"
    )))
    .await;
    let before: Vec<usize> = {
        let mut v = vec![];
        for s in ["potilastieto", "ajanvaraus"] {
            for c in d.cases(s).await {
                v.push(d.events(&c).await.len());
            }
        }
        v
    };
    // As if the process died after writing the cases but before moving the cursor.
    d.store
        .set_cursor(mim_app::intake::CURSOR, 0)
        .await
        .expect("rewind");
    let again = d.app.correlate(100).await.expect("again");
    assert_eq!(again.deliveries, 2);
    assert!(again.opened.len() <= 2);
    let after: Vec<usize> = {
        let mut v = vec![];
        for s in ["potilastieto", "ajanvaraus"] {
            for c in d.cases(s).await {
                v.push(d.events(&c).await.len());
            }
        }
        v
    };
    assert_eq!(before, after, "no case got an event twice, no second case");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_no_system_matches_waits_in_the_unassigned_queue() {
    let d = desk().await;
    let batch = parse(
        br#"{"reports":[{"channel":"end_user_form","text":"mikaan ei toimi"}]}"#,
        &SourceConfig {
            format: Format::Generic,
            time_zone: chrono_tz::Europe::Helsinki,
        },
    )
    .expect("generic");
    d.deliver(batch).await;
    let queue = d.store.unassigned(10).await.expect("queue");
    assert_eq!(queue.len(), 1);
    assert_eq!(
        d.store
            .list(&CaseFilter::default())
            .await
            .expect("list")
            .len(),
        0,
        "no case"
    );
}

/// The worker keeps cases folded between steps; what people write meanwhile (here the
/// service desk's acknowledgements) must be seen by the next step's decisions and never
/// numbered over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_case_catches_up_with_what_people_wrote_between_steps() {
    use mim_domain::case::{Actor, NewEvent};
    use mim_domain::detection::AckClearReason;
    let d = desk().await;
    d.deliver(alertmanager(include_str!(
        "fixtures/C09-am-1-three-firing.json"
    )))
    .await;
    d.clock.advance(Duration::minutes(1));
    d.deliver(alertmanager(include_str!(
        "fixtures/C09-am-2-one-resolved.json"
    )))
    .await;
    let case = d.cases("potilastieto").await.remove(0);
    let acks = (1..=3)
        .map(|n| NewEvent {
            occurred_at: start(),
            recorded_at: start(),
            actor: Actor::Mim,
            event: CaseEvent::AlertAcknowledged {
                fingerprint: format!("aaaa00000000000{n}"),
            },
        })
        .collect();
    d.store
        .append(&case.id, None, acks, None)
        .await
        .expect("acknowledged");
    // Long after the resolve, the alert fires again: its acknowledgement no longer holds.
    d.clock.advance(Duration::minutes(30));
    let again = include_str!("fixtures/C09-am-1-three-firing.json")
        .replace("2026-03-03T10:00:00Z", "2026-03-03T10:40:00Z");
    d.deliver(alertmanager(&again)).await;
    let events = d.store.load(&case.id).await.expect("load");
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=seqs.len() as u64).collect::<Vec<_>>(),
        "no gaps, no repeats"
    );
    let cleared: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.event {
            CaseEvent::AlertAckCleared { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(
        cleared,
        [AckClearReason::FiredAgain],
        "the step saw the acknowledgement written between steps"
    );
    assert_eq!(d.cases("potilastieto").await.len(), 1, "still one case");
}

/// One Alertmanager notification with one firing alert `n` about `system`.
fn one_alert(system: &str, n: u32) -> Batch {
    alerts(system, &[n])
}

/// One Alertmanager notification with firing alerts `ns` about `system`.
fn alerts(system: &str, ns: &[u32]) -> Batch {
    let listed: Vec<String> = ns
        .iter()
        .map(|n| {
            format!(
                r#"{{"status":"firing","labels":{{"alertname":"Down{n}","system":"{system}","severity":"warning"}},
                "annotations":{{"summary":"node {n} down"}},"startsAt":"2026-02-10T07:15:00Z",
                "endsAt":"0001-01-01T00:00:00Z","fingerprint":"{n:016x}"}}"#
            )
        })
        .collect();
    alertmanager(&format!(
        r#"{{"version":"4","status":"firing","receiver":"mim","groupLabels":{{"system":"{system}"}},
            "commonLabels":{{}},"commonAnnotations":{{}},"externalURL":"http://am","groupKey":"{system}",
            "alerts":[{}]}}"#,
        listed.join(",")
    ))
}

impl Desk {
    /// Commits a delivery without folding it (a backlog building up).
    async fn commit(&self, batch: Batch) {
        use mim_domain::Clock;
        let d = NewDelivery {
            source: "alertmanager".into(),
            received_at: self.clock.now(),
            idempotency_key: None,
            batch,
            route: None,
        };
        self.app.commit_delivery(d).await.expect("committed");
    }

    /// How many firing copies of each alert the system's cases took (the first and repeats).
    async fn firings(&self, system: &str) -> std::collections::BTreeMap<String, usize> {
        let mut out = std::collections::BTreeMap::new();
        for case in self.cases(system).await {
            for e in self.events(&case).await {
                if let CaseEvent::AlertFiring { fingerprint, .. }
                | CaseEvent::AlertRepeated { fingerprint, .. } = e
                {
                    *out.entry(fingerprint).or_default() += 1;
                }
            }
        }
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiet_systems_report_is_folded_ahead_of_another_systems_backlog() {
    let d = desk().await;
    for n in 0..30 {
        d.commit(one_alert("potilastieto", n)).await;
    }
    d.commit(one_alert("ajanvaraus", 1000)).await;
    // One step of four deliveries: the oldest of the backlog, then the quiet system's one.
    let step = d.app.correlate(4).await.expect("step");
    assert_eq!(step.deliveries, 4);
    assert_eq!(
        d.firings("ajanvaraus").await.len(),
        1,
        "the quiet system's alert did not wait for the other's backlog"
    );
    let storm = d.firings("potilastieto").await;
    assert_eq!(storm.len(), 3, "the backlog moved on in its own order");
    assert!(storm.contains_key(&format!("{:016x}", 0)), "{storm:?}");
    assert!(storm.contains_key(&format!("{:016x}", 2)), "{storm:?}");
    while d.app.correlate(4).await.expect("step").deliveries > 0 {}
    assert_eq!(d.firings("potilastieto").await.len(), 30);
    assert_eq!(
        d.store
            .cursor(mim_app::intake::CURSOR)
            .await
            .expect("cursor"),
        31,
        "the cursor passed everything once the backlog was folded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_after_folding_ahead_takes_nothing_twice() {
    let d = desk().await;
    for n in 0..10 {
        d.commit(one_alert("potilastieto", n)).await;
    }
    d.commit(one_alert("ajanvaraus", 1000)).await;
    d.app.correlate(2).await.expect("step");
    assert_eq!(d.firings("ajanvaraus").await.len(), 1, "folded ahead");
    // Another alert of the quiet system arrives; the process stops before folding it.
    d.commit(one_alert("ajanvaraus", 1001)).await;
    assert_eq!(
        d.store
            .cursor(mim_app::intake::CURSOR)
            .await
            .expect("cursor"),
        1,
        "the cursor waits before the oldest delivery not folded"
    );
    // A new process on the same file: it routes again from the cursor and meets the
    // delivery it folded ahead.
    let restarted = App::new(d.store.clone(), d.clock.clone(), AppSettings::default());
    let mut steps = 0;
    while restarted.correlate(3).await.expect("step").deliveries > 0 {
        steps += 1;
        assert!(steps < 20, "the backlog ends");
    }
    let ajanvaraus = d.firings("ajanvaraus").await;
    assert_eq!(
        ajanvaraus.values().copied().collect::<Vec<_>>(),
        vec![1, 1],
        "the alert folded ahead is not taken again beside the new one: {ajanvaraus:?}"
    );
    assert_eq!(d.cases("ajanvaraus").await.len(), 1, "no second case");
    let storm = d.firings("potilastieto").await;
    assert_eq!(storm.len(), 10);
    assert!(
        storm.values().all(|n| *n == 1),
        "each alert once: {storm:?}"
    );
    assert_eq!(
        d.store
            .cursor(mim_app::intake::CURSOR)
            .await
            .expect("cursor"),
        12
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_opened_late_takes_every_signal_of_its_delivery() {
    // Cases opened in a step carry provisional ids numbered from 1 in every step; what one
    // step's provisional case took must not make the next step's skip signals.
    let d = desk().await;
    d.deliver(one_alert("wilma", 1)).await;
    d.commit(one_alert("wilma", 2)).await;
    d.commit(one_alert("wilma", 3)).await;
    d.commit(alerts("potilastieto", &[10, 11])).await;
    d.commit(one_alert("potilastieto", 12)).await;
    d.commit(alerts("ajanvaraus", &[20, 21])).await;
    // Step 1: wilma's oldest, then ajanvaraus (the shortest lane) opens a case at a late
    // position. Step 2: wilma's next, then potilastieto's two-alert delivery opens a case.
    d.app.correlate(2).await.expect("step 1");
    d.app.correlate(2).await.expect("step 2");
    while d.app.correlate(2).await.expect("step").deliveries > 0 {}
    let storm = d.firings("potilastieto").await;
    assert_eq!(
        storm.keys().cloned().collect::<Vec<_>>(),
        vec![
            format!("{:016x}", 10),
            format!("{:016x}", 11),
            format!("{:016x}", 12)
        ],
        "every alert of the opening delivery is on the case"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_is_routed_on_arrival_and_again_when_the_register_changed() {
    use mim_store::RegisterStore;
    let d = desk().await;
    d.commit(one_alert("potilastieto", 1)).await;
    d.commit(one_alert("uusijarjestelma", 2)).await;
    let routes = d.store.routes_after(0, 10).await.expect("routes");
    let lanes: Vec<_> = routes
        .iter()
        .map(|r| r.route.as_ref().expect("routed on arrival").lanes.clone())
        .collect();
    assert_eq!(
        lanes,
        vec![
            vec![Some(mim_domain::SystemId::new("potilastieto").expect("id"))],
            vec![None]
        ],
        "the second names no system in the register yet"
    );
    // The system is registered before the worker gets to the delivery: the route made on
    // arrival names the old register, so the worker routes it again.
    let mut system = d
        .store
        .system(&mim_domain::SystemId::new("potilastieto").expect("id"))
        .await
        .expect("read")
        .expect("demo system");
    system.id = mim_domain::SystemId::new("uusijarjestelma").expect("id");
    system.name = "Uusi järjestelmä".into();
    system.aliases = vec![];
    system.selectors = vec![];
    let stamp = mim_store::Stamp {
        by: mim_domain::register::Editor::Operator("testi".into()),
        at: start(),
    };
    d.store.put_system(&system, &stamp).await.expect("put");
    while d.app.correlate(10).await.expect("step").deliveries > 0 {}
    assert_eq!(d.firings("uusijarjestelma").await.len(), 1, "on its system");
    assert!(
        d.store.unassigned(10).await.expect("queue").is_empty(),
        "not in the unassigned queue"
    );
}
