//! Group commit: deliveries from many concurrent requests queue on a channel; one task takes
//! whatever has queued, commits it in one durable transaction and answers each request. Under
//! load one fsync serves many senders; alone, a delivery waits for nobody.

use crate::AppError;
use chrono::Duration;
use mim_store::{Accepted, NewDelivery, Store};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Deliveries committed together at most.
pub const MAX_GROUP: usize = 512;
/// Requests that may wait for the writer before senders are pushed back.
const QUEUE: usize = 8192;

type Reply = oneshot::Sender<Result<Accepted, String>>;

#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<(NewDelivery, Reply)>,
}

/// What the writer reports of one group, for the benchmark's group-commit factor, and the
/// signal that wakes the correlation worker when something was committed.
#[derive(Debug, Default)]
pub struct WriterStats {
    pub groups: std::sync::atomic::AtomicU64,
    pub deliveries: std::sync::atomic::AtomicU64,
    pub committed: tokio::sync::Notify,
}

impl Writer {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(store: Arc<dyn Store>, dedup_window: Duration, stats: Arc<WriterStats>) -> Writer {
        let (tx, mut rx) = mpsc::channel::<(NewDelivery, Reply)>(QUEUE);
        tokio::spawn(async move {
            let mut group: Vec<(NewDelivery, Reply)> = Vec::with_capacity(MAX_GROUP);
            while let Some(first) = rx.recv().await {
                group.push(first);
                while group.len() < MAX_GROUP {
                    match rx.try_recv() {
                        Ok(next) => group.push(next),
                        Err(_) => break,
                    }
                }
                let (deliveries, replies): (Vec<_>, Vec<_>) = group.drain(..).unzip();
                let result = store.accept(&deliveries, dedup_window).await;
                use std::sync::atomic::Ordering::Relaxed;
                stats.groups.fetch_add(1, Relaxed);
                stats.deliveries.fetch_add(deliveries.len() as u64, Relaxed);
                if result.is_ok() {
                    stats.committed.notify_one();
                }
                match result {
                    Ok(accepted) => {
                        for (reply, a) in replies.into_iter().zip(accepted) {
                            let _ = reply.send(Ok(a));
                        }
                    }
                    Err(e) => {
                        // All or nothing: every sender of the group hears the failure.
                        tracing::error!(error = %e, "committing intake deliveries failed");
                        for reply in replies {
                            let _ = reply.send(Err(e.to_string()));
                        }
                    }
                }
            }
        });
        Writer { tx }
    }

    /// Commits one delivery (with whatever else is queued); returns once it is durable.
    pub async fn accept(&self, delivery: NewDelivery) -> Result<Accepted, AppError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((delivery, reply))
            .await
            .map_err(|_| AppError::Internal("the intake writer has stopped".into()))?;
        match answer.await {
            Ok(Ok(a)) => Ok(a),
            Ok(Err(e)) => Err(AppError::Internal(format!(
                "committing the delivery failed: {e}"
            ))),
            Err(_) => Err(AppError::Internal(
                "the intake writer dropped the delivery".into(),
            )),
        }
    }
}
