//! Cases: ids, sequence numbers, versions, conflicts, summaries, races.

use super::*;

/// Ids are `MIM-YYYY-NNNN`, numbered per year from 0001; a new year starts again at 0001 and
/// the old year's numbering continues where it was.
pub async fn case_ids_count_per_year(store: &dyn Store) {
    let a = open(store, 2026, "a", at(0)).await;
    let b = open(store, 2026, "b", at(1)).await;
    let c = open(store, 2027, "c", at(2)).await;
    let d = open(store, 2026, "d", at(3)).await;
    let e = open(store, 2027, "e", at(4)).await;
    let ids: Vec<String> = [a, b, c, d, e].iter().map(ToString::to_string).collect();
    assert_eq!(
        ids,
        [
            "MIM-2026-0001",
            "MIM-2026-0002",
            "MIM-2027-0001",
            "MIM-2026-0003",
            "MIM-2027-0002"
        ]
    );
}

/// `open_case` refuses a log that does not start with `opened`, and writes nothing.
pub async fn open_case_needs_opened_first(store: &dyn Store) {
    let refused = store
        .open_case(
            2026,
            vec![report("no opened", at(0))],
            summary("x", Stage::Detection, at(0)),
        )
        .await;
    assert!(refused.is_err(), "a log must start with opened");
    let refused = store
        .open_case(2026, vec![], summary("x", Stage::Detection, at(0)))
        .await;
    assert!(refused.is_err(), "an empty log is refused");
    let listed = store.list(&CaseFilter::default()).await.expect("list");
    assert!(listed.is_empty(), "nothing was written: {listed:?}");
    let first = open(store, 2026, "first", at(0)).await;
    assert_eq!(first.to_string(), "MIM-2026-0001", "no number was used up");
}

/// Sequence numbers run per case from 1 without gaps, across appends of both kinds, and what
/// `open_case`/`append` return is exactly what `load` reads back.
pub async fn seq_numbers_from_one_without_gaps(store: &dyn Store) {
    let (id, first) = store
        .open_case(
            2026,
            vec![opened("seq", at(0)), report("one", at(1))],
            summary("seq", Stage::Detection, at(0)),
        )
        .await
        .expect("open_case");
    assert_eq!(seqs(&first), [1, 2]);
    let other = open(store, 2026, "other case", at(2)).await;

    let evidence = store
        .append(&id, None, vec![report("two", at(3))], None)
        .await
        .expect("evidence append");
    assert_eq!(seqs(&evidence), [3]);
    let steps = store
        .append(
            &id,
            Some(1),
            vec![process("a", at(4)), process("b", at(4))],
            None,
        )
        .await
        .expect("process append");
    assert_eq!(seqs(&steps), [4, 5]);

    let all = load(store, &id).await;
    assert_eq!(seqs(&all), [1, 2, 3, 4, 5]);
    let returned: Vec<RecordedEvent> = [first, evidence, steps].concat();
    assert_eq!(all, returned, "load reads what the appends returned");
    assert_eq!(seqs(&load(store, &other).await), [1], "numbered per case");
}

/// An unknown case is `NotFound` for `load` and `append`.
pub async fn unknown_case_is_not_found(store: &dyn Store) {
    let missing = CaseId::new(2026, 42);
    assert!(matches!(
        store.load(&missing).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .append(&missing, None, vec![report("x", at(0))], None)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .append(&missing, Some(1), vec![process("x", at(0))], None)
            .await,
        Err(StoreError::NotFound)
    ));
}

/// Opening is version 1; evidence (no expected version) leaves the version alone; a process
/// append advances it by exactly one, however many process events it carries, and every
/// event of the append carries the new version. A process event without an expected version
/// is refused and writes nothing.
pub async fn versions_advance_once_per_process_append(store: &dyn Store) {
    let id = open(store, 2026, "versions", at(0)).await;
    assert_eq!(load(store, &id).await[0].version, 1);
    assert_eq!(row(store, &id).await.version, 1);

    let evidence = store
        .append(
            &id,
            None,
            vec![report("r1", at(1)), report("r2", at(2))],
            None,
        )
        .await
        .expect("evidence");
    assert!(evidence.iter().all(|e| e.version == 1), "{evidence:?}");
    assert_eq!(row(store, &id).await.version, 1);

    let steps = store
        .append(
            &id,
            Some(1),
            vec![
                process("p1", at(3)),
                report("r3", at(3)),
                process("p2", at(3)),
            ],
            None,
        )
        .await
        .expect("process append");
    assert!(steps.iter().all(|e| e.version == 2), "{steps:?}");
    assert_eq!(row(store, &id).await.version, 2);

    let with_expected_evidence = store
        .append(&id, Some(2), vec![report("r4", at(4))], None)
        .await
        .expect("evidence with an expected version");
    assert_eq!(
        with_expected_evidence[0].version, 2,
        "evidence never advances"
    );
    assert_eq!(row(store, &id).await.version, 2);

    let before = load(store, &id).await;
    let sneaky = store
        .append(&id, None, vec![process("no version", at(5))], None)
        .await;
    assert!(
        sneaky.is_err(),
        "a process event needs an expected version: {sneaky:?}"
    );
    assert_eq!(load(store, &id).await, before, "nothing was written");
    assert_eq!(row(store, &id).await.version, 2);
}

/// A stale expected version fails with `Conflict` naming the current version, and writes
/// nothing: no event, no summary, no version change.
pub async fn stale_version_conflicts_and_writes_nothing(store: &dyn Store) {
    let id = open(store, 2026, "stale", at(0)).await;
    store
        .append(&id, Some(1), vec![process("first", at(1))], None)
        .await
        .expect("first step");
    let before = load(store, &id).await;
    let row_before = row(store, &id).await;

    for stale in [0, 1, 3] {
        let result = store
            .append(
                &id,
                Some(stale),
                vec![process("late", at(2)), report("late", at(2))],
                Some(summary("changed", Stage::Monitoring, at(0))),
            )
            .await;
        assert_conflict(result, 2, "stale append");
    }
    let stale_evidence = store
        .append(&id, Some(1), vec![report("late", at(2))], None)
        .await;
    assert_conflict(stale_evidence, 2, "stale evidence append");

    assert_eq!(load(store, &id).await, before, "no event was written");
    assert_eq!(row(store, &id).await, row_before, "the row is unchanged");
}

/// `summary` replaces the listing row; `last_activity_at` is the latest `recorded_at` seen,
/// never moved back by a back-filled entry.
pub async fn summary_and_last_activity(store: &dyn Store) {
    let id = open(store, 2026, "summary", at(0)).await;
    assert_eq!(row(store, &id).await.last_activity_at, at(0));

    let later = at(minutes(30));
    store
        .append(&id, None, vec![report("r", later)], None)
        .await
        .expect("evidence");
    let r = row(store, &id).await;
    assert_eq!(r.last_activity_at, later);
    assert_eq!(r.summary.title, "summary", "no summary given: row kept");

    let mut backfilled = process("back-filled", at(minutes(5)));
    backfilled.occurred_at = at(minutes(1));
    let mut next = summary("renamed", Stage::MimStarted, at(0));
    next.colour = Some(Colour::Red);
    next.system = Some(system_id("wilma"));
    next.vendor = Some(vendor_id("visma"));
    next.exercise = true;
    next.next_update_at = Some(at(minutes(60)));
    next.reopen_count = 2;
    store
        .append(&id, Some(1), vec![backfilled], Some(next.clone()))
        .await
        .expect("process");
    let r = row(store, &id).await;
    assert_eq!(r.summary, next, "the summary was replaced");
    assert_eq!(r.version, 2);
    assert_eq!(r.last_activity_at, later, "never moves back");
}

/// Twenty concurrent appends naming the same expected version: exactly one wins, every other
/// one fails with `Conflict`, and the log holds exactly one more process event.
pub async fn concurrent_appends_one_wins(store: Arc<dyn Store>) {
    let id = open(store.as_ref(), 2026, "race", at(0)).await;
    let before = load(store.as_ref(), &id).await;
    let process_before = before.iter().filter(|e| e.event.is_process()).count();

    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = Arc::clone(&store);
            let id = id.clone();
            tokio::spawn(async move {
                store
                    .append(
                        &id,
                        Some(1),
                        vec![process(&format!("racer {i}"), at(i))],
                        None,
                    )
                    .await
            })
        })
        .collect();
    let mut won = 0;
    let mut lost = 0;
    for task in tasks {
        match task.await.expect("the task ran") {
            Ok(events) => {
                won += 1;
                assert_eq!(events.len(), 1);
                assert_eq!(events[0].version, 2);
            }
            Err(StoreError::Conflict {
                current_version, ..
            }) => {
                lost += 1;
                assert_eq!(current_version, Some(2));
            }
            Err(other) => panic!("expected success or conflict, got {other:?}"),
        }
    }
    assert_eq!((won, lost), (1, 19));
    let after = load(store.as_ref(), &id).await;
    let process_after = after.iter().filter(|e| e.event.is_process()).count();
    assert_eq!(process_after, process_before + 1);
    assert_eq!(seqs(&after), [1, 2]);
    assert_eq!(row(store.as_ref(), &id).await.version, 2);
}

/// Concurrent evidence appends all succeed and are numbered without gaps or duplicates.
pub async fn concurrent_evidence_all_land(store: Arc<dyn Store>) {
    let id = open(store.as_ref(), 2026, "storm", at(0)).await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = Arc::clone(&store);
            let id = id.clone();
            tokio::spawn(async move {
                store
                    .append(&id, None, vec![report(&format!("alert {i}"), at(i))], None)
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("the task ran").expect("evidence lands");
    }
    let all = load(store.as_ref(), &id).await;
    assert_eq!(seqs(&all), (1..=21).collect::<Vec<u64>>());
    assert!(all.iter().all(|e| e.version == 1));
}
