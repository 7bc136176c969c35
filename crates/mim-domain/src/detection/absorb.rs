//! Grouping and live assessment: what one routed signal does to its system's case. Pure: the
//! case as folded so far, the signal, the register and settings, and the time it was received
//! go in; evidence events come out. The application appends them with `occurred_at` = the
//! `received_at` it passed (the fold reads state-change times from there), folds them before
//! the next signal, and calls `settle` when `next_settle_at` comes.
//!
//! Absorbing never emits a process event: the stage moves only by a person's command; a case
//! past detection keeps taking evidence, and the human assessment stays authoritative.

use super::{
    AckClearReason, AlertSignal, AlertUsersSource, DetectionSettings, EstimateBasis, ReportSignal,
    SeverityClass, SeverityMapping, Signal, SignalStatus, flags_for,
};
use crate::CaseId;
use crate::case::{Case, CaseEvent, Refusal, ReportChannel};
use crate::impact::{AffectedUsers, ImpactMatrix, Severity};
use crate::register::CriticalSystem;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt;

/// What to do with one signal.
#[derive(Debug, Clone, PartialEq)]
pub enum Absorbed {
    /// Append these events to the open case that was given.
    Attach(Vec<CaseEvent>),
    /// Open a new detection-stage case with these events after its `Opened` (the application
    /// adds `Opened`, and links a recurrence: see `recurrence_of`).
    Open { events: Vec<CaseEvent> },
    /// Nothing to record on any case.
    Ignore { reason: IgnoreReason },
}

/// Why a signal changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum IgnoreReason {
    /// A resolve for an alert that is already resolved (a late or repeated copy).
    AlreadyResolved { fingerprint: String },
    /// A resolve for an alert mim never saw firing on the case.
    UnknownAlert { fingerprint: String },
    /// A copy of an earlier firing episode (its start is not after the episode mim already
    /// holds, or before that episode's end): a late copy never reopens what was resolved.
    StaleCopy { fingerprint: String },
    /// A resolve, or a repeat of an episode it already holds, for an alert of a case that has
    /// ended: nothing new happened, so no new case either.
    EndedCase { fingerprint: String, case: CaseId },
}

impl fmt::Display for IgnoreReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IgnoreReason::AlreadyResolved { fingerprint } => {
                write!(f, "alert {fingerprint} is already resolved")
            }
            IgnoreReason::UnknownAlert { fingerprint } => {
                write!(f, "alert {fingerprint} was never seen firing on the case")
            }
            IgnoreReason::StaleCopy { fingerprint } => {
                write!(
                    f,
                    "a late copy of an earlier episode of alert {fingerprint}"
                )
            }
            IgnoreReason::EndedCase { fingerprint, case } => write!(
                f,
                "alert {fingerprint} belongs to case {case}, which has ended, and nothing new happened to it"
            ),
        }
    }
}

/// What one signal does to its system's case. `case`: the case `pick_case` chose — the
/// system's open case, else its last ended case, else none.
#[allow(clippy::too_many_arguments)]
pub fn absorb(
    case: Option<&Case>,
    signal: &Signal,
    system: &CriticalSystem,
    org_matrix: &ImpactMatrix,
    mapping: &SeverityMapping,
    settings: &DetectionSettings,
    received_at: DateTime<Utc>,
) -> Absorbed {
    let open = case.filter(|c| c.stage.is_open());
    if open.is_none()
        && let (Some(ended), Signal::Alert(a)) = (case, signal)
        && let Some(reason) = ended_case_ignores(ended, a)
    {
        return Absorbed::Ignore { reason };
    }
    let (mut events, change) = match signal {
        Signal::Alert(a) => match alert_events(open, a, system, mapping, settings, received_at) {
            Ok(v) => v,
            Err(reason) => return Absorbed::Ignore { reason },
        },
        Signal::Report(r) => (vec![report_event(r)], Change::Report(r)),
    };
    events.extend(assess(open, &change, system, org_matrix));
    match open {
        Some(_) => Absorbed::Attach(events),
        None => Absorbed::Open { events },
    }
}

/// An alert of an ended case: a resolve, or a copy of an episode the case already holds,
/// is ignored; a new episode opens a new case (a recurrence).
fn ended_case_ignores(ended: &Case, a: &AlertSignal) -> Option<IgnoreReason> {
    let r = ended.alerts.get(&a.fingerprint)?;
    let fingerprint = a.fingerprint.clone();
    let same_episode = match a.status {
        SignalStatus::Resolved => true,
        SignalStatus::Firing if r.is_firing() => match (a.starts_at, r.starts_at) {
            (Some(new), Some(known)) => new <= known,
            _ => true,
        },
        SignalStatus::Firing => {
            return is_stale_refire(a, r).then_some(IgnoreReason::StaleCopy { fingerprint });
        }
    };
    same_episode.then(|| IgnoreReason::EndedCase {
        fingerprint,
        case: ended.id.clone(),
    })
}

/// A firing copy for a resolved alert that belongs to the resolved episode.
fn is_stale_refire(a: &AlertSignal, r: &super::AlertRecord) -> bool {
    let Some(start) = a.starts_at else {
        return false;
    };
    r.starts_at.is_some_and(|known| start <= known) || r.ends_at.is_some_and(|end| start < end)
}

/// A copy whose episode started before the one mim holds.
fn is_older(new: Option<DateTime<Utc>>, known: Option<DateTime<Utc>>) -> bool {
    matches!((new, known), (Some(n), Some(k)) if n < k)
}

/// What changed, for the estimate and the colour.
enum Change<'a> {
    /// The alert is firing after the signal, with these users and this severity.
    Firing {
        fingerprint: &'a str,
        users: u32,
        source: AlertUsersSource,
        class: SeverityClass,
    },
    /// The alert is no longer firing.
    Resolved {
        fingerprint: &'a str,
    },
    Report(&'a ReportSignal),
}

fn alert_users(a: &AlertSignal, system: &CriticalSystem) -> (u32, AlertUsersSource) {
    if let Some(n) = a.affected_users.filter(|n| *n > 0) {
        return (n, AlertUsersSource::Carried);
    }
    let percent = system
        .selector_for(&a.labels)
        .map_or(100, |s| s.share_percent())
        .min(100);
    let n = (u64::from(system.user_count) * u64::from(percent)).div_ceil(100);
    (
        u32::try_from(n).unwrap_or(u32::MAX).max(1),
        AlertUsersSource::SelectorShare { percent },
    )
}

fn alert_events<'a>(
    case: Option<&Case>,
    a: &'a AlertSignal,
    system: &CriticalSystem,
    mapping: &SeverityMapping,
    settings: &DetectionSettings,
    at: DateTime<Utc>,
) -> Result<(Vec<CaseEvent>, Change<'a>), IgnoreReason> {
    let fingerprint = a.fingerprint.clone();
    let rec = case.and_then(|c| c.alerts.get(&a.fingerprint));
    let class = mapping.classify(a.severity.as_deref());
    let (users, source) = alert_users(a, system);
    let mut ev = vec![];
    // The state changes of the alert before this one, for flapping.
    let mut transitions: Vec<DateTime<Utc>> =
        rec.map(|r| r.transitions.clone()).unwrap_or_default();
    let changes_state = match (a.status, rec) {
        (SignalStatus::Resolved, None) => return Err(IgnoreReason::UnknownAlert { fingerprint }),
        (SignalStatus::Resolved, Some(r)) if !r.is_firing() => {
            return Err(IgnoreReason::AlreadyResolved { fingerprint });
        }
        (SignalStatus::Resolved, Some(r)) => {
            if is_older(a.starts_at, r.starts_at) {
                return Err(IgnoreReason::StaleCopy { fingerprint });
            }
            ev.push(CaseEvent::AlertResolved {
                fingerprint: fingerprint.clone(),
                ends_at: a.ends_at,
            });
            true
        }
        (SignalStatus::Firing, Some(r)) if r.is_firing() => {
            if is_older(a.starts_at, r.starts_at) {
                return Err(IgnoreReason::StaleCopy { fingerprint });
            }
            ev.push(CaseEvent::AlertRepeated {
                fingerprint: fingerprint.clone(),
                source_severity: a.severity.clone(),
                severity_class: Some(class),
                users: Some(users),
                users_source: Some(source),
            });
            if r.acknowledged && class.is_above(r.severity_class) {
                ev.push(CaseEvent::AlertAckCleared {
                    fingerprint: fingerprint.clone(),
                    reason: AckClearReason::SeverityRaised,
                });
            }
            false
        }
        (SignalStatus::Firing, rec) => {
            if let Some(r) = rec
                && is_stale_refire(a, r)
            {
                return Err(IgnoreReason::StaleCopy { fingerprint });
            }
            ev.push(firing_event(a, class, users, source));
            if let Some(r) = rec.filter(|r| r.acknowledged) {
                let within_hold_down = r
                    .resolved_pending_since
                    .is_some_and(|since| at - since < settings.resolve_hold_down);
                let reason = if class.is_above(r.severity_class) {
                    Some(AckClearReason::SeverityRaised)
                } else if !within_hold_down {
                    Some(AckClearReason::FiredAgain)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    ev.push(CaseEvent::AlertAckCleared {
                        fingerprint: fingerprint.clone(),
                        reason,
                    });
                }
            }
            true
        }
    };
    if changes_state {
        transitions.push(at);
        let window_start = at - settings.flap_within;
        let changes = transitions.iter().filter(|t| **t >= window_start).count();
        let changes = u32::try_from(changes).unwrap_or(u32::MAX);
        if changes >= settings.flap_changes && !rec.is_some_and(|r| r.flapping) {
            ev.push(CaseEvent::AlertFlapping {
                fingerprint: fingerprint.clone(),
                changes,
                within_seconds: settings.flap_within.num_seconds(),
            });
        }
    }
    let change = match a.status {
        SignalStatus::Resolved => Change::Resolved {
            fingerprint: &a.fingerprint,
        },
        SignalStatus::Firing => {
            let fix_reported = case.is_some_and(|c| c.fix_reported_at.is_some());
            if fix_reported && !rec.is_some_and(|r| r.still_firing_flagged) {
                ev.push(CaseEvent::SourceStillFiring {
                    fingerprint: fingerprint.clone(),
                });
            }
            Change::Firing {
                fingerprint: &a.fingerprint,
                users,
                source,
                class,
            }
        }
    };
    Ok((ev, change))
}

fn firing_event(
    a: &AlertSignal,
    class: SeverityClass,
    users: u32,
    source: AlertUsersSource,
) -> CaseEvent {
    CaseEvent::AlertFiring {
        fingerprint: a.fingerprint.clone(),
        name: a.name.clone(),
        text: a.summary.clone(),
        source_severity: a.severity.clone(),
        severity_class: Some(class),
        starts_at: a.starts_at,
        labels: a.labels.clone(),
        users: Some(users),
        users_source: Some(source),
        url: a.url.clone(),
    }
}

fn report_event(r: &ReportSignal) -> CaseEvent {
    CaseEvent::ReportReceived {
        channel: r.channel,
        text: r.text.clone(),
        reporter: r.reporter.clone(),
        stated_users: r.stated_affected_users.filter(|n| *n > 0),
        severity: r.severity,
    }
}

fn is_new_reporter(case: Option<&Case>, r: &ReportSignal) -> bool {
    if r.channel == ReportChannel::Monitoring {
        return false;
    }
    let name = r
        .reporter
        .as_deref()
        .map(super::normalise_reporter)
        .unwrap_or_default();
    name.is_empty() || !case.is_some_and(|c| c.human_reporters.contains(&name))
}

/// The estimate and the suggested colour after `change`: events only when they grow.
fn assess(
    case: Option<&Case>,
    change: &Change<'_>,
    system: &CriticalSystem,
    org_matrix: &ImpactMatrix,
) -> Vec<CaseEvent> {
    // The alert the signal changed is counted from the change, not from the case.
    let changed = match change {
        Change::Firing { fingerprint, .. } | Change::Resolved { fingerprint } => Some(*fingerprint),
        Change::Report(_) => None,
    };
    // Candidates in order; on a tie the earlier one is the basis.
    let mut best: Option<(u32, EstimateBasis)> = None;
    let mut consider = |users: u32, basis: &dyn Fn() -> EstimateBasis| {
        if users > 0 && best.as_ref().is_none_or(|(b, _)| users > *b) {
            best = Some((users, basis()));
        }
    };
    let mut severity: Option<Severity> = None;
    if let Some(c) = case {
        // The other firing alerts need no pass of their own for users: every one of them was
        // considered when it fired or repeated, and the estimate only grows, so none of them
        // can say more than the estimate already does.
        severity = severity
            .max(c.max_firing_severity(changed))
            .max(c.max_report_severity);
    }
    if let Change::Firing {
        fingerprint,
        users,
        source,
        class,
    } = change
    {
        consider(*users, &|| {
            EstimateBasis::for_alert(fingerprint, Some(*source))
        });
        severity = severity.max(class.level());
    }
    let mut stated = case.and_then(|c| c.max_stated_users);
    let mut reporters = case.map_or(0, Case::distinct_reporters);
    if let Change::Report(r) = change {
        stated = stated.max(r.stated_affected_users);
        severity = severity.max(r.severity);
        if is_new_reporter(case, r) {
            reporters += 1;
        }
    }
    consider(stated.unwrap_or(0), &|| EstimateBasis::StatedInReport);
    consider(reporters, &|| EstimateBasis::HumanReporters {
        count: reporters,
    });

    let mut ev = vec![];
    let previous = case
        .and_then(|c| c.estimate.as_ref())
        .map_or(0, |e| e.users);
    let users = match best {
        Some((users, basis)) if users > previous => {
            ev.push(CaseEvent::EstimateChanged { users, basis });
            users
        }
        _ => previous,
    };
    let (Some(severity), Ok(affected)) = (severity, AffectedUsers::new(i64::from(users))) else {
        return ev;
    };
    let matrix = system.matrix.as_ref().unwrap_or(org_matrix);
    let colour = matrix.colour(affected, severity);
    let previous = case.and_then(|c| c.suggested.as_ref()).map(|s| s.colour);
    if previous.is_none_or(|p| colour > p) {
        ev.push(CaseEvent::ColourSuggested {
            colour,
            previous,
            users,
            severity,
            flags: flags_for(colour),
        });
    }
    ev
}

/// What a delivery's truncation does to the case its listed alerts went to: the sender's
/// latest word per group, recorded when it changed. Truncated alerts are counted, never
/// guessed resolved (case C14). `listed_firing`: the firing alerts the delivery listed.
pub fn absorb_truncated(
    case: &Case,
    group_key: Option<&str>,
    listed_firing: u32,
    truncated: u32,
) -> Vec<CaseEvent> {
    let known = case.truncations.get(group_key.unwrap_or_default());
    let same = match known {
        Some(t) => t.count == truncated && t.listed == listed_firing,
        None => truncated == 0,
    };
    if same {
        return vec![];
    }
    vec![CaseEvent::AlertsTruncated {
        count: truncated,
        listed: listed_firing,
        group_key: group_key.map(str::to_owned),
    }]
}

/// When the last resolve of a case whose alerts are all resolved (and not yet announced as
/// such) started its hold-down.
fn quiet_since(case: &Case) -> Option<DateTime<Utc>> {
    if case.alerts.is_empty()
        || case.all_alerts_resolved_at.is_some()
        || case.alerts.values().any(|a| a.is_firing())
    {
        return None;
    }
    case.alerts
        .values()
        .map(|a| a.resolved_pending_since.unwrap_or(a.last_change))
        .max()
}

/// What time alone does to a case at `now`: once every alert has stayed resolved for the
/// hold-down, "all alerts resolved" (a prompt, once, never a stage change); a flapping alert
/// that kept its state for the flapping window stops flapping.
pub fn settle(case: &Case, now: DateTime<Utc>, settings: &DetectionSettings) -> Vec<CaseEvent> {
    if !case.stage.is_open() {
        return vec![];
    }
    let mut ev: Vec<CaseEvent> = case
        .alerts
        .values()
        .filter(|a| a.flapping && now - a.last_change >= settings.flap_within)
        .map(|a| CaseEvent::AlertFlappingEnded {
            fingerprint: a.fingerprint.clone(),
        })
        .collect();
    if quiet_since(case).is_some_and(|since| now - since >= settings.resolve_hold_down) {
        ev.push(CaseEvent::AllAlertsResolved {
            alerts: u32::try_from(case.alerts.len()).unwrap_or(u32::MAX),
            unlisted: case.unlisted_alerts(),
        });
    }
    ev
}

/// When `settle` next has something to do for the case, if ever (so the application can
/// wake up then instead of polling).
pub fn next_settle_at(case: &Case, settings: &DetectionSettings) -> Option<DateTime<Utc>> {
    if !case.stage.is_open() {
        return None;
    }
    let resolved = quiet_since(case).map(|since| since + settings.resolve_hold_down);
    let flapping = case
        .alerts
        .values()
        .filter(|a| a.flapping)
        .map(|a| a.last_change + settings.flap_within)
        .min();
    [resolved, flapping].into_iter().flatten().min()
}

/// The service desk marks a firing alert as seen ("operator ack"); the application records
/// the event with the person as its actor. Acknowledging twice changes nothing.
pub fn acknowledge(case: &Case, fingerprint: &str) -> Result<Vec<CaseEvent>, Refusal> {
    let Some(r) = case.alerts.get(fingerprint) else {
        return Err(Refusal::Invalid {
            field: "fingerprint",
            message: format!("no alert \"{fingerprint}\" on case {}", case.id),
        });
    };
    if !r.is_firing() {
        return Err(Refusal::Invalid {
            field: "fingerprint",
            message: format!("alert \"{fingerprint}\" is resolved"),
        });
    }
    if r.acknowledged {
        return Ok(vec![]);
    }
    Ok(vec![CaseEvent::AlertAcknowledged {
        fingerprint: fingerprint.to_owned(),
    }])
}

/// The case a new case for the same system is a recurrence of: the system's last case, when
/// it ended within the recurrence window before `received_at`.
pub fn recurrence_of(
    last: Option<&Case>,
    received_at: DateTime<Utc>,
    settings: &DetectionSettings,
) -> Option<CaseId> {
    let last = last.filter(|c| !c.stage.is_open())?;
    let ended = last.ended_at?;
    (received_at - ended <= settings.recurrence_window).then(|| last.id.clone())
}
