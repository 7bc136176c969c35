//! The register: organisation settings, critical systems and vendors (read by staff, changed
//! by admins and IT management). Bodies are the domain's register documents.

use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{Auth, JsonBody, from_value};
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, State};
use mim_app::register::{ORGANISATION_EDITORS, REGISTER_EDITORS};
use mim_domain::register::{CriticalSystem, Organisation, Vendor};
use mim_domain::{SystemId, VendorId};
use serde_json::{Value, json};

/// The organisation: name, time zone, languages, MIM contact person and deputy, default matrix.
#[utoipa::path(get, path = "/api/organisation", responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "the organisation")))]
pub async fn organisation(
    State(s): State<WebState>,
    Auth(p): Auth,
) -> ApiResult<Json<Organisation>> {
    Ok(Json(s.app.organisation(&p).await?))
}

/// Replaces the organisation settings (admin).
#[utoipa::path(put, path = "/api/organisation", request_body = Object,
    responses((status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 200, description = "the new version"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn put_organisation(
    State(s): State<WebState>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    // The role first: someone who may not change it learns nothing from the body's checks.
    p.require(ORGANISATION_EDITORS, "changing the organisation settings")?;
    let org: Organisation = from_value(body, "")?;
    let version = s.app.put_organisation(Some(&p), org).await?;
    Ok(Json(json!({ "version": version })))
}

/// The critical systems.
#[utoipa::path(get, path = "/api/systems", responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "every critical system")))]
pub async fn systems(
    State(s): State<WebState>,
    Auth(p): Auth,
) -> ApiResult<Json<Vec<CriticalSystem>>> {
    Ok(Json(s.app.systems(&p).await?))
}

fn system_id(raw: &str) -> Result<SystemId, ApiError> {
    SystemId::new(raw).map_err(|e| ApiError::new(axum::http::StatusCode::NOT_FOUND, "not_found", e))
}

/// One critical system.
#[utoipa::path(get, path = "/api/systems/{id}", params(("id" = String, Path)),
    responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "the system"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn system(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<CriticalSystem>> {
    Ok(Json(s.app.system(&p, &system_id(&id)?).await?))
}

/// Adds or replaces a critical system (admin, IT management). The body's `id` must match.
#[utoipa::path(put, path = "/api/systems/{id}", params(("id" = String, Path)), request_body = Object,
    responses((status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "the new version"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn put_system(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    p.require(REGISTER_EDITORS, "changing the register")?;
    let system: CriticalSystem = from_value(body, "")?;
    if system.id.as_str() != id {
        return Err(ApiError::invalid(
            "id",
            format!("id: the body names \"{}\" but the path \"{id}\"", system.id),
        ));
    }
    let version = s.app.put_system(Some(&p), system).await?;
    Ok(Json(json!({ "version": version })))
}

/// The vendors and service providers.
#[utoipa::path(get, path = "/api/vendors", responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "every vendor")))]
pub async fn vendors(State(s): State<WebState>, Auth(p): Auth) -> ApiResult<Json<Vec<Vendor>>> {
    Ok(Json(s.app.vendors(&p).await?))
}

/// Adds or replaces a vendor (admin, IT management).
#[utoipa::path(put, path = "/api/vendors/{id}", params(("id" = String, Path)), request_body = Object,
    responses((status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 200, description = "the new version"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn put_vendor(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    p.require(REGISTER_EDITORS, "changing the register")?;
    let vendor: Vendor = from_value(body, "")?;
    let path_id = VendorId::new(&id).map_err(|e| ApiError::invalid("id", e))?;
    if vendor.id != path_id {
        return Err(ApiError::invalid(
            "id",
            format!("id: the body names \"{}\" but the path \"{id}\"", vendor.id),
        ));
    }
    let version = s.app.put_vendor(Some(&p), vendor).await?;
    Ok(Json(json!({ "version": version })))
}
