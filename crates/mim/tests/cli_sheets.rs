//! The spreadsheet subcommands of the real binary on a data directory, through real files:
//! export-matrices, import-matrices (dry run, apply, problems) and export-cases.

#[path = "common/process.rs"]
mod process;

use process::{Server, mim};
use rust_xlsxwriter::Workbook;
use serde_json::json;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

const C28_1900: &[u8] = include_bytes!("fixtures/C28-matrix-1900.xlsx");
const C28_1904: &[u8] = include_bytes!("fixtures/C28-matrix-1904.xlsx");

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `mim ARGS… --data DATA` and asserts that it succeeded; returns standard output.
#[track_caller]
fn ok(data: &Path, args: &[&OsStr]) -> String {
    let o = run(data, args);
    assert!(
        o.status.success(),
        "mim {args:?}: exit {:?}; stdout: {}; stderr: {}",
        o.status,
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

fn run(data: &Path, args: &[&OsStr]) -> Output {
    let mut all: Vec<&OsStr> = args.to_vec();
    all.extend([OsStr::new("--data"), data.as_os_str()]);
    mim(&all)
}

fn os(s: &str) -> &OsStr {
    s.as_ref()
}

/// A demo register with one case whose title is a formula, made through the real server.
async fn seeded(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    let token = {
        let mut server = Server::start(&data, &["--demo"], dir.join("serve.log"));
        let token = ok(&data, &[os("token"), os("create"), os("palvelupiste")]);
        let res = reqwest::Client::new()
            .post(server.url("/api/cases"))
            .bearer_auth(token.trim())
            .json(&json!({"system": "wilma", "title": "=1+2",
                          "report": {"channel": "phone", "text": "ei toimi"}}))
            .send()
            .await
            .expect("open a case");
        assert_eq!(res.status().as_u16(), 201);
        server.terminate();
        token
    };
    assert!(!token.is_empty());
    data
}

#[tokio::test]
async fn matrices_go_out_and_back_in_through_files_and_cases_come_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = seeded(dir.path()).await;
    let file = |name: &str| dir.path().join(name);

    // Out and back in: nothing changes.
    let out = ok(&data, &[os("export-matrices"), file("m.xlsx").as_os_str()]);
    assert!(out.contains("m.xlsx"), "{out}");
    let bytes = std::fs::read(file("m.xlsx")).expect("the workbook");
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let out = ok(
        &data,
        &[
            os("import-matrices"),
            file("m.xlsx").as_os_str(),
            os("--dry-run"),
        ],
    );
    assert!(out.contains("wilma (Wilma, sheet "), "{out}");
    assert!(out.contains("dry run: 0 systems would change"), "{out}");
    let out = ok(&data, &[os("import-matrices"), file("m.xlsx").as_os_str()]);
    assert!(out.ends_with("0 systems changed\n"), "{out}");

    // C28: the dry run shows the change and writes nothing; the import writes it.
    std::fs::write(file("c28.xlsx"), C28_1900).expect("write");
    let dry = ok(
        &data,
        &[
            os("import-matrices"),
            file("c28.xlsx").as_os_str(),
            os("--dry-run"),
        ],
    );
    assert!(
        dry.contains("ajanvaraus (Ajanvaraus, sheet Vaikutusmatriisi): would change"),
        "{dry}"
    );
    assert!(dry.contains("valid from: – → 2026-01-01"), "{dry}");
    assert!(
        dry.contains("response time 500+ users, disrupts_work: – → 1 h"),
        "{dry}"
    );
    assert!(dry.contains("minor: – → 23 h 59 min"), "{dry}");
    assert!(dry.contains("dry run: 3 systems would change"), "{dry}");
    let again = ok(
        &data,
        &[
            os("import-matrices"),
            file("c28.xlsx").as_os_str(),
            os("--dry-run"),
        ],
    );
    assert_eq!(again, dry, "the dry run wrote nothing");
    let done = ok(
        &data,
        &[os("import-matrices"), file("c28.xlsx").as_os_str()],
    );
    assert!(
        done.contains("ajanvaraus (Ajanvaraus, sheet Vaikutusmatriisi): version 1 → 2"),
        "{done}"
    );
    assert!(done.ends_with("3 systems changed\n"), "{done}");

    // The export now carries the imported matrices; it and the 1904 file change nothing.
    ok(
        &data,
        &[
            os("export-matrices"),
            file("m2.xlsx").as_os_str(),
            os("--lang"),
            os("sv"),
        ],
    );
    let out = ok(&data, &[os("import-matrices"), file("m2.xlsx").as_os_str()]);
    assert!(out.ends_with("0 systems changed\n"), "{out}");
    std::fs::write(file("c28-1904.xlsx"), C28_1904).expect("write");
    let out = ok(
        &data,
        &[os("import-matrices"), file("c28-1904.xlsx").as_os_str()],
    );
    assert!(out.ends_with("0 systems changed\n"), "{out}");

    // A bad workbook: every problem at its sheet and cell, a non-zero exit, nothing written.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Lista").expect("name");
    for (c, h) in ["Järjestelmä", "Käyttäjiä vähintään", "Vakavuus", "Väri"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("heading");
    }
    ws.write_string(1, 0, "wilma").expect("cell");
    ws.write_number(1, 1, 49.5).expect("cell");
    ws.write_string(1, 2, "korkea").expect("cell");
    ws.write_string(1, 3, "keltanen").expect("cell");
    book.save(file("bad.xlsx")).expect("save");
    let o = run(
        &data,
        &[os("import-matrices"), file("bad.xlsx").as_os_str()],
    );
    assert!(!o.status.success(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("Lista!B2: 49.5 users is not a whole number"),
        "{err}"
    );
    assert!(
        err.contains("Lista!D2: \"keltanen\" is not a colour"),
        "{err}"
    );
    assert!(err.contains("nothing was imported (2 problems)"), "{err}");
    let out = ok(&data, &[os("import-matrices"), file("m2.xlsx").as_os_str()]);
    assert!(out.ends_with("0 systems changed\n"), "{out}");

    // The systems as CSV, out and back in.
    ok(&data, &[os("export-systems"), file("s.csv").as_os_str()]);
    let out = ok(
        &data,
        &[
            os("import-systems"),
            file("s.csv").as_os_str(),
            os("--dry-run"),
        ],
    );
    assert!(out.contains("wilma (line "), "{out}");
    assert!(
        out.ends_with("dry run: 0 systems would change; nothing was written\n"),
        "{out}"
    );
    std::fs::write(file("s2.csv"), "Tunnus;Käyttäjiä\r\nwilma;6000\r\n").expect("write");
    let out = ok(&data, &[os("import-systems"), file("s2.csv").as_os_str()]);
    assert!(
        out.contains("wilma (line 2): changes user_count (version "),
        "{out}"
    );
    std::fs::write(file("s3.csv"), "Tunnus;Käyttäjiä\r\nwilma;paljon\r\n").expect("write");
    let o = run(&data, &[os("import-systems"), file("s3.csv").as_os_str()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("line 2, Käyttäjiä: \"paljon\" is not a whole number of users"),
        "{}",
        stderr(&o)
    );

    // The template, in Swedish.
    ok(
        &data,
        &[
            os("export-matrices"),
            file("t.xlsx").as_os_str(),
            os("--template"),
            os("--lang"),
            os("sv"),
        ],
    );
    assert!(
        std::fs::read(file("t.xlsx"))
            .expect("template")
            .starts_with(b"PK")
    );

    // Cases of the period around today, as CSV and as a workbook.
    // The binary runs on the wall clock, so the period is around today's date.
    #[allow(clippy::disallowed_methods)]
    let today = chrono::Utc::now().date_naive();
    let from = today.pred_opt().expect("a day").to_string();
    let to = today.succ_opt().expect("a day").to_string();
    let export_cases = |name: &str| {
        let path = file(name);
        run(
            &data,
            &[
                os("export-cases"),
                os("--from"),
                os(&from),
                os("--to"),
                os(&to),
                path.as_os_str(),
            ],
        )
    };
    let o = export_cases("cases.csv");
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read(file("cases.csv")).expect("csv");
    assert!(csv.starts_with("\u{feff}Tunnus;Järjestelmä;Otsikko;".as_bytes()));
    let text = String::from_utf8(csv).expect("UTF-8");
    assert!(text.contains(";Wilma;'=1+2;"), "{text}");
    assert_eq!(text.matches("\r\n").count(), 2, "{text}");

    let o = export_cases("cases.xlsx");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read(file("cases.xlsx"))
            .expect("xlsx")
            .starts_with(b"PK")
    );

    let o = export_cases("cases.txt");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("must end in .csv or .xlsx"),
        "{}",
        stderr(&o)
    );
}
