//! Walk-throughs of the process (*prosessin läpikävely*): who reviewed which version of the
//! process, when, at which stage, with whom. The source document requires the process to be
//! walked through internally first, then with the support and expert teams, then with
//! stakeholders. A record is a fact about a meeting that took place, so it is kept as written
//! (append-only); a stage held out of order is still recorded, and readiness reports the order
//! as not met.

use crate::UserId;
use crate::register::Editor;
use crate::register::FieldError;
use crate::register::checks::{self, item};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The stages of walking the process through, in the order the source requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStage {
    /// The organisation's own review (*organisaation sisäinen katselmointi*).
    InternalReview,
    /// With the support and expert teams (*tuki- / asiantuntijatiimit*).
    SupportAndExperts,
    /// With stakeholders (*sidosryhmät*).
    Stakeholders,
}

impl ReviewStage {
    /// In the required order.
    pub const ALL: [ReviewStage; 3] = [
        ReviewStage::InternalReview,
        ReviewStage::SupportAndExperts,
        ReviewStage::Stakeholders,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewStage::InternalReview => "internal_review",
            ReviewStage::SupportAndExperts => "support_and_experts",
            ReviewStage::Stakeholders => "stakeholders",
        }
    }

    /// The stage that must come before this one.
    pub fn previous(self) -> Option<ReviewStage> {
        match self {
            ReviewStage::InternalReview => None,
            ReviewStage::SupportAndExperts => Some(ReviewStage::InternalReview),
            ReviewStage::Stakeholders => Some(ReviewStage::SupportAndExperts),
        }
    }
}

impl fmt::Display for ReviewStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for ReviewStage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ReviewStage::ALL
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| {
                format!(
                    "\"{s}\" is not a stage; one of internal_review, support_and_experts, stakeholders"
                )
            })
    }
}

/// Who led the walk-through: a user of mim, or someone named in the organisation's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewer {
    #[serde(default)]
    pub user: Option<UserId>,
    pub name: String,
}

/// A walk-through as someone records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProcessReview {
    pub stage: ReviewStage,
    /// The version of the process walked through (`PROCESS_VERSION` unless another is named).
    pub process_version: String,
    /// The day it was held, in the organisation's time zone.
    pub reviewed_on: NaiveDate,
    pub led_by: Reviewer,
    /// Who took part: names, teams or organisations ("Palvelupiste", "Koulutieto Oy").
    pub participants: Vec<String>,
    pub note: Option<String>,
}

/// At most this many participants: a walk-through is a meeting, not a mailing list.
const MAX_PARTICIPANTS: usize = 200;
/// Walk-throughs before this day are not of any process mim has run.
const EARLIEST: (i32, u32, u32) = (2000, 1, 1);

impl NewProcessReview {
    /// Checks the record; `today` is the organisation's local date now. A walk-through can't
    /// be recorded for a day that has not come yet.
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldError> {
        checks::line("process_version", &self.process_version)?;
        if self.process_version.chars().count() > 64 {
            return Err(FieldError::new("process_version", "at most 64 characters"));
        }
        if self.reviewed_on > today {
            return Err(FieldError::new(
                "reviewed_on",
                format!(
                    "{} is in the future (today is {today}); record a walk-through once it has been held",
                    self.reviewed_on
                ),
            ));
        }
        let (y, m, d) = EARLIEST;
        if NaiveDate::from_ymd_opt(y, m, d).is_some_and(|earliest| self.reviewed_on < earliest) {
            return Err(FieldError::new(
                "reviewed_on",
                format!("{} is before the year 2000", self.reviewed_on),
            ));
        }
        checks::line("led_by.name", &self.led_by.name)?;
        if self.participants.len() > MAX_PARTICIPANTS {
            return Err(FieldError::new(
                "participants",
                format!("at most {MAX_PARTICIPANTS} participants"),
            ));
        }
        for (i, p) in self.participants.iter().enumerate() {
            checks::line(&item("participants", i), p)?;
        }
        checks::unique(
            "participants",
            self.participants.iter().map(|p| p.trim().to_lowercase()),
        )?;
        checks::opt_note("note", self.note.as_deref())
    }
}

/// A stored walk-through: what was recorded, its number, and who recorded it when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessReview {
    /// Numbered from 1 in the order recorded.
    pub id: u64,
    pub review: NewProcessReview,
    pub recorded_by: Editor,
    pub recorded_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn review() -> NewProcessReview {
        NewProcessReview {
            stage: ReviewStage::InternalReview,
            process_version: "1".into(),
            reviewed_on: day(2026, 1, 15),
            led_by: Reviewer {
                user: Some(UserId::new("tietohallinto").unwrap()),
                name: "Tiina Tietohallinto".into(),
            },
            participants: vec!["Palvelupiste".into(), "Hallintopalvelut".into()],
            note: Some("Käytiin läpi uimaratakaavio.".into()),
        }
    }

    #[test]
    fn stages_have_codes_and_an_order() {
        for s in ReviewStage::ALL {
            assert_eq!(s.code().parse::<ReviewStage>(), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        assert!(ReviewStage::InternalReview < ReviewStage::Stakeholders);
        assert_eq!(
            ReviewStage::Stakeholders.previous(),
            Some(ReviewStage::SupportAndExperts)
        );
        assert!("stakeholder".parse::<ReviewStage>().is_err());
    }

    #[test]
    fn a_record_is_checked_field_by_field() {
        let today = day(2026, 1, 15);
        assert_eq!(review().validate(today), Ok(()));
        let field = |r: NewProcessReview| r.validate(today).unwrap_err().field;
        let mut r = review();
        r.reviewed_on = day(2026, 1, 16);
        assert_eq!(field(r), "reviewed_on");
        let mut r = review();
        r.reviewed_on = day(1999, 12, 31);
        assert_eq!(field(r), "reviewed_on");
        let mut r = review();
        r.process_version = " ".into();
        assert_eq!(field(r), "process_version");
        let mut r = review();
        r.process_version = "v".repeat(65);
        assert_eq!(field(r), "process_version");
        let mut r = review();
        r.led_by.name = "".into();
        assert_eq!(field(r), "led_by.name");
        let mut r = review();
        r.participants.push("".into());
        assert_eq!(field(r), "participants[2]");
        let mut r = review();
        r.participants.push("palvelupiste ".into());
        assert_eq!(field(r), "participants[2]");
        let mut r = review();
        r.note = Some("x".repeat(4001));
        assert_eq!(field(r), "note");
    }
}
