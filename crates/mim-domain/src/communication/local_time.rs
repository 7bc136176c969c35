//! A communication point given as the organisation's wall-clock time ("next update at 03:30"),
//! read into one instant — or refused when the clock shows no such time or shows it twice in
//! a way that leaves the promise open to two readings. A promise published to end users must
//! name one real time: mim never guesses across a change of the clocks.
//!
//! The rule (case C06):
//! - a time the clocks show once is that instant;
//! - a time in the spring gap (03:30 on the night Helsinki goes from 03:00 to 04:00) does not
//!   exist: refused, naming what the same wall-clock reading means with the offset before the
//!   change (04:30 EEST) so the sender can give that instead;
//! - a time the clocks show twice (03:30 on the autumn night, EEST then EET) is taken when
//!   only one of the two is still ahead (a next update is always in the future); when both
//!   are ahead it is refused, naming both instants, and the sender gives an offset;
//! - a time not ahead of now is refused, as a UTC time is.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// Why a wall-clock time names no single future instant: the message says it in full.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LocalTimeError {
    pub message: String,
}

/// `local` in `tz` as the one instant a next update promised at `now` can mean.
pub fn resolve_local(
    local: NaiveDateTime,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, LocalTimeError> {
    let shown = local.format("%Y-%m-%dT%H:%M");
    let at = match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::None => {
            // Read with the offset in force before the change: what a clock that was not
            // turned forward would show.
            let before = tz
                .offset_from_utc_datetime(&(local - Duration::days(1)))
                .fix();
            let instant =
                (local - Duration::seconds(i64::from(before.local_minus_utc()))).and_utc();
            let means = instant.with_timezone(&tz);
            return Err(LocalTimeError {
                message: format!(
                    "{shown} does not exist in {tz}: the clocks go forward that night and skip \
                     it. Read with the offset before the change it is {utc} UTC, which the \
                     clocks show as {means_local} {zone}; give that time, or next_update_at in \
                     UTC",
                    tz = tz.name(),
                    utc = instant.format("%H:%M"),
                    means_local = means.format("%H:%M"),
                    zone = means.format("%Z"),
                ),
            });
        }
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
            let (first, second) = if a <= b { (a, b) } else { (b, a) };
            match (first > now, second > now) {
                (true, true) => {
                    let reading = |t: DateTime<Utc>| {
                        let l = t.with_timezone(&tz);
                        format!(
                            "{} {} ({}Z)",
                            l.format("%H:%M"),
                            l.format("%Z"),
                            t.format("%H:%M")
                        )
                    };
                    return Err(LocalTimeError {
                        message: format!(
                            "{shown} comes twice in {tz}: the clocks go back that night, so it \
                             is {one} and again {two}. Say which: give next_update_at with its \
                             offset ({with_first} or {with_second})",
                            tz = tz.name(),
                            one = reading(first),
                            two = reading(second),
                            with_first = first.with_timezone(&tz).to_rfc3339(),
                            with_second = second.with_timezone(&tz).to_rfc3339(),
                        ),
                    });
                }
                (false, true) => second,
                _ => first,
            }
        }
    };
    if at <= now {
        let l = at.with_timezone(&tz);
        return Err(LocalTimeError {
            message: format!(
                "{shown} ({} {}) is not in the future",
                l.format("%H:%M"),
                l.format("%Z")
            ),
        });
    }
    Ok(at)
}

/// An instant as the organisation's clocks show it: the wall-clock time, its offset from UTC
/// and the zone's abbreviation (`2026-10-25T03:10`, `+02:00`, `EET`), so a reader never has
/// to work out which side of a change of the clocks a time falls on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalReading {
    /// The wall-clock time, minutes precision, no offset.
    pub local: String,
    pub offset: String,
    pub zone: String,
}

impl LocalReading {
    pub fn of(t: DateTime<Utc>, tz: Tz) -> LocalReading {
        let l = t.with_timezone(&tz);
        LocalReading {
            local: l.format("%Y-%m-%dT%H:%M").to_string(),
            offset: l.format("%:z").to_string(),
            zone: l.format("%Z").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::Europe::Helsinki;

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .expect("a date")
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("a time")
    }

    #[test]
    fn a_time_in_the_spring_gap_is_refused_naming_what_it_would_mean() {
        let now = utc(2026, 3, 29, 0, 30);
        let e = resolve_local(local(2026, 3, 29, 3, 30), Helsinki, now).unwrap_err();
        assert!(
            e.message
                .contains("2026-03-29T03:30 does not exist in Europe/Helsinki"),
            "{e}"
        );
        assert!(e.message.contains("01:30 UTC"), "{e}");
        assert!(e.message.contains("04:30 EEST"), "{e}");
        // Either side of the gap is an ordinary time.
        assert_eq!(
            resolve_local(local(2026, 3, 29, 4, 30), Helsinki, now),
            Ok(utc(2026, 3, 29, 1, 30))
        );
        assert_eq!(
            resolve_local(local(2026, 3, 29, 2, 50), Helsinki, now),
            Ok(utc(2026, 3, 29, 0, 50))
        );
    }

    #[test]
    fn a_time_shown_twice_in_autumn_is_the_one_still_ahead_or_refused_when_both_are() {
        // 00:10Z is 03:10 EEST; 03:10 comes again at 01:10Z (EET).
        let now = utc(2026, 10, 25, 0, 10);
        assert_eq!(
            resolve_local(local(2026, 10, 25, 3, 10), Helsinki, now),
            Ok(utc(2026, 10, 25, 1, 10))
        );
        let early = utc(2026, 10, 24, 23, 50);
        let e = resolve_local(local(2026, 10, 25, 3, 30), Helsinki, early).unwrap_err();
        assert!(e.message.contains("comes twice"), "{e}");
        assert!(e.message.contains("03:30 EEST (00:30Z)"), "{e}");
        assert!(e.message.contains("03:30 EET (01:30Z)"), "{e}");
        assert!(e.message.contains("2026-10-25T03:30:00+03:00"), "{e}");
        let late = utc(2026, 10, 25, 1, 40);
        let e = resolve_local(local(2026, 10, 25, 3, 30), Helsinki, late).unwrap_err();
        assert!(e.message.contains("not in the future"), "{e}");
    }

    #[test]
    fn a_reading_says_the_offset_and_zone_on_either_side_of_a_change() {
        let r = LocalReading::of(utc(2026, 10, 25, 1, 10), Helsinki);
        assert_eq!(
            (r.local.as_str(), r.offset.as_str(), r.zone.as_str()),
            ("2026-10-25T03:10", "+02:00", "EET")
        );
        let r = LocalReading::of(utc(2026, 10, 25, 0, 10), Helsinki);
        assert_eq!(
            (r.local.as_str(), r.offset.as_str(), r.zone.as_str()),
            ("2026-10-25T03:10", "+03:00", "EEST")
        );
        let r = LocalReading::of(utc(2026, 3, 29, 1, 30), Helsinki);
        assert_eq!(
            (r.local.as_str(), r.zone.as_str()),
            ("2026-03-29T04:30", "EEST")
        );
    }
}
