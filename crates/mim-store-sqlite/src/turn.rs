//! Whose turn it is to write. SQLite has one writer at a time; queueing writers here keeps
//! them out of SQLite's busy handler (which waits by sleeping, up to 100 ms a time), and lets
//! urgent writes go first: a sender waits for its report's commit, and a person for their
//! command, while the correlation worker's writes can wait — they are replayable from the
//! inbox. So that the worker still moves on under a flood, it waits for at most
//! `YIELD_TO_URGENT` urgent writes before taking its turn.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::SeqCst};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard};

/// Urgent writes a patient writer lets go first at most.
const YIELD_TO_URGENT: u64 = 8;

#[derive(Debug, Default)]
pub(crate) struct WriteTurns {
    lock: Arc<Mutex<()>>,
    urgent_waiting: AtomicUsize,
    urgent_done: AtomicU64,
    changed: Notify,
}

/// A writer's turn; the next writer's comes when it drops.
#[derive(Debug)]
pub(crate) struct Turn {
    _held: OwnedMutexGuard<()>,
    urgent: Option<Arc<WriteTurns>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(turns) = &self.urgent {
            turns.urgent_done.fetch_add(1, SeqCst);
            turns.changed.notify_waiters();
        }
    }
}

impl WriteTurns {
    /// A turn for a write someone is waiting for.
    pub(crate) async fn urgent(self: &Arc<Self>) -> Turn {
        self.urgent_waiting.fetch_add(1, SeqCst);
        let held = self.lock.clone().lock_owned().await;
        self.urgent_waiting.fetch_sub(1, SeqCst);
        Turn {
            _held: held,
            urgent: Some(self.clone()),
        }
    }

    /// A turn for a write that can wait: after the urgent writes waiting now (at most
    /// `YIELD_TO_URGENT` of them).
    pub(crate) async fn patient(self: &Arc<Self>) -> Turn {
        let start = self.urgent_done.load(SeqCst);
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let waiting = self.urgent_waiting.load(SeqCst);
            let let_go = self.urgent_done.load(SeqCst).saturating_sub(start);
            if waiting == 0 || let_go >= YIELD_TO_URGENT {
                break;
            }
            changed.await;
        }
        Turn {
            _held: self.lock.clone().lock_owned().await,
            urgent: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With an urgent writer queued, a patient one waits for it; alone, it goes at once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn urgent_writers_go_first_and_patient_ones_still_get_a_turn() {
        let turns = Arc::new(WriteTurns::default());
        let first = turns.urgent().await;
        let queued = tokio::spawn({
            let turns = turns.clone();
            async move {
                let _t = turns.urgent().await;
                turns.urgent_done.load(SeqCst)
            }
        });
        // Wait until the second urgent writer is queued (no sleeping: poll the counter).
        while turns.urgent_waiting.load(SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        let patient = tokio::spawn({
            let turns = turns.clone();
            async move {
                let _t = turns.patient().await;
                turns.urgent_done.load(SeqCst)
            }
        });
        drop(first);
        // The queued urgent writer went before the patient one: two urgent turns were done
        // when the patient one got its turn.
        assert_eq!(queued.await.expect("urgent"), 1);
        assert_eq!(patient.await.expect("patient"), 2);
        // Alone, a patient writer does not wait.
        let _t = turns.patient().await;
    }
}
