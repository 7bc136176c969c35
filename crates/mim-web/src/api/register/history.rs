//! `…/history`: every version of a register document, oldest first, with who wrote it and
//! when (UTC).

use super::systems::system_id;
use super::vendors::vendor_id;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::Auth;
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use mim_app::register::Versioned;
use serde::Serialize;

/// One version as the API shows it.
#[derive(Serialize)]
pub struct VersionBody<T> {
    version: u64,
    changed_at: Option<DateTime<Utc>>,
    /// A user name, or `cli:` and the operator's login.
    changed_by: Option<String>,
    changed_by_name: Option<String>,
    document: T,
}

fn bodies<T>(versions: Vec<Versioned<T>>) -> Json<Vec<VersionBody<T>>> {
    Json(
        versions
            .into_iter()
            .map(|v| {
                let (at, by, name) = match v.changed {
                    Some(c) => (Some(c.at), Some(c.by.to_string()), c.by_name),
                    None => (None, None, None),
                };
                VersionBody {
                    version: v.version,
                    changed_at: at,
                    changed_by: by,
                    changed_by_name: name,
                    document: v.document,
                }
            })
            .collect(),
    )
}

/// Every version of the organisation settings (the organisation's own staff).
#[utoipa::path(get, path = "/api/organisation/history",
    responses((status = 200, body = Vec<super::schema::OrganisationVersion>, description = "every version, oldest first; empty while the built-in defaults apply"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles (a vendor's users)")))]
pub async fn organisation_history(
    State(s): State<WebState>,
    Auth(p): Auth,
) -> ApiResult<Json<Vec<VersionBody<mim_domain::register::Organisation>>>> {
    Ok(bodies(s.app.organisation_history(&p).await?))
}

/// Every version of one critical system (a vendor's users: the versions in which it was
/// their vendor's).
#[utoipa::path(get, path = "/api/systems/{id}/history", params(("id" = String, Path, example = "wilma")),
    responses((status = 200, body = Vec<super::schema::SystemVersion>, description = "every version, oldest first"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such system, or not yours to see")))]
pub async fn system_history(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<VersionBody<mim_domain::register::CriticalSystem>>>> {
    Ok(bodies(s.app.system_history(&p, &system_id(&id)?).await?))
}

/// Every version of one vendor.
#[utoipa::path(get, path = "/api/vendors/{id}/history", params(("id" = String, Path, example = "koulutieto")),
    responses((status = 200, body = Vec<super::schema::VendorVersion>, description = "every version, oldest first"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such vendor, or not yours to see")))]
pub async fn vendor_history(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<VersionBody<mim_domain::register::Vendor>>>> {
    Ok(bodies(s.app.vendor_history(&p, &vendor_id(&id)?).await?))
}
