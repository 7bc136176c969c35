//! Shared helpers for the detection tests: a minimal Alertmanager-payload reader (the real
//! parsers live in the intake crate), the register of the cases' systems, and a `Desk` that
//! plays the application's part — route, pick the case, absorb, append, fold, settle — on
//! an injected clock.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use mim_domain::case::{Actor, Case, CaseEvent, RecordedEvent, ReportChannel, SystemSnapshot};
use mim_domain::detection::{
    Absorbed, AlertSignal, Batch, DetectionSettings, IgnoreReason, ReportSignal, SeverityMapping,
    Signal, SignalStatus, absorb, absorb_truncated, pick_case, recurrence_of, route,
    route_truncation, settle,
};
use mim_domain::impact::{Colour, ImpactMatrix, Severity, UserBands};
use mim_domain::register::{CriticalSystem, Selector};
use mim_domain::{CaseId, SystemId};
use serde_json::Value;
use std::collections::BTreeMap;

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("an RFC 3339 time")
}

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn time(v: &Value) -> Option<DateTime<Utc>> {
    let t: DateTime<Utc> = v.as_str()?.parse().ok()?;
    // Alertmanager's "zero" time means "not ended".
    (t.timestamp() > 0).then_some(t)
}

/// One Alertmanager alert as the normalised signal (a test-only reader).
pub fn am_alert(a: &Value) -> AlertSignal {
    let labels: BTreeMap<String, String> = a["labels"]
        .as_object()
        .expect("labels")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect();
    AlertSignal {
        fingerprint: a["fingerprint"].as_str().expect("fingerprint").to_owned(),
        status: if a["status"] == "resolved" {
            SignalStatus::Resolved
        } else {
            SignalStatus::Firing
        },
        starts_at: time(&a["startsAt"]),
        ends_at: time(&a["endsAt"]),
        name: labels.get("alertname").cloned().unwrap_or_default(),
        summary: a["annotations"]["summary"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        severity: labels.get("severity").cloned(),
        labels,
        affected_users: None,
        url: a["generatorURL"].as_str().map(str::to_owned),
    }
}

/// An Alertmanager webhook body (version 4) as a batch.
pub fn am_batch(body: &Value) -> Batch {
    Batch {
        signals: body["alerts"]
            .as_array()
            .expect("alerts")
            .iter()
            .map(|a| Signal::Alert(am_alert(a)))
            .collect(),
        truncated_alerts: u32::try_from(body["truncatedAlerts"].as_u64().unwrap_or(0))
            .expect("a count"),
        group_key: body["groupKey"].as_str().map(str::to_owned),
    }
}

pub fn am_fixture(name: &str) -> Batch {
    am_batch(&serde_json::from_str(&fixture(name)).expect("JSON"))
}

/// A firing alert built by hand.
pub fn alert(fingerprint: &str, labels: &[(&str, &str)], severity: Option<&str>) -> AlertSignal {
    AlertSignal {
        fingerprint: fingerprint.into(),
        status: SignalStatus::Firing,
        starts_at: None,
        ends_at: None,
        labels: labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        name: "Test".into(),
        summary: format!("alert {fingerprint}"),
        severity: severity.map(str::to_owned),
        affected_users: None,
        url: None,
    }
}

pub fn report(
    system: Option<&str>,
    text: &str,
    reporter: Option<&str>,
    stated: Option<u32>,
    severity: Option<Severity>,
) -> ReportSignal {
    ReportSignal {
        channel: ReportChannel::EndUserForm,
        system: system.map(sid),
        text: text.into(),
        reporter: reporter.map(str::to_owned),
        stated_affected_users: stated,
        severity,
    }
}

pub fn sid(s: &str) -> SystemId {
    SystemId::new(s).expect("a system id")
}

/// CASES.md's three-band matrix for `arkisto` / `kuntaverkko` (users ≥ 1 / 50 / 500).
pub fn cases_matrix() -> ImpactMatrix {
    use Colour::{Green as G, Red as R, Yellow as Y};
    ImpactMatrix::new(
        UserBands::new(vec![1, 50, 500]).expect("bands"),
        vec![[G, G, Y, Y], [G, Y, Y, R], [Y, Y, R, R]],
    )
    .expect("a matrix")
}

pub fn system(id: &str, name: &str, aliases: &[&str], users: u32) -> CriticalSystem {
    CriticalSystem {
        id: sid(id),
        name: name.into(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        owner: None,
        criticality_notes: None,
        user_count: users,
        vendor: None,
        mim_contact: None,
        mim_contact_deputy: None,
        matrix: None,
        backup_arrangements: vec![],
        communication_plan: Default::default(),
        selectors: vec![],
    }
}

/// The systems of the cases, with the users and matrices the cases give them.
pub fn register() -> Vec<CriticalSystem> {
    let mut arkisto = system("arkisto", "Arkisto", &[], 120);
    arkisto.matrix = Some(cases_matrix());
    let mut kuntaverkko = system("kuntaverkko", "Kuntaverkko", &[], 3000);
    kuntaverkko.matrix = Some(cases_matrix());
    let mut wilma = system("wilma", "Wilma", &["Wilma-mobiili"], 800);
    wilma.selectors = vec![
        Selector::new([("service", "wilma")]),
        Selector::new([("service", "wilma"), ("component", "mobile")]).with_share(25),
    ];
    vec![
        system("ajanvaraus", "Ajanvaraus", &["ajanvarausjärjestelmä"], 400),
        system("potilastieto", "Potilastietojärjestelmä", &["Apotti"], 2000),
        system("verkkokauppa", "Verkkokauppa", &[], 200),
        system("sahkoposti", "Sähköposti", &["Outlook", "e-mail"], 1500),
        arkisto,
        kuntaverkko,
        wilma,
    ]
}

/// One case the desk holds: its log and its folded state.
pub struct HeldCase {
    pub events: Vec<RecordedEvent>,
    pub case: Case,
}

impl HeldCase {
    /// The evidence and process events appended after `Opened`, in order.
    pub fn kinds(&self) -> Vec<String> {
        self.events.iter().skip(1).map(|e| e.event.kind()).collect()
    }

    pub fn count(&self, kind: &str) -> usize {
        self.events
            .iter()
            .filter(|e| e.event.kind() == kind)
            .count()
    }

    pub fn of_kind(&self, kind: &str) -> Vec<&CaseEvent> {
        self.events
            .iter()
            .filter(|e| e.event.kind() == kind)
            .map(|e| &e.event)
            .collect()
    }
}

/// The application's part, played in memory.
pub struct Desk {
    pub systems: Vec<CriticalSystem>,
    pub org_matrix: ImpactMatrix,
    pub mapping: SeverityMapping,
    pub settings: DetectionSettings,
    pub cases: Vec<HeldCase>,
    pub unassigned: Vec<Signal>,
    pub ignored: Vec<IgnoreReason>,
}

impl Default for Desk {
    fn default() -> Self {
        Desk::new()
    }
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            systems: register(),
            org_matrix: ImpactMatrix::organisation_default(),
            mapping: SeverityMapping::fixture_m(),
            settings: DetectionSettings::default(),
            cases: vec![],
            unassigned: vec![],
            ignored: vec![],
        }
    }

    fn append(&mut self, idx: usize, actor: Actor, event: CaseEvent, when: DateTime<Utc>) {
        let held = &mut self.cases[idx];
        let last = held.events.last().expect("opened");
        let e = RecordedEvent {
            seq: last.seq + 1,
            version: last.version + u64::from(event.is_process()),
            occurred_at: when,
            recorded_at: when,
            actor,
            event,
        };
        held.case.apply(&e);
        held.events.push(e);
    }

    fn open_case(
        &mut self,
        system: &CriticalSystem,
        recurrence: Option<CaseId>,
        when: DateTime<Utc>,
    ) -> usize {
        let number = u32::try_from(self.cases.len() + 1).expect("a few cases");
        let id = CaseId::new(2026, number);
        let opened = RecordedEvent {
            seq: 1,
            version: 1,
            occurred_at: when,
            recorded_at: when,
            actor: Actor::Mim,
            event: CaseEvent::Opened {
                title: format!("{} – detection", system.name),
                description: None,
                system: Some(SystemSnapshot {
                    id: system.id.clone(),
                    name: system.name.clone(),
                    vendor: None,
                    vendor_name: None,
                }),
                exercise: false,
                mim_contact: None,
                mim_contact_deputy: None,
                recurrence_of: recurrence,
            },
        };
        let case = Case::from_events(id, std::slice::from_ref(&opened)).expect("folds");
        self.cases.push(HeldCase {
            events: vec![opened],
            case,
        });
        self.cases.len() - 1
    }

    fn index_of(&self, id: &CaseId) -> usize {
        self.cases
            .iter()
            .position(|h| &h.case.id == id)
            .expect("a held case")
    }

    /// One signal, received at `when`: what `absorb` said (`None`: unassigned).
    pub fn signal(&mut self, signal: Signal, when: DateTime<Utc>) -> Option<Absorbed> {
        let Some(system_id) = route(&self.systems, &signal) else {
            self.unassigned.push(signal);
            return None;
        };
        let system = self
            .systems
            .iter()
            .find(|s| s.id == system_id)
            .expect("routed to a known system")
            .clone();
        let folded: Vec<Case> = self.cases.iter().map(|h| h.case.clone()).collect();
        let picked = pick_case(&folded, &system_id, &signal).cloned();
        let out = absorb(
            picked.as_ref(),
            &signal,
            &system,
            &self.org_matrix,
            &self.mapping,
            &self.settings,
            when,
        );
        match &out {
            Absorbed::Attach(events) => {
                let idx = self.index_of(&picked.as_ref().expect("attached to a case").id);
                for e in events {
                    assert!(!e.is_process(), "absorb emitted a process event {e:?}");
                    self.append(idx, Actor::Mim, e.clone(), when);
                }
            }
            Absorbed::Open { events } => {
                let recurrence = recurrence_of(picked.as_ref(), when, &self.settings);
                let idx = self.open_case(&system, recurrence, when);
                for e in events {
                    assert!(!e.is_process(), "absorb emitted a process event {e:?}");
                    self.append(idx, Actor::Mim, e.clone(), when);
                }
            }
            Absorbed::Ignore { reason } => self.ignored.push(reason.clone()),
        }
        Some(out)
    }

    /// A whole delivery, received at `when`, then its truncation.
    pub fn deliver(&mut self, batch: &Batch, when: DateTime<Utc>) -> Vec<Option<Absorbed>> {
        let out = batch
            .signals
            .iter()
            .map(|s| self.signal(s.clone(), when))
            .collect();
        if let Some((system, listed)) = route_truncation(&self.systems, batch) {
            let folded: Vec<Case> = self.cases.iter().map(|h| h.case.clone()).collect();
            let first = batch.signals.first().expect("listed alerts");
            if let Some(case) = pick_case(&folded, &system, first) {
                let idx = self.index_of(&case.id);
                for e in absorb_truncated(
                    case,
                    batch.group_key.as_deref(),
                    listed,
                    batch.truncated_alerts,
                ) {
                    self.append(idx, Actor::Mim, e, when);
                }
            }
        }
        out
    }

    /// Time passes to `now`: every open case settles.
    pub fn settle(&mut self, now: DateTime<Utc>) -> Vec<(CaseId, CaseEvent)> {
        let mut out = vec![];
        for idx in 0..self.cases.len() {
            let events = settle(&self.cases[idx].case, now, &self.settings);
            for e in events {
                out.push((self.cases[idx].case.id.clone(), e.clone()));
                self.append(idx, Actor::Mim, e, now);
            }
        }
        out
    }

    /// A person's (or mim's) step, appended as is.
    pub fn record(&mut self, idx: usize, event: CaseEvent, when: DateTime<Utc>) {
        self.append(idx, Actor::Mim, event, when);
    }

    pub fn only_case(&self) -> &HeldCase {
        assert_eq!(self.cases.len(), 1, "exactly one case");
        &self.cases[0]
    }
}
