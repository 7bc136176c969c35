//! The register: the organisation and its critical systems (owner, matrix, backup arrangements,
//! communication plan), vendors with their contacts and agreed practice, and intake sources.
//! Each document is read leniently, so every version ever stored still loads, and checked
//! field by field before it is written. A case copies what it needs from the register when it
//! uses it, so a later edit never rewrites history.

mod backup;
pub(crate) mod checks;
mod communication;
mod editor;
mod languages;
mod organisation;
mod owner;
mod source;
mod system;
mod vendor;

pub use backup::{BackupArrangement, BackupDecider, BackupStep, Performer};
pub use checks::FieldError;
pub use communication::{
    Audience, AudienceKind, Channel, ColourLimit, CommunicationPlan, Endpoint, Member,
};
pub use editor::Editor;
pub use languages::check_publication_languages;
pub(crate) use organisation::people_differ;
pub use organisation::{NamedPerson, Organisation};
pub use owner::{OwnerKind, SystemOwner};
pub use source::{
    AuthKind, DEFAULT_MAX_BODY_BYTES, IntakeSource, MAX_BODY_BYTES_LIMIT, SourceAuth, SourceFormat,
    SourceView,
};
pub use system::{CriticalSystem, Selector};
pub use vendor::{Contact, Sla, Vendor, VendorKind, VendorPractice};
