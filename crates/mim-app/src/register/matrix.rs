//! The matrix an assessment uses, tagged with the register version it comes from, so a case
//! can always say which version of the register its colour was read from.

use crate::{App, AppError};
use mim_domain::SystemId;
use mim_domain::impact::{MatrixSource, MatrixUsed};
use mim_store::{RegisterDocument, RegisterKey};

impl App {
    /// The matrix for a case about `system` (or none): the system's own at the system's
    /// version, or the organisation's default at the organisation's version (none while the
    /// built-in defaults apply).
    pub(crate) async fn matrix_for(
        &self,
        system: Option<&SystemId>,
    ) -> Result<MatrixUsed, AppError> {
        let org = self.organisation_versioned().await?;
        let org_version = (org.version > 0).then_some(org.version);
        let current = match system {
            Some(id) => {
                self.store()
                    .current(&RegisterKey::System(id.clone()))
                    .await?
            }
            None => None,
        };
        Ok(match current {
            Some(v) => match v.document {
                RegisterDocument::System(s) => {
                    s.matrix_in_use_at(&org.document.default_matrix, Some(v.version), org_version)
                }
                other => {
                    return Err(AppError::Internal(format!(
                        "a system's key holds {:?}",
                        other.key()
                    )));
                }
            },
            None => MatrixUsed {
                source: MatrixSource::OrganisationDefault,
                version: org_version,
                matrix: org.document.default_matrix,
            },
        })
    }
}
