//! Shared by the integration tests: fixtures (copied from the case log into `tests/fixtures/`,
//! plus our own) and small accessors.

#![allow(dead_code)] // each test file uses a different part

use chrono::{DateTime, Utc};
use mim_domain::detection::{AlertSignal, Batch, ReportSignal, Signal};
use mim_intake::{Format, IntakeError, SourceConfig};

pub const HELSINKI: chrono_tz::Tz = chrono_tz::Europe::Helsinki;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every fixture file with the format it is written in (`None`: meant to be refused).
pub fn fixtures() -> Vec<(String, Option<Format>)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut all: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("a fixture").file_name())
        .map(|name| name.into_string().expect("a UTF-8 file name"))
        .map(|name| {
            let format = match name.as_str() {
                n if n.starts_with("C02-zabbix-escaped") => Some(Format::Zabbix),
                n if n.starts_with("C02-") => None,
                n if n.contains("grafana") => Some(Format::Grafana),
                n if n.starts_with("C") => Some(Format::Alertmanager),
                n if n.starts_with("zabbix") => Some(Format::Zabbix),
                n if n.starts_with("azure") => Some(Format::AzureMonitor),
                n if n.starts_with("generic") => Some(Format::Generic),
                other => panic!("which format is {other}?"),
            };
            (name, format)
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

pub fn source(format: Format) -> SourceConfig {
    SourceConfig::new(format, HELSINKI)
}

pub fn parse(name: &str, format: Format) -> Result<Batch, IntakeError> {
    mim_intake::parse(&fixture(name), &source(format))
}

pub fn ok(name: &str, format: Format) -> Batch {
    parse(name, format).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn alerts(batch: &Batch) -> Vec<&AlertSignal> {
    batch
        .signals
        .iter()
        .filter_map(|s| match s {
            Signal::Alert(a) => Some(a),
            Signal::Report(_) => None,
        })
        .collect()
}

pub fn reports(batch: &Batch) -> Vec<&ReportSignal> {
    batch
        .signals
        .iter()
        .filter_map(|s| match s {
            Signal::Report(r) => Some(r),
            Signal::Alert(_) => None,
        })
        .collect()
}

pub fn only_alert(batch: &Batch) -> &AlertSignal {
    let all = alerts(batch);
    assert_eq!(all.len(), 1, "{batch:?}");
    assert_eq!(batch.signals.len(), 1);
    all[0]
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("an RFC 3339 time")
        .with_timezone(&Utc)
}

pub fn wrong_path(result: Result<Batch, IntakeError>) -> String {
    match result {
        Err(IntakeError::WrongShape { path, .. }) => path,
        other => panic!("expected WrongShape, got {other:?}"),
    }
}
