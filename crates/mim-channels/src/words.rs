//! The few words channels add to a message themselves, in the message's language.

use mim_domain::Language;

/// Ends a shortened text, before the link.
pub(crate) fn full_text(lang: Language) -> &'static str {
    match lang {
        Language::Fi => "Koko teksti",
        Language::Sv => "Hela texten",
        Language::En => "Full text",
    }
}

/// Ends a shortened text that has no link to point to.
pub(crate) fn shortened(lang: Language) -> &'static str {
    match lang {
        Language::Fi => "(viesti lyhennetty)",
        Language::Sv => "(meddelandet förkortat)",
        Language::En => "(message shortened)",
    }
}

/// Introduces the attachments that go as links.
pub(crate) fn attachments(lang: Language) -> &'static str {
    match lang {
        Language::Fi => "Liitteet",
        Language::Sv => "Bilagor",
        Language::En => "Attachments",
    }
}

/// Said of an attachment too big to send that has no link either.
pub(crate) fn not_sent(lang: Language) -> &'static str {
    match lang {
        Language::Fi => "liian suuri lähetettäväksi",
        Language::Sv => "för stor för att skickas",
        Language::En => "too large to send",
    }
}

/// A small note on cards resent after a crash: readers may have seen it already.
pub(crate) fn possible_duplicate(lang: Language) -> &'static str {
    match lang {
        Language::Fi => "Tämä viesti on voitu lähettää jo aiemmin",
        Language::Sv => "Detta meddelande kan redan ha skickats",
        Language::En => "This message may have been sent before",
    }
}

/// Ends a list of alerts cut short: "+2 750 muuta hälytystä".
pub(crate) fn more_alerts(lang: Language, n: u64) -> String {
    let count = grouped(n, lang);
    match (lang, n) {
        (Language::Fi, 1) => format!("+{count} muu hälytys"),
        (Language::Fi, _) => format!("+{count} muuta hälytystä"),
        (Language::Sv, _) => format!("+{count} larm till"),
        (Language::En, 1) => format!("+{count} more alert"),
        (Language::En, _) => format!("+{count} more alerts"),
    }
}

/// A count with its thousands grouped as the language writes them: "2 750", "2,750". A
/// plain space rather than a no-break one, which is not in GSM-7 and would make an SMS UCS-2.
fn grouped(n: u64, lang: Language) -> String {
    let sep = match lang {
        Language::Fi | Language::Sv => ' ',
        Language::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_more_alerts() {
        assert_eq!(more_alerts(Language::Fi, 2_750), "+2 750 muuta hälytystä");
        assert_eq!(more_alerts(Language::Fi, 1), "+1 muu hälytys");
        assert_eq!(more_alerts(Language::Sv, 12), "+12 larm till");
        assert_eq!(
            more_alerts(Language::En, 1_234_567),
            "+1,234,567 more alerts"
        );
    }
}
