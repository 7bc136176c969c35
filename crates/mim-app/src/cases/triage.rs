//! The triage queue: what the service desk and the MIM contact person look at first — cases
//! still awaiting the criticality decision with the colour the evidence suggests and whom it
//! flags, and the signals no system was found for.

use crate::{App, AppError, Principal};
use chrono::{DateTime, Utc};
use mim_domain::case::{Case, Stage};
use mim_domain::communication::DueState;
use mim_domain::detection::{Estimate, Suggestion};
use mim_domain::impact::Colour;
use mim_domain::{CaseId, Role, SystemId};
use mim_store::{CaseFilter, Unassigned};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TriageCase {
    pub id: CaseId,
    pub title: String,
    pub stage: Stage,
    pub system: Option<SystemId>,
    pub exercise: bool,
    pub opened_at: DateTime<Utc>,
    /// How many users the evidence says are affected, and how that was estimated.
    pub estimate: Option<Estimate>,
    /// The colour the matrix suggests from the evidence, and whom it flags.
    pub suggested: Option<Suggestion>,
    /// The colour a person assessed, when someone has.
    pub assessed: Option<Colour>,
    /// Evidence that maps to no severity: a person must classify it.
    pub needs_triage: bool,
    pub active_alerts: usize,
    pub reports: u32,
    /// Whether the signed-in user is among those flagged.
    pub flags_you: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TriageQueue {
    /// Red first, then yellow, then the rest; newest first within a colour.
    pub cases: Vec<TriageCase>,
    pub unassigned: Vec<UnassignedView>,
    /// Open cases whose next communication point is near (within the reminder lead) or
    /// past, the most pressing first: the reminder to the person responsible.
    pub updates_due: Vec<UpdateDue>,
}

/// A communication point coming due, or missed.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateDue {
    pub id: CaseId,
    pub title: String,
    pub stage: Stage,
    pub colour: Option<Colour>,
    pub next_update_at: DateTime<Utc>,
    pub due: DueState,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnassignedView {
    pub delivery_seq: u64,
    pub signal_index: u32,
    pub source: String,
    pub received_at: DateTime<Utc>,
    pub signal: mim_domain::detection::Signal,
}

impl From<Unassigned> for UnassignedView {
    fn from(u: Unassigned) -> Self {
        UnassignedView {
            delivery_seq: u.delivery_seq,
            signal_index: u.signal_index,
            source: u.source,
            received_at: u.received_at,
            signal: u.signal,
        }
    }
}

/// Who reads the triage queue.
pub const TRIAGERS: &[Role] = &[Role::ServiceDesk, Role::MimContact, Role::ItManagement];

impl App {
    pub async fn triage(&self, who: &Principal) -> Result<TriageQueue, AppError> {
        who.require(TRIAGERS, "reading the triage queue")?;
        let mut cases = vec![];
        for stage in [Stage::Detection, Stage::Assessment] {
            let filter = CaseFilter {
                stage: Some(stage),
                limit: Some(500),
                ..Default::default()
            };
            for row in self.store().list(&filter).await? {
                let events = self.store().load(&row.id).await?;
                let Ok(case) = Case::from_events(row.id.clone(), &events) else {
                    continue;
                };
                cases.push(entry(who, &case));
            }
        }
        let rank = |c: &TriageCase| match c.assessed.or(c.suggested.as_ref().map(|s| s.colour)) {
            Some(Colour::Red) => 0,
            Some(Colour::Yellow) => 1,
            _ => 2,
        };
        cases.sort_by(|a, b| rank(a).cmp(&rank(b)).then(b.opened_at.cmp(&a.opened_at)));
        let unassigned = self
            .store()
            .unassigned(200)
            .await?
            .into_iter()
            .map(UnassignedView::from)
            .collect();
        let updates_due = self.updates_due().await?;
        Ok(TriageQueue {
            cases,
            unassigned,
            updates_due,
        })
    }

    /// Open cases whose next communication point is within the reminder lead or past.
    async fn updates_due(&self) -> Result<Vec<UpdateDue>, AppError> {
        let cadence = self.organisation_or_default().await?.cadence;
        let now = self.now();
        let filter = CaseFilter {
            open: Some(true),
            limit: Some(1000),
            ..Default::default()
        };
        let mut due: Vec<UpdateDue> = self
            .store()
            .list(&filter)
            .await?
            .into_iter()
            .filter_map(|row| {
                let s = row.summary;
                let at = s.next_update_at?;
                let state = cadence.due_state(Some(at), now);
                matches!(state, DueState::ReminderDue | DueState::Overdue).then(|| UpdateDue {
                    id: row.id,
                    title: s.title,
                    stage: s.stage,
                    colour: s.colour,
                    next_update_at: at,
                    due: state,
                })
            })
            .collect();
        due.sort_by_key(|d| d.next_update_at);
        Ok(due)
    }
}

fn entry(who: &Principal, case: &Case) -> TriageCase {
    TriageCase {
        id: case.id.clone(),
        title: case.title.clone(),
        stage: case.stage,
        system: case.system.as_ref().map(|s| s.id.clone()),
        exercise: case.exercise,
        opened_at: case.opened_at,
        estimate: case.estimate.clone(),
        suggested: case.suggested.clone(),
        assessed: case.assessment_colour(),
        needs_triage: case.needs_triage(),
        active_alerts: case.active_alerts().count(),
        reports: case.reports,
        flags_you: case
            .suggested
            .as_ref()
            .is_some_and(|s| s.flags.iter().any(|r| who.has(*r))),
    }
}
