//! Shared helpers for the workflow tests: a case built from events, driven by real `decide`
//! calls whose results are appended as `RecordedEvent`s with increasing seq/version and an
//! injected time (no wall clock anywhere).
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use mim_domain::case::{
    Actor, Caller, Case, CaseEvent, Command, CommandKind, CommunicationKind, Decided,
    DismissReason, FindingCategory, RecordedEvent, Refusal, ReportChannel, Stage, SystemSnapshot,
    decide, decide_auto_dismiss,
};
use mim_domain::impact::{AffectedUsers, ImpactMatrix, MatrixSource, MatrixUsed, Severity};
use mim_domain::register::{BackupArrangement, BackupDecider, NamedPerson};
use mim_domain::text::Line;
use mim_domain::{CaseId, Role, SystemId, UserId};
use std::collections::BTreeSet;

/// Every channel a person reports through (all but monitoring).
pub const HUMAN_CHANNELS: [ReportChannel; 5] = [
    ReportChannel::Ticket,
    ReportChannel::Phone,
    ReportChannel::EndUserForm,
    ReportChannel::ItStaff,
    ReportChannel::Email,
];

/// The late stages that IT management may reopen back to monitoring, besides Closed.
pub const LATE_STAGES: [Stage; 4] = [
    Stage::Verified,
    Stage::ReturnedToNormal,
    Stage::WalkThrough,
    Stage::ReadyToClose,
];

/// Every command kind, so tables can walk all of them.
pub const ALL_KINDS: [CommandKind; 24] = [
    CommandKind::RecordAssessment,
    CommandKind::CallMimContact,
    CommandKind::DecideCriticality,
    CommandKind::DecideBackup,
    CommandKind::ActivateBackup,
    CommandKind::EscalateToVendor,
    CommandKind::AcknowledgeEscalation,
    CommandKind::DemandProgressReport,
    CommandKind::RecordVendorProgress,
    CommandKind::ReportFix,
    CommandKind::AcknowledgeFix,
    CommandKind::NamePeople,
    CommandKind::Verify,
    CommandKind::SignOff,
    CommandKind::DecideWalkThrough,
    CommandKind::AddFinding,
    CommandKind::AddActionItem,
    CommandKind::RecordVendorReport,
    CommandKind::Close,
    CommandKind::Reopen,
    CommandKind::Dismiss,
    CommandKind::RecordCommunication,
    CommandKind::AddNote,
    CommandKind::EditDetails,
];

/// 2026-02-10 07:00:00 UTC (09:00 in Helsinki): where every simulated case starts.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0)
        .single()
        .expect("a valid instant")
}

pub fn user(s: &str) -> UserId {
    UserId::new(s).expect("a valid user id")
}

pub fn line(s: &str) -> Line {
    Line::new(s).expect("a valid line")
}

/// A passage or a narrative, whichever the field takes.
pub fn passage<const MAX: usize>(s: &str) -> mim_domain::text::Text<MAX, true> {
    mim_domain::text::Text::new(s).expect("a valid passage")
}

pub fn person(u: &str, name: &str) -> NamedPerson {
    NamedPerson {
        user: user(u),
        name: name.to_owned(),
    }
}

pub fn caller(u: &str, roles: &[Role]) -> Caller {
    Caller {
        user: user(u),
        name: format!("{u} (test)"),
        roles: roles.iter().copied().collect::<BTreeSet<Role>>(),
        acting_as: None,
    }
}

pub fn acting_as(mut c: Caller, r: Role) -> Caller {
    c.acting_as = Some(r);
    c
}

// --- the cast -------------------------------------------------------------------------------

/// The MIM contact person named on every simulated case (from the organisation).
pub fn mirja_named() -> NamedPerson {
    person("mirja", "Mirja Mäkinen")
}
/// Her deputy, also named on the case.
pub fn markus_named() -> NamedPerson {
    person("markus", "Markus Öhman")
}
/// The verifier that IT management names.
pub fn veera_named() -> NamedPerson {
    person("veera", "Veera Virtanen")
}
/// The verifier's deputy.
pub fn ville_named() -> NamedPerson {
    person("ville", "Ville Väisänen")
}

pub fn service_desk() -> Caller {
    caller("sanna", &[Role::ServiceDesk])
}
pub fn it_management() -> Caller {
    caller("tiina", &[Role::ItManagement])
}
pub fn management_group() -> Caller {
    caller("johanna", &[Role::ManagementGroup])
}
pub fn vendor() -> Caller {
    caller("toni", &[Role::Vendor])
}
/// The named MIM contact person.
pub fn mim_contact() -> Caller {
    caller("mirja", &[Role::MimContact])
}
/// The named deputy of the MIM contact person.
pub fn mim_contact_deputy() -> Caller {
    caller("markus", &[Role::MimContact])
}
/// Holds the MIM-contact role but is not named on the case.
pub fn other_mim_contact() -> Caller {
    caller("olli", &[Role::MimContact])
}
/// The named verifier.
pub fn verifier() -> Caller {
    caller("veera", &[Role::Verifier])
}
/// The named verifier's deputy.
pub fn verifier_deputy() -> Caller {
    caller("ville", &[Role::Verifier])
}
/// Holds the verifier role but is not named on the case.
pub fn other_verifier() -> Caller {
    caller("otto", &[Role::Verifier])
}
/// Holds every role, but is named nowhere.
pub fn everyone() -> Caller {
    caller("kaikki", &Role::ALL)
}

// --- register values ------------------------------------------------------------------------

pub fn default_matrix() -> MatrixUsed {
    MatrixUsed {
        source: MatrixSource::OrganisationDefault,
        version: Some(1),
        matrix: ImpactMatrix::organisation_default(),
    }
}

pub fn it_arrangement() -> BackupArrangement {
    BackupArrangement {
        id: "paperilomake".into(),
        name: "Paper forms".into(),
        description: "Appointments on paper forms".into(),
        decided_by: BackupDecider::ItManagement,
        cost_or_risk: None,
        ..Default::default()
    }
}

pub fn mg_arrangement() -> BackupArrangement {
    BackupArrangement {
        id: "puhelinajanvaraus".into(),
        name: "Phone booking service".into(),
        description: "An outsourced call centre takes bookings by phone".into(),
        decided_by: BackupDecider::ManagementGroup,
        cost_or_risk: Some("costly: 4 000 € a day".into()),
        ..Default::default()
    }
}

// --- commands -------------------------------------------------------------------------------

pub fn assess(users: i64, severity: Severity) -> Command {
    Command::RecordAssessment {
        affected_users: AffectedUsers::new(users).expect("users"),
        severity,
        matrix: default_matrix(),
        note: None,
    }
}
/// 11–50 users, prevents work: red on the default matrix.
pub fn assess_red() -> Command {
    assess(20, Severity::PreventsWork)
}
/// 1–10 users, prevents work: yellow on the default matrix.
pub fn assess_yellow() -> Command {
    assess(5, Severity::PreventsWork)
}
/// 1–10 users, minor: green on the default matrix.
pub fn assess_green() -> Command {
    assess(3, Severity::Minor)
}

pub fn criticality(start_mim: bool, reason: Option<&str>) -> Command {
    Command::DecideCriticality {
        start_mim,
        reason: reason.map(passage),
    }
}

pub fn backup(needed: bool, arrangement: Option<BackupArrangement>) -> Command {
    Command::DecideBackup {
        needed,
        arrangement,
        reason: None,
    }
}

pub fn name_verifiers() -> Command {
    Command::NamePeople {
        verifier: Some(veera_named()),
        verifier_deputy: Some(ville_named()),
        mim_contact: None,
        mim_contact_deputy: None,
    }
}

pub fn verify(works: bool, reason: Option<&str>) -> Command {
    Command::Verify {
        works,
        reason: reason.map(passage),
    }
}

pub fn communication(kind: CommunicationKind, next: Option<DateTime<Utc>>) -> Command {
    Command::RecordCommunication {
        kind,
        audience: line("loppukäyttäjät"),
        channel: line("intranet"),
        text: passage("Ajanvaraus ei toimi. 🙂 Seuraava tiedote klo 10.30."),
        next_update_at: next,
    }
}

pub fn reopen(reason: &str) -> Command {
    Command::Reopen {
        reason: passage(reason),
    }
}

pub fn dismiss(reason: DismissReason, duplicate_of: Option<CaseId>) -> Command {
    Command::Dismiss {
        reason,
        duplicate_of,
        text: passage("ei häiriötä"),
    }
}

/// A command of `kind` that is valid whenever `kind` is a move of `case`'s stage at `now`.
pub fn sample_command(kind: CommandKind, case: &Case, now: DateTime<Utc>) -> Command {
    use CommandKind as K;
    match kind {
        K::RecordAssessment => assess_red(),
        K::CallMimContact => Command::CallMimContact {
            note: Some(passage("soitettu")),
        },
        K::DecideCriticality => criticality(true, Some("matriisi")),
        K::DecideBackup => backup(false, None),
        K::ActivateBackup => Command::ActivateBackup { note: None },
        K::EndBackup => Command::EndBackup { note: None },
        K::EscalateToVendor => Command::EscalateToVendor {
            to: line("Toimittaja X, päivystys"),
            note: None,
        },
        K::AcknowledgeEscalation => Command::AcknowledgeEscalation { note: None },
        K::DemandProgressReport => Command::DemandProgressReport {
            note: None,
            due_by: Some(now + Duration::minutes(30)),
        },
        K::RecordVendorProgress => Command::RecordVendorProgress {
            text: passage("Vika paikannettu tietokantaan"),
            estimate: Some(now + Duration::hours(1)),
        },
        K::ReportFix => Command::ReportFix {
            text: passage("Tietokanta käynnistetty uudelleen"),
        },
        K::AcknowledgeFix => Command::AcknowledgeFix { note: None },
        K::NamePeople => name_verifiers(),
        K::Verify => verify(true, None),
        K::SignOff => Command::SignOff { note: None },
        K::DecideWalkThrough => Command::DecideWalkThrough {
            needed: true,
            reason: None,
            timeline_owner: Some(person("tiina", "Tiina Tietohallinto")),
        },
        K::AddFinding => Command::AddFinding {
            category: FindingCategory::CouldGoBetter,
            text: passage("Eskalointi olisi voinut alkaa aiemmin"),
        },
        K::AddActionItem => Command::AddActionItem {
            title: line("Päivitä toimittajan yhteystiedot"),
            owner: line("Tiina"),
            due: NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"),
        },
        K::RecordVendorReport => Command::RecordVendorReport {
            text: passage("Toimittajan häiriöraportti"),
        },
        K::Close => Command::Close { summary: None },
        K::Reopen => reopen("ongelma jatkuu"),
        K::Dismiss => dismiss(DismissReason::NoDisruption, None),
        K::RecordCommunication => {
            if case.stage == Stage::NormalProcess {
                communication(CommunicationKind::NotStarted, None)
            } else {
                communication(CommunicationKind::Update, Some(now + Duration::hours(1)))
            }
        }
        K::AddNote => Command::AddNote {
            text: passage("muistiinpano"),
        },
        K::EditDetails => Command::EditDetails {
            title: Some(line("Ajanvaraus alhaalla")),
            description: None,
        },
        K::SetSystem => Command::SetSystem {
            system: mim_domain::case::SystemSnapshot {
                id: mim_domain::SystemId::new("potilastieto").expect("id"),
                name: "Potilastietojärjestelmä".into(),
                vendor: None,
                vendor_name: None,
            },
            mim_contact: None,
            mim_contact_deputy: None,
        },
    }
}

// --- the simulated case ---------------------------------------------------------------------

/// A case's event log plus the injected clock.
#[derive(Debug, Clone)]
pub struct Sim {
    pub id: CaseId,
    pub events: Vec<RecordedEvent>,
    pub now: DateTime<Utc>,
}

pub fn opened_event() -> CaseEvent {
    CaseEvent::Opened {
        title: "Ajanvaraus ei toimi".into(),
        description: Some("Sähköinen ajanvaraus ei aukea".into()),
        system: Some(SystemSnapshot {
            id: SystemId::new("ajanvaraus").expect("system id"),
            name: "Ajanvaraus".into(),
            vendor: None,
            vendor_name: Some("Toimittaja X".into()),
        }),
        exercise: false,
        mim_contact: Some(mirja_named()),
        mim_contact_deputy: Some(markus_named()),
        recurrence_of: None,
    }
}

pub fn as_actor(c: &Caller, role: Role) -> Actor {
    Actor::Person {
        user: c.user.clone(),
        name: c.name.clone(),
        role,
    }
}

impl Sim {
    /// A case opened by the service desk at `t0`, with the MIM contact and deputy named.
    pub fn open() -> Sim {
        Sim::open_with(opened_event())
    }

    pub fn open_with(opened: CaseEvent) -> Sim {
        let sd = service_desk();
        Sim::open_as(as_actor(&sd, Role::ServiceDesk), opened)
    }

    /// A case opened by `actor` at `t0` with the given `opened` event.
    pub fn open_as(actor: Actor, opened: CaseEvent) -> Sim {
        let mut sim = Sim {
            id: CaseId::new(2026, 1),
            events: vec![],
            now: t0(),
        };
        sim.record(actor, opened);
        sim
    }

    /// A case mim opened itself from a monitoring report: the opening and the report, no
    /// person's step.
    pub fn open_from_monitoring() -> Sim {
        let mut sim = Sim::open_as(Actor::Mim, opened_event());
        sim.report_via(ReportChannel::Monitoring, "Zabbix: ajanvaraus ei vastaa");
        sim
    }

    pub fn case(&self) -> Case {
        Case::from_events(self.id.clone(), &self.events).expect("the log folds")
    }

    pub fn stage(&self) -> Stage {
        self.case().stage
    }

    pub fn tick(&mut self, d: Duration) {
        self.now += d;
    }

    /// Appends `event` as happening and recorded now.
    pub fn record(&mut self, actor: Actor, event: CaseEvent) -> RecordedEvent {
        let now = self.now;
        self.record_at(actor, event, now, now)
    }

    /// Appends `event` with explicit times (for back-filled entries).
    pub fn record_at(
        &mut self,
        actor: Actor,
        event: CaseEvent,
        occurred_at: DateTime<Utc>,
        recorded_at: DateTime<Utc>,
    ) -> RecordedEvent {
        let seq = self.events.last().map_or(1, |e| e.seq + 1);
        let prev_version = self.events.last().map_or(0, |e| e.version);
        let version = if event.is_process() {
            prev_version + 1
        } else {
            prev_version
        };
        let e = RecordedEvent {
            seq,
            version,
            occurred_at,
            recorded_at,
            actor,
            event,
        };
        self.events.push(e.clone());
        e
    }

    /// Evidence from monitoring or a reporter, attached by mim.
    pub fn evidence(&mut self, event: CaseEvent) {
        self.record(Actor::Mim, event);
    }

    pub fn alert_firing(&mut self, fingerprint: &str) {
        self.evidence(CaseEvent::alert_firing(
            fingerprint,
            "InstanceDown",
            format!("InstanceDown {fingerprint}"),
        ));
    }

    pub fn alert_resolved(&mut self, fingerprint: &str) {
        self.evidence(CaseEvent::alert_resolved(fingerprint));
    }

    /// A person's report by phone.
    pub fn report(&mut self, text: &str) {
        self.report_via(ReportChannel::Phone, text);
    }

    /// A report through `channel` (from monitoring it names no reporter).
    pub fn report_via(&mut self, channel: ReportChannel, text: &str) {
        let reporter = (channel != ReportChannel::Monitoring).then(|| "Eeva Esimerkki".into());
        self.evidence(CaseEvent::report_received(channel, text, reporter));
    }

    /// `decide` at the injected now; on success the events are appended in the role acted
    /// in, and the clock moves on a minute.
    pub fn try_act(&mut self, c: &Caller, cmd: Command) -> Result<Decided, Refusal> {
        let case = self.case();
        let d = decide(&case, &cmd, c, self.now)?;
        for e in &d.events {
            self.record(as_actor(c, d.role), e.clone());
        }
        self.tick(Duration::minutes(1));
        Ok(d)
    }

    /// Like `try_act`, failing the test on a refusal.
    pub fn act(&mut self, c: &Caller, cmd: Command) -> Decided {
        let stage = self.stage();
        let what = format!("{:?}", cmd.kind());
        self.try_act(c, cmd)
            .unwrap_or_else(|r| panic!("{what} by {} in {stage:?} refused: {r}", c.user))
    }

    /// mim's quiet-period check at now; a dismissal is appended as mim's.
    pub fn auto_dismiss(&mut self, quiet: Duration) -> Option<CaseEvent> {
        let e = decide_auto_dismiss(&self.case(), quiet, self.now)?;
        self.record(Actor::Mim, e.clone());
        Some(e)
    }

    /// The events of the log after the first `from` ones.
    pub fn events_since(&self, from: usize) -> &[RecordedEvent] {
        &self.events[from..]
    }

    pub fn count(&self, pred: impl Fn(&CaseEvent) -> bool) -> usize {
        self.events.iter().filter(|e| pred(&e.event)).count()
    }
}

/// A case driven from Detection into `stage` through real `decide` calls (red path, IT
/// management's backup arrangement). No evidence is attached, so `reports` and `alerts_seen`
/// stay 0.
pub fn drive_to(stage: Stage) -> Sim {
    let mut sim = Sim::open();
    drive(&mut sim, stage);
    assert_eq!(sim.stage(), stage, "driving to {stage:?}");
    sim
}

fn drive(sim: &mut Sim, target: Stage) {
    let prev = match target {
        Stage::Detection => return,
        Stage::Assessment | Stage::Dismissed => Stage::Detection,
        Stage::MimStarted | Stage::NormalProcess => Stage::Assessment,
        Stage::BackupActivation => Stage::MimStarted,
        Stage::Monitoring => Stage::BackupActivation,
        Stage::FixReported => Stage::Monitoring,
        Stage::AwaitingVerification => Stage::FixReported,
        Stage::Verified => Stage::AwaitingVerification,
        Stage::ReturnedToNormal => Stage::Verified,
        Stage::WalkThrough | Stage::ReadyToClose => Stage::ReturnedToNormal,
        Stage::Closed => Stage::WalkThrough,
    };
    drive(sim, prev);
    let (c, cmd) = match target {
        Stage::Detection => unreachable!("returned above"),
        Stage::Assessment => (service_desk(), assess_red()),
        Stage::Dismissed => (service_desk(), dismiss(DismissReason::FalseAlarm, None)),
        Stage::MimStarted => (service_desk(), criticality(true, None)),
        Stage::NormalProcess => (
            service_desk(),
            criticality(false, Some("hoidetaan normaalina häiriönä")),
        ),
        Stage::BackupActivation => (it_management(), backup(true, Some(it_arrangement()))),
        Stage::Monitoring => (it_management(), Command::ActivateBackup { note: None }),
        Stage::FixReported => (
            {
                // Back to normal working before the fix, so the later stages have no
                // arrangement in use (sign-off needs that).
                sim.act(&it_management(), Command::EndBackup { note: None });
                vendor()
            },
            Command::ReportFix {
                text: passage("korjattu"),
            },
        ),
        Stage::AwaitingVerification => {
            sim.act(&it_management(), name_verifiers());
            (it_management(), Command::AcknowledgeFix { note: None })
        }
        Stage::Verified => (verifier(), verify(true, None)),
        Stage::ReturnedToNormal => (it_management(), Command::SignOff { note: None }),
        Stage::WalkThrough => (
            it_management(),
            sample_command(CommandKind::DecideWalkThrough, &sim.case(), sim.now),
        ),
        Stage::ReadyToClose => (
            it_management(),
            Command::DecideWalkThrough {
                needed: false,
                reason: Some(passage("lyhyt katko")),
                timeline_owner: None,
            },
        ),
        Stage::Closed => (it_management(), Command::Close { summary: None }),
    };
    sim.act(&c, cmd);
}

/// The opening event of a case that names no MIM contact person nor deputy.
pub fn opened_without_mim_contact() -> CaseEvent {
    match opened_event() {
        CaseEvent::Opened {
            title,
            description,
            system,
            exercise,
            recurrence_of,
            ..
        } => CaseEvent::Opened {
            title,
            description,
            system,
            exercise,
            mim_contact: None,
            mim_contact_deputy: None,
            recurrence_of,
        },
        other => unreachable!("opened_event is {other:?}"),
    }
}

/// A case in Assessment with a yellow result.
pub fn yellow_assessment() -> Sim {
    let mut sim = Sim::open();
    sim.act(&service_desk(), assess_yellow());
    sim
}

/// A case in Assessment with a green result.
pub fn green_assessment() -> Sim {
    let mut sim = Sim::open();
    sim.act(&service_desk(), assess_green());
    sim
}
