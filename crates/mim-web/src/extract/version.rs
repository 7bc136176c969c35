//! The case version a command is based on, from `If-Match: "7"` (the ETag of the case).

use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

pub struct IfMatch(pub Option<u64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get(header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let s = v.to_str().unwrap_or("").trim();
        let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
        s.parse::<u64>().map(|n| IfMatch(Some(n))).map_err(|_| {
            ApiError::invalid(
                "If-Match",
                format!("If-Match: expected the case's ETag such as \"3\", got {s:?}"),
            )
        })
    }
}

/// The ETag of a case at `version`.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}
