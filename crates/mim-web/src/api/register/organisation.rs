//! `GET/PUT /api/organisation`: the organisation settings.

use super::{with_etag, written};
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{Auth, IfMatch, JsonBody};
use crate::state::WebState;
use axum::extract::State;
use axum::response::Response;
use mim_app::register::{Author, ORGANISATION_EDITORS};
use mim_domain::register::Organisation;
use serde::Serialize;
use serde_json::Value;

/// The organisation as it is read: the document and what follows from it.
#[derive(Serialize)]
struct OrganisationBody {
    #[serde(flatten)]
    organisation: Organisation,
    bilingual: bool,
}

/// The organisation: name, time zone, languages, MIM contact person and deputy, default
/// matrix (its bands are the user band limits), quiet period.
#[utoipa::path(get, path = "/api/organisation",
    responses((status = 200, body = super::schema::Organisation, description = "the organisation (version 0: the built-in defaults, never stored)", headers(("ETag" = String, description = "the organisation's version"))),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles")))]
pub async fn organisation(State(s): State<WebState>, Auth(p): Auth) -> ApiResult<Response> {
    let v = s.app.organisation(&p).await?;
    let bilingual = v.document.bilingual();
    Ok(with_etag(
        v.version,
        OrganisationBody {
            organisation: v.document,
            bilingual,
        },
    ))
}

/// Replaces the organisation settings (admin). With `If-Match`, only if they are still at
/// that version; `bilingual` is read-only and ignored.
#[utoipa::path(put, path = "/api/organisation", request_body = super::schema::Organisation,
    params(("If-Match" = Option<String>, Header, description = "the version the change is based on (the ETag of GET); without it the settings are replaced whatever their version")),
    responses((status = 200, body = super::schema::VersionAnswer, description = "the new version", headers(("ETag" = String, description = "the new version"))),
        (status = 400, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 409, body = ErrorEnvelope, description = "the settings changed since the `If-Match` version; `current_version` says which is current"),
        (status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"),
        (status = 422, body = ErrorEnvelope, description = "a value breaks a rule, or a field is not one of the document's; `field` names it (`default_matrix.bands`, `languages[1]`, `mim_contact`)")))]
pub async fn put_organisation(
    State(s): State<WebState>,
    Auth(p): Auth,
    IfMatch(based_on): IfMatch,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Response> {
    // The role first: someone who may not change it learns nothing from the body's checks.
    p.require(ORGANISATION_EDITORS, "changing the organisation settings")?;
    let org = super::strict::organisation(body)?;
    let version = s
        .app
        .write_organisation(Author::User(&p), org, based_on)
        .await?;
    Ok(written(version))
}
