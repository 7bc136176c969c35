//! Routing signals to critical systems: label selectors for alerts, the named system or the
//! system's words for reports; nothing found → the unassigned queue (`None`).

mod detection_support;

use detection_support::{alert, am_fixture, register, report, sid, system};
use mim_domain::SystemId;
use mim_domain::detection::{Batch, Signal, mentions, route, route_truncation};
use mim_domain::register::{CriticalSystem, Selector};

/// Labels as a table row writes them.
type Labels<'a> = &'a [(&'a str, &'a str)];

fn route_labels(systems: &[CriticalSystem], labels: &[(&str, &str)]) -> Option<SystemId> {
    route(systems, &Signal::Alert(alert("f", labels, None)))
}

#[test]
fn alerts_by_selectors_and_system_label() {
    let systems = register();
    let table: [(Labels, Option<&str>); 9] = [
        (&[("service", "wilma")], Some("wilma")),
        (
            &[("service", "wilma"), ("component", "mobile")],
            Some("wilma"),
        ),
        (
            &[("service", "wilma"), ("instance", "x:9100")],
            Some("wilma"),
        ),
        (&[("system", "ajanvaraus")], Some("ajanvaraus")),
        // The system label is compared with the id after trimming and lower-casing.
        (&[("system", " Ajanvaraus ")], Some("ajanvaraus")),
        (&[("system", "tuntematon")], None),
        // Values match exactly: another service is another service.
        (&[("service", "wilmax")], None),
        (&[("Service", "wilma")], None),
        (&[], None),
    ];
    for (labels, want) in table {
        assert_eq!(
            route_labels(&systems, labels),
            want.map(sid),
            "labels {labels:?}"
        );
    }
}

#[test]
fn the_more_specific_selector_wins_and_ties_go_to_the_first_system() {
    let mut a = system("a", "Järjestelmä A", &[], 10);
    a.selectors = vec![Selector::new([("team", "x")])];
    let mut b = system("b", "Järjestelmä B", &[], 10);
    b.selectors = vec![Selector::new([("team", "x"), ("env", "prod")])];
    let mut c = system("c", "Järjestelmä C", &[], 10);
    c.selectors = vec![
        Selector::new([("team", "x")]),
        Selector::new([("svc", "c")]),
    ];
    let systems = vec![a, b, c];
    let table: [(Labels, &str); 5] = [
        (&[("team", "x"), ("env", "prod")], "b"),
        // a and c match with one label each: the first listed wins.
        (&[("team", "x")], "a"),
        (&[("team", "x"), ("env", "test")], "a"),
        (&[("svc", "c")], "c"),
        // An explicit selector beats a `system` label of the same size.
        (&[("system", "a"), ("svc", "c")], "c"),
    ];
    for (labels, want) in table {
        assert_eq!(
            route_labels(&systems, labels),
            Some(sid(want)),
            "labels {labels:?}"
        );
    }
    // A `system` label beats nothing at all, and an empty selector matches nothing.
    let mut d = system("d", "D", &[], 10);
    d.selectors = vec![Selector::new(Vec::<(String, String)>::new())];
    assert_eq!(route_labels(&[d], &[("x", "y")]), None);
}

#[test]
fn reports_by_named_system_then_whole_words() {
    let systems = register();
    let table: [(Option<&str>, &str, Option<&str>); 16] = [
        // The system the reporter picked wins over the text.
        (Some("verkkokauppa"), "Wilma ei toimi", Some("verkkokauppa")),
        // A system no longer in the register: the text decides.
        (Some("poistettu"), "Wilma ei toimi", Some("wilma")),
        (None, "Wilma ei toimi", Some("wilma")),
        (None, "WILMA EI TOIMI", Some("wilma")),
        (None, "Ongelma: wilma.", Some("wilma")),
        (None, "(Wilma) kaatuu", Some("wilma")),
        // An alias containing the name: the same system.
        (None, "Wilma-mobiili kaatuu", Some("wilma")),
        // Unicode case folding: Ä/Ö.
        (None, "SÄHKÖPOSTI ei kulje", Some("sahkoposti")),
        (None, "e-mail down since 9", Some("sahkoposti")),
        (None, "Apotti hidas", Some("potilastieto")),
        (
            None,
            "potilastietojärjestelmä   ei aukea",
            Some("potilastieto"),
        ),
        // Whole words only: an inflected form needs its own alias.
        (None, "Outlookissa vika", None),
        (None, "Wilmanen soitti", None),
        // Two systems mentioned: a person decides.
        (None, "Apotti ja Wilma molemmat alhaalla", None),
        (None, "ei toimi", None),
        (None, "", None),
    ];
    for (named, text, want) in table {
        let r = report(named, text, None, None, None);
        assert_eq!(
            route(&systems, &Signal::Report(r)),
            want.map(sid),
            "{named:?} {text:?}"
        );
    }
}

#[test]
fn a_name_inside_another_systems_alias_is_not_a_second_mention() {
    let wilma = system("wilma", "Wilma", &[], 10);
    let mobiili = system("wilma-mobiili", "Wilma mobiili", &[], 10);
    let systems = vec![wilma, mobiili];
    let r = report(None, "wilma   mobiili ei käynnisty", None, None, None);
    assert_eq!(
        route(&systems, &Signal::Report(r)),
        Some(sid("wilma-mobiili"))
    );
    let r = report(None, "Wilma ei käynnisty", None, None, None);
    assert_eq!(route(&systems, &Signal::Report(r)), Some(sid("wilma")));
}

#[test]
fn whole_word_matching_is_unicode_aware() {
    let table = [
        ("Sähköposti ei toimi", "sähköposti", true),
        ("sähköpostipalvelin", "sähköposti", false),
        ("ÅÄÖ-palvelu", "åäö", true),
        ("xåäö", "åäö", false),
        ("åäöx", "åäö", false),
        ("tämä on 🙂wilma🙂", "wilma", true),
        ("السلام wilma", "wilma", true),
        ("wilma", "", false),
    ];
    for (text, phrase, want) in table {
        assert_eq!(mentions(text, phrase), want, "{text:?} / {phrase:?}");
    }
}

#[test]
fn truncated_alerts_follow_the_listed_ones() {
    let systems = register();
    let storm = am_fixture("C14-alertmanager-storm-truncated.json");
    assert_eq!(
        route_truncation(&systems, &storm),
        Some((sid("kuntaverkko"), 50))
    );
    let mut none_truncated = storm.clone();
    none_truncated.truncated_alerts = 0;
    assert_eq!(route_truncation(&systems, &none_truncated), None);
    let mut mixed = storm.clone();
    mixed
        .signals
        .push(Signal::Alert(alert("w", &[("service", "wilma")], None)));
    assert_eq!(route_truncation(&systems, &mixed), None);
    assert_eq!(
        route_truncation(
            &systems,
            &Batch {
                truncated_alerts: 5,
                ..Default::default()
            }
        ),
        None
    );
}

#[test]
fn selectors_in_register_json() {
    // A register document from before selectors still loads.
    let old = r#"{"id":"wilma","name":"Wilma","user_count":800}"#;
    let s: CriticalSystem = serde_json::from_str(old).unwrap();
    assert!(s.selectors.is_empty());
    // Both shapes: the bare map and the full form with a share.
    let new = r#"{"id":"wilma","name":"Wilma","user_count":800,"selectors":[
        {"service":"wilma"},
        {"labels":{"service":"wilma","component":"mobile"},"users_share_percent":25}
    ]}"#;
    let s: CriticalSystem = serde_json::from_str(new).unwrap();
    assert_eq!(s.selectors[0], Selector::new([("service", "wilma")]));
    assert_eq!(
        s.selectors[1],
        Selector::new([("service", "wilma"), ("component", "mobile")]).with_share(25)
    );
    assert!(s.validate().is_ok());
    let back: CriticalSystem = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    // Unknown keys beside `labels` are not silently dropped.
    assert!(serde_json::from_str::<Selector>(r#"{"labels":{"a":"b"},"share":30}"#).is_err());
}

#[test]
fn selector_validation_names_the_field() {
    let mut s = system("wilma", "Wilma", &[], 800);
    for bad in [
        Selector::new(Vec::<(String, String)>::new()),
        Selector::new([("service", "wilma")]).with_share(0),
        Selector::new([("service", "wilma")]).with_share(101),
        Selector::new([(" ", "wilma")]),
    ] {
        s.selectors = vec![bad.clone()];
        let field = s.validate().unwrap_err().field;
        assert!(field.starts_with("selectors[0]."), "{bad:?}: {field}");
    }
}
