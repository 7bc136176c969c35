//! Sending a message about a case: the organisation's template for the kind, rendered with
//! the case's facts in each recipient's language, queued in the outbox for every member and
//! group channel of the chosen audiences — in one append with the communication it records,
//! so the message and the communication point it sets are written together or not at all.
//! A bilingual organisation publishes a bulletin in Finnish and Swedish together; leaving one
//! out takes a reason, kept on the case.

use super::command::{fold_ahead, stale};
use super::read::CaseView;
use super::triage::TRIAGERS;
use crate::{App, AppError, Principal};
use chrono::{DateTime, NaiveDateTime, Utc};
use mim_domain::case::{Actor, Case, CaseEvent, Command, CommunicationKind, NewEvent, decide};
use mim_domain::communication::{Addressed, OutboxMessage, Skipped, address};
use mim_domain::register::{Audience, Organisation};
use mim_domain::text::{Line, Passage};
use mim_domain::{CaseId, Language};
use mim_messages::{BulletinStatus, MessageFacts, MessageKind, Rendered};
use mim_store::CaseSummary;
use std::collections::BTreeMap;

/// What the sender writes into the message beside what mim knows of the case.
#[derive(Debug, Clone, Default)]
pub struct MessageTexts {
    pub status: BulletinStatus,
    pub affected: String,
    pub not_working: String,
    pub alternative: String,
    pub instructions: String,
    pub estimate: Option<DateTime<Utc>>,
    pub cause: String,
    pub contact: String,
    pub link: String,
}

#[derive(Debug, Clone)]
pub struct SendMessage {
    pub kind: MessageKind,
    /// Audiences by label or kind (`management_group`); empty: every audience of the
    /// system's plan and the organisation's.
    pub audiences: Vec<String>,
    pub texts: MessageTexts,
    /// The next communication point; none: the organisation's cadence for the case's colour.
    pub next_update_at: Option<DateTime<Utc>>,
    /// The next communication point as the organisation's wall-clock time, instead of
    /// `next_update_at` (see `CaseCommand::RecordCommunication`).
    pub next_update_local: Option<NaiveDateTime>,
    /// The languages to publish in; none: the plan's (the organisation's).
    pub languages: Option<Vec<Language>>,
    /// Why a bilingual organisation's bulletin leaves out Finnish or Swedish.
    pub language_override: Option<Passage>,
    pub expected_version: Option<u64>,
    /// Numbers of the case's files this message carries (`POST /api/cases/{id}/attachments`);
    /// only these: files sent with an earlier message are not carried again unless named.
    pub attachments: Vec<u32>,
}

/// What was queued, and what mim left to people.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SendReport {
    pub message: String,
    pub queued: Vec<OutboxMessage>,
    pub skipped: Vec<Skipped>,
    pub case: CaseView,
}

/// The communication a message kind records on the case (and the point it sets), if any:
/// call-outs and vendor messages are not communication points.
fn communication_kind(kind: MessageKind) -> Option<CommunicationKind> {
    Some(match kind {
        MessageKind::FirstNotice => CommunicationKind::FirstNotice,
        MessageKind::Update => CommunicationKind::Update,
        MessageKind::BackupInUse => CommunicationKind::BackupAnnouncement,
        MessageKind::MimNotStarted => CommunicationKind::NotStarted,
        MessageKind::ReturnToNormal => CommunicationKind::ReturnToNormal,
        MessageKind::WalkthroughInvitation => CommunicationKind::WalkThroughInvitation,
        MessageKind::CallOut
        | MessageKind::RedAlert
        | MessageKind::UpdateReminder
        | MessageKind::AlertsResolved
        | MessageKind::CaseReopened
        | MessageKind::VendorEscalation
        | MessageKind::VendorProgressDemand => return None,
    })
}

impl App {
    pub async fn send_message(
        &self,
        who: &Principal,
        id: &CaseId,
        req: SendMessage,
    ) -> Result<SendReport, AppError> {
        // What mim sends by itself needs facts only mim has (the point reminded of, the
        // all-clear, the reopening): sent by hand it went out with blanks, and counted as
        // the real one (a fresh user's finding).
        if matches!(
            req.kind,
            MessageKind::UpdateReminder | MessageKind::AlertsResolved | MessageKind::CaseReopened
        ) {
            return Err(AppError::Invalid {
                field: "kind".into(),
                message: format!(
                    "mim sends `{}` messages by itself when they are due; they can't be sent by hand",
                    req.kind
                ),
            });
        }
        // The link becomes a button and a "full text" link on every channel.
        let link = req.texts.link.trim();
        if !(link.is_empty() || link.starts_with("https://") || link.starts_with("http://")) {
            return Err(AppError::Invalid {
                field: "texts.link".into(),
                message: "a link must be an http:// or https:// address".into(),
            });
        }
        let (case, events) = self.visible_case(who, id).await?;
        let comm = communication_kind(req.kind);
        if comm.is_none() {
            who.require(TRIAGERS, "sending call-outs and vendor messages")?;
        }
        let org = self.organisation_or_default().await?;
        let system = match &case.system {
            Some(s) => self.store().system(&s.id).await?,
            None => None,
        };
        let plan_languages = system
            .as_ref()
            .map(|s| s.communication_plan.languages_or(&org.languages).to_vec())
            .unwrap_or_else(|| org.languages.clone());
        let languages = self.publication_languages(&org, &req, plan_languages)?;
        let pool: Vec<&Audience> = org
            .audiences
            .iter()
            .chain(system.iter().flat_map(|s| &s.communication_plan.audiences))
            .collect();
        let chosen = choose(&pool, &req.audiences)?;
        let files = self.files_named(id, &req.attachments).await?;
        let (to, skipped) = address(&chosen, case.colour(), &languages, org.default_language());
        if to.is_empty() {
            return Err(AppError::invalid(
                "audiences",
                "nobody to send to: the chosen audiences have no member or group channel mim \
                 reaches at this colour (see the system's communication plan)",
            ));
        }

        let now = self.now();
        let given = self
            .next_update_point(req.next_update_at, req.next_update_local, "")
            .await?;
        let next_update_at = match (comm, given) {
            (Some(k), None) if k.needs_next_update() => {
                Some(org.cadence.next_update_at(case.colour(), now))
            }
            (_, given) => given,
        };
        // One rendering per language, or per language and name where the template greets
        // its reader by name (a fresh user found "Hei ," on every copy).
        let mut rendered: BTreeMap<(Language, String), Rendered> = BTreeMap::new();
        let mut templates = BTreeMap::new();
        let languages: std::collections::BTreeSet<Language> =
            to.iter().map(|c| c.language).collect();
        for language in languages {
            let t = self.current_template(req.kind, language).await?.document;
            templates.insert(language, t);
        }
        let key = |c: &Addressed| {
            let greets = templates
                .get(&c.language)
                .is_some_and(|t| t.subject.contains("recipient") || t.body.contains("recipient"));
            (
                c.language,
                if greets {
                    c.recipient.name.clone()
                } else {
                    String::new()
                },
            )
        };
        for c in &to {
            let k = key(c);
            if rendered.contains_key(&k) {
                continue;
            }
            let mut facts = facts(&org, &case, &req.texts, c.language, now, next_update_at);
            facts.recipient.clone_from(&k.1);
            let Some(template) = templates.get(&c.language) else {
                continue;
            };
            let r = template
                .render(&facts, org.time_zone)
                .map_err(|e| AppError::Internal(format!("the saved {} template: {e}", req.kind)))?;
            rendered.insert(k, r);
        }

        let message = format!("{id}/{}", case.last_seq + 1);
        let queued: Vec<OutboxMessage> = to
            .iter()
            .filter_map(|c| {
                let r = rendered.get(&key(c))?;
                Some(OutboxMessage {
                    message_id: format!(
                        "{message}/{}/{}/{}",
                        c.channel, c.recipient.address, c.language
                    ),
                    message: message.clone(),
                    kind: req.kind.to_string(),
                    audience: c.audience.clone(),
                    channel: c.channel,
                    recipient: c.recipient.clone(),
                    language: c.language,
                    subject: r.subject.clone(),
                    text: r.text.clone(),
                    link: (!req.texts.link.is_empty()).then(|| req.texts.link.clone()),
                    attachments: files.clone(),
                })
            })
            .collect();

        let actor_role;
        let mut new = vec![];
        if let Some(kind) = comm {
            let audience_names: Vec<String> = chosen.iter().map(|a| a.name()).collect();
            let first = rendered
                .iter()
                .find(|((l, _), _)| *l == org.default_language())
                .map(|(_, r)| r)
                .or_else(|| rendered.values().next())
                .map(|r| r.text.clone())
                .unwrap_or_default();
            let text = match &req.language_override {
                Some(why) => format!("{first}\n\n[{}]", why.as_str()),
                None => first,
            };
            let command = Command::RecordCommunication {
                kind,
                audience: line(&audience_names.join(", "))?,
                channel: line("mim")?,
                text: Passage::new(&text).map_err(|e| AppError::invalid("texts", e.to_string()))?,
                next_update_at,
            };
            let decided = decide(&case, &command, &who.caller(None), now)?;
            actor_role = decided.role;
            new.extend(decided.events);
        } else {
            actor_role = TRIAGERS
                .iter()
                .copied()
                .find(|r| who.has(*r))
                .unwrap_or(TRIAGERS[0]);
        }
        let actor = Actor::Person {
            user: who.id().clone(),
            name: who.user.name.clone(),
            role: actor_role,
        };
        new.extend(
            queued
                .iter()
                .cloned()
                .map(|message| CaseEvent::MessageQueued { message }),
        );
        let new: Vec<NewEvent> = new
            .into_iter()
            .map(|event| NewEvent {
                occurred_at: now,
                recorded_at: now,
                actor: actor.clone(),
                event,
            })
            .collect();
        let (based_on, summary) = if new.iter().any(|e| e.event.is_process()) {
            let expected = req.expected_version.ok_or(AppError::VersionRequired)?;
            if expected != case.version {
                return Err(stale(id, expected, case.version));
            }
            let after = fold_ahead(&case, &events, &new);
            (Some(expected), Some(CaseSummary::of(&after)))
        } else {
            (None, None)
        };
        let recorded = self
            .append_or_stale(id, based_on, case.version, new, summary)
            .await?;
        let mut case = case;
        for e in &recorded {
            case.apply(e);
        }
        Ok(SendReport {
            message,
            queued,
            skipped,
            case: self.view(who, case).await?,
        })
    }

    /// The languages a message is published in; a bilingual organisation's bulletin in both
    /// Finnish and Swedish unless the sender says why not.
    fn publication_languages(
        &self,
        org: &Organisation,
        req: &SendMessage,
        plan: Vec<Language>,
    ) -> Result<Vec<Language>, AppError> {
        let languages = req.languages.clone().unwrap_or(plan);
        if languages.is_empty() {
            return Err(AppError::invalid("languages", "name at least one language"));
        }
        let both = languages.contains(&Language::Fi) && languages.contains(&Language::Sv);
        if org.bilingual() && req.kind.is_bulletin() && !both && req.language_override.is_none() {
            return Err(AppError::invalid(
                "languages",
                "a bilingual organisation publishes a bulletin in Finnish and Swedish at the same \
                 time: add the missing language, or give language_override saying why not",
            ));
        }
        Ok(languages)
    }
}

fn line(s: &str) -> Result<Line, AppError> {
    Line::new(s).map_err(|e| AppError::Internal(format!("\"{s}\": {e}")))
}

/// The audiences named (by label or kind, case and spacing aside); none named: all of them.
fn choose<'a>(pool: &[&'a Audience], names: &[String]) -> Result<Vec<&'a Audience>, AppError> {
    if names.is_empty() {
        return Ok(pool.to_vec());
    }
    let norm = |s: &str| s.trim().to_lowercase();
    let mut out = vec![];
    for (i, n) in names.iter().enumerate() {
        let found: Vec<&Audience> = pool
            .iter()
            .copied()
            .filter(|a| norm(&a.name()) == norm(n))
            .collect();
        if found.is_empty() {
            let known: Vec<String> = pool.iter().map(|a| a.name()).collect();
            return Err(AppError::invalid(
                format!("audiences[{i}]"),
                format!(
                    "no audience \"{n}\" in the plan (known: {})",
                    known.join(", ")
                ),
            ));
        }
        out.extend(found);
    }
    Ok(out)
}

/// The facts a message in `language` is rendered from: what mim knows of the case, and the
/// sender's texts.
pub(crate) fn facts(
    org: &Organisation,
    case: &Case,
    texts: &MessageTexts,
    language: Language,
    now: DateTime<Utc>,
    next_update_at: Option<DateTime<Utc>>,
) -> MessageFacts {
    let users = case
        .assessment
        .as_ref()
        .map(|a| a.affected_users.get())
        .or(case.estimate.as_ref().map(|e| e.users));
    MessageFacts {
        organisation: org.name.clone(),
        service: case
            .system
            .as_ref()
            .map_or_else(|| case.title.clone(), |s| s.name.clone()),
        case_id: case.id.to_string(),
        status: texts.status,
        colour: case.colour(),
        started_at: Some(case.opened_at),
        updated_at: Some(now),
        next_update_at,
        affected: texts.affected.clone(),
        users_affected: users,
        not_working: texts.not_working.clone(),
        alternative: texts.alternative.clone(),
        instructions: texts.instructions.clone(),
        estimate: texts.estimate,
        cause: texts.cause.clone(),
        contact: texts.contact.clone(),
        link: texts.link.clone(),
        ended_at: case.ended_at,
        backup: case
            .active_backup
            .as_ref()
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        backup_announcement: case
            .active_backup
            .as_ref()
            .and_then(|b| b.announcement.get(&language).cloned())
            .unwrap_or_default(),
        decision_reason: String::new(),
        vendor: case
            .system
            .as_ref()
            .and_then(|s| s.vendor_name.clone())
            .unwrap_or_default(),
        progress_due_at: None,
        walkthrough_at: None,
        recipient: String::new(),
        escalated: false,
        overdue: false,
    }
}

impl App {
    /// The copies of a message mim queues by itself (a call-out, a reminder, an all-clear):
    /// one `message_queued` event per recipient, rendered from the organisation's template in
    /// their language with the case's facts and what `adjust` adds; each copy's id is
    /// `message` with its channel, address and language.
    pub(crate) async fn mim_copies(
        &self,
        case: &Case,
        org: &Organisation,
        kind: MessageKind,
        message: &str,
        to: Vec<Addressed>,
        adjust: impl Fn(&mut MessageFacts),
    ) -> Result<Vec<CaseEvent>, AppError> {
        let now = self.now();
        let mut events = vec![];
        for to in to {
            let mut f = facts(org, case, &MessageTexts::default(), to.language, now, None);
            f.recipient.clone_from(&to.recipient.name);
            adjust(&mut f);
            let template = self.current_template(kind, to.language).await?.document;
            let r = template
                .render(&f, org.time_zone)
                .map_err(|e| AppError::Internal(format!("the saved {kind} template: {e}")))?;
            events.push(CaseEvent::MessageQueued {
                message: OutboxMessage {
                    message_id: format!(
                        "{message}/{}/{}/{}",
                        to.channel, to.recipient.address, to.language
                    ),
                    message: message.to_owned(),
                    kind: kind.to_string(),
                    audience: to.audience,
                    channel: to.channel,
                    recipient: to.recipient,
                    language: to.language,
                    subject: r.subject,
                    text: r.text,
                    link: None,
                    attachments: vec![],
                },
            });
        }
        Ok(events)
    }
}
