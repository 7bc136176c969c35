//! A source's severity words mapped onto the four severity levels of the process, with
//! "unclassified" for everything the organisation has not mapped. Unclassified never yields a
//! matrix colour by itself: such a case needs a person's triage.

use crate::impact::Severity;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a source's severity word means for mim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum SeverityClass {
    /// One of the four levels of the process.
    Level(Severity),
    /// Not mapped (an unknown word, "not classified", or no severity at all).
    Unclassified,
}

impl SeverityClass {
    /// The level, when there is one.
    pub fn level(self) -> Option<Severity> {
        match self {
            SeverityClass::Level(s) => Some(s),
            SeverityClass::Unclassified => None,
        }
    }

    /// `unclassified` or the level's code (`minor` … `prevents_work`).
    pub fn code(self) -> &'static str {
        match self {
            SeverityClass::Level(s) => s.code(),
            SeverityClass::Unclassified => "unclassified",
        }
    }

    /// Whether `self` is a higher level than `other` (anything classified ranks above
    /// unclassified).
    pub fn is_above(self, other: SeverityClass) -> bool {
        self.level() > other.level()
    }
}

impl fmt::Display for SeverityClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SeverityClass {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim() == "unclassified" {
            return Ok(SeverityClass::Unclassified);
        }
        s.parse::<Severity>()
            .map(SeverityClass::Level)
            .map_err(|_| format!("\"{s}\" is not a severity class (minor, inconvenient, disrupts_work, prevents_work, unclassified)"))
    }
}

impl TryFrom<String> for SeverityClass {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<SeverityClass> for String {
    fn from(c: SeverityClass) -> String {
        c.code().to_owned()
    }
}

/// One rule of a mapping: a source's word and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityRule {
    pub word: String,
    pub class: SeverityClass,
}

/// A source's severity words, in order: the first rule whose word equals the sender's word
/// (case-insensitive, after trimming) decides; no match, or no word at all, is unclassified.
/// The default mapping is empty: everything is unclassified until the organisation maps it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "RawMapping", into = "RawMapping")]
pub struct SeverityMapping {
    /// Rules with their words normalised (trimmed, lower-case).
    rules: Vec<SeverityRule>,
}

#[derive(Serialize, Deserialize)]
struct RawMapping {
    rules: Vec<SeverityRule>,
}

impl TryFrom<RawMapping> for SeverityMapping {
    type Error = String;
    fn try_from(raw: RawMapping) -> Result<Self, Self::Error> {
        SeverityMapping::new(raw.rules)
    }
}

impl From<SeverityMapping> for RawMapping {
    fn from(m: SeverityMapping) -> RawMapping {
        RawMapping { rules: m.rules }
    }
}

fn normalise(word: &str) -> String {
    word.trim().to_lowercase()
}

impl SeverityMapping {
    /// Checks and normalises the rules: every word has text; the order is kept.
    pub fn new(rules: Vec<SeverityRule>) -> Result<Self, String> {
        let mut out = Vec::with_capacity(rules.len());
        for (i, r) in rules.into_iter().enumerate() {
            let word = normalise(&r.word);
            if word.is_empty() {
                return Err(format!("severity rule {}: the word is empty", i + 1));
            }
            out.push(SeverityRule {
                word,
                class: r.class,
            });
        }
        Ok(SeverityMapping { rules: out })
    }

    pub fn rules(&self) -> &[SeverityRule] {
        &self.rules
    }

    /// What the sender's word means; `None` (no severity at all) is unclassified.
    pub fn classify(&self, word: Option<&str>) -> SeverityClass {
        let Some(word) = word else {
            return SeverityClass::Unclassified;
        };
        let word = normalise(word);
        self.rules
            .iter()
            .find(|r| r.word == word)
            .map_or(SeverityClass::Unclassified, |r| r.class)
    }

    /// CASES.md's "Severity mapping M", a fixture for the tests (not a claim about any
    /// vendor): low / medium / high / critical are the four levels in order.
    pub fn fixture_m() -> Self {
        use Severity::*;
        let table: [(&[&str], SeverityClass); 5] = [
            (
                &["critical", "crit", "disaster", "sev0", "5"],
                SeverityClass::Level(PreventsWork),
            ),
            (
                &["high", "error", "major", "sev1", "4"],
                SeverityClass::Level(DisruptsWork),
            ),
            (
                &["warning", "average", "minor", "sev2", "3", "2"],
                SeverityClass::Level(Inconvenient),
            ),
            (
                &["info", "information", "low", "sev3", "sev4", "1"],
                SeverityClass::Level(Minor),
            ),
            (
                &["unclassified", "not classified", "0"],
                SeverityClass::Unclassified,
            ),
        ];
        SeverityMapping {
            rules: table
                .iter()
                .flat_map(|(words, class)| {
                    words.iter().map(|w| SeverityRule {
                        word: (*w).to_owned(),
                        class: *class,
                    })
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_and_normalisation() {
        let m: SeverityMapping = serde_json::from_str(
            r#"{"rules":[{"word":"  KRIITTINEN ","class":"prevents_work"},{"word":"x","class":"unclassified"}]}"#,
        )
        .unwrap();
        assert_eq!(m.rules()[0].word, "kriittinen");
        assert_eq!(
            m.classify(Some("Kriittinen")),
            SeverityClass::Level(Severity::PreventsWork)
        );
        let back = serde_json::to_value(&m).unwrap();
        assert_eq!(back["rules"][1]["class"], "unclassified");
        assert!(
            serde_json::from_str::<SeverityMapping>(r#"{"rules":[{"word":" ","class":"minor"}]}"#)
                .is_err()
        );
        assert!(
            serde_json::from_str::<SeverityMapping>(r#"{"rules":[{"word":"a","class":"huge"}]}"#)
                .is_err()
        );
    }

    #[test]
    fn default_is_all_unclassified() {
        let m = SeverityMapping::default();
        assert_eq!(m.classify(Some("critical")), SeverityClass::Unclassified);
    }
}
