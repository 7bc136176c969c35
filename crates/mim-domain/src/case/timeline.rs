//! The timeline: every event in the order things happened — by `occurred_at`, ties by the
//! order of recording — with entries recorded well after the moment they describe marked.

use super::{Actor, CaseEvent, RecordedEvent};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// An entry recorded more than this long after the moment it describes is "added later".
pub const ADDED_LATER_AFTER_MINUTES: i64 = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub seq: u64,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub added_later: bool,
    pub process: bool,
    pub actor: Actor,
    pub event: CaseEvent,
}

pub fn timeline(events: &[RecordedEvent]) -> Vec<TimelineEntry> {
    let mut v: Vec<TimelineEntry> = events
        .iter()
        .map(|e| TimelineEntry {
            seq: e.seq,
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            added_later: e.recorded_at - e.occurred_at
                > Duration::minutes(ADDED_LATER_AFTER_MINUTES),
            process: e.event.is_process(),
            actor: e.actor.clone(),
            event: e.event.clone(),
        })
        .collect();
    v.sort_by_key(|e| (e.occurred_at, e.seq));
    v
}
