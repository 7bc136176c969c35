//! Sender times to UTC instants. A time with `Z` or an offset is that instant, whatever the
//! source's zone (case C01: `09:51:03.157076+03:00` is `06:51:03.157076Z`, sub-seconds kept).
//! A time without a zone is read in the source's configured zone, never silently as UTC
//! (case C04). In that zone's spring gap it is read with the offset in force before the gap
//! (so 03:30 on the Helsinki change day is 04:30 summer time); in the autumn fold, the first
//! of the two instants.

use crate::error::quote;
use chrono::offset::LocalResult;
use chrono::{DateTime, Datelike, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// Zone-less layouts accepted: ISO with `T` or a space (seconds and fraction optional), and
/// Zabbix's `YYYY.MM.DD HH:MM:SS`.
const NAIVE: [&str; 5] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y.%m.%d %H:%M:%S",
];

/// Reads one sender time. `Ok(None)` is the Go "zero" time (`0001-01-01T00:00:00Z`), which
/// Alertmanager and Grafana send for "no end yet".
pub(crate) fn instant(s: &str, tz: Tz) -> Result<Option<DateTime<Utc>>, String> {
    let s = s.trim();
    let utc = if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        t.with_timezone(&Utc)
    } else if let Some(naive) = NAIVE
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    {
        local(naive, tz)
    } else {
        return Err(format!(
            "{} is not a time (expected RFC 3339 such as 2026-02-10T07:15:00Z, or a local time such as 2026-02-10 09:15:00)",
            quote(s)
        ));
    };
    Ok(if utc.year() <= 1 { None } else { Some(utc) })
}

/// A wall-clock time in `tz` as an instant.
pub(crate) fn local(naive: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // In a spring-forward gap: use the offset in force a day before.
            let before = naive
                .checked_sub_signed(TimeDelta::days(1))
                .unwrap_or(naive);
            let offset = tz.offset_from_utc_datetime(&before).fix().local_minus_utc();
            let utc = naive
                .checked_sub_signed(TimeDelta::seconds(i64::from(offset)))
                .unwrap_or(naive);
            Utc.from_utc_datetime(&utc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Helsinki;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn offsets_become_instants_with_sub_seconds_kept() {
        let t = instant("2026-07-01T09:51:03.157076+03:00", Helsinki).unwrap();
        assert_eq!(t, Some(at("2026-07-01T06:51:03.157076Z")));
        // Azure's seven fractional digits.
        let t = instant("2019-03-22T13:58:24.3713213Z", Helsinki).unwrap();
        assert_eq!(t, Some(at("2019-03-22T13:58:24.3713213Z")));
    }

    #[test]
    fn the_zero_time_is_none() {
        assert_eq!(instant("0001-01-01T00:00:00Z", Helsinki), Ok(None));
        assert_eq!(instant("0001-01-01 00:00:00", chrono_tz::UTC), Ok(None));
    }

    #[test]
    fn case_c04_all_spellings_are_one_instant() {
        let want = Some(at("2026-08-06T18:31:37Z"));
        for s in [
            "2026-08-06T18:31:37Z",
            "2026-08-06T21:31:37+03:00",
            "2026-08-06T20:31:37+02:00",
            "2026-08-06 21:31:37",
            "2026-08-06T21:31:37",
            "2026.08.06 21:31:37",
        ] {
            assert_eq!(instant(s, Helsinki), Ok(want), "{s}");
        }
        assert_eq!(
            instant("2026-08-06 21:31", Helsinki),
            Ok(Some(at("2026-08-06T18:31:00Z")))
        );
        assert_eq!(
            instant("2026-08-06 21:31:37.250", Helsinki),
            Ok(Some(at("2026-08-06T18:31:37.250Z")))
        );
    }

    #[test]
    fn winter_time_uses_plus_two() {
        assert_eq!(
            instant("2026.02.10 09:15:00", Helsinki),
            Ok(Some(at("2026-02-10T07:15:00Z")))
        );
    }

    #[test]
    fn gap_and_fold() {
        // 29 Mar 2026 03:30 does not exist in Helsinki: read with +02:00 → 01:30Z (04:30 EEST).
        assert_eq!(
            instant("2026-03-29 03:30:00", Helsinki),
            Ok(Some(at("2026-03-29T01:30:00Z")))
        );
        // 25 Oct 2026 03:30 happens twice: the first (EEST, +03:00).
        assert_eq!(
            instant("2026-10-25 03:30:00", Helsinki),
            Ok(Some(at("2026-10-25T00:30:00Z")))
        );
    }

    #[test]
    fn garbage_is_refused_with_the_value_quoted() {
        let e = instant("yesterday", Helsinki).unwrap_err();
        assert!(e.starts_with("\"yesterday\" is not a time"), "{e}");
        assert!(instant("2026-02-30T10:00:00Z", Helsinki).is_err());
        assert!(instant("2026-02-10T25:00:00", Helsinki).is_err());
    }
}
