//! Numbers as Finnish (and Swedish) Excel reads them from CSV: a decimal comma, no thousands
//! separator, the shortest form that gives the number back (1,5 / 0,25 / 13).

/// `n` with a decimal comma in its shortest round-tripping form; `None` for NaN and the
/// infinities, which no spreadsheet cell can hold as a number.
pub fn format_decimal(n: f64) -> Option<String> {
    if !n.is_finite() {
        return None;
    }
    // Rust's `Display` for f64 is already the shortest round-tripping form and never uses an
    // exponent; only the point and the sign of zero need changing.
    let n = if n == 0.0 { 0.0 } else { n };
    Some(n.to_string().replace('.', ","))
}

/// A number as people type it into Finnish, Swedish or English spreadsheets: decimal comma or
/// point, thousands grouped with spaces (also no-break and narrow no-break spaces), a leading
/// minus or the Unicode minus sign. Text that is not such a number gives `None`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| match c {
            ',' => '.',
            '\u{2212}' => '-',
            c => c,
        })
        .collect();
    let digits = cleaned.strip_prefix(['-', '+']).unwrap_or(&cleaned);
    // `f64::from_str` also takes "inf", "NaN" and exponents, none of which a person means here.
    let plain = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !plain {
        return None;
    }
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_form_with_a_comma() {
        let cases = [
            (1.5, "1,5"),
            (0.25, "0,25"),
            (13.0, "13"),
            (0.1, "0,1"),
            (2.75, "2,75"),
            (1200.0, "1200"),
            (-20.5, "-20,5"),
            (-0.0, "0"),
            (1e21, "1000000000000000000000"),
        ];
        for (n, text) in cases {
            assert_eq!(format_decimal(n).as_deref(), Some(text));
        }
        assert_eq!(format_decimal(f64::NAN), None);
        assert_eq!(format_decimal(f64::INFINITY), None);
    }

    #[test]
    fn reads_what_people_type() {
        assert_eq!(parse_decimal("1,5"), Some(1.5));
        assert_eq!(parse_decimal(" 0.25 "), Some(0.25));
        assert_eq!(parse_decimal("1\u{a0}000"), Some(1000.0));
        assert_eq!(parse_decimal("1 000,5"), Some(1000.5));
        assert_eq!(parse_decimal("\u{2212}20"), Some(-20.0));
        for not_a_number in ["", "-", ",", "1,2,3", "inf", "NaN", "1e5", "12 kpl"] {
            assert_eq!(parse_decimal(not_a_number), None, "{not_a_number:?}");
        }
    }
}
