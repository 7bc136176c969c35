//! When a system's impact matrix was last reviewed, and when the next review is due.
//!
//! mim has no separate "reviewed" button for a matrix: a review leaves a trace in the
//! register. The matrix counts as reviewed on the later of
//! - the day it last changed in the register (a person wrote it: colours, bands, response
//!   times — an import that changes nothing moves no version and is no evidence), and
//! - its valid-from date (`valid_from`, C28), which an organisation moves to the review day
//!   to record a review that changed nothing else.
//!
//! A system with a matrix of its own is reviewed with it; one that uses the organisation's
//! default matrix, with the default. The review is due every `MATRIX_REVIEW_MONTHS` months
//! (ADR 0009).

use crate::impact::ImpactMatrix;
use chrono::{DateTime, Months, NaiveDate, Utc};
use chrono_tz::Tz;

/// How often a matrix is reviewed: yearly, as preparedness plans are.
pub const MATRIX_REVIEW_MONTHS: u32 = 12;

/// The local day the matrix last changed, from a document's versions oldest first (when each
/// was written, and the matrix it held); `None` when no version held one.
pub fn matrix_last_changed<'a>(
    versions: impl IntoIterator<Item = (DateTime<Utc>, Option<&'a ImpactMatrix>)>,
    tz: Tz,
) -> Option<NaiveDate> {
    let mut previous: Option<&ImpactMatrix> = None;
    let mut changed: Option<DateTime<Utc>> = None;
    for (at, matrix) in versions {
        if matrix.is_some() && matrix != previous {
            changed = Some(at);
        }
        previous = matrix;
    }
    changed.map(|at| at.with_timezone(&tz).date_naive())
}

/// The day the next review is due after one on `reviewed_on`: the same day
/// `MATRIX_REVIEW_MONTHS` later (the month's last day when it has no such day). A review is
/// overdue from the day after.
pub fn matrix_review_due(reviewed_on: NaiveDate) -> NaiveDate {
    reviewed_on
        .checked_add_months(Months::new(MATRIX_REVIEW_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::impact::{Colour, Severity};
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_last_change_is_the_last_version_whose_matrix_differs() {
        let tz = chrono_tz::Europe::Helsinki;
        let a = ImpactMatrix::organisation_default();
        let b = a
            .clone()
            .with_cell(0, Severity::Minor, Colour::Yellow)
            .unwrap();
        // 22:30Z on 31 Jan is already 1 Feb in Helsinki.
        let t1 = Utc.with_ymd_and_hms(2025, 1, 31, 22, 30, 0).unwrap();
        let t2 = Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap();
        let t3 = Utc.with_ymd_and_hms(2025, 9, 1, 9, 0, 0).unwrap();
        assert_eq!(
            matrix_last_changed([(t1, Some(&a)), (t2, Some(&a)), (t3, Some(&a))], tz),
            Some(day(2025, 2, 1)),
            "versions that kept the matrix are no review"
        );
        assert_eq!(
            matrix_last_changed([(t1, Some(&a)), (t2, Some(&b)), (t3, Some(&b))], tz),
            Some(day(2025, 6, 1))
        );
        assert_eq!(matrix_last_changed([(t1, None), (t2, None)], tz), None);
        assert_eq!(
            matrix_last_changed([(t1, Some(&a)), (t2, None), (t3, Some(&a))], tz),
            Some(day(2025, 9, 1)),
            "a matrix given again after none is a change"
        );
    }

    #[test]
    fn a_review_is_due_twelve_months_later() {
        assert_eq!(matrix_review_due(day(2025, 3, 15)), day(2026, 3, 15));
        assert_eq!(matrix_review_due(day(2024, 2, 29)), day(2025, 2, 28));
    }
}
