//! Communication points through the API (issue 5, point 4): a message that names no next
//! update gets now + the organisation's cadence for the case's colour; the case and the
//! triage queue show the point as reminder due within the reminder lead and as overdue after
//! it; the intervals are real time across Helsinki's change to summer time (injected clock).
//! Case C06 (points 1–3): the point shown in local time with its offset on the nights the
//! clocks change, mim's reminder queued once ahead and once overdue through the outbox, and a
//! local wall-clock time the clocks skip refused naming the field.

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

// --- C06: "next update at" across the daylight-saving changes, and the reminder mim sends ---

fn c06() -> Value {
    serde_json::from_str(include_str!("fixtures/C06-next-update-across-dst.json"))
        .expect("the C06 fixture is JSON")
}

/// A reminder copy on the case's timeline.
#[derive(Debug)]
struct Reminder {
    message: String,
    address: String,
    subject: String,
    text: String,
}

async fn reminders(app: &TestApp, token: &str, id: &str) -> Vec<Reminder> {
    let tl = app.get(token, &format!("/api/cases/{id}/timeline")).await;
    assert_status(&tl, 200);
    tl.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["kind"] == "message_queued")
        .map(|e| &e["event"]["message"])
        .filter(|m| m["kind"] == "update_reminder")
        .map(|m| Reminder {
            message: m["message"].as_str().unwrap_or_default().to_owned(),
            address: m["recipient"]["address"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            subject: m["subject"].as_str().unwrap_or_default().to_owned(),
            text: m["text"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// Distinct reminders (one message, however many copies).
fn messages(r: &[Reminder]) -> std::collections::BTreeSet<&str> {
    r.iter().map(|r| r.message.as_str()).collect()
}

/// Runs the reminder pass `times` times, as the server's worker does every few seconds.
async fn pass(app: &TestApp, seen: &mut mim_app::cases::RemindersSeen, times: usize) {
    for _ in 0..times {
        app.app
            .remind_communication_points(seen)
            .await
            .expect("the reminder pass");
    }
}

/// Sends an update to the management group through the outbox, naming no next update.
async fn send_update(app: &TestApp, token: &str, id: &str) -> Answer {
    let version = app.get(token, &format!("/api/cases/{id}")).await.etag();
    app.post(
        token,
        &format!("/api/cases/{id}/messages"),
        &json!({"kind": "update", "audiences": ["management_group"], "expected_version": version}),
    )
    .await
}

const DESK: &str = "palvelupiste@kuusijarvi.example.fi";
const IT_MANAGEMENT: &str = "tietohallinto@kuusijarvi.example.fi";

#[tokio::test]
async fn next_update_in_60_min_on_the_autumn_night_is_0110z_shown_as_3_10_eet_and_reminded_once_c06()
 {
    let f = &c06()["autumn"];
    let app = spawn_app_at(utc(&f["now"])).await;
    let minutes = f["next_update_in_minutes"].as_i64().expect("minutes");
    assert_status(
        &set_cadence(
            &app,
            json!({"red_minutes": minutes, "yellow_minutes": 60, "green_minutes": 120, "remind_before_minutes": 10}),
        )
        .await,
        200,
    );
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;

    // "Next update in 60 min": an unassessed case counts as red, whose interval is 60 min.
    let a = send_update(&app, &desk, &id).await;
    assert_status(&a, 200);
    let due = utc(&f["due"]);
    assert_eq!(utc(&a.body["case"]["case"]["next_update_at"]), due);
    assert_eq!(due - app.clock_now(), Duration::minutes(minutes));
    let shown = &a.body["case"]["next_update_local"];
    assert_eq!(shown["local"], f["local"], "{shown}");
    assert_eq!(shown["offset"], f["offset"], "{shown}");
    assert_eq!(shown["zone"], f["zone"], "{shown}");
    // The bulletin promises it in local time: the second 03:10 of the night, never 04:10.
    let fi = a.body["queued"]
        .as_array()
        .expect("queued")
        .iter()
        .find(|m| m["language"] == "fi" && m["channel"] == "email")
        .and_then(|m| m["text"].as_str())
        .expect("a Finnish copy")
        .to_owned();
    let promised = format!("{}.", f["shown_fi"].as_str().expect("shown"));
    assert!(fi.contains(&promised), "{fi}");
    assert!(!fi.contains(f["never_fi"].as_str().expect("never")), "{fi}");

    // Nothing before the reminder lead, however often the pass runs.
    let mut seen = mim_app::cases::RemindersSeen::default();
    pass(&app, &mut seen, 3).await;
    app.clock
        .set(due - Duration::minutes(10) - Duration::seconds(1));
    pass(&app, &mut seen, 3).await;
    assert!(reminders(&app, &desk, &id).await.is_empty());

    // Ten minutes ahead: one reminder, to the person who promised the update.
    app.clock.set(due - Duration::minutes(10));
    pass(&app, &mut seen, 3).await;
    let r = reminders(&app, &desk, &id).await;
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].address, DESK);
    assert!(r[0].subject.starts_with("Muistutus"), "{}", r[0].subject);
    assert!(r[0].subject.contains(&id), "{}", r[0].subject);
    assert!(
        r[0].text.contains(&format!(
            "{} (UTC+2)",
            f["shown_fi"].as_str().expect("shown")
        )),
        "{}",
        r[0].text
    );
    assert!(!r[0].text.contains("4.10"), "{}", r[0].text);
    assert!(r[0].text.contains("Lähetä tiedote"), "{}", r[0].text);

    // Across the point: due is not late; nothing more until it has passed.
    app.clock.set(due);
    pass(&app, &mut seen, 3).await;
    assert_eq!(reminders(&app, &desk, &id).await.len(), 1);
    // A restart (a new process on the same database, nothing remembered) owes nothing.
    let restarted = restarted(&app).await;
    restarted
        .remind_communication_points(&mut Default::default())
        .await
        .expect("the pass after a restart");
    assert_eq!(reminders(&app, &desk, &id).await.len(), 1);

    // Passed with no update: one "overdue" reminder, to IT management as well.
    app.clock.set(due + Duration::seconds(1));
    pass(&app, &mut seen, 3).await;
    app.clock.advance(Duration::hours(2));
    pass(&app, &mut seen, 3).await;
    restarted
        .remind_communication_points(&mut Default::default())
        .await
        .expect("the pass after a restart");
    let r = reminders(&app, &desk, &id).await;
    assert_eq!(messages(&r).len(), 2, "{r:?}");
    let late: Vec<&Reminder> = r.iter().skip(1).collect();
    let mut to: Vec<&str> = late.iter().map(|r| r.address.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, [DESK, IT_MANAGEMENT]);
    assert!(
        late[0].subject.starts_with("Myöhässä"),
        "{}",
        late[0].subject
    );
    assert!(
        late[0].text.contains("eikä sitä ole lähetetty"),
        "{}",
        late[0].text
    );
    // The case itself knows both went out (what a restart folds back).
    let c = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(utc(&c.body["case"]["reminded_for"]), due);
    assert_eq!(utc(&c.body["case"]["overdue_reminded_for"]), due);

    // The next update sets a new point, which is reminded of in its turn.
    let a = send_update(&app, &desk, &id).await;
    assert_status(&a, 200);
    let next = utc(&a.body["case"]["case"]["next_update_at"]);
    app.clock.set(next - Duration::minutes(5));
    pass(&app, &mut seen, 3).await;
    let r = reminders(&app, &desk, &id).await;
    assert_eq!(messages(&r).len(), 3, "{r:?}");

    // What the timeline says is what the outbox holds.
    let queued = outbox_reminders(&app).await;
    assert_eq!(queued, r.len(), "every reminder copy is in the outbox once");
}

#[tokio::test]
async fn next_update_in_60_min_on_the_spring_night_is_0130z_shown_as_4_30_eest_c06() {
    let f = &c06()["spring"];
    let app = spawn_app_at(utc(&f["now"])).await;
    let minutes = f["next_update_in_minutes"].as_i64().expect("minutes");
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
                   "channel": "intranet", "text": "Selvitämme",
                   "next_update_at": app.clock_now() + Duration::minutes(minutes)}),
        )
        .await;
    assert_status(&a, 200);
    let due = utc(&f["due"]);
    assert_eq!(utc(&a.body["case"]["next_update_at"]), due);
    assert_eq!(a.body["next_update_local"]["local"], f["local"]);
    assert_eq!(a.body["next_update_local"]["offset"], f["offset"]);
    assert_eq!(a.body["next_update_local"]["zone"], f["zone"]);

    let mut seen = mim_app::cases::RemindersSeen::default();
    app.clock.set(due - Duration::minutes(10));
    pass(&app, &mut seen, 3).await;
    let r = reminders(&app, &desk, &id).await;
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(
        r[0].text.contains(&format!(
            "{} (UTC+3)",
            f["shown_fi"].as_str().expect("shown")
        )),
        "{}",
        r[0].text
    );
}

#[tokio::test]
async fn next_update_at_0330_local_on_the_spring_night_does_not_exist_and_is_refused_naming_the_field_c06()
 {
    let f = &c06()["spring_gap"];
    let app = spawn_app_at(utc(&f["now"])).await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    let local = f["next_update_local"].clone();

    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
                   "channel": "intranet", "text": "Selvitämme", "next_update_local": local}),
        )
        .await;
    assert_status(&a, 422);
    assert_eq!(
        a.body["error"]["field"], "command.next_update_local",
        "{}",
        a.text
    );
    let why = a.body["error"]["message"].as_str().expect("a message");
    assert!(
        why.contains("2026-03-29T03:30 does not exist in Europe/Helsinki"),
        "{why}"
    );
    assert!(why.contains("04:30 EEST"), "says what it would mean: {why}");

    // The same through the messages API.
    let version = app.get(&desk, &format!("/api/cases/{id}")).await.etag();
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/messages"),
            &json!({"kind": "update", "audiences": ["management_group"],
                    "expected_version": version, "next_update_local": local}),
        )
        .await;
    assert_status(&a, 422);
    assert_eq!(a.body["error"]["field"], "next_update_local", "{}", a.text);
    let after = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(before.body, after.body, "nothing was written");

    // Both forms at once, or a time with an offset in the local form, are mistakes too.
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
                   "channel": "intranet", "text": "x", "next_update_local": "2026-03-29T04:30",
                   "next_update_at": "2026-03-29T01:30:00Z"}),
        )
        .await;
    assert_status(&a, 422);
    assert_eq!(
        a.body["error"]["field"], "command.next_update_local",
        "{}",
        a.text
    );
    let said = a.body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        said.contains("or as next_update_local") && !said.contains("  "),
        "one message, evenly spaced: {said}"
    );
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
                   "channel": "intranet", "text": "x", "next_update_local": "2026-03-29T04:30+03:00"}),
        )
        .await;
    assert_status(&a, 422);
    assert_eq!(
        a.body["error"]["field"], "command.next_update_local",
        "{}",
        a.text
    );

    // A 60th second (chrono reads it as a leap second) is refused in either form, and
    // nothing is written (a fresh user's finding: it was stored as 01:30:60Z).
    for t in [
        json!({"next_update_local": "2026-03-29T04:30:60"}),
        json!({"next_update_at": "2026-03-29T01:40:60Z"}),
    ] {
        let mut c = json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
                           "channel": "intranet", "text": "Selvitämme"});
        for (k, v) in t.as_object().expect("object") {
            c[k] = v.clone();
        }
        let a = app.command(&desk, &id, c).await;
        assert_status(&a, 422);
        assert!(a.text.contains("60th second"), "{}", a.text);
    }

    // The time the sender meant, given as the clocks show it that night.
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
                   "channel": "intranet", "text": "Selvitämme", "next_update_local": "2026-03-29T04:30"}),
        )
        .await;
    assert_status(&a, 200);
    assert_eq!(
        utc(&a.body["case"]["next_update_at"]),
        utc(&json!("2026-03-29T01:30:00Z"))
    );
}

#[tokio::test]
async fn a_local_time_the_autumn_clocks_show_twice_is_the_one_still_ahead_or_refused_when_both_are_c06()
 {
    // 23:50Z on 24 October is 02:50 EEST: both 03:30s of the night are still ahead.
    let app = spawn_app_at(utc(&json!("2026-10-24T23:50:00Z"))).await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let at_local = |t: &str| {
        json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
               "channel": "intranet", "text": "Selvitämme", "next_update_local": t})
    };
    let a = app.command(&desk, &id, at_local("2026-10-25T03:30")).await;
    assert_status(&a, 422);
    assert_eq!(a.body["error"]["field"], "command.next_update_local");
    let why = a.body["error"]["message"].as_str().expect("a message");
    assert!(why.contains("comes twice"), "{why}");
    assert!(why.contains("2026-10-25T03:30:00+03:00"), "{why}");
    assert!(why.contains("2026-10-25T03:30:00+02:00"), "{why}");

    // At 03:40 EEST (00:40Z) only the second 03:30 — EET, 01:30Z — is ahead.
    app.clock.set(utc(&json!("2026-10-25T00:40:00Z")));
    let a = app.command(&desk, &id, at_local("2026-10-25T03:30")).await;
    assert_status(&a, 200);
    assert_eq!(
        utc(&a.body["case"]["next_update_at"]),
        utc(&json!("2026-10-25T01:30:00Z"))
    );
    assert_eq!(a.body["next_update_local"]["zone"], "EET");
}

/// A second App on the test's database with nothing in memory: what a restarted server has.
async fn restarted(app: &TestApp) -> mim_app::App {
    let store = mim_store_sqlite::SqliteStore::open(&app.dir.path().join("mim.sqlite3"))
        .await
        .expect("open the test's store");
    mim_app::App::new(
        std::sync::Arc::new(store),
        app.clock.clone(),
        mim_app::AppSettings::default(),
    )
}

/// The reminder copies in the outbox table, claimed there as a dispatcher would.
async fn outbox_reminders(app: &TestApp) -> usize {
    use mim_store::OutboxStore;
    let store = mim_store_sqlite::SqliteStore::open(&app.dir.path().join("mim.sqlite3"))
        .await
        .expect("open the test's store");
    let later = app.clock_now() + Duration::days(1);
    store
        .claim_due(later, later + Duration::minutes(2), 10_000)
        .await
        .expect("claim")
        .iter()
        .filter(|m| m.message.kind == "update_reminder")
        .count()
}

#[tokio::test]
async fn the_openapi_document_describes_the_local_communication_point() {
    let app = spawn_app().await;
    let doc = app.send(app.client.get(app.url("/api/openapi.json"))).await;
    assert_status(&doc, 200);
    let schemas = &doc.body["components"]["schemas"];
    for (schema, field) in [
        ("RecordCommunication", "next_update_local"),
        ("SendBody", "next_update_local"),
        ("CaseView", "next_update_local"),
        ("LocalReading", "offset"),
        ("CaseState", "overdue_reminded_for"),
    ] {
        assert!(
            schemas[schema]["properties"][field].is_object(),
            "{schema}.{field}: {}",
            schemas[schema]
        );
    }
}
