//! The register over HTTP: organisation settings, critical systems and vendors (read by staff,
//! changed by admins and IT management), each with its history. Bodies are the domain's
//! register documents; a GET answers the document's version as its ETag, and a PUT sent with
//! `If-Match` replaces the document only if it is still at that version (409 otherwise).

// Public to the crate so `openapi.rs` reaches the `__path_*` items utoipa writes beside each
// handler.
pub(crate) mod history;
pub(crate) mod organisation;
pub(crate) mod schema;
pub mod strict;
pub(crate) mod systems;
pub(crate) mod vendors;

use crate::error::ApiError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

/// `body` with the ETag of `version`.
pub(crate) fn with_etag(version: u64, body: impl Serialize) -> Response {
    let mut res = (StatusCode::OK, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&crate::extract::etag_of(version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

/// What a PUT answers: the new version, in the body and as the ETag.
pub(crate) fn written(version: u64) -> Response {
    with_etag(version, json!({ "version": version }))
}

/// The path's id must be the body's: a PUT names one document.
fn same_id(path: &str, body: &str) -> Result<(), ApiError> {
    if path == body {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "id",
            format!("id: the body names \"{body}\" but the path \"{path}\""),
        ))
    }
}
