//! Walk-throughs of the process: who reviewed which version of it, when and at which stage.
//! Append-only: a record is a fact about a meeting held, so it is never edited or removed; a
//! correction is a new record (its note says what it corrects).

use crate::{Stamp, StoreError};
use async_trait::async_trait;
use mim_domain::readiness::{NewProcessReview, ProcessReview};

#[async_trait]
pub trait ReviewStore: Send + Sync {
    /// Appends a walk-through, stamped with who recorded it and when; returns it as stored,
    /// numbered after every earlier one (1, 2, 3 … without gaps).
    async fn add_process_review(
        &self,
        review: &NewProcessReview,
        stamp: &Stamp,
    ) -> Result<ProcessReview, StoreError>;

    /// Every walk-through, in the order recorded.
    async fn process_reviews(&self) -> Result<Vec<ProcessReview>, StoreError>;
}
