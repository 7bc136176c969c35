//! Bodies whose `type` field picks the variant. serde buffers an internally tagged enum
//! before choosing the variant, which loses the path of a bad value inside it; so the tag is
//! read first and the variant's own struct is then parsed with the path tracked, and a bad
//! value is named in full (`command.affected_users`, not `command`).

use crate::error::ApiError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses one variant's fields with the path tracked, each error prefixed with `prefix`.
pub fn variant<T: DeserializeOwned>(
    fields: serde_json::Map<String, Value>,
    prefix: &str,
) -> Result<T, ApiError> {
    crate::extract::from_value(Value::Object(fields), prefix)
}

/// Splits `{"type": "x", …}` into the tag and the other fields.
pub fn split_tag(
    value: Value,
    prefix: &str,
    known: &[&str],
) -> Result<(String, serde_json::Map<String, Value>), ApiError> {
    let at = |f: &str| format!("{prefix}{f}");
    let whole = if prefix.is_empty() {
        "body".to_owned()
    } else {
        prefix.trim_end_matches('.').to_owned()
    };
    let Value::Object(mut fields) = value else {
        return Err(ApiError::invalid(
            whole.clone(),
            format!("{whole}: expected an object with a \"type\""),
        ));
    };
    match fields.remove("type") {
        Some(Value::String(t)) if known.contains(&t.as_str()) => Ok((t, fields)),
        Some(Value::String(t)) => Err(ApiError::invalid(
            at("type"),
            format!("{}: \"{t}\" is not one of {}", at("type"), known.join(", ")),
        )),
        Some(_) => Err(ApiError::invalid(
            at("type"),
            format!("{}: must be a string", at("type")),
        )),
        None => Err(ApiError::invalid(
            at("type"),
            format!("{}: missing; one of {}", at("type"), known.join(", ")),
        )),
    }
}

/// Declares a tagged body: one struct per variant (documented and parsed on its own), the
/// enum that documents them together, and the parser that reads the tag first.
macro_rules! tagged_body {
    (
        $(#[$em:meta])* pub enum $enum:ident, parse = $parse:ident, prefix = $prefix:literal;
        $( $(#[$vm:meta])* $variant:ident = $tag:literal { $( $(#[$fm:meta])* $field:ident : $ty:ty ),* $(,)? } )*
    ) => {
        $(
            $(#[$vm])*
            #[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
            #[serde(deny_unknown_fields)]
            pub struct $variant { $( $(#[$fm])* pub $field: $ty ),* }
        )*

        $(#[$em])*
        #[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
        // `rename_all` (not per-variant renames) so the OpenAPI document shows the same
        // tags; a test checks each tag is its variant's name in snake_case.
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum $enum { $( $variant($variant) ),* }

        impl $enum {
            pub const TYPES: &'static [&'static str] = &[$($tag),*];
        }

        #[cfg(test)]
        impl $enum {
            /// Each tag is its variant's name in snake_case, as `rename_all` documents it.
            pub fn check_tag_names() {
                for (tag, variant) in [$(($tag, stringify!($variant))),*] {
                    let mut snake = String::new();
                    for (i, c) in variant.chars().enumerate() {
                        if c.is_uppercase() && i > 0 {
                            snake.push('_');
                        }
                        snake.push(c.to_ascii_lowercase());
                    }
                    assert_eq!(tag, snake);
                }
            }
        }

        pub fn $parse(value: serde_json::Value) -> Result<$enum, crate::error::ApiError> {
            let (tag, fields) = crate::api::tagged::split_tag(value, $prefix, $enum::TYPES)?;
            match tag.as_str() {
                $( $tag => crate::api::tagged::variant::<$variant>(fields, $prefix).map($enum::$variant), )*
                other => Err(crate::error::ApiError::invalid("type", format!("type: \"{other}\" is unknown"))),
            }
        }
    };
}

pub(crate) use tagged_body;
