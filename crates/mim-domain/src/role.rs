//! The roles of PROCESS.md (the swimlanes) plus the administrator. One person may hold several.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    EndUser,
    ServiceDesk,
    MimContact,
    ItManagement,
    ManagementGroup,
    Vendor,
    Stakeholder,
    Verifier,
    Admin,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::EndUser,
        Role::ServiceDesk,
        Role::MimContact,
        Role::ItManagement,
        Role::ManagementGroup,
        Role::Vendor,
        Role::Stakeholder,
        Role::Verifier,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::EndUser => "end_user",
            Role::ServiceDesk => "service_desk",
            Role::MimContact => "mim_contact",
            Role::ItManagement => "it_management",
            Role::ManagementGroup => "management_group",
            Role::Vendor => "vendor",
            Role::Stakeholder => "stakeholder",
            Role::Verifier => "verifier",
            Role::Admin => "admin",
        }
    }

    /// Staff roles work inside the case; end users and stakeholders only report and receive.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::EndUser | Role::Stakeholder)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
                format!("\"{s}\" is not a role (one of {})", known.join(", "))
            })
    }
}
