//! Routing a delivery as it arrives, so the correlation worker can order its work (see
//! `lookahead.rs`) from the inbox's routes alone instead of reading every batch twice — in a
//! storm, reading batches ahead was what kept a quiet system's report waiting. The route is a
//! hint: it names the register it was made with (a digest of the critical systems), and a
//! worker routing with another register routes the delivery again from its batch. The
//! systems read for routing are read again after this instance writes the register, and at
//! least every second.

use super::lookahead::lanes;
use crate::App;
use chrono::{DateTime, Duration, Utc};
use mim_domain::detection::Batch;
use mim_domain::register::CriticalSystem;
use mim_store::RouteHint;
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

/// How long the systems read for routing are used before they are read again: a register
/// change routes deliveries with the old register for at most this long (their hints then
/// name the old digest, and the worker routes them again).
const FRESH_FOR: Duration = Duration::seconds(1);

/// When the systems were read, the systems, and their digest.
type Read = (DateTime<Utc>, Arc<Vec<CriticalSystem>>, u64);

/// The critical systems as last read for routing, with their digest.
#[derive(Default)]
pub struct RouteCache {
    held: Mutex<Option<Read>>,
}

/// A digest of the register's critical systems: equal for equal registers.
pub(super) fn digest(systems: &[CriticalSystem]) -> u64 {
    let text = serde_json::to_vec(systems).unwrap_or_default();
    let hash = Sha256::digest(&text);
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash[..8]);
    u64::from_be_bytes(first)
}

impl App {
    /// Reads the register again for the next delivery's route: called after this instance
    /// wrote it (another instance's writes are seen within `FRESH_FOR`).
    pub(crate) fn register_changed(&self) {
        if let Ok(mut held) = self.routes.held.lock() {
            *held = None;
        }
    }

    /// Where `batch`'s signals go, with the register used; `None` when the register can't be
    /// read now (the worker then routes from the batch).
    pub(super) async fn route_hint(&self, batch: &Batch) -> Option<RouteHint> {
        let now = self.now();
        let cached = self
            .routes
            .held
            .lock()
            .ok()?
            .as_ref()
            .filter(|(read, _, _)| now - *read < FRESH_FOR && now >= *read)
            .map(|(_, systems, register)| (systems.clone(), *register));
        let (systems, register) = match cached {
            Some(c) => c,
            None => {
                let systems = Arc::new(self.store().systems().await.ok()?);
                let register = digest(&systems);
                if let Ok(mut held) = self.routes.held.lock() {
                    *held = Some((now, systems.clone(), register));
                }
                (systems, register)
            }
        };
        Some(RouteHint {
            lanes: lanes(&systems, batch),
            register,
        })
    }
}
