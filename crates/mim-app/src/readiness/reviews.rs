//! Recording and listing walk-throughs of the process.

use super::{REVIEW_RECORDERS, require_organisation_staff};
use crate::register::Author;
use crate::{App, AppError, Principal};
use chrono::NaiveDate;
use mim_domain::UserId;
use mim_domain::readiness::{
    NewProcessReview, PROCESS_VERSION, ProcessReview, ReviewStage, Reviewer,
};

/// A walk-through as a front door hands it in.
#[derive(Debug, Clone)]
pub struct ReviewDraft {
    pub stage: ReviewStage,
    /// None: the process version mim runs (`PROCESS_VERSION`).
    pub process_version: Option<String>,
    pub reviewed_on: NaiveDate,
    /// A user of mim who led it; their name comes from their user record.
    pub led_by_user: Option<UserId>,
    /// Who led it, when not a user of mim (or to name them otherwise). With neither, the
    /// signed-in user who records it.
    pub led_by_name: Option<String>,
    pub participants: Vec<String>,
    pub note: Option<String>,
}

impl App {
    /// Every walk-through, in the order recorded.
    pub async fn process_reviews(&self, who: &Principal) -> Result<Vec<ProcessReview>, AppError> {
        require_organisation_staff(who)?;
        Ok(self.store().process_reviews().await?)
    }

    /// Records a walk-through (admins and IT management, or the operator). A stage held out
    /// of the order the source requires is recorded as held; readiness reports the order.
    pub async fn add_process_review(
        &self,
        by: Author<'_>,
        draft: ReviewDraft,
    ) -> Result<ProcessReview, AppError> {
        let stamp = self.stamp_for(&by, REVIEW_RECORDERS, "recording a walk-through")?;
        let led_by = self
            .reviewer(&by, draft.led_by_user, draft.led_by_name)
            .await?;
        let review = NewProcessReview {
            stage: draft.stage,
            process_version: draft
                .process_version
                .unwrap_or_else(|| PROCESS_VERSION.to_owned()),
            reviewed_on: draft.reviewed_on,
            led_by,
            participants: draft.participants,
            note: draft.note,
        };
        let tz = self.organisation_or_default().await?.time_zone;
        let today = stamp.at.with_timezone(&tz).date_naive();
        review.validate(today).map_err(|e| AppError::Invalid {
            field: e.field,
            message: e.message,
        })?;
        Ok(self.store().add_process_review(&review, &stamp).await?)
    }

    /// Who led the walk-through: the named user (who must exist), a name, or the recorder.
    async fn reviewer(
        &self,
        by: &Author<'_>,
        user: Option<UserId>,
        name: Option<String>,
    ) -> Result<Reviewer, AppError> {
        let name = name.filter(|n| !n.trim().is_empty());
        if let Some(id) = user {
            let record = self
                .store()
                .user(&id)
                .await?
                .ok_or_else(|| AppError::Invalid {
                    field: "led_by.user".into(),
                    message: format!("no user \"{id}\""),
                })?;
            return Ok(Reviewer {
                name: name.unwrap_or(record.name),
                user: Some(id),
            });
        }
        match (name, by) {
            (Some(name), _) => Ok(Reviewer { user: None, name }),
            (None, Author::User(p)) => Ok(Reviewer {
                user: Some(p.id().clone()),
                name: p.user.name.clone(),
            }),
            (None, Author::Operator(_)) => Err(AppError::Invalid {
                field: "led_by.name".into(),
                message: "name who led the walk-through (--led-by USER or --led-by-name NAME)"
                    .into(),
            }),
        }
    }
}
