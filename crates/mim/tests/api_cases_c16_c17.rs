//! Cases C16 (reopen semantics) and C17 (post-incident timeline order) of
//! `/work/shared/cases/CASES.md`, over the JSON API.

mod common;

use common::rendered::{html_unescape, md_unescape, strip_tags, table_cells};

use chrono::{DateTime, Duration, Utc};
use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};
use std::sync::Arc;

const C17: &str = include_str!("fixtures/C17-timeline-events.json");

async fn ok(app: &TestApp, user: &str, id: &str, command: Value) -> Answer {
    app.clock.advance(Duration::minutes(1));
    let token = app.token(user).await;
    let a = app.command(&token, id, command.clone()).await;
    assert_eq!(a.status, 200, "{command} by {user}: {}", a.text);
    a
}

/// Walks a red case from detection to closed by the shortest path; returns the closed case.
async fn walk_to_closed(app: &TestApp, id: &str) -> Value {
    let steps = [
        (
            "palvelupiste",
            json!({"type": "record_assessment", "affected_users": 120, "severity": "prevents_work"}),
        ),
        (
            "palvelupiste",
            json!({"type": "decide_criticality", "start_mim": true}),
        ),
        (
            "tietohallinto",
            json!({"type": "decide_backup", "needed": false}),
        ),
        (
            "tietohallinto",
            json!({"type": "name_people", "verifier": "todentaja"}),
        ),
        (
            "tietohallinto",
            json!({"type": "report_fix", "text": "Toimittaja korjasi vian"}),
        ),
        ("tietohallinto", json!({"type": "acknowledge_fix"})),
        ("todentaja", json!({"type": "verify", "works": true})),
        ("tietohallinto", json!({"type": "sign_off"})),
        (
            "tietohallinto",
            json!({"type": "decide_walk_through", "needed": false, "reason": "Lyhyt katko"}),
        ),
        ("tietohallinto", json!({"type": "close"})),
    ];
    let mut last = Value::Null;
    for (user, cmd) in steps {
        last = ok(app, user, id, cmd).await.body["case"].clone();
    }
    assert_eq!(last["stage"], "closed");
    last
}

async fn timeline(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let a = app.get(token, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["entries"].as_array().expect("entries").clone()
}

fn count(entries: &[Value], kind: &str) -> usize {
    entries.iter().filter(|e| e["kind"] == kind).count()
}

#[tokio::test]
async fn c16a_editing_a_closed_case_keeps_it_closed() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let id = app.open_case(&desk, "sahkoposti").await;
    let closed = walk_to_closed(&app, &id).await;
    let v = closed["version"].as_u64().expect("version");
    let ended_at = closed["ended_at"].clone();
    assert!(ended_at.is_string());

    // Title, description and PIR notes on the closed case.
    app.clock.advance(Duration::days(2));
    let a = app
        .command(
            &itm,
            &id,
            json!({"type": "edit_details", "title": "Sähköpostin katko 10.2.", "description": "Postipalvelin kaatui"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["case"]["stage"], "closed");
    assert_eq!(a.etag(), v + 1, "the edit is a recorded step");
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "add_finding", "category": "service_desk_summary", "text": "Soittoja tuli 40 ensimmäisen tunnin aikana"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let a = app
        .command(
            &itm,
            &id,
            json!({"type": "add_action_item", "title": "Levytilan valvonta", "owner": "Jukka Nieminen", "due": "2026-03-15"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let a = app
        .command(
            &itm,
            &id,
            json!({"type": "record_vendor_report", "text": "Kuntapilvi Oy:n häiriöraportti"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let e = app
        .post(
            &itm,
            &format!("/api/cases/{id}/evidence"),
            &json!({"type": "note", "text": "Läpikäynnin muistiinpano"}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.text);

    let case = app.get(&itm, &format!("/api/cases/{id}")).await;
    let c = &case.body["case"];
    assert_eq!(c["stage"], "closed", "the case stays closed");
    assert_eq!(c["reopen_count"], 0);
    assert_eq!(
        c["ended_at"], ended_at,
        "its end time is the close, not the edit"
    );
    assert_eq!(c["title"], "Sähköpostin katko 10.2.");
    assert_eq!(c["description"], "Postipalvelin kaatui");
    assert_eq!(
        case.etag(),
        v + 4,
        "four recorded steps, the note needs no version"
    );
    let entries = timeline(&app, &itm, &id).await;
    assert_eq!(count(&entries, "reopened"), 0, "no reopened event");
    assert_eq!(count(&entries, "details_edited"), 1);
    assert_eq!(count(&entries, "finding_added"), 1);
    assert_eq!(count(&entries, "closed"), 1);

    // The list agrees: ended, not reopened, under its new title.
    let list = app.get(&itm, "/api/cases?open=false").await;
    let row = list
        .body
        .as_array()
        .and_then(|l| l.iter().find(|r| r["id"] == json!(id)))
        .cloned()
        .expect("the case is among the ended ones");
    assert_eq!(row["stage"], "closed");
    assert_eq!(row["open"], false);
    assert_eq!(row["reopen_count"], 0);
    assert_eq!(row["title"], "Sähköpostin katko 10.2.");
    let open = app.get(&itm, "/api/cases?open=true").await;
    assert!(
        open.body
            .as_array()
            .is_some_and(|l| l.iter().all(|r| r["id"] != json!(id))),
        "{}",
        open.text
    );
    // The form shows the edited title, the finding, and reopen count 0.
    let form = app.get(&itm, &format!("/api/cases/{id}/form")).await;
    assert_eq!(
        form.body["form"]["case"]["title"],
        "Sähköpostin katko 10.2."
    );
    assert_eq!(form.body["form"]["case"]["reopen_count"], 0);
    assert_eq!(form.body["form"]["reopenings"], json!([]));
    assert_eq!(
        form.body["form"]["walk_through"]
            .as_array()
            .map(|w| w.iter().any(|e| e["type"] == "finding_added")),
        Some(true)
    );
}

#[tokio::test]
async fn c16b_an_explicit_reopen_reopens_the_same_case_once() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let id = app.open_case(&desk, "sahkoposti").await;
    let closed = walk_to_closed(&app, &id).await;
    let v = closed["version"].as_u64().expect("version");
    let path = format!("/api/cases/{id}/commands");
    let reopen = |reason: &str| json!({"type": "reopen", "reason": reason});

    // Only IT management reopens a closed case, and only with a reason.
    let a = app
        .post(
            &desk,
            &path,
            &json!({"expected_seq": v, "command": reopen("Vika jatkuu")}),
        )
        .await;
    assert_eq!(a.status, 403, "{}", a.text);
    assert_eq!(a.code(), "missing_role");
    let a = app
        .post(
            &itm,
            &path,
            &json!({"expected_seq": v, "command": {"type": "reopen"}}),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.code(), "invalid_field");

    app.clock.advance(Duration::hours(3));
    let a = app
        .post(
            &itm,
            &path,
            &json!({"expected_seq": v, "command": reopen("Posti ei kulje taas")}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let c = &a.body["case"];
    assert_eq!(c["id"], json!(id), "the same case");
    assert_eq!(c["stage"], "monitoring");
    assert_eq!(c["reopen_count"], 1);
    assert_eq!(c["ended_at"], Value::Null, "running again");

    // A second reopen based on the same version: someone acted first.
    let a = app
        .post(
            &itm,
            &path,
            &json!({"expected_seq": v, "command": reopen("Posti ei kulje taas")}),
        )
        .await;
    assert_eq!(a.status, 409, "{}", a.text);
    assert_eq!(a.code(), "version_conflict");
    assert_eq!(a.body["error"]["current_version"], json!(v + 1));
    // And on the new version it is not a move of monitoring.
    let a = app
        .post(
            &itm,
            &path,
            &json!({"expected_seq": v + 1, "command": reopen("uudestaan")}),
        )
        .await;
    assert_eq!(a.status, 409, "{}", a.text);
    assert_eq!(a.code(), "illegal_move");

    let entries = timeline(&app, &itm, &id).await;
    assert_eq!(count(&entries, "reopened"), 1, "exactly one reopen event");
    let r = entries
        .iter()
        .find(|e| e["kind"] == "reopened")
        .expect("reopened");
    assert_eq!(r["event"]["reason"], "Posti ei kulje taas");
    assert_eq!(r["event"]["from"], "closed");
    assert_eq!(r["event"]["to"], "monitoring");
    assert_eq!(r["actor"]["user"], "tietohallinto");
    assert_eq!(r["actor"]["role"], "it_management");
    // One message per recipient, channel and language (a group channel gets one per
    // publication language): the service desk and IT management are told, in the same
    // append, that the problem persists, with the reason.
    let told: Vec<&Value> = entries
        .iter()
        .filter(|e| e["kind"] == "message_queued")
        .map(|e| &e["event"]["message"])
        .filter(|m| m["kind"] == "case_reopened")
        .collect();
    let to: Vec<String> = told
        .iter()
        .map(|m| format!("{} {}", m["channel"], m["recipient"]["address"]))
        .collect();
    let keys: Vec<String> = told
        .iter()
        .zip(&to)
        .map(|(m, t)| format!("{t} {}", m["language"]))
        .collect();
    let unique_keys: std::collections::BTreeSet<&String> = keys.iter().collect();
    assert_eq!(unique_keys.len(), keys.len(), "once each: {keys:?}");
    for who in [
        "\"email\" \"palvelupiste@kuusijarvi.example.fi\"",
        "\"email\" \"tietohallinto@kuusijarvi.example.fi\"",
    ] {
        assert!(to.iter().any(|t| t == who), "{who} in {to:?}");
    }
    assert!(
        told.iter()
            .all(|m| m["subject"].as_str().is_some_and(|s| s.contains(&id))
                && m["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("Posti ei kulje taas"))),
        "{told:?}"
    );
    // Still one case.
    let list = app.get(&itm, "/api/cases").await;
    assert_eq!(list.body.as_array().map(Vec::len), Some(1), "{}", list.text);
    assert_eq!(list.body[0]["reopen_count"], 1);
    assert_eq!(list.body[0]["open"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn c16b_two_concurrent_reopens_make_one_reopen() {
    let app = Arc::new(spawn_app().await);
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let id = app.open_case(&desk, "sahkoposti").await;
    let closed = walk_to_closed(&app, &id).await;
    let v = closed["version"].as_u64().expect("version");
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let handles: Vec<_> = ["Vika jatkuu", "Käyttäjät ilmoittavat uudestaan"]
        .into_iter()
        .map(|reason| {
            let app = Arc::clone(&app);
            let barrier = Arc::clone(&barrier);
            let itm = itm.clone();
            let path = format!("/api/cases/{id}/commands");
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let req = client.post(app.url(&path)).bearer_auth(&itm).json(
                    &json!({"expected_seq": v, "command": {"type": "reopen", "reason": reason}}),
                );
                barrier.wait().await;
                app.send(req).await
            })
        })
        .collect();
    let mut answers = vec![];
    for h in handles {
        answers.push(h.await.expect("task"));
    }
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert!(
        statuses == [200, 409] || statuses == [409, 200],
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    let loser = answers.iter().find(|a| a.status == 409).expect("a loser");
    assert_eq!(loser.code(), "version_conflict");
    let entries = timeline(&app, &itm, &id).await;
    assert_eq!(count(&entries, "reopened"), 1);
    let case = app.get(&itm, &format!("/api/cases/{id}")).await;
    assert_eq!(case.body["case"]["reopen_count"], 1);
    assert_eq!(case.body["case"]["stage"], "monitoring");
    assert_eq!(case.etag(), v + 1);
}

// ---------------------------------------------------------------------------------------------
// C17

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .with_timezone(&Utc)
}

/// The text an entry carries, whatever field holds it.
fn text_of(e: &Value) -> Option<&str> {
    ["text", "reason", "note"]
        .iter()
        .find_map(|k| e[*k].as_str())
}

/// A timeline row as rendered: its whole text (markup removed) and its first cell/bold time.
struct Row {
    when: String,
    text: String,
    added_later: bool,
}

fn html_timeline(html: &str) -> Vec<Row> {
    let start = html.rfind("<h2>Aikajana</h2>").expect("a timeline section");
    let mut rest = &html[start..];
    let mut rows = vec![];
    while let Some(i) = rest.find("<tr>") {
        let after = &rest[i + 4..];
        let end = after.find("</tr>").expect("a closed row");
        let row = &after[..end];
        if let Some(cell) = table_cells(row).first() {
            let first = html_unescape(&strip_tags(cell));
            rows.push(Row {
                when: first
                    .split('(')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                added_later: cell.contains("class=\"later\""),
                text: html_unescape(&strip_tags(row)),
            });
        }
        rest = &after[end..];
    }
    rows
}

fn md_timeline(md: &str) -> Vec<Row> {
    let start = md.rfind("## Aikajana").expect("a timeline section");
    md[start..]
        .lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .map(|body| {
            let (when, rest) = body.split_once("**").expect("a bold time");
            Row {
                when: when.trim().to_owned(),
                added_later: rest.trim_start().starts_with("_("),
                text: md_unescape(rest),
            }
        })
        .collect()
}

#[tokio::test]
async fn c17_the_timeline_is_in_the_order_things_happened_in_every_format() {
    let fixture: Value = serde_json::from_str(C17).expect("the C17 fixture");
    let events = fixture["events_in_insertion_order"]
        .as_array()
        .expect("events")
        .clone();
    assert_eq!(events.len(), 8);
    let ev = |seq: u64| -> &Value {
        events
            .iter()
            .find(|e| e["seq"] == seq)
            .expect("an event of the fixture")
    };
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;

    // The case opens when the alert arrives.
    app.clock.set(at("2026-02-10T07:15:02.000Z"));
    let id = app.open_case(&desk, "ajanvaraus").await;
    let evidence = format!("/api/cases/{id}/evidence");
    let mut version = app.get(&desk, &format!("/api/cases/{id}")).await.etag();
    let command = |version: u64, occurred_at: &Value, command: Value| json!({"expected_seq": version, "occurred_at": occurred_at, "command": command});
    let commands = format!("/api/cases/{id}/commands");

    for e in &events {
        let seq = e["seq"].as_u64().expect("seq");
        let occurred = &e["occurred_at"];
        let text = e["text"].as_str().expect("text");
        app.clock
            .set(at(e["recorded_at"].as_str().expect("recorded_at")));
        let (a, expect) = match e["kind"].as_str().expect("kind") {
            "alert_received" => (
                app.post(
                    &desk,
                    &evidence,
                    &json!({"type": "alert_firing", "fingerprint": "ajanvaraus-app01",
                            "name": "InstanceDown", "text": text, "occurred_at": occurred}),
                )
                .await,
                201,
            ),
            "phone_report" => (
                app.post(
                    &desk,
                    &evidence,
                    &json!({"type": "report", "channel": "phone", "text": text, "occurred_at": occurred}),
                )
                .await,
                201,
            ),
            "note" | "note_backfilled" => (
                app.post(
                    &itm,
                    &evidence,
                    &json!({"type": "note", "text": text, "occurred_at": occurred}),
                )
                .await,
                201,
            ),
            "incident_declared" => {
                // The assessment came a moment before the declaration.
                app.clock.set(at("2026-02-10T07:15:02.300Z"));
                let a = app
                    .post(
                        &desk,
                        &commands,
                        &json!({"expected_seq": version, "command":
                            {"type": "record_assessment", "affected_users": 120, "severity": "prevents_work"}}),
                    )
                    .await;
                assert_eq!(a.status, 200, "{}", a.text);
                version = a.etag();
                app.clock
                    .set(at(e["recorded_at"].as_str().expect("recorded_at")));
                (
                    app.post(
                        &desk,
                        &commands,
                        &command(
                            version,
                            occurred,
                            json!({"type": "decide_criticality", "start_mim": true, "reason": text}),
                        ),
                    )
                    .await,
                    200,
                )
            }
            "communication" => (
                app.post(
                    &desk,
                    &commands,
                    &command(
                        version,
                        occurred,
                        json!({"type": "record_communication", "kind": "first_notice",
                               "audience": "henkilöstö", "channel": "intranet", "text": text,
                               "next_update_at": "2026-02-10T08:30:00Z"}),
                    ),
                )
                .await,
                200,
            ),
            "vendor_escalation" => {
                let a = app
                    .post(
                        &itm,
                        &commands,
                        &command(
                            version,
                            occurred,
                            json!({"type": "escalate_to_vendor", "to": "Terveysdata Oy", "note": text}),
                        ),
                    )
                    .await;
                assert_eq!(a.status, 200, "{}", a.text);
                version = a.etag();
                // Into monitoring, so the vendor's fix can be reported later.
                app.clock.advance(Duration::seconds(30));
                (
                    app.post(
                        &itm,
                        &commands,
                        &json!({"expected_seq": version, "command": {"type": "decide_backup", "needed": false}}),
                    )
                    .await,
                    200,
                )
            }
            "resolved" => (
                app.post(
                    &itm,
                    &commands,
                    &command(
                        version,
                        occurred,
                        json!({"type": "report_fix", "text": text}),
                    ),
                )
                .await,
                200,
            ),
            other => panic!("C17 kind {other} has no mapping"),
        };
        assert_eq!(a.status, expect, "C17 seq {seq}: {}", a.text);
        if expect == 200 {
            version = a.etag();
        }
    }

    let want: Vec<u64> = fixture["expected_order_seq"]
        .as_array()
        .expect("expected order")
        .iter()
        .map(|s| s.as_u64().expect("seq"))
        .collect();
    assert_eq!(want, [5, 6, 1, 2, 3, 4, 8, 7]);
    let local = &fixture["expected_local_times_Europe_Helsinki"];
    let seq_of_text = |t: &str| -> Option<u64> {
        events
            .iter()
            .find(|e| e["text"].as_str().is_some_and(|x| t.contains(x)))
            .and_then(|e| e["seq"].as_u64())
    };

    // The JSON timeline.
    let tl = app.get(&itm, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(tl.status, 200, "{}", tl.text);
    let entries = tl.body["entries"].as_array().expect("entries");
    let ours: Vec<(u64, &Value)> = entries
        .iter()
        .filter_map(|e| {
            let seq = text_of(&e["event"]).and_then(|t| {
                events
                    .iter()
                    .find(|x| x["text"].as_str() == Some(t))
                    .and_then(|x| x["seq"].as_u64())
            })?;
            Some((seq, e))
        })
        .collect();
    assert_eq!(
        ours.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        want,
        "ordered by occurred_at, ties by insertion"
    );
    for (seq, e) in &ours {
        let x = ev(*seq);
        assert_eq!(
            at(e["occurred_at"].as_str().expect("occurred_at")),
            at(x["occurred_at"].as_str().expect("fixture")),
            "seq {seq}: the moment it happened, kept exactly"
        );
        assert_eq!(
            at(e["recorded_at"].as_str().expect("recorded_at")),
            at(x["recorded_at"].as_str().expect("fixture")),
            "seq {seq}: the moment it was recorded"
        );
        let l = e["occurred_at_local"].as_str().expect("local");
        assert!(l.ends_with("+02:00"), "{l}");
        assert_eq!(
            &l[11..16],
            local[seq.to_string()].as_str().expect("fixture"),
            "seq {seq}: local time"
        );
        assert_eq!(
            e["added_later"],
            json!(*seq == 5),
            "seq {seq}: only the back-filled note is added later"
        );
    }

    // The same order in the printable forms, with the same local times and marks.
    let fi_when = |seq: u64| {
        format!(
            "10.02.2026 {} EET",
            local[seq.to_string()].as_str().expect("fixture")
        )
    };
    for (name, path) in [("html", "form.html"), ("md", "form.md")] {
        let res = app
            .client
            .get(app.url(&format!("/api/cases/{id}/{path}")))
            .bearer_auth(&itm)
            .send()
            .await
            .expect("form");
        assert_eq!(res.status().as_u16(), 200);
        let body = res.text().await.expect("body");
        let rows = if name == "html" {
            html_timeline(&body)
        } else {
            md_timeline(&body)
        };
        let ours: Vec<(u64, &Row)> = rows
            .iter()
            .filter_map(|r| Some((seq_of_text(&r.text)?, r)))
            .collect();
        assert_eq!(
            ours.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            want,
            "{name}: the same order"
        );
        for (seq, r) in &ours {
            assert_eq!(r.when, fi_when(*seq), "{name}: seq {seq}");
            assert_eq!(r.added_later, *seq == 5, "{name}: seq {seq} added later");
            if *seq == 5 {
                assert!(
                    r.text.contains("lisätty jälkikäteen") && r.text.contains("11:00 EET"),
                    "{name}: the mark names when it was recorded: {}",
                    r.text
                );
            }
        }
    }

    // The same order on the case's timeline sheet of the case workbook.
    let res = app
        .client
        .get(app.url("/api/cases/export.xlsx?from=2026-02-10&to=2026-02-10&lang=fi"))
        .bearer_auth(&itm)
        .send()
        .await
        .expect("workbook");
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.expect("body").to_vec();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .expect("a workbook calamine reads");
    use calamine::{Data, DataType, Reader};
    let names = book.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.contains(&id[4..]))
        .unwrap_or_else(|| panic!("a timeline sheet for {id} among {names:?}"))
        .clone();
    let rows = book.worksheet_range(&sheet).expect("the timeline sheet");
    let ours: Vec<(u64, Vec<Data>)> = rows
        .rows()
        .skip(1)
        .filter_map(|r| {
            let text = r
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" ");
            Some((seq_of_text(&text)?, r.to_vec()))
        })
        .collect();
    assert_eq!(
        ours.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        want,
        "xlsx: the same order"
    );
    for (seq, r) in &ours {
        let when = r[1].as_datetime().expect("a date-time cell");
        assert_eq!(
            when.format("%H:%M").to_string(),
            local[seq.to_string()].as_str().expect("fixture"),
            "xlsx: seq {seq}, local time"
        );
        assert_eq!(
            r[5] == Data::String("lisätty jälkikäteen".into()),
            *seq == 5,
            "xlsx: seq {seq} added later"
        );
    }
}
