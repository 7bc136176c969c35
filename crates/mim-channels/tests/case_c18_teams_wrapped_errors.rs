//! Case C18: Teams answers HTTP 200 with the real error in the body. The Teams channel posts
//! to a local receiver that gives, in turn, each answer of `fixtures/C18-teams-mock-responses.json`,
//! and the outcome is the one the case lists for it: a refusal for size is shrunk and sent
//! once more, a rate limit waits at least 10 s, a 400 is refused for good without a retry,
//! and a 2xx without an error marker is delivered.

mod common;

use common::{Canned, Receiver, outgoing, teams_card, teams_text};
use mim_channels::{Channel, Outgoing, Secret, SendError, TeamsChannel, TeamsConfig};
use serde::Deserialize;
use std::time::Duration;

const LINK: &str = "https://mim.kunta.example/m/mim-out-42";

#[derive(Debug, Clone, Deserialize)]
struct MockResponse {
    name: String,
    status: u16,
    content_type: String,
    body: String,
}

impl MockResponse {
    fn canned(&self) -> Canned {
        Canned {
            status: self.status,
            content_type: self.content_type.clone(),
            body: self.body.clone(),
        }
    }
}

fn responses() -> Vec<MockResponse> {
    serde_json::from_str(&common::fixture("C18-teams-mock-responses.json")).expect("C18 file")
}

fn response(name: &str) -> MockResponse {
    responses()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} in the C18 file"))
}

fn teams(rx: &Receiver) -> TeamsChannel {
    TeamsChannel::new(&TeamsConfig {
        url: Secret::new(rx.url("/webhookb2/placeholder")),
        timeout_secs: 5,
    })
    .expect("a Teams channel")
}

/// A message whose card is near Teams' size limit, so that shrinking it shows.
fn big_message() -> Outgoing {
    let mut msg = outgoing("");
    msg.text = "Wilma ei toimi kouluissa. Opettajat kirjaavat poissaolot paperille. ".repeat(800);
    msg
}

#[tokio::test]
async fn every_answer_in_the_file_has_its_outcome() {
    for r in responses() {
        let rx = Receiver::scripted(vec![r.canned()]).await;
        let outcome = teams(&rx).send(&big_message()).await;
        let hits = rx.hits().len();
        match r.name.as_str() {
            "legacy-ok" | "odd-200-json" => {
                assert!(outcome.is_ok(), "{}: {outcome:?}", r.name);
                assert_eq!(hits, 1, "{}", r.name);
            }
            "workflow-202" => {
                let d = outcome.expect("202 is accepted");
                assert!(d.detail.contains("unconfirmed"), "{d:?}");
                assert_eq!(hits, 1);
            }
            // Refused for size: one smaller card, then refused for good (no loop).
            "legacy-413-wrapped" | "real-413" => {
                let e = outcome.expect_err("too large");
                assert!(e.is_permanent(), "{}: {e:?}", r.name);
                assert!(e.reason().contains("413"), "{e:?}");
                assert_eq!(hits, 2, "{}: shrunk and sent once more, no more", r.name);
            }
            "legacy-429-wrapped" => {
                let e = outcome.expect_err("rate limited");
                assert!(!e.is_permanent(), "{e:?}");
                assert!(
                    e.retry_after()
                        .is_some_and(|d| d >= Duration::from_secs(10)),
                    "{e:?}"
                );
                assert_eq!(hits, 1, "the channel does not retry by itself");
            }
            "legacy-400-channel-gone" => {
                let e = outcome.expect_err("refused");
                assert!(
                    matches!(&e, SendError::Permanent { reason } if reason.contains("HTTP error 400")),
                    "{e:?}"
                );
                assert_eq!(hits, 1, "no retry loop");
            }
            other => panic!("the C18 file has an answer this test does not know: {other}"),
        }
    }
}

#[tokio::test]
async fn a_card_refused_for_size_is_shrunk_and_sent_once_more() {
    for name in ["legacy-413-wrapped", "real-413"] {
        let rx = Receiver::scripted(vec![
            response(name).canned(),
            response("legacy-ok").canned(),
        ])
        .await;

        let delivered = teams(&rx).send(&big_message()).await.expect("delivered");

        let hits = rx.hits();
        assert_eq!(hits.len(), 2, "{name}");
        assert!(delivered.detail.contains("shrunk"), "{delivered:?}");
        let (first, second) = (&hits[0], &hits[1]);
        // Not the same payload again: at most half of it, still the same message and card.
        assert!(
            second.body.len() * 2 <= first.body.len(),
            "{name}: {} then {} bytes",
            first.body.len(),
            second.body.len()
        );
        assert_eq!(second.header("x-mim-message-id"), Some("mim-out-42"));
        let text = teams_text(teams_card(&second.json()));
        assert!(text.starts_with("Wilma ei toimi kouluissa."), "{name}");
        assert!(
            text.ends_with(&format!("…\n\nKoko teksti: {LINK}")),
            "{name}: the shrunk card points to the full text: {}",
            &text[text.len().saturating_sub(80)..]
        );
    }
}

#[tokio::test]
async fn a_rate_limited_card_is_delivered_once_by_the_later_retry() {
    let rx = Receiver::scripted(vec![
        response("legacy-429-wrapped").canned(),
        response("legacy-ok").canned(),
    ])
    .await;
    let channel = teams(&rx);
    let msg = outgoing("");

    let first = channel.send(&msg).await;
    // The dispatcher's retry, after the wait the error asked for.
    let second = channel.send(&msg).await;

    assert!(
        matches!(first, Err(SendError::Transient { .. })),
        "{first:?}"
    );
    assert!(second.is_ok(), "{second:?}");
    let hits = rx.hits();
    assert_eq!(hits.len(), 2, "one refused post, one delivered");
    assert_eq!(
        hits[0].body, hits[1].body,
        "the same card, under the same id"
    );
}
