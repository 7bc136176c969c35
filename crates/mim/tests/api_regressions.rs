//! What a first user found by trying to break mim: each test failed before its fix.

mod common;

use common::{TestApp, spawn_app};
use serde_json::{Value, json};

async fn raw_json(app: &TestApp, token: &str, path: &str, body: &str) -> common::Answer {
    let req = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_owned());
    app.send(req).await
}

async fn case_count(app: &TestApp, token: &str) -> usize {
    let list = app.get(token, "/api/cases").await;
    list.body.as_array().map(Vec::len).expect("a list")
}

#[tokio::test]
async fn a_body_that_is_not_one_json_object_creates_nothing() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let good = r#"{"system":"wilma","report":{"channel":"phone","text":"t"}}"#;
    for (body, status, code) in [
        (format!("{good} xx garbage"), 400, "malformed_json"),
        (format!("{good}{{\"a\":1}}"), 400, "malformed_json"),
        (
            r#"["wilma",null,null,false,["phone","t",null,null]]"#.to_owned(),
            422,
            "invalid_field",
        ),
        ("[]".to_owned(), 422, "invalid_field"),
        ("\"text\"".to_owned(), 422, "invalid_field"),
    ] {
        let a = raw_json(&app, &desk, "/api/cases", &body).await;
        assert_eq!(a.status, status, "{body}: {}", a.text);
        assert_eq!(a.code(), code, "{body}");
    }
    assert_eq!(case_count(&app, &desk).await, 0, "nothing was created");
}

#[tokio::test]
async fn a_missing_field_is_named_itself() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let a = app
        .post(&desk, "/api/cases", &json!({"system": "wilma"}))
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "report");
    let id = app.open_case(&desk, "wilma").await;
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "dismiss", "reason": "false_alarm"}),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "command.text");
}

#[tokio::test]
async fn every_move_offered_is_accepted_add_note_included() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    let offered: Vec<&str> = case.body["your_actions"]
        .as_array()
        .expect("your_actions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(offered.contains(&"add_note"), "{offered:?}");
    let version = case.etag();
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "add_note", "text": "soitettu toimittajalle"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.etag(), version, "a note does not advance the version");
}

#[tokio::test]
async fn only_the_canonical_case_id_names_a_case_and_a_long_one_is_not_echoed() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    assert_eq!(
        app.get(&desk, &format!("/api/cases/{id}")).await.status,
        200
    );
    for bad in [
        "MIM-2026-00001",
        "%20MIM-2026-0001",
        "MIM-2026-0001%0A",
        "mim-2026-0001",
    ] {
        let a = app.get(&desk, &format!("/api/cases/{bad}")).await;
        assert_eq!(a.status, 404, "{bad}: {}", a.text);
    }
    let long = "X".repeat(5000);
    let a = app.get(&desk, &format!("/api/cases/{long}")).await;
    assert_eq!(a.status, 404);
    assert!(
        a.text.len() < 1000,
        "the error does not echo 5000 characters"
    );
}

#[tokio::test]
async fn a_title_is_one_line_and_a_derived_title_folds_line_breaks() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "wilma", "title": "T\nnewline", "report": {"channel": "phone", "text": "t"}}),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "title");
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "wilma", "report": {"channel": "phone", "text": "cr\r\nlf"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(a.body["case"]["title"], "Wilma: cr lf");
}

#[tokio::test]
async fn a_back_dated_step_may_not_come_before_the_step_it_follows() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    app.clock.advance(chrono::Duration::minutes(30));
    let three_hours_ago = (app.clock_now() - chrono::Duration::hours(3)).to_rfc3339();
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": case.etag(), "occurred_at": three_hours_ago,
                "command": {"type": "record_assessment", "affected_users": 20, "severity": "minor"}}),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "occurred_at");
    // Ten minutes ago is after the opening: accepted, and marked as added later.
    let ten_minutes_ago = (app.clock_now() - chrono::Duration::minutes(10)).to_rfc3339();
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": case.etag(), "occurred_at": ten_minutes_ago,
                "command": {"type": "record_assessment", "affected_users": 20, "severity": "minor"}}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let tl = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    let last = tl.body["entries"]
        .as_array()
        .and_then(|e| e.last())
        .cloned()
        .expect("entries");
    assert_eq!(last["kind"], "assessed");
    assert_eq!(last["added_later"], true);
}

#[tokio::test]
async fn a_version_from_the_future_is_not_blamed_on_someone_else() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_version": 9, "command": {"type": "record_assessment", "affected_users": 2, "severity": "minor"}}),
        )
        .await;
    assert_eq!(a.status, 409, "{}", a.text);
    assert_eq!(a.body["error"]["current_version"], 1);
    let message = a.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("does not exist yet"), "{message}");
}

#[tokio::test]
async fn a_vendor_sees_only_its_own_systems_and_vendor_in_the_register() {
    let app = spawn_app().await;
    let vendor = app.token("toimittaja").await;
    let systems = app.get(&vendor, "/api/systems").await;
    let ids: Vec<&str> = systems
        .body
        .as_array()
        .expect("systems")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert!(!ids.is_empty());
    for s in systems.body.as_array().expect("systems") {
        assert_eq!(s["vendor"], "terveysdata", "{s}");
    }
    assert_eq!(app.get(&vendor, "/api/systems/wilma").await.status, 404);
    let vendors = app.get(&vendor, "/api/vendors").await;
    let vendor_ids: Vec<&str> = vendors
        .body
        .as_array()
        .expect("vendors")
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert_eq!(vendor_ids, ["terveysdata"]);
    // Staff still see everything.
    let desk = app.token("palvelupiste").await;
    assert!(
        app.get(&desk, "/api/systems")
            .await
            .body
            .as_array()
            .expect("systems")
            .len()
            > ids.len()
    );
}

#[tokio::test]
async fn who_may_not_change_the_register_hears_so_before_any_check_of_the_body() {
    let app = spawn_app().await;
    let stakeholder = app.token("sidosryhma").await;
    let vendor = app.token("toimittaja").await;
    let put = |token: &str, path: &str| {
        app.client
            .put(app.url(path))
            .bearer_auth(token.to_owned())
            .json(&json!({}))
    };
    for (token, path) in [
        (&stakeholder, "/api/organisation"),
        (&vendor, "/api/vendors/x"),
        (&vendor, "/api/systems/x"),
    ] {
        let a = app.send(put(token, path)).await;
        assert_eq!(a.status, 403, "{path}: {}", a.text);
    }
    let a = app.post(&vendor, "/api/users", &json!({})).await;
    assert_eq!(a.status, 403, "{}", a.text);
}

async fn login(app: &TestApp, user: &str, password: &str) -> common::Answer {
    let req = app
        .client
        .post(app.url("/api/session"))
        .json(&json!({"username": user, "password": password}));
    app.send(req).await
}

#[tokio::test]
async fn password_guessing_is_slowed_down_per_user_name() {
    let app = spawn_app().await;
    let a = login(&app, "palvelupiste", "wrong").await;
    assert_eq!(a.status, 401);
    assert_eq!(a.code(), "login_failed");
    assert!(
        a.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("wrong user name or password")
    );
    for _ in 0..4 {
        assert_eq!(login(&app, "palvelupiste", "wrong").await.status, 401);
    }
    // The sixth attempt is refused even with the right password, and says when to retry.
    let a = login(&app, "palvelupiste", "demo").await;
    assert_eq!(a.status, 429, "{}", a.text);
    assert_eq!(a.code(), "too_many_attempts");
    let retry: i64 = a.headers["retry-after"]
        .to_str()
        .unwrap_or("")
        .parse()
        .expect("Retry-After seconds");
    assert!((1..=900).contains(&retry), "{retry}");
    // Other names are not affected.
    assert_eq!(login(&app, "tietohallinto", "demo").await.status, 200);
    // After the window, the right password works again.
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(login(&app, "palvelupiste", "demo").await.status, 200);
}

#[tokio::test]
async fn a_new_users_password_has_ten_characters_at_least() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let user = |password: &str| json!({"id": "uusi", "name": "Uusi Käyttäjä", "roles": ["service_desk"], "password": password});
    let a = app.post(&admin, "/api/users", &user("lyhyt")).await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "password");
    let a = app
        .post(&admin, "/api/users", &user("riittävän-pitkä"))
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
}

#[tokio::test]
async fn a_sender_clock_a_little_ahead_never_blocks_the_next_step() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let ahead = (app.clock_now() + chrono::Duration::seconds(110)).to_rfc3339();
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "wilma", "report": {"channel": "phone", "text": "x", "occurred_at": ahead}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let opened: chrono::DateTime<chrono::Utc> = a.body["case"]["opened_at"]
        .as_str()
        .expect("opened_at")
        .parse()
        .expect("a time");
    assert_eq!(
        opened,
        app.clock_now(),
        "a time ahead of ours is taken as now"
    );
    let id = a.body["case"]["id"].as_str().expect("id").to_owned();
    let a = app
        .command(&desk, &id, json!({"type": "record_assessment", "affected_users": 300, "severity": "prevents_work"}))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn the_register_names_only_real_mim_contact_people_as_their_records_say() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let mut system = app.get(&admin, "/api/systems/wilma").await.body;
    system["mim_contact"] = json!({"user": "nobody", "name": "Ei Ketään"});
    let a = app.put(&admin, "/api/systems/wilma", &system).await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "mim_contact");
    system["mim_contact"] = json!({"user": "sidosryhma", "name": "Johanna"});
    let a = app.put(&admin, "/api/systems/wilma", &system).await;
    assert_eq!(
        a.status, 422,
        "a stakeholder is not a MIM contact person: {}",
        a.text
    );
    system["mim_contact"] = json!({"user": "mimyhteys", "name": "Kuka Tahansa"});
    let a = app.put(&admin, "/api/systems/wilma", &system).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let stored = app.get(&admin, "/api/systems/wilma").await.body;
    assert_eq!(
        stored["mim_contact"]["name"], "Mikko Korhonen",
        "the name comes from the user record"
    );
}

#[tokio::test]
async fn a_duplicate_names_a_live_case_of_the_same_kind() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let a = app.open_case(&desk, "wilma").await;
    let b = app.open_case(&desk, "wilma").await;
    let dismiss = |of: &str, reason: &str| json!({"type": "dismiss", "reason": reason, "duplicate_of": of, "text": "sama vika"});
    for (of, reason) in [("MIM-2026-9999", "duplicate"), (a.as_str(), "false_alarm")] {
        let r = app.command(&desk, &b, dismiss(of, reason)).await;
        assert_eq!(r.status, 422, "{of} {reason}: {}", r.text);
        assert_eq!(r.body["error"]["field"], "command.duplicate_of");
    }
    let ex = app
        .post(&desk, "/api/cases", &json!({"system": "wilma", "exercise": true, "report": {"channel": "phone", "text": "harjoitus"}}))
        .await;
    let ex = ex.body["case"]["id"].as_str().expect("id").to_owned();
    let r = app.command(&desk, &b, dismiss(&ex, "duplicate")).await;
    assert_eq!(
        r.status, 422,
        "a real case is no duplicate of an exercise: {}",
        r.text
    );
    // B duplicates A: fine. Then A can't be dismissed as a duplicate of the dismissed B.
    assert_eq!(
        app.command(&desk, &b, dismiss(&a, "duplicate"))
            .await
            .status,
        200
    );
    let r = app.command(&desk, &a, dismiss(&b, "duplicate")).await;
    assert_eq!(
        r.status, 422,
        "no cycle leaves the disruption without a case: {}",
        r.text
    );
}

#[tokio::test]
async fn a_note_is_never_refused_because_the_case_moved_on() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let vendor = app.token("toimittaja").await;
    let id = app.open_case(&desk, "potilastieto").await;
    app.command(
        &desk,
        &id,
        json!({"type": "record_assessment", "affected_users": 5, "severity": "minor"}),
    )
    .await;
    let a = app
        .post(
            &vendor,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": 1, "command": {"type": "add_note", "text": "tutkimme"}}),
        )
        .await;
    assert_eq!(
        a.status, 200,
        "a stale version does not lose a note: {}",
        a.text
    );
    let a = app
        .post(
            &vendor,
            &format!("/api/cases/{id}/commands"),
            &json!({"command": {"type": "add_note", "text": "ilman versiota"}}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn a_recurrence_links_only_a_recent_closed_case_of_the_same_kind() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let open = |exercise: bool| json!({"system": "kirjasto", "exercise": exercise, "report": {"channel": "phone", "text": "lainaus ei toimi"}});
    // Walk an exercise case to closed quickly through the normal-process ending is not
    // "closed"; close a real one instead and check exercises don't link to it.
    let id = app.open_case(&desk, "kirjasto").await;
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
        (&itm, json!({"type": "report_fix", "text": "korjattu"})),
        (&itm, json!({"type": "acknowledge_fix"})),
        (
            &itm,
            json!({"type": "name_people", "verifier": "todentaja"}),
        ),
    ] {
        let a = app.command(who, &id, cmd).await;
        assert_eq!(a.status, 200, "{}", a.text);
    }
    let verifier = app.token("todentaja").await;
    assert_eq!(
        app.command(&verifier, &id, json!({"type": "verify", "works": true}))
            .await
            .status,
        200
    );
    for cmd in [
        json!({"type": "sign_off"}),
        json!({"type": "decide_walk_through", "needed": false}),
        json!({"type": "close"}),
    ] {
        let a = app.command(&itm, &id, cmd).await;
        assert_eq!(a.status, 200, "{}", a.text);
    }
    let ex = app.post(&desk, "/api/cases", &open(true)).await;
    assert_eq!(
        ex.body["case"]["recurrence_of"],
        Value::Null,
        "an exercise is no recurrence of a real case"
    );
    let real = app.post(&desk, "/api/cases", &open(false)).await;
    assert_eq!(
        real.body["case"]["recurrence_of"],
        json!(id),
        "{}",
        real.text
    );
    // With that case open, a further report is no recurrence of the closed one.
    let another = app.post(&desk, "/api/cases", &open(false)).await;
    assert_eq!(another.body["case"]["recurrence_of"], Value::Null);
    // A day and more later (with nothing open), the old case is too old to link.
    let dismiss = json!({"type": "dismiss", "reason": "false_alarm", "text": "x"});
    for c in [&real, &another] {
        let cid = c.body["case"]["id"].as_str().expect("id").to_owned();
        assert_eq!(app.command(&desk, &cid, dismiss.clone()).await.status, 200);
    }
    app.clock.advance(chrono::Duration::hours(25));
    let late = app.post(&desk, "/api/cases", &open(false)).await;
    assert_eq!(late.body["case"]["recurrence_of"], Value::Null);
}

#[tokio::test]
async fn a_case_opened_without_a_system_gets_one_before_the_decision() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let vendor = app.token("toimittaja").await;
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"report": {"channel": "phone", "text": "mikään ei toimi"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.body["case"]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        app.get(&vendor, &format!("/api/cases/{id}")).await.status,
        404
    );
    let r = app
        .command(
            &desk,
            &id,
            json!({"type": "set_system", "system": "nosuch"}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.body["error"]["field"], "command.system");
    let r = app
        .command(
            &desk,
            &id,
            json!({"type": "set_system", "system": "potilastieto"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["case"]["system"]["id"], "potilastieto");
    assert_eq!(r.body["case"]["system"]["vendor_name"], "Terveysdata Oy");
    // Now the vendor of that system sees it, and the system's own MIM contact is named.
    assert_eq!(
        app.get(&vendor, &format!("/api/cases/{id}")).await.status,
        200
    );
    let listed = app.get(&desk, "/api/cases?system=potilastieto").await;
    assert!(
        listed
            .body
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c["id"] == json!(id))
    );
    // After the decision the system is settled.
    app.command(
        &desk,
        &id,
        json!({"type": "record_assessment", "affected_users": 300, "severity": "prevents_work"}),
    )
    .await;
    app.command(
        &desk,
        &id,
        json!({"type": "decide_criticality", "start_mim": true}),
    )
    .await;
    let r = app
        .command(&desk, &id, json!({"type": "set_system", "system": "wilma"}))
        .await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(r.code(), "illegal_move");
}

#[tokio::test]
async fn who_may_not_work_on_cases_hears_so_before_any_check_of_the_body() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let stakeholder = app.token("sidosryhma").await;
    for path in [
        "/api/cases".to_owned(),
        format!("/api/cases/{id}/commands"),
        format!("/api/cases/{id}/evidence"),
    ] {
        let a = app.post(&stakeholder, &path, &json!({})).await;
        assert_eq!(a.status, 403, "{path}: {}", a.text);
    }
}

#[tokio::test]
async fn access_can_be_taken_away_and_passwords_changed() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let desk_token = app.token("palvelupiste").await;
    let cookie = {
        let a = login(&app, "palvelupiste", "demo").await;
        assert_eq!(a.status, 200);
        let c = a.headers["set-cookie"].to_str().expect("cookie").to_owned();
        c.split(';').next().expect("pair").to_owned()
    };
    let me_with_cookie = || {
        app.client
            .get(app.url("/api/me"))
            .header("cookie", cookie.clone())
    };
    assert_eq!(app.send(me_with_cookie()).await.status, 200);

    // A new password ends the sessions; the token still works.
    let a = app
        .put(
            &admin,
            "/api/users/palvelupiste/password",
            &json!({"password": "          "}),
        )
        .await;
    assert_eq!(a.status, 422, "ten spaces are no password: {}", a.text);
    let a = app
        .put(
            &admin,
            "/api/users/palvelupiste/password",
            &json!({"password": "uusi-pitka-salasana"}),
        )
        .await;
    assert_eq!(a.status, 204, "{}", a.text);
    assert_eq!(
        app.send(me_with_cookie()).await.status,
        401,
        "the old session ended"
    );
    assert_eq!(login(&app, "palvelupiste", "demo").await.status, 401);
    assert_eq!(
        login(&app, "palvelupiste", "uusi-pitka-salasana")
            .await
            .status,
        200
    );
    assert_eq!(app.get(&desk_token, "/api/me").await.status, 200);

    // Deactivation ends everything; an admin can't deactivate themself.
    let a = app
        .post(&admin, "/api/users/admin/deactivate", &json!({}))
        .await;
    assert_eq!(a.status, 403, "{}", a.text);
    let a = app
        .post(&admin, "/api/users/palvelupiste/deactivate", &json!({}))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(app.get(&desk_token, "/api/me").await.status, 401);
    assert_eq!(
        login(&app, "palvelupiste", "uusi-pitka-salasana")
            .await
            .status,
        401
    );

    // A token can be revoked on its own.
    let itm = app
        .app
        .create_token(
            &mim_domain::UserId::new("tietohallinto").expect("id"),
            "ci",
            None,
        )
        .await
        .expect("token");
    assert_eq!(app.get(&itm.secret, "/api/me").await.status, 200);
    let revoke = |id: &str| {
        app.client
            .delete(app.url(&format!("/api/tokens/{id}")))
            .bearer_auth(&admin)
    };
    assert_eq!(app.send(revoke(&itm.id)).await.status, 204);
    assert_eq!(app.get(&itm.secret, "/api/me").await.status, 401);
    assert_eq!(app.send(revoke(&itm.id)).await.status, 404);
    // A taken user name says so.
    let a = app
        .post(&admin, "/api/users", &json!({"id": "tietohallinto", "name": "X", "roles": ["admin"], "password": "pitka-salasana-9"}))
        .await;
    assert_eq!(a.status, 409);
    assert_eq!(a.code(), "already_exists");
}

#[tokio::test]
async fn a_vendor_reads_the_process_but_not_the_organisations_internal_notes() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let vendor = app.token("toimittaja").await;
    let id = app.open_case(&desk, "potilastieto").await;
    app.command(
        &itm,
        &id,
        json!({"type": "add_note", "text": "sisäinen: sopimussakko harkinnassa"}),
    )
    .await;
    app.command(
        &vendor,
        &id,
        json!({"type": "add_note", "text": "toimittaja: tutkimme lokeja"}),
    )
    .await;
    for path in [
        format!("/api/cases/{id}/timeline"),
        format!("/api/cases/{id}/form.md"),
    ] {
        let a = app.get(&vendor, &path).await;
        assert_eq!(a.status, 200, "{path}");
        assert!(
            !a.text.contains("sopimussakko"),
            "{path}: the vendor reads no internal note"
        );
        assert!(
            a.text.contains("tutkimme lokeja"),
            "{path}: the vendor reads its own note"
        );
        let staff = app.get(&itm, &path).await;
        assert!(
            staff.text.contains("sopimussakko"),
            "{path}: staff read every note"
        );
    }
}

#[tokio::test]
async fn a_plain_incoming_request_id_is_kept() {
    let app = spawn_app().await;
    let a = app
        .send(
            app.client
                .get(app.url("/api/nothing"))
                .header("x-request-id", "proxy-42"),
        )
        .await;
    assert_eq!(a.headers["x-request-id"], "proxy-42");
    assert_eq!(a.body["error"]["request_id"], "proxy-42");
    let a = app
        .send(
            app.client
                .get(app.url("/api/nothing"))
                .header("x-request-id", "<script>"),
        )
        .await;
    assert_ne!(a.headers["x-request-id"], "<script>");
}

/// A flat matrix list (C28's layout) with one row for `system`.
fn one_row_matrix_list(system: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["Järjestelmä", "Käyttäjiä vähintään", "Vakavuus", "Väri"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("heading");
    }
    ws.write_string(1, 0, system).expect("cell");
    ws.write_number(1, 1, 1).expect("cell");
    ws.write_string(1, 2, "vähäinen").expect("cell");
    ws.write_string(1, 3, "punainen").expect("cell");
    book.save_to_buffer().expect("workbook")
}

#[tokio::test]
async fn two_systems_sharing_a_name_export_and_import_back_to_their_own_matrices() {
    use common::sheets::{changed, download, upload, versions};
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    // A second system called "Wilma" (a copy being prepared), with an id that sorts first.
    let mut copy = app.get(&admin, "/api/systems/wilma").await.body;
    copy["id"] = json!("aaa-wilma-uusi");
    copy["selectors"] = json!([]);
    let put = app.put(&admin, "/api/systems/aaa-wilma-uusi", &copy).await;
    assert_eq!(put.status, 200, "{}", put.text);
    let before = versions(&app, &admin).await;

    let (status, _, bytes) = download(&app, &admin, "/api/matrices.xlsx?lang=fi").await;
    assert_eq!(status, 200);
    let a = upload(&app, &admin, "/api/matrices/import", bytes).await;
    assert_eq!(
        a.status, 200,
        "each sheet names its system by id: {}",
        a.text
    );
    assert!(changed(&a).is_empty(), "{}", a.text);
    assert_eq!(versions(&app, &admin).await, before, "nothing was written");

    // A name or alias both systems have is ambiguous: refused, not given to the first.
    let a = upload(
        &app,
        &admin,
        "/api/matrices/import",
        one_row_matrix_list("kouluhallinto"),
    )
    .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert!(
        a.text.contains("aaa-wilma-uusi, wilma"),
        "the message names both: {}",
        a.text
    );
    assert_eq!(versions(&app, &admin).await, before, "nothing was written");
}

#[tokio::test]
async fn a_file_with_many_problems_lists_them_all_once_not_again_in_the_message() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let mut csv = String::from("Tunnus;Nimi;Käyttäjiä\r\n");
    for i in 0..500 {
        csv.push_str(&format!("uusi-{i};Uusi {i};paljon\r\n"));
    }
    let a = common::sheets::upload_csv(&app, &admin, "/api/systems.csv?dry_run=true", &csv).await;
    assert_eq!(a.status, 422, "{}", &a.text[..a.text.len().min(300)]);
    assert_eq!(
        a.body["error"]["problems"].as_array().map(Vec::len),
        Some(500),
        "every problem is listed"
    );
    let message = a.body["error"]["message"].as_str().expect("a message");
    assert!(
        message.starts_with("nothing was imported; 500 problems: line 2, Käyttäjiä:"),
        "{message}"
    );
    assert!(message.contains("… and 490 more"), "{message}");
    assert!(
        message.len() < 2000,
        "the message quotes a few, not all 500: {} bytes",
        message.len()
    );
}

#[tokio::test]
async fn a_wrong_person_is_named_once_in_the_message_not_twice() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let itm = app.token("tietohallinto").await;

    let mut org = app.get(&admin, "/api/organisation").await.body;
    org["mim_contact"] = json!({"user": "nosuch", "name": "Ei Ole"});
    let a = app.put(&admin, "/api/organisation", &org).await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "mim_contact");
    assert_eq!(
        a.body["error"]["message"],
        "mim_contact: no active user \"nosuch\""
    );

    let a = app
        .post(
            &itm,
            "/api/process-reviews",
            &json!({"stage": "internal_review", "reviewed_on": "2026-01-05",
                    "participants": ["Palvelupiste"], "led_by": {"user": "nosuch"}}),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(
        a.body["error"]["message"],
        "led_by.user: no user \"nosuch\""
    );

    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = app
        .command(
            &itm,
            &id,
            json!({"type": "name_people", "verifier": "toimittaja"}),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(
        a.body["error"]["message"],
        "command.verifier: Antti Laine (toimittaja) works for a vendor and can't be named for \
         the organisation"
    );
}
