//! Text with rules: trimmed, non-empty, bounded. Any Unicode is allowed (ä, ö, å, emoji,
//! right-to-left); escaping is the renderer's job, never the store's.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A non-empty, trimmed text of at most `MAX` characters; with `MULTILINE` false, one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text<const MAX: usize, const MULTILINE: bool = true>(String);

/// A single short line: titles, names, audiences.
pub type Line = Text<300, false>;
/// A longer passage, line breaks allowed: notes, messages, reports, reasons.
pub type Passage = Text<20_000, true>;
/// A narrative: the vendor's incident report and the summary a case is closed with. A
/// post-incident review runs to tens of thousands of characters (case C30: 40,000); the
/// limit keeps a request under the 1 MiB body limit whatever the script.
pub type Narrative = Text<100_000, true>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("must not be empty")]
    Empty,
    #[error("is {len} characters long; at most {max} are allowed")]
    TooLong { len: usize, max: usize },
    #[error("contains a control character")]
    Control,
    #[error("must be a single line")]
    LineBreak,
}

impl<const MAX: usize, const MULTILINE: bool> Text<MAX, MULTILINE> {
    pub fn new(s: impl AsRef<str>) -> Result<Self, TextError> {
        let t = s.as_ref().trim();
        if t.is_empty() {
            return Err(TextError::Empty);
        }
        let len = t.chars().count();
        if len > MAX {
            return Err(TextError::TooLong { len, max: MAX });
        }
        if !MULTILINE && t.contains(['\n', '\r']) {
            return Err(TextError::LineBreak);
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

    /// The first `N` characters on one line (whitespace runs folded to one space), for
    /// titles derived from a report.
    pub fn first_line<const N: usize>(&self) -> Text<N, false> {
        let folded = self.0.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut: String = folded.chars().take(N).collect();
        Text(if cut.trim().is_empty() {
            "?".into()
        } else {
            cut.trim().to_owned()
        })
    }
}

impl<const MAX: usize, const MULTILINE: bool> TryFrom<String> for Text<MAX, MULTILINE> {
    type Error = TextError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Text::new(s)
    }
}

impl<const MAX: usize, const MULTILINE: bool> From<Text<MAX, MULTILINE>> for String {
    fn from(t: Text<MAX, MULTILINE>) -> String {
        t.0
    }
}

impl<const MAX: usize, const MULTILINE: bool> fmt::Display for Text<MAX, MULTILINE> {
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
        assert_eq!(Line::new("rivi 1\nrivi 2"), Err(TextError::LineBreak));
        assert_eq!(Line::new("a\rb"), Err(TextError::LineBreak));
        let p = Passage::new("Wilma\r\n  ei   aukea").unwrap();
        assert_eq!(p.first_line::<80>().as_str(), "Wilma ei aukea");
    }
}
