//! Settings: built-in defaults, then the `--config` file, then command-line flags.

use crate::cli::Command;
use serde::Deserialize;
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
        if s.session_minutes == 0 || s.quiet_check_seconds == 0 {
            return Err(
                "settings: session_minutes and quiet_check_seconds must be positive".into(),
            );
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
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<Settings>("lisen = \"x\"").is_err());
    }
}
