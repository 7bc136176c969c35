//! Spreadsheets over HTTP: the impact matrices as a workbook (download, blank template,
//! upload with a dry run), the critical systems as CSV (download, upload with a dry run) and
//! the cases of a period as CSV or workbook. The handlers read the
//! query and the raw upload and hand a file back with its type and name; what goes into the
//! files, and who may have them, is the use cases'.

pub(crate) mod cases;
pub(crate) mod matrices;
mod schema;
pub(crate) mod systems;

use crate::state::WebState;
use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mim_app::sheets::Download;

/// An uploaded file: its bytes as the request body, not a form.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct UploadedFile(#[allow(dead_code)] Vec<u8>);

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/matrices.xlsx", get(matrices::export))
        .route("/api/matrices/template.xlsx", get(matrices::template))
        .route("/api/matrices/import", post(matrices::import))
        .route(
            "/api/systems.csv",
            get(systems::export).post(systems::import),
        )
        .route("/api/cases/export.csv", get(cases::export_csv))
        .route("/api/cases/export.xlsx", get(cases::export_xlsx))
}

/// A file as an attachment with its name. The names are ASCII by construction (ids, dates,
/// language codes), so the plain `filename` parameter is enough.
fn attachment(d: Download) -> Response {
    (
        [
            (header::CONTENT_TYPE, d.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", d.filename),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        d.bytes,
    )
        .into_response()
}
