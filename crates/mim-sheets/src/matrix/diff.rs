//! The dry run: what importing a workbook would change, system by system, against the
//! matrices in use now. Colours are compared as what they decide: for every number of users
//! where either matrix starts a band, so that moving a band limit shows up as the users
//! whose colour it changes, not only as a new list of limits. Cells the file did not give
//! keep the current colour and are listed as filled in.

use super::book::SystemMatrix;
use super::imported::{FilledCell, ImportedBook, ImportedSystem, system_key};
use chrono::NaiveDate;
use mim_domain::impact::{AffectedUsers, Colour, ImpactMatrix, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColourChange {
    pub users_from: u32,
    /// None for "and more".
    pub users_to: Option<u32>,
    pub severity: Severity,
    pub from: Colour,
    pub to: Colour,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseChange {
    pub users_from: u32,
    pub users_to: Option<u32>,
    pub severity: Severity,
    pub from: Option<u32>,
    pub to: Option<u32>,
}

/// What importing would change for one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemChanges {
    /// The system as the file names it.
    pub system: String,
    /// The key of `current` it matched; None for a system not in `current`, compared
    /// against the default matrix.
    pub matched: Option<String>,
    /// (now, after) when the band lower limits change.
    pub band_limits: Option<(Vec<u32>, Vec<u32>)>,
    /// (now, after) when the file gives a different valid-from date.
    pub valid_from: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    pub colours: Vec<ColourChange>,
    pub response_times: Vec<ResponseChange>,
    /// The cells the file did not give, kept from the current matrix.
    pub filled: Vec<FilledCell>,
    /// The matrix as it would be after the import.
    pub after: SystemMatrix,
}

impl SystemChanges {
    pub fn is_unchanged(&self) -> bool {
        self.matched.is_some()
            && self.band_limits.is_none()
            && self.valid_from.is_none()
            && self.colours.is_empty()
            && self.response_times.is_empty()
    }
}

/// What the import would change: per imported system, compared with `current` (keyed by
/// system id or name, matched case-insensitively against every name the file gives), or
/// with `default` for a system `current` does not have.
pub fn diff(
    book: &ImportedBook,
    current: &BTreeMap<String, SystemMatrix>,
    default: &ImpactMatrix,
) -> Vec<SystemChanges> {
    book.systems
        .iter()
        .map(|s| system_changes(s, current, default))
        .collect()
}

fn find<'a>(
    system: &ImportedSystem,
    current: &'a BTreeMap<String, SystemMatrix>,
) -> Option<(&'a String, &'a SystemMatrix)> {
    system.names().find_map(|name| {
        let key = system_key(name);
        current.iter().find(|(k, _)| system_key(k) == key)
    })
}

/// Each lower limit of either matrix, with the last user count before the next limit.
fn spans(a: &ImpactMatrix, b: &ImpactMatrix) -> Vec<(u32, Option<u32>)> {
    let mut limits: Vec<u32> = a
        .bands()
        .lower_limits()
        .iter()
        .chain(b.bands().lower_limits())
        .copied()
        .collect();
    limits.sort_unstable();
    limits.dedup();
    limits
        .iter()
        .enumerate()
        .map(|(i, &lo)| (lo, limits.get(i + 1).map(|next| next - 1)))
        .collect()
}

fn system_changes(
    system: &ImportedSystem,
    current: &BTreeMap<String, SystemMatrix>,
    default: &ImpactMatrix,
) -> SystemChanges {
    let found = find(system, current);
    let fallback = SystemMatrix::new(default.clone());
    let now = found.map_or(&fallback, |(_, m)| m);
    let (after, filled) = system.complete_from(now);

    let mut colours = Vec::new();
    let mut response_times = Vec::new();
    for (users_from, users_to) in spans(&now.matrix, &after.matrix) {
        let Ok(users) = AffectedUsers::new(i64::from(users_from)) else {
            continue;
        };
        for severity in Severity::ALL {
            let (from, to) = (
                now.matrix.colour(users, severity),
                after.matrix.colour(users, severity),
            );
            if from != to {
                colours.push(ColourChange {
                    users_from,
                    users_to,
                    severity,
                    from,
                    to,
                });
            }
            let (from, to) = (
                now.response_for(users, severity),
                after.response_for(users, severity),
            );
            if from != to {
                response_times.push(ResponseChange {
                    users_from,
                    users_to,
                    severity,
                    from,
                    to,
                });
            }
        }
    }
    let limits_now = now.matrix.bands().lower_limits().to_vec();
    let limits_after = after.matrix.bands().lower_limits().to_vec();
    SystemChanges {
        system: system.system().to_string(),
        matched: found.map(|(k, _)| k.clone()),
        band_limits: (limits_now != limits_after).then_some((limits_now, limits_after)),
        valid_from: (after.valid_from != now.valid_from)
            .then_some((now.valid_from, after.valid_from)),
        colours,
        response_times,
        filled,
        after,
    }
}
