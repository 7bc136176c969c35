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
use mim_app::outbox::{DispatchSettings, MessageFile, MessageSender, SendFailure};
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
    async fn send(
        &self,
        m: &ClaimedMessage,
        _files: &[MessageFile],
    ) -> Result<String, SendFailure> {
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
    Err(SendFailure::transient(reason))
}

fn permanent(reason: &str) -> Result<String, SendFailure> {
    Err(SendFailure::permanent(reason))
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
        attachments: vec![],
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
                retry_after: Some(Duration::minutes(5)),
                ..SendFailure::transient("429 Too Many Requests")
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

/// A channel that takes its time (it yields, so other sends run meanwhile) and notes how many
/// sends were in flight at once.
#[derive(Default)]
struct Overlapping {
    in_flight: std::sync::atomic::AtomicUsize,
    most: std::sync::atomic::AtomicUsize,
    calls: std::sync::atomic::AtomicUsize,
}

#[async_trait]
impl MessageSender for Overlapping {
    async fn send(
        &self,
        _m: &ClaimedMessage,
        _files: &[MessageFile],
    ) -> Result<String, SendFailure> {
        use std::sync::atomic::Ordering::SeqCst;
        self.calls.fetch_add(1, SeqCst);
        let now = self.in_flight.fetch_add(1, SeqCst) + 1;
        self.most.fetch_max(now, SeqCst);
        for _ in 0..3 {
            tokio::task::yield_now().await;
        }
        self.in_flight.fetch_sub(1, SeqCst);
        Ok("250 OK".into())
    }
}

/// A fan-out: one round delivers everything due, several batches of claims, with
/// `concurrency` sends in flight at once and never more, and records every outcome.
#[tokio::test]
async fn one_round_delivers_a_fan_out_with_several_sends_in_flight() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), true).await;
    let id = open_case(&app).await;
    let messages: Vec<OutboxMessage> = (0..200)
        .map(|i| message(&format!("m/{i}"), &format!("r{i}@example.fi")))
        .collect();
    app.queue_messages(&id, Actor::Mim, messages)
        .await
        .expect("queue");
    let channel = Arc::new(Overlapping::default());
    let settings = DispatchSettings {
        batch: 32,
        concurrency: 8,
        ..DispatchSettings::default()
    };

    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");

    assert_eq!(round.sent, 200);
    use std::sync::atomic::Ordering::SeqCst;
    assert_eq!(channel.calls.load(SeqCst), 200, "each once");
    assert_eq!(channel.most.load(SeqCst), 8, "eight at once, never more");
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            sent: 200,
            ..Default::default()
        }
    );
    let mut sent = deliveries(&store, &id).await;
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), 200, "every outcome on the case, once");
}

/// Delivers the first `deliver` messages it is given, then never answers again (the process
/// is about to be killed), saying when `stalls` sends are waiting.
struct StallsAfter {
    deliver: usize,
    stalls: usize,
    calls: Mutex<Vec<String>>,
    stalled: tokio::sync::Notify,
}

#[async_trait]
impl MessageSender for StallsAfter {
    async fn send(
        &self,
        m: &ClaimedMessage,
        _files: &[MessageFile],
    ) -> Result<String, SendFailure> {
        let n = {
            let mut calls = self.calls.lock().expect("lock");
            calls.push(m.message.message_id.clone());
            calls.len()
        };
        if n <= self.deliver {
            return Ok("250 OK".into());
        }
        if n == self.deliver + self.stalls {
            self.stalled.notify_one();
        }
        std::future::pending().await
    }
}

/// Killed in the middle of a fan-out with several sends in flight: after the restart, the
/// claims still hold until their lease runs out; then exactly the messages in flight at the
/// kill go again, once, under their own ids and marked; the claimed ones never handed to the
/// channel go once, marked; what was recorded as sent never goes again.
#[tokio::test]
async fn killed_with_sends_in_flight_each_goes_once_more_and_no_other_twice() {
    let dir = TempDir::new().expect("dir");
    let path = dir.path().join("mim.sqlite3");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&path, clock.clone(), true).await;
    let id = open_case(&app).await;
    let all: Vec<String> = (0..60).map(|i| format!("m/{i}")).collect();
    let messages: Vec<OutboxMessage> = all
        .iter()
        .enumerate()
        .map(|(i, m)| message(m, &format!("r{i}@example.fi")))
        .collect();
    app.queue_messages(&id, Actor::Mim, messages)
        .await
        .expect("queue");
    let settings = DispatchSettings {
        batch: 10,
        concurrency: 4,
        ..DispatchSettings::default()
    };
    let first = Arc::new(StallsAfter {
        deliver: 13,
        stalls: 4,
        calls: Mutex::default(),
        stalled: tokio::sync::Notify::new(),
    });
    let round = {
        let app = app.clone();
        let channel = first.clone();
        let settings = settings.clone();
        tokio::spawn(async move { app.dispatch_due(channel, &settings).await })
    };
    first.stalled.notified().await;
    // The sends that finished are recorded while the next ones are under way: wait for
    // those records (bounded) before the kill, so the test knows what was recorded.
    let mut counts = store.outbox_counts().await.expect("counts");
    for _ in 0..10_000 {
        if counts.sent == 13 {
            break;
        }
        tokio::task::yield_now().await;
        counts = store.outbox_counts().await.expect("counts");
    }
    assert_eq!(counts.sent, 13, "{counts:?}");
    // The kill: the round stops where it is, its sends with it.
    round.abort();
    assert!(round.await.expect_err("aborted").is_cancelled());
    drop((app, store));
    let delivered: Vec<String> = first.calls.lock().expect("lock")[..13].to_vec();
    let in_flight: Vec<String> = first.calls.lock().expect("lock")[13..].to_vec();
    assert_eq!(in_flight.len(), 4);
    let claimed = usize::try_from(counts.sending).expect("count");
    assert!(
        (4..=10 + 4).contains(&claimed),
        "at most a batch beyond the sends in flight is claimed: {counts:?}"
    );

    // Restarted within the lease: the claims hold; only what nobody claimed goes.
    let (app, store) = app_on(&path, clock.clone(), false).await;
    let second = Arc::new(Scripted::default());
    let round = app
        .dispatch_due(second.clone(), &settings)
        .await
        .expect("round");
    assert_eq!(round.sent as usize, 60 - 13 - claimed);
    assert!(
        second.calls().iter().all(|c| !c.2 && c.1 == 1),
        "first attempts, not marked: {:?}",
        second.calls()
    );

    // Once the lease runs out, the claimed ones go: those in flight once more, marked.
    clock.advance(settings.lease + Duration::seconds(1));
    let round = app
        .dispatch_due(second.clone(), &settings)
        .await
        .expect("round");
    assert_eq!(round.sent as usize, claimed);
    let calls = second.calls();
    for m in &in_flight {
        assert!(
            calls.contains(&(m.clone(), 2, true)),
            "{m} once more, same id, marked: {calls:?}"
        );
    }
    let mut every: Vec<String> = delivered
        .iter()
        .chain(&in_flight)
        .cloned()
        .chain(calls.iter().map(|c| c.0.clone()))
        .collect();
    every.sort();
    let copies = |m: &String| every.iter().filter(|x| *x == m).count();
    let twice: Vec<&String> = all.iter().filter(|m| copies(m) == 2).collect();
    assert_eq!(twice.len(), 4, "only those in flight twice: {twice:?}");
    assert!(all.iter().all(|m| copies(m) >= 1), "everyone has it");
    assert!(all.iter().all(|m| copies(m) <= 2));
    assert!(
        delivered.iter().all(|m| copies(m) == 1),
        "recorded as sent: never again"
    );
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            sent: 60,
            ..Default::default()
        }
    );
}

/// A mail server with a size limit, as the dispatcher sees it: a message handed over with a
/// file's bytes is refused as too large (SMTP 552); without them it is taken. Every call is
/// kept with the files it was given.
#[derive(Default)]
struct SizeLimited {
    calls: Mutex<Vec<(String, u32, Vec<MessageFile>)>>,
}

#[async_trait]
impl MessageSender for SizeLimited {
    async fn send(&self, m: &ClaimedMessage, files: &[MessageFile]) -> Result<String, SendFailure> {
        self.calls.lock().expect("lock").push((
            m.message.message_id.clone(),
            m.attempt,
            files.to_vec(),
        ));
        if files.iter().any(|f| f.bytes.is_some()) {
            return Err(SendFailure {
                too_large: true,
                ..SendFailure::permanent("552 Error: Too much mail data")
            });
        }
        Ok("250 OK".into())
    }
}

/// Case C33 at the dispatcher: a notification with a file the server refuses as too large
/// (552) is not retried as it was; it goes once more at once, in the same round, with the
/// file's download link instead, and both attempts are on the case in order. The 20 other
/// notifications queued with it go in that round at their first attempt. A later
/// notification on the case carries no file it does not name.
#[tokio::test]
async fn c33_an_oversized_notification_goes_again_with_links_and_blocks_nothing() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), true).await;
    let id = open_case(&app).await;
    let desk = app
        .login("palvelupiste", "demo")
        .await
        .expect("login")
        .principal;
    let report = app
        .add_attachment(
            &desk,
            &id,
            mim_app::cases::Upload {
                file_name: "häiriöraportti.pdf".into(),
                content_type: Some("application/pdf".into()),
                bytes: vec![b'%'; 300_000],
            },
        )
        .await
        .expect("upload")
        .reference;
    let mut oversized = message("m/report", "maija@example.fi");
    oversized.attachments = vec![report.clone()];
    let mut queued = vec![oversized];
    queued.extend((0..20).map(|i| message(&format!("m/{i}"), &format!("r{i}@example.fi"))));
    app.queue_messages(&id, Actor::Mim, queued)
        .await
        .expect("queue");
    let channel = Arc::new(SizeLimited::default());
    let settings = DispatchSettings {
        public_url: Some("https://mim.kunta.example/".into()),
        ..DispatchSettings::default()
    };

    let round = app
        .dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");

    assert_eq!((round.sent, round.failed, round.given_up), (21, 1, 0));
    let calls = channel.calls.lock().expect("lock").clone();
    let tries: Vec<&(String, u32, Vec<MessageFile>)> =
        calls.iter().filter(|c| c.0 == "m/report").collect();
    assert_eq!(tries.len(), 2, "once with the file, once with its link");
    assert_eq!(tries[0].1, 1);
    assert_eq!(
        tries[0].2[0].bytes.as_deref().map(<[u8]>::len),
        Some(300_000)
    );
    assert_eq!(tries[1].1, 2);
    assert_eq!(tries[1].2[0].bytes, None, "not the same bytes again");
    let link = format!("https://mim.kunta.example/api/cases/{id}/attachments/1");
    assert_eq!(tries[1].2[0].link.as_deref(), Some(link.as_str()));
    assert_eq!(tries[1].2[0].reference, report);
    for i in 0..20 {
        let mine: Vec<u32> = calls
            .iter()
            .filter(|c| c.0 == format!("m/{i}"))
            .map(|c| c.1)
            .collect();
        assert_eq!(mine, [1], "m/{i} went at its first attempt");
    }
    let events = store.load(&id).await.expect("load");
    let report_events: Vec<&CaseEvent> = events
        .iter()
        .map(|e| &e.event)
        .filter(|e| match e {
            CaseEvent::MessageFailed { message_id, .. }
            | CaseEvent::MessageSent { message_id, .. }
            | CaseEvent::MessageGivenUp { message_id, .. } => message_id == "m/report",
            _ => false,
        })
        .collect();
    assert!(
        matches!(
            report_events.as_slice(),
            [
                CaseEvent::MessageFailed { attempt: 1, reason, files_as_links: true, .. },
                CaseEvent::MessageSent { attempt: 2, .. },
            ] if reason.contains("552")
        ),
        "{report_events:#?}"
    );
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            sent: 21,
            ..Default::default()
        }
    );

    // A later update on the case names no file, so it carries none.
    app.queue_messages(
        &id,
        Actor::Mim,
        vec![message("m/later", "maija@example.fi")],
    )
    .await
    .expect("queue");
    app.dispatch_due(channel.clone(), &settings)
        .await
        .expect("round");
    let calls = channel.calls.lock().expect("lock").clone();
    let later = calls.iter().find(|c| c.0 == "m/later").expect("sent");
    assert!(later.2.is_empty(), "{later:?}");
}

/// A message whose links-only resend is refused as too large too is given up: at most one
/// more attempt, never a loop.
#[tokio::test]
async fn a_resend_with_links_refused_again_is_given_up() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), true).await;
    let id = open_case(&app).await;
    let desk = app
        .login("palvelupiste", "demo")
        .await
        .expect("login")
        .principal;
    let report = app
        .add_attachment(
            &desk,
            &id,
            mim_app::cases::Upload {
                file_name: "raportti.pdf".into(),
                content_type: Some("application/pdf".into()),
                bytes: vec![1; 10],
            },
        )
        .await
        .expect("upload")
        .reference;
    let mut m = message("m/full", "full@example.fi");
    m.attachments = vec![report];
    app.queue_messages(&id, Actor::Mim, vec![m])
        .await
        .expect("queue");
    let channel = Arc::new(Scripted::default());
    channel.script(
        "full@example.fi",
        vec![Err(SendFailure {
            too_large: true,
            ..SendFailure::permanent("552 too big")
        })],
    );

    app.dispatch_due(channel.clone(), &DispatchSettings::default())
        .await
        .expect("round");

    assert_eq!(
        deliveries(&store, &id).await,
        [pair("failed", "m/full"), pair("given_up", "m/full")]
    );
    assert_eq!(channel.calls().len(), 2);
}

/// Too large over a channel that was given no file (SMS, Teams, Slack carry links only) is
/// given up at once: sending the links again would be the same message.
#[tokio::test]
async fn too_large_without_files_handed_over_is_given_up_at_once() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(ManualClock::new(start()));
    let (app, store) = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), true).await;
    let id = open_case(&app).await;
    let desk = app
        .login("palvelupiste", "demo")
        .await
        .expect("login")
        .principal;
    let report = app
        .add_attachment(
            &desk,
            &id,
            mim_app::cases::Upload {
                file_name: "raportti.pdf".into(),
                content_type: Some("application/pdf".into()),
                bytes: vec![1; 10],
            },
        )
        .await
        .expect("upload")
        .reference;
    let mut m = message("m/sms", "+358401234567");
    m.channel = Channel::Sms;
    m.attachments = vec![report];
    app.queue_messages(&id, Actor::Mim, vec![m])
        .await
        .expect("queue");
    let scripted = Arc::new(Scripted::default());
    scripted.script(
        "+358401234567",
        vec![Err(SendFailure {
            too_large: true,
            ..SendFailure::permanent("HTTP 413 Payload Too Large")
        })],
    );

    app.dispatch_due(scripted.clone(), &DispatchSettings::default())
        .await
        .expect("round");

    assert_eq!(deliveries(&store, &id).await, [pair("given_up", "m/sms")]);
    assert_eq!(scripted.calls().len(), 1);
}
