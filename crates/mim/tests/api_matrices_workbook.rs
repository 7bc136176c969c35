//! The matrices workbook through the API, as a user relies on it: it downloads and imports
//! back without changing anything (also after LibreOffice re-saved it); the C28 workbooks
//! (1900 and 1904 date systems) import with their thresholds, valid-from dates and response
//! times after a dry run that writes nothing; a bad workbook is refused naming sheet and cell
//! and nothing is imported; a vendor's users get their own systems only.

mod common;

use common::sheets::*;
use common::spawn_app;
use rust_xlsxwriter::Workbook;
use serde_json::json;

#[tokio::test]
async fn the_exported_workbook_imports_back_without_changing_anything() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let before = versions(&t, &admin).await;

    let (status, headers, bytes) = download(&t, &admin, "/api/matrices.xlsx?lang=fi").await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), XLSX);
    assert_eq!(
        header(&headers, "content-disposition"),
        "attachment; filename=\"mim-matrices-fi.xlsx\""
    );
    assert!(bytes.starts_with(b"PK\x03\x04"), "an xlsx is a zip file");

    for dry_run in [true, false] {
        let a = upload(
            &t,
            &admin,
            &format!("/api/matrices/import?dry_run={dry_run}"),
            bytes.clone(),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.text);
        assert_eq!(a.body["dry_run"], json!(dry_run));
        assert_eq!(
            a.body["systems"].as_array().map(Vec::len),
            Some(before.len()),
            "every system of the register is in the workbook: {}",
            a.text
        );
        assert!(changed(&a).is_empty(), "{}", a.text);
    }
    assert_eq!(
        versions(&t, &admin).await,
        before,
        "not even a version moved"
    );

    for lang in ["sv", "en"] {
        let (status, headers, bytes) =
            download(&t, &admin, &format!("/api/matrices.xlsx?lang={lang}")).await;
        assert_eq!(status, 200);
        assert!(header(&headers, "content-disposition").contains(&format!("-{lang}.xlsx")));
        let a = upload(&t, &admin, "/api/matrices/import?dry_run=true", bytes).await;
        assert!(changed(&a).is_empty(), "{lang}: {}", a.text);
    }

    let (status, headers, bytes) = download(&t, &admin, "/api/matrices/template.xlsx").await;
    assert_eq!(status, 200);
    assert!(header(&headers, "content-disposition").contains("mim-matrix-template-"));
    let a = upload(&t, &admin, "/api/matrices/import", bytes).await;
    assert_eq!(
        a.status, 422,
        "a blank template has no matrix to import: {}",
        a.text
    );

    let (status, _, _) = download(&t, &admin, "/api/matrices.xlsx?lang=de").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn the_c28_workbooks_set_thresholds_valid_from_and_response_times_after_a_dry_run() {
    let t = spawn_app().await;
    let it = t.token("tietohallinto").await;
    let before = versions(&t, &it).await;

    let dry = upload(
        &t,
        &it,
        "/api/matrices/import?dry_run=true",
        C28_1900.to_vec(),
    )
    .await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    let mut would = changed(&dry);
    would.sort();
    assert_eq!(would, ["ajanvaraus", "potilastieto", "sahkoposti"]);
    let ajanvaraus = &dry.body["systems"][0];
    assert_eq!(ajanvaraus["changes"]["valid_from"][1], "2026-01-01");
    assert_eq!(versions(&t, &it).await, before, "a dry run writes nothing");

    let done = upload(&t, &it, "/api/matrices/import", C28_1900.to_vec()).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["date_system_1904"], false);

    let m = t.get(&it, "/api/systems/ajanvaraus").await.body["matrix"].clone();
    assert_eq!(m["bands"], json!([1, 7, 500]), "the file's thresholds: {m}");
    assert_eq!(m["valid_from"], "2026-01-01");
    // 7 users or more, critical (prevents work): red, decided within 15 minutes.
    assert_eq!(m["cells"][1][3], "red");
    assert_eq!(m["response_minutes"][1][3], 15);
    // 500 from the text "500", high (disrupts work): yellow, 60 minutes.
    assert_eq!(m["cells"][2][2], "yellow");
    assert_eq!(m["response_minutes"][2][2], 60);

    let m = t.get(&it, "/api/systems/sahkoposti").await.body["matrix"].clone();
    assert_eq!(
        m["bands"],
        json!([1, 1000]),
        "1 000 with a no-break space: {m}"
    );
    assert_eq!(m["valid_from"], "2026-03-29");
    assert_eq!(m["cells"][1][2], "red");
    assert_eq!(m["response_minutes"][1][2], 12 * 60);

    let m = t.get(&it, "/api/systems/potilastieto").await.body["matrix"].clone();
    assert_eq!(m["bands"], json!([1, 50]), "49.99999999999999 is 50: {m}");
    assert_eq!(m["valid_from"], "2026-03-29");
    assert_eq!(m["cells"][1][0], "green");
    assert_eq!(m["response_minutes"][1][0], 23 * 60 + 59);

    let history = t.get(&it, "/api/systems/ajanvaraus/history").await;
    assert!(
        history.text.contains("tietohallinto"),
        "attributed: {}",
        history.text
    );

    // The 1904 workbook says the same: importing it changes nothing more.
    let again = upload(&t, &it, "/api/matrices/import", C28_1904.to_vec()).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["date_system_1904"], true);
    assert!(changed(&again).is_empty(), "{}", again.text);
}

/// A flat list as people write it, one row per matrix cell.
fn flat_list(rows: &[(&str, f64, &str, &str)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Lista").expect("name");
    for (c, h) in ["Järjestelmä", "Käyttäjiä vähintään", "Vakavuus", "Väri"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("heading");
    }
    for (i, (system, users, severity, colour)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *system).expect("cell");
        ws.write_number(r, 1, *users).expect("cell");
        ws.write_string(r, 2, *severity).expect("cell");
        ws.write_string(r, 3, *colour).expect("cell");
    }
    book.save_to_buffer().expect("workbook")
}

#[tokio::test]
async fn a_bad_workbook_is_refused_naming_sheet_and_cell_and_nothing_is_imported() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let before = versions(&t, &admin).await;

    let bad = flat_list(&[
        ("ajanvaraus", 1.0, "kriittinen", "punainen"),
        ("wilma", 1.0, "korkea", "keltanen"),
        ("eiole", 5.0, "matala", "vihreä"),
    ]);
    let a = upload(&t, &admin, "/api/matrices/import", bad).await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.code(), "invalid_workbook");
    let problems = a.body["error"]["problems"].as_array().expect("problems");
    assert_eq!(problems[0]["sheet"], "Lista");
    assert_eq!(problems[0]["cell"], "D3");
    assert_eq!(
        problems[0]["message"],
        "Lista!D3: \"keltanen\" is not a colour"
    );
    assert!(
        a.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Lista!D3")
    );

    // The file reads, but names a system the register does not have.
    let unknown = flat_list(&[
        ("ajanvaraus", 1.0, "kriittinen", "punainen"),
        ("eiole", 5.0, "matala", "vihreä"),
    ]);
    let a = upload(&t, &admin, "/api/matrices/import", unknown).await;
    assert_eq!(a.status, 422, "{}", a.text);
    let message = a.body["error"]["problems"][0]["message"]
        .as_str()
        .unwrap_or("");
    assert!(
        message.starts_with("Lista!D3: no system \"eiole\""),
        "{message}"
    );
    assert_eq!(versions(&t, &admin).await, before, "nothing was imported");

    let csv = upload(
        &t,
        &admin,
        "/api/matrices/import",
        b"a;b;c\r\n1;2;3\r\n".to_vec(),
    )
    .await;
    assert_eq!(csv.status, 400, "{}", csv.text);
    assert_eq!(csv.code(), "not_a_workbook");
    assert!(csv.text.contains("CSV"), "{}", csv.text);

    let empty = upload(&t, &admin, "/api/matrices/import", Vec::new()).await;
    assert_eq!(empty.status, 400, "{}", empty.text);

    let huge = upload(&t, &admin, "/api/matrices/import", vec![0; 9 * 1024 * 1024]).await;
    assert_eq!(huge.status, 413, "{}", huge.text);
    assert_eq!(huge.code(), "payload_too_large");

    let desk = t.token("palvelupiste").await;
    let a = upload(&t, &desk, "/api/matrices/import", C28_1900.to_vec()).await;
    assert_eq!(
        a.status, 403,
        "only admins and IT management import: {}",
        a.text
    );
    assert_eq!(versions(&t, &admin).await, before);
}

/// Runs `soffice --headless --convert-to xlsx` on `bytes` with a profile of its own; None
/// when soffice is missing and MIM_SKIP_SOFFICE=1 allows that.
fn resaved_by_libreoffice(bytes: &[u8]) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, out, profile) = (
        dir.path().join("in.xlsx"),
        dir.path().join("out"),
        dir.path().join("profile"),
    );
    std::fs::write(&input, bytes).expect("write");
    let run = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&input)
        .output();
    match run {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert_eq!(
                std::env::var("MIM_SKIP_SOFFICE").as_deref(),
                Ok("1"),
                "soffice (LibreOffice) is not on PATH: install libreoffice-calc-nogui or set \
                 MIM_SKIP_SOFFICE=1"
            );
            None
        }
        Err(e) => panic!("soffice: {e}"),
        Ok(o) => {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            Some(std::fs::read(out.join("in.xlsx")).expect("soffice's workbook"))
        }
    }
}

#[tokio::test]
async fn an_export_resaved_by_libreoffice_imports_back_unchanged_with_dates_and_response_times() {
    if std::env::var("MIM_SKIP_SOFFICE").as_deref() == Ok("1") {
        return;
    }
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let a = upload(&t, &admin, "/api/matrices/import", C28_1904.to_vec()).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let before = versions(&t, &admin).await;

    let (_, _, bytes) = download(&t, &admin, "/api/matrices.xlsx?lang=fi").await;
    let Some(resaved) = resaved_by_libreoffice(&bytes) else {
        return;
    };
    assert_ne!(resaved, bytes, "LibreOffice wrote its own file");
    let a = upload(&t, &admin, "/api/matrices/import", resaved).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(changed(&a).is_empty(), "{}", a.text);
    assert_eq!(versions(&t, &admin).await, before);
    let m = t.get(&admin, "/api/systems/potilastieto").await.body["matrix"].clone();
    assert_eq!(m["valid_from"], "2026-03-29");
    assert_eq!(m["response_minutes"][1][0], 23 * 60 + 59);
}

#[tokio::test]
async fn a_vendors_user_gets_only_their_own_systems_and_cases() {
    let t = spawn_app().await;
    let vendor = t.token("toimittaja").await;
    let desk = t.token("palvelupiste").await;
    let own: Vec<String> = t
        .get(&vendor, "/api/systems")
        .await
        .body
        .as_array()
        .expect("systems")
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    let all = t
        .get(&desk, "/api/systems")
        .await
        .body
        .as_array()
        .map_or(0, Vec::len);
    assert!(!own.is_empty() && own.len() < all, "{own:?} of {all}");

    let (status, _, bytes) = download(&t, &vendor, "/api/matrices.xlsx").await;
    assert_eq!(status, 200);
    let admin = t.token("admin").await;
    let a = upload(&t, &admin, "/api/matrices/import?dry_run=true", bytes).await;
    let mut listed: Vec<String> = a.body["systems"]
        .as_array()
        .expect("systems")
        .iter()
        .filter_map(|s| s["system"].as_str().map(str::to_owned))
        .collect();
    listed.sort();
    let mut own = own;
    own.sort();
    assert_eq!(
        listed, own,
        "the vendor's workbook holds its own systems only"
    );

    let theirs = t.open_case(&desk, &own[0]).await;
    let other = t
        .get(&desk, "/api/systems")
        .await
        .body
        .as_array()
        .expect("systems")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .find(|id| !own.iter().any(|o| o == id))
        .expect("a system of another vendor")
        .to_owned();
    let not_theirs = t.open_case(&desk, &other).await;
    let (_, _, csv) = download(
        &t,
        &vendor,
        "/api/cases/export.csv?from=2026-02-10&to=2026-02-10",
    )
    .await;
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert!(csv.contains(&format!("\r\n{theirs};")), "{csv}");
    assert!(!csv.contains(&not_theirs), "{csv}");

    let a = upload(&t, &vendor, "/api/matrices/import", C28_1900.to_vec()).await;
    assert_eq!(a.status, 403);
}

#[tokio::test]
async fn the_openapi_document_lists_the_sheet_endpoints_with_their_errors() {
    let t = spawn_app().await;
    let doc = t.get("", "/api/openapi.json").await.body;
    let import = &doc["paths"]["/api/matrices/import"]["post"]["responses"];
    for status in ["200", "400", "403", "409", "413", "422"] {
        assert!(import.get(status).is_some(), "{status} in {import}");
    }
    for path in [
        "/api/matrices.xlsx",
        "/api/matrices/template.xlsx",
        "/api/cases/export.csv",
        "/api/cases/export.xlsx",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
}
