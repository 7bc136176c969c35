//! Tying a signal to a critical system: alerts by the system's label selectors (or a `system`
//! label naming its id), reports by the system the reporter named, else by the system's
//! name or aliases found as whole words in the text. No system: the unassigned queue, which
//! the application keeps — a signal is never dropped for want of a system.

use super::{AlertSignal, Batch, ReportSignal, Signal, SignalStatus};
use crate::SystemId;
use crate::case::Case;
use crate::register::CriticalSystem;
use std::collections::BTreeMap;

/// The system a signal is about, if mim can tell.
pub fn route(systems: &[CriticalSystem], signal: &Signal) -> Option<SystemId> {
    match signal {
        Signal::Alert(a) => route_alert(systems, a),
        Signal::Report(r) => route_report(systems, r),
    }
    .map(|s| s.id.clone())
}

/// An alert's system: the most specific selector matching all of its labels wins; a
/// `system` label equal to a system's id counts as a one-label selector, below an explicit
/// selector of the same size; on a tie the system listed first wins.
pub fn route_alert<'a>(
    systems: &'a [CriticalSystem],
    alert: &AlertSignal,
) -> Option<&'a CriticalSystem> {
    route_labels(systems, &alert.labels)
}

fn route_labels<'a>(
    systems: &'a [CriticalSystem],
    labels: &BTreeMap<String, String>,
) -> Option<&'a CriticalSystem> {
    let named = labels.get("system").map(|v| v.trim().to_ascii_lowercase());
    let mut best: Option<((usize, bool), &CriticalSystem)> = None;
    for s in systems {
        let explicit = s.selector_for(labels).map(|sel| (sel.specificity(), true));
        let implicit = (named.as_deref() == Some(s.id.as_str())).then_some((1, false));
        let Some(score) = explicit.max(implicit) else {
            continue;
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, s));
        }
    }
    best.map(|(_, s)| s)
}

/// A report's system: the one the reporter named (when it is in the register), else the
/// one whose name or alias appears in the text as whole words. A phrase found only inside a
/// longer phrase of another system ("Wilma" inside "Wilma mobiili") doesn't count for its
/// system; two systems left mentioned are ambiguous and go to the unassigned queue.
pub fn route_report<'a>(
    systems: &'a [CriticalSystem],
    report: &ReportSignal,
) -> Option<&'a CriticalSystem> {
    if let Some(id) = &report.system
        && let Some(s) = systems.iter().find(|s| &s.id == id)
    {
        return Some(s);
    }
    let text = normalise_text(&report.text);
    // Every (system, phrase) found in the text.
    let found: Vec<(usize, String)> = systems
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            std::iter::once(&s.name)
                .chain(&s.aliases)
                .map(|p| normalise_text(p))
                .filter(|p| contains_words(&text, p))
                .map(move |p| (i, p))
        })
        .collect();
    let shadowed = |i: usize, p: &str| {
        found
            .iter()
            .any(|(j, q)| *j != i && q.len() > p.len() && contains_words(q, p))
    };
    let mut left = found
        .iter()
        .filter(|(i, p)| !shadowed(*i, p))
        .map(|(i, _)| *i);
    let first = left.next()?;
    if left.any(|i| i != first) {
        return None;
    }
    systems.get(first)
}

/// Whether `phrase` occurs in `text` as whole words, ignoring case and spacing (Unicode
/// aware: `Wilma` is found in "wilma ei toimi" and "Wilma-palvelu", not in "Wilmanen").
pub fn mentions(text: &str, phrase: &str) -> bool {
    contains_words(&normalise_text(text), &normalise_text(phrase))
}

fn normalise_text(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A letter, digit or combining mark continues a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = hay[from..].find(needle) {
        let i = from + pos;
        let j = i + needle.len();
        let starts = hay[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
        let ends = hay[j..].chars().next().is_none_or(|c| !is_word_char(c));
        if starts && ends {
            return true;
        }
        from = i + hay[i..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Where a delivery's truncated alerts belong (case C14): the system every listed alert
/// routes to, with the number of listed alerts firing. `None` when nothing was truncated, or
/// the listed alerts route to no system or to several (the unassigned queue notes them).
pub fn route_truncation(systems: &[CriticalSystem], batch: &Batch) -> Option<(SystemId, u32)> {
    if batch.truncated_alerts == 0 {
        return None;
    }
    let mut system: Option<&SystemId> = None;
    let mut firing = 0u32;
    for signal in &batch.signals {
        let Signal::Alert(a) = signal else { continue };
        let s = &route_alert(systems, a)?.id;
        if system.is_some_and(|prev| prev != s) {
            return None;
        }
        system = Some(s);
        if a.status == SignalStatus::Firing {
            firing += 1;
        }
    }
    system.map(|s| (s.clone(), firing))
}

/// The case a routed signal goes to, among the cases the application holds for it: an open
/// case that already has the alert (the same fingerprint counts once, on one case), else the
/// system's open case (the latest opened), else the system's latest ended case (so a late
/// copy of its alerts is recognised and a new case can be linked to it as a recurrence).
pub fn pick_case<'a>(cases: &'a [Case], system: &SystemId, signal: &Signal) -> Option<&'a Case> {
    if let Signal::Alert(a) = signal
        && let Some(c) = cases
            .iter()
            .filter(|c| c.stage.is_open() && c.alerts.contains_key(&a.fingerprint))
            .max_by_key(|c| c.opened_at)
    {
        return Some(c);
    }
    let of_system = |c: &&Case| c.system.as_ref().is_some_and(|s| &s.id == system);
    cases
        .iter()
        .filter(of_system)
        .filter(|c| c.stage.is_open())
        .max_by_key(|c| c.opened_at)
        .or_else(|| {
            cases
                .iter()
                .filter(of_system)
                .max_by_key(|c| (c.ended_at, c.opened_at))
        })
}
