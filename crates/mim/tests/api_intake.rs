//! The intake's front door over HTTP: `POST /api/intake/{source}` (and `/{secret}`), with the
//! demo's sources (one per format, severity mapping M). A 202 means the delivery is in the
//! inbox, read back here through the store; every refusal has its status and reason, writes
//! nothing to the inbox, and a refused body from a caller that proved itself is quarantined
//! once (case C02). Cases C01 and C02 use the shared case inputs (copied to `fixtures/`).

mod common;

use common::{Answer, TestApp, spawn_app};
use mim_domain::detection::{Signal, SignalStatus};
use mim_store::{IntakeStore, StoredDelivery};
use mim_store_sqlite::SqliteStore;
use serde_json::{Value, json};

const AM: &str = "mim_i_demo_alertmanager";
const ZABBIX: &str = "mim_i_demo_zabbix";
const GRAFANA: &str = "mim_i_demo_grafana";
const AZURE: &str = "mim_i_demo_azure_monitor";
const GENERIC: &str = "mim_i_demo_generic";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Posts raw bytes as `application/json` with the given headers.
async fn post_raw(t: &TestApp, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Answer {
    let mut req = t
        .client
        .post(t.url(path))
        .header("content-type", "application/json")
        .body(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    t.send(req).await
}

/// Posts to a bearer source with its token.
async fn post_bearer(t: &TestApp, source: &str, token: &str, body: Vec<u8>) -> Answer {
    let auth = format!("Bearer {token}");
    post_raw(
        t,
        &format!("/api/intake/{source}"),
        &[("authorization", &auth)],
        body,
    )
    .await
}

/// Posts to the demo's HMAC source, signed with `key`.
async fn post_signed(t: &TestApp, key: &str, body: Vec<u8>) -> Answer {
    let sig = mim_app::intake::signature(key, &body);
    post_raw(t, "/api/intake/generic", &[("x-mim-signature", &sig)], body).await
}

/// A second handle on the test's database, to read what was committed.
async fn store(t: &TestApp) -> SqliteStore {
    SqliteStore::open(&t.dir.path().join("mim.sqlite3"))
        .await
        .expect("open the test's store")
}

async fn inbox(t: &TestApp) -> Vec<StoredDelivery> {
    store(t)
        .await
        .deliveries_after(0, 10_000)
        .await
        .expect("inbox")
}

async fn quarantine(t: &TestApp) -> Vec<Value> {
    let admin = t.token("admin").await;
    let a = t.get(&admin, "/api/intake/quarantine").await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body.as_array().expect("a list").clone()
}

fn assert_error(a: &Answer, status: u16, code: &str) {
    assert_eq!(a.status, status, "{code}: {}", a.text);
    assert_eq!(a.code(), code, "{}", a.text);
    assert!(
        a.body["error"]["request_id"].as_str().is_some(),
        "{}",
        a.text
    );
}

fn only_alert(d: &StoredDelivery) -> &mim_domain::detection::AlertSignal {
    match d.batch.signals.as_slice() {
        [Signal::Alert(a)] => a,
        other => panic!("one alert expected, got {other:?}"),
    }
}

// ---- C02: malformed and empty bodies ----

const C02_BAD: [(&str, &str); 6] = [
    ("C02-empty-body.txt", "empty_body"),
    ("C02-null-body.json", "wrong_shape"),
    ("C02-array-body.json", "wrong_shape"),
    ("C02-truncated-body.txt", "malformed_json"),
    ("C02-zabbix-unescaped-quote.txt", "malformed_json"),
    ("C02-zabbix-unescaped-backslash.txt", "malformed_json"),
];

#[tokio::test]
async fn c02_bad_bodies_are_400_with_reason_and_quarantined_once_each() {
    let t = spawn_app().await;
    // Zabbix retries a failed send: every body arrives three times.
    for round in 0..3 {
        for (name, code) in C02_BAD {
            let a = post_bearer(&t, "zabbix", ZABBIX, fixture(name)).await;
            assert_error(&a, 400, code);
            let e = &a.body["error"];
            match code {
                "malformed_json" => {
                    assert!(e["position"]["line"].as_u64().is_some(), "{}", a.text);
                    assert!(e["position"]["column"].as_u64().is_some(), "{}", a.text);
                }
                "wrong_shape" => assert_eq!(e["field"], "$", "{name}: {}", a.text),
                _ => assert!(e.get("position").is_none(), "{}", a.text),
            }
            if round == 0 {
                assert!(
                    e["message"].as_str().is_some_and(|m| !m.is_empty()),
                    "{}",
                    a.text
                );
            }
        }
    }

    // The parse position points into the body: the stray quote, the end of a cut body.
    let quote = fixture("C02-zabbix-unescaped-quote.txt");
    let a = post_bearer(&t, "zabbix", ZABBIX, quote.clone()).await;
    let pos = &a.body["error"]["position"];
    assert_eq!(pos["line"], 1);
    let column = usize::try_from(pos["column"].as_u64().expect("column")).expect("small");
    assert_eq!(&quote[column - 1..column + 6], b"Spooler", "{}", a.text);
    let a = post_bearer(&t, "zabbix", ZABBIX, fixture("C02-truncated-body.txt")).await;
    assert_eq!(a.body["error"]["position"], json!({"line": 2, "column": 1}));

    // Nothing reached the inbox.
    assert!(inbox(&t).await.is_empty(), "no refused body is committed");

    // Each distinct body once, counted; the body kept as sent.
    let kept = quarantine(&t).await;
    assert_eq!(kept.len(), C02_BAD.len(), "{kept:#?}");
    for (name, code) in C02_BAD {
        let body = String::from_utf8(fixture(name)).expect("text");
        let entry = kept
            .iter()
            .find(|q| q["body"] == json!(body))
            .unwrap_or_else(|| panic!("{name} is quarantined"));
        assert_eq!(entry["reason_code"], code, "{name}");
        assert_eq!(entry["source"], "zabbix");
        let resent = if matches!(
            name,
            "C02-zabbix-unescaped-quote.txt" | "C02-truncated-body.txt"
        ) {
            4
        } else {
            3
        };
        assert_eq!(entry["times"], resent, "{name}: {entry}");
        assert_eq!(entry["body_len"], body.len(), "{name}");
        assert_eq!(entry["body_cut"], false);
        assert_eq!(entry["first_at"], entry["last_at"], "the clock stood still");
    }
}

#[tokio::test]
async fn c02_bad_bodies_are_refused_in_every_format() {
    let t = spawn_app().await;
    for (name, code) in C02_BAD {
        for (source, token) in [("alertmanager", AM), ("grafana", GRAFANA)] {
            let a = post_bearer(&t, source, token, fixture(name)).await;
            assert_error(&a, 400, code);
        }
        let a = post_raw(
            &t,
            &format!("/api/intake/azure-monitor/{AZURE}"),
            &[],
            fixture(name),
        )
        .await;
        assert_error(&a, 400, code);
        let a = post_signed(&t, GENERIC, fixture(name)).await;
        assert_error(&a, 400, code);
    }
    assert!(inbox(&t).await.is_empty());
    assert_eq!(quarantine(&t).await.len(), C02_BAD.len());
}

#[tokio::test]
async fn c02_escaped_zabbix_body_is_accepted_byte_exact() {
    let t = spawn_app().await;
    let a = post_bearer(&t, "zabbix", ZABBIX, fixture("C02-zabbix-escaped.json")).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["signals"], 1);
    assert_eq!(a.body["duplicate"], false);
    let inbox = inbox(&t).await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(a.body["seq"], inbox[0].seq);
    assert_eq!(inbox[0].source, "zabbix");
    let alert = only_alert(&inbox[0]);
    let title = r#"Service "Spooler" (Print Spooler) is not running"#;
    assert_eq!(alert.summary.as_bytes(), title.as_bytes());
    assert_eq!(alert.name, title);
    assert!(quarantine(&t).await.is_empty());
}

// ---- C01: Alertmanager firing, then resolved ----

#[tokio::test]
async fn c01_alertmanager_firing_and_resolved_are_committed() {
    let t = spawn_app().await;
    let firing = post_bearer(
        &t,
        "alertmanager",
        AM,
        fixture("C01-alertmanager-firing.json"),
    )
    .await;
    assert_eq!(firing.status, 202, "{}", firing.text);
    let resolved = post_bearer(
        &t,
        "alertmanager",
        AM,
        fixture("C01-alertmanager-resolved.json"),
    )
    .await;
    assert_eq!(resolved.status, 202, "{}", resolved.text);
    assert!(resolved.body["seq"].as_u64() > firing.body["seq"].as_u64());

    let inbox = inbox(&t).await;
    assert_eq!(inbox.len(), 2);
    let (first, second) = (only_alert(&inbox[0]), only_alert(&inbox[1]));
    assert_eq!(first.fingerprint, "3f1e9a7c5b2d4e60");
    assert_eq!(first.status, SignalStatus::Firing);
    assert_eq!(first.ends_at, None, "never year 0001");
    assert_eq!(second.fingerprint, "3f1e9a7c5b2d4e60");
    assert_eq!(second.status, SignalStatus::Resolved);
    assert_eq!(
        second.ends_at.zip(second.starts_at).map(|(e, s)| e - s),
        Some(chrono::Duration::seconds(47 * 60 + 30))
    );
    for d in &inbox {
        assert_eq!(d.source, "alertmanager");
        assert_eq!(d.received_at, t.clock_now(), "received on mim's clock");
        assert_eq!(d.idempotency_key, None);
    }

    // Grafana's offset time is an instant.
    let a = post_bearer(
        &t,
        "grafana",
        GRAFANA,
        fixture("C01-grafana-firing-offset.json"),
    )
    .await;
    assert_eq!(a.status, 202, "{}", a.text);
}

#[tokio::test]
async fn any_content_type_is_accepted() {
    let t = spawn_app().await;
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut req = t
            .client
            .post(t.url("/api/intake/alertmanager"))
            .bearer_auth(AM)
            .body(fixture("C01-alertmanager-firing.json"));
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        let a = t.send(req).await;
        assert_eq!(a.status, 202, "{ct:?}: {}", a.text);
    }
}

// ---- authentication ----

#[tokio::test]
async fn bearer_sources_need_their_own_token() {
    let t = spawn_app().await;
    let body = || fixture("C01-alertmanager-firing.json");
    let a = post_raw(&t, "/api/intake/alertmanager", &[], body()).await;
    assert_error(&a, 401, "unauthenticated");
    let a = post_bearer(&t, "alertmanager", "mim_i_wrong", body()).await;
    assert_error(&a, 401, "unauthenticated");
    // Another source's token, and a user's API token, are not this source's.
    let a = post_bearer(&t, "alertmanager", GRAFANA, body()).await;
    assert_error(&a, 401, "unauthenticated");
    let user_token = t.token("admin").await;
    let a = post_bearer(&t, "alertmanager", &user_token, body()).await;
    assert_error(&a, 401, "unauthenticated");
    // The token belongs in the header, not the URL.
    let a = post_raw(&t, &format!("/api/intake/alertmanager/{AM}"), &[], body()).await;
    assert_error(&a, 401, "unauthenticated");
    // Unknown sources are 404, whatever the token.
    let a = post_bearer(&t, "prometheus", AM, body()).await;
    assert_error(&a, 404, "not_found");
    // An unauthenticated bad body is refused for its sender, not kept.
    let a = post_bearer(&t, "zabbix", "mim_i_wrong", fixture("C02-null-body.json")).await;
    assert_error(&a, 401, "unauthenticated");
    // The scheme's case does not matter.
    let a = post_raw(
        &t,
        "/api/intake/alertmanager",
        &[("authorization", &format!("bearer {AM}"))],
        body(),
    )
    .await;
    assert_eq!(a.status, 202, "{}", a.text);

    assert_eq!(inbox(&t).await.len(), 1, "only the right token got in");
    assert!(quarantine(&t).await.is_empty());
}

#[tokio::test]
async fn azure_monitor_sends_its_secret_in_the_url() {
    let t = spawn_app().await;
    let body = || fixture("azure-sev1-fired.json");
    let a = post_raw(
        &t,
        &format!("/api/intake/azure-monitor/{AZURE}"),
        &[],
        body(),
    )
    .await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["signals"], 1);
    let a = post_raw(&t, "/api/intake/azure-monitor/mim_i_wrong", &[], body()).await;
    assert_error(&a, 401, "unauthenticated");
    let a = post_raw(&t, "/api/intake/azure-monitor", &[], body()).await;
    assert_error(&a, 401, "unauthenticated");
    // The secret as a bearer token is refused: this source's proof is the URL.
    let a = post_bearer(&t, "azure-monitor", AZURE, body()).await;
    assert_error(&a, 401, "unauthenticated");
    let inbox = inbox(&t).await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].source, "azure-monitor");
}

#[tokio::test]
async fn generic_sources_sign_the_raw_body_with_hmac() {
    let t = spawn_app().await;
    let body = br#"{"reports":[{"channel":"ticket","text":"Wilma ei aukea"}]}"#.to_vec();
    // An independent computation (Python's hmac) of the same signature.
    let expected = "sha256=9427f209a3b7f9e9da534a9ba10ec8d5c900e34991d2584fe8c5e77763b74326";
    assert_eq!(mim_app::intake::signature(GENERIC, &body), expected);

    let a = post_raw(
        &t,
        "/api/intake/generic",
        &[("x-mim-signature", expected)],
        body.clone(),
    )
    .await;
    assert_eq!(a.status, 202, "{}", a.text);
    let a = post_signed(&t, GENERIC, fixture("generic-example.json")).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["signals"], 4);

    // Missing, malformed, made with another key, or for another body: 401.
    let a = post_raw(&t, "/api/intake/generic", &[], body.clone()).await;
    assert_error(&a, 401, "unauthenticated");
    let a = post_raw(
        &t,
        "/api/intake/generic",
        &[("x-mim-signature", "sha256=abc")],
        body.clone(),
    )
    .await;
    assert_error(&a, 401, "unauthenticated");
    let a = post_signed(&t, "another-key-of-16-bytes", body.clone()).await;
    assert_error(&a, 401, "unauthenticated");
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    let a = post_raw(
        &t,
        "/api/intake/generic",
        &[("x-mim-signature", expected)],
        tampered,
    )
    .await;
    assert_error(&a, 401, "unauthenticated");
    // A bearer token is no signature.
    let a = post_bearer(&t, "generic", GENERIC, body.clone()).await;
    assert_error(&a, 401, "unauthenticated");
    // A badly signed bad body is not kept; a well-signed one is.
    let a = post_signed(&t, "another-key-of-16-bytes", fixture("C02-null-body.json")).await;
    assert_error(&a, 401, "unauthenticated");
    assert!(quarantine(&t).await.is_empty());
    let a = post_signed(&t, GENERIC, fixture("C02-null-body.json")).await;
    assert_error(&a, 400, "wrong_shape");
    assert_eq!(quarantine(&t).await.len(), 1);

    assert_eq!(inbox(&t).await.len(), 2);
}

// ---- size ----

/// Adds a source as the admin; returns its new secret.
async fn add_source(t: &TestApp, id: &str, body: Value) -> String {
    let admin = t.token("admin").await;
    let a = t
        .send(
            t.client
                .put(t.url(&format!("/api/sources/{id}")))
                .bearer_auth(&admin)
                .json(&body),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    a.body["secret"].as_str().expect("a new secret").to_owned()
}

/// A generic body with `n` alerts, each about 200 bytes.
fn generic_alerts(n: usize) -> Vec<u8> {
    let alerts: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "id": format!("check-{i}"),
                "status": "firing",
                "name": format!("Synthetic check {i}"),
                "summary": "Kirjautuminen epäonnistuu ".repeat(4),
                "labels": {"system": "wilma", "check": format!("c{i}")},
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "alerts": alerts })).expect("json")
}

#[tokio::test]
async fn oversized_bodies_are_413_and_storm_sized_ones_pass() {
    let t = spawn_app().await;
    let secret = add_source(
        &t,
        "small",
        json!({"name": "Small", "format": "generic", "auth": "bearer", "max_body_bytes": 4096}),
    )
    .await;
    let big = generic_alerts(40);
    assert!(big.len() > 4096);
    let a = post_bearer(&t, "small", &secret, big.clone()).await;
    assert_error(&a, 413, "payload_too_large");
    assert!(
        a.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("4096")),
        "{}",
        a.text
    );
    let small = generic_alerts(5);
    assert!(small.len() < 4096);
    let a = post_bearer(&t, "small", &secret, small).await;
    assert_eq!(a.status, 202, "{}", a.text);
    // Kept for the admin to see why: its beginning, once.
    let a = post_bearer(&t, "small", &secret, big.clone()).await;
    assert_error(&a, 413, "payload_too_large");
    let kept = quarantine(&t).await;
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0]["reason_code"], "too_large");
    assert_eq!(kept[0]["times"], 2);
    assert_eq!(kept[0]["body_len"], big.len());

    // A storm payload over the API's 1 MiB limit is within a source's default 10 MiB.
    let storm = generic_alerts(8000);
    assert!(storm.len() > 1024 * 1024, "{}", storm.len());
    let a = post_signed(&t, GENERIC, storm).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["signals"], 8000);
    assert_eq!(inbox(&t).await.len(), 2);
}

/// A chunked body (no Content-Length) is cut off at the limit just the same.
#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413() {
    let t = spawn_app().await;
    let secret = add_source(
        &t,
        "chunked",
        json!({"name": "Chunked", "format": "generic", "auth": "bearer", "max_body_bytes": 2048}),
    )
    .await;
    let addr = t.base.trim_start_matches("http://").to_owned();
    let send = |body: Vec<u8>| {
        let (addr, secret) = (addr.clone(), secret.clone());
        tokio::task::spawn_blocking(move || chunked_post(&addr, &secret, &body))
    };
    let answer = send(generic_alerts(30)).await.expect("joined");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
    let answer = send(generic_alerts(3)).await.expect("joined");
    assert!(answer.starts_with("HTTP/1.1 202"), "{answer}");
    assert_eq!(inbox(&t).await.len(), 1);
}

/// Sends `body` in 500-byte chunks over a plain connection; returns the whole answer.
fn chunked_post(addr: &str, secret: &str, body: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    let head = format!(
        "POST /api/intake/chunked HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {secret}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    s.write_all(head.as_bytes()).expect("head");
    for chunk in body.chunks(500) {
        // The server may answer and close before the whole body is sent.
        if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .and_then(|()| s.write_all(chunk))
            .and_then(|()| s.write_all(b"\r\n"))
            .is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
}

// ---- idempotency ----

#[tokio::test]
async fn a_resent_idempotency_key_counts_once() {
    let t = spawn_app().await;
    let send = |key: &'static str| {
        let auth = format!("Bearer {AM}");
        let t = &t;
        async move {
            post_raw(
                t,
                "/api/intake/alertmanager",
                &[("authorization", &auth), ("idempotency-key", key)],
                fixture("C01-alertmanager-firing.json"),
            )
            .await
        }
    };
    let first = send("am-node-1-group-7").await;
    assert_eq!(first.status, 202, "{}", first.text);
    assert_eq!(first.body["duplicate"], false);
    let again = send("am-node-1-group-7").await;
    assert_eq!(again.status, 202, "{}", again.text);
    assert_eq!(again.body["duplicate"], true);
    assert_eq!(
        again.body["seq"], first.body["seq"],
        "the first copy's place"
    );
    let other = send("am-node-1-group-8").await;
    assert_eq!(other.body["duplicate"], false);
    assert_ne!(other.body["seq"], first.body["seq"]);
    // The same key from another source is that source's own.
    let a = post_raw(
        &t,
        "/api/intake/grafana",
        &[
            ("authorization", &format!("Bearer {GRAFANA}")),
            ("idempotency-key", "am-node-1-group-7"),
        ],
        fixture("C01-grafana-firing-offset.json"),
    )
    .await;
    assert_eq!(a.body["duplicate"], false, "{}", a.text);

    let inbox = inbox(&t).await;
    assert_eq!(inbox.len(), 3, "the resent delivery is stored once");
    assert_eq!(
        inbox[0].idempotency_key.as_deref(),
        Some("am-node-1-group-7")
    );
}

// ---- sources ----

#[tokio::test]
async fn sources_are_managed_by_admins_and_never_show_secrets() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let it = t.token("tietohallinto").await;
    let desk = t.token("palvelupiste").await;

    // The demo's five sources, one per format, without secrets.
    let a = t.get(&admin, "/api/sources").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let formats: Vec<&str> = a
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["format"].as_str().expect("format"))
        .collect();
    assert_eq!(formats.len(), 5);
    for f in [
        "alertmanager",
        "grafana",
        "zabbix",
        "azure_monitor",
        "generic",
    ] {
        assert!(formats.contains(&f), "{f}: {formats:?}");
    }
    for secret in [AM, ZABBIX, GRAFANA, AZURE, GENERIC, "sha256", "\"secret\":"] {
        assert!(!a.text.contains(secret), "{secret} in {}", a.text);
    }
    let az = t.get(&it, "/api/sources/azure-monitor").await;
    assert_eq!(az.status, 200, "{}", az.text);
    assert_eq!(az.body["auth"], "url_secret");
    assert_eq!(az.body["path"], "/api/intake/azure-monitor/{secret}");
    assert_eq!(az.body["time_zone"], "Europe/Helsinki");
    assert_eq!(az.body["max_body_bytes"], 10 * 1024 * 1024);
    assert_eq!(
        az.body["severity_mapping"]["rules"][0]["class"],
        "prevents_work"
    );

    // Others may not read or change them, nor see the quarantine.
    assert_error(&t.get(&desk, "/api/sources").await, 403, "forbidden");
    assert_error(
        &t.get(&it, "/api/intake/quarantine").await,
        403,
        "forbidden",
    );
    let put = |token: &str, id: &str, body: Value| {
        t.send(
            t.client
                .put(t.url(&format!("/api/sources/{id}")))
                .bearer_auth(token)
                .json(&body),
        )
    };
    let body = json!({"name": "Zabbix (test)", "format": "zabbix", "auth": "bearer",
                      "time_zone": "Europe/Stockholm", "severity_mapping": {"rules": []}});
    assert_error(
        &put(&desk, "zabbix-test", body.clone()).await,
        403,
        "forbidden",
    );

    // IT management adds one: the secret is shown once and works.
    let created = put(&it, "zabbix-test", body.clone()).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["version"], 1);
    let secret = created.body["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("mim_i_"), "{secret}");
    let event = || fixture("zabbix-media-type-problem.json");
    let a = post_bearer(&t, "zabbix-test", &secret, event()).await;
    assert_eq!(a.status, 202, "{}", a.text);

    // A change keeps the secret unless asked.
    let changed = put(&it, "zabbix-test", body.clone()).await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["version"], 2);
    assert!(changed.body.get("secret").is_none(), "{}", changed.text);
    assert_eq!(
        post_bearer(&t, "zabbix-test", &secret, event())
            .await
            .status,
        202
    );

    // Rotation: the new secret works at once, the old one no longer.
    let mut rotate = body.clone();
    rotate["rotate_secret"] = json!(true);
    let rotated = put(&admin, "zabbix-test", rotate).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text);
    let fresh = rotated.body["secret"].as_str().expect("secret").to_owned();
    assert_ne!(fresh, secret);
    assert_error(
        &post_bearer(&t, "zabbix-test", &secret, event()).await,
        401,
        "unauthenticated",
    );
    assert_eq!(
        post_bearer(&t, "zabbix-test", &fresh, event()).await.status,
        202
    );

    // A disabled source is not there for senders.
    let mut off = body.clone();
    off["enabled"] = json!(false);
    assert_eq!(put(&admin, "zabbix-test", off).await.status, 200);
    assert_error(
        &post_bearer(&t, "zabbix-test", &fresh, event()).await,
        404,
        "not_found",
    );

    // Bad values name their field.
    for (id, patch, field) in [
        (
            "zabbix-test",
            json!({"max_body_bytes": 65 * 1024 * 1024}),
            "max_body_bytes",
        ),
        (
            "zabbix-test",
            json!({"time_zone": "Europe/Kuusijärvi"}),
            "time_zone",
        ),
        ("zabbix-test", json!({"id": "other"}), "id"),
        ("zabbix-test", json!({"format": "prometheus"}), "format"),
        ("zabbix-test", json!({"auth": "basic"}), "auth"),
        ("zabbix-test", json!({"secret": "short"}), "secret"),
        (
            "zabbix-test",
            json!({"secret": "x".repeat(20), "rotate_secret": true}),
            "secret",
        ),
        ("zabbix-test", json!({"token_sha256": "00"}), "token_sha256"),
        ("Bad.Id", json!({}), "id"),
        ("quarantine", json!({}), "id"),
    ] {
        let mut b = body.clone();
        for (k, v) in patch.as_object().expect("object") {
            b[k] = v.clone();
        }
        let a = put(&admin, id, b).await;
        assert_error(&a, 422, "invalid_field");
        assert_eq!(a.body["error"]["field"], field, "{}", a.text);
    }

    // A chosen secret; the HMAC kind keeps it raw but never shows it.
    let mut hmac = json!({"name": "Signed", "format": "generic", "auth": "hmac",
                          "secret": "a-chosen-secret-of-some-length"});
    let a = put(&admin, "signed", hmac.clone()).await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(a.body["secret"], "a-chosen-secret-of-some-length");
    hmac.as_object_mut().expect("object").remove("secret");
    let a = put(&admin, "signed", hmac).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let a = t.get(&admin, "/api/sources/signed").await;
    assert!(!a.text.contains("a-chosen-secret"), "{}", a.text);
    let sig = mim_app::intake::signature("a-chosen-secret-of-some-length", b"{\"alerts\":[]}");
    let a = post_raw(
        &t,
        "/api/intake/signed",
        &[("x-mim-signature", &sig)],
        b"{\"alerts\":[]}".to_vec(),
    )
    .await;
    assert_ne!(a.status, 401, "{}", a.text);
}
