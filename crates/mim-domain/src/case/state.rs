//! The current state of a case, folded from its events by `apply`.

use super::{Actor, CaseEvent, RecordedEvent, ReportChannel, Stage, SystemSnapshot};
use crate::communication::{ALERTS_RESOLVED, Cadence, DueState, PointReminder, UPDATE_REMINDER};
use crate::detection::{
    AlertRecord, Estimate, MAX_TRANSITIONS_KEPT, SeverityClass, SignalStatus, Suggestion,
    Truncation, normalise_reporter,
};
use crate::impact::{AffectedUsers, Colour, MatrixUsed, Severity};
use crate::register::{BackupArrangement, NamedPerson};
use crate::{CaseId, Role, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    /// Notes people wrote on the case: someone is looking at it.
    pub notes: u32,
    /// Alerts and monitoring reports.
    pub monitoring_signals: u32,
    pub alerts_seen: u32,
    pub firing_alerts: BTreeSet<String>,
    /// The last time anything arrived or happened on the case.
    pub last_activity_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    // --- detection (folded from evidence events) ---
    /// Every alert seen on the case, by fingerprint.
    pub alerts: BTreeMap<String, AlertRecord>,
    /// How many firing alerts there are of each severity class (unclassified first, then the
    /// four levels): kept as events fold, so assessing a signal needs no pass over thousands
    /// of alerts in a storm.
    #[serde(skip)]
    firing_by_class: [u32; 5],
    /// Folded for deciding only (`Case::lean`): alert records keep no names, texts, labels
    /// or links.
    #[serde(skip)]
    lean: bool,
    /// Distinct named people who reported (trimmed, lower-case).
    pub human_reporters: BTreeSet<String>,
    /// Reports from people who gave no name: each counts as one more person.
    pub anonymous_human_reports: u32,
    /// The largest number of affected users a report stated.
    pub max_stated_users: Option<u32>,
    /// The highest severity a report stated.
    pub max_report_severity: Option<Severity>,
    /// The latest truncation each sender group reported ("" when it named no group).
    pub truncations: BTreeMap<String, Truncation>,
    /// The estimate of affected users and how it was made.
    pub estimate: Option<Estimate>,
    /// The colour the matrix suggests from the evidence (none: needs triage).
    pub suggested: Option<Suggestion>,
    /// When the vendor reported the fix (cleared by a reopening).
    pub fix_reported_at: Option<DateTime<Utc>>,
    /// When "all alerts resolved" was published (cleared when an alert fires).
    pub all_alerts_resolved_at: Option<DateTime<Utc>>,
    /// The highest colour whose alert has gone out: a call-out (yellow) or the red alert,
    /// sent by mim or by a person.
    #[serde(default)]
    pub alerted: Option<Colour>,
    /// When the service desk and IT management were last told that every alert resolved.
    pub resolved_prompted_at: Option<DateTime<Utc>>,
    /// When the first call-out to the MIM contact person was queued.
    #[serde(default)]
    pub called_out_at: Option<DateTime<Utc>>,
    /// Someone took a step of the process after the call-out: it was answered.
    #[serde(default)]
    pub call_out_answered: bool,
    /// The call-out went on to the deputy.
    #[serde(default)]
    pub escalated_to_deputy: bool,
    /// Who set the current communication point (the sender of the communication that named
    /// it): the person who promised the next update, and so the one reminded of it.
    #[serde(default)]
    pub next_update_by: Option<UserId>,
    /// The communication point whose reminder went out ahead of it.
    #[serde(default)]
    pub reminded_for: Option<DateTime<Utc>>,
    /// The communication point whose "overdue" reminder went out after it passed.
    #[serde(default)]
    pub overdue_reminded_for: Option<DateTime<Utc>>,
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
            notes: 0,
            monitoring_signals: 0,
            alerts_seen: 0,
            firing_alerts: BTreeSet::new(),
            last_activity_at: first.recorded_at,
            ended_at: None,
            alerts: BTreeMap::new(),
            firing_by_class: [0; 5],
            lean: false,
            human_reporters: BTreeSet::new(),
            anonymous_human_reports: 0,
            max_stated_users: None,
            max_report_severity: None,
            truncations: BTreeMap::new(),
            estimate: None,
            suggested: None,
            fix_reported_at: None,
            all_alerts_resolved_at: None,
            alerted: None,
            resolved_prompted_at: None,
            called_out_at: None,
            call_out_answered: false,
            escalated_to_deputy: false,
            next_update_by: None,
            reminded_for: None,
            overdue_reminded_for: None,
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

    /// The alert the evidence calls for and nobody has sent yet: before the criticality
    /// decision, a suggested yellow calls out the MIM contact person and a suggested red alerts
    /// the service desk and IT management — once per colour, the higher one when both are due.
    pub fn alert_due(&self) -> Option<Colour> {
        if !matches!(self.stage, Stage::Detection | Stage::Assessment) {
            return None;
        }
        let colour = self.suggested.as_ref()?.colour;
        (colour > Colour::Green && self.alerted < Some(colour)).then_some(colour)
    }

    /// Whether those alerted of the case are owed the prompt that every alert has resolved:
    /// the case is open, someone was alerted (a call-out or a red alert went), the hold-down
    /// after its last resolve ran out (`AllAlertsResolved`), and no prompt went since — once
    /// per all-clear, however many times the pass looks (cases C09, C11, C22).
    pub fn resolved_prompt_due(&self) -> bool {
        self.stage.is_open()
            && self.alerted.is_some()
            && self
                .all_alerts_resolved_at
                .is_some_and(|at| self.resolved_prompted_at.is_none_or(|p| p < at))
    }

    /// Whether the call-out should go on to the deputy at `now`: nobody has taken a step of
    /// the process in the `after` since it went out, and the case still waits for the
    /// criticality decision.
    pub fn escalation_due(&self, now: DateTime<Utc>, after: chrono::Duration) -> bool {
        matches!(self.stage, Stage::Detection | Stage::Assessment)
            && !self.call_out_answered
            && !self.escalated_to_deputy
            && self.called_out_at.is_some_and(|t| now - t >= after)
    }

    /// The colour the case is run at: a person's assessment, else what the evidence
    /// suggests; none before either.
    pub fn colour(&self) -> Option<Colour> {
        self.assessment_colour()
            .or_else(|| self.suggested.as_ref().map(|s| s.colour))
    }

    /// The roles accountable for the next step now.
    pub fn responsible(&self) -> &'static [Role] {
        if self.stage == Stage::Assessment && self.assessment_colour() == Some(Colour::Yellow) {
            return &[Role::MimContact];
        }
        self.stage.responsible()
    }

    /// The reminder of the current communication point that mim owes at `now`, if any: one
    /// within the cadence's reminder lead before the point, and one more once the point has
    /// passed without an update — each once per point, whatever passes run. A point first
    /// looked at after it passed gets only the "overdue" one. A new update sets a new point,
    /// which gets reminders of its own.
    pub fn reminder_due(&self, cadence: &Cadence, now: DateTime<Utc>) -> Option<PointReminder> {
        if !self.stage.is_open() {
            return None;
        }
        let point = self.next_update_at?;
        let overdue = match cadence.due_state(Some(point), now) {
            DueState::ReminderDue
                if self.reminded_for != Some(point) && self.overdue_reminded_for != Some(point) =>
            {
                false
            }
            DueState::Overdue if self.overdue_reminded_for != Some(point) => true,
            _ => return None,
        };
        Some(PointReminder { point, overdue })
    }

    /// Whether the next update promised at a communication point is overdue at `now`.
    pub fn update_overdue(&self, now: DateTime<Utc>) -> bool {
        self.stage.is_open() && self.next_update_at.is_some_and(|t| t < now)
    }

    /// Distinct people who reported: named reporters once each, unnamed reports one each.
    pub fn distinct_reporters(&self) -> u32 {
        u32::try_from(self.human_reporters.len())
            .unwrap_or(u32::MAX)
            .saturating_add(self.anonymous_human_reports)
    }

    /// Alerts firing now, as records.
    /// The case without what only a reader needs: alert records drop their names, texts,
    /// labels and links, now and as later events fold. Detection decides on the rest, so a
    /// worker can keep thousands of alerts in memory for little.
    pub fn lean(mut self) -> Case {
        self.lean = true;
        for r in self.alerts.values_mut() {
            r.name = String::new();
            r.summary = String::new();
            r.labels = BTreeMap::new();
            r.url = None;
        }
        self
    }

    /// How many alert records the case holds: the measure of its size in memory.
    pub fn alert_records(&self) -> usize {
        self.alerts.len()
    }

    /// The highest severity among firing alerts, leaving out one alert's current class
    /// (`except`: the alert a signal is changing, counted from the signal instead).
    pub fn max_firing_severity(&self, except: Option<&str>) -> Option<Severity> {
        let mut counts = self.firing_by_class;
        if let Some(r) = except
            .and_then(|f| self.alerts.get(f))
            .filter(|r| r.is_firing())
        {
            let i = class_index(r.severity_class);
            counts[i] = counts[i].saturating_sub(1);
        }
        Severity::ALL
            .iter()
            .rev()
            .find(|s| counts[s.index() + 1] > 0)
            .copied()
    }

    fn count_firing(&mut self, was: Option<SeverityClass>, now: Option<SeverityClass>) {
        if let Some(c) = was {
            let i = class_index(c);
            self.firing_by_class[i] = self.firing_by_class[i].saturating_sub(1);
        }
        if let Some(c) = now {
            self.firing_by_class[class_index(c)] += 1;
        }
    }

    pub fn active_alerts(&self) -> impl Iterator<Item = &AlertRecord> {
        self.alerts.values().filter(|a| a.is_firing())
    }

    /// Alerts resolved now, as records.
    pub fn resolved_alerts(&self) -> impl Iterator<Item = &AlertRecord> {
        self.alerts.values().filter(|a| !a.is_firing())
    }

    /// Alerts the senders left out of their lists, by their latest word.
    pub fn unlisted_alerts(&self) -> u32 {
        self.truncations
            .values()
            .fold(0u32, |n, t| n.saturating_add(t.count))
    }

    /// How many alerts are active by the senders' word: the firing records, or what the
    /// senders' latest deliveries listed plus left out, whichever is larger (case C14).
    pub fn alert_count(&self) -> u32 {
        let records = u32::try_from(self.active_alerts().count()).unwrap_or(u32::MAX);
        let reported = self.truncations.values().fold(0u32, |n, t| {
            n.saturating_add(t.count).saturating_add(t.listed)
        });
        records.max(reported)
    }

    /// Evidence arrived but none of it says how bad: a person must triage (an unclassified
    /// severity never yields a colour by itself).
    pub fn needs_triage(&self) -> bool {
        self.suggested.is_none() && (!self.alerts.is_empty() || self.reports > 0)
    }

    /// The alerts still firing after the vendor reported a fix (a warning beside the fix).
    pub fn source_still_firing(&self) -> Vec<&str> {
        if self.fix_reported_at.is_none() || !self.stage.is_open() {
            return vec![];
        }
        self.active_alerts()
            .map(|a| a.fingerprint.as_str())
            .collect()
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
        if self.called_out_at.is_some()
            && e.event.is_process()
            && matches!(e.actor, Actor::Person { .. })
        {
            self.call_out_answered = true;
        }
        match &e.event {
            CaseEvent::Opened { .. } => {}
            CaseEvent::NoteAdded { .. } => self.notes += 1,
            CaseEvent::BackupEnded { .. } => self.active_backup = None,
            CaseEvent::SystemSet {
                system,
                mim_contact,
                mim_contact_deputy,
            } => {
                self.system = Some(system.clone());
                if mim_contact.is_some() || mim_contact_deputy.is_some() {
                    self.mim_contact.clone_from(mim_contact);
                    self.mim_contact_deputy.clone_from(mim_contact_deputy);
                }
            }
            CaseEvent::ReportReceived {
                channel,
                reporter,
                stated_users,
                severity,
                ..
            } => {
                self.reports += 1;
                if *channel == ReportChannel::Monitoring {
                    self.monitoring_signals += 1;
                } else {
                    self.human_reports += 1;
                    match reporter.as_deref().map(normalise_reporter) {
                        Some(name) if !name.is_empty() => {
                            self.human_reporters.insert(name);
                        }
                        _ => self.anonymous_human_reports += 1,
                    }
                }
                if let Some(n) = stated_users {
                    self.max_stated_users = self.max_stated_users.max(Some(*n));
                }
                if severity.is_some() {
                    self.max_report_severity = self.max_report_severity.max(*severity);
                }
            }
            CaseEvent::AlertFiring {
                fingerprint,
                name,
                text,
                source_severity,
                severity_class,
                starts_at,
                labels,
                users,
                users_source,
                url,
            } => {
                self.alerts_seen += 1;
                self.monitoring_signals += 1;
                self.firing_alerts.insert(fingerprint.clone());
                self.all_alerts_resolved_at = None;
                let r = self
                    .alerts
                    .entry(fingerprint.clone())
                    .or_insert_with(|| AlertRecord {
                        fingerprint: fingerprint.clone(),
                        name: String::new(),
                        summary: String::new(),
                        labels: BTreeMap::new(),
                        url: None,
                        status: SignalStatus::Firing,
                        source_severity: None,
                        severity_class: SeverityClass::Unclassified,
                        occurrences: 0,
                        transitions: vec![],
                        flapping: false,
                        acknowledged: false,
                        first_seen: at,
                        last_seen: at,
                        last_change: at,
                        resolved_pending_since: None,
                        starts_at: None,
                        ends_at: None,
                        users: None,
                        users_source: None,
                        still_firing_flagged: false,
                        source_clock_ahead_seconds: None,
                    });
                let was = r.is_firing().then_some(r.severity_class);
                if !self.lean {
                    r.name.clone_from(name);
                    r.summary.clone_from(text);
                    if !labels.is_empty() {
                        r.labels.clone_from(labels);
                    }
                    if url.is_some() {
                        r.url.clone_from(url);
                    }
                }
                r.status = SignalStatus::Firing;
                r.source_severity.clone_from(source_severity);
                r.severity_class = severity_class.unwrap_or(SeverityClass::Unclassified);
                r.occurrences += 1;
                push_transition(&mut r.transitions, at);
                r.last_seen = at;
                r.last_change = at;
                r.resolved_pending_since = None;
                r.starts_at = *starts_at;
                // A start later than our receipt can only be the sender's clock running ahead
                // (case C01): shown on the alert; the timeline keeps our receive time.
                r.source_clock_ahead_seconds = starts_at
                    .map(|s| (s - at).num_seconds())
                    .filter(|ahead| *ahead > 60);
                if users.is_some() {
                    r.users = *users;
                    r.users_source = *users_source;
                }
                let now = Some(r.severity_class);
                self.count_firing(was, now);
            }
            CaseEvent::AlertResolved {
                fingerprint,
                ends_at,
            } => {
                self.firing_alerts.remove(fingerprint);
                if let Some(r) = self.alerts.get_mut(fingerprint) {
                    let was = r.is_firing().then_some(r.severity_class);
                    r.status = SignalStatus::Resolved;
                    push_transition(&mut r.transitions, at);
                    r.last_seen = at;
                    r.last_change = at;
                    r.resolved_pending_since = Some(at);
                    r.ends_at = *ends_at;
                    self.count_firing(was, None);
                }
            }
            CaseEvent::AlertRepeated {
                fingerprint,
                source_severity,
                severity_class,
                users,
                users_source,
            } => {
                self.monitoring_signals += 1;
                if let Some(r) = self.alerts.get_mut(fingerprint) {
                    let was = r.is_firing().then_some(r.severity_class);
                    r.occurrences += 1;
                    r.last_seen = at;
                    if let Some(c) = severity_class {
                        r.severity_class = *c;
                        r.source_severity.clone_from(source_severity);
                    }
                    if users.is_some() {
                        r.users = *users;
                        r.users_source = *users_source;
                    }
                    let now = r.is_firing().then_some(r.severity_class);
                    self.count_firing(was, now);
                }
            }
            CaseEvent::AlertFlapping { fingerprint, .. } => {
                if let Some(r) = self.alerts.get_mut(fingerprint) {
                    r.flapping = true;
                }
            }
            CaseEvent::AlertFlappingEnded { fingerprint } => {
                if let Some(r) = self.alerts.get_mut(fingerprint) {
                    r.flapping = false;
                }
            }
            CaseEvent::AlertAcknowledged { fingerprint } => {
                if let Some(r) = self.alerts.get_mut(fingerprint) {
                    r.acknowledged = true;
                }
            }
            CaseEvent::AlertAckCleared { fingerprint, .. } => {
                if let Some(r) = self.alerts.get_mut(fingerprint) {
                    r.acknowledged = false;
                }
            }
            CaseEvent::AlertsTruncated {
                count,
                listed,
                group_key,
            } => {
                let key = group_key.clone().unwrap_or_default();
                if *count == 0 {
                    self.truncations.remove(&key);
                } else {
                    self.truncations.insert(
                        key,
                        Truncation {
                            count: *count,
                            listed: *listed,
                        },
                    );
                }
            }
            CaseEvent::AllAlertsResolved { .. } => {
                self.all_alerts_resolved_at = Some(at);
                for r in self.alerts.values_mut() {
                    r.resolved_pending_since = None;
                }
            }
            CaseEvent::EstimateChanged { users, basis } => {
                self.estimate = Some(Estimate {
                    users: *users,
                    basis: basis.clone(),
                    at,
                });
            }
            CaseEvent::ColourSuggested {
                colour,
                users,
                severity,
                flags,
                ..
            } => {
                self.suggested = Some(Suggestion {
                    colour: *colour,
                    users: *users,
                    severity: *severity,
                    flags: flags.clone(),
                    at,
                });
            }
            CaseEvent::SourceStillFiring { fingerprint } => {
                if let Some(r) = self.alerts.get_mut(fingerprint) {
                    r.still_firing_flagged = true;
                }
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
            CaseEvent::FixReported { .. } => {
                self.stage = Stage::FixReported;
                self.fix_reported_at = Some(at);
                for r in self.alerts.values_mut() {
                    r.still_firing_flagged = false;
                }
            }
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
                self.fix_reported_at = None;
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
            CaseEvent::MessageQueued { message } => {
                let colour = match message.kind.as_str() {
                    "call_out" => Some(Colour::Yellow),
                    "red_alert" => Some(Colour::Red),
                    _ => None,
                };
                self.alerted = self.alerted.max(colour);
                if message.kind == ALERTS_RESOLVED {
                    self.resolved_prompted_at = Some(at);
                }
                // Which reminder this was is read the way `Cadence::due_state` decides it: sent
                // after the point, it was the "overdue" one.
                if message.kind == UPDATE_REMINDER
                    && let Some(point) = self.next_update_at
                {
                    if at > point {
                        self.overdue_reminded_for = Some(point);
                    } else {
                        self.reminded_for = Some(point);
                    }
                }
                if message.kind == "call_out" {
                    if message.audience == CALL_OUT_DEPUTY {
                        self.escalated_to_deputy = true;
                    } else if self.called_out_at.is_none() {
                        self.called_out_at = Some(at);
                    }
                }
            }
            CaseEvent::CommunicationRecorded { next_update_at, .. } => {
                self.next_update_at = *next_update_at;
                self.next_update_by = next_update_at.and(e.actor.user().cloned());
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
            | CaseEvent::MessageSent { .. }
            | CaseEvent::MessageFailed { .. }
            | CaseEvent::MessageGivenUp { .. }
            | CaseEvent::AttachmentAdded { .. } => {}
        }
    }
}

/// The audience name of a call-out that went on to the deputy.
pub const CALL_OUT_DEPUTY: &str = "mim_contact_deputy";

/// Keeps the most recent state changes only.
fn push_transition(v: &mut Vec<DateTime<Utc>>, at: DateTime<Utc>) {
    v.push(at);
    if v.len() > MAX_TRANSITIONS_KEPT {
        let extra = v.len() - MAX_TRANSITIONS_KEPT;
        v.drain(..extra);
    }
}

/// A severity class's place in `Case::firing_by_class`.
fn class_index(c: SeverityClass) -> usize {
    c.level().map_or(0, |s| s.index() + 1)
}
