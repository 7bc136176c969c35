//! `/api/vendors`: vendors and service providers.

use super::{same_id, with_etag, written};
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{Auth, IfMatch, JsonBody};
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mim_app::register::{Author, REGISTER_EDITORS};
use mim_domain::VendorId;
use mim_domain::register::Vendor;
use serde_json::Value;

/// A malformed id can't name a vendor: 404 like an unknown one.
pub(super) fn vendor_id(raw: &str) -> Result<VendorId, ApiError> {
    VendorId::new(raw).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, "not_found", e))
}

/// The vendors and service providers you may see (a vendor's users: their own only).
#[utoipa::path(get, path = "/api/vendors",
    responses((status = 200, body = Vec<super::schema::Vendor>, description = "the vendors"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles")))]
pub async fn vendors(State(s): State<WebState>, Auth(p): Auth) -> ApiResult<Json<Vec<Vendor>>> {
    Ok(Json(s.app.vendors(&p).await?))
}

/// One vendor or service provider.
#[utoipa::path(get, path = "/api/vendors/{id}", params(("id" = String, Path, example = "koulutieto")),
    responses((status = 200, body = super::schema::Vendor, description = "the vendor", headers(("ETag" = String, description = "the vendor's version"))),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such vendor, or not yours to see")))]
pub async fn vendor(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let v = s.app.vendor(&p, &vendor_id(&id)?).await?;
    Ok(with_etag(v.version, v.document))
}

/// Adds or replaces a vendor (admin, IT management). The body's `id` must match the path; the
/// older single `contact` is still read, as the first of `contacts`. With `If-Match`, only if
/// the vendor is still at that version (`"0"`: only if new).
#[utoipa::path(put, path = "/api/vendors/{id}", request_body = super::schema::Vendor,
    params(("id" = String, Path, example = "koulutieto"), ("If-Match" = Option<String>, Header, description = "the version the change is based on (the ETag of GET; \"0\" for a new vendor); without it the vendor is replaced whatever its version")),
    responses((status = 200, body = super::schema::VersionAnswer, description = "the new version", headers(("ETag" = String, description = "the new version"))),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 409, body = ErrorEnvelope, description = "the vendor changed since the `If-Match` version; `current_version` says which is current"),
        (status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 422, body = ErrorEnvelope, description = "a value breaks a rule, or a field is not one of the document's; `field` names it (`contacts[1].email`, `practice.progress_report_interval_minutes`)")))]
pub async fn put_vendor(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    IfMatch(based_on): IfMatch,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Response> {
    p.require(REGISTER_EDITORS, "changing the register")?;
    let vendor = super::strict::vendor(body)?;
    same_id(&id, vendor.id.as_str())?;
    let version = s
        .app
        .write_vendor(Author::User(&p), vendor, based_on)
        .await?;
    Ok(written(version))
}
