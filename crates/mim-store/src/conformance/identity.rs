//! Users, sessions and API tokens.

use super::*;

/// Users, sessions and tokens round-trip; a taken user name is a `Conflict`; updating an
/// unknown user is `NotFound`; expired sessions are purged.
pub async fn identity_round_trips(store: &dyn Store) {
    let anna = user("anna", &[Role::ServiceDesk, Role::MimContact]);
    let mut ville = user("ville", &[Role::Vendor]);
    ville.vendor = Some(vendor_id("visma"));
    ville.email = None;
    ville.password_hash = None;
    ville.language = Language::Sv;
    store.insert_user(&anna).await.expect("insert anna");
    store.insert_user(&ville).await.expect("insert ville");
    assert_eq!(
        store.user(&anna.id).await.expect("user"),
        Some(anna.clone())
    );
    assert_eq!(store.user(&user_id("nobody")).await.expect("user"), None);

    let mut twin = user("anna", &[Role::Admin]);
    twin.name = "Another Anna".into();
    assert!(matches!(
        store.insert_user(&twin).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        store.user(&anna.id).await.expect("user"),
        Some(anna.clone()),
        "the first one is kept"
    );

    let mut changed = anna.clone();
    changed.roles = [Role::Admin].into_iter().collect();
    changed.active = false;
    changed.language = Language::En;
    changed.email = None;
    store.update_user(&changed).await.expect("update");
    assert_eq!(
        store.user(&anna.id).await.expect("user"),
        Some(changed.clone())
    );
    assert!(matches!(
        store.update_user(&user("ghost", &[])).await,
        Err(StoreError::NotFound)
    ));
    let mut all = store.users().await.expect("users");
    all.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(all, [changed, ville.clone()]);

    let live = SessionRecord {
        token_hash: "hash-live".into(),
        user: ville.id.clone(),
        created_at: at(10),
        expires_at: at(minutes(60)),
    };
    let old = SessionRecord {
        token_hash: "hash-old".into(),
        user: ville.id.clone(),
        created_at: at(0),
        expires_at: at(minutes(5)),
    };
    store.insert_session(&live).await.expect("session");
    store.insert_session(&old).await.expect("session");
    assert_eq!(
        store.session("hash-live").await.expect("session"),
        Some(live.clone())
    );
    assert_eq!(store.session("nope").await.expect("session"), None);
    assert_eq!(
        store.purge_sessions(at(minutes(30))).await.expect("purge"),
        1
    );
    assert_eq!(store.session("hash-old").await.expect("session"), None);
    assert_eq!(
        store.purge_sessions(at(minutes(60))).await.expect("purge"),
        0,
        "a session expiring exactly now is not yet expired"
    );
    store.delete_session("hash-live").await.expect("delete");
    assert_eq!(store.session("hash-live").await.expect("session"), None);
    store
        .delete_session("hash-live")
        .await
        .expect("deleting twice is fine");

    let token = TokenRecord {
        id: "tok_1a2b".into(),
        token_hash: "token-hash".into(),
        user: anna.id.clone(),
        name: "monitoring webhook".into(),
        created_at: at(3),
        expires_at: None,
    };
    let expiring = TokenRecord {
        id: "tok_3c4d".into(),
        token_hash: "token-hash-2".into(),
        expires_at: Some(at(minutes(90))),
        ..token.clone()
    };
    store.insert_token(&token).await.expect("token");
    store.insert_token(&expiring).await.expect("token");
    assert_eq!(
        store.token("token-hash").await.expect("token"),
        Some(token.clone())
    );
    assert_eq!(
        store.token("token-hash-2").await.expect("token"),
        Some(expiring)
    );
    assert_eq!(store.token("nope").await.expect("token"), None);
    let dup = TokenRecord {
        id: "tok_other".into(),
        ..token.clone()
    };
    assert!(matches!(
        store.insert_token(&dup).await,
        Err(StoreError::Conflict { .. })
    ));
}
