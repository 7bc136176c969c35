//! Text with rules: trimmed, non-empty, bounded. Any Unicode is allowed (ä, ö, å, emoji,
//! right-to-left); escaping is the renderer's job, never the store's.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A non-empty, trimmed text of at most `MAX` characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text<const MAX: usize>(String);

/// A short line: titles, names, reasons.
pub type Line = Text<300>;
/// A longer passage: notes, messages, reports.
pub type Passage = Text<20_000>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("must not be empty")]
    Empty,
    #[error("is {len} characters long; at most {max} are allowed")]
    TooLong { len: usize, max: usize },
    #[error("contains a control character")]
    Control,
}

impl<const MAX: usize> Text<MAX> {
    pub fn new(s: impl AsRef<str>) -> Result<Self, TextError> {
        let t = s.as_ref().trim();
        if t.is_empty() {
            return Err(TextError::Empty);
        }
        let len = t.chars().count();
        if len > MAX {
            return Err(TextError::TooLong { len, max: MAX });
        }
        // Newlines and tabs are fine in passages; other control characters only hide things.
        if t.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(TextError::Control);
        }
        Ok(Text(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first `n` characters, for titles derived from a report.
    pub fn truncated<const N: usize>(&self) -> Text<N> {
        let mut s: String = self.0.chars().take(N).collect();
        if s.trim().is_empty() {
            s = "?".into();
        }
        Text(s.trim().to_owned())
    }
}

impl<const MAX: usize> TryFrom<String> for Text<MAX> {
    type Error = TextError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Text::new(s)
    }
}

impl<const MAX: usize> From<Text<MAX>> for String {
    fn from(t: Text<MAX>) -> String {
        t.0
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_refuses_empty_long_and_control() {
        assert_eq!(
            Line::new("  Wilma ei toimi  ").unwrap().as_str(),
            "Wilma ei toimi"
        );
        assert_eq!(Line::new("   "), Err(TextError::Empty));
        assert!(matches!(
            Line::new("a".repeat(301)),
            Err(TextError::TooLong { len: 301, max: 300 })
        ));
        assert_eq!(Line::new("a\u{0}b"), Err(TextError::Control));
        assert!(Passage::new("rivi 1\nrivi 2 🙂 مرحبا").is_ok());
    }
}
