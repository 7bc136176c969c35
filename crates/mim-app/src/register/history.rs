//! Every earlier version of a register document, with who wrote it and when. A vendor's user
//! reads the history of its own vendor and systems only, and of a system only the versions in
//! which the system was its vendor's: what the register said about another vendor's system
//! stays with the organisation.

use super::{Versioned, require_staff, sees};
use crate::{App, AppError, Principal};
use mim_domain::register::{CriticalSystem, Organisation, Vendor};
use mim_domain::{SystemId, VendorId};
use mim_store::{RegisterDocument, RegisterKey, RegisterVersion};

impl App {
    /// Every version of the organisation settings, oldest first (organisation staff only).
    pub async fn organisation_history(
        &self,
        who: &Principal,
    ) -> Result<Vec<Versioned<Organisation>>, AppError> {
        require_staff(who)?;
        if who.vendor_scope().is_some() {
            return Err(AppError::Forbidden(
                "the history of the organisation settings is for the organisation's own staff"
                    .into(),
            ));
        }
        let versions = self.store().history(&RegisterKey::Organisation).await?;
        self.versions(versions, |d| match d {
            RegisterDocument::Organisation(o) => Some(o),
            _ => None,
        })
        .await
    }

    /// Every version of one system the caller may see, oldest first.
    pub async fn system_history(
        &self,
        who: &Principal,
        id: &SystemId,
    ) -> Result<Vec<Versioned<CriticalSystem>>, AppError> {
        // The current version decides whether the system is the caller's to see at all.
        self.system(who, id).await?;
        let versions = self
            .store()
            .history(&RegisterKey::System(id.clone()))
            .await?;
        self.versions(versions, |d| match d {
            RegisterDocument::System(s) if sees(who, s.vendor.as_ref()) => Some(*s),
            _ => None,
        })
        .await
    }

    /// Every version of one vendor the caller may see, oldest first.
    pub async fn vendor_history(
        &self,
        who: &Principal,
        id: &VendorId,
    ) -> Result<Vec<Versioned<Vendor>>, AppError> {
        self.vendor(who, id).await?;
        let versions = self
            .store()
            .history(&RegisterKey::Vendor(id.clone()))
            .await?;
        self.versions(versions, |d| match d {
            RegisterDocument::Vendor(v) => Some(v),
            _ => None,
        })
        .await
    }

    /// The versions `keep` picks, each with who wrote it (their name looked up once).
    pub(super) async fn versions<T>(
        &self,
        versions: Vec<RegisterVersion>,
        keep: impl Fn(RegisterDocument) -> Option<T>,
    ) -> Result<Vec<Versioned<T>>, AppError> {
        let mut names = std::collections::BTreeMap::new();
        let mut out = Vec::with_capacity(versions.len());
        for v in versions {
            let Some(document) = keep(v.document) else {
                continue;
            };
            let by = v.stamp.by.clone();
            let change = match names.get(&by) {
                Some(name) => super::Change {
                    at: v.stamp.at,
                    by: v.stamp.by,
                    by_name: Clone::clone(name),
                },
                None => {
                    let change = self.change(v.stamp).await?;
                    names.insert(by, change.by_name.clone());
                    change
                }
            };
            out.push(Versioned {
                version: v.version,
                changed: Some(change),
                document,
            });
        }
        Ok(out)
    }
}
