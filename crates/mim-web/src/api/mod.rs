//! The JSON API's routes, one file per resource.

mod case_dto;
pub(crate) mod cases;
pub(crate) mod forms;
pub(crate) mod health;
pub(crate) mod register;
pub mod schema;
pub(crate) mod session;
pub(crate) mod users;

pub use case_dto::{CommandBody, EvidenceBody, OpenCaseBody};

use crate::error::ApiError;
use crate::state::WebState;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post, put};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/api/openapi.json", get(crate::openapi::document))
        .route("/api/session", post(session::login).delete(session::logout))
        .route("/api/me", get(session::me))
        .route("/api/cases", get(cases::list).post(cases::open))
        .route("/api/cases/{id}", get(cases::get_case))
        .route("/api/cases/{id}/commands", post(cases::command))
        .route("/api/cases/{id}/evidence", post(cases::evidence))
        .route("/api/cases/{id}/timeline", get(cases::timeline))
        .route("/api/cases/{id}/form", get(forms::form_json))
        .route("/api/cases/{id}/form.html", get(forms::form_html))
        .route("/api/cases/{id}/form.md", get(forms::form_markdown))
        .route(
            "/api/organisation",
            get(register::organisation).put(register::put_organisation),
        )
        .route("/api/systems", get(register::systems))
        .route(
            "/api/systems/{id}",
            get(register::system).put(register::put_system),
        )
        .route("/api/vendors", get(register::vendors))
        .route("/api/vendors/{id}", put(register::put_vendor))
        .route("/api/users", get(users::list).post(users::add))
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such resource; see /api/openapi.json",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this resource does not take that method",
    )
}

/// Parses a case id from the path; a malformed one can't name a case, so it is 404.
pub(crate) fn case_id(raw: &str) -> Result<mim_domain::CaseId, ApiError> {
    raw.parse()
        .map_err(|e: String| ApiError::new(StatusCode::NOT_FOUND, "not_found", e))
}

/// Parses a query string into `T`, answering 422 naming the parameter.
pub(crate) fn query<T: serde::de::DeserializeOwned + Default>(
    raw: Option<String>,
) -> Result<T, ApiError> {
    match raw {
        None => Ok(T::default()),
        Some(q) => serde_urlencoded::from_str(&q)
            .map_err(|e| ApiError::invalid("query", format!("query: {e}"))),
    }
}
