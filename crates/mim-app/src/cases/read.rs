//! Reading a case: its state with the moves the caller may make now, its timeline and its
//! MIM form.

use crate::{App, AppError, Principal};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mim_domain::case::{
    Case, CaseEvent, CommandKind, MimForm, RecordedEvent, TimelineEntry, allowed_now,
    permitted_roles, timeline,
};
use mim_domain::communication::{DueState, LocalReading};
use mim_domain::impact::Colour;
use mim_domain::{CaseId, Language, Role};
use serde::Serialize;

/// A case as one caller sees it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub case: Case,
    /// The moves of the current stage, whoever may make them.
    pub allowed_now: Vec<CommandKind>,
    /// The moves this caller may make now.
    pub your_actions: Vec<CommandKind>,
    /// Who is accountable for the next step.
    pub responsible: Vec<Role>,
    pub update_overdue: bool,
    /// Where the case stands against its next communication point: `none`, `not_due`,
    /// `reminder_due` (within the organisation's reminder lead) or `overdue`.
    pub update_due: DueState,
    /// When the person responsible is reminded of the next communication point.
    pub update_reminder_at: Option<DateTime<Utc>>,
    /// The next communication point as the organisation's clocks show it, with its offset and
    /// zone (`2026-10-25T03:10`, `+02:00`, `EET`).
    pub next_update_local: Option<LocalReading>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    pub case_id: CaseId,
    pub time_zone: String,
    pub entries: Vec<TimelineEntry>,
}

/// The MIM form with what a renderer needs: the organisation's name, zone and languages.
#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    pub organisation: String,
    #[serde(serialize_with = "tz_name")]
    pub time_zone: Tz,
    pub language: Language,
    pub form: MimForm,
}

fn tz_name<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

impl App {
    pub async fn case(&self, who: &Principal, id: &CaseId) -> Result<CaseView, AppError> {
        let (case, _) = self.visible_case(who, id).await?;
        self.view(who, case).await
    }

    pub async fn timeline(&self, who: &Principal, id: &CaseId) -> Result<TimelineView, AppError> {
        let (_, events) = self.visible_case(who, id).await?;
        let events = for_reader(who, events);
        let org = self.organisation_or_default().await?;
        Ok(TimelineView {
            case_id: id.clone(),
            time_zone: org.time_zone.name().to_owned(),
            entries: timeline(&events),
        })
    }

    pub async fn form(&self, who: &Principal, id: &CaseId) -> Result<FormView, AppError> {
        let (case, events) = self.visible_case(who, id).await?;
        let events = for_reader(who, events);
        let org = self.organisation_or_default().await?;
        Ok(FormView {
            organisation: org.name.clone(),
            time_zone: org.time_zone,
            language: who.user.language,
            form: MimForm::new(case, &events),
        })
    }

    pub(crate) async fn view(&self, who: &Principal, case: Case) -> Result<CaseView, AppError> {
        let org = self.organisation_or_default().await?;
        let cadence = org.cadence;
        let now = self.now();
        let next = case.next_update_at.filter(|_| case.stage.is_open());
        let allowed = allowed_now(&case);
        let your_actions = allowed
            .iter()
            .copied()
            .filter(|k| may(who, &case, *k))
            .collect();
        Ok(CaseView {
            update_overdue: case.update_overdue(now),
            update_due: cadence.due_state(next, now),
            update_reminder_at: next.map(|t| cadence.reminder_at(t)),
            next_update_local: next.map(|t| LocalReading::of(t, org.time_zone)),
            responsible: case.responsible().to_vec(),
            allowed_now: allowed,
            your_actions,
            case,
        })
    }
}

/// Whether `who` could make move `kind` now (what `decide` would check of the person).
fn may(who: &Principal, case: &Case, kind: CommandKind) -> bool {
    let named = |people: [&Option<mim_domain::register::NamedPerson>; 2]| {
        people
            .iter()
            .any(|p| p.as_ref().is_some_and(|p| &p.user == who.id()))
    };
    match kind {
        CommandKind::Verify => named([&case.verifier, &case.verifier_deputy]),
        CommandKind::DecideCriticality if case.assessment_colour() == Some(Colour::Yellow) => {
            let people = [&case.mim_contact, &case.mim_contact_deputy];
            who.has(Role::MimContact) && named(people)
        }
        _ => permitted_roles(kind, case).iter().any(|r| who.has(*r)),
    }
}

/// What a vendor's user reads of a case: the case and its process, without the organisation's
/// internal notes and its walk-through (findings, contract review, action items).
fn for_reader(who: &Principal, events: Vec<RecordedEvent>) -> Vec<RecordedEvent> {
    if who.vendor_scope().is_none() {
        return events;
    }
    events
        .into_iter()
        .filter(|e| match &e.event {
            CaseEvent::NoteAdded { .. } => e.actor.role() == Some(Role::Vendor),
            CaseEvent::FindingAdded { .. }
            | CaseEvent::ActionItemAdded { .. }
            | CaseEvent::WalkThroughDecided { .. } => false,
            _ => true,
        })
        .collect()
}
