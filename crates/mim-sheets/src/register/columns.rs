//! The columns of the systems CSV and their headings in Finnish, Swedish and English. A file
//! is read by its headings in any of the three, so a column may be left out or moved.

use crate::matrix::system_key as normalise;
use mim_domain::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Id,
    Name,
    Aliases,
    Users,
    Owner,
    OwnerKind,
    OwnerPhone,
    OwnerEmail,
    Vendor,
    MimContact,
    MimDeputy,
    CriticalityNotes,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Id,
        Column::Name,
        Column::Aliases,
        Column::Users,
        Column::Owner,
        Column::OwnerKind,
        Column::OwnerPhone,
        Column::OwnerEmail,
        Column::Vendor,
        Column::MimContact,
        Column::MimDeputy,
        Column::CriticalityNotes,
    ];

    /// The heading in `lang`.
    pub fn heading(self, lang: Language) -> &'static str {
        let [fi, sv, en] = self.headings();
        match lang {
            Language::Fi => fi,
            Language::Sv => sv,
            Language::En => en,
        }
    }

    fn headings(self) -> [&'static str; 3] {
        match self {
            Column::Id => ["Tunnus", "Id", "Id"],
            Column::Name => ["Nimi", "Namn", "Name"],
            Column::Aliases => ["Muut nimet", "Andra namn", "Aliases"],
            Column::Users => ["Käyttäjiä", "Användare", "Users"],
            Column::Owner => ["Omistaja", "Ägare", "Owner"],
            Column::OwnerKind => ["Omistajan tyyppi", "Ägartyp", "Owner kind"],
            Column::OwnerPhone => ["Omistajan puhelin", "Ägarens telefon", "Owner phone"],
            Column::OwnerEmail => ["Omistajan sähköposti", "Ägarens e-post", "Owner e-mail"],
            Column::Vendor => ["Toimittaja", "Leverantör", "Vendor"],
            Column::MimContact => ["MIM-yhteyshenkilö", "MIM-kontaktperson", "MIM contact"],
            Column::MimDeputy => ["MIM-varahenkilö", "MIM-ersättare", "MIM deputy"],
            Column::CriticalityNotes => ["Kriittisyys", "Kritikalitet", "Criticality notes"],
        }
    }

    /// The column a heading names, in any of the three languages, case and spaces aside.
    pub fn of_heading(text: &str) -> Option<Column> {
        let key = normalise(text);
        Column::ALL
            .into_iter()
            .find(|c| c.headings().iter().any(|h| normalise(h) == key))
    }
}

/// The owner kinds' words: (person, unit).
pub(crate) fn owner_kind_words(lang: Language) -> (&'static str, &'static str) {
    match lang {
        Language::Fi => ("henkilö", "yksikkö"),
        Language::Sv => ("person", "enhet"),
        Language::En => ("person", "unit"),
    }
}
