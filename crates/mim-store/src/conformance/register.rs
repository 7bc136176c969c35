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
    assert_eq!(sh[0].document, RegisterDocument::System(wilma));
    assert_eq!(sh[1].document, RegisterDocument::System(wilma2));
    assert_eq!(sh[2].document, RegisterDocument::System(wilma3));
    assert!(
        store
            .history(&RegisterKey::System(system_id("nobody")))
            .await
            .expect("history")
            .is_empty()
    );
}

/// A fresh store is empty; an organisation, a system, a vendor, a user or a case alone makes
/// it non-empty. Takes a factory of fresh stores.
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
    s.insert_user(&user("anna", &[Role::Admin]))
        .await
        .expect("insert");
    assert!(!s.is_empty().await.expect("is_empty"), "user");

    let s = fresh().await;
    open(s.as_ref(), 2026, "case", at(0)).await;
    assert!(!s.is_empty().await.expect("is_empty"), "case");
}
