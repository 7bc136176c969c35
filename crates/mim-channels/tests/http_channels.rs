//! Teams, Slack, the signed webhook and the SMS gateway against a local HTTP receiver on
//! 127.0.0.1: what each posts, how each answer is read, and long texts shortened with the
//! link rather than refused.

mod common;

use common::{Receiver, SUBJECT, closed_port, outgoing, teams_card, teams_subject, teams_text};
use hmac::{Hmac, Mac};
use mim_channels::Secret;
use mim_channels::{
    Attachment, Channel, ChannelConfig, ChannelKind, SendError, SlackChannel, SlackConfig,
    SmsChannel, SmsGatewayConfig, TEAMS_MAX_PAYLOAD_BYTES, TeamsChannel, TeamsConfig,
    WebhookChannel, WebhookConfig, build, sms_preview,
};
use mim_messages::SmsEncoding;
use sha2::Sha256;
use std::time::Duration;

const LINK: &str = "https://mim.kunta.example/m/mim-out-42";

fn teams(url: String) -> TeamsChannel {
    TeamsChannel::new(&TeamsConfig {
        url: Secret::new(url),
        timeout_secs: 5,
    })
    .expect("a Teams channel")
}

fn slack(url: String) -> SlackChannel {
    SlackChannel::new(&SlackConfig {
        url: Secret::new(url),
        timeout_secs: 5,
    })
    .expect("a Slack channel")
}

fn webhook(url: String) -> WebhookChannel {
    WebhookChannel::new(&WebhookConfig {
        url,
        secret: Secret::new("jaettu salaisuus"),
        timeout_secs: 5,
        max_attachment_bytes: 1_000,
    })
    .expect("a webhook channel")
}

fn sms_config(url: String) -> SmsGatewayConfig {
    SmsGatewayConfig {
        url,
        token: Some(Secret::new("gw-token")),
        sender: "Kuusijarvi".into(),
        max_segments: 3,
        timeout_secs: 5,
    }
}

fn long_text() -> String {
    "Wilma ei toimi kouluissa. Opettajat kirjaavat poissaolot paperille. ".repeat(1_000)
}

// ---------------------------------------------------------------- Teams

#[tokio::test]
async fn teams_gets_an_adaptive_card_in_the_workflows_envelope() {
    let rx = Receiver::start().await;
    let mut msg = outgoing("");
    msg.possible_duplicate = true;

    let delivered = teams(rx.url("/accepted")).send(&msg).await.expect("sent");

    assert!(
        delivered.detail.starts_with("HTTP 202 Accepted")
            && delivered.detail.contains("unconfirmed"),
        "{delivered:?}"
    );
    let hit = rx.last();
    assert_eq!(hit.header("content-type"), Some("application/json"));
    let body = hit.json();
    assert_eq!(body["type"], "message");
    let attachment = &body["attachments"][0];
    assert_eq!(
        attachment["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    let card = &attachment["content"];
    assert_eq!(card["type"], "AdaptiveCard");
    assert_eq!(
        card["$schema"],
        "http://adaptivecards.io/schemas/adaptive-card.json"
    );
    assert_eq!(card["version"], "1.4");
    assert_eq!(teams_subject(card), SUBJECT);
    assert_eq!(card["body"][0]["inlines"][0]["weight"], "Bolder");
    // A line of the text is a block of its own.
    assert_eq!(teams_text(card), msg.text.as_str());
    assert_eq!(msg.text.lines().count(), 2);
    assert_eq!(
        card["body"][1]["inlines"][0]["text"],
        "Wilma ei toimi kouluissa."
    );
    assert_eq!(card["actions"][0]["type"], "Action.OpenUrl");
    assert_eq!(card["actions"][0]["url"], LINK);
    // The resend is marked on the card, the subject left alone.
    let note = card["body"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["id"] == "possible-duplicate"))
        .expect("a note on the card");
    assert!(
        note["inlines"][0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("mim-out-42"))
    );
    assert_eq!(hit.header("x-mim-message-id"), Some("mim-out-42"));
}

#[tokio::test]
async fn teams_answering_200_with_an_error_is_a_failure() {
    let rx = Receiver::start().await;

    let r = teams(rx.url("/teams-error")).send(&outgoing("")).await;

    assert!(
        matches!(&r, Err(SendError::Permanent { reason }) if reason.contains("HTTP error 400")),
        "{r:?}"
    );
}

#[tokio::test]
async fn a_long_teams_message_is_shortened_with_the_link_never_refused() {
    let rx = Receiver::start().await;
    let mut msg = outgoing("");
    // Quotes and line breaks take two bytes each once JSON-escaped.
    msg.text = "\"Wilma\"\n".repeat(5_000) + &long_text();

    teams(rx.url("/accepted")).send(&msg).await.expect("sent");

    let hit = rx.last();
    assert!(
        hit.body.len() <= TEAMS_MAX_PAYLOAD_BYTES,
        "{} bytes",
        hit.body.len()
    );
    let text = teams_text(teams_card(&hit.json()));
    assert!(
        text.ends_with(&format!("…\n\nKoko teksti: {LINK}")),
        "{}",
        &text[text.len() - 80..]
    );
    assert!(text.starts_with("\"Wilma\"\n"));
}

#[tokio::test]
async fn teams_attachments_go_as_links() {
    let rx = Receiver::start().await;
    let mut msg = outgoing("");
    msg.attachments = vec![Attachment::file(
        "raportti.pdf",
        "application/pdf",
        vec![1; 2_000],
        Some("https://mim.kunta.example/files/raportti.pdf".into()),
    )];

    teams(rx.url("/accepted")).send(&msg).await.expect("sent");

    let text = teams_text(teams_card(&rx.last().json()));
    assert!(
        text.ends_with(
            "Liitteet:\n- raportti.pdf (2 kB): https://mim.kunta.example/files/raportti.pdf"
        ),
        "{text}"
    );
}

// ---------------------------------------------------------------- Slack

#[tokio::test]
async fn slack_gets_blocks_with_the_text_escaped() {
    let rx = Receiver::start().await;
    let msg = outgoing("");

    let delivered = slack(rx.url("/ok")).send(&msg).await.expect("sent");

    assert_eq!(delivered.detail, "HTTP 200 OK ok");
    let body = rx.last().json();
    assert_eq!(body["blocks"][0]["type"], "header");
    assert_eq!(body["blocks"][0]["text"]["type"], "plain_text");
    assert_eq!(body["blocks"][0]["text"]["text"], SUBJECT);
    assert_eq!(body["blocks"][1]["type"], "section");
    assert_eq!(body["blocks"][1]["text"]["type"], "mrkdwn");
    assert_eq!(
        body["blocks"][1]["text"]["text"],
        "Wilma ei toimi kouluissa.\nSelvitämme syytä &lt;b&gt;kiireellisesti&lt;/b&gt; &amp; tiedotamme klo 14.00."
    );
    assert!(
        body["text"]
            .as_str()
            .is_some_and(|t| t.starts_with(SUBJECT))
    );
}

#[tokio::test]
async fn a_long_slack_message_is_split_and_shortened_with_the_link() {
    let rx = Receiver::start().await;
    let mut msg = outgoing("");
    msg.text = long_text();

    slack(rx.url("/ok")).send(&msg).await.expect("sent");

    let body = rx.last().json();
    let sections: Vec<&str> = body["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["type"] == "section")
        .filter_map(|b| b["text"]["text"].as_str())
        .collect();
    assert!(sections.len() > 1);
    assert!(sections.iter().all(|s| s.chars().count() <= 3_000));
    assert!(
        sections
            .last()
            .is_some_and(|s| s.ends_with(&format!("Koko teksti: {LINK}")))
    );
    assert!(
        body["text"]
            .as_str()
            .is_some_and(|t| t.chars().count() <= 40_000)
    );
}

#[tokio::test]
async fn http_answers_are_read_as_permanent_or_transient() {
    let rx = Receiver::start().await;
    let msg = outgoing("");
    let ch = |p: &str| slack(rx.url(p));

    let bad = ch("/bad").send(&msg).await;
    let gone = ch("/gone").send(&msg).await;
    let busy = ch("/busy").send(&msg).await;
    let limited = ch("/limited").send(&msg).await;
    let down = slack(format!("http://127.0.0.1:{}/x", closed_port()))
        .send(&msg)
        .await;

    assert!(
        matches!(&bad, Err(SendError::Permanent { reason }) if reason.contains("invalid_payload")),
        "{bad:?}"
    );
    assert!(matches!(gone, Err(SendError::Permanent { .. })), "{gone:?}");
    let busy = busy.expect_err("503");
    assert!(!busy.is_permanent());
    assert_eq!(busy.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(
        limited.expect_err("429").retry_after(),
        Some(Duration::from_secs(30))
    );
    assert!(matches!(down, Err(SendError::Transient { .. })), "{down:?}");
}

// ---------------------------------------------------------------- webhook

#[tokio::test]
async fn the_webhook_is_signed_over_the_raw_body() {
    let rx = Receiver::start().await;
    let mut msg = outgoing("");
    msg.possible_duplicate = true;
    msg.attachments = vec![
        Attachment::file("pieni.txt", "text/plain", b"hei".to_vec(), None),
        Attachment::file(
            "iso.pdf",
            "application/pdf",
            vec![0; 5_000],
            Some("https://mim.kunta.example/files/iso.pdf".into()),
        ),
    ];

    webhook(rx.url("/hook")).send(&msg).await.expect("sent");

    let hit = rx.last();
    // The receiver's check: HMAC-SHA256 with the shared secret over the bytes as received.
    let mut mac = Hmac::<Sha256>::new_from_slice(b"jaettu salaisuus").expect("a key");
    mac.update(&hit.body);
    let signature = hit
        .header("x-mim-signature")
        .and_then(|s| s.strip_prefix("sha256="))
        .expect("a signature");
    let bytes: Vec<u8> = (0..signature.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&signature[i..i + 2], 16).expect("hex"))
        .collect();
    mac.verify_slice(&bytes).expect("the signature verifies");

    assert_eq!(hit.header("idempotency-key"), Some("mim-out-42"));
    assert_eq!(hit.header("x-mim-possible-duplicate"), Some("true"));
    let body = hit.json();
    assert_eq!(body["id"], "mim-out-42");
    assert_eq!(body["possible_duplicate"], true);
    assert_eq!(body["subject"], SUBJECT);
    assert_eq!(body["text"], msg.text.as_str());
    assert_eq!(body["link"], LINK);
    assert_eq!(body["language"], "fi");
    assert_eq!(body["attachments"][0]["content_base64"], "aGVp");
    assert!(
        body["attachments"][1]["content_base64"].is_null(),
        "over the limit"
    );
    assert_eq!(
        body["attachments"][1]["link"],
        "https://mim.kunta.example/files/iso.pdf"
    );
    assert_eq!(body["attachments"][1]["size"], 5_000);
}

#[tokio::test]
async fn a_tampered_body_fails_the_signature() {
    let body = br#"{"id":"x"}"#;
    let good = mim_channels::signature(b"k", body);
    assert_ne!(good, mim_channels::signature(b"k", br#"{"id":"y"}"#));
    assert_ne!(good, mim_channels::signature(b"other", body));
}

// ---------------------------------------------------------------- SMS

#[tokio::test]
async fn the_gateway_gets_gsm7_or_ucs2_and_the_segment_count() {
    let rx = Receiver::start().await;
    let channel = SmsChannel::new(&sms_config(rx.url("/sms"))).expect("an SMS channel");
    let mut gsm = outgoing("+358401234567");
    gsm.subject = "Häiriö: Wilma".into();
    gsm.text = "Wilma ei toimi. Seuraava tiedote klo 14.00.".into();
    let mut ucs = gsm.clone();
    ucs.text = "Wilma ei toimi – seuraava tiedote klo 14.00.".into(); // the dash is not GSM-7

    let preview = sms_preview(&gsm, 3);
    let d1 = channel.send(&gsm).await.expect("sent");
    let first = rx.last();
    channel.send(&ucs).await.expect("sent");
    let second = rx.last();

    // What the interface shows before sending is what the gateway is told.
    assert_eq!(preview.sent.encoding, SmsEncoding::Gsm7);
    assert_eq!(preview.sent.segments, 1);
    assert!(!preview.shortened);
    assert_eq!(d1.detail, "HTTP 200 OK; gsm7, 1 segment(s)");
    assert_eq!(first.header("authorization"), Some("Bearer gw-token"));
    assert_eq!(first.header("idempotency-key"), Some("mim-out-42"));
    let b = first.json();
    assert_eq!(b["to"], "+358401234567");
    assert_eq!(b["from"], "Kuusijarvi");
    assert_eq!(
        b["text"],
        "Häiriö: Wilma\nWilma ei toimi. Seuraava tiedote klo 14.00."
    );
    assert_eq!(b["encoding"], "gsm7");
    assert_eq!(b["segments"], 1);
    assert_eq!(b["id"], "mim-out-42");
    assert_eq!(b["possible_duplicate"], false);
    assert_eq!(second.json()["encoding"], "ucs2");
    assert_eq!(second.json()["segments"], 1);
}

#[tokio::test]
async fn a_long_sms_is_shortened_to_its_segments_with_the_link() {
    let rx = Receiver::start().await;
    let channel = SmsChannel::new(&sms_config(rx.url("/sms"))).expect("an SMS channel");
    let mut msg = outgoing("+358401234567");
    msg.subject = "Häiriö: Wilma".into(); // GSM-7 (the en dash of SUBJECT is not)
    msg.text = long_text();

    let preview = sms_preview(&msg, 3);
    let delivered = channel.send(&msg).await.expect("sent, not refused");

    assert!(preview.written.segments > 3);
    assert_eq!(preview.sent.segments, 3);
    assert!(preview.shortened);
    assert!(
        delivered.detail.ends_with("gsm7, 3 segment(s), shortened"),
        "{delivered:?}"
    );
    let b = rx.last().json();
    assert_eq!(b["segments"], 3);
    assert_eq!(b["encoding"], "gsm7", "the shortening keeps GSM-7");
    assert!(
        b["text"]
            .as_str()
            .is_some_and(|t| t.ends_with(&format!("...\n\nKoko teksti: {LINK}")))
    );
}

#[tokio::test]
async fn an_sms_to_something_not_a_phone_number_is_refused_for_good() {
    let rx = Receiver::start().await;
    let channel = SmsChannel::new(&sms_config(rx.url("/sms"))).expect("an SMS channel");

    let r = channel.send(&outgoing("040 123")).await;

    assert!(matches!(r, Err(SendError::Permanent { .. })), "{r:?}");
    assert!(rx.hits().is_empty());
}

#[tokio::test]
async fn every_kind_builds_from_settings() {
    let rx = Receiver::start().await;
    let settings = format!(
        r#"[
        {{"kind":"teams","url":"{0}/accepted"}},
        {{"kind":"slack","url":"{0}/ok"}},
        {{"kind":"webhook","url":"{0}/hook","secret":"s"}},
        {{"kind":"sms","url":"{0}/sms","sender":"Kunta","max_segments":2}},
        {{"kind":"email","host":"127.0.0.1","port":25,"security":"none","from_address":"mim@kunta.example"}}
    ]"#,
        rx.base
    );
    let configs: Vec<ChannelConfig> = serde_json::from_str(&settings).expect("settings");
    let kinds: Vec<ChannelKind> = configs
        .iter()
        .map(|c| build(c).expect("a channel").kind())
        .collect();
    assert_eq!(
        kinds,
        [
            ChannelKind::Teams,
            ChannelKind::Slack,
            ChannelKind::Webhook,
            ChannelKind::Sms,
            ChannelKind::Email
        ]
    );

    let bad = ChannelConfig::Webhook(WebhookConfig {
        url: "ftp://x".into(),
        secret: Secret::new("s"),
        timeout_secs: 5,
        max_attachment_bytes: 0,
    });
    assert!(build(&bad).is_err());
}
