//! The demo's five vendors and service providers: whom to call, and the practice agreed with
//! each for a disruption, in the words a municipality's contracts use.

use super::vendor_id;
use mim_domain::register::{Contact, Sla, Vendor, VendorKind, VendorPractice};

/// A contact line of a vendor: `n` numbers the phone (`+358 40 000 0nnn`).
fn contact(name: &str, role: &str, n: u32, email: Option<&str>, around_the_clock: bool) -> Contact {
    Contact {
        name: name.to_owned(),
        role: Some(role.to_owned()),
        phone: Some(format!("+358 40 000 0{n:03}")),
        email: email.map(|e| format!("{e}@example.invalid")),
        available_24_7: around_the_clock,
    }
}

struct Terms<'a> {
    meetings: &'a str,
    report_every: u32,
    acknowledgement: &'a str,
    contract: &'a str,
    response: u32,
    resolution: u32,
    sla: &'a str,
}

fn practice(t: Terms<'_>) -> VendorPractice {
    VendorPractice {
        meetings_and_communication: Some(t.meetings.to_owned()),
        progress_report_interval_minutes: Some(t.report_every),
        fix_acknowledgement: Some(t.acknowledgement.to_owned()),
        contract_reference: Some(t.contract.to_owned()),
        sla: Sla {
            response_minutes: Some(t.response),
            resolution_minutes: Some(t.resolution),
            terms: Some(t.sla.to_owned()),
        },
    }
}

pub(super) fn vendors() -> Vec<Vendor> {
    let vendor = |id: &str, name: &str, kind, contacts, practice| Vendor {
        id: vendor_id(id),
        name: name.to_owned(),
        kind,
        contacts,
        practice,
    };
    vec![
        vendor(
            "koulutieto",
            "Koulutieto Oy",
            VendorKind::Vendor,
            vec![
                contact(
                    "Koulutiedon palvelupäivystys",
                    "päivystys",
                    101,
                    Some("paivystys.koulutieto"),
                    true,
                ),
                contact(
                    "Marja Salonen",
                    "asiakkuuspäällikkö",
                    111,
                    Some("marja.salonen"),
                    false,
                ),
            ],
            practice(Terms {
                meetings: "Koulutieto avaa häiriön ajaksi Teams-tilannekokouksen, johon \
                           kutsutaan tietohallinnon MIM-yhteyshenkilö. Tilannekatsaus tunnin \
                           välein ja aina, kun tilanne muuttuu.",
                report_every: 60,
                acknowledgement: "Koulutieto ilmoittaa korjauksesta sähköpostilla \
                                  tietohallinnon yhteisosoitteeseen ja kirjaa sen tukipyyntöön; \
                                  kaupunki kuittaa korjauksen, kun todentaja on varmistanut \
                                  toiminnan.",
                contract: "Koulujärjestelmien palvelusopimus KJ/2023/114",
                response: 30,
                resolution: 240,
                sla: "Kriittinen vika (P1): vasteaika 30 min ja korjaus 4 h arkisin klo 7–17; \
                      muina aikoina paras mahdollinen yritys.",
            }),
        ),
        vendor(
            "terveysdata",
            "Terveysdata Oy",
            VendorKind::Vendor,
            vec![
                contact(
                    "Terveysdatan 24/7-päivystys",
                    "päivystys",
                    102,
                    Some("paivystys.terveysdata"),
                    true,
                ),
                contact(
                    "Antti Laine",
                    "palvelupäällikkö",
                    112,
                    Some("antti.laine"),
                    false,
                ),
            ],
            practice(Terms {
                meetings: "Yhteinen puhelinsilta 15 minuutin kuluessa eskaloinnista; \
                           Terveysdatan päivystäjä, potilastietojärjestelmän pääkäyttäjä ja \
                           tietohallinnon MIM-yhteyshenkilö pysyvät sillalla, kunnes \
                           kiertotie tai korjaus on käytössä.",
                report_every: 30,
                acknowledgement: "Korjaus kuitataan kirjallisesti tukipyyntöön, ja \
                                  potilastietojärjestelmän pääkäyttäjä vahvistaa toiminnan \
                                  vastaanotolla ennen kuin häiriö suljetaan.",
                contract: "Potilastietojärjestelmän ylläpitosopimus SOTE/2022/031",
                response: 15,
                resolution: 120,
                sla: "Potilasturvallisuutta vaarantava vika: vaste 15 min, korjaus tai \
                      kiertotie 2 h ympäri vuorokauden.",
            }),
        ),
        vendor(
            "pohjoisverkko",
            "Pohjoisverkko Oy",
            VendorKind::ServiceProvider,
            vec![
                contact(
                    "Pohjoisverkon verkkokeskus (NOC)",
                    "verkkokeskus",
                    103,
                    Some("noc.pohjoisverkko"),
                    true,
                ),
                contact(
                    "Timo Rantanen",
                    "tekninen asiakasvastaava",
                    113,
                    Some("timo.rantanen"),
                    false,
                ),
            ],
            practice(Terms {
                meetings: "Verkkokeskus johtaa vianselvitystä ja soittaa tilanteen \
                           tietohallinnon päivystäjälle; yli kahden tunnin häiriössä \
                           Teams-tilannekokous kahden tunnin välein.",
                report_every: 30,
                acknowledgement: "Verkkokeskus ilmoittaa korjauksen puhelimitse ja vahvistaa \
                                  sen sähköpostilla häiriötiketin numerolla.",
                contract: "Tietoliikennepalvelujen puitesopimus TL/2021/007",
                response: 15,
                resolution: 480,
                sla: "Palvelutaso Kulta: kriittisten toimipisteiden vika korjataan 8 tunnissa \
                      vuoden jokaisena päivänä.",
            }),
        ),
        vendor(
            "kuntapilvi",
            "Kuntapilvi Oy",
            VendorKind::ServiceProvider,
            vec![
                contact(
                    "Kuntapilven palvelukeskus",
                    "palvelukeskus",
                    104,
                    Some("palvelukeskus.kuntapilvi"),
                    true,
                ),
                contact(
                    "Heidi Karjalainen",
                    "palveluomistaja",
                    114,
                    Some("heidi.karjalainen"),
                    false,
                ),
            ],
            practice(Terms {
                meetings: "Häiriötiedotteet Kuntapilven tilasivulla ja sähköpostilla; \
                           kriittisessä häiriössä Teams-tilannekokous kaupungin pyynnöstä \
                           tunnin kuluessa.",
                report_every: 60,
                acknowledgement: "Palvelukeskus sulkee häiriötiketin vasta, kun kaupungin \
                                  yhteyshenkilö on vahvistanut palvelun toimivan.",
                contract: "Pilvipalvelusopimus KP-2024-55",
                response: 60,
                resolution: 480,
                sla: "Kriittinen häiriö: vaste 1 h, palautus 8 h arkipäivisin.",
            }),
        ),
        vendor(
            "lahitalous",
            "Lähitalous Oy",
            VendorKind::Vendor,
            vec![
                contact(
                    "Lähitalouden asiakastuki",
                    "asiakastuki (arkisin 8–16)",
                    105,
                    Some("tuki.lahitalous"),
                    false,
                ),
                contact(
                    "Petri Heinonen",
                    "palkkapalveluiden asiantuntija",
                    115,
                    None,
                    false,
                ),
            ],
            practice(Terms {
                meetings: "Puhelinpalaveri palkkahallinnon, tietohallinnon ja Lähitalouden \
                           kanssa aamulla ja iltapäivällä, kunnes palkka-ajo on tehty.",
                report_every: 120,
                acknowledgement: "Lähitalous toimittaa korjauksesta kirjallisen selvityksen, \
                                  ja palkkahallinto ajaa testilaskennan ennen kuittausta.",
                contract: "Palkanlaskennan SaaS-sopimus LT/2020/12",
                response: 120,
                resolution: 1440,
                sla: "Palkanmaksupäivää edeltävinä kahtena arkipäivänä vaste 1 h.",
            }),
        ),
    ]
}
