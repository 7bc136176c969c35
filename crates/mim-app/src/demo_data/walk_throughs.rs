//! The demo's walk-throughs of the process: the internal review and the one with the support
//! and expert teams are done, the stakeholders' walk-through is still ahead — so readiness has
//! something true to say. Dated back from the day the demo is seeded.

use crate::readiness::ReviewDraft;
use chrono::{Days, NaiveDate};
use mim_domain::readiness::ReviewStage;

pub fn walk_throughs(today: NaiveDate) -> Vec<ReviewDraft> {
    let ago = |days| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    vec![
        ReviewDraft {
            stage: ReviewStage::InternalReview,
            process_version: None,
            reviewed_on: ago(70),
            led_by_user: Some(super::user_id("tietohallinto")),
            led_by_name: None,
            participants: vec![
                "Jukka Nieminen (tietohallinto)".into(),
                "Mikko Korhonen (MIM-yhteyshenkilö)".into(),
                "Liisa Mäkinen (MIM-varahenkilö)".into(),
                "Päivi Hämäläinen (johtoryhmä)".into(),
            ],
            note: Some(
                "Uimaratakaavio ja vaikuttavuustaulukot käytiin läpi. Keltaisen tuloksen \
                 soittoketju tarkennettiin: varahenkilölle soitetaan 10 minuutin jälkeen."
                    .into(),
            ),
        },
        ReviewDraft {
            stage: ReviewStage::SupportAndExperts,
            process_version: None,
            reviewed_on: ago(35),
            led_by_user: Some(super::user_id("tietohallinto")),
            led_by_name: None,
            participants: vec![
                "Palvelupiste".into(),
                "Verkko- ja palvelintiimi".into(),
                "Sovellusasiantuntijat".into(),
            ],
            note: Some(
                "Palvelupiste harjoitteli nopean ensitiedotteen. Avoimet: kirjastojärjestelmän \
                 valvonnan tunnisteet puuttuvat; sidosryhmien läpikäynti sovitaan keväälle."
                    .into(),
            ),
        },
    ]
}
