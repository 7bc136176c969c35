//! `POST /api/cases/{id}/attachments` and `GET /api/cases/{id}/attachments/{n}`: files kept
//! with a case for its messages to carry. The file is the raw request body (not a form), its
//! type the `Content-Type` header, its name the `file_name` query parameter.

use super::{case_id, query};
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::Auth;
use crate::state::WebState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use mim_app::AppError;
use mim_app::cases::{MAX_ATTACHMENT_BYTES, Upload};
use mim_domain::CaseId;
use mim_store::StoredAttachment;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name as readers will see it (`häiriöraportti.pdf`): one name, no folder,
    /// no control characters, at most 200 bytes.
    pub file_name: Option<String>,
}

/// A file kept with the case.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    /// Its number on the case: name it in `attachments` of `POST /api/cases/{id}/messages`.
    id: u32,
    file_name: String,
    content_type: String,
    size: u64,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
    /// Where readers of the case download it.
    #[schema(example = "/api/cases/MIM-2026-0001/attachments/1")]
    link: String,
}

impl AttachmentView {
    fn of(case: &CaseId, a: StoredAttachment) -> Self {
        AttachmentView {
            id: a.reference.id,
            link: format!("/api/cases/{case}/attachments/{}", a.reference.id),
            file_name: a.reference.file_name.into(),
            content_type: a.reference.content_type.into(),
            size: a.reference.size,
            uploaded_by: a.uploaded_by.as_str().to_owned(),
            uploaded_at: a.uploaded_at,
        }
    }
}

/// Keeps a file with the case (the vendor's incident report, say) for messages to carry:
/// the file itself is the request body, its type `Content-Type`, its name `file_name`. At
/// most 32 MiB. Anyone who may add to the case may add a file; nothing is written when the
/// name, the type or the size is refused. The answer's `id` is what a message names in
/// `attachments`.
#[utoipa::path(post, path = "/api/cases/{id}/attachments", operation_id = "add_attachment",
    params(("id" = String, Path, example = "MIM-2026-0001"), UploadQuery),
    request_body(content = super::sheets::UploadedFile, content_type = "application/pdf", description = "the file itself, not a form; any media type"),
    responses(
        (status = 201, body = AttachmentView, description = "stored", headers(("Location" = String, description = "where to download it"))),
        (status = 400, body = ErrorEnvelope, description = "`empty_body`: the file is empty"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such case (or one a vendor may not see)"),
        (status = 413, body = ErrorEnvelope, description = "the file is larger than 32 MiB"),
        (status = 415, body = ErrorEnvelope, description = "no `Content-Type`, or a form instead of the file"),
        (status = 422, body = ErrorEnvelope, description = "`field` names what is wrong: `file_name` (missing, a folder in it, control characters, too long) or `Content-Type` (not type/subtype)")))]
pub async fn upload(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let id = case_id(&id)?;
    let q: UploadQuery = query(q)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| {
            v.to_str()
                .map(str::to_owned)
                .map_err(|_| ApiError::invalid("Content-Type", "Content-Type: not a media type"))
        })
        .transpose()?;
    match content_type.as_deref().map(str::trim) {
        None | Some("") => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the file's type as Content-Type (e.g. application/pdf)",
            ));
        }
        Some(t) if t.to_ascii_lowercase().starts_with("multipart/form-data") => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the file itself as the body with its own Content-Type, not a form",
            ));
        }
        Some(_) => {}
    }
    let Some(file_name) = q.file_name else {
        return Err(ApiError::invalid(
            "file_name",
            "file_name: give the file's name as the query parameter file_name",
        ));
    };
    let bytes = read_file(&headers, body).await?;
    if bytes.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "empty_body",
            "the body is empty; send the file itself",
        ));
    }
    let stored = s
        .app
        .add_attachment(
            &p,
            &id,
            Upload {
                file_name,
                content_type,
                bytes,
            },
        )
        .await?;
    let view = AttachmentView::of(&id, stored);
    let mut res = (StatusCode::CREATED, Json(&view)).into_response();
    if let Ok(v) = HeaderValue::from_str(&view.link) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// A file of the case, as it was uploaded: for whoever may read the case (a vendor only its
/// own systems' cases). This is the link messages give for files they do not attach.
#[utoipa::path(get, path = "/api/cases/{id}/attachments/{n}", operation_id = "download_attachment",
    params(("id" = String, Path, example = "MIM-2026-0001"), ("n" = u32, Path, description = "the file's number on the case")),
    responses(
        (status = 200, description = "the file, as an attachment with its name and type", content_type = "application/octet-stream"),
        (status = 401, body = ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"),
        (status = 404, body = ErrorEnvelope, description = "no such case or file (another case's file is not this case's)")))]
pub async fn download(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path((id, n)): Path<(String, String)>,
) -> ApiResult<Response> {
    let id = case_id(&id)?;
    let n: u32 = n.parse().map_err(|_| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("\"{n}\" is not a file number"),
        )
    })?;
    let (stored, bytes) = s.app.attachment_file(&p, &id, n).await?;
    let name = stored.reference.file_name.as_str();
    let headers = [
        (
            header::CONTENT_TYPE,
            stored.reference.content_type.to_string(),
        ),
        (header::CONTENT_DISPOSITION, content_disposition(name)),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        // An HTML or SVG file opened anyway runs no script in mim's origin.
        (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    Ok((headers, bytes).into_response())
}

/// The file at most [`MAX_ATTACHMENT_BYTES`] long; a larger one is 413, refused on its
/// declared length before it is read.
async fn read_file(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, ApiError> {
    let too_large = || {
        ApiError::from(AppError::TooLarge {
            limit: MAX_ATTACHMENT_BYTES as u64,
        })
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_ATTACHMENT_BYTES as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, MAX_ATTACHMENT_BYTES)
        .await
        .map_err(|_| too_large())?;
    Ok(bytes.to_vec())
}

/// `attachment` with the name twice (RFC 6266): an ASCII stand-in for old clients and the
/// UTF-8 name percent-encoded (RFC 8187).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_finnish_name_goes_both_ways() {
        assert_eq!(
            super::content_disposition("häiriö \"raportti\".pdf"),
            "attachment; filename=\"h_iri_ _raportti_.pdf\"; \
             filename*=UTF-8''h%C3%A4iri%C3%B6%20%22raportti%22.pdf"
        );
    }
}
