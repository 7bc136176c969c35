//! Readiness through the API (issue 4, point 6): what the demo municipality still lacks, the
//! figure, the walk-throughs of the process recorded and counted (in order or not), the
//! matrix review falling due on the test's clock, and refusals that name the field.

mod common;

use chrono::Duration;
use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};

#[track_caller]
fn assert_status(a: &Answer, status: u16) {
    assert_eq!(a.status, status, "{}", a.text);
}

fn codes(gaps: &Value) -> Vec<String> {
    gaps.as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["code"].as_str().expect("code").to_owned())
        .collect()
}

fn system<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["systems"]
        .as_array()
        .expect("systems")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no system {id} in {report}"))
}

async fn readiness(app: &TestApp, token: &str, query: &str) -> Value {
    let a = app.get(token, &format!("/api/readiness{query}")).await;
    assert_status(&a, 200);
    a.body
}

#[tokio::test]
async fn the_demo_is_mostly_ready_and_says_what_is_missing() {
    let app = spawn_app().await;
    let it = app.token("tietohallinto").await;
    let r = readiness(&app, &it, "").await;

    // The demo's gaps: the stakeholders' walk-through is still ahead (blocking), the library
    // system's monitoring labels and the payroll vendor's 24/7 contact (advisory).
    assert_eq!(r["ready"], false);
    assert_eq!(r["blocking_gaps"], 1);
    assert_eq!(r["advisory_gaps"], 2);
    assert_eq!(
        codes(&r["organisation"]["gaps"]),
        ["walkthrough_missing_stakeholders"]
    );
    let gap = &r["organisation"]["gaps"][0];
    assert_eq!(gap["severity"], "blocking");
    assert_eq!(
        gap["text"], "Prosessia ei ole käyty läpi sidosryhmien kanssa",
        "Finnish for a Finnish-speaking user"
    );
    let stages: Vec<(&str, &str)> = r["organisation"]["walk_through"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| (s["stage"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        stages,
        [
            ("internal_review", "done"),
            ("support_and_experts", "done"),
            ("stakeholders", "missing")
        ]
    );
    // Seeded on 2026-02-10: held 70 and 35 days before.
    assert_eq!(
        r["organisation"]["walk_through"][0]["last_on"],
        "2025-12-02"
    );
    assert_eq!(
        r["organisation"]["walk_through"][1]["last_on"],
        "2026-01-06"
    );

    let kirjasto = system(&r, "kirjasto");
    assert_eq!(codes(&kirjasto["gaps"]), ["no_monitoring_selectors"]);
    assert_eq!(kirjasto["gaps"][0]["severity"], "advisory");
    assert_eq!(
        kirjasto["ready"], true,
        "advisory gaps leave a system ready"
    );
    assert_eq!(kirjasto["figure"]["percent"], 92);
    let palkat = system(&r, "palkat");
    assert_eq!(codes(&palkat["gaps"]), ["no_24_7_vendor_contact"]);
    assert!(
        palkat["gaps"][0]["text"]
            .as_str()
            .unwrap()
            .ends_with(": Lähitalous Oy"),
        "{}",
        palkat["gaps"][0]
    );
    let wilma = system(&r, "wilma");
    assert_eq!(wilma["gaps"], json!([]));
    assert_eq!(wilma["figure"]["percent"], 100);
    assert_eq!(wilma["matrix_reviewed_on"], "2026-02-10");
    assert_eq!(r["systems"].as_array().unwrap().len(), 9);

    // The figure: every check of the organisation and the systems, rounded down.
    let (passed, total) = (
        r["figure"]["passed"].as_u64().unwrap(),
        r["figure"]["total"].as_u64().unwrap(),
    );
    assert_eq!(total - passed, 3, "one failed check per gap");
    assert_eq!(r["figure"]["percent"], passed * 100 / total);
    assert_eq!(r["process_version"], "1");
    assert_eq!(r["time_zone"], "Europe/Helsinki");
    assert_eq!(r["assessed_at_local"], "10.02.2026 09:00 EET");
    assert_eq!(r["matrix_review_months"], 12);

    // Another language on request; a language mim doesn't have is refused by name.
    let sv = readiness(&app, &it, "?lang=sv").await;
    assert_eq!(
        sv["organisation"]["gaps"][0]["text"],
        "Processen har inte gåtts igenom med intressenterna"
    );
    assert_eq!(
        sv["organisation"]["walk_through"][2]["title"],
        "Intressenter"
    );
    assert_eq!(sv["assessed_at_local"], "10.02.2026 09:00 EET");
    let en = readiness(&app, &it, "?lang=en").await;
    assert_eq!(en["assessed_at_local"], "2026-02-10 09:00 EET");
    let bad = app.get(&it, "/api/readiness?lang=de").await;
    assert_status(&bad, 422);
    assert_eq!(bad.body["error"]["field"], "lang");
}

#[tokio::test]
async fn a_walk_through_recorded_counts_and_the_list_keeps_it() {
    let app = spawn_app().await;
    let it = app.token("tietohallinto").await;
    let listed = app.get(&it, "/api/process-reviews").await;
    assert_status(&listed, 200);
    assert_eq!(listed.body["process_version"], "1");
    let demo = listed.body["reviews"].as_array().expect("reviews");
    assert_eq!(demo.len(), 2);
    assert_eq!(demo[0]["stage"], "internal_review");
    assert_eq!(demo[0]["stage_title"], "Sisäinen katselmointi");
    assert_eq!(demo[0]["led_by"]["user"], "tietohallinto");
    assert_eq!(demo[0]["led_by"]["name"], "Jukka Nieminen");
    assert_eq!(demo[1]["participants"][0], "Palvelupiste");

    // IT management records the stakeholders' walk-through, led by themselves by default.
    let a = app
        .post(
            &it,
            "/api/process-reviews",
            &json!({"stage": "stakeholders", "reviewed_on": "2026-02-09",
                    "participants": ["Naapurikunnan tietohallinto", "Hyvinvointialue", "Åsa Öberg"],
                    "note": "Sidosryhmät saavat tiedotteet tekstiviestinä ja sähköpostina."}),
        )
        .await;
    assert_status(&a, 201);
    assert_eq!(a.body["id"], 3);
    assert_eq!(a.body["process_version"], "1");
    assert_eq!(a.body["led_by"]["user"], "tietohallinto");
    assert_eq!(a.body["led_by"]["name"], "Jukka Nieminen");
    assert_eq!(a.body["recorded_by"], "tietohallinto");
    assert_eq!(a.body["recorded_at"], "2026-02-10T07:00:00Z");
    assert_eq!(a.body["participants"][2], "Åsa Öberg");

    let r = readiness(&app, &it, "").await;
    assert_eq!(r["organisation"]["gaps"], json!([]));
    assert_eq!(r["organisation"]["walk_through"][2]["status"], "done");
    assert_eq!(
        r["organisation"]["walk_through"][2]["last_on"],
        "2026-02-09"
    );
    assert_eq!(r["ready"], true, "only advisory gaps are left");
    assert_eq!(r["blocking_gaps"], 0);

    let listed = app.get(&it, "/api/process-reviews").await;
    assert_eq!(listed.body["reviews"].as_array().unwrap().len(), 3);
    assert_eq!(listed.body["reviews"][2]["stage"], "stakeholders");

    // An admin may record one too, naming another user who led it; a walk-through of
    // another process version is kept but does not count as current.
    let admin = app.token("admin").await;
    let a = app
        .post(
            &admin,
            "/api/process-reviews",
            &json!({"stage": "internal_review", "reviewed_on": "2025-06-01",
                    "process_version": "0.9", "led_by": {"user": "mimyhteys"}}),
        )
        .await;
    assert_status(&a, 201);
    assert_eq!(a.body["led_by"]["name"], "Mikko Korhonen");
    assert_eq!(a.body["recorded_by"], "admin");
    let r = readiness(&app, &it, "").await;
    assert_eq!(
        r["organisation"]["walk_through"][0]["last_on"],
        "2025-12-02"
    );
}

#[tokio::test]
async fn stages_out_of_order_are_recorded_and_reported() {
    let app = spawn_app().await;
    let it = app.token("tietohallinto").await;
    // Stakeholders on 2026-01-02: before the support and expert teams (2026-01-06).
    let a = app
        .post(
            &it,
            "/api/process-reviews",
            &json!({"stage": "stakeholders", "reviewed_on": "2026-01-02",
                    "led_by": {"name": "Ulkoinen fasilitaattori"}}),
        )
        .await;
    assert_status(&a, 201);
    assert_eq!(
        a.body["led_by"],
        json!({"user": null, "name": "Ulkoinen fasilitaattori"})
    );
    let r = readiness(&app, &it, "?lang=en").await;
    assert_eq!(
        codes(&r["organisation"]["gaps"]),
        ["walkthrough_out_of_order"]
    );
    let gap = &r["organisation"]["gaps"][0];
    assert_eq!(gap["severity"], "advisory");
    assert_eq!(gap["subjects"], json!(["stakeholders"]));
    assert!(
        gap["text"]
            .as_str()
            .unwrap()
            .ends_with("too early: Stakeholders"),
        "{gap}"
    );
}

#[tokio::test]
async fn the_matrix_review_falls_due_a_year_after_the_last_change() {
    let app = spawn_app().await;
    let it = app.token("tietohallinto").await;
    // Seeded on 2026-02-10 (Helsinki); due 2027-02-10; overdue from 2027-02-11 00:00 local.
    app.clock
        .set(app.clock_now() + Duration::days(365) + Duration::hours(14));
    let r = readiness(&app, &it, "").await;
    assert_eq!(
        codes(&system(&r, "wilma")["gaps"]),
        Vec::<String>::new(),
        "{r}"
    );
    app.clock.advance(Duration::hours(1));
    let r = readiness(&app, &it, "?lang=en").await;
    let wilma = system(&r, "wilma");
    assert_eq!(codes(&wilma["gaps"]), ["matrix_review_overdue"]);
    assert_eq!(wilma["gaps"][0]["date"], "2026-02-10");
    assert_eq!(wilma["gaps"][0]["due"], "2027-02-10");
    assert_eq!(
        wilma["gaps"][0]["text"],
        "The yearly review of the impact matrix is overdue (last 2026-02-10, due 2027-02-10)"
    );

    // Changing the system's own matrix is a review: its gap goes, the others' stay.
    let current = app.get(&it, "/api/systems/wilma").await;
    let mut doc = current.body.clone();
    doc["matrix"] = json!({"bands": [1, 11, 51, 101], "cells": [
        ["green", "green", "yellow", "yellow"], ["green", "green", "yellow", "red"],
        ["green", "yellow", "red", "red"], ["yellow", "red", "red", "red"]]});
    let put = app.put(&it, "/api/systems/wilma", &doc).await;
    assert_status(&put, 200);
    let r = readiness(&app, &it, "").await;
    assert_eq!(codes(&system(&r, "wilma")["gaps"]), Vec::<String>::new());
    assert_eq!(system(&r, "wilma")["matrix_reviewed_on"], "2027-02-11");
    assert_eq!(
        codes(&system(&r, "sahkoposti")["gaps"]),
        ["matrix_review_overdue"]
    );
}

#[tokio::test]
async fn who_may_read_and_record() {
    let app = spawn_app().await;
    let body = json!({"stage": "stakeholders", "reviewed_on": "2026-02-09"});
    // The service desk reads, but walk-throughs are recorded by the process's owners.
    let desk = app.token("palvelupiste").await;
    assert_status(&app.get(&desk, "/api/readiness").await, 200);
    assert_status(&app.get(&desk, "/api/process-reviews").await, 200);
    let a = app.post(&desk, "/api/process-reviews", &body).await;
    assert_status(&a, 403);
    // The role is checked before the body: a refused caller learns nothing from it.
    let a = app
        .post(&desk, "/api/process-reviews", &json!({"stage": "x"}))
        .await;
    assert_status(&a, 403);
    // A vendor's users and stakeholders don't read the organisation's readiness.
    for user in ["toimittaja", "sidosryhma", "loppukayttaja"] {
        let t = app.token(user).await;
        let a = app.get(&t, "/api/readiness").await;
        assert_status(&a, 403);
        assert_status(&app.get(&t, "/api/process-reviews").await, 403);
    }
    let anonymous = app.send(app.client.get(app.url("/api/readiness"))).await;
    assert_status(&anonymous, 401);
    // Nothing was recorded by the refused calls.
    let it = app.token("tietohallinto").await;
    let listed = app.get(&it, "/api/process-reviews").await;
    assert_eq!(listed.body["reviews"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_records_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let it = app.token("tietohallinto").await;
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"stage": "stakeholders", "reviewed_on": "2026-02-09", "notes": "x"}),
            "notes",
        ),
        (
            json!({"stage": "stakeholder", "reviewed_on": "2026-02-09"}),
            "stage",
        ),
        (json!({"reviewed_on": "2026-02-09"}), "stage"),
        (
            json!({"stage": "stakeholders", "reviewed_on": "9.2.2026"}),
            "reviewed_on",
        ),
        // Tomorrow in Helsinki (it is 09:00 on 10 Feb there).
        (
            json!({"stage": "stakeholders", "reviewed_on": "2026-02-11"}),
            "reviewed_on",
        ),
        (
            json!({"stage": "stakeholders", "reviewed_on": "2026-02-09", "led_by": {"user": "nobody"}}),
            "led_by.user",
        ),
        (
            json!({"stage": "stakeholders", "reviewed_on": "2026-02-09", "led_by": {"user": "Ei Käy"}}),
            "led_by.user",
        ),
        (
            json!({"stage": "stakeholders", "reviewed_on": "2026-02-09", "led_by": {"name": "x", "mail": "y"}}),
            "led_by.mail",
        ),
        (
            json!({"stage": "stakeholders", "reviewed_on": "2026-02-09", "participants": ["A", "a "]}),
            "participants[1]",
        ),
        (
            json!({"stage": "stakeholders", "reviewed_on": "2026-02-09", "process_version": ""}),
            "process_version",
        ),
    ];
    for (body, field) in cases {
        let a = app.post(&it, "/api/process-reviews", &body).await;
        assert_status(&a, 422);
        assert_eq!(
            a.body["error"]["code"], "invalid_field",
            "{body}: {}",
            a.text
        );
        assert_eq!(a.body["error"]["field"], field, "{body}: {}", a.text);
    }
    // Today is fine.
    let a = app
        .post(
            &it,
            "/api/process-reviews",
            &json!({"stage": "stakeholders", "reviewed_on": "2026-02-10"}),
        )
        .await;
    assert_status(&a, 201);
    let text = app
        .send(
            app.client
                .post(app.url("/api/process-reviews"))
                .bearer_auth(&it)
                .header("content-type", "application/json")
                .body("{\"stage\":"),
        )
        .await;
    assert_status(&text, 400);
    assert_eq!(text.body["error"]["code"], "malformed_json");
    let listed = app.get(&it, "/api/process-reviews").await;
    assert_eq!(listed.body["reviews"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn readiness_and_walk_throughs_are_in_the_openapi_document() {
    let app = spawn_app().await;
    let doc = app
        .send(app.client.get(app.url("/api/openapi.json")))
        .await
        .body;
    assert!(doc["paths"]["/api/readiness"]["get"].is_object());
    assert!(doc["paths"]["/api/process-reviews"]["get"].is_object());
    assert!(doc["paths"]["/api/process-reviews"]["post"]["requestBody"].is_object());
    assert!(doc["components"]["schemas"]["ReadinessView"].is_object());
    assert!(doc["components"]["schemas"]["ReviewBody"].is_object());
}
