//! Zabbix, through the webhook media type `zabbix/mim_media_type.yaml`, whose script builds
//! the body with `JSON.stringify` (so a trigger named `Service "Spooler" …` or a path with
//! backslashes arrives intact; case C02). The fields are documented in `ZABBIX.md`.
//!
//! One body is one event. Its fingerprint is `event_id`: in a recovery (and update)
//! notification Zabbix's `{EVENT.ID}` is still the *problem* event's id (the recovery event has
//! `{EVENT.RECOVERY.ID}`), so problem and recovery name the same alert. Dates and times carry no
//! zone and are read in the source's zone. Numbers may arrive as strings (macros always do). A
//! macro Zabbix could not expand arrives literally (`{EVENT.RECOVERY.DATE}`) and reads as "not
//! given" — everywhere except the trigger name, which is kept byte-exact.

use crate::IntakeError;
use crate::error::quote;
use crate::json::{self, Obj, Result, index_path};
use chrono_tz::Tz;
use mim_domain::detection::{AlertSignal, Batch, Signal, SignalStatus};
use serde_json::Value;
use std::collections::BTreeMap;

/// Zabbix's stock severity names by `{EVENT.NSEVERITY}`. The number is preferred over
/// `{EVENT.SEVERITY}`, whose names each Zabbix installation may rename.
const SEVERITY: [&str; 6] = [
    "Not classified",
    "Information",
    "Warning",
    "Average",
    "High",
    "Disaster",
];

pub(crate) fn parse(body: &Value, tz: Tz) -> Result<Batch> {
    let root = json::object(body, String::new())?;
    let alert = read_event(&root, tz)?;
    Ok(Batch {
        signals: vec![Signal::Alert(alert)],
        truncated_alerts: 0,
        group_key: None,
    })
}

/// `{EVENT.RECOVERY.DATE}`, `{$MIM.SYSTEM}`, `{EVENT.TAGS.system}`: a macro left unexpanded.
fn unexpanded(s: &str) -> bool {
    let Some(inner) = s
        .trim()
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
    else {
        return false;
    };
    let name = inner.strip_prefix('$').unwrap_or(inner);
    let head = name.split('.').next().unwrap_or_default();
    !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !inner.contains(['{', '}'])
}

/// A string or number field, blank or unexpanded reading as "not given".
fn given(obj: &Obj<'_>, key: &str) -> Result<Option<String>> {
    Ok(obj
        .scalar(key)?
        .filter(|s| !s.trim().is_empty() && !unexpanded(s)))
}

fn read_event(root: &Obj<'_>, tz: Tz) -> Result<AlertSignal> {
    let event_id = given(root, "event_id")?.ok_or_else(|| root.missing("event_id"))?;
    let fingerprint = event_id.trim().to_owned();
    let trigger_name = root.required_text("trigger_name")?;
    let status = read_status(root)?;

    let mut labels = read_tags(root)?;
    if let Some(host) = given(root, "host_name")? {
        labels.insert("host".to_owned(), host);
    }
    if let Some(system) = given(root, "system")? {
        labels.insert("system".to_owned(), system);
    }

    let starts_at = date_time(root, "event_date", "event_time", tz)?;
    let ends_at = match status {
        SignalStatus::Resolved => {
            date_time(root, "event_recovery_date", "event_recovery_time", tz)?
        }
        SignalStatus::Firing => None,
    };

    let affected_users = match given(root, "affected_users")? {
        Some(n) => Some(n.trim().parse::<u32>().map_err(|_| {
            IntakeError::wrong(
                &root.at("affected_users"),
                format!("expected a whole number of 0 or more, found {}", quote(&n)),
            )
        })?),
        None => labels.get("affected_users").and_then(|s| json::positive(s)),
    };

    Ok(AlertSignal {
        fingerprint,
        status,
        starts_at,
        ends_at,
        name: trigger_name.to_owned(),
        summary: trigger_name.to_owned(),
        severity: read_severity(root)?,
        affected_users,
        url: given(root, "url")?,
        labels,
    })
}

/// `event_value` (`1` problem, `0` recovery), else `event_status` (`PROBLEM` / `RESOLVED`).
fn read_status(root: &Obj<'_>) -> Result<SignalStatus> {
    if let Some(v) = given(root, "event_value")? {
        return match v.trim() {
            "1" => Ok(SignalStatus::Firing),
            "0" => Ok(SignalStatus::Resolved),
            _ => Err(IntakeError::wrong(
                &root.at("event_value"),
                format!("expected 1 (problem) or 0 (recovery), found {}", quote(&v)),
            )),
        };
    }
    if let Some(v) = given(root, "event_status")? {
        return match v.trim().to_ascii_uppercase().as_str() {
            "PROBLEM" => Ok(SignalStatus::Firing),
            "RESOLVED" | "OK" => Ok(SignalStatus::Resolved),
            _ => Err(IntakeError::wrong(
                &root.at("event_status"),
                format!("expected PROBLEM or RESOLVED, found {}", quote(&v)),
            )),
        };
    }
    Err(IntakeError::wrong(
        &root.at("event_value"),
        "is missing (give event_value 1/0 or event_status PROBLEM/RESOLVED)",
    ))
}

/// `event_nseverity` 0–5 as Zabbix's stock name, else `event_severity` as sent (a digit there
/// also reads as a stock name).
fn read_severity(root: &Obj<'_>) -> Result<Option<String>> {
    let stock = |s: &str| {
        s.trim()
            .parse::<usize>()
            .ok()
            .and_then(|n| SEVERITY.get(n))
            .map(|name| (*name).to_owned())
    };
    if let Some(n) = given(root, "event_nseverity")? {
        return stock(&n).map(Some).ok_or_else(|| {
            IntakeError::wrong(
                &root.at("event_nseverity"),
                format!("expected 0 to 5, found {}", quote(&n)),
            )
        });
    }
    Ok(given(root, "event_severity")?.map(|s| stock(&s).unwrap_or(s)))
}

/// `YYYY.MM.DD` and `HH:MM:SS` in the source's zone; both or neither.
fn date_time(
    root: &Obj<'_>,
    date_key: &str,
    time_key: &str,
    tz: Tz,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    match (given(root, date_key)?, given(root, time_key)?) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(IntakeError::wrong(
            &root.at(time_key),
            format!("is missing ({date_key} is given)"),
        )),
        (None, Some(_)) => Err(IntakeError::wrong(
            &root.at(date_key),
            format!("is missing ({time_key} is given)"),
        )),
        (Some(date), Some(time)) => {
            crate::time::instant(&format!("{} {}", date.trim(), time.trim()), tz)
                .map_err(|m| IntakeError::wrong(&root.at(date_key), m))
        }
    }
}

/// `event_tags`: a list of `{"tag","value"}` (`{EVENT.TAGSJSON}` parsed by the media type), or
/// that list still as a JSON string. A tag given twice keeps its values joined with `, `.
fn read_tags(root: &Obj<'_>) -> Result<BTreeMap<String, String>> {
    let key = "event_tags";
    let path = root.at(key);
    let parsed;
    let items: &[Value] = match root.get(key) {
        None => return Ok(BTreeMap::new()),
        Some(Value::Array(items)) => items,
        Some(Value::String(s)) if s.trim().is_empty() || unexpanded(s) => {
            return Ok(BTreeMap::new());
        }
        Some(Value::String(s)) => {
            parsed = serde_json::from_str::<Vec<Value>>(s).map_err(|e| {
                IntakeError::wrong(&path, format!("is not a JSON list of tags: {e}"))
            })?;
            &parsed
        }
        Some(other) => {
            return Err(IntakeError::wrong(
                &path,
                format!(
                    "expected a list of {{\"tag\",\"value\"}}, found {}",
                    json::kind(other)
                ),
            ));
        }
    };
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let tag = json::object(item, index_path(&path, i))?;
        let name = tag.required_text("tag")?;
        let value = tag.scalar("value")?.unwrap_or_default();
        labels
            .entry(name.to_owned())
            .and_modify(|v| {
                if !v.split(", ").any(|seen| seen == value) {
                    v.push_str(", ");
                    v.push_str(&value);
                }
            })
            .or_insert_with(|| value.clone());
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unexpanded_macros_are_recognised() {
        for s in [
            "{EVENT.RECOVERY.DATE}",
            "{$MIM.SYSTEM}",
            "{EVENT.TAGS.system}",
            "{EVENT.TAGSJSON}",
            " {HOST.NAME} ",
        ] {
            assert!(unexpanded(s), "{s}");
        }
        for s in [
            "",
            "{}",
            "{x}",
            "tulostus",
            "{a} {B}",
            "C:\\{TEMP}",
            "{\"a\":1}",
        ] {
            assert!(!unexpanded(s), "{s}");
        }
    }
}
