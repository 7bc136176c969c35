//! Running a person's command on a case: resolve register references, `decide`, append with
//! the version the command was based on.

use super::access::occurred_at;
use super::read::CaseView;
use crate::{App, AppError, Principal};
use chrono::{DateTime, NaiveDateTime, Utc};
use mim_domain::case::{Actor, Case, Command, CommunicationKind, NewEvent, RecordedEvent, decide};
use mim_domain::communication::resolve_local;
use mim_domain::impact::{AffectedUsers, Severity};
use mim_domain::register::NamedPerson;
use mim_domain::text::Line;
use mim_domain::text::Passage;
use mim_domain::{CaseId, Role, SystemId, UserId};
use mim_store::CaseSummary;

/// A command as a front door hands it over: like the domain's, but naming register entries
/// (the matrix, a backup arrangement, people) by id for the app to resolve.
#[derive(Debug, Clone)]
pub enum CaseCommand {
    Assess {
        affected_users: AffectedUsers,
        severity: Severity,
        note: Option<Passage>,
    },
    DecideBackup {
        needed: bool,
        arrangement: Option<String>,
        reason: Option<Passage>,
    },
    NamePeople {
        verifier: Option<UserId>,
        verifier_deputy: Option<UserId>,
        mim_contact: Option<UserId>,
        mim_contact_deputy: Option<UserId>,
    },
    DecideWalkThrough {
        needed: bool,
        reason: Option<Passage>,
        timeline_owner: Option<UserId>,
    },
    /// Ties the case to a critical system of the register.
    SetSystem { system: SystemId },
    /// A communication whose next update may be given in the organisation's local time
    /// (`next_update_local`, read by the rule of `mim_domain::communication::resolve_local`)
    /// instead of as an instant; neither: the organisation's cadence.
    RecordCommunication {
        kind: CommunicationKind,
        audience: Line,
        channel: Line,
        text: Passage,
        next_update_at: Option<DateTime<Utc>>,
        next_update_local: Option<NaiveDateTime>,
    },
    /// Every command that names nothing in the register.
    Plain(Command),
}

#[derive(Debug, Clone)]
pub struct CommandRequest {
    pub command: CaseCommand,
    /// The process version the caller based the command on.
    pub expected_version: Option<u64>,
    /// For back-filled entries: when it really happened.
    pub occurred_at: Option<DateTime<Utc>>,
    /// The role to act in, when the caller holds several that fit.
    pub acting_as: Option<Role>,
}

impl App {
    pub async fn run_command(
        &self,
        who: &Principal,
        id: &CaseId,
        req: CommandRequest,
    ) -> Result<CaseView, AppError> {
        let (case, events) = self.visible_case(who, id).await?;
        // A note changes nothing a colleague based a decision on: it needs no version.
        let is_note = matches!(req.command, CaseCommand::Plain(Command::AddNote { .. }));
        let expected = match req.expected_version {
            Some(v) => v,
            None if is_note => case.version,
            None => return Err(AppError::VersionRequired),
        };
        if expected != case.version && !is_note {
            return Err(stale(id, expected, case.version));
        }
        let expected = case.version;
        let now = self.now();
        let at = occurred_at(req.occurred_at, now)?;
        let command = self.resolve(&case, req.command).await?;
        let decided = decide(&case, &command, &who.caller(req.acting_as), now)?;
        if req.occurred_at.is_some() && decided.events.iter().any(|e| e.is_process()) {
            in_process_order(&events, at)?;
        }
        let actor = Actor::Person {
            user: who.id().clone(),
            name: who.user.name.clone(),
            role: decided.role,
        };
        let new: Vec<NewEvent> = decided
            .events
            .into_iter()
            .map(|event| NewEvent {
                occurred_at: at,
                recorded_at: now,
                actor: actor.clone(),
                event,
            })
            .collect();
        let mut new = new;
        let after = fold_ahead(&case, &events, &new);
        // Reopening a case that had ended tells the service desk and IT management in the
        // same append: the problem persists, and users may have been told it was over. (A
        // failed verification reopens too, but within a running case its people follow.)
        let explicit = matches!(command, Command::Reopen { .. });
        let reopened = new.iter().find_map(|e| match &e.event {
            mim_domain::case::CaseEvent::Reopened { reason, .. } if explicit => {
                Some(reason.clone())
            }
            _ => None,
        });
        if let Some(reason) = reopened {
            for event in self.reopen_prompt(&after, &reason).await? {
                new.push(NewEvent {
                    occurred_at: now,
                    recorded_at: now,
                    actor: Actor::Mim,
                    event,
                });
            }
        }
        let after = fold_ahead(&case, &events, &new);
        // A step of the process is based on the version; a note alone is attached like evidence.
        let (based_on, summary) = if new.iter().any(|e| e.event.is_process()) {
            (Some(expected), Some(CaseSummary::of(&after)))
        } else {
            (None, None)
        };
        let recorded = self
            .append_or_stale(id, based_on, expected, new, summary)
            .await?;
        let mut case = case;
        for e in &recorded {
            case.apply(e);
        }
        self.view(who, case).await
    }

    async fn resolve(&self, case: &Case, cmd: CaseCommand) -> Result<Command, AppError> {
        Ok(match cmd {
            CaseCommand::Plain(Command::Dismiss {
                reason,
                duplicate_of: Some(of),
                text,
            }) if of != case.id => {
                self.check_duplicate_target(case, &of).await?;
                Command::Dismiss {
                    reason,
                    duplicate_of: Some(of),
                    text,
                }
            }
            // A message that names no next update gets the organisation's cadence for the
            // case's colour: the next communication point is never left unset by accident.
            CaseCommand::Plain(Command::RecordCommunication {
                kind,
                audience,
                channel,
                text,
                next_update_at: None,
            }) if kind.needs_next_update() => {
                let cadence = self.organisation_or_default().await?.cadence;
                Command::RecordCommunication {
                    kind,
                    audience,
                    channel,
                    text,
                    next_update_at: Some(cadence.next_update_at(case.colour(), self.now())),
                }
            }
            CaseCommand::RecordCommunication {
                kind,
                audience,
                channel,
                text,
                next_update_at,
                next_update_local,
            } => {
                let at = self
                    .next_update_point(next_update_at, next_update_local, "command.")
                    .await?;
                let next_update_at = match at {
                    None if kind.needs_next_update() => {
                        let cadence = self.organisation_or_default().await?.cadence;
                        Some(cadence.next_update_at(case.colour(), self.now()))
                    }
                    at => at,
                };
                Command::RecordCommunication {
                    kind,
                    audience,
                    channel,
                    text,
                    next_update_at,
                }
            }
            CaseCommand::Plain(c) => c,
            CaseCommand::SetSystem { system } => {
                let found = self.store().system(&system).await?.ok_or_else(|| {
                    AppError::invalid(
                        "command.system",
                        format!("command.system: no critical system \"{system}\" in the register"),
                    )
                })?;
                let vendor_name = match &found.vendor {
                    Some(v) => self.store().vendor(v).await?.map(|v| v.name),
                    None => None,
                };
                Command::SetSystem {
                    system: mim_domain::case::SystemSnapshot {
                        id: found.id.clone(),
                        name: found.name.clone(),
                        vendor: found.vendor.clone(),
                        vendor_name,
                    },
                    mim_contact: found.mim_contact.clone(),
                    mim_contact_deputy: found.mim_contact_deputy.clone(),
                }
            }
            CaseCommand::Assess {
                affected_users,
                severity,
                note,
            } => {
                let matrix = self.matrix_for(case.system.as_ref().map(|s| &s.id)).await?;
                Command::RecordAssessment {
                    affected_users,
                    severity,
                    matrix,
                    note,
                }
            }
            CaseCommand::DecideBackup {
                needed,
                arrangement,
                reason,
            } => {
                let arrangement = match arrangement {
                    None => None,
                    Some(aid) => {
                        let Some(snapshot) = &case.system else {
                            return Err(AppError::invalid(
                                "command.arrangement",
                                "the case names no system, so it has no backup arrangements: set its system first",
                            ));
                        };
                        let system = self.store().system(&snapshot.id).await?;
                        let found = system.as_ref().and_then(|s| s.backup(&aid)).cloned();
                        Some(found.ok_or_else(|| {
                            AppError::invalid(
                                "command.arrangement",
                                format!("{} has no backup arrangement \"{aid}\"", snapshot.name),
                            )
                        })?)
                    }
                };
                Command::DecideBackup {
                    needed,
                    arrangement,
                    reason,
                }
            }
            CaseCommand::NamePeople {
                verifier,
                verifier_deputy,
                mim_contact,
                mim_contact_deputy,
            } => Command::NamePeople {
                verifier: self.person("command.verifier", verifier, VERIFIERS).await?,
                verifier_deputy: self
                    .person("command.verifier_deputy", verifier_deputy, VERIFIERS)
                    .await?,
                mim_contact: self
                    .person("command.mim_contact", mim_contact, MIM_CONTACTS)
                    .await?,
                mim_contact_deputy: self
                    .person(
                        "command.mim_contact_deputy",
                        mim_contact_deputy,
                        MIM_CONTACTS,
                    )
                    .await?,
            },
            CaseCommand::DecideWalkThrough {
                needed,
                reason,
                timeline_owner,
            } => Command::DecideWalkThrough {
                needed,
                reason,
                timeline_owner: self
                    .person("command.timeline_owner", timeline_owner, TIMELINE_OWNERS)
                    .await?,
            },
        })
    }

    /// The case a duplicate is dismissed in favour of must exist, be of the same kind (both
    /// exercises or both real) and not be dismissed itself, so no disruption loses its case.
    async fn check_duplicate_target(&self, case: &Case, of: &CaseId) -> Result<(), AppError> {
        let field = "command.duplicate_of";
        let events = match self.store().load(of).await {
            Ok(e) => e,
            Err(mim_store::StoreError::NotFound) => {
                return Err(AppError::invalid(field, format!("there is no case {of}")));
            }
            Err(e) => return Err(e.into()),
        };
        let target = Case::from_events(of.clone(), &events)
            .map_err(|e| AppError::Internal(format!("case {of} does not fold: {e}")))?;
        if target.exercise != case.exercise {
            return Err(AppError::invalid(
                field,
                format!(
                    "{of} is {}, this case is not",
                    if target.exercise {
                        "an exercise"
                    } else {
                        "a real case"
                    }
                ),
            ));
        }
        if target.stage == mim_domain::case::Stage::Dismissed {
            return Err(AppError::invalid(
                field,
                format!("{of} is dismissed itself"),
            ));
        }
        Ok(())
    }

    /// A person named on the case: an active user holding one of `roles`, named as the user
    /// record says.
    pub(crate) async fn person(
        &self,
        field: &str,
        id: Option<UserId>,
        roles: &[Role],
    ) -> Result<Option<NamedPerson>, AppError> {
        let Some(id) = id else { return Ok(None) };
        let user = match self.store().user(&id).await? {
            Some(u) if u.active => u,
            _ => {
                return Err(AppError::invalid(field, format!("no active user \"{id}\"")));
            }
        };
        if user.vendor.is_some() {
            return Err(AppError::invalid(
                field,
                format!(
                    "{} ({id}) works for a vendor and can't be named for the organisation",
                    user.name
                ),
            ));
        }
        if !roles.iter().any(|r| user.roles.contains(r)) {
            let names: Vec<&str> = roles.iter().map(|r| r.code()).collect();
            return Err(AppError::invalid(
                field,
                format!(
                    "{} ({id}) does not hold the role {}",
                    user.name,
                    names.join(" or ")
                ),
            ));
        }
        Ok(Some(NamedPerson {
            user: user.id,
            name: user.name,
        }))
    }
}

/// Who may be named the verifier: people holding the verifier role (never the vendor fixing it).
pub(crate) const VERIFIERS: &[Role] = &[Role::Verifier];
/// Who may be named the MIM contact person.
pub(crate) const MIM_CONTACTS: &[Role] = &[Role::MimContact];
/// Who may build the walk-through's timeline.
const TIMELINE_OWNERS: &[Role] = &[Role::ItManagement, Role::ServiceDesk];

impl App {
    /// The next communication point a sender gave, as an instant: `at` as given, or `local`
    /// read in the organisation's zone (refused, naming `{prefix}next_update_local`, when the
    /// clocks show no such time, or show it twice with both still ahead); both given is a
    /// mistake.
    pub(super) async fn next_update_point(
        &self,
        at: Option<DateTime<Utc>>,
        local: Option<NaiveDateTime>,
        prefix: &str,
    ) -> Result<Option<DateTime<Utc>>, AppError> {
        let Some(local) = local else {
            return Ok(at);
        };
        let field = format!("{prefix}next_update_local");
        if at.is_some() {
            return Err(AppError::invalid(
                field,
                "give the next update either as next_update_at (an instant) or as \
                 next_update_local (the organisation's wall-clock time), not both",
            ));
        }
        let tz = self.organisation_or_default().await?.time_zone;
        resolve_local(local, tz, self.now())
            .map(Some)
            .map_err(|e| AppError::invalid(field, e.message))
    }

    /// Appends `new` based on `based_on` (none: evidence only); a version that moved on
    /// meanwhile is a conflict saying which is current, and nothing is written.
    pub(super) async fn append_or_stale(
        &self,
        id: &CaseId,
        based_on: Option<u64>,
        expected: u64,
        new: Vec<NewEvent>,
        summary: Option<CaseSummary>,
    ) -> Result<Vec<RecordedEvent>, AppError> {
        self.store()
            .append(id, based_on, new, summary)
            .await
            .map_err(|e| match e {
                mim_store::StoreError::Conflict {
                    current_version, ..
                } => stale(id, expected, current_version.unwrap_or(expected + 1)),
                other => other.into(),
            })
    }
}

pub(super) fn stale(id: &CaseId, expected: u64, current: u64) -> AppError {
    let message = if expected > current {
        format!(
            "case {id} is at version {current}; version {expected} does not exist yet: reload the case"
        )
    } else {
        format!(
            "case {id} is at version {current}, not {expected}: someone else acted first; reload the case and decide again"
        )
    };
    AppError::Conflict {
        current_version: Some(current),
        message,
    }
}

/// A back-dated step of the process may not come before the case opened or before the step
/// it follows: the process runs forwards. (Evidence may be back-dated freely.)
fn in_process_order(events: &[RecordedEvent], at: DateTime<Utc>) -> Result<(), AppError> {
    let latest = events
        .iter()
        .filter(|e| e.event.is_process())
        .map(|e| e.occurred_at)
        .max();
    match latest {
        Some(t) if at < t => Err(AppError::invalid(
            "occurred_at",
            format!(
                "{} is before the case's previous step ({}): steps of the process are recorded in order",
                at.to_rfc3339(),
                t.to_rfc3339()
            ),
        )),
        _ => Ok(()),
    }
}

/// The state after `new`, for the summary row written in the same transaction.
pub(super) fn fold_ahead(case: &Case, events: &[RecordedEvent], new: &[NewEvent]) -> Case {
    let mut ahead = case.clone();
    let next_seq = events.last().map_or(0, |e| e.seq) + 1;
    let version = case.version + u64::from(new.iter().any(|e| e.event.is_process()));
    for e in super::access::as_recorded(new, next_seq, version) {
        ahead.apply(&e);
    }
    ahead
}
