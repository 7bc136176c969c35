//! mim's own dismissal of quiet detections, on a real SQLite file and a manual clock.
//!
//! The rule (organisation.rs, workflow.rs `decide_auto_dismiss`): a detection-stage case born
//! from monitoring, with every alert resolved, no decision and no report from a person, is
//! dismissed by mim once nothing has happened on it for the organisation's quiet period
//! (60 minutes by default). A firing alert, a person's report or an assessment keeps it open.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mim_app::cases::{CaseCommand, CommandRequest, Evidence, OpenCase, OpenReport};
use mim_app::clock::ManualClock;
use mim_app::{App, AppSettings, Principal};
use mim_domain::case::{Actor, CaseEvent, DismissReason, ReportChannel, Stage};
use mim_domain::impact::{AffectedUsers, Severity};
use mim_domain::text::{Line, Passage};
use mim_domain::{CaseId, SystemId};
use mim_store_sqlite::SqliteStore;
use std::sync::Arc;
use tempfile::TempDir;

/// 2026-02-10 09:00 Helsinki (07:00Z).
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0)
        .single()
        .expect("valid time")
}

struct Demo {
    app: App,
    clock: Arc<ManualClock>,
    desk: Principal,
    _dir: TempDir,
}

async fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("mim.sqlite3"))
        .await
        .expect("open store");
    let clock = Arc::new(ManualClock::new(start()));
    let app = App::new(Arc::new(store), clock.clone(), AppSettings::default());
    app.seed_demo()
        .await
        .expect("seed")
        .expect("an empty database is seeded");
    let desk = app
        .login("palvelupiste", "demo")
        .await
        .expect("the service desk logs in")
        .principal;
    Demo {
        app,
        clock,
        desk,
        _dir: dir,
    }
}

fn line(s: &str) -> Line {
    Line::new(s).expect("a valid line")
}

fn passage(s: &str) -> Passage {
    Passage::new(s).expect("a valid passage")
}

impl Demo {
    /// Opens a case on `channel` about Wilma; returns its id.
    async fn open(&self, channel: ReportChannel, text: &str) -> CaseId {
        let view = self
            .app
            .open_case(
                &self.desk,
                OpenCase {
                    system: Some(SystemId::new("wilma").expect("system id")),
                    title: None,
                    description: None,
                    exercise: false,
                    report: OpenReport {
                        channel,
                        text: passage(text),
                        reporter: None,
                        occurred_at: None,
                    },
                },
            )
            .await
            .expect("open a case");
        view.case.id
    }

    /// A case born from a monitoring alert: opened from the monitoring channel and carrying
    /// the firing alert `fingerprint`.
    async fn alert_born(&self, fingerprint: &str) -> CaseId {
        let id = self
            .open(ReportChannel::Monitoring, "WilmaDown: HTTP 503 from wilma")
            .await;
        self.fire(&id, fingerprint).await;
        id
    }

    async fn fire(&self, id: &CaseId, fingerprint: &str) {
        self.app
            .attach_evidence(
                &self.desk,
                id,
                Evidence::AlertFiring {
                    fingerprint: line(fingerprint),
                    name: line("WilmaDown"),
                    text: passage("HTTP 503 from wilma"),
                },
                None,
            )
            .await
            .expect("attach a firing alert");
    }

    async fn resolve(&self, id: &CaseId, fingerprint: &str) {
        self.app
            .attach_evidence(
                &self.desk,
                id,
                Evidence::AlertResolved {
                    fingerprint: line(fingerprint),
                },
                None,
            )
            .await
            .expect("resolve the alert");
    }

    async fn stage(&self, id: &CaseId) -> Stage {
        self.app
            .case(&self.desk, id)
            .await
            .expect("read the case")
            .case
            .stage
    }

    async fn sweep(&self) -> Vec<CaseId> {
        self.app
            .dismiss_quiet_detections()
            .await
            .expect("the quiet-detection sweep runs")
    }
}

#[tokio::test]
async fn the_demo_organisation_has_a_sixty_minute_quiet_period() {
    let d = demo().await;
    let org = d.app.organisation_or_default().await.expect("organisation");
    assert_eq!(org.name, "Kuusijärven kaupunki");
    assert_eq!(org.quiet_period_minutes, 60);
}

#[tokio::test]
async fn a_quiet_alert_born_detection_is_dismissed_by_mim_after_sixty_minutes() {
    let d = demo().await;
    let id = d.alert_born("fp-wilma-503").await;
    d.clock.advance(Duration::minutes(10));
    d.resolve(&id, "fp-wilma-503").await;
    let resolved_at = d.app.now();

    d.clock.advance(Duration::minutes(59));
    assert_eq!(d.sweep().await, vec![], "59 quiet minutes are not enough");
    assert_eq!(d.stage(&id).await, Stage::Detection);

    d.clock.advance(Duration::minutes(1));
    assert_eq!(
        d.sweep().await,
        vec![id.clone()],
        "after 60 quiet minutes (the demo organisation's quiet period) the case, every alert \
         resolved and no person's report on it, is dismissed by mim"
    );
    let view = d.app.case(&d.desk, &id).await.expect("read the case");
    assert_eq!(view.case.stage, Stage::Dismissed);
    assert_eq!(
        view.case.ended_at,
        Some(resolved_at + Duration::minutes(60))
    );

    let timeline = d.app.timeline(&d.desk, &id).await.expect("timeline");
    let last = timeline.entries.last().expect("an entry");
    assert_eq!(last.actor, Actor::Mim, "mim itself dismissed it");
    assert!(
        matches!(
            last.event,
            CaseEvent::Dismissed {
                reason: DismissReason::QuietPeriodElapsed,
                duplicate_of: None,
                ..
            }
        ),
        "dismissed for the quiet period: {:?}",
        last.event
    );
    assert_eq!(last.occurred_at, resolved_at + Duration::minutes(60));

    // A second sweep finds nothing more to do and writes nothing.
    let entries = timeline.entries.len();
    d.clock.advance(Duration::hours(2));
    assert_eq!(d.sweep().await, vec![]);
    let again = d.app.timeline(&d.desk, &id).await.expect("timeline");
    assert_eq!(again.entries.len(), entries);
}

#[tokio::test]
async fn the_quiet_period_is_read_from_the_organisation() {
    let d = demo().await;
    let admin = d
        .app
        .login("admin", "demo")
        .await
        .expect("admin logs in")
        .principal;
    let mut org = d.app.organisation_or_default().await.expect("organisation");
    org.quiet_period_minutes = 30;
    d.app
        .put_organisation(Some(&admin), org)
        .await
        .expect("admin changes the quiet period");

    let id = d.alert_born("fp-short").await;
    d.resolve(&id, "fp-short").await;
    d.clock.advance(Duration::minutes(29));
    assert_eq!(d.sweep().await, vec![], "29 of 30 minutes");
    d.clock.advance(Duration::minutes(1));
    assert_eq!(
        d.sweep().await,
        vec![id.clone()],
        "the organisation's 30-minute quiet period applies, not a built-in 60"
    );
    assert_eq!(d.stage(&id).await, Stage::Dismissed);
}

#[tokio::test]
async fn a_still_firing_alert_keeps_the_case_open() {
    let d = demo().await;
    let id = d.alert_born("fp-a").await;
    d.fire(&id, "fp-b").await;
    d.resolve(&id, "fp-a").await;
    for _ in 0..5 {
        d.clock.advance(Duration::hours(1));
        assert_eq!(d.sweep().await, vec![], "alert fp-b still fires");
    }
    assert_eq!(d.stage(&id).await, Stage::Detection);
}

#[tokio::test]
async fn a_new_report_from_a_person_keeps_the_case_open() {
    let d = demo().await;
    let id = d.alert_born("fp-wilma").await;
    d.resolve(&id, "fp-wilma").await;
    d.clock.advance(Duration::minutes(5));
    d.app
        .attach_evidence(
            &d.desk,
            &id,
            Evidence::Report {
                channel: ReportChannel::Phone,
                text: passage("Wilma ei vieläkään aukea koulussa"),
                reporter: Some(line("Rehtori")),
            },
            None,
        )
        .await
        .expect("attach a phone report");
    for _ in 0..5 {
        d.clock.advance(Duration::hours(1));
        assert_eq!(d.sweep().await, vec![], "a person's report needs a person");
    }
    assert_eq!(d.stage(&id).await, Stage::Detection);
}

#[tokio::test]
async fn a_case_opened_from_a_persons_report_is_not_dismissed_by_mim() {
    let d = demo().await;
    let id = d.open(ReportChannel::Phone, "Wilma ei toimi").await;
    d.fire(&id, "fp-phone").await;
    d.resolve(&id, "fp-phone").await;
    d.clock.advance(Duration::hours(5));
    assert_eq!(d.sweep().await, vec![]);
    assert_eq!(d.stage(&id).await, Stage::Detection);
}

#[tokio::test]
async fn an_assessed_case_is_never_auto_dismissed() {
    let d = demo().await;
    let id = d.alert_born("fp-assessed").await;
    let version = d
        .app
        .case(&d.desk, &id)
        .await
        .expect("read the case")
        .case
        .version;
    d.app
        .run_command(
            &d.desk,
            &id,
            CommandRequest {
                command: CaseCommand::Assess {
                    affected_users: AffectedUsers::new(3).expect("users"),
                    severity: Severity::Minor,
                    note: None,
                },
                expected_version: Some(version),
                occurred_at: None,
                acting_as: None,
            },
        )
        .await
        .expect("the service desk assesses the case");
    d.resolve(&id, "fp-assessed").await;
    for _ in 0..5 {
        d.clock.advance(Duration::hours(1));
        assert_eq!(
            d.sweep().await,
            vec![],
            "an assessed case waits for a decision"
        );
    }
    assert_eq!(d.stage(&id).await, Stage::Assessment);
}

#[tokio::test]
async fn new_monitoring_activity_restarts_the_quiet_period() {
    let d = demo().await;
    let id = d.alert_born("fp-1").await;
    d.resolve(&id, "fp-1").await;
    d.clock.advance(Duration::minutes(40));
    // The alert comes back and goes again: the quiet period counts from its resolution.
    d.fire(&id, "fp-1").await;
    d.clock.advance(Duration::minutes(5));
    d.resolve(&id, "fp-1").await;
    d.clock.advance(Duration::minutes(59));
    assert_eq!(
        d.sweep().await,
        vec![],
        "104 minutes after opening, 59 quiet"
    );
    d.clock.advance(Duration::minutes(1));
    assert_eq!(d.sweep().await, vec![id.clone()]);
    assert_eq!(d.stage(&id).await, Stage::Dismissed);
}
