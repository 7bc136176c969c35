//! Who may see and do what over HTTP: vendors see only their own systems' cases, only named
//! people verify and decide on yellow, list filters, the OpenAPI document, and the session
//! cookie.

mod common;

use chrono::Duration;
use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};
use std::collections::BTreeSet;

async fn ok(app: &TestApp, user: &str, id: &str, command: Value) -> Answer {
    app.clock.advance(Duration::minutes(1));
    let token = app.token(user).await;
    let a = app.command(&token, id, command.clone()).await;
    assert_eq!(a.status, 200, "{command} by {user}: {}", a.text);
    a
}

async fn refused(app: &TestApp, user: &str, id: &str, command: Value, status: u16, code: &str) {
    let token = app.token(user).await;
    let before = app.get(&token, &format!("/api/cases/{id}")).await.etag();
    let a = app.command(&token, id, command.clone()).await;
    assert_eq!(a.status, status, "{command} by {user}: {}", a.text);
    assert_eq!(a.code(), code, "{command} by {user}: {}", a.text);
    let after = app.get(&token, &format!("/api/cases/{id}")).await.etag();
    assert_eq!(after, before, "a refused command writes nothing");
}

async fn add_user(app: &TestApp, body: Value) {
    let admin = app.token("admin").await;
    let a = app.post(&admin, "/api/users", &body).await;
    assert_eq!(a.status, 201, "{}", a.text);
}

fn ids(a: &Answer) -> BTreeSet<String> {
    assert_eq!(a.status, 200, "{}", a.text);
    a.body
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

fn set(v: &[&String]) -> BTreeSet<String> {
    v.iter().map(|s| (*s).clone()).collect()
}

#[tokio::test]
async fn a_vendor_sees_only_its_own_systems_cases() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let vendor = app.token("toimittaja").await; // Terveysdata Oy: potilastieto, ajanvaraus
    let wilma = app.open_case(&desk, "wilma").await; // Koulutieto Oy
    let ajanvaraus = app.open_case(&desk, "ajanvaraus").await;
    let potilas = app.open_case(&desk, "potilastieto").await;
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"report": {"channel": "phone", "text": "jokin ei toimi"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let unknown_system = a.body["case"]["id"].as_str().expect("id").to_owned();

    let all = ids(&app.get(&desk, "/api/cases").await);
    assert_eq!(all.len(), 4, "staff see every case");
    assert_eq!(
        ids(&app.get(&vendor, "/api/cases").await),
        set(&[&ajanvaraus, &potilas]),
        "the vendor sees its own systems' cases only"
    );
    assert_eq!(
        ids(&app.get(&vendor, "/api/cases?system=wilma").await),
        BTreeSet::new()
    );
    assert_eq!(
        ids(&app.get(&vendor, "/api/cases?open=true").await),
        set(&[&ajanvaraus, &potilas])
    );

    // Another vendor's case, and a case about no system, do not exist for this vendor.
    for other in [&wilma, &unknown_system] {
        for path in [
            format!("/api/cases/{other}"),
            format!("/api/cases/{other}/timeline"),
            format!("/api/cases/{other}/form"),
            format!("/api/cases/{other}/form.html"),
            format!("/api/cases/{other}/form.md"),
        ] {
            let a = app.get(&vendor, &path).await;
            assert_eq!(a.status, 404, "{path}: {}", a.text);
            assert_eq!(a.code(), "not_found");
        }
        let a = app
            .post(
                &vendor,
                &format!("/api/cases/{other}/commands"),
                &json!({"expected_seq": 1, "command": {"type": "acknowledge_escalation"}}),
            )
            .await;
        assert_eq!(a.status, 404, "{}", a.text);
        let a = app
            .post(
                &vendor,
                &format!("/api/cases/{other}/evidence"),
                &json!({"type": "note", "text": "vilkaisu"}),
            )
            .await;
        assert_eq!(a.status, 404, "{}", a.text);
    }
    // The refusal of a hidden case reads exactly like that of a case that does not exist.
    let hidden = app.get(&vendor, &format!("/api/cases/{wilma}")).await;
    let missing = app.get(&vendor, "/api/cases/MIM-2026-0999").await;
    assert_eq!(hidden.status, missing.status);
    assert_eq!(hidden.code(), missing.code());
    let tl = app
        .get(&desk, &format!("/api/cases/{wilma}/timeline"))
        .await;
    assert_eq!(
        tl.body["entries"].as_array().map(Vec::len),
        Some(2),
        "the vendor's note on another vendor's case was not written"
    );

    // Its own case: readable, and it may add to it.
    let a = app.get(&vendor, &format!("/api/cases/{ajanvaraus}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let a = app
        .post(
            &vendor,
            &format!("/api/cases/{ajanvaraus}/evidence"),
            &json!({"type": "note", "text": "Tutkimme asiaa"}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    // A vendor does not open cases.
    let a = app
        .post(
            &vendor,
            "/api/cases",
            &json!({"system": "ajanvaraus", "report": {"channel": "phone", "text": "x"}}),
        )
        .await;
    assert_eq!(a.status, 403, "{}", a.text);
    assert_eq!(ids(&app.get(&desk, "/api/cases").await).len(), 4);

    // A second vendor sees the other half.
    add_user(
        &app,
        json!({"id": "koulutieto-paivystys", "name": "Marja Salonen", "roles": ["vendor"],
               "vendor": "koulutieto", "password": "pitka-salasana-1"}),
    )
    .await;
    let other_vendor = app.token("koulutieto-paivystys").await;
    assert_eq!(
        ids(&app.get(&other_vendor, "/api/cases").await),
        set(&[&wilma])
    );
    let a = app
        .get(&other_vendor, &format!("/api/cases/{ajanvaraus}"))
        .await;
    assert_eq!(a.status, 404, "{}", a.text);
}

#[tokio::test]
async fn only_the_named_verifier_verifies() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    ok(
        &app,
        "palvelupiste",
        &id,
        json!({"type": "record_assessment", "affected_users": 200, "severity": "prevents_work"}),
    )
    .await;
    ok(
        &app,
        "palvelupiste",
        &id,
        json!({"type": "decide_criticality", "start_mim": true}),
    )
    .await;
    ok(
        &app,
        "tietohallinto",
        &id,
        json!({"type": "decide_backup", "needed": false}),
    )
    .await;
    ok(
        &app,
        "tietohallinto",
        &id,
        json!({"type": "report_fix", "text": "Korjattu"}),
    )
    .await;
    ok(
        &app,
        "tietohallinto",
        &id,
        json!({"type": "acknowledge_fix"}),
    )
    .await;

    // Nobody named yet: not even a verifier by role may verify.
    refused(
        &app,
        "todentaja",
        &id,
        json!({"type": "verify", "works": true}),
        409,
        "verifier_not_named",
    )
    .await;

    // Only people holding the verifier role may be named, and no vendor's user.
    for (who, field) in [
        ("mimyhteys", "command.verifier"),
        ("toimittaja", "command.verifier"),
    ] {
        let a = app
            .command(
                &app.token("tietohallinto").await,
                &id,
                json!({"type": "name_people", "verifier": who}),
            )
            .await;
        assert_eq!(a.status, 422, "{who}: {}", a.text);
        assert_eq!(a.body["error"]["field"], field);
    }
    // A second verifier, Kaarina, is named deputy; Ville Koskinen (todentaja) is named verifier.
    let admin = app.token("admin").await;
    let added = app
        .post(
            &admin,
            "/api/users",
            &json!({"id": "todentaja2", "name": "Kaarina Heikkinen", "roles": ["verifier"], "password": "pitka-salasana-3"}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.text);
    ok(
        &app,
        "tietohallinto",
        &id,
        json!({"type": "name_people", "verifier": "todentaja", "verifier_deputy": "todentaja2"}),
    )
    .await;
    for user in ["tietohallinto", "palvelupiste", "mimyhteys"] {
        refused(
            &app,
            user,
            &id,
            json!({"type": "verify", "works": true}),
            403,
            "not_named_person",
        )
        .await;
        let token = app.token(user).await;
        let view = app.get(&token, &format!("/api/cases/{id}")).await;
        assert!(
            !view.body["your_actions"]
                .as_array()
                .expect("your_actions")
                .contains(&json!("verify")),
            "{user} is not offered verify"
        );
    }
    let deputy = app.token("todentaja2").await;
    let view = app.get(&deputy, &format!("/api/cases/{id}")).await;
    assert!(
        view.body["your_actions"]
            .as_array()
            .expect("your_actions")
            .contains(&json!("verify")),
        "{}",
        view.text
    );
    let a = ok(
        &app,
        "todentaja2",
        &id,
        json!({"type": "verify", "works": true}),
    )
    .await;
    assert_eq!(a.body["case"]["stage"], "verified");
    let tl = app.get(&deputy, &format!("/api/cases/{id}/timeline")).await;
    let v = tl.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["kind"] == "verification_recorded")
        .cloned()
        .expect("verification");
    assert_eq!(v["actor"]["user"], "todentaja2");
    assert_eq!(
        v["actor"]["role"], "verifier",
        "recorded in the verifier's role"
    );
}

#[tokio::test]
async fn on_yellow_only_the_named_mim_contact_or_deputy_decides() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    add_user(
        &app,
        json!({"id": "mimkolmas", "name": "Kalle Kolmas", "roles": ["mim_contact"],
               "password": "pitka-salasana-2"}),
    )
    .await;

    let yellow =
        json!({"type": "record_assessment", "affected_users": 30, "severity": "disrupts_work"});
    let start = json!({"type": "decide_criticality", "start_mim": true});
    let mut cases = vec![];
    for _ in 0..2 {
        let id = app.open_case(&desk, "wilma").await;
        let a = ok(&app, "palvelupiste", &id, yellow.clone()).await;
        let c = &a.body["case"];
        assert_eq!(c["assessment"]["colour"], "yellow");
        assert_eq!(c["mim_contact"]["user"], "mimyhteys");
        assert_eq!(c["mim_contact_deputy"]["user"], "mimvarahenkilo");
        assert_eq!(a.body["responsible"], json!(["mim_contact"]));
        assert!(
            a.body["allowed_now"]
                .as_array()
                .expect("allowed")
                .contains(&json!("call_mim_contact"))
        );
        assert!(
            !a.body["your_actions"]
                .as_array()
                .expect("yours")
                .contains(&json!("decide_criticality")),
            "the service desk is not offered the decision on yellow"
        );
        cases.push(id);
    }

    for id in &cases {
        // The service desk and IT management do not decide on yellow; neither does a MIM
        // contact person who is not the one named for the case.
        refused(&app, "palvelupiste", id, start.clone(), 403, "missing_role").await;
        refused(
            &app,
            "tietohallinto",
            id,
            start.clone(),
            403,
            "missing_role",
        )
        .await;
        refused(
            &app,
            "mimkolmas",
            id,
            start.clone(),
            403,
            "not_named_person",
        )
        .await;
        let kolmas = app.token("mimkolmas").await;
        let view = app.get(&kolmas, &format!("/api/cases/{id}")).await;
        assert!(
            !view.body["your_actions"]
                .as_array()
                .expect("yours")
                .contains(&json!("decide_criticality"))
        );
        // The service desk calls the contact person.
        ok(
            &app,
            "palvelupiste",
            id,
            json!({"type": "call_mim_contact", "note": "Soitettu klo 9.10"}),
        )
        .await;
    }

    // The named contact starts MIM on one; the deputy decides not to on the other.
    let a = ok(&app, "mimyhteys", &cases[0], start.clone()).await;
    assert_eq!(a.body["case"]["stage"], "mim_started");
    refused(
        &app,
        "mimvarahenkilo",
        &cases[1],
        json!({"type": "decide_criticality", "start_mim": false}),
        422,
        "invalid_field",
    )
    .await;
    let a = ok(
        &app,
        "mimvarahenkilo",
        &cases[1],
        json!({"type": "decide_criticality", "start_mim": false, "reason": "Koskee vain yhtä koulua"}),
    )
    .await;
    assert_eq!(a.body["case"]["stage"], "normal_process");
    for (id, who) in [(&cases[0], "mimyhteys"), (&cases[1], "mimvarahenkilo")] {
        let form = app.get(&desk, &format!("/api/cases/{id}/form")).await;
        let d = &form.body["form"]["decision"];
        assert_eq!(d["by"]["user"], who);
        assert_eq!(d["by"]["role"], "mim_contact");
        assert_eq!(d["colour"], "yellow");
    }
}

#[tokio::test]
async fn the_case_list_filters_by_open_colour_system_and_exercise() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;

    let red = app.open_case(&desk, "wilma").await;
    ok(
        &app,
        "palvelupiste",
        &red,
        json!({"type": "record_assessment", "affected_users": 500, "severity": "prevents_work"}),
    )
    .await;
    ok(
        &app,
        "palvelupiste",
        &red,
        json!({"type": "decide_criticality", "start_mim": true}),
    )
    .await;
    let dismissed = app.open_case(&desk, "wilma").await;
    ok(
        &app,
        "palvelupiste",
        &dismissed,
        json!({"type": "dismiss", "reason": "false_alarm", "text": "Testihälytys"}),
    )
    .await;
    let yellow = app.open_case(&desk, "ajanvaraus").await;
    ok(
        &app,
        "palvelupiste",
        &yellow,
        json!({"type": "record_assessment", "affected_users": 30, "severity": "disrupts_work"}),
    )
    .await;
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "kirjasto", "exercise": true,
                    "report": {"channel": "it_staff", "text": "Harjoitus: lainaus ei toimi"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(a.body["case"]["exercise"], true);
    let exercise = a.body["case"]["id"].as_str().expect("id").to_owned();

    let list = |q: &'static str| {
        let app = &app;
        let itm = &itm;
        async move { ids(&app.get(itm, &format!("/api/cases{q}")).await) }
    };
    assert_eq!(list("").await, set(&[&red, &dismissed, &yellow, &exercise]));
    assert_eq!(list("?open=true").await, set(&[&red, &yellow, &exercise]));
    assert_eq!(list("?open=false").await, set(&[&dismissed]));
    assert_eq!(list("?colour=red").await, set(&[&red]));
    assert_eq!(list("?colour=yellow").await, set(&[&yellow]));
    assert_eq!(list("?colour=green").await, BTreeSet::new());
    assert_eq!(list("?system=wilma").await, set(&[&red, &dismissed]));
    assert_eq!(list("?system=kirjasto").await, set(&[&exercise]));
    assert_eq!(list("?exercise=true").await, set(&[&exercise]));
    assert_eq!(
        list("?exercise=false").await,
        set(&[&red, &dismissed, &yellow])
    );
    assert_eq!(list("?open=true&system=wilma").await, set(&[&red]));
    assert_eq!(list("?stage=dismissed").await, set(&[&dismissed]));

    // The rows say what the filters filtered on.
    let rows = app.get(&itm, "/api/cases").await;
    for r in rows.body.as_array().expect("rows") {
        let id = r["id"].as_str().expect("id");
        assert_eq!(r["exercise"], json!(id == exercise), "{id}");
        assert_eq!(r["open"], json!(id != dismissed), "{id}");
    }
    // Newest first.
    let order: Vec<&str> = rows
        .body
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(order, [&exercise, &yellow, &dismissed, &red]);

    // Bad filters name the parameter.
    for (q, field) in [
        ("?colour=purple", "colour"),
        ("?system=Not%20A%20Slug", "system"),
        ("?limit=0", "limit"),
    ] {
        let a = app.get(&itm, &format!("/api/cases{q}")).await;
        assert_eq!(a.status, 422, "{q}: {}", a.text);
        assert_eq!(a.code(), "invalid_field");
        assert_eq!(a.body["error"]["field"], field, "{q}: {}", a.text);
    }

    // The exercise is labelled as one on its form.
    let html = app
        .client
        .get(app.url(&format!("/api/cases/{exercise}/form.html")))
        .bearer_auth(&itm)
        .send()
        .await
        .expect("html")
        .text()
        .await
        .expect("html");
    assert!(html.contains("HARJOITUS"), "the exercise banner");
    let html = app
        .client
        .get(app.url(&format!("/api/cases/{red}/form.html")))
        .bearer_auth(&itm)
        .send()
        .await
        .expect("html")
        .text()
        .await
        .expect("html");
    assert!(!html.contains("HARJOITUS"), "no banner on a real case");
}

/// A query parameter the API can't read is named, as a body field is (the query parser's own
/// promise: "answering 422 naming the parameter"), so a client knows which one to fix.
#[tokio::test]
async fn a_bad_query_parameter_is_named() {
    let app = spawn_app().await;
    let itm = app.token("tietohallinto").await;
    let id = app.open_case(&itm, "wilma").await;
    for (path, field) in [
        ("/api/cases?open=maybe".to_owned(), "open"),
        ("/api/cases?exercise=1".to_owned(), "exercise"),
        ("/api/cases?limit=x".to_owned(), "limit"),
        ("/api/cases?sort=title".to_owned(), "sort"),
        (format!("/api/cases/{id}/form?lang=xx"), "lang"),
    ] {
        let a = app.get(&itm, &path).await;
        assert_eq!(a.status, 422, "{path}: {}", a.text);
        assert_eq!(a.code(), "invalid_field");
        assert_eq!(a.body["error"]["field"], field, "{path}: {}", a.text);
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_case_api() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("openapi");
    assert_eq!(res.status().as_u16(), 200);
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("application/json"), "{ct}");
    let doc: Value = serde_json::from_str(&res.text().await.expect("body")).expect("valid JSON");
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/cases",
        "/api/cases/{id}",
        "/api/cases/{id}/commands",
        "/api/cases/{id}/evidence",
        "/api/cases/{id}/timeline",
        "/api/session",
    ] {
        assert!(paths.contains_key(p), "{p} in {:?}", paths.keys());
    }
    assert!(paths["/api/cases"]["get"].is_object());
    assert!(paths["/api/cases"]["post"].is_object());
    let commands = &paths["/api/cases/{id}/commands"]["post"];
    assert!(commands.is_object());
    for status in ["200", "409", "428"] {
        assert!(
            commands["responses"][status].is_object(),
            "commands document {status}"
        );
    }
    // Client generators name a function after each operation id: two alike break them.
    let mut ids = std::collections::BTreeMap::new();
    for (path, methods) in paths {
        for (method, op) in methods.as_object().expect("methods") {
            if let Some(id) = op["operationId"].as_str() {
                let earlier = ids.insert(id.to_owned(), format!("{method} {path}"));
                assert!(
                    earlier.is_none(),
                    "operation id {id} twice: {} and {method} {path}",
                    earlier.unwrap_or_default()
                );
            }
        }
    }
}

fn set_cookie(a: &Answer) -> String {
    a.headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_session_cookie_logs_in_and_out() {
    let app = spawn_app().await;

    // Wrong password, unknown user: 401, no cookie.
    for (u, p) in [
        ("palvelupiste", "wrong"),
        ("palvelupiste", ""),
        ("nobody", "demo"),
        ("Not A Slug", "demo"),
    ] {
        let a = app
            .send(
                app.client
                    .post(app.url("/api/session"))
                    .json(&json!({"username": u, "password": p})),
            )
            .await;
        assert_eq!(a.status, 401, "{u}/{p}: {}", a.text);
        assert_eq!(a.code(), "login_failed");
        assert!(set_cookie(&a).is_empty(), "no cookie for a failed login");
    }

    let a = app
        .send(
            app.client
                .post(app.url("/api/session"))
                .json(&json!({"username": "palvelupiste", "password": "demo"})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["id"], "palvelupiste");
    assert_eq!(a.body["name"], "Sanna Virtanen");
    assert_eq!(a.body["roles"], json!(["service_desk"]));
    let cookie = set_cookie(&a);
    let attrs: Vec<String> = cookie
        .split(';')
        .map(|s| s.trim().to_ascii_lowercase())
        .collect();
    assert!(attrs.contains(&"httponly".to_owned()), "{cookie}");
    assert!(
        attrs
            .iter()
            .any(|a| a == "samesite=strict" || a == "samesite=lax"),
        "{cookie}"
    );
    assert!(attrs.contains(&"path=/".to_owned()), "{cookie}");
    let pair = cookie
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let (name, secret) = pair.split_once('=').expect("name=value");
    assert_eq!(name, "mim_session");
    assert!(!secret.is_empty());
    assert!(
        !a.text.contains(secret),
        "the secret travels only in the cookie"
    );

    let me = app
        .send(
            app.client
                .get(app.url("/api/me"))
                .header("cookie", pair.as_str()),
        )
        .await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["id"], "palvelupiste");
    assert_eq!(me.body["language"], "fi");
    // The cookie works like a token for the case API.
    let list = app
        .send(
            app.client
                .get(app.url("/api/cases"))
                .header("cookie", format!("theme=dark; {pair}")),
        )
        .await;
    assert_eq!(list.status, 200, "{}", list.text);

    // Log out: the cookie is cleared and no longer works.
    let out = app
        .send(
            app.client
                .delete(app.url("/api/session"))
                .header("cookie", pair.as_str()),
        )
        .await;
    assert!(out.status == 204 || out.status == 200, "{}", out.text);
    let cleared = set_cookie(&out).to_ascii_lowercase();
    assert!(cleared.starts_with("mim_session=;"), "{cleared}");
    assert!(cleared.contains("max-age=0"), "{cleared}");
    let me = app
        .send(
            app.client
                .get(app.url("/api/me"))
                .header("cookie", pair.as_str()),
        )
        .await;
    assert_eq!(me.status, 401, "{}", me.text);
    assert_eq!(me.code(), "unauthenticated");

    // A second login is a new session; an expired one stops working.
    let a = app
        .send(
            app.client
                .post(app.url("/api/session"))
                .json(&json!({"username": "tietohallinto", "password": "demo"})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let pair2 = set_cookie(&a)
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    assert_ne!(pair2, pair);
    let me = app
        .send(
            app.client
                .get(app.url("/api/me"))
                .header("cookie", pair2.as_str()),
        )
        .await;
    assert_eq!(me.body["id"], "tietohallinto");
    app.clock.advance(Duration::days(60));
    let me = app
        .send(
            app.client
                .get(app.url("/api/me"))
                .header("cookie", pair2.as_str()),
        )
        .await;
    assert_eq!(me.status, 401, "an expired session: {}", me.text);
}
