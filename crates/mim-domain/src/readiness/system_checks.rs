//! The checks of one critical system, in the order PROCESS.md lists the preparation: the
//! vendor and the practice agreed with it, the backup arrangements, the MIM contact people,
//! the impact matrix, the communication plan and templates, the monitoring labels, the owner.

use super::assess::{SystemFacts, TemplateCoverage};
use super::matrix_review::matrix_review_due;
use super::{Gap, GapCode, Score, SystemReadiness};
use crate::Language;
use crate::register::{Organisation, Vendor};
use chrono::NaiveDate;

/// Runs every check of `facts.system`.
pub(super) fn check_system(
    facts: &SystemFacts<'_>,
    organisation: &Organisation,
    vendors: &[Vendor],
    templates: &TemplateCoverage,
    today: NaiveDate,
) -> SystemReadiness {
    let s = facts.system;
    let mut score = Score::default();
    let mut gaps = vec![];
    // A check that applies: counted, and its gaps kept when it fails.
    let mut check = |found: Vec<Gap>| {
        score.record(found.is_empty());
        gaps.extend(found);
    };

    // The vendor: someone to call, around the clock, and the practice agreed beforehand.
    let vendor = s
        .vendor
        .as_ref()
        .and_then(|id| vendors.iter().find(|v| &v.id == id));
    let has_contacts = vendor.is_some_and(|v| !v.contacts.is_empty());
    check(if has_contacts {
        vec![]
    } else {
        // A vendor named but missing from the register is named, so it can be added.
        let named = s.vendor.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        vec![Gap::new(GapCode::NoVendorContact).about(named)]
    });
    if let Some(v) = vendor.filter(|_| has_contacts) {
        check(if v.contacts.iter().any(|c| c.available_24_7) {
            vec![]
        } else {
            vec![Gap::new(GapCode::NoVendorContact247).about([v.name.clone()])]
        });
    }
    if let Some(v) = vendor {
        let p = &v.practice;
        let agreed = p.meetings_and_communication.is_some() && p.fix_acknowledgement.is_some();
        check(if agreed {
            vec![]
        } else {
            vec![Gap::new(GapCode::NoVendorPractice).about([v.name.clone()])]
        });
    }

    // Backup arrangements: one at least, each with its steps and its announcement in every
    // language the system's messages go out in.
    let languages = s
        .communication_plan
        .languages_or(&organisation.languages)
        .to_vec();
    check(if s.backup_arrangements.is_empty() {
        vec![Gap::new(GapCode::NoBackupArrangement)]
    } else {
        vec![]
    });
    if !s.backup_arrangements.is_empty() {
        let without_steps: Vec<String> = s
            .backup_arrangements
            .iter()
            .filter(|b| b.steps.is_empty())
            .map(|b| b.name.clone())
            .collect();
        check(if without_steps.is_empty() {
            vec![]
        } else {
            vec![Gap::new(GapCode::BackupWithoutSteps).about(without_steps)]
        });
        check(
            languages
                .iter()
                .filter_map(|&lang| {
                    let lacking: Vec<String> = s
                        .backup_arrangements
                        .iter()
                        .filter(|b| {
                            b.announcement
                                .get(&lang)
                                .is_none_or(|t| t.trim().is_empty())
                        })
                        .map(|b| b.name.clone())
                        .collect();
                    (!lacking.is_empty())
                        .then(|| Gap::new(GapCode::BackupAnnouncementMissing(lang)).about(lacking))
                })
                .collect(),
        );
    }

    // The MIM contact person who decides on yellow: the system's, else the organisation's
    // (a case takes them in that order when it opens).
    let contact = s.mim_contact.is_some() || organisation.mim_contact.is_some();
    check(if contact {
        vec![]
    } else {
        vec![Gap::new(GapCode::NoMimContact)]
    });
    if contact {
        let deputy = s.mim_contact_deputy.is_some() || organisation.mim_contact_deputy.is_some();
        check(if deputy {
            vec![]
        } else {
            vec![Gap::new(GapCode::NoMimContactDeputy)]
        });
    }

    // The impact matrix in use, reviewed within the interval.
    let valid_from = s
        .matrix
        .as_ref()
        .unwrap_or(&organisation.default_matrix)
        .valid_from();
    let reviewed_on = valid_from.max(facts.matrix_changed_on);
    check(match reviewed_on {
        None => vec![Gap::new(GapCode::MatrixNeverReviewed)],
        Some(on) => {
            let due = matrix_review_due(on);
            if today > due {
                vec![
                    Gap::new(GapCode::MatrixReviewOverdue)
                        .dated(Some(on))
                        .due(Some(due)),
                ]
            } else {
                vec![]
            }
        }
    });

    // Whom to tell and how, and the ready texts to tell them with.
    let plan = &s.communication_plan;
    let has_channel =
        !plan.channels.is_empty() || plan.audiences.iter().any(|a| !a.channels.is_empty());
    check(if plan.audiences.is_empty() || !has_channel {
        vec![Gap::new(GapCode::NoCommunicationPlan)]
    } else {
        vec![]
    });
    check(template_gaps(&languages, templates));

    check(if s.selectors.is_empty() {
        vec![Gap::new(GapCode::NoMonitoringSelectors)]
    } else {
        vec![]
    });
    check(if s.owner.is_none() {
        vec![Gap::new(GapCode::NoOwner)]
    } else {
        vec![]
    });

    // Blocking first; the sort is stable, so the checks' order holds within each.
    gaps.sort_by_key(Gap::severity);
    SystemReadiness {
        id: s.id.clone(),
        name: s.name.clone(),
        gaps,
        score,
        matrix_reviewed_on: reviewed_on,
    }
}

fn template_gaps(languages: &[Language], templates: &TemplateCoverage) -> Vec<Gap> {
    languages
        .iter()
        .filter_map(|&lang| {
            let missing = templates.missing_in(lang);
            (!missing.is_empty())
                .then(|| Gap::new(GapCode::MissingTemplates(lang)).about(missing.iter().cloned()))
        })
        .collect()
}
