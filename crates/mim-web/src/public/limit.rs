//! Rate limiting per client address for pages anyone may post to: at most `max` accepted
//! posts per `window` from one address (an IPv6 client counts by its /64, which one host
//! usually holds whole). Kept in memory, bounded in size, on the application's clock.
//!
//! The address is the TCP peer's. Behind a reverse proxy that is the proxy, so every client
//! shares one allowance: serve the public form directly, or raise the limit.

use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

/// Addresses tracked at most; when full, the quietest go first.
const MAX_ADDRESSES: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: usize,
    pub window: Duration,
}

impl Default for Limit {
    /// Ten reports per ten minutes per address.
    fn default() -> Self {
        Limit {
            max: 10,
            window: Duration::minutes(10),
        }
    }
}

pub struct RateLimiter {
    limit: Limit,
    seen: Mutex<HashMap<IpAddr, VecDeque<DateTime<Utc>>>>,
}

/// The key an address counts under: IPv4 (also when mapped into IPv6) as it is, IPv6 by /64.
pub fn client_key(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(_) => addr,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut seg = v6.segments();
                seg[4..].fill(0);
                IpAddr::V6(seg.into())
            }
        },
    }
}

impl RateLimiter {
    pub fn new(limit: Limit) -> Self {
        RateLimiter {
            limit,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one post from `addr` at `now` if it is within the limit; otherwise says how
    /// long until it would be (nothing is counted then).
    pub fn take(&self, addr: IpAddr, now: DateTime<Utc>) -> Result<(), Duration> {
        let key = client_key(addr);
        let window = self.limit.window;
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if !seen.contains_key(&key) && seen.len() >= MAX_ADDRESSES {
            seen.retain(|_, times| times.back().is_some_and(|t| now - *t < window));
            if seen.len() >= MAX_ADDRESSES
                && let Some(quietest) = seen
                    .iter()
                    .min_by_key(|(_, times)| times.back().copied())
                    .map(|(k, _)| *k)
            {
                seen.remove(&quietest);
            }
        }
        let times = seen.entry(key).or_default();
        while times.front().is_some_and(|t| now - *t >= window) {
            times.pop_front();
        }
        if times.len() >= self.limit.max {
            let oldest = times.front().copied().unwrap_or(now);
            return Err((oldest + window - now).max(Duration::seconds(1)));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_address_over_its_limit_waits_and_others_do_not() {
        let t0 = Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap();
        let l = RateLimiter::new(Limit {
            max: 3,
            window: Duration::minutes(10),
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for i in 0..3 {
            assert_eq!(l.take(a, t0 + Duration::minutes(i)), Ok(()));
        }
        assert_eq!(
            l.take(a, t0 + Duration::minutes(3)),
            Err(Duration::minutes(7))
        );
        assert_eq!(l.take(b, t0 + Duration::minutes(3)), Ok(()));
        // The first post leaves the window: one more is allowed.
        assert_eq!(l.take(a, t0 + Duration::minutes(10)), Ok(()));
        assert!(l.take(a, t0 + Duration::minutes(10)).is_err());
    }

    #[test]
    fn ipv6_counts_by_its_64_and_mapped_ipv4_as_ipv4() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(client_key(one), client_key(two));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.1".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn the_table_stays_bounded() {
        let t0 = Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap();
        let l = RateLimiter::new(Limit::default());
        for i in 0..(MAX_ADDRESSES as u32 + 10) {
            let addr = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + i));
            assert_eq!(l.take(addr, t0), Ok(()));
        }
        assert!(l.seen.lock().unwrap().len() <= MAX_ADDRESSES);
    }
}
