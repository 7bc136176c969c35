//! The organisation's own checks: its settings, its MIM contact people, that it has critical
//! systems at all, and the walk-throughs of the process — each stage held for the current
//! process version, in the order the source requires (internal review, then the support and
//! expert teams, then stakeholders).

use super::{Gap, GapCode, OrganisationReadiness, ProcessReview, ReviewStage, Score, StageStatus};
use crate::register::Organisation;
use chrono::NaiveDate;

pub(super) fn check_organisation(
    organisation: Option<&Organisation>,
    systems: usize,
    reviews: &[ProcessReview],
    process_version: &str,
) -> OrganisationReadiness {
    let mut score = Score::default();
    let mut gaps = vec![];
    let mut check = |found: Vec<Gap>| {
        score.record(found.is_empty());
        gaps.extend(found);
    };

    check(match organisation {
        Some(_) => vec![],
        None => vec![Gap::new(GapCode::OrganisationNotSetUp)],
    });
    check(if systems == 0 {
        vec![Gap::new(GapCode::NoCriticalSystems)]
    } else {
        vec![]
    });
    let contact = organisation.and_then(|o| o.mim_contact.as_ref());
    check(match contact {
        Some(_) => vec![],
        None => vec![Gap::new(GapCode::NoMimContact)],
    });
    if contact.is_some() {
        check(
            match organisation.and_then(|o| o.mim_contact_deputy.as_ref()) {
                Some(_) => vec![],
                None => vec![Gap::new(GapCode::NoMimContactDeputy)],
            },
        );
    }

    let walk_through = stage_statuses(reviews, process_version);
    for status in &walk_through {
        check(match (&status.last_on, &status.older) {
            (Some(_), _) => vec![],
            (None, Some((version, on))) => vec![
                Gap::new(GapCode::WalkThroughOutdated(status.stage))
                    .about([version.clone()])
                    .dated(Some(*on)),
            ],
            (None, None) => vec![Gap::new(GapCode::WalkThroughMissing(status.stage))],
        });
    }
    // The order matters once a later stage has been held for the current version.
    let first = |stage| first_on(reviews, process_version, stage);
    if ReviewStage::ALL[1..].iter().any(|s| first(*s).is_some()) {
        let early: Vec<String> = ReviewStage::ALL
            .into_iter()
            .filter(|s| {
                let (Some(held), Some(before)) = (first(*s), s.previous()) else {
                    return false;
                };
                first(before).is_none_or(|prev| prev > held)
            })
            .map(|s| s.code().to_owned())
            .collect();
        check(if early.is_empty() {
            vec![]
        } else {
            vec![Gap::new(GapCode::WalkThroughOutOfOrder).about(early)]
        });
    }

    gaps.sort_by_key(Gap::severity);
    OrganisationReadiness {
        gaps,
        score,
        walk_through,
    }
}

/// The first day `stage` was walked through for `version`.
fn first_on(reviews: &[ProcessReview], version: &str, stage: ReviewStage) -> Option<NaiveDate> {
    reviews
        .iter()
        .filter(|r| r.review.stage == stage && r.review.process_version == version)
        .map(|r| r.review.reviewed_on)
        .min()
}

fn stage_statuses(reviews: &[ProcessReview], version: &str) -> Vec<StageStatus> {
    ReviewStage::ALL
        .into_iter()
        .map(|stage| {
            let of_stage = reviews.iter().filter(|r| r.review.stage == stage);
            let last_on = of_stage
                .clone()
                .filter(|r| r.review.process_version == version)
                .map(|r| r.review.reviewed_on)
                .max();
            let older = if last_on.is_some() {
                None
            } else {
                of_stage
                    .max_by_key(|r| (r.review.reviewed_on, r.id))
                    .map(|r| (r.review.process_version.clone(), r.review.reviewed_on))
            };
            StageStatus {
                stage,
                last_on,
                older,
            }
        })
        .collect()
}
