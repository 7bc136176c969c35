//! Sheet names Excel accepts: at most 31 UTF-16 units, none of `[]:*?/\`, no apostrophe
//! at either end, not the reserved "History", and unique regardless of case. System names
//! are free text in the register, so every one is made legal before it becomes a tab.

const MAX_UNITS: usize = 31;

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `s` that fits in `units` UTF-16 units.
fn fit(s: &str, units: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        used += c.len_utf16();
        if used > units {
            break;
        }
        out.push(c);
    }
    out.trim_end().trim_end_matches('\'').to_string()
}

/// `wanted` with what Excel refuses replaced or cut off; maybe empty.
fn legal(wanted: &str) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    fit(cleaned.trim().trim_matches('\'').trim(), MAX_UNITS)
}

/// A legal name for `wanted`, or `fallback` when nothing of it is left, not in `taken`
/// (compared without case). The name is added to `taken`.
pub(crate) fn unique_sheet_name(wanted: &str, fallback: &str, taken: &mut Vec<String>) -> String {
    let mut base = legal(wanted);
    if base.is_empty() {
        base = legal(fallback);
    }
    if base.is_empty() {
        base = "Sheet".to_string();
    }
    let is_taken = |name: &str, taken: &[String]| {
        name.eq_ignore_ascii_case("history")
            || taken
                .iter()
                .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    let mut name = base.clone();
    let mut n = 2;
    while is_taken(&name, taken) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", fit(&base, MAX_UNITS - utf16_len(&suffix)));
        n += 1;
    }
    taken.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_legal_and_unique() {
        let mut taken = vec!["Ohjeet".to_string()];
        assert_eq!(unique_sheet_name("Wilma", "x", &mut taken), "Wilma");
        assert_eq!(unique_sheet_name("wilma", "x", &mut taken), "wilma (2)");
        assert_eq!(
            unique_sheet_name("Potilas/asiakas: [tieto]*?", "x", &mut taken),
            "Potilas-asiakas- -tieto---"
        );
        assert_eq!(unique_sheet_name("OHJEET", "x", &mut taken), "OHJEET (2)");
        assert_eq!(unique_sheet_name("History", "x", &mut taken), "History (2)");
        assert_eq!(
            unique_sheet_name(" ' ", "Järjestelmä", &mut taken),
            "Järjestelmä"
        );
        assert_eq!(unique_sheet_name("", "a/b", &mut taken), "a-b");
        assert_eq!(unique_sheet_name("", "", &mut taken), "Sheet");
        let long = "Sosiaali- ja terveydenhuollon asiakastietojärjestelmä";
        let a = unique_sheet_name(long, "x", &mut taken);
        let b = unique_sheet_name(long, "x", &mut taken);
        assert!(utf16_len(&a) <= 31 && utf16_len(&b) <= 31, "{a} / {b}");
        assert_ne!(a.to_lowercase(), b.to_lowercase());
        assert!(b.ends_with(" (2)"));
        assert!(utf16_len(&unique_sheet_name(&"😀".repeat(40), "x", &mut taken)) <= 31);
    }
}
