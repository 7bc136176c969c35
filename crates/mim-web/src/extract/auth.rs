//! The caller: a bearer token (`Authorization: Bearer mim_t_…`) or the session cookie.

use crate::error::ApiError;
use crate::state::WebState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use mim_app::{AppError, Principal};

pub const SESSION_COOKIE: &str = "mim_session";

pub struct Auth(pub Principal);

impl FromRequestParts<WebState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.headers.get(header::AUTHORIZATION) {
            let v = v.to_str().unwrap_or("");
            let token = v
                .strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .ok_or(ApiError::from(AppError::Unauthenticated))?;
            return Ok(Auth(state.app.authenticate_token(token.trim()).await?));
        }
        match session_cookie(parts) {
            Some(secret) => Ok(Auth(state.app.authenticate_session(&secret).await?)),
            None => Err(AppError::Unauthenticated.into()),
        }
    }
}

pub fn session_cookie(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
}
