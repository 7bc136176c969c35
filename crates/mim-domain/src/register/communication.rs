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
                    kind: AudienceKind::Staff,
                    label: None,
                    channels: vec![Channel::Intranet],
                },
                Audience {
                    kind: AudienceKind::Units,
                    label: Some("Koulujen rehtorit".into()),
                    channels: vec![],
                },
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
        p.audiences.push(Audience {
            kind: AudienceKind::Other,
            label: None,
            channels: vec![],
        });
        assert_eq!(field(p), "communication_plan.audiences[2].label");
        let mut p = plan();
        p.audiences[1].label = Some(" ".into());
        assert_eq!(field(p), "communication_plan.audiences[1].label");
        let mut p = plan();
        p.audiences.push(Audience {
            kind: AudienceKind::Units,
            label: Some("koulujen rehtorit".into()),
            channels: vec![],
        });
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
