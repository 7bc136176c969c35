//! Reading one cell's value the way people actually type it: numbers stored as text with
//! space, no-break or narrow no-break thousands separators, float noise from formulas,
//! band labels ("1–10", "≥ 101", "101+"), dates in either Excel date system or as text,
//! response times as Excel times, durations, plain minutes or "1 h 30 min", and fill colours
//! that are only roughly green, yellow or red. A cell that is not what it should be gives a
//! [`Problem`]; an empty cell gives `None`, and the caller decides whether that is allowed.

use super::problems::Problem;
use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use chrono::NaiveDate;
use mim_domain::impact::Colour;

/// `C4` for row 3, column 2 (both from zero).
pub(crate) fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// The cell as the message quotes it.
pub(crate) fn shown(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string().to_uppercase(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

/// The text of a cell, trimmed; None when the cell is empty or only spaces.
pub(crate) fn text(d: &Data) -> Option<String> {
    let s = match d {
        Data::Empty => return None,
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => shown(other),
    };
    let t = s.trim_matches(is_space).to_string();
    (!t.is_empty()).then_some(t)
}

pub(crate) fn is_blank(d: &Data) -> bool {
    text(d).is_none()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}')
}

/// A whole number from a float that may carry noise from arithmetic (49.99999999999999).
fn whole(f: f64) -> Option<i64> {
    if !f.is_finite() {
        return None;
    }
    let r = f.round();
    ((f - r).abs() <= 1e-9 * r.abs().max(1.0) && r.abs() < 1e15).then_some(r as i64)
}

fn users_from(n: i64, text: &str) -> Result<u32, Problem> {
    if n < 1 {
        return Err(Problem::TooFewUsers { text: text.into() });
    }
    u32::try_from(n).map_err(|_| Problem::NotAUserCount { text: text.into() })
}

/// "1 000", "1\u{a0}000", "500", "49,5": the number a text holds, refusing "1,000" and
/// "1.000", which mean a thousand in one language and one in another.
fn number_in_text(raw: &str) -> Option<Result<f64, Problem>> {
    let compact: String = raw.chars().filter(|c| !is_space(*c)).collect();
    if compact.is_empty() || !compact.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let unsigned = compact.strip_prefix('-').unwrap_or(&compact);
    if !unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let separators = unsigned.matches([',', '.']).count();
    if separators > 1 {
        return Some(Err(Problem::AmbiguousNumber { text: raw.into() }));
    }
    if let Some((int, frac)) = unsigned.split_once([',', '.'])
        && frac.len() == 3
        && (1..=3).contains(&int.len())
    {
        return Some(Err(Problem::AmbiguousNumber { text: raw.into() }));
    }
    Some(
        compact
            .replace(',', ".")
            .parse::<f64>()
            .map_err(|_| Problem::NotAUserCount { text: raw.into() }),
    )
}

/// A users-at-least threshold: a number, a number stored as text, "≥ 500" or "500+".
pub(crate) fn users(d: &Data) -> Result<Option<u32>, Problem> {
    match d {
        Data::Empty => Ok(None),
        Data::Int(i) => users_from(*i, &i.to_string()).map(Some),
        Data::Float(f) => match whole(*f) {
            Some(n) => users_from(n, &format!("{f}")).map(Some),
            None => Err(Problem::FractionalUsers {
                text: format!("{f}"),
            }),
        },
        Data::String(s) => {
            let t = s.trim_matches(is_space);
            if t.is_empty() {
                return Ok(None);
            }
            let core = t
                .strip_prefix('≥')
                .or_else(|| t.strip_prefix(">="))
                .unwrap_or(t);
            let core = core.strip_suffix('+').unwrap_or(core);
            match number_in_text(core) {
                Some(Ok(f)) => match whole(f) {
                    Some(n) => users_from(n, t).map(Some),
                    None => Err(Problem::FractionalUsers { text: t.into() }),
                },
                Some(Err(p)) => Err(p),
                None => Err(Problem::NotAUserCount { text: t.into() }),
            }
        }
        Data::Error(e) => Err(Problem::ErrorValue {
            text: e.to_string(),
            expected: "number of users".into(),
        }),
        other => Err(Problem::NotAUserCount { text: shown(other) }),
    }
}

/// A grid row's label: its lower limit and, when written as a range, its upper limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BandLabel {
    pub lower: u32,
    pub upper: Option<u32>,
}

/// A grid row's label, or None when the cell holds no digits (the grid has ended).
pub(crate) fn band_label(d: &Data) -> Result<Option<BandLabel>, Problem> {
    let raw = match d {
        Data::Empty => return Ok(None),
        Data::Int(_) | Data::Float(_) => {
            return users(d).map(|u| u.map(|lower| BandLabel { lower, upper: None }));
        }
        Data::String(s) => s.trim_matches(is_space).to_string(),
        _ => return Ok(None),
    };
    if !raw.chars().any(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let bad = || Problem::NotABand { text: raw.clone() };
    let mut t = format!(" {} ", raw.to_lowercase().replace(is_space, " "));
    for (phrase, symbol) in [
        (" tai enemmän ", "+ "),
        (" tai yli ", "+ "),
        (" tai useampi ", "+ "),
        (" eller fler ", "+ "),
        (" eller mer ", "+ "),
        (" or more ", "+ "),
        (" and more ", "+ "),
        (" and above ", "+ "),
        (" yli ", " > "),
        (" över ", " > "),
        (" over ", " > "),
        (" more than ", " > "),
        (" vähintään ", " ≥ "),
        (" minst ", " ≥ "),
        (" at least ", " ≥ "),
    ] {
        t = t.replace(phrase, symbol);
    }
    // Words such as "käyttäjää" or "users" around the numbers say nothing more; a letter
    // inside a number ("5O") is a typo, not a word.
    let t = t
        .split_whitespace()
        .filter(|w| {
            w.chars()
                .any(|c| c.is_ascii_digit() || "≥>=+–-—‒−".contains(c))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let t = t.trim();
    let (t, more_than) = if let Some(rest) = t.strip_prefix('≥').or(t.strip_prefix(">=")) {
        (rest, false)
    } else if let Some(rest) = t.strip_prefix('>') {
        (rest, true)
    } else {
        (t, false)
    };
    let t = t.trim().strip_suffix('+').unwrap_or(t.trim()).trim();
    let parse = |s: &str| -> Result<u32, Problem> {
        let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        digits.parse::<u32>().map_err(|_| bad())
    };
    let label = match t.split_once(['–', '-', '—', '‒', '−']) {
        Some((lo, hi)) => {
            let (lower, upper) = (parse(lo)?, parse(hi)?);
            if upper < lower || more_than {
                return Err(bad());
            }
            BandLabel {
                lower,
                upper: Some(upper),
            }
        }
        None => {
            let n = parse(t)?;
            BandLabel {
                lower: if more_than {
                    n.checked_add(1).ok_or_else(bad)?
                } else {
                    n
                },
                upper: None,
            }
        }
    };
    if label.lower == 0 {
        return Err(Problem::TooFewUsers { text: raw });
    }
    Ok(Some(label))
}

fn date_from_serial(value: f64, is_1904: bool) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&value) {
        return None;
    }
    ExcelDateTime::new(value, ExcelDateTimeType::DateTime, is_1904)
        .as_datetime()
        .map(|t| t.date())
}

fn date_from_text(s: &str) -> Option<NaiveDate> {
    let first = s.split(['T', ' ']).next()?.trim_end_matches('.');
    if let Ok(d) = NaiveDate::parse_from_str(first, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = first.split('.').collect();
    if let [d, m, y] = parts[..]
        && y.len() == 4
    {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    None
}

/// A valid-from date. A bare number counts as an Excel serial date in the workbook's own
/// date system, since that is what a date cell that lost its format looks like.
pub(crate) fn date(d: &Data, is_1904: bool) -> Result<Option<NaiveDate>, Problem> {
    let bad = || Problem::NotADate { text: shown(d) };
    match d {
        Data::Empty => Ok(None),
        Data::DateTime(dt) if dt.is_datetime() => {
            dt.as_datetime().map(|t| Some(t.date())).ok_or_else(bad)
        }
        Data::Float(f) => date_from_serial(*f, is_1904).map(Some).ok_or_else(bad),
        Data::Int(i) => date_from_serial(*i as f64, is_1904)
            .map(Some)
            .ok_or_else(bad),
        Data::String(s) | Data::DateTimeIso(s) => {
            let t = s.trim_matches(is_space);
            if t.is_empty() {
                return Ok(None);
            }
            date_from_text(t).map(Some).ok_or_else(bad)
        }
        Data::Error(e) => Err(Problem::ErrorValue {
            text: e.to_string(),
            expected: "date".into(),
        }),
        _ => Err(bad()),
    }
}

/// Whole minutes from a float, allowing half a second of noise from time arithmetic.
fn whole_minutes(minutes: f64) -> Option<u32> {
    if !minutes.is_finite() || minutes < 0.0 {
        return None;
    }
    let r = minutes.round();
    ((minutes - r).abs() <= 1.0 / 120.0 && r <= f64::from(u32::MAX)).then_some(r as u32)
}

fn unit_minutes(unit: &str) -> Option<f64> {
    Some(match unit {
        "" | "m" | "min" | "mins" | "minute" | "minutes" | "minuutti" | "minuuttia" | "minuter"
        | "minut" | "minuut" => 1.0,
        "h" | "hr" | "hrs" | "hour" | "hours" | "t" | "tunti" | "tuntia" | "tim" | "timme"
        | "timmar" => 60.0,
        "d" | "day" | "days" | "vrk" | "pv" | "päivä" | "päivää" | "dygn" | "dag" | "dagar" => {
            1440.0
        }
        _ => return None,
    })
}

/// "15 min", "12 h", "1 h 30 min", "1,5 h", "00:15", "90".
fn minutes_from_text(s: &str) -> Option<u32> {
    let t = s.to_lowercase().replace(is_space, " ");
    let t = t.trim();
    let colon: Vec<&str> = t.split(':').collect();
    if colon.len() >= 2 {
        let nums: Option<Vec<u32>> = colon.iter().map(|p| p.trim().parse().ok()).collect();
        return match nums?.as_slice() {
            [h, m] if *m < 60 => Some(h * 60 + m),
            [h, m, 0] if *m < 60 => Some(h * 60 + m),
            _ => None,
        };
    }
    let chars: Vec<char> = t.chars().collect();
    let (mut i, mut total, mut terms, mut bare) = (0, 0.0, 0, false);
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let number: f64 = number.replace(',', ".").parse().ok()?;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        let unit_start = i;
        while i < chars.len() && (chars[i].is_alphabetic() || chars[i] == '.') {
            i += 1;
        }
        let unit: String = chars[unit_start..i].iter().collect();
        let unit = unit.trim_end_matches('.');
        bare |= unit.is_empty();
        total += number * unit_minutes(unit)?;
        terms += 1;
    }
    // A bare number is minutes only when it stands alone: "1 30" means nothing.
    if terms == 0 || (bare && terms > 1) {
        return None;
    }
    whole_minutes(total)
}

/// "PT1H30M", "PT00H15M00S", "P1DT2H".
fn minutes_from_iso_duration(s: &str) -> Option<u32> {
    let rest = s.trim().strip_prefix('P')?;
    let (mut total, mut number, mut in_time) = (0.0, String::new(), false);
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' | ',' => number.push(c),
            unit => {
                let n: f64 = number.replace(',', ".").parse().ok()?;
                number.clear();
                total += n * match (unit, in_time) {
                    ('D', false) => 1440.0,
                    ('H', true) => 60.0,
                    ('M', true) => 1.0,
                    ('S', true) => 1.0 / 60.0,
                    _ => return None,
                };
            }
        }
    }
    whole_minutes(total)
}

/// A response time in minutes. Excel stores times and durations as fractions of a day;
/// a time-of-day cell ("0:15") keeps its fraction in either date system, so the raw value is
/// used rather than a date conversion that would add the 1904 offset.
pub(crate) fn response_minutes(d: &Data) -> Result<Option<u32>, Problem> {
    let bad = || Problem::NotAResponseTime { text: shown(d) };
    match d {
        Data::Empty => Ok(None),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            if dt.is_duration() || v < 1.0 {
                whole_minutes(v * 1440.0).map(Some).ok_or_else(bad)
            } else {
                Err(bad())
            }
        }
        Data::Int(i) => u32::try_from(*i).map(Some).map_err(|_| bad()),
        Data::Float(f) => match whole(*f) {
            Some(n) => u32::try_from(n).map(Some).map_err(|_| bad()),
            None => Err(bad()),
        },
        Data::String(s) => {
            let t = s.trim_matches(is_space);
            if t.is_empty() {
                return Ok(None);
            }
            minutes_from_text(t).map(Some).ok_or_else(bad)
        }
        Data::DurationIso(s) => minutes_from_iso_duration(s).map(Some).ok_or_else(bad),
        Data::DateTimeIso(s) => {
            // A time-only value from OpenDocument arrives on the spreadsheet epoch date.
            let time = s
                .strip_prefix("1899-12-30T")
                .or_else(|| s.strip_prefix("1904-01-01T"))
                .unwrap_or(s);
            minutes_from_text(time.split('.').next().unwrap_or(time))
                .map(Some)
                .ok_or_else(bad)
        }
        Data::Error(e) => Err(Problem::ErrorValue {
            text: e.to_string(),
            expected: "response time".into(),
        }),
        Data::Bool(_) => Err(bad()),
    }
}

/// What a cell's fill says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FillSays {
    /// No fill, or a neutral one (white, grey, black) that headings and borders use.
    Nothing,
    Colour(Colour),
    /// A real colour that is neither green, yellow nor red (blue, purple, dark orange).
    Unclear(String),
}

/// Sorts a fill colour by hue, so that the pale "good / neutral / bad" fills of Excel's
/// styles, traffic-light greens, ambers and pinks all count as what people meant.
pub(crate) fn classify_fill(red: u8, green: u8, blue: u8) -> FillSays {
    let (r, g, b) = (
        f64::from(red) / 255.0,
        f64::from(green) / 255.0,
        f64::from(blue) / 255.0,
    );
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let light = (max + min) / 2.0;
    let delta = max - min;
    let saturation = if delta == 0.0 {
        0.0
    } else {
        delta / (1.0 - (2.0 * light - 1.0).abs())
    };
    if saturation < 0.25 || !(0.12..=0.95).contains(&light) {
        return FillSays::Nothing;
    }
    let hue = if max == r {
        60.0 * ((g - b) / delta).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / delta + 2.0)
    } else {
        60.0 * ((r - g) / delta + 4.0)
    };
    match hue {
        h if !(20.0..330.0).contains(&h) => FillSays::Colour(Colour::Red),
        h if (35.0..70.0).contains(&h) => FillSays::Colour(Colour::Yellow),
        h if (70.0..170.0).contains(&h) => FillSays::Colour(Colour::Green),
        _ => FillSays::Unclear(format!("{red:02X}{green:02X}{blue:02X}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Data {
        Data::String(t.into())
    }

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(3, 2), "C4");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn user_counts() {
        assert_eq!(users(&Data::Float(7.000000000000001)), Ok(Some(7)));
        assert_eq!(users(&Data::Float(49.99999999999999)), Ok(Some(50)));
        assert_eq!(users(&s("1\u{a0}000")), Ok(Some(1000)));
        assert_eq!(users(&s(" 1\u{202f}000 ")), Ok(Some(1000)));
        assert_eq!(users(&s("500")), Ok(Some(500)));
        assert_eq!(users(&s("≥ 500")), Ok(Some(500)));
        assert_eq!(users(&s("50,0")), Ok(Some(50)));
        assert!(matches!(
            users(&Data::Float(49.5)),
            Err(Problem::FractionalUsers { .. })
        ));
        assert!(matches!(
            users(&s("49,5")),
            Err(Problem::FractionalUsers { .. })
        ));
        assert!(matches!(
            users(&s("1,000")),
            Err(Problem::AmbiguousNumber { .. })
        ));
        assert!(matches!(users(&s("0")), Err(Problem::TooFewUsers { .. })));
        assert!(matches!(
            users(&s("paljon")),
            Err(Problem::NotAUserCount { .. })
        ));
        assert_eq!(users(&s("  ")), Ok(None));
    }

    #[test]
    fn band_labels() {
        let l = |t: &str| band_label(&s(t));
        let b = |lower, upper| Ok(Some(BandLabel { lower, upper }));
        assert_eq!(l("1–10"), b(1, Some(10)));
        assert_eq!(l("11 - 50"), b(11, Some(50)));
        assert_eq!(l("≥ 101"), b(101, None));
        assert_eq!(l("101+"), b(101, None));
        assert_eq!(l("yli 100"), b(101, None));
        assert_eq!(l("101 tai enemmän"), b(101, None));
        assert_eq!(l("1 001–5\u{a0}000 käyttäjää"), b(1001, Some(5000)));
        assert_eq!(l("Käyttäjiä"), Ok(None));
        assert!(l("5O–100").is_err());
        assert!(l("50–10").is_err());
        assert_eq!(band_label(&Data::Float(50.0)), b(50, None));
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| Ok(Some(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(date(&s("2026-03-29"), false), d(2026, 3, 29));
        assert_eq!(date(&s("29.3.2026"), false), d(2026, 3, 29));
        assert_eq!(date(&s("01.01.2026"), false), d(2026, 1, 1));
        assert_eq!(date(&Data::Float(46023.0), false), d(2026, 1, 1));
        assert_eq!(date(&Data::Float(44561.0), true), d(2026, 1, 1));
        assert!(date(&s("31.2.2026"), false).is_err());
        assert!(date(&s("3/29/2026"), false).is_err());
    }

    #[test]
    fn response_times() {
        let m = |t: &str| response_minutes(&s(t));
        assert_eq!(m("15 min"), Ok(Some(15)));
        assert_eq!(m("12 h"), Ok(Some(720)));
        assert_eq!(m("1 h 30 min"), Ok(Some(90)));
        assert_eq!(m("1h30min"), Ok(Some(90)));
        assert_eq!(m("1,5 h"), Ok(Some(90)));
        assert_eq!(m("2 tuntia"), Ok(Some(120)));
        assert_eq!(m("00:15"), Ok(Some(15)));
        assert_eq!(m("23:59"), Ok(Some(1439)));
        assert_eq!(m("90"), Ok(Some(90)));
        assert!(m("1 30").is_err());
        assert!(m("pian").is_err());
        let time = |v| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, true));
        assert_eq!(response_minutes(&time(0.010416666666666666)), Ok(Some(15)));
        assert_eq!(
            response_minutes(&time(0.999_305_555_555_555_6)),
            Ok(Some(1439))
        );
        assert!(response_minutes(&time(46023.0)).is_err());
        let span = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(response_minutes(&span), Ok(Some(2160)));
        assert_eq!(
            response_minutes(&Data::DurationIso("PT1H30M0S".into())),
            Ok(Some(90))
        );
    }

    #[test]
    fn fills() {
        use Colour::*;
        for (rgb, want) in [
            ((0xC6, 0xEF, 0xCE), Green),
            ((0x92, 0xD0, 0x50), Green),
            ((0x00, 0xB0, 0x50), Green),
            ((0xFF, 0xEB, 0x9C), Yellow),
            ((0xFF, 0xFF, 0x00), Yellow),
            ((0xFF, 0xC0, 0x00), Yellow),
            ((0xFF, 0xC7, 0xCE), Red),
            ((0xFF, 0x00, 0x00), Red),
            ((0xC0, 0x00, 0x00), Red),
        ] {
            assert_eq!(
                classify_fill(rgb.0, rgb.1, rgb.2),
                FillSays::Colour(want),
                "{rgb:?}"
            );
        }
        assert_eq!(classify_fill(0xFF, 0xFF, 0xFF), FillSays::Nothing);
        assert_eq!(classify_fill(0xD9, 0xD9, 0xD9), FillSays::Nothing);
        assert_eq!(
            classify_fill(0x4F, 0x81, 0xBD),
            FillSays::Unclear("4F81BD".into())
        );
    }
}
