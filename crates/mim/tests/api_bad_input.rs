//! Bad input over HTTP: every refusal has its status, a stable code, the field at fault, a
//! request id matching the header — and writes nothing. Text a person writes is kept verbatim
//! and escaped wherever it is shown.

mod common;

use common::rendered::md_unescape;

use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};

/// The case's version and how many entries its timeline has: what a refusal must not change.
async fn footprint(app: &TestApp, token: &str, id: &str) -> (u64, usize) {
    let case = app.get(token, &format!("/api/cases/{id}")).await;
    assert_eq!(case.status, 200, "{}", case.text);
    let tl = app.get(token, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(tl.status, 200, "{}", tl.text);
    let n = tl.body["entries"]
        .as_array()
        .map(Vec::len)
        .expect("entries");
    (case.etag(), n)
}

/// Every error has one shape: code, message and the request id the header carries.
fn assert_error(a: &Answer, status: u16, code: &str) {
    assert_eq!(a.status, status, "{code}: {}", a.text);
    assert_eq!(a.code(), code, "{}", a.text);
    let e = &a.body["error"];
    let message = e["message"].as_str().unwrap_or_default();
    assert!(
        !message.trim().is_empty(),
        "a message for people: {}",
        a.text
    );
    let id = e["request_id"].as_str().unwrap_or_default();
    assert!(!id.is_empty(), "a request id in the body: {}", a.text);
    let header = a.headers.get("x-request-id").and_then(|v| v.to_str().ok());
    assert_eq!(
        header,
        Some(id),
        "the header and the body name the same request"
    );
    let ct = a
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(ct.starts_with("application/json"), "{ct}");
}

fn assert_field(a: &Answer, status: u16, code: &str, field: &str) {
    assert_error(a, status, code);
    assert_eq!(
        a.body["error"]["field"],
        json!(field),
        "the field at fault: {}",
        a.text
    );
}

async fn raw_post(
    app: &TestApp,
    token: &str,
    path: &str,
    ct: Option<&str>,
    body: Vec<u8>,
) -> Answer {
    let mut req = app.client.post(app.url(path)).bearer_auth(token).body(body);
    if let Some(ct) = ct {
        req = req.header("content-type", ct);
    }
    app.send(req).await
}

async fn command_at(app: &TestApp, token: &str, id: &str, version: u64, command: Value) -> Answer {
    app.post(
        token,
        &format!("/api/cases/{id}/commands"),
        &json!({"expected_seq": version, "command": command}),
    )
    .await
}

#[tokio::test]
async fn unreadable_bodies_are_refused_by_kind_and_write_nothing() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = footprint(&app, &desk, &id).await;
    let path = format!("/api/cases/{id}/commands");
    let json_ct = Some("application/json");

    let a = raw_post(
        &app,
        &desk,
        &path,
        json_ct,
        br#"{"expected_seq": 1, "command": {"type": "#.to_vec(),
    )
    .await;
    assert_error(&a, 400, "malformed_json");
    let a = raw_post(&app, &desk, &path, json_ct, b"not json at all".to_vec()).await;
    assert_error(&a, 400, "malformed_json");
    let a = raw_post(&app, &desk, &path, json_ct, vec![]).await;
    assert_error(&a, 400, "malformed_json");
    let a = raw_post(&app, &desk, &path, json_ct, b"  \n ".to_vec()).await;
    assert_error(&a, 400, "malformed_json");
    // The same for opening a case.
    let a = raw_post(
        &app,
        &desk,
        "/api/cases",
        json_ct,
        b"{\"system\": \"wilma\",".to_vec(),
    )
    .await;
    assert_error(&a, 400, "malformed_json");

    // Not JSON by its content type.
    let body = serde_json::to_vec(&json!({"expected_seq": before.0,
        "command": {"type": "record_assessment", "affected_users": 20, "severity": "minor"}}))
    .expect("json");
    let a = raw_post(&app, &desk, &path, Some("text/plain"), body.clone()).await;
    assert_error(&a, 415, "unsupported_media_type");
    let a = raw_post(&app, &desk, &path, None, body.clone()).await;
    assert_error(&a, 415, "unsupported_media_type");
    let a = raw_post(
        &app,
        &desk,
        &path,
        Some("application/x-www-form-urlencoded"),
        body,
    )
    .await;
    assert_error(&a, 415, "unsupported_media_type");

    // Over 1 MiB: refused as too large, whatever it holds.
    let big = format!(
        r#"{{"expected_seq": {}, "command": {{"type": "add_finding", "category": "other", "text": "{}"}}}}"#,
        before.0,
        "a".repeat(1024 * 1024 + 10)
    );
    let a = raw_post(&app, &desk, &path, json_ct, big.into_bytes()).await;
    assert_error(&a, 413, "payload_too_large");
    let big_open = format!(
        r#"{{"system": "wilma", "report": {{"channel": "phone", "text": "{}"}}}}"#,
        "ä".repeat(600 * 1024)
    );
    let a = raw_post(&app, &desk, "/api/cases", json_ct, big_open.into_bytes()).await;
    assert_error(&a, 413, "payload_too_large");

    assert_eq!(
        footprint(&app, &desk, &id).await,
        before,
        "nothing was written"
    );
    let list = app.get(&desk, "/api/cases").await;
    assert_eq!(
        list.body.as_array().map(Vec::len),
        Some(1),
        "no case was opened: {}",
        list.text
    );
}

#[tokio::test]
async fn wrong_missing_and_unknown_fields_name_their_path() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = footprint(&app, &desk, &id).await;
    let v = before.0;
    let assess = |users: Value, severity: Value| json!({"type": "record_assessment", "affected_users": users, "severity": severity});

    // A missing field: the path of the object that lacks it, and its name in the message.
    let a = command_at(
        &app,
        &desk,
        &id,
        v,
        json!({"type": "record_assessment", "affected_users": 20}),
    )
    .await;
    assert_error(&a, 422, "invalid_field");
    let field = a.body["error"]["field"].as_str().unwrap_or_default();
    assert!(field.starts_with("command"), "{}", a.text);
    assert!(
        a.text.contains("severity"),
        "the message names the missing field: {}",
        a.text
    );

    // Unknown fields, at the top and inside the command.
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": v, "command": assess(json!(20), json!("minor")), "priority": "high"}),
        )
        .await;
    assert_error(&a, 422, "invalid_field");
    assert!(
        a.body["error"]["field"]
            .as_str()
            .unwrap_or_default()
            .contains("priority"),
        "{}",
        a.text
    );
    let mut with_extra = assess(json!(20), json!("minor"));
    with_extra["colour"] = json!("red");
    let a = command_at(&app, &desk, &id, v, with_extra).await;
    assert_error(&a, 422, "invalid_field");
    let field = a.body["error"]["field"].as_str().unwrap_or_default();
    assert!(field.starts_with("command"), "{}", a.text);
    assert!(a.text.contains("colour"), "{}", a.text);

    // An unknown command type and a wrong type for the version.
    let a = command_at(&app, &desk, &id, v, json!({"type": "make_it_work"})).await;
    assert_field(&a, 422, "invalid_field", "command.type");
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": "latest", "command": assess(json!(20), json!("minor"))}),
        )
        .await;
    assert_field(&a, 422, "invalid_field", "expected_seq");
    // A JSON array is readable JSON of the wrong shape.
    let a = raw_post(
        &app,
        &desk,
        &format!("/api/cases/{id}/commands"),
        Some("application/json"),
        b"[]".to_vec(),
    )
    .await;
    assert_error(&a, 422, "invalid_field");

    // Opening: a nested field and an unknown system.
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "wilma", "report": {"channel": "pigeon", "text": "x"}}),
        )
        .await;
    assert_field(&a, 422, "invalid_field", "report.channel");
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "wilma", "report": {"channel": "phone", "text": "   "}}),
        )
        .await;
    assert_field(&a, 422, "invalid_field", "report.text");
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "eioleolemassa", "report": {"channel": "phone", "text": "x"}}),
        )
        .await;
    assert_field(&a, 422, "invalid_field", "system");

    assert_eq!(
        footprint(&app, &desk, &id).await,
        before,
        "nothing was written"
    );
}

/// A bad value inside the command (an internally tagged object) is named by its full path, so a
/// client can point at the very field: `command.affected_users`, not just `command`.
#[tokio::test]
async fn values_inside_a_command_are_named_by_their_path() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = footprint(&app, &desk, &id).await;
    let v = before.0;
    let assess = |users: Value, severity: Value| json!({"type": "record_assessment", "affected_users": users, "severity": severity});

    for users in [json!(0), json!(-3), json!("many"), json!(12.5), Value::Null] {
        let a = command_at(&app, &desk, &id, v, assess(users, json!("minor"))).await;
        assert_field(&a, 422, "invalid_field", "command.affected_users");
    }
    let a = command_at(&app, &desk, &id, v, assess(json!(20), json!("huge"))).await;
    assert_field(&a, 422, "invalid_field", "command.severity");
    let a = command_at(&app, &desk, &id, v, assess(json!(20), json!(3))).await;
    assert_field(&a, 422, "invalid_field", "command.severity");

    let a = command_at(
        &app,
        &desk,
        &id,
        v,
        json!({"type": "decide_criticality", "start_mim": false, "reason": "  "}),
    )
    .await;
    assert_field(&a, 422, "invalid_field", "command.reason");
    let a = command_at(
        &app,
        &desk,
        &id,
        v,
        json!({"type": "record_communication", "kind": "update", "audience": "henkilöstö",
               "channel": "intranet", "text": "x", "next_update_at": "huomenna"}),
    )
    .await;
    assert_field(&a, 422, "invalid_field", "command.next_update_at");
    let a = command_at(
        &app,
        &desk,
        &id,
        v,
        json!({"type": "add_action_item", "title": "x", "owner": "y", "due": "31.02.2026"}),
    )
    .await;
    assert_field(&a, 422, "invalid_field", "command.due");
    assert_eq!(
        footprint(&app, &desk, &id).await,
        before,
        "nothing was written"
    );
}

/// The same for evidence: the field at fault is named, not the whole body.
#[tokio::test]
async fn evidence_fields_are_named_by_their_path() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = footprint(&app, &desk, &id).await;
    let path = format!("/api/cases/{id}/evidence");
    let a = app
        .post(&desk, &path, &json!({"type": "note", "text": ""}))
        .await;
    assert_field(&a, 422, "invalid_field", "text");
    let a = app
        .post(
            &desk,
            &path,
            &json!({"type": "note", "text": "x", "occurred_at": "eilen"}),
        )
        .await;
    assert_field(&a, 422, "invalid_field", "occurred_at");
    let a = app
        .post(&desk, &path, &json!({"type": "alert_firing", "fingerprint": "f1", "name": "n", "text": "t", "severity": "high"}))
        .await;
    assert_error(&a, 422, "invalid_field");
    assert!(
        a.body["error"]["field"]
            .as_str()
            .unwrap_or_default()
            .contains("severity"),
        "{}",
        a.text
    );
    assert_eq!(
        footprint(&app, &desk, &id).await,
        before,
        "nothing was written"
    );
}

#[tokio::test]
async fn versions_cases_roles_and_moves_are_refused_precisely() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let board = app.token("johtoryhma").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = footprint(&app, &desk, &id).await;
    let v = before.0;
    let assess =
        json!({"type": "record_assessment", "affected_users": 120, "severity": "prevents_work"});

    // No version: 428; a version disagreeing with If-Match: 422.
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/commands"),
            &json!({"command": assess}),
        )
        .await;
    assert_error(&a, 428, "version_required");
    let a = app
        .send(
            app.client
                .post(app.url(&format!("/api/cases/{id}/commands")))
                .bearer_auth(&desk)
                .header("if-match", "\"banana\"")
                .json(&json!({"command": assess})),
        )
        .await;
    assert_field(&a, 422, "invalid_field", "If-Match");
    let a = app
        .send(
            app.client
                .post(app.url(&format!("/api/cases/{id}/commands")))
                .bearer_auth(&desk)
                .header("if-match", format!("\"{}\"", v + 5))
                .json(&json!({"expected_seq": v, "command": assess})),
        )
        .await;
    assert_field(&a, 422, "invalid_field", "expected_seq");
    // A stale version: 409 with the current one.
    let a = command_at(&app, &desk, &id, v + 3, assess.clone()).await;
    assert_error(&a, 409, "version_conflict");
    assert_eq!(a.body["error"]["current_version"], json!(v));

    // Unknown and malformed case ids are 404 on every route.
    for bad in [
        "MIM-2026-9999",
        "MIM-1999-0001",
        "not-a-case",
        "MIM-2026-0000",
        "%3Cscript%3E",
    ] {
        for path in [
            format!("/api/cases/{bad}"),
            format!("/api/cases/{bad}/timeline"),
            format!("/api/cases/{bad}/form"),
            format!("/api/cases/{bad}/form.html"),
            format!("/api/cases/{bad}/form.md"),
        ] {
            let a = app.get(&desk, &path).await;
            assert_error(&a, 404, "not_found");
        }
        let a = command_at(&app, &desk, bad, 1, assess.clone()).await;
        assert_error(&a, 404, "not_found");
        let a = app
            .post(
                &desk,
                &format!("/api/cases/{bad}/evidence"),
                &json!({"type": "note", "text": "x"}),
            )
            .await;
        assert_error(&a, 404, "not_found");
    }
    let a = app.get(&desk, "/api/no-such-thing").await;
    assert_error(&a, 404, "not_found");

    // Wrong role: the management group does not assess, IT management does not dismiss.
    let a = command_at(&app, &board, &id, v, assess.clone()).await;
    assert_error(&a, 403, "missing_role");
    let a = command_at(
        &app,
        &itm,
        &id,
        v,
        json!({"type": "dismiss", "reason": "false_alarm", "text": "ei mitään"}),
    )
    .await;
    assert_error(&a, 403, "missing_role");
    // A stakeholder may not read cases at all.
    let sidos = app.token("sidosryhma").await;
    let a = app.get(&sidos, &format!("/api/cases/{id}")).await;
    assert_error(&a, 403, "forbidden");

    // Illegal moves: 409 listing exactly the moves of the stage now.
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    let allowed = case.body["allowed_now"].clone();
    assert!(allowed.as_array().is_some_and(|a| !a.is_empty()));
    for cmd in [
        json!({"type": "sign_off"}),
        json!({"type": "close"}),
        json!({"type": "decide_criticality", "start_mim": true}),
        json!({"type": "report_fix", "text": "korjattu"}),
    ] {
        let a = command_at(&app, &itm, &id, v, cmd).await;
        assert_error(&a, 409, "illegal_move");
        assert_eq!(a.body["error"]["allowed"], allowed, "{}", a.text);
    }
    assert_eq!(
        footprint(&app, &desk, &id).await,
        before,
        "nothing was written"
    );

    // In assessment (red): other moves are allowed, and the list follows.
    let a = command_at(&app, &desk, &id, v, assess.clone()).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.etag();
    let allowed = a.body["allowed_now"].clone();
    assert!(
        allowed
            .as_array()
            .is_some_and(|l| l.contains(&json!("decide_criticality")))
    );
    let a = command_at(&app, &itm, &id, v, json!({"type": "activate_backup"})).await;
    assert_error(&a, 409, "illegal_move");
    assert_eq!(a.body["error"]["allowed"], allowed);

    // Not starting MIM needs a reason; so does departing from red.
    let before = footprint(&app, &desk, &id).await;
    let a = command_at(
        &app,
        &desk,
        &id,
        v,
        json!({"type": "decide_criticality", "start_mim": false}),
    )
    .await;
    assert_field(&a, 422, "invalid_field", "command.reason");
    assert_eq!(
        footprint(&app, &desk, &id).await,
        before,
        "nothing was written"
    );
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.body["case"]["stage"], "assessment");
}

#[tokio::test]
async fn without_a_valid_credential_everything_is_401() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let before = footprint(&app, &desk, &id).await;
    let cmd = json!({"expected_seq": before.0, "command":
        {"type": "record_assessment", "affected_users": 5, "severity": "minor"}});

    let paths = [
        "/api/me".to_owned(),
        "/api/cases".to_owned(),
        format!("/api/cases/{id}"),
        format!("/api/cases/{id}/timeline"),
        format!("/api/cases/{id}/form.html"),
    ];
    for path in &paths {
        let a = app.send(app.client.get(app.url(path))).await;
        assert_error(&a, 401, "unauthenticated");
        let a = app.get("mim_t_not_a_real_token", path).await;
        assert_error(&a, 401, "unauthenticated");
        let a = app
            .send(
                app.client
                    .get(app.url(path))
                    .header("authorization", format!("Basic {desk}")),
            )
            .await;
        assert_error(&a, 401, "unauthenticated");
        let a = app
            .send(
                app.client
                    .get(app.url(path))
                    .header("cookie", "mim_session=mim_s_forged"),
            )
            .await;
        assert_error(&a, 401, "unauthenticated");
    }
    let a = app
        .send(
            app.client
                .post(app.url(&format!("/api/cases/{id}/commands")))
                .json(&cmd),
        )
        .await;
    assert_error(&a, 401, "unauthenticated");
    let a = app
        .post("mim_t_forged", &format!("/api/cases/{id}/commands"), &cmd)
        .await;
    assert_error(&a, 401, "unauthenticated");
    let a = app
        .send(
            app.client
                .post(app.url("/api/cases"))
                .json(&json!({"system": "wilma",
            "report": {"channel": "phone", "text": "x"}})),
        )
        .await;
    assert_error(&a, 401, "unauthenticated");
    let a = app
        .post(
            "",
            &format!("/api/cases/{id}/evidence"),
            &json!({"type": "note", "text": "x"}),
        )
        .await;
    assert_error(&a, 401, "unauthenticated");

    assert_eq!(
        footprint(&app, &desk, &id).await,
        before,
        "nothing was written"
    );
    let list = app.get(&desk, "/api/cases").await;
    assert_eq!(list.body.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn script_text_is_kept_verbatim_and_escaped_in_every_form() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let title = "<script>alert(1)</script> Wilma & \"kirjautuminen\"";
    let report = "<img src=x onerror=alert(2)> ei toimi <script>alert('r')</script>";
    let note = "[linkki](javascript:alert(3)) **lihava** <b>x</b> | taulukko |";
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "wilma", "title": title, "description": "<iframe src=//evil.invalid>",
                    "report": {"channel": "ticket", "text": report, "reporter": "<svg onload=alert(4)>"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.body["case"]["id"].as_str().expect("id").to_owned();
    let e = app
        .post(
            &desk,
            &format!("/api/cases/{id}/evidence"),
            &json!({"type": "note", "text": note}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.text);

    // Stored verbatim: JSON carries exactly what was written.
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.body["case"]["title"], title);
    assert_eq!(
        case.body["case"]["description"],
        "<iframe src=//evil.invalid>"
    );
    let form = app.get(&desk, &format!("/api/cases/{id}/form")).await;
    assert_eq!(form.body["form"]["detection"]["text"], report);
    assert_eq!(
        form.body["form"]["detection"]["reporter"],
        "<svg onload=alert(4)>"
    );
    let tl = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    let texts: Vec<&str> = tl.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["event"]["text"].as_str())
        .collect();
    assert!(
        texts.contains(&report) && texts.contains(&note),
        "{texts:?}"
    );

    // HTML: no markup of the user's survives; the text is there, escaped.
    let res = app
        .client
        .get(app.url(&format!("/api/cases/{id}/form.html")))
        .bearer_auth(&desk)
        .send()
        .await
        .expect("html");
    assert_eq!(res.status().as_u16(), 200);
    let csp = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "a strict CSP: {csp}");
    let html = res.text().await.expect("html");
    for raw in ["<script", "<img", "<svg", "<iframe", "<b>"] {
        assert!(!html.contains(raw), "raw {raw} in the HTML form");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;"),
        "the title, escaped"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "the report, escaped"
    );
    assert!(html.contains("&amp;"), "the ampersand, escaped");

    // Markdown: user punctuation is escaped so it stays text.
    let md = app
        .client
        .get(app.url(&format!("/api/cases/{id}/form.md")))
        .bearer_auth(&desk)
        .send()
        .await
        .expect("md")
        .text()
        .await
        .expect("md");
    // The template itself writes none of `<`, `[`, `]` or a backtick: every one in the form is
    // the user's and must stand escaped, so it can open no tag, link or code span.
    let chars: Vec<char> = md.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '<' | '>' | '[' | ']' | '`') {
            assert!(
                i > 0 && chars[i - 1] == '\\',
                "an unescaped {c:?} at char {i} of the Markdown form:\n{md}"
            );
        }
    }
    assert!(
        !md.contains("**lihava**"),
        "the user's emphasis stands bare:\n{md}"
    );
    assert!(
        md.contains(r"\*\*lihava\*\*"),
        "the emphasis, escaped:\n{md}"
    );
    // Unescaped, the texts read exactly as written.
    let plain = md_unescape(&md);
    for text in [
        title,
        report,
        note,
        "<svg onload=alert(4)>",
        "<iframe src=//evil.invalid>",
    ] {
        assert!(plain.contains(text), "{text} in the Markdown form:\n{md}");
    }
}
