//! What an SMS costs before it is sent: GSM 03.38 (7-bit) when every character is in its
//! alphabet, UCS-2 otherwise, and how many segments that makes.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmsEncoding {
    Gsm7,
    Ucs2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SmsSize {
    pub encoding: SmsEncoding,
    /// Septets for GSM-7 (an extension character takes two), UTF-16 units for UCS-2.
    pub units: usize,
    pub segments: usize,
}

/// The GSM 03.38 basic character set (ä, ö, å, Ä, Ö, Å, é, ü among them).
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Characters of the extension table: each costs an escape and itself.
const EXTENSION: &str = "^{}\\[~]|€\u{000C}";

fn gsm_cost(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// The size of `text` as an SMS.
pub fn sms_size(text: &str) -> SmsSize {
    match text.chars().map(gsm_cost).collect::<Option<Vec<usize>>>() {
        // 160 septets in one message; 153 a part when split (the rest is the
        // concatenation header).
        Some(costs) => size(SmsEncoding::Gsm7, &costs, 160, 153),
        // 70 UTF-16 units in one, 67 a part.
        None => {
            let costs: Vec<usize> = text.chars().map(char::len_utf16).collect();
            size(SmsEncoding::Ucs2, &costs, 70, 67)
        }
    }
}

/// Packs characters of `costs` into parts; a character (an escaped one, a surrogate pair) is
/// never cut between two parts.
fn size(encoding: SmsEncoding, costs: &[usize], single: usize, part: usize) -> SmsSize {
    let units: usize = costs.iter().sum();
    let segments = match units {
        0 => 0,
        n if n <= single => 1,
        _ => {
            let (mut parts, mut fill) = (1, 0);
            for &cost in costs {
                if fill + cost > part {
                    parts += 1;
                    fill = 0;
                }
                fill += cost;
            }
            parts
        }
    };
    SmsSize {
        encoding,
        units,
        segments,
    }
}
