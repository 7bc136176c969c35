//! The intake inbox: all-or-nothing groups, duplicates within the window, ordered reading,
//! cursors, and the bounded quarantine.

use super::at;
use crate::{NewDelivery, NewQuarantine, QUARANTINE_BODY_BYTES, Store};
use chrono::Duration;
use mim_domain::case::ReportChannel;
use mim_domain::detection::{Batch, ReportSignal, Signal};

fn delivery(source: &str, micros: i64, key: Option<&str>, text: &str) -> NewDelivery {
    NewDelivery {
        source: source.to_owned(),
        received_at: at(micros),
        idempotency_key: key.map(str::to_owned),
        batch: Batch {
            signals: vec![Signal::Report(ReportSignal {
                channel: ReportChannel::Ticket,
                system: None,
                text: text.to_owned(),
                reporter: Some("aino".into()),
                stated_affected_users: Some(3),
                severity: None,
            })],
            truncated_alerts: 7,
            group_key: Some("g".into()),
        },
        route: None,
    }
}

pub async fn accepted_deliveries_read_back_in_order(store: &dyn Store) {
    let group = [
        delivery("am", 0, None, "yksi"),
        delivery("am", 1, None, "kaksi"),
        delivery("form", 2, Some("k"), "kolme"),
    ];
    let accepted = store
        .accept(&group, Duration::minutes(1))
        .await
        .expect("accept");
    assert_eq!(accepted.len(), 3);
    assert!(accepted.iter().all(|a| !a.duplicate));
    assert!(
        accepted.windows(2).all(|w| w[0].seq < w[1].seq),
        "{accepted:?}"
    );
    let read = store.deliveries_after(0, 10).await.expect("read");
    assert_eq!(read.len(), 3);
    for (d, (r, a)) in group.iter().zip(read.iter().zip(&accepted)) {
        assert_eq!(r.seq, a.seq);
        assert_eq!(r.source, d.source);
        assert_eq!(r.received_at, d.received_at);
        assert_eq!(r.idempotency_key, d.idempotency_key);
        assert_eq!(r.batch, d.batch);
    }
    let after_first = store
        .deliveries_after(accepted[0].seq, 1)
        .await
        .expect("read");
    assert_eq!(after_first.len(), 1);
    assert_eq!(after_first[0].seq, accepted[1].seq);
    // Picked ahead of their turn, asked for out of order and with a position not in the inbox.
    let picked = store
        .deliveries_at(&[accepted[2].seq, accepted[0].seq, accepted[2].seq + 100])
        .await
        .expect("read at");
    let seqs: Vec<u64> = picked.iter().map(|d| d.seq).collect();
    assert_eq!(seqs, vec![accepted[0].seq, accepted[2].seq]);
    assert_eq!(picked[1].batch, group[2].batch);
    assert!(store.deliveries_at(&[]).await.expect("none").is_empty());
    // Their routes, without the batches: none was routed when it arrived.
    let routes = store.routes_after(0, 10).await.expect("routes");
    assert_eq!(routes.len(), 3);
    assert!(routes.iter().all(|r| r.route.is_none() && r.signals == 1));
    // One routed when it arrived keeps its lanes and the register they were made with.
    let hint = crate::RouteHint {
        lanes: vec![Some(mim_domain::SystemId::new("wilma").expect("id")), None],
        register: 42,
    };
    let routed = NewDelivery {
        route: Some(hint.clone()),
        ..delivery("form", 30, None, "reititetty")
    };
    let a = store
        .accept(&[routed], Duration::seconds(60))
        .await
        .expect("accept");
    let after = store
        .routes_after(accepted[2].seq, 10)
        .await
        .expect("routes");
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].seq, a[0].seq);
    assert_eq!(after[0].route, Some(hint));
    assert_eq!(after[0].received_at, at(30));
}

pub async fn a_resent_key_counts_once_within_the_window(store: &dyn Store) {
    let window = Duration::seconds(60);
    let first = store
        .accept(&[delivery("form", 0, Some("abc"), "x")], window)
        .await
        .expect("accept");
    // Resent 30 s later: the first one's place, nothing stored.
    let again = store
        .accept(&[delivery("form", 30_000_000, Some("abc"), "x")], window)
        .await
        .expect("accept");
    assert!(again[0].duplicate);
    assert_eq!(again[0].seq, first[0].seq);
    // The same key from another source is another delivery.
    let other = store
        .accept(&[delivery("am", 30_000_000, Some("abc"), "x")], window)
        .await
        .expect("accept");
    assert!(!other[0].duplicate);
    // After the window, the same key is new again.
    let later = store
        .accept(&[delivery("form", 61_000_000, Some("abc"), "x")], window)
        .await
        .expect("accept");
    assert!(!later[0].duplicate);
    // Within one group, a repeated key is a duplicate of the first.
    let group = store
        .accept(
            &[
                delivery("form", 70_000_000, Some("zz"), "x"),
                delivery("form", 70_000_001, Some("zz"), "x"),
            ],
            window,
        )
        .await
        .expect("accept");
    assert!(!group[0].duplicate);
    assert!(group[1].duplicate);
    assert_eq!(group[1].seq, group[0].seq);
    assert_eq!(store.deliveries_after(0, 100).await.expect("read").len(), 4);
}

pub async fn cursors_keep_their_place(store: &dyn Store) {
    assert_eq!(store.cursor("correlation").await.expect("cursor"), 0);
    store.set_cursor("correlation", 42).await.expect("set");
    store.set_cursor("other", 7).await.expect("set");
    assert_eq!(store.cursor("correlation").await.expect("cursor"), 42);
    store.set_cursor("correlation", 43).await.expect("set");
    assert_eq!(store.cursor("correlation").await.expect("cursor"), 43);
    assert_eq!(store.cursor("other").await.expect("cursor"), 7);
}

fn refused(hash: &str, micros: i64, body: Vec<u8>) -> NewQuarantine {
    NewQuarantine {
        source: "zabbix".into(),
        at: at(micros),
        reason_code: "malformed_json".into(),
        reason: "expected `,` at line 1 column 40".into(),
        body_len: body.len() as u64,
        body,
        body_sha256: hash.to_owned(),
    }
}

pub async fn quarantine_keeps_each_body_once_counting_repeats(store: &dyn Store) {
    store
        .quarantine(&refused("h1", 0, b"{\"a\": \"x\"y\"}".to_vec()))
        .await
        .expect("q");
    store
        .quarantine(&refused("h1", 5, b"{\"a\": \"x\"y\"}".to_vec()))
        .await
        .expect("q");
    store
        .quarantine(&refused("h2", 3, vec![]))
        .await
        .expect("q");
    let big = vec![b'x'; QUARANTINE_BODY_BYTES + 10];
    store.quarantine(&refused("h3", 1, big)).await.expect("q");
    let list = store.quarantined(10).await.expect("list");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].body_sha256, "h1", "newest first");
    assert_eq!(list[0].times, 2);
    assert_eq!(list[0].first_at, at(0));
    assert_eq!(list[0].last_at, at(5));
    assert_eq!(list[0].body, b"{\"a\": \"x\"y\"}");
    let h3 = list.iter().find(|q| q.body_sha256 == "h3").expect("h3");
    assert_eq!(h3.body.len(), QUARANTINE_BODY_BYTES, "cut to the bound");
    assert_eq!(
        h3.body_len,
        QUARANTINE_BODY_BYTES as u64 + 10,
        "the real length is kept"
    );
    let h2 = list.iter().find(|q| q.body_sha256 == "h2").expect("h2");
    assert!(h2.body.is_empty());
}

pub async fn quarantine_is_bounded_dropping_the_oldest(store: &dyn Store) {
    let bound = crate::QUARANTINE_ENTRIES;
    for i in 0..bound + 3 {
        let micros = i64::try_from(i).expect("small");
        store
            .quarantine(&refused(&format!("h{i:05}"), micros, vec![b'{']))
            .await
            .expect("q");
    }
    let list = store
        .quarantined(u32::try_from(bound).expect("small") + 10)
        .await
        .expect("list");
    assert_eq!(list.len() as u64, bound);
    let kept: Vec<&str> = list.iter().map(|q| q.body_sha256.as_str()).collect();
    for gone in ["h00000", "h00001", "h00002"] {
        assert!(!kept.contains(&gone), "{gone} should have made room");
    }
    assert!(kept.contains(&"h00003"));
}

/// Intake's case writes happen once per delivery, however often a step is repeated.
pub async fn intake_writes_to_cases_happen_once(store: &dyn Store) {
    use super::{opened, report, summary};
    use crate::{IntakeStep, IntakeWrite, IntakeWritten};
    use mim_domain::case::Stage;
    let s = summary("Wilma – havainto", Stage::Detection, at(0));
    let open = IntakeWrite::Open {
        year: 2026,
        events: vec![opened("Wilma", at(0)), report("a", at(0))],
        summary: s.clone(),
        origin: "7:0".into(),
        mark: 7,
    };
    let step = |writes: Vec<IntakeWrite>| IntakeStep {
        writes,
        ..Default::default()
    };
    let first = store
        .commit_intake_step(step(vec![open.clone()]))
        .await
        .expect("open");
    let [IntakeWritten::Opened { id, events, new }] = first.as_slice() else {
        panic!("one opening: {first:?}");
    };
    assert!(new);
    let again = store
        .commit_intake_step(step(vec![open]))
        .await
        .expect("open again");
    assert_eq!(
        again,
        vec![IntakeWritten::Opened {
            id: id.clone(),
            events: events.clone(),
            new: false
        }],
        "the same origin opens no second case"
    );
    let append = |mark: u64, text: &str| IntakeWrite::Append {
        id: id.clone(),
        events: vec![report(text, at(1))],
        summary: s.clone(),
        mark: Some(mark),
    };
    // Delivery 7 was taken with the opening; 8 is new, 8 again and 5 are not.
    let took = |w: &[IntakeWritten]| match w {
        [IntakeWritten::Appended(e)] => e.as_ref().map(Vec::len),
        other => panic!("one append: {other:?}"),
    };
    let w = store.commit_intake_step(step(vec![append(7, "b")])).await;
    assert_eq!(took(&w.expect("7")), None);
    let w = store.commit_intake_step(step(vec![append(8, "b")])).await;
    assert_eq!(took(&w.expect("8")), Some(1));
    let w = store.commit_intake_step(step(vec![append(8, "b")])).await;
    assert_eq!(took(&w.expect("8 again")), None);
    let w = store.commit_intake_step(step(vec![append(5, "c")])).await;
    assert_eq!(took(&w.expect("5")), None);
    assert_eq!(store.load(id).await.expect("load").len(), 3);
    let caught_up = store.load_after(id, 2, 10).await.expect("after 2");
    assert_eq!(caught_up.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3]);
    assert!(
        store
            .load_after(id, 3, 10)
            .await
            .expect("after 3")
            .is_empty()
    );
    // A page at a time: the limit cuts, the next page goes on from the last seq.
    let first = store.load_after(id, 0, 2).await.expect("page 1");
    assert_eq!(first.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2]);
    let next = store.load_after(id, 2, 2).await.expect("page 2");
    assert_eq!(next.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3]);
    let listed = super::row(store, id).await;
    assert_eq!(listed.last_seq, 3);
    assert_eq!(
        listed.intake_mark, 8,
        "the listing says which position it took last"
    );

    // A step fails as a whole: an append to an unknown case takes the rest (and the cursor)
    // down with it.
    let unknown = mim_domain::CaseId::new(2026, 99);
    let failing = IntakeStep {
        writes: vec![
            append(9, "d"),
            IntakeWrite::Append {
                id: unknown,
                events: vec![report("x", at(1))],
                summary: s.clone(),
                mark: Some(9),
            },
        ],
        unassigned: vec![],
        cursor: Some(("correlation".into(), 9)),
    };
    assert!(matches!(
        store.commit_intake_step(failing).await,
        Err(crate::StoreError::NotFound)
    ));
    assert_eq!(
        store.load(id).await.expect("load").len(),
        3,
        "nothing half-written"
    );
    assert_eq!(store.cursor("correlation").await.expect("cursor"), 0);
    let moved = IntakeStep {
        writes: vec![append(9, "d")],
        unassigned: vec![],
        cursor: Some(("correlation".into(), 9)),
    };
    store.commit_intake_step(moved).await.expect("step");
    assert_eq!(store.cursor("correlation").await.expect("cursor"), 9);
    assert_eq!(store.load(id).await.expect("load").len(), 4);
    // Without a mark, evidence is written whatever the case has taken.
    let timed = IntakeWrite::Append {
        id: id.clone(),
        events: vec![report("e", at(2))],
        summary: s.clone(),
        mark: None,
    };
    let w = store.commit_intake_step(step(vec![timed])).await;
    assert_eq!(took(&w.expect("unmarked")), Some(1));
}

/// Unassigned signals are kept once each, newest first.
pub async fn unassigned_signals_are_kept_once(store: &dyn Store) {
    use crate::Unassigned;
    let signal = |text: &str| {
        Signal::Report(ReportSignal {
            channel: ReportChannel::EndUserForm,
            system: None,
            text: text.into(),
            reporter: None,
            stated_affected_users: None,
            severity: None,
        })
    };
    let entry = |seq: u64, index: u32, text: &str| Unassigned {
        delivery_seq: seq,
        signal_index: index,
        source: "form".into(),
        received_at: at(i64::try_from(seq).expect("small")),
        signal: signal(text),
    };
    let record = |unassigned: Vec<Unassigned>| crate::IntakeStep {
        unassigned,
        ..Default::default()
    };
    store
        .commit_intake_step(record(vec![
            entry(1, 0, "ei toimi"),
            entry(2, 0, "hidas"),
            entry(2, 1, "kaatuu"),
        ]))
        .await
        .expect("q");
    store
        .commit_intake_step(record(vec![entry(2, 1, "kaatuu")]))
        .await
        .expect("again");
    let list = store.unassigned(10).await.expect("list");
    assert_eq!(list.len(), 3);
    assert_eq!((list[0].delivery_seq, list[0].signal_index), (2, 1));
    assert_eq!(list[2], entry(1, 0, "ei toimi"));
}
