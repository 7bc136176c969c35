//! The order the correlation worker folds the inbox in. In strict inbox order a report about
//! a quiet system waits behind a storm's backlog about others, and the service desk sees that
//! system's colour change seconds or minutes late. So the worker routes deliveries ahead of
//! folding them (routing reads no case) and each step takes the deliveries of the systems
//! with short queues first, then those whose cases the worker holds in memory (a system whose
//! cases were let go must be folded again from its events, which costs as much as the storm
//! it had), then the rest; every `AGED_EVERY`th choice, a delivery that has waited `AGED` goes
//! first whatever its system (so no system waits forever, yet a backlog is not folded in inbox
//! order, which would fold a let-go case again at nearly every step).
//! Within one system the inbox order is kept: that is all detection's rules depend on (a
//! resolve after its firing, a repeat after the first copy).
//!
//! Folding ahead leaves done positions above the cursor, which moves to just before the
//! oldest position not yet folded. After a restart the worker routes again from the cursor
//! and meets deliveries it folded ahead; the cases' intake marks (`HeldCases::taken`) tell
//! it they were taken, so nothing is taken twice.

use chrono::{DateTime, Utc};
use mim_domain::SystemId;
use mim_domain::detection::{Batch, route, route_truncation};
use mim_domain::register::CriticalSystem;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// Where a delivery's signals go: a system, or the unassigned queue (`None`).
type Lane = Option<SystemId>;

/// Routed deliveries not yet folded, at most: beyond this the worker routes no further ahead
/// until it has folded some (what it holds per delivery is a few dozen bytes).
const WINDOW_DELIVERIES: usize = 20_000;
/// Signals routed per step at most: well ahead of the `SIGNALS_PER_STEP` a step folds, so
/// routing keeps up with a storm arriving faster than it can be folded.
pub(super) const ROUTE_SIGNALS_PER_STEP: usize = 2_000;
/// A queue this short is served first: a quiet system's report, or a storm's first deliveries.
const SHORT_QUEUE: usize = 4;
/// A delivery that has waited this long goes first: no system waits forever behind others.
const AGED: chrono::Duration = chrono::Duration::seconds(2);
/// How often (in choices) the oldest delivery may go first for having waited `AGED`.
const AGED_EVERY: u64 = 16;
/// Routed deliveries kept whole until folded, counted in signals: in a steady flow every
/// delivery is folded right after it is routed and is read once.
const KEPT_SIGNALS: usize = 2_000;

#[derive(Default)]
pub struct Lookahead {
    /// Positions up to here have been routed (or folded).
    routed_to: u64,
    pending: BTreeMap<u64, Routed>,
    /// Each lane's pending deliveries in inbox order.
    queues: HashMap<Lane, VecDeque<u64>>,
    /// Recently routed deliveries kept whole, so folding them needs no second read.
    kept: BTreeMap<u64, mim_store::StoredDelivery>,
    kept_signals: usize,
    /// The register the routes were made with: when it changes, routes are made again.
    systems: Vec<CriticalSystem>,
    /// Its digest: a route made on arrival with another register is made again.
    register: u64,
    /// Choices made, to give the oldest delivery its turn every `AGED_EVERY`th.
    choices: std::cell::Cell<u64>,
}

struct Routed {
    lanes: Vec<Lane>,
    signals: usize,
    received_at: DateTime<Utc>,
}

/// A choice being made: the positions so far, their signals, and how many of each lane's
/// queue they take from its front.
struct Pick<'a> {
    chosen: Vec<u64>,
    signals: usize,
    heads: HashMap<&'a Lane, usize>,
}

impl Lookahead {
    /// Starts over from the reader's `cursor` with `systems` (after a restart, a failed
    /// step, another reader moving the cursor, or a change of the register).
    pub(super) fn restart(&mut self, cursor: u64, systems: &[CriticalSystem]) {
        *self = Lookahead {
            routed_to: cursor,
            systems: systems.to_vec(),
            register: super::routes::digest(systems),
            ..Default::default()
        };
    }

    /// Whether routes were made with these systems from this cursor.
    pub(super) fn follows(&self, cursor: u64, systems: &[CriticalSystem]) -> bool {
        self.cursor() == cursor && self.systems == systems
    }

    pub(super) fn routed_to(&self) -> u64 {
        self.routed_to
    }

    /// Positions up to `seq` are routed (a position gone from the inbox is passed over).
    pub(super) fn routed_past(&mut self, seq: u64) {
        self.routed_to = self.routed_to.max(seq);
    }

    /// Whether the window has room to route further ahead.
    pub(super) fn has_room(&self) -> bool {
        self.pending.len() < WINDOW_DELIVERIES
    }

    /// The lanes a route made on arrival gives, when it was made with this register.
    pub(super) fn lanes_of(&self, route: &mim_store::StoredRoute) -> Option<Vec<Lane>> {
        route
            .route
            .as_ref()
            .filter(|r| r.register == self.register)
            .map(|r| r.lanes.clone())
    }

    /// Adds the next delivery (after `routed_to`) by the route it got on arrival.
    pub(super) fn add_routed(&mut self, route: &mim_store::StoredRoute, lanes: Vec<Lane>) {
        self.queue(route.seq, lanes, route.signals as usize, route.received_at);
    }

    /// Routes the next delivery (after `routed_to`) from its batch.
    pub(super) fn add(&mut self, delivery: mim_store::StoredDelivery) {
        let lanes = lanes(&self.systems, &delivery.batch);
        let signals = delivery.batch.signals.len();
        self.queue(delivery.seq, lanes, signals, delivery.received_at);
        if self.kept_signals + signals <= KEPT_SIGNALS {
            self.kept_signals += signals;
            self.kept.insert(delivery.seq, delivery);
        }
    }

    fn queue(&mut self, seq: u64, lanes: Vec<Lane>, signals: usize, received_at: DateTime<Utc>) {
        for lane in &lanes {
            self.queues.entry(lane.clone()).or_default().push_back(seq);
        }
        self.routed_to = self.routed_to.max(seq);
        self.pending.insert(
            seq,
            Routed {
                lanes,
                signals,
                received_at,
            },
        );
    }

    /// The positions to fold next, in inbox order: on its turn, the oldest if it has waited
    /// `AGED` by `now`; then short lanes, lanes whose cases are `held`, and the rest, each lane in its
    /// own order, until `max` deliveries or `signals` signals (at least one delivery).
    pub(super) fn choose(
        &self,
        max: usize,
        signals: usize,
        now: DateTime<Utc>,
        held: impl Fn(&SystemId) -> bool,
    ) -> Vec<u64> {
        let mut pick = Pick {
            chosen: vec![],
            signals: 0,
            heads: HashMap::new(),
        };
        let turn = self.choices.get();
        self.choices.set(turn.wrapping_add(1));
        if let Some((&oldest, r)) = self.pending.iter().next()
            && turn.is_multiple_of(AGED_EVERY)
            && now - r.received_at >= AGED
        {
            self.take(&mut pick, oldest, max, signals);
        }
        let mut lanes: Vec<(&Lane, &VecDeque<u64>)> = self.queues.iter().collect();
        lanes.sort_by_key(|(lane, q)| {
            let short = q.len() <= SHORT_QUEUE;
            let cheap = short || lane.as_ref().is_none_or(&held);
            (!short, !cheap, q.len(), q.front().copied())
        });
        for (lane, queue) in lanes {
            loop {
                let head = pick.heads.get(lane).copied().unwrap_or(0);
                let Some(&seq) = queue.get(head) else { break };
                if !self.take(&mut pick, seq, max, signals) {
                    break;
                }
            }
        }
        pick.chosen.sort_unstable();
        pick.chosen
    }

    /// Adds `seq` to `pick` when it is next in every lane it goes to and the budget allows.
    fn take<'a>(&'a self, pick: &mut Pick<'a>, seq: u64, max: usize, signals: usize) -> bool {
        let Some(r) = self.pending.get(&seq) else {
            return false;
        };
        let next_in_every_lane = r.lanes.iter().all(|lane| {
            let head = pick.heads.get(lane).copied().unwrap_or(0);
            self.queues.get(lane).and_then(|q| q.get(head)) == Some(&seq)
        });
        let fits = pick.chosen.is_empty()
            || (pick.chosen.len() < max && pick.signals + r.signals <= signals);
        if !next_in_every_lane || !fits {
            return false;
        }
        for lane in &r.lanes {
            *pick.heads.entry(lane).or_default() += 1;
        }
        pick.signals += r.signals;
        pick.chosen.push(seq);
        true
    }

    /// Takes out what `choose` chose and a step folded; returns the deliveries kept whole.
    pub(super) fn take_kept(&mut self, seqs: &[u64]) -> Vec<mim_store::StoredDelivery> {
        let mut out = vec![];
        for seq in seqs {
            if let Some(d) = self.kept.remove(seq) {
                self.kept_signals -= d.batch.signals.len();
                out.push(d);
            }
        }
        out
    }

    /// Marks `seqs` (as `choose` gave them) folded.
    pub(super) fn folded(&mut self, seqs: &[u64]) {
        for seq in seqs {
            let Some(r) = self.pending.remove(seq) else {
                continue;
            };
            for lane in r.lanes {
                if let Some(q) = self.queues.get_mut(&lane) {
                    // Chosen in each lane's order, so it is the lane's first.
                    if q.front() == Some(seq) {
                        q.pop_front();
                    } else {
                        q.retain(|s| s != seq);
                    }
                    if q.is_empty() {
                        self.queues.remove(&lane);
                    }
                }
            }
        }
    }

    /// Every position up to here is folded: just before the oldest pending one.
    pub(super) fn cursor(&self) -> u64 {
        self.cursor_after(&[])
    }

    /// The cursor once `seqs` are folded too.
    pub(super) fn cursor_after(&self, seqs: &[u64]) -> u64 {
        match self.pending.keys().find(|s| !seqs.contains(s)) {
            Some(&oldest) => oldest - 1,
            None => self.routed_to,
        }
    }
}

/// The lanes one delivery's signals go to, each once, in order of first appearance.
pub(super) fn lanes(systems: &[CriticalSystem], batch: &Batch) -> Vec<Lane> {
    let mut out: Vec<Lane> = vec![];
    let routes = batch
        .signals
        .iter()
        .map(|s| route(systems, s))
        .chain(route_truncation(systems, batch).map(|(s, _)| Some(s)));
    for lane in routes {
        if !out.contains(&lane) {
            out.push(lane);
        }
    }
    if out.is_empty() {
        out.push(None);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookahead(deliveries: &[(u64, &[&str])]) -> Lookahead {
        let mut la = Lookahead::default();
        for (seq, lanes) in deliveries {
            let lanes: Vec<Lane> = lanes
                .iter()
                .map(|l| (!l.is_empty()).then(|| SystemId::new(*l).expect("id")))
                .collect();
            for lane in &lanes {
                la.queues.entry(lane.clone()).or_default().push_back(*seq);
            }
            la.routed_to = *seq;
            la.pending.insert(
                *seq,
                Routed {
                    lanes,
                    signals: 1,
                    received_at: at(*seq as i64),
                },
            );
        }
        la
    }

    /// Delivery `n` arrived `n` seconds after the hour.
    fn at(n: i64) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap() + chrono::Duration::seconds(n)
    }

    fn none_held(_: &SystemId) -> bool {
        false
    }

    #[test]
    fn the_shortest_queue_first_and_the_oldest_once_it_has_waited() {
        let la = lookahead(&[
            (1, &["a"]),
            (2, &["a"]),
            (3, &["a"]),
            (4, &["a"]),
            (5, &["a"]),
            (6, &["b"]),
        ]);
        // At 2 s the oldest (1 s) has waited a second: b's short queue goes first.
        assert_eq!(la.choose(2, 100, at(2), none_held), vec![1, 6]);
        assert_eq!(la.choose(1, 100, at(2), none_held), vec![6]);
        assert_eq!(la.choose(10, 100, at(2), none_held), vec![1, 2, 3, 4, 5, 6]);
        // Having waited 2 s, the oldest goes first on its turn, one choice in AGED_EVERY.
        let fresh = |la: &Lookahead| la.choices.set(0);
        fresh(&la);
        assert_eq!(la.choose(1, 100, at(3), none_held), vec![1], "waited 2 s");
        assert_eq!(la.choose(1, 100, at(3), none_held), vec![6], "not its turn");
        for _ in 2..AGED_EVERY {
            la.choose(1, 100, at(3), none_held);
        }
        assert_eq!(
            la.choose(1, 100, at(3), none_held),
            vec![1],
            "its turn again"
        );
    }

    #[test]
    fn a_long_queue_whose_cases_are_held_goes_before_one_to_fold_again() {
        let long = |l: &'static str, from: u64| (from..from + 5).map(move |s| (s, l));
        let both: Vec<(u64, &str)> = long("a", 1).chain(long("b", 10)).collect();
        let mut la = Lookahead::default();
        for (seq, l) in both {
            let lane = Some(SystemId::new(l).expect("id"));
            la.queues.entry(lane.clone()).or_default().push_back(seq);
            la.pending.insert(
                seq,
                Routed {
                    lanes: vec![lane],
                    signals: 1,
                    received_at: at(20),
                },
            );
        }
        let b_held = |s: &SystemId| s.as_str() == "b";
        assert_eq!(la.choose(3, 100, at(20), b_held), vec![10, 11, 12]);
        assert_eq!(la.choose(3, 100, at(20), none_held), vec![1, 2, 3]);
    }

    #[test]
    fn a_lane_keeps_its_order_and_a_shared_delivery_waits_for_both_lanes() {
        // 3 goes to a and b: it may not pass 2 (a), so b's 5 waits behind it too.
        let la = lookahead(&[(1, &["c"]), (2, &["a"]), (3, &["a", "b"]), (5, &["b"])]);
        let chosen = la.choose(2, 100, at(0), none_held);
        assert_eq!(
            chosen,
            vec![1, 2],
            "b's 3 is not first in a until 2 is taken"
        );
        assert_eq!(la.choose(4, 100, at(0), none_held), vec![1, 2, 3, 5]);
    }

    #[test]
    fn the_cursor_stops_before_the_oldest_not_folded() {
        let mut la = lookahead(&[(1, &["a"]), (2, &["a"]), (3, &["b"])]);
        assert_eq!(la.cursor_after(&[1, 3]), 1);
        la.folded(&[1, 3]);
        assert_eq!(la.cursor(), 1);
        assert_eq!(la.choose(10, 100, at(0), none_held), vec![2]);
        la.folded(&[2]);
        assert_eq!(la.cursor(), 3);
    }

    #[test]
    fn the_signal_budget_cuts_but_one_delivery_always_goes() {
        let mut la = lookahead(&[(1, &["a"]), (2, &["b"])]);
        la.pending.get_mut(&1).expect("1").signals = 500;
        assert_eq!(la.choose(10, 250, at(0), none_held), vec![1]);
    }
}
