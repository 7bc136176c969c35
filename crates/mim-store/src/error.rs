//! The one error type of the storage port.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The expected version was stale, or a unique key is taken. Nothing was written.
    #[error("conflict: {message}")]
    Conflict {
        current_version: Option<u64>,
        message: String,
    },
    /// Anything else (IO, a corrupt row): the adapter logs the cause; callers answer 500.
    #[error("storage failed: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn other(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        StoreError::Other(Box::new(e))
    }
}
