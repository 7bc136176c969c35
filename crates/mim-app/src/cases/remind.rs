//! Reminders of communication points, queued by mim itself: when the organisation's reminder
//! lead before a case's next update is reached, the person responsible for that update gets
//! one reminder through the outbox; when the point passes without an update, one more saying
//! it is late. Each once per point (a new update sets a new point, reminded of its own).
//!
//! Who is reminded (ADR 0010): the person who set the point — the sender of the update that
//! promised it, who knows what was promised and to whom. When that person can't be reached by
//! e-mail (no address, no longer active, or mim set the point), the IT management users are,
//! since IT management owns the communication points (PROCESS.md, monitoring). A point that
//! passed without an update is IT management's business too: the "overdue" reminder goes to
//! them as well as to the person who set it. An exercise's reminders go only to the person who
//! set the point, a participant of the exercise.
//!
//! Whether a reminder is due is part of the case's state (folded from its `message_queued`
//! events), so a pass after a crash or a restart queues what is owed and nothing twice; the
//! message id is made from the point, so two instances racing to queue the same reminder
//! write it once (the outbox's key refuses the second).

use crate::{App, AppError};
use chrono::{DateTime, Utc};
use mim_domain::case::{Actor, Case, NewEvent};
use mim_domain::communication::{Addressed, PointReminder, Recipient};
use mim_domain::register::{Channel, Organisation};
use mim_domain::{CaseId, Role};
use mim_messages::MessageKind;
use mim_store::{CaseFilter, StoreError, UserRecord};
use std::collections::HashMap;

/// The audience name a reminder's copies carry: the person who set the point, and IT
/// management.
pub const REMINDER_TO_SETTER: &str = "communication_point_owner";
pub const REMINDER_TO_IT_MANAGEMENT: &str = "it_management";

/// What a pass last found of a case's point: nothing more is owed on it until the point
/// changes or, after the ahead reminder, until it passes. Only saves reading the case again;
/// the case's events stay the truth (a new process starts with this empty).
#[derive(Debug, Clone, Copy, Default)]
pub struct PointSeen {
    point: Option<DateTime<Utc>>,
    ahead_done: bool,
    overdue_done: bool,
}

/// The passes' memory of points already dealt with, by case.
pub type RemindersSeen = HashMap<CaseId, PointSeen>;

fn by_email(u: &UserRecord, audience: &str) -> Option<Addressed> {
    let e = u.email.as_ref()?;
    Some(Addressed {
        audience: audience.to_owned(),
        channel: Channel::Email,
        recipient: Recipient {
            name: u.name.clone(),
            address: e.clone(),
        },
        language: u.language,
    })
}

/// Who is reminded of `due` on `case`: see the module's doc.
fn reminder_recipients(case: &Case, due: PointReminder, users: &[UserRecord]) -> Vec<Addressed> {
    let setter = case
        .next_update_by
        .as_ref()
        .and_then(|id| users.iter().find(|u| &u.id == id && u.active))
        .and_then(|u| by_email(u, REMINDER_TO_SETTER));
    let mut to: Vec<Addressed> = setter.into_iter().collect();
    if case.exercise || (!to.is_empty() && !due.overdue) {
        return to;
    }
    for u in users
        .iter()
        .filter(|u| u.active && u.roles.contains(&Role::ItManagement))
    {
        if let Some(a) = by_email(u, REMINDER_TO_IT_MANAGEMENT)
            && !to
                .iter()
                .any(|t| t.recipient.address == a.recipient.address)
        {
            to.push(a);
        }
    }
    to
}

impl App {
    /// Queues the reminders the open cases' communication points call for now; returns how
    /// many reminders were queued (each to one or more people). Run every few seconds by the
    /// server's worker; `seen` carries what earlier passes found, to spare reading cases with
    /// nothing owed.
    pub async fn remind_communication_points(
        &self,
        seen: &mut RemindersSeen,
    ) -> Result<usize, AppError> {
        let now = self.now();
        let org = self.organisation_or_default().await?;
        let cadence = org.cadence;
        let filter = CaseFilter {
            open: Some(true),
            limit: Some(10_000),
            ..Default::default()
        };
        let rows = self.store().list(&filter).await?;
        seen.retain(|id, _| rows.iter().any(|r| &r.id == id));
        let mut users: Option<Vec<UserRecord>> = None;
        let mut queued = 0;
        for row in rows {
            let Some(point) = row.summary.next_update_at else {
                continue;
            };
            if now < cadence.reminder_at(point) {
                continue;
            }
            if let Some(s) = seen.get(&row.id).filter(|s| s.point == Some(point))
                && (s.overdue_done || (s.ahead_done && now <= point))
            {
                continue;
            }
            let events = self.store().load(&row.id).await?;
            let case = Case::from_events(row.id.clone(), &events)
                .map_err(|e| AppError::Internal(format!("case {} does not fold: {e}", row.id)))?;
            let Some(due) = case.reminder_due(&cadence, now) else {
                seen.insert(row.id.clone(), seen_of(&case));
                continue;
            };
            if users.is_none() {
                users = Some(self.store().users().await?);
            }
            let to = reminder_recipients(&case, due, users.as_deref().unwrap_or_default());
            if to.is_empty() {
                // The triage queue still shows the point as due; a person sees it there.
                tracing::warn!(case = %case.id, "a communication point is due and nobody can be reminded of it by e-mail");
                continue;
            }
            let new = self.reminder_events(&org, &case, due, to, now).await?;
            // Based on the version read: an update recorded meanwhile moved the point, and
            // this reminder would be about a point nobody owes any more.
            match self
                .store()
                .append(&case.id, Some(case.version), new, None)
                .await
            {
                Ok(recorded) => {
                    let mut case = case;
                    for e in &recorded {
                        case.apply(e);
                    }
                    seen.insert(case.id.clone(), seen_of(&case));
                    queued += 1;
                }
                Err(StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(queued)
    }

    async fn reminder_events(
        &self,
        org: &Organisation,
        case: &Case,
        due: PointReminder,
        to: Vec<Addressed>,
        now: DateTime<Utc>,
    ) -> Result<Vec<NewEvent>, AppError> {
        let kind = MessageKind::UpdateReminder;
        let message = format!(
            "{}/{kind}/{}{}",
            case.id,
            due.point.format("%Y%m%dT%H%M%SZ"),
            if due.overdue { "/overdue" } else { "" }
        );
        let copies = self
            .mim_copies(case, org, kind, &message, to, |f| {
                f.next_update_at = Some(due.point);
                f.overdue = due.overdue;
            })
            .await?;
        Ok(copies
            .into_iter()
            .map(|event| NewEvent {
                occurred_at: now,
                recorded_at: now,
                actor: Actor::Mim,
                event,
            })
            .collect())
    }
}

fn seen_of(case: &Case) -> PointSeen {
    let point = case.next_update_at;
    PointSeen {
        point,
        ahead_done: point.is_some() && case.reminded_for == point,
        overdue_done: point.is_some() && case.overdue_reminded_for == point,
    }
}
