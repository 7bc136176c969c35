//! The storage port's conformance story (`mim_store::conformance`), each part on a fresh
//! SQLite file in its own temporary directory, plus what only a file can show: a restart.

use mim_store::conformance as story;
use mim_store::{CaseStore, Store, StoreError};
use mim_store_sqlite::SqliteStore;
use std::sync::Arc;
use tempfile::TempDir;

/// A fresh store on a new file; keep the directory alive as long as the store.
async fn fresh() -> (TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SqliteStore::open(&dir.path().join("data").join("mim.db"))
        .await
        .expect("open a fresh store");
    (dir, store)
}

macro_rules! story {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let (_dir, store) = fresh().await;
                story::$name(&store).await;
            }
        )*
    };
}

story!(
    accepted_deliveries_read_back_in_order,
    tokens_and_sessions_can_be_revoked,
    intake_writes_to_cases_happen_once,
    unassigned_signals_are_kept_once,
    a_resent_key_counts_once_within_the_window,
    cursors_keep_their_place,
    quarantine_keeps_each_body_once_counting_repeats,
    quarantine_is_bounded_dropping_the_oldest,
    case_ids_count_per_year,
    open_case_needs_opened_first,
    seq_numbers_from_one_without_gaps,
    unknown_case_is_not_found,
    versions_advance_once_per_process_append,
    stale_version_conflicts_and_writes_nothing,
    summary_and_last_activity,
    list_filters_and_order,
    list_default_limit_is_200,
    times_round_trip_to_the_microsecond,
    identity_round_trips,
    register_round_trips_with_history,
    register_writes_check_the_version_they_are_based_on,
    register_batch_writes_all_or_nothing,
    sources_round_trip_with_history,
    templates_round_trip_with_history,
    outbox_follows_the_message_events,
    attachments_are_numbered_per_case_and_read_back,
    a_message_refused_as_too_large_goes_on_with_links,
    process_reviews_are_numbered_and_kept_as_written,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_one_wins() {
    let (_dir, store) = fresh().await;
    story::concurrent_appends_one_wins(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_evidence_all_land() {
    let (_dir, store) = fresh().await;
    story::concurrent_evidence_all_land(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn is_empty_until_anything_is_stored() {
    let dirs = std::sync::Mutex::new(Vec::new());
    story::is_empty_until_anything_is_stored(|| async {
        let (dir, store) = fresh().await;
        dirs.lock().expect("not poisoned").push(dir);
        Arc::new(store) as Arc<dyn Store>
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_survives_a_restart_and_migrations_run_once() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("mim.db");

    let store = SqliteStore::open(&path).await.expect("open");
    let id = story::write_some(&store).await;
    assert_eq!(
        store.applied_migrations().await.expect("migrations"),
        SqliteStore::known_migrations()
    );
    store.close().await;
    drop(store);

    let url = format!("sqlite://{}", path.display());
    let store = SqliteStore::open_url(&url).await.expect("reopen");
    assert_eq!(
        store.applied_migrations().await.expect("migrations"),
        SqliteStore::known_migrations(),
        "each migration is recorded once"
    );
    story::check_written(&store, &id).await;
    store.close().await;

    // A third open, without closing cleanly first, still finds everything.
    let store = SqliteStore::open(&path).await.expect("reopen again");
    assert_eq!(store.load(&id).await.expect("load").len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_row_is_an_error_naming_table_and_key() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("mim.db");
    let store = SqliteStore::open(&path).await.expect("open");
    let id = story::write_some(&store).await;
    store.close().await;

    // Break rows behind the store's back, with a connection of our own.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("connect");
    sqlx::query("UPDATE cases SET stage = 'lost_in_space' WHERE id = $1")
        .bind(id.to_string())
        .execute(&pool)
        .await
        .expect("break the case row");
    sqlx::query("DROP TRIGGER case_events_are_append_only_update")
        .execute(&pool)
        .await
        .expect("drop the guard");
    sqlx::query("UPDATE case_events SET event = '{\"type\":\"nonsense\"}' WHERE seq = 2")
        .execute(&pool)
        .await
        .expect("break an event");
    pool.close().await;

    let store = SqliteStore::open(&path).await.expect("reopen");
    let listed = store.list(&Default::default()).await;
    let message = format!("{:?}", listed.expect_err("a corrupt row is an error"));
    assert!(message.contains("cases"), "{message}");
    assert!(message.contains(&id.to_string()), "{message}");
    assert!(message.contains("stage"), "{message}");

    match store.load(&id).await {
        Err(StoreError::Other(e)) => {
            let message = e.to_string();
            assert!(message.contains("case_events"), "{message}");
            assert!(message.contains("seq=2"), "{message}");
        }
        other => panic!("expected Other, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_append_only_in_the_schema() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("mim.db");
    let store = SqliteStore::open(&path).await.expect("open");
    story::write_some(&store).await;
    store.close().await;

    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("connect");
    for statement in [
        "UPDATE case_events SET kind = 'x'",
        "DELETE FROM case_events",
    ] {
        let refused = sqlx::query(statement).execute(&pool).await;
        assert!(refused.is_err(), "{statement} must be refused");
    }
    pool.close().await;
}

#[tokio::test]
async fn other_urls_are_refused() {
    for url in ["postgres://localhost/mim", "sqlite::memory:", "mim.db"] {
        assert!(SqliteStore::open_url(url).await.is_err(), "{url}");
    }
}
