//! Detection end to end over HTTP: webhooks into the inbox, the correlation step, and what the
//! case and the triage queue then show — cases C09, C11, C12, C14, C16 (c), C22 — and the messages mim
//! queues itself for them: the call-out, the red alert, the prompt that every alert resolved.

mod common;

use chrono::{DateTime, Utc};
use common::{TestApp, spawn_app, spawn_app_at};
use serde_json::{Value, json};

const AM_TOKEN: &str = "mim_i_demo_alertmanager";

async fn webhook(app: &TestApp, body: &str) {
    let req = app
        .client
        .post(app.url("/api/intake/alertmanager"))
        .bearer_auth(AM_TOKEN)
        .header("content-type", "application/json")
        .body(body.to_owned());
    let a = app.send(req).await;
    assert_eq!(a.status, 202, "{}", a.text);
    app.app.correlate(100).await.expect("correlate");
}

async fn cases_of(app: &TestApp, token: &str, system: &str) -> Vec<Value> {
    let list = app.get(token, &format!("/api/cases?system={system}")).await;
    list.body.as_array().cloned().unwrap_or_default()
}

async fn timeline_kinds(app: &TestApp, token: &str, id: &str) -> Vec<String> {
    let tl = app.get(token, &format!("/api/cases/{id}/timeline")).await;
    tl.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_owned())
        .collect()
}

async fn add_system(app: &TestApp, id: &str, users: u32, matrix: Option<Value>) {
    let admin = app.token("admin").await;
    let mut body =
        json!({"id": id, "name": id, "aliases": [], "user_count": users, "vendor": null});
    if let Some(m) = matrix {
        body["matrix"] = m;
    }
    let a = app.put(&admin, &format!("/api/systems/{id}"), &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn a_flapping_alert_is_one_case_announced_resolved_once_and_a_late_repeat_is_a_recurrence_c11()
 {
    let lines: Vec<Value> = include_str!("fixtures/C11-flap-sequence.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a delivery"))
        .collect();
    let at = |i: usize| -> DateTime<Utc> {
        lines[i]["receive_at"]
            .as_str()
            .expect("receive_at")
            .parse()
            .expect("time")
    };
    let app = spawn_app_at(at(0)).await;
    add_system(&app, "verkkokauppa", 400, None).await;
    let desk = app.token("palvelupiste").await;
    for (i, line) in lines.iter().enumerate().take(6) {
        app.clock.set(at(i));
        webhook(&app, &line["payload"].to_string()).await;
        app.app.settle_detections().await.expect("settle");
    }
    let cases = cases_of(&app, &desk, "verkkokauppa").await;
    assert_eq!(cases.len(), 1, "one case for the flapping alert");
    let id = cases[0]["id"].as_str().expect("id").to_owned();
    let kinds = timeline_kinds(&app, &desk, &id).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "alert_flapping").count(),
        1,
        "flagged flapping once: {kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| *k == "all_alerts_resolved").count(),
        0,
        "no resolution inside the hold-down"
    );
    // Messages: one declaration (the alert its colour calls for, once per recipient) and no
    // resolved/reopened pair for each short resolve.
    let queued = queued_messages(&app, &desk, &id).await;
    let unique: std::collections::BTreeSet<_> = queued.iter().collect();
    assert_eq!(unique.len(), queued.len(), "no copy twice: {queued:?}");
    assert!(
        queued
            .iter()
            .all(|(k, _, _)| k == "call_out" || k == "red_alert"),
        "{queued:?}"
    );
    assert!(!queued.is_empty(), "the declaration went out");
    // Five quiet minutes after the last resolve (10:05:50) the resolution is published, once.
    app.clock.set("2026-09-01T10:10:49Z".parse().expect("time"));
    app.app.settle_detections().await.expect("settle");
    assert_eq!(
        timeline_kinds(&app, &desk, &id)
            .await
            .iter()
            .filter(|k| *k == "all_alerts_resolved")
            .count(),
        0
    );
    assert_eq!(resolved_prompts(&app, &desk, &id).await, 0);
    app.clock.set("2026-09-01T10:11:00Z".parse().expect("time"));
    app.app.settle_detections().await.expect("settle");
    app.app.settle_detections().await.expect("settle");
    assert_eq!(
        timeline_kinds(&app, &desk, &id)
            .await
            .iter()
            .filter(|k| *k == "all_alerts_resolved")
            .count(),
        1
    );
    // The resolution is told once, to each of the service desk's and IT management's
    // addresses, after the five quiet minutes.
    assert_once_to_the_desk(&app, &desk, &id).await;
    // Quiet for the organisation's hour: mim dismisses its own detection.
    app.clock.set("2026-09-01T11:12:00Z".parse().expect("time"));
    let dismissed = app.app.dismiss_quiet_detections().await.expect("dismiss");
    let dismissed: Vec<String> = dismissed.iter().map(ToString::to_string).collect();
    assert_eq!(dismissed, vec![id.clone()]);
    // Delivery 7, 84 minutes after the last resolve: a new case, linked as a recurrence.
    app.clock.set(at(6));
    webhook(&app, &lines[6]["payload"].to_string()).await;
    let cases = cases_of(&app, &desk, "verkkokauppa").await;
    assert_eq!(cases.len(), 2);
    let new = cases
        .iter()
        .find(|c| c["id"] != json!(id))
        .expect("the new case");
    let view = app
        .get(
            &desk,
            &format!("/api/cases/{}", new["id"].as_str().expect("id")),
        )
        .await;
    assert_eq!(view.body["case"]["recurrence_of"], json!(id));
}

/// How many copies of the prompt that every alert resolved were queued on the case.
async fn resolved_prompts(app: &TestApp, token: &str, id: &str) -> usize {
    queued_messages(app, token, id)
        .await
        .iter()
        .filter(|(k, _, _)| k == "alerts_resolved")
        .count()
}

/// The prompt that every alert resolved went once to each address of the service desk and
/// IT management (users and the desk's own channels), and to nobody else.
async fn assert_once_to_the_desk(app: &TestApp, token: &str, id: &str) {
    let prompts: Vec<String> = queued_messages(app, token, id)
        .await
        .into_iter()
        .filter(|(k, _, _)| k == "alerts_resolved")
        .map(|(_, address, language)| format!("{address} {language}"))
        .collect();
    let unique: std::collections::BTreeSet<&String> = prompts.iter().collect();
    assert_eq!(unique.len(), prompts.len(), "once each: {prompts:?}");
    for who in [
        "palvelupiste@kuusijarvi.example.fi fi",
        "tietohallinto@kuusijarvi.example.fi fi",
        "palvelupiste-slack fi",
    ] {
        assert!(prompts.iter().any(|p| p == who), "{who} in {prompts:?}");
    }
    assert!(
        !prompts.iter().any(|p| p.starts_with("mimyhteys@")),
        "{prompts:?}"
    );
}

#[tokio::test]
async fn a_group_is_told_resolved_once_and_only_when_every_member_has_resolved_c09() {
    let app = spawn_app_at("2026-03-03T10:01:00Z".parse().expect("time")).await;
    let desk = app.token("palvelupiste").await;
    webhook(&app, include_str!("fixtures/C09-am-1-three-firing.json")).await;
    app.app.settle_detections().await.expect("settle");
    let id = cases_of(&app, &desk, "potilastieto").await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.clock.set("2026-03-03T10:20:00Z".parse().expect("time"));
    webhook(&app, include_str!("fixtures/C09-am-2-one-resolved.json")).await;
    // Long after one of three resolved: two still fire, nothing is told resolved.
    app.clock.set("2026-03-03T10:40:00Z".parse().expect("time"));
    app.app.settle_detections().await.expect("settle");
    app.app.settle_detections().await.expect("settle");
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(
        case["firing_alerts"].as_array().map(Vec::len),
        Some(2),
        "two of three still fire"
    );
    assert_eq!(resolved_prompts(&app, &desk, &id).await, 0);
    webhook(&app, include_str!("fixtures/C09-am-3-all-resolved.json")).await;
    app.app.settle_detections().await.expect("settle");
    assert_eq!(
        resolved_prompts(&app, &desk, &id).await,
        0,
        "not inside the hold-down"
    );
    app.clock.set("2026-03-03T10:50:00Z".parse().expect("time"));
    for _ in 0..3 {
        app.app.settle_detections().await.expect("settle");
    }
    assert_once_to_the_desk(&app, &desk, &id).await;
    assert_eq!(
        cases_of(&app, &desk, "potilastieto").await.len(),
        1,
        "still one case"
    );
}

fn am(fingerprint: &str, status: &str, severity: &str, system: &str) -> String {
    json!({
        "receiver": "mim", "status": status, "version": "4", "groupKey": "g", "truncatedAlerts": 0,
        "alerts": [{
            "status": status,
            "labels": {"alertname": "ArkistoHidas", "system": system, "severity": severity},
            "annotations": {"summary": "Arkisto hidas"},
            "startsAt": "2026-02-10T07:00:00Z",
            "endsAt": if status == "resolved" { "2026-02-10T07:30:00Z" } else { "0001-01-01T00:00:00Z" },
            "fingerprint": fingerprint
        }]
    })
    .to_string()
}

#[tokio::test]
async fn an_acknowledged_alert_stays_acknowledged_until_its_severity_rises_and_still_resolves_c12()
{
    let app = spawn_app().await;
    // CASES.md's matrix for `arkisto`: users ≥ 1 / 50 / 500.
    let matrix = json!({"bands": [1, 50, 500], "cells": [
        ["green", "green", "yellow", "yellow"], ["green", "yellow", "yellow", "red"], ["yellow", "yellow", "red", "red"]]});
    add_system(&app, "arkisto", 120, Some(matrix)).await;
    let desk = app.token("palvelupiste").await;
    webhook(
        &app,
        &am("c12c12c12c12c12c", "firing", "warning", "arkisto"),
    )
    .await;
    let cases = cases_of(&app, &desk, "arkisto").await;
    assert_eq!(cases.len(), 1);
    let id = cases[0]["id"].as_str().expect("id").to_owned();
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(
        case["suggested"]["colour"], "yellow",
        "120 users, medium → yellow"
    );
    app.app.settle_detections().await.expect("settle");
    let kinds_queued = |q: Vec<(String, String, String)>| -> Vec<String> {
        q.into_iter().map(|(k, _, _)| k).collect()
    };
    assert_eq!(
        kinds_queued(queued_messages(&app, &desk, &id).await),
        ["call_out"],
        "yellow calls out the MIM contact person"
    );
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/evidence"),
            &json!({"type": "acknowledge_alert", "fingerprint": "c12c12c12c12c12c"}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    webhook(
        &app,
        &am("c12c12c12c12c12c", "firing", "warning", "arkisto"),
    )
    .await;
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    let alert = &case["alerts"]["c12c12c12c12c12c"];
    assert_eq!(alert["occurrences"], 2);
    assert_eq!(
        alert["acknowledged"], true,
        "a repeat keeps the acknowledgement"
    );
    app.app.settle_detections().await.expect("settle");
    assert_eq!(
        kinds_queued(queued_messages(&app, &desk, &id).await),
        ["call_out"],
        "no message for a repeat"
    );
    webhook(
        &app,
        &am("c12c12c12c12c12c", "firing", "critical", "arkisto"),
    )
    .await;
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(
        case["alerts"]["c12c12c12c12c12c"]["acknowledged"], false,
        "severity raised"
    );
    assert_eq!(case["suggested"]["colour"], "red");
    assert!(
        timeline_kinds(&app, &desk, &id)
            .await
            .contains(&"alert_ack_cleared".to_owned())
    );
    app.app.settle_detections().await.expect("settle");
    app.app.settle_detections().await.expect("settle");
    let queued = queued_messages(&app, &desk, &id).await;
    let red: Vec<&(String, String, String)> =
        queued.iter().filter(|(k, _, _)| k == "red_alert").collect();
    let unique: std::collections::BTreeSet<_> = red.iter().collect();
    assert!(!red.is_empty(), "the severity rise escalates: {queued:?}");
    assert_eq!(unique.len(), red.len(), "one red alert per recipient");
    webhook(
        &app,
        &am("c12c12c12c12c12c", "resolved", "critical", "arkisto"),
    )
    .await;
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(
        case["alerts"]["c12c12c12c12c12c"]["status"], "resolved",
        "resolves although it had been acknowledged"
    );
    assert_eq!(cases_of(&app, &desk, "arkisto").await.len(), 1);
    // The triage queue shows it red, flagging the service desk.
    let triage = app.get(&desk, "/api/triage").await;
    assert_eq!(triage.status, 200, "{}", triage.text);
    let first = &triage.body["cases"][0];
    assert_eq!(first["id"], json!(id));
    assert_eq!(first["suggested"]["colour"], "red");
    assert_eq!(first["flags_you"], true);
    let stakeholder = app.token("sidosryhma").await;
    assert_eq!(app.get(&stakeholder, "/api/triage").await.status, 403);
}

#[tokio::test]
async fn an_alert_firing_again_after_the_fix_prompts_the_verifier_on_the_same_case_c16c() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let firing = include_str!("fixtures/C01-alertmanager-firing.json");
    webhook(&app, firing).await;
    let cases = cases_of(&app, &desk, "ajanvaraus").await;
    assert_eq!(cases.len(), 1);
    let id = cases[0]["id"].as_str().expect("id").to_owned();
    for (who, cmd) in [
        (
            &desk,
            json!({"type": "record_assessment", "affected_users": 300, "severity": "prevents_work"}),
        ),
        (
            &desk,
            json!({"type": "decide_criticality", "start_mim": true}),
        ),
        (&itm, json!({"type": "decide_backup", "needed": false})),
        (
            &itm,
            json!({"type": "report_fix", "text": "palvelin käynnistetty uudelleen"}),
        ),
    ] {
        let a = app.command(who, &id, cmd).await;
        assert_eq!(a.status, 200, "{}", a.text);
    }
    // The same firing payload again (same fingerprint, same startsAt).
    webhook(&app, firing).await;
    let cases = cases_of(&app, &desk, "ajanvaraus").await;
    assert_eq!(cases.len(), 1, "never a second case");
    let kinds = timeline_kinds(&app, &desk, &id).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "source_still_firing").count(),
        1,
        "{kinds:?}"
    );
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(case["stage"], "fix_reported", "evidence moves no stage");
}

#[tokio::test]
async fn times_with_an_offset_are_one_instant_and_a_naive_time_is_refused_c04() {
    let app = spawn_app_at("2026-08-06T19:00:00Z".parse().expect("time")).await;
    let desk = app.token("palvelupiste").await;
    let mut ids = vec![];
    for t in [
        "2026-08-06T18:31:37Z",
        "2026-08-06T21:31:37+03:00",
        "2026-08-06T20:31:37+02:00",
    ] {
        let a = app
            .post(&desk, "/api/cases", &json!({"system": "wilma", "report": {"channel": "phone", "text": "x", "occurred_at": t}}))
            .await;
        assert_eq!(a.status, 201, "{t}: {}", a.text);
        assert_eq!(a.body["case"]["opened_at"], "2026-08-06T18:31:37Z", "{t}");
        ids.push(a.body["case"]["id"].as_str().expect("id").to_owned());
    }
    // The naive form is refused, naming the field, never read as UTC silently.
    let a = app
        .post(&desk, "/api/cases", &json!({"system": "wilma", "report": {"channel": "phone", "text": "x", "occurred_at": "2026-08-06 21:31:37"}}))
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "report.occurred_at");
    // Shown in Helsinki time (summer: +03:00) in the timeline and the form.
    let tl = app
        .get(&desk, &format!("/api/cases/{}/timeline", ids[1]))
        .await;
    assert_eq!(
        tl.body["entries"][0]["occurred_at_local"],
        "2026-08-06T21:31:37+03:00"
    );
    let md = app
        .get(&desk, &format!("/api/cases/{}/form.md", ids[2]))
        .await;
    assert!(md.text.contains("06.08.2026 21:31 EEST"), "{}", md.text);
}

#[tokio::test]
async fn a_sender_clock_ahead_or_behind_never_decides_the_alert_state_c01() {
    let app = spawn_app_at("2026-02-10T07:15:05Z".parse().expect("time")).await;
    let desk = app.token("palvelupiste").await;
    let mut ahead: Value =
        serde_json::from_str(include_str!("fixtures/C01-alertmanager-firing.json")).expect("json");
    ahead["alerts"][0]["startsAt"] = json!("2026-02-10T09:15:00Z");
    webhook(&app, &ahead.to_string()).await;
    let cases = cases_of(&app, &desk, "ajanvaraus").await;
    let id = cases[0]["id"].as_str().expect("id").to_owned();
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    let alert = &case["alerts"]["3f1e9a7c5b2d4e60"];
    assert_eq!(alert["status"], "firing");
    let skew = alert["source_clock_ahead_seconds"]
        .as_i64()
        .expect("flagged");
    assert!((7100..7300).contains(&skew), "≈ +2 h: {skew}");
    assert_eq!(
        alert["starts_at"], "2026-02-10T09:15:00Z",
        "the source time stays visible"
    );
    let tl = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    let firing = tl.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["kind"] == "alert_firing")
        .cloned()
        .expect("firing");
    assert_eq!(
        firing["occurred_at"], "2026-02-10T07:15:05Z",
        "ordered by our receive time"
    );

    // A lagging sender: still "firing" though its endsAt is already past on our clock.
    let mut lagging: Value =
        serde_json::from_str(include_str!("fixtures/C01-alertmanager-firing.json")).expect("json");
    lagging["alerts"][0]["fingerprint"] = json!("1a99000000000001");
    lagging["alerts"][0]["startsAt"] = json!("2026-02-10T04:10:00Z");
    lagging["alerts"][0]["endsAt"] = json!("2026-02-10T04:14:00Z");
    webhook(&app, &lagging.to_string()).await;
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(
        case["alerts"]["1a99000000000001"]["status"], "firing",
        "the status field decides"
    );
    assert_eq!(
        case["alerts"]["1a99000000000001"]["source_clock_ahead_seconds"],
        Value::Null
    );
}

#[tokio::test]
async fn the_group_commit_counters_are_for_admins() {
    let app = spawn_app().await;
    webhook(&app, include_str!("fixtures/C01-alertmanager-firing.json")).await;
    let admin = app.token("admin").await;
    let a = app.get(&admin, "/api/intake/stats").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["deliveries"], 1);
    assert_eq!(a.body["groups"], 1);
    let desk = app.token("palvelupiste").await;
    assert_eq!(app.get(&desk, "/api/intake/stats").await.status, 403);
}

/// The queued messages on a case: (kind, recipient address, language) in order.
async fn queued_messages(app: &TestApp, token: &str, id: &str) -> Vec<(String, String, String)> {
    let tl = app.get(token, &format!("/api/cases/{id}/timeline")).await;
    tl.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["kind"] == "message_queued")
        .map(|e| {
            (
                e["event"]["message"]["kind"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                e["event"]["message"]["recipient"]["address"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                e["event"]["message"]["language"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn yellow_calls_out_the_mim_contact_and_red_alerts_the_desk_and_it_management_once() {
    let app = spawn_app().await;
    let matrix = json!({"bands": [1, 50, 500], "cells": [
        ["green", "green", "yellow", "yellow"], ["green", "yellow", "yellow", "red"], ["yellow", "yellow", "red", "red"]]});
    add_system(&app, "arkisto", 120, Some(matrix)).await;
    let desk = app.token("palvelupiste").await;
    webhook(
        &app,
        &am("a1a1a1a1a1a1a1a1", "firing", "warning", "arkisto"),
    )
    .await;
    app.app.settle_detections().await.expect("settle");
    let id = cases_of(&app, &desk, "arkisto").await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    // Yellow: the organisation's MIM contact person (the system names none of its own).
    assert_eq!(
        queued_messages(&app, &desk, &id).await,
        [(
            "call_out".to_owned(),
            "mimyhteys@kuusijarvi.example.fi".to_owned(),
            "fi".to_owned()
        )]
    );
    // Settling again sends nothing more.
    app.app.settle_detections().await.expect("settle");
    assert_eq!(queued_messages(&app, &desk, &id).await.len(), 1);

    webhook(
        &app,
        &am("a1a1a1a1a1a1a1a1", "firing", "critical", "arkisto"),
    )
    .await;
    app.app.settle_detections().await.expect("settle");
    app.app.settle_detections().await.expect("settle");
    let queued = queued_messages(&app, &desk, &id).await;
    let red: Vec<&str> = queued
        .iter()
        .filter(|(k, _, _)| k == "red_alert")
        .map(|(_, a, _)| a.as_str())
        .collect();
    // The service desk and IT management users, and the desk's own audience (a shared
    // mailbox and its Slack channel, one copy per publication language).
    assert!(
        red.contains(&"palvelupiste@kuusijarvi.example.fi"),
        "{red:?}"
    );
    assert!(
        red.contains(&"tietohallinto@kuusijarvi.example.fi"),
        "{red:?}"
    );
    assert!(red.contains(&"palvelupiste-slack"), "{red:?}");
    assert!(!red.contains(&"mimyhteys@kuusijarvi.example.fi"), "{red:?}");
    let unique: std::collections::BTreeSet<&(String, String, String)> = queued.iter().collect();
    assert_eq!(unique.len(), queued.len(), "no copy twice: {queued:?}");
    let subject = {
        let tl = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
        tl.body["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .find(|e| e["event"]["message"]["kind"] == "red_alert")
            .and_then(|e| e["event"]["message"]["subject"].as_str())
            .expect("a red alert")
            .to_owned()
    };
    assert!(
        subject.contains("arkisto") && subject.contains(&id),
        "{subject}"
    );
}

#[tokio::test]
async fn an_unanswered_call_out_goes_on_to_the_deputy_and_an_answered_one_does_not() {
    let app = spawn_app().await;
    let matrix = json!({"bands": [1, 50, 500], "cells": [
        ["green", "green", "yellow", "yellow"], ["green", "yellow", "yellow", "red"], ["yellow", "yellow", "red", "red"]]});
    add_system(&app, "arkisto", 120, Some(matrix.clone())).await;
    add_system(&app, "kirjasto", 120, Some(matrix)).await;
    let desk = app.token("palvelupiste").await;
    webhook(
        &app,
        &am("e1e1e1e1e1e1e1e1", "firing", "warning", "arkisto"),
    )
    .await;
    webhook(
        &app,
        &am("e2e2e2e2e2e2e2e2", "firing", "warning", "kirjasto"),
    )
    .await;
    app.app.settle_detections().await.expect("settle");
    let arkisto = cases_of(&app, &desk, "arkisto").await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let kirjasto = cases_of(&app, &desk, "kirjasto").await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    // The contact person answers kirjasto's call-out with an assessment; arkisto's waits.
    let contact = app.token("mimyhteys").await;
    let a = app
        .command(
            &contact,
            &kirjasto,
            json!({"type": "record_assessment", "affected_users": 120, "severity": "disrupts_work"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);

    // 15 minutes (the default) less a second: not yet.
    app.clock
        .advance(chrono::Duration::minutes(15) - chrono::Duration::seconds(1));
    app.app.settle_detections().await.expect("settle");
    assert_eq!(queued_messages(&app, &desk, &arkisto).await.len(), 1);
    app.clock.advance(chrono::Duration::seconds(1));
    app.app.settle_detections().await.expect("settle");
    app.app.settle_detections().await.expect("settle");
    let queued = queued_messages(&app, &desk, &arkisto).await;
    assert_eq!(
        queued,
        [
            (
                "call_out".to_owned(),
                "mimyhteys@kuusijarvi.example.fi".to_owned(),
                "fi".to_owned()
            ),
            (
                "call_out".to_owned(),
                "mimvarahenkilo@kuusijarvi.example.fi".to_owned(),
                "fi".to_owned()
            ),
        ],
        "once, to the deputy"
    );
    let tl = app
        .get(&desk, &format!("/api/cases/{arkisto}/timeline"))
        .await;
    let subject = tl.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["event"]["message"]["subject"].as_str())
        .next_back()
        .expect("the escalated call-out")
        .to_owned();
    assert!(subject.starts_with("Eskaloitu"), "{subject}");
    assert_eq!(
        queued_messages(&app, &desk, &kirjasto).await.len(),
        1,
        "an answered call-out is not escalated"
    );
}

#[tokio::test]
async fn a_truncated_storm_declares_once_per_recipient_not_per_alert_c14() {
    let app = spawn_app().await;
    // CASES.md: kuntaverkko, 3,000 users, the shared matrix (users ≥ 1 / 50 / 500).
    let matrix = json!({"bands": [1, 50, 500], "cells": [
        ["green", "green", "yellow", "yellow"], ["green", "yellow", "yellow", "red"], ["yellow", "yellow", "red", "red"]]});
    add_system(&app, "kuntaverkko", 3000, Some(matrix)).await;
    let desk = app.token("palvelupiste").await;
    let storm = include_str!("fixtures/C14-alertmanager-storm-truncated.json");
    webhook(&app, storm).await;
    for _ in 0..3 {
        app.app.settle_detections().await.expect("settle");
    }
    let cases = cases_of(&app, &desk, "kuntaverkko").await;
    assert_eq!(cases.len(), 1, "one case");
    let id = cases[0]["id"].as_str().expect("id").to_owned();
    let case = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(case["suggested"]["colour"], "red");
    let queued = queued_messages(&app, &desk, &id).await;
    let unique: std::collections::BTreeSet<_> = queued.iter().collect();
    assert_eq!(unique.len(), queued.len(), "once per recipient: {queued:?}");
    assert!(
        queued.iter().all(|(k, _, _)| k == "red_alert"),
        "red at once, no call-out first: {queued:?}"
    );
    // One copy per address of the desk and IT management — a handful, not 2,800 × them.
    assert!(
        (2..=10).contains(&queued.len()),
        "{} copies: {queued:?}",
        queued.len()
    );
    // The sender repeats the storm: nothing more is declared.
    webhook(&app, storm).await;
    app.app.settle_detections().await.expect("settle");
    assert_eq!(queued_messages(&app, &desk, &id).await.len(), queued.len());
}

/// The desk's phone for text messages, which its audience uses only at red.
const DESK_PHONE: &str = "+358401000199";

/// Gives the service desk's audience a phone number, with SMS limited to red (case C22).
async fn sms_only_for_red(app: &TestApp) {
    let admin = app.token("admin").await;
    let got = app.get(&admin, "/api/organisation").await;
    assert_eq!(got.status, 200, "{}", got.text);
    let mut org = got.body["organisation"].clone();
    if org.is_null() {
        org = got.body.clone();
    }
    let audiences = org["audiences"].as_array_mut().expect("audiences");
    let desk = audiences
        .iter_mut()
        .find(|a| a["kind"] == "service_desk")
        .expect("the service desk's audience");
    desk["members"][0]["phone"] = json!(DESK_PHONE);
    desk["only_at"] = json!([{"channel": "sms", "colours": ["red"]}]);
    let put = app.put(&admin, "/api/organisation", &org).await;
    assert_eq!(put.status, 200, "{}", put.text);
}

/// Alert `fp` of `system` firing or resolved at `severity`.
async fn alert(app: &TestApp, fp: &str, status: &str, severity: &str, system: &str) {
    webhook(app, &am(fp, status, severity, system)).await;
}

#[tokio::test]
async fn recovery_goes_only_where_the_alert_went_and_only_for_its_own_system_c22() {
    let app = spawn_app().await;
    sms_only_for_red(&app).await;
    let matrix = json!({"bands": [1, 50, 500], "cells": [
        ["green", "green", "yellow", "yellow"], ["green", "yellow", "yellow", "red"], ["yellow", "yellow", "red", "red"]]});
    for system in ["keltainen", "jarjestelma-a", "jarjestelma-b"] {
        add_system(&app, system, 120, Some(matrix.clone())).await;
    }
    let desk = app.token("palvelupiste").await;
    let settle = || async {
        for _ in 0..2 {
            app.app.settle_detections().await.expect("settle");
        }
    };
    let case_of = |system: &'static str| {
        let app = &app;
        let desk = desk.clone();
        async move {
            cases_of(app, &desk, system).await[0]["id"]
                .as_str()
                .expect("id")
                .to_owned()
        }
    };

    // (a) A yellow case opens and resolves: no text message at all.
    alert(&app, "ye11ee11ee11ee11", "firing", "warning", "keltainen").await;
    settle().await;
    alert(&app, "ye11ee11ee11ee11", "resolved", "warning", "keltainen").await;
    app.clock.advance(chrono::Duration::minutes(6));
    settle().await;
    let yellow = case_of("keltainen").await;
    let queued = queued_messages(&app, &desk, &yellow).await;
    assert!(
        queued.iter().any(|(k, _, _)| k == "alerts_resolved"),
        "the called-out MIM contact person hears the all-clear: {queued:?}"
    );
    assert!(
        queued.iter().all(|(_, to, _)| to != DESK_PHONE),
        "no SMS for a yellow case, opening or resolving: {queued:?}"
    );

    // (b) A and B both red; A recovers, later B.
    alert(
        &app,
        "aaaa1111aaaa1111",
        "firing",
        "critical",
        "jarjestelma-a",
    )
    .await;
    alert(
        &app,
        "bbbb2222bbbb2222",
        "firing",
        "critical",
        "jarjestelma-b",
    )
    .await;
    settle().await;
    let (a, b) = (
        case_of("jarjestelma-a").await,
        case_of("jarjestelma-b").await,
    );
    for id in [&a, &b] {
        let q = queued_messages(&app, &desk, id).await;
        assert!(
            q.iter()
                .any(|(k, to, _)| k == "red_alert" && to == DESK_PHONE),
            "red reaches the desk's phone: {q:?}"
        );
    }
    alert(
        &app,
        "aaaa1111aaaa1111",
        "resolved",
        "critical",
        "jarjestelma-a",
    )
    .await;
    app.clock.advance(chrono::Duration::minutes(6));
    settle().await;
    let resolved_texts = |id: String| {
        let app = &app;
        let desk = desk.clone();
        async move {
            let tl = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
            tl.body["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .filter(|e| e["event"]["message"]["kind"] == "alerts_resolved")
                .map(|e| {
                    format!(
                        "{} {}",
                        e["event"]["message"]["subject"].as_str().unwrap_or(""),
                        e["event"]["message"]["text"].as_str().unwrap_or("")
                    )
                })
                .collect::<Vec<String>>()
        }
    };
    let told_a = resolved_texts(a.clone()).await;
    assert!(!told_a.is_empty(), "A's recovery is told");
    assert!(
        told_a
            .iter()
            .all(|t| t.contains("jarjestelma-a") && !t.contains("jarjestelma-b")),
        "A's recovery mentions only A: {told_a:?}"
    );
    assert!(
        resolved_texts(b.clone()).await.is_empty(),
        "B is still down"
    );
    let b_case = app.get(&desk, &format!("/api/cases/{b}")).await.body["case"].clone();
    assert_eq!(b_case["suggested"]["colour"], "red", "B stays red");
    let a_sms = queued_messages(&app, &desk, &a)
        .await
        .into_iter()
        .filter(|(k, to, _)| k == "alerts_resolved" && to == DESK_PHONE)
        .count();
    assert_eq!(
        a_sms, 1,
        "A's recovery reaches the phone the red alert did, once"
    );

    alert(
        &app,
        "bbbb2222bbbb2222",
        "resolved",
        "critical",
        "jarjestelma-b",
    )
    .await;
    app.clock.advance(chrono::Duration::minutes(6));
    settle().await;
    settle().await;
    let told_b = queued_messages(&app, &desk, &b)
        .await
        .into_iter()
        .filter(|(k, _, _)| k == "alerts_resolved")
        .collect::<Vec<_>>();
    let unique: std::collections::BTreeSet<_> = told_b.iter().collect();
    assert!(!told_b.is_empty());
    assert_eq!(
        unique.len(),
        told_b.len(),
        "exactly one recovery for B per recipient"
    );
    assert_eq!(
        resolved_texts(a).await.len(),
        told_a.len(),
        "A is not told again"
    );
}
