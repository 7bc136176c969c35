//! Reading a register document from a request strictly. The domain reads documents leniently,
//! so every version ever stored still loads; at the door that leniency would let a misspelt
//! field (`criticality_note`) vanish without a word. So the document is read, written back,
//! and any field the request sent that the document did not keep is refused, named by its
//! path. The command line (`mim system put FILE`) reads documents through the same functions.

use crate::error::ApiError;
use crate::extract::from_value;
use mim_domain::register::{CriticalSystem, Organisation, Vendor};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A critical system. A selector may be a bare map of labels, read into `labels`; the
/// selector itself refuses unknown fields.
pub fn system(body: Value) -> Result<CriticalSystem, ApiError> {
    read(body, &["selectors[]"])
}

/// A vendor; the older single `contact` is read as the first of `contacts`.
pub fn vendor(body: Value) -> Result<Vendor, ApiError> {
    read(body, &["contact"])
}

/// The organisation settings; `bilingual`, which GET adds, is ignored, so a body read from
/// GET goes back as it is.
pub fn organisation(body: Value) -> Result<Organisation, ApiError> {
    read(body, &["bilingual"])
}

/// `body` as a `T`, refusing fields `T` does not have. `accepted` lists paths the document
/// may drop on purpose (`bilingual`, which GET adds; `contact`, the older single vendor
/// contact); `[]` in a path stands for any index, and everything under an accepted path is
/// accepted too.
fn read<T: DeserializeOwned + Serialize>(body: Value, accepted: &[&str]) -> Result<T, ApiError> {
    let document: T = from_value(body.clone(), "")?;
    let kept = serde_json::to_value(&document)
        .map_err(|e| ApiError::from(mim_app::AppError::Internal(e.to_string())))?;
    match dropped(&body, &kept, "", accepted) {
        Some(field) => Err(ApiError::invalid(
            field.clone(),
            format!("{field}: not a field of this document (misspelt, or in the wrong place?)"),
        )),
        None => Ok(document),
    }
}

/// The first field of `sent` that `kept` lacks, unless accepted.
fn dropped(sent: &Value, kept: &Value, at: &str, accepted: &[&str]) -> Option<String> {
    if is_accepted(at, accepted) {
        return None;
    }
    match (sent, kept) {
        (Value::Object(sent), Value::Object(kept)) => sent.iter().find_map(|(key, value)| {
            let here = if at.is_empty() {
                key.clone()
            } else {
                format!("{at}.{key}")
            };
            match kept.get(key) {
                Some(k) => dropped(value, k, &here, accepted),
                None if is_accepted(&here, accepted) => None,
                None => Some(here),
            }
        }),
        (Value::Array(sent), Value::Array(kept)) if sent.len() == kept.len() => sent
            .iter()
            .zip(kept)
            .enumerate()
            .find_map(|(i, (s, k))| dropped(s, k, &format!("{at}[{i}]"), accepted)),
        _ => None,
    }
}

/// Whether `path` (`selectors[2].labels`) is, or lies under, one of `accepted` (`selectors[]`).
fn is_accepted(path: &str, accepted: &[&str]) -> bool {
    let general = without_indexes(path);
    accepted.iter().any(|a| {
        general == *a
            || general
                .strip_prefix(a)
                .is_some_and(|rest| rest.starts_with(['.', '[']))
    })
}

/// `a[3].b[0]` → `a[].b[]`.
fn without_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_the_document_drops_is_named_unless_accepted() {
        let kept = json!({"name": "Wilma", "owner": {"name": "X", "email": null},
                          "selectors": [{"labels": {"a": "b"}}]});
        let sent = json!({"name": "Wilma", "owner": {"name": "X", "emial": "x@y.fi"},
                          "selectors": [{"a": "b"}]});
        assert_eq!(
            dropped(&sent, &kept, "", &["selectors[]"]),
            Some("owner.emial".into())
        );
        let sent = json!({"name": "Wilma", "selectors": [{"a": "b"}], "bilingual": true});
        assert_eq!(
            dropped(&sent, &kept, "", &["selectors[]", "bilingual"]),
            None
        );
        assert_eq!(
            dropped(&sent, &kept, "", &["selectors[]"]),
            Some("bilingual".into())
        );
        assert_eq!(without_indexes("a[12].b[0].c"), "a[].b[].c");
        assert!(is_accepted("selectors[3].labels", &["selectors[]"]));
        assert!(!is_accepted("selectorsx", &["selectors"]));
    }
}
