//! The error boundary: every error becomes one status and one body shape,
//! `{"error":{"code","message","field"?,"position"?,"allowed"?,"current_version"?,"problems"?,"request_id"}}`, with a
//! stable `code`. Causes of 500s are logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mim_app::AppError;
use mim_domain::case::Refusal;
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Boxed: errors travel through every handler's `Result`, which should stay small.
    pub body: Box<ErrorBody>,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable: e.g. `invalid_field`, `illegal_move`, `version_conflict`.
    pub code: &'static str,
    /// For people; may change between versions.
    pub message: String,
    /// The request field at fault (`command.reason`, `If-Match`…); for a webhook body of the
    /// wrong shape, the path in the body (`alerts[3].status`, `$` for the body itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For a webhook body that is not JSON: where the reader gave up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// For `illegal_move`: the moves allowed now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// For conflicts: the case's current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For a workbook that can't be imported: every problem, each at its sheet and cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<SheetProblemBody>>,
}

/// One problem in an uploaded workbook, where the person who made it finds it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SheetProblemBody {
    /// None for a problem with the whole file.
    #[schema(example = "Wilma")]
    pub sheet: Option<String>,
    /// A1 reference, as Excel shows it; none for a whole sheet or file.
    #[schema(example = "C4")]
    pub cell: Option<String>,
    #[schema(example = "Wilma!C4: \"keltanen\" is not a colour")]
    pub message: String,
}

/// A place in a body: 1-based line and column (the column counted in bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: Box::new(ErrorBody {
                code,
                message: message.into(),
                field: None,
                position: None,
                allowed: None,
                current_version: None,
                request_id: None,
                problems: None,
            }),
            retry_after: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message).field(field)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        use StatusCode as S;
        let msg = e.to_string();
        match e {
            AppError::Unauthenticated => ApiError::new(S::UNAUTHORIZED, "unauthenticated", msg),
            AppError::LoginFailed => ApiError::new(S::UNAUTHORIZED, "login_failed", msg),
            AppError::TooManyAttempts { retry_after_secs } => {
                let mut err = ApiError::new(S::TOO_MANY_REQUESTS, "too_many_attempts", msg);
                err.retry_after = Some(retry_after_secs);
                err
            }
            AppError::Forbidden(m) => ApiError::new(S::FORBIDDEN, "forbidden", m),
            AppError::NotFound(_) => ApiError::new(S::NOT_FOUND, "not_found", msg),
            AppError::Invalid { field, message } => ApiError::new(
                S::UNPROCESSABLE_ENTITY,
                "invalid_field",
                format!("{field}: {message}"),
            )
            .field(field),
            AppError::Exists(m) => ApiError::new(S::CONFLICT, "already_exists", m),
            AppError::VersionRequired => {
                ApiError::new(S::PRECONDITION_REQUIRED, "version_required", msg)
            }
            AppError::Conflict {
                current_version,
                message,
            } => {
                let mut err = ApiError::new(S::CONFLICT, "version_conflict", message);
                err.body.current_version = current_version;
                err
            }
            AppError::Refused(r) => from_refusal(r),
            AppError::BadCredentials(m) => ApiError::new(S::UNAUTHORIZED, "unauthenticated", m),
            AppError::BadDelivery {
                code,
                message,
                line,
                column,
                path,
            } => {
                let mut err = ApiError::new(S::BAD_REQUEST, code, message);
                err.body.field = path;
                if let (Some(line), Some(column)) = (line, column) {
                    err.body.position = Some(Position { line, column });
                }
                err
            }
            AppError::BadWorkbook { readable, problems } => {
                // Not a workbook at all: the request was the wrong thing (400). A workbook
                // whose content can't be imported: the content is at fault (422).
                let (status, code) = if readable {
                    (S::UNPROCESSABLE_ENTITY, "invalid_workbook")
                } else {
                    (S::BAD_REQUEST, "not_a_workbook")
                };
                let mut err = ApiError::new(status, code, msg);
                err.body.problems = Some(
                    problems
                        .into_iter()
                        .map(|p| SheetProblemBody {
                            sheet: p.sheet,
                            cell: p.cell,
                            message: p.message,
                        })
                        .collect(),
                );
                err
            }
            AppError::TooLarge { .. } => {
                ApiError::new(S::PAYLOAD_TOO_LARGE, "payload_too_large", msg)
            }
            AppError::Internal(cause) => {
                tracing::error!(%cause, request_id = ?crate::request_id::current(), "internal error");
                ApiError::new(
                    S::INTERNAL_SERVER_ERROR,
                    "internal",
                    "something went wrong inside mim; the request id identifies it in the log",
                )
            }
        }
    }
}

fn from_refusal(r: Refusal) -> ApiError {
    use StatusCode as S;
    let msg = r.to_string();
    match r {
        Refusal::NotAllowedNow {
            stage,
            command,
            allowed,
        } => {
            let allowed: Vec<String> = allowed.iter().map(|k| k.code()).collect();
            let mut err = ApiError::new(
                S::CONFLICT,
                "illegal_move",
                format!(
                    "{} is not a move of stage {}; allowed now: {}",
                    command.code(),
                    stage.code(),
                    allowed.join(", ")
                ),
            );
            err.body.allowed = Some(allowed);
            err
        }
        Refusal::MissingRole { command, needs } => {
            let needs: Vec<&str> = needs.iter().map(|r| r.code()).collect();
            ApiError::new(
                S::FORBIDDEN,
                "missing_role",
                format!(
                    "{} needs one of the roles {}",
                    command.code(),
                    needs.join(", ")
                ),
            )
        }
        Refusal::NotNamedPerson { command, who } => ApiError::new(
            S::FORBIDDEN,
            "not_named_person",
            format!("{} may be done only by {who}", command.code()),
        ),
        Refusal::Precondition { code, message } => ApiError::new(S::CONFLICT, code, message),
        Refusal::Invalid { field, message } => ApiError::new(
            S::UNPROCESSABLE_ENTITY,
            "invalid_field",
            format!("command.{field}: {message}"),
        )
        .field(format!("command.{field}")),
    }
    .with_message_fallback(msg)
}

impl ApiError {
    fn with_message_fallback(mut self, msg: String) -> Self {
        if self.body.message.is_empty() {
            self.body.message = msg;
        }
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(mut self) -> Response {
        self.body.request_id = crate::request_id::current();
        let mut res =
            (self.status, axum::Json(ErrorEnvelope { error: *self.body })).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
