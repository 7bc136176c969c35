//! Times keep their microseconds everywhere they are stored.

use super::*;

/// Times are kept to the microsecond wherever they are stored; a finer time comes back as
/// `append` returned it.
pub async fn times_round_trip_to_the_microsecond(store: &dyn Store) {
    let odd = at(123_456_789_012);
    let mut first = opened("times", odd);
    first.occurred_at = odd - Duration::microseconds(1);
    let mut s = summary("times", Stage::Monitoring, odd);
    s.next_update_at = Some(odd + Duration::microseconds(999_999));
    s.ended_at = Some(odd + Duration::microseconds(1));
    let (id, recorded) = store
        .open_case(2026, vec![first.clone()], s.clone())
        .await
        .expect("open_case");
    assert_eq!(recorded[0].occurred_at, first.occurred_at);
    assert_eq!(recorded[0].recorded_at, odd);
    let r = row(store, &id).await;
    assert_eq!(r.summary, s);
    assert_eq!(r.last_activity_at, odd);
    assert_eq!(load(store, &id).await, recorded);

    // Nanoseconds: whatever the store keeps, `append` and `load` agree, within 1 µs.
    let fine = odd + Duration::nanoseconds(1_000_789);
    let appended = store
        .append(&id, None, vec![report("fine", fine)], None)
        .await
        .expect("append");
    let loaded = load(store, &id).await;
    assert_eq!(loaded[1], appended[0]);
    assert!((loaded[1].recorded_at - fine).abs() < Duration::microseconds(1));

    // Before 1970 and far ahead.
    let early = DateTime::from_timestamp_micros(-1_234_567).expect("valid");
    let late = DateTime::from_timestamp_micros(4_102_444_800_000_001).expect("valid");
    for t in [early, late] {
        let mut s = summary("edge", Stage::Detection, t);
        s.next_update_at = Some(t);
        let (id, rec) = store
            .open_case(2026, vec![opened("edge", t)], s.clone())
            .await
            .expect("open_case");
        assert_eq!(rec[0].recorded_at, t);
        assert_eq!(load(store, &id).await, rec);
        assert_eq!(row(store, &id).await.summary, s);
    }
}
