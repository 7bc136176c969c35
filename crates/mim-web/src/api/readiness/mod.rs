//! Readiness over HTTP: `GET /api/readiness` (what is missing before a disruption, and the
//! figure), `GET/POST /api/process-reviews` (the walk-throughs of the process). The
//! organisation's staff read them; admins and IT management record walk-throughs.

pub(crate) mod reviews;
pub(crate) mod view;

use super::query;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{Auth, JsonBody, from_value};
use crate::state::WebState;
use axum::Json;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use mim_app::Principal;
use mim_app::readiness::REVIEW_RECORDERS;
use mim_app::register::Author;
use mim_domain::Language;
use mim_domain::readiness::PROCESS_VERSION;
use reviews::{ReviewBody, ReviewView, ReviewsView, review_view};
use serde::Deserialize;
use utoipa::IntoParams;
use view::{ReadinessView, readiness_view};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/readiness", get(readiness))
        .route("/api/process-reviews", get(list_reviews).post(add_review))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// fi, sv or en; defaults to the reader's own language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Language>,
}

fn language(p: &Principal, q: Option<String>) -> ApiResult<Language> {
    let q: LangQuery = query(q)?;
    Ok(q.lang.unwrap_or(p.user.language))
}

/// What the preparation lacks before a disruption: per critical system and for the
/// organisation, each gap with a stable code and severity, the walk-throughs of the process
/// and the readiness figure (checks passed, in whole percent rounded down).
#[utoipa::path(get, path = "/api/readiness", params(LangQuery),
    responses((status = 200, body = ReadinessView, description = "the readiness report"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles (a vendor's users)"),
        (status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it")))]
pub async fn readiness(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<ReadinessView>> {
    let lang = language(&p, q)?;
    let report = s.app.readiness(&p).await?;
    Ok(Json(readiness_view(&report, lang, &s.catalogue)))
}

/// Every walk-through of the process, in the order recorded.
#[utoipa::path(get, path = "/api/process-reviews", params(LangQuery),
    responses((status = 200, body = ReviewsView, description = "the walk-throughs"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles (a vendor's users)"),
        (status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it")))]
pub async fn list_reviews(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<ReviewsView>> {
    let lang = language(&p, q)?;
    let reviews = s.app.process_reviews(&p).await?;
    Ok(Json(ReviewsView {
        process_version: PROCESS_VERSION.to_owned(),
        reviews: reviews
            .iter()
            .map(|r| review_view(r, lang, &s.catalogue))
            .collect(),
    }))
}

/// Records a walk-through of the process (admins and IT management). Records are kept as
/// written: a mistake is corrected by a new record whose note says so.
#[utoipa::path(post, path = "/api/process-reviews", request_body = ReviewBody,
    responses((status = 201, body = ReviewView, description = "the walk-through as recorded"),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles (admins and IT management record walk-throughs)"),
        (status = 413, body = ErrorEnvelope, description = "the body is too large"),
        (status = 415, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 422, body = ErrorEnvelope, description = "a value breaks a rule or a field is unknown; `field` names it (`reviewed_on`, `stage`, `participants[2]`, `led_by.user`)")))]
pub async fn add_review(
    State(s): State<WebState>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<ReviewView>)> {
    // The role first: someone who may not record learns nothing from the body's checks.
    p.require(REVIEW_RECORDERS, "recording a walk-through")?;
    let draft = from_value::<ReviewBody>(body, "")?.into_draft()?;
    let stored = s.app.add_process_review(Author::User(&p), draft).await?;
    Ok((
        StatusCode::CREATED,
        Json(review_view(&stored, p.user.language, &s.catalogue)),
    ))
}
