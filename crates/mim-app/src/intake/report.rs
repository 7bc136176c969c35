//! Reports from people: a service-desk entry (a ticket, a call, a colleague from IT, an
//! e-mail) made through the API, and the public end-user form. Both become a `ReportSignal`
//! committed to the inbox like any webhook delivery, from a built-in source with no secret of
//! its own: `service-desk` (the caller is a signed-in user with a service-desk role) and
//! `public-form` (anyone; the web front door guards it with a CSRF token and a rate limit).
//! The correlation worker then groups them with the alerts about the same system.

use crate::{App, AppError, Principal};
use chrono::{DateTime, Duration, Utc};
use mim_domain::case::ReportChannel;
use mim_domain::detection::{Batch, DetectionSettings, HowMany, ReportSignal, Signal};
use mim_domain::impact::Severity;
use mim_domain::text::{Line, Passage, Text};
use mim_domain::{Role, SystemId};
use mim_store::NewDelivery;

use super::Receipt;

/// The built-in source of service-desk entries made through the API.
pub const DESK_SOURCE: &str = "service-desk";
/// The built-in source of the public end-user form.
pub const FORM_SOURCE: &str = "public-form";
/// Ids no configured source may take: deliveries from them are mim's own.
pub const BUILT_IN_SOURCES: [&str; 2] = [DESK_SOURCE, FORM_SOURCE];
/// Who may enter a report for the service desk.
pub const DESK_REPORTERS: &[Role] = &[Role::ServiceDesk, Role::ItManagement, Role::MimContact];
/// The channels a service-desk entry may name (the form and monitoring have their own ways in).
pub const DESK_CHANNELS: [ReportChannel; 4] = [
    ReportChannel::Ticket,
    ReportChannel::Phone,
    ReportChannel::ItStaff,
    ReportChannel::Email,
];
/// The most characters of "what fails" the public form takes.
pub const FORM_TEXT_MAX: usize = 2000;
/// The largest number of affected users a desk entry may state.
pub const MAX_STATED_USERS: u32 = 10_000_000;
/// A back-filled moment this far ahead of mim's clock is still taken (as now).
const FUTURE_SKEW: Duration = Duration::minutes(2);
/// Idempotency keys longer than this are refused (the API) rather than guessed at.
const MAX_KEY_LEN: usize = 200;

/// What the public form's "what fails" holds.
pub type FormText = Text<FORM_TEXT_MAX, true>;

/// How many are affected, as a desk entry says it: a form-style answer or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Affected {
    Answer(HowMany),
    Users(u32),
}

/// A service-desk entry.
#[derive(Debug, Clone)]
pub struct DeskReport {
    /// One of `DESK_CHANNELS`.
    pub channel: ReportChannel,
    /// The system the reporter named; `None` lets mim find it from the text (or queue it
    /// as unassigned).
    pub system: Option<SystemId>,
    pub text: Passage,
    /// Who reported (the caller, the ticket's requester), to count distinct people.
    pub reporter: Option<Line>,
    pub affected: Option<Affected>,
    pub severity: Option<Severity>,
    /// When the report came in, for an entry made afterwards; now when absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// The `Idempotency-Key` header: a resent entry with the same key counts once.
    pub idempotency_key: Option<String>,
}

/// One submission of the public end-user form, already checked by its front door.
#[derive(Debug, Clone)]
pub struct FormReport {
    /// The system chosen from the list; `None` for "I don't know".
    pub system: Option<SystemId>,
    pub text: FormText,
    pub affected: Option<HowMany>,
    /// "Can you still work?" mapped to a severity.
    pub severity: Option<Severity>,
    /// The optional contact (name, e-mail or phone in one field).
    pub contact: Option<Line>,
    /// Unique per rendered form (its CSRF token's nonce): a double-submitted form counts once.
    pub form_key: String,
}

/// A critical system as the public form lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportableSystem {
    pub id: SystemId,
    pub name: String,
}

/// The moment a back-filled entry describes: not (much) in the future, not over a year ago.
fn occurred_at(
    given: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    match given {
        None => Ok(now),
        Some(t) if t > now + FUTURE_SKEW => Err(AppError::invalid(
            "occurred_at",
            format!("{} is in the future", t.to_rfc3339()),
        )),
        Some(t) if t < now - Duration::days(366) => {
            Err(AppError::invalid("occurred_at", "is more than a year ago"))
        }
        Some(t) => Ok(t.min(now)),
    }
}

impl App {
    /// Commits a service-desk entry to the inbox (service desk, IT management, MIM contact);
    /// returns once it is durable.
    pub async fn desk_report(&self, who: &Principal, r: DeskReport) -> Result<Receipt, AppError> {
        who.require(DESK_REPORTERS, "entering a report for the service desk")?;
        if !DESK_CHANNELS.contains(&r.channel) {
            return Err(AppError::invalid(
                "channel",
                "a service-desk entry comes by ticket, phone, it_staff or email",
            ));
        }
        let key = match r.idempotency_key.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) if k.len() > MAX_KEY_LEN => {
                return Err(AppError::invalid(
                    "Idempotency-Key",
                    format!("at most {MAX_KEY_LEN} characters"),
                ));
            }
            Some(k) => Some(k.to_owned()),
        };
        let stated = match r.affected {
            None => None,
            Some(Affected::Answer(a)) => {
                Some(DetectionSettings::default().form_answer_users.users(a))
            }
            Some(Affected::Users(n)) if (1..=MAX_STATED_USERS).contains(&n) => Some(n),
            Some(Affected::Users(_)) => {
                return Err(AppError::invalid(
                    "affected_users",
                    format!("must be between 1 and {MAX_STATED_USERS}"),
                ));
            }
        };
        // The entry is dated when the report came in: its case events say so.
        let received_at = occurred_at(r.occurred_at, self.now())?;
        if let Some(id) = &r.system {
            self.known_system(id).await?;
        }
        let signal = ReportSignal {
            channel: r.channel,
            system: r.system,
            text: r.text.as_str().to_owned(),
            reporter: r.reporter.map(String::from),
            stated_affected_users: stated,
            severity: r.severity,
        };
        self.commit_report(DESK_SOURCE, received_at, key, signal)
            .await
    }

    /// Commits one public-form submission to the inbox (no login: the front door has checked
    /// its CSRF token and the sender's rate); returns once it is durable.
    pub async fn form_report(&self, r: FormReport) -> Result<Receipt, AppError> {
        if let Some(id) = &r.system {
            self.known_system(id).await?;
        }
        let answers = DetectionSettings::default().form_answer_users;
        let signal = ReportSignal {
            channel: ReportChannel::EndUserForm,
            system: r.system,
            text: r.text.as_str().to_owned(),
            reporter: r.contact.map(String::from),
            stated_affected_users: r.affected.map(|a| answers.users(a)),
            severity: r.severity,
        };
        let key = format!("form:{}", r.form_key);
        self.commit_report(FORM_SOURCE, self.now(), Some(key), signal)
            .await
    }

    /// The critical systems an end user may pick on the public form, by name. Only ids and
    /// names: nothing else of the register is public.
    pub async fn reportable_systems(&self) -> Result<Vec<ReportableSystem>, AppError> {
        let mut systems: Vec<ReportableSystem> = self
            .store()
            .systems()
            .await?
            .into_iter()
            .map(|s| ReportableSystem {
                id: s.id,
                name: s.name,
            })
            .collect();
        systems.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.id.as_str().cmp(b.id.as_str()))
        });
        Ok(systems)
    }

    async fn known_system(&self, id: &SystemId) -> Result<(), AppError> {
        match self.store().system(id).await? {
            Some(_) => Ok(()),
            None => Err(AppError::invalid(
                "system",
                format!("no critical system \"{id}\" in the register"),
            )),
        }
    }

    async fn commit_report(
        &self,
        source: &str,
        received_at: DateTime<Utc>,
        idempotency_key: Option<String>,
        signal: ReportSignal,
    ) -> Result<Receipt, AppError> {
        let accepted = self
            .commit_delivery(NewDelivery {
                source: source.to_owned(),
                received_at,
                idempotency_key,
                batch: Batch {
                    signals: vec![Signal::Report(signal)],
                    truncated_alerts: 0,
                    group_key: None,
                },
                route: None,
            })
            .await?;
        Ok(Receipt {
            seq: accepted.seq,
            duplicate: accepted.duplicate,
            signals: 1,
            truncated: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn back_filled_moments_are_bounded() {
        let now = Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap();
        assert_eq!(occurred_at(None, now).unwrap(), now);
        let earlier = now - Duration::minutes(40);
        assert_eq!(occurred_at(Some(earlier), now).unwrap(), earlier);
        // A clock a little ahead of ours: now.
        assert_eq!(
            occurred_at(Some(now + Duration::minutes(1)), now).unwrap(),
            now
        );
        assert!(occurred_at(Some(now + Duration::minutes(5)), now).is_err());
        assert!(occurred_at(Some(now - Duration::days(400)), now).is_err());
    }
}
