//! The facts a message is rendered from, and the template variables made of them.

use crate::times::local_time;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mim_domain::Language;
use mim_domain::impact::Colour;
use serde::{Deserialize, Serialize};

/// Where the work stands, in a bulletin's words (GLOSSARY.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BulletinStatus {
    #[default]
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl BulletinStatus {
    fn word(self, lang: Language) -> &'static str {
        use BulletinStatus::*;
        match (self, lang) {
            (Investigating, Language::Fi) => "Selvitämme",
            (Identified, Language::Fi) => "Syy tunnistettu",
            (Monitoring, Language::Fi) => "Seuraamme tilannetta",
            (Resolved, Language::Fi) => "Häiriö on päättynyt",
            (Investigating, Language::Sv) => "Vi utreder",
            (Identified, Language::Sv) => "Orsaken identifierad",
            (Monitoring, Language::Sv) => "Vi följer läget",
            (Resolved, Language::Sv) => "Störningen har upphört",
            (Investigating, Language::En) => "Investigating",
            (Identified, Language::En) => "Identified",
            (Monitoring, Language::En) => "Monitoring",
            (Resolved, Language::En) => "Resolved",
        }
    }
}

fn colour_word(c: Colour, lang: Language) -> &'static str {
    match (c, lang) {
        (Colour::Green, Language::Fi) => "vihreä",
        (Colour::Yellow, Language::Fi) => "keltainen",
        (Colour::Red, Language::Fi) => "punainen",
        (Colour::Green, Language::Sv) => "grön",
        (Colour::Yellow, Language::Sv) => "gul",
        (Colour::Red, Language::Sv) => "röd",
        (Colour::Green, Language::En) => "green",
        (Colour::Yellow, Language::En) => "yellow",
        (Colour::Red, Language::En) => "red",
    }
}

/// What is known of the case when a message goes out. Texts are as people wrote them (in
/// the message's language); an empty text is "not given" and a template can leave it out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MessageFacts {
    pub organisation: String,
    /// The service as its users know it ("Wilma"), not the server's name.
    pub service: String,
    pub case_id: String,
    pub status: BulletinStatus,
    pub colour: Option<Colour>,
    pub started_at: Option<DateTime<Utc>>,
    /// The time of this message.
    pub updated_at: Option<DateTime<Utc>>,
    pub next_update_at: Option<DateTime<Utc>>,
    /// Who is affected: user groups, units, areas.
    pub affected: String,
    pub users_affected: Option<u32>,
    /// What does not work.
    pub not_working: String,
    /// What still works, what to do instead.
    pub alternative: String,
    /// What to do and not to do ("don't file new tickets about this").
    pub instructions: String,
    /// The estimated fix; none is said plainly ("no estimate yet").
    pub estimate: Option<DateTime<Utc>>,
    /// The cause, at a level safe to publish.
    pub cause: String,
    /// Where to follow updates and whom to contact.
    pub contact: String,
    pub link: String,
    pub ended_at: Option<DateTime<Utc>>,
    pub backup: String,
    pub backup_announcement: String,
    pub decision_reason: String,
    pub vendor: String,
    pub progress_due_at: Option<DateTime<Utc>>,
    pub walkthrough_at: Option<DateTime<Utc>>,
    pub recipient: String,
    /// The call-out goes to the deputy: the MIM contact person did not acknowledge in time.
    pub escalated: bool,
    /// A reminder of a communication point that passed without an update.
    pub overdue: bool,
}

/// The template variables: every one always defined (an unknown name is an error), times in
/// local time and words in the message's language, "" where a fact is not given.
#[derive(Debug, Serialize)]
pub(crate) struct Variables {
    organisation: String,
    service: String,
    case_id: String,
    status: &'static str,
    colour: &'static str,
    started_at: String,
    updated_at: String,
    next_update_at: String,
    affected: String,
    users_affected: String,
    not_working: String,
    alternative: String,
    instructions: String,
    estimate: String,
    cause: String,
    contact: String,
    link: String,
    ended_at: String,
    backup: String,
    backup_announcement: String,
    decision_reason: String,
    vendor: String,
    progress_due_at: String,
    walkthrough_at: String,
    recipient: String,
    escalated: bool,
    next_update_zone: String,
    overdue: bool,
}

impl Variables {
    pub(crate) fn of(f: &MessageFacts, tz: Tz, lang: Language) -> Variables {
        let time =
            |t: Option<DateTime<Utc>>| t.map(|t| local_time(t, tz, lang)).unwrap_or_default();
        Variables {
            organisation: f.organisation.clone(),
            service: f.service.clone(),
            case_id: f.case_id.clone(),
            status: f.status.word(lang),
            colour: f.colour.map(|c| colour_word(c, lang)).unwrap_or_default(),
            started_at: time(f.started_at),
            updated_at: time(f.updated_at),
            next_update_at: time(f.next_update_at),
            affected: f.affected.clone(),
            users_affected: f.users_affected.map(|n| n.to_string()).unwrap_or_default(),
            not_working: f.not_working.clone(),
            alternative: f.alternative.clone(),
            instructions: f.instructions.clone(),
            estimate: time(f.estimate),
            cause: f.cause.clone(),
            contact: f.contact.clone(),
            link: f.link.clone(),
            ended_at: time(f.ended_at),
            backup: f.backup.clone(),
            backup_announcement: f.backup_announcement.clone(),
            decision_reason: f.decision_reason.clone(),
            vendor: f.vendor.clone(),
            progress_due_at: time(f.progress_due_at),
            walkthrough_at: time(f.walkthrough_at),
            recipient: f.recipient.clone(),
            escalated: f.escalated,
            next_update_zone: f
                .next_update_at
                .map(|t| utc_offset(t, tz))
                .unwrap_or_default(),
            overdue: f.overdue,
        }
    }
}

/// The offset from UTC in force at `t` in `tz`, as "UTC+2" or "UTC+5:30": the one reading of a
/// wall-clock time that is never ambiguous, whichever side of a change of the clocks it is.
fn utc_offset(t: DateTime<Utc>, tz: Tz) -> String {
    use chrono::Offset;
    let seconds = t.with_timezone(&tz).offset().fix().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let (h, m) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    match (h, m) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}
