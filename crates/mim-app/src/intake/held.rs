//! The folded cases the correlation worker keeps between its steps. Folding a case from its
//! events costs as much as it has events, and a case in an alert storm gains thousands: a
//! worker that refolded every case it touched on every step would slow down as the storm
//! grew. So the worker holds each system's open cases (and its last ended one, for
//! recurrences) folded in memory and, at the first touch in a step, catches up with only
//! what others (people's commands) wrote since, compared by the case's last sequence number.
//! Held cases are lean (no alert labels or texts) and bounded: past `HELD_ALERTS` alert
//! records, the systems used least recently are let go and folded again when next needed.

use crate::{App, AppError};
use mim_domain::case::Case;
use mim_domain::detection::{DetectionSettings, next_settle_at};
use mim_domain::{CaseId, SystemId};
use mim_store::{CaseFilter, CaseRow};
use std::collections::{HashMap, HashSet};

/// Open cases of one system considered for a signal.
const OPEN_CASES_PER_SYSTEM: u32 = 50;

/// Alert records held at most, over all cases (a lean record takes about half a kilobyte):
/// what keeps the server's memory bounded in a storm of distinct alerts.
const HELD_ALERTS: usize = 40_000;
/// Alert records held at most even for the systems the current step works on.
const HELD_ALERTS_CEILING: usize = 4 * HELD_ALERTS;
/// Events read per query when a case is folded or caught up.
const FOLD_PAGE: u32 = 2_000;

#[derive(Default)]
pub struct HeldCases {
    by_system: HashMap<SystemId, Vec<Case>>,
    /// When each system was last refreshed (in steps), to let go of the least recent first.
    last_used: HashMap<SystemId, u64>,
    steps: u64,
    /// Cases let go while a hold-down was running: settling folds them again.
    awaiting_settle: HashSet<CaseId>,
    /// Whether settling has looked at every open case since the start (after that, only at
    /// held ones and those let go while waiting).
    pub(super) swept: bool,
    /// Signals per delivery lately, to size the next read of the inbox.
    pub(super) signals_per_delivery: f64,
    /// The inbox routed ahead of folding, and the order to fold it in.
    pub(super) lookahead: super::lookahead::Lookahead,
    /// The last inbox position each case took evidence from, as far as known: a signal at
    /// or before it was taken already (met again when folding resumes after a restart).
    taken: HashMap<CaseId, u64>,
}

impl HeldCases {
    /// Drops everything held: after a failed write nothing in memory can be trusted.
    pub(super) fn forget(&mut self) {
        self.by_system.clear();
        self.last_used.clear();
        self.taken.clear();
        self.lookahead = Default::default();
        self.swept = false;
    }

    /// The last inbox position `case` took, as far as known (0: none).
    pub(super) fn taken(&self, case: &CaseId) -> u64 {
        self.taken.get(case).copied().unwrap_or(0)
    }

    /// Forgets what a provisional case (opened in a step, numbered anew in every step) took:
    /// the same provisional id means another case in the next step.
    pub(super) fn untake(&mut self, case: &CaseId) {
        self.taken.remove(case);
    }

    /// Notes that `case` took position `mark` (positions only grow).
    pub(super) fn took(&mut self, case: &CaseId, mark: u64) {
        let t = self.taken.entry(case.clone()).or_default();
        *t = (*t).max(mark);
    }

    /// Starts a step: systems refreshed from now on count as used in it.
    pub(super) fn next_step(&mut self) {
        self.steps += 1;
    }

    /// Whether the cases of `system` are held (folding its signals reads no events).
    pub(super) fn holds_system(&self, system: &SystemId) -> bool {
        self.by_system.contains_key(system)
    }

    pub(super) fn is_held(&self, id: &CaseId) -> bool {
        self.by_system.values().flatten().any(|c| &c.id == id)
    }

    pub(super) fn awaits_settling(&self, id: &CaseId) -> bool {
        self.awaiting_settle.contains(id)
    }

    /// Lets go of the systems used least recently until at most `HELD_ALERTS` alert records
    /// are held (never those used in this step), remembering the cases that still wait for a
    /// hold-down to run out.
    pub(super) fn trim(&mut self, settings: &DetectionSettings) {
        let mut total: usize = self
            .by_system
            .values()
            .flatten()
            .map(Case::alert_records)
            .sum();
        if total <= HELD_ALERTS {
            return;
        }
        let mut order: Vec<(u64, SystemId)> = self
            .by_system
            .keys()
            .map(|s| (self.last_used.get(s).copied().unwrap_or(0), s.clone()))
            .collect();
        order.sort();
        for (used, system) in order {
            // What this step worked on stays, even past the budget, up to a hard ceiling: a
            // case larger than the budget let go after every step would be folded again from
            // all its events at the next, and the worker would crawl. The folding order keeps
            // to held systems, so it is let go once another system's turn comes. Past the
            // ceiling memory wins over speed (the benchmark's 100-alert flood held several
            // cases of 280,000 alerts: 941 MiB).
            let kept_for_now = used == self.steps && total <= HELD_ALERTS_CEILING;
            if total <= HELD_ALERTS || kept_for_now {
                break;
            }
            let Some(cases) = self.by_system.remove(&system) else {
                continue;
            };
            self.last_used.remove(&system);
            for case in cases {
                total -= case.alert_records();
                self.taken.remove(&case.id);
                if next_settle_at(&case, settings).is_some() {
                    self.awaiting_settle.insert(case.id.clone());
                }
            }
        }
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
        self.awaiting_settle.remove(&case.id);
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
        held.last_used.insert(system.clone(), held.steps);
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
            held.took(&row.id, row.intake_mark);
        }
        for case in &cases {
            held.awaiting_settle.remove(&case.id);
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
            Some(case) if case.last_seq < row.last_seq => self.fold_pages(case, row).await,
            _ => {
                // Lean from the first event on, a page at a time: a case of 100,000 alerts
                // never has all its events, nor full alert records, in memory at once.
                let first = self.store().load_after(&row.id, 0, 1).await?;
                let case = Case::from_events(row.id.clone(), &first)
                    .map(Case::lean)
                    .map_err(|e| {
                        AppError::Internal(format!("case {} does not fold: {e}", row.id))
                    })?;
                self.fold_pages(case, row).await
            }
        }
    }

    /// `case` brought up to `row`'s last event, reading `FOLD_PAGE` events at a time.
    async fn fold_pages(&self, mut case: Case, row: &CaseRow) -> Result<Case, AppError> {
        while case.last_seq < row.last_seq {
            let page = self
                .store()
                .load_after(&case.id, case.last_seq, FOLD_PAGE)
                .await?;
            if page.is_empty() {
                break;
            }
            for e in &page {
                case.apply(e);
            }
        }
        Ok(case)
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
