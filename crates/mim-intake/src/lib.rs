//! Intake parsing: turns the raw bytes of one webhook delivery into the normalised
//! `mim_domain::detection::Batch`. One module per sender format — Prometheus Alertmanager
//! (webhook v4), Grafana unified alerting, Zabbix (through the media type shipped in
//! `zabbix/`), the Azure Monitor common alert schema, and mim's own generic JSON (`GENERIC.md`).
//! A parser keeps what the sender said: its status word, its own times (converted to UTC
//! instants, zone-less ones read in the source's configured zone), labels, severity word and
//! a stable fingerprint; mapping to systems and severities, grouping and estimating happen
//! later, in one place, whatever the source.
//!
//! This crate is pure: bytes in, domain values or a typed `IntakeError` out. It does no IO, no
//! HTTP and no database work, never reads the clock and never panics on any input; body size
//! limits, authentication and quarantine of rejected bodies belong to the web layer.

mod alertmanager;
mod azure_monitor;
mod error;
mod fingerprint;
mod generic;
mod grafana;
mod json;
mod time;
mod zabbix;

use mim_domain::detection::Batch;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use error::IntakeError;

/// The sender format a source is configured with. The format is configured, never guessed
/// from the body, so a body of the wrong shape is refused with the path at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Prometheus Alertmanager webhook, message version 4.
    Alertmanager,
    /// Grafana unified alerting webhook contact point.
    Grafana,
    /// Zabbix webhook media type `zabbix/mim_media_type.yaml` (JSON documented in `ZABBIX.md`).
    Zabbix,
    /// Azure Monitor action group webhook with the common alert schema turned on.
    AzureMonitor,
    /// mim's own generic JSON (`GENERIC.md`): alerts and reports.
    Generic,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Alertmanager,
        Format::Grafana,
        Format::Zabbix,
        Format::AzureMonitor,
        Format::Generic,
    ];

    /// The stable name used in settings: `alertmanager`, `grafana`, `zabbix`, `azure_monitor`,
    /// `generic`.
    pub fn code(self) -> &'static str {
        match self {
            Format::Alertmanager => "alertmanager",
            Format::Grafana => "grafana",
            Format::Zabbix => "zabbix",
            Format::AzureMonitor => "azure_monitor",
            Format::Generic => "generic",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                let shown: String = wanted.chars().take(40).collect();
                format!(
                    "\"{shown}\" is not an intake format (alertmanager, grafana, zabbix, azure_monitor, generic)"
                )
            })
    }
}

/// How one configured source is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceConfig {
    pub format: Format,
    /// The zone for sender times that carry none (Zabbix `2026.02.10` `09:15:00`, naive times
    /// in the generic format). Times with `Z` or an offset never use it.
    pub time_zone: chrono_tz::Tz,
}

impl SourceConfig {
    pub fn new(format: Format, time_zone: chrono_tz::Tz) -> Self {
        SourceConfig { format, time_zone }
    }
}

/// Reads one delivery. All or nothing: one bad alert refuses the whole delivery, naming the
/// path at fault (`alerts[3].status`), so nothing is half-recorded.
pub fn parse(bytes: &[u8], source: &SourceConfig) -> Result<Batch, IntakeError> {
    let body = json::read(bytes)?;
    let tz = source.time_zone;
    match source.format {
        Format::Alertmanager => alertmanager::parse(&body, tz),
        Format::Grafana => grafana::parse(&body, tz),
        Format::Zabbix => zabbix::parse(&body, tz),
        Format::AzureMonitor => azure_monitor::parse(&body, tz),
        Format::Generic => generic::parse(&body, tz),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_codes_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.code().parse::<Format>(), Ok(f));
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.code())
            );
        }
        assert_eq!(
            " Azure_Monitor ".parse::<Format>(),
            Ok(Format::AzureMonitor)
        );
        assert!("prometheus".parse::<Format>().is_err());
    }
}
