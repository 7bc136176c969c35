//! The MIM form: JSON, printable HTML and Markdown, in the reader's language.

use super::{case_id, query};
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::Auth;
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mim_app::cases::FormView;
use mim_domain::Language;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FormQuery {
    /// fi, sv or en; defaults to the reader's own language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Language>,
}

async fn load(
    s: &WebState,
    p: &mim_app::Principal,
    id: &str,
    q: Option<String>,
) -> ApiResult<FormView> {
    let q: FormQuery = query(q)?;
    let mut view = s.app.form(p, &case_id(id)?).await?;
    if let Some(l) = q.lang {
        view.language = l;
    }
    Ok(view)
}

/// The MIM form as JSON: every section with who did what, when, in which role.
#[utoipa::path(get, path = "/api/cases/{id}/form", params(("id" = String, Path), FormQuery),
    responses((status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "the MIM form"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn form_json(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<FormView>> {
    Ok(Json(load(&s, &p, &id, q).await?))
}

/// The MIM form as a printable HTML page, times in the organisation's zone.
#[utoipa::path(get, path = "/api/cases/{id}/form.html", params(("id" = String, Path), FormQuery),
    responses((status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "text/html", content_type = "text/html"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn form_html(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let view = load(&s, &p, &id, q).await?;
    let html = s.renderer.form_html(&view)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        html,
    )
        .into_response())
}

/// The MIM form as Markdown.
#[utoipa::path(get, path = "/api/cases/{id}/form.md", params(("id" = String, Path), FormQuery),
    responses((status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "text/markdown", content_type = "text/markdown"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn form_markdown(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let view = load(&s, &p, &id, q).await?;
    let md = s.renderer.form_markdown(&view)?;
    Ok(([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], md).into_response())
}
