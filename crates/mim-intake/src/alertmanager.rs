//! Prometheus Alertmanager webhook, message version 4 (`notify/webhook/webhook.go`):
//! `{"version":"4","groupKey":…,"truncatedAlerts":N,"status":…,"alerts":[{"status","labels",
//! "annotations","startsAt","endsAt","generatorURL","fingerprint"}],…}`.
//!
//! Each alert's state is its own `status` field, never the group's status and never a
//! comparison of `endsAt` with a clock (case C01): a firing alert has no end, whatever `endsAt`
//! says (Alertmanager sends the zero time or an expiry estimate there). `version` is not
//! checked: Grafana sends the same shape as version "1", and refusing an unknown future version
//! would drop alerts rather than read the fields that are there.

use crate::error::quote;
use crate::json::{self, Obj, Result, index_path};
use crate::{IntakeError, fingerprint};
use chrono_tz::Tz;
use mim_domain::detection::{AlertSignal, Batch, Signal, SignalStatus};
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) fn parse(body: &Value, tz: Tz) -> Result<Batch> {
    let root = json::object(body, String::new())?;
    let alerts = root
        .array("alerts")?
        .ok_or_else(|| root.missing("alerts"))?;
    read_group(&root, alerts, tz, &[])
}

/// The group fields and every alert. `more_urls` are further per-alert link fields to try
/// after `generatorURL` (Grafana's panel and dashboard links).
pub(crate) fn read_group(
    root: &Obj<'_>,
    alerts: &[Value],
    tz: Tz,
    more_urls: &[&str],
) -> Result<Batch> {
    let base = root.at("alerts");
    let signals = alerts
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let alert = json::object(v, index_path(&base, i))?;
            read_alert(&alert, tz, more_urls).map(Signal::Alert)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Batch {
        signals,
        truncated_alerts: root.count("truncatedAlerts")?.map_or(0, json::saturate),
        group_key: root.text("groupKey")?.map(str::to_owned),
    })
}

/// `"firing"` or `"resolved"` (any letter case).
pub(crate) fn status(obj: &Obj<'_>, key: &str) -> Result<SignalStatus> {
    let Some(word) = obj.str(key)? else {
        return Err(obj.missing(key));
    };
    match word.trim().to_ascii_lowercase().as_str() {
        "firing" => Ok(SignalStatus::Firing),
        "resolved" => Ok(SignalStatus::Resolved),
        _ => Err(IntakeError::wrong(
            &obj.at(key),
            format!("expected \"firing\" or \"resolved\", found {}", quote(word)),
        )),
    }
}

fn read_alert(alert: &Obj<'_>, tz: Tz, more_urls: &[&str]) -> Result<AlertSignal> {
    let status = status(alert, "status")?;
    let labels = alert.string_map("labels")?;
    let annotations = alert.string_map("annotations")?;
    let starts_at = alert.time("startsAt", tz)?;
    let ends_at = alert.time("endsAt", tz)?;
    let fingerprint = match alert.text("fingerprint")? {
        Some(f) => f.to_owned(),
        None => fingerprint::of_labels(&labels),
    };
    let said = |map: &BTreeMap<String, String>, key: &str| {
        map.get(key).filter(|s| !s.trim().is_empty()).cloned()
    };
    let summary = said(&annotations, "summary").or_else(|| said(&annotations, "description"));
    let name = said(&labels, "alertname")
        .or_else(|| summary.clone())
        .unwrap_or_else(|| fingerprint.clone());
    let mut url = alert.text("generatorURL")?;
    for key in more_urls {
        if url.is_none() {
            url = alert.text(key)?;
        }
    }
    Ok(AlertSignal {
        status,
        starts_at,
        ends_at: match status {
            SignalStatus::Resolved => ends_at,
            SignalStatus::Firing => None,
        },
        summary: summary.unwrap_or_else(|| name.clone()),
        severity: said(&labels, "severity"),
        affected_users: labels
            .get("affected_users")
            .and_then(|s| json::positive(s))
            .or_else(|| {
                annotations
                    .get("affected_users")
                    .and_then(|s| json::positive(s))
            }),
        url: url.map(str::to_owned),
        fingerprint,
        labels,
        name,
    })
}
