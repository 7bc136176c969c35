//! The demo register: a fictional Finnish municipality, Kuusijärven kaupunki (Granträsk stad),
//! with nine critical systems, five vendors, one user per role and one intake source per
//! format, so a fresh instance, a demo and the black-box tests all start from the same
//! believable data.
//!
//! A pure function: no IO, no clock, no randomness. Seeding it into a store is the caller's
//! job. Every name, company, e-mail address (`example.invalid`) and phone number
//! (`+358 40 000 0xxx`) here is invented.

use mim_domain::impact::{Colour, ImpactMatrix, UserBands};
use mim_domain::register::{
    AuthKind, BackupArrangement, BackupDecider, Contact, CriticalSystem, NamedPerson, Organisation,
    SourceFormat, Vendor,
};
use mim_domain::{Language, Role, SystemId, UserId, VendorId};

/// Everything the demo instance starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRegister {
    pub organisation: Organisation,
    pub vendors: Vec<Vendor>,
    pub systems: Vec<CriticalSystem>,
    pub users: Vec<DemoUser>,
    pub sources: Vec<DemoSource>,
}

/// A demo intake source, one per format, with a fixed secret so the README's examples work.
/// The secrets are public: never use them outside a demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSource {
    pub id: &'static str,
    pub name: &'static str,
    pub format: SourceFormat,
    pub auth: AuthKind,
    pub secret: &'static str,
}

/// A demo login. Passwords are not part of the register: whoever seeds the users sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    pub id: UserId,
    pub name: String,
    pub roles: Vec<Role>,
    /// For the vendor user: the vendor whose systems' cases they may see.
    pub vendor: Option<VendorId>,
    pub language: Language,
}

/// The demo municipality, its vendors, critical systems and users.
pub fn demo_register() -> DemoRegister {
    let users = users();
    let person = |id: &str| named(&users, id);

    let mut organisation = Organisation::new("Kuusijärven kaupunki");
    organisation.time_zone = chrono_tz::Europe::Helsinki;
    organisation.languages = vec![Language::Fi, Language::Sv, Language::En];
    organisation.mim_contact = Some(person("mimyhteys"));
    organisation.mim_contact_deputy = Some(person("mimvarahenkilo"));

    let systems = systems(&person);

    DemoRegister {
        organisation,
        vendors: vendors(),
        systems,
        users,
        sources: sources(),
    }
}

/// One source per format; each maps severities with CASES.md's mapping M, and zone-less
/// times are read in Helsinki time.
fn sources() -> Vec<DemoSource> {
    let source = |id, name, format, auth, secret| DemoSource {
        id,
        name,
        format,
        auth,
        secret,
    };
    vec![
        source(
            "alertmanager",
            "Prometheus Alertmanager",
            SourceFormat::Alertmanager,
            AuthKind::Bearer,
            "mim_i_demo_alertmanager",
        ),
        source(
            "grafana",
            "Grafana",
            SourceFormat::Grafana,
            AuthKind::Bearer,
            "mim_i_demo_grafana",
        ),
        source(
            "zabbix",
            "Zabbix",
            SourceFormat::Zabbix,
            AuthKind::Bearer,
            "mim_i_demo_zabbix",
        ),
        source(
            "azure-monitor",
            "Azure Monitor",
            SourceFormat::AzureMonitor,
            AuthKind::UrlSecret,
            "mim_i_demo_azure_monitor",
        ),
        source(
            "generic",
            "Palvelupisteen työkalu (generic)",
            SourceFormat::Generic,
            AuthKind::Hmac,
            "mim_i_demo_generic",
        ),
    ]
}

fn user_id(s: &str) -> UserId {
    UserId::new(s).expect("demo user ids are valid slugs")
}

fn system_id(s: &str) -> SystemId {
    SystemId::new(s).expect("demo system ids are valid slugs")
}

fn vendor_id(s: &str) -> VendorId {
    VendorId::new(s).expect("demo vendor ids are valid slugs")
}

fn named(users: &[DemoUser], id: &str) -> NamedPerson {
    let user = users
        .iter()
        .find(|u| u.id.as_str() == id)
        .expect("a demo named person is a demo user");
    NamedPerson {
        user: user.id.clone(),
        name: user.name.clone(),
    }
}

fn users() -> Vec<DemoUser> {
    let user = |id: &str, name: &str, role: Role, language: Language| DemoUser {
        id: user_id(id),
        name: name.to_owned(),
        roles: vec![role],
        vendor: None,
        language,
    };
    vec![
        user(
            "palvelupiste",
            "Sanna Virtanen",
            Role::ServiceDesk,
            Language::Fi,
        ),
        user(
            "mimyhteys",
            "Mikko Korhonen",
            Role::MimContact,
            Language::Fi,
        ),
        user(
            "mimvarahenkilo",
            "Liisa Mäkinen",
            Role::MimContact,
            Language::Fi,
        ),
        user(
            "tietohallinto",
            "Jukka Nieminen",
            Role::ItManagement,
            Language::Fi,
        ),
        user(
            "johtoryhma",
            "Päivi Hämäläinen",
            Role::ManagementGroup,
            Language::Fi,
        ),
        DemoUser {
            vendor: Some(vendor_id("terveysdata")),
            ..user("toimittaja", "Antti Laine", Role::Vendor, Language::Fi)
        },
        user(
            "sidosryhma",
            "Johanna Lindqvist",
            Role::Stakeholder,
            Language::Sv,
        ),
        user("todentaja", "Ville Koskinen", Role::Verifier, Language::Fi),
        user(
            "loppukayttaja",
            "Aino Järvinen",
            Role::EndUser,
            Language::Fi,
        ),
        user("admin", "Eero Lehtonen", Role::Admin, Language::Fi),
    ]
}

fn vendors() -> Vec<Vendor> {
    let vendor = |id: &str, name: &str, contact: &str, n: u32| Vendor {
        id: vendor_id(id),
        name: name.to_owned(),
        contact: Contact {
            name: contact.to_owned(),
            phone: Some(format!("+358 40 000 0{n:03}")),
            email: Some(format!("paivystys.{id}@example.invalid")),
        },
    };
    vec![
        vendor("koulutieto", "Koulutieto Oy", "Marja Salonen", 101),
        vendor("terveysdata", "Terveysdata Oy", "Antti Laine", 102),
        vendor("pohjoisverkko", "Pohjoisverkko Oy", "Timo Rantanen", 103),
        vendor("kuntapilvi", "Kuntapilvi Oy", "Heidi Karjalainen", 104),
        vendor("lahitalous", "Lähitalous Oy", "Petri Heinonen", 105),
    ]
}

/// Stricter than the organisation default: patient safety makes even a few users yellow.
fn potilastieto_matrix() -> ImpactMatrix {
    use Colour::{Green as G, Red as R, Yellow as Y};
    ImpactMatrix::new(
        UserBands::default_bands(),
        vec![[G, Y, Y, R], [Y, Y, R, R], [Y, R, R, R], [R, R, R, R]],
    )
    .expect("four rows for four bands")
}

fn backup(
    id: &str,
    name: &str,
    description: &str,
    decided_by: BackupDecider,
    cost_or_risk: &str,
) -> BackupArrangement {
    BackupArrangement {
        id: id.to_owned(),
        name: name.to_owned(),
        description: description.to_owned(),
        decided_by,
        cost_or_risk: Some(cost_or_risk.to_owned()),
    }
}

fn systems(person: &dyn Fn(&str) -> NamedPerson) -> Vec<CriticalSystem> {
    use BackupDecider::{ItManagement, ManagementGroup};
    let system =
        |id: &str, name: &str, aliases: &[&str], user_count: u32, vendor: &str| CriticalSystem {
            id: system_id(id),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            user_count,
            vendor: Some(vendor_id(vendor)),
            mim_contact: None,
            mim_contact_deputy: None,
            matrix: None,
            backup_arrangements: Vec::new(),
            selectors: Vec::new(),
        };

    vec![
        CriticalSystem {
            backup_arrangements: vec![
                backup(
                    "paperiset-poissaolot",
                    "Poissaolot paperilistoille",
                    "Opettajat kirjaavat poissaolot ja arvioinnit paperisille luokkalistoille; \
                     koulusihteerit vievät ne Wilmaan, kun järjestelmä toimii taas.",
                    ItManagement,
                    "Jälkikirjaus vie koulusihteeriltä noin päivän koulua kohden.",
                ),
                backup(
                    "tiedotteet-verkkosivuille",
                    "Huoltajatiedotteet koulujen verkkosivuille",
                    "Kiireelliset tiedotteet huoltajille julkaistaan koulujen verkkosivuilla \
                     ja tekstiviestillä Wilman viestien sijaan.",
                    ItManagement,
                    "Tekstiviestit maksavat noin 0,07 € kappale; kaikkien huoltajien \
                     numerot eivät ole ajan tasalla.",
                ),
            ],
            ..system(
                "wilma",
                "Wilma",
                &["kouluhallinto", "oppilashallinto", "Wilma-sovellus"],
                5200,
                "koulutieto",
            )
        },
        CriticalSystem {
            mim_contact: Some(person("mimvarahenkilo")),
            mim_contact_deputy: Some(person("mimyhteys")),
            matrix: Some(potilastieto_matrix()),
            backup_arrangements: vec![
                backup(
                    "paperikirjaus",
                    "Paperikirjaus ja vararaportointikanta",
                    "Vastaanotot kirjaavat käynnit paperilomakkeille; lääkärit ja hoitajat \
                     lukevat potilastiedot vararaportointikannasta lukuoikeuksin. \
                     Merkinnät siirretään järjestelmään palautumisen jälkeen.",
                    ManagementGroup,
                    "Potilasturvallisuusriski: vararaportointikannasta puuttuvat alle \
                     vuorokauden vanhat merkinnät. Jälkikirjaus vie 2–3 henkilötyöpäivää.",
                ),
                backup(
                    "kiireettomat-siirto",
                    "Kiireettömien vastaanottojen siirto",
                    "Kiireettömät vastaanottoajat siirretään ja asiakkaille ilmoitetaan \
                     tekstiviestillä; päivystys toimii paperikirjauksella.",
                    ManagementGroup,
                    "Hoitojonot pitenevät; siirretyt ajat on varattava uudelleen.",
                ),
            ],
            ..system(
                "potilastieto",
                "Potilastietojärjestelmä",
                &["potilastiedot", "PTJ", "terveyskeskuksen järjestelmä"],
                850,
                "terveysdata",
            )
        },
        CriticalSystem {
            backup_arrangements: vec![backup(
                "teams-viestinta",
                "Sisäinen viestintä Teamsissa",
                "Henkilöstön sisäinen viestintä siirtyy Teamsiin; kuntalaisille kerrotaan \
                 verkkosivuilla, että sähköpostit käsitellään viiveellä.",
                ItManagement,
                "Ulkoinen sähköposti ei kulje; saapuvat viestit odottavat toimittajan \
                 palvelimella enintään viisi vuorokautta.",
            )],
            ..system(
                "sahkoposti",
                "Sähköposti",
                &["email", "Outlook", "posti", "sähköpostipalvelu"],
                3200,
                "kuntapilvi",
            )
        },
        CriticalSystem {
            backup_arrangements: vec![backup(
                "matkapuhelinohjaus",
                "Asiakaspalvelunumeron ohjaus matkapuhelimiin",
                "Operaattori ohjaa kaupungin asiakaspalvelunumeron ja tärkeimmät \
                 palvelunumerot nimettyihin matkapuhelimiin.",
                ItManagement,
                "Ohjaus maksaa 250 € vuorokaudessa; jonotus ja takaisinsoitto eivät ole \
                 käytössä.",
            )],
            ..system(
                "puhelinvaihde",
                "Puhelinvaihde",
                &["vaihde", "puhelimet", "asiakaspalvelunumero"],
                3000,
                "pohjoisverkko",
            )
        },
        CriticalSystem {
            backup_arrangements: vec![
                backup(
                    "ennakkopalkka",
                    "Ennakkomaksu edellisen kuukauden mukaan",
                    "Palkat maksetaan ennakkona edellisen kuukauden palkka-aineiston \
                     mukaan; erot korjataan seuraavassa palkanmaksussa.",
                    ManagementGroup,
                    "Virheellisiä maksuja ja palkkahallinnolle runsaasti korjaustyötä; \
                     ennakkomaksusta on tiedotettava henkilöstöä ja pääluottamusmiehiä.",
                ),
                backup(
                    "kasinmaksatus",
                    "Yksittäisten palkkojen maksu käsin",
                    "Palkkasihteeri maksaa yksittäiset kiireelliset palkat pankkiohjelmassa \
                     kahden hengen hyväksynnällä.",
                    ItManagement,
                    "Soveltuu vain muutamalle kymmenelle maksulle; virheriski kasvaa.",
                ),
            ],
            ..system(
                "palkat",
                "Palkanlaskenta",
                &["palkat", "palkkajärjestelmä", "palkkahallinto"],
                45,
                "lahitalous",
            )
        },
        CriticalSystem {
            backup_arrangements: vec![
                backup(
                    "kirjaamotaulukko",
                    "Saapuvien asiakirjojen kirjaus taulukkoon",
                    "Kirjaamo kirjaa saapuvat asiakirjat väliaikaisesti suojattuun \
                     taulukkoon, josta ne viedään asianhallintaan palautumisen jälkeen.",
                    ItManagement,
                    "Diaarinumerot annetaan jälkikäteen; määräaikojen seuranta on käsin \
                     tehtävää.",
                ),
                backup(
                    "kokousten-siirto",
                    "Toimielinten kokousten siirto",
                    "Lautakuntien ja hallituksen kokoukset, joiden esityslistoja ei voi \
                     julkaista, siirretään.",
                    ManagementGroup,
                    "Päätöksenteko viivästyy; kuntalain määräajat on tarkistettava.",
                ),
            ],
            ..system(
                "asianhallinta",
                "Asianhallinta",
                &["diaari", "asiakirjahallinta", "kirjaamo", "päätöksenteko"],
                700,
                "kuntapilvi",
            )
        },
        CriticalSystem {
            mim_contact: Some(person("mimyhteys")),
            mim_contact_deputy: Some(person("mimvarahenkilo")),
            backup_arrangements: vec![
                backup(
                    "mobiilivarayhteydet",
                    "Kriittisten toimipisteiden 4G-varayhteydet",
                    "Pohjoisverkko Oy kytkee 4G-varareitittimet päälle kriittisissä \
                     toimipisteissä (terveysasemat, kaupungintalo, vesilaitos).",
                    ItManagement,
                    "Varayhteydet kattavat 12 toimipistettä ja riittävät vain kriittisille \
                     palveluille; datamaksut noin 40 € vuorokaudessa toimipistettä kohden.",
                ),
                backup(
                    "etatyo",
                    "Siirtyminen etätyöhön",
                    "Henkilöstö, jonka työ sen sallii, siirtyy etätyöhön ja käyttää \
                     palveluita kotiyhteyksien kautta.",
                    ManagementGroup,
                    "Asiakaspalvelupisteet suljetaan tai palvelevat rajoitetusti.",
                ),
            ],
            ..system(
                "kuntaverkko",
                "Kuntaverkko",
                &["verkko", "lähiverkko", "WLAN", "VPN", "nettiyhteys"],
                3400,
                "pohjoisverkko",
            )
        },
        CriticalSystem {
            backup_arrangements: vec![backup(
                "offline-lainaus",
                "Lainaus offline-tilassa",
                "Kirjastot lainaavat ja palauttavat kirjoja lainausautomaattien \
                 offline-tilassa; tapahtumat siirretään järjestelmään myöhemmin.",
                ItManagement,
                "Varauksia ja uusintoja ei voi tehdä; myöhästymismaksut peruutetaan.",
            )],
            ..system(
                "kirjasto",
                "Kirjastojärjestelmä",
                &["kirjasto", "lainaus", "verkkokirjasto"],
                90,
                "koulutieto",
            )
        },
        CriticalSystem {
            backup_arrangements: vec![backup(
                "puhelinajanvaraus",
                "Ajanvaraus vain puhelimitse",
                "Sähköinen ajanvaraus suljetaan ja verkkosivuilla ohjataan soittamaan \
                 ajanvarausnumeroon; puhelinpalveluun siirretään lisähenkilöitä.",
                ManagementGroup,
                "Puhelinjonot pitenevät; puhelinpalveluun tarvitaan 2–3 lisähenkilöä.",
            )],
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

#[cfg(test)]
mod tests {
    use super::*;
    use mim_domain::impact::Severity;
    use std::collections::BTreeSet;

    fn user<'a>(r: &'a DemoRegister, id: &UserId) -> Option<&'a DemoUser> {
        r.users.iter().find(|u| &u.id == id)
    }

    #[test]
    fn every_system_validates() {
        for s in demo_register().systems {
            assert_eq!(s.validate(), Ok(()), "{}", s.id);
            assert!(!s.backup_arrangements.is_empty(), "{} has no backup", s.id);
            assert!(s.backup_arrangements.len() <= 2, "{}", s.id);
        }
    }

    #[test]
    fn the_organisation_validates() {
        let org = demo_register().organisation;
        assert_eq!(org.validate(), Ok(()));
        assert_eq!(org.time_zone, chrono_tz::Europe::Helsinki);
        assert_eq!(org.languages, [Language::Fi, Language::Sv, Language::En]);
    }

    #[test]
    fn the_nine_systems_are_there() {
        let ids: Vec<String> = demo_register()
            .systems
            .iter()
            .map(|s| s.id.to_string())
            .collect();
        assert_eq!(
            ids,
            [
                "wilma",
                "potilastieto",
                "sahkoposti",
                "puhelinvaihde",
                "palkat",
                "asianhallinta",
                "kuntaverkko",
                "kirjasto",
                "ajanvaraus"
            ]
        );
    }

    #[test]
    fn ids_are_unique() {
        let r = demo_register();
        let systems: BTreeSet<_> = r.systems.iter().map(|s| &s.id).collect();
        let vendors: BTreeSet<_> = r.vendors.iter().map(|v| &v.id).collect();
        let users: BTreeSet<_> = r.users.iter().map(|u| &u.id).collect();
        assert_eq!(systems.len(), r.systems.len());
        assert_eq!(vendors.len(), r.vendors.len());
        assert_eq!(users.len(), r.users.len());
        let backups: BTreeSet<_> = r
            .systems
            .iter()
            .flat_map(|s| s.backup_arrangements.iter().map(|b| &b.id))
            .collect();
        let backup_count: usize = r.systems.iter().map(|s| s.backup_arrangements.len()).sum();
        assert_eq!(backups.len(), backup_count, "backup ids are unique overall");
    }

    #[test]
    fn every_role_has_a_user() {
        let r = demo_register();
        for role in Role::ALL {
            assert!(
                r.users.iter().any(|u| u.roles.contains(&role)),
                "no user holds {role}"
            );
        }
    }

    #[test]
    fn the_vendor_user_belongs_to_a_known_vendor() {
        let r = demo_register();
        for u in &r.users {
            assert_eq!(
                u.vendor.is_some(),
                u.roles.contains(&Role::Vendor),
                "{}: a vendor exactly for vendor users",
                u.id
            );
            if let Some(v) = &u.vendor {
                assert!(r.vendors.iter().any(|x| &x.id == v), "{}: {v}", u.id);
            }
        }
    }

    #[test]
    fn every_system_vendor_exists_and_every_vendor_is_used() {
        let r = demo_register();
        for s in &r.systems {
            let v = s.vendor.as_ref().expect("every demo system has a vendor");
            assert!(r.vendors.iter().any(|x| &x.id == v), "{}: {v}", s.id);
        }
        for v in &r.vendors {
            assert!(
                r.systems.iter().any(|s| s.vendor.as_ref() == Some(&v.id)),
                "{} runs no system",
                v.id
            );
            assert!(v.name.ends_with(" Oy"), "{}", v.name);
            let email = v.contact.email.as_deref().unwrap_or_default();
            assert!(email.ends_with("@example.invalid"), "{email}");
            let phone = v.contact.phone.as_deref().unwrap_or_default();
            assert!(phone.starts_with("+358 40 000 0"), "{phone}");
        }
    }

    #[test]
    fn mim_contacts_are_users_holding_the_role() {
        let r = demo_register();
        let org = &r.organisation;
        let contact = org.mim_contact.as_ref().expect("a MIM contact");
        let deputy = org.mim_contact_deputy.as_ref().expect("a deputy");
        assert_eq!(contact.user.as_str(), "mimyhteys");
        assert_eq!(deputy.user.as_str(), "mimvarahenkilo");
        let on_systems: Vec<&NamedPerson> = r
            .systems
            .iter()
            .flat_map(|s| [&s.mim_contact, &s.mim_contact_deputy])
            .flatten()
            .collect();
        assert!(
            !on_systems.is_empty(),
            "some systems name their own contact"
        );
        for p in [contact, deputy].into_iter().chain(on_systems) {
            let u = user(&r, &p.user).expect("the named person is a user");
            assert_eq!(u.name, p.name);
            assert!(u.roles.contains(&Role::MimContact), "{}", u.id);
        }
    }

    #[test]
    fn potilastieto_has_a_stricter_matrix_of_its_own() {
        let r = demo_register();
        let default = &r.organisation.default_matrix;
        let overrides: Vec<_> = r.systems.iter().filter(|s| s.matrix.is_some()).collect();
        assert_eq!(overrides.len(), 1);
        let own = overrides[0].matrix.as_ref().expect("checked above");
        assert_eq!(overrides[0].id.as_str(), "potilastieto");
        assert_ne!(own, default);
        for (band, (mine, theirs)) in own.rows().iter().zip(default.rows()).enumerate() {
            for sev in Severity::ALL {
                assert!(mine[sev.index()] >= theirs[sev.index()], "{band} {sev:?}");
            }
        }
    }

    #[test]
    fn it_is_deterministic_and_survives_json() {
        let r = demo_register();
        assert_eq!(r, demo_register());
        let org = serde_json::to_string(&r.organisation).unwrap();
        assert_eq!(
            serde_json::from_str::<Organisation>(&org).unwrap(),
            r.organisation
        );
        for s in &r.systems {
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(&serde_json::from_str::<CriticalSystem>(&json).unwrap(), s);
        }
    }
}
