//! A critical system's communication plan: whom a disruption of it concerns (audiences), the
//! channels that reach them and the languages messages go out in. Written during preparation
//! so that nobody has to work out the recipients while the system is down.

use super::checks::{self, Checked, FieldError, item, path};
use crate::Language;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A way a message reaches people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    Teams,
    Slack,
    Intranet,
    /// The public status page or disruption bulletin page.
    StatusPage,
    /// The organisation's public website.
    Website,
    /// A phone call or phone tree.
    Phone,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::Email,
        Channel::Sms,
        Channel::Teams,
        Channel::Slack,
        Channel::Intranet,
        Channel::StatusPage,
        Channel::Website,
        Channel::Phone,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Teams => "teams",
            Channel::Slack => "slack",
            Channel::Intranet => "intranet",
            Channel::StatusPage => "status_page",
            Channel::Website => "website",
            Channel::Phone => "phone",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who a message is for, by kind; a free label narrows it ("koulujen rehtorit").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AudienceKind {
    /// The organisation's staff as a whole (henkilöstö).
    Staff,
    /// Named units or service areas (yksiköt), e.g. schools or health stations.
    Units,
    /// The system's end users (loppukäyttäjät).
    EndUsers,
    /// Residents and customers (kuntalaiset).
    Residents,
    /// Other authorities and partner organisations (sidosryhmät).
    Stakeholders,
    ManagementGroup,
    /// The system's vendor or service provider.
    Vendor,
    ServiceDesk,
    /// Anyone else; the label says who.
    Other,
}

impl AudienceKind {
    pub const ALL: [AudienceKind; 9] = [
        AudienceKind::Staff,
        AudienceKind::Units,
        AudienceKind::EndUsers,
        AudienceKind::Residents,
        AudienceKind::Stakeholders,
        AudienceKind::ManagementGroup,
        AudienceKind::Vendor,
        AudienceKind::ServiceDesk,
        AudienceKind::Other,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub kind: AudienceKind,
    /// Who exactly, in the organisation's words; needed for `other`.
    #[serde(default)]
    pub label: Option<String>,
    /// The channels that reach this audience; empty means every channel of the plan.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// People mim sends to directly (e-mail, SMS), each in their own language.
    #[serde(default)]
    pub members: Vec<Member>,
    /// Group channels the audience reads (a Teams or Slack channel), by the name of a channel
    /// configured for mim: the webhook addresses and secrets stay in the settings.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    /// Channels used only at some colours (e.g. SMS only at red); a channel not listed is
    /// used at every colour. An unassessed case counts as red.
    #[serde(default)]
    pub only_at: Vec<ColourLimit>,
}

/// A person an audience's messages go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    /// The language messages to this person go out in; none: the organisation's first.
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub email: Option<String>,
    /// In international form, `+358…`.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A group channel, by the name it is configured under in mim's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub channel: Channel,
    pub name: String,
}

/// The colours at which a channel is used for an audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColourLimit {
    pub channel: Channel,
    pub colours: Vec<crate::impact::Colour>,
}

impl Audience {
    /// An audience of `kind` with no channels, members or endpoints of its own yet.
    pub fn of(kind: AudienceKind, label: Option<&str>) -> Audience {
        Audience {
            kind,
            label: label.map(str::to_owned),
            channels: vec![],
            members: vec![],
            endpoints: vec![],
            only_at: vec![],
        }
    }

    /// The audience's name on messages and the timeline: its label, else its kind.
    pub fn name(&self) -> String {
        self.label.clone().unwrap_or_else(|| {
            serde_json::to_value(self.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
    }

    /// Whether `channel` is used for this audience at `colour` (none: not assessed, as red).
    pub fn uses_at(&self, channel: Channel, colour: Option<crate::impact::Colour>) -> bool {
        let colour = colour.unwrap_or(crate::impact::Colour::Red);
        self.only_at
            .iter()
            .filter(|l| l.channel == channel)
            .all(|l| l.colours.contains(&colour))
    }

    /// Checks members, endpoints and colour limits (the plan checks kind, label, channels).
    pub(crate) fn validate_contacts(&self, at: &str) -> Checked {
        for (i, m) in self.members.iter().enumerate() {
            let m_at = item(&path(at, "members"), i);
            checks::line(&path(&m_at, "name"), &m.name)?;
            if let Some(e) = &m.email {
                checks::email(&path(&m_at, "email"), e)?;
            }
            if let Some(p) = &m.phone {
                checks::phone(&path(&m_at, "phone"), p)?;
            }
            if m.email.is_none() && m.phone.is_none() {
                return Err(FieldError::new(
                    m_at,
                    "a member needs an e-mail address or a phone number to be reached",
                ));
            }
        }
        for (i, e) in self.endpoints.iter().enumerate() {
            let e_at = item(&path(at, "endpoints"), i);
            checks::id(&path(&e_at, "name"), &e.name)?;
            if !matches!(e.channel, Channel::Teams | Channel::Slack) {
                return Err(FieldError::new(
                    path(&e_at, "channel"),
                    format!(
                        "{} is not a group channel mim posts to (teams, slack)",
                        e.channel
                    ),
                ));
            }
        }
        checks::unique(&path(at, "only_at"), self.only_at.iter().map(|l| l.channel))?;
        for (i, l) in self.only_at.iter().enumerate() {
            if l.colours.is_empty() {
                return Err(FieldError::new(
                    path(&item(&path(at, "only_at"), i), "colours"),
                    "name at least one colour (green, yellow, red)",
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CommunicationPlan {
    #[serde(default)]
    pub audiences: Vec<Audience>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// The languages messages about this system go out in; empty means the organisation's.
    #[serde(default)]
    pub languages: Vec<Language>,
}

impl CommunicationPlan {
    /// The languages to publish in, given the organisation's.
    pub fn languages_or<'a>(&'a self, organisation: &'a [Language]) -> &'a [Language] {
        if self.languages.is_empty() {
            organisation
        } else {
            &self.languages
        }
    }

    pub(crate) fn validate(&self, prefix: &str) -> Checked {
        checks::unique(&path(prefix, "channels"), self.channels.iter())?;
        checks::unique(&path(prefix, "languages"), self.languages.iter())?;
        let mut seen: Vec<(AudienceKind, Option<String>)> = vec![];
        for (i, a) in self.audiences.iter().enumerate() {
            let at = item(&path(prefix, "audiences"), i);
            checks::opt_line(&path(&at, "label"), a.label.as_deref())?;
            if a.kind == AudienceKind::Other && a.label.is_none() {
                return Err(FieldError::new(
                    path(&at, "label"),
                    "an audience of kind other needs a label saying who it is",
                ));
            }
            let key = (a.kind, a.label.as_deref().map(|l| l.trim().to_lowercase()));
            if seen.contains(&key) {
                return Err(FieldError::new(at, "the same audience is listed twice"));
            }
            seen.push(key);
            a.validate_contacts(&at)?;
            let channels = path(&at, "channels");
            checks::unique(&channels, a.channels.iter())?;
            if let Some((j, c)) = a
                .channels
                .iter()
                .enumerate()
                .find(|(_, c)| !self.channels.contains(c))
            {
                return Err(FieldError::new(
                    item(&channels, j),
                    format!("{c} is not among the plan's channels"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> CommunicationPlan {
        CommunicationPlan {
            audiences: vec![
                Audience {
                    channels: vec![Channel::Intranet],
                    ..Audience::of(AudienceKind::Staff, None)
                },
                Audience::of(AudienceKind::Units, Some("Koulujen rehtorit")),
            ],
            channels: vec![Channel::Email, Channel::Intranet, Channel::Sms],
            languages: vec![Language::Fi, Language::Sv],
        }
    }

    fn field(p: CommunicationPlan) -> String {
        p.validate("communication_plan").unwrap_err().field
    }

    #[test]
    fn a_good_plan_validates_and_falls_back_to_the_organisations_languages() {
        assert_eq!(plan().validate("communication_plan"), Ok(()));
        let org = [Language::Fi, Language::En];
        assert_eq!(plan().languages_or(&org), [Language::Fi, Language::Sv]);
        assert_eq!(CommunicationPlan::default().languages_or(&org), org);
    }

    #[test]
    fn mistakes_are_named_by_their_path() {
        let mut p = plan();
        p.channels.push(Channel::Email);
        assert_eq!(field(p), "communication_plan.channels[3]");
        let mut p = plan();
        p.languages.push(Language::Fi);
        assert_eq!(field(p), "communication_plan.languages[2]");
        let mut p = plan();
        p.audiences[0].channels.push(Channel::Teams);
        assert_eq!(field(p), "communication_plan.audiences[0].channels[1]");
        let mut p = plan();
        p.audiences.push(Audience::of(AudienceKind::Other, None));
        assert_eq!(field(p), "communication_plan.audiences[2].label");
        let mut p = plan();
        p.audiences[1].label = Some(" ".into());
        assert_eq!(field(p), "communication_plan.audiences[1].label");
        let mut p = plan();
        p.audiences
            .push(Audience::of(AudienceKind::Units, Some("koulujen rehtorit")));
        assert_eq!(field(p), "communication_plan.audiences[2]");
    }

    #[test]
    fn codes_are_the_serde_names() {
        for c in Channel::ALL {
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.code())
            );
        }
        assert!(serde_json::from_str::<Channel>("\"fax\"").is_err());
    }
}
