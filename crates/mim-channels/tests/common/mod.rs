//! What the channel tests share: a message to send, a real SMTP server process on
//! 127.0.0.1 (aiosmtpd, `tests/smtp/server.py`), a certificate authority made with the
//! `openssl` command, and a local HTTP receiver standing in for Teams, Slack, the SMS
//! gateway and webhooks. Everything listens on loopback only.

#![allow(dead_code)]

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mim_channels::{Outgoing, Recipient};
use mim_domain::Language;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const SUBJECT: &str = "Häiriö: Wilma ei toimi – päivitys";

pub fn outgoing(address: &str) -> Outgoing {
    Outgoing {
        message_id: "mim-out-42".into(),
        possible_duplicate: false,
        recipient: Recipient {
            name: "Päivi Järvinen".into(),
            address: address.into(),
        },
        language: Language::Fi,
        subject: SUBJECT.into(),
        text: "Wilma ei toimi kouluissa.\nSelvitämme syytä <b>kiireellisesti</b> & tiedotamme klo 14.00.".into(),
        link: Some("https://mim.kunta.example/m/mim-out-42".into()),
        alerts: Default::default(),
        attachments: vec![],
    }
}

/// A case's input file, copied into `tests/fixtures/` (tests never read the shared cases).
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------- SMTP

pub enum Mode {
    Plain,
    Starttls,
    Tls,
}

pub struct SmtpServer {
    pub port: u16,
    pub dir: tempfile::TempDir,
    _child: Child,
}

impl SmtpServer {
    /// Starts the server and waits for its "READY <port>" line (no sleeping).
    pub async fn start(mode: Mode, certs: Option<&Certs>) -> SmtpServer {
        SmtpServer::start_with(mode, certs, &[]).await
    }

    /// As `start`, with more of server.py's options (`--size-limit N`).
    pub async fn start_with(mode: Mode, certs: Option<&Certs>, extra: &[&str]) -> SmtpServer {
        let dir = tempfile::tempdir().expect("a directory for the received mail");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py");
        let mut cmd = Command::new("python3");
        cmd.arg(script).arg("--dir").arg(dir.path()).args(extra);
        cmd.arg("--mode").arg(match mode {
            Mode::Plain => "plain",
            Mode::Starttls => "starttls",
            Mode::Tls => "tls",
        });
        if let Some(c) = certs {
            cmd.arg("--cert")
                .arg(&c.server_cert)
                .arg("--key")
                .arg(&c.server_key);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs (scripts/test installs aiosmtpd)");
        let stdout = child.stdout.take().expect("its stdout");
        let line = BufReader::new(stdout)
            .lines()
            .next_line()
            .await
            .expect("a line from the SMTP server")
            .expect(
                "the SMTP server started: is aiosmtpd installed? (python3 -m pip install aiosmtpd)",
            );
        let port = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("not a READY line: {line}"));
        SmtpServer {
            port,
            dir,
            _child: child,
        }
    }

    /// The messages received so far: (raw bytes, what Python's e-mail parser read).
    pub fn received(&self) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for n in 1.. {
            let json = self.dir.path().join(format!("{n}.json"));
            let Ok(summary) = std::fs::read_to_string(&json) else {
                break;
            };
            let raw = std::fs::read_to_string(self.dir.path().join(format!("{n}.eml")))
                .expect("the raw message");
            out.push((raw, serde_json::from_str(&summary).expect("JSON")));
        }
        out
    }
}

/// A throwaway certificate authority and a server certificate it signed for 127.0.0.1.
pub struct Certs {
    _dir: tempfile::TempDir,
    pub ca_pem: String,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
}

pub fn certs() -> Certs {
    let dir = tempfile::tempdir().expect("a directory for the certificates");
    let d = dir.path();
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(d)
            .output()
            .expect("the openssl command");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=mim test CA",
        ],
        &["-addext", "basicConstraints=critical,CA:TRUE"],
        &["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    ]
    .concat());
    std::fs::write(
        d.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .expect("the extensions file");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    Certs {
        ca_pem: std::fs::read_to_string(d.join("ca.pem")).expect("ca.pem"),
        server_cert: d.join("server.pem"),
        server_key: d.join("server.key"),
        _dir: dir,
    }
}

/// A port on 127.0.0.1 where nothing listens.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("its address").port()
}

// ---------------------------------------------------------------- HTTP

/// One request the receiver got: the path, the headers and the raw body.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Hit {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// One answer a scripted receiver gives: the status, the Content-Type and the body.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Canned {
    fn response(&self) -> Response {
        (
            StatusCode::from_u16(self.status).expect("a status"),
            [("content-type", self.content_type.clone())],
            self.body.clone(),
        )
            .into_response()
    }
}

/// A local HTTP server recording every request. The path chooses the answer:
/// `/accepted` 202 with no body (a Teams Workflow), `/ok` 200 "ok" (Slack, gateways),
/// `/teams-error` 200 with Teams' error text, `/bad` 400, `/gone` 404, `/busy` 503 with
/// Retry-After: 7, `/limited` 429 with Retry-After: 30.
pub struct Receiver {
    pub base: String,
    pub hits: Arc<Mutex<Vec<Hit>>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        Receiver::answering(|path, _| answer(path)).await
    }

    /// A receiver giving `answers` in turn, whatever the path, the last one again once they
    /// run out.
    pub async fn scripted(answers: Vec<Canned>) -> Receiver {
        assert!(!answers.is_empty(), "at least one answer");
        Receiver::answering(move |_, n| answers[n.min(answers.len() - 1)].response()).await
    }

    /// A receiver whose answer to its `n`th request (from 0) at `path` is `answer(path, n)`.
    pub async fn answering(
        answer: impl Fn(&str, usize) -> Response + Clone + Send + Sync + 'static,
    ) -> Receiver {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let recorded = hits.clone();
        let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let recorded = recorded.clone();
            let answer = answer.clone();
            async move {
                let path = uri.path().to_string();
                let n = {
                    let mut hits = recorded.lock().expect("the hits");
                    hits.push(Hit {
                        path: path.clone(),
                        headers,
                        body,
                    });
                    hits.len() - 1
                };
                answer(&path, n)
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port on loopback");
        let addr = listener.local_addr().expect("its address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver {
            base: format!("http://{addr}"),
            hits,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("the hits").clone()
    }

    pub fn last(&self) -> Hit {
        self.hits().pop().expect("a request arrived")
    }
}

fn answer(path: &str) -> Response {
    match path {
        "/accepted" => StatusCode::ACCEPTED.into_response(),
        "/teams-error" => (
            StatusCode::OK,
            "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 400 with ContextId tcid=0,server=msgapi-production",
        )
            .into_response(),
        "/bad" => (StatusCode::BAD_REQUEST, "invalid_payload").into_response(),
        "/gone" => (StatusCode::NOT_FOUND, "no_service").into_response(),
        "/busy" => (
            StatusCode::SERVICE_UNAVAILABLE,
            [("retry-after", "7")],
            "maintenance",
        )
            .into_response(),
        "/limited" => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "30")],
            "rate_limited",
        )
            .into_response(),
        _ => (StatusCode::OK, "ok").into_response(),
    }
}

// ---------------------------------------------------------------- Teams cards

/// The card inside a Teams post.
pub fn teams_card(body: &Value) -> &Value {
    &body["attachments"][0]["content"]
}

/// The card's title as a reader sees it.
pub fn teams_subject(card: &Value) -> String {
    let title = card["body"]
        .as_array()
        .expect("a card body")
        .iter()
        .find(|b| b["id"] == "subject")
        .expect("a title block");
    runs(title)
}

/// The card's message text as a reader sees it: its lines in order, a blank line where a
/// block starts a new paragraph.
pub fn teams_text(card: &Value) -> String {
    let mut out = String::new();
    for block in card["body"].as_array().expect("a card body") {
        if block["id"] == "subject" || block["id"] == "possible-duplicate" {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if block["spacing"] == "Medium" {
                "\n\n"
            } else {
                "\n"
            });
        }
        out.push_str(&runs(block));
    }
    out
}

fn runs(block: &Value) -> String {
    assert_eq!(block["type"], "RichTextBlock", "{block}");
    block["inlines"]
        .as_array()
        .expect("inlines")
        .iter()
        .map(|r| {
            assert_eq!(r["type"], "TextRun", "{r}");
            r["text"].as_str().expect("a run's text")
        })
        .collect()
}
