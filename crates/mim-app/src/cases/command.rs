//! Running a person's command on a case: resolve register references, `decide`, append with
//! the version the command was based on.

use super::access::occurred_at;
use super::read::CaseView;
use crate::{App, AppError, Principal};
use chrono::{DateTime, Utc};
use mim_domain::case::{Actor, Case, Command, NewEvent, RecordedEvent, decide};
use mim_domain::impact::{AffectedUsers, Severity};
use mim_domain::register::NamedPerson;
use mim_domain::text::Passage;
use mim_domain::{CaseId, Role, UserId};
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
        let expected = req.expected_version.ok_or(AppError::VersionRequired)?;
        let (case, events) = self.visible_case(who, id).await?;
        if expected != case.version {
            return Err(stale(id, expected, case.version));
        }
        let now = self.now();
        let at = occurred_at(req.occurred_at, now)?;
        let command = self.resolve(&case, req.command).await?;
        let decided = decide(&case, &command, &who.caller(req.acting_as), now)?;
        if decided.events.iter().any(|e| e.is_process()) {
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
        let after = fold_ahead(&case, &events, &new);
        let recorded = self
            .store()
            .append(id, Some(expected), new, Some(CaseSummary::of(&after)))
            .await
            .map_err(|e| match e {
                mim_store::StoreError::Conflict {
                    current_version, ..
                } => stale(id, expected, current_version.unwrap_or(expected + 1)),
                other => other.into(),
            })?;
        let mut case = case;
        for e in &recorded {
            case.apply(e);
        }
        Ok(self.view(who, case))
    }

    async fn resolve(&self, case: &Case, cmd: CaseCommand) -> Result<Command, AppError> {
        Ok(match cmd {
            CaseCommand::Plain(c) => c,
            CaseCommand::Assess {
                affected_users,
                severity,
                note,
            } => {
                let org = self.organisation_or_default().await?;
                let system = match &case.system {
                    Some(s) => self.store().system(&s.id).await?,
                    None => None,
                };
                let matrix = match system {
                    Some(s) => s.matrix_in_use(&org.default_matrix),
                    None => mim_domain::impact::MatrixUsed {
                        source: mim_domain::impact::MatrixSource::OrganisationDefault,
                        version: None,
                        matrix: org.default_matrix.clone(),
                    },
                };
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
                        let system = match &case.system {
                            Some(s) => self.store().system(&s.id).await?,
                            None => None,
                        };
                        let found = system.as_ref().and_then(|s| s.backup(&aid)).cloned();
                        Some(found.ok_or_else(|| {
                            AppError::invalid(
                                "arrangement",
                                format!("the case's system has no backup arrangement \"{aid}\""),
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
                verifier: self.person("verifier", verifier).await?,
                verifier_deputy: self.person("verifier_deputy", verifier_deputy).await?,
                mim_contact: self.person("mim_contact", mim_contact).await?,
                mim_contact_deputy: self
                    .person("mim_contact_deputy", mim_contact_deputy)
                    .await?,
            },
            CaseCommand::DecideWalkThrough {
                needed,
                reason,
                timeline_owner,
            } => Command::DecideWalkThrough {
                needed,
                reason,
                timeline_owner: self.person("timeline_owner", timeline_owner).await?,
            },
        })
    }

    async fn person(
        &self,
        field: &str,
        id: Option<UserId>,
    ) -> Result<Option<NamedPerson>, AppError> {
        let Some(id) = id else { return Ok(None) };
        match self.store().user(&id).await? {
            Some(u) if u.active => Ok(Some(NamedPerson {
                user: u.id,
                name: u.name,
            })),
            _ => Err(AppError::invalid(field, format!("no active user \"{id}\""))),
        }
    }
}

fn stale(id: &CaseId, expected: u64, current: u64) -> AppError {
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
fn fold_ahead(case: &Case, events: &[RecordedEvent], new: &[NewEvent]) -> Case {
    let mut ahead = case.clone();
    let next_seq = events.last().map_or(0, |e| e.seq) + 1;
    let version = case.version + u64::from(new.iter().any(|e| e.event.is_process()));
    for e in super::access::as_recorded(new, next_seq, version) {
        ahead.apply(&e);
    }
    ahead
}
