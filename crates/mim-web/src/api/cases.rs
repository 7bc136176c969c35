//! The case resource: list, open, read, command, evidence, timeline.

use super::{CommandBody, EvidenceBody, OpenCaseBody, case_id, parse_evidence, query};
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{Auth, IfMatch, JsonBody};
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mim_app::cases::CaseView;
use mim_domain::case::TimelineEntry;
use mim_store::CaseFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `true`: running cases; `false`: ended ones.
    pub open: Option<bool>,
    /// A stage code, e.g. `monitoring`.
    pub stage: Option<String>,
    /// `green`, `yellow` or `red`.
    pub colour: Option<String>,
    /// A critical system's id.
    pub system: Option<String>,
    /// Only exercises (`true`) or only real cases (`false`).
    pub exercise: Option<bool>,
    /// At most this many (1–1000; 200 by default).
    pub limit: Option<u32>,
}

impl ListQuery {
    fn filter(self) -> Result<CaseFilter, ApiError> {
        fn parsed<T>(
            field: &str,
            v: Option<String>,
            f: impl Fn(&str) -> Result<T, String>,
        ) -> Result<Option<T>, ApiError> {
            v.filter(|s| !s.trim().is_empty())
                .map(|s| f(s.trim()))
                .transpose()
                .map_err(|e| ApiError::invalid(field, format!("{field}: {e}")))
        }
        Ok(CaseFilter {
            open: self.open,
            stage: parsed("stage", self.stage, str::parse)?,
            colour: parsed("colour", self.colour, str::parse)?,
            system: parsed("system", self.system, |s| mim_domain::SystemId::new(s))?,
            exercise: self.exercise,
            vendor: None,
            limit: match self.limit {
                Some(0) | Some(1001..) => return Err(ApiError::invalid("limit", "limit: 1–1000")),
                l => l,
            },
        })
    }
}

/// Cases, newest first. Vendors see only their systems' cases.
#[utoipa::path(get, path = "/api/cases", params(ListQuery),
    responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, body = Vec<crate::api::schema::CaseListItem>, description = "case summaries"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn list_cases(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let filter = query::<ListQuery>(q)?.filter()?;
    Ok(Json(s.app.list_cases(&p, filter).await?).into_response())
}

fn with_etag(status: StatusCode, view: CaseView) -> Response {
    let etag = crate::extract::etag_of(view.case.version);
    let location = format!("/api/cases/{}", view.case.id);
    let mut res = (status, Json(view)).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    if status == StatusCode::CREATED
        && let Ok(v) = HeaderValue::from_str(&location)
    {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Opens a case from its first report (service desk, IT management or MIM contact person).
#[utoipa::path(post, path = "/api/cases", request_body = OpenCaseBody,
    responses((status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 201, body = crate::api::schema::CaseView, description = "the new case", headers(("ETag" = String, description = "the case version"), ("Location" = String))), (status = 400, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn open_case(
    State(s): State<WebState>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> ApiResult<Response> {
    // The role first: someone who may not open a case learns nothing from the body's checks.
    p.require(mim_app::cases::OPENERS, "opening a case")?;
    let b: OpenCaseBody = crate::extract::from_value(body, "")?;
    let view = s.app.open_case(&p, b.into()).await?;
    Ok(with_etag(StatusCode::CREATED, view))
}

/// One case: its state, the moves allowed now and those you may make. The ETag is its version.
#[utoipa::path(get, path = "/api/cases/{id}", params(("id" = String, Path, example = "MIM-2026-0001")),
    responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, body = crate::api::schema::CaseView, description = "the case", headers(("ETag" = String, description = "the case version"))), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn get_case(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let view = s.app.case(&p, &case_id(&id)?).await?;
    Ok(with_etag(StatusCode::OK, view))
}

/// Runs one process command, based on the case version in `If-Match` or `expected_seq`.
/// 409 `version_conflict` when someone acted first (nothing is written), 409 `illegal_move`
/// listing the moves allowed now, 403 for a missing role, 428 without a version.
#[utoipa::path(post, path = "/api/cases/{id}/commands", request_body = CommandBody,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "the case's ETag")),
    responses((status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 200, body = crate::api::schema::CaseView, description = "the case after the command", headers(("ETag" = String, description = "the new case version"))), (status = 400, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 404, body = ErrorEnvelope, description = "not found"), (status = 409, body = ErrorEnvelope, description = "a conflict: someone acted first, or the move is not allowed now"),
        (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it"), (status = 428, body = ErrorEnvelope, description = "no case version given")))]
pub async fn run_command(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    IfMatch(if_match): IfMatch,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> ApiResult<Response> {
    p.require(mim_app::cases::CASE_WORKERS, "working on a case")?;
    let b: CommandBody = crate::extract::from_value(body, "")?;
    let id = case_id(&id)?;
    let view = s
        .app
        .run_command(&p, &id, b.into_request(if_match)?)
        .await?;
    Ok(with_etag(StatusCode::OK, view))
}

/// Attaches a report, an alert or a note. No version needed; the stage never moves.
#[utoipa::path(post, path = "/api/cases/{id}/evidence", request_body = EvidenceBody, params(("id" = String, Path)),
    responses((status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 201, description = "the recorded event"), (status = 404, body = ErrorEnvelope, description = "not found"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn attach_evidence(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<serde_json::Value>,
) -> ApiResult<Response> {
    p.require(mim_app::cases::CASE_WORKERS, "adding to a case")?;
    let (evidence, at) = parse_evidence(b)?.split();
    let recorded = s
        .app
        .attach_evidence(&p, &case_id(&id)?, evidence, at)
        .await?;
    Ok((StatusCode::CREATED, Json(recorded)).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineBody {
    pub case_id: String,
    pub time_zone: String,
    #[schema(value_type = Vec<Object>)]
    pub entries: Vec<LocalEntry>,
}

/// A timeline entry with its times also in the organisation's zone.
#[derive(Debug, Serialize)]
pub struct LocalEntry {
    #[serde(flatten)]
    pub entry: TimelineEntry,
    pub kind: String,
    pub occurred_at_local: String,
    pub recorded_at_local: String,
}

pub fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The timeline: by when things happened, ties by recording order; entries recorded over five
/// minutes after the moment they describe carry `added_later`.
#[utoipa::path(get, path = "/api/cases/{id}/timeline", params(("id" = String, Path)),
    responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, body = TimelineBody, description = "done"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn timeline(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<TimelineBody>> {
    let t = s.app.timeline(&p, &case_id(&id)?).await?;
    let tz: Tz = t.time_zone.parse().unwrap_or(chrono_tz::Europe::Helsinki);
    let entries = t
        .entries
        .into_iter()
        .map(|entry| LocalEntry {
            kind: entry.event.kind(),
            occurred_at_local: local(entry.occurred_at, tz),
            recorded_at_local: local(entry.recorded_at, tz),
            entry,
        })
        .collect();
    Ok(Json(TimelineBody {
        case_id: t.case_id.to_string(),
        time_zone: t.time_zone,
        entries,
    }))
}

/// The triage queue: cases awaiting the criticality decision, red first, with the colour the
/// evidence suggests and whom it flags; the signals no system was found for; and
/// `updates_due`, the open cases whose next communication point is within the reminder lead
/// (`due`: `reminder_due`) or past (`overdue`), the earliest first.
#[utoipa::path(get, path = "/api/triage",
    responses((status = 200, description = "the triage queue"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles")))]
pub async fn triage(
    State(s): State<WebState>,
    Auth(p): Auth,
) -> ApiResult<Json<mim_app::cases::TriageQueue>> {
    Ok(Json(s.app.triage(&p).await?))
}
