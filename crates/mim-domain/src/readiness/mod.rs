//! Readiness: what is missing before a disruption. For each critical system, the preparation
//! PROCESS.md asks for (a vendor to call, a backup arrangement and how it is taken into use, a
//! MIM contact person, a reviewed impact matrix, a communication plan, templates in every
//! publication language …), checked against the register; for the organisation, its MIM
//! contact people and the walk-throughs of the process the source document requires —
//! internally first, then with the support and expert teams, then with stakeholders.
//!
//! `assess` is pure: it takes the register, the walk-through records, the message templates
//! available and `now`, and returns every gap with a stable code and a severity, and the
//! readiness figure (see `Score`). Nothing here reads a clock or a database.

mod assess;
mod gap;
mod matrix_review;
mod organisation_checks;
mod review;
mod score;
mod system_checks;

pub use assess::{ReadinessInput, SystemFacts, TemplateCoverage, assess};
pub use gap::{Gap, GapCode, GapSeverity};
pub use matrix_review::{MATRIX_REVIEW_MONTHS, matrix_last_changed, matrix_review_due};
pub use review::{NewProcessReview, ProcessReview, ReviewStage, Reviewer};
pub use score::{OrganisationReadiness, Readiness, Score, StageStatus, SystemReadiness};

/// The version of the process mim runs (PROCESS.md as ADR 0005 reads it). A walk-through is
/// of this version unless it names another; a release that changes the steps, roles or rules
/// of the process raises it, and walk-throughs of the older version then count as outdated
/// (ADR 0009).
pub const PROCESS_VERSION: &str = "1";
