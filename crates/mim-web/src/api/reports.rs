//! Service-desk entries through detection: `POST /api/reports` takes a report the service desk
//! received (a ticket, a call, a colleague from IT, an e-mail) and commits it to the intake
//! inbox as source `service-desk`, where the correlation worker groups it with everything else
//! said about the same system. A 202 means it is committed.

use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{Auth, JsonBody, from_value};
use crate::state::WebState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use mim_app::intake::{Affected, DESK_REPORTERS, DeskReport};
use mim_domain::SystemId;
use mim_domain::case::ReportChannel;
use mim_domain::detection::HowMany;
use mim_domain::impact::Severity;
use mim_domain::text::{Line, Passage};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// How the report reached the service desk.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeskChannel {
    Ticket,
    Phone,
    ItStaff,
    Email,
}

impl From<DeskChannel> for ReportChannel {
    fn from(c: DeskChannel) -> Self {
        match c {
            DeskChannel::Ticket => ReportChannel::Ticket,
            DeskChannel::Phone => ReportChannel::Phone,
            DeskChannel::ItStaff => ReportChannel::ItStaff,
            DeskChannel::Email => ReportChannel::Email,
        }
    }
}

/// How many are affected, in the end-user form's words.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AffectedAnswer {
    JustMe,
    MyTeam,
    /// "Everyone I know of".
    Everyone,
}

impl From<AffectedAnswer> for HowMany {
    fn from(a: AffectedAnswer) -> Self {
        match a {
            AffectedAnswer::JustMe => HowMany::JustMe,
            AffectedAnswer::MyTeam => HowMany::MyTeam,
            AffectedAnswer::Everyone => HowMany::Everyone,
        }
    }
}

/// A report the service desk received.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskReportBody {
    pub channel: DeskChannel,
    /// The critical system's id, when the reporter named one (`wilma`); otherwise mim finds
    /// it from the text (names and aliases), or keeps the report in the unassigned queue.
    #[schema(value_type = Option<String>, example = "wilma")]
    pub system: Option<SystemId>,
    /// What fails, in the reporter's words (up to 20,000 characters).
    #[schema(value_type = String, example = "Wilma ei aukea, kirjautuminen pyörii")]
    pub text: Passage,
    /// Who reported (one line): distinct reporters are counted by it.
    #[schema(value_type = Option<String>, example = "Kallion koulu, rehtori")]
    pub reporter: Option<Line>,
    /// How many are affected as the reporter put it; mapped to a number (1, 10, 50 by
    /// default). Give this or `affected_users`, not both.
    pub affected: Option<AffectedAnswer>,
    /// How many users are affected, when the reporter gave a number (1–10,000,000).
    #[schema(example = 40, minimum = 1, maximum = 10_000_000)]
    pub affected_users: Option<u32>,
    /// How bad, when the reporter could say.
    #[schema(value_type = Option<crate::api::schema::Severity>)]
    pub severity: Option<Severity>,
    /// When the report came in, for an entry made afterwards (RFC 3339; not in the future,
    /// not over a year ago); now by default. The case's events carry this time.
    pub occurred_at: Option<DateTime<Utc>>,
}

/// What a 202 says.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeskReceipt {
    /// The entry's place in mim's inbox (the first copy's, for a duplicate).
    pub seq: u64,
    /// The same `Idempotency-Key` was sent within 10 minutes: counted once.
    pub duplicate: bool,
}

/// Enters a report the service desk received (service desk, IT management, MIM contact).
///
/// The report is committed to the intake inbox as source `service-desk` and grouped by the
/// correlation worker with the alerts and reports about the same system: it joins the
/// system's open case or opens a detection-stage case, and its stated count feeds the
/// estimate of affected users. A 202 means it is committed.
#[utoipa::path(post, path = "/api/reports", request_body = DeskReportBody,
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "a resent entry with the same key (within 10 minutes) is counted once; at most 200 characters"),
    ),
    responses(
        (status = 202, body = DeskReceipt, description = "committed to the inbox"),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 413, body = ErrorEnvelope, description = "the body is too large"),
        (status = 415, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 422, body = ErrorEnvelope, description = "a value breaks a rule (an unknown system, a time in the future, both `affected` and `affected_users`…); `field` names it"),
    ))]
pub async fn desk_report(
    State(s): State<WebState>,
    Auth(p): Auth,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<(StatusCode, Json<DeskReceipt>)> {
    // The role first: someone who may not enter reports learns nothing from the checks.
    p.require(DESK_REPORTERS, "entering a report for the service desk")?;
    let b: DeskReportBody = from_value(body, "")?;
    let affected = match (b.affected, b.affected_users) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "affected_users",
                "affected_users: give affected or affected_users, not both",
            ));
        }
        (Some(a), None) => Some(Affected::Answer(a.into())),
        (None, Some(n)) => Some(Affected::Users(n)),
        (None, None) => None,
    };
    let key = headers
        .get("idempotency-key")
        .map(|v| {
            v.to_str().map(str::to_owned).map_err(|_| {
                ApiError::invalid(
                    "Idempotency-Key",
                    "Idempotency-Key: only visible ASCII characters",
                )
            })
        })
        .transpose()?;
    let receipt = s
        .app
        .desk_report(
            &p,
            DeskReport {
                channel: b.channel.into(),
                system: b.system,
                text: b.text,
                reporter: b.reporter,
                affected,
                severity: b.severity,
                occurred_at: b.occurred_at,
                idempotency_key: key,
            },
        )
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(DeskReceipt {
            seq: receipt.seq,
            duplicate: receipt.duplicate,
        }),
    ))
}
