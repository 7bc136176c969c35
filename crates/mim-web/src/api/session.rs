//! Logging in and out with a session cookie (HttpOnly, SameSite=Strict).

use crate::error::ApiResult;
use crate::extract::{Auth, JsonBody, SESSION_COOKIE};
use crate::state::WebState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mim_app::Principal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub name: String,
    #[schema(value_type = Vec<crate::api::schema::Role>)]
    pub roles: Vec<mim_domain::Role>,
    pub vendor: Option<String>,
    #[schema(value_type = crate::api::schema::Language)]
    pub language: mim_domain::Language,
}

impl From<&Principal> for Me {
    fn from(p: &Principal) -> Self {
        Me {
            id: p.user.id.to_string(),
            name: p.user.name.clone(),
            roles: p.user.roles.iter().copied().collect(),
            vendor: p.user.vendor.as_ref().map(ToString::to_string),
            language: p.user.language,
        }
    }
}

/// Logs in; answers with the user and sets the session cookie.
#[utoipa::path(post, path = "/api/session", request_body = LoginBody,
    responses((status = 200, body = Me, description = "done"), (status = 429, body = crate::error::ErrorEnvelope, description = "too many failed logins for the name; see Retry-After"), (status = 401, body = crate::error::ErrorEnvelope, description = "no valid session or token")))]
pub async fn login(
    State(s): State<WebState>,
    JsonBody(b): JsonBody<LoginBody>,
) -> ApiResult<Response> {
    let session = s.app.login(&b.username, &b.password).await?;
    let max_age = (session.expires_at - s.app.now()).num_seconds().max(0);
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}",
        session.secret
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| mim_app::AppError::Internal(e.to_string()))?,
    );
    Ok((headers, Json(Me::from(&session.principal))).into_response())
}

/// Logs out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/session", responses((status = 204, description = "done")))]
pub async fn logout(State(s): State<WebState>, req: axum::extract::Request) -> ApiResult<Response> {
    let (parts, _) = req.into_parts();
    if let Some(secret) = crate::extract::auth_cookie(&parts) {
        s.app.logout(&secret).await?;
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// Who am I.
#[utoipa::path(get, path = "/api/me", responses((status = 200, body = Me, description = "done"), (status = 401, body = crate::error::ErrorEnvelope, description = "no valid session or token")))]
pub async fn me(Auth(p): Auth) -> Json<Me> {
    Json(Me::from(&p))
}
