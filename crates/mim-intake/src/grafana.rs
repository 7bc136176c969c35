//! Grafana unified-alerting webhook contact point: Alertmanager's `alerts[]` shape (message
//! version "1") plus `title`, `state`, `message`, `orgId`, and per alert `values`,
//! `valueString`, `silenceURL`, `dashboardURL`, `panelURL`.
//!
//! Grafana writes `startsAt` in the server's local offset (`2026-07-01T09:51:03.157076+03:00`);
//! it is read as that instant, sub-seconds kept (case C01). Per-alert links: `generatorURL`
//! (the rule), else `panelURL`, else `dashboardURL`. The group-level `title`, `state` and
//! `message` describe the whole notification and are not read: each alert speaks for itself.
//! The legacy (pre-unified) dashboard-alert shape with `ruleName` and `evalMatches` has no
//! `alerts` list and is refused with a hint.

use crate::IntakeError;
use crate::alertmanager;
use crate::json::{self, Result};
use chrono_tz::Tz;
use mim_domain::detection::Batch;
use serde_json::Value;

pub(crate) fn parse(body: &Value, tz: Tz) -> Result<Batch> {
    let root = json::object(body, String::new())?;
    let Some(alerts) = root.array("alerts")? else {
        let message = if root.has("evalMatches") || root.has("ruleName") {
            "is missing: this is Grafana's legacy alerting shape; use a unified-alerting webhook contact point"
        } else {
            "is missing"
        };
        return Err(IntakeError::wrong(&root.at("alerts"), message));
    };
    alertmanager::read_group(&root, alerts, tz, &["panelURL", "dashboardURL"])
}
