//! Each format beyond the cases: Zabbix through the shipped media type, Azure Monitor's common
//! schema, mim's generic JSON (its documented example included), and wrong shapes refused
//! with the path at fault.

mod common;

use common::*;
use mim_domain::SystemId;
use mim_domain::case::ReportChannel;
use mim_domain::detection::SignalStatus;
use mim_domain::impact::Severity;
use mim_intake::Format;

fn shape(format: Format, body: &str) -> String {
    wrong_path(mim_intake::parse(body.as_bytes(), &source(format)))
}

// ---- Zabbix ----

#[test]
fn zabbix_problem_and_recovery_from_the_media_type_name_one_alert() {
    // The bodies zabbix/mim_media_type.yaml's script posts (zabbix/check_media_type.py).
    let problem = ok("zabbix-media-type-problem.json", Format::Zabbix);
    let recovery = ok("zabbix-media-type-recovery.json", Format::Zabbix);
    let (problem, recovery) = (only_alert(&problem), only_alert(&recovery));

    assert_eq!(problem.status, SignalStatus::Firing);
    assert_eq!(recovery.status, SignalStatus::Resolved);
    assert_eq!(problem.fingerprint, "48213");
    assert_eq!(recovery.fingerprint, problem.fingerprint);

    assert_eq!(
        problem.summary,
        r#"Service "Spooler" (Print Spooler) is not running"#
    );
    assert_eq!(problem.labels["path"], r"C:\Windows\Temp");
    assert_eq!(problem.labels["service"], "Spooler");
    assert_eq!(problem.labels["host"], "tulostus01");
    assert_eq!(problem.labels["system"], "tulostus");
    assert_eq!(problem.severity.as_deref(), Some("High"));
    assert_eq!(
        problem.url.as_deref(),
        Some("https://zabbix.example.invalid/tr_events.php?triggerid=23001&eventid=48213")
    );

    assert_eq!(problem.starts_at, Some(at("2026-02-10T07:15:00Z")));
    assert_eq!(problem.ends_at, None);
    assert_eq!(recovery.starts_at, problem.starts_at);
    assert_eq!(recovery.ends_at, Some(at("2026-02-10T08:02:30Z")));
    // {$MIM.SYSTEM} was not set for the recovery's host: no system label, no url.
    assert!(!recovery.labels.contains_key("system"));
    assert_eq!(recovery.url, None);
}

#[test]
fn zabbix_raw_macros_tags_as_text_and_summer_time() {
    let batch = ok("zabbix-raw-macros.json", Format::Zabbix);
    let alert = only_alert(&batch);
    assert_eq!(
        alert.fingerprint, "51877",
        "a numeric event id reads as text"
    );
    assert_eq!(
        alert.status,
        SignalStatus::Resolved,
        "event_status RESOLVED"
    );
    assert_eq!(
        alert.severity.as_deref(),
        Some("Disaster"),
        "a digit in event_severity"
    );
    // Line break and backslash kept byte-exact.
    assert_eq!(
        alert.summary,
        "MySQL: service is down on potilastieto-db01\nsee C:\\ProgramData\\MySQL"
    );
    // EEST (+03:00) on 1 July.
    assert_eq!(alert.starts_at, Some(at("2026-07-01T06:51:03Z")));
    assert_eq!(alert.ends_at, Some(at("2026-07-01T07:38:33Z")));
    // Unexpanded {$MIM.SYSTEM} does not overwrite the system tag.
    assert_eq!(alert.labels["system"], "potilastieto");
    assert_eq!(alert.labels["scope"], "availability, performance");
    assert_eq!(alert.affected_users, Some(1200), "from the tag");
    assert_eq!(alert.url, None, "{{$ZABBIX.URL}} unexpanded");
}

#[test]
fn zabbix_same_time_in_another_source_zone() {
    let body = fixture("C02-zabbix-escaped.json");
    let batch = mim_intake::parse(
        &body,
        &mim_intake::SourceConfig::new(Format::Zabbix, chrono_tz::UTC),
    )
    .unwrap();
    assert_eq!(
        only_alert(&batch).starts_at,
        Some(at("2026-02-10T09:15:00Z"))
    );
}

#[test]
fn zabbix_wrong_shapes_name_the_field() {
    let z = |body: &str| shape(Format::Zabbix, body);
    assert_eq!(z(r#"{"trigger_name":"x","event_value":"1"}"#), "event_id");
    assert_eq!(z(r#"{"event_id":"1","event_value":"1"}"#), "trigger_name");
    assert_eq!(
        z(r#"{"event_id":"1","trigger_name":" ","event_value":"1"}"#),
        "trigger_name"
    );
    assert_eq!(z(r#"{"event_id":"1","trigger_name":"x"}"#), "event_value");
    assert_eq!(
        z(r#"{"event_id":"1","trigger_name":"x","event_value":"2"}"#),
        "event_value"
    );
    assert_eq!(
        z(r#"{"event_id":"1","trigger_name":"x","event_status":"MAYBE"}"#),
        "event_status"
    );
    assert_eq!(
        z(r#"{"event_id":"1","trigger_name":"x","event_value":"1","event_nseverity":"9"}"#),
        "event_nseverity"
    );
    assert_eq!(
        z(r#"{"event_id":"1","trigger_name":"x","event_value":"1","event_date":"2026.02.10"}"#),
        "event_time"
    );
    assert_eq!(
        z(
            r#"{"event_id":"1","trigger_name":"x","event_value":"1","event_date":"10.2.2026","event_time":"09:15:00"}"#
        ),
        "event_date"
    );
    assert_eq!(
        z(
            r#"{"event_id":"1","trigger_name":"x","event_value":"1","event_tags":[{"tag":"a","value":"b"},{"value":"c"}]}"#
        ),
        "event_tags[1].tag"
    );
    assert_eq!(
        z(r#"{"event_id":"1","trigger_name":"x","event_value":"1","event_tags":"not json"}"#),
        "event_tags"
    );
    assert_eq!(
        z(r#"{"event_id":"1","trigger_name":"x","event_value":"1","affected_users":"many"}"#),
        "affected_users"
    );
    assert_eq!(
        z(r#"{"event_id":{},"trigger_name":"x","event_value":"1"}"#),
        "event_id"
    );
}

// ---- Azure Monitor ----

#[test]
fn azure_sev1_fired_then_resolved() {
    let fired = ok("azure-sev1-fired.json", Format::AzureMonitor);
    let resolved = ok("azure-sev1-resolved.json", Format::AzureMonitor);
    let (fired, resolved) = (only_alert(&fired), only_alert(&resolved));

    let id = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.AlertsManagement/alerts/6f1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
    assert_eq!(fired.fingerprint, id);
    assert_eq!(resolved.fingerprint, id);
    assert_eq!(fired.status, SignalStatus::Firing);
    assert_eq!(resolved.status, SignalStatus::Resolved);
    assert_eq!(fired.severity.as_deref(), Some("Sev1"));
    assert_eq!(fired.name, "ajanvaraus-http-5xx");
    assert_eq!(
        fired.summary,
        "Ajanvarauksen HTTP 5xx -virheitä yli 50 viidessä minuutissa"
    );
    // Seven fractional digits (100 ns) kept.
    assert_eq!(fired.starts_at, Some(at("2026-02-10T07:15:04.2218721Z")));
    assert_eq!(fired.ends_at, None);
    assert_eq!(resolved.starts_at, fired.starts_at);
    assert_eq!(resolved.ends_at, Some(at("2026-02-10T08:02:31.5531907Z")));

    let l = &fired.labels;
    assert_eq!(l["alert_rule"], "ajanvaraus-http-5xx");
    assert_eq!(l["signal_type"], "Metric");
    assert_eq!(l["monitoring_service"], "Platform");
    assert_eq!(l["configuration_item"], "ajanvaraus-app");
    assert_eq!(l["resource_group"], "rg-ajanvaraus-prod");
    assert_eq!(l["subscription"], "00000000-0000-0000-0000-000000000000");
    assert!(l["target_resource"].ends_with("/microsoft.web/sites/ajanvaraus-app"));
    assert_eq!(l["system"], "ajanvaraus", "custom property");
    assert_eq!(fired.affected_users, Some(800));
    assert!(
        fired
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://portal.azure.com/")
    );
    assert_eq!(resolved.labels, fired.labels);
}

#[test]
fn azure_wrong_shapes_name_the_field() {
    let a = |body: &str| shape(Format::AzureMonitor, body);
    assert_eq!(a(r#"{"data":{}}"#), "schemaId");
    assert_eq!(
        a(r#"{"schemaId":"Microsoft.Insights/activityLogs","data":{}}"#),
        "schemaId"
    );
    let ok_schema = r#""schemaId":"azureMonitorCommonAlertSchema""#;
    assert_eq!(a(&format!("{{{ok_schema}}}")), "data");
    assert_eq!(
        a(&format!("{{{ok_schema},\"data\":{{}}}}")),
        "data.essentials"
    );
    assert_eq!(
        a(&format!(
            "{{{ok_schema},\"data\":{{\"essentials\":{{\"alertId\":\"x\",\"alertRule\":\"r\",\"monitorCondition\":\"Acknowledged\"}}}}}}"
        )),
        "data.essentials.monitorCondition"
    );
    assert_eq!(
        a(&format!(
            "{{{ok_schema},\"data\":{{\"essentials\":{{\"alertId\":\"x\",\"alertRule\":\"r\",\"monitorCondition\":\"Fired\",\"alertTargetIDs\":[\"a\",7]}}}}}}"
        )),
        "data.essentials.alertTargetIDs[1]"
    );
    assert_eq!(
        a(&format!(
            "{{{ok_schema},\"data\":{{\"essentials\":{{\"alertId\":\"x\",\"alertRule\":\"r\",\"monitorCondition\":\"Fired\"}},\"customProperties\":{{\"a\":[]}}}}}}"
        )),
        "data.customProperties.a"
    );
}

// ---- generic ----

#[test]
fn generic_example_alerts_and_reports() {
    let batch = ok("generic-example.json", Format::Generic);
    assert_eq!(batch.group_key.as_deref(), Some("servicedesk-2026-02-10"));
    assert_eq!(batch.truncated_alerts, 0);

    let all = alerts(&batch);
    assert_eq!(all.len(), 2);
    let login = all[0];
    assert_eq!(login.fingerprint, "synthetic-ajanvaraus-login");
    assert_eq!(login.status, SignalStatus::Firing);
    assert_eq!(login.summary, "Kirjautuminen ajanvaraukseen epäonnistuu");
    assert_eq!(login.severity.as_deref(), Some("critical"));
    // A naive time in the source's zone (EET).
    assert_eq!(login.starts_at, Some(at("2026-02-10T07:15:00Z")));
    assert_eq!(login.affected_users, Some(1200));
    assert_eq!(login.labels["check"], "login");

    let backup = all[1];
    assert_eq!(backup.status, SignalStatus::Resolved);
    assert_eq!(backup.summary, "Backup job", "summary defaults to the name");
    assert_eq!(backup.fingerprint.len(), 16, "label hash without an id");
    assert_eq!(backup.ends_at, Some(at("2026-02-10T01:30:00Z")));

    let reports = reports(&batch);
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].channel, ReportChannel::Ticket);
    assert_eq!(
        reports[0].system,
        Some(SystemId::new("ajanvaraus").unwrap())
    );
    assert_eq!(
        reports[0].text,
        "Asiakkaat eivät pääse varaamaan aikoja: \"Palvelu ei vastaa\""
    );
    assert_eq!(reports[0].reporter.as_deref(), Some("Palvelupiste Kallio"));
    assert_eq!(reports[0].stated_affected_users, Some(40));
    assert_eq!(reports[0].severity, Some(Severity::PreventsWork));
    assert_eq!(reports[1].channel, ReportChannel::EndUserForm);
    assert_eq!(reports[1].system, None);
    assert_eq!(reports[1].severity, None);
    assert_eq!(reports[1].text, "se ei toimi");
}

#[test]
fn generic_md_shows_the_example_fixture_verbatim() {
    let doc = include_str!("../GENERIC.md");
    let example = String::from_utf8(fixture("generic-example.json")).unwrap();
    assert!(
        doc.contains(example.trim_end()),
        "GENERIC.md's example must be tests/fixtures/generic-example.json"
    );
}

#[test]
fn zabbix_md_example_parses() {
    let doc = include_str!("../ZABBIX.md");
    let example = String::from_utf8(fixture("zabbix-media-type-problem.json")).unwrap();
    assert!(
        doc.contains(example.trim_end()),
        "ZABBIX.md's example must be tests/fixtures/zabbix-media-type-problem.json"
    );
}

#[test]
fn generic_same_label_hash_for_the_same_alert() {
    let body = r#"{"alerts":[{"status":"firing","name":"Disk full","labels":{"host":"a"}}]}"#;
    let first = mim_intake::parse(body.as_bytes(), &source(Format::Generic)).unwrap();
    let again = mim_intake::parse(
        body.replace("firing", "resolved").as_bytes(),
        &source(Format::Generic),
    )
    .unwrap();
    assert_eq!(alerts(&first)[0].fingerprint, alerts(&again)[0].fingerprint);
    let other = r#"{"alerts":[{"status":"firing","name":"Disk slow","labels":{"host":"a"}}]}"#;
    let other = mim_intake::parse(other.as_bytes(), &source(Format::Generic)).unwrap();
    assert_ne!(
        alerts(&first)[0].fingerprint,
        alerts(&other)[0].fingerprint,
        "the name counts when the labels have no alertname"
    );
}

#[test]
fn generic_wrong_shapes_name_the_field() {
    let g = |body: &str| shape(Format::Generic, body);
    assert_eq!(g("{}"), "alerts");
    assert_eq!(g(r#"{"alerts":[],"extra":1}"#), "extra");
    assert_eq!(g(r#"{"alerts":{}}"#), "alerts");
    assert_eq!(g(r#"{"alerts":[7]}"#), "alerts[0]");
    assert_eq!(g(r#"{"alerts":[{"status":"firing"}]}"#), "alerts[0].name");
    assert_eq!(
        g(r#"{"alerts":[{"status":"firing","name":"x","startsAt":"2026-02-10T07:15:00Z"}]}"#),
        "alerts[0].startsAt"
    );
    assert_eq!(
        g(r#"{"alerts":[{"status":"firing","name":"x","starts_at":"eilen"}]}"#),
        "alerts[0].starts_at"
    );
    assert_eq!(
        g(r#"{"alerts":[{"status":"firing","name":"x","labels":{"n":1}}]}"#),
        "alerts[0].labels.n"
    );
    assert_eq!(
        g(r#"{"alerts":[{"status":"firing","name":"x","affected_users":-1}]}"#),
        "alerts[0].affected_users"
    );
    assert_eq!(
        g(r#"{"alerts":[{"status":"firing","name":"x","affected_users":5000000000}]}"#),
        "alerts[0].affected_users"
    );
    assert_eq!(g(r#"{"reports":[{"text":"x"}]}"#), "reports[0].channel");
    assert_eq!(
        g(r#"{"reports":[{"channel":"fax","text":"x"}]}"#),
        "reports[0].channel"
    );
    assert_eq!(g(r#"{"reports":[{"channel":"phone"}]}"#), "reports[0].text");
    assert_eq!(
        g(r#"{"reports":[{"channel":"phone","text":"x","system":"Ajan Varaus"}]}"#),
        "reports[0].system"
    );
    assert_eq!(
        g(r#"{"reports":[{"channel":"phone","text":"x","severity":"critical"}]}"#),
        "reports[0].severity"
    );
    // Empty lists are a valid, empty delivery.
    let empty = mim_intake::parse(br#"{"alerts":[],"reports":[]}"#, &source(Format::Generic));
    assert_eq!(empty.unwrap().signals.len(), 0);
}

// ---- Alertmanager and Grafana shapes ----

#[test]
fn alertmanager_wrong_shapes_name_the_field() {
    let am = |body: &str| shape(Format::Alertmanager, body);
    assert_eq!(am(r#"{"version":"4"}"#), "alerts");
    assert_eq!(am(r#"{"alerts":null}"#), "alerts");
    assert_eq!(am(r#"{"alerts":"none"}"#), "alerts");
    let three_ok = r#"{"status":"firing","labels":{"alertname":"A"}}"#;
    let body = format!(
        r#"{{"alerts":[{three_ok},{three_ok},{three_ok},{{"status":"pending","labels":{{}}}}]}}"#
    );
    assert_eq!(am(&body), "alerts[3].status");
    assert_eq!(am(r#"{"alerts":[{"labels":{}}]}"#), "alerts[0].status");
    assert_eq!(
        am(r#"{"alerts":[{"status":"firing","labels":{"a.b":1}}]}"#),
        r#"alerts[0].labels["a.b"]"#
    );
    assert_eq!(
        am(r#"{"alerts":[{"status":"firing","startsAt":"10.2.2026"}]}"#),
        "alerts[0].startsAt"
    );
    assert_eq!(
        am(r#"{"alerts":[{"status":"firing"}],"truncatedAlerts":-1}"#),
        "truncatedAlerts"
    );
    let err = mim_intake::parse(
        br#"{"alerts":[{"status":"pending"}]}"#,
        &source(Format::Alertmanager),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"unexpected shape at alerts[0].status: expected "firing" or "resolved", found "pending""#
    );
}

#[test]
fn alertmanager_fallbacks_for_summary_severity_and_users() {
    let body = r#"{"alerts":[
      {"status":"FIRING","labels":{"alertname":"DiskFull","affected_users":"120"},"annotations":{"description":"Levy täynnä"}},
      {"status":"firing","labels":{"alertname":"CpuHigh"},"annotations":{"summary":"","affected_users":"0"}},
      {"status":"resolved","labels":{"alertname":"X","severity":"warning"},"annotations":{"affected_users":"35"},"endsAt":"0001-01-01T00:00:00Z"}
    ],"truncatedAlerts":0}"#;
    let batch = mim_intake::parse(body.as_bytes(), &source(Format::Alertmanager)).unwrap();
    let all = alerts(&batch);
    assert_eq!(all[0].status, SignalStatus::Firing, "letter case ignored");
    assert_eq!(all[0].summary, "Levy täynnä");
    assert_eq!(all[0].affected_users, Some(120));
    assert_eq!(all[0].severity, None);
    assert_eq!(
        all[1].summary, "CpuHigh",
        "a blank summary falls back to the name"
    );
    assert_eq!(all[1].affected_users, None, "zero users is no count");
    assert_eq!(all[2].severity.as_deref(), Some("warning"));
    assert_eq!(all[2].affected_users, Some(35));
    assert_eq!(
        all[2].ends_at, None,
        "resolved with the zero time: end unknown"
    );
    assert_eq!(batch.group_key, None);
}

#[test]
fn grafana_legacy_shape_gets_a_hint() {
    let body = br#"{"ruleName":"Panel Title alert","state":"alerting","evalMatches":[]}"#;
    match mim_intake::parse(body, &source(Format::Grafana)) {
        Err(mim_intake::IntakeError::WrongShape { path, message }) => {
            assert_eq!(path, "alerts");
            assert!(message.contains("legacy"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn grafana_falls_back_to_panel_then_dashboard_links() {
    let body = br#"{"alerts":[
      {"status":"firing","labels":{"alertname":"A"},"panelURL":"https://g.example.invalid/d/x?viewPanel=2","dashboardURL":"https://g.example.invalid/d/x"},
      {"status":"firing","labels":{"alertname":"B"},"generatorURL":"","dashboardURL":"https://g.example.invalid/d/y"}
    ]}"#;
    let batch = mim_intake::parse(body, &source(Format::Grafana)).unwrap();
    let all = alerts(&batch);
    assert_eq!(
        all[0].url.as_deref(),
        Some("https://g.example.invalid/d/x?viewPanel=2")
    );
    assert_eq!(all[1].url.as_deref(), Some("https://g.example.invalid/d/y"));
}
