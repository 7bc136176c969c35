//! The use-case layer's errors. The web crate maps each variant to one HTTP status, once.

use mim_domain::case::Refusal;
use mim_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No valid session or token.
    #[error("sign in first: no valid session or API token")]
    Unauthenticated,
    /// A login with a wrong user name or password.
    #[error("wrong user name or password")]
    LoginFailed,
    /// Too many wrong passwords for this user name: try again after the wait.
    #[error("too many failed logins for this user name; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: i64 },
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} was not found")]
    NotFound(String),
    /// A value is wrong; `field` names it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Something by that name exists already.
    #[error("{0}")]
    Exists(String),
    /// A command named no version of the case to base it on.
    #[error("name the case version the command is based on (If-Match header or expected_seq)")]
    VersionRequired,
    /// The case moved on since the version the command was based on; nothing was written.
    #[error("{message}")]
    Conflict {
        current_version: Option<u64>,
        message: String,
    },
    /// The process refused the command.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// An intake source's token, URL secret or signature is missing or wrong.
    #[error("{0}")]
    BadCredentials(String),
    /// A delivery that can't be read (kept in the quarantine): `code` is the intake's stable
    /// reason (`empty_body`, `malformed_json`, `wrong_shape`), with the position in the body
    /// (malformed JSON) or the path at fault (wrong shape).
    #[error("{message}")]
    BadDelivery {
        code: &'static str,
        message: String,
        line: Option<usize>,
        column: Option<usize>,
        path: Option<String>,
    },
    /// An uploaded workbook that can't be imported: every problem, each where the person who
    /// made the file finds it (`Wilma!C4`). Nothing was imported. `readable` is false when the
    /// file is no workbook at all (empty, CSV, another format).
    #[error("{}", workbook_message(problems))]
    BadWorkbook {
        readable: bool,
        problems: Vec<SheetProblem>,
    },
    /// A body over the limit that applies to it.
    #[error("the body is larger than {limit} bytes, the limit that applies to it")]
    TooLarge { limit: u64 },
    #[error("internal error: {0}")]
    Internal(String),
}

/// One thing wrong in an uploaded workbook, at its sheet and cell (A1) when it has one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SheetProblem {
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// The whole message, place first: `Wilma!C4: "keltanen" is not a colour`.
    pub message: String,
}

/// How many problems the message itself quotes; `problems` lists every one.
const PROBLEMS_IN_MESSAGE: usize = 10;

fn workbook_message(problems: &[SheetProblem]) -> String {
    let all: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    match all.len() {
        1 => format!("nothing was imported: {}", all[0]),
        n if n <= PROBLEMS_IN_MESSAGE => {
            format!("nothing was imported; {n} problems: {}", all.join("; "))
        }
        n => format!(
            "nothing was imported; {n} problems: {}; … and {} more (every one is in `problems`)",
            all[..PROBLEMS_IN_MESSAGE].join("; "),
            n - PROBLEMS_IN_MESSAGE
        ),
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound("the record".into()),
            StoreError::Conflict {
                current_version,
                message,
            } => AppError::Conflict {
                current_version,
                message,
            },
            StoreError::Other(cause) => {
                tracing::error!(error = %cause, source = ?cause.source(), "storage failed");
                AppError::Internal("storage failed".into())
            }
        }
    }
}
