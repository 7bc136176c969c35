//! The register: the organisation, critical systems and vendors. Every write is stamped with
//! who made it and when, and bumps the document's version.

use crate::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::register::{CriticalSystem, Organisation, Vendor};
use mim_domain::{SystemId, UserId, VendorId};

/// Who changed a register document, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub by: UserId,
    pub at: DateTime<Utc>,
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

    /// True when nothing has been stored yet: no organisation, system, vendor, user or case.
    async fn is_empty(&self) -> Result<bool, StoreError>;
}
