//! `/api/templates`: the organisation's message templates, one per kind of message and
//! language. A GET answers the shipped default (version 0) until someone edits it; a PUT is
//! checked before it is saved (a template that does not render, or a bulletin that leaves out
//! the service, the time of the update or the next update, is refused with 422 and nothing is
//! written); the preview renders an edited template before it is saved, with example facts
//! or the caller's, and counts what it would cost as SMS.

use crate::api::register::{with_etag, written};
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{Auth, IfMatch, JsonBody};
use crate::state::WebState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use mim_app::register::{Author, Versioned};
use mim_domain::Language;
use mim_messages::{MessageFacts, MessageKind, SmsEncoding, Template};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/templates", get(templates))
        .route(
            "/api/templates/{kind}/{lang}",
            get(template).put(put_template),
        )
        .route("/api/templates/{kind}/{lang}/history", get(history))
        .route("/api/templates/{kind}/{lang}/preview", post(preview))
}

/// One template at one version.
#[derive(Serialize, ToSchema)]
pub struct TemplateBody {
    /// What the message is for: `call_out`, `red_alert`, `first_notice`, `update`,
    /// `backup_in_use`, `mim_not_started`, `vendor_escalation`, `vendor_progress_demand`,
    /// `return_to_normal`, `walkthrough_invitation`, `update_reminder`, `alerts_resolved`, `case_reopened`.
    #[schema(example = "update")]
    kind: String,
    #[schema(example = "fi")]
    language: String,
    /// 0: the shipped default, not edited yet.
    version: u64,
    /// True while the shipped default applies.
    default: bool,
    /// One line; Jinja syntax with the documented variables (`{{ service }}`).
    subject: String,
    body: String,
    changed_at: Option<DateTime<Utc>>,
    /// A user name, or `cli:` and the operator's login.
    changed_by: Option<String>,
    changed_by_name: Option<String>,
}

impl From<Versioned<Template>> for TemplateBody {
    fn from(v: Versioned<Template>) -> Self {
        let (changed_at, changed_by, changed_by_name) = match v.changed {
            Some(c) => (Some(c.at), Some(c.by.to_string()), c.by_name),
            None => (None, None, None),
        };
        TemplateBody {
            kind: v.document.kind.to_string(),
            language: v.document.language.to_string(),
            version: v.version,
            default: v.version == 0,
            subject: v.document.subject,
            body: v.document.body,
            changed_at,
            changed_by,
            changed_by_name,
        }
    }
}

/// A template's new wording; kind and language come from the path.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateText {
    #[schema(example = "{{ service }}: häiriötiedote {{ updated_at }}")]
    subject: String,
    #[schema(
        example = "{{ service }} ei toimi. Seuraava tiedote viimeistään {{ next_update_at }}. Päivitetty {{ updated_at }}."
    )]
    body: String,
}

/// What to preview: the wording being edited (the current template's when left out) and the
/// facts to render it with (made-up example facts when left out).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    subject: Option<String>,
    body: Option<String>,
    /// The facts of a case, as the template variables' documentation lists them; times in
    /// UTC (RFC 3339), shown in the organisation's time zone.
    #[schema(value_type = Option<Object>)]
    facts: Option<MessageFacts>,
}

/// A rendered preview.
#[derive(Serialize, ToSchema)]
pub struct PreviewBody {
    subject: String,
    text: String,
    sms: SmsBody,
    /// Why saving this wording would be refused (422); absent when it may be saved.
    refused: Option<String>,
}

/// What the subject and text would cost as one SMS.
#[derive(Serialize, ToSchema)]
pub struct SmsBody {
    /// `gsm7`, or `ucs2` when a character is outside GSM-7 (then 70 characters a segment).
    encoding: &'static str,
    /// Characters as the encoding counts them (GSM-7 escapes count two).
    units: usize,
    segments: usize,
}

/// The path's kind and language; one that names no template is 404.
fn parse(kind: &str, lang: &str) -> Result<(MessageKind, Language), ApiError> {
    let not_found = |e: String| ApiError::new(StatusCode::NOT_FOUND, "not_found", e);
    Ok((
        kind.parse().map_err(not_found)?,
        lang.parse().map_err(not_found)?,
    ))
}

/// Every kind of message in each of the organisation's languages (the organisation's staff).
#[utoipa::path(get, path = "/api/templates", operation_id = "list_templates",
    responses((status = 200, body = Vec<TemplateBody>, description = "every template at its current version, by kind then language"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles (a vendor's users)")))]
pub async fn templates(
    State(s): State<WebState>,
    Auth(p): Auth,
) -> ApiResult<Json<Vec<TemplateBody>>> {
    let all = s.app.templates(&p).await?;
    Ok(Json(all.into_iter().map(TemplateBody::from).collect()))
}

/// One template at its current version (the shipped default, version 0, until edited).
#[utoipa::path(get, path = "/api/templates/{kind}/{lang}", operation_id = "get_template",
    params(("kind" = String, Path, example = "update"), ("lang" = String, Path, example = "sv")),
    responses((status = 200, body = TemplateBody, description = "the template", headers(("ETag" = String, description = "the template's version; \"0\" for the default"))),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such kind of message or language")))]
pub async fn template(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path((kind, lang)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (kind, lang) = parse(&kind, &lang)?;
    let v = s.app.template(&p, kind, lang).await?;
    Ok(with_etag(v.version, TemplateBody::from(v)))
}

/// Saves a new wording (admin, IT management, MIM contact person). Checked first: it must
/// render with every fact given and with none, and a bulletin must say the service, the time
/// of the update and (except the return to normal) the next update time. With `If-Match`,
/// only if the template is still at that version (`"0"`: only while the default applies).
#[utoipa::path(put, path = "/api/templates/{kind}/{lang}", operation_id = "put_template", request_body = TemplateText,
    params(("kind" = String, Path, example = "update"), ("lang" = String, Path, example = "fi"),
        ("If-Match" = Option<String>, Header, description = "the version the change is based on (the ETag of GET)")),
    responses((status = 200, body = crate::api::register::schema::VersionAnswer, description = "the new version", headers(("ETag" = String, description = "the new version"))),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such kind of message or language"),
        (status = 409, body = ErrorEnvelope, description = "the template changed since the `If-Match` version; `current_version` says which is current"),
        (status = 422, body = ErrorEnvelope, description = "the template would not work: `field` is `subject` or `body` and the message says why (a syntax error, an unknown variable, a bulletin leaving out the next update time…); or a field that is not one of the body's")))]
pub async fn put_template(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path((kind, lang)): Path<(String, String)>,
    IfMatch(based_on): IfMatch,
    JsonBody(text): JsonBody<TemplateText>,
) -> ApiResult<Response> {
    let (kind, language) = parse(&kind, &lang)?;
    let template = Template {
        kind,
        language,
        subject: text.subject,
        body: text.body,
    };
    let version = s
        .app
        .write_template(Author::User(&p), template, based_on)
        .await?;
    Ok(written(version))
}

/// Every saved version of one template, oldest first; empty while the default applies.
#[utoipa::path(get, path = "/api/templates/{kind}/{lang}/history", operation_id = "template_history",
    params(("kind" = String, Path, example = "update"), ("lang" = String, Path, example = "fi")),
    responses((status = 200, body = Vec<TemplateBody>, description = "every saved version, oldest first"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such kind of message or language")))]
pub async fn history(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path((kind, lang)): Path<(String, String)>,
) -> ApiResult<Json<Vec<TemplateBody>>> {
    let (kind, lang) = parse(&kind, &lang)?;
    let all = s.app.template_history(&p, kind, lang).await?;
    Ok(Json(all.into_iter().map(TemplateBody::from).collect()))
}

/// Renders a wording before it is saved (or the current one), with the given facts or
/// made-up example ones, times in the organisation's zone; says what an SMS of it would
/// cost and whether saving it would be refused. Writes nothing.
#[utoipa::path(post, path = "/api/templates/{kind}/{lang}/preview", operation_id = "preview_template", request_body = PreviewRequest,
    params(("kind" = String, Path, example = "first_notice"), ("lang" = String, Path, example = "sv")),
    responses((status = 200, body = PreviewBody, description = "the rendered message"),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such kind of message or language"),
        (status = 422, body = ErrorEnvelope, description = "the wording does not render (`field`: `subject` or `body`), or a field or fact that is not one of the body's")))]
pub async fn preview(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path((kind, lang)): Path<(String, String)>,
    JsonBody(req): JsonBody<PreviewRequest>,
) -> ApiResult<Json<PreviewBody>> {
    let (kind, language) = parse(&kind, &lang)?;
    let mut template = s.app.template(&p, kind, language).await?.document;
    if let Some(subject) = req.subject {
        template.subject = subject;
    }
    if let Some(body) = req.body {
        template.body = body;
    }
    let preview = s
        .app
        .preview_template(&p, &template, req.facts.as_ref())
        .await?;
    Ok(Json(PreviewBody {
        subject: preview.rendered.subject,
        text: preview.rendered.text,
        sms: SmsBody {
            encoding: match preview.sms.encoding {
                SmsEncoding::Gsm7 => "gsm7",
                SmsEncoding::Ucs2 => "ucs2",
            },
            units: preview.sms.units,
            segments: preview.sms.segments,
        },
        refused: preview.refused,
    }))
}
