//! `mim readiness` and `mim process-review add|list` as the real binary, on the data
//! directory a running `mim serve --demo` uses.

#[path = "common/process.rs"]
mod process;

use process::{Server, mim_env};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

/// Runs `mim ARGS… --data DIR` as the login `kaisa`.
fn run(data: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.push(OsStr::new("--data"));
    all.push(data.as_os_str());
    mim_env(&all, &[("USER", "kaisa")])
}

#[track_caller]
fn ok(data: &Path, args: &[&str]) -> String {
    let o = run(data, args);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert_eq!(o.status.code(), Some(0), "{args:?}: {out} {err}");
    out
}

#[track_caller]
fn fails(data: &Path, args: &[&str]) -> String {
    let o = run(data, args);
    assert!(!o.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_operator_reads_readiness_and_records_a_walk_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let mut server = Server::start(&data, &["--demo"], dir.path().join("serve.log"));

    // The table, in the organisation's language, from the database the server uses.
    let out = ok(&data, &["readiness"]);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("Valmius – "), "{out}");
    assert!(first.ends_with("(prosessiversio 1)"), "{out}");
    let figure = out.lines().nth(1).unwrap_or_default();
    assert!(figure.starts_with("Valmiusaste: "), "{out}");
    assert!(
        figure.contains("ei valmis; 1 estävä puute, 2 huomautusta"),
        "{out}"
    );
    assert!(
        out.contains("    [estävä] Prosessia ei ole käyty läpi sidosryhmien kanssa"),
        "{out}"
    );
    assert!(
        out.contains("Sidosryhmät                          puuttuu"),
        "{out}"
    );
    let kirjasto = out
        .lines()
        .position(|l| l.starts_with("Kirjastojärjestelmä (kirjasto)"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        out.lines().nth(kirjasto).unwrap().ends_with("92 %"),
        "{out}"
    );
    assert_eq!(
        out.lines().nth(kirjasto + 1),
        Some("    [huomautus] Valvonnan tunnisteita ei ole määritetty")
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("Wilma (wilma)") && l.ends_with("100 %")),
        "{out}"
    );

    // JSON: what the API answers.
    let json: Value =
        serde_json::from_str(&ok(&data, &["readiness", "--json", "--lang", "en"])).expect("JSON");
    assert_eq!(json["language"], "en");
    assert_eq!(json["blocking_gaps"], 1);
    assert_eq!(
        json["organisation"]["gaps"][0]["code"],
        "walkthrough_missing_stakeholders"
    );
    let percent = json["figure"]["percent"].as_u64().expect("percent");
    assert!(
        figure.contains(&format!("{percent} %")),
        "{figure} vs {percent}"
    );

    // The walk-throughs so far; the stakeholders' one recorded on the day of the last one.
    let listed: Value =
        serde_json::from_str(&ok(&data, &["process-review", "list", "--json"])).expect("JSON");
    let reviews = listed["reviews"].as_array().expect("reviews");
    assert_eq!(reviews.len(), 2);
    let day = reviews[1]["reviewed_on"].as_str().expect("day").to_owned();
    let out = ok(
        &data,
        &[
            "process-review",
            "add",
            "--stage",
            "stakeholders",
            "--date",
            &day,
            "--led-by",
            "tietohallinto",
            "--participant",
            "Hyvinvointialue",
            "--participant",
            "Naapurikunta",
            "--note",
            "Tiedotteet sidosryhmille käytiin läpi.",
        ],
    );
    assert_eq!(
        out.trim(),
        format!(
            "recorded walk-through 3: stakeholders of process version 1 on {day}, led by Jukka Nieminen"
        )
    );
    let listed = ok(&data, &["process-review", "list", "--lang", "sv"]);
    assert!(listed.contains("Intressenter"), "{listed}");
    assert!(listed.contains("Hyvinvointialue, Naapurikunta"), "{listed}");
    let json: Value =
        serde_json::from_str(&ok(&data, &["process-review", "list", "--json"])).expect("JSON");
    assert_eq!(json["reviews"][2]["recorded_by"], "cli:kaisa");

    let out = ok(&data, &["readiness", "--lang", "en"]);
    assert!(
        out.contains("– ready; 0 blocking gaps, 2 advisory gaps"),
        "{out}"
    );

    // Mistakes are refused with the reason, and nothing is written.
    let err = fails(
        &data,
        &[
            "process-review",
            "add",
            "--stage",
            "stakeholder",
            "--date",
            &day,
            "--led-by-name",
            "X",
        ],
    );
    assert!(err.contains("\"stakeholder\" is not a stage"), "{err}");
    let err = fails(
        &data,
        &[
            "process-review",
            "add",
            "--stage",
            "stakeholders",
            "--date",
            "2999-01-01",
            "--led-by-name",
            "X",
        ],
    );
    assert!(err.contains("reviewed_on"), "{err}");
    let err = fails(
        &data,
        &[
            "process-review",
            "add",
            "--stage",
            "stakeholders",
            "--date",
            &day,
        ],
    );
    assert!(err.contains("led_by.name"), "{err}");
    let err = fails(&data, &["readiness", "--lang", "de"]);
    assert!(err.contains("--lang"), "{err}");
    let json: Value =
        serde_json::from_str(&ok(&data, &["process-review", "list", "--json"])).expect("JSON");
    assert_eq!(json["reviews"].as_array().map(Vec::len), Some(3));

    assert!(server.terminate().success());
}
