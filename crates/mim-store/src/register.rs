//! The register: the organisation, critical systems, vendors and intake sources. Every write
//! is stamped with who made it and when, bumps the document's version and keeps the earlier
//! versions; a write based on a version that is no longer current writes nothing.

use crate::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::register::{CriticalSystem, Editor, IntakeSource, Organisation, Vendor};
use mim_domain::{Language, SystemId, VendorId};
use mim_messages::{MessageKind, Template};
use std::fmt;

/// Who changed a register document, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub by: Editor,
    pub at: DateTime<Utc>,
}

/// Names one register document, for reading its history.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RegisterKey {
    Organisation,
    System(SystemId),
    Vendor(VendorId),
    /// An intake source, by its id.
    Source(String),
    /// The organisation's own wording of one message in one language (until one is stored,
    /// the built-in default is used).
    Template(MessageKind, Language),
}

impl fmt::Display for RegisterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterKey::Organisation => f.write_str("organisation"),
            RegisterKey::System(id) => write!(f, "system {id}"),
            RegisterKey::Vendor(id) => write!(f, "vendor {id}"),
            RegisterKey::Source(id) => write!(f, "intake source {id}"),
            RegisterKey::Template(kind, lang) => write!(f, "{kind} template in {lang}"),
        }
    }
}

/// A register document as it was in one version.
#[derive(Debug, Clone, PartialEq)]
pub enum RegisterDocument {
    Organisation(Organisation),
    /// Boxed: a system with its matrix, arrangements and plan is much larger than the rest.
    System(Box<CriticalSystem>),
    Vendor(Vendor),
    Source(IntakeSource),
    Template(Template),
}

impl RegisterDocument {
    /// The document's key: which document this is a version of.
    pub fn key(&self) -> RegisterKey {
        match self {
            RegisterDocument::Organisation(_) => RegisterKey::Organisation,
            RegisterDocument::System(s) => RegisterKey::System(s.id.clone()),
            RegisterDocument::Vendor(v) => RegisterKey::Vendor(v.id.clone()),
            RegisterDocument::Source(s) => RegisterKey::Source(s.id.clone()),
            RegisterDocument::Template(t) => RegisterKey::Template(t.kind, t.language),
        }
    }
}

/// One stored version of a register document: what it said, and who wrote it when.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterVersion {
    pub version: u64,
    pub stamp: Stamp,
    pub document: RegisterDocument,
}

#[async_trait]
pub trait RegisterStore: Send + Sync {
    async fn organisation(&self) -> Result<Option<Organisation>, StoreError>;
    async fn put_organisation(&self, org: &Organisation, stamp: &Stamp) -> Result<u64, StoreError>;

    async fn systems(&self) -> Result<Vec<CriticalSystem>, StoreError>;
    async fn system(&self, id: &SystemId) -> Result<Option<CriticalSystem>, StoreError>;
    /// Inserts or replaces; returns the system's new version.
    async fn put_system(&self, system: &CriticalSystem, stamp: &Stamp) -> Result<u64, StoreError>;

    async fn vendors(&self) -> Result<Vec<Vendor>, StoreError>;
    async fn vendor(&self, id: &VendorId) -> Result<Option<Vendor>, StoreError>;
    async fn put_vendor(&self, vendor: &Vendor, stamp: &Stamp) -> Result<u64, StoreError>;

    /// Every intake source, enabled or not, by id.
    async fn sources(&self) -> Result<Vec<IntakeSource>, StoreError>;
    async fn source(&self, id: &str) -> Result<Option<IntakeSource>, StoreError>;
    /// Inserts or replaces; returns the source's new version.
    async fn put_source(&self, source: &IntakeSource, stamp: &Stamp) -> Result<u64, StoreError>;

    /// Writes a new version of `document` if its current version is `expected` (0: it must not
    /// exist yet), or whatever it is when `expected` is `None`; returns the new version. A stale
    /// `expected` writes nothing and fails with `Conflict` carrying the current version (0 for
    /// a document never written).
    async fn put_document(
        &self,
        document: &RegisterDocument,
        expected: Option<u64>,
        stamp: &Stamp,
    ) -> Result<u64, StoreError>;

    /// Writes several documents as one change (an imported workbook): every one of them, or —
    /// when any `expected` is stale or any write fails — none. Returns the new versions in
    /// order. The default refuses, for stores that cannot write them together.
    async fn put_documents(
        &self,
        documents: &[(RegisterDocument, Option<u64>)],
        stamp: &Stamp,
    ) -> Result<Vec<u64>, StoreError> {
        let _ = (documents, stamp);
        Err(StoreError::Other(
            "this store cannot write several register documents in one transaction".into(),
        ))
    }

    /// The current version of one document with who wrote it and when; `None` when it was
    /// never written. The default reads the history's last entry.
    async fn current(&self, key: &RegisterKey) -> Result<Option<RegisterVersion>, StoreError> {
        Ok(self.history(key).await?.pop())
    }

    /// Every stored version of one document, oldest first (the current one last); empty when
    /// it was never written. The default answers `Other`, for stores that keep no history.
    async fn history(&self, key: &RegisterKey) -> Result<Vec<RegisterVersion>, StoreError> {
        Err(StoreError::Other(
            format!("this store keeps no history of the {key}").into(),
        ))
    }

    /// True when nothing has been stored yet: no organisation, system, vendor, intake source,
    /// user or case.
    async fn is_empty(&self) -> Result<bool, StoreError>;
}
