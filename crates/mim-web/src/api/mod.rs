//! The JSON API's routes, one file per resource.

pub(crate) mod attachments;
mod case_dto;
pub(crate) mod cases;
pub(crate) mod forms;
pub(crate) mod health;
pub(crate) mod intake;
pub(crate) mod messages;
pub(crate) mod plan;
pub(crate) mod readiness;
pub(crate) mod register;
pub(crate) mod reports;
pub mod schema;
pub(crate) mod session;
pub(crate) mod sheets;
mod tagged;
pub(crate) mod templates;
pub(crate) mod users;

pub use case_dto::{CommandBody, EvidenceBody, OpenCaseBody, parse_evidence};

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
        .route("/api/cases", get(cases::list_cases).post(cases::open_case))
        .route("/api/triage", get(cases::triage))
        .route("/api/cases/{id}", get(cases::get_case))
        .route("/api/cases/{id}/commands", post(cases::run_command))
        .route("/api/cases/{id}/evidence", post(cases::attach_evidence))
        .route("/api/cases/{id}/messages", post(messages::send))
        .route("/api/cases/{id}/attachments", post(attachments::upload))
        .route(
            "/api/cases/{id}/attachments/{n}",
            get(attachments::download),
        )
        .route("/api/cases/{id}/timeline", get(cases::timeline))
        .route("/api/cases/{id}/form", get(forms::form_json))
        .route("/api/cases/{id}/form.html", get(forms::form_html))
        .route("/api/cases/{id}/form.md", get(forms::form_markdown))
        .route(
            "/api/organisation",
            get(register::organisation::organisation).put(register::organisation::put_organisation),
        )
        .route(
            "/api/organisation/history",
            get(register::history::organisation_history),
        )
        .route("/api/systems", get(register::systems::systems))
        .route(
            "/api/systems/{id}",
            get(register::systems::system).put(register::systems::put_system),
        )
        .route(
            "/api/systems/{id}/history",
            get(register::history::system_history),
        )
        .route("/api/vendors", get(register::vendors::vendors))
        .route(
            "/api/vendors/{id}",
            get(register::vendors::vendor).put(register::vendors::put_vendor),
        )
        .route(
            "/api/vendors/{id}/history",
            get(register::history::vendor_history),
        )
        .route("/api/users", get(users::list_users).post(users::add_user))
        .route("/api/users/{id}/deactivate", post(users::deactivate_user))
        .route("/api/users/{id}/password", put(users::set_password))
        .route(
            "/api/tokens/{id}",
            axum::routing::delete(users::revoke_token),
        )
        .route("/api/reports", post(reports::desk_report))
        .route("/api/intake/quarantine", get(intake::quarantine))
        .route("/api/intake/stats", get(intake::stats))
        .route("/api/intake/{source}", post(intake::receive))
        .route(
            "/api/intake/{source}/{secret}",
            post(intake::receive_with_secret),
        )
        .route("/api/sources", get(intake::sources))
        .route(
            "/api/sources/{id}",
            get(intake::source).put(intake::put_source),
        )
        .merge(sheets::routes())
        .merge(templates::routes())
        .merge(plan::routes())
        .merge(readiness::routes())
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
    let Some(q) = raw else {
        return Ok(T::default());
    };
    serde_urlencoded::from_str(&q).map_err(|e| {
        // serde_urlencoded reports no path; every parameter is optional, so the one that
        // fails on its own is the one at fault.
        let field = form_urlencoded::parse(q.as_bytes())
            .find(|(k, v)| {
                let alone = form_urlencoded::Serializer::new(String::new())
                    .append_pair(k, v)
                    .finish();
                serde_urlencoded::from_str::<T>(&alone).is_err()
            })
            .map_or_else(|| "query".to_owned(), |(k, _)| k.into_owned());
        ApiError::invalid(field.clone(), format!("{field}: {e}"))
    })
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Q {
        #[allow(dead_code)]
        open: Option<bool>,
        #[allow(dead_code)]
        limit: Option<u32>,
    }

    #[test]
    fn a_bad_query_parameter_is_named() {
        for (q, field) in [
            ("open=maybe", "open"),
            ("limit=x", "limit"),
            ("sort=x", "sort"),
        ] {
            let e = super::query::<Q>(Some(q.into())).unwrap_err();
            assert_eq!(
                e.body.field.as_deref(),
                Some(field),
                "{q}: {}",
                e.body.message
            );
        }
        assert!(super::query::<Q>(Some("open=true&limit=5".into())).is_ok());
    }
}
