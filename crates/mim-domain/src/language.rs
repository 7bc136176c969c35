//! The three interface and publication languages.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Fi,
    Sv,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Fi, Language::Sv, Language::En];

    pub fn code(self) -> &'static str {
        match self {
            Language::Fi => "fi",
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fi" => Ok(Language::Fi),
            "sv" => Ok(Language::Sv),
            "en" => Ok(Language::En),
            other => Err(format!("\"{other}\" is not a language (fi, sv or en)")),
        }
    }
}
