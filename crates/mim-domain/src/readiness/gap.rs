//! A gap: something the preparation lacks, with a stable code (for scripts and the text
//! catalogue), a severity and what it concerns.

use super::ReviewStage;
use crate::Language;
use chrono::NaiveDate;
use serde::Serialize;

/// How much a gap matters when the disruption comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapSeverity {
    /// A step of the process can't be taken as PROCESS.md describes it (nobody to call at the
    /// vendor, nobody to decide on yellow, no backup arrangement, no way to reach the users),
    /// or a requirement of the source document is unmet (the walk-throughs).
    Blocking,
    /// The process runs, but slower or less sure than it should.
    Advisory,
}

impl GapSeverity {
    pub fn code(self) -> &'static str {
        match self {
            GapSeverity::Blocking => "blocking",
            GapSeverity::Advisory => "advisory",
        }
    }
}

/// What is missing. `code()` is the stable name (`missing_templates_sv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GapCode {
    // The organisation.
    /// The organisation settings were never stored: no name, languages or MIM contact.
    OrganisationNotSetUp,
    NoCriticalSystems,
    /// No MIM contact person (organisation: none named; system: neither it nor the
    /// organisation names one, so a yellow decision would be refused).
    NoMimContact,
    NoMimContactDeputy,
    /// No walk-through of the current process version at this stage.
    WalkThroughMissing(ReviewStage),
    /// This stage was walked through only for an older (or another) process version.
    WalkThroughOutdated(ReviewStage),
    /// A stage was held before the one the source requires before it.
    WalkThroughOutOfOrder,
    // A critical system.
    /// No vendor, a vendor the register lacks, or a vendor with no contact.
    NoVendorContact,
    /// The vendor's contacts are none of them reachable around the clock.
    NoVendorContact247,
    /// The practice agreed with the vendor lacks how meetings and communication run or how a
    /// fix is acknowledged (the source's "yhteiset pelisäännöt … vian kuittaaminen").
    NoVendorPractice,
    NoBackupArrangement,
    /// A backup arrangement with no steps: nobody knows how to take it into use.
    BackupWithoutSteps,
    /// A backup arrangement with no ready announcement in this publication language.
    BackupAnnouncementMissing(Language),
    MatrixNeverReviewed,
    MatrixReviewOverdue,
    /// No audiences or no channels: nobody knows whom to tell, or how.
    NoCommunicationPlan,
    /// No monitoring labels: alerts reach the system only by a `system` label or its name.
    NoMonitoringSelectors,
    NoOwner,
    /// Message templates are missing in this language.
    MissingTemplates(Language),
}

impl GapCode {
    pub fn code(self) -> String {
        let fixed = match self {
            GapCode::OrganisationNotSetUp => "organisation_not_set_up",
            GapCode::NoCriticalSystems => "no_critical_systems",
            GapCode::NoMimContact => "no_mim_contact",
            GapCode::NoMimContactDeputy => "no_mim_contact_deputy",
            GapCode::WalkThroughMissing(s) => return format!("walkthrough_missing_{}", s.code()),
            GapCode::WalkThroughOutdated(s) => {
                return format!("walkthrough_outdated_{}", s.code());
            }
            GapCode::WalkThroughOutOfOrder => "walkthrough_out_of_order",
            GapCode::NoVendorContact => "no_vendor_contact",
            GapCode::NoVendorContact247 => "no_24_7_vendor_contact",
            GapCode::NoVendorPractice => "no_vendor_practice",
            GapCode::NoBackupArrangement => "no_backup_arrangement",
            GapCode::BackupWithoutSteps => "backup_without_steps",
            GapCode::BackupAnnouncementMissing(l) => {
                return format!("backup_announcement_missing_{}", l.code());
            }
            GapCode::MatrixNeverReviewed => "matrix_never_reviewed",
            GapCode::MatrixReviewOverdue => "matrix_review_overdue",
            GapCode::NoCommunicationPlan => "no_communication_plan",
            GapCode::NoMonitoringSelectors => "no_monitoring_selectors",
            GapCode::NoOwner => "no_owner",
            GapCode::MissingTemplates(l) => return format!("missing_templates_{}", l.code()),
        };
        fixed.to_owned()
    }

    pub fn severity(self) -> GapSeverity {
        use GapSeverity::{Advisory, Blocking};
        match self {
            GapCode::OrganisationNotSetUp
            | GapCode::NoCriticalSystems
            | GapCode::NoMimContact
            | GapCode::WalkThroughMissing(_)
            | GapCode::WalkThroughOutdated(_)
            | GapCode::NoVendorContact
            | GapCode::NoBackupArrangement
            | GapCode::NoCommunicationPlan
            | GapCode::MissingTemplates(_) => Blocking,
            GapCode::NoMimContactDeputy
            | GapCode::WalkThroughOutOfOrder
            | GapCode::NoVendorContact247
            | GapCode::NoVendorPractice
            | GapCode::BackupWithoutSteps
            | GapCode::BackupAnnouncementMissing(_)
            | GapCode::MatrixNeverReviewed
            | GapCode::MatrixReviewOverdue
            | GapCode::NoMonitoringSelectors
            | GapCode::NoOwner => Advisory,
        }
    }
}

/// One gap and what it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub code: GapCode,
    /// What the gap is about, in the register's own words: the arrangements without steps,
    /// the message kinds missing, the version a walk-through was held for, the stages out of
    /// order. Empty when the code says it all.
    pub subjects: Vec<String>,
    /// The date that explains it: when the matrix was last reviewed, when an outdated
    /// walk-through was held.
    pub date: Option<NaiveDate>,
    /// For a review that falls due: the day it is or was due.
    pub due: Option<NaiveDate>,
}

impl Gap {
    pub fn new(code: GapCode) -> Gap {
        Gap {
            code,
            subjects: vec![],
            date: None,
            due: None,
        }
    }

    pub fn about(mut self, subjects: impl IntoIterator<Item = impl Into<String>>) -> Gap {
        self.subjects = subjects.into_iter().map(Into::into).collect();
        self
    }

    pub fn dated(mut self, date: Option<NaiveDate>) -> Gap {
        self.date = date;
        self
    }

    pub fn due(mut self, due: Option<NaiveDate>) -> Gap {
        self.due = due;
        self
    }

    pub fn severity(&self) -> GapSeverity {
        self.code.severity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_names() {
        assert_eq!(GapCode::NoVendorContact.code(), "no_vendor_contact");
        assert_eq!(
            GapCode::MissingTemplates(Language::Sv).code(),
            "missing_templates_sv"
        );
        assert_eq!(
            GapCode::WalkThroughMissing(ReviewStage::Stakeholders).code(),
            "walkthrough_missing_stakeholders"
        );
        assert_eq!(
            GapCode::BackupAnnouncementMissing(Language::En).code(),
            "backup_announcement_missing_en"
        );
        assert_eq!(
            GapCode::NoBackupArrangement.severity(),
            GapSeverity::Blocking
        );
        assert_eq!(
            GapCode::MatrixReviewOverdue.severity(),
            GapSeverity::Advisory
        );
    }
}
