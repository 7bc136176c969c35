//! The real binary from webhook to case: a committed alert is folded into a detection-stage
//! case by the server's own correlation worker, opened by mim itself.

#[path = "common/process.rs"]
mod process;

use process::Server;
use serde_json::Value;
use std::time::{Duration, Instant};

#[tokio::test]
async fn an_alertmanager_webhook_becomes_a_case_opened_by_mim() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(
        &dir.path().join("data"),
        &["--demo"],
        dir.path().join("serve.log"),
    );
    let http = reqwest::Client::new();
    let res = http
        .post(server.url("/api/intake/alertmanager"))
        .bearer_auth("mim_i_demo_alertmanager")
        .header("content-type", "application/json")
        .body(include_str!("fixtures/C01-alertmanager-firing.json"))
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status().as_u16(),
        202,
        "{}",
        res.text().await.unwrap_or_default()
    );

    let login = http
        .post(server.url("/api/session"))
        .json(&serde_json::json!({"username": "palvelupiste", "password": "demo"}))
        .send()
        .await
        .expect("login");
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    // The worker is woken by the commit; wait for its result, bounded.
    let deadline = Instant::now() + Duration::from_secs(10);
    let cases = loop {
        let list: Value = http
            .get(server.url("/api/cases"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("json");
        if list.as_array().is_some_and(|l| !l.is_empty()) || Instant::now() > deadline {
            break list;
        }
        // Another process does the work: a bounded poll on the real result, not a wait for
        // readiness.
        #[allow(clippy::disallowed_methods)]
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let cases = cases.as_array().expect("a list");
    assert_eq!(cases.len(), 1, "{cases:?}; log: {}", server.stderr());
    assert_eq!(cases[0]["system"], "ajanvaraus");
    assert_eq!(cases[0]["stage"], "detection");
    let id = cases[0]["id"].as_str().expect("id");
    let case: Value = http
        .get(server.url(&format!("/api/cases/{id}")))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("case")
        .json()
        .await
        .expect("json");
    assert_eq!(case["case"]["opened_by"]["kind"], "mim");
    assert!(server.terminate().success());
}
