//! The outbox follows the message events appended to cases.

use super::*;
use mim_domain::communication::{OutboxMessage, Recipient};
use mim_domain::register::Channel;

fn message(id: &str) -> OutboxMessage {
    OutboxMessage {
        message_id: id.into(),
        message: "m1".into(),
        kind: "update".into(),
        audience: "henkilöstö".into(),
        channel: Channel::Email,
        recipient: Recipient {
            name: "Maija Mäkinen".into(),
            address: "maija@example.fi".into(),
        },
        language: Language::Fi,
        subject: "Wilma: häiriö".into(),
        text: "Selvitämme.".into(),
        link: None,
        attachments: vec![],
    }
}

fn queued(id: &str, t: DateTime<Utc>) -> NewEvent {
    new_event(
        t,
        CaseEvent::MessageQueued {
            message: message(id),
        },
    )
}

fn ids(claimed: &[crate::ClaimedMessage]) -> Vec<(&str, u32, bool)> {
    claimed
        .iter()
        .map(|c| {
            (
                c.message.message_id.as_str(),
                c.attempt,
                c.possible_duplicate,
            )
        })
        .collect()
}

/// A queued message is claimed once per lease; a recorded outcome moves it on (sent: never
/// handed out again; failed: again when its retry comes; given up: never again); a lease that
/// runs out without an outcome hands it out again as a possible duplicate; an outcome for a
/// message the outbox lacks writes nothing.
pub async fn outbox_follows_the_message_events(store: &dyn Store) {
    let t0 = at(0);
    let id = open(store, 2026, "Wilma", t0).await;
    assert_eq!(store.next_due().await.expect("next_due"), None);
    store
        .append(&id, None, vec![queued("a", t0), queued("b", t0)], None)
        .await
        .expect("queue");
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        crate::OutboxCounts {
            queued: 2,
            ..Default::default()
        }
    );
    assert_eq!(store.next_due().await.expect("next_due"), Some(t0));

    let lease = at(minutes(2));
    let claimed = store.claim_due(t0, lease, 10).await.expect("claim");
    assert_eq!(ids(&claimed), [("a", 1, false), ("b", 1, false)]);
    assert_eq!(claimed[0].case_id, id);
    assert_eq!(claimed[0].message, message("a"));
    assert!(
        store
            .claim_due(t0, lease, 10)
            .await
            .expect("claim")
            .is_empty(),
        "claimed messages are not handed out again while the lease runs"
    );

    let t1 = at(minutes(1));
    store
        .append(
            &id,
            None,
            vec![
                new_event(
                    t1,
                    CaseEvent::MessageSent {
                        message_id: "a".into(),
                        attempt: 1,
                        detail: "250 OK".into(),
                        possible_duplicate: false,
                    },
                ),
                new_event(
                    t1,
                    CaseEvent::MessageFailed {
                        message_id: "b".into(),
                        attempt: 1,
                        reason: "connection refused".into(),
                        retry_at: at(minutes(3)),
                        files_as_links: false,
                    },
                ),
            ],
            None,
        )
        .await
        .expect("outcomes");
    assert_eq!(
        store.next_due().await.expect("next_due"),
        Some(at(minutes(3)))
    );
    assert!(
        store
            .claim_due(at(minutes(2)), at(minutes(4)), 10)
            .await
            .expect("claim")
            .is_empty(),
        "b waits for its retry; a was sent"
    );
    let claimed = store
        .claim_due(at(minutes(3)), at(minutes(5)), 10)
        .await
        .expect("claim");
    assert_eq!(ids(&claimed), [("b", 2, false)]);

    // The sender dies mid-send: no outcome, the lease runs out.
    let claimed = store
        .claim_due(at(minutes(5)), at(minutes(7)), 10)
        .await
        .expect("claim");
    assert_eq!(ids(&claimed), [("b", 3, true)]);

    // An outcome for a message the outbox does not hold is refused whole.
    let before = load(store, &id).await.len();
    let stray = store
        .append(
            &id,
            None,
            vec![new_event(
                at(minutes(6)),
                CaseEvent::MessageSent {
                    message_id: "nonesuch".into(),
                    attempt: 1,
                    detail: "250 OK".into(),
                    possible_duplicate: false,
                },
            )],
            None,
        )
        .await;
    assert!(stray.is_err(), "{stray:?}");
    assert_eq!(load(store, &id).await.len(), before, "nothing was written");

    store
        .append(
            &id,
            None,
            vec![new_event(
                at(minutes(6)),
                CaseEvent::MessageGivenUp {
                    message_id: "b".into(),
                    attempt: 3,
                    reason: "552 message size exceeds fixed maximum".into(),
                    permanent: true,
                },
            )],
            None,
        )
        .await
        .expect("given up");
    assert!(
        store
            .claim_due(at(minutes(60)), at(minutes(62)), 10)
            .await
            .expect("claim")
            .is_empty()
    );
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        crate::OutboxCounts {
            sent: 1,
            given_up: 1,
            ..Default::default()
        }
    );
    assert_eq!(store.next_due().await.expect("next_due"), None);
}
