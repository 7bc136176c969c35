//! Azure Monitor action-group webhook with the common alert schema
//! (`"schemaId": "azureMonitorCommonAlertSchema"`). One body is one alert, described by
//! `data.essentials`: `alertId` (the fingerprint: it stays the same from Fired to Resolved),
//! `alertRule` (the name), `severity` (`Sev0`–`Sev4`, kept as sent), `monitorCondition`
//! (`Fired` / `Resolved`), `firedDateTime`, `resolvedDateTime`, `description`,
//! `configurationItems`, `alertTargetIDs`; and `data.customProperties` (the action group's or
//! rule's own key–value pairs). `alertContext` differs per signal type and is not read.
//!
//! Labels, for mapping the alert to a system later: `alert_rule`, `signal_type`,
//! `monitoring_service`, `configuration_item` and `target_resource` (lists joined with `, `),
//! `subscription` and `resource_group` (from the first target's resource id), then every
//! custom property under its own name (a custom property wins over a derived label).

use crate::IntakeError;
use crate::error::quote;
use crate::json::{self, Obj, Result};
use chrono_tz::Tz;
use mim_domain::detection::{AlertSignal, Batch, Signal, SignalStatus};
use serde_json::Value;
use std::collections::BTreeMap;

const SCHEMA: &str = "azureMonitorCommonAlertSchema";

pub(crate) fn parse(body: &Value, tz: Tz) -> Result<Batch> {
    let root = json::object(body, String::new())?;
    match root.str("schemaId")? {
        Some(id) if id.trim().eq_ignore_ascii_case(SCHEMA) => {}
        Some(id) => {
            return Err(IntakeError::wrong(
                &root.at("schemaId"),
                format!(
                    "expected \"{SCHEMA}\", found {} (turn on the common alert schema in the action group)",
                    quote(id)
                ),
            ));
        }
        None => {
            return Err(IntakeError::wrong(
                &root.at("schemaId"),
                "is missing (turn on the common alert schema in the action group)",
            ));
        }
    }
    let data = root.required_object("data")?;
    let essentials = data.required_object("essentials")?;
    let alert = read_alert(&data, &essentials, tz)?;
    Ok(Batch {
        signals: vec![Signal::Alert(alert)],
        truncated_alerts: 0,
        group_key: None,
    })
}

fn read_alert(data: &Obj<'_>, essentials: &Obj<'_>, tz: Tz) -> Result<AlertSignal> {
    let fingerprint = essentials.required_text("alertId")?.trim().to_owned();
    let rule = essentials.required_text("alertRule")?;
    let status = {
        let key = "monitorCondition";
        let word = essentials
            .str(key)?
            .ok_or_else(|| essentials.missing(key))?;
        match word.trim().to_ascii_lowercase().as_str() {
            "fired" => SignalStatus::Firing,
            "resolved" => SignalStatus::Resolved,
            _ => {
                return Err(IntakeError::wrong(
                    &essentials.at(key),
                    format!("expected \"Fired\" or \"Resolved\", found {}", quote(word)),
                ));
            }
        }
    };
    let starts_at = essentials.time("firedDateTime", tz)?;
    let resolved_at = essentials.time("resolvedDateTime", tz)?;

    let mut labels = BTreeMap::new();
    let mut put = |name: &str, value: Option<&str>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            labels.insert(name.to_owned(), v.to_owned());
        }
    };
    put("alert_rule", Some(rule));
    put("signal_type", essentials.text("signalType")?);
    put("monitoring_service", essentials.text("monitoringService")?);
    let items = essentials.strings("configurationItems")?;
    put("configuration_item", Some(items.join(", ").as_str()));
    let targets = essentials.strings("alertTargetIDs")?;
    put("target_resource", Some(targets.join(", ").as_str()));
    if let Some(first) = targets.first() {
        put("subscription", resource_id_part(first, "subscriptions"));
        put("resource_group", resource_id_part(first, "resourcegroups"));
    }
    if let Some(custom) = data.object("customProperties")? {
        for (name, value) in custom.entries() {
            let text = match value {
                Value::Null => continue,
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    return Err(IntakeError::wrong(
                        &custom.at(name),
                        format!("expected a string, found {}", json::kind(other)),
                    ));
                }
            };
            labels.insert(name.clone(), text);
        }
    }

    Ok(AlertSignal {
        fingerprint,
        status,
        starts_at,
        ends_at: match status {
            SignalStatus::Resolved => resolved_at,
            SignalStatus::Firing => None,
        },
        name: rule.to_owned(),
        summary: essentials.text("description")?.unwrap_or(rule).to_owned(),
        severity: essentials.text("severity")?.map(|s| s.trim().to_owned()),
        affected_users: labels.get("affected_users").and_then(|s| json::positive(s)),
        url: essentials.text("investigationLink")?.map(str::to_owned),
        labels,
    })
}

/// The segment after `/{name}/` in an Azure resource id (names compare case-insensitively:
/// Azure writes both `resourceGroups` and `resourcegroups`).
fn resource_id_part<'a>(id: &'a str, name: &str) -> Option<&'a str> {
    let mut parts = id.split('/');
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case(name) {
            return parts.next().filter(|s| !s.is_empty());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_id_parts() {
        let id =
            "/subscriptions/1111/resourceGroups/rg-Ajanvaraus/providers/Microsoft.Web/sites/app";
        assert_eq!(resource_id_part(id, "subscriptions"), Some("1111"));
        assert_eq!(
            resource_id_part(id, "resourcegroups"),
            Some("rg-Ajanvaraus")
        );
        assert_eq!(resource_id_part("/subscriptions/", "subscriptions"), None);
        assert_eq!(resource_id_part("nonsense", "subscriptions"), None);
    }
}
