//! The cases of a period through the API: CSV that Finnish Excel opens as it is (C27's
//! columns, BOM, `;`, CRLF, formulas neutralised), the days counted in the organisation's
//! zone, and the workbook with text too long for a cell continued on a sheet of its own (C30).
//! C17's timeline sheet is checked in `api_cases_c16_c17.rs`.

mod common;

use common::sheets::*;
use common::spawn_app;
use serde_json::{Value, json};

#[tokio::test]
async fn the_case_csv_opens_in_finnish_excel_and_neutralises_formulas() {
    let t = spawn_app().await;
    let desk = t.token("palvelupiste").await;
    let a = t
        .post(
            &desk,
            "/api/cases",
            &json!({"system": "wilma", "title": "=HYPERLINK(\"http://evil.example.invalid\";\"x\")",
                    "report": {"channel": "phone", "text": "ei toimi"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.body["case"]["id"].as_str().expect("id").to_owned();
    t.open_case(&desk, "sahkoposti").await;

    let (status, headers, bytes) = download(
        &t,
        &desk,
        "/api/cases/export.csv?from=2026-02-10&to=2026-02-10",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header(&headers, "content-disposition"),
        "attachment; filename=\"mim-cases-2026-02-10_2026-02-10.csv\""
    );
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    assert!(!text.starts_with("sep="));
    let records: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(
        records[0],
        "Tunnus;Järjestelmä;Otsikko;Vaikutus;Käyttäjiä;Kesto (h);Alkoi (Europe/Helsinki);Päättyi (Europe/Helsinki)"
    );
    assert_eq!(records.len(), 3, "two cases: {text}");
    assert!(
        records[1].starts_with(&format!("{id};Wilma;\"'=HYPERLINK(")),
        "the formula is neutralised and quoted: {}",
        records[1]
    );
    assert!(records[1].ends_with(";2026-02-10 09:00;"), "{}", records[1]);
    assert!(!text.replace("\r\n", "").contains('\n'));

    let (_, _, bytes) = download(
        &t,
        &desk,
        "/api/cases/export.csv?from=2026-02-11&to=2026-03-01",
    )
    .await;
    assert_eq!(
        String::from_utf8_lossy(&bytes).lines().count(),
        1,
        "only the header"
    );

    let (status, headers, bytes) = download(
        &t,
        &desk,
        "/api/cases/export.xlsx?from=2026-02-01&to=2026-02-28&lang=en",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), XLSX);
    assert!(bytes.starts_with(b"PK\x03\x04"));

    let bad: Value = t
        .get(&desk, "/api/cases/export.csv?from=2026-02-10")
        .await
        .body;
    assert_eq!(bad["error"]["field"], "to");
    let bad = t
        .get(&desk, "/api/cases/export.csv?from=2026-02-10&to=2026-02-01")
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["error"]["field"], "to");
}

#[tokio::test]
async fn a_period_is_counted_in_the_organisations_days_not_utc() {
    use chrono::TimeZone;
    // 22:30Z on 9 February is 00:30 on the 10th in Helsinki.
    let start = chrono::Utc
        .with_ymd_and_hms(2026, 2, 9, 22, 30, 0)
        .single()
        .expect("a time");
    let t = common::spawn_app_at(start).await;
    let desk = t.token("palvelupiste").await;
    let id = t.open_case(&desk, "wilma").await;
    let rows = |bytes: Vec<u8>| {
        String::from_utf8(bytes)
            .expect("UTF-8")
            .split_terminator("\r\n")
            .skip(1)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let (_, _, on_9th) = download(
        &t,
        &desk,
        "/api/cases/export.csv?from=2026-02-09&to=2026-02-09",
    )
    .await;
    assert!(rows(on_9th).is_empty());
    let (_, _, on_10th) = download(
        &t,
        &desk,
        "/api/cases/export.csv?from=2026-02-10&to=2026-02-10",
    )
    .await;
    let on_10th = rows(on_10th);
    assert_eq!(on_10th.len(), 1);
    assert!(
        on_10th[0].starts_with(&format!("{id};Wilma;")),
        "{on_10th:?}"
    );
    assert!(
        on_10th[0].ends_with(";2026-02-10 00:30;"),
        "local time: {on_10th:?}"
    );
}

/// C30: the 40 000-character post-incident narrative, recorded whole as the vendor's report,
/// is split with a visible marker onto a continuation sheet; no cell is over Excel's limit.
#[tokio::test]
async fn text_longer_than_a_cell_continues_on_a_sheet_of_its_own() {
    use calamine::{Data, Reader};
    let t = spawn_app().await;
    let desk = t.token("palvelupiste").await;
    let it = t.token("tietohallinto").await;
    let vendor = t.token("toimittaja").await;
    let id = t.open_case(&desk, "ajanvaraus").await;
    // To the vendor's fix, where its incident report is recorded.
    for (token, command) in [
        (
            &desk,
            json!({"type": "record_assessment", "affected_users": 200, "severity": "prevents_work"}),
        ),
        (
            &desk,
            json!({"type": "decide_criticality", "start_mim": true}),
        ),
        (
            &it,
            json!({"type": "decide_backup", "needed": false, "reason": "ei tarvita"}),
        ),
        (
            &vendor,
            json!({"type": "report_fix", "text": "Palvelin käynnistetty uudelleen"}),
        ),
    ] {
        let a = t.command(token, &id, command).await;
        assert_eq!(a.status, 200, "{}", a.text);
    }
    let text = include_str!("fixtures/C30-long-pir-text.txt").replace("\r\n", "\n");
    // A narrative over the limit is refused naming the field; nothing is written.
    let too_long = "x".repeat(100_001);
    let a = t
        .command(
            &vendor,
            &id,
            json!({"type": "record_vendor_report", "text": too_long}),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert_eq!(a.body["error"]["field"], "command.text", "{}", a.text);
    let a = t
        .command(
            &vendor,
            &id,
            json!({"type": "record_vendor_report", "text": text.trim()}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let (status, _, bytes) = download(
        &t,
        &desk,
        "/api/cases/export.xlsx?from=2026-02-10&to=2026-02-10",
    )
    .await;
    assert_eq!(status, 200);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .expect("a workbook that opens");
    let mut longest = 0;
    let mut all = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("a sheet");
        for cell in range.used_cells() {
            if let (_, _, Data::String(s)) = cell {
                longest = longest.max(s.chars().count());
                all.push_str(s);
            }
        }
    }
    assert!(longest <= 32_767, "a cell of {longest} characters");
    assert!(
        book.sheet_names().iter().any(|n| n == "Jatko"),
        "{:?}",
        book.sheet_names()
    );
    assert!(all.contains("(jatkuu: Jatko!"), "the marker is visible");
    let chars: Vec<char> = text.trim().chars().collect();
    let tail: String = chars[chars.len() - 200..].iter().collect();
    assert!(all.contains(tail.trim()), "the end of the text is kept");
}
