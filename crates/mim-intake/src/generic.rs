//! mim's own generic JSON, for senders without a format of their own (a service-desk tool,
//! a script, a form): `{"alerts":[…],"reports":[…],"group_key":…,"truncated_alerts":N}`,
//! documented with an example in `GENERIC.md`.
//!
//! Unlike the vendor formats, unknown fields are refused: the format is ours, so a typo such
//! as `startsAt` for `starts_at` is reported rather than silently dropping the time. Times
//! without a zone are read in the source's zone (case C04). Signals keep the body's order,
//! alerts first.

use crate::alertmanager::status;
use crate::error::quote;
use crate::json::{self, Obj, Result, index_path};
use crate::{IntakeError, fingerprint};
use chrono_tz::Tz;
use mim_domain::SystemId;
use mim_domain::case::ReportChannel;
use mim_domain::detection::{AlertSignal, Batch, ReportSignal, Signal, SignalStatus};
use mim_domain::impact::Severity;
use serde_json::Value;

const ROOT: [&str; 4] = ["alerts", "reports", "group_key", "truncated_alerts"];
const ALERT: [&str; 10] = [
    "id",
    "status",
    "name",
    "summary",
    "severity",
    "labels",
    "starts_at",
    "ends_at",
    "affected_users",
    "url",
];
const REPORT: [&str; 6] = [
    "channel",
    "system",
    "text",
    "reporter",
    "affected_users",
    "severity",
];

pub(crate) fn parse(body: &Value, tz: Tz) -> Result<Batch> {
    let root = json::object(body, String::new())?;
    root.only(&ROOT)?;
    let alerts = root.array("alerts")?;
    let reports = root.array("reports")?;
    if alerts.is_none() && reports.is_none() {
        return Err(IntakeError::wrong(
            &root.at("alerts"),
            "is missing (give \"alerts\", \"reports\" or both)",
        ));
    }
    let mut signals = Vec::new();
    let base = root.at("alerts");
    for (i, v) in alerts.unwrap_or_default().iter().enumerate() {
        let alert = json::object(v, index_path(&base, i))?;
        signals.push(Signal::Alert(read_alert(&alert, tz)?));
    }
    let base = root.at("reports");
    for (i, v) in reports.unwrap_or_default().iter().enumerate() {
        let report = json::object(v, index_path(&base, i))?;
        signals.push(Signal::Report(read_report(&report)?));
    }
    Ok(Batch {
        signals,
        truncated_alerts: root.count("truncated_alerts")?.map_or(0, json::saturate),
        group_key: root.text("group_key")?.map(str::to_owned),
    })
}

fn users(obj: &Obj<'_>) -> Result<Option<u32>> {
    let key = "affected_users";
    match obj.count(key)? {
        None => Ok(None),
        Some(n) => u32::try_from(n).map(Some).map_err(|_| {
            IntakeError::wrong(&obj.at(key), format!("{n} is more than this field holds"))
        }),
    }
}

fn read_alert(alert: &Obj<'_>, tz: Tz) -> Result<AlertSignal> {
    alert.only(&ALERT)?;
    let status = status(alert, "status")?;
    let name = alert.required_text("name")?.to_owned();
    let labels = alert.string_map("labels")?;
    let fingerprint = match alert.scalar("id")? {
        Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
        Some(_) => return Err(IntakeError::wrong(&alert.at("id"), "is empty")),
        None => {
            let mut keyed = labels.clone();
            keyed
                .entry("alertname".to_owned())
                .or_insert_with(|| name.clone());
            fingerprint::of_labels(&keyed)
        }
    };
    let starts_at = alert.time("starts_at", tz)?;
    let ends_at = alert.time("ends_at", tz)?;
    Ok(AlertSignal {
        fingerprint,
        status,
        starts_at,
        ends_at: match status {
            SignalStatus::Resolved => ends_at,
            SignalStatus::Firing => None,
        },
        summary: alert
            .text("summary")?
            .map_or_else(|| name.clone(), str::to_owned),
        severity: alert.text("severity")?.map(|s| s.trim().to_owned()),
        affected_users: users(alert)?,
        url: alert.text("url")?.map(str::to_owned),
        labels,
        name,
    })
}

fn read_report(report: &Obj<'_>) -> Result<ReportSignal> {
    report.only(&REPORT)?;
    let channel = {
        let key = "channel";
        let word = report.str(key)?.ok_or_else(|| report.missing(key))?;
        serde_json::from_value::<ReportChannel>(Value::String(word.trim().to_owned())).map_err(
            |_| {
                IntakeError::wrong(
                    &report.at(key),
                    format!(
                        "expected one of ticket, phone, end_user_form, monitoring, it_staff, email; found {}",
                        quote(word)
                    ),
                )
            },
        )?
    };
    let system = match report.text("system")? {
        None => None,
        Some(s) => Some(SystemId::new(s).map_err(|_| {
            IntakeError::wrong(
                &report.at("system"),
                format!(
                    "{} is not a system id (1–64 of a–z, 0–9, '-', '_', '.')",
                    quote(s)
                ),
            )
        })?),
    };
    let severity = match report.text("severity")? {
        None => None,
        Some(s) => Some(s.parse::<Severity>().map_err(|_| {
            IntakeError::wrong(
                &report.at("severity"),
                format!(
                    "expected one of minor, inconvenient, disrupts_work, prevents_work; found {}",
                    quote(s)
                ),
            )
        })?),
    };
    Ok(ReportSignal {
        channel,
        system,
        text: report.required_text("text")?.to_owned(),
        reporter: report.text("reporter")?.map(str::to_owned),
        stated_affected_users: users(report)?,
        severity,
    })
}
