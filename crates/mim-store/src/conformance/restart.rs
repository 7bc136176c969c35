//! What must survive closing and reopening the database.

use super::*;

/// Writes a little of everything, for a restart test: call on a fresh store, drop it, reopen
/// the same database and call [`check_written`] on the new store.
pub async fn write_some(store: &dyn Store) -> CaseId {
    let id = open(store, 2026, "survives a restart", at(0)).await;
    store
        .append(&id, Some(1), vec![process("step", at(1))], None)
        .await
        .expect("append");
    store
        .append(&id, None, vec![report("after", at(2))], None)
        .await
        .expect("append");
    store
        .insert_user(&user("anna", &[Role::Admin]))
        .await
        .expect("user");
    store
        .put_organisation(&Organisation::new("Org"), &stamp("anna", 3))
        .await
        .expect("put");
    store
        .put_vendor(&vendor("visma", "Visma"), &stamp("anna", 4))
        .await
        .expect("put");
    store
        .put_system(&system("wilma", Some("visma")), &stamp("anna", 5))
        .await
        .expect("put");
    id
}

/// Checks what [`write_some`] wrote, and that numbering and versions continue after it.
pub async fn check_written(store: &dyn Store, id: &CaseId) {
    assert!(!store.is_empty().await.expect("is_empty"));
    let events = load(store, id).await;
    assert_eq!(seqs(&events), [1, 2, 3]);
    assert_eq!(row(store, id).await.version, 2);
    assert_eq!(
        store.user(&user_id("anna")).await.expect("user"),
        Some(user("anna", &[Role::Admin]))
    );
    assert_eq!(
        store.organisation().await.expect("org"),
        Some(Organisation::new("Org"))
    );
    assert_eq!(
        store.system(&system_id("wilma")).await.expect("system"),
        Some(system("wilma", Some("visma")))
    );
    assert_eq!(
        store.vendor(&vendor_id("visma")).await.expect("vendor"),
        Some(vendor("visma", "Visma"))
    );
    let next = open(store, 2026, "after the restart", at(10)).await;
    assert_eq!(next, CaseId::new(2026, 2), "numbering continues");
    let more = store
        .append(id, Some(2), vec![process("again", at(11))], None)
        .await
        .expect("append after restart");
    assert_eq!((more[0].seq, more[0].version), (4, 3));
    assert_eq!(
        store
            .put_organisation(&Organisation::new("Org 2"), &stamp("anna", 12))
            .await
            .expect("put"),
        2
    );
}
