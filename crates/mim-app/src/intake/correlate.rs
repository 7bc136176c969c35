//! Correlation: the step that folds the intake inbox into cases. It reads deliveries after its
//! cursor, routes each signal to a critical system (or the unassigned queue), lets the domain's
//! `absorb` decide what it means for that system's case, and writes the result as mim's own
//! evidence. A step works on the cases held folded in memory (`held.rs`) and writes
//! everything it decided — cases opened and fed, unassigned signals, the cursor — in one
//! transaction, so a crash leaves all of a step or none of it. Writes also remember the inbox
//! position they came from, so even a second reader of the same inbox records nothing twice.

use super::held::HeldCases;
use super::lookahead::ROUTE_SIGNALS_PER_STEP;
use crate::{App, AppError};
use chrono::{DateTime, Datelike, Utc};
use mim_domain::case::{Actor, Case, CaseEvent, NewEvent, RecordedEvent, SystemSnapshot};
use mim_domain::detection::{
    Absorbed, DetectionSettings, SeverityMapping, Signal, absorb, absorb_truncated, pick_case,
    recurrence_of, route, route_truncation, settle,
};
use mim_domain::register::{CriticalSystem, Organisation};
use mim_domain::{CaseId, SystemId};
use mim_store::{
    CaseFilter, CaseSummary, IntakeStep, IntakeWrite, IntakeWritten, StoredDelivery, Unassigned,
};
use std::collections::{HashMap, HashSet};

/// The inbox reader's name.
pub const CURSOR: &str = "correlation";

/// Signals folded per step at most (a step takes whole deliveries, at least one): small
/// enough that a step's transaction never keeps intake's group commit waiting long, and that
/// a stop request is heeded within milliseconds.
const SIGNALS_PER_STEP: usize = 250;

/// What one step did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Correlated {
    pub deliveries: usize,
    pub signals: usize,
    pub opened: Vec<CaseId>,
    pub unassigned: usize,
    pub ignored: usize,
}

/// What one step has decided so far, written at its end.
struct Step {
    org: Organisation,
    systems: Vec<CriticalSystem>,
    settings: DetectionSettings,
    /// Systems whose held cases were brought in line with the store in this step.
    fresh: HashSet<SystemId>,
    /// One write per case touched, in the order first touched.
    writes: Vec<Pending>,
    by_case: HashMap<CaseId, usize>,
    unassigned: Vec<Unassigned>,
    /// Cases opened in this step carry a provisional id (year 0) until written.
    provisional: u32,
}

struct Pending {
    id: CaseId,
    system: SystemId,
    /// For a case opened in this step: its year and the signal that opened it.
    open: Option<(i32, String)>,
    events: Vec<NewEvent>,
    mark: Option<u64>,
    /// The sequence number its first event was given in memory, checked against the store's.
    first_seq: u64,
}

impl Step {
    fn new(org: Organisation, systems: Vec<CriticalSystem>) -> Step {
        Step {
            org,
            systems,
            settings: DetectionSettings::default(),
            fresh: HashSet::new(),
            writes: vec![],
            by_case: HashMap::new(),
            unassigned: vec![],
            provisional: 0,
        }
    }

    /// Applies `new` to the held case and queues it for writing.
    fn stage(
        &mut self,
        held: &mut HeldCases,
        system: &SystemId,
        id: &CaseId,
        new: Vec<NewEvent>,
        mark: Option<u64>,
    ) {
        let Some(case) = held.case_mut(system, id) else {
            return;
        };
        if new.is_empty() {
            return;
        }
        let recorded = preview(&new, case);
        for e in &recorded {
            case.apply(e);
        }
        let first_seq = recorded.first().map_or(0, |e| e.seq);
        if let Some(m) = mark {
            held.took(id, m);
        }
        match self.by_case.get(id) {
            Some(&i) => {
                let w = &mut self.writes[i];
                w.events.extend(new);
                if mark.is_some() {
                    w.mark = mark;
                }
            }
            None => {
                self.by_case.insert(id.clone(), self.writes.len());
                self.writes.push(Pending {
                    id: id.clone(),
                    system: system.clone(),
                    open: None,
                    events: new,
                    mark,
                    first_seq,
                });
            }
        }
    }
}

impl App {
    /// Folds up to `max` deliveries of the inbox into cases (fewer when they carry many
    /// signals): one step, one transaction.
    pub async fn correlate(&self, max: u32) -> Result<Correlated, AppError> {
        let mut held = self.correlator.lock().await;
        let result = self.correlate_step(&mut held, max).await;
        if result.is_err() {
            held.forget();
        }
        result
    }

    async fn correlate_step(&self, held: &mut HeldCases, max: u32) -> Result<Correlated, AppError> {
        let cursor = self.store().cursor(CURSOR).await?;
        let systems = self.store().systems().await?;
        // Routes made with another register, or from a cursor someone else moved, are not
        // to be trusted: route again from the cursor.
        if !held.lookahead.follows(cursor, &systems) {
            held.lookahead.restart(cursor, &systems);
        }
        self.route_ahead(held).await?;
        let now = self.now();
        let chosen = held
            .lookahead
            .choose(max as usize, SIGNALS_PER_STEP, now, |s| {
                held.holds_system(s)
            });
        let mut done = Correlated::default();
        if chosen.is_empty() {
            return Ok(done);
        }
        let mut deliveries = held.lookahead.take_kept(&chosen);
        let unread: Vec<u64> = chosen
            .iter()
            .filter(|seq| !deliveries.iter().any(|d| d.seq == **seq))
            .copied()
            .collect();
        if !unread.is_empty() {
            deliveries.extend(self.store().deliveries_at(&unread).await?);
            deliveries.sort_by_key(|d| d.seq);
        }
        held.next_step();
        let mut step = Step::new(self.organisation_or_default().await?, systems);
        for d in &deliveries {
            self.correlate_delivery(held, &mut step, d, &mut done)
                .await?;
            done.deliveries += 1;
        }
        held.signals_per_delivery = done.signals as f64 / done.deliveries.max(1) as f64;
        let settings = step.settings;
        let cursor = held.lookahead.cursor_after(&chosen);
        self.commit_step(held, step, Some(cursor), &mut done)
            .await?;
        held.lookahead.folded(&chosen);
        held.trim(&settings);
        Ok(done)
    }

    /// Routes the inbox ahead of folding, as far as a step may and the window has room: by
    /// the routes deliveries got on arrival, reading the batch only of those routed with
    /// another register (or none).
    async fn route_ahead(&self, held: &mut HeldCases) -> Result<(), AppError> {
        let mut routed = 0;
        while routed < ROUTE_SIGNALS_PER_STEP && held.lookahead.has_room() {
            let routes = self
                .store()
                .routes_after(held.lookahead.routed_to(), ROUTE_PAGE)
                .await?;
            let Some(last) = routes.last().map(|r| r.seq) else {
                break;
            };
            let lanes: Vec<_> = routes.iter().map(|r| held.lookahead.lanes_of(r)).collect();
            let unrouted: Vec<u64> = routes
                .iter()
                .zip(&lanes)
                .filter(|(_, l)| l.is_none())
                .map(|(r, _)| r.seq)
                .collect();
            let mut batches = if unrouted.is_empty() {
                vec![]
            } else {
                self.store().deliveries_at(&unrouted).await?
            }
            .into_iter()
            .peekable();
            for (r, lanes) in routes.iter().zip(lanes) {
                match lanes {
                    Some(lanes) => {
                        // Cheap to route: count it lightly, so routing keeps up with a storm.
                        routed += 1;
                        held.lookahead.add_routed(r, lanes);
                    }
                    None => match batches.next_if(|d| d.seq == r.seq) {
                        Some(d) => {
                            routed += d.batch.signals.len().max(1);
                            held.lookahead.add(d);
                        }
                        // Gone from the inbox meanwhile: nothing to fold.
                        None => continue,
                    },
                }
            }
            held.lookahead.routed_past(last);
        }
        Ok(())
    }

    /// Publishes what waited out its hold-down (a resolution after quiet minutes, a flapping
    /// alert that settled) on every open case, at `now`, and queues the call-outs and red
    /// alerts the cases' suggested colours call for (`intake/alerts.rs`). Returns how many
    /// settled events were published (queued alerts not counted).
    pub async fn settle_detections(&self) -> Result<usize, AppError> {
        let mut held = self.correlator.lock().await;
        let result = self.settle_step(&mut held).await;
        if result.is_err() {
            held.forget();
        }
        result
    }

    async fn settle_step(&self, held: &mut HeldCases) -> Result<usize, AppError> {
        let now = self.now();
        let filter = CaseFilter {
            open: Some(true),
            exercise: Some(false),
            limit: Some(10_000),
            ..Default::default()
        };
        let rows = self.store().list(&filter).await?;
        held.next_step();
        let mut due = vec![];
        for row in &rows {
            // Only cases of a system hold alerts; of those, the ones held, any on the first
            // sweep after a start, and those let go while waiting out a hold-down.
            let Some(system) = row.summary.system.clone() else {
                continue;
            };
            if held.swept && !held.is_held(&row.id) && !held.awaits_settling(&row.id) {
                continue;
            }
            self.hold_row(held, &system, row).await?;
            due.push((system, row.id.clone()));
        }
        held.swept = true;
        let mut step = Step::new(Organisation::new(""), vec![]);
        let mut written = 0;
        // Read only when some case has an alert due.
        let mut reach: Option<(Organisation, Vec<mim_store::UserRecord>)> = None;
        for (system, id) in due {
            let Some(case) = held.cases(&system).iter().find(|c| c.id == id) else {
                continue;
            };
            let mut new = settle(case, now, &step.settings);
            // Counted apart: what settling published, not the alerts queued beside it.
            written += new.len();
            // A cheap look first: most cases need neither an alert nor an escalation.
            let may_be_due = case.alert_due().is_some()
                || case.escalation_due(now, chrono::Duration::zero())
                || case.resolved_prompt_due();
            if may_be_due {
                if reach.is_none() {
                    reach = Some((
                        self.organisation_or_default().await?,
                        self.store().users().await?,
                    ));
                }
                if let Some((org, users)) = &reach {
                    new.extend(self.due_alert(case, org, users).await?);
                }
            }
            step.stage(held, &system, &id, mim_events(new, now, now), None);
        }
        let mut done = Correlated::default();
        let settings = step.settings;
        self.commit_step(held, step, None, &mut done).await?;
        held.trim(&settings);
        Ok(written)
    }

    /// Writes what a step decided, with the cursor, in one transaction, and brings the held
    /// cases in line with what was recorded.
    async fn commit_step(
        &self,
        held: &mut HeldCases,
        step: Step,
        cursor: Option<u64>,
        done: &mut Correlated,
    ) -> Result<(), AppError> {
        if step.writes.is_empty() && step.unassigned.is_empty() && cursor.is_none() {
            return Ok(());
        }
        let mut writes = Vec::with_capacity(step.writes.len());
        for p in &step.writes {
            let summary = held
                .cases(&p.system)
                .iter()
                .find(|c| c.id == p.id)
                .map(CaseSummary::of)
                .ok_or_else(|| AppError::Internal(format!("case {} is not held", p.id)))?;
            writes.push(match &p.open {
                Some((year, origin)) => IntakeWrite::Open {
                    year: *year,
                    events: p.events.clone(),
                    summary,
                    origin: origin.clone(),
                    mark: p.mark.unwrap_or_default(),
                },
                None => IntakeWrite::Append {
                    id: p.id.clone(),
                    events: p.events.clone(),
                    summary,
                    mark: p.mark,
                },
            });
        }
        done.unassigned += step.unassigned.len();
        let written = self
            .store()
            .commit_intake_step(IntakeStep {
                writes,
                unassigned: step.unassigned,
                cursor: cursor.map(|seq| (CURSOR.to_owned(), seq)),
            })
            .await?;
        for (p, w) in step.writes.iter().zip(written) {
            if p.open.is_some() {
                held.untake(&p.id);
            }
            match w {
                IntakeWritten::Opened { id, events, .. } => {
                    let case = Case::from_events(id.clone(), &events)
                        .map(Case::lean)
                        .map_err(|e| AppError::Internal(format!("case {id} does not fold: {e}")))?;
                    held.replace(&p.system, &p.id, Some(case));
                    if let Some(m) = p.mark {
                        held.took(&id, m);
                    }
                    done.opened.push(id);
                }
                // Someone else wrote to the case meanwhile (its numbering moved on) or it had
                // taken these positions: fold it again from the store when next needed.
                IntakeWritten::Appended(Some(events))
                    if events.first().map(|e| e.seq) == Some(p.first_seq) => {}
                IntakeWritten::Appended(_) => held.replace(&p.system, &p.id, None),
            }
        }
        Ok(())
    }

    async fn correlate_delivery(
        &self,
        held: &mut HeldCases,
        step: &mut Step,
        d: &StoredDelivery,
        done: &mut Correlated,
    ) -> Result<(), AppError> {
        let mapping = self.mapping_for(&d.source).await?;
        for (index, signal) in d.batch.signals.iter().enumerate() {
            done.signals += 1;
            let Some(system_id) = route(&step.systems, signal) else {
                step.unassigned.push(Unassigned {
                    delivery_seq: d.seq,
                    signal_index: u32::try_from(index).unwrap_or(u32::MAX),
                    source: d.source.clone(),
                    received_at: d.received_at,
                    signal: signal.clone(),
                });
                continue;
            };
            let Some(system) = step.systems.iter().find(|s| s.id == system_id).cloned() else {
                continue;
            };
            self.refresh_system(held, &mut step.fresh, &system_id)
                .await?;
            // Borrowed, never cloned: a case in a storm holds thousands of alerts.
            let picked = pick_case(held.cases(&system_id), &system_id, signal);
            // Folded ahead of the cursor before a restart: taken already.
            if picked.is_some_and(|c| held.taken(&c.id) >= mark(d.seq, index)) {
                done.ignored += 1;
                continue;
            }
            let absorbed = absorb(
                picked,
                signal,
                &system,
                &step.org.default_matrix,
                &mapping,
                &step.settings,
                d.received_at,
            );
            let picked_id = picked.map(|c| c.id.clone());
            let recurrence = recurrence_of(picked, d.received_at, &step.settings);
            match absorbed {
                Absorbed::Attach(events) => {
                    if let Some(id) = picked_id {
                        let new = mim_events(events, d.received_at, self.now());
                        step.stage(held, &system_id, &id, new, Some(mark(d.seq, index)));
                    }
                }
                Absorbed::Open { events } => {
                    self.open_from_intake(
                        held, step, &system, signal, recurrence, events, d, index,
                    )
                    .await?;
                }
                Absorbed::Ignore { .. } => done.ignored += 1,
            }
        }
        if let Some((system_id, listed)) = route_truncation(&step.systems, &d.batch) {
            self.refresh_system(held, &mut step.fresh, &system_id)
                .await?;
            let first = d.batch.signals.first();
            let cases = held.cases(&system_id);
            let position = mark(d.seq, d.batch.signals.len());
            if let Some(case) = first
                .and_then(|s| pick_case(cases, &system_id, s))
                .filter(|c| held.taken(&c.id) < position)
            {
                let events = absorb_truncated(
                    case,
                    d.batch.group_key.as_deref(),
                    listed,
                    d.batch.truncated_alerts,
                );
                let id = case.id.clone();
                let new = mim_events(events, d.received_at, self.now());
                // After every listed signal of the delivery.
                step.stage(held, &system_id, &id, new, Some(position));
            }
        }
        Ok(())
    }

    /// The severity words of a source, mapped onto the four levels. A delivery whose source
    /// has been removed since keeps its words unclassified: a person classifies them.
    async fn mapping_for(&self, source: &str) -> Result<SeverityMapping, AppError> {
        match self.intake_source(source).await {
            Ok(s) => Ok(s.severity_mapping.clone()),
            Err(AppError::NotFound(_)) => Ok(SeverityMapping::default()),
            Err(e) => Err(e),
        }
    }

    /// Opens a detection-stage case for a signal, in memory under a provisional id until the
    /// step is written (once, whatever retries: the signal is its origin).
    #[allow(clippy::too_many_arguments)]
    async fn open_from_intake(
        &self,
        held: &mut HeldCases,
        step: &mut Step,
        system: &CriticalSystem,
        signal: &Signal,
        recurrence: Option<CaseId>,
        events: Vec<CaseEvent>,
        d: &StoredDelivery,
        index: usize,
    ) -> Result<(), AppError> {
        let vendor_name = match &system.vendor {
            Some(v) => self.store().vendor(v).await?.map(|v| v.name),
            None => None,
        };
        let what = match signal {
            Signal::Alert(a) => a.summary.clone(),
            Signal::Report(r) => r.text.clone(),
        };
        let title: String = format!(
            "{}: {}",
            system.name,
            what.split_whitespace().collect::<Vec<_>>().join(" ")
        )
        .chars()
        .take(200)
        .collect();
        let opened = CaseEvent::Opened {
            title,
            description: None,
            system: Some(SystemSnapshot {
                id: system.id.clone(),
                name: system.name.clone(),
                vendor: system.vendor.clone(),
                vendor_name,
            }),
            exercise: false,
            mim_contact: system.mim_contact.clone().or(step.org.mim_contact.clone()),
            mim_contact_deputy: system
                .mim_contact_deputy
                .clone()
                .or(step.org.mim_contact_deputy.clone()),
            recurrence_of: recurrence,
        };
        let mut all = vec![opened];
        all.extend(events);
        let new = mim_events(all, d.received_at, self.now());
        step.provisional += 1;
        let id = CaseId::new(0, step.provisional);
        let case = Case::from_events(id.clone(), &crate::cases::as_recorded(&new, 1, 1))
            .map(Case::lean)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        held.insert(&system.id, case);
        let year = d.received_at.with_timezone(&step.org.time_zone).year();
        step.by_case.insert(id.clone(), step.writes.len());
        step.writes.push(Pending {
            id,
            system: system.id.clone(),
            open: Some((year, format!("{}:{index}", d.seq))),
            events: new,
            mark: Some(mark(d.seq, index)),
            first_seq: 1,
        });
        Ok(())
    }
}

/// Routes read per query when routing ahead.
const ROUTE_PAGE: u32 = 500;

/// A signal's place in the inbox: its delivery, then its position in the delivery. Increasing
/// through the inbox, so a case can tell what it has taken already.
fn mark(delivery_seq: u64, index: usize) -> u64 {
    (delivery_seq << 20) | (index as u64 & 0xF_FFFF)
}

/// Events written by mim: they describe the moment the signal arrived.
fn mim_events(events: Vec<CaseEvent>, at: DateTime<Utc>, now: DateTime<Utc>) -> Vec<NewEvent> {
    events
        .into_iter()
        .map(|event| NewEvent {
            occurred_at: at,
            recorded_at: now,
            actor: Actor::Mim,
            event,
        })
        .collect()
}

/// The new events as they will be recorded after the case's last one.
fn preview(new: &[NewEvent], case: &Case) -> Vec<RecordedEvent> {
    crate::cases::as_recorded(new, case.last_seq + 1, case.version)
}
