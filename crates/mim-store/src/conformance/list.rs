//! Listing: every filter field, the order and the limit.

use super::*;

/// Every `CaseFilter` field narrows the list; newest first (by `opened_at`, then id); the
/// limit applies.
pub async fn list_filters_and_order(store: &dyn Store) {
    // (title, stage, colour, (system, vendor), exercise, opened at minute)
    let specs = [
        (
            "green wilma",
            Stage::Detection,
            Some(Colour::Green),
            Some(("wilma", Some("visma"))),
            false,
            10,
        ),
        (
            "red wilma",
            Stage::Monitoring,
            Some(Colour::Red),
            Some(("wilma", Some("visma"))),
            false,
            20,
        ),
        (
            "red peppi closed",
            Stage::Closed,
            Some(Colour::Red),
            Some(("peppi", Some("cgi"))),
            false,
            30,
        ),
        ("dismissed", Stage::Dismissed, None, None, false, 40),
        (
            "normal",
            Stage::NormalProcess,
            Some(Colour::Green),
            Some(("email", None)),
            false,
            50,
        ),
        (
            "exercise",
            Stage::MimStarted,
            Some(Colour::Yellow),
            Some(("peppi", Some("cgi"))),
            true,
            60,
        ),
        ("same time b", Stage::Assessment, None, None, false, 70),
        ("same time c", Stage::Assessment, None, None, false, 70),
    ];
    let mut ids = Vec::new();
    for (title, stage, colour, system, exercise, minute) in specs {
        let opened_at = at(minutes(minute));
        let mut s = summary(title, stage, opened_at);
        s.colour = colour;
        s.system = system.map(|(sys, _)| system_id(sys));
        s.vendor = system.and_then(|(_, v)| v.map(vendor_id));
        s.exercise = exercise;
        if !stage.is_open() {
            s.ended_at = Some(opened_at + Duration::minutes(5));
        }
        let (id, _) = store
            .open_case(2026, vec![opened(title, opened_at)], s)
            .await
            .expect("open_case");
        ids.push(id);
    }
    let titles =
        |rows: Vec<CaseRow>| -> Vec<String> { rows.into_iter().map(|r| r.summary.title).collect() };
    let list = |filter: CaseFilter| async move { store.list(&filter).await.expect("list") };

    assert_eq!(
        titles(list(CaseFilter::default()).await),
        [
            "same time c",
            "same time b",
            "exercise",
            "normal",
            "dismissed",
            "red peppi closed",
            "red wilma",
            "green wilma"
        ],
        "newest first; the same opening time by id, descending"
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                open: Some(true),
                ..Default::default()
            })
            .await
        ),
        [
            "same time c",
            "same time b",
            "exercise",
            "red wilma",
            "green wilma"
        ]
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                open: Some(false),
                ..Default::default()
            })
            .await
        ),
        ["normal", "dismissed", "red peppi closed"]
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                stage: Some(Stage::Assessment),
                ..Default::default()
            })
            .await
        ),
        ["same time c", "same time b"]
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                colour: Some(Colour::Red),
                ..Default::default()
            })
            .await
        ),
        ["red peppi closed", "red wilma"]
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                system: Some(system_id("wilma")),
                ..Default::default()
            })
            .await
        ),
        ["red wilma", "green wilma"]
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                exercise: Some(true),
                ..Default::default()
            })
            .await
        ),
        ["exercise"]
    );
    assert_eq!(
        list(CaseFilter {
            exercise: Some(false),
            ..Default::default()
        })
        .await
        .len(),
        7
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                vendor: Some(vendor_id("cgi")),
                ..Default::default()
            })
            .await
        ),
        ["exercise", "red peppi closed"]
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                vendor: Some(vendor_id("cgi")),
                open: Some(true),
                colour: Some(Colour::Yellow),
                system: Some(system_id("peppi")),
                exercise: Some(true),
                stage: Some(Stage::MimStarted),
                limit: None,
            })
            .await
        ),
        ["exercise"],
        "all fields at once"
    );
    assert!(
        list(CaseFilter {
            vendor: Some(vendor_id("nobody")),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    assert_eq!(
        titles(
            list(CaseFilter {
                limit: Some(3),
                ..Default::default()
            })
            .await
        ),
        ["same time c", "same time b", "exercise"]
    );

    let all = list(CaseFilter::default()).await;
    let c = all.first().expect("a row");
    assert_eq!(c.id, ids[7]);
    assert_eq!(c.version, 1);
    assert_eq!(c.last_activity_at, at(minutes(70)));
}

/// Without a limit, `list` returns at most 200 rows.
pub async fn list_default_limit_is_200(store: &dyn Store) {
    for i in 0..201 {
        open(store, 2026, &format!("case {i}"), at(i)).await;
    }
    let rows = store.list(&CaseFilter::default()).await.expect("list");
    assert_eq!(rows.len(), 200);
    assert_eq!(rows[0].summary.title, "case 200", "newest first");
    let more = store
        .list(&CaseFilter {
            limit: Some(500),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(more.len(), 201);
}
