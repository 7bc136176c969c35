//! A template of one kind in one language, checked when saved and rendered when sent.

use crate::context::{MessageFacts, Variables};
use crate::kind::MessageKind;
use crate::times::local_time;
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use mim_domain::Language;
use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};

/// Longest subject or body a template may have (characters of the template, not the output).
const MAX_TEMPLATE_CHARS: usize = 20_000;
/// Instructions a render may spend: enough for any message, not for a runaway loop.
const FUEL: u64 = 50_000;

/// The variables a template may use, with what each holds: shown to whoever edits one.
pub const VARIABLES: &[(&str, &str)] = &[
    ("organisation", "the organisation's name"),
    ("service", "the service as its users know it (\"Wilma\")"),
    ("case_id", "the case's number, e.g. MIM-2026-0042"),
    (
        "status",
        "investigating / identified / monitoring / resolved, in the message's language",
    ),
    (
        "colour",
        "the case's colour as a word (green / yellow / red), or empty",
    ),
    ("started_at", "when the disruption started, local time"),
    ("updated_at", "the time of this message, local time"),
    (
        "next_update_at",
        "when the next update comes, local time (empty: none planned)",
    ),
    ("affected", "who is affected: user groups, units, areas"),
    (
        "users_affected",
        "the estimate of affected users as a number, or empty",
    ),
    ("not_working", "what does not work"),
    ("alternative", "what still works, what to do instead"),
    ("instructions", "what to do and not to do"),
    (
        "estimate",
        "the estimated fix, local time; empty: no estimate yet",
    ),
    ("cause", "the cause, at a level safe to publish, or empty"),
    ("contact", "where to follow updates and whom to contact"),
    (
        "link",
        "a link to the full text or the status page, or empty",
    ),
    (
        "ended_at",
        "when the disruption ended, local time, or empty",
    ),
    ("backup", "the backup arrangement's name"),
    (
        "backup_announcement",
        "the backup arrangement's announcement text",
    ),
    ("decision_reason", "why MIM was not started"),
    ("vendor", "the vendor's name"),
    (
        "progress_due_at",
        "when the vendor's progress report is due, local time",
    ),
    (
        "walkthrough_at",
        "when the walk-through is held, local time",
    ),
    ("recipient", "the recipient's name"),
    (
        "escalated",
        "true when a call-out goes to the deputy (the contact person did not answer)",
    ),
    (
        "next_update_zone",
        "the offset from UTC at the next update time, e.g. UTC+2 (empty: none planned)",
    ),
    (
        "overdue",
        "true when a reminder is about a communication point that passed without an update",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub kind: MessageKind,
    pub language: Language,
    /// One line (line breaks in the output are turned into spaces).
    pub subject: String,
    /// Plain text; channels that show HTML escape it.
    pub body: String,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The template does not parse or does not render: `part` is `subject` or `body`.
    #[error("the template's {part} does not work: {message}")]
    Invalid { part: &'static str, message: String },
    #[error("the template's {part} is longer than {MAX_TEMPLATE_CHARS} characters")]
    TooLong { part: &'static str },
    /// A bulletin must say what a good bulletin says (GLOSSARY.md); a reminder, the time of
    /// the point it is about.
    #[error("the template's body leaves out {what}: a {kind} message must say it")]
    Missing {
        kind: MessageKind,
        what: &'static str,
    },
    /// The subject (or body) renders empty with only what every message knows (the service,
    /// the case, the organisation): a message would go out with none.
    #[error(
        "the template's {part} renders empty when only the service and the case are known: every message needs one"
    )]
    Empty { part: &'static str },
}

impl Template {
    /// Renders the template for `facts`, times in `tz`.
    pub fn render(&self, facts: &MessageFacts, tz: Tz) -> Result<Rendered, TemplateError> {
        let vars = Variables::of(facts, tz, self.language);
        let subject = render_part("subject", &self.subject, &vars)?;
        let text = render_part("body", &self.body, &vars)?;
        Ok(Rendered {
            subject: one_line(&subject),
            text: tidy(&text),
        })
    }

    /// What saving the template checks: both parts parse and render with every fact given
    /// and with none given (an unknown variable is an error), the subject is not empty, and a
    /// bulletin says the service, the time of the update and — unless it announces the end —
    /// when the next update comes.
    pub fn check(&self) -> Result<(), TemplateError> {
        for (part, text) in [("subject", &self.subject), ("body", &self.body)] {
            if text.chars().count() > MAX_TEMPLATE_CHARS {
                return Err(TemplateError::TooLong { part });
            }
        }
        let tz = chrono_tz::Europe::Helsinki;
        self.render(&MessageFacts::default(), tz)?;
        let sample = MessageFacts::example();
        let full = self.render(&sample, tz)?;
        // What every message mim sends knows, and nothing more: a subject made only of
        // optional facts (`{{ cause }}`) would go out empty until someone filled them in.
        let known = MessageFacts {
            organisation: sample.organisation.clone(),
            service: sample.service.clone(),
            case_id: sample.case_id.clone(),
            ..MessageFacts::default()
        };
        let least = self.render(&known, tz)?;
        for (part, text) in [("subject", &least.subject), ("body", &least.text)] {
            if text.trim().is_empty() {
                return Err(TemplateError::Empty { part });
            }
        }
        if self.kind.is_bulletin() {
            let said = |t: Option<DateTime<Utc>>| {
                t.map(|t| local_time(t, tz, self.language))
                    .is_some_and(|s| full.text.contains(&s))
            };
            let mut needs: Vec<(&'static str, bool)> = vec![
                (
                    "the service",
                    full.text.contains(&sample.service) || full.subject.contains(&sample.service),
                ),
                (
                    "the time of the update (updated_at)",
                    said(sample.updated_at),
                ),
            ];
            if self.kind != MessageKind::ReturnToNormal {
                needs.push((
                    "the next update time (next_update_at)",
                    said(sample.next_update_at),
                ));
            }
            if let Some((what, _)) = needs.into_iter().find(|(_, ok)| !ok) {
                return Err(TemplateError::Missing {
                    kind: self.kind,
                    what,
                });
            }
        }
        // A reminder that leaves out the time it reminds of leaves its reader guessing.
        if self.kind == MessageKind::UpdateReminder {
            let at = sample
                .next_update_at
                .map(|t| local_time(t, tz, self.language))
                .unwrap_or_default();
            if !(full.text.contains(&at) || full.subject.contains(&at)) {
                return Err(TemplateError::Missing {
                    kind: self.kind,
                    what: "the time of the communication point (next_update_at)",
                });
            }
        }
        Ok(())
    }
}

fn render_part(
    part: &'static str,
    source: &str,
    vars: &Variables,
) -> Result<String, TemplateError> {
    let invalid = |e: minijinja::Error| TemplateError::Invalid {
        part,
        message: describe(&e),
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    let template = env.template_from_str(source).map_err(invalid)?;
    // Named before rendering: minijinja's strict mode says only "undefined value".
    let mut unknown: Vec<String> = template
        .undeclared_variables(false)
        .into_iter()
        .filter(|name| !VARIABLES.iter().any(|(known, _)| known == name))
        .collect();
    if !unknown.is_empty() {
        unknown.sort();
        return Err(TemplateError::Invalid {
            part,
            message: format!(
                "no variable named {} (the variables are listed in the README, \"Message templates\")",
                unknown.join(", ")
            ),
        });
    }
    template
        .render(minijinja::Value::from(minijinja::value::Serde(vars)))
        .map_err(invalid)
}

/// minijinja's message with the line it points at, without its debug dump.
fn describe(e: &minijinja::Error) -> String {
    match (e.detail(), e.line()) {
        (Some(detail), Some(line)) => format!("{} (line {line}): {detail}", e.kind()),
        (Some(detail), None) => format!("{}: {detail}", e.kind()),
        (None, Some(line)) => format!("{} (line {line})", e.kind()),
        (None, None) => e.kind().to_string(),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No trailing spaces, at most one empty line in a row, no empty lines at the ends: what
/// `{% if %}` blocks leave behind.
fn tidy(s: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in s.lines().map(str::trim_end) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

impl MessageFacts {
    /// Made-up facts of a red disruption with every field given, each distinct enough to be
    /// found in the output: what a template is checked and previewed with.
    pub fn example() -> MessageFacts {
        let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 3, 9, h, m, 0).single();
        MessageFacts {
            organisation: "Esimerkkikaupunki".into(),
            service: "Wilma".into(),
            case_id: "MIM-2026-0042".into(),
            status: crate::BulletinStatus::Identified,
            colour: Some(mim_domain::impact::Colour::Red),
            started_at: at(6, 10),
            updated_at: at(7, 20),
            next_update_at: at(7, 50),
            affected: "koulujen henkilökunta".into(),
            users_affected: Some(1200),
            not_working: "kirjautuminen".into(),
            alternative: "paperilomake".into(),
            instructions: "älä tee uusia tikettejä".into(),
            estimate: at(9, 0),
            cause: "tietokantapalvelimen vika".into(),
            contact: "palvelupiste 09 123".into(),
            link: "https://status.example.fi/wilma".into(),
            ended_at: at(9, 30),
            backup: "Paperilomakkeet".into(),
            backup_announcement: "Käytä paperilomakkeita.".into(),
            decision_reason: "vain yksi yksikkö".into(),
            vendor: "Visma".into(),
            progress_due_at: at(8, 0),
            walkthrough_at: at(12, 0),
            recipient: "Maija".into(),
            escalated: true,
            overdue: true,
        }
    }
}
