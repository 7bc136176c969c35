//! The preparedness-plan appendix through the real server (issue 4, point 7): the demo
//! organisation's process and every system's sheet in HTML and Markdown, in fi, sv and en,
//! hostile register text kept as text, Markdown tables that stay tables, gaps shown as gaps,
//! and who may have it.

mod common;

use common::rendered::{html_unescape, md_unescape, strip_tags};
use common::{Answer, TestApp, spawn_app};
use serde_json::{Value, json};

const HTML: &str = "/api/preparedness-plan.html";
const MD: &str = "/api/preparedness-plan.md";

#[track_caller]
fn ok(a: &Answer) -> &str {
    assert_eq!(a.status, 200, "{}", a.text);
    &a.text
}

fn header<'a>(a: &'a Answer, name: &str) -> &'a str {
    a.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The names of every critical system in the register, as the API lists them.
async fn system_names(t: &TestApp, token: &str) -> Vec<String> {
    let a = t.get(token, "/api/systems").await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["name"].as_str().expect("a name").to_owned())
        .collect()
}

/// Changes a system through the API as IT management, based on its current version.
async fn edit_system(t: &TestApp, token: &str, id: &str, change: impl FnOnce(&mut Value)) {
    let path = format!("/api/systems/{id}");
    let current = t.get(token, &path).await;
    assert_eq!(current.status, 200, "{}", current.text);
    let mut doc = current.body.clone();
    change(&mut doc);
    let req = t
        .client
        .put(t.url(&path))
        .bearer_auth(token)
        .header("if-match", format!("\"{}\"", current.etag()))
        .json(&doc);
    let a = t.send(req).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn the_demo_plan_holds_the_process_and_every_system_in_finnish() {
    let t = spawn_app().await;
    let desk = t.token("palvelupiste").await;
    let a = t.get(&desk, HTML).await;
    let html = ok(&a).to_owned();
    assert!(header(&a, "content-type").starts_with("text/html"));
    let csp = header(&a, "content-security-policy");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"), "{csp}");
    assert_eq!(header(&a, "x-content-type-options"), "nosniff");

    // Printable on its own: no script, no outside resource, a page per system.
    for banned in [
        "<script", "<link", " src=", "http://", "https://", "@import",
    ] {
        assert!(!html.contains(banned), "the page holds {banned}");
    }
    assert!(html.contains("break-before: page"));
    assert!(html.contains("@media print"));

    let text = html_unescape(&strip_tags(&html));
    assert!(text.contains("Laajamittaisen häiriön hallinta (MIM-prosessi)"));
    assert!(text.contains("Valmiussuunnitelman liite"));
    assert!(!text.contains("plan-"), "a raw catalogue key");
    assert!(text.contains("Kuusijärven kaupunki"), "the organisation");
    // The document's date in the organisation's zone: the clock is 07:00Z, 09:00 in Helsinki.
    assert!(text.contains("10.02.2026 09:00 EET"), "the date");
    assert!(text.contains("Europe/Helsinki"));
    for heading in [
        "Sisällys",
        "Vaiheet ja vastuut",
        "Kuka päättää mitä",
        "Värien merkitys",
        "Viestintäpisteet",
        "Rekisterin versiot",
        "Kriittiset järjestelmät",
    ] {
        assert!(text.contains(heading), "no heading {heading}");
    }
    // The process: stages, the roles who decide, the band limits and the cadence.
    for stage in [
        "Havainto",
        "Esiselvitys ja arviointi",
        "Kriittisyyspäätös",
        "Läpikävely",
    ] {
        assert!(text.contains(stage), "no stage {stage}");
    }
    assert!(text.contains("MIM-yhteyshenkilö"));
    assert!(text.contains("johtoryhmä"));
    assert!(text.contains("1–10, 11–50, 51–100, 101+"), "band limits");
    assert!(text.contains("30 min"), "red cadence");

    // Every system, each with its own sheet and a line in the contents.
    let names = system_names(&t, &desk).await;
    assert!(names.len() >= 9, "{names:?}");
    for name in &names {
        assert!(text.contains(name.as_str()), "no {name}");
    }
    let sheets = html.matches("<section class=\"system\"").count();
    assert_eq!(sheets, names.len(), "a sheet per system");
    assert!(html.contains("href=\"#system-wilma\""), "contents link");
    assert!(html.contains("id=\"system-wilma\""));

    // The matrix: every cell carries its word, not only a colour.
    let grid = html
        .split("<table class=\"matrix\">")
        .nth(2)
        .expect("a system grid");
    let grid = &grid[..grid.find("</table>").expect("end of grid")];
    let cells = common::rendered::table_cells(grid);
    assert_eq!(cells.len() % 4, 0, "{cells:?}");
    assert!(cells.len() >= 16);
    for c in &cells {
        let word = strip_tags(c);
        assert!(
            ["vihreä", "keltainen", "punainen"]
                .iter()
                .any(|w| word.starts_with(w)),
            "a cell without its word: {c}"
        );
    }
    assert!(html.contains("<td class=\"red\">punainen"));
    // The vendor, its practice and the backup arrangements of Wilma.
    assert!(text.contains("Koulutieto"));
    assert!(text.contains("Sovittu käytäntö"));
    assert!(text.contains("Varajärjestelyt"));
    assert!(text.contains("Kuka tekee"));
}

#[tokio::test]
async fn hostile_register_text_stays_text_and_markdown_tables_stay_tables() {
    let t = spawn_app().await;
    let it = t.token("tietohallinto").await;
    edit_system(&t, &it, "wilma", |s| {
        s["name"] = json!("Wilma <script>alert(1)</script>");
        s["criticality_notes"] = json!("Kriittinen | aamuisin\n- myös iltaisin <b>aina</b>");
    })
    .await;

    let html = t.get(&it, HTML).await;
    let html = ok(&html);
    assert!(
        !html.contains("<script>alert(1)"),
        "the name was not escaped"
    );
    assert!(!html.contains("<b>aina"), "the notes were not escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"));
    assert!(html_unescape(html).contains("Wilma <script>alert(1)</script>"));

    let a = t.get(&it, MD).await;
    let md = ok(&a);
    assert!(header(&a, "content-type").starts_with("text/markdown"));
    assert!(!md.contains("<script>"), "raw HTML in the Markdown");
    assert!(md.contains("Wilma \\<script\\>alert(1)\\</script\\>"));
    // The notes' cell: the pipe escaped, the line break a <br>, the row on one line.
    let row = md
        .lines()
        .find(|l| l.contains("Kriittinen \\| aamuisin"))
        .expect("the notes' row");
    assert!(
        row.contains("Kriittinen \\| aamuisin<br>\\- myös iltaisin \\<b\\>aina\\</b\\>"),
        "{row}"
    );
    // Every table row has as many cells as its header.
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let n = unescaped_pipes(line);
        match columns {
            None => columns = Some(n),
            Some(c) => assert_eq!(n, c, "a row with another number of cells: {line}"),
        }
    }
    assert!(md_unescape(md).contains("Kriittinen | aamuisin"));
}

/// The `|` of a Markdown table row that are cell borders.
fn unescaped_pipes(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
    }
    n
}

#[tokio::test]
async fn swedish_and_english_come_from_the_catalogue() {
    let t = spawn_app().await;
    let mgmt = t.token("johtoryhma").await;
    let sv = t.get(&mgmt, &format!("{HTML}?lang=sv")).await;
    let sv = html_unescape(&strip_tags(ok(&sv)));
    for w in [
        "Hantering av omfattande störningar",
        "Bilaga till beredskapsplanen",
        "Påverkansmatris",
        "Reservarrangemang",
        "röd",
        "gul",
        "grön",
        "förhindrar arbetet",
    ] {
        assert!(sv.contains(w), "sv: no {w}");
    }
    assert!(!sv.contains("punainen"), "Finnish matrix words in sv");
    assert!(!sv.contains("plan-"), "a raw catalogue key in sv");

    let en = t.get(&mgmt, &format!("{MD}?lang=en")).await;
    let en = ok(&en);
    for w in [
        "# Major incident management (the MIM process)",
        "Appendix to the preparedness plan",
        "Impact matrix",
        "Backup arrangements",
        "**RED**",
        "_yellow_",
        "green",
        "prevents work",
    ] {
        assert!(en.contains(w), "en: no {w}");
    }
    assert!(
        en.contains("2026-02-10 09:00 EET"),
        "an English date in the zone"
    );
    assert!(!en.contains("plan-"), "a raw catalogue key in en");

    let bad = t.get(&mgmt, &format!("{HTML}?lang=de")).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert_eq!(bad.body["error"]["field"], "lang");
}

#[tokio::test]
async fn gaps_in_the_register_say_not_recorded() {
    let t = spawn_app().await;
    let it = t.token("tietohallinto").await;
    edit_system(&t, &it, "wilma", |s| {
        s["owner"] = Value::Null;
        s["criticality_notes"] = Value::Null;
        s["backup_arrangements"] = json!([]);
    })
    .await;
    let a = t.get(&it, HTML).await;
    let html = ok(&a);
    let start = html.find("id=\"system-wilma\"").expect("Wilma's sheet");
    let sheet = &html[start..];
    let sheet = &sheet[..sheet[1..]
        .find("<section class=\"system\"")
        .map_or(sheet.len(), |i| i + 1)];
    assert!(sheet.contains("<span class=\"missing\">ei kirjattu</span>"));
    assert!(sheet.contains("varajärjestelyjä ei ole kirjattu"));
    let text = html_unescape(&strip_tags(sheet));
    assert!(text.contains("Palvelun omistajaei kirjattu"), "{text}");
    // The register versions the document reflects: Wilma is now at version 2.
    let md = t.get(&it, MD).await;
    let md = ok(&md);
    assert!(
        md.lines()
            .any(|l| l.starts_with("| Järjestelmä: Wilma | 2 (")),
        "{md}"
    );
    assert!(md.contains("_ei kirjattu_"));
}

#[tokio::test]
async fn the_communication_points_are_the_organisations_cadence() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let current = t.get(&admin, "/api/organisation").await;
    assert_eq!(current.status, 200, "{}", current.text);
    let mut org = current.body.clone();
    org["cadence"]["red_minutes"] = json!(20);
    let req = t
        .client
        .put(t.url("/api/organisation"))
        .bearer_auth(&admin)
        .header("if-match", format!("\"{}\"", current.etag()))
        .json(&org);
    let put = t.send(req).await;
    assert_eq!(put.status, 200, "{}", put.text);
    let md = t.get(&admin, MD).await;
    let md = ok(&md);
    assert!(md.contains("| punainen | 20 min |"), "{md}");
    assert!(
        md.contains("| Organisaation asetusten versio | 2 ("),
        "{md}"
    );
}

#[tokio::test]
async fn only_the_organisations_own_staff_get_the_plan() {
    let t = spawn_app().await;
    for user in ["toimittaja", "loppukayttaja", "sidosryhma"] {
        let token = t.token(user).await;
        for path in [HTML, MD] {
            let a = t.get(&token, path).await;
            assert_eq!(a.status, 403, "{user} {path}: {}", a.text);
            assert_eq!(a.code(), "forbidden", "{user}");
            assert!(!a.text.contains("Wilma"), "{user} saw a system");
        }
    }
    for user in [
        "palvelupiste",
        "mimyhteys",
        "tietohallinto",
        "johtoryhma",
        "todentaja",
        "admin",
    ] {
        let token = t.token(user).await;
        assert_eq!(t.get(&token, HTML).await.status, 200, "{user}");
    }
    let anonymous = t.send(t.client.get(t.url(HTML))).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn the_openapi_document_describes_both_paths() {
    let t = spawn_app().await;
    let doc = t.send(t.client.get(t.url("/api/openapi.json"))).await;
    assert_eq!(doc.status, 200);
    for path in [HTML, MD] {
        let op = &doc.body["paths"][path]["get"];
        assert!(op.is_object(), "{path} is not in the document");
        assert!(op["responses"]["403"].is_object(), "{path}");
    }
}
