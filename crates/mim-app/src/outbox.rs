//! Delivering the outbox. A round claims the messages that are due (each for one attempt,
//! under a lease), hands them to the channels concurrently, and records every outcome on the
//! message's case — sent, failed with the time of the next try, or given up — where the
//! store moves the outbox on in the same transaction. A message that fails never holds up the
//! others; a permanent refusal is given up at once rather than sent identically again; and a
//! message whose sender was cut off mid-send (a crash) comes back when its lease runs out,
//! under the same message id and marked as a possible duplicate.
//!
//! A message names the case's files it carries; the dispatcher reads them (once per round
//! however many copies carry them) and hands them to the channel with their download links.
//! A message refused as too large while it carried files (SMTP 552, case C33) is not tried
//! again as it was: the refusal is recorded as a failure, and the message goes once more at
//! once, in the same round, with the links instead of the files.

use crate::{App, AppError};
use async_trait::async_trait;
use chrono::Duration;
use mim_domain::CaseId;
use mim_domain::case::{Actor, CaseEvent, NewEvent};
use mim_domain::communication::{AttachmentRef, OutboxMessage, RetryPolicy};
use mim_domain::register::Channel;
use mim_store::ClaimedMessage;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use tokio::task::{JoinError, JoinSet};

/// Why a channel did not take a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// The same message would be refused again (a rejected address, too large): no retry.
    pub permanent: bool,
    pub reason: String,
    /// How long the receiver asked to be left alone (`Retry-After`): the next attempt comes no
    /// sooner, even when the backoff would try earlier.
    pub retry_after: Option<Duration>,
    /// Refused for its size (SMTP 552, HTTP 413): with files attached, a message without them
    /// may pass.
    pub too_large: bool,
}

impl SendFailure {
    /// Worth trying again later.
    pub fn transient(reason: impl Into<String>) -> Self {
        SendFailure {
            permanent: false,
            reason: reason.into(),
            retry_after: None,
            too_large: false,
        }
    }

    /// The same message would be refused again.
    pub fn permanent(reason: impl Into<String>) -> Self {
        SendFailure {
            permanent: true,
            ..SendFailure::transient(reason)
        }
    }
}

/// A file a message carries, as the dispatcher hands it to the channel.
#[derive(Clone, PartialEq, Eq)]
pub struct MessageFile {
    pub reference: AttachmentRef,
    /// The bytes to attach; `None`: send the link only (the channel carries no files, or an
    /// earlier attempt with the files was refused as too large).
    pub bytes: Option<Arc<[u8]>>,
    /// Where a reader of the case downloads it (`GET /api/cases/{id}/attachments/{n}`), when
    /// mim knows its own address.
    pub link: Option<String>,
}

// The bytes are left out: a log line must not carry a whole PDF.
impl std::fmt::Debug for MessageFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageFile")
            .field("reference", &self.reference)
            .field("bytes", &self.bytes.as_ref().map(|b| b.len()))
            .field("link", &self.link)
            .finish()
    }
}

/// The download address of a case's file under mim's public address.
pub fn attachment_link(public_url: &str, case: &CaseId, id: u32) -> String {
    format!(
        "{}/api/cases/{case}/attachments/{id}",
        public_url.trim_end_matches('/')
    )
}

/// Files read for the sends of one round, by case and number: a file going to a thousand
/// recipients is read once.
type FileCache = Arc<tokio::sync::Mutex<BTreeMap<(CaseId, u32), Arc<[u8]>>>>;

/// A send that has finished: the message and what its channel answered.
type Finished = (ClaimedMessage, Result<String, SendFailure>);

/// The channels, as the dispatcher sees them: the binary plugs the real ones in.
#[async_trait]
pub trait MessageSender: Send + Sync {
    /// Sends one message with the files it carries; `Ok` carries what the channel answered
    /// (kept on the timeline).
    async fn send(
        &self,
        message: &ClaimedMessage,
        files: &[MessageFile],
    ) -> Result<String, SendFailure>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchSettings {
    /// How long a claimed message is left to its sender before it is handed out again.
    /// Longer than the slowest channel's timeout, so a slow send is not doubled.
    pub lease: Duration,
    /// Messages claimed per round.
    pub batch: u32,
    /// Messages in flight at once.
    pub concurrency: usize,
    pub retry: RetryPolicy,
    /// mim's address as recipients reach it (`https://mim.kunta.example`), for the download
    /// links of files; none: files that cannot be attached are named without a link.
    pub public_url: Option<String>,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            lease: Duration::minutes(2),
            batch: 50,
            concurrency: 8,
            retry: RetryPolicy::default(),
            public_url: None,
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DispatchRound {
    pub sent: u32,
    pub failed: u32,
    pub given_up: u32,
}

impl DispatchRound {
    pub fn attempted(&self) -> u32 {
        self.sent + self.failed + self.given_up
    }
}

impl App {
    /// Queues messages on a case as evidence (no version needed): the outbox has them once
    /// this returns.
    pub async fn queue_messages(
        &self,
        case: &CaseId,
        actor: Actor,
        messages: Vec<OutboxMessage>,
    ) -> Result<(), AppError> {
        let now = self.now();
        let events = messages
            .into_iter()
            .map(|message| NewEvent {
                occurred_at: now,
                recorded_at: now,
                actor: actor.clone(),
                event: CaseEvent::MessageQueued { message },
            })
            .collect();
        self.store().append(case, None, events, None).await?;
        Ok(())
    }

    /// One round of delivery: everything due now, at most `concurrency` sends at a time.
    ///
    /// Claims are taken `batch` at a time, and only when every claimed message is already in
    /// flight, so a crash leaves at most about `batch + concurrency` messages claimed without
    /// an outcome: those are all that can come back marked as possible duplicates, and only
    /// those the channel had already taken (at most `concurrency` plus the outcomes awaiting
    /// their write) reach a recipient twice. Outcomes are recorded as sends finish, all those
    /// finished together in one append per case, while the next sends are already under way:
    /// one commit (one disk flush) per group rather than per message is what lets a fan-out
    /// to thousands keep up with the channel.
    pub async fn dispatch_due(
        &self,
        sender: std::sync::Arc<dyn MessageSender>,
        settings: &DispatchSettings,
    ) -> Result<DispatchRound, AppError> {
        let concurrency = settings.concurrency.max(1);
        let mut round = DispatchRound::default();
        let mut pending: VecDeque<ClaimedMessage> = VecDeque::new();
        let mut running = JoinSet::new();
        let mut finished = vec![];
        let mut drained = false;
        let files: FileCache = Arc::default();
        loop {
            if !drained && pending.is_empty() && running.len() < concurrency {
                let now = self.now();
                let claimed = self
                    .store()
                    .claim_due(now, now + settings.lease, settings.batch.max(1))
                    .await?;
                drained = claimed.len() < settings.batch.max(1) as usize;
                pending.extend(claimed);
            }
            while running.len() < concurrency {
                let Some(m) = pending.pop_front() else { break };
                let sender = sender.clone();
                let app = self.clone();
                let files = files.clone();
                let public_url = settings.public_url.clone();
                running.spawn(async move {
                    let outcome = match app.files_of(&m, public_url.as_deref(), &files).await {
                        Ok(files) => {
                            // Links instead of files can only help when files went.
                            let carried = files.iter().any(|f| f.bytes.is_some());
                            sender.send(&m, &files).await.map_err(|f| SendFailure {
                                too_large: f.too_large && carried,
                                ..f
                            })
                        }
                        Err(reason) => Err(SendFailure::transient(reason)),
                    };
                    (m, outcome)
                });
            }
            if !finished.is_empty() {
                let resend_now = self
                    .record(std::mem::take(&mut finished), &settings.retry, &mut round)
                    .await?;
                // A message refused as too large goes again at once, with links: in this round.
                drained &= !resend_now;
            }
            let Some(done) = running.join_next().await else {
                if drained {
                    break;
                }
                continue;
            };
            finished.push(done);
            while let Some(done) = running.try_join_next() {
                finished.push(done);
            }
        }
        Ok(round)
    }

    /// The files message `m` carries: the bytes for e-mail (the one channel mim attaches
    /// files on) unless an earlier attempt with them was refused as too large, and each
    /// file's download link. A file that cannot be read fails this attempt for now.
    async fn files_of(
        &self,
        m: &ClaimedMessage,
        public_url: Option<&str>,
        cache: &FileCache,
    ) -> Result<Vec<MessageFile>, String> {
        let attach = !m.files_as_links && m.message.channel == Channel::Email;
        let mut out = Vec::with_capacity(m.message.attachments.len());
        for a in &m.message.attachments {
            let bytes = if attach {
                let mut cache = cache.lock().await;
                let key = (m.case_id.clone(), a.id);
                match cache.get(&key) {
                    Some(b) => Some(b.clone()),
                    None => {
                        let read = self
                            .store()
                            .attachment_bytes(&m.case_id, a.id)
                            .await
                            .map_err(|e| format!("file {} of {}: {e}", a.id, m.case_id))?
                            .ok_or_else(|| format!("file {} of {} is missing", a.id, m.case_id))?;
                        let b: Arc<[u8]> = read.into();
                        cache.insert(key, b.clone());
                        Some(b)
                    }
                }
            } else {
                None
            };
            out.push(MessageFile {
                reference: a.clone(),
                bytes,
                link: public_url.map(|u| attachment_link(u, &m.case_id, a.id)),
            });
        }
        Ok(out)
    }

    /// Records finished sends, one append per case: one case's trouble must not lose another
    /// case's outcomes. Answers whether a message was put back to go again at once.
    async fn record(
        &self,
        finished: Vec<Result<Finished, JoinError>>,
        retry: &RetryPolicy,
        round: &mut DispatchRound,
    ) -> Result<bool, AppError> {
        let mut by_case: BTreeMap<CaseId, Vec<NewEvent>> = BTreeMap::new();
        let mut resend_now = false;
        let mut failed_task = None;
        for done in finished {
            let (m, outcome) = match done {
                Ok(done) => done,
                // Its message stays claimed and comes back when the lease runs out.
                Err(e) => {
                    failed_task.get_or_insert(e);
                    continue;
                }
            };
            let event = self.outcome(&m, outcome, retry, round);
            resend_now |= matches!(
                event,
                CaseEvent::MessageFailed {
                    files_as_links: true,
                    ..
                }
            );
            by_case.entry(m.case_id).or_default().push(NewEvent {
                occurred_at: self.now(),
                recorded_at: self.now(),
                actor: Actor::Mim,
                event,
            });
        }
        let mut first_error = None;
        for (case, events) in by_case {
            if let Err(e) = self.store().append(&case, None, events, None).await {
                first_error.get_or_insert(AppError::from(e));
            }
        }
        if let Some(e) = failed_task {
            return Err(AppError::Internal(format!("a send task failed: {e}")));
        }
        first_error.map_or(Ok(resend_now), Err)
    }

    fn outcome(
        &self,
        m: &ClaimedMessage,
        outcome: Result<String, SendFailure>,
        retry: &RetryPolicy,
        round: &mut DispatchRound,
    ) -> CaseEvent {
        let message_id = m.message.message_id.clone();
        match outcome {
            Ok(detail) => {
                round.sent += 1;
                CaseEvent::MessageSent {
                    message_id,
                    attempt: m.attempt,
                    detail,
                    possible_duplicate: m.possible_duplicate,
                }
            }
            // Not the same bytes again (C33): once more at once, with the files as links.
            Err(f) if f.too_large && !m.message.attachments.is_empty() && !m.files_as_links => {
                round.failed += 1;
                CaseEvent::MessageFailed {
                    message_id,
                    attempt: m.attempt,
                    reason: f.reason,
                    retry_at: self.now(),
                    files_as_links: true,
                }
            }
            Err(f) => match (f.permanent, retry.retry_at(m.attempt, self.now())) {
                (false, Some(backoff)) => {
                    let asked = f.retry_after.map(|d| self.now() + d);
                    let retry_at = asked.map_or(backoff, |a| a.max(backoff));
                    round.failed += 1;
                    CaseEvent::MessageFailed {
                        message_id,
                        attempt: m.attempt,
                        reason: f.reason,
                        retry_at,
                        files_as_links: false,
                    }
                }
                (permanent, _) => {
                    round.given_up += 1;
                    CaseEvent::MessageGivenUp {
                        message_id,
                        attempt: m.attempt,
                        reason: f.reason,
                        permanent,
                    }
                }
            },
        }
    }
}
