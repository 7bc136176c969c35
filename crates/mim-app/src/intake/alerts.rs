//! The alerts the evidence calls for, queued by mim itself: when a case's suggested colour
//! turns yellow the MIM contact person is called out (and, when nobody takes a step on the case
//! within the organisation's `call_out_escalation_minutes`, the deputy), when it turns red the
//! service desk and IT management are alerted — each once per colour, from the organisation's templates in
//! each recipient's language, through the outbox. A person who sent the call-out or the red
//! alert already has done it (the case remembers the highest colour alerted).
//!
//! When every alert of a case has resolved and the hold-down ran out, whoever was alerted is
//! told once, on the channels the alert's colour used (kind `alerts_resolved`): a prompt for
//! the fix report and the verification, not an announcement to users — that comes with the
//! return to normal.
//!
//! They are queued by the settling pass that runs every second over the cases the
//! correlation worker holds (and over every open case after a start): what a crash stopped
//! is queued at the next pass, since whether an alert is due is part of the case's state.

use crate::{App, AppError};
use mim_domain::Role;
use mim_domain::case::{CALL_OUT_DEPUTY, Case, CaseEvent};
use mim_domain::communication::{Addressed, Recipient, address};
use mim_domain::impact::Colour;
use mim_domain::register::{Audience, AudienceKind, Channel, Organisation};
use mim_messages::MessageKind;
use mim_store::UserRecord;

/// The people and group channels an alert of `colour` goes to.
fn alert_recipients(
    case: &Case,
    colour: Colour,
    org: &Organisation,
    users: &[UserRecord],
) -> Vec<Addressed> {
    let by_email = |u: &UserRecord, audience: &str| {
        u.email.as_ref().map(|e| Addressed {
            audience: audience.to_owned(),
            channel: Channel::Email,
            recipient: Recipient {
                name: u.name.clone(),
                address: e.clone(),
            },
            language: u.language,
        })
    };
    match colour {
        Colour::Yellow => case
            .mim_contact
            .as_ref()
            .and_then(|p| users.iter().find(|u| u.id == p.user && u.active))
            .and_then(|u| by_email(u, "mim_contact"))
            .into_iter()
            .collect(),
        _ => {
            let mut to: Vec<Addressed> = users
                .iter()
                .filter(|u| u.active)
                .filter(|u| {
                    u.roles.contains(&Role::ServiceDesk) || u.roles.contains(&Role::ItManagement)
                })
                .filter_map(|u| by_email(u, "service_desk_and_it_management"))
                .collect();
            let desks: Vec<&Audience> = org
                .audiences
                .iter()
                .filter(|a| a.kind == AudienceKind::ServiceDesk)
                .collect();
            let (more, _) = address(&desks, Some(colour), &org.languages, org.default_language());
            for m in more {
                if !to.iter().any(|t| {
                    t.channel == m.channel
                        && t.recipient.address == m.recipient.address
                        && t.language == m.language
                }) {
                    to.push(m);
                }
            }
            to
        }
    }
}

/// The deputy of the case's MIM contact person, by e-mail.
fn deputy(case: &Case, users: &[UserRecord]) -> Vec<Addressed> {
    case.mim_contact_deputy
        .as_ref()
        .and_then(|p| users.iter().find(|u| u.id == p.user && u.active))
        .and_then(|u| {
            u.email.as_ref().map(|e| Addressed {
                audience: CALL_OUT_DEPUTY.to_owned(),
                channel: Channel::Email,
                recipient: Recipient {
                    name: u.name.clone(),
                    address: e.clone(),
                },
                language: u.language,
            })
        })
        .into_iter()
        .collect()
}

impl App {
    /// The `message_queued` events of the alert `case` is due, if any: the call-out or the
    /// red alert its colour calls for, or the call-out going on to the deputy when nobody
    /// answered it in time. Empty when nobody can be reached (the triage queue still shows
    /// whom the colour flags).
    pub(super) async fn due_alert(
        &self,
        case: &Case,
        org: &Organisation,
        users: &[UserRecord],
    ) -> Result<Vec<CaseEvent>, AppError> {
        let now = self.now();
        let after = chrono::Duration::minutes(i64::from(org.call_out_escalation_minutes));
        let alert = match case.alert_due() {
            Some(Colour::Red) => Some((
                MessageKind::RedAlert,
                alert_recipients(case, Colour::Red, org, users),
                false,
            )),
            Some(colour) => Some((
                MessageKind::CallOut,
                alert_recipients(case, colour, org, users),
                false,
            )),
            None if case.escalation_due(now, after) => {
                Some((MessageKind::CallOut, deputy(case, users), true))
            }
            None => None,
        };
        let mut events = vec![];
        if let Some((kind, to, escalated)) = alert {
            events.extend(self.queue_alert(case, org, kind, to, escalated).await?);
        }
        // Told only to whom the alert went, as the alert went (case C22): a case nobody was
        // alerted of needs no all-clear, and a yellow one's does not wake the red-only SMS.
        if case.resolved_prompt_due()
            && let Some(colour) = case.alerted
        {
            let to = alert_recipients(case, colour, org, users);
            let kind = MessageKind::AlertsResolved;
            events.extend(self.queue_alert(case, org, kind, to, false).await?);
        }
        Ok(events)
    }

    /// The prompt to the service desk and IT management that `case` (as it is after the
    /// reopening) was reopened for `reason`, queued beside the `Reopened` event itself.
    pub(crate) async fn reopen_prompt(
        &self,
        case: &Case,
        reason: &str,
    ) -> Result<Vec<CaseEvent>, AppError> {
        let org = self.organisation_or_default().await?;
        let users = self.store().users().await?;
        let to = alert_recipients(case, Colour::Red, &org, &users);
        self.queue_with(case, &org, MessageKind::CaseReopened, to, |f| {
            f.decision_reason = reason.to_owned();
        })
        .await
    }

    /// One `message_queued` event per recipient of `kind`, rendered in their language.
    async fn queue_alert(
        &self,
        case: &Case,
        org: &Organisation,
        kind: MessageKind,
        to: Vec<Addressed>,
        escalated: bool,
    ) -> Result<Vec<CaseEvent>, AppError> {
        self.queue_with(case, org, kind, to, |f| f.escalated = escalated)
            .await
    }

    /// The copies of `kind` to `to`, as `adjust` completes the case's facts.
    async fn queue_with(
        &self,
        case: &Case,
        org: &Organisation,
        kind: MessageKind,
        to: Vec<Addressed>,
        adjust: impl Fn(&mut mim_messages::MessageFacts),
    ) -> Result<Vec<CaseEvent>, AppError> {
        let message = format!("{}/{}-{}", case.id, kind, case.last_seq + 1);
        self.mim_copies(case, org, kind, &message, to, adjust).await
    }
}
