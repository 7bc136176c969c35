//! `GET /api/matrices.xlsx`, `GET /api/matrices/template.xlsx` and
//! `POST /api/matrices/import`: the matrices workbook out and in.

use super::attachment;
use crate::api::query;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::Auth;
use crate::state::WebState;
use axum::Json;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use mim_app::AppError;
use mim_app::sheets::MatrixImport;
use mim_domain::Language;
use serde::Deserialize;
use utoipa::IntoParams;

/// The largest workbook an upload may be. A matrices workbook of a few hundred systems is
/// well under 1 MiB; the limit leaves room for pictures and extra sheets people keep in it.
pub const MAX_WORKBOOK_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// fi, sv or en for headings, colour and severity words; defaults to the organisation's
    /// language.
    #[param(value_type = Option<String>)]
    pub lang: Option<Language>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// true: only answer what would change; nothing is written.
    pub dry_run: Option<bool>,
}

/// The impact matrices as an Excel workbook: an instructions sheet, a sheet per critical
/// system you may see (the bands × severity grid, each cell coloured and carrying its word,
/// the legend, the system's details and backup arrangements) and a template for a new system.
#[utoipa::path(get, path = "/api/matrices.xlsx", operation_id = "export_matrices", params(LangQuery),
    responses(
        (status = 200, description = "the workbook, as an attachment", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only staff roles may read the register"),
        (status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it")))]
pub async fn export(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let q: LangQuery = query(q)?;
    Ok(attachment(s.app.export_matrices(&p, q.lang, false).await?))
}

/// A blank matrix workbook for a new system, starting from the organisation's default matrix.
#[utoipa::path(get, path = "/api/matrices/template.xlsx", params(LangQuery),
    responses(
        (status = 200, description = "the template, as an attachment", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only staff roles may read the register"),
        (status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it")))]
pub async fn template(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let q: LangQuery = query(q)?;
    Ok(attachment(s.app.export_matrices(&p, q.lang, true).await?))
}

/// Imports the impact matrices of a workbook sent as the raw request body (.xlsx; also .xls,
/// .xlsb, .ods). Reads the export's grid layout and flat lists with one row per matrix cell
/// (system, users at least, severity, colour, optionally valid from and response time). All
/// or nothing: any problem and nothing is imported, every problem named with its sheet and
/// cell. With `dry_run=true` nothing is written and the answer says what would change. The
/// answer lists each system with `changed`, the register `version` compared with,
/// `new_version` written, and `changes` (band limits, valid-from date, colours and response
/// times that change, cells the file left out, the matrix after).
#[utoipa::path(post, path = "/api/matrices/import", operation_id = "import_matrices", params(ImportQuery),
    request_body(content = super::UploadedFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the workbook file itself, not a form"),
    responses(
        (status = 200, body = super::schema::MatrixImportAnswer, description = "what was imported, or with dry_run what would be"),
        (status = 400, body = ErrorEnvelope, description = "`not_a_workbook`: empty, CSV, text or another format; the message says which"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only admins and IT management import matrices"),
        (status = 409, body = ErrorEnvelope, description = "a system changed in the register meanwhile; nothing was written"),
        (status = 413, body = ErrorEnvelope, description = "the workbook is larger than 8 MiB"),
        (status = 422, body = ErrorEnvelope, description = "`invalid_workbook`: `problems` lists every problem with its sheet and cell; nothing was imported")))]
pub async fn import(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<MatrixImport>> {
    let q: ImportQuery = query(q)?;
    let bytes = read_upload(&headers, body).await?;
    let outcome = s
        .app
        .import_matrices((&p).into(), &bytes, q.dry_run.unwrap_or(false))
        .await?;
    Ok(Json(outcome))
}

/// An uploaded file of at most [`MAX_WORKBOOK_BYTES`]; a larger one is 413 before it is read.
pub(super) async fn read_upload(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, ApiError> {
    let too_large = || {
        ApiError::from(AppError::TooLarge {
            limit: MAX_WORKBOOK_BYTES as u64,
        })
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_WORKBOOK_BYTES as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, MAX_WORKBOOK_BYTES)
        .await
        .map_err(|_| too_large())?;
    Ok(bytes.to_vec())
}
