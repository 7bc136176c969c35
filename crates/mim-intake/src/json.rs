//! Reading the body as JSON, then walking it with the path of every value at hand, so a
//! wrong shape is refused as `alerts[3].status: expected "firing" or "resolved"`.
//!
//! Parsers walk a `serde_json::Value` by hand rather than deriving `Deserialize`: senders
//! differ in small ways (numbers sent as strings, `null` for "absent", extra fields), and the
//! hand walk names the exact path at fault without a further dependency.

use crate::error::{IntakeError, quote};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub(crate) type Result<T> = std::result::Result<T, IntakeError>;

/// Parses the body. A leading UTF-8 byte-order mark is skipped (some Windows senders add
/// one); a body of only whitespace counts as empty.
pub(crate) fn read(bytes: &[u8]) -> Result<Value> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IntakeError::Empty);
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let full = e.to_string();
        // serde_json appends " at line L column C"; the position is carried separately.
        let message = match full.rsplit_once(" at line ") {
            Some((head, _)) => head.to_owned(),
            None => full,
        };
        // serde_json counts columns in bytes and says column 0 at the very start of a line
        // (a body cut right after a line break); both are reported from 1.
        IntakeError::NotJson {
            line: e.line().max(1),
            column: e.column().max(1),
            message,
        }
    })
}

/// What kind of JSON value this is, for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The path of `key` inside the value at `parent` (`""` is the body itself).
pub(crate) fn key_path(parent: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && parent.is_empty() {
        key.to_owned()
    } else if plain {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{}]", quote(key))
    }
}

/// The path of element `i` of the array at `parent`.
pub(crate) fn index_path(parent: &str, i: usize) -> String {
    if parent.is_empty() {
        format!("$[{i}]")
    } else {
        format!("{parent}[{i}]")
    }
}

/// A JSON object with its path. Absent keys and `null` values read the same: "not given".
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

/// The value at `path` must be an object.
pub(crate) fn object(v: &Value, path: String) -> Result<Obj<'_>> {
    match v {
        Value::Object(map) => Ok(Obj { map, path }),
        other => Err(IntakeError::wrong(
            &path,
            format!("expected a JSON object, found {}", kind(other)),
        )),
    }
}

impl<'a> Obj<'a> {
    pub(crate) fn at(&self, key: &str) -> String {
        key_path(&self.path, key)
    }

    /// The value under `key`, unless absent or `null`.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn missing(&self, key: &str) -> IntakeError {
        IntakeError::wrong(&self.at(key), "is missing")
    }

    fn expected(&self, key: &str, what: &str, found: &Value) -> IntakeError {
        IntakeError::wrong(
            &self.at(key),
            format!("expected {what}, found {}", kind(found)),
        )
    }

    pub(crate) fn str(&self, key: &str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.expected(key, "a string", other)),
        }
    }

    /// A string that says something: blank strings read as "not given".
    pub(crate) fn text(&self, key: &str) -> Result<Option<&'a str>> {
        Ok(self.str(key)?.filter(|s| !s.trim().is_empty()))
    }

    pub(crate) fn required_text(&self, key: &str) -> Result<&'a str> {
        match self.str(key)? {
            None => Err(self.missing(key)),
            Some(s) if s.trim().is_empty() => Err(IntakeError::wrong(&self.at(key), "is empty")),
            Some(s) => Ok(s),
        }
    }

    /// A string or a number, as text: Zabbix macros arrive as strings, hand-written JSON may
    /// carry numbers.
    pub(crate) fn scalar(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(self.expected(key, "a string or a number", other)),
        }
    }

    pub(crate) fn object(&self, key: &str) -> Result<Option<Obj<'a>>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => object(v, self.at(key)).map(Some),
        }
    }

    pub(crate) fn required_object(&self, key: &str) -> Result<Obj<'a>> {
        self.object(key)?.ok_or_else(|| self.missing(key))
    }

    pub(crate) fn array(&self, key: &str) -> Result<Option<&'a [Value]>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(other) => Err(self.expected(key, "an array", other)),
        }
    }

    /// A list of strings (Azure `configurationItems`); absent reads as empty.
    pub(crate) fn strings(&self, key: &str) -> Result<Vec<&'a str>> {
        let Some(items) = self.array(key)? else {
            return Ok(Vec::new());
        };
        let base = self.at(key);
        items
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.as_str()),
                other => Err(IntakeError::wrong(
                    &index_path(&base, i),
                    format!("expected a string, found {}", kind(other)),
                )),
            })
            .collect()
    }

    /// A non-negative integer (a count); absent reads as `None`.
    pub(crate) fn count(&self, key: &str) -> Result<Option<u64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| {
                IntakeError::wrong(
                    &self.at(key),
                    format!("expected a whole number of 0 or more, found {n}"),
                )
            }),
            Some(other) => Err(self.expected(key, "a whole number", other)),
        }
    }

    /// A map of strings to strings (labels, annotations); absent reads as empty.
    pub(crate) fn string_map(&self, key: &str) -> Result<BTreeMap<String, String>> {
        let Some(obj) = self.object(key)? else {
            return Ok(BTreeMap::new());
        };
        obj.map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                other => Err(IntakeError::wrong(
                    &obj.at(k),
                    format!("expected a string, found {}", kind(other)),
                )),
            })
            .collect()
    }

    /// A time: RFC 3339 with `Z` or an offset, or a zone-less local time read in `tz`.
    /// The Go "zero" time `0001-01-01T00:00:00Z` reads as "not given".
    pub(crate) fn time(&self, key: &str, tz: Tz) -> Result<Option<DateTime<Utc>>> {
        match self.text(key)? {
            None => Ok(None),
            Some(s) => {
                crate::time::instant(s, tz).map_err(|m| IntakeError::wrong(&self.at(key), m))
            }
        }
    }

    /// Refuses keys not in `known` (mim's own format only; vendors add fields freely).
    pub(crate) fn only(&self, known: &[&str]) -> Result<()> {
        match self.map.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some(k) => Err(IntakeError::wrong(
                &self.at(k),
                format!("is not a known field (known: {})", known.join(", ")),
            )),
        }
    }

    pub(crate) fn entries(&self) -> impl Iterator<Item = (&'a String, &'a Value)> + use<'a> {
        self.map.iter()
    }
}

/// A count as `u32`, saturating: a sender claiming more than four billion is still "many".
pub(crate) fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A positive whole number written as text (`" 120 "`), as labels and tags carry it.
pub(crate) fn positive(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace_bodies_are_empty() {
        assert_eq!(read(b""), Err(IntakeError::Empty));
        assert_eq!(read(b" \r\n\t"), Err(IntakeError::Empty));
        assert_eq!(read(b"\xEF\xBB\xBF"), Err(IntakeError::Empty));
    }

    #[test]
    fn bom_is_skipped() {
        assert!(read(b"\xEF\xBB\xBF{\"a\":1}").is_ok());
    }

    #[test]
    fn bad_json_has_a_position_and_a_bare_message() {
        let Err(IntakeError::NotJson {
            line,
            column,
            message,
        }) = read(b"{\n  \"a\": \"x\"y\"\n}")
        else {
            panic!("expected NotJson");
        };
        assert_eq!((line, column), (2, 11), "the column of the stray `y`");
        assert!(!message.contains("at line"), "{message}");
    }

    #[test]
    fn paths_read_naturally() {
        assert_eq!(key_path("", "alerts"), "alerts");
        assert_eq!(
            key_path(&index_path("alerts", 3), "status"),
            "alerts[3].status"
        );
        assert_eq!(key_path("labels", "a.b"), "labels[\"a.b\"]");
        assert_eq!(index_path("", 0), "$[0]");
    }

    #[test]
    fn positive_reads_only_positive_whole_numbers() {
        assert_eq!(positive(" 120 "), Some(120));
        assert_eq!(positive("0"), None);
        assert_eq!(positive("-3"), None);
        assert_eq!(positive("many"), None);
        assert_eq!(positive("1.5"), None);
    }
}
