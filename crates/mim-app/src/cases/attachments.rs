//! Files kept with a case — the vendor's incident report, say — for messages to carry.
//! Whoever may add to a case may add a file to it; whoever may read the case may download its
//! files (a vendor only those of its own systems' cases). A file belongs to its case and is
//! never changed; its upload is on the case's timeline (`attachment_added`). A message carries
//! the files it names, and only those, so a later update never re-sends what an earlier one
//! sent unless its sender names it again.

use super::attach_evidence::CASE_WORKERS;
use crate::{App, AppError, Principal};
use mim_domain::CaseId;
use mim_domain::case::Actor;
use mim_domain::communication::{AttachmentRef, FileName, MediaType};
use mim_store::{NewAttachment, StoreError, StoredAttachment};

/// The largest file a case keeps: 32 MiB. Vendors' reports with screenshots run to tens of
/// megabytes (case C33's is 30 MB); a larger file belongs in a document store, linked from
/// the case. E-mail attaches files only up to the channel's `max_attachment_bytes` anyway.
pub const MAX_ATTACHMENT_BYTES: usize = 32 * 1024 * 1024;

/// A file as uploaded, before it is checked.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    /// The request's `Content-Type`.
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl App {
    /// Stores a file with the case; answers its number and what was stored. Nothing is
    /// written when the name, the type or the size is refused.
    pub async fn add_attachment(
        &self,
        who: &Principal,
        id: &CaseId,
        upload: Upload,
    ) -> Result<StoredAttachment, AppError> {
        let role = who.require(CASE_WORKERS, "adding files to a case")?;
        self.visible_case(who, id).await?;
        let file_name =
            FileName::new(&upload.file_name).map_err(|e| AppError::invalid("file_name", e))?;
        let content_type = MediaType::new(upload.content_type.as_deref().unwrap_or_default())
            .map_err(|e| AppError::invalid("Content-Type", e))?;
        if upload.bytes.is_empty() {
            return Err(AppError::invalid("body", "the file is empty"));
        }
        if upload.bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(AppError::TooLarge {
                limit: MAX_ATTACHMENT_BYTES as u64,
            });
        }
        let stored = self
            .store()
            .add_attachment(
                id,
                NewAttachment {
                    file_name,
                    content_type,
                    bytes: upload.bytes,
                    uploaded_by: who.id().clone(),
                    uploaded_at: self.now(),
                    actor: Actor::Person {
                        user: who.id().clone(),
                        name: who.user.name.clone(),
                        role,
                    },
                },
            )
            .await
            .map_err(|e| match e {
                StoreError::NotFound => AppError::NotFound(format!("case {id}")),
                e => e.into(),
            })?;
        Ok(stored)
    }

    /// A file of the case with its bytes, for whoever may read the case.
    pub async fn attachment_file(
        &self,
        who: &Principal,
        id: &CaseId,
        number: u32,
    ) -> Result<(StoredAttachment, Vec<u8>), AppError> {
        self.visible_case(who, id).await?;
        let missing = || AppError::NotFound(format!("file {number} of case {id}"));
        let stored = self
            .store()
            .attachment(id, number)
            .await?
            .ok_or_else(missing)?;
        let bytes = self
            .store()
            .attachment_bytes(id, number)
            .await?
            .ok_or_else(missing)?;
        Ok((stored, bytes))
    }

    /// The files a message names, each once, in the order named: each must be a file of
    /// this case (another case's number names nothing here).
    pub(crate) async fn files_named(
        &self,
        id: &CaseId,
        numbers: &[u32],
    ) -> Result<Vec<AttachmentRef>, AppError> {
        let mut out: Vec<AttachmentRef> = Vec::with_capacity(numbers.len());
        for (i, n) in numbers.iter().enumerate() {
            if out.iter().any(|a| a.id == *n) {
                return Err(AppError::invalid(
                    format!("attachments[{i}]"),
                    format!("file {n} is named twice"),
                ));
            }
            let stored = self.store().attachment(id, *n).await?.ok_or_else(|| {
                AppError::invalid(
                    format!("attachments[{i}]"),
                    format!(
                        "case {id} has no file {n}: upload it with POST /api/cases/{id}/attachments"
                    ),
                )
            })?;
            out.push(stored.reference);
        }
        Ok(out)
    }
}
