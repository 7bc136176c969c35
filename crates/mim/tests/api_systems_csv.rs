//! The critical systems as CSV through the API: out and back in without a change, a
//! hand-made file that changes only what it says, problems by line and column.

mod common;

use common::sheets::*;
use common::spawn_app;
use serde_json::json;

#[tokio::test]
async fn the_systems_csv_goes_out_and_back_in_and_edits_only_what_it_says() {
    let t = spawn_app().await;
    let it = t.token("tietohallinto").await;
    let before = versions(&t, &it).await;

    let (status, headers, bytes) = download(&t, &it, "/api/systems.csv").await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header(&headers, "content-disposition"),
        "attachment; filename=\"mim-systems-fi.csv\""
    );
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(
        text.starts_with("\u{feff}Tunnus;Nimi;Muut nimet;Käyttäjiä;Omistaja;"),
        "{text}"
    );
    let a = upload_csv(&t, &it, "/api/systems.csv", &text).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.body["systems"].as_array().map(Vec::len),
        Some(before.len())
    );
    assert!(changed(&a).is_empty(), "{}", a.text);
    assert_eq!(
        versions(&t, &it).await,
        before,
        "re-importing changes nothing"
    );

    // A hand-made file: English headings, commas, only some columns.
    let edit = "Id,Users,Name\r\nwilma,6000,Wilma\r\nuusi,40,Uusi järjestelmä\r\n";
    let dry = upload_csv(&t, &it, "/api/systems.csv?dry_run=true", edit).await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(changed(&dry), ["wilma", "uusi"]);
    assert_eq!(dry.body["systems"][0]["fields"], json!(["user_count"]));
    assert_eq!(dry.body["systems"][1]["new"], true);
    assert_eq!(versions(&t, &it).await, before, "a dry run writes nothing");

    let wilma_before = t.get(&it, "/api/systems/wilma").await.body;
    let done = upload_csv(&t, &it, "/api/systems.csv", edit).await;
    assert_eq!(done.status, 200, "{}", done.text);
    let wilma = t.get(&it, "/api/systems/wilma").await.body;
    assert_eq!(wilma["user_count"], 6000);
    for kept in [
        "aliases",
        "owner",
        "backup_arrangements",
        "communication_plan",
        "selectors",
    ] {
        assert_eq!(wilma[kept], wilma_before[kept], "{kept} is kept");
    }
    let uusi = t.get(&it, "/api/systems/uusi").await;
    assert_eq!(uusi.status, 200);
    assert_eq!(uusi.body["name"], "Uusi järjestelmä");

    // Problems by line and column; nothing imported.
    let after = versions(&t, &it).await;
    let bad = "Tunnus;Käyttäjiä;Toimittaja\r\nwilma;paljon;\r\najanvaraus;10;eiole\r\n";
    let a = upload_csv(&t, &it, "/api/systems.csv", bad).await;
    assert_eq!(a.status, 422, "{}", a.text);
    let messages: Vec<&str> = a.body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "line 2, Käyttäjiä: \"paljon\" is not a whole number of users",
            "line 3, Toimittaja: no vendor \"eiole\" in the register",
        ]
    );
    assert_eq!(versions(&t, &it).await, after);

    let desk = t.token("palvelupiste").await;
    let a = upload_csv(&t, &desk, "/api/systems.csv", edit).await;
    assert_eq!(a.status, 403, "{}", a.text);
}
