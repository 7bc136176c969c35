//! The demo's nine critical systems: who owns each, when and why it is critical, whom its
//! disruption concerns and through which channels, and its backup arrangements.

use super::{backups, system_id, vendor_id};
use mim_domain::Language;
use mim_domain::impact::{Colour, ImpactMatrix, UserBands};
use mim_domain::register::{
    Audience, AudienceKind, Channel, CommunicationPlan, CriticalSystem, NamedPerson, OwnerKind,
    SystemOwner,
};

/// Stricter than the organisation default: patient safety makes even a few users yellow, and
/// at red the decision to start MIM is due within 10 minutes, as agreed when the matrix was
/// last reviewed (yellow is the MIM contact person's call, with no fixed time).
fn potilastieto_matrix() -> ImpactMatrix {
    use Colour::{Green as G, Red as R, Yellow as Y};
    let cells = vec![[G, Y, Y, R], [Y, Y, R, R], [Y, R, R, R], [R, R, R, R]];
    let at_red = |row: &[Colour; 4]| row.map(|c| (c == R).then_some(10));
    let minutes = cells.iter().map(at_red).collect();
    ImpactMatrix::new(UserBands::default_bands(), cells)
        .expect("four rows for four bands")
        .with_valid_from(chrono::NaiveDate::from_ymd_opt(2025, 9, 1))
        .with_response_minutes(minutes)
        .expect("one row of target times per band")
}

/// An owner; `n` numbers the phone (`+358 40 000 0nnn`), `email` the address before `@`.
fn owner(name: &str, kind: OwnerKind, n: u32, email: &str) -> Option<SystemOwner> {
    Some(SystemOwner {
        name: name.to_owned(),
        kind,
        phone: Some(format!("+358 40 000 0{n:03}")),
        email: Some(format!("{email}@example.invalid")),
    })
}

fn audience(kind: AudienceKind, label: Option<&str>, channels: &[Channel]) -> Audience {
    Audience {
        channels: channels.to_vec(),
        ..Audience::of(kind, label)
    }
}

fn plan(
    audiences: Vec<Audience>,
    channels: &[Channel],
    languages: &[Language],
) -> CommunicationPlan {
    CommunicationPlan {
        audiences,
        channels: channels.to_vec(),
        languages: languages.to_vec(),
    }
}

pub(super) fn systems(person: &dyn Fn(&str) -> NamedPerson) -> Vec<CriticalSystem> {
    use AudienceKind as A;
    use Channel::{Email, Intranet, Phone, Sms, StatusPage, Teams, Website};
    use Language::{En, Fi, Sv};
    use OwnerKind::{Person, Unit};
    let system =
        |id: &str, name: &str, aliases: &[&str], user_count: u32, vendor: &str| CriticalSystem {
            id: system_id(id),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            owner: None,
            criticality_notes: None,
            user_count,
            vendor: Some(vendor_id(vendor)),
            mim_contact: None,
            mim_contact_deputy: None,
            matrix: None,
            backup_arrangements: Vec::new(),
            communication_plan: CommunicationPlan::default(),
            selectors: Vec::new(),
        };
    let notes = |s: &str| Some(s.to_owned());

    vec![
        CriticalSystem {
            owner: owner("Kasvatus- ja opetuspalvelut", Unit, 201, "opetuspalvelut"),
            criticality_notes: notes(
                "Kriittinen koulupäivinä klo 7–17: poissaolot, huoltajien viestit ja \
                 arvioinnit. Loma-aikoina vähemmän kriittinen, paitsi todistusten ja \
                 yhteishaun aikaan.",
            ),
            backup_arrangements: backups::wilma(),
            communication_plan: plan(
                vec![
                    audience(
                        A::Units,
                        Some("Koulujen rehtorit ja koulusihteerit"),
                        &[Email, Teams],
                    ),
                    audience(
                        A::EndUsers,
                        Some("Opettajat, oppilaat ja huoltajat"),
                        &[Website, Sms],
                    ),
                    audience(A::ServiceDesk, None, &[Teams]),
                    audience(A::Vendor, None, &[Email]),
                ],
                &[Email, Teams, Sms, Website],
                &[Fi, Sv],
            ),
            ..system(
                "wilma",
                "Wilma",
                &["kouluhallinto", "oppilashallinto", "Wilma-sovellus"],
                5200,
                "koulutieto",
            )
        },
        CriticalSystem {
            owner: owner(
                "Kaisa Rinne, johtava ylilääkäri",
                Person,
                202,
                "kaisa.rinne",
            ),
            criticality_notes: notes(
                "Potilasturvallisuuden vuoksi kriittinen ympäri vuorokauden: päivystys, \
                 vuodeosasto ja kotihoito tarvitsevat potilastiedot jatkuvasti.",
            ),
            mim_contact: Some(person("mimvarahenkilo")),
            mim_contact_deputy: Some(person("mimyhteys")),
            matrix: Some(potilastieto_matrix()),
            backup_arrangements: backups::potilastieto(),
            communication_plan: plan(
                vec![
                    audience(
                        A::Units,
                        Some("Terveysasemat, päivystys ja vuodeosasto"),
                        &[Phone, Sms, Teams],
                    ),
                    audience(A::Staff, Some("Terveyspalvelujen henkilöstö"), &[Intranet]),
                    audience(
                        A::Stakeholders,
                        Some("Hyvinvointialueen valmiuspäällikkö"),
                        &[Phone, Email],
                    ),
                    audience(A::ManagementGroup, None, &[Phone, Sms]),
                    audience(A::Vendor, None, &[Phone]),
                ],
                &[Phone, Sms, Teams, Intranet, Email],
                &[Fi, Sv],
            ),
            ..system(
                "potilastieto",
                "Potilastietojärjestelmä",
                &["potilastiedot", "PTJ", "terveyskeskuksen järjestelmä"],
                850,
                "terveysdata",
            )
        },
        CriticalSystem {
            owner: owner("Tietohallinto, infrapalvelut", Unit, 203, "infrapalvelut"),
            criticality_notes: notes(
                "Sisäinen ja ulkoinen viestintä sekä kirjaamon ja asiakaspalvelun \
                 sähköpostit. Häiriön aikana tiedotus ei voi käyttää sähköpostia.",
            ),
            backup_arrangements: backups::sahkoposti(),
            communication_plan: plan(
                vec![
                    audience(A::Staff, None, &[Intranet, Teams]),
                    audience(A::Residents, Some("Kuntalaiset ja asiakkaat"), &[Website]),
                    audience(A::ServiceDesk, None, &[Teams]),
                    audience(A::Vendor, None, &[Phone]),
                ],
                &[Intranet, Teams, Website, Phone],
                &[Fi, Sv, En],
            ),
            ..system(
                "sahkoposti",
                "Sähköposti",
                &["email", "Outlook", "posti", "sähköpostipalvelu"],
                3200,
                "kuntapilvi",
            )
        },
        CriticalSystem {
            owner: owner(
                "Riikka Aalto, asiakaspalvelupäällikkö",
                Person,
                204,
                "riikka.aalto",
            ),
            criticality_notes: notes(
                "Asiakaspalvelunumero ja palvelunumerot: kriittinen virka-aikana klo 8–16, \
                 sosiaalipäivystyksen numerot ympäri vuorokauden.",
            ),
            backup_arrangements: backups::puhelinvaihde(),
            communication_plan: plan(
                vec![
                    audience(A::Residents, None, &[Website, StatusPage]),
                    audience(A::Staff, None, &[Intranet, Teams]),
                    audience(
                        A::Stakeholders,
                        Some("Hätäkeskus ja sosiaalipäivystys"),
                        &[Sms],
                    ),
                ],
                &[Website, StatusPage, Intranet, Teams, Sms],
                &[Fi, Sv, En],
            ),
            ..system(
                "puhelinvaihde",
                "Puhelinvaihde",
                &["vaihde", "puhelimet", "asiakaspalvelunumero"],
                3000,
                "pohjoisverkko",
            )
        },
        CriticalSystem {
            owner: owner(
                "Henkilöstöpalvelut, palkkahallinto",
                Unit,
                205,
                "palkkahallinto",
            ),
            criticality_notes: notes(
                "Kriittinen erityisesti palkanmaksupäivää (kuun 15. päivä) edeltävinä \
                 viitenä arkipäivänä; muulloin katko voi odottaa seuraavaan arkipäivään.",
            ),
            backup_arrangements: backups::palkat(),
            communication_plan: plan(
                vec![
                    audience(A::Staff, Some("Koko henkilöstö"), &[Intranet, Email]),
                    audience(A::Other, Some("Pääluottamusmiehet"), &[Email]),
                    audience(A::ManagementGroup, None, &[Teams]),
                    audience(A::Vendor, None, &[Email]),
                ],
                &[Intranet, Email, Teams],
                &[Fi, Sv],
            ),
            ..system(
                "palkat",
                "Palkanlaskenta",
                &["palkat", "palkkajärjestelmä", "palkkahallinto"],
                45,
                "lahitalous",
            )
        },
        CriticalSystem {
            owner: owner("Mari Kallio, hallintojohtaja", Person, 206, "mari.kallio"),
            criticality_notes: notes(
                "Kirjaamo, päätöksenteko ja asiakirjojen julkaisu. Lakisääteiset \
                 määräajat (valitusajat, oikaisuvaatimukset) tekevät yli päivän katkosta \
                 kriittisen.",
            ),
            backup_arrangements: backups::asianhallinta(),
            communication_plan: plan(
                vec![
                    audience(
                        A::Units,
                        Some("Kirjaamo ja toimielinten sihteerit"),
                        &[Teams, Email],
                    ),
                    audience(A::ManagementGroup, None, &[Teams]),
                    audience(A::Residents, None, &[Website]),
                ],
                &[Teams, Email, Website],
                &[Fi, Sv],
            ),
            ..system(
                "asianhallinta",
                "Asianhallinta",
                &["diaari", "asiakirjahallinta", "kirjaamo", "päätöksenteko"],
                700,
                "kuntapilvi",
            )
        },
        CriticalSystem {
            owner: owner("Tietohallinto, verkkopalvelut", Unit, 207, "verkkopalvelut"),
            criticality_notes: notes(
                "Kaikkien toimipisteiden yhteydet: katko pysäyttää useimmat muut \
                 järjestelmät. Terveysasemat ja vesilaitos ovat kriittisimmät. Sisäiset \
                 kanavat eivät toimi katkon aikana, siksi tekstiviesti ja puhelin.",
            ),
            mim_contact: Some(person("mimyhteys")),
            mim_contact_deputy: Some(person("mimvarahenkilo")),
            backup_arrangements: backups::kuntaverkko(),
            communication_plan: plan(
                vec![
                    audience(A::Staff, None, &[Sms]),
                    audience(
                        A::Units,
                        Some("Terveysasemat, vesilaitos ja kaupungintalo"),
                        &[Phone, Sms],
                    ),
                    audience(A::ManagementGroup, None, &[Phone, Sms]),
                    audience(A::ServiceDesk, None, &[Phone]),
                    audience(A::Vendor, None, &[Phone]),
                    audience(A::Residents, None, &[Website]),
                ],
                &[Sms, Phone, Website],
                &[Fi, Sv],
            ),
            ..system(
                "kuntaverkko",
                "Kuntaverkko",
                &["verkko", "lähiverkko", "WLAN", "VPN", "nettiyhteys"],
                3400,
                "pohjoisverkko",
            )
        },
        CriticalSystem {
            owner: owner(
                "Sari Lahtinen, kirjastotoimenjohtaja",
                Person,
                208,
                "sari.lahtinen",
            ),
            criticality_notes: notes(
                "Vähiten kriittinen: lainaus jatkuu offline-tilassa. Kriittinen vasta, kun \
                 katko jatkuu yli vuorokauden.",
            ),
            backup_arrangements: backups::kirjasto(),
            communication_plan: plan(
                vec![
                    audience(A::Residents, Some("Kirjaston asiakkaat"), &[Website]),
                    audience(A::Units, Some("Kirjastojen henkilökunta"), &[Email, Teams]),
                ],
                &[Website, Email, Teams],
                &[Fi, Sv, En],
            ),
            ..system(
                "kirjasto",
                "Kirjastojärjestelmä",
                &["kirjasto", "lainaus", "verkkokirjasto"],
                90,
                "koulutieto",
            )
        },
        CriticalSystem {
            owner: owner(
                "Terveyspalvelujen asiakasohjaus",
                Unit,
                209,
                "asiakasohjaus",
            ),
            criticality_notes: notes(
                "Sähköinen ajanvaraus ja tekstiviestimuistutukset; katko ohjaa asiakkaat \
                 puhelinpalveluun, joka ruuhkautuu nopeasti.",
            ),
            backup_arrangements: backups::ajanvaraus(),
            communication_plan: plan(
                vec![
                    audience(A::Residents, Some("Asiakkaat"), &[Website, Sms]),
                    audience(
                        A::Units,
                        Some("Asiakasohjaus ja puhelinpalvelu"),
                        &[Teams, Phone],
                    ),
                    audience(A::Vendor, None, &[Phone]),
                ],
                &[Website, Sms, Teams, Phone],
                &[Fi, Sv, En],
            ),
            ..system(
                "ajanvaraus",
                "Ajanvaraus",
                &[
                    "sähköinen ajanvaraus",
                    "nettiajanvaraus",
                    "ajanvarauspalvelu",
                ],
                400,
                "terveysdata",
            )
        },
    ]
}
