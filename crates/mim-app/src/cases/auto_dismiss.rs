//! mim's own dismissal of detections that went quiet: one step, run by a worker on a timer and
//! by tests on a manual clock.

use crate::{App, AppError};
use chrono::Duration;
use mim_domain::CaseId;
use mim_domain::case::{Actor, Case, NewEvent, Stage, decide_auto_dismiss};
use mim_store::{CaseFilter, CaseSummary, StoreError};

impl App {
    /// Dismisses every detection-stage case that qualifies now; returns their ids.
    pub async fn dismiss_quiet_detections(&self) -> Result<Vec<CaseId>, AppError> {
        let org = self.organisation_or_default().await?;
        let quiet = Duration::minutes(i64::from(org.quiet_period_minutes));
        let filter = CaseFilter {
            stage: Some(Stage::Detection),
            limit: Some(10_000),
            ..Default::default()
        };
        let mut dismissed = vec![];
        for row in self.store().list(&filter).await? {
            let events = self.store().load(&row.id).await?;
            let Ok(case) = Case::from_events(row.id.clone(), &events) else {
                continue;
            };
            let now = self.now();
            let Some(event) = decide_auto_dismiss(&case, quiet, now) else {
                continue;
            };
            let new = NewEvent {
                occurred_at: now,
                recorded_at: now,
                actor: Actor::Mim,
                event,
            };
            let mut after = case.clone();
            after.stage = Stage::Dismissed;
            after.ended_at = Some(now);
            after.next_update_at = None;
            // A person acting at the same moment wins: their command advanced the version.
            match self
                .store()
                .append(
                    &row.id,
                    Some(case.version),
                    vec![new],
                    Some(CaseSummary::of(&after)),
                )
                .await
            {
                Ok(_) => dismissed.push(row.id),
                Err(StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(dismissed)
    }
}
