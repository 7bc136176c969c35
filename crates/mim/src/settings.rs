//! Settings: built-in defaults, then the `--config` file, then command-line flags.

use crate::cli::Command;
use mim_channels::ChannelConfig;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The annotated defaults, printed by `mim default-config`; parsed by the test below so it
/// never drifts from what `Settings` accepts.
pub const DEFAULT_CONFIG: &str = r#"# mim settings. Every key is optional; these are the defaults.
# Command-line flags (--listen, --data) override this file.

# Address and port the server listens on. Port 0 picks a free port.
listen = "127.0.0.1:8080"

# Directory of the embedded SQLite database (mim.sqlite3). Created when missing.
data = "./mim-data"

# Minutes a login session lasts.
session_minutes = 480

# Seconds between the checks that dismiss quiet detection-stage cases (the quiet period
# itself, default 60 minutes, is an organisation setting).
quiet_check_seconds = 60

# mim's address as people reach it, for the download links of files that messages do not
# attach (over e-mail's size limit, and on Teams, Slack and SMS). Unset: the address mim
# listens on, which is right only when people reach mim directly.
# public_url = "https://mim.kunta.example"

# Seconds between the rounds that deliver the outbox (each round sends everything due).
outbox_check_seconds = 2

# Seconds a message being sent is left to its sender before it is handed out again (after a
# crash mid-send it then goes once more, marked as a possible duplicate). Longer than any
# channel's timeout, or a slow send is doubled. After a crash, the messages claimed at the
# time wait this long (at most, from their claim) before they go; the rest go at once.
outbox_lease_seconds = 120

# The channels messages leave by, one table each (see the README, "Channels"). `email` and
# `sms` reach audience members; any other name is a group channel an audience's endpoint
# names. None configured: messages wait in the outbox and are retried.
# [channels.email]
# kind = "email"
# host = "smtp.kunta.example"
# port = 587
# security = "starttls"
# from_address = "mim@kunta.example"
# connections = 4          # messages in flight to the server at once, connections kept open
#
# [channels.johtoryhma-teams]
# kind = "teams"
# url = "https://prod-00.westeurope.logic.azure.com/workflows/..."
"#;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    #[serde(default = "default_data")]
    pub data: PathBuf,
    #[serde(default = "default_session_minutes")]
    pub session_minutes: u32,
    #[serde(default = "default_quiet_check")]
    pub quiet_check_seconds: u64,
    #[serde(default = "default_outbox_check")]
    pub outbox_check_seconds: u64,
    #[serde(default = "default_outbox_lease")]
    pub outbox_lease_seconds: u32,
    #[serde(default)]
    pub public_url: Option<String>,
    #[serde(default)]
    pub channels: BTreeMap<String, ChannelConfig>,
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}
fn default_data() -> PathBuf {
    PathBuf::from("./mim-data")
}
fn default_session_minutes() -> u32 {
    480
}
fn default_quiet_check() -> u64 {
    60
}
fn default_outbox_check() -> u64 {
    2
}
fn default_outbox_lease() -> u32 {
    120
}

impl Settings {
    pub fn load(file: Option<&Path>, command: &Command) -> Result<Settings, String> {
        let text = match file {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| format!("can't read {}: {e}", p.display()))?,
            None => String::new(),
        };
        let mut s: Settings = toml::from_str(&text).map_err(|e| format!("settings: {e}"))?;
        if let Some(d) = command.data_dir() {
            s.data.clone_from(d);
        }
        if let Command::Serve {
            listen: Some(l), ..
        } = command
        {
            s.listen = *l;
        }
        if s.session_minutes == 0
            || s.quiet_check_seconds == 0
            || s.outbox_check_seconds == 0
            || s.outbox_lease_seconds == 0
        {
            return Err(
                "settings: session_minutes, quiet_check_seconds, outbox_check_seconds and \
                 outbox_lease_seconds must be positive"
                    .into(),
            );
        }
        if let Some(url) = &s.public_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(format!(
                "settings: public_url: \"{url}\" is not an http(s) address"
            ));
        }
        Ok(s)
    }

    pub fn database_path(&self) -> PathBuf {
        self.data.join("mim.sqlite3")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_defaults_parse_to_the_defaults() {
        let s: Settings = toml::from_str(DEFAULT_CONFIG).unwrap();
        let empty: Settings = toml::from_str("").unwrap();
        assert_eq!(s.listen, empty.listen);
        assert_eq!(s.data, empty.data);
        assert_eq!(s.session_minutes, empty.session_minutes);
        assert_eq!(s.quiet_check_seconds, empty.quiet_check_seconds);
        assert_eq!(s.outbox_check_seconds, empty.outbox_check_seconds);
        assert_eq!(s.outbox_lease_seconds, empty.outbox_lease_seconds);
        assert!(s.channels.is_empty());
    }

    #[test]
    fn channels_are_read_by_name_and_a_typo_in_one_is_refused() {
        let s: Settings = toml::from_str(
            "[channels.email]\nkind = \"email\"\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\nfrom_address = \"mim@example.fi\"\n\n[channels.johtoryhma-teams]\nkind = \"teams\"\nurl = \"https://example.invalid/hook\"\n",
        )
        .unwrap();
        assert_eq!(
            s.channels.keys().collect::<Vec<_>>(),
            ["email", "johtoryhma-teams"]
        );
        assert!(
            toml::from_str::<Settings>("[channels.email]\nkind = \"email\"\nhots = \"x\"\n")
                .is_err()
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<Settings>("lisen = \"x\"").is_err());
    }
}
