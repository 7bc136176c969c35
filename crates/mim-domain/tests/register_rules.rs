//! The register's rules across documents: a system's messages are planned only in the
//! organisation's publication languages, and a bilingual organisation plans Finnish and
//! Swedish together; a document written by an older mim still loads and passes.

use mim_domain::Language::{self, En, Fi, Sv};
use mim_domain::register::{
    BackupArrangement, BackupDecider, CriticalSystem, Organisation, check_publication_languages,
};

fn system(plan: &[Language], announcement: &[Language]) -> CriticalSystem {
    let mut s: CriticalSystem =
        serde_json::from_str(r#"{"id":"wilma","name":"Wilma","user_count":5200}"#)
            .expect("a system");
    s.communication_plan.languages = plan.to_vec();
    s.backup_arrangements = vec![BackupArrangement {
        id: "paperi".into(),
        name: "Paperilistat".into(),
        description: "Poissaolot paperille.".into(),
        decided_by: BackupDecider::ItManagement,
        announcement: announcement
            .iter()
            .map(|l| (*l, format!("ilmoitus ({l})")))
            .collect(),
        ..Default::default()
    }];
    s
}

fn refused(s: &CriticalSystem, org: &[Language]) -> (String, String) {
    let e = check_publication_languages(s, org).expect_err("refused");
    (e.field, e.message)
}

#[test]
fn a_bilingual_organisation_plans_finnish_and_swedish_together() {
    let org = [Fi, Sv, En];
    assert_eq!(
        check_publication_languages(&system(&[Fi, Sv], &[Fi, Sv]), &org),
        Ok(())
    );
    assert_eq!(
        check_publication_languages(&system(&[Sv, Fi, En], &[Fi, Sv, En]), &org),
        Ok(())
    );
    // English alone is no half of the pair; nothing planned means the organisation's own.
    assert_eq!(
        check_publication_languages(&system(&[En], &[En]), &org),
        Ok(())
    );
    assert_eq!(check_publication_languages(&system(&[], &[]), &org), Ok(()));

    let (field, message) = refused(&system(&[Fi], &[Fi, Sv]), &org);
    assert_eq!(field, "communication_plan.languages");
    assert!(
        message.contains("sv is missing") && message.contains("bilingual"),
        "{message}"
    );
    let (field, _) = refused(&system(&[Fi, Sv], &[Sv]), &org);
    assert_eq!(field, "backup_arrangements[0].announcement.fi");
}

#[test]
fn only_the_organisations_languages_are_planned() {
    let org = [Fi, En];
    assert_eq!(
        check_publication_languages(&system(&[Fi], &[Fi]), &org),
        Ok(())
    );
    let (field, message) = refused(&system(&[Fi, Sv], &[Fi]), &org);
    assert_eq!(field, "communication_plan.languages[1]");
    assert!(message.contains("(fi, en)"), "{message}");
    let (field, _) = refused(&system(&[Fi], &[Fi, Sv]), &org);
    assert_eq!(field, "backup_arrangements[0].announcement.sv");
}

#[test]
fn documents_of_an_older_mim_still_load_and_pass() {
    // Before owners, notes, plans, steps and several vendor contacts.
    let s: CriticalSystem = serde_json::from_str(
        r#"{"id":"wilma","name":"Wilma","aliases":["kouluhallinto"],"user_count":800,
            "vendor":"koulutieto","mim_contact":null,"mim_contact_deputy":null,"matrix":null,
            "backup_arrangements":[{"id":"p","name":"Paperi","description":"d",
                                    "decided_by":"management_group","cost_or_risk":null}],
            "selectors":[{"service":"wilma"}]}"#,
    )
    .expect("an older system");
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(check_publication_languages(&s, &[Fi, Sv]), Ok(()));
    assert_eq!(s.selectors[0].labels["service"], "wilma");

    let org: Organisation = serde_json::from_value(serde_json::json!({
        "name": "Kunta", "time_zone": "Europe/Helsinki", "languages": ["fi"],
        "mim_contact": null, "mim_contact_deputy": null,
        "default_matrix": {"bands": [1, 11, 51, 101], "cells": [
            ["green","green","green","yellow"], ["green","green","yellow","red"],
            ["green","yellow","red","red"], ["yellow","red","red","red"]]},
        "quiet_period_minutes": 60
    }))
    .expect("older settings");
    assert_eq!(org.validate(), Ok(()));
    assert!(!org.bilingual());
}
