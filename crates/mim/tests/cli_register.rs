//! `mim system|vendor|organisation …` as an operator scripts them, run as the real binary on
//! a fresh data directory: documents in as JSON files, out as JSON, checked like the API checks
//! them, versioned and attributed to the operator.

#[path = "common/process.rs"]
mod process;

use process::mim_env;
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

struct Operator<'a> {
    data: &'a Path,
}

impl Operator<'_> {
    /// Runs `mim ARGS… --data DIR` as the login `kaisa`.
    fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(OsStr::new("--data"));
        all.push(self.data.as_os_str());
        mim_env(&all, &[("USER", "kaisa")])
    }

    #[track_caller]
    fn ok(&self, args: &[&str]) -> (String, String) {
        let o = self.run(args);
        let (out, err) = texts(&o);
        assert!(o.status.success(), "{args:?}: {out} {err}");
        (out, err)
    }

    #[track_caller]
    fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let (out, err) = texts(&o);
        assert!(!o.status.success(), "{args:?} should fail: {out} {err}");
        err
    }
}

fn texts(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).expect("json")).expect("write");
    path.to_str().expect("utf-8 path").to_owned()
}

#[test]
fn an_operator_keeps_the_register_in_json_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let op = Operator { data: &data };

    // Before anything is stored: the built-in defaults, version 0.
    let (out, err) = op.ok(&["organisation", "show"]);
    assert!(err.contains("version 0"), "{err}");
    let mut org: Value = serde_json::from_str(&out).expect("JSON on stdout");
    org["name"] = json!("Kuusijärven kaupunki");
    org["languages"] = json!(["fi", "sv"]);
    let file = write(dir.path(), "org.json", &org);
    let (out, _) = op.ok(&["organisation", "put", &file, "--if-version", "0"]);
    assert!(out.contains("version 1"), "{out}");

    let vendor = json!({
        "id": "koulutieto", "name": "Koulutieto Oy", "kind": "vendor",
        "contacts": [{"name": "Päivystys", "phone": "+358 40 000 0101", "available_24_7": true}],
        "practice": {"meetings_and_communication": "Teams-silta tunnin välein",
                     "progress_report_interval_minutes": 60,
                     "fix_acknowledgement": "Kirjallinen kuittaus", "contract_reference": "2024/117",
                     "sla": {"response_minutes": 30, "resolution_minutes": 240}}
    });
    op.ok(&["vendor", "put", &write(dir.path(), "vendor.json", &vendor)]);
    let system = json!({
        "id": "wilma", "name": "Wilma", "aliases": ["kouluhallinto"], "user_count": 5200,
        "owner": {"name": "Opetuspalvelut", "kind": "unit", "email": "opetus@example.invalid"},
        "criticality_notes": "Koulupäivinä 7–16.", "vendor": "koulutieto",
        "backup_arrangements": [{"id": "paperi", "name": "Paperilistat", "description": "Poissaolot paperille.",
            "decided_by": "it_management",
            "steps": [{"id": "1", "what": "Tieto kouluille", "who": {"role": "it_management"}}],
            "announcement": {"fi": "Wilma ei toimi.", "sv": "Wilma fungerar inte."}}],
        "communication_plan": {"audiences": [{"kind": "staff"}], "channels": ["email"], "languages": ["fi", "sv"]},
        "selectors": [{"service": "wilma"}]
    });
    let system_file = write(dir.path(), "wilma.json", &system);
    let (out, _) = op.ok(&["system", "put", &system_file, "--if-version", "0"]);
    assert!(out.contains("system wilma: version 1"), "{out}");

    let (out, _) = op.ok(&["system", "list"]);
    assert!(
        out.contains("wilma") && out.contains("5200") && out.contains("koulutieto"),
        "{out}"
    );
    assert!(out.contains("Opetuspalvelut"), "{out}");
    let (out, err) = op.ok(&["system", "show", "wilma"]);
    assert!(
        err.contains("version 1") && err.contains("cli:kaisa"),
        "{err}"
    );
    let shown: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        shown["backup_arrangements"][0]["steps"][0]["who"]["role"],
        "it_management"
    );
    assert_eq!(shown["selectors"][0]["labels"]["service"], "wilma");

    // What `show` prints goes back in; a stale version is refused and writes nothing.
    let shown_file = write(dir.path(), "shown.json", &shown);
    op.ok(&["system", "put", &shown_file, "--if-version", "1"]);
    let err = op.fails(&["system", "put", &shown_file, "--if-version", "1"]);
    assert!(err.contains("version 2"), "{err}");

    // A mistake is named by its field, and nothing is written.
    let mut bad = shown.clone();
    bad["communication_plan"]["audiences"][0]["channels"] = json!(["sms"]);
    let err = op.fails(&["system", "put", &write(dir.path(), "bad.json", &bad)]);
    assert!(
        err.contains("communication_plan.audiences[0].channels[0]"),
        "{err}"
    );
    let mut typo = shown.clone();
    typo["criticality_note"] = json!("x");
    let err = op.fails(&["system", "put", &write(dir.path(), "typo.json", &typo)]);
    assert!(err.contains("criticality_note:"), "{err}");
    let err = op.fails(&[
        "vendor",
        "put",
        &write(
            dir.path(),
            "v.json",
            &json!({"id": "x", "name": "X", "contacts": []}),
        ),
    ]);
    assert!(err.contains("contacts"), "{err}");

    let (out, _) = op.ok(&["system", "history", "wilma"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines.iter().all(|l| l.contains("by cli:kaisa")), "{out}");
    let (out, _) = op.ok(&["organisation", "history"]);
    assert!(out.starts_with("version 1"), "{out}");
}
