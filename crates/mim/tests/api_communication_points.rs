//! Communication points through the API (issue 5, point 4): a message that names no next
//! update gets now + the organisation's cadence for the case's colour; the case and the
//! triage queue show the point as reminder due within the reminder lead and as overdue after
//! it; the intervals are real time across Helsinki's change to summer time (injected clock).

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{Answer, TestApp, spawn_app, spawn_app_at};
use serde_json::{Value, json};

#[track_caller]
fn assert_status(a: &Answer, status: u16) {
    assert_eq!(a.status, status, "{}", a.text);
}

fn utc(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("a time: {v}"))
}

async fn update_without_next(app: &TestApp, token: &str, id: &str) -> Answer {
    app.command(
        token,
        id,
        json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
               "channel": "intranet", "text": "Selvitämme yhä"}),
    )
    .await
}

/// Sets the organisation's cadence (admin).
async fn set_cadence(app: &TestApp, cadence: Value) -> Answer {
    let admin = app.token("admin").await;
    let mut org = app.get(&admin, "/api/organisation").await.body;
    org["cadence"] = cadence;
    app.put(&admin, "/api/organisation", &org).await
}

async fn due_in_triage(app: &TestApp, token: &str, id: &str) -> Option<String> {
    let t = app.get(token, "/api/triage").await;
    assert_status(&t, 200);
    t.body["updates_due"]
        .as_array()
        .expect("updates_due")
        .iter()
        .find(|d| d["id"] == id)
        .map(|d| d["due"].as_str().expect("due").to_owned())
}

#[tokio::test]
async fn an_update_without_a_next_point_gets_the_cadence_of_the_cases_colour() {
    let app = spawn_app().await;
    assert_status(
        &set_cadence(
            &app,
            json!({"red_minutes": 20, "yellow_minutes": 45, "green_minutes": 90, "remind_before_minutes": 5}),
        )
        .await,
        200,
    );
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;

    // Not assessed yet: counted as red.
    let a = update_without_next(&app, &desk, &id).await;
    assert_status(&a, 200);
    let now = app.clock_now();
    assert_eq!(
        utc(&a.body["case"]["next_update_at"]),
        now + Duration::minutes(20)
    );
    assert_eq!(a.body["update_due"], "not_due");

    // Assessed: the colour the assessment gives sets the interval.
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_assessment", "affected_users": 30, "severity": "disrupts_work"}),
        )
        .await;
    assert_status(&a, 200);
    let colour = a.body["case"]["assessment"]["colour"]
        .as_str()
        .expect("assessed colour")
        .to_owned();
    let minutes = match colour.as_str() {
        "red" => 20,
        "yellow" => 45,
        "green" => 90,
        other => panic!("colour {other}"),
    };
    app.clock.advance(Duration::minutes(3));
    let a = update_without_next(&app, &desk, &id).await;
    assert_status(&a, 200);
    assert_eq!(
        utc(&a.body["case"]["next_update_at"]),
        app.clock_now() + Duration::minutes(minutes),
        "{colour}"
    );

    // A next point the sender names is kept as named.
    let named = app.clock_now() + Duration::minutes(7);
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
                   "channel": "intranet", "text": "x", "next_update_at": named}),
        )
        .await;
    assert_status(&a, 200);
    assert_eq!(utc(&a.body["case"]["next_update_at"]), named);
}

#[tokio::test]
async fn a_point_is_reminded_then_overdue_across_the_change_to_summer_time() {
    // 00:40Z on 29 March 2026 is 02:40 EET; at 01:00Z the clocks jump from 03:00 to 04:00.
    let start = Utc
        .with_ymd_and_hms(2026, 3, 29, 0, 40, 0)
        .single()
        .expect("time");
    let app = spawn_app_at(start).await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = update_without_next(&app, &desk, &id).await;
    assert_status(&a, 200);
    // Default cadence: unassessed counts as red, 30 minutes of real time (04:10 EEST local),
    // the reminder 10 minutes before.
    let next = utc(&a.body["case"]["next_update_at"]);
    assert_eq!(next, start + Duration::minutes(30));
    assert_eq!(
        utc(&a.body["update_reminder_at"]),
        next - Duration::minutes(10)
    );
    assert_eq!(due_in_triage(&app, &desk, &id).await, None);

    app.clock
        .set(next - Duration::minutes(10) - Duration::seconds(1));
    let c = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(c.body["update_due"], "not_due");

    app.clock.set(next - Duration::minutes(10));
    let c = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(c.body["update_due"], "reminder_due");
    assert_eq!(c.body["update_overdue"], false);
    assert_eq!(
        due_in_triage(&app, &desk, &id).await.as_deref(),
        Some("reminder_due")
    );

    app.clock.set(next + Duration::seconds(1));
    let c = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(c.body["update_due"], "overdue");
    assert_eq!(c.body["update_overdue"], true);
    assert_eq!(
        due_in_triage(&app, &desk, &id).await.as_deref(),
        Some("overdue")
    );

    // The next update clears it.
    let a = update_without_next(&app, &desk, &id).await;
    assert_status(&a, 200);
    assert_eq!(a.body["update_due"], "not_due");
    assert_eq!(due_in_triage(&app, &desk, &id).await, None);
}

#[tokio::test]
async fn a_cadence_that_makes_no_sense_is_refused_naming_the_field() {
    let app = spawn_app().await;
    for (cadence, field) in [
        (
            json!({"red_minutes": 0, "yellow_minutes": 60, "green_minutes": 120, "remind_before_minutes": 10}),
            "cadence.red_minutes",
        ),
        (
            json!({"red_minutes": 30, "yellow_minutes": 60, "green_minutes": 2000, "remind_before_minutes": 10}),
            "cadence.green_minutes",
        ),
        (
            json!({"red_minutes": 30, "yellow_minutes": 60, "green_minutes": 120, "remind_before_minutes": 30}),
            "cadence.remind_before_minutes",
        ),
    ] {
        let a = set_cadence(&app, cadence).await;
        assert_status(&a, 422);
        assert_eq!(a.body["error"]["field"], field, "{}", a.text);
    }
    let admin = app.token("admin").await;
    let org = app.get(&admin, "/api/organisation").await;
    assert_eq!(org.etag(), 1, "nothing was written");
    assert_eq!(org.body["cadence"]["red_minutes"], 30);
}
