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

/// Access can be taken away: a token by its id, every session of a user at once.
pub async fn tokens_and_sessions_can_be_revoked(store: &dyn Store) {
    let anna = user("anna", &[Role::ServiceDesk]);
    let eero = user("eero", &[Role::Admin]);
    store.insert_user(&anna).await.expect("anna");
    store.insert_user(&eero).await.expect("eero");
    let token = |id: &str, user: &UserRecord, micros: i64| TokenRecord {
        id: id.into(),
        token_hash: format!("hash-{id}"),
        user: user.id.clone(),
        name: "api".into(),
        created_at: at(micros),
        expires_at: None,
    };
    store
        .insert_token(&token("t1", &anna, 1))
        .await
        .expect("t1");
    store
        .insert_token(&token("t2", &anna, 2))
        .await
        .expect("t2");
    store
        .insert_token(&token("t3", &eero, 3))
        .await
        .expect("t3");
    let ids: Vec<String> = store
        .tokens_of(&anna.id)
        .await
        .expect("tokens")
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, ["t2", "t1"], "newest first, only anna's");
    store.delete_token("t1").await.expect("revoke");
    assert_eq!(store.token("hash-t1").await.expect("token"), None);
    assert!(store.token("hash-t2").await.expect("token").is_some());
    assert!(matches!(
        store.delete_token("t1").await,
        Err(StoreError::NotFound)
    ));

    let session = |hash: &str, user: &UserRecord| SessionRecord {
        token_hash: hash.into(),
        user: user.id.clone(),
        created_at: at(0),
        expires_at: at(minutes(60)),
    };
    store
        .insert_session(&session("s1", &anna))
        .await
        .expect("s1");
    store
        .insert_session(&session("s2", &anna))
        .await
        .expect("s2");
    store
        .insert_session(&session("s3", &eero))
        .await
        .expect("s3");
    assert_eq!(store.delete_sessions_of(&anna.id).await.expect("end"), 2);
    assert_eq!(store.session("s1").await.expect("s"), None);
    assert_eq!(store.session("s2").await.expect("s"), None);
    assert!(
        store.session("s3").await.expect("s").is_some(),
        "eero's session stays"
    );
}
