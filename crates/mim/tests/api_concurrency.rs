//! Truly concurrent requests on one case: of the commands based on the same version exactly one
//! wins and the rest get 409 `version_conflict` (nothing of theirs is written); evidence arriving
//! at the same time all lands and never makes a person's command fail.

mod common;

use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;

async fn timeline(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let a = app.get(token, &format!("/api/cases/{id}/timeline")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["entries"].as_array().expect("entries").clone()
}

fn process_count(entries: &[Value]) -> usize {
    entries.iter().filter(|e| e["process"] == true).count()
}

/// Sends every `(token, path, body)` at once, each on its own task and connection.
async fn all_at_once(app: &Arc<TestApp>, requests: Vec<(String, String, Value)>) -> Vec<Answer> {
    let barrier = Arc::new(tokio::sync::Barrier::new(requests.len()));
    let handles: Vec<_> = requests
        .into_iter()
        .map(|(token, path, body)| {
            let app = Arc::clone(app);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                // A client of its own: no shared connection pool serialises the requests.
                let client = reqwest::Client::new();
                let req = client.post(app.url(&path)).bearer_auth(&token).json(&body);
                barrier.wait().await;
                app.send(req).await
            })
        })
        .collect();
    let mut answers = vec![];
    for h in handles {
        answers.push(h.await.expect("task"));
    }
    answers
}

fn assert_one_winner(answers: &[Answer], version: u64) -> usize {
    let winners: Vec<usize> = answers
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == 200)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        winners.len(),
        1,
        "exactly one command wins: {:?}",
        answers
            .iter()
            .map(|a| (a.status, a.text.clone()))
            .collect::<Vec<_>>()
    );
    for (i, a) in answers.iter().enumerate() {
        if i == winners[0] {
            assert_eq!(a.etag(), version + 1);
            continue;
        }
        assert_eq!(a.status, 409, "{}", a.text);
        assert_eq!(a.code(), "version_conflict", "{}", a.text);
        assert_eq!(
            a.body["error"]["current_version"],
            json!(version + 1),
            "the loser learns the version to reload: {}",
            a.text
        );
        let rid = a.body["error"]["request_id"].as_str().unwrap_or_default();
        assert!(!rid.is_empty(), "{}", a.text);
    }
    winners[0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_commands_on_the_same_version_one_wins_one_conflicts() {
    let app = Arc::new(spawn_app().await);
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let id = app.open_case(&desk, "wilma").await;
    let v = app.get(&desk, &format!("/api/cases/{id}")).await.etag();
    let before = timeline(&app, &desk, &id).await;
    let path = format!("/api/cases/{id}/commands");
    let answers = all_at_once(
        &app,
        vec![
            (
                desk.clone(),
                path.clone(),
                json!({"expected_seq": v, "command":
                    {"type": "record_assessment", "affected_users": 30, "severity": "minor"}}),
            ),
            (
                itm.clone(),
                path.clone(),
                json!({"expected_seq": v, "command":
                    {"type": "record_assessment", "affected_users": 300, "severity": "prevents_work"}}),
            ),
        ],
    )
    .await;
    let winner = assert_one_winner(&answers, v);

    let after = timeline(&app, &desk, &id).await;
    assert_eq!(after.len(), before.len() + 1, "one new event, the winner's");
    assert_eq!(process_count(&after), process_count(&before) + 1);
    let assessed: Vec<&Value> = after.iter().filter(|e| e["kind"] == "assessed").collect();
    assert_eq!(assessed.len(), 1);
    let (users, who) = if winner == 0 {
        (30, "palvelupiste")
    } else {
        (300, "tietohallinto")
    };
    assert_eq!(assessed[0]["event"]["affected_users"], users);
    assert_eq!(assessed[0]["actor"]["user"], who);
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.etag(), v + 1);
    assert_eq!(case.body["case"]["assessment"]["affected_users"], users);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_commands_on_the_same_version_exactly_one_wins() {
    let app = Arc::new(spawn_app().await);
    let desk = app.token("palvelupiste").await;
    let itm = app.token("tietohallinto").await;
    let contact = app.token("mimyhteys").await;
    let id = app.open_case(&desk, "wilma").await;
    let path = format!("/api/cases/{id}/commands");

    // Round 1: ten assessments in detection.
    let v = app.get(&desk, &format!("/api/cases/{id}")).await.etag();
    let before = timeline(&app, &desk, &id).await;
    let tokens = [&desk, &itm, &contact];
    let requests = (0..10)
        .map(|i| {
            (
                tokens[i % 3].clone(),
                path.clone(),
                json!({"expected_seq": v, "command":
                    {"type": "record_assessment", "affected_users": 101 + i, "severity": "prevents_work"}}),
            )
        })
        .collect();
    let answers = all_at_once(&app, requests).await;
    let winner = assert_one_winner(&answers, v);
    let after = timeline(&app, &desk, &id).await;
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(process_count(&after), process_count(&before) + 1);
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.etag(), v + 1);
    assert_eq!(
        case.body["case"]["assessment"]["affected_users"],
        json!(101 + winner)
    );

    // Round 2: different people making different moves of the same stage (MIM started).
    let a = app
        .command(
            &desk,
            &id,
            json!({"type": "decide_criticality", "start_mim": true}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.etag();
    let vendor_cmds = [
        (
            &itm,
            json!({"type": "escalate_to_vendor", "to": "Koulutieto Oy"}),
        ),
        (&itm, json!({"type": "decide_backup", "needed": false})),
        (
            &desk,
            json!({"type": "record_communication", "kind": "first_notice", "audience": "henkilöstö",
                   "channel": "intranet", "text": "Wilmassa häiriö",
                   "next_update_at": "2026-02-10T09:00:00Z"}),
        ),
        (
            &itm,
            json!({"type": "name_people", "verifier": "todentaja"}),
        ),
        (
            &desk,
            json!({"type": "record_assessment", "affected_users": 500, "severity": "prevents_work"}),
        ),
    ];
    let before = timeline(&app, &desk, &id).await;
    let requests = (0..10)
        .map(|i| {
            let (t, c) = &vendor_cmds[i % vendor_cmds.len()];
            (
                (*t).clone(),
                path.clone(),
                json!({"expected_seq": v, "command": c}),
            )
        })
        .collect();
    let answers = all_at_once(&app, requests).await;
    assert_one_winner(&answers, v);
    let after = timeline(&app, &desk, &id).await;
    assert_eq!(after.len(), before.len() + 1, "only the winner's event");
    assert_eq!(process_count(&after), process_count(&before) + 1);
    let seqs: BTreeSet<u64> = after
        .iter()
        .map(|e| e["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(seqs.len(), after.len(), "sequence numbers are unique");
    assert_eq!(seqs, (1..=after.len() as u64).collect(), "and have no gaps");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_alert_storm_all_lands_and_never_fails_a_persons_command() {
    let app = Arc::new(spawn_app().await);
    let desk = app.token("palvelupiste").await;
    let id = app.open_case(&desk, "wilma").await;
    let v = app.get(&desk, &format!("/api/cases/{id}")).await.etag();
    let before = timeline(&app, &desk, &id).await;

    // Twenty alerts at once.
    let requests = (0..20)
        .map(|i| {
            (
                desk.clone(),
                format!("/api/cases/{id}/evidence"),
                json!({"type": "alert_firing", "fingerprint": format!("fp-{i:02}"),
                       "name": "InstanceDown", "text": format!("wilma app{i:02} down")}),
            )
        })
        .collect();
    let answers = all_at_once(&app, requests).await;
    for a in &answers {
        assert_eq!(a.status, 201, "{}", a.text);
        assert_eq!(a.body["event"]["type"], "alert_firing", "{}", a.text);
        assert_eq!(a.body["version"], json!(v), "evidence keeps the version");
    }
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.etag(), v, "the storm did not move the version");
    assert_eq!(case.body["case"]["stage"], "detection");
    assert_eq!(case.body["case"]["alerts_seen"], 20);
    assert_eq!(
        case.body["case"]["firing_alerts"].as_array().map(Vec::len),
        Some(20)
    );
    let after = timeline(&app, &desk, &id).await;
    assert_eq!(after.len(), before.len() + 20, "every alert landed");
    assert_eq!(process_count(&after), process_count(&before));
    let fps: BTreeSet<&str> = after
        .iter()
        .filter(|e| e["kind"] == "alert_firing")
        .filter_map(|e| e["event"]["fingerprint"].as_str())
        .collect();
    assert_eq!(fps.len(), 20, "each alert once");
    let seqs: BTreeSet<u64> = after.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(
        seqs.len(),
        after.len(),
        "no two events share a sequence number"
    );

    // The person read version v before the storm: their command still goes through.
    let a = app
        .post(
            &desk,
            &format!("/api/cases/{id}/commands"),
            &json!({"expected_seq": v, "command":
                {"type": "record_assessment", "affected_users": 150, "severity": "prevents_work"}}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.etag(), v + 1);

    // And while another storm blows: twenty resolutions and a command, all at once.
    let v = a.etag();
    let mut requests: Vec<(String, String, Value)> = (0..20)
        .map(|i| {
            (
                desk.clone(),
                format!("/api/cases/{id}/evidence"),
                json!({"type": "alert_resolved", "fingerprint": format!("fp-{i:02}")}),
            )
        })
        .collect();
    requests.insert(
        10,
        (
            desk.clone(),
            format!("/api/cases/{id}/commands"),
            json!({"expected_seq": v, "command": {"type": "decide_criticality", "start_mim": true}}),
        ),
    );
    let answers = all_at_once(&app, requests).await;
    for (i, a) in answers.iter().enumerate() {
        let want = if i == 10 { 200 } else { 201 };
        assert_eq!(a.status, want, "{}", a.text);
    }
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.etag(), v + 1);
    assert_eq!(case.body["case"]["stage"], "mim_started");
    assert_eq!(case.body["case"]["firing_alerts"], json!([]));
    let last = timeline(&app, &desk, &id).await;
    assert_eq!(last.len(), after.len() + 1 + 20 + 1);
}
