//! Walk-throughs of the process: numbered, append-only, read back exactly as written.

use super::*;
use chrono::NaiveDate;
use mim_domain::readiness::{NewProcessReview, ReviewStage, Reviewer};

fn walk_through(stage: ReviewStage, on: (i32, u32, u32)) -> NewProcessReview {
    NewProcessReview {
        stage,
        process_version: "1".into(),
        reviewed_on: NaiveDate::from_ymd_opt(on.0, on.1, on.2).expect("a valid day"),
        led_by: Reviewer {
            user: Some(user_id("tiina")),
            name: "Tiina Tietohallinto".into(),
        },
        participants: vec!["Palvelupiste".into(), "Åsa Öberg 🙂".into()],
        note: Some("Uimaratakaavio käytiin läpi; \"keltainen\" → MIM-yhteyshenkilö.".into()),
    }
}

/// Records come back numbered from 1 in the order recorded, with every field, who recorded
/// them and when (to the microsecond); stages out of order are stored as they were held.
pub async fn process_reviews_are_numbered_and_kept_as_written(store: &dyn Store) {
    assert!(store.process_reviews().await.expect("list").is_empty());

    let stakeholders = walk_through(ReviewStage::Stakeholders, (2026, 1, 20));
    let first = store
        .add_process_review(&stakeholders, &stamp("tiina", 1))
        .await
        .expect("add");
    assert_eq!(first.id, 1);
    assert_eq!(first.review, stakeholders);
    assert_eq!(first.recorded_by, Editor::User(user_id("tiina")));
    assert_eq!(first.recorded_at, at(1));

    let mut internal = walk_through(ReviewStage::InternalReview, (2026, 1, 10));
    internal.process_version = "0.9 (luonnos)".into();
    internal.led_by.user = None;
    internal.participants.clear();
    internal.note = None;
    let by_operator = Stamp {
        by: Editor::operator("root"),
        at: at(minutes(5) + 7),
    };
    let second = store
        .add_process_review(&internal, &by_operator)
        .await
        .expect("add");
    assert_eq!(second.id, 2);

    let all = store.process_reviews().await.expect("list");
    assert_eq!(all, vec![first, second]);
    assert_eq!(all[1].recorded_by, Editor::operator("root"));
    assert_eq!(all[1].recorded_at, at(minutes(5) + 7));
    assert_eq!(all[1].review.led_by.user, None);
}
