//! The OpenAPI document at `/api/openapi.json`, generated from the handlers and bodies.

use crate::api;
use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(title = "mim", description = "Major-incident management: one case from first report to closed. Authenticate with `Authorization: Bearer <token>` (from `mim token create`) or the session cookie from `POST /api/session`. Intake sources post to `/api/intake/{source}` with their own secret instead (see the README, \"Sending reports to mim\"). Errors share one shape: `{\"error\":{\"code\",\"message\",\"field\"?,\"position\"?,\"allowed\"?,\"current_version\"?,\"request_id\"}}`."),
    paths(
        api::health::healthz,
        api::session::login, api::session::logout, api::session::me,
        api::cases::list_cases, api::cases::open_case, api::cases::get_case, api::cases::run_command, api::cases::attach_evidence, api::cases::timeline, api::cases::triage,
        api::forms::form_json, api::forms::form_html, api::forms::form_markdown,
        api::register::organisation::organisation, api::register::organisation::put_organisation,
        api::register::history::organisation_history,
        api::register::systems::systems, api::register::systems::system, api::register::systems::put_system,
        api::register::history::system_history,
        api::register::vendors::vendors, api::register::vendors::vendor, api::register::vendors::put_vendor,
        api::register::history::vendor_history,
        api::users::list_users, api::users::add_user, api::users::deactivate_user, api::users::set_password,
        api::users::revoke_token,
        api::intake::receive, api::intake::receive_with_secret, api::intake::quarantine, api::intake::stats,
        api::intake::sources, api::intake::source, api::intake::put_source,
        api::reports::desk_report,
        api::sheets::matrices::export, api::sheets::matrices::template, api::sheets::matrices::import,
        api::sheets::cases::export_csv, api::sheets::cases::export_xlsx,
        api::sheets::systems::export, api::sheets::systems::import,
        api::templates::templates, api::templates::template, api::templates::put_template,
        api::templates::history, api::templates::preview,
        api::readiness::readiness, api::readiness::list_reviews, api::readiness::add_review,
        api::messages::send, api::attachments::upload, api::attachments::download,
    ),
    modifiers(&Security),
    security(("bearer" = []), ("session" = []))
)]
struct Doc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::extract::SESSION_COOKIE,
            ))),
        );
        // Intake sources prove themselves with their own secrets, not a user's token.
        components.add_security_scheme(
            "intake_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "the intake source's token (bearer sources), not a user's API token",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "intake_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                mim_app::intake::SIGNATURE_HEADER,
                "HMAC sources: `sha256=<hex>`, HMAC-SHA256 over the raw body with the source's secret",
            ))),
        );
    }
}

/// The whole document: the paths listed above and those features keep with their handlers.
fn whole() -> utoipa::openapi::OpenApi {
    Doc::openapi().merge_from(api::plan::PlanApi::openapi())
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(whole())
}

/// The document as pretty JSON, for `mim openapi`.
pub fn document_json() -> String {
    whole()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
