//! The readiness figure and the assessment's result.
//!
//! **The figure** is the share of checks passed, in whole percent rounded down: per system
//! the checks that apply to it, for the organisation its own checks, and overall every check
//! of both together (so a large register weighs more than the organisation's few checks, as
//! its systems are what fails). Rounding down means 100 % only when nothing at all is
//! missing. A check that does not apply (the 24/7 contact of a vendor that has no contacts at
//! all, the steps of arrangements that do not exist) is not counted: one missing thing is one
//! failed check, not several.

use super::{Gap, GapSeverity, ReviewStage};
use crate::SystemId;
use chrono::{DateTime, NaiveDate, Utc};

/// Checks passed out of those that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    pub passed: u32,
    pub total: u32,
}

impl Score {
    pub(super) fn record(&mut self, passed: bool) {
        self.total += 1;
        if passed {
            self.passed += 1;
        }
    }

    /// The figure in whole percent, rounded down; 100 when no check applies.
    pub fn percent(self) -> u8 {
        if self.total == 0 {
            return 100;
        }
        u8::try_from(u64::from(self.passed) * 100 / u64::from(self.total)).unwrap_or(100)
    }

    pub(super) fn plus(self, other: Score) -> Score {
        Score {
            passed: self.passed + other.passed,
            total: self.total + other.total,
        }
    }
}

/// One critical system's readiness.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemReadiness {
    pub id: SystemId,
    pub name: String,
    /// Blocking gaps first, then advisory ones, each in the order of the checks.
    pub gaps: Vec<Gap>,
    pub score: Score,
    /// The day the system's matrix was last reviewed, if ever.
    pub matrix_reviewed_on: Option<NaiveDate>,
}

impl SystemReadiness {
    /// Ready: no blocking gap.
    pub fn ready(&self) -> bool {
        blocking(&self.gaps) == 0
    }
}

/// Where one stage of the walk-through stands for the current process version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageStatus {
    pub stage: ReviewStage,
    /// The last walk-through of this stage for the current version.
    pub last_on: Option<NaiveDate>,
    /// The last walk-through of this stage for any other version, when none is current.
    pub older: Option<(String, NaiveDate)>,
}

/// The organisation's own readiness: its checks and the walk-throughs.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationReadiness {
    pub gaps: Vec<Gap>,
    pub score: Score,
    pub walk_through: Vec<StageStatus>,
}

/// The whole assessment at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    pub assessed_at: DateTime<Utc>,
    /// The organisation's date at `assessed_at`: what "overdue" was measured against.
    pub today: NaiveDate,
    pub process_version: String,
    pub organisation: OrganisationReadiness,
    pub systems: Vec<SystemReadiness>,
}

impl Readiness {
    /// Every check, the organisation's and all systems'.
    pub fn overall(&self) -> Score {
        self.systems
            .iter()
            .fold(self.organisation.score, |acc, s| acc.plus(s.score))
    }

    /// Blocking gaps anywhere.
    pub fn blocking_gaps(&self) -> usize {
        blocking(&self.organisation.gaps)
            + self
                .systems
                .iter()
                .map(|s| blocking(&s.gaps))
                .sum::<usize>()
    }

    /// Ready: no blocking gap anywhere.
    pub fn ready(&self) -> bool {
        self.blocking_gaps() == 0
    }
}

fn blocking(gaps: &[Gap]) -> usize {
    gaps.iter()
        .filter(|g| g.severity() == GapSeverity::Blocking)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figure_is_rounded_down_so_100_means_nothing_missing() {
        assert_eq!(
            Score {
                passed: 0,
                total: 0
            }
            .percent(),
            100
        );
        assert_eq!(
            Score {
                passed: 12,
                total: 12
            }
            .percent(),
            100
        );
        assert_eq!(
            Score {
                passed: 199,
                total: 200
            }
            .percent(),
            99
        );
        assert_eq!(
            Score {
                passed: 2,
                total: 3
            }
            .percent(),
            66
        );
        assert_eq!(
            Score {
                passed: 0,
                total: 5
            }
            .percent(),
            0
        );
        let mut s = Score::default();
        s.record(true);
        s.record(false);
        assert_eq!(
            s,
            Score {
                passed: 1,
                total: 2
            }
        );
        assert_eq!(
            s.plus(s),
            Score {
                passed: 2,
                total: 4
            }
        );
    }
}
