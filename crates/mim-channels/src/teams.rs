//! Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"):
//! the message as an Adaptive Card in the `{"type":"message","attachments":[…]}` envelope
//! that flow expects, within the ~28 KB message limit (shortened with a link, never refused
//! for size). Attachments go as links. A 2xx whose body reports an error (the old connectors
//! answered 200 with "Microsoft Teams endpoint returned HTTP error 413 …") is a failure.

use crate::attachments::{plan_attachments, with_links};
use crate::config::TeamsConfig;
use crate::error::{ConfigError, SendError};
use crate::http::{self, Answer};
use crate::message::{Delivered, Outgoing};
use crate::shorten::{TEAMS_MAX_PAYLOAD_BYTES, TEAMS_TEXT_BYTES, shorten_to};
use crate::{Channel, ChannelKind, words};
use reqwest::Url;
use serde_json::{Value, json};

pub struct TeamsChannel {
    client: reqwest::Client,
    url: Url,
}

impl TeamsChannel {
    pub fn new(config: &TeamsConfig) -> Result<Self, ConfigError> {
        Ok(TeamsChannel {
            client: http::client(config.timeout_secs)?,
            url: http::url("url", config.url.expose())?,
        })
    }
}

/// The JSON posted for `msg`: at most [`TEAMS_MAX_PAYLOAD_BYTES`], the text shortened (with
/// the link) as much as that needs.
pub fn teams_payload(msg: &Outgoing) -> Value {
    let plan = plan_attachments(&msg.attachments, 0);
    let text = with_links(&msg.text, &plan, msg.language);
    let mut budget = TEAMS_TEXT_BYTES;
    loop {
        let fitted = shorten_to(&text, msg.language, msg.link.as_deref(), |t| {
            t.len() <= budget
        });
        let payload = envelope(msg, &fitted);
        let size = payload.to_string().len();
        if size <= TEAMS_MAX_PAYLOAD_BYTES || budget == 0 {
            return payload;
        }
        // JSON escapes and the card's other parts took the room: give the text less.
        budget = budget.saturating_sub(size - TEAMS_MAX_PAYLOAD_BYTES + 256);
    }
}

fn envelope(msg: &Outgoing, text: &str) -> Value {
    let mut body = vec![
        json!({"type": "TextBlock", "text": msg.subject, "weight": "Bolder", "size": "Medium", "wrap": true}),
        json!({"type": "TextBlock", "text": text, "wrap": true}),
    ];
    if msg.possible_duplicate {
        body.push(json!({
            "type": "TextBlock",
            "text": format!("{} ({})", words::possible_duplicate(msg.language), msg.message_id),
            "isSubtle": true, "size": "Small", "wrap": true
        }));
    }
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "lang": msg.language.code(),
        "body": body,
        "msteams": {"width": "Full"},
    });
    if let Some(link) = &msg.link {
        card["actions"] = json!([{
            "type": "Action.OpenUrl",
            "title": words::full_text(msg.language),
            "url": link
        }]);
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card
        }]
    })
}

#[async_trait::async_trait]
impl Channel for TeamsChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Teams
    }

    async fn send(&self, msg: &Outgoing) -> Result<Delivered, SendError> {
        let response = self
            .client
            .post(self.url.clone())
            .header("x-mim-message-id", &msg.message_id)
            .json(&teams_payload(msg))
            .send()
            .await
            .map_err(http::request_failed)?;
        let answer = http::read(response).await;
        answer.outcome()?;
        reported_error(&answer)?;
        Ok(Delivered {
            detail: format!("HTTP {}", answer.status),
        })
    }
}

/// A success status whose body says it failed. Workflows answer 202 with an empty body; the
/// retired connectors answered 200 "1", or 200 with the error text. The HTTP status named in
/// such a text decides whether it may pass (429, 5xx) or not.
fn reported_error(answer: &Answer) -> Result<(), SendError> {
    let body = answer.body.trim();
    let lower = body.to_lowercase();
    if body.is_empty() || body == "1" || !(lower.contains("error") || lower.contains("fail")) {
        return Ok(());
    }
    let reason = format!(
        "Teams answered {} but reported an error: {}",
        answer.status,
        answer.snippet()
    );
    let code = lower
        .split("http error")
        .nth(1)
        .and_then(|rest| rest.trim_start().get(..3))
        .and_then(|c| c.parse::<u16>().ok());
    match code {
        Some(c) if c == 408 || c == 429 || c >= 500 => Err(SendError::transient(reason)),
        _ => Err(SendError::permanent(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status: StatusCode::from_u16(status).expect("a status"),
            retry_after: None,
            body: body.into(),
        }
    }

    #[test]
    fn an_error_in_a_200_is_a_failure() {
        assert!(reported_error(&answer(202, "")).is_ok());
        assert!(reported_error(&answer(200, "1")).is_ok());
        let e = reported_error(&answer(
            200,
            "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0",
        ))
        .expect_err("a failure");
        assert!(e.is_permanent());
        let e = reported_error(&answer(
            200,
            "Microsoft Teams endpoint returned HTTP error 429",
        ))
        .expect_err("a failure");
        assert!(!e.is_permanent());
    }
}
