//! Request bodies of the case API. Fields use the domain's checked types, so a bad value is a
//! 422 naming its path (e.g. `command.affected_users`) before any use case runs.

use super::schema;
use super::tagged::tagged_body;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use mim_app::cases::{CaseCommand, CommandRequest, Evidence, OpenCase, OpenReport};
use mim_domain::case::{Command, CommunicationKind, DismissReason, FindingCategory, ReportChannel};
use mim_domain::impact::{AffectedUsers, Severity};
use mim_domain::text::{Line, Narrative, Passage};
use mim_domain::{CaseId, Role, SystemId, UserId};
use serde::Deserialize;
use utoipa::ToSchema;

/// Opens a case from its first report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCaseBody {
    /// The critical system's id, when known (`wilma`).
    #[schema(value_type = Option<String>, example = "wilma")]
    pub system: Option<SystemId>,
    /// Defaults to the system's name and the start of the report.
    #[schema(value_type = Option<String>)]
    pub title: Option<Line>,
    #[schema(value_type = Option<String>)]
    pub description: Option<Passage>,
    /// Opens the case as an exercise: the same process, labelled everywhere.
    #[serde(default)]
    pub exercise: bool,
    pub report: ReportBody,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    #[schema(value_type = schema::ReportChannel)]
    pub channel: ReportChannel,
    /// What the reporter said; may be no more than "it doesn't work".
    #[schema(value_type = String, example = "Wilma ei aukea")]
    pub text: Passage,
    #[schema(value_type = Option<String>)]
    pub reporter: Option<Line>,
    /// When it happened, if earlier than now (RFC 3339).
    pub occurred_at: Option<DateTime<Utc>>,
}

impl From<OpenCaseBody> for OpenCase {
    fn from(b: OpenCaseBody) -> Self {
        OpenCase {
            system: b.system,
            title: b.title,
            description: b.description,
            exercise: b.exercise,
            report: OpenReport {
                channel: b.report.channel,
                text: b.report.text,
                reporter: b.report.reporter,
                occurred_at: b.report.occurred_at,
            },
        }
    }
}

/// A process command with the case version it is based on (or send `If-Match`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandBody {
    /// The case's `version` (its ETag) the command is based on. Also accepted as
    /// `expected_version`.
    #[serde(alias = "expected_version")]
    pub expected_seq: Option<u64>,
    /// The role to act in, when you hold several that may take this step.
    #[schema(value_type = Option<schema::Role>)]
    pub acting_as: Option<Role>,
    /// For back-filled entries: when it really happened (RFC 3339). Recorded more than five
    /// minutes after this moment, the entry is marked "added later" on the timeline.
    pub occurred_at: Option<DateTime<Utc>>,
    #[schema(value_type = CommandDto)]
    pub command: serde_json::Value,
}

tagged_body! {
    /// One step of the process; `type` names it.
    pub enum CommandDto, parse = parse_command, prefix = "command.";

    /// Service desk: the matrix gives the colour from affected users × severity.
    RecordAssessment = "record_assessment" {
        #[schema(value_type = u32, minimum = 1)]
        affected_users: AffectedUsers,
        #[schema(value_type = schema::Severity)]
        severity: Severity,
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    /// Service desk, on yellow: the MIM contact person was called.
    CallMimContact = "call_mim_contact" {
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    /// Start MIM or not; a reason is required when not starting or departing from the colour.
    DecideCriticality = "decide_criticality" {
        start_mim: bool,
        #[schema(value_type = Option<String>)]
        reason: Option<Passage>,
    }
    /// IT management (or the management group, where the arrangement says so).
    DecideBackup = "decide_backup" {
        needed: bool,
        /// The id of one of the system's backup arrangements.
        arrangement: Option<String>,
        #[schema(value_type = Option<String>)]
        reason: Option<Passage>,
    }
    ActivateBackup = "activate_backup" {
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    /// IT management: back from the backup arrangement in use to normal working.
    EndBackup = "end_backup" {
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    EscalateToVendor = "escalate_to_vendor" {
        #[schema(value_type = String)]
        to: Line,
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    AcknowledgeEscalation = "acknowledge_escalation" {
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    DemandProgressReport = "demand_progress_report" {
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
        due_by: Option<DateTime<Utc>>,
    }
    RecordVendorProgress = "record_vendor_progress" {
        #[schema(value_type = String)]
        text: Passage,
        estimate: Option<DateTime<Utc>>,
    }
    ReportFix = "report_fix" {
        #[schema(value_type = String)]
        text: Passage,
    }
    AcknowledgeFix = "acknowledge_fix" {
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    /// Names the verifier, the MIM contact person and their deputies (user names).
    NamePeople = "name_people" {
        #[schema(value_type = Option<String>)]
        verifier: Option<UserId>,
        #[schema(value_type = Option<String>)]
        verifier_deputy: Option<UserId>,
        #[schema(value_type = Option<String>)]
        mim_contact: Option<UserId>,
        #[schema(value_type = Option<String>)]
        mim_contact_deputy: Option<UserId>,
    }
    /// The named verifier: works, or the problem continues (reason required) → back to monitoring.
    Verify = "verify" {
        works: bool,
        #[schema(value_type = Option<String>)]
        reason: Option<Passage>,
    }
    SignOff = "sign_off" {
        #[schema(value_type = Option<String>)]
        note: Option<Passage>,
    }
    /// Whether a walk-through is held; when it is, the person who builds its timeline.
    DecideWalkThrough = "decide_walk_through" {
        needed: bool,
        #[schema(value_type = Option<String>)]
        reason: Option<Passage>,
        #[schema(value_type = Option<String>)]
        timeline_owner: Option<UserId>,
    }
    AddFinding = "add_finding" {
        #[schema(value_type = schema::FindingCategory)]
        category: FindingCategory,
        #[schema(value_type = String)]
        text: Passage,
    }
    AddActionItem = "add_action_item" {
        #[schema(value_type = String)]
        title: Line,
        #[schema(value_type = String)]
        owner: Line,
        due: NaiveDate,
    }
    RecordVendorReport = "record_vendor_report" {
        /// Up to 100,000 characters (a whole post-incident report).
        #[schema(value_type = String)]
        text: Narrative,
    }
    Close = "close" {
        /// Up to 100,000 characters.
        #[schema(value_type = Option<String>)]
        summary: Option<Narrative>,
    }
    /// Reopens an ended or late-stage case; a closed one only by IT management.
    Reopen = "reopen" {
        #[schema(value_type = String)]
        reason: Passage,
    }
    Dismiss = "dismiss" {
        #[schema(value_type = schema::DismissReason)]
        reason: DismissReason,
        #[schema(value_type = Option<String>, example = "MIM-2026-0001")]
        duplicate_of: Option<CaseId>,
        #[schema(value_type = String)]
        text: Passage,
    }
    /// A communication entry; every one but the closing kinds says when the next update comes.
    RecordCommunication = "record_communication" {
        #[schema(value_type = schema::CommunicationKind)]
        kind: CommunicationKind,
        #[schema(value_type = String, example = "henkilöstö")]
        audience: Line,
        #[schema(value_type = String, example = "intranet")]
        channel: Line,
        #[schema(value_type = String)]
        text: Passage,
        /// The next update as an instant (RFC 3339). Neither this nor `next_update_local`:
        /// the organisation's cadence for the case's colour.
        next_update_at: Option<DateTime<Utc>>,
        /// The next update as the organisation's wall-clock time, no offset
        /// (`2026-03-29T04:30`). A time the clocks skip (spring) is refused; one they show
        /// twice (autumn) is the one still ahead, refused when both are.
        #[serde(default, deserialize_with = "local_date_time")]
        #[schema(value_type = Option<String>, example = "2026-03-29T04:30")]
        next_update_local: Option<NaiveDateTime>,
    }
    /// Ties a case opened without (or with the wrong) system to a critical system, before the
    /// criticality decision.
    SetSystem = "set_system" {
        #[schema(value_type = String, example = "wilma")]
        system: SystemId,
    }
    /// A note on the timeline. Like evidence it does not advance the version.
    AddNote = "add_note" {
        #[schema(value_type = String)]
        text: Passage,
    }
    EditDetails = "edit_details" {
        #[schema(value_type = Option<String>)]
        title: Option<Line>,
        #[schema(value_type = Option<String>)]
        description: Option<Passage>,
    }
}

impl CommandBody {
    pub fn into_request(self, if_match: Option<u64>) -> Result<CommandRequest, crate::ApiError> {
        let command = parse_command(self.command)?;
        let expected = match (if_match, self.expected_seq) {
            (Some(a), Some(b)) if a != b => {
                return Err(crate::ApiError::invalid(
                    "expected_seq",
                    format!("expected_seq {b} and If-Match {a} disagree; send one"),
                ));
            }
            (a, b) => a.or(b),
        };
        Ok(CommandRequest {
            command: command.into(),
            expected_version: expected,
            occurred_at: self.occurred_at,
            acting_as: self.acting_as,
        })
    }
}

impl From<CommandDto> for CaseCommand {
    fn from(d: CommandDto) -> Self {
        use CommandDto as D;
        let plain = CaseCommand::Plain;
        match d {
            D::RecordAssessment(RecordAssessment {
                affected_users,
                severity,
                note,
            }) => CaseCommand::Assess {
                affected_users,
                severity,
                note,
            },
            D::DecideBackup(DecideBackup {
                needed,
                arrangement,
                reason,
            }) => CaseCommand::DecideBackup {
                needed,
                arrangement,
                reason,
            },
            D::NamePeople(NamePeople {
                verifier,
                verifier_deputy,
                mim_contact,
                mim_contact_deputy,
            }) => CaseCommand::NamePeople {
                verifier,
                verifier_deputy,
                mim_contact,
                mim_contact_deputy,
            },
            D::DecideWalkThrough(DecideWalkThrough {
                needed,
                reason,
                timeline_owner,
            }) => CaseCommand::DecideWalkThrough {
                needed,
                reason,
                timeline_owner,
            },
            D::CallMimContact(CallMimContact { note }) => plain(Command::CallMimContact { note }),
            D::DecideCriticality(DecideCriticality { start_mim, reason }) => {
                plain(Command::DecideCriticality { start_mim, reason })
            }
            D::ActivateBackup(ActivateBackup { note }) => plain(Command::ActivateBackup { note }),
            D::EscalateToVendor(EscalateToVendor { to, note }) => {
                plain(Command::EscalateToVendor { to, note })
            }
            D::AcknowledgeEscalation(AcknowledgeEscalation { note }) => {
                plain(Command::AcknowledgeEscalation { note })
            }
            D::DemandProgressReport(DemandProgressReport { note, due_by }) => {
                plain(Command::DemandProgressReport { note, due_by })
            }
            D::RecordVendorProgress(RecordVendorProgress { text, estimate }) => {
                plain(Command::RecordVendorProgress { text, estimate })
            }
            D::ReportFix(ReportFix { text }) => plain(Command::ReportFix { text }),
            D::AcknowledgeFix(AcknowledgeFix { note }) => plain(Command::AcknowledgeFix { note }),
            D::Verify(Verify { works, reason }) => plain(Command::Verify { works, reason }),
            D::SignOff(SignOff { note }) => plain(Command::SignOff { note }),
            D::AddFinding(AddFinding { category, text }) => {
                plain(Command::AddFinding { category, text })
            }
            D::AddActionItem(AddActionItem { title, owner, due }) => {
                plain(Command::AddActionItem { title, owner, due })
            }
            D::RecordVendorReport(RecordVendorReport { text }) => {
                plain(Command::RecordVendorReport { text })
            }
            D::Close(Close { summary }) => plain(Command::Close { summary }),
            D::Reopen(Reopen { reason }) => plain(Command::Reopen { reason }),
            D::Dismiss(Dismiss {
                reason,
                duplicate_of,
                text,
            }) => plain(Command::Dismiss {
                reason,
                duplicate_of,
                text,
            }),
            D::RecordCommunication(RecordCommunication {
                kind,
                audience,
                channel,
                text,
                next_update_at,
                next_update_local,
            }) => CaseCommand::RecordCommunication {
                kind,
                audience,
                channel,
                text,
                next_update_at,
                next_update_local,
            },
            D::AddNote(AddNote { text }) => plain(Command::AddNote { text }),
            D::EndBackup(EndBackup { note }) => plain(Command::EndBackup { note }),
            D::SetSystem(SetSystem { system }) => CaseCommand::SetSystem { system },
            D::EditDetails(EditDetails { title, description }) => {
                plain(Command::EditDetails { title, description })
            }
        }
    }
}

tagged_body! {
    /// Evidence attached to a case: a report, an alert firing or resolving, or a note.
    /// Evidence needs no version and never moves the stage.
    pub enum EvidenceBody, parse = parse_evidence, prefix = "";

    Report = "report" {
        #[schema(value_type = schema::ReportChannel)]
        channel: ReportChannel,
        #[schema(value_type = String)]
        text: Passage,
        #[schema(value_type = Option<String>)]
        reporter: Option<Line>,
        occurred_at: Option<DateTime<Utc>>,
    }
    AlertFiring = "alert_firing" {
        #[schema(value_type = String)]
        fingerprint: Line,
        #[schema(value_type = String)]
        name: Line,
        #[schema(value_type = String)]
        text: Passage,
        occurred_at: Option<DateTime<Utc>>,
    }
    /// The service desk marks a firing alert as seen.
    AcknowledgeAlert = "acknowledge_alert" {
        #[schema(value_type = String)]
        fingerprint: Line,
    }
    AlertResolved = "alert_resolved" {
        #[schema(value_type = String)]
        fingerprint: Line,
        occurred_at: Option<DateTime<Utc>>,
    }
    Note = "note" {
        #[schema(value_type = String)]
        text: Passage,
        occurred_at: Option<DateTime<Utc>>,
    }
}

impl EvidenceBody {
    pub fn split(self) -> (Evidence, Option<DateTime<Utc>>) {
        match self {
            EvidenceBody::Report(Report {
                channel,
                text,
                reporter,
                occurred_at,
            }) => (
                Evidence::Report {
                    channel,
                    text,
                    reporter,
                },
                occurred_at,
            ),
            EvidenceBody::AlertFiring(AlertFiring {
                fingerprint,
                name,
                text,
                occurred_at,
            }) => (
                Evidence::AlertFiring {
                    fingerprint,
                    name,
                    text,
                },
                occurred_at,
            ),
            EvidenceBody::AcknowledgeAlert(AcknowledgeAlert { fingerprint }) => {
                (Evidence::AcknowledgeAlert { fingerprint }, None)
            }
            EvidenceBody::AlertResolved(AlertResolved {
                fingerprint,
                occurred_at,
            }) => (Evidence::AlertResolved { fingerprint }, occurred_at),
            EvidenceBody::Note(Note { text, occurred_at }) => {
                (Evidence::Note { text }, occurred_at)
            }
        }
    }
}

/// A wall-clock time without an offset (`2026-03-29T04:30`, seconds optional): read in the
/// organisation's zone by the use case, which knows it.
pub(crate) fn local_date_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDateTime>, D::Error> {
    let Some(s) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    // Exactly the documented shape: chrono alone reads "2026-12-05T3:3" as 03:03, which a
    // sender who meant 03:30 would never be told (a fresh user's finding).
    let shaped = has_shape(&s, "dddd-dd-ddTdd:dd") || has_shape(&s, "dddd-dd-ddTdd:dd:dd");
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .filter(|_| shaped)
        .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
        .map(Some)
        .ok_or_else(|| {
            let shown: String = s.chars().take(64).collect();
            let more = if s.chars().count() > 64 { "…" } else { "" };
            serde::de::Error::custom(format!(
                "\"{shown}{more}\" is not a wall-clock time like 2026-03-29T04:30 (two digits for \
                 the month, day, hour and minute; no offset: the organisation's zone applies; \
                 to give an offset, use next_update_at)"
            ))
        })
}

/// Whether `s` has `shape`, where `d` stands for an ASCII digit and any other character for
/// itself.
fn has_shape(s: &str, shape: &str) -> bool {
    s.len() == shape.len()
        && s.bytes().zip(shape.bytes()).all(|(c, p)| match p {
            b'd' => c.is_ascii_digit(),
            _ => c == p,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_has_exactly_the_documented_shape() {
        let read = |s: &str| {
            local_date_time(serde_json::Value::String(s.to_owned())).map_err(|e| e.to_string())
        };
        let ok = NaiveDateTime::parse_from_str("2026-12-05T03:30", "%Y-%m-%dT%H:%M").ok();
        assert_eq!(read("2026-12-05T03:30"), Ok(ok));
        assert!(read("2026-12-05T03:30:15").is_ok_and(|t| t.is_some()));
        for bad in [
            "2026-12-05T3:3",
            "2026-12-5T03:30",
            " 2026-12-05T03:30",
            "2026-12-05T03:30\u{a0}",
            "2026-12-05 03:30",
            "2026-12-05T03:30+02:00",
            "2026-12-05T25:30",
        ] {
            assert!(read(bad).is_err(), "{bad:?} was read");
        }
        let long = "9".repeat(10_000);
        let said = read(&long).expect_err("refused");
        assert!(
            said.len() < 400,
            "the refusal quotes a short part: {}",
            said.len()
        );
    }

    #[test]
    fn the_documented_tags_are_the_accepted_tags() {
        CommandDto::check_tag_names();
        EvidenceBody::check_tag_names();
        for tag in CommandDto::TYPES {
            let schema =
                serde_json::to_string(&<CommandDto as utoipa::PartialSchema>::schema()).unwrap();
            assert!(
                schema.contains(&format!("\"{tag}\"")),
                "{tag} is not documented"
            );
        }
    }
}
