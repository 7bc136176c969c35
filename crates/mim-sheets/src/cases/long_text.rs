//! Text that does not fit in one spreadsheet cell (case C30). Excel holds at most 32,767
//! characters in a cell, counted in UTF-16 units, and a longer one makes the file "damaged";
//! so long text is cut into pieces that fit, preferably at a line break or a space, and the
//! pieces concatenated give the text back exactly.

use std::borrow::Cow;

/// Excel's limit for one cell, in UTF-16 units.
pub const CELL_LIMIT: usize = 32_767;

/// CRLF and lone CR as LF. Excel stores a line break in a cell as LF; a CR left in makes the
/// cell longer than it looks and has made workbooks "need repair".
pub fn normalise_line_breaks(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The length as Excel counts it.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// How far back (in bytes) from the hard limit a break at a line break or space is looked
/// for; beyond this a piece is cut mid-word rather than left much shorter than it could be.
const BREAK_SEARCH: usize = 2_000;

/// `text` cut into pieces of at most `limit` UTF-16 units (at least 2, so a surrogate pair
/// always fits), never inside a character. A break falls just after the last line break, or
/// failing that the last space, near the limit; the pieces concatenated are `text`.
pub fn split_for_cells(text: &str, limit: usize) -> Vec<&str> {
    let limit = limit.max(2);
    let mut pieces = vec![];
    let mut rest = text;
    loop {
        let Some(hard) = hard_cut(rest, limit) else {
            pieces.push(rest);
            return pieces;
        };
        let window_start = (hard.saturating_sub(BREAK_SEARCH)..hard)
            .find(|&i| rest.is_char_boundary(i))
            .unwrap_or(hard);
        let window = rest.get(window_start..hard).unwrap_or_default();
        let cut = window
            .rfind('\n')
            .or_else(|| window.rfind(' '))
            .map_or(hard, |i| window_start + i + 1);
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
}

/// The byte index of the longest prefix of `text` within `limit` UTF-16 units, or `None` when
/// the whole text fits.
fn hard_cut(text: &str, limit: usize) -> Option<usize> {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > limit {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_lf() {
        assert_eq!(normalise_line_breaks("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert!(matches!(normalise_line_breaks("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split_for_cells("abc", 3), vec!["abc"]);
        assert_eq!(split_for_cells("", 3), vec![""]);
    }

    #[test]
    fn prefers_a_line_break_then_a_space() {
        assert_eq!(
            split_for_cells("one two\nthree four", 12),
            vec!["one two\n", "three four"]
        );
        assert_eq!(
            split_for_cells("one two three", 10),
            vec!["one two ", "three"]
        );
        assert_eq!(split_for_cells("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn counts_utf16_and_never_splits_a_character() {
        // 🙂 is two UTF-16 units; ä is one.
        let text = "ä🙂ä🙂ä🙂";
        let pieces = split_for_cells(text, 3);
        assert_eq!(pieces.concat(), text);
        assert!(pieces.iter().all(|p| utf16_len(p) <= 3));
        assert_eq!(pieces, vec!["ä🙂", "ä🙂", "ä🙂"]);
    }
}
