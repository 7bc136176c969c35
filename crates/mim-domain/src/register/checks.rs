//! Checking register documents field by field. A document is read leniently (old stored
//! versions must keep loading), then checked before it is written; every failure names the
//! field as a JSON path (`backup_arrangements[1].steps[0].what`), so an editor learns exactly
//! which value to fix.

use crate::text::Text;
use std::collections::BTreeSet;
use std::fmt;

/// A register value that breaks a rule: the field as a JSON path, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

pub(crate) type Checked = Result<(), FieldError>;

/// Ids of arrangements and steps: short, one line, so a case can name them.
const ID_MAX: usize = 64;
/// Names, labels, roles, references: one line (the same limit as `text::Line`).
const LINE_MAX: usize = 300;
/// Descriptions, notes, practices and ready announcements: a few paragraphs.
pub(crate) const NOTE_MAX: usize = 4000;

/// `prefix[i]`, or `name` under `prefix`: the JSON path of a nested field.
pub(crate) fn path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else if name.starts_with('[') {
        format!("{prefix}{name}")
    } else {
        format!("{prefix}.{name}")
    }
}

pub(crate) fn item(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

fn text<const MAX: usize, const MULTILINE: bool>(field: &str, value: &str) -> Checked {
    Text::<MAX, MULTILINE>::new(value)
        .map(drop)
        .map_err(|e| FieldError::new(field, e.to_string()))
}

pub(crate) fn id(field: &str, value: &str) -> Checked {
    text::<ID_MAX, false>(field, value)
}

pub(crate) fn line(field: &str, value: &str) -> Checked {
    text::<LINE_MAX, false>(field, value)
}

pub(crate) fn note(field: &str, value: &str) -> Checked {
    text::<NOTE_MAX, true>(field, value)
}

pub(crate) fn opt_line(field: &str, value: Option<&str>) -> Checked {
    value.map_or(Ok(()), |v| line(field, v))
}

pub(crate) fn opt_note(field: &str, value: Option<&str>) -> Checked {
    value.map_or(Ok(()), |v| note(field, v))
}

/// A value as it may be quoted back in a message: one line, at most 60 characters.
fn shown(value: &str) -> String {
    let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = folded.chars().take(60).collect();
    if cut.chars().count() < folded.chars().count() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The shape of an e-mail address, not its existence: `name@example.fi`. Letters outside
/// ASCII are allowed in the domain (`kunta.fi` and `kommun.fi` alike).
pub(crate) fn email(field: &str, value: &str) -> Checked {
    let v = value.trim();
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let ok = v.chars().count() <= 254
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        && match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.len() <= 64
                    && !local.starts_with('.')
                    && !local.ends_with('.')
                    && !local.contains("..")
                    && domain.contains('.')
                    && domain.split('.').all(label_ok)
            }
            None => false,
        };
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!(
                "\"{}\" is not an e-mail address (name@example.fi)",
                shown(v)
            ),
        ))
    }
}

/// The shape of a phone number as people write it: digits with spaces, `-`, `(`, `)` or `.`
/// between them and an optional leading `+`; 5–20 digits.
pub(crate) fn phone(field: &str, value: &str) -> Checked {
    let v = value.trim();
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let chars_ok = v.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.') || (c == '+' && i == 0)
    });
    if chars_ok && (5..=20).contains(&digits) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!(
                "\"{}\" is not a phone number (5–20 digits; spaces, '-', '(', ')' and a leading '+' allowed)",
                shown(v)
            ),
        ))
    }
}

/// A whole number of minutes in `1..=max`.
pub(crate) fn minutes(field: &str, value: Option<u32>, max: u32) -> Checked {
    match value {
        Some(0) => Err(FieldError::new(field, "must be at least 1 minute")),
        Some(m) if m > max => Err(FieldError::new(
            field,
            format!("{m} minutes is more than the {max} allowed"),
        )),
        _ => Ok(()),
    }
}

/// Every item of a list at most once; the message names the repeated one and where.
pub(crate) fn unique<T: Ord + fmt::Display>(
    field: &str,
    items: impl IntoIterator<Item = T>,
) -> Checked {
    let mut seen = BTreeSet::new();
    for (i, x) in items.into_iter().enumerate() {
        let text = x.to_string();
        if !seen.insert(x) {
            return Err(FieldError::new(
                item(field, i),
                format!("\"{}\" is listed twice", shown(&text)),
            ));
        }
    }
    Ok(())
}

/// The `id` of every item of a list unique; the error names the repeated item's `id`.
pub(crate) fn unique_ids<'a>(field: &str, ids: impl IntoIterator<Item = &'a str>) -> Checked {
    unique(field, ids.into_iter().map(str::trim))
        .map_err(|e| FieldError::new(format!("{}.id", e.field), e.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        for good in [
            "paivystys@example.invalid",
            "etu.suku@kuusijärvi.fi",
            " a+b@x.y ",
        ] {
            assert_eq!(email("e", good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.fi",
            "anna@fi",
            "anna@@example.fi",
            "an na@example.fi",
            "anna@example..fi",
            "anna@-x.fi",
            ".anna@example.fi",
        ] {
            let e = email("contacts[0].email", bad).unwrap_err();
            assert_eq!(e.field, "contacts[0].email");
            assert!(e.message.contains("e-mail"), "{bad}: {e}");
        }
    }

    #[test]
    fn phone_shapes() {
        for good in [
            "+358 40 000 0101",
            "09 310 1234",
            "(09) 123-45.67",
            "112 12",
        ] {
            assert_eq!(phone("p", good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "1234",
            "+358 40 ABC",
            "040+123456",
            "1".repeat(21).as_str(),
        ] {
            assert!(phone("p", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn texts_minutes_and_duplicates_name_the_field() {
        assert_eq!(line("name", " ").unwrap_err().field, "name");
        assert!(line("name", "a\nb").is_err());
        assert!(line("name", &"x".repeat(301)).is_err());
        assert!(note("n", &"x".repeat(NOTE_MAX)).is_ok());
        let long = note("n", &"x".repeat(NOTE_MAX + 1)).unwrap_err();
        assert!(long.message.contains("at most 4000"), "{long}");
        assert!(id("id", &"x".repeat(65)).is_err());
        assert_eq!(
            minutes("m", Some(0), 10).unwrap_err().message,
            "must be at least 1 minute"
        );
        assert!(minutes("m", Some(11), 10).is_err());
        assert!(minutes("m", None, 10).is_ok());
        let dup = unique("ids", ["a", "b", "a"]).unwrap_err();
        assert_eq!(dup.field, "ids[2]");
        assert!(dup.message.contains("\"a\""), "{dup}");
        assert_eq!(path("", "x"), "x");
        assert_eq!(path("a", "b"), "a.b");
        assert_eq!(path("a", "[1]"), "a[1]");
    }
}
