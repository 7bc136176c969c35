//! Message templates through the API (issue 5, point 1): the shipped defaults for every kind
//! in each of the organisation's languages, editing with versions and history, a template
//! that would not work refused when saved (nothing written), previews with example or given
//! facts in local time with the SMS cost, and who may read and change them.

mod common;

use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};

#[track_caller]
fn assert_status(a: &Answer, status: u16) {
    assert_eq!(a.status, status, "{}", a.text);
}

async fn put_if(app: &TestApp, token: &str, path: &str, if_match: &str, body: &Value) -> Answer {
    let req = app
        .client
        .put(app.url(path))
        .bearer_auth(token)
        .header("if-match", if_match)
        .json(body);
    app.send(req).await
}

const KINDS: [&str; 13] = [
    "call_out",
    "red_alert",
    "first_notice",
    "update",
    "backup_in_use",
    "mim_not_started",
    "vendor_escalation",
    "vendor_progress_demand",
    "return_to_normal",
    "walkthrough_invitation",
    "update_reminder",
    "alerts_resolved",
    "case_reopened",
];

#[tokio::test]
async fn every_kind_ships_in_each_language_of_the_organisation() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let all = app.get(&desk, "/api/templates").await;
    assert_status(&all, 200);
    let list = all.body.as_array().expect("a list");
    // The demo organisation publishes in Finnish, Swedish and English.
    assert_eq!(list.len(), KINDS.len() * 3);
    for kind in KINDS {
        for lang in ["fi", "sv", "en"] {
            let t = list
                .iter()
                .find(|t| t["kind"] == kind && t["language"] == lang)
                .unwrap_or_else(|| panic!("{kind} in {lang} is listed"));
            assert_eq!(t["version"], 0);
            assert_eq!(t["default"], true);
            assert!(t["subject"].as_str().is_some_and(|s| !s.is_empty()));
            assert!(t["body"].as_str().is_some_and(|s| !s.is_empty()));
        }
    }
    let one = app.get(&desk, "/api/templates/update/sv").await;
    assert_status(&one, 200);
    assert_eq!(one.etag(), 0);
    assert!(
        one.body["body"]
            .as_str()
            .is_some_and(|b| b.contains("next_update_at"))
    );
}

#[tokio::test]
async fn an_edit_is_versioned_attributed_and_used_from_then_on() {
    let app = spawn_app().await;
    let contact = app.token("mimyhteys").await;
    let path = "/api/templates/update/fi";
    let text = json!({
        "subject": "{{ service }}: tilannekatsaus {{ updated_at }}",
        "body": "{{ service }} on yhä poikki.\nPäivitetty {{ updated_at }}.\nSeuraava tiedote {{ next_update_at }}.",
    });
    let saved = put_if(&app, &contact, path, "0", &text).await;
    assert_status(&saved, 200);
    assert_eq!(saved.etag(), 1);

    let now = app.get(&contact, path).await;
    assert_eq!(now.etag(), 1);
    assert_eq!(now.body["default"], false);
    assert_eq!(now.body["subject"], text["subject"]);
    assert_eq!(now.body["changed_by"], "mimyhteys");

    // Based on the default although it was edited since: refused, nothing written.
    let stale = put_if(&app, &contact, path, "0", &text).await;
    assert_status(&stale, 409);
    assert_eq!(stale.body["error"]["current_version"], 1);

    let mut second = text.clone();
    second["body"] =
        json!("Korjattu teksti. Päivitetty {{ updated_at }}; seuraava {{ next_update_at }}.");
    assert_status(&put_if(&app, &contact, path, "1", &second).await, 200);
    let history = app.get(&contact, &format!("{path}/history")).await;
    assert_status(&history, 200);
    let versions = history.body.as_array().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["body"], text["body"]);
    assert_eq!(versions[1]["body"], second["body"]);
    assert!(versions[1]["changed_at"].is_string());

    // The other languages keep their defaults.
    assert_eq!(
        app.get(&contact, "/api/templates/update/sv").await.etag(),
        0
    );
    // The preview of the saved template renders the new wording.
    let p = app
        .post(&contact, &format!("{path}/preview"), &json!({}))
        .await;
    assert_status(&p, 200);
    assert!(
        p.body["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Korjattu teksti."))
    );
}

#[tokio::test]
async fn a_template_that_would_not_work_is_refused_when_saved_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let path = "/api/templates/first_notice/fi";
    let refusals = [
        // A bulletin that never says when the next one comes.
        (
            json!({"subject": "{{ service }}", "body": "{{ service }} ei toimi. Päivitetty {{ updated_at }}."}),
            "body",
            "next_update_at",
        ),
        // A misspelt variable.
        (
            json!({"subject": "{{ servcie }}", "body": "{{ service }} {{ updated_at }} {{ next_update_at }}"}),
            "subject",
            "servcie",
        ),
        // Broken syntax.
        (
            json!({"subject": "{{ service }}", "body": "{% if colour %}{{ service }} {{ updated_at }} {{ next_update_at }}"}),
            "body",
            "",
        ),
        // A subject that renders empty.
        (
            json!({"subject": "{% if escalated and not escalated %}x{% endif %}", "body": "{{ service }} {{ updated_at }} {{ next_update_at }}"}),
            "subject",
            "empty",
        ),
    ];
    for (body, field, says) in refusals {
        let a = app.put(&admin, path, &body).await;
        assert_eq!(a.status, 422, "{body}: {}", a.text);
        assert_eq!(a.body["error"]["field"], field, "{}", a.text);
        assert!(a.text.contains(says), "{says}: {}", a.text);
    }
    // A field that is not the body's.
    let a = app
        .put(
            &admin,
            path,
            &json!({"subject": "x {{ service }}", "body": "{{ service }}", "kind": "update"}),
        )
        .await;
    assert_status(&a, 422);
    assert!(a.text.contains("kind"), "{}", a.text);

    let now = app.get(&admin, path).await;
    assert_eq!(now.etag(), 0, "nothing was written");
    assert_eq!(
        app.get(&admin, &format!("{path}/history")).await.body,
        json!([])
    );
}

#[tokio::test]
async fn a_preview_renders_local_times_and_counts_the_sms() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    // Given facts, 06:00Z on 29 March 2026 is 09:00 summer time in Helsinki.
    let p = app
        .post(
            &desk,
            "/api/templates/update/fi/preview",
            &json!({
                "subject": "{{ service }} – päivitys",
                "body": "Päivitetty {{ updated_at }}. Seuraava {{ next_update_at }}. {{ alternative }}",
                "facts": {
                    "service": "Wilma",
                    "updated_at": "2026-03-29T06:00:00Z",
                    "next_update_at": "2026-03-29T06:30:00Z",
                    "alternative": "Käytä paperilomaketta.",
                },
            }),
        )
        .await;
    assert_status(&p, 200);
    assert_eq!(p.body["subject"], "Wilma – päivitys");
    let text = p.body["text"].as_str().expect("text");
    assert!(text.contains("29.3.2026 klo 9.00"), "{text}");
    assert!(text.contains("klo 9.30"), "{text}");
    assert_eq!(p.body["refused"], Value::Null);
    // The en dash is outside GSM-7: UCS-2, 70 characters a segment.
    assert_eq!(p.body["sms"]["encoding"], "ucs2");
    assert!(p.body["sms"]["segments"].as_u64().is_some_and(|n| n >= 2));

    // Without facts: the example facts; a wording that could not be saved says why.
    let p = app
        .post(
            &desk,
            "/api/templates/update/en/preview",
            &json!({"body": "{{ service }} is down."}),
        )
        .await;
    assert_status(&p, 200);
    assert_eq!(p.body["text"], "Wilma is down.");
    assert!(
        p.body["refused"]
            .as_str()
            .is_some_and(|r| r.contains("updated_at")),
        "{}",
        p.text
    );
    // A fact mim does not know is named.
    let p = app
        .post(
            &desk,
            "/api/templates/update/en/preview",
            &json!({"facts": {"servise": "Wilma"}}),
        )
        .await;
    assert_status(&p, 422);
    assert!(p.text.contains("servise"), "{}", p.text);
    // Nothing previewed is saved.
    assert_eq!(app.get(&desk, "/api/templates/update/en").await.etag(), 0);
}

#[tokio::test]
async fn who_may_read_and_change_templates() {
    let app = spawn_app().await;
    let vendor = app.token("toimittaja").await;
    let desk = app.token("palvelupiste").await;
    let body = json!({
        "subject": "{{ service }}",
        "body": "{{ service }} {{ updated_at }} {{ next_update_at }}",
    });
    assert_status(&app.get(&vendor, "/api/templates").await, 403);
    assert_status(&app.get(&vendor, "/api/templates/update/fi").await, 403);
    assert_status(
        &app.put(&desk, "/api/templates/update/fi", &body).await,
        403,
    );
    assert_status(
        &app.put(&app.token("admin").await, "/api/templates/update/fi", &body)
            .await,
        200,
    );
    assert_status(&app.get(&desk, "/api/templates/nonsense/fi").await, 404);
    assert_status(&app.get(&desk, "/api/templates/update/de").await, 404);
    let anonymous = app.send(app.client.get(app.url("/api/templates"))).await;
    assert_status(&anonymous, 401);
}
