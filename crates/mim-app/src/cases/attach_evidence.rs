//! Attaching reports and alerts to a case. Evidence never advances the case's version and never
//! moves its stage: a storm of alerts can't make a person's command fail.

use super::access::occurred_at;
use crate::{App, AppError, Principal};
use chrono::{DateTime, Utc};
use mim_domain::case::{Actor, CaseEvent, NewEvent, RecordedEvent, ReportChannel};
use mim_domain::text::{Line, Passage};
use mim_domain::{CaseId, Role};

#[derive(Debug, Clone)]
pub enum Evidence {
    Report {
        channel: ReportChannel,
        text: Passage,
        reporter: Option<Line>,
    },
    AlertFiring {
        fingerprint: Line,
        name: Line,
        text: Passage,
    },
    /// The service desk marks a firing alert as seen (it stays acknowledged until its severity
    /// rises or it fires again after resolving).
    AcknowledgeAlert {
        fingerprint: Line,
    },
    AlertResolved {
        fingerprint: Line,
    },
    /// A note on the timeline; like evidence it doesn't move the version.
    Note {
        text: Passage,
    },
}

/// Who works on cases: may add evidence and notes, and take the steps their roles allow.
pub const CASE_WORKERS: &[Role] = &[
    Role::ServiceDesk,
    Role::ItManagement,
    Role::MimContact,
    Role::Vendor,
    Role::Verifier,
    Role::ManagementGroup,
];

impl App {
    pub async fn attach_evidence(
        &self,
        who: &Principal,
        id: &CaseId,
        evidence: Evidence,
        at: Option<DateTime<Utc>>,
    ) -> Result<RecordedEvent, AppError> {
        let role = who.require(CASE_WORKERS, "adding to a case")?;
        let (case, _) = self.visible_case(who, id).await?;
        let now = self.now();
        let at = occurred_at(at, now)?;
        let event = match evidence {
            Evidence::Report {
                channel,
                text,
                reporter,
            } => CaseEvent::report_received(
                channel,
                text.as_str(),
                reporter.map(|r| r.as_str().to_owned()),
            ),
            Evidence::AlertFiring {
                fingerprint,
                name,
                text,
            } => CaseEvent::alert_firing(fingerprint.as_str(), name.as_str(), text.as_str()),
            Evidence::AlertResolved { fingerprint } => {
                if !case.firing_alerts.contains(fingerprint.as_str()) {
                    return Err(AppError::invalid(
                        "fingerprint",
                        format!("no alert \"{fingerprint}\" is firing on case {id}"),
                    ));
                }
                CaseEvent::alert_resolved(fingerprint.as_str())
            }
            Evidence::AcknowledgeAlert { fingerprint } => {
                if !who.has(Role::ServiceDesk) && !who.has(Role::ItManagement) {
                    return Err(AppError::Forbidden(
                        "acknowledging an alert needs one of the roles service_desk, it_management"
                            .into(),
                    ));
                }
                let mut events = mim_domain::detection::acknowledge(&case, fingerprint.as_str())?;
                match events.pop() {
                    Some(e) => e,
                    // Acknowledged already: nothing new to record.
                    None => {
                        return Err(AppError::Conflict {
                            current_version: None,
                            message: format!("alert \"{fingerprint}\" is acknowledged already"),
                        });
                    }
                }
            }
            Evidence::Note { text } => CaseEvent::NoteAdded {
                text: text.as_str().to_owned(),
            },
        };
        let actor = Actor::Person {
            user: who.id().clone(),
            name: who.user.name.clone(),
            role,
        };
        let mut recorded = self
            .store()
            .append(
                id,
                None,
                vec![NewEvent {
                    occurred_at: at,
                    recorded_at: now,
                    actor,
                    event,
                }],
                None,
            )
            .await?;
        recorded
            .pop()
            .ok_or_else(|| AppError::Internal("the store returned no event".into()))
    }
}
