//! The outbox's dispatcher on a real SQLite file and a manual clock (issue 5, point 5), with a
//! scripted channel standing in for the real ones (those are tested against real servers in
//! mim-channels): every outcome recorded on the case; retries with backoff; a permanent
//! refusal given up at once without blocking the rest; nothing recorded as sent is sent
//! again, across a restart of the app on the same file; a message cut off mid-send comes back
//! once the lease runs out, with the same id, marked as a possible duplicate.

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use mim_app::cases::{OpenCase, OpenReport};
use mim_app::clock::ManualClock;
use mim_app::outbox::{DispatchSettings, MessageSender, SendFailure};
use mim_app::{App, AppSettings};
use mim_domain::case::{Actor, CaseEvent, ReportChannel};
use mim_domain::communication::{OutboxMessage, Recipient};
use mim_domain::register::Channel;
use mim_domain::text::Passage;
use mim_domain::{CaseId, Clock, Language, SystemId};
use mim_store::{CaseStore, ClaimedMessage, OutboxCounts, OutboxStore};
use mim_store_sqlite::SqliteStore;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 29, 0, 50, 0)
        .single()
        .expect("valid time")
}

/// A channel whose answers the test scripts per recipient address: each call takes the next
/// scripted answer (the last one repeats), and every call is kept.
#[derive(Default)]
struct Scripted {
    answers: Mutex<HashMap<String, Vec<Result<String, SendFailure>>>>,
    calls: Mutex<Vec<(String, u32, bool)>>,
}

impl Scripted {
    fn script(&self, address: &str, answers: Vec<Result<String, SendFailure>>) {
        self.answers
            .lock()
            .expect("lock")
            .insert(address.into(), answers);
    }
    fn calls(&self) -> Vec<(String, u32, bool)> {
        self.calls.lock().expect("lock").clone()
    }
}

#[async_trait]
impl MessageSender for Scripted {
    async fn send(&self, m: &ClaimedMessage) -> Result<String, SendFailure> {
        self.calls.lock().expect("lock").push((
            m.message.message_id.clone(),
            m.attempt,
            m.possible_duplicate,
        ));
        let mut answers = self.answers.lock().expect("lock");
        let list = answers
            .entry(m.message.recipient.address.clone())
            .or_insert_with(|| vec![Ok("250 OK".into())]);
        if list.len() > 1 {
            list.remove(0)
        } else {
            list[0].clone()
        }
    }
}

fn transient(reason: &str) -> Result<String, SendFailure> {
    Err(SendFailure {
        permanent: false,
        reason: reason.into(),
        retry_after: None,
    })
}

fn permanent(reason: &str) -> Result<String, SendFailure> {
    Err(SendFailure {
        permanent: true,
        reason: reason.into(),
        retry_after: None,
    })
}

/// The app on the SQLite file at `path`, and the store under it for the test to look into.
async fn app_on(path: &Path, clock: Arc<ManualClock>, seed: bool) -> (App, Arc<SqliteStore>) {
    let store = Arc::new(SqliteStore::open(path).await.expect("open store"));
    let app = App::new(store.clone(), clock, AppSettings::default());
    if seed {
        app.seed_demo().await.expect("seed").expect("empty");
    }
    (app, store)
}

async fn open_case(app: &App) -> CaseId {
    let desk = app
        .login("palvelupiste", "demo")
        .await
        .expect("login")
        .principal;
    app.open_case(
        &desk,
        OpenCase {
            system: Some(SystemId::new("wilma").expect("id")),
            title: None,
            description: None,
            exercise: false,
            report: OpenReport {
                channel: ReportChannel::Phone,
                text: Passage::new("Wilma ei toimi").expect("text"),
                reporter: None,
                occurred_at: None,
            },
        },
    )
    .await
    .expect("open")
    .case
    .id
}

fn message(id: &str, address: &str) -> OutboxMessage {
    OutboxMessage {
        message_id: id.into(),
        message: "MIM-2026-0001/1".into(),
        kind: "first_notice".into(),
        audience: "henkilöstö".into(),
        channel: Channel::Email,
        recipient: Recipient {
            name: address.into(),
            address: address.into(),
        },
        language: Language::Fi,
        subject: "Wilma: häiriö".into(),
        text: "Selvitämme.".into(),
        link: None,
    }
}

/// The message events on the case, as (type, message id) pairs in order.
async fn deliveries(store: &SqliteStore, id: &CaseId) -> Vec<(String, String)> {
    store
        .load(id)
        .await
        .expect("load")
        .into_iter()
        .filter_map(|e| match e.event {
            CaseEvent::MessageSent { message_id, .. } => Some(("sent".into(), message_id)),
            CaseEvent::MessageFailed { message_id, .. } => Some(("failed".into(), message_id)),
            CaseEvent::MessageGivenUp { message_id, .. } => Some(("given_up".into(), message_id)),
            _ => None,
        })
        .collect()
}

fn pair(kind: &str, id: &str) -> (String, String) {
    (kind.into(), id.into())
}

#[tokio::test]
async fn every_outcome_is_recorded_and_a_refusal_blocks_nothing() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), true).await;
    let id = open_case(&app).await;
    app.queue_messages(
        &id,
        Actor::Mim,
        vec![
            message("m/ok", "ok@example.fi"),
            message("m/flaky", "flaky@example.fi"),
            message("m/refused", "nobody@example.fi"),
        ],
    )
    .await
    .expect("queue");
    let channel = Arc::new(Scripted::default());
    channel.script(
        "flaky@example.fi",
        vec![
            transient("421 try again later"),
            transient("connection reset"),
            Ok("250 queued".into()),
        ],
    );
    channel.script(
        "nobody@example.fi",
        vec![permanent("550 5.1.1 no such user")],
    );
    let settings = DispatchSettings::default();

    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");
    assert_eq!((round.sent, round.failed, round.given_up), (1, 1, 1));
    let mut got = deliveries(&store, &id).await;
    got.sort();
    assert_eq!(
        got,
        [
            pair("failed", "m/flaky"),
            pair("given_up", "m/refused"),
            pair("sent", "m/ok")
        ]
    );

    // Not yet: the retry waits 30 s, then 60 s (real time, across the change to summer time
    // at 01:00Z).
    clock.advance(Duration::seconds(29));
    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");
    assert_eq!(round.attempted(), 0);
    clock.advance(Duration::seconds(1));
    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");
    assert_eq!((round.sent, round.failed), (0, 1));
    clock.advance(Duration::seconds(59));
    assert_eq!(
        app.dispatch_due(channel.clone(), &settings)
            .await
            .expect("round")
            .attempted(),
        0
    );
    clock.advance(Duration::seconds(1));
    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");
    assert_eq!(round.sent, 1);

    // The refused address was tried once: a permanent refusal is not repeated.
    let calls = channel.calls();
    assert_eq!(
        calls.iter().filter(|c| c.0 == "m/refused").count(),
        1,
        "{calls:?}"
    );
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.0 == "m/flaky")
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    clock.advance(Duration::hours(3));
    assert_eq!(
        app.dispatch_due(channel.clone(), &settings)
            .await
            .expect("round")
            .attempted(),
        0,
        "nothing is left to send"
    );
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            sent: 2,
            given_up: 1,
            ..Default::default()
        }
    );
}

#[tokio::test]
async fn retries_run_out_and_the_message_is_given_up() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), true).await;
    let id = open_case(&app).await;
    app.queue_messages(&id, Actor::Mim, vec![message("m/down", "down@example.fi")])
        .await
        .expect("queue");
    let channel = Arc::new(Scripted::default());
    channel.script("down@example.fi", vec![transient("connection refused")]);
    let settings = DispatchSettings::default();
    for _ in 0..settings.retry.max_attempts {
        app.dispatch_due(channel.clone(), &settings)
            .await
            .expect("round");
        clock.advance(Duration::minutes(16));
    }
    let got = deliveries(&store, &id).await;
    let failed = got.iter().filter(|d| d.0 == "failed").count();
    assert_eq!(failed as u32, settings.retry.max_attempts - 1);
    assert_eq!(got.last(), Some(&pair("given_up", "m/down")));
    assert_eq!(channel.calls().len() as u32, settings.retry.max_attempts);
}

#[tokio::test]
async fn across_a_restart_nothing_sent_goes_again_and_a_cut_off_send_comes_back_marked() {
    let dir = TempDir::new().expect("dir");
    let path = dir.path().join("mim.sqlite3");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&path, clock.clone(), true).await;
    let id = open_case(&app).await;
    app.queue_messages(
        &id,
        Actor::Mim,
        vec![
            message("m/done", "done@example.fi"),
            message("m/inflight", "inflight@example.fi"),
        ],
    )
    .await
    .expect("queue");
    let settings = DispatchSettings::default();
    let channel = Arc::new(Scripted::default());
    // A dispatcher claims m/done and dies mid-send: the claim is taken, no outcome recorded.
    let now = clock.now();
    let claimed = store
        .claim_due(now, now + settings.lease, 1)
        .await
        .expect("claim the first");
    assert_eq!(claimed.len(), 1);
    drop((app, store));

    // Restart on the same file after the lease ran out: m/done (claimed, never recorded) and
    // m/inflight (never claimed) are both due; m/done comes back as a possible duplicate.
    clock.advance(settings.lease + Duration::seconds(1));
    let (app, store) = app_on(&path, clock.clone(), false).await;
    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");
    assert_eq!(round.sent, 2);
    let calls = channel.calls();
    assert!(
        calls.contains(&("m/done".into(), 2, true)),
        "the cut-off send comes back marked: {calls:?}"
    );
    assert!(
        calls.contains(&("m/inflight".into(), 1, false)),
        "{calls:?}"
    );
    let sent_dup = store
        .load(&id)
        .await
        .expect("load")
        .into_iter()
        .any(|e| {
            matches!(e.event, CaseEvent::MessageSent { ref message_id, possible_duplicate: true, .. } if message_id == "m/done")
        });
    assert!(sent_dup, "the timeline says it may be a duplicate");

    // Another restart: what was recorded as sent is never sent again.
    drop((app, store));
    clock.advance(Duration::hours(1));
    let (app, store) = app_on(&path, clock.clone(), false).await;
    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");
    assert_eq!(round.attempted(), 0);
    assert_eq!(channel.calls().len(), 2);
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            sent: 2,
            ..Default::default()
        }
    );
}

#[tokio::test]
async fn a_receiver_asking_to_wait_is_not_tried_sooner() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, _store) = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), true).await;
    let id = open_case(&app).await;
    app.queue_messages(&id, Actor::Mim, vec![message("m/busy", "busy@example.fi")])
        .await
        .expect("queue");
    let channel = Arc::new(Scripted::default());
    channel.script(
        "busy@example.fi",
        vec![
            Err(SendFailure {
                permanent: false,
                reason: "429 Too Many Requests".into(),
                retry_after: Some(Duration::minutes(5)),
            }),
            Ok("202 Accepted".into()),
        ],
    );
    let settings = DispatchSettings::default();
    assert_eq!(
        app.dispatch_due(channel.clone(), &settings)
            .await
            .expect("round")
            .failed,
        1
    );
    // The backoff alone would try again after 30 s; the receiver asked for 5 minutes.
    clock.advance(Duration::minutes(5) - Duration::seconds(1));
    assert_eq!(
        app.dispatch_due(channel.clone(), &settings)
            .await
            .expect("round")
            .attempted(),
        0
    );
    clock.advance(Duration::seconds(1));
    assert_eq!(
        app.dispatch_due(channel.clone(), &settings)
            .await
            .expect("round")
            .sent,
        1
    );
}
