//! The impact matrix: number of affected users (rows, in configurable bands) × severity
//! (columns) → colour. Green: normal incident process; yellow: call the MIM contact person;
//! red: start MIM.

mod bands;
mod colour;
mod matrix;
mod severity;

pub use bands::{AffectedUsers, UserBands};
pub use colour::Colour;
pub use matrix::{ImpactMatrix, MatrixError, MatrixSource, MatrixUsed};
pub use severity::Severity;
