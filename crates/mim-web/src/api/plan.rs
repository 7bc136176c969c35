//! `GET /api/preparedness-plan.html` and `GET /api/preparedness-plan.md`: the appendix for the
//! preparedness plan, printable or for pasting. Who may have it and what goes in it are the
//! use case's (`mim_app::plan`); the words and layout are `crate::plan`'s.

use super::query;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::Auth;
use crate::plan::{PlanFormat, render_with};
use crate::state::WebState;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mim_domain::Language;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/preparedness-plan.html", get(plan_html))
        .route("/api/preparedness-plan.md", get(plan_markdown))
}

/// These paths' part of the OpenAPI document, merged into the whole.
#[derive(OpenApi)]
#[openapi(paths(plan_html, plan_markdown))]
pub(crate) struct PlanApi;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// fi, sv or en for every heading, colour and severity word; defaults to the
    /// organisation's language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Language>,
}

async fn render(
    s: &WebState,
    p: &mim_app::Principal,
    q: Option<String>,
    format: PlanFormat,
) -> ApiResult<String> {
    let q: PlanQuery = query(q)?;
    let plan = s.app.preparedness_plan(p, q.lang).await?;
    Ok(render_with(&s.renderer, &s.catalogue, &plan, format)?)
}

/// The preparedness-plan appendix as a printable HTML page: the organisation's MIM process
/// and a sheet per critical system (details, the impact matrix with a word in every cell,
/// vendor and agreed practice, backup arrangements, communication plan), a page per system
/// when printed, times in the organisation's zone. For the organisation's own staff.
#[utoipa::path(get, path = "/api/preparedness-plan.html", params(PlanQuery),
    responses(
        (status = 200, description = "the appendix as HTML", content_type = "text/html"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only the organisation's own staff (not vendors, end users or stakeholders) may have the plan"),
        (status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it")))]
pub async fn plan_html(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let html = render(&s, &p, q, PlanFormat::Html).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // Everything is inline: no script, no image, no request leaves the page.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response())
}

/// The preparedness-plan appendix as Markdown for pasting into the plan: the same content,
/// tables with `|` and line breaks escaped in their cells.
#[utoipa::path(get, path = "/api/preparedness-plan.md", params(PlanQuery),
    responses(
        (status = 200, description = "the appendix as Markdown", content_type = "text/markdown"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only the organisation's own staff (not vendors, end users or stakeholders) may have the plan"),
        (status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it")))]
pub async fn plan_markdown(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let md = render(&s, &p, q, PlanFormat::Markdown).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        md,
    )
        .into_response())
}
