//! Sessions and API tokens expire on the injected clock, on a real SQLite file.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mim_app::clock::ManualClock;
use mim_app::{App, AppError, AppSettings};
use mim_domain::UserId;
use mim_store_sqlite::SqliteStore;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0)
        .single()
        .expect("valid time")
}

async fn app_on(path: &Path, clock: Arc<ManualClock>, settings: AppSettings) -> App {
    let store = SqliteStore::open(path).await.expect("open store");
    App::new(Arc::new(store), clock, settings)
}

async fn demo(settings: AppSettings) -> (App, Arc<ManualClock>, TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::new(start()));
    let app = app_on(&dir.path().join("mim.sqlite3"), clock.clone(), settings).await;
    app.seed_demo()
        .await
        .expect("seed")
        .expect("an empty database is seeded");
    (app, clock, dir)
}

fn unauthenticated<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::Unauthenticated))
}

#[tokio::test]
async fn a_session_lasts_the_configured_time_and_no_longer() {
    let settings = AppSettings {
        session_ttl: Duration::minutes(30),
    };
    let (app, clock, _dir) = demo(settings).await;
    let s = app.login("palvelupiste", "demo").await.expect("login");
    assert_eq!(s.principal.id().as_str(), "palvelupiste");
    assert_eq!(s.expires_at, start() + Duration::minutes(30));

    clock.set(s.expires_at - Duration::seconds(1));
    let p = app
        .authenticate_session(&s.secret)
        .await
        .expect("the session works one second before it expires");
    assert_eq!(p.id().as_str(), "palvelupiste");

    clock.set(s.expires_at + Duration::seconds(1));
    assert!(
        unauthenticated(app.authenticate_session(&s.secret).await),
        "the session no longer works after it expired"
    );
}

#[tokio::test]
async fn the_default_session_lasts_eight_hours() {
    let (app, clock, _dir) = demo(AppSettings::default()).await;
    let s = app.login("tietohallinto", "demo").await.expect("login");
    clock.advance(Duration::hours(8) - Duration::minutes(1));
    assert!(app.authenticate_session(&s.secret).await.is_ok());
    clock.advance(Duration::minutes(2));
    assert!(unauthenticated(app.authenticate_session(&s.secret).await));
}

#[tokio::test]
async fn a_wrong_password_or_unknown_secret_does_not_authenticate() {
    let (app, _clock, _dir) = demo(AppSettings::default()).await;
    // A failed login says the same for a wrong password and an unknown name.
    assert!(matches!(
        app.login("palvelupiste", "wrong").await,
        Err(AppError::LoginFailed)
    ));
    assert!(matches!(
        app.login("nobody", "demo").await,
        Err(AppError::LoginFailed)
    ));
    assert!(unauthenticated(
        app.authenticate_session("mim_s_not-a-session").await
    ));
    assert!(unauthenticated(
        app.authenticate_token("mim_t_not-a-token").await
    ));
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let (app, _clock, _dir) = demo(AppSettings::default()).await;
    let s = app.login("palvelupiste", "demo").await.expect("login");
    assert!(app.authenticate_session(&s.secret).await.is_ok());
    app.logout(&s.secret).await.expect("logout");
    assert!(unauthenticated(app.authenticate_session(&s.secret).await));
}

#[tokio::test]
async fn sessions_and_tokens_survive_reopening_the_database() {
    let (app, clock, dir) = demo(AppSettings::default()).await;
    let s = app.login("palvelupiste", "demo").await.expect("login");
    let user = UserId::new("tietohallinto").expect("user id");
    let t = app.create_token(&user, "ci", None).await.expect("token");
    drop(app);

    let again = app_on(
        &dir.path().join("mim.sqlite3"),
        clock.clone(),
        AppSettings::default(),
    )
    .await;
    assert_eq!(again.seed_demo().await.expect("seed").map(|_| ()), None);
    let p = again
        .authenticate_session(&s.secret)
        .await
        .expect("the stored session works after a restart");
    assert_eq!(p.id().as_str(), "palvelupiste");
    let p = again
        .authenticate_token(&t.secret)
        .await
        .expect("the stored token works after a restart");
    assert_eq!(p.id().as_str(), "tietohallinto");
}

#[tokio::test]
async fn a_token_with_a_lifetime_expires() {
    let (app, clock, _dir) = demo(AppSettings::default()).await;
    let user = UserId::new("palvelupiste").expect("user id");
    let t = app
        .create_token(&user, "integration", Some(Duration::days(7)))
        .await
        .expect("token");
    assert_eq!(t.expires_at, Some(start() + Duration::days(7)));
    assert!(t.secret.starts_with("mim_t_"));

    clock.set(start() + Duration::days(7) - Duration::seconds(1));
    let p = app
        .authenticate_token(&t.secret)
        .await
        .expect("the token works until it expires");
    assert_eq!(p.id().as_str(), "palvelupiste");

    clock.set(start() + Duration::days(7) + Duration::seconds(1));
    assert!(
        unauthenticated(app.authenticate_token(&t.secret).await),
        "the token no longer works after it expired"
    );
}

#[tokio::test]
async fn a_token_without_a_lifetime_does_not_expire() {
    let (app, clock, _dir) = demo(AppSettings::default()).await;
    let user = UserId::new("palvelupiste").expect("user id");
    let t = app
        .create_token(&user, "forever", None)
        .await
        .expect("token");
    assert_eq!(t.expires_at, None);
    clock.advance(Duration::days(3650));
    assert!(app.authenticate_token(&t.secret).await.is_ok());
}

#[tokio::test]
async fn a_token_for_an_unknown_user_is_refused() {
    let (app, _clock, _dir) = demo(AppSettings::default()).await;
    let ghost = UserId::new("ghost").expect("user id");
    let r = app.create_token(&ghost, "x", None).await;
    assert!(matches!(r, Err(AppError::NotFound(_))), "{r:?}");
}
