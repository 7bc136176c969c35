//! Files kept with a case and sent with its messages (the vendor's incident report, say).
//!
//! A file belongs to its case; a message names the files it carries, and only those: a later
//! message carries none of them unless it names them again. So an update never re-sends what
//! an earlier one already sent. The names and types are checked when the file is uploaded,
//! because they travel into e-mail headers, JSON and download answers.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The most bytes a file name may take (UTF-8). File systems allow 255; e-mail clients show
/// far less, and a name is not a place for a description.
pub const MAX_FILE_NAME_BYTES: usize = 200;

/// A file's name as it is shown and downloaded: one path component, printable, no
/// surrounding spaces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FileName(String);

impl FileName {
    pub fn new(raw: &str) -> Result<FileName, String> {
        if raw.is_empty() {
            return Err("a file name is needed".into());
        }
        if raw.trim() != raw {
            return Err("the file name starts or ends with a space".into());
        }
        if raw.len() > MAX_FILE_NAME_BYTES {
            return Err(format!(
                "the file name is {} bytes long; at most {MAX_FILE_NAME_BYTES}",
                raw.len()
            ));
        }
        if raw == "." || raw == ".." {
            return Err(format!("\"{raw}\" is not a file name"));
        }
        if let Some(c) = raw.chars().find(|c| matches!(c, '/' | '\\')) {
            // A name with a path in it would be saved elsewhere than the reader expects.
            return Err(format!(
                "the file name contains \"{c}\": give the name without a folder"
            ));
        }
        // Controls would break headers; direction controls make "exe.pdf" read as ".pdf" (C25).
        if let Some(c) = raw.chars().find(|c| {
            c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        }) {
            return Err(format!(
                "the file name contains the control character U+{:04X}",
                u32::from(c)
            ));
        }
        Ok(FileName(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FileName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        FileName::new(&s)
    }
}

impl From<FileName> for String {
    fn from(f: FileName) -> String {
        f.0
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A media type as `type/subtype` (RFC 6838 names), lower-cased, with no parameters: a file
/// is bytes, and a charset parameter would only be a claim about them that nobody checks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MediaType(String);

impl MediaType {
    /// Reads a `Content-Type` value; parameters after `;` are dropped.
    pub fn new(raw: &str) -> Result<MediaType, String> {
        let essence = raw.split(';').next().unwrap_or_default().trim();
        let Some((kind, sub)) = essence.split_once('/') else {
            return Err(format!(
                "\"{essence}\" is not a media type: expected type/subtype, e.g. application/pdf"
            ));
        };
        // RFC 6838 4.2: a letter or digit first, then these, at most 127 characters each.
        let name = |s: &str| {
            !s.is_empty()
                && s.len() <= 127
                && s.starts_with(|c: char| c.is_ascii_alphanumeric())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
        };
        if !name(kind) || !name(sub) {
            return Err(format!(
                "\"{essence}\" is not a media type: expected type/subtype, e.g. application/pdf"
            ));
        }
        Ok(MediaType(essence.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MediaType {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        MediaType::new(&s)
    }
}

impl From<MediaType> for String {
    fn from(m: MediaType) -> String {
        m.0
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file of a case as a message names it: its number on the case (1, 2, … in the order
/// uploaded), name, type and size. The bytes stay in the store; the dispatcher reads them
/// when it sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    pub id: u32,
    pub file_name: FileName,
    pub content_type: MediaType,
    pub size: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_one_printable_component() {
        assert!(FileName::new("häiriöraportti 2026-10-25.pdf").is_ok());
        for bad in [
            "",
            " a.pdf",
            "a.pdf ",
            "..",
            "../etc/passwd",
            "a\\b.pdf",
            "a\nb.pdf",
            "\u{202E}fdp.exe",
        ] {
            assert!(FileName::new(bad).is_err(), "{bad:?}");
        }
        assert!(FileName::new(&"a".repeat(MAX_FILE_NAME_BYTES + 1)).is_err());
    }

    #[test]
    fn media_types_keep_their_essence() {
        assert_eq!(
            MediaType::new("Application/PDF; charset=binary").map(|m| m.0),
            Ok("application/pdf".to_owned())
        );
        assert_eq!(
            MediaType::new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .map(|m| m.0.len()),
            Ok(65)
        );
        for bad in [
            "",
            "pdf",
            "application/",
            "/pdf",
            "text/plain\r\nX: y",
            "a b/c",
        ] {
            assert!(MediaType::new(bad).is_err(), "{bad:?}");
        }
    }
}
