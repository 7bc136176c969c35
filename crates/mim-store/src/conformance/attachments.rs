//! A case's files: numbered per case, read back as stored, bytes and all; a file marked to go
//! as links stays so on every later claim.

use super::*;
use crate::NewAttachment;
use mim_domain::communication::{AttachmentRef, FileName, MediaType, OutboxMessage, Recipient};
use mim_domain::register::Channel;

fn file(name: &str, bytes: &[u8], t: DateTime<Utc>) -> NewAttachment {
    NewAttachment {
        file_name: FileName::new(name).expect("a file name"),
        content_type: MediaType::new("application/pdf").expect("a media type"),
        bytes: bytes.to_vec(),
        uploaded_by: user_id("palvelupiste"),
        uploaded_at: t,
        actor: Actor::Mim,
    }
}

/// Files are numbered per case from 1 and read back with their bytes, each with its
/// `attachment_added` event on its case (evidence: the version stays); another case's number
/// names nothing; a file for a case that does not exist is `NotFound`.
pub async fn attachments_are_numbered_per_case_and_read_back(store: &dyn Store) {
    let t0 = at(0);
    let a = open(store, 2026, "Wilma", t0).await;
    let b = open(store, 2026, "Pegasos", t0).await;

    let first = store
        .add_attachment(&a, file("häiriöraportti.pdf", b"%PDF-1", t0))
        .await
        .expect("store");
    let second = store
        .add_attachment(&a, file("lokit.pdf", b"%PDF-2", t0))
        .await
        .expect("store");
    let other = store
        .add_attachment(&b, file("muu.pdf", b"%PDF-3", t0))
        .await
        .expect("store");
    let missing = store
        .add_attachment(&CaseId::new(2026, 999), file("x.pdf", b"x", t0))
        .await;

    assert_eq!(
        (first.reference.id, second.reference.id, other.reference.id),
        (1, 2, 1)
    );
    assert_eq!(first.reference.size, 6);
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    let read = store.attachment(&a, 1).await.expect("read");
    assert_eq!(read.as_ref(), Some(&first));
    assert_eq!(
        store.attachment_bytes(&a, 2).await.expect("read"),
        Some(b"%PDF-2".to_vec())
    );
    assert_eq!(
        store.attachment_bytes(&b, 1).await.expect("read"),
        Some(b"%PDF-3".to_vec())
    );
    assert_eq!(store.attachment(&b, 2).await.expect("read"), None);
    let events = load(store, &a).await;
    let v = events[0].version;
    let added: Vec<(u64, u64, AttachmentRef)> = events
        .into_iter()
        .filter_map(|e| match e.event {
            CaseEvent::AttachmentAdded { attachment } => Some((e.seq, e.version, attachment)),
            _ => None,
        })
        .collect();
    assert_eq!(
        added,
        [
            (2, v, first.reference.clone()),
            (3, v, second.reference.clone())
        ]
    );
    assert_eq!(store.attachment_bytes(&b, 2).await.expect("read"), None);
}

/// A failure recorded with `files_as_links` marks the message: its next claim, and every one
/// after it, says to send the links; other messages are not marked.
pub async fn a_message_refused_as_too_large_goes_on_with_links(store: &dyn Store) {
    let t0 = at(0);
    let id = open(store, 2026, "Wilma", t0).await;
    let message = |mid: &str| OutboxMessage {
        message_id: mid.into(),
        message: "m1".into(),
        kind: "update".into(),
        audience: "johtoryhmä".into(),
        channel: Channel::Email,
        recipient: Recipient {
            name: "Maija".into(),
            address: "maija@example.fi".into(),
        },
        language: Language::Fi,
        subject: "Wilma".into(),
        text: "x".into(),
        link: None,
        attachments: vec![],
    };
    store
        .append(
            &id,
            None,
            vec![
                new_event(
                    t0,
                    CaseEvent::MessageQueued {
                        message: message("big"),
                    },
                ),
                new_event(
                    t0,
                    CaseEvent::MessageQueued {
                        message: message("small"),
                    },
                ),
            ],
            None,
        )
        .await
        .expect("queue");
    let lease = at(minutes(2));
    let claimed = store.claim_due(t0, lease, 10).await.expect("claim");
    assert!(claimed.iter().all(|c| !c.files_as_links));
    let failed = |mid: &str, links: bool, retry| {
        new_event(
            t0,
            CaseEvent::MessageFailed {
                message_id: mid.into(),
                attempt: 1,
                reason: "552".into(),
                retry_at: retry,
                files_as_links: links,
            },
        )
    };
    store
        .append(
            &id,
            None,
            vec![failed("big", true, t0), failed("small", false, t0)],
            None,
        )
        .await
        .expect("record");

    let again = store.claim_due(t0, lease, 10).await.expect("claim");
    let marks: Vec<(&str, bool)> = again
        .iter()
        .map(|c| (c.message.message_id.as_str(), c.files_as_links))
        .collect();
    assert_eq!(marks, [("big", true), ("small", false)]);
    // Still marked after another plain failure.
    store
        .append(&id, None, vec![failed("big", false, t0)], None)
        .await
        .expect("record");
    let third = store.claim_due(t0, lease, 10).await.expect("claim");
    assert_eq!(third.len(), 1);
    assert!(third[0].files_as_links);
}
