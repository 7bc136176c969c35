//! Times as text: UTC, RFC 3339, exactly six fractional digits, so that comparing the text
//! compares the times (for years 0000–9999) and every time keeps its microseconds.

use chrono::{DateTime, SubsecRound, Utc};

const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// The time as stored: cut to the microsecond.
pub(crate) fn stored(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

pub(crate) fn to_text(t: DateTime<Utc>) -> String {
    stored(t).format(FORMAT).to_string()
}

pub(crate) fn opt_to_text(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(to_text)
}

pub(crate) fn from_text(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("\"{s}\" is not an RFC 3339 time: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_fixed_width_and_round_trips() {
        let t = DateTime::from_timestamp_micros(1_772_352_000_000_001).expect("valid");
        assert_eq!(to_text(t), "2026-03-01T08:00:00.000001Z");
        assert_eq!(from_text(&to_text(t)), Ok(t));
        let whole = DateTime::from_timestamp(1_772_352_000, 0).expect("valid");
        assert_eq!(to_text(whole), "2026-03-01T08:00:00.000000Z");
        assert!(to_text(whole) < to_text(t));
        let nanos = DateTime::from_timestamp(1_772_352_000, 1_999).expect("valid");
        assert_eq!(to_text(nanos), "2026-03-01T08:00:00.000001Z");
        assert!(from_text("yesterday").is_err());
    }
}
