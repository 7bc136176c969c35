//! The group-commit writer: many concurrent deliveries, each answered only once durable, none
//! lost, none twice; a resent key answered as a duplicate.

use chrono::TimeZone;
use mim_app::clock::ManualClock;
use mim_app::{App, AppSettings};
use mim_domain::case::ReportChannel;
use mim_domain::detection::{Batch, ReportSignal, Signal};
use mim_store::{IntakeStore, NewDelivery};
use mim_store_sqlite::SqliteStore;
use std::collections::BTreeSet;
use std::sync::Arc;

fn delivery(i: usize, key: Option<String>) -> NewDelivery {
    NewDelivery {
        source: "form".into(),
        received_at: chrono::Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap(),
        idempotency_key: key,
        batch: Batch {
            signals: vec![Signal::Report(ReportSignal {
                channel: ReportChannel::EndUserForm,
                system: None,
                text: format!("ilmoitus {i}"),
                reporter: None,
                stated_affected_users: None,
                severity: None,
            })],
            ..Batch::default()
        },
        route: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deliveries_are_all_committed_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("mim.sqlite3"))
            .await
            .expect("store"),
    );
    let clock = Arc::new(ManualClock::new(
        chrono::Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap(),
    ));
    let app = App::new(store.clone(), clock, AppSettings::default());

    let tasks: Vec<_> = (0..300)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move { app.commit_delivery(delivery(i, None)).await })
        })
        .collect();
    let mut seqs = BTreeSet::new();
    for t in tasks {
        let a = t.await.expect("task").expect("committed");
        assert!(!a.duplicate);
        assert!(seqs.insert(a.seq), "seq {} given twice", a.seq);
    }
    let stored = store.deliveries_after(0, 1000).await.expect("read");
    assert_eq!(stored.len(), 300, "every answered delivery is in the inbox");
    let texts: BTreeSet<String> = stored
        .iter()
        .map(|d| match &d.batch.signals[0] {
            Signal::Report(r) => r.text.clone(),
            Signal::Alert(a) => a.summary.clone(),
        })
        .collect();
    assert_eq!(texts.len(), 300, "none twice");
    let (groups, deliveries) = app.intake_stats();
    assert_eq!(deliveries, 300);
    assert!((1..=300).contains(&groups));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_submitted_delivery_counts_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("mim.sqlite3"))
            .await
            .expect("store"),
    );
    let clock = Arc::new(ManualClock::new(
        chrono::Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap(),
    ));
    let app = App::new(store.clone(), clock, AppSettings::default());
    let key = Some("lomake-123".to_owned());
    let (a, b) = tokio::join!(
        app.commit_delivery(delivery(1, key.clone())),
        app.commit_delivery(delivery(1, key.clone()))
    );
    let (a, b) = (a.expect("a"), b.expect("b"));
    assert_eq!(a.seq, b.seq);
    assert!(a.duplicate != b.duplicate, "exactly one is the duplicate");
    assert_eq!(store.deliveries_after(0, 10).await.expect("read").len(), 1);
}
