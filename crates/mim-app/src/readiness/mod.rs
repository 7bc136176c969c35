//! Readiness: what the preparation lacks before a disruption, per critical system and for the
//! organisation, with the readiness figure (`assess.rs`); and the walk-throughs of the process
//! that readiness counts (`reviews.rs`). Staff of the organisation read both; admins and IT
//! management (who own the process) record walk-throughs, or the operator at the command line.
//! A vendor's users read neither: readiness covers every vendor's systems.

mod assess;
mod reviews;

pub use assess::ReadinessReport;
pub use reviews::ReviewDraft;

use crate::register::require_staff;
use crate::{AppError, Principal};
use mim_domain::Role;

/// Who may record a walk-through: the process's owners, as for the register.
pub const REVIEW_RECORDERS: &[Role] = crate::register::REGISTER_EDITORS;

/// Staff of the organisation itself.
fn require_organisation_staff(who: &Principal) -> Result<(), AppError> {
    require_staff(who)?;
    if who.vendor_scope().is_some() {
        return Err(AppError::Forbidden(
            "readiness and walk-throughs cover every vendor's systems; a vendor's users read \
             their own entries in the register"
                .into(),
        ));
    }
    Ok(())
}
