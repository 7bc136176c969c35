//! Loading a case the caller may see, and checking a back-filled time.

use crate::{App, AppError, Principal};
use chrono::{DateTime, Duration, Utc};
use mim_domain::case::{Case, NewEvent, RecordedEvent};
use mim_domain::{CaseId, Role};
use mim_store::StoreError;

/// Clocks of senders and browsers drift; a moment this far ahead of ours is still accepted.
const FUTURE_SKEW: Duration = Duration::minutes(2);

impl App {
    /// The case and its log, or NotFound — also when the caller may not see it, so a vendor
    /// can't learn which cases of other vendors exist.
    pub(crate) async fn visible_case(
        &self,
        who: &Principal,
        id: &CaseId,
    ) -> Result<(Case, Vec<RecordedEvent>), AppError> {
        let not_found = || AppError::NotFound(format!("case {id}"));
        if !who.user.roles.iter().any(|r| r.is_staff()) {
            return Err(AppError::Forbidden(
                "only staff roles may read cases".into(),
            ));
        }
        let events = match self.store().load(id).await {
            Ok(e) => e,
            Err(StoreError::NotFound) => return Err(not_found()),
            Err(e) => return Err(e.into()),
        };
        let case = Case::from_events(id.clone(), &events)
            .map_err(|e| AppError::Internal(format!("case {id} does not fold: {e}")))?;
        if let Some(vendor) = who.vendor_scope() {
            let own = case.system.as_ref().and_then(|s| s.vendor.as_ref()) == Some(vendor);
            if !own || !who.has(Role::Vendor) {
                return Err(not_found());
            }
        }
        Ok((case, events))
    }
}

/// The moment an entry describes: now, or an earlier moment for back-filled entries.
pub(crate) fn occurred_at(
    given: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    match given {
        None => Ok(now),
        Some(t) if t > now + FUTURE_SKEW => Err(AppError::invalid(
            "occurred_at",
            format!("{} is in the future", t.to_rfc3339()),
        )),
        Some(t) if t < now - Duration::days(366) => {
            Err(AppError::invalid("occurred_at", "is more than a year ago"))
        }
        // A sender's clock a little ahead of ours: the moment is now, not later.
        Some(t) if t > now => Ok(now),
        Some(t) => Ok(t),
    }
}

/// `new` as the store will record it from `first_seq` on, to preview the state it folds into.
pub(crate) fn as_recorded(new: &[NewEvent], first_seq: u64, version: u64) -> Vec<RecordedEvent> {
    (first_seq..)
        .zip(new)
        .map(|(seq, e)| RecordedEvent {
            seq,
            version,
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            actor: e.actor.clone(),
            event: e.event.clone(),
        })
        .collect()
}
