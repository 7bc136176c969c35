//! Intake: monitoring webhooks and other senders post reports to `/api/intake/{source}`, with
//! the source's token in `Authorization: Bearer …` or an HMAC signature in `X-Mim-Signature`,
//! or to `/api/intake/{source}/{secret}` when the sender can set no header (Azure Monitor).
//! A 202 means the delivery is committed. Bodies are read with the source's own size limit
//! (not the API's 1 MiB), and any `Content-Type` is accepted: senders label JSON variously.
//!
//! Also here: the sources themselves (`/api/sources`, admin and IT management) and the
//! quarantine of refused bodies (`/api/intake/quarantine`, admin).

use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{Auth, JsonBody, from_value};
use crate::state::WebState;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine;
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use mim_app::intake::{
    Delivery, IntakeGate, SIGNATURE_HEADER, SOURCE_EDITORS, SecretChange, SourcePut, SourceSpec,
};
use mim_domain::detection::SeverityMapping;
use mim_domain::register::{AuthKind, DEFAULT_MAX_BODY_BYTES, SourceFormat, SourceView};
use mim_store::{QUARANTINE_BODY_BYTES, Quarantined};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// What a 202 says.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptBody {
    /// The delivery's place in mim's inbox (the first copy's, for a duplicate).
    pub seq: u64,
    /// The same `Idempotency-Key` came from this source before: counted once.
    pub duplicate: bool,
    /// How many alerts and reports the delivery carried.
    pub signals: usize,
    /// Alerts the sender counted but left out of the body (Alertmanager `truncatedAlerts`).
    pub truncated_alerts: u32,
}

/// What reading a body gave.
enum Read {
    Whole(Bytes),
    /// Over the limit: its beginning (up to the quarantine's size) and its declared length.
    TooLarge {
        kept: Vec<u8>,
        declared: Option<u64>,
    },
}

fn unreadable(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "unreadable_body",
        format!("the body could not be read: {e}"),
    )
}

/// Appends frames to `buf` until it holds `want` bytes or the body ends.
async fn read_up_to(body: &mut Body, buf: &mut Vec<u8>, want: usize) -> Result<(), ApiError> {
    while buf.len() < want {
        match body.frame().await {
            None => break,
            Some(frame) => {
                if let Ok(data) = frame.map_err(unreadable)?.into_data() {
                    buf.extend_from_slice(&data);
                }
            }
        }
    }
    Ok(())
}

/// Reads a body of at most `limit` bytes. A longer one is not read to its end: its beginning is
/// kept for the quarantine. A body of one frame (the usual small webhook) is not copied.
async fn read_body(mut body: Body, limit: u64, declared: Option<u64>) -> Result<Read, ApiError> {
    let keep = QUARANTINE_BODY_BYTES;
    if declared.is_some_and(|n| n > limit) {
        let mut kept = Vec::new();
        read_up_to(&mut body, &mut kept, keep).await?;
        kept.truncate(keep);
        return Ok(Read::TooLarge { kept, declared });
    }
    let mut first: Option<Bytes> = None;
    let mut buf: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(unreadable)?.into_data() else {
            continue;
        };
        if first.is_none() && buf.is_empty() {
            first = Some(data);
        } else {
            if let Some(f) = first.take() {
                // Sized by what the sender declared, but never more than 1 MiB up front.
                let hint = declared.unwrap_or(0).min(limit).min(1024 * 1024);
                buf.reserve(usize::try_from(hint).unwrap_or(0).max(f.len() + data.len()));
                buf.extend_from_slice(&f);
            }
            buf.extend_from_slice(&data);
        }
        let seen = first.as_ref().map_or(buf.len(), Bytes::len) as u64;
        if seen > limit {
            if let Some(f) = first.take() {
                buf.extend_from_slice(&f);
            }
            read_up_to(&mut body, &mut buf, keep).await?;
            buf.truncate(keep);
            return Ok(Read::TooLarge {
                kept: buf,
                declared,
            });
        }
    }
    Ok(Read::Whole(first.unwrap_or_else(|| Bytes::from(buf))))
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

fn text_header<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, ApiError> {
    headers
        .get(name)
        .map(|v| {
            v.to_str().map_err(|_| {
                ApiError::invalid(name, format!("{name}: only visible ASCII characters"))
            })
        })
        .transpose()
}

async fn take(
    s: &WebState,
    source: &str,
    url_secret: Option<&str>,
    headers: &HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<ReceiptBody>)> {
    let bearer = bearer(headers);
    // The source and a token in the header or URL are checked before the body is read.
    let gate: IntakeGate = s.app.intake_gate(source, bearer, url_secret).await?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let bytes = match read_body(body, gate.max_body_bytes(), declared).await? {
        Read::Whole(bytes) => bytes,
        Read::TooLarge { kept, declared } => {
            return Err(s.app.refuse_oversized(&gate, &kept, declared).await.into());
        }
    };
    let receipt = s
        .app
        .receive(Delivery {
            source,
            bearer,
            url_secret,
            signature: text_header(headers, SIGNATURE_HEADER)?,
            idempotency_key: text_header(headers, "idempotency-key")?,
            body: &bytes,
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ReceiptBody {
            seq: receipt.seq,
            duplicate: receipt.duplicate,
            signals: receipt.signals,
            truncated_alerts: receipt.truncated,
        }),
    ))
}

/// Takes one report delivery from a source (token in the header, or a signed body).
///
/// The body is Alertmanager, Grafana, Zabbix or generic JSON as the source's format says.
/// Send the source's token as `Authorization: Bearer <token>`, or,
/// for an HMAC source, `X-Mim-Signature: sha256=<hex of HMAC-SHA256 over the raw body>`. A
/// 202 means the delivery is committed to mim's inbox. Any `Content-Type` is accepted; the
/// body may be up to the source's `max_body_bytes` (10 MiB by default).
#[utoipa::path(post, path = "/api/intake/{source}",
    params(
        ("source" = String, Path, description = "the source's id, e.g. `alertmanager`"),
        ("Idempotency-Key" = Option<String>, Header, description = "a resent delivery with the same key (from the same source, within 10 minutes) is counted once"),
        ("X-Mim-Signature" = Option<String>, Header, description = "for HMAC sources: `sha256=<hex>`, HMAC-SHA256 over the raw body with the source's secret"),
    ),
    request_body(content = Object, content_type = "application/json", description = "the sender's own JSON: Alertmanager webhook v4, Grafana webhook, mim's Zabbix media type, or mim's generic format (`crates/mim-intake/GENERIC.md`)"),
    security(("intake_token" = []), ("intake_signature" = [])),
    responses(
        (status = 202, body = ReceiptBody, description = "committed to the inbox"),
        (status = 400, body = ErrorEnvelope, description = "the body can't be read: `empty_body`, `malformed_json` (with `position`), `wrong_shape` (with `field`, the path in the body); it is kept in the quarantine"),
        (status = 401, body = ErrorEnvelope, description = "the token or signature is missing or wrong"),
        (status = 404, body = ErrorEnvelope, description = "no such source, or it is disabled"),
        (status = 413, body = ErrorEnvelope, description = "the body is larger than the source's limit"),
        (status = 422, body = ErrorEnvelope, description = "a header that is not visible ASCII; `field` names it"),
    ))]
pub async fn receive(
    State(s): State<WebState>,
    Path(source): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<ReceiptBody>)> {
    take(&s, &source, None, &headers, body).await
}

/// Takes one report delivery from a source whose secret is in the URL.
///
/// For senders that can set no header (Azure Monitor action groups: turn on the common alert schema). Otherwise as
/// `POST /api/intake/{source}`.
#[utoipa::path(post, path = "/api/intake/{source}/{secret}",
    params(
        ("source" = String, Path, description = "the source's id, e.g. `azure-monitor`"),
        ("secret" = String, Path, description = "the source's secret"),
        ("Idempotency-Key" = Option<String>, Header, description = "a resent delivery with the same key is counted once"),
    ),
    request_body(content = Object, content_type = "application/json", description = "the sender's own JSON, e.g. the Azure Monitor common alert schema"),
    security(()),
    responses(
        (status = 202, body = ReceiptBody, description = "committed to the inbox"),
        (status = 400, body = ErrorEnvelope, description = "the body can't be read: `empty_body`, `malformed_json` (with `position`), `wrong_shape` (with `field`); it is kept in the quarantine"),
        (status = 401, body = ErrorEnvelope, description = "the secret is wrong"),
        (status = 404, body = ErrorEnvelope, description = "no such source, or it is disabled"),
        (status = 413, body = ErrorEnvelope, description = "the body is larger than the source's limit"),
        (status = 422, body = ErrorEnvelope, description = "a header that is not visible ASCII; `field` names it"),
    ))]
pub async fn receive_with_secret(
    State(s): State<WebState>,
    Path((source, secret)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<ReceiptBody>)> {
    take(&s, &source, Some(&secret), &headers, body).await
}

// ---------------------------------------------------------------------------------------------
// Sources

/// A source as the API shows it: no secret, no hash of one.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceBody {
    #[schema(example = "alertmanager")]
    pub id: String,
    pub name: String,
    #[schema(value_type = crate::api::schema::SourceFormat)]
    pub format: SourceFormat,
    #[schema(value_type = crate::api::schema::AuthKind)]
    pub auth: AuthKind,
    #[schema(example = "Europe/Helsinki")]
    pub time_zone: String,
    /// `{"rules":[{"word":"critical","class":"prevents_work"},…]}`; unmapped words are
    /// `unclassified`.
    #[schema(value_type = Object)]
    pub severity_mapping: SeverityMapping,
    pub max_body_bytes: u64,
    pub enabled: bool,
    /// Where the source posts: `/api/intake/{id}`, or `/api/intake/{id}/{secret}` for a
    /// source with its secret in the URL.
    pub path: String,
}

impl From<SourceView> for SourceBody {
    fn from(v: SourceView) -> Self {
        let path = match v.auth {
            AuthKind::UrlSecret => format!("/api/intake/{}/{{secret}}", v.id),
            AuthKind::Bearer | AuthKind::Hmac => format!("/api/intake/{}", v.id),
        };
        SourceBody {
            id: v.id,
            name: v.name,
            format: v.format,
            auth: v.auth,
            time_zone: v.time_zone.name().to_owned(),
            severity_mapping: v.severity_mapping,
            max_body_bytes: v.max_body_bytes,
            enabled: v.enabled,
            path,
        }
    }
}

/// A source as an editor sends it. Absent optional fields take their defaults (PUT replaces
/// the source); the secret is kept unless `rotate_secret` or `secret` says otherwise, or the
/// kind of proof changes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutSourceBody {
    /// Optional; when given it must equal the path's id.
    pub id: Option<String>,
    pub name: String,
    #[schema(value_type = crate::api::schema::SourceFormat)]
    pub format: SourceFormat,
    /// `bearer` (Authorization header), `url_secret` (last URL segment) or `hmac`
    /// (`X-Mim-Signature` over the body).
    #[schema(value_type = crate::api::schema::AuthKind)]
    pub auth: AuthKind,
    /// The zone of sender times without one (IANA name); `Europe/Helsinki` by default.
    #[schema(example = "Europe/Helsinki")]
    pub time_zone: Option<String>,
    /// The source's severity words onto the four levels; none mapped by default.
    #[schema(value_type = Option<Object>)]
    pub severity_mapping: Option<SeverityMapping>,
    /// 1 KiB – 64 MiB; 10 MiB by default.
    pub max_body_bytes: Option<u64>,
    /// `true` by default; a disabled source is answered 404.
    pub enabled: Option<bool>,
    /// Make a new secret; the old one stops working at once.
    pub rotate_secret: Option<bool>,
    /// Use this secret (16–200 of `A–Z a–z 0–9 - _ . ~`) instead of a generated one.
    pub secret: Option<String>,
}

/// What a PUT did.
#[derive(Debug, Serialize, ToSchema)]
pub struct PutSourceAnswer {
    pub version: u64,
    pub source: SourceBody,
    /// The new secret, shown this once; absent when the secret was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// Every intake source, without secrets (admin, IT management).
#[utoipa::path(get, path = "/api/sources",
    responses((status = 200, body = Vec<SourceBody>, description = "every source"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles")))]
pub async fn sources(State(s): State<WebState>, Auth(p): Auth) -> ApiResult<Json<Vec<SourceBody>>> {
    let all = s.app.sources(&p).await?;
    Ok(Json(all.into_iter().map(SourceBody::from).collect()))
}

/// One intake source, without its secret (admin, IT management).
#[utoipa::path(get, path = "/api/sources/{id}", params(("id" = String, Path)),
    responses((status = 200, body = SourceBody, description = "the source"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 404, body = ErrorEnvelope, description = "not found")))]
pub async fn source(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<SourceBody>> {
    Ok(Json(s.app.source(&p, &id).await?.into()))
}

/// Adds (201) or replaces (200) an intake source (admin, IT management).
///
/// A new secret — for a new source, a rotation or a changed kind of proof — is in the answer, this once.
#[utoipa::path(put, path = "/api/sources/{id}", params(("id" = String, Path)), request_body = PutSourceBody,
    responses((status = 200, body = PutSourceAnswer, description = "replaced"), (status = 201, body = PutSourceAnswer, description = "created"), (status = 400, body = ErrorEnvelope, description = "the body is not JSON"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 413, body = ErrorEnvelope, description = "the body is too large"), (status = 415, body = ErrorEnvelope, description = "the body is not JSON"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn put_source(
    State(s): State<WebState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<(StatusCode, Json<PutSourceAnswer>)> {
    // The role first: someone who may not change sources learns nothing from the checks.
    p.require(SOURCE_EDITORS, "changing intake sources")?;
    let b: PutSourceBody = from_value(body, "")?;
    if let Some(body_id) = &b.id
        && body_id != &id
    {
        return Err(ApiError::invalid(
            "id",
            format!("id: the body names \"{body_id}\" but the path \"{id}\""),
        ));
    }
    let time_zone = match &b.time_zone {
        None => chrono_tz::Europe::Helsinki,
        Some(name) => name.trim().parse().map_err(|_| {
            ApiError::invalid(
                "time_zone",
                format!("time_zone: \"{name}\" is not an IANA time zone"),
            )
        })?,
    };
    let secret = match (b.secret, b.rotate_secret.unwrap_or(false)) {
        (Some(_), true) => {
            return Err(ApiError::invalid(
                "secret",
                "secret: give a secret or ask to rotate it, not both",
            ));
        }
        (Some(secret), false) => SecretChange::Set(secret),
        (None, true) => SecretChange::Generate,
        (None, false) => SecretChange::Keep,
    };
    let put: SourcePut = s
        .app
        .put_source(
            Some(&p),
            SourceSpec {
                id,
                name: b.name,
                format: b.format,
                auth: b.auth,
                time_zone,
                severity_mapping: b.severity_mapping.unwrap_or_default(),
                max_body_bytes: b.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
                enabled: b.enabled.unwrap_or(true),
                secret,
            },
        )
        .await?;
    let status = if put.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(PutSourceAnswer {
            version: put.version,
            source: put.source.into(),
            secret: put.secret,
        }),
    ))
}

// ---------------------------------------------------------------------------------------------
// Quarantine

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuarantineQuery {
    /// At most this many (1–1000; 100 by default).
    pub limit: Option<u32>,
}

/// A refused body, kept once however often it was sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuarantinedBody {
    /// SHA-256 (hex) of the body (for `payload_too_large`: of the part kept).
    pub body_sha256: String,
    pub source: String,
    /// `empty_body`, `malformed_json`, `wrong_shape` or `too_large`.
    pub reason_code: String,
    pub reason: String,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// How many times it was sent and refused.
    pub times: u64,
    /// The body's length in bytes as received (or declared, when too large to read).
    pub body_len: u64,
    /// The body, when it is UTF-8 text (cut to 64 KiB).
    pub body: Option<String>,
    /// The body in base64, when it is not UTF-8 text (cut to 64 KiB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
    /// Whether the body was cut.
    pub body_cut: bool,
}

impl From<Quarantined> for QuarantinedBody {
    fn from(q: Quarantined) -> Self {
        let body_cut = (q.body.len() as u64) < q.body_len;
        let (body, body_base64) = match String::from_utf8(q.body) {
            Ok(text) => (Some(text), None),
            Err(e) => (
                None,
                Some(base64::engine::general_purpose::STANDARD.encode(e.as_bytes())),
            ),
        };
        QuarantinedBody {
            body_sha256: q.body_sha256,
            source: q.source,
            reason_code: q.reason_code,
            reason: q.reason,
            first_at: q.first_at,
            last_at: q.last_at,
            times: q.times,
            body_len: q.body_len,
            body,
            body_base64,
            body_cut,
        }
    }
}

/// Refused intake bodies, the most recently refused first (admin).
///
/// Each distinct body is kept once, counting how often it came; the list keeps the newest 1000.
#[utoipa::path(get, path = "/api/intake/quarantine", params(QuarantineQuery),
    responses((status = 200, body = Vec<QuarantinedBody>, description = "refused bodies"), (status = 401, body = ErrorEnvelope, description = "no valid session or token"), (status = 403, body = ErrorEnvelope, description = "not allowed for your roles"), (status = 422, body = ErrorEnvelope, description = "a value breaks a rule; `field` names it")))]
pub async fn quarantine(
    State(s): State<WebState>,
    Auth(p): Auth,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<Vec<QuarantinedBody>>> {
    let q: QuarantineQuery = crate::api::query(q)?;
    let limit = match q.limit {
        None => 100,
        Some(n @ 1..=1000) => n,
        Some(_) => return Err(ApiError::invalid("limit", "limit: 1–1000")),
    };
    let kept = s.app.quarantined(&p, limit).await?;
    Ok(Json(kept.into_iter().map(QuarantinedBody::from).collect()))
}

/// The intake writer's group commit so far: groups committed, deliveries in them, and their
/// ratio (how many senders one disk flush served). Admin only.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct IntakeStats {
    pub groups: u64,
    pub deliveries: u64,
    pub deliveries_per_group: f64,
}

#[utoipa::path(get, path = "/api/intake/stats",
    responses((status = 200, body = IntakeStats, description = "the writer's counters"),
        (status = 401, body = crate::error::ErrorEnvelope, description = "no valid session or token"),
        (status = 403, body = crate::error::ErrorEnvelope, description = "not allowed for your roles")))]
pub async fn stats(
    axum::extract::State(s): axum::extract::State<crate::state::WebState>,
    crate::extract::Auth(p): crate::extract::Auth,
) -> crate::error::ApiResult<axum::Json<IntakeStats>> {
    p.require(
        mim_app::intake::QUARANTINE_READERS,
        "reading the intake counters",
    )?;
    let (groups, deliveries) = s.app.intake_stats();
    #[allow(clippy::cast_precision_loss)]
    let ratio = if groups == 0 {
        0.0
    } else {
        deliveries as f64 / groups as f64
    };
    Ok(axum::Json(IntakeStats {
        groups,
        deliveries,
        deliveries_per_group: ratio,
    }))
}
