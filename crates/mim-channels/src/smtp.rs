//! E-mail over SMTP with lettre: STARTTLS or implicit TLS, multipart/alternative with the
//! plain text and an escaped HTML rendering of it (no element, attribute or link ever comes
//! from the text), RFC 2047 subjects (lettre encodes non-ASCII in whole-character
//! encoded-words and folds the header, C21), the whole alert list, attachments up to the
//! limit and links for the rest, the stable Message-ID and `X-Mim-Possible-Duplicate` on a
//! resend.
//!
//! Connections are the channel's own (lettre's transport opens one per message, or pools
//! them without a way to set socket options): at most `connections` at once, kept open
//! between messages, with TCP_NODELAY. Without it the message's last line (lettre writes
//! the body and the final "." apart) waits for the server's delayed acknowledgement, some
//! 40 ms per message on Linux — most of the time of a fan-out. The whole send, not only the
//! connect, is bounded by `timeout_secs`: the outbox's lease counts on it.

use crate::attachments::plan_attachments;
use crate::config::{SmtpConfig, SmtpSecurity};
use crate::error::{ConfigError, SendError};
use crate::message::{Delivered, Outgoing};
use crate::shorten::compose;
use crate::{Channel, ChannelKind};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, Message};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// A connection unused for longer is closed rather than reused (servers drop idle clients
/// after a few minutes; RFC 5321 asks them to wait at least five).
const IDLE: Duration = Duration::from_secs(60);

/// What lettre's `Header::parse` returns on failure.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub struct SmtpChannel {
    host: String,
    port: u16,
    tls: Tls,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
    /// One permit per connection.
    connections: Semaphore,
    /// Open connections between messages, the most recently used last.
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    from: Mailbox,
    max_attachment_bytes: usize,
}

impl SmtpChannel {
    pub fn new(config: &SmtpConfig) -> Result<Self, ConfigError> {
        let address: Address = config
            .from_address
            .parse()
            .map_err(|e| ConfigError::invalid("from_address", e))?;
        let from = Mailbox::new(config.from_name.clone(), address);

        let tls = || -> Result<TlsParameters, ConfigError> {
            let name = config
                .tls_server_name
                .clone()
                .unwrap_or_else(|| config.host.clone());
            let mut params = TlsParameters::builder(name);
            if let Some(pem) = &config.ca_cert_pem {
                let cert = Certificate::from_pem(pem.as_bytes())
                    .map_err(|e| ConfigError::invalid("ca_cert_pem", e))?;
                params = params.add_root_certificate(cert);
            }
            if config.accept_invalid_certs_for_tests {
                params = params.dangerous_accept_invalid_certs(true);
            }
            params.build().map_err(|e| ConfigError::invalid("tls", e))
        };
        let tls = match config.security {
            SmtpSecurity::Starttls => Tls::Required(tls()?),
            SmtpSecurity::Tls => Tls::Wrapper(tls()?),
            SmtpSecurity::None => Tls::None,
        };

        if config.connections == 0 {
            return Err(ConfigError::invalid("connections", "at least 1"));
        }
        let credentials = config.username.as_ref().map(|user| {
            let password = config
                .password
                .as_ref()
                .map(|p| p.expose().to_string())
                .unwrap_or_default();
            Credentials::new(user.clone(), password)
        });
        Ok(SmtpChannel {
            host: config.host.clone(),
            port: config.port,
            tls,
            credentials,
            hello: ClientId::default(),
            timeout: Duration::from_secs(config.timeout_secs.max(1)),
            connections: Semaphore::new(config.connections as usize),
            idle: Mutex::new(vec![]),
            from,
            max_attachment_bytes: config.max_attachment_bytes,
        })
    }

    /// An idle connection that still answers, else a new one.
    async fn connection(&self) -> Result<AsyncSmtpConnection, SendError> {
        loop {
            let idle = self.idle.lock().map_or(None, |mut idle| idle.pop());
            let Some((mut conn, since)) = idle else { break };
            if since.elapsed() < IDLE && conn.test_connected().await {
                return Ok(conn);
            }
            conn.abort().await;
        }
        self.connect().await
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let mut conn = match &self.tls {
            // lettre opens an implicit-TLS connection itself, so without TCP_NODELAY.
            Tls::Wrapper(params) => AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(self.timeout),
                &self.hello,
                Some(params.clone()),
                None,
            )
            .await
            .map_err(|e| classify(&e))?,
            tls => {
                let tcp = TcpStream::connect((self.host.as_str(), self.port))
                    .await
                    .map_err(|e| SendError::transient(format!("SMTP: connection: {e}")))?;
                tcp.set_nodelay(true)
                    .map_err(|e| SendError::transient(format!("SMTP: connection: {e}")))?;
                let mut conn =
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
                        .await
                        .map_err(|e| classify(&e))?;
                if let Tls::Required(params) = tls {
                    if !conn.can_starttls() {
                        conn.abort().await;
                        return Err(SendError::transient(
                            "SMTP: the server does not offer STARTTLS, which the settings require",
                        ));
                    }
                    conn.starttls(params.clone(), &self.hello)
                        .await
                        .map_err(|e| classify(&e))?;
                }
                conn
            }
        };
        if let Some(credentials) = &self.credentials {
            conn.auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(|e| classify(&e))?;
        }
        Ok(conn)
    }

    async fn deliver(&self, email: Message) -> Result<Delivered, SendError> {
        let mut conn = self.connection().await?;
        // On a refusal lettre has closed the connection; it is dropped here.
        let response = conn
            .send(email.envelope(), &email.formatted())
            .await
            .map_err(|e| classify(&e))?;
        if !conn.has_broken()
            && let Ok(mut idle) = self.idle.lock()
        {
            idle.push((conn, Instant::now()));
        }
        Ok(Delivered {
            detail: format!(
                "{} {}",
                response.code(),
                response.message().collect::<Vec<_>>().join(" ")
            ),
        })
    }

    /// The e-mail `msg` becomes. Refused for good when the recipient's address is not one.
    pub fn message(&self, msg: &Outgoing) -> Result<Message, SendError> {
        let msg = &*msg.displayable();
        let address: Address = msg.recipient.address.parse().map_err(|e| {
            SendError::permanent(format!(
                "not an e-mail address: {:?}: {e}",
                msg.recipient.address
            ))
        })?;
        let name = Some(msg.recipient.name.clone()).filter(|n| !n.trim().is_empty());
        let to = Mailbox::new(name, address);

        let plan = plan_attachments(&msg.attachments, self.max_attachment_bytes);
        let links = plan.links_text(msg.language);
        // E-mail has room for everything.
        let text = compose(msg, links.as_deref(), |_| true);
        let html = html(&msg.subject, &text, msg.language.code());
        let mut body = MultiPart::alternative_plain_html(text, html);
        if !plan.attached.is_empty() {
            let mut mixed = MultiPart::mixed().multipart(body);
            for a in &plan.attached {
                // An unknown type is still sent, as bytes.
                let content_type = ContentType::parse(&a.content_type)
                    .or_else(|_| ContentType::parse("application/octet-stream"))
                    .map_err(|e| SendError::permanent(format!("content type: {e}")))?;
                let bytes = a.bytes.as_deref().unwrap_or_default().to_vec();
                let part: SinglePart =
                    Attachment::new(a.file_name.clone()).body(bytes, content_type);
                mixed = mixed.singlepart(part);
            }
            body = mixed;
        }

        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(msg.subject.clone())
            .message_id(Some(message_id(&msg.message_id, self.from.email.domain())))
            .header(MimMessageId(msg.message_id.clone()))
            .header(ContentLanguage(msg.language.code().to_string()));
        if msg.possible_duplicate {
            builder = builder.header(PossibleDuplicate);
        }
        builder
            .multipart(body)
            .map_err(|e| SendError::permanent(format!("the e-mail could not be built: {e}")))
    }
}

#[async_trait::async_trait]
impl Channel for SmtpChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Email
    }

    async fn send(&self, msg: &Outgoing) -> Result<Delivered, SendError> {
        let email = self.message(msg)?;
        let Ok(_connection) = self.connections.acquire().await else {
            return Err(SendError::transient("the e-mail channel is closed"));
        };
        // A server that stops answering mid-message (the connection is dropped with it).
        let sent = tokio::time::timeout(self.timeout, self.deliver(email))
            .await
            .unwrap_or_else(|_| {
                Err(SendError::transient(format!(
                    "SMTP: no answer within {} s",
                    self.timeout.as_secs()
                )))
            });
        match sent {
            // Too large with no file attached: leaving the files out would change nothing.
            Err(SendError::TooLarge { reason })
                if plan_attachments(&msg.attachments, self.max_attachment_bytes)
                    .attached
                    .is_empty() =>
            {
                Err(SendError::Permanent { reason })
            }
            other => other,
        }
    }
}

/// SMTP 5xx is this message refused for good (550 no such mailbox, 552 too big); 4xx, a
/// refused or dropped connection, a timeout and a TLS failure may pass or be fixed by the
/// operator, so they are worth retrying. 552 is "exceeded storage allocation": the message
/// is over the server's size limit, unless the enhanced code says the mailbox is full
/// (5.2.2, which some servers still answer with 552 at RCPT), and a smaller message may pass.
fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        let reason = format!("the SMTP server refused: {e}");
        let code = e.status().map(|c| c.to_string());
        if code.as_deref() == Some("552") && !reason.contains("5.2.2") {
            SendError::TooLarge { reason }
        } else {
            SendError::permanent(reason)
        }
    } else {
        SendError::transient(format!("SMTP: {e}"))
    }
}

/// A Message-ID in the `<local@domain>` form: the stable id, at the sender's domain. An id
/// already in that form is kept.
fn message_id(id: &str, domain: &str) -> String {
    if id.starts_with('<') && id.ends_with('>') && id.contains('@') {
        id.to_string()
    } else {
        let local: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        format!("<{local}@{domain}>")
    }
}

/// The plain text as HTML: escaped (no user markup gets through), line breaks kept.
pub(crate) fn html(subject: &str, text: &str, lang: &str) -> String {
    let body = escape(text).replace("\r\n", "\n").replace('\n', "<br>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body><div style=\"font-family: sans-serif; font-size: 15px; line-height: 1.4\">\n{body}\n</div></body>\n</html>\n",
        escape(subject)
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `X-Mim-Message-Id`: the stable id as the dispatcher knows it, for a receiving system that
/// wants it without parsing the Message-ID.
#[derive(Clone)]
struct MimMessageId(String);

/// `X-Mim-Possible-Duplicate: true`: sent again after a crash in the middle of a send.
#[derive(Clone)]
struct PossibleDuplicate;

/// `Content-Language`: lets mail clients and screen readers pick the right voice.
#[derive(Clone)]
struct ContentLanguage(String);

impl Header for MimMessageId {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Mim-Message-Id")
    }
    fn parse(s: &str) -> Result<Self, BoxError> {
        Ok(MimMessageId(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

impl Header for PossibleDuplicate {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Mim-Possible-Duplicate")
    }
    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(PossibleDuplicate)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "true".to_string())
    }
}

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, BoxError> {
        Ok(ContentLanguage(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_and_keeps_line_breaks() {
        let h = html("A & B", "<script>x</script>\nrivi 2", "fi");
        assert!(h.contains("&lt;script&gt;x&lt;/script&gt;<br>\nrivi 2"));
        assert!(h.contains("<title>A &amp; B</title>"));
        assert!(!h.contains("<script>"));
    }

    #[test]
    fn message_ids_take_the_senders_domain() {
        assert_eq!(
            message_id("out-42", "kunta.example"),
            "<out-42@kunta.example>"
        );
        assert_eq!(message_id("a b", "k.example"), "<a-b@k.example>");
        assert_eq!(message_id("<x@y>", "k.example"), "<x@y>");
    }
}
