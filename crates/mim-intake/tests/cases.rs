//! The intake side of the real-world cases (shared/cases/CASES.md): C01, C02, C07, C09, C14.
//! Input files are copies of the case inputs, in `tests/fixtures/`.

mod common;

use common::*;
use mim_domain::detection::SignalStatus;
use mim_intake::{Format, IntakeError};

// ---- C01: zero-time endsAt, offset timestamps, sender clock skew ----

#[test]
fn c01_firing_is_open_with_no_end() {
    let batch = ok("C01-alertmanager-firing.json", Format::Alertmanager);
    let alert = only_alert(&batch);
    assert_eq!(alert.status, SignalStatus::Firing);
    assert_eq!(alert.ends_at, None, "never year 0001");
    assert_eq!(alert.starts_at, Some(at("2026-02-10T07:15:00Z")));
    assert_eq!(alert.fingerprint, "3f1e9a7c5b2d4e60");
    assert_eq!(alert.name, "InstanceDown");
    assert_eq!(alert.summary, "Ajanvaraus app01 ei vastaa");
    assert_eq!(alert.severity.as_deref(), Some("critical"));
    assert_eq!(alert.labels["system"], "ajanvaraus");
    assert_eq!(alert.labels["instance"], "app01.example.invalid:9100");
    assert_eq!(
        alert.url.as_deref(),
        Some("http://prometheus.example.invalid:9090/graph?g0.expr=up%3D%3D0")
    );
    assert_eq!(
        batch.group_key.as_deref(),
        Some("{}:{alertname=\"InstanceDown\",system=\"ajanvaraus\"}")
    );
    assert_eq!(batch.truncated_alerts, 0);
}

#[test]
fn c01_resolved_closes_the_same_fingerprint_after_47_min_30_s() {
    let firing = ok("C01-alertmanager-firing.json", Format::Alertmanager);
    let resolved = ok("C01-alertmanager-resolved.json", Format::Alertmanager);
    let (firing, resolved) = (only_alert(&firing), only_alert(&resolved));
    assert_eq!(resolved.status, SignalStatus::Resolved);
    assert_eq!(resolved.fingerprint, firing.fingerprint);
    assert_eq!(resolved.ends_at, Some(at("2026-02-10T08:02:30Z")));
    let duration = resolved.ends_at.unwrap() - resolved.starts_at.unwrap();
    assert_eq!(duration.num_seconds(), 47 * 60 + 30);
}

#[test]
fn c01_grafana_offset_time_is_the_utc_instant_with_microseconds() {
    let batch = ok("C01-grafana-firing-offset.json", Format::Grafana);
    let alert = only_alert(&batch);
    assert_eq!(alert.status, SignalStatus::Firing);
    assert_eq!(alert.starts_at, Some(at("2026-07-01T06:51:03.157076Z")));
    assert_eq!(
        alert.starts_at.unwrap().to_rfc3339(),
        "2026-07-01T06:51:03.157076+00:00"
    );
    assert_eq!(alert.ends_at, None);
    assert_eq!(alert.fingerprint, "c6eadffa33fcdf37");
    assert_eq!(alert.name, "Korkea virheprosentti");
    assert_eq!(alert.summary, "Virheprosentti yli 20 %");
    assert_eq!(alert.severity, None);
    // generatorURL first; the empty dashboard/panel links are not links.
    assert_eq!(
        alert.url.as_deref(),
        Some("https://grafana.example.invalid/alerting/grafana/abc123/view")
    );
}

#[test]
fn c01_the_grafana_file_reads_the_same_as_alertmanager_shape() {
    // Alertmanager-configured source receiving Grafana's body: same alerts[] shape, same result
    // apart from the link fallbacks.
    let grafana = ok("C01-grafana-firing-offset.json", Format::Grafana);
    let am = ok("C01-grafana-firing-offset.json", Format::Alertmanager);
    assert_eq!(grafana, am);
}

#[test]
fn c01_skew_status_comes_from_the_status_field_never_from_times() {
    // Lagging sender: firing, but its "valid until" endsAt is hours in the past.
    let body = String::from_utf8(fixture("C01-alertmanager-firing.json"))
        .unwrap()
        .replace("2026-02-10T07:15:00.000Z", "2026-02-10T04:10:00Z")
        .replace("0001-01-01T00:00:00Z", "2026-02-10T04:14:00Z");
    let batch = mim_intake::parse(body.as_bytes(), &source(Format::Alertmanager)).unwrap();
    let alert = only_alert(&batch);
    assert_eq!(alert.status, SignalStatus::Firing);
    assert_eq!(alert.ends_at, None, "a firing alert has no end");
    assert_eq!(alert.starts_at, Some(at("2026-02-10T04:10:00Z")));

    // Sender ahead: the source time is kept as sent.
    let body = String::from_utf8(fixture("C01-alertmanager-firing.json"))
        .unwrap()
        .replace("2026-02-10T07:15:00.000Z", "2026-02-10T09:15:00Z");
    let batch = mim_intake::parse(body.as_bytes(), &source(Format::Alertmanager)).unwrap();
    assert_eq!(
        only_alert(&batch).starts_at,
        Some(at("2026-02-10T09:15:00Z"))
    );
}

// ---- C02: malformed and empty bodies ----

#[test]
fn c02_every_bad_body_has_its_reason() {
    let cases = [
        ("C02-empty-body.txt", "empty_body"),
        ("C02-null-body.json", "wrong_shape"),
        ("C02-array-body.json", "wrong_shape"),
        ("C02-truncated-body.txt", "malformed_json"),
        ("C02-zabbix-unescaped-quote.txt", "malformed_json"),
        ("C02-zabbix-unescaped-backslash.txt", "malformed_json"),
    ];
    for format in Format::ALL {
        for (name, code) in cases {
            let err = parse(name, format).expect_err(name);
            assert_eq!(err.code(), code, "{name} as {format}: {err}");
        }
    }
}

#[test]
fn c02_bad_json_carries_its_position() {
    let position = |name| match parse(name, Format::Zabbix) {
        Err(IntakeError::NotJson { line, column, .. }) => (line, column),
        other => panic!("{name}: {other:?}"),
    };
    // The quote closing `Service ` leaves `Spooler` outside any string.
    let quote = fixture("C02-zabbix-unescaped-quote.txt");
    let (line, column) = position("C02-zabbix-unescaped-quote.txt");
    assert_eq!(line, 1);
    assert_eq!(
        &quote[column - 1..column + 6],
        b"Spooler",
        "column {column} points at the stray word"
    );
    // `\ ` is not an escape: reported at the space after `C:\` (columns count bytes, and
    // `vähissä` before it has two two-byte letters).
    let backslash = fixture("C02-zabbix-unescaped-backslash.txt");
    let (line, column) = position("C02-zabbix-unescaped-backslash.txt");
    assert_eq!(line, 1);
    assert_eq!(&backslash[column - 4..column], b"C:\\ ", "column {column}");
    // Truncated (the file ends in a line break): at the start of the empty second line.
    assert_eq!(position("C02-truncated-body.txt"), (2, 1));
    let err = parse("C02-truncated-body.txt", Format::Alertmanager).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the body is not valid JSON (line 2, column 1): EOF while parsing an object"
    );
}

#[test]
fn c02_null_and_array_bodies_name_the_body() {
    for name in ["C02-null-body.json", "C02-array-body.json"] {
        for format in Format::ALL {
            assert_eq!(wrong_path(parse(name, format)), "$", "{name} as {format}");
        }
    }
    let err = parse("C02-null-body.json", Format::Alertmanager).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected shape at $: expected a JSON object, found null"
    );
}

#[test]
fn c02_escaped_zabbix_is_accepted_with_the_title_byte_exact() {
    let batch = ok("C02-zabbix-escaped.json", Format::Zabbix);
    let alert = only_alert(&batch);
    let title = r#"Service "Spooler" (Print Spooler) is not running"#;
    assert_eq!(alert.summary.as_bytes(), title.as_bytes());
    assert_eq!(alert.name, title);
    assert_eq!(alert.status, SignalStatus::Firing);
    assert_eq!(alert.fingerprint, "48213");
    assert_eq!(alert.severity.as_deref(), Some("High"));
    // 2026.02.10 09:15:00 in Helsinki (EET, +02:00).
    assert_eq!(alert.starts_at, Some(at("2026-02-10T07:15:00Z")));
    assert_eq!(alert.ends_at, None);
    assert_eq!(alert.labels["host"], "tulostus01");
    assert_eq!(alert.labels["system"], "tulostus");
    assert!(
        !alert.labels.contains_key("item_lastvalue"),
        "a changing value is no label"
    );
}

// ---- C07: same summary, different labels → two alerts ----

#[test]
fn c07_two_alerts_with_different_fingerprints() {
    let batch = ok("C07-alertmanager-same-summary.json", Format::Alertmanager);
    let all = alerts(&batch);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].summary, all[1].summary);
    assert_eq!(all[0].fingerprint, "1111aaaa2222bbbb");
    assert_eq!(all[1].fingerprint, "3333cccc4444dddd");
    assert_ne!(all[0].labels, all[1].labels);
}

#[test]
fn c07_without_sender_fingerprints_the_label_hash_still_tells_them_apart() {
    let body = String::from_utf8(fixture("C07-alertmanager-same-summary.json"))
        .unwrap()
        .replace(
            "\"fingerprint\": \"1111aaaa2222bbbb\"",
            "\"fingerprint\": \"\"",
        )
        .replace(",\n      \"fingerprint\": \"3333cccc4444dddd\"", "");
    let batch = mim_intake::parse(body.as_bytes(), &source(Format::Alertmanager)).unwrap();
    let all = alerts(&batch);
    assert_eq!(all.len(), 2);
    for alert in &all {
        assert_eq!(alert.fingerprint.len(), 16);
        assert!(alert.fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    assert_ne!(all[0].fingerprint, all[1].fingerprint);
    // Stable: the same labels give the same hash on the next delivery.
    let again = mim_intake::parse(body.as_bytes(), &source(Format::Alertmanager)).unwrap();
    assert_eq!(alerts(&again)[0].fingerprint, all[0].fingerprint);
}

// ---- C09: each alert's own status ----

#[test]
fn c09_statuses_come_from_each_alert() {
    use SignalStatus::{Firing, Resolved};
    let steps = [
        ("C09-am-1-three-firing.json", [Firing, Firing, Firing]),
        ("C09-am-2-one-resolved.json", [Resolved, Firing, Firing]),
        ("C09-am-3-all-resolved.json", [Resolved, Resolved, Resolved]),
    ];
    for (name, want) in steps {
        let batch = ok(name, Format::Alertmanager);
        let all = alerts(&batch);
        let got: Vec<_> = all.iter().map(|a| a.status).collect();
        assert_eq!(got, want, "{name}");
        let fingerprints: Vec<_> = all.iter().map(|a| a.fingerprint.as_str()).collect();
        assert_eq!(
            fingerprints,
            ["aaaa000000000001", "aaaa000000000002", "aaaa000000000003"]
        );
        for alert in all {
            assert_eq!(alert.ends_at.is_some(), alert.status == Resolved, "{name}");
        }
    }
    // Step 2: the group says "firing" while its first alert is resolved.
    let step2 = ok("C09-am-2-one-resolved.json", Format::Alertmanager);
    assert_eq!(alerts(&step2)[0].ends_at, Some(at("2026-03-03T10:20:00Z")));
}

// ---- C14: storm with a truncated list ----

#[test]
fn c14_fifty_listed_and_2750_counted() {
    let batch = ok(
        "C14-alertmanager-storm-truncated.json",
        Format::Alertmanager,
    );
    let all = alerts(&batch);
    assert_eq!(all.len(), 50);
    assert_eq!(batch.truncated_alerts, 2750);
    assert_eq!(all.len() as u32 + batch.truncated_alerts, 2800);
    assert!(all.iter().all(|a| a.status == SignalStatus::Firing));
    let distinct: std::collections::BTreeSet<_> = all.iter().map(|a| &a.fingerprint).collect();
    assert_eq!(distinct.len(), 50);
    assert_eq!(
        batch.group_key.as_deref(),
        Some("{}:{alertname=\"ProbeFailed\",system=\"kuntaverkko\"}")
    );
}
