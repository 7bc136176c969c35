//! `mim export-plan` on a data directory through the real binary: the preparedness-plan
//! appendix written as HTML and Markdown, in the language asked for, from the database the
//! server uses.

#[path = "common/process.rs"]
mod process;

use process::{Server, mim};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn run(data: &Path, args: &[&OsStr]) -> Output {
    let mut all: Vec<&OsStr> = args.to_vec();
    all.extend([OsStr::new("--data"), data.as_os_str()]);
    mim(&all)
}

#[track_caller]
fn ok(data: &Path, args: &[&OsStr]) -> String {
    let o = run(data, args);
    assert!(
        o.status.success(),
        "mim {args:?}: {:?}; {}; {}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

fn os(s: &str) -> &OsStr {
    s.as_ref()
}

#[test]
fn the_plan_is_written_to_a_file_in_the_format_and_language_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    // The demo register, seeded by the real server into its database, which then stops.
    let mut server = Server::start(&data, &["--demo"], dir.path().join("serve.log"));
    server.terminate();
    let file = |name: &str| dir.path().join(name);

    let out = ok(&data, &[os("export-plan"), file("plan.html").as_os_str()]);
    assert!(out.contains("plan.html"), "{out}");
    assert!(out.contains("9 critical systems"), "{out}");
    let html = std::fs::read_to_string(file("plan.html")).expect("the HTML file");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<html lang=\"fi\">"));
    assert!(html.contains("Kuusijärven kaupunki"));
    assert!(html.contains("Valmiussuunnitelman liite"));
    assert_eq!(html.matches("<section class=\"system\"").count(), 9);
    assert!(html.contains("<td class=\"red\">punainen"));
    assert!(!html.contains("<script"));

    ok(
        &data,
        &[
            os("export-plan"),
            file("plan.md").as_os_str(),
            os("--lang"),
            os("sv"),
        ],
    );
    let md = std::fs::read_to_string(file("plan.md")).expect("the Markdown file");
    assert!(
        md.starts_with("# Hantering av omfattande störningar"),
        "{md}"
    );
    assert!(md.contains("**RÖD**"));
    assert!(md.contains("### 3.1 "), "the first system's sheet");

    // An extension that names no format needs --format.
    let refused = run(&data, &[os("export-plan"), file("plan.txt").as_os_str()]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains(".html or .md"),
        "{}",
        text(&refused.stderr)
    );
    assert!(!file("plan.txt").exists());
    ok(
        &data,
        &[
            os("export-plan"),
            file("plan.txt").as_os_str(),
            os("--format"),
            os("markdown"),
            os("--lang"),
            os("en"),
        ],
    );
    let txt = std::fs::read_to_string(file("plan.txt")).expect("the file");
    assert!(txt.starts_with("# Major incident management"));

    let bad = run(
        &data,
        &[
            os("export-plan"),
            file("x.html").as_os_str(),
            os("--lang"),
            os("de"),
        ],
    );
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("not a language"));
}
