//! The pure domain of mim: the impact matrix (user bands × severity → colour), the register
//! of critical systems, and a major-incident case as a transition function over typed stages,
//! commands and events (`case::decide` and `Case::apply`), with the timeline and the MIM form
//! read from those events.
//!
//! This crate owns the rules of `PROCESS.md` and nothing else: no IO, no database, no HTTP, no
//! reading of the wall clock. Time arrives as a parameter (`now`), and values with rules are
//! newtypes whose only constructor checks them, so the layers above can't build an invalid
//! one. `serde` is used only to give events and register documents a stable JSON shape — the
//! event log's persisted contract — never to carry web or database concerns.

pub mod case;
pub mod clock;
pub mod communication;
pub mod detection;
pub mod ids;
pub mod impact;
pub mod language;
pub mod readiness;
pub mod register;
pub mod role;
pub mod text;

pub use clock::Clock;
pub use ids::{CaseId, SystemId, UserId, VendorId};
pub use language::Language;
pub use role::Role;
