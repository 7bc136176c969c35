//! Readiness as the API and `mim readiness --json` show it: the assessment with each gap's
//! stable code, severity and a sentence in the reader's language, times in the
//! organisation's zone.

use crate::i18n::Catalogue;
use crate::render::{local_date, local_time};
use chrono::{DateTime, NaiveDate, Utc};
use mim_app::readiness::ReadinessReport;
use mim_domain::Language;
use mim_domain::readiness::{Gap, GapCode, MATRIX_REVIEW_MONTHS, Score, StageStatus};
use serde::Serialize;
use utoipa::ToSchema;

/// Checks passed out of those that apply; `percent` is rounded down, so 100 means nothing is
/// missing.
#[derive(Debug, Serialize, ToSchema)]
pub struct Figure {
    #[schema(example = 94)]
    pub percent: u8,
    pub passed: u32,
    pub total: u32,
}

impl From<Score> for Figure {
    fn from(s: Score) -> Figure {
        Figure {
            percent: s.percent(),
            passed: s.passed,
            total: s.total,
        }
    }
}

/// One thing the preparation lacks.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapView {
    /// Stable: `no_vendor_contact`, `no_backup_arrangement`, `backup_without_steps`,
    /// `backup_announcement_missing_<lang>`, `no_mim_contact`, `no_mim_contact_deputy`,
    /// `matrix_never_reviewed`, `matrix_review_overdue`, `no_communication_plan`,
    /// `missing_templates_<lang>`, `no_monitoring_selectors`, `no_owner`,
    /// `no_24_7_vendor_contact`, `no_vendor_practice`; for the organisation also
    /// `organisation_not_set_up`, `no_critical_systems`, `walkthrough_missing_<stage>`,
    /// `walkthrough_outdated_<stage>`, `walkthrough_out_of_order`.
    #[schema(example = "no_backup_arrangement")]
    pub code: String,
    /// `blocking`: a step of the process can't be taken as planned (or the source's
    /// requirement is unmet); `advisory`: it runs, slower or less sure.
    #[schema(example = "blocking")]
    pub severity: String,
    /// The gap in the reader's language, with what it concerns.
    pub text: String,
    /// What it concerns, in the register's words (arrangement names, message kinds, stages).
    pub subjects: Vec<String>,
    /// The date that explains it (when the matrix was last reviewed; when an outdated
    /// walk-through was held), a local date.
    #[schema(value_type = Option<String>, example = "2025-03-15")]
    pub date: Option<NaiveDate>,
    /// When a review was due.
    #[schema(value_type = Option<String>, example = "2026-03-15")]
    pub due: Option<NaiveDate>,
}

/// One stage of the walk-through of the process.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageView {
    /// `internal_review`, `support_and_experts` or `stakeholders`, in the required order.
    pub stage: String,
    pub title: String,
    /// `done` (for the current process version), `outdated` (only for another version) or
    /// `missing`.
    pub status: String,
    /// The last walk-through of this stage for the current version (local date).
    #[schema(value_type = Option<String>)]
    pub last_on: Option<NaiveDate>,
    /// For an outdated stage: the version it was held for, and when.
    pub older_version: Option<String>,
    #[schema(value_type = Option<String>)]
    pub older_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    pub figure: Figure,
    pub gaps: Vec<GapView>,
    pub walk_through: Vec<StageView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SystemView {
    #[schema(example = "wilma")]
    pub id: String,
    pub name: String,
    /// No blocking gap.
    pub ready: bool,
    pub figure: Figure,
    /// When the matrix in use was last reviewed (its last change or its valid-from date).
    #[schema(value_type = Option<String>)]
    pub matrix_reviewed_on: Option<NaiveDate>,
    /// Blocking first.
    pub gaps: Vec<GapView>,
}

/// The whole readiness report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessView {
    pub assessed_at: DateTime<Utc>,
    /// `assessed_at` in the organisation's zone, as the reader's language writes it.
    pub assessed_at_local: String,
    #[schema(example = "Europe/Helsinki")]
    pub time_zone: String,
    #[schema(example = "fi")]
    pub language: String,
    /// The process version walk-throughs count for.
    #[schema(example = "1")]
    pub process_version: String,
    /// A matrix review is due this many months after the last one.
    pub matrix_review_months: u32,
    /// No blocking gap anywhere.
    pub ready: bool,
    /// Every check, the organisation's and all systems'.
    pub figure: Figure,
    pub blocking_gaps: usize,
    pub advisory_gaps: usize,
    pub organisation: OrganisationView,
    pub systems: Vec<SystemView>,
}

/// The name of a walk-through stage in `lang`.
pub fn stage_title(c: &Catalogue, lang: Language, code: &str) -> String {
    c.t(lang, &format!("readiness-stage-{code}"))
}

fn gap(c: &Catalogue, lang: Language, g: &Gap) -> GapView {
    let code = g.code.code();
    let mut text = c.t(lang, &format!("readiness-gap-{code}"));
    let subjects: Vec<String> = match g.code {
        // Stages are codes in the record; people read their names.
        GapCode::WalkThroughOutOfOrder => {
            g.subjects.iter().map(|s| stage_title(c, lang, s)).collect()
        }
        _ => g.subjects.clone(),
    };
    if !subjects.is_empty() {
        text = format!("{text}: {}", subjects.join(", "));
    }
    let mut dates = vec![];
    if let Some(d) = g.date {
        dates.push(format!(
            "{} {}",
            c.t(lang, "readiness-last"),
            local_date(d, lang)
        ));
    }
    if let Some(d) = g.due {
        dates.push(format!(
            "{} {}",
            c.t(lang, "readiness-due"),
            local_date(d, lang)
        ));
    }
    if !dates.is_empty() {
        text = format!("{text} ({})", dates.join(", "));
    }
    GapView {
        code,
        severity: g.severity().code().to_owned(),
        text,
        subjects: g.subjects.clone(),
        date: g.date,
        due: g.due,
    }
}

fn stage(c: &Catalogue, lang: Language, s: &StageStatus) -> StageView {
    let status = match (&s.last_on, &s.older) {
        (Some(_), _) => "done",
        (None, Some(_)) => "outdated",
        (None, None) => "missing",
    };
    StageView {
        stage: s.stage.code().to_owned(),
        title: stage_title(c, lang, s.stage.code()),
        status: status.to_owned(),
        last_on: s.last_on,
        older_version: s.older.as_ref().map(|(v, _)| v.clone()),
        older_on: s.older.as_ref().map(|(_, d)| *d),
    }
}

/// The report in `lang`.
pub fn readiness_view(report: &ReadinessReport, lang: Language, c: &Catalogue) -> ReadinessView {
    let r = &report.readiness;
    let gaps = |list: &[Gap]| list.iter().map(|g| gap(c, lang, g)).collect::<Vec<_>>();
    let all_gaps =
        r.organisation.gaps.len() + r.systems.iter().map(|s| s.gaps.len()).sum::<usize>();
    ReadinessView {
        assessed_at: r.assessed_at,
        assessed_at_local: local_time(r.assessed_at, report.time_zone, lang),
        time_zone: report.time_zone.name().to_owned(),
        language: lang.code().to_owned(),
        process_version: r.process_version.clone(),
        matrix_review_months: MATRIX_REVIEW_MONTHS,
        ready: r.ready(),
        figure: r.overall().into(),
        blocking_gaps: r.blocking_gaps(),
        advisory_gaps: all_gaps - r.blocking_gaps(),
        organisation: OrganisationView {
            figure: r.organisation.score.into(),
            gaps: gaps(&r.organisation.gaps),
            walk_through: r
                .organisation
                .walk_through
                .iter()
                .map(|s| stage(c, lang, s))
                .collect(),
        },
        systems: r
            .systems
            .iter()
            .map(|s| SystemView {
                id: s.id.to_string(),
                name: s.name.clone(),
                ready: s.ready(),
                figure: s.score.into(),
                matrix_reviewed_on: s.matrix_reviewed_on,
                gaps: gaps(&s.gaps),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mim_domain::readiness::ReviewStage;

    fn every_code() -> Vec<GapCode> {
        let mut all = vec![
            GapCode::OrganisationNotSetUp,
            GapCode::NoCriticalSystems,
            GapCode::NoMimContact,
            GapCode::NoMimContactDeputy,
            GapCode::WalkThroughOutOfOrder,
            GapCode::NoVendorContact,
            GapCode::NoVendorContact247,
            GapCode::NoVendorPractice,
            GapCode::NoBackupArrangement,
            GapCode::BackupWithoutSteps,
            GapCode::MatrixNeverReviewed,
            GapCode::MatrixReviewOverdue,
            GapCode::NoCommunicationPlan,
            GapCode::NoMonitoringSelectors,
            GapCode::NoOwner,
        ];
        for s in ReviewStage::ALL {
            all.push(GapCode::WalkThroughMissing(s));
            all.push(GapCode::WalkThroughOutdated(s));
        }
        for l in Language::ALL {
            all.push(GapCode::BackupAnnouncementMissing(l));
            all.push(GapCode::MissingTemplates(l));
        }
        all
    }

    #[test]
    fn every_gap_and_stage_has_a_text_in_every_language() {
        let c = Catalogue::load();
        for lang in Language::ALL {
            let keys = c.keys(lang);
            for code in every_code() {
                let key = format!("readiness-gap-{}", code.code());
                assert!(keys.contains(&key), "{lang}: {key}");
            }
            for s in ReviewStage::ALL {
                let key = format!("readiness-stage-{}", s.code());
                assert!(keys.contains(&key), "{lang}: {key}");
            }
        }
    }

    #[test]
    fn a_gap_reads_with_what_it_concerns_and_its_dates() {
        let c = Catalogue::load();
        let g = Gap::new(GapCode::WalkThroughOutOfOrder).about(["stakeholders"]);
        assert!(
            gap(&c, Language::Fi, &g)
                .text
                .ends_with("liian aikaisin: Sidosryhmät")
        );
        let d = NaiveDate::from_ymd_opt(2025, 3, 15);
        let g = Gap::new(GapCode::MatrixReviewOverdue).dated(d).due(d);
        assert_eq!(
            gap(&c, Language::Sv, &g).text,
            "Den årliga granskningen av konsekvenstabellen är försenad (senast 15.03.2025, förföll 15.03.2025)"
        );
    }
}
