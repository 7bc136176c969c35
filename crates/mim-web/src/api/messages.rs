//! `POST /api/cases/{id}/messages`: a message from the organisation's template, queued in the
//! outbox for the chosen audiences, with the communication it records on the case.

use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{Auth, IfMatch, JsonBody};
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use mim_app::cases::{MessageTexts, SendMessage, SendReport};
use mim_domain::Language;
use mim_domain::text::Passage;
use mim_messages::{BulletinStatus, MessageKind};
use serde::Deserialize;
use utoipa::ToSchema;

/// What to send.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendBody {
    /// The template: `first_notice`, `update`, `backup_in_use`, `mim_not_started`,
    /// `return_to_normal`, `walkthrough_invitation` (these record a communication and need
    /// the case version), or `call_out`, `red_alert`, `vendor_escalation`,
    /// `vendor_progress_demand`. `update_reminder`, `alerts_resolved` and `case_reopened` are
    /// sent by mim itself when due and refused here (422 naming `kind`).
    #[schema(value_type = String, example = "update")]
    kind: MessageKind,
    /// Audiences by label or kind (`management_group`, `staff`); empty or absent: every
    /// audience of the system's plan and the organisation's.
    #[serde(default)]
    audiences: Vec<String>,
    #[serde(default)]
    texts: TextsBody,
    /// The next communication point (RFC 3339); neither this nor `next_update_local`: the
    /// organisation's cadence.
    next_update_at: Option<DateTime<Utc>>,
    /// The next communication point as the organisation's wall-clock time, no offset
    /// (`2026-03-29T04:30`). A time the clocks skip (spring) is refused; one they show twice
    /// (autumn) is the one still ahead, refused when both are.
    #[serde(default, deserialize_with = "super::case_dto::local_date_time")]
    #[schema(value_type = Option<String>, example = "2026-03-29T04:30")]
    next_update_local: Option<chrono::NaiveDateTime>,
    /// Absent: the plan's languages.
    #[schema(value_type = Option<Vec<String>>)]
    languages: Option<Vec<Language>>,
    /// Why a bilingual organisation's bulletin leaves out Finnish or Swedish.
    #[schema(value_type = Option<String>)]
    language_override: Option<Passage>,
    /// The case version (or `If-Match`), for the kinds that record a communication.
    expected_version: Option<u64>,
    /// Numbers of the case's files to send with this message (`POST
    /// /api/cases/{id}/attachments` answers them). E-mail attaches those within its size
    /// limit and links the rest; Teams, Slack and SMS link them. Only the files named here
    /// go: a file sent with an earlier message is not sent again unless named again.
    #[serde(default)]
    attachments: Vec<u32>,
}

/// The sender's words in the message (template variables of the same names).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct TextsBody {
    /// investigating, identified, monitoring or resolved.
    #[schema(value_type = String, example = "identified")]
    status: BulletinStatus,
    affected: String,
    not_working: String,
    alternative: String,
    instructions: String,
    estimate: Option<DateTime<Utc>>,
    cause: String,
    contact: String,
    link: String,
}

/// Sends a message about the case through the outbox: the template of `kind` rendered with
/// the case's facts and `texts` in each recipient's language, one copy per member and group
/// channel of the audiences (channels limited to other colours, and channels mim does not
/// send itself, are listed in `skipped`). Written in one transaction with the communication
/// it records; the dispatcher delivers the copies and records each delivery on the case.
/// A message refused as too large with its files (SMTP 552) goes once more at once with the
/// files' download links instead, both attempts on the case.
#[utoipa::path(post, path = "/api/cases/{id}/messages", operation_id = "send_message", request_body = SendBody,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "the case's ETag")),
    responses((status = 200, description = "what was queued (`queued`), what mim left to people (`skipped`), and the case"),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 404, body = ErrorEnvelope, description = "no such case"),
        (status = 409, body = ErrorEnvelope, description = "someone acted first, or this message is not sent in the case's stage"),
        (status = 422, body = ErrorEnvelope, description = "an unknown audience, nobody to reach, a file in `attachments` the case does not have, a bilingual bulletin in one language without `language_override`, a `next_update_local` the clocks skip or show twice; `field` names it"),
        (status = 428, body = ErrorEnvelope, description = "no case version given for a kind that records a communication")))]
pub async fn send(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    IfMatch(if_match): IfMatch,
    JsonBody(b): JsonBody<SendBody>,
) -> ApiResult<Json<SendReport>> {
    let id = super::case_id(&id)?;
    let t = b.texts;
    let req = SendMessage {
        kind: b.kind,
        audiences: b.audiences,
        texts: MessageTexts {
            status: t.status,
            affected: t.affected,
            not_working: t.not_working,
            alternative: t.alternative,
            instructions: t.instructions,
            estimate: t.estimate,
            cause: t.cause,
            contact: t.contact,
            link: t.link,
        },
        next_update_at: b.next_update_at,
        next_update_local: b.next_update_local,
        languages: b.languages,
        language_override: b.language_override,
        expected_version: b.expected_version.or(if_match),
        attachments: b.attachments,
    };
    Ok(Json(s.app.send_message(&p, &id, req).await?))
}
