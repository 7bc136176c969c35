//! Times and the organisation's time zone (Europe/Helsinki in the demo): the year in a case id,
//! and times stored in UTC but shown with the right offset across daylight-saving changes.

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use mim_app::cases::{CaseCommand, CommandRequest, OpenCase, OpenReport};
use mim_app::clock::ManualClock;
use mim_app::{App, AppSettings, Principal};
use mim_domain::case::{CaseEvent, Command, CommunicationKind, ReportChannel};
use mim_domain::impact::{AffectedUsers, Severity};
use mim_domain::text::{Line, Passage};
use mim_domain::{CaseId, SystemId};
use mim_store::CaseFilter;
use mim_store_sqlite::SqliteStore;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("valid time")
}

async fn app_on(path: &Path, clock: Arc<ManualClock>) -> App {
    let store = SqliteStore::open(path).await.expect("open store");
    App::new(Arc::new(store), clock, AppSettings::default())
}

async fn demo(at: DateTime<Utc>) -> (App, Arc<ManualClock>, Principal, TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::new(at));
    let app = app_on(&dir.path().join("mim.sqlite3"), clock.clone()).await;
    app.seed_demo()
        .await
        .expect("seed")
        .expect("an empty database is seeded");
    let desk = app
        .login("palvelupiste", "demo")
        .await
        .expect("the service desk logs in")
        .principal;
    (app, clock, desk, dir)
}

fn passage(s: &str) -> Passage {
    Passage::new(s).expect("a valid passage")
}

fn line(s: &str) -> Line {
    Line::new(s).expect("a valid line")
}

async fn open(app: &App, who: &Principal) -> CaseId {
    app.open_case(
        who,
        OpenCase {
            system: Some(SystemId::new("wilma").expect("system id")),
            title: None,
            description: None,
            exercise: false,
            report: OpenReport {
                channel: ReportChannel::Phone,
                text: passage("Wilma ei aukea"),
                reporter: None,
                occurred_at: None,
            },
        },
    )
    .await
    .expect("open a case")
    .case
    .id
}

async fn command(app: &App, who: &Principal, id: &CaseId, command: CaseCommand) {
    let version = app.case(who, id).await.expect("read").case.version;
    app.run_command(
        who,
        id,
        CommandRequest {
            command,
            expected_version: Some(version),
            occurred_at: None,
            acting_as: None,
        },
    )
    .await
    .expect("the command is accepted");
}

async fn update(app: &App, who: &Principal, id: &CaseId, next: DateTime<Utc>) {
    command(
        app,
        who,
        id,
        CaseCommand::Plain(Command::RecordCommunication {
            kind: CommunicationKind::Update,
            audience: line("henkilöstö"),
            channel: line("intranet"),
            text: passage("Selvitämme vikaa."),
            next_update_at: Some(next),
        }),
    )
    .await;
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The `next_update_at` of every communication on the case's timeline, in order.
async fn promised(app: &App, who: &Principal, id: &CaseId) -> (Tz, Vec<DateTime<Utc>>) {
    let t = app.timeline(who, id).await.expect("timeline");
    let tz: Tz = t.time_zone.parse().expect("an IANA zone name");
    let next = t
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            CaseEvent::CommunicationRecorded { next_update_at, .. } => *next_update_at,
            _ => None,
        })
        .collect();
    (tz, next)
}

#[tokio::test]
async fn the_case_year_is_the_year_in_the_organisations_time_zone() {
    // 23:30 on New Year's Eve in Helsinki: still 2026.
    let (app, clock, desk, _dir) = demo(utc(2026, 12, 31, 21, 30)).await;
    assert_eq!(open(&app, &desk).await.to_string(), "MIM-2026-0001");
    // 2026-12-31T22:30Z is 00:30 on 1 January 2027 in Helsinki: a new year, a new sequence.
    clock.set(utc(2026, 12, 31, 22, 30));
    assert_eq!(open(&app, &desk).await.to_string(), "MIM-2027-0001");
    clock.advance(Duration::minutes(5));
    assert_eq!(open(&app, &desk).await.to_string(), "MIM-2027-0002");
}

#[tokio::test]
async fn the_first_case_opened_after_helsinki_midnight_is_the_new_years_first() {
    let (app, _clock, desk, _dir) = demo(utc(2026, 12, 31, 22, 30)).await;
    assert_eq!(open(&app, &desk).await.to_string(), "MIM-2027-0001");
}

#[tokio::test]
async fn a_next_update_is_stored_in_utc_and_shown_with_summer_or_winter_offset() {
    // Saturday 2026-03-28 12:00 Helsinki (EET, +02:00); summer time starts 2026-03-29 01:00Z.
    let (app, clock, desk, dir) = demo(utc(2026, 3, 28, 10, 0)).await;
    let id = open(&app, &desk).await;
    command(
        &app,
        &desk,
        &id,
        CaseCommand::Assess {
            affected_users: AffectedUsers::new(200).expect("users"),
            severity: Severity::PreventsWork,
            note: None,
        },
    )
    .await;
    command(
        &app,
        &desk,
        &id,
        CaseCommand::Plain(Command::DecideCriticality {
            start_mim: true,
            reason: None,
        }),
    )
    .await;
    let winter_next = utc(2026, 3, 28, 14, 0);
    command(
        &app,
        &desk,
        &id,
        CaseCommand::Plain(Command::RecordCommunication {
            kind: CommunicationKind::FirstNotice,
            audience: line("henkilöstö"),
            channel: line("intranet"),
            text: passage("Wilmassa on laaja häiriö."),
            next_update_at: Some(winter_next),
        }),
    )
    .await;
    clock.set(utc(2026, 3, 28, 20, 0));
    let summer_next = utc(2026, 3, 29, 2, 0);
    update(&app, &desk, &id, summer_next).await;

    let case = app.case(&desk, &id).await.expect("read").case;
    assert_eq!(case.next_update_at, Some(summer_next));
    let (tz, next) = promised(&app, &desk, &id).await;
    assert_eq!(tz, chrono_tz::Europe::Helsinki);
    assert_eq!(next, vec![winter_next, summer_next]);
    assert_eq!(local(next[0], tz), "2026-03-28T16:00:00+02:00");
    assert_eq!(local(next[1], tz), "2026-03-29T05:00:00+03:00");

    let timeline = app.timeline(&desk, &id).await.expect("timeline");
    let opened = timeline.entries.first().expect("the opening entry");
    assert_eq!(local(opened.occurred_at, tz), "2026-03-28T12:00:00+02:00");

    let form = app.form(&desk, &id).await.expect("form");
    assert_eq!(form.time_zone, chrono_tz::Europe::Helsinki);
    let form_next: Vec<_> = form
        .form
        .communications
        .iter()
        .filter_map(|e| match &e.event {
            CaseEvent::CommunicationRecorded { next_update_at, .. } => *next_update_at,
            _ => None,
        })
        .collect();
    assert_eq!(form_next, vec![winter_next, summer_next]);

    // The listing carries the same instant.
    let listed = app
        .list_cases(&desk, CaseFilter::default())
        .await
        .expect("list");
    let row = listed
        .iter()
        .find(|r| r.id == id)
        .expect("the case is listed");
    assert_eq!(row.next_update_at, Some(summer_next));

    // Read back from the file by a fresh app, nothing has shifted.
    let again = app_on(&dir.path().join("mim.sqlite3"), clock.clone()).await;
    let case = again.case(&desk, &id).await.expect("read").case;
    assert_eq!(case.next_update_at, Some(summer_next));
    let (_, next) = promised(&again, &desk, &id).await;
    assert_eq!(next, vec![winter_next, summer_next]);
}

#[tokio::test]
async fn the_repeated_autumn_hour_keeps_both_instants_apart() {
    // Summer time ends 2026-10-25 01:00Z: Helsinki's 03:00–04:00 happens twice.
    let (app, clock, desk, dir) = demo(utc(2026, 10, 24, 20, 0)).await;
    let id = open(&app, &desk).await;
    let first = utc(2026, 10, 25, 0, 30);
    let second = utc(2026, 10, 25, 1, 30);
    update(&app, &desk, &id, first).await;
    clock.set(utc(2026, 10, 25, 0, 0));
    update(&app, &desk, &id, second).await;

    let again = app_on(&dir.path().join("mim.sqlite3"), clock.clone()).await;
    let (tz, next) = promised(&again, &desk, &id).await;
    assert_eq!(next, vec![first, second]);
    assert_eq!(local(next[0], tz), "2026-10-25T03:30:00+03:00");
    assert_eq!(local(next[1], tz), "2026-10-25T03:30:00+02:00");
    assert_eq!(next[1] - next[0], Duration::hours(1));
    let case = again.case(&desk, &id).await.expect("read").case;
    assert_eq!(case.next_update_at, Some(second));
    assert!(!again.case(&desk, &id).await.expect("read").update_overdue);
    clock.set(second + Duration::minutes(1));
    assert!(again.case(&desk, &id).await.expect("read").update_overdue);
}
