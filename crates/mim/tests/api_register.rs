//! The register through the API (issue 4, points 1–2): systems, vendors and the organisation
//! with every field of the preparation, versions with `If-Match` and history, refusals that
//! name the field and write nothing, and a case keeping the matrix version it was assessed
//! with.

mod common;

use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};

/// PUT with `If-Match` (when given).
async fn put_if(
    app: &TestApp,
    token: &str,
    path: &str,
    if_match: Option<&str>,
    body: &Value,
) -> Answer {
    let mut req = app.client.put(app.url(path)).bearer_auth(token).json(body);
    if let Some(v) = if_match {
        req = req.header("if-match", v);
    }
    app.send(req).await
}

#[track_caller]
fn assert_status(a: &Answer, status: u16) {
    assert_eq!(a.status, status, "{}", a.text);
}

async fn history(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let a = app.get(token, &format!("{path}/history")).await;
    assert_status(&a, 200);
    a.body.as_array().expect("a list of versions").clone()
}

#[tokio::test]
async fn systems_vendors_and_the_organisation_carry_every_part_of_the_preparation() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;

    let wilma = app.get(&desk, "/api/systems/wilma").await;
    assert_status(&wilma, 200);
    assert_eq!(wilma.etag(), 1);
    let s = &wilma.body;
    assert_eq!(s["owner"]["kind"], "unit");
    assert!(
        s["owner"]["email"]
            .as_str()
            .is_some_and(|e| e.contains('@'))
    );
    assert!(
        s["criticality_notes"]
            .as_str()
            .is_some_and(|n| n.contains("koulupäivinä"))
    );
    assert_eq!(s["user_count"], 5200);
    assert!(s["aliases"].as_array().is_some_and(|a| a.len() >= 2));
    assert_eq!(s["vendor"], "koulutieto");
    let backup = &s["backup_arrangements"][0];
    assert_eq!(backup["decided_by"], "it_management");
    assert!(backup["cost_or_risk"].is_string());
    assert_eq!(backup["steps"][0]["who"]["role"], "it_management");
    assert_eq!(backup["steps"][1]["who"]["person"], "koulusihteerit");
    assert!(backup["announcement"]["fi"].is_string() && backup["announcement"]["sv"].is_string());
    let plan = &s["communication_plan"];
    assert_eq!(plan["languages"], json!(["fi", "sv"]));
    assert!(
        plan["channels"]
            .as_array()
            .is_some_and(|c| c.contains(&json!("sms")))
    );
    assert!(
        plan["audiences"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["kind"] == "end_users"))
    );

    let v = app.get(&desk, "/api/vendors/koulutieto").await;
    assert_status(&v, 200);
    assert_eq!(v.etag(), 1);
    let contacts = v.body["contacts"].as_array().expect("contacts");
    assert!(!contacts.is_empty());
    assert!(
        contacts
            .iter()
            .all(|c| c["phone"].is_string() || c["email"].is_string())
    );
    let practice = &v.body["practice"];
    for field in [
        "meetings_and_communication",
        "fix_acknowledgement",
        "contract_reference",
    ] {
        assert!(practice[field].is_string(), "practice.{field}: {practice}");
    }
    assert!(practice["progress_report_interval_minutes"].is_u64());
    assert!(practice["sla"]["response_minutes"].is_u64());

    let org = app.get(&desk, "/api/organisation").await;
    assert_status(&org, 200);
    assert_eq!(org.etag(), 1);
    let o = &org.body;
    assert_eq!(o["time_zone"], "Europe/Helsinki");
    assert_eq!(o["languages"], json!(["fi", "sv", "en"]));
    assert_eq!(o["bilingual"], true);
    assert_eq!(o["mim_contact"]["user"], "mimyhteys");
    assert_eq!(o["mim_contact_deputy"]["user"], "mimvarahenkilo");
    assert_eq!(o["default_matrix"]["bands"], json!([1, 11, 51, 101]));
}

#[tokio::test]
async fn a_change_based_on_a_stale_version_is_refused_whole() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let it = app.token("tietohallinto").await;

    // Two editors read version 1; the first to write wins.
    let read = app.get(&admin, "/api/systems/wilma").await;
    let mut first = read.body.clone();
    first["criticality_notes"] = json!("Kriittinen myös kesäkoulun aikana.");
    let a = put_if(&app, &it, "/api/systems/wilma", Some("\"1\""), &first).await;
    assert_status(&a, 200);
    assert_eq!(a.body["version"], 2);
    assert_eq!(a.etag(), 2);
    let mut second = read.body.clone();
    second["user_count"] = json!(9999);
    let a = put_if(&app, &admin, "/api/systems/wilma", Some("\"1\""), &second).await;
    assert_status(&a, 409);
    assert_eq!(a.code(), "version_conflict");
    assert_eq!(a.body["error"]["current_version"], 2);
    let now = app.get(&admin, "/api/systems/wilma").await;
    assert_eq!(now.etag(), 2);
    assert_eq!(now.body["user_count"], 5200, "the stale write left nothing");
    assert_eq!(now.body["criticality_notes"], first["criticality_notes"]);
    assert_eq!(history(&app, &admin, "/api/systems/wilma").await.len(), 2);

    // "0": only if new.
    let mut new = read.body.clone();
    new["id"] = json!("liikuntavaraus");
    new["name"] = json!("Liikuntatilojen varaus");
    new["aliases"] = json!(["Timmi"]);
    let a = put_if(
        &app,
        &it,
        "/api/systems/liikuntavaraus",
        Some("\"0\""),
        &new,
    )
    .await;
    assert_status(&a, 200);
    assert_eq!(a.body["version"], 1);
    let a = put_if(
        &app,
        &it,
        "/api/systems/liikuntavaraus",
        Some("\"0\""),
        &new,
    )
    .await;
    assert_status(&a, 409);
    assert_eq!(a.body["error"]["current_version"], 1);

    // The same for vendors and the organisation.
    let vendor = app.get(&admin, "/api/vendors/koulutieto").await.body;
    let a = put_if(&app, &it, "/api/vendors/koulutieto", Some("\"1\""), &vendor).await;
    assert_status(&a, 200);
    let a = put_if(
        &app,
        &admin,
        "/api/vendors/koulutieto",
        Some("\"1\""),
        &vendor,
    )
    .await;
    assert_status(&a, 409);
    assert_eq!(a.body["error"]["current_version"], 2);
    let org = app.get(&admin, "/api/organisation").await.body;
    let a = put_if(&app, &admin, "/api/organisation", Some("\"1\""), &org).await;
    assert_status(&a, 200);
    assert_eq!(a.etag(), 2);
    let a = put_if(&app, &admin, "/api/organisation", Some("\"1\""), &org).await;
    assert_status(&a, 409);
    let a = put_if(&app, &admin, "/api/organisation", Some("seven"), &org).await;
    assert_status(&a, 422);
    assert_eq!(a.body["error"]["field"], "If-Match");
}

#[tokio::test]
async fn history_says_who_changed_what_and_when() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let it = app.token("tietohallinto").await;
    app.clock.advance(chrono::Duration::minutes(90));
    let changed_at = app.clock_now();

    let mut vendor = app.get(&it, "/api/vendors/koulutieto").await.body;
    vendor["practice"]["progress_report_interval_minutes"] = json!(30);
    assert_status(&app.put(&it, "/api/vendors/koulutieto", &vendor).await, 200);

    let versions = history(&app, &admin, "/api/vendors/koulutieto").await;
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[1]["version"], 2);
    assert_eq!(versions[1]["changed_by"], "tietohallinto");
    assert_eq!(versions[1]["changed_by_name"], "Jukka Nieminen");
    let at: chrono::DateTime<chrono::Utc> = versions[1]["changed_at"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .expect("an RFC 3339 time");
    assert_eq!(at, changed_at);
    assert_eq!(
        versions[1]["document"]["practice"]["progress_report_interval_minutes"],
        30
    );
    assert_ne!(
        versions[0]["document"]["practice"]["progress_report_interval_minutes"],
        30
    );
    assert!(
        versions[0]["changed_by"].is_string(),
        "the seeding is attributed too"
    );

    let org = history(&app, &admin, "/api/organisation").await;
    assert_eq!(org.len(), 1);
    assert_eq!(org[0]["document"]["name"], "Kuusijärven kaupunki");

    // A vendor's user reads the history of its own vendor and systems only.
    let vendor_user = app.token("toimittaja").await;
    assert_status(
        &app.get(&vendor_user, "/api/organisation/history").await,
        403,
    );
    assert_status(
        &app.get(&vendor_user, "/api/systems/wilma/history").await,
        404,
    );
    assert_status(
        &app.get(&vendor_user, "/api/vendors/koulutieto/history")
            .await,
        404,
    );
    assert_status(
        &app.get(&vendor_user, "/api/vendors/terveysdata/history")
            .await,
        200,
    );
    assert_status(&app.get(&admin, "/api/systems/nosuch/history").await, 404);
}

/// One refused change: what to send, and the field the answer must name.
struct Bad {
    path: &'static str,
    field: &'static str,
    change: fn(&mut Value),
}

#[tokio::test]
async fn bad_documents_are_refused_naming_the_field_and_write_nothing() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let cases = [
        Bad {
            path: "/api/systems/wilma",
            field: "owner.email",
            change: |s| s["owner"]["email"] = json!("opetuspalvelut"),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "owner.emial",
            change: |s| s["owner"]["emial"] = json!("x@example.fi"),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "criticality_note",
            change: |s| s["criticality_note"] = json!("typo"),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "user_count",
            change: |s| s["user_count"] = json!(0),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "user_count",
            change: |s| s["user_count"] = json!("paljon"),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "aliases[1]",
            change: |s| s["aliases"] = json!(["Wilma-sovellus", "wilma-SOVELLUS"]),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "vendor",
            change: |s| s["vendor"] = json!("eiole"),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "mim_contact",
            change: |s| s["mim_contact"] = json!({"user": "sidosryhma", "name": "J"}),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "mim_contact_deputy",
            change: |s| {
                s["mim_contact"] = json!({"user": "mimyhteys", "name": "M"});
                s["mim_contact_deputy"] = json!({"user": "mimyhteys", "name": "M"});
            },
        },
        Bad {
            path: "/api/systems/wilma",
            field: "backup_arrangements[0].decided_by",
            change: |s| s["backup_arrangements"][0]["decided_by"] = json!("rehtori"),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "backup_arrangements[0].steps[1].who.person",
            change: |s| s["backup_arrangements"][0]["steps"][1]["who"] = json!({"person": " "}),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "backup_arrangements[0].steps[1].id",
            change: |s| {
                let first = s["backup_arrangements"][0]["steps"][0]["id"].clone();
                s["backup_arrangements"][0]["steps"][1]["id"] = first;
            },
        },
        Bad {
            path: "/api/systems/wilma",
            field: "backup_arrangements[0].announcement.sv",
            change: |s| {
                s["backup_arrangements"][0]["announcement"]
                    .as_object_mut()
                    .expect("map")
                    .remove("sv");
            },
        },
        Bad {
            path: "/api/systems/wilma",
            field: "communication_plan.languages",
            change: |s| s["communication_plan"]["languages"] = json!(["fi"]),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "communication_plan.languages[1]",
            change: |s| s["communication_plan"]["languages"] = json!(["fi", "fi"]),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "communication_plan.audiences[0].channels[0]",
            change: |s| s["communication_plan"]["audiences"][0]["channels"] = json!(["fax"]),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "communication_plan.audiences[0].channels[0]",
            change: |s| s["communication_plan"]["audiences"][0]["channels"] = json!(["slack"]),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "selectors[0].labels",
            change: |s| s["selectors"] = json!([{"labels": {}}]),
        },
        Bad {
            path: "/api/systems/wilma",
            field: "id",
            change: |s| s["id"] = json!("potilastieto"),
        },
        Bad {
            path: "/api/vendors/koulutieto",
            field: "contacts",
            change: |v| v["contacts"] = json!([]),
        },
        Bad {
            path: "/api/vendors/koulutieto",
            field: "contacts[0].email",
            change: |v| v["contacts"][0]["email"] = json!("paivystys.example.fi"),
        },
        Bad {
            path: "/api/vendors/koulutieto",
            field: "contacts[0].phone",
            change: |v| v["contacts"][0]["phone"] = json!("soita meille"),
        },
        Bad {
            path: "/api/vendors/koulutieto",
            field: "kind",
            change: |v| v["kind"] = json!("supplier"),
        },
        Bad {
            path: "/api/vendors/koulutieto",
            field: "practice.progress_report_interval_minutes",
            change: |v| v["practice"]["progress_report_interval_minutes"] = json!(0),
        },
        Bad {
            path: "/api/vendors/koulutieto",
            field: "practice.sla.resolution_minutes",
            change: |v| {
                v["practice"]["sla"]["response_minutes"] = json!(60);
                v["practice"]["sla"]["resolution_minutes"] = json!(30);
            },
        },
        Bad {
            path: "/api/vendors/koulutieto",
            field: "practice.sla.respons_minutes",
            change: |v| v["practice"]["sla"]["respons_minutes"] = json!(5),
        },
        Bad {
            path: "/api/organisation",
            field: "languages[1]",
            change: |o| o["languages"] = json!(["fi", "de"]),
        },
        Bad {
            path: "/api/organisation",
            field: "languages",
            change: |o| o["languages"] = json!([]),
        },
        Bad {
            path: "/api/organisation",
            field: "time_zone",
            change: |o| o["time_zone"] = json!("Europe/Helsinkii"),
        },
        Bad {
            path: "/api/organisation",
            field: "default_matrix.bands",
            change: |o| o["default_matrix"]["bands"] = json!([1, 50, 20, 101]),
        },
        Bad {
            path: "/api/organisation",
            field: "mim_contact_deputy",
            change: |o| o["mim_contact_deputy"] = o["mim_contact"].clone(),
        },
        Bad {
            path: "/api/organisation",
            field: "mim_contact",
            change: |o| o["mim_contact"] = json!({"user": "palvelupiste", "name": "S"}),
        },
        Bad {
            path: "/api/organisation",
            field: "quiet_period_minutes",
            change: |o| o["quiet_period_minutes"] = json!(1),
        },
    ];
    for bad in &cases {
        let before = app.get(&admin, bad.path).await;
        let mut body = before.body.clone();
        (bad.change)(&mut body);
        let a = put_if(&app, &admin, bad.path, Some("\"1\""), &body).await;
        assert_eq!(a.status, 422, "{} {}: {}", bad.path, bad.field, a.text);
        assert_eq!(a.code(), "invalid_field", "{}", a.text);
        assert_eq!(
            a.body["error"]["field"], bad.field,
            "{}: {}",
            bad.path, a.text
        );
        let after = app.get(&admin, bad.path).await;
        assert_eq!(
            after.etag(),
            1,
            "{} {}: nothing written",
            bad.path,
            bad.field
        );
        assert_eq!(after.body, before.body);
    }
    // A body read from GET goes back unchanged, `bilingual` and all.
    for path in [
        "/api/systems/wilma",
        "/api/vendors/koulutieto",
        "/api/organisation",
    ] {
        let body = app.get(&admin, path).await.body;
        assert_status(&put_if(&app, &admin, path, Some("\"1\""), &body).await, 200);
    }
}

#[tokio::test]
async fn only_editors_change_the_register_and_staff_read_it() {
    let app = spawn_app().await;
    let wilma = app
        .get(&app.token("admin").await, "/api/systems/wilma")
        .await
        .body;
    for user in ["palvelupiste", "mimyhteys", "johtoryhma", "toimittaja"] {
        let token = app.token(user).await;
        let a = app.put(&token, "/api/systems/wilma", &wilma).await;
        assert_status(&a, 403);
    }
    // IT management edits systems and vendors, not the organisation settings.
    let it = app.token("tietohallinto").await;
    let org = app.get(&it, "/api/organisation").await.body;
    assert_status(&app.put(&it, "/api/organisation", &org).await, 403);
    assert_status(&app.put(&it, "/api/systems/wilma", &wilma).await, 200);
    let end_user = app.token("loppukayttaja").await;
    assert_status(&app.get(&end_user, "/api/systems").await, 403);
}

/// Opens a case on `system` and assesses it; returns the case.
async fn assessed(app: &TestApp, token: &str, system: &str, users: u32, severity: &str) -> Value {
    let id = app.open_case(token, system).await;
    let a = app
        .command(
            token,
            &id,
            json!({"type": "record_assessment", "affected_users": users, "severity": severity}),
        )
        .await;
    assert_status(&a, 200);
    app.get(token, &format!("/api/cases/{id}")).await.body["case"].clone()
}

#[tokio::test]
async fn a_case_keeps_the_matrix_version_it_was_assessed_with() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let desk = app.token("palvelupiste").await;

    // Wilma has no matrix of its own: the organisation's default at the organisation's version.
    let before = assessed(&app, &desk, "wilma", 30, "disrupts_work").await;
    let used = &before["assessment"]["matrix"];
    assert_eq!(before["assessment"]["colour"], "yellow");
    assert_eq!(used["source"]["kind"], "organisation_default");
    assert_eq!(used["version"], 1);

    // Wilma gets a matrix of its own, all green: version 2 of the system.
    let mut wilma = app.get(&admin, "/api/systems/wilma").await.body;
    wilma["matrix"] = json!({"bands": [1, 11, 51, 101], "cells": [
        ["green", "green", "green", "green"], ["green", "green", "green", "green"],
        ["green", "green", "green", "green"], ["green", "green", "green", "green"]]});
    assert_status(
        &put_if(&app, &admin, "/api/systems/wilma", Some("\"1\""), &wilma).await,
        200,
    );

    let id = before["id"].as_str().expect("id");
    let kept = app.get(&desk, &format!("/api/cases/{id}")).await.body["case"].clone();
    assert_eq!(
        kept["assessment"], before["assessment"],
        "the earlier case is as it was"
    );

    let after = assessed(&app, &desk, "wilma", 30, "disrupts_work").await;
    assert_eq!(after["assessment"]["colour"], "green");
    assert_eq!(
        after["assessment"]["matrix"]["source"]["kind"],
        "system_override"
    );
    assert_eq!(after["assessment"]["matrix"]["source"]["system"], "wilma");
    assert_eq!(after["assessment"]["matrix"]["version"], 2);
}

#[tokio::test]
async fn organisation_settings_set_bands_languages_zone_and_contacts() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let mut org = app.get(&admin, "/api/organisation").await.body;
    org["default_matrix"] = json!({"bands": [1, 21, 101, 501], "cells": [
        ["green", "green", "green", "yellow"], ["green", "green", "yellow", "red"],
        ["green", "yellow", "red", "red"], ["yellow", "red", "red", "red"]]});
    org["languages"] = json!(["sv", "fi"]);
    org["time_zone"] = json!("Europe/Mariehamn");
    org["mim_contact"] = json!({"user": "mimvarahenkilo", "name": "whatever"});
    org["mim_contact_deputy"] = json!({"user": "mimyhteys", "name": "whatever"});
    assert_status(
        &put_if(&app, &admin, "/api/organisation", Some("\"1\""), &org).await,
        200,
    );

    let now = app.get(&admin, "/api/organisation").await;
    assert_eq!(now.etag(), 2);
    assert_eq!(
        now.body["default_matrix"]["bands"],
        json!([1, 21, 101, 501])
    );
    assert_eq!(now.body["languages"], json!(["sv", "fi"]));
    assert_eq!(now.body["bilingual"], true);
    assert_eq!(now.body["time_zone"], "Europe/Mariehamn");
    assert_eq!(
        now.body["mim_contact"]["name"], "Liisa Mäkinen",
        "names come from the users"
    );
    assert_eq!(now.body["mim_contact_deputy"]["name"], "Mikko Korhonen");

    // 25 users now fall in the second band (21–100), 20 in the first (1–20).
    let desk = app.token("palvelupiste").await;
    let case = assessed(&app, &desk, "wilma", 25, "disrupts_work").await;
    assert_eq!(case["assessment"]["colour"], "yellow");
    assert_eq!(case["assessment"]["matrix"]["version"], 2);
    let case = assessed(&app, &desk, "wilma", 20, "disrupts_work").await;
    assert_eq!(case["assessment"]["colour"], "green");

    // Finnish and English only: not bilingual, and a plan in Swedish is refused from now on.
    let mut org = now.body.clone();
    org["languages"] = json!(["fi", "en"]);
    assert_status(&app.put(&admin, "/api/organisation", &org).await, 200);
    assert_eq!(
        app.get(&admin, "/api/organisation").await.body["bilingual"],
        false
    );
    let wilma = app.get(&admin, "/api/systems/wilma").await.body;
    let a = app.put(&admin, "/api/systems/wilma", &wilma).await;
    assert_status(&a, 422);
    assert_eq!(a.body["error"]["field"], "communication_plan.languages[1]");
}

#[tokio::test]
async fn the_openapi_document_describes_the_register() {
    let app = spawn_app().await;
    let doc = app
        .send(app.client.get(app.url("/api/openapi.json")))
        .await
        .body;
    for path in [
        "/api/organisation",
        "/api/organisation/history",
        "/api/systems",
        "/api/systems/{id}",
        "/api/systems/{id}/history",
        "/api/vendors",
        "/api/vendors/{id}",
        "/api/vendors/{id}/history",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    let put = &doc["paths"]["/api/systems/{id}"]["put"];
    assert!(put["responses"]["409"].is_object() && put["responses"]["422"].is_object());
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [
        ("CriticalSystem", "criticality_notes"),
        ("CriticalSystem", "communication_plan"),
        ("BackupArrangement", "steps"),
        ("BackupArrangement", "announcement"),
        ("Vendor", "contacts"),
        ("VendorPractice", "progress_report_interval_minutes"),
        ("Organisation", "mim_contact_deputy"),
    ] {
        assert!(
            schemas[schema]["properties"][field].is_object(),
            "{schema}.{field}"
        );
    }
}
