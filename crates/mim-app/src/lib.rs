//! The use-case layer of mim: one module per use case, called the same way by every front door
//! (JSON API, console, CLI, webhooks, workers). It loads a case's events through the storage
//! port, asks the domain's `decide`, and appends the result with the version the caller based
//! the command on. Authentication and authorisation live here: a front door obtains a
//! `Principal` from a session or token and every use case checks what that principal may see
//! and do. It must not know HTTP, SQL or the wall clock (time comes from the injected `Clock`).

pub mod cases;
pub mod clock;
pub mod demo;
pub mod demo_data;
mod error;
pub mod identity;
pub mod intake;
pub mod outbox;
pub mod plan;
pub mod readiness;
pub mod register;
pub mod sheets;

pub use error::{AppError, SheetProblem};
pub use identity::Principal;

use mim_domain::Clock;
use mim_store::Store;
use std::sync::Arc;

/// Settings the use cases need; the binary reads them from its configuration.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// How long a login session lasts without renewal.
    pub session_ttl: chrono::Duration,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            session_ttl: chrono::Duration::hours(8),
        }
    }
}

/// The application: the storage port, the clock and settings, shared by every front door.
#[derive(Clone)]
pub struct App {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: AppSettings,
    throttle: Arc<identity::LoginThrottle>,
    intake: Arc<tokio::sync::OnceCell<intake::Writer>>,
    intake_stats: Arc<intake::WriterStats>,
    sources: Arc<intake::SourceCache>,
    /// The correlation worker's folded cases; one step (or settling) at a time.
    correlator: Arc<tokio::sync::Mutex<intake::HeldCases>>,
    /// The register as last read for routing deliveries as they arrive.
    routes: Arc<intake::RouteCache>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: AppSettings) -> Self {
        App {
            store,
            clock,
            settings,
            throttle: Arc::default(),
            intake: Arc::default(),
            intake_stats: Arc::default(),
            sources: Arc::default(),
            correlator: Arc::default(),
            routes: Arc::default(),
        }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }
}
