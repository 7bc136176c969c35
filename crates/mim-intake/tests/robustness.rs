//! Never panic (case C02): every prefix of every fixture, deterministic byte mutations, every
//! fixture through every format, and hostile shapes each end in `Ok` or a typed error.

mod common;

use common::*;
use mim_intake::{Format, IntakeError};

/// Parses and checks the outcome is well-formed: an error has its code and a message.
fn survive(bytes: &[u8], format: Format) -> Result<(), IntakeError> {
    match mim_intake::parse(bytes, &source(format)) {
        Ok(batch) => {
            assert!(batch.signals.len() <= bytes.len(), "signals out of nothing");
            Ok(())
        }
        Err(e) => {
            assert!(
                ["empty_body", "malformed_json", "wrong_shape"].contains(&e.code()),
                "{e:?}"
            );
            assert!(!e.to_string().is_empty());
            if let IntakeError::NotJson { line, column, .. } = &e {
                assert!(*line >= 1 && *column >= 1, "{e:?}");
            }
            Err(e)
        }
    }
}

#[test]
fn every_prefix_of_every_fixture() {
    for (name, format) in fixtures() {
        let bytes = fixture(&name);
        let format = format.unwrap_or(Format::Alertmanager);
        // All prefixes of small files; a few thousand, evenly spread, of the storm file.
        let step = (bytes.len() / 3000).max(1);
        for end in (0..bytes.len()).step_by(step) {
            let prefix = &bytes[..end];
            let outcome = survive(prefix, format);
            // A prefix that is only whitespace (or nothing) is empty, never anything else.
            if prefix.iter().all(u8::is_ascii_whitespace) {
                assert_eq!(outcome, Err(IntakeError::Empty), "{name}[..{end}]");
            }
        }
        if format_of(&name).is_some() {
            survive(&bytes, format).unwrap_or_else(|e| panic!("{name} whole: {e}"));
        }
    }
}

fn format_of(name: &str) -> Option<Format> {
    fixtures()
        .into_iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, f)| f)
}

#[test]
fn every_fixture_through_every_format() {
    for (name, own) in fixtures() {
        let bytes = fixture(&name);
        for format in Format::ALL {
            let outcome = survive(&bytes, format);
            if Some(format) == own {
                assert!(
                    outcome.is_ok(),
                    "{name} as its own format {format}: {outcome:?}"
                );
            }
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn byte_mutations_of_valid_fixtures() {
    // Bytes that change meaning in JSON, plus a few that are not UTF-8 on their own.
    const NASTY: &[u8] = b"\"\\{}[],:0-9.eE ntfu\x00\x1f\xff\xc3";
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (name, format) in fixtures() {
        let Some(format) = format else { continue };
        let original = fixture(&name);
        for _ in 0..400 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(3) {
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[at] = NASTY[rng.below(NASTY.len())],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, NASTY[rng.below(NASTY.len())]),
                }
                if bytes.is_empty() {
                    break;
                }
            }
            let _ = survive(&bytes, format);
        }
    }
}

#[test]
fn hostile_shapes() {
    let deep_array = "[".repeat(100_000);
    let deep_object = "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000);
    let deep_labels = format!(
        r#"{{"alerts":[{{"status":"firing","labels":{}}}]}}"#,
        "{\"a\":".repeat(5_000) + "1" + &"}".repeat(5_000)
    );
    let huge_number = format!(r#"{{"alerts":[],"truncatedAlerts":1{}}}"#, "0".repeat(400));
    let bodies: Vec<Vec<u8>> = vec![
        deep_array.into_bytes(),
        deep_object.into_bytes(),
        deep_labels.into_bytes(),
        huge_number.into_bytes(),
        br#"{"alerts":[],"truncatedAlerts":1e400}"#.to_vec(),
        br#"{"alerts":[],"truncatedAlerts":99999999999999}"#.to_vec(),
        br#"{"alerts":[{"status":"firing","startsAt":"+262143-12-31T23:59:59Z"}]}"#.to_vec(),
        br#"{"alerts":[{"status":"firing","startsAt":"-262144-01-01T00:00:00Z"}]}"#.to_vec(),
        br#"{"alerts":[{"status":"firing","startsAt":"9999-12-31 23:59:59"}]}"#.to_vec(),
        br#"{"alerts":[{"status":"resolved","endsAt":"0000-01-01 00:00:00"}]}"#.to_vec(),
        br#"{"event_id":"1","trigger_name":"x","event_value":"1","event_date":"262143.12.31","event_time":"23:59:59"}"#.to_vec(),
        br#"{"event_id":"1","trigger_name":"x","event_value":"1","event_tags":"[[[[[[[[[[[["}"#.to_vec(),
        b"\xEF\xBB\xBF\xEF\xBB\xBF{}".to_vec(),
        b"{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"\xff\"}}]}".to_vec(),
        b"\"just a string\"".to_vec(),
        b"42".to_vec(),
        b"true".to_vec(),
        b"{} {}".to_vec(),
        b"\x00".to_vec(),
    ];
    for body in &bodies {
        for format in Format::ALL {
            let _ = survive(body, format);
        }
    }
    // Nesting beyond serde_json's limit is refused as malformed, not a stack overflow.
    let deep = "[".repeat(100_000);
    assert_eq!(
        survive(deep.as_bytes(), Format::Generic)
            .unwrap_err()
            .code(),
        "malformed_json"
    );
    // A count beyond u32 saturates rather than failing or wrapping.
    let batch = mim_intake::parse(
        br#"{"alerts":[],"truncatedAlerts":99999999999999}"#,
        &source(Format::Alertmanager),
    )
    .unwrap();
    assert_eq!(batch.truncated_alerts, u32::MAX);
}
