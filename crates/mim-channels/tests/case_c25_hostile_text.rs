//! Case C25: hostile text in a case's title and message. Every title and message of
//! `fixtures/C25-incident-xss.json` — plus a Markdown link to `javascript:` built from the
//! file's `javascript:` title — goes out as both subject and text through e-mail (a real
//! SMTP server), Teams, Slack, the webhook and SMS (a local receiver), and what arrived is
//! read: shown literally everywhere, never markup, never a link, never a Slack mention, and
//! the right-to-left override gone from every channel alike.

mod common;

use common::{Mode, Receiver, SmtpServer, outgoing, teams_card, teams_subject, teams_text};
use mim_channels::{
    Channel, Outgoing, Secret, SlackChannel, SlackConfig, SmsChannel, SmsGatewayConfig,
    SmtpChannel, SmtpConfig, SmtpSecurity, TeamsChannel, TeamsConfig, WebhookChannel,
    WebhookConfig,
};
use serde_json::Value;

const RLO: char = '\u{202E}';

/// Every hostile string of the case file.
fn hostile() -> Vec<String> {
    let case: Value =
        serde_json::from_str(&common::fixture("C25-incident-xss.json")).expect("C25 file");
    let mut all = vec![
        case["title"].as_str().expect("a title").to_string(),
        case["public_message"]
            .as_str()
            .expect("a message")
            .to_string(),
    ];
    all.extend(
        case["extra_titles"]
            .as_array()
            .expect("extra titles")
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string),
    );
    assert!(all.iter().any(|s| s.contains(RLO)), "the file has an RLO");
    // The `javascript:` title as a Teams Markdown link would carry it.
    all.push("Ohje: [avaa tästä](javascript:alert(5))".into());
    all
}

fn message(hostile: &str, address: &str) -> Outgoing {
    let mut msg = outgoing(address);
    msg.subject = hostile.to_string();
    msg.text = hostile.to_string();
    msg
}

/// What a reader should see: the text as written, without the direction override.
fn shown(hostile: &str) -> String {
    hostile.replace(RLO, "")
}

/// The tags in an HTML document: `(name, the whole tag)`.
fn tags(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        out.push((name.to_ascii_lowercase(), tag.to_string()));
        rest = &rest[end..];
    }
    out
}

#[tokio::test]
async fn email_html_shows_hostile_text_literally() {
    let server = SmtpServer::start(Mode::Plain, None).await;
    let channel = SmtpChannel::new(&SmtpConfig {
        host: "127.0.0.1".into(),
        port: server.port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from_address: "mim@kunta.example".into(),
        from_name: None,
        timeout_secs: 10,
        connections: 4,
        max_attachment_bytes: 0,
        ca_cert_pem: None,
        tls_server_name: None,
        accept_invalid_certs_for_tests: false,
    })
    .expect("a channel");

    for h in hostile() {
        channel
            .send(&message(&h, "paivi@kunta.example"))
            .await
            .expect("sent");
        let received = server.received();
        let (_, mail) = received.last().expect("arrived");
        let part = |ct: &str| {
            mail["parts"]
                .as_array()
                .expect("parts")
                .iter()
                .find(|p| p["content_type"] == ct)
                .and_then(|p| p["text"].as_str())
                .expect("the part")
                .to_string()
        };
        let html = part("text/html");

        // Only the document's own elements: nothing in the text became one.
        for (name, tag) in tags(&html) {
            assert!(
                [
                    "!doctype", "html", "head", "meta", "title", "body", "div", "br"
                ]
                .contains(&name.as_str()),
                "{h:?} made <{name}>: {tag}"
            );
            assert!(
                !tag.contains("onerror") && !tag.contains("onmouseover"),
                "{tag}"
            );
            assert!(!tag.to_ascii_lowercase().contains("javascript:"), "{tag}");
        }
        assert_eq!(html.matches("</title>").count(), 1, "{h:?}");
        // Shown as written, escaped.
        let escaped = shown(&h)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(
            html.contains(&escaped),
            "{h:?} not shown literally in {html}"
        );
        assert!(!html.contains(RLO), "{h:?}: the override reached the HTML");
        assert_eq!(part("text/plain").trim_end(), shown(&h));
        assert_eq!(mail["subject"], shown(&h));
    }
}

/// Checks that every string of a card holding `needle` is a TextRun's text (never Markdown)
/// and that every link is http(s).
fn only_in_text_runs(value: &Value, parent_type: Option<&str>, key: &str, needle: &str) {
    match value {
        Value::String(s) => {
            if s.contains(needle) {
                assert!(
                    parent_type == Some("TextRun") && key == "text",
                    "{needle:?} in {key} of a {parent_type:?}"
                );
            }
            if key == "url" {
                assert!(s.starts_with("https://") || s.starts_with("http://"), "{s}");
            }
        }
        Value::Array(items) => {
            for v in items {
                only_in_text_runs(v, parent_type, key, needle);
            }
        }
        Value::Object(map) => {
            let t = map.get("type").and_then(Value::as_str);
            for (k, v) in map {
                only_in_text_runs(v, t, k, needle);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn teams_cards_carry_hostile_text_only_as_plain_text_runs() {
    let rx = Receiver::start().await;
    let channel = TeamsChannel::new(&TeamsConfig {
        url: Secret::new(rx.url("/accepted")),
        timeout_secs: 5,
    })
    .expect("a Teams channel");

    for h in hostile() {
        channel.send(&message(&h, "")).await.expect("sent");
        let hit = rx.last();
        let body = hit.json();
        let card = teams_card(&body);

        only_in_text_runs(card, None, "", &shown(&h));
        assert_eq!(teams_subject(card), shown(&h));
        assert_eq!(teams_text(card), shown(&h));
        assert!(
            !String::from_utf8_lossy(&hit.body).contains(RLO),
            "{h:?}: the override reached Teams"
        );
    }
}

/// Slack's mrkdwn text back to what a reader sees.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn slack_text_is_escaped_so_nothing_pings_or_links() {
    let rx = Receiver::start().await;
    let channel = SlackChannel::new(&SlackConfig {
        url: Secret::new(rx.url("/ok")),
        timeout_secs: 5,
    })
    .expect("a Slack channel");

    for h in hostile() {
        channel.send(&message(&h, "")).await.expect("sent");
        let hit = rx.last();
        let body = hit.json();

        let mut mrkdwn: Vec<&str> = vec![body["text"].as_str().expect("the fallback text")];
        for block in body["blocks"].as_array().expect("blocks") {
            if block["text"]["type"] == "mrkdwn" {
                mrkdwn.push(block["text"]["text"].as_str().expect("a section's text"));
            }
        }
        for text in &mrkdwn {
            // No `<!channel>`, `<@U…>` or `<url|label>` can form without a raw `<`.
            assert!(!text.contains('<') && !text.contains('>'), "{text}");
            assert!(
                text.split('&')
                    .skip(1)
                    .all(|s| ["amp;", "lt;", "gt;"].iter().any(|e| s.starts_with(e))),
                "a bare & in {text}"
            );
        }
        let sections: Vec<String> = mrkdwn[1..].iter().map(|t| unescape(t)).collect();
        assert!(sections.contains(&shown(&h)), "{h:?} in {sections:?}");
        assert_eq!(body["blocks"][0]["text"]["type"], "plain_text");
        assert_eq!(body["blocks"][0]["text"]["text"], shown(&h));
        assert!(
            !String::from_utf8_lossy(&hit.body).contains(RLO),
            "{h:?}: the override reached Slack"
        );
    }
}

#[tokio::test]
async fn the_webhook_and_sms_carry_the_raw_text_without_the_override() {
    let rx = Receiver::start().await;
    let webhook = WebhookChannel::new(&WebhookConfig {
        url: rx.url("/hook"),
        secret: Secret::new("s"),
        timeout_secs: 5,
        max_attachment_bytes: 0,
    })
    .expect("a webhook channel");
    let sms = SmsChannel::new(&SmsGatewayConfig {
        url: rx.url("/sms"),
        token: None,
        sender: "Kunta".into(),
        max_segments: 10,
        timeout_secs: 5,
    })
    .expect("an SMS channel");

    for h in hostile() {
        webhook.send(&message(&h, "")).await.expect("sent");
        let hook = rx.last();
        sms.send(&message(&h, "+358401234567")).await.expect("sent");
        let text = rx.last();

        // JSON needs no HTML escaping: the receiver gets the words as written.
        assert_eq!(hook.header("content-type"), Some("application/json"));
        assert_eq!(hook.json()["subject"], shown(&h));
        assert_eq!(hook.json()["text"], shown(&h));
        assert_eq!(text.json()["text"], format!("{0}\n{0}", shown(&h)));
    }
}
