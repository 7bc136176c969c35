//! The register documents and their history; `is_empty`.

use super::*;

/// The organisation, systems and vendors round-trip; each write bumps the document's
/// version, and `history` keeps every version with who wrote it and when.
pub async fn register_round_trips_with_history(store: &dyn Store) {
    assert_eq!(store.organisation().await.expect("organisation"), None);
    assert!(
        store
            .history(&RegisterKey::Organisation)
            .await
            .expect("history")
            .is_empty()
    );

    let mut org = Organisation::new("Helsingin kaupunki");
    assert_eq!(
        store
            .put_organisation(&org, &stamp("anna", 1))
            .await
            .expect("put"),
        1
    );
    let first = org.clone();
    org.quiet_period_minutes = 90;
    org.languages = vec![Language::Sv, Language::Fi];
    assert_eq!(
        store
            .put_organisation(&org, &stamp("ville", 2))
            .await
            .expect("put"),
        2
    );
    assert_eq!(
        store.organisation().await.expect("organisation"),
        Some(org.clone())
    );
    let history = store
        .history(&RegisterKey::Organisation)
        .await
        .expect("history");
    assert_eq!(
        history
            .iter()
            .map(|v| (v.version, v.stamp.clone()))
            .collect::<Vec<_>>(),
        [(1, stamp("anna", 1)), (2, stamp("ville", 2))]
    );
    assert_eq!(history[0].document, RegisterDocument::Organisation(first));
    assert_eq!(history[1].document, RegisterDocument::Organisation(org));

    let visma = vendor("visma", "Visma");
    let cgi = vendor("cgi", "CGI");
    assert_eq!(
        store
            .put_vendor(&visma, &stamp("anna", 3))
            .await
            .expect("put"),
        1
    );
    assert_eq!(
        store
            .put_vendor(&cgi, &stamp("anna", 4))
            .await
            .expect("put"),
        1
    );
    let visma2 = Vendor {
        name: "Visma Oy".into(),
        ..visma.clone()
    };
    assert_eq!(
        store
            .put_vendor(&visma2, &stamp("ville", 5))
            .await
            .expect("put"),
        2
    );
    assert_eq!(
        store.vendor(&visma.id).await.expect("vendor"),
        Some(visma2.clone())
    );
    assert_eq!(
        store.vendor(&vendor_id("nobody")).await.expect("vendor"),
        None
    );
    let mut vendors = store.vendors().await.expect("vendors");
    vendors.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(vendors, [cgi.clone(), visma2.clone()]);
    let vh = store
        .history(&RegisterKey::Vendor(visma.id.clone()))
        .await
        .expect("history");
    assert_eq!(vh.len(), 2);
    assert_eq!(vh[0].document, RegisterDocument::Vendor(visma));
    assert_eq!(vh[1].stamp, stamp("ville", 5));
    assert_eq!(vh[1].document, RegisterDocument::Vendor(visma2));

    let wilma = system("wilma", Some("visma"));
    let peppi = system("peppi", Some("cgi"));
    assert_eq!(
        store
            .put_system(&wilma, &stamp("anna", 6))
            .await
            .expect("put"),
        1
    );
    assert_eq!(
        store
            .put_system(&peppi, &stamp("anna", 7))
            .await
            .expect("put"),
        1
    );
    let mut wilma2 = wilma.clone();
    wilma2.user_count = 50_000;
    wilma2.aliases.push("Wilma-palvelu".into());
    let mut wilma3 = wilma2.clone();
    wilma3.vendor = None;
    assert_eq!(
        store
            .put_system(&wilma2, &stamp("ville", 8))
            .await
            .expect("put"),
        2
    );
    assert_eq!(
        store
            .put_system(&wilma3, &stamp("anna", 9))
            .await
            .expect("put"),
        3
    );
    assert_eq!(
        store.system(&wilma.id).await.expect("system"),
        Some(wilma3.clone())
    );
    assert_eq!(
        store.system(&system_id("nobody")).await.expect("system"),
        None
    );
    let mut systems = store.systems().await.expect("systems");
    systems.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(systems, [peppi, wilma3.clone()]);
    let sh = store
        .history(&RegisterKey::System(wilma.id.clone()))
        .await
        .expect("history");
    assert_eq!(sh.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(
        sh.iter().map(|v| v.stamp.clone()).collect::<Vec<_>>(),
        [stamp("anna", 6), stamp("ville", 8), stamp("anna", 9)]
    );
    assert_eq!(sh[0].document, RegisterDocument::System(Box::new(wilma)));
    assert_eq!(sh[1].document, RegisterDocument::System(Box::new(wilma2)));
    assert_eq!(sh[2].document, RegisterDocument::System(Box::new(wilma3)));
    assert!(
        store
            .history(&RegisterKey::System(system_id("nobody")))
            .await
            .expect("history")
            .is_empty()
    );
}

/// Intake sources round-trip with every kind of proof and keep their history; an unknown id
/// is `None`, and `sources` lists them by id.
pub async fn sources_round_trip_with_history(store: &dyn Store) {
    use mim_domain::detection::SeverityMapping;
    use mim_domain::register::{IntakeSource, SourceAuth, SourceFormat};
    let source = |id: &str, format: SourceFormat, auth: SourceAuth| IntakeSource {
        id: id.to_owned(),
        name: format!("{id} (test)"),
        format,
        auth,
        time_zone: "Europe/Helsinki".parse().expect("a zone"),
        severity_mapping: SeverityMapping::fixture_m(),
        max_body_bytes: 10 * 1024 * 1024,
        enabled: true,
    };
    assert_eq!(store.sources().await.expect("sources"), []);
    assert_eq!(store.source("zabbix").await.expect("source"), None);

    let zabbix = source(
        "zabbix",
        SourceFormat::Zabbix,
        SourceAuth::Bearer {
            token_sha256: "0a".repeat(32),
        },
    );
    let azure = source(
        "azure",
        SourceFormat::AzureMonitor,
        SourceAuth::UrlSecret {
            secret_sha256: "1b".repeat(32),
        },
    );
    let generic = source(
        "generic",
        SourceFormat::Generic,
        SourceAuth::Hmac {
            secret: "an hmac secret, kept raw".into(),
        },
    );
    for (s, n) in [(&zabbix, 1), (&azure, 2), (&generic, 3)] {
        assert_eq!(
            store.put_source(s, &stamp("anna", n)).await.expect("put"),
            1
        );
    }
    let mut zabbix2 = zabbix.clone();
    zabbix2.enabled = false;
    zabbix2.time_zone = "Europe/Stockholm".parse().expect("a zone");
    zabbix2.max_body_bytes = 2048;
    zabbix2.severity_mapping = SeverityMapping::default();
    assert_eq!(
        store
            .put_source(&zabbix2, &stamp("ville", 4))
            .await
            .expect("put"),
        2
    );
    assert_eq!(
        store.source("zabbix").await.expect("source"),
        Some(zabbix2.clone())
    );
    assert_eq!(
        store.source("generic").await.expect("source"),
        Some(generic.clone())
    );
    assert_eq!(
        store.sources().await.expect("sources"),
        [azure, generic, zabbix2.clone()]
    );
    let h = store
        .history(&RegisterKey::Source("zabbix".into()))
        .await
        .expect("history");
    assert_eq!(h.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(h[0].document, RegisterDocument::Source(zabbix));
    assert_eq!(h[1].stamp, stamp("ville", 4));
    assert_eq!(h[1].document, RegisterDocument::Source(zabbix2));
    // A source is not a system of the same name.
    assert_eq!(
        store.system(&system_id("zabbix")).await.expect("system"),
        None
    );
}

/// A fresh store is empty; an organisation, a system, a vendor, an intake source, a user or a
/// case alone makes it non-empty. Takes a factory of fresh stores.
pub async fn is_empty_until_anything_is_stored<F, Fut>(fresh: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    let s = fresh().await;
    assert!(s.is_empty().await.expect("is_empty"), "a fresh store");
    s.put_organisation(&Organisation::new("Org"), &stamp("anna", 0))
        .await
        .expect("put");
    assert!(!s.is_empty().await.expect("is_empty"), "organisation");

    let s = fresh().await;
    s.put_system(&system("wilma", None), &stamp("anna", 0))
        .await
        .expect("put");
    assert!(!s.is_empty().await.expect("is_empty"), "system");

    let s = fresh().await;
    s.put_vendor(&vendor("visma", "Visma"), &stamp("anna", 0))
        .await
        .expect("put");
    assert!(!s.is_empty().await.expect("is_empty"), "vendor");

    let s = fresh().await;
    s.put_source(
        &mim_domain::register::IntakeSource {
            id: "zabbix".into(),
            name: "Zabbix".into(),
            format: mim_domain::register::SourceFormat::Zabbix,
            auth: mim_domain::register::SourceAuth::Bearer {
                token_sha256: "0a".repeat(32),
            },
            time_zone: "Europe/Helsinki".parse().expect("a zone"),
            severity_mapping: Default::default(),
            max_body_bytes: 1024 * 1024,
            enabled: true,
        },
        &stamp("anna", 0),
    )
    .await
    .expect("put");
    assert!(!s.is_empty().await.expect("is_empty"), "intake source");

    let s = fresh().await;
    s.insert_user(&user("anna", &[Role::Admin]))
        .await
        .expect("insert");
    assert!(!s.is_empty().await.expect("is_empty"), "user");

    let s = fresh().await;
    open(s.as_ref(), 2026, "case", at(0)).await;
    assert!(!s.is_empty().await.expect("is_empty"), "case");
}

/// A write based on a version checks it in the same transaction: a stale one writes nothing
/// and names the current version (0 for a document never written); `current` reads the
/// version with its stamp; every field of a full system survives the store.
pub async fn register_writes_check_the_version_they_are_based_on(store: &dyn Store) {
    use mim_domain::register::{
        Audience, AudienceKind, BackupArrangement, BackupStep, Channel, CommunicationPlan,
        OwnerKind, Performer, SystemOwner,
    };
    let key = RegisterKey::System(system_id("wilma"));
    assert_eq!(store.current(&key).await.expect("current"), None);

    let mut wilma = system("wilma", None);
    wilma.owner = Some(SystemOwner {
        name: "Opetuspalvelut".into(),
        kind: OwnerKind::Unit,
        phone: Some("+358 40 000 0001".into()),
        email: None,
    });
    wilma.criticality_notes = Some("Koulupäivinä 7–16 🙂".into());
    wilma.backup_arrangements = vec![BackupArrangement {
        id: "paperi".into(),
        name: "Paperilistat".into(),
        description: "Poissaolot paperille".into(),
        steps: vec![BackupStep {
            id: "1".into(),
            what: "Tulosta luokkalistat".into(),
            who: Performer::Person("koulusihteerit".into()),
        }],
        announcement: [(Language::Sv, "Wilma fungerar inte.".into())].into(),
        ..Default::default()
    }];
    wilma.communication_plan = CommunicationPlan {
        audiences: vec![Audience {
            channels: vec![Channel::Sms],
            ..Audience::of(AudienceKind::Units, Some("Koulut"))
        }],
        channels: vec![Channel::Sms, Channel::Intranet],
        languages: vec![Language::Fi, Language::Sv],
    };
    let doc = RegisterDocument::System(Box::new(wilma.clone()));
    assert_eq!(
        store
            .put_document(&doc, Some(0), &stamp("anna", 1))
            .await
            .expect("a new document based on version 0"),
        1
    );
    match store.put_document(&doc, Some(0), &stamp("ville", 2)).await {
        Err(StoreError::Conflict {
            current_version, ..
        }) => assert_eq!(current_version, Some(1)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let mut wilma2 = wilma.clone();
    wilma2.user_count = 6000;
    assert_eq!(
        store
            .put_document(
                &RegisterDocument::System(Box::new(wilma2.clone())),
                Some(1),
                &stamp("ville", 3)
            )
            .await
            .expect("based on the current version"),
        2
    );
    let mut wilma3 = wilma.clone();
    wilma3.name = "Wilma (stale)".into();
    match store
        .put_document(
            &RegisterDocument::System(Box::new(wilma3)),
            Some(1),
            &stamp("anna", 4),
        )
        .await
    {
        Err(StoreError::Conflict {
            current_version, ..
        }) => assert_eq!(current_version, Some(2)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let current = store.current(&key).await.expect("current").expect("stored");
    assert_eq!(current.version, 2);
    assert_eq!(current.stamp, stamp("ville", 3));
    assert_eq!(
        current.document,
        RegisterDocument::System(Box::new(wilma2.clone()))
    );
    assert_eq!(store.system(&wilma.id).await.expect("system"), Some(wilma2));
    let history = store.history(&key).await.expect("history");
    assert_eq!(history.len(), 2, "the stale writes left no trace");
    assert_eq!(
        history[0].document,
        RegisterDocument::System(Box::new(wilma))
    );

    // Based on a version of a document never written: the current version is 0.
    match store
        .put_document(
            &RegisterDocument::Vendor(vendor("cgi", "CGI")),
            Some(3),
            &stamp("anna", 5),
        )
        .await
    {
        Err(StoreError::Conflict {
            current_version, ..
        }) => assert_eq!(current_version, Some(0)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(store.vendor(&vendor_id("cgi")).await.expect("vendor"), None);
    // Without a version the write replaces whatever is there.
    assert_eq!(
        store
            .put_document(
                &RegisterDocument::Organisation(Organisation::new("Kunta")),
                None,
                &stamp("anna", 6)
            )
            .await
            .expect("unconditional"),
        1
    );
    let operator = Stamp {
        by: Editor::operator("root"),
        at: at(7),
    };
    assert_eq!(
        store
            .put_document(
                &RegisterDocument::Organisation(Organisation::new("Kunta 2")),
                None,
                &operator
            )
            .await
            .expect("unconditional"),
        2
    );
    let org = store
        .current(&RegisterKey::Organisation)
        .await
        .expect("current")
        .expect("stored");
    assert_eq!(org.stamp, operator, "an operator is named as such");
}

/// An imported workbook is one change: several documents written together, or none of them
/// when one is based on a stale version.
pub async fn register_batch_writes_all_or_nothing(store: &dyn Store) {
    let doc = |id: &str, users: u32| {
        let mut s = system(id, None);
        s.user_count = users;
        RegisterDocument::System(Box::new(s))
    };
    let versions = store
        .put_documents(
            &[(doc("wilma", 10), Some(0)), (doc("primus", 20), None)],
            &stamp("anna", 1),
        )
        .await
        .expect("both new");
    assert_eq!(versions, [1, 1]);

    match store
        .put_documents(
            &[(doc("wilma", 11), Some(1)), (doc("primus", 21), Some(0))],
            &stamp("ville", 2),
        )
        .await
    {
        Err(StoreError::Conflict {
            current_version, ..
        }) => assert_eq!(current_version, Some(1)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let wilma = store
        .current(&RegisterKey::System(system_id("wilma")))
        .await
        .expect("current")
        .expect("stored");
    assert_eq!(
        wilma.version, 1,
        "the first write of the failed batch left no trace"
    );
    assert_eq!(wilma.document, doc("wilma", 10));

    let versions = store
        .put_documents(
            &[(doc("wilma", 11), Some(1)), (doc("primus", 21), Some(1))],
            &stamp("ville", 3),
        )
        .await
        .expect("both current");
    assert_eq!(versions, [2, 2]);
    assert_eq!(
        store
            .history(&RegisterKey::System(system_id("primus")))
            .await
            .expect("history")
            .len(),
        2
    );
}

/// A message template is a register document of its own per kind and language: it is absent
/// until written (the caller falls back on the built-in default), keeps every version, checks
/// the version it is based on, and one language's template is not another's.
pub async fn templates_round_trip_with_history(store: &dyn Store) {
    use mim_messages::{MessageKind, Template};
    let fi = RegisterKey::Template(MessageKind::Update, Language::Fi);
    let sv = RegisterKey::Template(MessageKind::Update, Language::Sv);
    assert_eq!(store.current(&fi).await.expect("current"), None);

    let first = Template {
        kind: MessageKind::Update,
        language: Language::Fi,
        subject: "{{ service }}: tilannepäivitys".into(),
        body: "Päivitetty {{ updated_at }}, seuraava {{ next_update_at }}.".into(),
    };
    let mut second = first.clone();
    second.body = "Åäö — päivitetty {{ updated_at }}; seuraava {{ next_update_at }}.".into();
    let doc = |t: &Template| RegisterDocument::Template(t.clone());
    assert_eq!(
        store
            .put_document(&doc(&first), Some(0), &stamp("anna", 1))
            .await
            .expect("put"),
        1
    );
    let stale = store
        .put_document(&doc(&second), Some(0), &stamp("ville", 2))
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "a write based on version 0 of an existing template: {stale:?}"
    );
    assert_eq!(
        store
            .put_document(&doc(&second), Some(1), &stamp("ville", 3))
            .await
            .expect("put"),
        2
    );
    let now = store.current(&fi).await.expect("current").expect("stored");
    assert_eq!(now.version, 2);
    assert_eq!(now.document, doc(&second));
    assert_eq!(now.stamp, stamp("ville", 3));
    let h = store.history(&fi).await.expect("history");
    assert_eq!(h.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(h[0].document, doc(&first));
    assert_eq!(store.current(&sv).await.expect("current"), None);
}
