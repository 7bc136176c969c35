//! The test harness: a real server on 127.0.0.1 port 0 with a fresh SQLite file, seeded with
//! the demo register and users, on a manual clock the test moves.

#![allow(dead_code)]

pub mod html;
pub mod rendered;
pub mod sheets;

use chrono::{DateTime, TimeZone, Utc};
use mim_app::clock::ManualClock;
use mim_app::{App, AppSettings};
use mim_store_sqlite::SqliteStore;
use serde_json::{Value, json};
use std::sync::Arc;
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub dir: TempDir,
}

/// 2026-02-10 09:00 Helsinki (07:00Z), winter time.
pub fn default_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0)
        .single()
        .expect("valid time")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_at(default_start()).await
}

pub async fn spawn_app_at(start: DateTime<Utc>) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("mim.sqlite3"))
        .await
        .expect("open store");
    let clock = Arc::new(ManualClock::new(start));
    let app = App::new(Arc::new(store), clock.clone(), AppSettings::default());
    app.seed_demo()
        .await
        .expect("seed")
        .expect("empty database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let served = app.clone();
    tokio::spawn(async move {
        let _ = mim_web::serve(listener, served, std::future::pending()).await;
    });
    TestApp {
        base,
        client: reqwest::Client::new(),
        app,
        clock,
        dir,
    }
}

/// A JSON answer: status, headers and body (`Value::Null` when the body is not JSON).
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub fn etag(&self) -> u64 {
        self.headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim_matches('"').parse().ok())
            .expect("an ETag")
    }
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl TestApp {
    /// The time on the test's clock.
    pub fn clock_now(&self) -> DateTime<Utc> {
        use mim_domain::Clock;
        self.clock.now()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A bearer token for a demo user.
    pub async fn token(&self, user: &str) -> String {
        let id = mim_domain::UserId::new(user).expect("user id");
        self.app
            .create_token(&id, "test", None)
            .await
            .expect("token")
            .secret
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> Answer {
        self.send(self.client.get(self.url(path)).bearer_auth(token))
            .await
    }

    pub async fn put(&self, token: &str, path: &str, body: &Value) -> Answer {
        self.send(
            self.client
                .put(self.url(path))
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Answer {
        self.send(
            self.client
                .post(self.url(path))
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    /// Everything committed to the intake inbox, oldest first (read through a second handle
    /// on the test's database).
    pub async fn inbox(&self) -> Vec<mim_store::StoredDelivery> {
        use mim_store::IntakeStore;
        let store = SqliteStore::open(&self.dir.path().join("mim.sqlite3"))
            .await
            .expect("open the test's store");
        store.deliveries_after(0, 10_000).await.expect("inbox")
    }

    /// A client like a browser's on the public pages: no redirects followed, optionally
    /// connecting from another loopback address (`127.0.0.2`), so it counts as another client.
    pub fn browser(&self, from: Option<std::net::IpAddr>) -> Browser {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(from)
            .build()
            .expect("client");
        Browser {
            base: self.base.clone(),
            client,
            cookie: None,
        }
    }

    /// Opens a case about `system` from a phone report; returns the case id.
    pub async fn open_case(&self, token: &str, system: &str) -> String {
        let a = self
            .post(
                token,
                "/api/cases",
                &json!({"system": system, "report": {"channel": "phone", "text": "ei toimi"}}),
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.text);
        a.body["case"]["id"].as_str().expect("id").to_owned()
    }

    /// Runs a command based on the case's current version; returns the answer.
    pub async fn command(&self, token: &str, id: &str, command: Value) -> Answer {
        let version = self.get(token, &format!("/api/cases/{id}")).await.etag();
        self.post(
            token,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": version, "command": command}),
        )
        .await
    }
}

/// A browser on the public pages: keeps the one cookie they set.
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
    pub cookie: Option<String>,
}

/// `application/x-www-form-urlencoded` as a browser encodes it.
pub fn form_encode(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Browser {
    async fn answer(&mut self, req: reqwest::RequestBuilder) -> Answer {
        let req = match &self.cookie {
            Some(c) => req.header("cookie", c),
            None => req,
        };
        let res = req.send().await.expect("request");
        if let Some(set) = res.headers().get("set-cookie") {
            let set = set.to_str().expect("ascii cookie");
            self.cookie = set.split(';').next().map(str::to_owned);
        }
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        Answer {
            status,
            headers,
            body: Value::Null,
            text,
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let req = self.client.get(format!("{}{path}", self.base));
        self.answer(req).await
    }

    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut req = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.answer(req).await
    }

    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_encode(fields));
        self.answer(req).await
    }

    /// Opens the form and returns its CSRF token.
    pub async fn open_form(&mut self, path: &str) -> String {
        let a = self.get(path).await;
        assert_eq!(a.status, 200, "{}", a.text);
        html::hidden(&a.text, "csrf").expect("a csrf field")
    }
}
