//! The folded cases the correlation worker keeps between its steps. Folding a case from its
//! events costs as much as it has events, and a case in an alert storm gains thousands: a
//! worker that refolded every case it touched on every step would slow down as the storm
//! grew. So the worker holds each system's open cases (and its last ended one, for
//! recurrences) folded in memory and, at the first touch in a step, catches up with only
//! what others (people's commands) wrote since, compared by the case's last sequence number.

use crate::{App, AppError};
use mim_domain::case::Case;
use mim_domain::{CaseId, SystemId};
use mim_store::{CaseFilter, CaseRow};
use std::collections::{HashMap, HashSet};

/// Open cases of one system considered for a signal.
const OPEN_CASES_PER_SYSTEM: u32 = 50;

#[derive(Default)]
pub struct HeldCases {
    by_system: HashMap<SystemId, Vec<Case>>,
    /// Signals per delivery lately, to size the next read of the inbox.
    pub(super) signals_per_delivery: f64,
}

impl HeldCases {
    /// Drops everything held: after a failed write nothing in memory can be trusted.
    pub(super) fn forget(&mut self) {
        self.by_system.clear();
    }

    pub(super) fn cases(&self, system: &SystemId) -> &[Case] {
        self.by_system
            .get(system)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub(super) fn case_mut(&mut self, system: &SystemId, id: &CaseId) -> Option<&mut Case> {
        self.by_system
            .get_mut(system)
            .and_then(|cs| cs.iter_mut().find(|c| &c.id == id))
    }

    pub(super) fn insert(&mut self, system: &SystemId, case: Case) {
        self.by_system.entry(system.clone()).or_default().push(case);
    }

    /// Replaces a case (a provisional one by the case it became), or drops it (`None`): the
    /// next refresh folds it again from the store.
    pub(super) fn replace(&mut self, system: &SystemId, id: &CaseId, by: Option<Case>) {
        if let Some(cases) = self.by_system.get_mut(system) {
            cases.retain(|c| &c.id != id);
            if let Some(case) = by {
                cases.push(case);
            }
        }
    }
}

impl App {
    /// Brings the held cases of `system` in line with the store, once per step (`fresh`
    /// remembers which systems are done): its open cases and its last ended one.
    pub(super) async fn refresh_system(
        &self,
        held: &mut HeldCases,
        fresh: &mut HashSet<SystemId>,
        system: &SystemId,
    ) -> Result<(), AppError> {
        if !fresh.insert(system.clone()) {
            return Ok(());
        }
        let open = CaseFilter {
            system: Some(system.clone()),
            open: Some(true),
            exercise: Some(false),
            limit: Some(OPEN_CASES_PER_SYSTEM),
            ..Default::default()
        };
        let ended = CaseFilter {
            system: Some(system.clone()),
            open: Some(false),
            exercise: Some(false),
            limit: Some(1),
            ..Default::default()
        };
        let mut rows = self.store().list(&open).await?;
        rows.extend(self.store().list(&ended).await?);
        let mut old = held.by_system.remove(system).unwrap_or_default();
        let mut cases = Vec::with_capacity(rows.len());
        for row in &rows {
            let kept = old
                .iter()
                .position(|c| c.id == row.id)
                .map(|i| old.swap_remove(i));
            cases.push(self.caught_up(kept, row).await?);
        }
        held.by_system.insert(system.clone(), cases);
        Ok(())
    }

    /// A held case brought up to `row`'s last event, or folded anew when not held (or when
    /// it is somehow ahead of the store).
    pub(super) async fn caught_up(
        &self,
        kept: Option<Case>,
        row: &CaseRow,
    ) -> Result<Case, AppError> {
        match kept {
            Some(case) if case.last_seq == row.last_seq => Ok(case),
            Some(mut case) if case.last_seq < row.last_seq => {
                for e in self.store().load_after(&case.id, case.last_seq).await? {
                    case.apply(&e);
                }
                Ok(case)
            }
            _ => {
                let events = self.store().load(&row.id).await?;
                Case::from_events(row.id.clone(), &events)
                    .map_err(|e| AppError::Internal(format!("case {} does not fold: {e}", row.id)))
            }
        }
    }

    /// The held copy of an open case listed in `row` (caught up), held from now on.
    pub(super) async fn hold_row(
        &self,
        held: &mut HeldCases,
        system: &SystemId,
        row: &CaseRow,
    ) -> Result<(), AppError> {
        let kept = held.by_system.get_mut(system).and_then(|cases| {
            cases
                .iter()
                .position(|c| c.id == row.id)
                .map(|i| cases.swap_remove(i))
        });
        let case = self.caught_up(kept, row).await?;
        held.insert(system, case);
        Ok(())
    }
}
