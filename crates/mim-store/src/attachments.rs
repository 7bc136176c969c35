//! Files kept with a case (`POST /api/cases/{id}/attachments`), numbered per case in the
//! order uploaded and never changed: a message names them by number, and what it sent must
//! stay what the number names.

use crate::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mim_domain::case::Actor;
use mim_domain::communication::{AttachmentRef, FileName, MediaType};
use mim_domain::{CaseId, UserId};

/// A file about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub file_name: FileName,
    pub content_type: MediaType,
    pub bytes: Vec<u8>,
    pub uploaded_by: UserId,
    pub uploaded_at: DateTime<Utc>,
    /// Who the `attachment_added` event names.
    pub actor: Actor,
}

/// A stored file's description, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    pub reference: AttachmentRef,
    pub uploaded_by: UserId,
    pub uploaded_at: DateTime<Utc>,
}

#[async_trait]
pub trait AttachmentStore: Send + Sync {
    /// Stores a file with case `case`, numbered after the case's earlier files (1, 2, …),
    /// and appends its `attachment_added` event (evidence) in the same transaction; `NotFound`
    /// when there is no such case.
    async fn add_attachment(
        &self,
        case: &CaseId,
        file: NewAttachment,
    ) -> Result<StoredAttachment, StoreError>;

    /// The file numbered `id` of case `case`, without its bytes; none when that case has no
    /// such file (another case's file of the same number is not this one).
    async fn attachment(
        &self,
        case: &CaseId,
        id: u32,
    ) -> Result<Option<StoredAttachment>, StoreError>;

    /// The bytes of the file numbered `id` of case `case`.
    async fn attachment_bytes(&self, case: &CaseId, id: u32)
    -> Result<Option<Vec<u8>>, StoreError>;
}
