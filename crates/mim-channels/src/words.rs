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
