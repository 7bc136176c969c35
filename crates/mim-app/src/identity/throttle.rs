//! Slowing down password guessing: after `MAX_FAILURES` wrong passwords for one user name
//! within `WINDOW`, further attempts for that name are refused until the window has passed
//! since the last counted failure. Kept in memory per instance; a shared store replaces it when
//! several instances run (the PostgreSQL issue).

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::minutes(15);

#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

impl LoginThrottle {
    fn key(name: &str) -> String {
        name.trim().to_lowercase()
    }

    /// `Some(wait)` while the name is locked out at `now`.
    pub fn locked(&self, name: &str, now: DateTime<Utc>) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = map.get_mut(&Self::key(name))?;
        list.retain(|t| now - *t < WINDOW);
        if list.len() >= MAX_FAILURES {
            let newest = list.iter().max().copied()?;
            Some(WINDOW - (now - newest))
        } else {
            None
        }
    }

    pub fn failed(&self, name: &str, now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bounded: a flood of made-up names can't grow this without limit.
        if map.len() > 100_000 {
            map.retain(|_, v| v.iter().any(|t| now - *t < WINDOW));
        }
        map.entry(Self::key(name)).or_default().push(now);
    }

    pub fn succeeded(&self, name: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&Self::key(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn five_failures_lock_the_name_for_the_window_and_success_clears() {
        let t0 = Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap();
        let th = LoginThrottle::default();
        for i in 0..4 {
            th.failed("Sanna", t0 + Duration::seconds(i));
            assert_eq!(th.locked("sanna", t0 + Duration::seconds(i)), None);
        }
        th.failed("sanna", t0 + Duration::seconds(4));
        assert_eq!(th.locked("SANNA", t0 + Duration::seconds(4)), Some(WINDOW));
        assert_eq!(
            th.locked("sanna", t0 + Duration::minutes(10) + Duration::seconds(4)),
            Some(Duration::minutes(5))
        );
        assert_eq!(th.locked("other", t0), None);
        // Once the window has passed since the oldest failures, the name is free again.
        assert_eq!(th.locked("sanna", t0 + WINDOW + Duration::seconds(1)), None);
        th.failed("sanna", t0);
        th.succeeded("sanna");
        assert_eq!(th.locked("sanna", t0), None);
    }
}
