//! Who a message reaches: the audiences' members and group channels, over the channels each
//! audience uses at the case's colour. Channels mim does not send itself (the intranet, the
//! website, a phone tree) and channels with nobody to reach are reported, not dropped in
//! silence, so the sender sees what is left to do by hand.

use super::Recipient;
use crate::Language;
use crate::impact::Colour;
use crate::register::{Audience, Channel};
use serde::Serialize;

/// One copy to send: to whom, over what, in which language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Addressed {
    pub audience: String,
    pub channel: Channel,
    pub recipient: Recipient,
    pub language: Language,
}

/// A channel of an audience that gets no copy from mim, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub audience: String,
    pub channel: Channel,
    pub why: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The audience uses this channel only at other colours.
    ColourLimited,
    /// mim does not send over this channel (intranet, status page, website, phone): a
    /// person publishes there.
    NotSentByMim,
    /// Nobody in the audience has an address for this channel.
    NoAddress,
}

/// The copies `audiences` get at `colour` (none: not assessed, counted as red). Members get
/// their own language (`default_language` when they have none); a group channel gets one
/// copy in each of `languages`, the languages the message is published in.
pub fn address(
    audiences: &[&Audience],
    colour: Option<Colour>,
    languages: &[Language],
    default_language: Language,
) -> (Vec<Addressed>, Vec<Skipped>) {
    let mut out: Vec<Addressed> = vec![];
    let mut skipped = vec![];
    for a in audiences {
        let name = a.name();
        for channel in channels_of(a) {
            let skip = |why| Skipped {
                audience: name.clone(),
                channel,
                why,
            };
            if !a.uses_at(channel, colour) {
                skipped.push(skip(SkipReason::ColourLimited));
                continue;
            }
            let copies: Vec<Addressed> = match channel {
                Channel::Email | Channel::Sms => a
                    .members
                    .iter()
                    .filter_map(|m| {
                        let address = match channel {
                            Channel::Email => m.email.clone(),
                            _ => m.phone.clone(),
                        }?;
                        Some(Addressed {
                            audience: name.clone(),
                            channel,
                            recipient: Recipient {
                                name: m.name.clone(),
                                address,
                            },
                            language: m.language.unwrap_or(default_language),
                        })
                    })
                    .collect(),
                Channel::Teams | Channel::Slack => a
                    .endpoints
                    .iter()
                    .filter(|e| e.channel == channel)
                    .flat_map(|e| {
                        languages.iter().map(|&language| Addressed {
                            audience: name.clone(),
                            channel,
                            recipient: Recipient {
                                name: e.name.clone(),
                                address: e.name.clone(),
                            },
                            language,
                        })
                    })
                    .collect(),
                _ => {
                    skipped.push(skip(SkipReason::NotSentByMim));
                    continue;
                }
            };
            if copies.is_empty() {
                skipped.push(skip(SkipReason::NoAddress));
            }
            for c in copies {
                // One copy per address, channel and language, however many audiences hold it.
                let seen = out.iter().any(|o| {
                    o.channel == c.channel
                        && o.recipient.address == c.recipient.address
                        && o.language == c.language
                });
                if !seen {
                    out.push(c);
                }
            }
        }
    }
    (out, skipped)
}

/// The audience's channels; none listed: those its contacts make possible.
fn channels_of(a: &Audience) -> Vec<Channel> {
    if !a.channels.is_empty() {
        return a.channels.clone();
    }
    let mut v = vec![];
    if a.members.iter().any(|m| m.email.is_some()) {
        v.push(Channel::Email);
    }
    if a.members.iter().any(|m| m.phone.is_some()) {
        v.push(Channel::Sms);
    }
    for e in &a.endpoints {
        if !v.contains(&e.channel) {
            v.push(e.channel);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{AudienceKind, ColourLimit, Endpoint, Member};

    fn member(
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        lang: Option<Language>,
    ) -> Member {
        Member {
            name: name.into(),
            language: lang,
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
        }
    }

    fn management() -> Audience {
        Audience {
            members: vec![
                member("Maija", Some("maija@k.fi"), Some("+358401111111"), None),
                member("Sven", Some("sven@k.fi"), None, Some(Language::Sv)),
            ],
            endpoints: vec![Endpoint {
                channel: Channel::Teams,
                name: "johto-teams".into(),
            }],
            only_at: vec![ColourLimit {
                channel: Channel::Sms,
                colours: vec![Colour::Red],
            }],
            ..Audience::of(AudienceKind::ManagementGroup, None)
        }
    }

    #[test]
    fn members_get_their_language_and_group_channels_every_publication_language() {
        let a = management();
        let (to, skipped) = address(
            &[&a],
            Some(Colour::Red),
            &[Language::Fi, Language::Sv],
            Language::Fi,
        );
        let got: Vec<(Channel, &str, Language)> = to
            .iter()
            .map(|c| (c.channel, c.recipient.address.as_str(), c.language))
            .collect();
        assert_eq!(
            got,
            [
                (Channel::Email, "maija@k.fi", Language::Fi),
                (Channel::Email, "sven@k.fi", Language::Sv),
                (Channel::Sms, "+358401111111", Language::Fi),
                (Channel::Teams, "johto-teams", Language::Fi),
                (Channel::Teams, "johto-teams", Language::Sv),
            ]
        );
        assert!(skipped.is_empty());
        assert_eq!(to[0].audience, "management_group");
    }

    #[test]
    fn a_channel_limited_to_red_is_skipped_at_yellow_and_unassessed_counts_as_red() {
        let a = management();
        let (to, skipped) = address(&[&a], Some(Colour::Yellow), &[Language::Fi], Language::Fi);
        assert!(to.iter().all(|c| c.channel != Channel::Sms));
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].why, SkipReason::ColourLimited);
        let (to, _) = address(&[&a], None, &[Language::Fi], Language::Fi);
        assert!(to.iter().any(|c| c.channel == Channel::Sms));
    }

    #[test]
    fn channels_mim_does_not_send_or_nobody_to_reach_are_reported_and_copies_are_not_doubled() {
        let staff = Audience {
            channels: vec![Channel::Intranet, Channel::Email],
            ..Audience::of(AudienceKind::Staff, None)
        };
        let (to, skipped) = address(&[&staff], Some(Colour::Red), &[Language::Fi], Language::Fi);
        assert!(to.is_empty());
        let why: Vec<SkipReason> = skipped.iter().map(|s| s.why).collect();
        assert_eq!(why, [SkipReason::NotSentByMim, SkipReason::NoAddress]);
        let a = management();
        let b = management();
        let (once, _) = address(&[&a], Some(Colour::Red), &[Language::Fi], Language::Fi);
        let (twice, _) = address(&[&a, &b], Some(Colour::Red), &[Language::Fi], Language::Fi);
        assert_eq!(once, twice);
    }
}
