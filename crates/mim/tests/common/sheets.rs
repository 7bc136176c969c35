//! Helpers for the spreadsheet tests: downloads with their headers, raw uploads, the
//! register's versions (to show that nothing was written) and what an import changed.

#![allow(dead_code)]

use super::{Answer, TestApp};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const C28_1900: &[u8] = include_bytes!("../fixtures/C28-matrix-1900.xlsx");
pub const C28_1904: &[u8] = include_bytes!("../fixtures/C28-matrix-1904.xlsx");

pub async fn download(
    t: &TestApp,
    token: &str,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let res = t
        .client
        .get(t.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.expect("body").to_vec())
}

pub async fn upload(t: &TestApp, token: &str, path: &str, body: Vec<u8>) -> Answer {
    t.send(
        t.client
            .post(t.url(path))
            .bearer_auth(token)
            .header("content-type", XLSX)
            .body(body),
    )
    .await
}

pub fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// Every system's register version, by id.
pub async fn versions(t: &TestApp, token: &str) -> Vec<(String, u64)> {
    let systems = t.get(token, "/api/systems").await;
    let mut out = Vec::new();
    for s in systems.body.as_array().expect("systems") {
        let id = s["id"].as_str().expect("id").to_owned();
        let v = t.get(token, &format!("/api/systems/{id}")).await.etag();
        out.push((id, v));
    }
    out
}

pub fn changed(answer: &Answer) -> Vec<String> {
    answer.body["systems"]
        .as_array()
        .expect("systems")
        .iter()
        .filter(|s| s["changed"] == serde_json::json!(true))
        .map(|s| s["system"].as_str().expect("system").to_owned())
        .collect()
}

pub async fn upload_csv(t: &TestApp, token: &str, path: &str, body: &str) -> Answer {
    t.send(
        t.client
            .post(t.url(path))
            .bearer_auth(token)
            .header("content-type", "text/csv")
            .body(body.to_owned()),
    )
    .await
}
