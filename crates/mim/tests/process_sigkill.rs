//! Issue 3, point 9: the real binary is killed with SIGKILL in the middle of a load and started
//! again on the same data directory. Every delivery that was answered 2xx is in the inbox, once,
//! at the place its answer named; nothing is there twice; and after the restart the correlation
//! worker folds every stored delivery into its case exactly once.
//!
//! Eight tasks post signed deliveries (the demo's HMAC source, generic format) one after another,
//! each with a text no other delivery has. When a third of them have been acknowledged the
//! server is killed; requests in flight then fail, and those deliveries may or may not have
//! been committed — they may appear at most once, never twice.

#[path = "common/process.rs"]
mod process;

use mim_domain::case::CaseEvent;
use mim_domain::detection::Signal;
use mim_store::{CaseFilter, CaseStore, IntakeStore};
use mim_store_sqlite::SqliteStore;
use process::Server;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Notify;

const TASKS: usize = 8;
const POSTS_PER_TASK: usize = 100;
/// Acknowledged deliveries before the kill: well inside the load.
const KILL_AFTER: usize = TASKS * POSTS_PER_TASK / 3;
const AFTER_RESTART: usize = 20;
/// The demo's HMAC source and its public secret (also read from the banner when printed).
const SOURCE: &str = "generic";
const DEMO_SECRET: &str = "mim_i_demo_generic";
/// Every bounded wait of this test.
const PATIENCE: Duration = Duration::from_secs(60);

/// A delivery the server acknowledged: the place its 202 named and the text only it carries.
#[derive(Debug, Clone)]
struct Ack {
    seq: u64,
    text: String,
}

/// What one sending task saw.
#[derive(Debug, Default)]
struct Sent {
    acks: Vec<Ack>,
    /// Deliveries whose request failed without an answer (the kill).
    unanswered: Vec<String>,
    /// Answers other than 202: none are expected.
    refused: Vec<(u16, String)>,
}

/// The generic source's HMAC secret as the banner prints it (`key <secret>>`).
fn secret_from_banner(banner: &[String]) -> String {
    banner
        .iter()
        .filter(|l| l.contains(&format!("/api/intake/{SOURCE}")))
        .find_map(|l| {
            let (_, rest) = l.split_once(" key ")?;
            Some(rest.trim_end().trim_end_matches('>').to_owned())
        })
        .unwrap_or_else(|| DEMO_SECRET.to_owned())
}

fn delivery_body(text: &str, reporter: &str) -> String {
    json!({"reports": [{"channel": "ticket", "system": "wilma", "text": text, "reporter": reporter}]})
        .to_string()
}

/// Posts one signed delivery. `Err` when no answer came (the server is gone).
async fn post(
    http: &reqwest::Client,
    url: &str,
    secret: &str,
    body: String,
) -> Result<(u16, String), reqwest::Error> {
    let signature = mim_app::intake::signature(secret, body.as_bytes());
    let res = http
        .post(url)
        .header("content-type", "application/json")
        .header(mim_app::intake::SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await?;
    let status = res.status().as_u16();
    let text = res.text().await?;
    Ok((status, text))
}

fn seq_of(answer: &str) -> u64 {
    let v: Value = serde_json::from_str(answer).unwrap_or_else(|e| panic!("{e}: {answer}"));
    assert_eq!(v["duplicate"], false, "{answer}");
    v["seq"]
        .as_u64()
        .unwrap_or_else(|| panic!("no seq: {answer}"))
}

/// One sender: posts its deliveries one after another until done or the server is gone.
async fn sender(
    http: reqwest::Client,
    url: String,
    secret: String,
    run: String,
    task: usize,
    acked: Arc<AtomicUsize>,
    progress: Arc<Notify>,
) -> Sent {
    let mut sent = Sent::default();
    let reporter = format!("Palvelupiste {task}");
    for i in 0..POSTS_PER_TASK {
        let text = format!("sigkill {run} task {task} delivery {i}: Wilma ei aukea");
        match post(&http, &url, &secret, delivery_body(&text, &reporter)).await {
            Ok((202, answer)) => {
                sent.acks.push(Ack {
                    seq: seq_of(&answer),
                    text,
                });
                acked.fetch_add(1, Ordering::SeqCst);
                progress.notify_one();
            }
            Ok((status, answer)) => {
                sent.refused.push((status, answer));
                progress.notify_one();
                break;
            }
            Err(_) => {
                // The kill: this one and the rest of this task's deliveries go unanswered.
                sent.unanswered.push(text);
                progress.notify_one();
                break;
            }
        }
    }
    sent
}

/// Waits (bounded) until `acked` reaches `n`, woken by the senders.
async fn until_acked(acked: &AtomicUsize, progress: &Notify, n: usize) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let notified = progress.notified();
        let now = acked.load(Ordering::SeqCst);
        if now >= n {
            return;
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            panic!("only {now} of {n} deliveries were acknowledged within {PATIENCE:?}");
        }
    }
}

/// Logs in; returns the `mim_session=…` pair.
async fn login(http: &reqwest::Client, s: &Server) -> String {
    let res = http
        .post(s.url("/api/session"))
        .json(&json!({"username": "palvelupiste", "password": "demo"}))
        .send()
        .await
        .expect("login is answered");
    assert_eq!(res.status().as_u16(), 200, "login");
    res.headers()["set-cookie"]
        .to_str()
        .expect("a cookie")
        .split(';')
        .next()
        .expect("its pair")
        .to_owned()
}

async fn get_json(http: &reqwest::Client, s: &Server, cookie: &str, path: &str) -> Value {
    let res = http
        .get(s.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status().as_u16(), 200, "GET {path}");
    res.json().await.expect("JSON")
}

/// Waits (bounded) until Wilma's open case counts `reports` reports: the correlation worker
/// has folded the whole inbox. Returns the case id.
async fn until_folded(http: &reqwest::Client, s: &Server, reports: usize) -> String {
    let cookie = login(http, s).await;
    let deadline = std::time::Instant::now() + PATIENCE;
    let mut seen = Value::Null;
    while std::time::Instant::now() < deadline {
        let list = get_json(http, s, &cookie, "/api/cases?system=wilma&open=true").await;
        if let Some(id) = list
            .as_array()
            .and_then(|l| l.first())
            .and_then(|c| c["id"].as_str())
        {
            let case = get_json(http, s, &cookie, &format!("/api/cases/{id}")).await;
            if case["case"]["reports"].as_u64() == Some(reports as u64) {
                return id.to_owned();
            }
            seen = case["case"]["reports"].clone();
        }
        // Another process does the work: a bounded poll on its result, not a readiness wait.
        #[allow(clippy::disallowed_methods)]
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the correlation worker did not fold {reports} reports within {PATIENCE:?} (last seen {seen}); log: {}",
        s.stderr()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_delivery_survives_a_sigkill_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let run = format!("{:x}", std::process::id());
    let http = reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .expect("an HTTP client");

    // --- the load, and the kill in its middle ---
    let server = Server::start(&data, &["--demo"], dir.path().join("first.log"));
    let secret = secret_from_banner(&server.banner);
    let url = server.url(&format!("/api/intake/{SOURCE}"));
    let acked = Arc::new(AtomicUsize::new(0));
    let progress = Arc::new(Notify::new());
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            tokio::spawn(sender(
                http.clone(),
                url.clone(),
                secret.clone(),
                run.clone(),
                t,
                acked.clone(),
                progress.clone(),
            ))
        })
        .collect();
    until_acked(&acked, &progress, KILL_AFTER).await;
    let kill = std::process::Command::new("kill")
        .arg("-KILL")
        .arg(server.pid.to_string())
        .status()
        .expect("run kill");
    assert!(kill.success(), "kill -KILL {}", server.pid);
    let mut acks: Vec<Ack> = vec![];
    let mut unanswered = 0;
    for t in tasks {
        let sent = t.await.expect("a sender task");
        assert!(
            sent.refused.is_empty(),
            "answers other than 202: {:?}",
            sent.refused
        );
        unanswered += sent.unanswered.len();
        acks.extend(sent.acks);
    }
    let log = server.stderr();
    // Reaps the killed process.
    drop(server);
    assert!(
        acks.len() >= KILL_AFTER && acks.len() < TASKS * POSTS_PER_TASK,
        "the kill came in the middle of the load: {} acknowledged",
        acks.len()
    );
    assert!(
        unanswered > 0,
        "some requests were cut off by the kill; log: {log}"
    );

    // --- the restart on the same data: the server takes deliveries again ---
    let mut server = Server::start(&data, &["--demo"], dir.path().join("second.log"));
    let banner = server.banner.join("\n");
    assert!(
        banner.contains("already holds data"),
        "not seeded twice: {banner}"
    );
    let before = acks.iter().map(|a| a.seq).max().unwrap_or(0);
    for i in 0..AFTER_RESTART {
        let text = format!("sigkill {run} after restart {i}: Wilma ei aukea");
        let (status, answer) = post(
            &http,
            &server.url(&format!("/api/intake/{SOURCE}")),
            &secret,
            delivery_body(&text, "Palvelupiste R"),
        )
        .await
        .expect("the restarted server answers");
        assert_eq!(status, 202, "{answer}");
        let seq = seq_of(&answer);
        assert!(
            seq > before,
            "numbering goes on after the crash: {seq} ≤ {before}"
        );
        acks.push(Ack { seq, text });
    }

    // --- the inbox, read from the store with the server stopped ---
    // Every stored delivery is folded once; find out how many there are first.
    let stored_count = {
        let store = SqliteStore::open(&data.join("mim.sqlite3"))
            .await
            .expect("open the store beside the running server (WAL)");
        let n = all_deliveries(&store).await.len();
        store.close().await;
        n
    };
    let case_id = until_folded(&http, &server, stored_count).await;
    let status = server.terminate();
    assert!(status.success(), "mim serve after SIGTERM: {status:?}");

    let store = SqliteStore::open(&data.join("mim.sqlite3"))
        .await
        .expect("open the store");
    let stored = all_deliveries(&store).await;
    assert_eq!(
        stored.len(),
        stored_count,
        "nothing arrived after the count"
    );
    let mut by_text: HashMap<String, Vec<u64>> = HashMap::new();
    for (seq, texts) in &stored {
        for text in texts {
            by_text.entry(text.clone()).or_default().push(*seq);
        }
    }
    let twice: Vec<_> = by_text.iter().filter(|(_, seqs)| seqs.len() > 1).collect();
    assert!(twice.is_empty(), "stored more than once: {twice:?}");
    for a in &acks {
        assert_eq!(
            by_text.get(&a.text),
            Some(&vec![a.seq]),
            "the acknowledged delivery {:?} is in the inbox once, at its seq",
            a
        );
    }
    let ours = by_text.keys().filter(|t| t.starts_with("sigkill ")).count();
    assert_eq!(ours, stored.len(), "only this test's deliveries are stored");
    assert!(
        ours <= acks.len() + unanswered,
        "no delivery appears that was never sent: {ours} stored, {} acknowledged, {unanswered} cut off",
        acks.len()
    );

    eprintln!(
        "acknowledged {} ({} after the restart), cut off by the kill {unanswered}, stored {ours} \
         (of which committed but unanswered {})",
        acks.len(),
        AFTER_RESTART,
        ours - acks.len()
    );

    // --- and each is folded into Wilma's case exactly once ---
    let ids: Vec<_> = store
        .list(&CaseFilter::default())
        .await
        .expect("cases")
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert!(
        ids.iter().any(|id| id.to_string() == case_id),
        "{case_id} in {ids:?}"
    );
    let mut folded: BTreeMap<String, usize> = BTreeMap::new();
    for id in &ids {
        for e in store.load(id).await.expect("events") {
            if let CaseEvent::ReportReceived { text, .. } = &e.event {
                *folded.entry(text.clone()).or_default() += 1;
            }
        }
    }
    let not_once: Vec<_> = by_text
        .keys()
        .filter(|t| folded.get(*t) != Some(&1))
        .map(|t| (t, folded.get(t).copied().unwrap_or(0)))
        .collect();
    assert!(
        not_once.is_empty(),
        "stored deliveries folded other than once: {not_once:?}"
    );
    assert_eq!(
        folded.len(),
        by_text.len(),
        "nothing folded that is not stored"
    );
    store.close().await;
}

/// Every delivery in the inbox: its seq and the texts of its reports.
async fn all_deliveries(store: &SqliteStore) -> Vec<(u64, Vec<String>)> {
    let mut out = vec![];
    let mut after = 0;
    loop {
        let page = store
            .deliveries_after(after, 500)
            .await
            .expect("read the inbox");
        let Some(last) = page.last() else { break };
        after = last.seq;
        for d in page {
            let texts = d
                .batch
                .signals
                .iter()
                .filter_map(|s| match s {
                    Signal::Report(r) => Some(r.text.clone()),
                    Signal::Alert(_) => None,
                })
                .collect();
            out.push((d.seq, texts));
        }
    }
    out
}
