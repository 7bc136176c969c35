//! Files kept with a case for its messages to carry (issue 5, point 2): uploaded as the raw
//! body with its type and name, refused precisely (and nothing stored) when empty, too large,
//! badly named or untyped, downloaded by whoever may read the case, and named by number on
//! a message — a file of another case names nothing.

mod common;

use common::{Answer, TestApp, spawn_app};
use serde_json::json;

#[track_caller]
fn assert_status(a: &Answer, status: u16) {
    assert_eq!(a.status, status, "{}", a.text);
}

/// Uploads `bytes` as file `name` of type `content_type` (none: no Content-Type header).
async fn upload(
    app: &TestApp,
    token: &str,
    case: &str,
    name: Option<&str>,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> Answer {
    let path = app.url(&format!("/api/cases/{case}/attachments"));
    let url = match name {
        Some(n) => reqwest::Url::parse_with_params(&path, &[("file_name", n)]),
        None => reqwest::Url::parse(&path),
    }
    .expect("a URL");
    let mut req = app.client.post(url).bearer_auth(token).body(bytes);
    if let Some(t) = content_type {
        req = req.header("content-type", t);
    }
    app.send(req).await
}

/// The raw download: status, headers and bytes.
async fn download(
    app: &TestApp,
    token: &str,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.expect("body").to_vec())
}

fn report() -> Vec<u8> {
    b"%PDF-1.4 Terveysdata Oy: incident report\n".repeat(100)
}

#[tokio::test]
async fn a_file_is_stored_numbered_and_downloaded_as_it_was_sent() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let version = app.get(&desk, &format!("/api/cases/{id}")).await.etag();

    let a = upload(
        &app,
        &desk,
        &id,
        Some("häiriöraportti 25.10.pdf"),
        Some("Application/PDF"),
        report(),
    )
    .await;
    let b = upload(
        &app,
        &desk,
        &id,
        Some("lokit.txt"),
        Some("text/plain; charset=utf-8"),
        b"rivi".to_vec(),
    )
    .await;

    assert_status(&a, 201);
    assert_eq!(a.body["id"], 1);
    assert_eq!(a.body["file_name"], "häiriöraportti 25.10.pdf");
    assert_eq!(a.body["content_type"], "application/pdf");
    assert_eq!(a.body["size"], report().len());
    assert_eq!(a.body["uploaded_by"], "palvelupiste");
    let link = format!("/api/cases/{id}/attachments/1");
    assert_eq!(a.body["link"], link.as_str());
    assert_eq!(a.headers["location"], link.as_str());
    assert_status(&b, 201);
    assert_eq!(b.body["id"], 2, "numbered per case in the order uploaded");
    assert_eq!(b.body["content_type"], "text/plain");

    let (status, headers, bytes) = download(&app, &desk, &link).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, report());
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"h_iri_raportti 25.10.pdf\"; \
         filename*=UTF-8''h%C3%A4iri%C3%B6raportti%2025.10.pdf"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    // The upload is on the case's timeline, as evidence: the case's version stays.
    let timeline = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    let added: Vec<&serde_json::Value> = timeline.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["event"]["type"] == "attachment_added")
        .collect();
    assert_eq!(added.len(), 2, "{}", timeline.text);
    assert_eq!(
        added[0]["event"]["attachment"]["file_name"],
        "häiriöraportti 25.10.pdf"
    );
    assert_eq!(
        app.get(&desk, &format!("/api/cases/{id}")).await.etag(),
        version
    );
}

#[tokio::test]
async fn bad_uploads_are_refused_precisely_and_nothing_is_stored() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let pdf = Some("application/pdf");

    let empty = upload(&app, &desk, &id, Some("r.pdf"), pdf, vec![]).await;
    let too_large = upload(
        &app,
        &desk,
        &id,
        Some("r.pdf"),
        pdf,
        vec![b'x'; mim_app::cases::MAX_ATTACHMENT_BYTES + 1],
    )
    .await;
    let no_name = upload(&app, &desk, &id, None, pdf, report()).await;
    let folder = upload(&app, &desk, &id, Some("../../etc/passwd"), pdf, report()).await;
    let control = upload(&app, &desk, &id, Some("r\r\nX-Evil: 1.pdf"), pdf, report()).await;
    let reversed = upload(
        &app,
        &desk,
        &id,
        Some("raportti\u{202E}fdp.exe"),
        pdf,
        report(),
    )
    .await;
    let untyped = upload(&app, &desk, &id, Some("r.pdf"), None, report()).await;
    let bad_type = upload(&app, &desk, &id, Some("r.pdf"), Some("pdf"), report()).await;
    let form = upload(
        &app,
        &desk,
        &id,
        Some("r.pdf"),
        Some("multipart/form-data; boundary=x"),
        report(),
    )
    .await;

    assert_status(&empty, 400);
    assert_eq!(empty.code(), "empty_body");
    assert_status(&too_large, 413);
    assert_eq!(too_large.code(), "payload_too_large");
    for (a, field) in [
        (&no_name, "file_name"),
        (&folder, "file_name"),
        (&control, "file_name"),
        (&reversed, "file_name"),
        (&bad_type, "Content-Type"),
    ] {
        assert_status(a, 422);
        assert_eq!(a.body["error"]["field"], field, "{}", a.text);
    }
    assert!(folder.text.contains("without a folder"), "{}", folder.text);
    assert!(reversed.text.contains("U+202E"), "{}", reversed.text);
    assert_status(&untyped, 415);
    assert_status(&form, 415);
    assert!(form.text.contains("not a form"), "{}", form.text);

    // Nothing was stored: the first good upload is file 1, and there is no file 2.
    let good = upload(&app, &desk, &id, Some("r.pdf"), pdf, report()).await;
    assert_status(&good, 201);
    assert_eq!(good.body["id"], 1);
    let (status, _, _) = download(&app, &desk, &format!("/api/cases/{id}/attachments/2")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn another_cases_file_is_not_this_cases() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let wilma = app.open_case(&desk, "wilma").await;
    let other = app.open_case(&desk, "wilma").await;
    assert_status(
        &upload(
            &app,
            &desk,
            &wilma,
            Some("r.pdf"),
            Some("application/pdf"),
            report(),
        )
        .await,
        201,
    );

    let (status, _, bytes) =
        download(&app, &desk, &format!("/api/cases/{other}/attachments/1")).await;
    let version = app.get(&desk, &format!("/api/cases/{other}")).await.etag();
    let named = app
        .post(
            &desk,
            &format!("/api/cases/{other}/messages"),
            &json!({"kind": "update", "attachments": [1], "expected_version": version,
                    "texts": {"not_working": "kirjautuminen"}}),
        )
        .await;

    assert_eq!(status, 404, "{}", String::from_utf8_lossy(&bytes));
    assert_status(&named, 422);
    assert_eq!(
        named.body["error"]["field"], "attachments[0]",
        "{}",
        named.text
    );
    assert_eq!(
        app.get(&desk, &format!("/api/cases/{other}")).await.etag(),
        version,
        "the refused message wrote nothing"
    );
}

#[tokio::test]
async fn a_vendor_reaches_the_files_of_its_own_systems_cases_only() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let vendor = app.token("toimittaja").await; // Terveysdata Oy: potilastieto, ajanvaraus
    let own = app.open_case(&desk, "potilastieto").await;
    let others = app.open_case(&desk, "wilma").await;
    assert_status(
        &upload(
            &app,
            &desk,
            &others,
            Some("r.pdf"),
            Some("application/pdf"),
            report(),
        )
        .await,
        201,
    );

    let own_upload = upload(
        &app,
        &vendor,
        &own,
        Some("vendor-report.pdf"),
        Some("application/pdf"),
        report(),
    )
    .await;
    let foreign_upload = upload(
        &app,
        &vendor,
        &others,
        Some("vendor-report.pdf"),
        Some("application/pdf"),
        report(),
    )
    .await;
    let (own_status, _, own_bytes) =
        download(&app, &vendor, &format!("/api/cases/{own}/attachments/1")).await;
    let (foreign_status, _, _) =
        download(&app, &vendor, &format!("/api/cases/{others}/attachments/1")).await;
    let anonymous = app
        .send(
            app.client
                .get(app.url(&format!("/api/cases/{others}/attachments/1"))),
        )
        .await;

    assert_status(&own_upload, 201);
    assert_eq!(own_status, 200);
    assert_eq!(own_bytes, report());
    assert_status(&foreign_upload, 404);
    assert_eq!(foreign_status, 404);
    assert_status(&anonymous, 401);
    let (status, _, _) = download(&app, &desk, &format!("/api/cases/{others}/attachments/2")).await;
    assert_eq!(status, 404, "the vendor's refused upload was not stored");
}

#[tokio::test]
async fn a_message_carries_the_files_it_names_and_only_those() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let mut org = app.get(&admin, "/api/organisation").await.body;
    org["audiences"] = json!([{
        "kind": "management_group",
        "members": [{"name": "Maija Mäkinen", "email": "maija@kuusijarvi.fi"}]
    }]);
    assert_status(&app.put(&admin, "/api/organisation", &org).await, 200);
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let a = upload(
        &app,
        &desk,
        &id,
        Some("raportti.pdf"),
        Some("application/pdf"),
        report(),
    )
    .await;
    assert_status(&a, 201);

    let send = |attachments: serde_json::Value| {
        let app = &app;
        let desk = &desk;
        let id = &id;
        async move {
            let version = app.get(desk, &format!("/api/cases/{id}")).await.etag();
            let mut body = json!({"kind": "update", "audiences": ["management_group"],
                                  "texts": {"not_working": "kirjautuminen"},
                                  "expected_version": version});
            if !attachments.is_null() {
                body["attachments"] = attachments;
            }
            app.post(desk, &format!("/api/cases/{id}/messages"), &body)
                .await
        }
    };
    let first = send(json!([1])).await;
    let later = send(serde_json::Value::Null).await;
    let twice = send(json!([1, 1])).await;

    assert_status(&first, 200);
    let carried = &first.body["queued"][0]["attachments"];
    assert_eq!(
        carried,
        &json!([{"id": 1, "file_name": "raportti.pdf", "content_type": "application/pdf",
                 "size": report().len()}])
    );
    assert_status(&later, 200);
    assert!(
        later.body["queued"][0].get("attachments").is_none(),
        "a later update does not carry the earlier one's file: {}",
        later.body["queued"][0]
    );
    assert_status(&twice, 422);
    assert_eq!(twice.body["error"]["field"], "attachments[1]");
}
