//! Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"):
//! the message as an Adaptive Card in the `{"type":"message","attachments":[…]}` envelope
//! that flow expects, within the ~28 KB message limit (shortened with a link, an alert list
//! cut by whole lines with the count of the rest, never refused for size). The subject and
//! the text travel only as `TextRun`s of `RichTextBlock`s, which Adaptive Cards never read as
//! Markdown, so a title cannot make a link, a mention or emphasis (`TextBlock` would); a line
//! of text is a block, since not every Teams client breaks lines inside a run. Attachments
//! go as links; the "full text" button only ever opens an http(s) address.
//!
//! Answers: a 2xx whose body reports an error (the old connectors answered 200 with
//! "Microsoft Teams endpoint returned HTTP error 413 …") is a failure of the status it names.
//! Refused as too large (413, plain or wrapped), the card is shrunk to half the bytes and
//! sent once more here — the channel is the one that knows how to shrink a card, and sending
//! the same payload again would fail the same way; refused again, it is permanent. A rate
//! limit (429) is transient and asks for at least 10 s, the wait Teams' throttling advice
//! gives, when no Retry-After says more. A Workflow answers 202 before it posts anything:
//! delivered as far as we can know, and recorded as unconfirmed.

use crate::attachments::plan_attachments;
use crate::config::TeamsConfig;
use crate::error::{ConfigError, SendError};
use crate::http::{self, Answer};
use crate::message::{Delivered, Outgoing};
use crate::shorten::{TEAMS_MAX_PAYLOAD_BYTES, compose};
use crate::{Channel, ChannelKind, words};
use reqwest::{StatusCode, Url};
use serde_json::{Value, json};
use std::time::Duration;

/// The least a rate-limited post waits before it is tried again, when Teams does not say.
const RATE_LIMIT_WAIT: Duration = Duration::from_secs(10);

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

    async fn post(&self, msg: &Outgoing, payload: &Value) -> Result<Answer, SendError> {
        let response = self
            .client
            .post(self.url.clone())
            .header("x-mim-message-id", &msg.message_id)
            .json(payload)
            .send()
            .await
            .map_err(http::request_failed)?;
        Ok(http::read(response).await)
    }
}

/// The JSON posted for `msg`: at most [`TEAMS_MAX_PAYLOAD_BYTES`], the text shortened (with
/// the link) as much as that needs.
pub fn teams_payload(msg: &Outgoing) -> Value {
    payload_within(msg, TEAMS_MAX_PAYLOAD_BYTES)
}

/// The payload for `msg` in at most `max_bytes` of JSON, measured whole: escapes and the
/// card's own parts count too.
fn payload_within(msg: &Outgoing, max_bytes: usize) -> Value {
    let msg = &*msg.displayable();
    let plan = plan_attachments(&msg.attachments, 0);
    let links = plan.links_text(msg.language);
    let text = compose(msg, links.as_deref(), |t| {
        envelope(msg, t).to_string().len() <= max_bytes
    });
    envelope(msg, &text)
}

/// A block of plain text runs: Adaptive Cards apply no Markdown to a `TextRun`.
fn plain(text: &str, spacing: Option<&str>, id: Option<&str>) -> Value {
    let mut block =
        json!({"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text}]});
    if let Some(spacing) = spacing {
        block["spacing"] = json!(spacing);
    }
    if let Some(id) = id {
        block["id"] = json!(id);
    }
    block
}

fn envelope(msg: &Outgoing, text: &str) -> Value {
    let mut title = plain(&msg.subject, None, Some("subject"));
    title["inlines"][0]["weight"] = json!("Bolder");
    title["inlines"][0]["size"] = json!("Medium");
    let mut body = vec![title];
    // A line is a block; an empty line starts the next block further down.
    let mut gap = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            gap = true;
            continue;
        }
        let spacing = if gap || body.len() == 1 {
            "Medium"
        } else {
            "None"
        };
        body.push(plain(line, Some(spacing), None));
        gap = false;
    }
    if msg.possible_duplicate {
        let mut note = plain(
            &format!(
                "{} ({})",
                words::possible_duplicate(msg.language),
                msg.message_id
            ),
            Some("Medium"),
            Some("possible-duplicate"),
        );
        note["inlines"][0]["isSubtle"] = json!(true);
        note["inlines"][0]["size"] = json!("Small");
        body.push(note);
    }
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "lang": msg.language.code(),
        "body": body,
        "msteams": {"width": "Full"},
    });
    // mim makes the link itself; still, a button never opens anything but a web page.
    if let Some(link) = msg.link.as_deref().filter(|l| is_web_link(l)) {
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

fn is_web_link(link: &str) -> bool {
    let lower = link.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[async_trait::async_trait]
impl Channel for TeamsChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Teams
    }

    async fn send(&self, msg: &Outgoing) -> Result<Delivered, SendError> {
        let payload = teams_payload(msg);
        let answer = self.post(msg, &payload).await?;
        let refused = match read(&answer) {
            Read::TooLarge(reason) => reason,
            Read::Failed(e) => return Err(e),
            Read::Delivered => return Ok(delivered(&answer, None)),
        };
        let size = payload.to_string().len();
        let smaller = payload_within(msg, size / 2);
        let shrunk = smaller.to_string().len();
        let answer = self.post(msg, &smaller).await?;
        match read(&answer) {
            Read::Delivered => Ok(delivered(&answer, Some((size, shrunk)))),
            Read::TooLarge(again) => Err(SendError::permanent(format!(
                "{again} (sent once more shrunk from {size} to {shrunk} bytes; first: {refused})"
            ))),
            Read::Failed(e) => Err(e),
        }
    }
}

fn delivered(answer: &Answer, shrunk: Option<(usize, usize)>) -> Delivered {
    let mut detail = format!("HTTP {}", answer.status);
    if answer.status == StatusCode::ACCEPTED {
        detail.push_str(", accepted by the workflow: its post to the channel is unconfirmed");
    }
    if let Some((from, to)) = shrunk {
        detail.push_str(&format!(
            ", after Teams refused the card as too large: shrunk from {from} to {to} bytes"
        ));
    }
    Delivered { detail }
}

/// How Teams answered a post.
enum Read {
    Delivered,
    /// Refused for its size: the same payload would be refused again.
    TooLarge(String),
    Failed(SendError),
}

fn read(answer: &Answer) -> Read {
    if answer.status == StatusCode::PAYLOAD_TOO_LARGE {
        return Read::TooLarge(format!("HTTP {}: {}", answer.status, answer.snippet()));
    }
    if let Err(e) = answer.outcome() {
        return Read::Failed(rate_limit_wait(e, answer.status.as_u16()));
    }
    match reported_error(answer) {
        None => Read::Delivered,
        Some((reason, Some(413))) => Read::TooLarge(reason),
        Some((reason, code)) => Read::Failed(match code {
            Some(c) if c == 408 || c == 429 || c >= 500 => {
                rate_limit_wait(SendError::transient(reason), c)
            }
            _ => SendError::permanent(reason),
        }),
    }
}

/// A 429 waits at least [`RATE_LIMIT_WAIT`].
fn rate_limit_wait(e: SendError, code: u16) -> SendError {
    match e {
        SendError::Transient {
            reason,
            retry_after,
        } if code == 429 => SendError::Transient {
            reason,
            retry_after: Some(retry_after.map_or(RATE_LIMIT_WAIT, |d| d.max(RATE_LIMIT_WAIT))),
        },
        e => e,
    }
}

/// A success status whose body says it failed, with the HTTP status the text names. Workflows
/// answer 202 with an empty body; the retired connectors answered 200 "1", or 200 with the
/// error text.
fn reported_error(answer: &Answer) -> Option<(String, Option<u16>)> {
    let body = answer.body.trim();
    let lower = body.to_lowercase();
    if body.is_empty() || body == "1" || !(lower.contains("error") || lower.contains("fail")) {
        return None;
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
    Some((reason, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status: StatusCode::from_u16(status).expect("a status"),
            retry_after: None,
            body: body.into(),
        }
    }

    #[test]
    fn an_error_in_a_200_is_a_failure() {
        assert!(matches!(read(&answer(202, "")), Read::Delivered));
        assert!(matches!(read(&answer(200, "1")), Read::Delivered));
        assert!(matches!(
            read(&answer(
                200,
                "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0",
            )),
            Read::TooLarge(_)
        ));
        let Read::Failed(e) = read(&answer(
            200,
            "Microsoft Teams endpoint returned HTTP error 429",
        )) else {
            panic!("a failure");
        };
        assert_eq!(e.retry_after(), Some(RATE_LIMIT_WAIT));
        let Read::Failed(e) = read(&answer(
            200,
            "Microsoft Teams endpoint returned HTTP error 400",
        )) else {
            panic!("a failure");
        };
        assert!(e.is_permanent());
    }
}
