//! Correlation: the step that folds the intake inbox into cases. It reads deliveries after its
//! cursor, routes each signal to a critical system (or the unassigned queue), lets the domain's
//! `absorb` decide what it means for that system's case, and writes the result as mim's own
//! evidence. Writes are idempotent per delivery, so a step repeated after a crash records
//! nothing twice; the cursor moves only after a delivery is fully written.

use crate::{App, AppError};
use chrono::{DateTime, Datelike, Utc};
use mim_domain::case::{Actor, Case, CaseEvent, NewEvent, RecordedEvent, SystemSnapshot};
use mim_domain::detection::{
    Absorbed, DetectionSettings, SeverityMapping, Signal, absorb, absorb_truncated, pick_case,
    recurrence_of, route, route_truncation, settle,
};
use mim_domain::register::{CriticalSystem, Organisation};
use mim_domain::{CaseId, SystemId};
use mim_store::{CaseFilter, CaseSummary, StoredDelivery, Unassigned};
use std::collections::HashMap;

/// The inbox reader's name.
pub const CURSOR: &str = "correlation";

/// What one step did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Correlated {
    pub deliveries: usize,
    pub signals: usize,
    pub opened: Vec<CaseId>,
    pub unassigned: usize,
    pub ignored: usize,
}

/// The cases of the systems a step touches, folded once and kept current as it writes.
struct Held {
    org: Organisation,
    systems: Vec<CriticalSystem>,
    settings: DetectionSettings,
    by_system: HashMap<SystemId, Vec<Case>>,
}

impl App {
    /// Folds up to `max` deliveries of the inbox into cases.
    pub async fn correlate(&self, max: u32) -> Result<Correlated, AppError> {
        let cursor = self.store().cursor(CURSOR).await?;
        let deliveries = self.store().deliveries_after(cursor, max).await?;
        let mut done = Correlated::default();
        if deliveries.is_empty() {
            return Ok(done);
        }
        let mut held = Held {
            org: self.organisation_or_default().await?,
            systems: self.store().systems().await?,
            settings: DetectionSettings::default(),
            by_system: HashMap::new(),
        };
        for d in deliveries {
            self.correlate_delivery(&mut held, &d, &mut done).await?;
            self.store().set_cursor(CURSOR, d.seq).await?;
            done.deliveries += 1;
        }
        Ok(done)
    }

    /// Publishes what waited out its hold-down (a resolution after quiet minutes, a flapping
    /// alert that settled) on every open case, at `now`.
    pub async fn settle_detections(&self) -> Result<usize, AppError> {
        let settings = DetectionSettings::default();
        let now = self.now();
        let filter = CaseFilter {
            open: Some(true),
            limit: Some(10_000),
            ..Default::default()
        };
        let mut written = 0;
        for row in self.store().list(&filter).await? {
            let events = self.store().load(&row.id).await?;
            let Ok(case) = Case::from_events(row.id.clone(), &events) else {
                continue;
            };
            let new = settle(&case, now, &settings);
            if new.is_empty() {
                continue;
            }
            written += new.len();
            let new = mim_events(new, now, now);
            self.store().append(&row.id, None, new, None).await?;
        }
        Ok(written)
    }

    async fn correlate_delivery(
        &self,
        held: &mut Held,
        d: &StoredDelivery,
        done: &mut Correlated,
    ) -> Result<(), AppError> {
        let mapping = self.mapping_for(&d.source).await?;
        let mut unassigned = vec![];
        for (index, signal) in d.batch.signals.iter().enumerate() {
            done.signals += 1;
            let Some(system_id) = route(&held.systems, signal) else {
                unassigned.push(Unassigned {
                    delivery_seq: d.seq,
                    signal_index: u32::try_from(index).unwrap_or(u32::MAX),
                    source: d.source.clone(),
                    received_at: d.received_at,
                    signal: signal.clone(),
                });
                continue;
            };
            let Some(system) = held.systems.iter().find(|s| s.id == system_id).cloned() else {
                continue;
            };
            self.hold(held, &system_id).await?;
            let cases = held
                .by_system
                .get(&system_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let picked = pick_case(cases, &system_id, signal).cloned();
            let matrix = held.org.default_matrix.clone();
            match absorb(
                picked.as_ref(),
                signal,
                &system,
                &matrix,
                &mapping,
                &held.settings,
                d.received_at,
            ) {
                Absorbed::Attach(events) => {
                    if let Some(case) = picked {
                        self.write(held, &system_id, &case.id, events, d, mark(d.seq, index))
                            .await?;
                    }
                }
                Absorbed::Open { events } => {
                    let recurrence = recurrence_of(picked.as_ref(), d.received_at, &held.settings);
                    let id = self
                        .open_from_intake(held, &system, signal, recurrence, events, d, index)
                        .await?;
                    done.opened.push(id);
                }
                Absorbed::Ignore { .. } => done.ignored += 1,
            }
        }
        if let Some((system_id, listed)) = route_truncation(&held.systems, &d.batch) {
            self.hold(held, &system_id).await?;
            let cases = held
                .by_system
                .get(&system_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let first = d.batch.signals.first();
            if let Some(case) = first.and_then(|s| pick_case(cases, &system_id, s)).cloned() {
                let events = absorb_truncated(
                    &case,
                    d.batch.group_key.as_deref(),
                    listed,
                    d.batch.truncated_alerts,
                );
                // After every listed signal of the delivery.
                let position = mark(d.seq, d.batch.signals.len());
                self.write(held, &system_id, &case.id, events, d, position)
                    .await?;
            }
        }
        if !unassigned.is_empty() {
            done.unassigned += unassigned.len();
            self.store().record_unassigned(&unassigned).await?;
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

    /// Folds the system's open cases and its last ended one, once per step.
    async fn hold(&self, held: &mut Held, system: &SystemId) -> Result<(), AppError> {
        if held.by_system.contains_key(system) {
            return Ok(());
        }
        let mut cases = vec![];
        let open = CaseFilter {
            system: Some(system.clone()),
            open: Some(true),
            exercise: Some(false),
            limit: Some(50),
            ..Default::default()
        };
        let ended = CaseFilter {
            system: Some(system.clone()),
            open: Some(false),
            exercise: Some(false),
            limit: Some(1),
            ..Default::default()
        };
        for filter in [open, ended] {
            for row in self.store().list(&filter).await? {
                let events = self.store().load(&row.id).await?;
                let case = Case::from_events(row.id.clone(), &events).map_err(|e| {
                    AppError::Internal(format!("case {} does not fold: {e}", row.id))
                })?;
                cases.push(case);
            }
        }
        held.by_system.insert(system.clone(), cases);
        Ok(())
    }

    /// Appends mim's evidence to a held case (once per inbox position) and folds it in.
    #[allow(clippy::too_many_arguments)]
    async fn write(
        &self,
        held: &mut Held,
        system: &SystemId,
        id: &CaseId,
        events: Vec<CaseEvent>,
        d: &StoredDelivery,
        position: u64,
    ) -> Result<(), AppError> {
        if events.is_empty() {
            return Ok(());
        }
        let now = self.now();
        let new = mim_events(events, d.received_at, now);
        let Some(case) = held
            .by_system
            .get_mut(system)
            .and_then(|cs| cs.iter_mut().find(|c| &c.id == id))
        else {
            return Ok(());
        };
        let mut after = case.clone();
        for e in preview(&new, case) {
            after.apply(&e);
        }
        let summary = CaseSummary::of(&after);
        if let Some(recorded) = self
            .store()
            .append_from_intake(id, new, Some(summary), position)
            .await?
        {
            for e in &recorded {
                case.apply(e);
            }
        }
        Ok(())
    }

    /// Opens a detection-stage case for a signal (once, whatever retries) and holds it.
    #[allow(clippy::too_many_arguments)]
    async fn open_from_intake(
        &self,
        held: &mut Held,
        system: &CriticalSystem,
        signal: &Signal,
        recurrence: Option<CaseId>,
        events: Vec<CaseEvent>,
        d: &StoredDelivery,
        index: usize,
    ) -> Result<CaseId, AppError> {
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
            mim_contact: system.mim_contact.clone().or(held.org.mim_contact.clone()),
            mim_contact_deputy: system
                .mim_contact_deputy
                .clone()
                .or(held.org.mim_contact_deputy.clone()),
            recurrence_of: recurrence,
        };
        let now = self.now();
        let mut all = vec![opened];
        all.extend(events);
        let new = mim_events(all, d.received_at, now);
        let preview_case =
            Case::from_events(CaseId::new(0, 1), &crate::cases::as_recorded(&new, 1, 1))
                .map_err(|e| AppError::Internal(e.to_string()))?;
        let year = d.received_at.with_timezone(&held.org.time_zone).year();
        let origin = format!("{}:{index}", d.seq);
        let (id, recorded, _) = self
            .store()
            .open_case_from_intake(
                year,
                new,
                CaseSummary::of(&preview_case),
                &origin,
                mark(d.seq, index),
            )
            .await?;
        let case = Case::from_events(id.clone(), &recorded)
            .map_err(|e| AppError::Internal(format!("case {id} does not fold: {e}")))?;
        held.by_system
            .entry(system.id.clone())
            .or_default()
            .push(case);
        Ok(id)
    }
}

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
