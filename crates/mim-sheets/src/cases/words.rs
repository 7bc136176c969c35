//! The export's own words in fi, sv and en: column headings, sheet names and the continuation
//! marker. Words the MIM form already has (event kinds, stages, section headings) come from
//! the interface catalogue through [`super::CaseExport::from_form`]; the few timeline headings
//! repeated here match that catalogue (a test compares them).

use chrono_tz::Tz;
use mim_domain::Language;
use mim_domain::impact::Colour;

pub(crate) struct Words {
    pub id: &'static str,
    pub system: &'static str,
    pub title: &'static str,
    pub impact: &'static str,
    pub users: &'static str,
    pub duration_h: &'static str,
    pub started: &'static str,
    pub ended: &'static str,
    pub cases_sheet: &'static str,
    pub continuation_sheet: &'static str,
    /// Words around the continuation marker: "… (jatkuu: Jatko!C2)".
    pub continues: &'static str,
    pub cell: &'static str,
    pub part: &'static str,
    pub text: &'static str,
    pub seq: &'static str,
    pub when: &'static str,
    pub what: &'static str,
    pub details: &'static str,
    pub who: &'static str,
    pub added_later: &'static str,
    pub recorded: &'static str,
}

pub(crate) fn words(lang: Language) -> &'static Words {
    match lang {
        Language::Fi => &FI,
        Language::Sv => &SV,
        Language::En => &EN,
    }
}

impl Words {
    /// A heading for a local time column, naming the organisation's zone.
    pub fn zoned(&self, heading: &str, tz: Tz) -> String {
        format!("{heading} ({})", tz.name())
    }
}

/// The colour as the impact column shows it.
pub(crate) fn colour_word(colour: Colour, lang: Language) -> &'static str {
    match (lang, colour) {
        (Language::Fi, Colour::Green) => "vihreä",
        (Language::Fi, Colour::Yellow) => "keltainen",
        (Language::Fi, Colour::Red) => "punainen",
        (Language::Sv, Colour::Green) => "grön",
        (Language::Sv, Colour::Yellow) => "gul",
        (Language::Sv, Colour::Red) => "röd",
        (Language::En, Colour::Green) => "green",
        (Language::En, Colour::Yellow) => "yellow",
        (Language::En, Colour::Red) => "red",
    }
}

static FI: Words = Words {
    id: "Tunnus",
    system: "Järjestelmä",
    title: "Otsikko",
    impact: "Vaikutus",
    users: "Käyttäjiä",
    duration_h: "Kesto (h)",
    started: "Alkoi",
    ended: "Päättyi",
    cases_sheet: "Tapaukset",
    continuation_sheet: "Jatko",
    continues: "jatkuu",
    cell: "Solu",
    part: "Osa",
    text: "Teksti",
    seq: "Nro",
    when: "Aika",
    what: "Tapahtuma",
    details: "Tiedot",
    who: "Tekijä",
    added_later: "lisätty jälkikäteen",
    recorded: "kirjattu",
};

static SV: Words = Words {
    id: "Beteckning",
    system: "System",
    title: "Rubrik",
    impact: "Påverkan",
    users: "Användare",
    duration_h: "Längd (h)",
    started: "Började",
    ended: "Slutade",
    cases_sheet: "Ärenden",
    continuation_sheet: "Fortsättning",
    continues: "fortsätter",
    cell: "Cell",
    part: "Del",
    text: "Text",
    seq: "Nr",
    when: "Tid",
    what: "Händelse",
    details: "Uppgifter",
    who: "Utförd av",
    added_later: "tillagd i efterhand",
    recorded: "registrerad",
};

static EN: Words = Words {
    id: "Id",
    system: "System",
    title: "Title",
    impact: "Impact",
    users: "Users",
    duration_h: "Duration (h)",
    started: "Started",
    ended: "Ended",
    cases_sheet: "Cases",
    continuation_sheet: "Continuation",
    continues: "continues",
    cell: "Cell",
    part: "Part",
    text: "Text",
    seq: "No.",
    when: "Time",
    what: "Event",
    details: "Details",
    who: "By",
    added_later: "added later",
    recorded: "recorded",
};
