//! `/api/systems`: the critical systems.

use super::{same_id, with_etag, written};
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{Auth, IfMatch, JsonBody};
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mim_app::register::{Author, REGISTER_EDITORS};
use mim_domain::SystemId;
use mim_domain::register::CriticalSystem;
use serde_json::Value;

/// A malformed id can't name a system: 404 like an unknown one.
pub(super) fn system_id(raw: &str) -> Result<SystemId, ApiError> {
    SystemId::new(raw).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, "not_found", e))
}

/// The critical systems you may see (a vendor's users: their vendor's only).
#[utoipa::path(get, path = "/api/systems",
    responses((status = 200, body = Vec<super::schema::CriticalSystem>, description = "the critical systems"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles")))]
pub async fn systems(
    State(s): State<WebState>,
    Auth(p): Auth,
) -> ApiResult<Json<Vec<CriticalSystem>>> {
    Ok(Json(s.app.systems(&p).await?))
}

/// One critical system.
#[utoipa::path(get, path = "/api/systems/{id}", params(("id" = String, Path, example = "wilma")),
    responses((status = 200, body = super::schema::CriticalSystem, description = "the system", headers(("ETag" = String, description = "the system's version"))),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such system, or not yours to see")))]
pub async fn system(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let v = s.app.system(&p, &system_id(&id)?).await?;
    Ok(with_etag(v.version, v.document))
}

/// Adds or replaces a critical system (admin, IT management). The body's `id` must match the
/// path. With `If-Match`, only if the system is still at that version (`"0"`: only if new).
#[utoipa::path(put, path = "/api/systems/{id}", request_body = super::schema::CriticalSystem,
    params(("id" = String, Path, example = "wilma"), ("If-Match" = Option<String>, Header, description = "the version the change is based on (the ETag of GET; \"0\" for a new system); without it the system is replaced whatever its version")),
    responses((status = 200, body = super::schema::VersionAnswer, description = "the new version", headers(("ETag" = String, description = "the new version"))),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 409, body = ErrorEnvelope, description = "the system changed since the `If-Match` version; `current_version` says which is current"),
        (status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 422, body = ErrorEnvelope, description = "a value breaks a rule, or a field is not one of the document's; `field` names it (`backup_arrangements[0].steps[1].id`, `communication_plan.languages[0]`)")))]
pub async fn put_system(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    IfMatch(based_on): IfMatch,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Response> {
    p.require(REGISTER_EDITORS, "changing the register")?;
    let system = super::strict::system(body)?;
    same_id(&id, system.id.as_str())?;
    let version = s
        .app
        .write_system(Author::User(&p), system, based_on)
        .await?;
    Ok(written(version))
}
