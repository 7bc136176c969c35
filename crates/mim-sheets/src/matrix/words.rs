//! Every word the workbook shows or recognises, in Finnish, Swedish and English: the headings
//! and texts the export writes, and the words and synonyms the import accepts for severities,
//! colours and column headings. Terms follow GLOSSARY.md (rows 22–34) so that a printed matrix
//! reads the same as the rest of mim; the accepted synonyms add what organisations write in
//! their own sheets (low/medium/high/critical, the process's verb forms, amber).

use mim_domain::Language;
use mim_domain::impact::{Colour, Severity};

/// The texts of one language for the exported workbook.
pub(crate) struct Words {
    pub overview_sheet: &'static str,
    pub template_sheet: &'static str,
    pub overview_title: &'static str,
    pub matrix_title: &'static str,
    pub template_title: &'static str,
    pub time_zone: &'static str,
    pub users_heading: &'static str,
    pub response_heading: &'static str,
    pub severities: [&'static str; 4],
    pub severity_meanings: [&'static str; 4],
    pub severities_heading: &'static str,
    pub colours: [&'static str; 3],
    pub legend_heading: &'static str,
    /// `{contact}` is replaced by " (name)" or nothing.
    pub colour_meanings: [&'static str; 3],
    pub details_heading: &'static str,
    pub detail_name: &'static str,
    pub detail_id: &'static str,
    pub detail_aliases: &'static str,
    pub detail_user_count: &'static str,
    pub detail_owner: &'static str,
    pub detail_vendor: &'static str,
    pub detail_vendor_contact: &'static str,
    pub detail_mim_contact: &'static str,
    pub detail_notes: &'static str,
    pub detail_valid_from: &'static str,
    pub backups_heading: &'static str,
    pub backup_columns: [&'static str; 4],
    pub deciders: [&'static str; 2],
    pub no_backups: &'static str,
    pub systems_heading: &'static str,
    pub systems_columns: [&'static str; 5],
    pub instructions_heading: &'static str,
    pub instructions: &'static [&'static str],
    pub template_instructions: &'static [&'static str],
    pub response_note: &'static str,
}

const FI: Words = Words {
    overview_sheet: "Ohjeet",
    template_sheet: "Uusi järjestelmä",
    overview_title: "Vaikuttavuusmatriisit",
    matrix_title: "Vaikuttavuusmatriisi",
    template_title: "Pohja: uusi järjestelmä",
    time_zone: "Aikavyöhyke",
    users_heading: "Käyttäjiä",
    response_heading: "Vasteaika (min)",
    severities: ["vähäinen", "haittaava", "työtä häiritsevä", "työn estävä"],
    severity_meanings: [
        "työ jatkuu normaalisti",
        "työ jatkuu lisävaivalla",
        "merkittävä osa työstä hidastuu tai vaatii kiertotien",
        "työtä ei voi tehdä, kiertotietä ei ole",
    ],
    severities_heading: "Vakavuustasot",
    colours: ["vihreä", "keltainen", "punainen"],
    legend_heading: "Värien merkitys",
    colour_meanings: [
        "normaali häiriöprosessi: tukipalvelu hoitaa häiriön tavalliseen tapaan",
        "soita MIM-yhteyshenkilölle{contact}, joka päättää MIM:n käynnistämisestä",
        "MIM:n käynnistäminen: käynnistä laajamittaisen häiriön hallinta (MIM-prosessi)",
    ],
    details_heading: "Järjestelmän tiedot",
    detail_name: "Järjestelmä",
    detail_id: "Tunniste",
    detail_aliases: "Muut nimet",
    detail_user_count: "Käyttäjämäärä yhteensä",
    detail_owner: "Palvelun omistaja",
    detail_vendor: "Palveluntoimittaja",
    detail_vendor_contact: "Toimittajan yhteystiedot",
    detail_mim_contact: "MIM-yhteyshenkilö",
    detail_notes: "Kriittisyyden huomiot",
    detail_valid_from: "Voimassa alkaen",
    backups_heading: "Varajärjestelyt",
    backup_columns: [
        "Varajärjestely",
        "Kuvaus",
        "Päättäjä",
        "Kustannus tai riski",
    ],
    deciders: ["tietohallinto", "johtoryhmä"],
    no_backups: "Varajärjestelyjä ei ole kirjattu.",
    systems_heading: "Kriittiset järjestelmät",
    systems_columns: [
        "Nimi",
        "Tunniste",
        "Välilehti",
        "Käyttäjämäärä yhteensä",
        "Voimassa alkaen",
    ],
    instructions_heading: "Näin käytät tätä työkirjaa",
    instructions: &[
        "Jokaisella kriittisellä järjestelmällä on oma välilehti ja oma vaikuttavuusmatriisi.",
        "Rivit ovat häiriön vaikutuspiirissä olevien käyttäjien määrä, sarakkeet vakavuus.",
        "Kirjoita soluun vihreä, keltainen tai punainen; pelkkä solun väri riittää myös, mutta sana näkyy kaikille.",
        "Vasteaika-taulukkoon voi kirjoittaa päätöksen tavoiteajan minuutteina (tyhjä = ei tavoitetta).",
        "Uuden järjestelmän saat kopioimalla välilehden \"Uusi järjestelmä\" ja kirjoittamalla järjestelmän nimen.",
        "Tuo muutettu työkirja takaisin mimiin; mim näyttää ensin, mitä muuttuisi.",
    ],
    template_instructions: &[
        "Kopioi tämä välilehti, anna sille järjestelmän nimi ja kirjoita nimi kohtaan Järjestelmä.",
        "Solut on esitäytetty organisaation oletusmatriisilla; muuta ne, jotka poikkeavat.",
        "Välilehti, jolla järjestelmän nimi on tyhjä, jätetään tuonnissa huomiotta.",
    ],
    response_note: "Tavoiteaika päätökselle, minuutteina.",
};

const SV: Words = Words {
    overview_sheet: "Anvisningar",
    template_sheet: "Nytt system",
    overview_title: "Påverkansmatriser",
    matrix_title: "Påverkansmatris",
    template_title: "Mall: nytt system",
    time_zone: "Tidszon",
    users_heading: "Användare",
    response_heading: "Svarstid (min)",
    severities: [
        "ringa",
        "besvärande",
        "arbetsstörande",
        "förhindrar arbetet",
    ],
    severity_meanings: [
        "arbetet fortsätter normalt",
        "arbetet fortsätter med extra besvär",
        "en betydande del av arbetet går långsammare eller kräver ett alternativt tillvägagångssätt",
        "arbetet kan inte utföras, det finns inget alternativt tillvägagångssätt",
    ],
    severities_heading: "Allvarlighetsgrader",
    colours: ["grön", "gul", "röd"],
    legend_heading: "Färgernas betydelse",
    colour_meanings: [
        "normal incidenthantering: användarstödet hanterar störningen som vanligt",
        "ring kontaktpersonen för omfattande störningar{contact}, som beslutar om MIM ska aktiveras",
        "aktivering av MIM: starta hanteringen av omfattande störningar (MIM-processen)",
    ],
    details_heading: "Uppgifter om systemet",
    detail_name: "System",
    detail_id: "Identifierare",
    detail_aliases: "Andra namn",
    detail_user_count: "Antal användare totalt",
    detail_owner: "Tjänsteägare",
    detail_vendor: "Tjänsteleverantör",
    detail_vendor_contact: "Leverantörens kontaktuppgifter",
    detail_mim_contact: "Kontaktperson för omfattande störningar",
    detail_notes: "Anmärkningar om kritikalitet",
    detail_valid_from: "Giltig från",
    backups_heading: "Reservarrangemang",
    backup_columns: [
        "Reservarrangemang",
        "Beskrivning",
        "Beslutsfattare",
        "Kostnad eller risk",
    ],
    deciders: ["IT-förvaltningen", "ledningsgruppen"],
    no_backups: "Inga reservarrangemang har registrerats.",
    systems_heading: "Kritiska system",
    systems_columns: [
        "Namn",
        "Identifierare",
        "Flik",
        "Antal användare totalt",
        "Giltig från",
    ],
    instructions_heading: "Så här använder du arbetsboken",
    instructions: &[
        "Varje kritiskt system har en egen flik och en egen påverkansmatris.",
        "Raderna är antalet berörda användare, kolumnerna allvarlighetsgraden.",
        "Skriv grön, gul eller röd i cellen; enbart cellens färg räcker också, men ordet syns för alla.",
        "I tabellen Svarstid kan du ange måltiden för beslutet i minuter (tom = inget mål).",
        "Ett nytt system får du genom att kopiera fliken \"Nytt system\" och skriva systemets namn.",
        "Importera den ändrade arbetsboken till mim; mim visar först vad som skulle ändras.",
    ],
    template_instructions: &[
        "Kopiera fliken, ge den systemets namn och skriv namnet vid System.",
        "Cellerna är förifyllda med organisationens standardmatris; ändra de som avviker.",
        "En flik där systemets namn är tomt hoppas över vid importen.",
    ],
    response_note: "Måltid för beslutet, i minuter.",
};

const EN: Words = Words {
    overview_sheet: "Instructions",
    template_sheet: "New system",
    overview_title: "Impact matrices",
    matrix_title: "Impact matrix",
    template_title: "Template: new system",
    time_zone: "Time zone",
    users_heading: "Users",
    response_heading: "Response time (min)",
    severities: ["minor", "inconvenient", "disrupts work", "prevents work"],
    severity_meanings: [
        "work goes on normally",
        "work goes on with extra effort",
        "a significant part of work is slowed or needs a workaround",
        "work cannot be done, there is no workaround",
    ],
    severities_heading: "Severity levels",
    colours: ["green", "yellow", "red"],
    legend_heading: "What the colours mean",
    colour_meanings: [
        "standard incident process: the service desk handles the disruption as usual",
        "call the MIM contact person{contact}, who decides whether to start MIM",
        "declare a major incident: start the MIM process",
    ],
    details_heading: "System details",
    detail_name: "System",
    detail_id: "Identifier",
    detail_aliases: "Other names",
    detail_user_count: "Users in total",
    detail_owner: "Service owner",
    detail_vendor: "Vendor",
    detail_vendor_contact: "Vendor contact",
    detail_mim_contact: "MIM contact person",
    detail_notes: "Criticality notes",
    detail_valid_from: "Valid from",
    backups_heading: "Backup arrangements",
    backup_columns: [
        "Backup arrangement",
        "Description",
        "Decided by",
        "Cost or risk",
    ],
    deciders: ["IT management", "management group"],
    no_backups: "No backup arrangements recorded.",
    systems_heading: "Critical systems",
    systems_columns: [
        "Name",
        "Identifier",
        "Sheet",
        "Users in total",
        "Valid from",
    ],
    instructions_heading: "How to use this workbook",
    instructions: &[
        "Each critical system has its own sheet and its own impact matrix.",
        "Rows are the number of affected users, columns the severity.",
        "Write green, yellow or red in a cell; a cell's fill colour alone is also read, but the word is what everyone sees.",
        "The Response time table may give the target time for the decision in minutes (empty = no target).",
        "For a new system, copy the sheet \"New system\" and write the system's name.",
        "Import the edited workbook back into mim; mim first shows what would change.",
    ],
    template_instructions: &[
        "Copy this sheet, name it after the system and write the name next to System.",
        "The cells start from the organisation's default matrix; change those that differ.",
        "A sheet whose system name is empty is skipped on import.",
    ],
    response_note: "Target time for the decision, in minutes.",
};

pub(crate) fn words(lang: Language) -> &'static Words {
    match lang {
        Language::Fi => &FI,
        Language::Sv => &SV,
        Language::En => &EN,
    }
}

impl Words {
    pub fn severity(&self, s: Severity) -> &'static str {
        self.severities[s.index()]
    }

    pub fn colour(&self, c: Colour) -> &'static str {
        self.colours[colour_index(c)]
    }

    pub fn colour_meaning(&self, c: Colour, contact: Option<&str>) -> String {
        let contact = contact
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        self.colour_meanings[colour_index(c)].replace("{contact}", &contact)
    }
}

pub(crate) fn colour_index(c: Colour) -> usize {
    match c {
        Colour::Green => 0,
        Colour::Yellow => 1,
        Colour::Red => 2,
    }
}

/// Lower case, every kind of space made one plain space, and what people add around a word
/// dropped: text in parentheses, anything after the first line, punctuation. So that
/// "Vasteaika (min)", " KÄYTTÄJIÄ\u{a0}≥ " and "Väri:" match their plain forms.
pub(crate) fn normalise(text: &str) -> String {
    let first_line = text.trim().lines().next().unwrap_or("");
    let mut out = String::with_capacity(first_line.len());
    let mut depth = 0usize;
    for ch in first_line.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            '-' | '\'' | ':' => out.push(if ch == ':' { ' ' } else { ch }),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`normalise`], minus a trailing unit, for headings such as "Vasteaika, min".
fn normalise_heading(text: &str) -> String {
    let n = normalise(text);
    for unit in [" min", " minuutteina", " minuuttia", " minutes", " minuter"] {
        if let Some(stripped) = n.strip_suffix(unit) {
            return stripped.to_string();
        }
    }
    n
}

const SEVERITY_WORDS: [&[&str]; 4] = [
    &[
        "vähäinen",
        "vähäinen haitta",
        "matala",
        "ringa",
        "låg",
        "minor",
        "low",
    ],
    &[
        "haittaava",
        "haittaa työtä",
        "keskitaso",
        "keskisuuri",
        "besvärande",
        "medel",
        "medelhög",
        "inconvenient",
        "hampering",
        "medium",
    ],
    &[
        "työtä häiritsevä",
        "häiritsee työtä",
        "korkea",
        "arbetsstörande",
        "stör arbetet",
        "hög",
        "disrupts work",
        "high",
    ],
    &[
        "työn estävä",
        "estää työn",
        "kriittinen",
        "förhindrar arbetet",
        "arbetshindrande",
        "kritisk",
        "prevents work",
        "work-stopping",
        "work stopping",
        "critical",
    ],
];

const COLOUR_WORDS: [&[&str]; 3] = [
    &["vihreä", "grön", "grönt", "green"],
    &["keltainen", "gul", "gult", "yellow", "amber"],
    &["punainen", "röd", "rött", "red"],
];

/// The severity a heading or cell names, in any of the three languages (also mim's own
/// codes such as `disrupts_work`, which normalising turns into words).
pub(crate) fn parse_severity(text: &str) -> Option<Severity> {
    let n = normalise(text);
    SEVERITY_WORDS
        .iter()
        .position(|words| words.contains(&n.as_str()))
        .map(|i| Severity::ALL[i])
}

/// The colour a cell names, in any of the three languages.
pub(crate) fn parse_colour(text: &str) -> Option<Colour> {
    let n = normalise(text);
    COLOUR_WORDS
        .iter()
        .position(|words| words.contains(&n.as_str()))
        .map(|i| Colour::ALL[i])
}

/// The columns a flat list may have; the first four are required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    System,
    Users,
    Severity,
    Colour,
    ValidFrom,
    Response,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::System,
        Column::Users,
        Column::Severity,
        Column::Colour,
        Column::ValidFrom,
        Column::Response,
    ];

    /// The name used in error messages: the Finnish heading and its English meaning, so that
    /// the person fixing the file can find the column whichever language they wrote it in.
    pub fn describe(self) -> &'static str {
        match self {
            Column::System => "system (Järjestelmä / System)",
            Column::Users => "users at least (Käyttäjiä vähintään / Användare minst)",
            Column::Severity => "severity (Vakavuus / Allvarlighetsgrad)",
            Column::Colour => "colour (Väri / Färg)",
            Column::ValidFrom => "valid from (Voimassa alkaen / Giltig från)",
            Column::Response => "response time (Vasteaika / Svarstid)",
        }
    }

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Column::System => &[
                "järjestelmä",
                "järjestelmän nimi",
                "järjestelmän tunniste",
                "kriittinen järjestelmä",
                "palvelu",
                "system",
                "systemets namn",
                "systemnamn",
                "kritiskt system",
                "tjänst",
                "system name",
                "system id",
                "critical system",
                "service",
            ],
            Column::Users => &[
                "käyttäjiä vähintään",
                "käyttäjät vähintään",
                "vähintään käyttäjiä",
                "käyttäjämäärä vähintään",
                "käyttäjämäärä",
                "käyttäjiä",
                "käyttäjät",
                "användare minst",
                "minst användare",
                "antal användare minst",
                "antal användare",
                "användare",
                "users at least",
                "at least users",
                "min users",
                "minimum users",
                "users from",
                "affected users",
                "number of users",
                "users",
            ],
            Column::Severity => &[
                "vakavuus",
                "vakavuustaso",
                "vakavuusaste",
                "allvarlighetsgrad",
                "allvarlighet",
                "severity",
                "severity level",
            ],
            Column::Colour => &["väri", "färg", "colour", "color"],
            Column::ValidFrom => &[
                "voimassa alkaen",
                "voimassa",
                "alkaen",
                "voimaantulo",
                "giltig från",
                "gäller från",
                "giltig fr o m",
                "valid from",
                "effective from",
                "effective date",
                "valid since",
            ],
            Column::Response => &[
                "vasteaika",
                "tavoiteaika",
                "reagointiaika",
                "svarstid",
                "responstid",
                "reaktionstid",
                "response time",
                "response",
                "target time",
                "time to respond",
            ],
        }
    }

    /// Which column a heading names, if any.
    pub fn of_heading(text: &str) -> Option<Column> {
        let n = normalise_heading(text);
        if n.is_empty() {
            return None;
        }
        Column::ALL
            .into_iter()
            .find(|c| c.synonyms().contains(&n.as_str()))
    }
}

/// The facts a grid sheet states next to a label: which system it is and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    Name,
    Id,
    ValidFrom,
}

impl Detail {
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            // Not a bare "nimi" / "name" / "id": a contacts or backup table on the same
            // sheet has those headings, and its first entry would become the system's name.
            Detail::Name => &[
                "järjestelmä",
                "järjestelmän nimi",
                "system",
                "systemets namn",
                "systemnamn",
                "system name",
            ],
            Detail::Id => &[
                "tunniste",
                "järjestelmän tunniste",
                "identifierare",
                "systemets identifierare",
                "identifier",
                "system id",
            ],
            Detail::ValidFrom => Column::ValidFrom.synonyms(),
        }
    }

    pub fn of_label(text: &str) -> Option<Detail> {
        let n = normalise_heading(text);
        [Detail::Name, Detail::Id, Detail::ValidFrom]
            .into_iter()
            .find(|d| d.synonyms().contains(&n.as_str()))
    }

    /// "Järjestelmä: Wilma" in one cell: the label and the rest of the text.
    pub fn of_labelled_text(text: &str) -> Option<(Detail, String)> {
        let (label, value) = text.split_once(':')?;
        let detail = Detail::of_label(label)?;
        let value = value.trim();
        (!value.is_empty()).then(|| (detail, value.to_string()))
    }
}

/// Whether a grid's corner heading marks the response-time grid rather than the colours.
pub(crate) fn is_response_heading(text: &str) -> bool {
    Column::of_heading(text) == Some(Column::Response)
}

/// Whether a sheet's title says it is the blank template for a new system.
pub(crate) fn is_template_title(text: &str) -> bool {
    let n = normalise(text);
    ["pohja", "mall", "template"]
        .iter()
        .any(|w| n == *w || n.starts_with(&format!("{w} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_word_reads_back() {
        for lang in Language::ALL {
            let w = words(lang);
            for s in Severity::ALL {
                assert_eq!(parse_severity(w.severity(s)), Some(s), "{lang} {s:?}");
            }
            for c in Colour::ALL {
                assert_eq!(parse_colour(w.colour(c)), Some(c), "{lang} {c:?}");
            }
            assert!(is_response_heading(w.response_heading), "{lang}");
            assert!(is_template_title(w.template_title), "{lang}");
            assert_eq!(Detail::of_label(w.detail_name), Some(Detail::Name));
            assert_eq!(Detail::of_label(w.detail_id), Some(Detail::Id));
            assert_eq!(
                Detail::of_label(w.detail_valid_from),
                Some(Detail::ValidFrom)
            );
        }
    }

    #[test]
    fn normalising_drops_decoration() {
        assert_eq!(normalise("  Vasteaika (min) "), "vasteaika");
        assert_eq!(normalise("KÄYTTÄJIÄ\u{a0}≥"), "käyttäjiä");
        assert_eq!(normalise("Väri:"), "väri");
        assert_eq!(normalise("vähäinen\n(työ jatkuu)"), "vähäinen");
        assert_eq!(Column::of_heading("Vasteaika, min"), Some(Column::Response));
    }

    #[test]
    fn synonyms() {
        assert_eq!(parse_severity("Kriittinen"), Some(Severity::PreventsWork));
        assert_eq!(parse_severity("korkea"), Some(Severity::DisruptsWork));
        assert_eq!(parse_severity("MEDEL"), Some(Severity::Inconvenient));
        assert_eq!(parse_severity("low"), Some(Severity::Minor));
        assert_eq!(parse_severity("estää työn"), Some(Severity::PreventsWork));
        assert_eq!(
            parse_severity("disrupts_work"),
            Some(Severity::DisruptsWork)
        );
        assert_eq!(
            parse_severity("Work-stopping"),
            Some(Severity::PreventsWork)
        );
        for words in SEVERITY_WORDS.iter().chain(COLOUR_WORDS.iter()) {
            for w in words.iter() {
                assert_eq!(normalise(w), *w, "synonyms are stored normalised");
            }
        }
        assert_eq!(parse_colour("Amber"), Some(Colour::Yellow));
        assert_eq!(parse_colour("keltanen"), None);
    }
}
