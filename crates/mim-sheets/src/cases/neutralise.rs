//! Formula-injection neutralising for CSV text cells (OWASP "CSV injection", CWE-1236).
//! A spreadsheet treats a cell starting with `=`, `+`, `-` or `@` as a formula, and a leading
//! tab or carriage return can hide one; such text gets a leading `'`, which Excel shows and
//! never evaluates. The reader takes exactly that `'` away again, so a round trip is lossless.

/// The first characters that make a spreadsheet read a text cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text` would need (or, read back, carries) the neutralising apostrophe: it starts
/// with a trigger, possibly behind apostrophes. The apostrophes are part of the rule so that a
/// text that itself starts with `'=` gets one more `'` and comes back unchanged.
fn starts_dangerously(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// `text` as it is safe to put in a CSV text cell.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if starts_dangerously(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The text a neutralised cell stood for: the inverse of [`neutralise`]. A cell with a
/// leading `'` that `neutralise` would not have added (`'abc`) is left as it is.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_dangerously(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_gets_an_apostrophe_and_loses_it_again() {
        for text in [
            "=1+1",
            "+358 40 123",
            "-20 °C",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=quoted",
            "''-twice",
        ] {
            let written = neutralise(text);
            assert!(written.starts_with('\''), "{text:?} was not neutralised");
            assert_eq!(unneutralise(&written), text);
        }
    }

    #[test]
    fn harmless_text_is_left_alone_both_ways() {
        for text in ["Häiriö", "'lainaus", "", "1,5", " =not first"] {
            assert_eq!(neutralise(text), text);
            assert_eq!(unneutralise(text), text);
        }
    }
}
