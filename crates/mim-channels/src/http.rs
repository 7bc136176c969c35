//! What the HTTP channels share: one client per channel with a timeout and no redirects, and
//! reading an answer as delivered, refused for good, or worth retrying.

use crate::error::{ConfigError, SendError};
use reqwest::{Response, StatusCode, Url};
use std::time::Duration;

/// A client for one channel. Redirects are not followed: a webhook that moved is a setting to
/// fix, and following one would turn a POST into a GET.
pub(crate) fn client(timeout_secs: u64) -> Result<reqwest::Client, ConfigError> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(timeout_secs.max(1)))
        .connect_timeout(Duration::from_secs(timeout_secs.clamp(1, 10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("mim/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| ConfigError::invalid("tls", e))
}

/// A URL the channel can post to.
pub(crate) fn url(field: &'static str, s: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(s).map_err(|e| ConfigError::invalid(field, e))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(ConfigError::invalid(
            field,
            format!("scheme {other} is not http or https"),
        )),
    }
}

/// A failure before an answer: a refused connection or a timeout may pass.
pub(crate) fn request_failed(e: reqwest::Error) -> SendError {
    // Without the URL: for Teams and Slack it is the secret.
    let e = e.without_url();
    if e.is_builder() {
        SendError::permanent(format!("the request could not be made: {e}"))
    } else {
        SendError::transient(format!("no answer: {e}"))
    }
}

/// An answer and its body (the first part of it, for the record).
pub(crate) struct Answer {
    pub status: StatusCode,
    pub retry_after: Option<Duration>,
    pub body: String,
}

pub(crate) async fn read(response: Response) -> Answer {
    let status = response.status();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    // A body that cannot be read leaves the status to decide.
    let body = response.text().await.unwrap_or_default();
    Answer {
        status,
        retry_after,
        body,
    }
}

impl Answer {
    /// 2xx is delivered; 408, 429 and 5xx may pass (with Retry-After when given); any other
    /// status is this message refused for good, 413 as too large.
    pub fn outcome(&self) -> Result<(), SendError> {
        let status = self.status;
        if status.is_success() {
            return Ok(());
        }
        let reason = format!("HTTP {status}: {}", self.snippet());
        if status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_MANY_REQUESTS
            || status.is_server_error()
        {
            Err(SendError::Transient {
                reason,
                retry_after: self.retry_after,
            })
        } else if status == StatusCode::PAYLOAD_TOO_LARGE {
            Err(SendError::TooLarge { reason })
        } else {
            Err(SendError::Permanent { reason })
        }
    }

    /// The body's first 300 characters, on one line.
    pub fn snippet(&self) -> String {
        let s: String = self.body.chars().take(300).collect();
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}
