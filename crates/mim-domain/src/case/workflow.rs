//! `decide`: the one place where a command meets the rules of the process. It returns the
//! events to append, and the role the caller acted in, or a typed refusal.

use super::{
    Caller, Case, CaseEvent, Command, CommandKind, CommunicationKind, DismissReason, Refusal,
    Stage, permitted_roles,
};
use crate::Role;
use crate::impact::Colour;
use crate::register::NamedPerson;
use chrono::{DateTime, Duration, Utc};

/// What `decide` accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub events: Vec<CaseEvent>,
    pub role: Role,
}

/// The commands that are moves of the case's current stage (whoever may take them).
pub fn allowed_now(case: &Case) -> Vec<CommandKind> {
    use CommandKind as K;
    let vendor_work = [
        K::EscalateToVendor,
        K::AcknowledgeEscalation,
        K::DemandProgressReport,
        K::RecordVendorProgress,
    ];
    let always_open = [
        K::NamePeople,
        K::RecordCommunication,
        K::AddNote,
        K::EditDetails,
    ];
    let mut v: Vec<K> = match case.stage {
        Stage::Detection => vec![K::RecordAssessment, K::Dismiss, K::SetSystem],
        Stage::Assessment => {
            let mut v = vec![K::RecordAssessment];
            if case.assessment_colour() == Some(Colour::Yellow) {
                v.push(K::CallMimContact);
            }
            v.extend([K::DecideCriticality, K::Dismiss, K::SetSystem]);
            v
        }
        Stage::MimStarted => [&[K::DecideBackup, K::RecordAssessment][..], &vendor_work].concat(),
        Stage::BackupActivation => [
            &[K::ActivateBackup, K::DecideBackup, K::RecordAssessment][..],
            &vendor_work,
        ]
        .concat(),
        Stage::Monitoring => [
            &[K::ReportFix, K::DecideBackup, K::RecordAssessment][..],
            &vendor_work,
        ]
        .concat(),
        Stage::FixReported => vec![
            K::AcknowledgeFix,
            K::RecordVendorProgress,
            K::RecordVendorReport,
        ],
        Stage::AwaitingVerification => vec![K::Verify, K::RecordVendorReport],
        // The problem may come back before closing: IT management reopens to monitoring.
        Stage::Verified => vec![K::SignOff, K::RecordVendorReport, K::Reopen],
        Stage::ReturnedToNormal => vec![K::DecideWalkThrough, K::RecordVendorReport, K::Reopen],
        Stage::WalkThrough => vec![
            K::AddFinding,
            K::AddActionItem,
            K::RecordVendorReport,
            K::Close,
            K::Reopen,
        ],
        Stage::ReadyToClose => vec![K::Close, K::RecordVendorReport, K::Reopen],
        // A closed case keeps its review editable without reopening it (case C16 a).
        Stage::Closed => vec![
            K::Reopen,
            K::AddFinding,
            K::AddActionItem,
            K::RecordVendorReport,
            K::AddNote,
            K::EditDetails,
        ],
        Stage::NormalProcess => vec![
            K::Reopen,
            K::RecordCommunication,
            K::AddNote,
            K::EditDetails,
        ],
        Stage::Dismissed => vec![K::Reopen, K::AddNote, K::EditDetails],
    };
    // Going back from a backup arrangement to normal working, whenever one is in use.
    if case.active_backup.is_some()
        && case.stage.is_open()
        && !matches!(case.stage, Stage::Detection | Stage::Assessment)
    {
        v.push(K::EndBackup);
    }
    if case.stage.is_open() {
        v.extend(always_open);
    }
    v
}

fn need_reason(
    reason: &Option<crate::text::Passage>,
    field: &'static str,
    why: &str,
) -> Result<String, Refusal> {
    reason
        .as_ref()
        .map(|r| r.as_str().to_owned())
        .ok_or_else(|| Refusal::Invalid {
            field,
            message: format!("a reason is required {why}"),
        })
}

fn opt<const MAX: usize>(t: &Option<crate::text::Text<MAX, true>>) -> Option<String> {
    t.as_ref().map(|t| t.as_str().to_owned())
}

fn is_named(caller: &Caller, people: [&Option<NamedPerson>; 2]) -> bool {
    people
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| p.user == caller.user))
}

fn names(people: [&Option<NamedPerson>; 2]) -> String {
    let v: Vec<String> = people
        .iter()
        .filter_map(|p| p.as_ref().map(|p| format!("{} ({})", p.name, p.user)))
        .collect();
    v.join(" or ")
}

/// Picks the role the caller acts in: the one they asked for if it fits, else the first fit.
fn role_for(caller: &Caller, kind: CommandKind, permitted: &[Role]) -> Result<Role, Refusal> {
    if let Some(r) = caller.acting_as {
        // Asking for a role that doesn't fit is refused rather than silently replaced.
        return if permitted.contains(&r) && caller.has(r) {
            Ok(r)
        } else {
            Err(Refusal::MissingRole {
                command: kind,
                needs: permitted.to_vec(),
            })
        };
    }
    permitted
        .iter()
        .copied()
        .find(|r| caller.has(*r))
        .ok_or_else(|| Refusal::MissingRole {
            command: kind,
            needs: permitted.to_vec(),
        })
}

/// Decides a person's command on a case at `now`.
pub fn decide(
    case: &Case,
    cmd: &Command,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<Decided, Refusal> {
    let kind = cmd.kind();
    let allowed = allowed_now(case);
    if !allowed.contains(&kind) {
        return Err(Refusal::NotAllowedNow {
            stage: case.stage,
            command: kind,
            allowed,
        });
    }
    let role = match cmd {
        Command::Verify { .. } => {
            if case.verifier.is_none() && case.verifier_deputy.is_none() {
                return Err(Refusal::Precondition {
                    code: "verifier_not_named",
                    message: "no verifier is named on the case yet: IT management names one first"
                        .into(),
                });
            }
            if !is_named(caller, [&case.verifier, &case.verifier_deputy]) {
                return Err(Refusal::NotNamedPerson {
                    command: kind,
                    who: format!(
                        "the named verifier {}",
                        names([&case.verifier, &case.verifier_deputy])
                    ),
                });
            }
            Role::Verifier
        }
        Command::DecideCriticality { .. } if case.assessment_colour() == Some(Colour::Yellow) => {
            let role = role_for(caller, kind, &[Role::MimContact])?;
            let named = [&case.mim_contact, &case.mim_contact_deputy];
            if named.iter().all(|p| p.is_none()) {
                return Err(Refusal::Precondition {
                    code: "mim_contact_not_named",
                    message: "no MIM contact person is named on the case: name one first".into(),
                });
            }
            if !is_named(caller, named) {
                return Err(Refusal::NotNamedPerson {
                    command: kind,
                    who: format!("the MIM contact person {}", names(named)),
                });
            }
            role
        }
        Command::DecideBackup {
            needed: true,
            arrangement: Some(a),
            ..
        } => role_for(caller, kind, &[a.decided_by.role()])?,
        // Deciding that no arrangement is needed: IT management, or the management group.
        Command::DecideBackup { .. } => {
            role_for(caller, kind, &[Role::ItManagement, Role::ManagementGroup])?
        }
        _ => role_for(caller, kind, permitted_roles(kind, case))?,
    };
    let events = events_for(case, cmd, now)?;
    Ok(Decided { events, role })
}

fn events_for(case: &Case, cmd: &Command, now: DateTime<Utc>) -> Result<Vec<CaseEvent>, Refusal> {
    let e = match cmd {
        Command::RecordAssessment {
            affected_users,
            severity,
            matrix,
            note,
        } => CaseEvent::Assessed {
            affected_users: *affected_users,
            severity: *severity,
            colour: matrix.matrix.colour(*affected_users, *severity),
            matrix: matrix.clone(),
            note: opt(note),
        },
        Command::CallMimContact { note } => CaseEvent::MimContactCalled { note: opt(note) },
        Command::DecideCriticality { start_mim, reason } => {
            let colour = case
                .assessment_colour()
                .ok_or_else(|| Refusal::Precondition {
                    code: "not_assessed",
                    message: "the case has no assessment to decide on".into(),
                })?;
            let departs = match colour {
                Colour::Green => *start_mim,
                Colour::Red => !*start_mim,
                Colour::Yellow => false,
            };
            let reason = if !*start_mim {
                Some(need_reason(reason, "reason", "when MIM is not started")?)
            } else if departs {
                Some(need_reason(
                    reason,
                    "reason",
                    "when the decision departs from the matrix colour",
                )?)
            } else {
                opt(reason)
            };
            CaseEvent::CriticalityDecided {
                start_mim: *start_mim,
                colour,
                departs_from_matrix: departs,
                reason,
            }
        }
        Command::DecideBackup {
            needed,
            arrangement,
            reason,
        } => {
            if *needed && arrangement.is_none() {
                return Err(Refusal::Invalid {
                    field: "arrangement",
                    message: "name the backup arrangement to take into use".into(),
                });
            }
            if let Some(active) = case.active_backup.as_ref().filter(|_| *needed) {
                return Err(Refusal::Precondition {
                    code: "backup_in_use",
                    message: format!(
                        "the backup arrangement \"{}\" is in use: end it (end_backup) before deciding on another",
                        active.name
                    ),
                });
            }
            CaseEvent::BackupDecided {
                needed: *needed,
                arrangement: if *needed { arrangement.clone() } else { None },
                reason: opt(reason),
            }
        }
        Command::EndBackup { note } => CaseEvent::BackupEnded {
            arrangement: case.active_backup.clone(),
            note: opt(note),
        },
        Command::ActivateBackup { note } => CaseEvent::BackupActivated {
            arrangement: case.pending_backup.clone(),
            note: opt(note),
        },
        Command::EscalateToVendor { to, note } => CaseEvent::VendorEscalated {
            to: to.as_str().to_owned(),
            note: opt(note),
        },
        Command::AcknowledgeEscalation { note } => {
            CaseEvent::EscalationAcknowledged { note: opt(note) }
        }
        Command::DemandProgressReport { note, due_by } => {
            if let Some(d) = due_by.filter(|d| *d <= now) {
                return Err(Refusal::Invalid {
                    field: "due_by",
                    message: format!("{d} is not in the future"),
                });
            }
            CaseEvent::ProgressReportDemanded {
                note: opt(note),
                due_by: *due_by,
            }
        }
        Command::RecordVendorProgress {
            estimate: Some(e), ..
        } if *e <= now => {
            return Err(Refusal::Invalid {
                field: "estimate",
                message: format!(
                    "{e} is not in the future: an estimate says when the fix is expected"
                ),
            });
        }
        Command::RecordVendorProgress { text, estimate } => CaseEvent::VendorProgress {
            text: text.as_str().to_owned(),
            estimate: *estimate,
        },
        Command::ReportFix { text } => CaseEvent::FixReported {
            text: text.as_str().to_owned(),
        },
        Command::AcknowledgeFix { note } => CaseEvent::FixAcknowledged { note: opt(note) },
        Command::NamePeople {
            verifier,
            verifier_deputy,
            mim_contact,
            mim_contact_deputy,
        } => {
            if [verifier, verifier_deputy, mim_contact, mim_contact_deputy]
                .iter()
                .all(|p| p.is_none())
            {
                return Err(Refusal::Invalid {
                    field: "verifier",
                    message: "name at least one person".into(),
                });
            }
            CaseEvent::PeopleNamed {
                verifier: verifier.clone(),
                verifier_deputy: verifier_deputy.clone(),
                mim_contact: mim_contact.clone(),
                mim_contact_deputy: mim_contact_deputy.clone(),
            }
        }
        Command::Verify { works, reason } => {
            if *works {
                CaseEvent::VerificationRecorded {
                    works: true,
                    reason: opt(reason),
                }
            } else {
                let why = need_reason(reason, "reason", "when the problem continues")?;
                return Ok(vec![
                    CaseEvent::VerificationRecorded {
                        works: false,
                        reason: Some(why.clone()),
                    },
                    CaseEvent::Reopened {
                        reason: why,
                        from: case.stage,
                        to: Stage::Monitoring,
                    },
                ]);
            }
        }
        Command::SignOff { .. } if case.active_backup.is_some() => {
            return Err(Refusal::Precondition {
                code: "backup_in_use",
                message: "a backup arrangement is still in use: end it (end_backup) before signing off the return to normal".into(),
            });
        }
        Command::SignOff { note } => CaseEvent::SignedOff { note: opt(note) },
        Command::DecideWalkThrough {
            needed: true,
            timeline_owner: None,
            ..
        } => {
            return Err(Refusal::Invalid {
                field: "timeline_owner",
                message: "name the person who builds the walk-through's timeline".into(),
            });
        }
        Command::DecideWalkThrough {
            needed,
            reason,
            timeline_owner,
        } => CaseEvent::WalkThroughDecided {
            needed: *needed,
            reason: opt(reason),
            timeline_owner: timeline_owner.clone(),
        },
        Command::AddFinding { category, text } => CaseEvent::FindingAdded {
            category: *category,
            text: text.as_str().to_owned(),
        },
        // A day's grace: "today" differs by zone, and the domain knows only UTC.
        Command::AddActionItem { due, .. }
            if *due < (now - chrono::Duration::days(1)).date_naive() =>
        {
            return Err(Refusal::Invalid {
                field: "due",
                message: format!("{due} has passed: an action item is due in the future"),
            });
        }
        Command::AddActionItem { title, owner, due } => CaseEvent::ActionItemAdded {
            title: title.as_str().to_owned(),
            owner: owner.as_str().to_owned(),
            due: *due,
        },
        Command::RecordVendorReport { text } => CaseEvent::VendorReportRecorded {
            text: text.as_str().to_owned(),
        },
        Command::Close { summary } => CaseEvent::Closed {
            summary: opt(summary),
        },
        Command::Reopen { reason } => {
            let to = match case.stage {
                Stage::Closed
                | Stage::Verified
                | Stage::ReturnedToNormal
                | Stage::WalkThrough
                | Stage::ReadyToClose => Stage::Monitoring,
                _ if case.assessment.is_some() => Stage::Assessment,
                _ => Stage::Detection,
            };
            CaseEvent::Reopened {
                reason: reason.as_str().to_owned(),
                from: case.stage,
                to,
            }
        }
        Command::Dismiss {
            reason,
            duplicate_of,
            text,
        } => {
            match (reason, duplicate_of) {
                (DismissReason::QuietPeriodElapsed, _) => {
                    return Err(Refusal::Invalid {
                        field: "reason",
                        message: "only mim dismisses a case for a quiet period".into(),
                    });
                }
                (DismissReason::Duplicate, None) => {
                    return Err(Refusal::Invalid {
                        field: "duplicate_of",
                        message: "name the case this one duplicates".into(),
                    });
                }
                (DismissReason::Duplicate, Some(of)) if *of == case.id => {
                    return Err(Refusal::Invalid {
                        field: "duplicate_of",
                        message: "a case can't duplicate itself".into(),
                    });
                }
                (DismissReason::NoDisruption | DismissReason::FalseAlarm, Some(_)) => {
                    return Err(Refusal::Invalid {
                        field: "duplicate_of",
                        message: "only a duplicate names the case it duplicates".into(),
                    });
                }
                _ => {}
            }
            CaseEvent::Dismissed {
                reason: *reason,
                duplicate_of: duplicate_of.clone(),
                text: text.as_str().to_owned(),
            }
        }
        Command::RecordCommunication {
            kind,
            audience,
            channel,
            text,
            next_update_at,
        } => {
            check_communication(case, *kind, *next_update_at, now)?;
            CaseEvent::CommunicationRecorded {
                kind: *kind,
                audience: audience.as_str().to_owned(),
                channel: channel.as_str().to_owned(),
                text: text.as_str().to_owned(),
                next_update_at: if kind.needs_next_update() {
                    *next_update_at
                } else {
                    None
                },
            }
        }
        Command::SetSystem {
            system,
            mim_contact,
            mim_contact_deputy,
        } => {
            if case.system.as_ref().is_some_and(|s| s.id == system.id) {
                return Err(Refusal::Invalid {
                    field: "system",
                    message: format!("the case is about {} already", system.name),
                });
            }
            CaseEvent::SystemSet {
                system: system.clone(),
                mim_contact: mim_contact.clone(),
                mim_contact_deputy: mim_contact_deputy.clone(),
            }
        }
        Command::AddNote { text } => CaseEvent::NoteAdded {
            text: text.as_str().to_owned(),
        },
        Command::EditDetails { title, description } => {
            if title.is_none() && description.is_none() {
                return Err(Refusal::Invalid {
                    field: "title",
                    message: "give a new title or description".into(),
                });
            }
            CaseEvent::DetailsEdited {
                title: title.as_ref().map(|t| t.as_str().to_owned()),
                description: opt(description),
            }
        }
    };
    Ok(vec![e])
}

fn check_communication(
    case: &Case,
    kind: CommunicationKind,
    next_update_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    use CommunicationKind as C;
    let (fits, when) = match kind {
        C::FirstNotice | C::BackupAnnouncement => (case.stage.is_mim_running(), "while MIM runs"),
        C::Update => (case.stage.is_open(), "while the case is open"),
        C::NotStarted => (
            case.stage == Stage::NormalProcess,
            "after the decision not to start MIM",
        ),
        C::ReturnToNormal => (
            matches!(
                case.stage,
                Stage::ReturnedToNormal | Stage::WalkThrough | Stage::ReadyToClose
            ),
            "after IT management signed off the return to normal",
        ),
        C::WalkThroughInvitation => (case.stage == Stage::WalkThrough, "during the walk-through"),
    };
    if !fits {
        return Err(Refusal::Invalid {
            field: "kind",
            message: format!(
                "a {} message is sent only {when}; the case is in stage {}",
                kind.code(),
                case.stage.code()
            ),
        });
    }
    if !kind.needs_next_update() && next_update_at.is_some() {
        return Err(Refusal::Invalid {
            field: "next_update_at",
            message: format!(
                "a {} message closes the line of communication: it names no next update",
                kind.code()
            ),
        });
    }
    if kind.needs_next_update() {
        let at = next_update_at.ok_or_else(|| Refusal::Invalid {
            field: "next_update_at",
            message: "every message except the closing one says when the next update comes".into(),
        })?;
        // chrono reads a 60th second as a leap second, which most readers of what mim stores
        // and sends can't parse (a fresh user's finding).
        if chrono::Timelike::nanosecond(&at) >= 1_000_000_000 {
            return Err(Refusal::Invalid {
                field: "next_update_at",
                message: "a time with a 60th second (a leap second) is not a time mim stores"
                    .into(),
            });
        }
        if at <= now {
            return Err(Refusal::Invalid {
                field: "next_update_at",
                message: format!("{at} is not in the future"),
            });
        }
        if at > now + Duration::days(14) {
            return Err(Refusal::Invalid {
                field: "next_update_at",
                message: "the next update is more than 14 days away".into(),
            });
        }
    }
    Ok(())
}

/// mim's own dismissal of a detection that went quiet: no decision reached, raised by
/// monitoring alone (alerts or monitoring reports) with every alert resolved, and nothing new
/// for `quiet_period`. A case with a report from a person is never dismissed this way: a
/// person must look at it.
pub fn decide_auto_dismiss(
    case: &Case,
    quiet_period: Duration,
    now: DateTime<Utc>,
) -> Option<CaseEvent> {
    let quiet = now - case.last_activity_at >= quiet_period;
    // Version 1 is the opening alone: no person has taken any step on the case.
    let ok = case.stage == Stage::Detection
        && case.version == 1
        && case.monitoring_signals > 0
        && case.human_reports == 0
        && case.notes == 0
        && case.firing_alerts.is_empty()
        && quiet;
    ok.then(|| CaseEvent::Dismissed {
        reason: DismissReason::QuietPeriodElapsed,
        duplicate_of: None,
        // The reason code says what happened in every language; the text only the period.
        text: format!("{} min", quiet_period.num_minutes()),
    })
}
