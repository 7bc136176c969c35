//! The four severity levels of the process, in order.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// vähäinen: work goes on normally.
    Minor,
    /// haittaava: work goes on with extra effort.
    Inconvenient,
    /// työtä häiritsevä: a significant part of work is slowed or needs a workaround.
    DisruptsWork,
    /// työn estävä: no workaround.
    PreventsWork,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Minor,
        Severity::Inconvenient,
        Severity::DisruptsWork,
        Severity::PreventsWork,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn code(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Inconvenient => "inconvenient",
            Severity::DisruptsWork => "disrupts_work",
            Severity::PreventsWork => "prevents_work",
        }
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.code() == s.trim())
            .ok_or_else(|| {
                format!(
                    "\"{s}\" is not a severity (minor, inconvenient, disrupts_work, prevents_work)"
                )
            })
    }
}
