//! Opening a case from a report.

use super::access::occurred_at;
use super::read::CaseView;
use crate::{App, AppError, Principal};
use chrono::Datelike;
use mim_domain::case::{Actor, Case, CaseEvent, NewEvent, ReportChannel, Stage, SystemSnapshot};
use mim_domain::text::{Line, Passage};
use mim_domain::{Role, SystemId};
use mim_store::{CaseFilter, CaseSummary};

#[derive(Debug, Clone)]
pub struct OpenReport {
    pub channel: ReportChannel,
    pub text: Passage,
    pub reporter: Option<Line>,
    pub occurred_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone)]
pub struct OpenCase {
    pub system: Option<SystemId>,
    /// Defaults to the system's name and the start of the report.
    pub title: Option<Line>,
    pub description: Option<Passage>,
    pub exercise: bool,
    pub report: OpenReport,
}

/// Who may open a case.
pub const OPENERS: &[Role] = &[Role::ServiceDesk, Role::ItManagement, Role::MimContact];

impl App {
    pub async fn open_case(&self, who: &Principal, req: OpenCase) -> Result<CaseView, AppError> {
        let role = who.require(OPENERS, "opening a case")?;
        let now = self.now();
        let at = occurred_at(req.report.occurred_at, now)?;
        let org = self.organisation_or_default().await?;
        let system = match &req.system {
            Some(id) => Some(self.store().system(id).await?.ok_or_else(|| {
                AppError::invalid(
                    "system",
                    format!("no critical system \"{id}\" in the register"),
                )
            })?),
            None => None,
        };
        let vendor_name = match system.as_ref().and_then(|s| s.vendor.as_ref()) {
            Some(v) => self.store().vendor(v).await?.map(|v| v.name),
            None => None,
        };
        // A new disruption of a system whose last case was closed is linked as a recurrence.
        let recurrence_of = match &req.system {
            Some(id) => self.recurrence_of(id, req.exercise, now).await?,
            None => None,
        };
        let title = match (&req.title, &system) {
            (Some(t), _) => t.as_str().to_owned(),
            (None, Some(s)) => format!("{}: {}", s.name, req.report.text.first_line::<80>()),
            (None, None) => req.report.text.first_line::<100>().to_string(),
        };
        let actor = Actor::Person {
            user: who.id().clone(),
            name: who.user.name.clone(),
            role,
        };
        let opened = CaseEvent::Opened {
            title,
            description: req.description.as_ref().map(|d| d.as_str().to_owned()),
            system: system.as_ref().map(|s| SystemSnapshot {
                id: s.id.clone(),
                name: s.name.clone(),
                vendor: s.vendor.clone(),
                vendor_name,
            }),
            exercise: req.exercise,
            mim_contact: system
                .as_ref()
                .and_then(|s| s.mim_contact.clone())
                .or(org.mim_contact.clone()),
            mim_contact_deputy: system
                .as_ref()
                .and_then(|s| s.mim_contact_deputy.clone())
                .or(org.mim_contact_deputy.clone()),
            recurrence_of,
        };
        let report = CaseEvent::ReportReceived {
            channel: req.report.channel,
            text: req.report.text.as_str().to_owned(),
            reporter: req.report.reporter.as_ref().map(|r| r.as_str().to_owned()),
            stated_users: None,
            severity: None,
        };
        let events = vec![
            NewEvent {
                occurred_at: at,
                recorded_at: now,
                actor: actor.clone(),
                event: opened,
            },
            NewEvent {
                occurred_at: at,
                recorded_at: now,
                actor,
                event: report,
            },
        ];
        let summary = CaseSummary::of(&preview(&events)?);
        let year = now.with_timezone(&org.time_zone).year();
        let (id, recorded) = self.store().open_case(year, events, summary).await?;
        let case = Case::from_events(id.clone(), &recorded)
            .map_err(|e| AppError::Internal(format!("case {id} does not fold: {e}")))?;
        self.view(who, case).await
    }
}

impl App {
    /// The system's last closed case, when it ended within the recurrence window and no other
    /// case of the system is open: a new disruption after closing is linked to it. Exercises
    /// link only to exercises.
    async fn recurrence_of(
        &self,
        system: &SystemId,
        exercise: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<mim_domain::CaseId>, AppError> {
        let window = mim_domain::detection::DetectionSettings::default().recurrence_window;
        let of_system = |open: Option<bool>, stage: Option<Stage>| CaseFilter {
            system: Some(system.clone()),
            exercise: Some(exercise),
            open,
            stage,
            limit: Some(1),
            ..Default::default()
        };
        if !self
            .store()
            .list(&of_system(Some(true), None))
            .await?
            .is_empty()
        {
            return Ok(None);
        }
        let last = self
            .store()
            .list(&of_system(None, Some(Stage::Closed)))
            .await?
            .into_iter()
            .next();
        Ok(last
            .filter(|r| r.summary.ended_at.is_some_and(|t| now - t <= window))
            .map(|r| r.id))
    }
}

/// The state the new events will fold into, for the summary row written with them.
fn preview(events: &[NewEvent]) -> Result<Case, AppError> {
    Case::from_events(
        mim_domain::CaseId::new(0, 1),
        &super::access::as_recorded(events, 1, 1),
    )
    .map_err(|e| AppError::Internal(e.to_string()))
}
