//! The current state of a case, folded from its events by `apply`.

use super::{Actor, CaseEvent, RecordedEvent, ReportChannel, Stage, SystemSnapshot};
use crate::impact::{AffectedUsers, Colour, MatrixUsed, Severity};
use crate::register::{BackupArrangement, NamedPerson};
use crate::{CaseId, Role};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub affected_users: AffectedUsers,
    pub severity: Severity,
    pub colour: Colour,
    pub matrix: MatrixUsed,
    pub at: DateTime<Utc>,
    pub by: Actor,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    pub id: CaseId,
    /// The process version: how many process steps the case has taken. Commands name it.
    pub version: u64,
    /// The sequence number of the last event (process or evidence).
    pub last_seq: u64,
    pub stage: Stage,
    pub title: String,
    pub description: Option<String>,
    pub system: Option<SystemSnapshot>,
    pub exercise: bool,
    pub recurrence_of: Option<CaseId>,
    pub opened_at: DateTime<Utc>,
    pub opened_by: Actor,
    pub mim_contact: Option<NamedPerson>,
    pub mim_contact_deputy: Option<NamedPerson>,
    pub verifier: Option<NamedPerson>,
    pub verifier_deputy: Option<NamedPerson>,
    pub assessment: Option<Assessment>,
    pub mim_started: Option<bool>,
    /// The backup arrangement decided on and not yet taken into use.
    pub pending_backup: Option<BackupArrangement>,
    /// The backup arrangement in use.
    pub active_backup: Option<BackupArrangement>,
    pub reopen_count: u32,
    pub next_update_at: Option<DateTime<Utc>>,
    /// Every report received, from any channel.
    pub reports: u32,
    /// Reports from people (any channel but monitoring): a person must look at these.
    pub human_reports: u32,
    /// Alerts and monitoring reports.
    pub monitoring_signals: u32,
    pub alerts_seen: u32,
    pub firing_alerts: BTreeSet<String>,
    /// The last time anything arrived or happened on the case.
    pub last_activity_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FoldError {
    #[error("a case's event log must start with `opened`")]
    NotOpened,
    #[error("events out of order: seq {got} after {prev}")]
    OutOfOrder { prev: u64, got: u64 },
}

impl Case {
    /// Folds a case's whole log, oldest first.
    pub fn from_events(id: CaseId, events: &[RecordedEvent]) -> Result<Case, FoldError> {
        let (first, rest) = events.split_first().ok_or(FoldError::NotOpened)?;
        let CaseEvent::Opened {
            title,
            description,
            system,
            exercise,
            mim_contact,
            mim_contact_deputy,
            recurrence_of,
        } = &first.event
        else {
            return Err(FoldError::NotOpened);
        };
        let mut case = Case {
            id,
            version: first.version,
            last_seq: first.seq,
            stage: Stage::Detection,
            title: title.clone(),
            description: description.clone(),
            system: system.clone(),
            exercise: *exercise,
            recurrence_of: recurrence_of.clone(),
            opened_at: first.occurred_at,
            opened_by: first.actor.clone(),
            mim_contact: mim_contact.clone(),
            mim_contact_deputy: mim_contact_deputy.clone(),
            verifier: None,
            verifier_deputy: None,
            assessment: None,
            mim_started: None,
            pending_backup: None,
            active_backup: None,
            reopen_count: 0,
            next_update_at: None,
            reports: 0,
            human_reports: 0,
            monitoring_signals: 0,
            alerts_seen: 0,
            firing_alerts: BTreeSet::new(),
            last_activity_at: first.recorded_at,
            ended_at: None,
        };
        for e in rest {
            if e.seq <= case.last_seq {
                return Err(FoldError::OutOfOrder {
                    prev: case.last_seq,
                    got: e.seq,
                });
            }
            case.apply(e);
        }
        Ok(case)
    }

    pub fn assessment_colour(&self) -> Option<Colour> {
        self.assessment.as_ref().map(|a| a.colour)
    }

    /// The roles accountable for the next step now.
    pub fn responsible(&self) -> &'static [Role] {
        if self.stage == Stage::Assessment && self.assessment_colour() == Some(Colour::Yellow) {
            return &[Role::MimContact];
        }
        self.stage.responsible()
    }

    /// Whether the next update promised at a communication point is overdue at `now`.
    pub fn update_overdue(&self, now: DateTime<Utc>) -> bool {
        self.stage.is_open() && self.next_update_at.is_some_and(|t| t < now)
    }

    fn end(&mut self, stage: Stage, at: DateTime<Utc>) {
        self.stage = stage;
        self.ended_at = Some(at);
        self.next_update_at = None;
    }

    /// Folds one more event. Total: an event that no longer fits (it can't, as `decide` made
    /// it) changes nothing rather than panicking.
    pub fn apply(&mut self, e: &RecordedEvent) {
        self.last_seq = e.seq;
        self.version = self.version.max(e.version);
        self.last_activity_at = self.last_activity_at.max(e.recorded_at);
        let at = e.occurred_at;
        match &e.event {
            CaseEvent::Opened { .. } => {}
            CaseEvent::ReportReceived { channel, .. } => {
                self.reports += 1;
                if *channel == ReportChannel::Monitoring {
                    self.monitoring_signals += 1;
                } else {
                    self.human_reports += 1;
                }
            }
            CaseEvent::AlertFiring { fingerprint, .. } => {
                self.alerts_seen += 1;
                self.monitoring_signals += 1;
                self.firing_alerts.insert(fingerprint.clone());
            }
            CaseEvent::AlertResolved { fingerprint } => {
                self.firing_alerts.remove(fingerprint);
            }
            CaseEvent::Assessed {
                affected_users,
                severity,
                colour,
                matrix,
                ..
            } => {
                self.assessment = Some(Assessment {
                    affected_users: *affected_users,
                    severity: *severity,
                    colour: *colour,
                    matrix: matrix.clone(),
                    at,
                    by: e.actor.clone(),
                });
                if self.stage == Stage::Detection {
                    self.stage = Stage::Assessment;
                }
            }
            CaseEvent::MimContactCalled { .. } => {}
            CaseEvent::CriticalityDecided { start_mim, .. } => {
                self.mim_started = Some(*start_mim);
                if *start_mim {
                    self.stage = Stage::MimStarted;
                } else {
                    self.end(Stage::NormalProcess, at);
                }
            }
            CaseEvent::BackupDecided {
                needed,
                arrangement,
                ..
            } => {
                self.pending_backup.clone_from(arrangement);
                self.stage = if *needed {
                    Stage::BackupActivation
                } else {
                    Stage::Monitoring
                };
            }
            CaseEvent::BackupActivated { arrangement, .. } => {
                self.active_backup = arrangement.clone();
                self.pending_backup = None;
                self.stage = Stage::Monitoring;
            }
            CaseEvent::FixReported { .. } => self.stage = Stage::FixReported,
            CaseEvent::FixAcknowledged { .. } => self.stage = Stage::AwaitingVerification,
            CaseEvent::PeopleNamed {
                verifier,
                verifier_deputy,
                mim_contact,
                mim_contact_deputy,
            } => {
                let keep = |slot: &mut Option<NamedPerson>, new: &Option<NamedPerson>| {
                    if new.is_some() {
                        slot.clone_from(new);
                    }
                };
                keep(&mut self.verifier, verifier);
                keep(&mut self.verifier_deputy, verifier_deputy);
                keep(&mut self.mim_contact, mim_contact);
                keep(&mut self.mim_contact_deputy, mim_contact_deputy);
            }
            CaseEvent::VerificationRecorded { works, .. } => {
                if *works {
                    self.stage = Stage::Verified;
                }
            }
            CaseEvent::Reopened { to, .. } => {
                self.stage = *to;
                self.ended_at = None;
                self.reopen_count += 1;
            }
            CaseEvent::SignedOff { .. } => self.stage = Stage::ReturnedToNormal,
            CaseEvent::WalkThroughDecided { needed, .. } => {
                self.stage = if *needed {
                    Stage::WalkThrough
                } else {
                    Stage::ReadyToClose
                };
            }
            CaseEvent::Closed { .. } => self.end(Stage::Closed, at),
            CaseEvent::Dismissed { .. } => self.end(Stage::Dismissed, at),
            CaseEvent::CommunicationRecorded { next_update_at, .. } => {
                self.next_update_at = *next_update_at;
            }
            CaseEvent::DetailsEdited { title, description } => {
                if let Some(t) = title {
                    self.title.clone_from(t);
                }
                if let Some(d) = description {
                    self.description = Some(d.clone());
                }
            }
            CaseEvent::EscalationAcknowledged { .. }
            | CaseEvent::VendorEscalated { .. }
            | CaseEvent::ProgressReportDemanded { .. }
            | CaseEvent::VendorProgress { .. }
            | CaseEvent::FindingAdded { .. }
            | CaseEvent::ActionItemAdded { .. }
            | CaseEvent::VendorReportRecorded { .. }
            | CaseEvent::NoteAdded { .. } => {}
        }
    }
}
