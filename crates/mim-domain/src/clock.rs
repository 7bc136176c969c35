//! The clock port. Every "now" in mim comes from a `Clock` handed in from outside, so tests of
//! quiet periods, cadences and daylight-saving changes run on a manual clock instead of sleeping.

use chrono::{DateTime, Utc};

/// Where the current time comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}
