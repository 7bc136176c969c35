//! One case walked through every stage of the process over the JSON API, then read back as the
//! MIM form in JSON, HTML and Markdown: the right times (UTC stored, Helsinki shown), the right
//! people in the right roles (in Finnish on the Finnish form), the reasons, and one timeline
//! order in every format.

mod common;

use common::rendered::{html_unescape, md_unescape, strip_tags, table_cells};

use chrono::{DateTime, Duration, Utc};
use common::{TestApp, spawn_app};
use serde_json::{Value, json};

/// One step the walk expects to find on the timeline.
struct Expected {
    kind: &'static str,
    user: &'static str,
    role: &'static str,
    at: DateTime<Utc>,
}

struct Walk<'a> {
    app: &'a TestApp,
    id: String,
    version: u64,
    expected: Vec<Expected>,
}

impl Walk<'_> {
    /// Moves the clock, runs `command` as `user` on the version the walk last saw, and checks
    /// that it was accepted, advanced the version by one and left the case in `stage`.
    async fn step(
        &mut self,
        minutes: i64,
        user: &'static str,
        command: Value,
        stage: &str,
        events: &[(&'static str, &'static str)],
    ) -> Value {
        self.app.clock.advance(Duration::minutes(minutes));
        let token = self.app.token(user).await;
        let kind = command["type"].as_str().unwrap_or_default().to_owned();
        let a = self
            .app
            .post(
                &token,
                &format!("/api/cases/{}/commands", self.id),
                &json!({"expected_seq": self.version, "command": command}),
            )
            .await;
        assert_eq!(a.status, 200, "{kind} by {user}: {}", a.text);
        assert_eq!(a.etag(), self.version + 1, "{kind}: one step, one version");
        assert_eq!(a.body["case"]["version"], json!(self.version + 1));
        assert_eq!(
            a.body["case"]["stage"],
            json!(stage),
            "{kind}: stage after it"
        );
        self.version += 1;
        let at = self.app.clock_now();
        for (event, role) in events {
            self.expected.push(Expected {
                kind: event,
                user,
                role,
                at,
            });
        }
        a.body["case"].clone()
    }
}

const REOPEN_REASON: &str = "Ajanvaraus kaatuu edelleen kun aikoja haetaan";

fn fi_role(code: &str) -> &'static str {
    match code {
        "service_desk" => "tukipalvelu",
        "mim_contact" => "MIM-yhteyshenkilö",
        "it_management" => "tietohallinto",
        "management_group" => "johtoryhmä",
        "vendor" => "palveluntoimittaja",
        "verifier" => "todentaja",
        other => panic!("no Finnish word expected for role {other}"),
    }
}

fn fi_event(kind: &str) -> &'static str {
    match kind {
        "opened" => "Tapaus avattu",
        "report_received" => "Ilmoitus vastaanotettu",
        "assessed" => "Arvioitu",
        "criticality_decided" => "Kriittisyyspäätös",
        "people_named" => "Henkilöt nimetty",
        "backup_decided" => "Varajärjestelypäätös",
        "backup_activated" => "Varajärjestely otettu käyttöön",
        "backup_ended" => "Varajärjestelystä palattu normaaliin",
        "vendor_escalated" => "Eskaloitu toimittajalle",
        "escalation_acknowledged" => "Toimittaja kuittasi eskaloinnin",
        "progress_report_demanded" => "Tilannetietoa vaadittu toimittajalta",
        "vendor_progress" => "Toimittajan tilannetieto",
        "communication_recorded" => "Viestitty",
        "fix_reported" => "Toimittaja ilmoitti korjauksen",
        "fix_acknowledged" => "Korjaus kuitattu",
        "verification_recorded" => "Todentaminen",
        "reopened" => "Avattu uudelleen",
        "signed_off" => "Paluu normaaliin hyväksytty",
        "walk_through_decided" => "Läpikävelypäätös",
        "finding_added" => "Löydös",
        "action_item_added" => "Toimenpide kirjattu",
        "closed" => "Suljettu",
        other => panic!("no Finnish label expected for event {other}"),
    }
}

/// `10.02.2026 09:05 EET`: how the Finnish form shows a moment (winter time).
fn fi_local(t: DateTime<Utc>) -> String {
    (t + Duration::hours(2))
        .format("%d.%m.%Y %H:%M EET")
        .to_string()
}

fn utc(s: &str) -> DateTime<Utc> {
    assert!(s.ends_with('Z'), "a stored time is UTC with Z: {s}");
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .with_timezone(&Utc)
}

/// A rendered timeline row: when, who, what, details (plain text), and the "added later" mark.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    when: String,
    who: String,
    what: String,
    details: String,
    added_later: bool,
}

/// The rows of the HTML form's timeline section (the last section, after its heading).
fn html_timeline(html: &str, heading: &str) -> Vec<Row> {
    let start = html
        .rfind(&format!("<h2>{heading}</h2>"))
        .unwrap_or_else(|| panic!("no {heading} heading in the HTML form"));
    let mut rest = &html[start..];
    let mut rows = vec![];
    while let Some(i) = rest.find("<tr>") {
        let after = &rest[i + 4..];
        let end = after.find("</tr>").expect("a closed row");
        let cells = table_cells(&after[..end]);
        if !cells.is_empty() {
            assert_eq!(cells.len(), 4, "a timeline row has four cells: {cells:?}");
            let first = html_unescape(&strip_tags(&cells[0]));
            rows.push(Row {
                when: first
                    .split('(')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                added_later: cells[0].contains("class=\"later\""),
                who: html_unescape(&strip_tags(&cells[1])).trim().to_owned(),
                what: html_unescape(&strip_tags(&cells[2])).trim().to_owned(),
                details: html_unescape(&strip_tags(&cells[3])),
            });
        }
        rest = &after[end..];
    }
    rows
}

/// The rows of the Markdown form's timeline section.
fn md_timeline(md: &str, heading: &str) -> Vec<Row> {
    let start = md
        .rfind(&format!("## {heading}"))
        .unwrap_or_else(|| panic!("no {heading} heading in the Markdown form"));
    md[start..]
        .lines()
        .filter_map(|line| line.strip_prefix("- **"))
        .map(|body| {
            let (when, rest) = body.split_once("**").expect("bold time");
            let (_, after) = rest.split_once(" — ").expect("who and what after a dash");
            let mut parts = after.splitn(2, " — ");
            let who_what = md_unescape(parts.next().unwrap_or_default());
            let (who, what) = who_what.split_once(": ").expect("who: what");
            Row {
                when: when.trim().to_owned(),
                added_later: rest.trim_start().starts_with("_("),
                who: who.trim().to_owned(),
                what: what.trim().to_owned(),
                details: md_unescape(parts.next().unwrap_or_default()),
            }
        })
        .collect()
}

async fn get_text(app: &TestApp, token: &str, path: &str) -> (u16, String, String) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, ct, res.text().await.expect("body"))
}

#[tokio::test]
async fn one_case_walks_every_stage_and_the_form_tells_it_right_in_every_format() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let opened_at = app.clock_now();

    // Detection: the service desk opens the case from a phone report.
    let a = app
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "ajanvaraus",
                    "report": {"channel": "phone", "text": "Ajanvaraus ei aukea", "reporter": "Terveysasema Keskusta"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.body["case"]["id"].as_str().expect("id").to_owned();
    assert!(id.starts_with("MIM-2026-"), "{id}");
    assert_eq!(a.body["case"]["stage"], "detection");
    assert_eq!(
        a.headers.get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/api/cases/{id}").as_str())
    );
    let mut walk = Walk {
        app: &app,
        id: id.clone(),
        version: a.etag(),
        expected: vec![
            Expected {
                kind: "opened",
                user: "palvelupiste",
                role: "service_desk",
                at: opened_at,
            },
            Expected {
                kind: "report_received",
                user: "palvelupiste",
                role: "service_desk",
                at: opened_at,
            },
        ],
    };

    // Assessment: 120 users, work prevented → red on the default matrix.
    let case = walk
        .step(
            5,
            "palvelupiste",
            json!({"type": "record_assessment", "affected_users": 120, "severity": "prevents_work"}),
            "assessment",
            &[("assessed", "service_desk")],
        )
        .await;
    assert_eq!(case["assessment"]["colour"], "red");
    assert_eq!(case["assessment"]["affected_users"], 120);

    // Red: the service desk starts MIM.
    walk.step(
        4,
        "palvelupiste",
        json!({"type": "decide_criticality", "start_mim": true}),
        "mim_started",
        &[("criticality_decided", "service_desk")],
    )
    .await;
    walk.step(
        3,
        "tietohallinto",
        json!({"type": "name_people", "verifier": "todentaja"}),
        "mim_started",
        &[("people_named", "it_management")],
    )
    .await;

    // The arrangement `puhelinajanvaraus` is the management group's decision, not IT management's.
    app.clock.advance(Duration::minutes(2));
    let refused = app
        .post(
            &itm,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": walk.version, "command":
                {"type": "decide_backup", "needed": true, "arrangement": "puhelinajanvaraus"}}),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(refused.code(), "missing_role");
    let case = walk
        .step(
            1,
            "johtoryhma",
            json!({"type": "decide_backup", "needed": true, "arrangement": "puhelinajanvaraus",
                   "reason": "Puhelinpalvelu jaksaa ottaa ajanvaraukset"}),
            "backup_activation",
            &[("backup_decided", "management_group")],
        )
        .await;
    assert_eq!(case["pending_backup"]["id"], "puhelinajanvaraus");
    let case = walk
        .step(
            6,
            "tietohallinto",
            json!({"type": "activate_backup", "note": "Verkkosivuilla ohje soittaa"}),
            "monitoring",
            &[("backup_activated", "it_management")],
        )
        .await;
    assert_eq!(case["active_backup"]["id"], "puhelinajanvaraus");
    assert_eq!(case["pending_backup"], Value::Null);

    // Monitoring: vendor escalation, acknowledgement, progress, first notice.
    walk.step(
        3,
        "tietohallinto",
        json!({"type": "escalate_to_vendor", "to": "Terveysdata Oy päivystys"}),
        "monitoring",
        &[("vendor_escalated", "it_management")],
    )
    .await;
    walk.step(
        4,
        "toimittaja",
        json!({"type": "acknowledge_escalation", "note": "Otettu työn alle"}),
        "monitoring",
        &[("escalation_acknowledged", "vendor")],
    )
    .await;
    let due = app.clock_now() + Duration::minutes(45);
    walk.step(
        2,
        "tietohallinto",
        json!({"type": "demand_progress_report", "due_by": due}),
        "monitoring",
        &[("progress_report_demanded", "it_management")],
    )
    .await;
    walk.step(
        7,
        "toimittaja",
        json!({"type": "record_vendor_progress", "text": "Tietokantapalvelin käynnistetään uudelleen"}),
        "monitoring",
        &[("vendor_progress", "vendor")],
    )
    .await;
    let next_update = app.clock_now() + Duration::minutes(60);
    let case = walk
        .step(
            2,
            "palvelupiste",
            json!({"type": "record_communication", "kind": "first_notice", "audience": "henkilöstö",
                   "channel": "intranet", "text": "Ajanvarauksessa on häiriö", "next_update_at": next_update}),
            "monitoring",
            &[("communication_recorded", "service_desk")],
        )
        .await;
    assert_eq!(
        utc(case["next_update_at"].as_str().expect("next update")),
        next_update
    );

    // Fix, acknowledged, verification fails → back to monitoring with the reason.
    walk.step(
        9,
        "toimittaja",
        json!({"type": "report_fix", "text": "Palvelin käynnistetty uudelleen"}),
        "fix_reported",
        &[("fix_reported", "vendor")],
    )
    .await;
    walk.step(
        3,
        "tietohallinto",
        json!({"type": "acknowledge_fix"}),
        "awaiting_verification",
        &[("fix_acknowledged", "it_management")],
    )
    .await;
    let case = walk
        .step(
            5,
            "todentaja",
            json!({"type": "verify", "works": false, "reason": REOPEN_REASON}),
            "monitoring",
            &[
                ("verification_recorded", "verifier"),
                ("reopened", "verifier"),
            ],
        )
        .await;
    assert_eq!(case["reopen_count"], 1);

    walk.step(
        11,
        "toimittaja",
        json!({"type": "report_fix", "text": "Välimuisti tyhjennetty ja indeksi korjattu"}),
        "fix_reported",
        &[("fix_reported", "vendor")],
    )
    .await;
    walk.step(
        2,
        "tietohallinto",
        json!({"type": "acknowledge_fix"}),
        "awaiting_verification",
        &[("fix_acknowledged", "it_management")],
    )
    .await;
    walk.step(
        6,
        "todentaja",
        json!({"type": "verify", "works": true}),
        "verified",
        &[("verification_recorded", "verifier")],
    )
    .await;
    walk.step(
        2,
        "tietohallinto",
        json!({"type": "end_backup", "note": "Palattu sähköiseen ajanvaraukseen"}),
        "verified",
        &[("backup_ended", "it_management")],
    )
    .await;
    walk.step(
        4,
        "tietohallinto",
        json!({"type": "sign_off", "note": "Palvelu toimii normaalisti"}),
        "returned_to_normal",
        &[("signed_off", "it_management")],
    )
    .await;
    let case = walk
        .step(
            1,
            "tietohallinto",
            json!({"type": "record_communication", "kind": "return_to_normal", "audience": "henkilöstö",
                   "channel": "intranet", "text": "Ajanvaraus toimii taas"}),
            "returned_to_normal",
            &[("communication_recorded", "it_management")],
        )
        .await;
    assert_eq!(
        case["next_update_at"],
        Value::Null,
        "the closing message promises nothing"
    );
    walk.step(
        8,
        "tietohallinto",
        json!({"type": "decide_walk_through", "needed": true, "timeline_owner": "tietohallinto"}),
        "walk_through",
        &[("walk_through_decided", "it_management")],
    )
    .await;
    walk.step(
        30,
        "tietohallinto",
        json!({"type": "add_finding", "category": "could_go_better", "text": "Valvonta ei hälyttänyt ajoissa"}),
        "walk_through",
        &[("finding_added", "it_management")],
    )
    .await;
    walk.step(
        5,
        "tietohallinto",
        json!({"type": "add_action_item", "title": "Lisää valvonta tietokantaan", "owner": "Jukka Nieminen", "due": "2026-03-01"}),
        "walk_through",
        &[("action_item_added", "it_management")],
    )
    .await;
    let case = walk
        .step(
            10,
            "tietohallinto",
            json!({"type": "close", "summary": "Läpikäyty ja suljettu"}),
            "closed",
            &[("closed", "it_management")],
        )
        .await;
    let closed_at = app.clock_now();
    assert_eq!(utc(case["ended_at"].as_str().expect("ended")), closed_at);
    assert_eq!(case["reopen_count"], 1);

    // --- the timeline in JSON: in occurred order, UTC stored, local with +02:00 ---
    let tl = app.get(&itm, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(tl.status, 200, "{}", tl.text);
    assert_eq!(tl.body["time_zone"], "Europe/Helsinki");
    let entries = tl.body["entries"].as_array().expect("entries").clone();
    let expected = &walk.expected;
    assert_eq!(
        entries
            .iter()
            .map(|e| e["kind"].as_str().unwrap_or_default())
            .collect::<Vec<_>>(),
        expected.iter().map(|e| e.kind).collect::<Vec<_>>(),
        "the timeline lists every step in the order it happened"
    );
    let mut last = (opened_at, 0);
    for (e, x) in entries.iter().zip(expected) {
        let occurred = utc(e["occurred_at"].as_str().expect("occurred_at"));
        let recorded = utc(e["recorded_at"].as_str().expect("recorded_at"));
        assert_eq!(occurred, x.at, "{}: occurred_at", x.kind);
        assert_eq!(recorded, x.at, "{}: recorded_at", x.kind);
        let local = (x.at + Duration::hours(2))
            .format("%Y-%m-%dT%H:%M:%S+02:00")
            .to_string();
        assert_eq!(e["occurred_at_local"], json!(local), "{}", x.kind);
        assert_eq!(e["recorded_at_local"], json!(local), "{}", x.kind);
        assert_eq!(e["actor"]["user"], x.user, "{}: actor", x.kind);
        assert_eq!(e["actor"]["role"], x.role, "{}: role", x.kind);
        assert_eq!(e["added_later"], false, "{}", x.kind);
        let seq = e["seq"].as_u64().expect("seq");
        assert!(
            (occurred, seq) > last,
            "{}: sorted by (occurred_at, seq)",
            x.kind
        );
        last = (occurred, seq);
    }
    let reopened = entries
        .iter()
        .find(|e| e["kind"] == "reopened")
        .expect("reopened");
    assert_eq!(reopened["event"]["reason"], REOPEN_REASON);
    assert_eq!(reopened["event"]["from"], "awaiting_verification");
    assert_eq!(reopened["event"]["to"], "monitoring");
    assert_eq!(
        entries.iter().filter(|e| e["kind"] == "reopened").count(),
        1,
        "one failed verification, one reopening"
    );

    // --- the form as JSON ---
    let form = app.get(&itm, &format!("/api/cases/{id}/form")).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert_eq!(form.body["time_zone"], "Europe/Helsinki");
    assert_eq!(form.body["language"], "fi");
    assert_eq!(form.body["organisation"], "Kuusijärven kaupunki");
    let f = &form.body["form"];
    assert_eq!(f["case"]["id"], json!(id));
    assert_eq!(f["case"]["stage"], "closed");
    assert_eq!(f["case"]["reopen_count"], 1);
    assert_eq!(f["case"]["verifier"]["user"], "todentaja");
    assert_eq!(f["case"]["verifier"]["name"], "Ville Koskinen");
    assert_eq!(
        utc(f["case"]["opened_at"].as_str().expect("opened")),
        opened_at
    );
    assert_eq!(
        utc(f["case"]["ended_at"].as_str().expect("ended")),
        closed_at
    );
    assert_eq!(f["detection"]["type"], "report_received");
    assert_eq!(f["detection"]["text"], "Ajanvaraus ei aukea");
    assert_eq!(f["detection"]["channel"], "phone");
    let at_of = |kind: &str| -> Vec<DateTime<Utc>> {
        expected
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| x.at)
            .collect()
    };
    let decision = &f["decision"];
    assert_eq!(decision["start_mim"], true);
    assert_eq!(decision["colour"], "red");
    assert_eq!(decision["by"]["name"], "Sanna Virtanen");
    assert_eq!(decision["by"]["role"], "service_desk");
    assert_eq!(
        vec![utc(decision["at"].as_str().expect("at"))],
        at_of("criticality_decided")
    );
    let backup = f["backup"].as_array().expect("backup");
    assert_eq!(backup.len(), 3, "decided, taken into use, ended");
    assert_eq!(backup[2]["type"], "backup_ended");
    assert_eq!(backup[2]["arrangement"]["id"], "puhelinajanvaraus");
    assert_eq!(backup[0]["by"]["name"], "Päivi Hämäläinen");
    assert_eq!(backup[0]["by"]["role"], "management_group");
    assert_eq!(backup[0]["arrangement"]["id"], "puhelinajanvaraus");
    assert_eq!(backup[1]["by"]["role"], "it_management");
    let vendor = f["vendor"].as_array().expect("vendor");
    assert_eq!(
        vendor
            .iter()
            .map(|v| v["type"].as_str().unwrap_or_default())
            .collect::<Vec<_>>(),
        [
            "vendor_escalated",
            "escalation_acknowledged",
            "progress_report_demanded",
            "vendor_progress"
        ]
    );
    assert_eq!(vendor[1]["by"]["name"], "Antti Laine");
    assert_eq!(vendor[1]["by"]["role"], "vendor");
    assert_eq!(utc(vendor[2]["due_by"].as_str().expect("due_by")), due);
    let comms = f["communications"].as_array().expect("communications");
    assert_eq!(comms.len(), 2);
    assert_eq!(comms[0]["kind"], "first_notice");
    assert_eq!(
        utc(comms[0]["next_update_at"].as_str().expect("next")),
        next_update
    );
    assert_eq!(comms[1]["kind"], "return_to_normal");
    assert_eq!(comms[1]["next_update_at"], Value::Null);
    assert_eq!(f["fix"].as_array().map(Vec::len), Some(4));
    let verifications = f["verifications"].as_array().expect("verifications");
    assert_eq!(verifications.len(), 2);
    assert_eq!(verifications[0]["works"], false);
    assert_eq!(verifications[0]["reason"], REOPEN_REASON);
    assert_eq!(verifications[0]["by"]["name"], "Ville Koskinen");
    assert_eq!(verifications[0]["by"]["role"], "verifier");
    assert_eq!(verifications[1]["works"], true);
    let reopenings = f["reopenings"].as_array().expect("reopenings");
    assert_eq!(reopenings.len(), 1);
    assert_eq!(reopenings[0]["reason"], REOPEN_REASON);
    assert_eq!(reopenings[0]["by"]["user"], "todentaja");
    assert_eq!(
        vec![utc(reopenings[0]["at"].as_str().expect("at"))],
        at_of("reopened")
    );
    assert_eq!(f["sign_off"][0]["by"]["name"], "Jukka Nieminen");
    assert_eq!(f["sign_off"][0]["by"]["role"], "it_management");
    assert_eq!(f["walk_through"].as_array().map(Vec::len), Some(3));
    assert_eq!(f["closure"][0]["type"], "closed");
    let form_timeline: Vec<u64> = f["timeline"]
        .as_array()
        .expect("form timeline")
        .iter()
        .map(|e| e["seq"].as_u64().expect("seq"))
        .collect();
    let api_timeline: Vec<u64> = entries
        .iter()
        .map(|e| e["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(
        form_timeline, api_timeline,
        "the form's timeline is the timeline"
    );

    // --- the form as HTML and Markdown, in Finnish ---
    let want: Vec<Row> = entries
        .iter()
        .zip(expected)
        .map(|(e, x)| Row {
            when: fi_local(x.at),
            who: format!(
                "{} ({})",
                e["actor"]["name"].as_str().expect("name"),
                fi_role(x.role)
            ),
            what: fi_event(x.kind).to_owned(),
            details: String::new(),
            added_later: false,
        })
        .collect();
    let without_details = |rows: Vec<Row>| -> Vec<Row> {
        rows.into_iter()
            .map(|r| Row {
                details: String::new(),
                ..r
            })
            .collect()
    };

    let (status, ct, html) = get_text(&app, &itm, &format!("/api/cases/{id}/form.html")).await;
    assert_eq!(status, 200, "{html}");
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(html.contains("<html lang=\"fi\">"));
    let html_rows = html_timeline(&html, "Aikajana");
    assert_eq!(
        without_details(html_rows.clone()),
        want,
        "the HTML timeline"
    );
    let (status, ct, md) = get_text(&app, &itm, &format!("/api/cases/{id}/form.md")).await;
    assert_eq!(status, 200, "{md}");
    assert!(ct.starts_with("text/markdown"), "{ct}");
    let md_rows = md_timeline(&md, "Aikajana");
    assert_eq!(
        without_details(md_rows.clone()),
        want,
        "the Markdown timeline"
    );

    for (name, rows) in [("html", &html_rows), ("md", &md_rows)] {
        let row_of = |kind: &str| -> &Row {
            let i = expected.iter().position(|x| x.kind == kind).expect("kind");
            &rows[i]
        };
        assert!(
            row_of("reopened").details.contains(REOPEN_REASON),
            "{name}: {:?}",
            row_of("reopened")
        );
        assert!(
            row_of("verification_recorded")
                .details
                .contains(REOPEN_REASON),
            "{name}: {:?}",
            row_of("verification_recorded")
        );
        let decided = row_of("criticality_decided");
        assert!(
            decided.details.contains("punainen"),
            "{name}: colour in words: {decided:?}"
        );
        let backup = row_of("backup_decided");
        assert!(
            backup.details.contains("Ajanvaraus vain puhelimitse"),
            "{name}: the arrangement by name: {backup:?}"
        );
        assert!(
            backup
                .details
                .contains("Puhelinpalvelu jaksaa ottaa ajanvaraukset"),
            "{name}: the decision's reason: {backup:?}"
        );
        let demanded = row_of("progress_report_demanded");
        assert!(
            demanded.details.contains(&fi_local(due)),
            "{name}: due_by local: {demanded:?}"
        );
        let comm = row_of("communication_recorded");
        assert!(comm.details.contains("ensitiedote"), "{name}: {comm:?}");
        assert!(
            comm.details.contains(&fi_local(next_update)),
            "{name}: next update local: {comm:?}"
        );
    }

    // The header: opened, ended, the reopen count, the verifier, the system and its vendor.
    let html_text = html_unescape(&strip_tags(&html));
    let md_text = md_unescape(&md);
    for (name, text) in [("html", &html_text), ("md", &md_text)] {
        for needle in [
            format!("Avattu{}", sep(name)),
            format!("Päättynyt{}", sep(name)),
            format!("Uudelleen avattu{}", sep(name)),
        ] {
            assert!(text.contains(&needle), "{name}: {needle}");
        }
        assert!(
            text.contains(&format!("Avattu{}{}", sep(name), fi_local(opened_at))),
            "{name}: opened"
        );
        assert!(
            text.contains(&format!("Päättynyt{}{}", sep(name), fi_local(closed_at))),
            "{name}: ended"
        );
        assert!(
            text.contains(&format!("Uudelleen avattu{}1", sep(name))),
            "{name}: reopen count"
        );
        assert!(
            text.contains(&format!("Todentaja{}Ville Koskinen", sep(name))),
            "{name}: verifier"
        );
        assert!(
            text.contains(&format!("Toimittaja{}Terveysdata Oy", sep(name))),
            "{name}: vendor"
        );
        assert!(
            text.contains(&format!("Vaihe{}Suljettu", sep(name))),
            "{name}: stage"
        );
        assert!(
            text.contains("Europe/Helsinki"),
            "{name}: the zone is named"
        );
        assert!(
            !text.contains("07:05 "),
            "{name}: no UTC clock times shown as local"
        );
    }
}

/// What stands between a header label and its value once markup is gone.
fn sep(format: &str) -> &'static str {
    if format == "html" { "" } else { ":** " }
}
