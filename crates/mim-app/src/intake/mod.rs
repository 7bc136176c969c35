//! Intake: deliveries from monitoring, the service desk and end users are committed to the
//! inbox (group commit) before their sender hears 2xx; the correlation worker folds them into
//! cases afterwards.

mod alerts;
mod correlate;
mod held;
mod lookahead;
mod receive;
mod report;
mod routes;
mod sources;
mod writer;

pub use correlate::{CURSOR, Correlated};
pub use held::HeldCases;
pub use receive::{Delivery, IntakeGate, Receipt, SIGNATURE_HEADER, hmac_sha256, signature};
pub use report::{
    Affected, BUILT_IN_SOURCES, DESK_CHANNELS, DESK_REPORTERS, DESK_SOURCE, DeskReport,
    FORM_SOURCE, FORM_TEXT_MAX, FormReport, FormText, MAX_STATED_USERS, ReportableSystem,
};
pub use routes::RouteCache;
pub use sources::{
    QUARANTINE_READERS, SOURCE_EDITORS, SecretChange, SourceCache, SourcePut, SourceSpec,
};
pub use writer::{MAX_GROUP, Writer, WriterStats};

use crate::{App, AppError};
use chrono::Duration;
use mim_store::{Accepted, NewDelivery};

/// A delivery repeated by its sender within this window (same idempotency key) counts once.
pub const DEDUP_WINDOW: Duration = Duration::minutes(10);

impl App {
    /// The group-commit writer, started on first use (inside the server's runtime).
    async fn intake_writer(&self) -> &Writer {
        self.intake
            .get_or_init(|| async {
                Writer::start(self.store.clone(), DEDUP_WINDOW, self.intake_stats.clone())
            })
            .await
    }

    /// Commits a delivery durably; returns its place in the inbox (or the first copy's).
    pub async fn commit_delivery(&self, mut delivery: NewDelivery) -> Result<Accepted, AppError> {
        if delivery.route.is_none() {
            delivery.route = self.route_hint(&delivery.batch).await;
        }
        self.intake_writer().await.accept(delivery).await
    }

    /// Waits until the writer commits something (or returns at once if it did since the
    /// last wait): the correlation worker's wake-up.
    pub async fn intake_committed(&self) {
        self.intake_stats.committed.notified().await;
    }

    /// How many groups and deliveries the writer has committed (the group-commit factor).
    pub fn intake_stats(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (
            self.intake_stats.groups.load(Relaxed),
            self.intake_stats.deliveries.load(Relaxed),
        )
    }
}
