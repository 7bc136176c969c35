//! Walk-through records as the API reads and writes them.

use super::view::stage_title;
use crate::error::ApiError;
use crate::i18n::Catalogue;
use chrono::{DateTime, NaiveDate, Utc};
use mim_app::readiness::ReviewDraft;
use mim_domain::readiness::{ProcessReview, ReviewStage};
use mim_domain::{Language, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who led a walk-through.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LedBy {
    /// A user of mim (its name is taken from the user record unless `name` is given).
    #[schema(example = "tietohallinto")]
    pub user: Option<String>,
    #[schema(example = "Jukka Nieminen")]
    pub name: Option<String>,
}

/// A walk-through to record. Fields not listed here are refused (422).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// `internal_review`, `support_and_experts` or `stakeholders`. A stage held before the
    /// one the source requires before it is recorded; readiness reports the order.
    #[schema(value_type = String, example = "internal_review")]
    pub stage: ReviewStage,
    /// The day it was held (the organisation's local date), not in the future.
    #[schema(value_type = String, example = "2026-01-15")]
    pub reviewed_on: NaiveDate,
    /// The process version walked through; default: the version mim runs.
    #[schema(example = "1")]
    pub process_version: Option<String>,
    /// Default: the signed-in user who records it.
    pub led_by: Option<LedBy>,
    #[serde(default)]
    #[schema(example = json!(["Palvelupiste", "Verkkotiimi"]))]
    pub participants: Vec<String>,
    pub note: Option<String>,
}

impl ReviewBody {
    pub fn into_draft(self) -> Result<ReviewDraft, ApiError> {
        let (user, name) = match self.led_by {
            Some(l) => (
                l.user
                    .map(|u| {
                        UserId::new(&u).map_err(|e| {
                            ApiError::invalid("led_by.user", format!("led_by.user: {e}"))
                        })
                    })
                    .transpose()?,
                l.name,
            ),
            None => (None, None),
        };
        Ok(ReviewDraft {
            stage: self.stage,
            process_version: self.process_version,
            reviewed_on: self.reviewed_on,
            led_by_user: user,
            led_by_name: name,
            participants: self.participants,
            note: self.note,
        })
    }
}

/// A recorded walk-through.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewView {
    /// Numbered from 1 in the order recorded.
    pub id: u64,
    #[schema(example = "internal_review")]
    pub stage: String,
    /// The stage's name in the reader's language.
    pub stage_title: String,
    pub process_version: String,
    #[schema(value_type = String, example = "2026-01-15")]
    pub reviewed_on: NaiveDate,
    pub led_by: LedBy,
    pub participants: Vec<String>,
    pub note: Option<String>,
    /// A user name, or `cli:` and the operator's login.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Every walk-through and the version they count for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewsView {
    /// The process version readiness counts walk-throughs of.
    #[schema(example = "1")]
    pub process_version: String,
    /// In the order recorded.
    pub reviews: Vec<ReviewView>,
}

pub fn review_view(r: &ProcessReview, lang: Language, c: &Catalogue) -> ReviewView {
    ReviewView {
        id: r.id,
        stage: r.review.stage.code().to_owned(),
        stage_title: stage_title(c, lang, r.review.stage.code()),
        process_version: r.review.process_version.clone(),
        reviewed_on: r.review.reviewed_on,
        led_by: LedBy {
            user: r.review.led_by.user.as_ref().map(|u| u.to_string()),
            name: Some(r.review.led_by.name.clone()),
        },
        participants: r.review.participants.clone(),
        note: r.review.note.clone(),
        recorded_by: r.recorded_by.to_string(),
        recorded_at: r.recorded_at,
    }
}
