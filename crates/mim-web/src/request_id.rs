//! A request id for every request: sent back in `x-request-id` and in error bodies, and logged
//! with the cause of a 500, so a user's report can be matched to the log.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The current request's id, inside a request.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

pub async fn assign(req: Request, next: Next) -> Response {
    // A caller's own id (a proxy's, say) is kept when it is short and plain, so one request
    // can be followed across systems; anything else gets a fresh one.
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_owned);
    let path = loggable_path(req.uri().path());
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %path);
    let mut res = REQUEST_ID
        .scope(id.clone(), next.run(req))
        .instrument(span)
        .await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// The path as logged: an intake source's secret in the URL (`/api/intake/{source}/{secret}`)
/// is never written to the log.
fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path
        .strip_prefix("/api/intake/")
        .and_then(|rest| rest.split_once('/'))
    {
        Some((source, _secret)) => format!("/api/intake/{source}/<secret>").into(),
        None => path.into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn intake_secrets_stay_out_of_the_log() {
        assert_eq!(
            super::loggable_path("/api/intake/azure/s3cr3t"),
            "/api/intake/azure/<secret>"
        );
        assert_eq!(
            super::loggable_path("/api/intake/alertmanager"),
            "/api/intake/alertmanager"
        );
        assert_eq!(super::loggable_path("/api/cases/x"), "/api/cases/x");
    }
}
