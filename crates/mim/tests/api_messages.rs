//! Sending messages through the outbox (issue 5, points 3–5): the organisation's audiences
//! with members in their own languages and group channels, a channel limited to red, a
//! bilingual bulletin in Finnish and Swedish together (or a recorded reason), the message and
//! the communication it records written together, and every copy on the case's timeline.

mod common;

use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};

#[track_caller]
fn assert_status(a: &Answer, status: u16) {
    assert_eq!(a.status, status, "{}", a.text);
}

/// The organisation's management group: Maija (Finnish; e-mail and phone), Sven (Swedish;
/// e-mail), and a Teams channel; SMS only at red.
async fn with_management_group(app: &TestApp) {
    let admin = app.token("admin").await;
    let mut org = app.get(&admin, "/api/organisation").await.body;
    org["audiences"] = json!([{
        "kind": "management_group",
        "members": [
            {"name": "Maija Mäkinen", "email": "maija@kuusijarvi.fi", "phone": "+358401234567"},
            {"name": "Sven Åberg", "language": "sv", "email": "sven@kuusijarvi.fi"}
        ],
        "endpoints": [{"channel": "teams", "name": "johtoryhma-teams"}],
        "only_at": [{"channel": "sms", "colours": ["red"]}]
    }]);
    assert_status(&app.put(&admin, "/api/organisation", &org).await, 200);
}

async fn send(app: &TestApp, token: &str, id: &str, body: Value) -> Answer {
    let version = app.get(token, &format!("/api/cases/{id}")).await.etag();
    let mut body = body;
    body["expected_version"] = json!(version);
    app.post(token, &format!("/api/cases/{id}/messages"), &body)
        .await
}

fn copies(a: &Answer) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = a.body["queued"]
        .as_array()
        .expect("queued")
        .iter()
        .map(|m| {
            (
                m["channel"].as_str().unwrap_or_default().to_owned(),
                m["recipient"]["address"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                m["language"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

fn c(ch: &str, addr: &str, lang: &str) -> (String, String, String) {
    (ch.into(), addr.into(), lang.into())
}

#[tokio::test]
async fn an_update_reaches_every_member_in_their_language_and_is_on_the_timeline() {
    let app = spawn_app().await;
    with_management_group(&app).await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = send(
        &app,
        &desk,
        &id,
        json!({"kind": "update", "audiences": ["management_group"],
               "texts": {"not_working": "kirjautuminen", "alternative": "paperilomake"}}),
    )
    .await;
    assert_status(&a, 200);
    // Not assessed yet, so red: SMS goes too. Teams gets each language of Wilma's plan.
    assert_eq!(
        copies(&a),
        [
            c("email", "maija@kuusijarvi.fi", "fi"),
            c("email", "sven@kuusijarvi.fi", "sv"),
            c("sms", "+358401234567", "fi"),
            c("teams", "johtoryhma-teams", "fi"),
            c("teams", "johtoryhma-teams", "sv"),
        ]
    );
    let queued = a.body["queued"].as_array().expect("queued");
    let sven = queued
        .iter()
        .find(|m| m["recipient"]["address"] == "sven@kuusijarvi.fi")
        .expect("Sven's copy");
    let text = sven["text"].as_str().expect("text");
    assert!(text.contains("Wilma"), "{text}");
    assert!(text.contains("kl."), "Swedish local time: {text}");
    // Every copy has its own id under one message.
    let ids: std::collections::BTreeSet<&str> = queued
        .iter()
        .filter_map(|m| m["message_id"].as_str())
        .collect();
    assert_eq!(ids.len(), queued.len());
    // The communication point is set from the cadence (red: 30 min).
    assert!(a.body["case"]["case"]["next_update_at"].is_string());

    let timeline = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    let kinds: Vec<&str> = timeline.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["event"]["type"].as_str().or(e["type"].as_str()))
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "message_queued").count(),
        queued.len(),
        "{kinds:?}"
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == "communication_recorded")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_bilingual_bulletin_goes_out_in_finnish_and_swedish_or_says_why_not() {
    let app = spawn_app().await;
    with_management_group(&app).await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    let a = send(
        &app,
        &desk,
        &id,
        json!({"kind": "update", "audiences": ["management_group"], "languages": ["fi"]}),
    )
    .await;
    assert_status(&a, 422);
    assert_eq!(a.body["error"]["field"], "languages");
    let after = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(before.body, after.body, "nothing was written");

    let a = send(
        &app,
        &desk,
        &id,
        json!({"kind": "update", "audiences": ["management_group"], "languages": ["fi"],
               "language_override": "Ruotsinkielinen käännös tulee seuraavassa tiedotteessa"}),
    )
    .await;
    assert_status(&a, 200);
    // Members keep their own language; the group channel gets only Finnish.
    assert!(copies(&a).contains(&c("teams", "johtoryhma-teams", "fi")));
    assert!(!copies(&a).contains(&c("teams", "johtoryhma-teams", "sv")));
    let timeline = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    assert!(
        timeline
            .text
            .contains("Ruotsinkielinen käännös tulee seuraavassa tiedotteessa"),
        "the reason is kept on the case"
    );
}

#[tokio::test]
async fn at_yellow_sms_stays_out_and_mistakes_are_named() {
    let app = spawn_app().await;
    with_management_group(&app).await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_assessment", "affected_users": 30, "severity": "disrupts_work"}),
        )
        .await;
    assert_status(&a, 200);
    let colour = a.body["case"]["assessment"]["colour"].clone();
    let a = send(
        &app,
        &desk,
        &id,
        json!({"kind": "update", "audiences": ["management_group"]}),
    )
    .await;
    assert_status(&a, 200);
    let has_sms = copies(&a).iter().any(|x| x.0 == "sms");
    assert_eq!(has_sms, colour == "red", "colour {colour}");
    if colour != "red" {
        assert!(
            a.body["skipped"]
                .as_array()
                .expect("skipped")
                .iter()
                .any(|s| s["channel"] == "sms" && s["why"] == "colour_limited")
        );
    }

    let a = send(
        &app,
        &desk,
        &id,
        json!({"kind": "update", "audiences": ["johtoryhmä"]}),
    )
    .await;
    assert_status(&a, 422);
    assert_eq!(a.body["error"]["field"], "audiences[0]");
    let a = send(&app, &desk, &id, json!({"kind": "tweet"})).await;
    assert_status(&a, 422);
    assert!(a.text.contains("kind"), "{}", a.text);

    // A call-out is evidence: no version needed, no communication point.
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/messages"),
            &json!({"kind": "call_out", "audiences": ["management_group"]}),
        )
        .await;
    assert_status(&a, 200);
    // A vendor's user does not send the organisation's messages.
    let vendor = app.token("toimittaja").await;
    let a = app
        .post(
            &vendor,
            &format!("/api/cases/{id}/messages"),
            &json!({"kind": "call_out", "audiences": ["management_group"]}),
        )
        .await;
    assert!(a.status == 403 || a.status == 404, "{}", a.text);
}

#[tokio::test]
async fn what_mim_sends_by_itself_is_not_sent_by_hand() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    for kind in ["update_reminder", "alerts_resolved", "case_reopened"] {
        let a = send(
            &app,
            &desk,
            &id,
            json!({"kind": kind, "audiences": ["service_desk"]}),
        )
        .await;
        assert_status(&a, 422);
        assert_eq!(a.body["error"]["field"], "kind", "{}", a.text);
        assert!(
            a.body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(kind) && m.contains("by itself")),
            "{}",
            a.text
        );
    }
    let after = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(before.body, after.body, "nothing written");
}

#[tokio::test]
async fn a_copy_greets_its_reader_by_name_and_a_link_is_a_web_address() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = send(
        &app,
        &desk,
        &id,
        json!({"kind": "call_out", "audiences": ["service_desk"], "texts": {"link": "javascript:alert(1)"}}),
    )
    .await;
    assert_status(&a, 422);
    assert_eq!(a.body["error"]["field"], "texts.link", "{}", a.text);
    let a = send(
        &app,
        &desk,
        &id,
        json!({"kind": "call_out", "audiences": ["service_desk"]}),
    )
    .await;
    assert_status(&a, 200);
    let queued = a.body["queued"].as_array().expect("queued");
    let by_email = queued
        .iter()
        .find(|m| m["channel"] == "email")
        .expect("the desk's mailbox");
    assert!(
        by_email["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Hei Palvelupisteen vuoro,")),
        "{by_email}"
    );
}
