//! Why `decide` said no. Each variant maps to one HTTP status at the web boundary.

use super::{CommandKind, Stage};
use crate::Role;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The command is not a move of the case's current stage.
    #[error(
        "{command:?} is not allowed while the case is in stage {stage:?}; allowed now: {allowed:?}"
    )]
    NotAllowedNow {
        stage: Stage,
        command: CommandKind,
        allowed: Vec<CommandKind>,
    },
    /// The caller holds none of the roles the step needs.
    #[error("{command:?} needs one of the roles {needs:?}")]
    MissingRole {
        command: CommandKind,
        needs: Vec<Role>,
    },
    /// The step is reserved to people named on the case (the verifier, the MIM contact).
    #[error("{command:?} may be done only by {who}")]
    NotNamedPerson { command: CommandKind, who: String },
    /// A precondition of the process is not met (e.g. no verifier named yet).
    #[error("{message}")]
    Precondition { code: &'static str, message: String },
    /// A value is wrong for this case (e.g. a reason missing where the process needs one).
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}
