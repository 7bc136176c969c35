//! Liveness.

use crate::state::WebState;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// Answers 200 while the process serves and the store answers.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "mim is up")))]
pub async fn healthz(State(s): State<WebState>) -> Result<Json<Value>, crate::ApiError> {
    s.app.organisation_or_default().await?;
    Ok(Json(json!({"status": "ok"})))
}
