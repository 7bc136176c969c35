//! `GET /api/systems.csv` and `POST /api/systems.csv`: the critical systems as CSV for
//! Excel, out and back in.

use super::attachment;
use super::matrices::{ImportQuery, LangQuery, read_upload};
use crate::api::query;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::Auth;
use crate::state::WebState;
use axum::Json;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use mim_app::sheets::SystemsImport;

/// The critical systems you may see as CSV that Finnish Excel opens as it is: id, name,
/// aliases (a line each), users, owner (name, kind, phone, e-mail), vendor, MIM contact and
/// deputy (user names), criticality notes. Backup arrangements, the communication plan,
/// selectors and the matrix are in the JSON documents and the matrices workbook.
#[utoipa::path(get, path = "/api/systems.csv", operation_id = "export_systems_csv", params(LangQuery),
    responses(
        (status = 200, description = "the CSV, as an attachment", content_type = "text/csv"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only staff roles may read the register"),
        (status = 422, body = ErrorEnvelope, description = "a query parameter is wrong; `field` names it")))]
pub async fn export(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let q: LangQuery = query(q)?;
    Ok(attachment(s.app.export_systems_csv(&p, q.lang).await?))
}

/// Imports critical systems from a CSV file sent as the raw body (`;` or `,`, with or without
/// BOM, headings in Finnish, Swedish or English; columns may be left out and keep their
/// values). A row whose id is new adds a system. All or nothing: any problem and nothing is
/// imported, every problem named by its line and column. `dry_run=true` writes nothing.
#[utoipa::path(post, path = "/api/systems.csv", operation_id = "import_systems_csv", params(ImportQuery),
    request_body(content = super::UploadedFile, content_type = "text/csv", description = "the CSV file itself"),
    responses(
        (status = 200, body = super::schema::SystemsImportAnswer, description = "per row: the system, `new`, `changed`, `fields` changed, `version` and `new_version`"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "only admins and IT management import systems"),
        (status = 409, body = ErrorEnvelope, description = "a system changed in the register meanwhile; nothing was written"),
        (status = 413, body = ErrorEnvelope, description = "the file is larger than 8 MiB"),
        (status = 422, body = ErrorEnvelope, description = "`invalid_workbook`: `problems` lists every problem by line and column; nothing was imported")))]
pub async fn import(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<SystemsImport>> {
    let q: ImportQuery = query(q)?;
    let bytes = read_upload(&headers, body).await?;
    let outcome = s
        .app
        .import_systems_csv((&p).into(), &bytes, q.dry_run.unwrap_or(false))
        .await?;
    Ok(Json(outcome))
}
