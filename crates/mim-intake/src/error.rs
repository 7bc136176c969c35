//! Why a delivery was refused. Every variant is the sender's fault (HTTP 400 at the web layer);
//! none is ours, so there is no "internal" variant.

/// A refused delivery. The messages may quote a little of the body (cut short), never more.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    /// Zero bytes, or nothing but whitespace.
    #[error("the body is empty")]
    Empty,
    /// Not JSON at all: an unescaped quote or backslash, a truncated body, invalid UTF-8.
    /// `line` and `column` (in bytes) are 1-based and point where the reader gave up.
    #[error("the body is not valid JSON (line {line}, column {column}): {message}")]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid JSON of the wrong shape: `null`, `[]`, a missing `alerts`, a status that is
    /// neither firing nor resolved. `path` names the value at fault (`alerts[3].status`;
    /// `$` is the body itself).
    #[error("unexpected shape at {path}: {message}")]
    WrongShape { path: String, message: String },
}

impl IntakeError {
    /// A stable, machine-readable reason for responses and the quarantine list.
    pub fn code(&self) -> &'static str {
        match self {
            IntakeError::Empty => "empty_body",
            IntakeError::NotJson { .. } => "malformed_json",
            IntakeError::WrongShape { .. } => "wrong_shape",
        }
    }

    pub(crate) fn wrong(path: &str, message: impl Into<String>) -> Self {
        IntakeError::WrongShape {
            path: if path.is_empty() {
                "$".to_owned()
            } else {
                path.to_owned()
            },
            message: message.into(),
        }
    }
}

/// Quotes a sender's value in a message, cut to a readable length.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let mut shown: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        shown.push('…');
    }
    format!("{shown:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(IntakeError::Empty.code(), "empty_body");
        let bad = IntakeError::NotJson {
            line: 1,
            column: 2,
            message: "x".into(),
        };
        assert_eq!(bad.code(), "malformed_json");
        assert_eq!(IntakeError::wrong("", "x").code(), "wrong_shape");
    }

    #[test]
    fn root_path_is_dollar_and_quotes_are_cut() {
        assert_eq!(
            IntakeError::wrong("", "expected an object").to_string(),
            "unexpected shape at $: expected an object"
        );
        let long = "x".repeat(500);
        assert!(quote(&long).chars().count() < 70);
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
    }
}
