//! A form event in words, the way the printable MIM form says it: the kind of event, who did
//! it, and each field as `label: value` with enums translated, times local and people by
//! name. The words come from the caller's catalogue under the form's keys (`event-…`,
//! `field-…`, `stage-…`), so the workbook and the HTML/Markdown form read the same.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use mim_domain::Language;
use mim_domain::case::{ADDED_LATER_AFTER_MINUTES, Actor, CaseEvent};
use serde_json::Value;

/// A catalogue lookup: the text for a key in the reader's language.
pub type Lookup<'a> = &'a dyn Fn(&str) -> String;

pub(crate) struct EventWords<'a> {
    pub tz: Tz,
    pub lang: Language,
    pub t: Lookup<'a>,
}

impl EventWords<'_> {
    pub fn t(&self, key: &str) -> String {
        (self.t)(key)
    }

    /// A local time with its zone's abbreviation, as the printable form shows it.
    pub fn time(&self, at: DateTime<Utc>) -> String {
        let l = at.with_timezone(&self.tz);
        match self.lang {
            Language::En => l.format("%Y-%m-%d %H:%M %Z").to_string(),
            Language::Fi | Language::Sv => l.format("%d.%m.%Y %H:%M %Z").to_string(),
        }
    }

    fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Language::En => d.format("%Y-%m-%d").to_string(),
            Language::Fi | Language::Sv => d.format("%d.%m.%Y").to_string(),
        }
    }

    pub fn actor(&self, a: &Actor) -> String {
        match a {
            Actor::Person { name, role, .. } => {
                format!("{name} ({})", self.t(&format!("role-{}", role.code())))
            }
            Actor::Mim => self.t("actor-mim"),
        }
    }

    pub fn what(&self, event: &CaseEvent) -> String {
        self.t(&format!("event-{}", event.kind()))
    }

    /// Each field of the event that has a value, as (label, value).
    pub fn details(&self, event: &CaseEvent) -> Vec<(String, String)> {
        let kind = event.kind();
        let Ok(Value::Object(map)) = serde_json::to_value(event) else {
            return vec![];
        };
        map.into_iter()
            // The matrix used is a whole table; the form names it elsewhere.
            .filter(|(k, v)| k != "type" && k != "matrix" && !v.is_null())
            .filter_map(|(k, v)| {
                let value = self.value(&kind, &k, v)?;
                // A reopening's `to` is a stage, not a recipient.
                let key = match (kind.as_str(), k.as_str()) {
                    ("reopened", "to") => "to-stage".to_owned(),
                    _ => k.replace('_', "-"),
                };
                Some((self.t(&format!("field-{key}")), value))
            })
            .collect()
    }

    /// One field's value in words: enums translated, times local, people and arrangements by
    /// name, labels as `name=value`.
    fn value(&self, kind: &str, field: &str, v: Value) -> Option<String> {
        let prefix = match (kind, field) {
            (_, "severity" | "severity_class") => Some("severity-"),
            (_, "colour" | "previous") => Some("colour-"),
            ("alert_ack_cleared", "reason") => Some("ackclear-"),
            ("report_received", "channel") => Some("channel-"),
            ("communication_recorded", "kind") => Some("comm-"),
            (_, "category") => Some("finding-"),
            ("dismissed", "reason") => Some("dismiss-"),
            ("reopened", "from" | "to") => Some("stage-"),
            _ => None,
        };
        match v {
            Value::Bool(b) => Some(self.t(if b { "label-yes" } else { "label-no" })),
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => {
                if let Some(p) = prefix {
                    return Some(self.t(&format!("{p}{s}")));
                }
                if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
                    return Some(self.time(t.with_timezone(&Utc)));
                }
                if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                    return Some(self.date(d));
                }
                Some(s)
            }
            Value::Object(o) => {
                if let Some(name) = o.get("name").and_then(Value::as_str) {
                    return Some(name.to_owned());
                }
                // A tagged value: the estimate's basis, or where an alert's users came from.
                if let Some(k) = o.get("kind").and_then(Value::as_str) {
                    let p = if field == "basis" {
                        "basis-"
                    } else {
                        "usersrc-"
                    };
                    return Some(self.t(&format!("{p}{k}")));
                }
                let pairs: Vec<String> = o
                    .iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}={v}")))
                    .collect();
                (!pairs.is_empty()).then(|| pairs.join(", "))
            }
            // The roles a suggested colour flags.
            Value::Array(items) if field == "flags" => {
                let roles: Vec<String> = items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|r| self.t(&format!("role-{r}")))
                    .collect();
                Some(roles.join(", "))
            }
            Value::Array(_) | Value::Null => None,
        }
    }

    /// One form entry on one line (its values may hold line breaks), as the Markdown form
    /// writes it: `time (added later, recorded time) — who: what — label: value; …`.
    pub fn entry_line(
        &self,
        at: DateTime<Utc>,
        recorded_at: DateTime<Utc>,
        by: &Actor,
        event: &CaseEvent,
    ) -> String {
        let mut line = self.time(at);
        if recorded_at - at > chrono::Duration::minutes(ADDED_LATER_AFTER_MINUTES) {
            line.push_str(&format!(
                " ({}, {} {})",
                self.t("label-added-later"),
                self.t("label-recorded"),
                self.time(recorded_at)
            ));
        }
        line.push_str(&format!(" — {}: {}", self.actor(by), self.what(event)));
        for (i, (label, value)) in self.details(event).into_iter().enumerate() {
            line.push_str(if i == 0 { " — " } else { "; " });
            line.push_str(&format!("{label}: {value}"));
        }
        line
    }
}
