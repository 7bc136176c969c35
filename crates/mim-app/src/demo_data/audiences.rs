//! The demo organisation's standing audiences: those told of every disruption, whatever the
//! system, with the people and channels that reach them (all fictional; example.fi addresses
//! and numbers from the range reserved for drama).

use mim_domain::Language;
use mim_domain::impact::Colour;
use mim_domain::register::{Audience, AudienceKind, Channel, ColourLimit, Endpoint, Member};

fn member(name: &str, language: Option<Language>, email: &str, phone: Option<&str>) -> Member {
    Member {
        name: name.into(),
        language,
        email: Some(email.into()),
        phone: phone.map(str::to_owned),
    }
}

pub(super) fn audiences() -> Vec<Audience> {
    vec![
        Audience {
            members: vec![
                member(
                    "Kaisa Virtanen",
                    None,
                    "kaisa.virtanen@kuusijarvi.example.fi",
                    Some("+358401000101"),
                ),
                member(
                    "Henrik Lindqvist",
                    Some(Language::Sv),
                    "henrik.lindqvist@kuusijarvi.example.fi",
                    Some("+358401000102"),
                ),
            ],
            endpoints: vec![Endpoint {
                channel: Channel::Teams,
                name: "johtoryhma-teams".into(),
            }],
            // Text messages wake people: only for red.
            only_at: vec![ColourLimit {
                channel: Channel::Sms,
                colours: vec![Colour::Red],
            }],
            ..Audience::of(AudienceKind::ManagementGroup, None)
        },
        Audience {
            members: vec![member(
                "Palvelupisteen vuoro",
                None,
                "palvelupiste@kuusijarvi.example.fi",
                None,
            )],
            endpoints: vec![Endpoint {
                channel: Channel::Slack,
                name: "palvelupiste-slack".into(),
            }],
            ..Audience::of(AudienceKind::ServiceDesk, None)
        },
    ]
}
