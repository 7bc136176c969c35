//! The HTTP front door of mim: the JSON API under `/api`, the error boundary that maps every
//! use-case error to one status and one body shape, the OpenAPI document, the MIM form's
//! printable HTML and Markdown, and the public end-user report form (`/report`). Handlers only
//! turn requests into use-case calls and results into responses: no business rule lives here,
//! and nothing here touches the database.

mod api;
mod error;
mod extract;
pub mod i18n;
mod openapi;
mod plan;
mod public;
mod render;
mod request_id;
mod state;

pub use api::readiness::reviews::{ReviewView, review_view};
pub use api::readiness::view::{ReadinessView, readiness_view, stage_title};
pub use api::register::strict as register_documents;
pub use error::ApiError;
pub use openapi::document_json as openapi_json;
pub use plan::{PlanFormat, render_plan};
pub use state::WebState;

use axum::Router;
use mim_app::App;
use std::future::Future;
use tokio::net::TcpListener;

/// Requests larger than this are refused with 413 before they are read further.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The whole HTTP surface.
pub fn router(app: App) -> Router {
    let state = WebState::new(app);
    api::routes()
        .merge(public::routes())
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(request_id::assign))
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer's address reaches handlers (the public form's rate limit counts by it).
    let service = router(app).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}
