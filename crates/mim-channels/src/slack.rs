//! Slack incoming webhooks: a header block with the subject and the text in section blocks
//! (Slack's mrkdwn, with `&`, `<` and `>` escaped so nothing in the text becomes a mention or
//! a link it did not say), within Slack's limits — shortened with a link, never refused for
//! size. A subject over the header's 150 characters is cut there with "…" and given whole
//! in the first section; an alert list is cut by whole lines with the count of the rest.
//! Attachments go as links.

use crate::attachments::plan_attachments;
use crate::config::SlackConfig;
use crate::error::{ConfigError, SendError};
use crate::http;
use crate::message::{Delivered, Outgoing};
use crate::shorten::{
    SLACK_BLOCKS_MAX_CHARS, SLACK_HEADER_MAX_CHARS, SLACK_SECTION_MAX_CHARS, compose, ellipsized,
    slack_escaped_len,
};
use crate::{Channel, ChannelKind, words};
use reqwest::Url;
use serde_json::{Value, json};

pub struct SlackChannel {
    client: reqwest::Client,
    url: Url,
}

impl SlackChannel {
    pub fn new(config: &SlackConfig) -> Result<Self, ConfigError> {
        Ok(SlackChannel {
            client: http::client(config.timeout_secs)?,
            url: http::url("url", config.url.expose())?,
        })
    }
}

/// The JSON posted for `msg`.
pub fn slack_payload(msg: &Outgoing) -> Value {
    let msg = &*msg.displayable();
    let plan = plan_attachments(&msg.attachments, 0);
    let links = plan.links_text(msg.language);
    let header = ellipsized(&msg.subject, SLACK_HEADER_MAX_CHARS);
    // A cut title is still read whole, at the top of the text.
    let full_subject = (header != msg.subject).then(|| msg.subject.trim().to_string());
    let room = SLACK_BLOCKS_MAX_CHARS - full_subject.as_deref().map_or(0, slack_escaped_len);
    let text = compose(msg, links.as_deref(), |t| slack_escaped_len(t) <= room);

    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": header, "emoji": true}
    })];
    for section in full_subject
        .iter()
        .flat_map(|s| sections(s))
        .chain(sections(&text))
    {
        blocks.push(json!({
            "type": "section",
            "text": {"type": "mrkdwn", "text": escape(&section)}
        }));
    }
    if msg.possible_duplicate {
        blocks.push(json!({
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": escape(&format!(
                "{} ({})", words::possible_duplicate(msg.language), msg.message_id
            ))}]
        }));
    }
    json!({
        // What notifications and clients without blocks show.
        "text": escape(&format!("{}\n{text}", msg.subject)),
        "blocks": blocks,
    })
}

/// `text` in pieces of at most [`SLACK_SECTION_MAX_CHARS`] once escaped, split at a line
/// break, else at a space, else anywhere.
fn sections(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if slack_escaped_len(rest) <= SLACK_SECTION_MAX_CHARS {
            out.push(rest.to_string());
            break;
        }
        // The longest beginning that fits, in bytes.
        let mut used = 0;
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            used += slack_escaped_len(c.encode_utf8(&mut [0; 4]));
            if used > SLACK_SECTION_MAX_CHARS {
                break;
            }
            end = i + c.len_utf8();
        }
        let head = &rest[..end];
        let cut = head
            .rfind('\n')
            .or_else(|| head.rfind(char::is_whitespace))
            .filter(|&i| i > 0)
            .unwrap_or(end);
        out.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    out
}

/// Slack's mrkdwn escaping: only these three are control characters.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[async_trait::async_trait]
impl Channel for SlackChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Slack
    }

    async fn send(&self, msg: &Outgoing) -> Result<Delivered, SendError> {
        let response = self
            .client
            .post(self.url.clone())
            .json(&slack_payload(msg))
            .send()
            .await
            .map_err(http::request_failed)?;
        // Slack answers 200 "ok"; its refusals come as 4xx with a word such as
        // `invalid_payload` or `channel_is_archived`, rate limits as 429.
        let answer = http::read(response).await;
        answer.outcome()?;
        Ok(Delivered {
            detail: format!("HTTP {} {}", answer.status, answer.snippet()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_stay_under_the_limit_and_lose_nothing() {
        let text = "Rivi <a> & b.\n".repeat(600);
        let parts = sections(&text);
        assert!(parts.len() > 1);
        assert!(
            parts
                .iter()
                .all(|p| slack_escaped_len(p) <= SLACK_SECTION_MAX_CHARS)
        );
        let joined: String = parts.join("\n");
        assert_eq!(
            joined.split_whitespace().count(),
            text.split_whitespace().count()
        );
    }

    #[test]
    fn a_word_longer_than_a_section_is_cut() {
        let parts = sections(&"x".repeat(7_000));
        assert_eq!(
            parts.iter().map(String::len).collect::<Vec<_>>(),
            [3_000, 3_000, 1_000]
        );
    }
}
