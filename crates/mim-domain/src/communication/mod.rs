//! Communication points: how often a case at each colour must say something, when the
//! person responsible is reminded, and when a missed point shows as overdue.

mod cadence;

pub use cadence::{Cadence, CadenceError, DueState};
