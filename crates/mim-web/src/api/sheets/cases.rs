//! `GET /api/cases/export.csv` and `GET /api/cases/export.xlsx`: the cases of a period.

use super::attachment;
use crate::api::query;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::Auth;
use crate::state::WebState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::NaiveDate;
use mim_app::sheets::CasePeriod;
use mim_domain::Language;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The first day, YYYY-MM-DD, in the organisation's time zone.
    #[param(value_type = String, example = "2026-01-01")]
    pub from: Option<NaiveDate>,
    /// The last day, included.
    #[param(value_type = String, example = "2026-12-31")]
    pub to: Option<NaiveDate>,
    /// fi, sv or en; defaults to the organisation's language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Language>,
}

fn period(q: &PeriodQuery) -> Result<CasePeriod, ApiError> {
    let need = |field: &str| {
        ApiError::invalid(
            field,
            format!("{field}: give the day as YYYY-MM-DD (e.g. {field}=2026-01-31)"),
        )
    };
    let from = q.from.ok_or_else(|| need("from"))?;
    let to = q.to.ok_or_else(|| need("to"))?;
    Ok(CasePeriod::new(from, to)?)
}

/// The cases opened in a period as CSV that Finnish Excel opens as it is: UTF-8 with BOM,
/// `;` between fields, CRLF, decimal comma; columns id, system, title, impact, users,
/// duration (h), started and ended in the organisation's zone. Cells starting with
/// `= + - @` are neutralised with `'`.
#[utoipa::path(get, path = "/api/cases/export.csv", params(PeriodQuery),
    responses(
        (status = 200, description = "the CSV, as an attachment", content_type = "text/csv"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only staff roles may list cases"),
        (status = 422, body = ErrorEnvelope, description = "from or to is missing or wrong, or the period ends before it starts; `field` names it")))]
pub async fn export_csv(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let q: PeriodQuery = query(q)?;
    let period = period(&q)?;
    Ok(attachment(
        s.app.export_cases_csv(&p, period, q.lang).await?,
    ))
}

/// The cases opened in a period as a workbook: the CSV's columns as numbers and date-times,
/// then the MIM form's other fields; each case's timeline on a sheet of its own, in the order
/// things happened; text longer than a cell holds continues on a continuation sheet.
#[utoipa::path(get, path = "/api/cases/export.xlsx", params(PeriodQuery),
    responses(
        (status = 200, description = "the workbook, as an attachment", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only staff roles may list cases"),
        (status = 422, body = ErrorEnvelope, description = "from or to is missing or wrong, or the period ends before it starts; `field` names it")))]
pub async fn export_xlsx(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let q: PeriodQuery = query(q)?;
    let period = period(&q)?;
    let catalogue = s.catalogue.clone();
    let words = move |lang: Language, key: &str| catalogue.t(lang, key);
    Ok(attachment(
        s.app
            .export_cases_workbook(&p, period, q.lang, &words)
            .await?,
    ))
}
