//! The real `mim` binary across a restart: what was written before SIGTERM is read back
//! unchanged after starting again on the same data directory, sessions included, and case
//! numbering goes on where it stopped.

#[path = "common/process.rs"]
mod process;

use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use process::{Server, mim};
use serde_json::{Value, json};

/// One answer: status, ETag and body as text.
struct Answer {
    status: u16,
    etag: Option<String>,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

async fn send(req: reqwest::RequestBuilder) -> Answer {
    let res = req.send().await.expect("the request is answered");
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = res.text().await.expect("a body");
    Answer { status, etag, text }
}

/// Logs in; returns the `mim_session=…` pair to send back as a cookie.
async fn login(http: &reqwest::Client, s: &Server, user: &str, password: &str) -> String {
    let res = http
        .post(s.url("/api/session"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("login is answered");
    assert_eq!(res.status().as_u16(), 200, "login as {user}");
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .trim()
        .to_owned();
    assert!(cookie.starts_with("mim_session="), "{cookie}");
    let me: Value = res.json().await.expect("the user as JSON");
    assert_eq!(me["id"], user);
    cookie
}

async fn get(http: &reqwest::Client, s: &Server, cookie: &str, path: &str) -> Answer {
    send(http.get(s.url(path)).header("cookie", cookie)).await
}

async fn post(http: &reqwest::Client, s: &Server, cookie: &str, path: &str, body: Value) -> Answer {
    send(http.post(s.url(path)).header("cookie", cookie).json(&body)).await
}

/// Opens a case; returns its id and the moment the server says it was opened.
async fn open_case(http: &reqwest::Client, s: &Server, cookie: &str) -> (String, DateTime<Utc>) {
    let a = post(
        http,
        s,
        cookie,
        "/api/cases",
        json!({"system": "wilma", "report": {"channel": "phone", "text": "Wilma ei aukea kenellekään"}}),
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let body = a.json();
    let id = body["case"]["id"].as_str().expect("the case id").to_owned();
    let opened_at = body["case"]["opened_at"]
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .expect("opened_at")
        .with_timezone(&Utc);
    (id, opened_at)
}

/// Runs a command on the case's current version; returns the case after it.
async fn command(
    http: &reqwest::Client,
    s: &Server,
    cookie: &str,
    id: &str,
    command: Value,
) -> Value {
    let current = get(http, s, cookie, &format!("/api/cases/{id}")).await;
    assert_eq!(current.status, 200, "{}", current.text);
    let version = current.json()["case"]["version"].clone();
    let a = post(
        http,
        s,
        cookie,
        &format!("/api/cases/{id}/commands"),
        json!({"expected_seq": version, "command": command}),
    )
    .await;
    assert_eq!(a.status, 200, "{command}: {}", a.text);
    a.json()
}

/// The id of the `number`th case of the year `at` falls in, in the organisation's zone
/// (Europe/Helsinki in the demo).
fn case_id(at: DateTime<Utc>, number: u32) -> String {
    let year = at.with_timezone(&chrono_tz::Europe::Helsinki).year();
    format!("MIM-{year}-{number:04}")
}

#[tokio::test]
async fn cases_sessions_and_numbering_survive_a_sigterm_restart() {
    let data = tempfile::tempdir().expect("data dir");
    let logs = tempfile::tempdir().expect("log dir");
    let http = reqwest::Client::new();

    // --- first run: seeds the demo ---
    let mut first = Server::start(data.path(), &["--demo"], logs.path().join("first.log"));
    let banner = first.banner.join("\n");
    assert!(banner.contains("Demo data seeded"), "{banner}");
    assert!(
        banner.contains("password \"demo\""),
        "the banner names the demo password: {banner}"
    );
    for u in mim_app::demo_data::demo_register().users {
        assert!(
            first
                .banner
                .iter()
                .any(|l| l.split_whitespace().next() == Some(u.id.as_str()) && l.contains(&u.name)),
            "the banner lists demo user {} ({}): {banner}",
            u.id,
            u.name
        );
    }

    let cookie = login(&http, &first, "palvelupiste", "demo").await;
    let (id, opened_at) = open_case(&http, &first, &cookie).await;
    assert_eq!(id, case_id(opened_at, 1));
    let after = command(
        &http,
        &first,
        &cookie,
        &id,
        json!({"type": "record_assessment", "affected_users": 200, "severity": "prevents_work"}),
    )
    .await;
    assert_eq!(after["case"]["stage"], "assessment");
    assert_eq!(after["case"]["assessment"]["colour"], "red");
    let after = command(
        &http,
        &first,
        &cookie,
        &id,
        json!({"type": "decide_criticality", "start_mim": true}),
    )
    .await;
    assert_eq!(after["case"]["stage"], "mim_started");
    let next_update =
        (opened_at + chrono::Duration::hours(2)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let after = command(
        &http,
        &first,
        &cookie,
        &id,
        json!({"type": "record_communication", "kind": "first_notice", "audience": "henkilöstö",
               "channel": "intranet", "text": "Wilmassa on laaja häiriö; selvitämme.",
               "next_update_at": next_update}),
    )
    .await;
    assert!(!after["case"]["next_update_at"].is_null(), "{after}");

    let case_path = format!("/api/cases/{id}");
    let timeline_path = format!("/api/cases/{id}/timeline");
    let form_path = format!("/api/cases/{id}/form.md");
    let case_before = get(&http, &first, &cookie, &case_path).await;
    let timeline_before = get(&http, &first, &cookie, &timeline_path).await;
    let form_before = get(&http, &first, &cookie, &form_path).await;
    assert_eq!(case_before.status, 200, "{}", case_before.text);
    assert_eq!(timeline_before.status, 200, "{}", timeline_before.text);
    assert_eq!(form_before.status, 200, "{}", form_before.text);
    let entries = timeline_before.json()["entries"]
        .as_array()
        .expect("timeline entries")
        .len();
    assert!(
        entries >= 5,
        "opened, report, assessed, decided, notice: {entries}"
    );
    assert!(form_before.text.contains(&id), "{}", form_before.text);

    let status = first.terminate();
    assert!(
        status.success(),
        "mim serve exits cleanly on SIGTERM: {status:?}; stderr: {}",
        first.stderr()
    );

    // --- second run on the same data, again with --demo ---
    let mut second = Server::start(data.path(), &["--demo"], logs.path().join("second.log"));
    let banner = second.banner.join("\n");
    assert!(
        banner.contains("already holds data"),
        "a second --demo start says the database holds data: {banner}"
    );
    assert!(
        !banner.contains("Demo data seeded") && !banner.contains("password"),
        "the demo is not seeded again: {banner}"
    );

    let me = get(&http, &second, &cookie, "/api/me").await;
    assert_eq!(me.status, 200, "the old session cookie works: {}", me.text);
    assert_eq!(me.json()["id"], "palvelupiste");

    let case_after = get(&http, &second, &cookie, &case_path).await;
    assert_eq!(case_after.status, 200, "{}", case_after.text);
    assert_eq!(
        case_after.json(),
        case_before.json(),
        "the case reads the same"
    );
    assert_eq!(case_after.etag, case_before.etag);
    let timeline_after = get(&http, &second, &cookie, &timeline_path).await;
    assert_eq!(
        timeline_after.json(),
        timeline_before.json(),
        "the timeline"
    );
    let form_after = get(&http, &second, &cookie, &form_path).await;
    assert_eq!(form_after.status, 200);
    assert_eq!(form_after.text, form_before.text, "form.md");

    let list = get(&http, &second, &cookie, "/api/cases").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(
        list.json().as_array().map(Vec::len),
        Some(1),
        "one case, nothing duplicated: {}",
        list.text
    );

    let (next, next_opened_at) = open_case(&http, &second, &cookie).await;
    assert_eq!(
        next,
        case_id(next_opened_at, 2),
        "numbering goes on after the restart"
    );

    let status = second.terminate();
    assert!(status.success(), "{status:?}; stderr: {}", second.stderr());

    let out = mim(&[
        "migrate".as_ref(),
        "--data".as_ref(),
        data.path().as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "mim migrate on the used data: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("up to date"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
