//! Identifiers. A case's readable id is `MIM-YYYY-NNNN`: a sequence per year, wider than four
//! digits only after 9999 cases in one year.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseId {
    year: i32,
    number: u32,
}

impl CaseId {
    pub fn new(year: i32, number: u32) -> Self {
        CaseId { year, number }
    }
    pub fn year(&self) -> i32 {
        self.year
    }
    pub fn number(&self) -> u32 {
        self.number
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MIM-{:04}-{:04}", self.year, self.number)
    }
}

impl FromStr for CaseId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Only the canonical spelling names a case; the echo is cut so a huge input stays out.
        let shown: String = s.chars().take(40).collect();
        let bad = || format!("\"{shown}\" is not a case id (MIM-YYYY-NNNN)");
        let rest = s.strip_prefix("MIM-").ok_or_else(bad)?;
        let (y, n) = rest.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || n.len() < 4 || !y.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let number: u32 = n.parse().map_err(|_| bad())?;
        let id = CaseId { year, number };
        if number == 0 || id.to_string() != s {
            return Err(bad());
        }
        Ok(id)
    }
}

impl TryFrom<String> for CaseId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<CaseId> for String {
    fn from(id: CaseId) -> String {
        id.to_string()
    }
}

macro_rules! slug_id {
    ($(#[$m:meta])* $name:ident, $what:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Lower-case ASCII letters, digits, `-`, `_` and `.`; 1–64 characters.
            pub fn new(s: impl AsRef<str>) -> Result<Self, String> {
                let s = s.as_ref().trim();
                let ok = !s.is_empty()
                    && s.len() <= 64
                    && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
                if ok {
                    Ok($name(s.to_owned()))
                } else {
                    Err(format!(
                        "\"{s}\" is not a valid {} (1–64 of a–z, 0–9, '-', '_', '.')",
                        $what
                    ))
                }
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $name::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

slug_id!(
    /// A user's login name; stable, so events can name the person.
    UserId,
    "user name"
);
slug_id!(
    /// A critical system's short id, e.g. `wilma`.
    SystemId,
    "system id"
);
slug_id!(
    /// A vendor's short id.
    VendorId,
    "vendor id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_id_round_trips_and_refuses_garbage() {
        let id = CaseId::new(2026, 7);
        assert_eq!(id.to_string(), "MIM-2026-0007");
        assert_eq!("MIM-2026-0007".parse::<CaseId>().unwrap(), id);
        assert_eq!("MIM-2026-12345".parse::<CaseId>().unwrap().number(), 12345);
        for bad in [
            "",
            "MIM-26-0001",
            "MIM-2026-1",
            "MIM-2026-0000",
            "X-2026-0001",
            "MIM-2026-00a1",
        ] {
            assert!(bad.parse::<CaseId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_are_checked() {
        assert!(SystemId::new("wilma").is_ok());
        assert!(SystemId::new("Wilma").is_err());
        assert!(UserId::new("").is_err());
        assert!(UserId::new("a b").is_err());
    }
}
