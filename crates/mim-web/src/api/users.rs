//! Users and their roles (admin).

use super::session::Me;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{Auth, JsonBody};
use crate::state::WebState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mim_app::Principal;
use mim_app::identity::NewUser;
use mim_domain::{Language, Role, UserId, VendorId};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    #[schema(value_type = String, example = "palvelupiste")]
    pub id: UserId,
    pub name: String,
    pub email: Option<String>,
    #[schema(value_type = Vec<crate::api::schema::Role>)]
    pub roles: Vec<Role>,
    #[schema(value_type = Option<String>)]
    pub vendor: Option<VendorId>,
    #[schema(value_type = Option<crate::api::schema::Language>)]
    pub language: Option<Language>,
    pub password: Option<String>,
}

/// Every user (admin, IT management).
#[utoipa::path(get, path = "/api/users", responses((status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 200, body = Vec<Me>, description = "done"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles")))]
pub async fn list_users(State(s): State<WebState>, Auth(p): Auth) -> ApiResult<Json<Vec<Me>>> {
    let users = s.app.users(&p).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|user| Me::from(&Principal { user }))
            .collect(),
    ))
}

/// Adds a user (admin).
#[utoipa::path(post, path = "/api/users", request_body = NewUserBody,
    responses((status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 201, body = Me, description = "created"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 409, body = ErrorEnvelope, description = "a conflict: someone acted first, or the move is not allowed now"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn add_user(
    State(s): State<WebState>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<Me>)> {
    // The role first: someone who may not add users learns nothing from the body's checks.
    p.require(mim_app::identity::USER_ADMINS, "adding a user")?;
    let b: NewUserBody = crate::extract::from_value(body, "")?;
    let user = s
        .app
        .add_user(
            Some(&p),
            NewUser {
                id: b.id,
                name: b.name,
                email: b.email,
                roles: b.roles.into_iter().collect(),
                vendor: b.vendor,
                language: b.language.unwrap_or(Language::Fi),
                password: b.password,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Me::from(&Principal { user }))))
}

fn user_id(raw: &str) -> Result<UserId, crate::ApiError> {
    UserId::new(raw).map_err(|e| crate::ApiError::new(StatusCode::NOT_FOUND, "not_found", e))
}

/// Takes a user's access away (admin): sessions end, tokens stop working.
#[utoipa::path(post, path = "/api/users/{id}/deactivate", params(("id" = String, Path)),
    responses((status = 200, body = Me, description = "the deactivated user"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn deactivate_user(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Me>> {
    let user = s.app.deactivate_user(Some(&p), &user_id(&id)?).await?;
    Ok(Json(Me::from(&Principal { user })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    /// At least 10 characters.
    pub password: String,
}

/// Sets a new password (an admin, or the user for themself); the user's sessions end.
#[utoipa::path(put, path = "/api/users/{id}/password", params(("id" = String, Path)), request_body = PasswordBody,
    responses((status = 204, description = "done"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 404, body = ErrorEnvelope, description = "not found"),
        (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn set_password(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<PasswordBody>,
) -> ApiResult<StatusCode> {
    s.app
        .set_password(Some(&p), &user_id(&id)?, &b.password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes an API token by its id (admin).
#[utoipa::path(delete, path = "/api/tokens/{id}", params(("id" = String, Path)),
    responses((status = 204, description = "done"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn revoke_token(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    s.app.revoke_token(Some(&p), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
