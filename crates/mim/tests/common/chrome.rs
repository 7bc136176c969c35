//! A real headless Chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`, which `scripts/test` installs), for checking pages as people use them:
//! the keyboard, focus, labels. Each browser gets its own chromedriver on a free loopback port
//! and its own profile, and both go away with it.

use fantoccini::{Client, ClientBuilder};
use std::process::{Child, Command, Stdio};

pub struct Chrome {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

const DRIVER: &str = "/usr/bin/chromedriver";
const BROWSER: &str = "/usr/bin/chromium";

impl Chrome {
    pub async fn start() -> Chrome {
        assert!(
            std::path::Path::new(DRIVER).exists() && std::path::Path::new(BROWSER).exists(),
            "{DRIVER} and {BROWSER} are needed (Debian packages chromium and chromium-driver; \
             scripts/test installs them)"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": BROWSER,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--window-size=1024,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        // chromedriver takes a moment to listen: a bounded wait for the other process.
        let mut last = None;
        for _ in 0..100 {
            match ClientBuilder::rustls()
                .expect("tls config")
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Chrome {
                        client,
                        driver,
                        _profile: profile,
                    };
                }
                Err(e) => last = Some(e),
            }
            #[allow(clippy::disallowed_methods)]
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not answer on {url}: {last:?}");
    }

    /// Runs `script` in the page and returns its value.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Presses keys as a person would, into whatever has the focus.
    pub async fn keys(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("something has the focus")
            .send_keys(keys)
            .await
            .expect("keys");
    }

    /// The focused element, as `tag#id` (or `tag[type]` without an id).
    pub async fn focused(&self) -> String {
        self.eval(
            "const e = document.activeElement; \
             return e.tagName.toLowerCase() + (e.id ? '#' + e.id : (e.type ? '[' + e.type + ']' : ''));",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
