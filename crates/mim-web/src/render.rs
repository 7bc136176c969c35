//! Rendering the MIM form as printable HTML and as Markdown. A `FormDoc` holds every text
//! already localised and every time already in the organisation's zone; the templates only
//! lay it out. HTML is auto-escaped by minijinja (templates ending `.html`); Markdown escapes
//! user text with the `md` filter, so no report text can inject markup in either.

use crate::i18n::Catalogue;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mim_app::AppError;
use mim_app::cases::FormView;
use mim_domain::Language;
use mim_domain::case::{Actor, FormEntry, TimelineEntry};
use minijinja::Environment;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

pub struct Renderer {
    env: Environment<'static>,
    catalogue: Arc<Catalogue>,
}

#[derive(Serialize)]
struct Field {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct Row {
    when: String,
    recorded: String,
    added_later: bool,
    who: String,
    what: String,
    details: Vec<Field>,
}

#[derive(Serialize)]
struct Section {
    heading: String,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct FormDoc {
    lang: &'static str,
    title: String,
    case_id: String,
    exercise_banner: Option<String>,
    header: Vec<Field>,
    sections: Vec<Section>,
    timeline_heading: String,
    timeline: Vec<Row>,
    labels: Labels,
}

#[derive(Serialize)]
struct Labels {
    when: String,
    who: String,
    what: String,
    details: String,
    added_later: String,
    recorded: String,
    nothing_yet: String,
    identifiers: String,
}

/// A local time with its zone's abbreviation, e.g. `10.02.2026 09:05 EET`.
pub fn local_time(t: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let l = t.with_timezone(&tz);
    match lang {
        Language::En => l.format("%Y-%m-%d %H:%M %Z").to_string(),
        Language::Fi | Language::Sv => l.format("%d.%m.%Y %H:%M %Z").to_string(),
    }
}

/// A date as people in `lang` write it.
pub fn local_date(d: chrono::NaiveDate, lang: Language) -> String {
    match lang {
        Language::En => d.format("%Y-%m-%d").to_string(),
        Language::Fi | Language::Sv => d.format("%d.%m.%Y").to_string(),
    }
}

/// Escapes the Markdown (and inline HTML) punctuation that could change meaning in the inline
/// position where values appear, so user text stays text.
fn md_escape(s: String) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|line| md_escape_line(line.trim_end_matches('\r')))
        .collect();
    lines.join("  \n  ")
}

/// A value in a Markdown table cell: escaped like `md_escape`, and its line breaks as `<br>`,
/// since a raw newline would end the table row.
fn md_cell(s: String) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|line| md_escape_line(line.trim_end_matches('\r')))
        .collect();
    lines.join("<br>")
}

fn md_escape_line(line: &str) -> String {
    let start = line.trim_start();
    let lead = &line[..line.len() - start.len()];
    let mut out = String::with_capacity(line.len() + 4);
    out.push_str(lead);
    // What would open a list item, a rule or a setext heading at the start of a line:
    // `- x`, `+ x`, `---`, `===`, or `1. x` / `1) x` (CommonMark needs the space after).
    let spaced = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    let rule = start.len() >= 3 && start.chars().all(|c| matches!(c, '-' | '=' | ' '));
    let digits = start.chars().take_while(char::is_ascii_digit).count();
    let ordered = (1..=9).contains(&digits)
        && start[digits..].starts_with(['.', ')'])
        && spaced(&start[digits + 1..]);
    let bullet = start.starts_with(['-', '+']) && spaced(&start[1..]);
    for (i, c) in start.chars().enumerate() {
        let opens = (i == 0 && (bullet || rule)) || (ordered && i == digits);
        if opens
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '<' | '>' | '~' | '&'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Renderer {
    pub fn new(catalogue: Arc<Catalogue>) -> Self {
        let mut env = Environment::new();
        env.add_filter("md", md_escape);
        env.add_filter("cell", md_cell);
        for (name, src) in [
            ("form.html", include_str!("../templates/form.html")),
            ("form.md", include_str!("../templates/form.md")),
            (
                "public_layout.html",
                include_str!("../templates/public_layout.html"),
            ),
            ("report.html", include_str!("../templates/report.html")),
            ("plan.html", include_str!("../templates/plan.html")),
            ("plan.md", include_str!("../templates/plan.md")),
            (
                "report_message.html",
                include_str!("../templates/report_message.html"),
            ),
        ] {
            if let Err(e) = env.add_template(name, src) {
                tracing::error!(error = %e, template = name, "a built-in template does not compile");
            }
        }
        Renderer { env, catalogue }
    }

    pub fn form_html(&self, view: &FormView) -> Result<String, AppError> {
        self.render("form.html", view)
    }

    pub fn form_markdown(&self, view: &FormView) -> Result<String, AppError> {
        self.render("form.md", view)
    }

    /// A page of the public pages from its template and a context already localised.
    pub fn page<T: Serialize>(&self, name: &str, context: &T) -> Result<String, AppError> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(minijinja::value::Serde(context)))
            .map_err(|e| AppError::Internal(format!("rendering {name}: {e}")))
    }

    fn render(&self, name: &str, view: &FormView) -> Result<String, AppError> {
        let doc = self.doc(view);
        self.env
            .get_template(name)
            .and_then(|t| t.render(minijinja::value::Serde(&doc)))
            .map_err(|e| AppError::Internal(format!("rendering {name}: {e}")))
    }

    fn t(&self, lang: Language, key: &str) -> String {
        self.catalogue.t(lang, key)
    }

    fn doc(&self, view: &FormView) -> FormDoc {
        let (lang, tz) = (view.language, view.time_zone);
        let f = &view.form;
        let c = &f.case;
        let t = |k: &str| self.t(lang, k);
        let time = |at: DateTime<Utc>| local_time(at, tz, lang);
        let none = t("label-none");
        let person = |p: &Option<mim_domain::register::NamedPerson>| {
            p.as_ref().map_or(none.clone(), |p| p.name.clone())
        };
        let mut header = vec![
            Field {
                label: t("label-case-id"),
                value: c.id.to_string(),
            },
            Field {
                label: t("label-title"),
                value: c.title.clone(),
            },
            Field {
                label: t("label-organisation"),
                value: view.organisation.clone(),
            },
            Field {
                label: t("label-system"),
                value: c.system.as_ref().map_or(none.clone(), |s| s.name.clone()),
            },
            Field {
                label: t("label-vendor"),
                value: c
                    .system
                    .as_ref()
                    .and_then(|s| s.vendor_name.clone())
                    .unwrap_or(none.clone()),
            },
            Field {
                label: t("label-stage"),
                value: t(&format!("stage-{}", c.stage.code())),
            },
            Field {
                label: t("label-colour"),
                value: c
                    .assessment_colour()
                    .map_or(none.clone(), |col| t(&format!("colour-{}", col.code()))),
            },
            Field {
                label: t("label-mim-started"),
                value: match c.mim_started {
                    Some(true) => t("label-yes"),
                    Some(false) => t("label-no"),
                    None => none.clone(),
                },
            },
            Field {
                label: t("label-active-backup"),
                value: c
                    .active_backup
                    .as_ref()
                    .map_or(none.clone(), |b| b.name.clone()),
            },
            Field {
                label: t("label-exercise"),
                value: t(if c.exercise { "label-yes" } else { "label-no" }),
            },
            Field {
                label: t("label-opened"),
                value: time(c.opened_at),
            },
            Field {
                label: t("label-opened-by"),
                value: self.actor(lang, &c.opened_by),
            },
            Field {
                label: t("label-ended"),
                value: c.ended_at.map_or(none.clone(), time),
            },
            Field {
                label: t("label-reopen-count"),
                value: c.reopen_count.to_string(),
            },
            Field {
                label: t("label-mim-contact"),
                value: person(&c.mim_contact),
            },
            Field {
                label: t("label-mim-contact-deputy"),
                value: person(&c.mim_contact_deputy),
            },
            Field {
                label: t("label-verifier"),
                value: person(&c.verifier),
            },
            Field {
                label: t("label-verifier-deputy"),
                value: person(&c.verifier_deputy),
            },
            Field {
                label: t("label-next-update"),
                value: c.next_update_at.map_or(none.clone(), time),
            },
            Field {
                label: t("label-time-zone"),
                value: tz.name().to_owned(),
            },
        ];
        if let Some(d) = &c.description {
            header.insert(
                2,
                Field {
                    label: t("label-description"),
                    value: d.clone(),
                },
            );
        }
        if let Some(r) = &c.recurrence_of {
            header.push(Field {
                label: t("label-recurrence-of"),
                value: r.to_string(),
            });
        }
        let section = |key: &str, entries: Vec<&FormEntry>| Section {
            heading: t(key),
            rows: entries
                .into_iter()
                .map(|e| self.row(lang, tz, e.at, e.recorded_at, &e.by, &e.event))
                .collect(),
        };
        let sections = vec![
            section("section-detection", f.detection.iter().collect()),
            section("section-reports", f.reports.iter().collect()),
            section("section-alert-activity", f.alert_activity.iter().collect()),
            section("section-suggestions", f.suggestions.iter().collect()),
            section(
                "section-assessment",
                f.assessments.iter().chain(&f.mim_contact_calls).collect(),
            ),
            section("section-decision", f.decision.iter().collect()),
            section("section-people", f.people.iter().collect()),
            section("section-backup", f.backup.iter().collect()),
            section("section-vendor", f.vendor.iter().collect()),
            section("section-communications", f.communications.iter().collect()),
            section("section-deliveries", f.deliveries.iter().collect()),
            section("section-fix", f.fix.iter().collect()),
            section("section-verification", f.verifications.iter().collect()),
            section("section-sign-off", f.sign_off.iter().collect()),
            section("section-reopenings", f.reopenings.iter().collect()),
            section("section-walk-through", f.walk_through.iter().collect()),
            section("section-vendor-report", f.vendor_reports.iter().collect()),
            section("section-closure", f.closure.iter().collect()),
            section("section-notes", f.notes.iter().collect()),
        ];
        let timeline = f
            .timeline
            .iter()
            .map(|e: &TimelineEntry| {
                self.row(lang, tz, e.occurred_at, e.recorded_at, &e.actor, &e.event)
            })
            .collect();
        FormDoc {
            lang: lang.code(),
            title: t("form-title"),
            case_id: c.id.to_string(),
            exercise_banner: c.exercise.then(|| t("exercise-banner")),
            header,
            sections,
            timeline_heading: t("section-timeline"),
            timeline,
            labels: Labels {
                when: t("label-when"),
                who: t("label-who"),
                what: t("label-what"),
                details: t("label-details"),
                added_later: t("label-added-later"),
                recorded: t("label-recorded"),
                nothing_yet: t("label-nothing-yet"),
                identifiers: t("section-identifiers"),
            },
        }
    }

    fn actor(&self, lang: Language, a: &Actor) -> String {
        match a {
            Actor::Person { name, role, .. } => format!(
                "{name} ({})",
                self.t(lang, &format!("role-{}", role.code()))
            ),
            Actor::Mim => self.t(lang, "actor-mim"),
        }
    }

    fn row(
        &self,
        lang: Language,
        tz: Tz,
        at: DateTime<Utc>,
        recorded_at: DateTime<Utc>,
        by: &Actor,
        event: &mim_domain::case::CaseEvent,
    ) -> Row {
        let kind = event.kind();
        let details = match serde_json::to_value(event) {
            Ok(Value::Object(map)) => map
                .into_iter()
                .filter(|(k, v)| k != "type" && k != "matrix" && !v.is_null())
                .filter_map(|(k, v)| {
                    let value = self.value(lang, tz, &kind, &k, v)?;
                    // A reopening's `to` is a stage, not a recipient.
                    let key = match (kind.as_str(), k.as_str()) {
                        ("reopened", "to") => "to-stage".to_owned(),
                        _ => k.replace('_', "-"),
                    };
                    Some(Field {
                        label: self.t(lang, &format!("field-{key}")),
                        value,
                    })
                })
                .collect(),
            _ => vec![],
        };
        Row {
            when: local_time(at, tz, lang),
            recorded: local_time(recorded_at, tz, lang),
            added_later: recorded_at - at
                > chrono::Duration::minutes(mim_domain::case::ADDED_LATER_AFTER_MINUTES),
            who: self.actor(lang, by),
            what: self.t(lang, &format!("event-{kind}")),
            details,
        }
    }

    /// One field's value in words: enums translated, times local, people and arrangements by name.
    fn value(&self, lang: Language, tz: Tz, kind: &str, field: &str, v: Value) -> Option<String> {
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
            Value::Bool(b) => Some(self.t(lang, if b { "label-yes" } else { "label-no" })),
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => {
                if let Some(p) = prefix {
                    return Some(self.t(lang, &format!("{p}{s}")));
                }
                if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
                    return Some(local_time(t.with_timezone(&Utc), tz, lang));
                }
                if let Ok(d) = chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                    return Some(local_date(d, lang));
                }
                Some(s)
            }
            Value::Object(o) => {
                // A queued message: to whom, how, and what it says.
                if field == "message" {
                    let get = |path: &[&str]| {
                        path.iter()
                            .try_fold(&Value::Object(o.clone()), |v, k| v.get(*k))
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    };
                    let mut line = format!(
                        "{} <{}>, {}: {}",
                        get(&["recipient", "name"]),
                        get(&["recipient", "address"]),
                        get(&["channel"]),
                        get(&["subject"])
                    );
                    // The files it carries, by name: which update sent the report.
                    let files: Vec<&str> = o
                        .get("attachments")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(|f| f["file_name"].as_str()).collect())
                        .unwrap_or_default();
                    if !files.is_empty() {
                        line.push_str(&format!(" [{}]", files.join(", ")));
                    }
                    return Some(line);
                }
                // A case's file: its name, type and size.
                if let Some(name) = o.get("file_name").and_then(Value::as_str) {
                    return Some(format!(
                        "{name} ({}, {} B)",
                        o.get("content_type")
                            .and_then(Value::as_str)
                            .unwrap_or_default(),
                        o.get("size").and_then(Value::as_u64).unwrap_or_default()
                    ));
                }
                if let Some(name) = o.get("name").and_then(Value::as_str) {
                    return Some(name.to_owned());
                }
                // A tagged value (the estimate's basis, where an alert's users came from).
                if let Some(k) = o.get("kind").and_then(Value::as_str) {
                    let p = if field == "basis" {
                        "basis-"
                    } else {
                        "usersrc-"
                    };
                    return Some(self.t(lang, &format!("{p}{k}")));
                }
                // Labels: `name=value`, in order.
                let pairs: Vec<String> = o
                    .iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}={v}")))
                    .collect();
                (!pairs.is_empty()).then(|| pairs.join(", "))
            }
            // Roles flagged by a suggested colour.
            Value::Array(items) if field == "flags" => {
                let roles: Vec<String> = items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|r| self.t(lang, &format!("role-{r}")))
                    .collect();
                Some(roles.join(", "))
            }
            Value::Array(_) | Value::Null => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mim_domain::case::CaseEvent;
    use serde_json::json;

    /// One event of every kind, with every field filled.
    fn every_event() -> Vec<CaseEvent> {
        let person = json!({"user": "todentaja", "name": "Ville Koskinen"});
        let arrangement = json!({"id": "paperi", "name": "Paperilomakkeet", "description": "d", "decided_by": "it_management"});
        let matrix = json!({"source": {"kind": "organisation_default"}, "version": null,
            "matrix": serde_json::to_value(mim_domain::impact::ImpactMatrix::organisation_default()).unwrap()});
        let t = "2026-02-10T08:00:00Z";
        [
            json!({"type": "opened", "title": "t", "description": "d", "system": {"id": "wilma", "name": "Wilma", "vendor": "v", "vendor_name": "V Oy"},
                "exercise": true, "mim_contact": person, "mim_contact_deputy": person, "recurrence_of": "MIM-2026-0001"}),
            json!({"type": "report_received", "channel": "phone", "text": "x", "reporter": "r", "stated_users": 10, "severity": "minor"}),
            json!({"type": "alert_firing", "fingerprint": "f", "name": "n", "text": "x", "source_severity": "critical",
                "severity_class": "unclassified", "starts_at": t, "labels": {"service": "wilma"}, "users": 5,
                "users_source": {"kind": "selector_share", "percent": 50}, "url": "http://example.invalid"}),
            json!({"type": "alert_resolved", "fingerprint": "f", "ends_at": t}),
            json!({"type": "assessed", "affected_users": 5, "severity": "minor", "colour": "green", "matrix": matrix, "note": "n"}),
            json!({"type": "mim_contact_called", "note": "n"}),
            json!({"type": "criticality_decided", "start_mim": true, "colour": "red", "departs_from_matrix": false, "reason": "r"}),
            json!({"type": "backup_decided", "needed": true, "arrangement": arrangement, "reason": "r"}),
            json!({"type": "backup_activated", "arrangement": arrangement, "note": "n"}),
            json!({"type": "vendor_escalated", "to": "x", "note": "n"}),
            json!({"type": "escalation_acknowledged", "note": "n"}),
            json!({"type": "progress_report_demanded", "note": "n", "due_by": t}),
            json!({"type": "vendor_progress", "text": "x", "estimate": t}),
            json!({"type": "fix_reported", "text": "x"}),
            json!({"type": "fix_acknowledged", "note": "n"}),
            json!({"type": "people_named", "verifier": person, "verifier_deputy": person, "mim_contact": person, "mim_contact_deputy": person}),
            json!({"type": "verification_recorded", "works": false, "reason": "r"}),
            json!({"type": "reopened", "reason": "r", "from": "closed", "to": "monitoring"}),
            json!({"type": "signed_off", "note": "n"}),
            json!({"type": "walk_through_decided", "needed": true, "reason": "r", "timeline_owner": person}),
            json!({"type": "finding_added", "category": "preventability", "text": "x"}),
            json!({"type": "action_item_added", "title": "x", "owner": "o", "due": "2027-01-15"}),
            json!({"type": "vendor_report_recorded", "text": "x"}),
            json!({"type": "closed", "summary": "s"}),
            json!({"type": "dismissed", "reason": "duplicate", "duplicate_of": "MIM-2026-0001", "text": "x"}),
            json!({"type": "communication_recorded", "kind": "update", "audience": "a", "channel": "c", "text": "x", "next_update_at": t}),
            json!({"type": "note_added", "text": "x"}),
            json!({"type": "attachment_added", "attachment": {"id": 1, "file_name": "raportti.pdf",
                "content_type": "application/pdf", "size": 1200}}),
            json!({"type": "message_queued", "message": {"message_id": "m/1", "message": "m", "kind": "update",
                "audience": "henkilöstö", "channel": "email", "recipient": {"name": "Maija", "address": "maija@example.fi"},
                "language": "fi", "subject": "Wilma", "text": "x",
                "attachments": [{"id": 1, "file_name": "raportti.pdf", "content_type": "application/pdf", "size": 1200}]}}),
            json!({"type": "message_sent", "message_id": "m/1", "attempt": 2, "detail": "250 OK", "possible_duplicate": true}),
            json!({"type": "message_failed", "message_id": "m/1", "attempt": 1, "reason": "421", "retry_at": t}),
            json!({"type": "message_failed", "message_id": "m/1", "attempt": 1, "reason": "552", "retry_at": t, "files_as_links": true}),
            json!({"type": "message_given_up", "message_id": "m/1", "attempt": 3, "reason": "552", "permanent": true}),
            json!({"type": "details_edited", "title": "t", "description": "d"}),
            json!({"type": "alert_repeated", "fingerprint": "f", "source_severity": "warning", "severity_class": "inconvenient",
                "users": 3, "users_source": {"kind": "carried"}}),
            json!({"type": "alert_flapping", "fingerprint": "f", "changes": 3, "within_seconds": 600}),
            json!({"type": "alert_flapping_ended", "fingerprint": "f"}),
            json!({"type": "alert_acknowledged", "fingerprint": "f"}),
            json!({"type": "alert_ack_cleared", "fingerprint": "f", "reason": "severity_raised"}),
            json!({"type": "alerts_truncated", "count": 2750, "listed": 50, "group_key": "g"}),
            json!({"type": "all_alerts_resolved", "alerts": 3, "unlisted": 0}),
            json!({"type": "estimate_changed", "users": 120, "basis": {"kind": "selector_share", "fingerprint": "f", "percent": 50}}),
            json!({"type": "colour_suggested", "colour": "red", "previous": "yellow", "users": 120, "severity": "prevents_work",
                "flags": ["service_desk", "it_management"]}),
            json!({"type": "source_still_firing", "fingerprint": "f"}),
            json!({"type": "backup_ended", "arrangement": arrangement, "note": "n"}),
            json!({"type": "system_set", "system": {"id": "wilma", "name": "Wilma", "vendor": "v", "vendor_name": "V Oy"},
                "mim_contact": person, "mim_contact_deputy": person}),
        ]
        .into_iter()
        .map(|v| serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}")))
        .collect()
    }

    #[test]
    fn every_event_and_field_has_words_in_every_language() {
        let catalogue = Arc::new(Catalogue::load());
        let r = Renderer::new(catalogue.clone());
        let events = every_event();
        let kinds: Vec<String> = events.iter().map(CaseEvent::kind).collect();
        let keyed: Vec<String> = catalogue
            .keys(Language::Fi)
            .into_iter()
            .filter_map(|k| k.strip_prefix("event-").map(str::to_owned))
            .collect();
        for k in &keyed {
            assert!(kinds.contains(k), "the sample lacks an event of kind {k}");
        }
        for k in &kinds {
            assert!(keyed.contains(k), "no words for events of kind {k}");
        }
        // Every variant is in the sample: this match has no wildcard, so a new variant fails
        // to compile here until it is added above.
        let mut seen = std::collections::BTreeSet::new();
        for e in &events {
            use CaseEvent as E;
            seen.insert(match e {
                E::Opened { .. } => 0,
                E::ReportReceived { .. } => 1,
                E::AlertFiring { .. } => 2,
                E::AlertResolved { .. } => 3,
                E::AlertRepeated { .. } => 4,
                E::AlertFlapping { .. } => 5,
                E::AlertFlappingEnded { .. } => 6,
                E::AlertAcknowledged { .. } => 7,
                E::AlertAckCleared { .. } => 8,
                E::AlertsTruncated { .. } => 9,
                E::AllAlertsResolved { .. } => 10,
                E::EstimateChanged { .. } => 11,
                E::ColourSuggested { .. } => 12,
                E::SourceStillFiring { .. } => 13,
                E::Assessed { .. } => 14,
                E::MimContactCalled { .. } => 15,
                E::CriticalityDecided { .. } => 16,
                E::BackupDecided { .. } => 17,
                E::BackupActivated { .. } => 18,
                E::VendorEscalated { .. } => 19,
                E::EscalationAcknowledged { .. } => 20,
                E::ProgressReportDemanded { .. } => 21,
                E::VendorProgress { .. } => 22,
                E::FixReported { .. } => 23,
                E::FixAcknowledged { .. } => 24,
                E::PeopleNamed { .. } => 25,
                E::VerificationRecorded { .. } => 26,
                E::Reopened { .. } => 27,
                E::SignedOff { .. } => 28,
                E::WalkThroughDecided { .. } => 29,
                E::FindingAdded { .. } => 30,
                E::ActionItemAdded { .. } => 31,
                E::VendorReportRecorded { .. } => 32,
                E::Closed { .. } => 33,
                E::Dismissed { .. } => 34,
                E::CommunicationRecorded { .. } => 35,
                E::NoteAdded { .. } => 36,
                E::DetailsEdited { .. } => 37,
                E::SystemSet { .. } => 38,
                E::BackupEnded { .. } => 39,
                E::MessageQueued { .. } => 40,
                E::MessageSent { .. } => 41,
                E::MessageFailed { .. } => 42,
                E::MessageGivenUp { .. } => 43,
                E::AttachmentAdded { .. } => 44,
            });
        }
        assert_eq!(seen.len(), 45, "every kind of event is in the sample");
        let at = DateTime::parse_from_rfc3339("2026-02-10T07:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for lang in Language::ALL {
            for e in &events {
                let row = r.row(lang, chrono_tz::Europe::Helsinki, at, at, &Actor::Mim, e);
                assert!(
                    !row.what.starts_with("event-"),
                    "{lang}: no words for {}",
                    e.kind()
                );
                for f in &row.details {
                    for text in [&f.label, &f.value] {
                        let raw = [
                            "field-",
                            "stage-",
                            "colour-",
                            "severity-",
                            "channel-",
                            "comm-",
                            "finding-",
                            "dismiss-",
                            "label-",
                            "role-",
                            "basis-",
                            "usersrc-",
                            "ackclear-",
                            "section-",
                        ];
                        assert!(
                            !raw.iter().any(|p| text.starts_with(p)),
                            "{lang} {}: a raw key {text}",
                            e.kind()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn local_times_follow_helsinki_daylight_saving() {
        let tz = chrono_tz::Europe::Helsinki;
        let winter = DateTime::parse_from_rfc3339("2026-02-10T07:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let summer = DateTime::parse_from_rfc3339("2026-07-10T07:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(local_time(winter, tz, Language::Fi), "10.02.2026 09:05 EET");
        assert_eq!(
            local_time(summer, tz, Language::Fi),
            "10.07.2026 10:05 EEST"
        );
        assert_eq!(
            local_time(summer, tz, Language::En),
            "2026-07-10 10:05 EEST"
        );
    }

    #[test]
    fn no_line_of_user_text_becomes_markdown_structure() {
        assert_eq!(
            md_escape("eka\n- lista\n1. kohta\n---\n  + x".into()),
            "eka  \n  \\- lista  \n  1\\. kohta  \n  \\---  \n    \\+ x"
        );
        // A date or a hyphenated word stays as it is.
        assert_eq!(md_escape("10.02.2026 09:00".into()), "10.02.2026 09:00");
        assert_eq!(md_escape("-20 astetta".into()), "-20 astetta");
    }

    #[test]
    fn a_table_cell_keeps_its_row() {
        assert_eq!(
            md_cell("a | b\r\n- c\n<script>".into()),
            "a \\| b<br>\\- c<br>\\<script\\>"
        );
    }

    #[test]
    fn markdown_escaping_keeps_text_as_text() {
        assert_eq!(
            md_escape("<b>*x*</b> [a](b) | `c`".into()),
            "\\<b\\>\\*x\\*\\</b\\> \\[a\\](b) \\| \\`c\\`"
        );
    }
}
