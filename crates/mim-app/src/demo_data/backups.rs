//! The demo's backup arrangements, two at most per system: how each is taken into use, step
//! by step and by whom, and the ready announcement in Finnish and Swedish (and English where
//! residents and visitors are told too), since Kuusijärvi is bilingual.

use mim_domain::register::{BackupArrangement, BackupDecider, BackupStep, Performer};
use mim_domain::{Language, Role};
use std::collections::BTreeMap;

use BackupDecider::{ItManagement, ManagementGroup};

struct Plan<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    decided_by: BackupDecider,
    cost_or_risk: &'a str,
    /// What, and who: a role of the process or people named in the organisation's words.
    steps: &'a [(&'a str, Performer)],
    fi: &'a str,
    sv: &'a str,
    en: Option<&'a str>,
}

fn role(r: Role) -> Performer {
    Performer::Role(r)
}

fn named(who: &str) -> Performer {
    Performer::Person(who.to_owned())
}

fn arrangement(p: Plan<'_>) -> BackupArrangement {
    let mut announcement = BTreeMap::from([
        (Language::Fi, p.fi.to_owned()),
        (Language::Sv, p.sv.to_owned()),
    ]);
    if let Some(en) = p.en {
        announcement.insert(Language::En, en.to_owned());
    }
    BackupArrangement {
        id: p.id.to_owned(),
        name: p.name.to_owned(),
        description: p.description.to_owned(),
        decided_by: p.decided_by,
        cost_or_risk: Some(p.cost_or_risk.to_owned()),
        steps: p
            .steps
            .iter()
            .enumerate()
            .map(|(i, (what, who))| BackupStep {
                id: (i + 1).to_string(),
                what: (*what).to_owned(),
                who: who.clone(),
            })
            .collect(),
        announcement,
    }
}

pub(super) fn wilma() -> Vec<BackupArrangement> {
    vec![
        arrangement(Plan {
            id: "paperiset-poissaolot",
            name: "Poissaolot paperilistoille",
            description: "Opettajat kirjaavat poissaolot ja arvioinnit paperisille \
                          luokkalistoille; koulusihteerit vievät ne Wilmaan, kun järjestelmä \
                          toimii taas.",
            decided_by: ItManagement,
            cost_or_risk: "Jälkikirjaus vie koulusihteeriltä noin päivän koulua kohden.",
            steps: &[
                (
                    "Päätös varajärjestelystä ja tieto rehtoreille",
                    role(Role::ItManagement),
                ),
                (
                    "Luokkalistat tulostetaan varmuuskopiosta ja jaetaan opettajille",
                    named("koulusihteerit"),
                ),
                (
                    "Poissaolot kirjataan Wilmaan palautumisen jälkeen",
                    named("koulusihteerit"),
                ),
            ],
            fi: "Wilma ei ole käytettävissä. Kirjatkaa poissaolot ja arvioinnit toistaiseksi \
                 paperisille luokkalistoille, jotka saatte koulusihteeriltä. Merkinnät viedään \
                 Wilmaan, kun palvelu toimii taas.",
            sv: "Wilma är inte tillgänglig. Anteckna frånvaro och bedömningar tills vidare på \
                 klasslistor på papper, som ni får av skolsekreteraren. Anteckningarna förs in \
                 i Wilma när tjänsten fungerar igen.",
            en: None,
        }),
        arrangement(Plan {
            id: "tiedotteet-verkkosivuille",
            name: "Huoltajatiedotteet koulujen verkkosivuille",
            description: "Kiireelliset tiedotteet huoltajille julkaistaan koulujen \
                          verkkosivuilla ja tekstiviestillä Wilman viestien sijaan.",
            decided_by: ItManagement,
            cost_or_risk: "Tekstiviestit maksavat noin 0,07 € kappale; kaikkien huoltajien \
                           numerot eivät ole ajan tasalla.",
            steps: &[
                (
                    "Päätös ja ohje kouluille tiedottamisesta",
                    role(Role::ItManagement),
                ),
                (
                    "Tiedote julkaistaan koulujen verkkosivuilla",
                    named("koulujen viestintävastaavat"),
                ),
                (
                    "Tekstiviesti lähetetään huoltajille tekstiviestipalvelusta",
                    role(Role::ServiceDesk),
                ),
            ],
            fi: "Wilman viestit eivät tällä hetkellä kulje. Koulujen kiireelliset tiedotteet \
                 julkaistaan koulujen verkkosivuilla ja lähetetään huoltajille tekstiviestinä.",
            sv: "Meddelanden i Wilma fungerar inte för tillfället. Skolornas brådskande \
                 meddelanden publiceras på skolornas webbplatser och skickas till \
                 vårdnadshavarna som sms.",
            en: Some(
                "Wilma messages are not getting through at the moment. Urgent school \
                 notices are published on the schools' websites and sent to guardians by \
                 text message.",
            ),
        }),
    ]
}

pub(super) fn potilastieto() -> Vec<BackupArrangement> {
    vec![
        arrangement(Plan {
            id: "paperikirjaus",
            name: "Paperikirjaus ja vararaportointikanta",
            description: "Vastaanotot kirjaavat käynnit paperilomakkeille; lääkärit ja \
                          hoitajat lukevat potilastiedot vararaportointikannasta lukuoikeuksin. \
                          Merkinnät siirretään järjestelmään palautumisen jälkeen.",
            decided_by: ManagementGroup,
            cost_or_risk: "Potilasturvallisuusriski: vararaportointikannasta puuttuvat alle \
                           vuorokauden vanhat merkinnät. Jälkikirjaus vie 2–3 \
                           henkilötyöpäivää.",
            steps: &[
                (
                    "Johtoryhmän päätös tietohallinnon esityksestä",
                    role(Role::ManagementGroup),
                ),
                (
                    "Vararaportointikanta avataan lukukäyttöön",
                    role(Role::Vendor),
                ),
                (
                    "Paperilomakkeet otetaan käyttöön terveysasemilla ja päivystyksessä",
                    named("osastonhoitajat"),
                ),
                (
                    "Paperimerkinnät kirjataan järjestelmään palautumisen jälkeen",
                    named("Kaisa Rinne, ylilääkäri (vastuu jälkikirjauksesta)"),
                ),
            ],
            fi: "Potilastietojärjestelmä ei ole käytettävissä. Kirjatkaa käynnit \
                 paperilomakkeille ja katsokaa potilastiedot vararaportointikannasta. \
                 Huomatkaa, että kannasta puuttuvat viimeisen vuorokauden merkinnät.",
            sv: "Patientdatasystemet är inte tillgängligt. Dokumentera besöken på \
                 pappersblanketter och läs patientuppgifterna i reservdatabasen. Observera att \
                 anteckningar från det senaste dygnet saknas i databasen.",
            en: None,
        }),
        arrangement(Plan {
            id: "kiireettomat-siirto",
            name: "Kiireettömien vastaanottojen siirto",
            description: "Kiireettömät vastaanottoajat siirretään ja asiakkaille ilmoitetaan \
                          tekstiviestillä; päivystys toimii paperikirjauksella.",
            decided_by: ManagementGroup,
            cost_or_risk: "Hoitojonot pitenevät; siirretyt ajat on varattava uudelleen.",
            steps: &[
                ("Johtoryhmän päätös siirrosta", role(Role::ManagementGroup)),
                (
                    "Päivän kiireettömät ajat poimitaan ja asiakkaille lähetetään tekstiviesti",
                    named("asiakasohjaus"),
                ),
                (
                    "Tiedote verkkosivuille ja puhelinpalvelun nauhoitteeseen",
                    role(Role::ItManagement),
                ),
            ],
            fi: "Järjestelmähäiriön vuoksi kiireettömiä vastaanottoaikoja siirretään. Saatte \
                 uuden ajan tekstiviestillä. Kiireellisissä asioissa päivystys palvelee \
                 normaalisti.",
            sv: "På grund av en systemstörning flyttas icke-brådskande mottagningstider. Ni \
                 får en ny tid per sms. I brådskande ärenden betjänar jouren som vanligt.",
            en: Some(
                "Because of a system disruption, non-urgent appointments are being \
                 rescheduled. You will receive a new time by text message. The emergency \
                 clinic serves urgent cases as usual.",
            ),
        }),
    ]
}

pub(super) fn sahkoposti() -> Vec<BackupArrangement> {
    vec![arrangement(Plan {
        id: "teams-viestinta",
        name: "Sisäinen viestintä Teamsissa",
        description: "Henkilöstön sisäinen viestintä siirtyy Teamsiin; kuntalaisille \
                      kerrotaan verkkosivuilla, että sähköpostit käsitellään viiveellä.",
        decided_by: ItManagement,
        cost_or_risk: "Ulkoinen sähköposti ei kulje; saapuvat viestit odottavat toimittajan \
                       palvelimella enintään viisi vuorokautta.",
        steps: &[
            (
                "Päätös ja tiedote henkilöstölle intranetiin ja Teamsiin",
                role(Role::ItManagement),
            ),
            (
                "Verkkosivujen yhteystietosivulle ilmoitus viivästyvistä sähköposteista",
                named("viestintäyksikkö"),
            ),
            (
                "Kirjaamon ja asiakaspalvelun kiireelliset yhteydenotot ohjataan puhelimeen",
                role(Role::ServiceDesk),
            ),
        ],
        fi: "Kaupungin sähköposti ei toimi. Käyttäkää sisäisessä viestinnässä Teamsia. \
             Asiakkaiden sähköpostit eivät katoa, vaan ne käsitellään, kun palvelu toimii \
             taas.",
        sv: "Stadens e-post fungerar inte. Använd Teams för intern kommunikation. Kundernas \
             e-postmeddelanden försvinner inte, utan behandlas när tjänsten fungerar igen.",
        en: Some(
            "The city's e-mail is down. Use Teams for internal communication. Messages from \
             customers are not lost; they will be handled once the service is back.",
        ),
    })]
}

pub(super) fn puhelinvaihde() -> Vec<BackupArrangement> {
    vec![arrangement(Plan {
        id: "matkapuhelinohjaus",
        name: "Asiakaspalvelunumeron ohjaus matkapuhelimiin",
        description: "Operaattori ohjaa kaupungin asiakaspalvelunumeron ja tärkeimmät \
                      palvelunumerot nimettyihin matkapuhelimiin.",
        decided_by: ItManagement,
        cost_or_risk: "Ohjaus maksaa 250 € vuorokaudessa; jonotus ja takaisinsoitto eivät \
                       ole käytössä.",
        steps: &[
            (
                "Ohjauspyyntö Pohjoisverkon verkkokeskukseen",
                role(Role::ItManagement),
            ),
            (
                "Numerot ohjataan ohjauslistan matkapuhelimiin",
                role(Role::Vendor),
            ),
            (
                "Matkapuhelimet jaetaan vuorossa oleville asiakaspalvelijoille",
                named("Riikka Aalto, asiakaspalvelupäällikkö"),
            ),
        ],
        fi: "Kaupungin puhelinvaihteessa on häiriö. Asiakaspalvelunumero toimii, mutta \
             jonotus ei ole käytössä: jos linja on varattu, soittakaa hetken kuluttua \
             uudelleen.",
        sv: "Det finns en störning i stadens telefonväxel. Kundtjänstnumret fungerar, men \
             det finns ingen kö: om linjen är upptagen, ring igen om en stund.",
        en: Some(
            "The city's switchboard is disrupted. The customer service number works, but \
             without queueing: if the line is busy, please call again shortly.",
        ),
    })]
}

pub(super) fn palkat() -> Vec<BackupArrangement> {
    vec![
        arrangement(Plan {
            id: "ennakkopalkka",
            name: "Ennakkomaksu edellisen kuukauden mukaan",
            description: "Palkat maksetaan ennakkona edellisen kuukauden palkka-aineiston \
                          mukaan; erot korjataan seuraavassa palkanmaksussa.",
            decided_by: ManagementGroup,
            cost_or_risk: "Virheellisiä maksuja ja palkkahallinnolle runsaasti korjaustyötä; \
                           ennakkomaksusta on tiedotettava henkilöstöä ja pääluottamusmiehiä.",
            steps: &[
                (
                    "Johtoryhmän päätös ennakkomaksusta",
                    role(Role::ManagementGroup),
                ),
                (
                    "Edellisen kuukauden maksuaineisto muodostetaan ja tarkistetaan",
                    named("palkkahallinto"),
                ),
                (
                    "Maksuaineisto lähetetään pankkiin kahden hengen hyväksynnällä",
                    named("talousjohtaja ja palkkapäällikkö"),
                ),
                (
                    "Tieto henkilöstölle ja pääluottamusmiehille",
                    role(Role::ItManagement),
                ),
            ],
            fi: "Palkanlaskentajärjestelmän häiriön vuoksi tämän kuun palkka maksetaan \
                 ennakkona edellisen kuukauden palkan suuruisena. Mahdolliset erot korjataan \
                 seuraavassa palkanmaksussa.",
            sv: "På grund av en störning i lönesystemet betalas månadens lön i förskott \
                 enligt föregående månads lön. Eventuella skillnader rättas vid nästa \
                 löneutbetalning.",
            en: None,
        }),
        arrangement(Plan {
            id: "kasinmaksatus",
            name: "Yksittäisten palkkojen maksu käsin",
            description: "Palkkasihteeri maksaa yksittäiset kiireelliset palkat \
                          pankkiohjelmassa kahden hengen hyväksynnällä.",
            decided_by: ItManagement,
            cost_or_risk: "Soveltuu vain muutamalle kymmenelle maksulle; virheriski kasvaa.",
            steps: &[
                (
                    "Kiireelliset maksut listataan esimiesten ilmoitusten perusteella",
                    named("palkkahallinto"),
                ),
                (
                    "Maksut tehdään pankkiohjelmassa ja toinen henkilö hyväksyy ne",
                    named("palkkasihteeri ja palkkapäällikkö"),
                ),
            ],
            fi: "Palkanlaskennassa on häiriö. Jos palkkasi jää maksamatta, ilmoita \
                 esihenkilöllesi: kiireelliset palkat maksetaan käsin.",
            sv: "Det finns en störning i lönesystemet. Om din lön inte betalas ut, meddela \
                 din chef: brådskande löner betalas manuellt.",
            en: None,
        }),
    ]
}

pub(super) fn asianhallinta() -> Vec<BackupArrangement> {
    vec![
        arrangement(Plan {
            id: "kirjaamotaulukko",
            name: "Saapuvien asiakirjojen kirjaus taulukkoon",
            description: "Kirjaamo kirjaa saapuvat asiakirjat väliaikaisesti suojattuun \
                          taulukkoon, josta ne viedään asianhallintaan palautumisen jälkeen.",
            decided_by: ItManagement,
            cost_or_risk: "Diaarinumerot annetaan jälkikäteen; määräaikojen seuranta on \
                           käsin tehtävää.",
            steps: &[
                (
                    "Suojattu kirjaustaulukko avataan kirjaamon ryhmäkansioon",
                    role(Role::ItManagement),
                ),
                (
                    "Saapuvat asiakirjat kirjataan taulukkoon saapumispäivineen",
                    named("kirjaamo"),
                ),
                (
                    "Taulukon kirjaukset viedään asianhallintaan ja diaarinumerot annetaan",
                    named("kirjaamo"),
                ),
            ],
            fi: "Asianhallintajärjestelmä ei ole käytettävissä. Kirjaamo ottaa asiakirjoja \
                 vastaan normaalisti, ja ne kirjataan saapumispäivän mukaan.",
            sv: "Ärendehanteringssystemet är inte tillgängligt. Registratorskontoret tar emot \
                 handlingar som vanligt, och de registreras enligt ankomstdagen.",
            en: None,
        }),
        arrangement(Plan {
            id: "kokousten-siirto",
            name: "Toimielinten kokousten siirto",
            description: "Lautakuntien ja hallituksen kokoukset, joiden esityslistoja ei voi \
                          julkaista, siirretään.",
            decided_by: ManagementGroup,
            cost_or_risk: "Päätöksenteko viivästyy; kuntalain määräajat on tarkistettava.",
            steps: &[
                (
                    "Johtoryhmän päätös siirrettävistä kokouksista",
                    role(Role::ManagementGroup),
                ),
                (
                    "Puheenjohtajille ja jäsenille ilmoitetaan uudet ajat",
                    named("toimielinten sihteerit"),
                ),
                (
                    "Kuulutus verkkosivuille",
                    named("Mari Kallio, hallintojohtaja"),
                ),
            ],
            fi: "Tietojärjestelmähäiriön vuoksi seuraavat toimielinten kokoukset siirretään. \
                 Uudet kokousajat kuulutetaan kaupungin verkkosivuilla.",
            sv: "På grund av en störning i informationssystemen flyttas följande \
                 sammanträden. De nya tiderna kungörs på stadens webbplats.",
            en: None,
        }),
    ]
}

pub(super) fn kuntaverkko() -> Vec<BackupArrangement> {
    vec![
        arrangement(Plan {
            id: "mobiilivarayhteydet",
            name: "Kriittisten toimipisteiden 4G-varayhteydet",
            description: "Pohjoisverkko Oy kytkee 4G-varareitittimet päälle kriittisissä \
                          toimipisteissä (terveysasemat, kaupungintalo, vesilaitos).",
            decided_by: ItManagement,
            cost_or_risk: "Varayhteydet kattavat 12 toimipistettä ja riittävät vain \
                           kriittisille palveluille; datamaksut noin 40 € vuorokaudessa \
                           toimipistettä kohden.",
            steps: &[
                (
                    "Varayhteyksien kytkentäpyyntö verkkokeskukseen",
                    role(Role::ItManagement),
                ),
                (
                    "4G-reitittimet kytketään päälle toimipisteluettelon mukaan",
                    role(Role::Vendor),
                ),
                (
                    "Toimipisteille soitetaan ja varmistetaan, että yhteys toimii",
                    role(Role::ServiceDesk),
                ),
            ],
            fi: "Kaupungin tietoverkossa on laaja häiriö. Terveysasemilla, kaupungintalolla ja \
                 vesilaitoksella on käytössä varayhteys, joka riittää vain välttämättömiin \
                 palveluihin.",
            sv: "Det finns en omfattande störning i stadens datanät. Hälsostationerna, \
                 stadshuset och vattenverket använder en reservförbindelse som räcker endast \
                 för nödvändiga tjänster.",
            en: None,
        }),
        arrangement(Plan {
            id: "etatyo",
            name: "Siirtyminen etätyöhön",
            description: "Henkilöstö, jonka työ sen sallii, siirtyy etätyöhön ja käyttää \
                          palveluita kotiyhteyksien kautta.",
            decided_by: ManagementGroup,
            cost_or_risk: "Asiakaspalvelupisteet suljetaan tai palvelevat rajoitetusti.",
            steps: &[
                (
                    "Johtoryhmän päätös etätyöhön siirtymisestä",
                    role(Role::ManagementGroup),
                ),
                (
                    "Esihenkilöt ilmoittavat tiimeilleen tekstiviestillä",
                    named("esihenkilöt"),
                ),
                (
                    "Asiakaspalvelupisteiden aukiolomuutokset verkkosivuille",
                    named("viestintäyksikkö"),
                ),
            ],
            fi: "Kaupungin tietoverkon häiriön vuoksi henkilöstö, jonka työ sen sallii, \
                 siirtyy etätyöhön. Asiakaspalvelupisteet palvelevat rajoitetusti.",
            sv: "På grund av störningen i stadens datanät övergår personal vars arbete det \
                 tillåter till distansarbete. Kundtjänstpunkterna betjänar i begränsad \
                 omfattning.",
            en: Some(
                "Because of the disruption in the city's network, staff whose work allows \
                 it switch to remote work. Customer service points offer limited service.",
            ),
        }),
    ]
}

pub(super) fn kirjasto() -> Vec<BackupArrangement> {
    vec![arrangement(Plan {
        id: "offline-lainaus",
        name: "Lainaus offline-tilassa",
        description: "Kirjastot lainaavat ja palauttavat kirjoja lainausautomaattien \
                      offline-tilassa; tapahtumat siirretään järjestelmään myöhemmin.",
        decided_by: ItManagement,
        cost_or_risk: "Varauksia ja uusintoja ei voi tehdä; myöhästymismaksut peruutetaan.",
        steps: &[
            (
                "Lainausautomaatit kytketään offline-tilaan",
                named("kirjastojen henkilökunta"),
            ),
            (
                "Offline-tapahtumat siirretään järjestelmään palautumisen jälkeen",
                role(Role::Vendor),
            ),
        ],
        fi: "Kirjastojärjestelmässä on häiriö. Lainaus ja palautus toimivat, mutta varauksia \
             ja uusintoja ei voi nyt tehdä. Myöhästymismaksuja ei peritä häiriön ajalta.",
        sv: "Det finns en störning i bibliotekssystemet. Lån och återlämning fungerar, men \
             reservationer och förnyelser kan inte göras nu. Inga förseningsavgifter tas ut \
             för störningstiden.",
        en: Some(
            "The library system is disrupted. Borrowing and returns work, but reservations \
             and renewals are not possible now. No late fees are charged for the duration.",
        ),
    })]
}

pub(super) fn ajanvaraus() -> Vec<BackupArrangement> {
    vec![arrangement(Plan {
        id: "puhelinajanvaraus",
        name: "Ajanvaraus vain puhelimitse",
        description: "Sähköinen ajanvaraus suljetaan ja verkkosivuilla ohjataan soittamaan \
                      ajanvarausnumeroon; puhelinpalveluun siirretään lisähenkilöitä.",
        decided_by: ManagementGroup,
        cost_or_risk: "Puhelinjonot pitenevät; puhelinpalveluun tarvitaan 2–3 lisähenkilöä.",
        steps: &[
            (
                "Johtoryhmän päätös tietohallinnon esityksestä",
                role(Role::ManagementGroup),
            ),
            (
                "Sähköinen ajanvaraus suljetaan ja tilalle ohjaussivu",
                role(Role::Vendor),
            ),
            (
                "Puhelinpalveluun siirretään 2–3 lisähenkilöä",
                named("asiakasohjauksen esihenkilö"),
            ),
        ],
        fi: "Sähköinen ajanvaraus ei ole käytössä. Varatkaa aika soittamalla \
             ajanvarausnumeroon arkisin klo 8–16.",
        sv: "Den elektroniska tidsbokningen är inte i bruk. Boka tid genom att ringa \
             tidsbokningsnumret vardagar kl. 8–16.",
        en: Some(
            "Online booking is not available. Please book an appointment by calling the \
             booking number on weekdays 8 am – 4 pm.",
        ),
    })]
}
