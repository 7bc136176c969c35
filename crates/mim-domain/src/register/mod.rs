//! The minimal register: the organisation and its critical systems, vendors and backup
//! arrangements. Later issues grow it (versions, communication plans, audiences); a case
//! copies what it needs from it when opened, so a later edit never rewrites history.

mod organisation;
mod source;
mod system;

pub use organisation::{NamedPerson, Organisation};
pub use source::{
    AuthKind, DEFAULT_MAX_BODY_BYTES, IntakeSource, MAX_BODY_BYTES_LIMIT, SourceAuth, SourceFormat,
    SourceView,
};
pub use system::{BackupArrangement, BackupDecider, Contact, CriticalSystem, Selector, Vendor};
