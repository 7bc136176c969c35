//! Documentation-only mirrors of the register documents, so the OpenAPI document describes
//! every field without the domain depending on utoipa. The test at the bottom walks the demo
//! register through these schemas: a field the domain writes but the schema lacks, a schema
//! field the domain never writes, or a required one it leaves out fails it.

#![allow(dead_code)]

use crate::api::schema::{Colour, Language, Role};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// What a PUT answers.
#[derive(ToSchema)]
pub struct VersionAnswer {
    /// The document's new version (also the ETag).
    version: u64,
}

/// A user of mim named on the register: `user` must be an active user holding the
/// `mim_contact` role; `name` is replaced by the user record's.
#[derive(ToSchema)]
pub struct NamedPerson {
    #[schema(example = "mimyhteys")]
    user: String,
    name: String,
}

/// An impact matrix: `bands` are the lower limits of the user bands (`[1, 11, 51, 101]` is
/// 1–10, 11–50, 51–100, 101+), `cells[band]` the colours for minor, inconvenient, disrupts
/// work and prevents work.
#[derive(ToSchema)]
pub struct ImpactMatrix {
    #[schema(example = json!([1, 11, 51, 101]))]
    bands: Vec<u32>,
    cells: Vec<Vec<Colour>>,
    /// The date this version of the matrix applies from (from an imported workbook).
    #[schema(value_type = Option<String>, example = "2026-01-01")]
    valid_from: Option<String>,
    /// Per cell, `[band][severity]`, the target time in minutes for the criticality
    /// decision (a workbook's "response time"); null where none is set.
    response_minutes: Option<Vec<Vec<Option<u32>>>>,
}

/// The organisation settings.
#[derive(ToSchema)]
pub struct Organisation {
    #[schema(example = "Kuusijärven kaupunki")]
    name: String,
    /// IANA name; every time is shown in it.
    #[schema(example = "Europe/Helsinki")]
    time_zone: String,
    /// Publication languages, any of fi, sv, en, each once; the first is the default
    /// interface language.
    languages: Vec<Language>,
    mim_contact: Option<NamedPerson>,
    /// Someone other than the MIM contact person.
    mim_contact_deputy: Option<NamedPerson>,
    /// The matrix of every system without its own; its bands are the organisation's user
    /// band limits.
    default_matrix: ImpactMatrix,
    /// An untouched detection with every alert resolved may be dismissed after this long
    /// (5–10080).
    quiet_period_minutes: u32,
    /// The communication points: minutes between updates per colour (an unassessed case
    /// counts as red) and how early the person responsible is reminded. Optional; defaults
    /// red 30, yellow 60, green 120, reminder 10.
    cadence: Option<Cadence>,
    /// Audiences of every disruption whatever the system (management group, service desk…),
    /// each with members and group channels.
    audiences: Option<Vec<Audience>>,
    /// Minutes a call-out to the MIM contact person may go unanswered before it goes on to the
    /// deputy (1–1440, default 15).
    call_out_escalation_minutes: Option<u32>,
    /// Read only: the organisation publishes in both Finnish and Swedish.
    #[schema(read_only)]
    bilingual: Option<bool>,
}

/// Minutes between communication points per colour: each from 1 to 1440, the reminder lead
/// shorter than the shortest of them.
#[derive(ToSchema)]
pub struct Cadence {
    #[schema(example = 30)]
    red_minutes: u32,
    #[schema(example = 60)]
    yellow_minutes: u32,
    #[schema(example = 120)]
    green_minutes: u32,
    #[schema(example = 10)]
    remind_before_minutes: u32,
}

#[derive(ToSchema)]
#[allow(non_camel_case_types)]
pub enum OwnerKind {
    person,
    unit,
}

/// The system's owner, reachable by phone or e-mail (at least one).
#[derive(ToSchema)]
pub struct SystemOwner {
    name: String,
    /// `person` by default.
    kind: Option<OwnerKind>,
    phone: Option<String>,
    email: Option<String>,
}

#[derive(ToSchema)]
#[allow(non_camel_case_types)]
pub enum BackupDecider {
    it_management,
    management_group,
}

/// Who takes a step: a role of the process (`{"role": "it_management"}`) or a person or group
/// in the organisation's words (`{"person": "koulusihteerit"}`).
#[derive(ToSchema)]
#[allow(non_camel_case_types)]
pub enum Performer {
    role(Role),
    person(String),
}

#[derive(ToSchema)]
pub struct BackupStep {
    /// Unique within the arrangement.
    #[schema(example = "1")]
    id: String,
    what: String,
    who: Performer,
}

/// A backup arrangement (varajärjestely).
#[derive(ToSchema)]
pub struct BackupArrangement {
    /// Unique within the system.
    #[schema(example = "paperi")]
    id: String,
    name: String,
    description: String,
    decided_by: BackupDecider,
    cost_or_risk: Option<String>,
    /// In the order they are taken.
    steps: Option<Vec<BackupStep>>,
    /// The ready announcement per language (`fi`, `sv`, `en`), only in the organisation's
    /// languages.
    #[schema(example = json!({"fi": "Wilma ei ole käytössä.", "sv": "Wilma är inte i bruk."}))]
    announcement: Option<BTreeMap<String, String>>,
}

#[derive(ToSchema)]
#[allow(non_camel_case_types)]
pub enum Channel {
    email,
    sms,
    teams,
    slack,
    intranet,
    status_page,
    website,
    phone,
}

#[derive(ToSchema)]
#[allow(non_camel_case_types)]
pub enum AudienceKind {
    staff,
    units,
    end_users,
    residents,
    stakeholders,
    management_group,
    vendor,
    service_desk,
    other,
}

#[derive(ToSchema)]
pub struct Audience {
    kind: AudienceKind,
    /// Who exactly; needed for `other`.
    label: Option<String>,
    /// Among the plan's channels; empty or absent: all of them.
    channels: Option<Vec<Channel>>,
    /// People mim sends to directly, each with an e-mail address or a phone number (or both).
    members: Option<Vec<Member>>,
    /// Teams or Slack channels, by the name they are configured under in mim's settings.
    endpoints: Option<Vec<Endpoint>>,
    /// Channels used only at some colours, e.g. `[{"channel": "sms", "colours": ["red"]}]`.
    only_at: Option<Vec<ColourLimit>>,
}

#[derive(ToSchema)]
pub struct Member {
    #[schema(example = "Maija Mäkinen")]
    name: String,
    /// fi, sv or en; absent: the organisation's first language.
    language: Option<Language>,
    #[schema(example = "maija.makinen@kuusijarvi.fi")]
    email: Option<String>,
    /// International form.
    #[schema(example = "+358401234567")]
    phone: Option<String>,
}

#[derive(ToSchema)]
pub struct Endpoint {
    /// teams or slack.
    channel: Channel,
    #[schema(example = "tietohallinto-teams")]
    name: String,
}

#[derive(ToSchema)]
pub struct ColourLimit {
    channel: Channel,
    colours: Vec<String>,
}

/// Whom a disruption concerns, how they are reached and in which languages.
#[derive(ToSchema)]
pub struct CommunicationPlan {
    audiences: Option<Vec<Audience>>,
    channels: Option<Vec<Channel>>,
    /// Among the organisation's languages; empty or absent: the organisation's.
    languages: Option<Vec<Language>>,
}

/// Monitoring labels that map an alert to the system: every one must match. A bare map of
/// labels is also accepted.
#[derive(ToSchema)]
pub struct Selector {
    #[schema(example = json!({"service": "wilma"}))]
    labels: BTreeMap<String, String>,
    /// The share of the system's users such an alert affects (1–100); absent: all.
    users_share_percent: Option<u8>,
}

/// A critical system.
#[derive(ToSchema)]
pub struct CriticalSystem {
    #[schema(example = "wilma")]
    id: String,
    name: String,
    /// Other names people use for it, each once.
    aliases: Option<Vec<String>>,
    owner: Option<SystemOwner>,
    /// Why and when it is critical.
    criticality_notes: Option<String>,
    /// At least 1.
    user_count: u32,
    /// A vendor in the register.
    vendor: Option<String>,
    mim_contact: Option<NamedPerson>,
    mim_contact_deputy: Option<NamedPerson>,
    /// Its own matrix; absent or null: the organisation's default.
    matrix: Option<ImpactMatrix>,
    backup_arrangements: Option<Vec<BackupArrangement>>,
    communication_plan: Option<CommunicationPlan>,
    selectors: Option<Vec<Selector>>,
}

#[derive(ToSchema)]
#[allow(non_camel_case_types)]
pub enum VendorKind {
    vendor,
    service_provider,
}

/// A person or line at the vendor, reachable by phone or e-mail (at least one).
#[derive(ToSchema)]
pub struct Contact {
    name: String,
    /// What the person or line is for.
    #[schema(example = "päivystys")]
    role: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    available_24_7: Option<bool>,
}

/// Response and resolution times of the contract.
#[derive(ToSchema)]
pub struct Sla {
    /// 1–10080.
    response_minutes: Option<u32>,
    /// 1–132480, not less than the response time.
    resolution_minutes: Option<u32>,
    terms: Option<String>,
}

/// The practice agreed with the vendor for a disruption.
#[derive(ToSchema)]
pub struct VendorPractice {
    meetings_and_communication: Option<String>,
    /// 1–10080.
    progress_report_interval_minutes: Option<u32>,
    fix_acknowledgement: Option<String>,
    contract_reference: Option<String>,
    sla: Option<Sla>,
}

/// A vendor or service provider.
#[derive(ToSchema)]
pub struct Vendor {
    #[schema(example = "koulutieto")]
    id: String,
    name: String,
    /// `vendor` by default.
    kind: Option<VendorKind>,
    /// At least one, in the order to try them.
    contacts: Vec<Contact>,
    practice: Option<VendorPractice>,
}

/// Who wrote a version and when; absent fields for the built-in defaults.
#[derive(ToSchema)]
pub struct OrganisationVersion {
    version: u64,
    changed_at: Option<String>,
    /// A user name, or `cli:` and the operator's login.
    changed_by: Option<String>,
    changed_by_name: Option<String>,
    document: Organisation,
}

#[derive(ToSchema)]
pub struct SystemVersion {
    version: u64,
    changed_at: Option<String>,
    /// A user name, or `cli:` and the operator's login.
    changed_by: Option<String>,
    changed_by_name: Option<String>,
    document: CriticalSystem,
}

#[derive(ToSchema)]
pub struct VendorVersion {
    version: u64,
    changed_at: Option<String>,
    /// A user name, or `cli:` and the operator's login.
    changed_by: Option<String>,
    changed_by_name: Option<String>,
    document: Vendor,
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use std::collections::BTreeSet;

    /// Checks `value` against the schema `name` of `doc`: no key the schema lacks, no required
    /// key missing; records every property seen.
    fn walk(doc: &Value, schema: &Value, value: &Value, at: &str, seen: &mut BTreeSet<String>) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/components/schemas/");
            let resolved = &doc["components"]["schemas"][name];
            assert!(!resolved.is_null(), "{at}: no schema {name}");
            // Keyed by the schema from here on: a schema used in several places (the matrix
            // of a system and of the organisation) counts as filled if filled in one of them.
            return walk(doc, resolved, value, name, seen);
        }
        if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
            // Null or the thing itself (`Option<T>`); tagged enums are object alternatives.
            if value.is_null() {
                return;
            }
            let candidates: Vec<&Value> = alternatives
                .iter()
                .filter(|s| s.get("type") != Some(&json!("null")))
                .collect();
            let fits = |s: &Value| match (s.get("properties"), value.as_object()) {
                (Some(p), Some(o)) => o.keys().all(|k| p.get(k).is_some()),
                _ => true,
            };
            let chosen = candidates.iter().find(|s| fits(s)).copied();
            let chosen = chosen.unwrap_or_else(|| panic!("{at}: {value} fits no alternative"));
            return walk(doc, chosen, value, at, seen);
        }
        match value {
            Value::Object(o) => {
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    for (k, v) in o {
                        let p = props
                            .get(k)
                            .unwrap_or_else(|| panic!("{at}.{k}: not in the schema"));
                        // Empty lists and maps count as unfilled: the demo must show one.
                        let empty = v.is_null()
                            || v.as_array().is_some_and(Vec::is_empty)
                            || v.as_object().is_some_and(serde_json::Map::is_empty);
                        if !empty {
                            seen.insert(format!("{at}.{k}"));
                        }
                        walk(doc, p, v, &format!("{at}.{k}"), seen);
                    }
                    for r in schema["required"].as_array().into_iter().flatten() {
                        let r = r.as_str().unwrap_or_default();
                        assert!(o.contains_key(r), "{at}.{r}: required but not written");
                    }
                    for k in props.keys() {
                        seen.insert(format!("{at}.{k}?"));
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = schema.get("items") {
                    for v in items {
                        walk(doc, item, v, &format!("{at}[]"), seen);
                    }
                }
            }
            _ => {}
        }
    }

    #[test]
    fn the_demo_register_fits_the_documented_schemas_and_fills_every_field() {
        let doc: Value = serde_json::from_str(&crate::openapi::document_json()).unwrap();
        let demo = mim_app::demo_data::demo_register();
        let mut seen = BTreeSet::new();
        let schema = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
        let mut org = serde_json::to_value(&demo.organisation).unwrap();
        org["bilingual"] = json!(demo.organisation.bilingual());
        walk(
            &doc,
            &schema("Organisation"),
            &org,
            "Organisation",
            &mut seen,
        );
        for s in &demo.systems {
            let v = serde_json::to_value(s).unwrap();
            walk(
                &doc,
                &schema("CriticalSystem"),
                &v,
                "CriticalSystem",
                &mut seen,
            );
        }
        for x in &demo.vendors {
            let v = serde_json::to_value(x).unwrap();
            walk(&doc, &schema("Vendor"), &v, "Vendor", &mut seen);
        }
        // Every documented field appears filled somewhere in the demo register (`x?` is the
        // schema offering `x`; `x` is a value written for it).
        let offered: Vec<&String> = seen.iter().filter(|k| k.ends_with('?')).collect();
        let unfilled: Vec<&str> = offered
            .iter()
            .map(|k| k.trim_end_matches('?'))
            .filter(|k| !seen.contains(*k))
            .collect();
        assert!(
            unfilled.is_empty(),
            "never filled in the demo: {unfilled:?}"
        );
    }
}
