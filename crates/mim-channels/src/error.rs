//! How a send fails, in the two ways the dispatcher must tell apart, and how a channel's
//! settings are refused.

use std::time::Duration;

/// Why a send did not go out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The other end refused this message and would refuse it again (SMTP 5xx such as 550 or
    /// 552, HTTP 4xx other than 408 and 429, a Teams 200 whose body reports a refusal, a
    /// message that cannot be built): never retry it identically.
    #[error("refused for good: {reason}")]
    Permanent { reason: String },
    /// Refused for good as too large (SMTP 552, HTTP 413): this message would be refused
    /// again, a smaller one may pass — without its files, say.
    #[error("refused as too large: {reason}")]
    TooLarge { reason: String },
    /// Worth trying again later (connection refused, a timeout, SMTP 4xx, HTTP 5xx, 408,
    /// 429). `retry_after` is the other end's Retry-After when it gave one, or the least wait
    /// a channel knows its service wants (Teams: 10 s after a rate limit, C18).
    #[error("failed for now: {reason}")]
    Transient {
        reason: String,
        retry_after: Option<Duration>,
    },
}

impl SendError {
    pub fn permanent(reason: impl Into<String>) -> Self {
        SendError::Permanent {
            reason: reason.into(),
        }
    }

    pub fn transient(reason: impl Into<String>) -> Self {
        SendError::Transient {
            reason: reason.into(),
            retry_after: None,
        }
    }

    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            SendError::Permanent { .. } | SendError::TooLarge { .. }
        )
    }

    pub fn is_too_large(&self) -> bool {
        matches!(self, SendError::TooLarge { .. })
    }

    /// How long the other end asked us to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            SendError::Transient { retry_after, .. } => *retry_after,
            SendError::Permanent { .. } | SendError::TooLarge { .. } => None,
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            SendError::Permanent { reason }
            | SendError::TooLarge { reason }
            | SendError::Transient { reason, .. } => reason,
        }
    }
}

/// A channel's settings that cannot work, found when the channel is built rather than at
/// the first send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl ConfigError {
    pub(crate) fn invalid(field: &'static str, message: impl ToString) -> Self {
        ConfigError::Invalid {
            field,
            message: message.to_string(),
        }
    }
}
