//! Vendors and service providers: whom to call (several contacts, some reachable around the
//! clock) and the practice agreed with them for a disruption — how meetings and communication
//! run, how often they report progress, how they acknowledge a fix, and the contract and SLA
//! it all rests on.

use super::checks::{self, Checked, FieldError, item, path};
use crate::VendorId;
use serde::{Deserialize, Serialize};

/// A vendor delivers a system (palveluntoimittaja); a service provider runs a service for the
/// organisation (palveluntuottaja). The process treats both alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VendorKind {
    #[default]
    Vendor,
    ServiceProvider,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    pub name: String,
    /// What the person or line is for: "päivystys", "asiakkuuspäällikkö".
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Reachable around the clock (24/7).
    #[serde(default)]
    pub available_24_7: bool,
}

impl Contact {
    pub(crate) fn validate(&self, prefix: &str) -> Checked {
        checks::line(&path(prefix, "name"), &self.name)?;
        checks::opt_line(&path(prefix, "role"), self.role.as_deref())?;
        if let Some(p) = &self.phone {
            checks::phone(&path(prefix, "phone"), p)?;
        }
        if let Some(e) = &self.email {
            checks::email(&path(prefix, "email"), e)?;
        }
        if self.phone.is_none() && self.email.is_none() {
            return Err(FieldError::new(
                prefix,
                "a contact needs a phone number or an e-mail address",
            ));
        }
        Ok(())
    }
}

/// Response and resolution times agreed in the contract.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sla {
    #[serde(default)]
    pub response_minutes: Option<u32>,
    #[serde(default)]
    pub resolution_minutes: Option<u32>,
    /// The terms in the contract's words, for what minutes can't say ("P1: 4 h arkisin").
    #[serde(default)]
    pub terms: Option<String>,
}

/// How work with the vendor runs during a disruption, as agreed beforehand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VendorPractice {
    /// How meetings and communication run: bridge call, Teams channel, who calls whom.
    #[serde(default)]
    pub meetings_and_communication: Option<String>,
    /// How often the vendor reports progress while the disruption lasts.
    #[serde(default)]
    pub progress_report_interval_minutes: Option<u32>,
    /// How the vendor acknowledges a fix: by whom, in what channel, with what evidence.
    #[serde(default)]
    pub fix_acknowledgement: Option<String>,
    #[serde(default)]
    pub contract_reference: Option<String>,
    #[serde(default)]
    pub sla: Sla,
}

/// A week: no agreed interval or SLA time is longer.
const MAX_MINUTES: u32 = 7 * 24 * 60;
/// A quarter of a year: resolution times in contracts are sometimes given in weeks.
const MAX_RESOLUTION_MINUTES: u32 = 92 * 24 * 60;

impl VendorPractice {
    fn validate(&self, prefix: &str) -> Checked {
        let field = |name: &str| path(prefix, name);
        checks::opt_note(
            &field("meetings_and_communication"),
            self.meetings_and_communication.as_deref(),
        )?;
        checks::minutes(
            &field("progress_report_interval_minutes"),
            self.progress_report_interval_minutes,
            MAX_MINUTES,
        )?;
        checks::opt_note(
            &field("fix_acknowledgement"),
            self.fix_acknowledgement.as_deref(),
        )?;
        checks::opt_line(
            &field("contract_reference"),
            self.contract_reference.as_deref(),
        )?;
        let sla = field("sla");
        checks::minutes(
            &path(&sla, "response_minutes"),
            self.sla.response_minutes,
            MAX_MINUTES,
        )?;
        checks::minutes(
            &path(&sla, "resolution_minutes"),
            self.sla.resolution_minutes,
            MAX_RESOLUTION_MINUTES,
        )?;
        if let (Some(response), Some(resolution)) =
            (self.sla.response_minutes, self.sla.resolution_minutes)
            && resolution < response
        {
            return Err(FieldError::new(
                path(&sla, "resolution_minutes"),
                format!("{resolution} minutes is less than the response time, {response}"),
            ));
        }
        checks::opt_note(&path(&sla, "terms"), self.sla.terms.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RawVendor")]
pub struct Vendor {
    pub id: VendorId,
    pub name: String,
    #[serde(default)]
    pub kind: VendorKind,
    /// In the order to try them.
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub practice: VendorPractice,
}

/// A vendor as JSON may say it: documents written before several contacts had one `contact`,
/// which is still read (first, before any of `contacts`).
#[derive(Deserialize)]
struct RawVendor {
    id: VendorId,
    name: String,
    #[serde(default)]
    kind: VendorKind,
    #[serde(default)]
    contact: Option<Contact>,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    practice: VendorPractice,
}

impl From<RawVendor> for Vendor {
    fn from(raw: RawVendor) -> Vendor {
        let mut contacts = raw.contacts;
        if let Some(c) = raw.contact
            && !contacts.contains(&c)
        {
            contacts.insert(0, c);
        }
        Vendor {
            id: raw.id,
            name: raw.name,
            kind: raw.kind,
            contacts,
            practice: raw.practice,
        }
    }
}

impl Vendor {
    /// Whom to call first.
    pub fn primary_contact(&self) -> Option<&Contact> {
        self.contacts.first()
    }

    /// Checks what serde can't; the error names the field (`contacts[1].email`).
    pub fn validate(&self) -> Result<(), FieldError> {
        checks::line("name", &self.name)?;
        if self.contacts.is_empty() {
            return Err(FieldError::new(
                "contacts",
                "at least one contact is needed, to reach the vendor during a disruption",
            ));
        }
        for (i, c) in self.contacts.iter().enumerate() {
            c.validate(&item("contacts", i))?;
        }
        self.practice.validate("practice")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendor() -> Vendor {
        Vendor {
            id: VendorId::new("koulutieto").unwrap(),
            name: "Koulutieto Oy".into(),
            kind: VendorKind::Vendor,
            contacts: vec![
                Contact {
                    name: "Päivystys".into(),
                    role: Some("24/7-päivystys".into()),
                    phone: Some("+358 40 000 0101".into()),
                    email: None,
                    available_24_7: true,
                },
                Contact {
                    name: "Marja Salonen".into(),
                    role: Some("asiakkuuspäällikkö".into()),
                    phone: None,
                    email: Some("marja.salonen@example.invalid".into()),
                    available_24_7: false,
                },
            ],
            practice: VendorPractice {
                meetings_and_communication: Some("Teams-tilannekokous tunnin välein".into()),
                progress_report_interval_minutes: Some(60),
                fix_acknowledgement: Some("Kirjallinen kuittaus sähköpostilla".into()),
                contract_reference: Some("Sopimus 2024/117".into()),
                sla: Sla {
                    response_minutes: Some(30),
                    resolution_minutes: Some(240),
                    terms: Some("P1 arkisin 8–16".into()),
                },
            },
        }
    }

    fn field(v: Vendor) -> String {
        v.validate().unwrap_err().field
    }

    #[test]
    fn round_trips_and_reads_the_older_single_contact() {
        let v = vendor();
        assert_eq!(v.validate(), Ok(()));
        let json = serde_json::to_value(&v).unwrap();
        assert!(json.get("contact").is_none(), "{json}");
        assert_eq!(json["kind"], "vendor");
        assert_eq!(json["contacts"][0]["available_24_7"], true);
        assert_eq!(serde_json::from_value::<Vendor>(json).unwrap(), v);

        let old: Vendor = serde_json::from_str(
            r#"{"id":"visma","name":"Visma","contact":{"name":"Päivystys","phone":"+358 40 123 4567"}}"#,
        )
        .unwrap();
        assert_eq!(old.contacts.len(), 1);
        assert_eq!(
            old.primary_contact().map(|c| c.name.as_str()),
            Some("Päivystys")
        );
        assert_eq!(old.kind, VendorKind::Vendor);
        assert_eq!(old.practice, VendorPractice::default());
        assert_eq!(old.validate(), Ok(()));

        let both: Vendor = serde_json::from_str(
            r#"{"id":"v","name":"V","kind":"service_provider","contact":{"name":"A","email":"a@x.fi"},"contacts":[{"name":"B","email":"b@x.fi"}]}"#,
        )
        .unwrap();
        let names: Vec<&str> = both.contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(both.kind, VendorKind::ServiceProvider);
    }

    #[test]
    fn mistakes_are_named_by_their_path() {
        let mut v = vendor();
        v.name = "".into();
        assert_eq!(field(v), "name");
        let mut v = vendor();
        v.contacts.clear();
        assert_eq!(field(v), "contacts");
        let mut v = vendor();
        v.contacts[1].email = Some("marja.example.invalid".into());
        assert_eq!(field(v), "contacts[1].email");
        let mut v = vendor();
        v.contacts[0].phone = Some("soita".into());
        assert_eq!(field(v), "contacts[0].phone");
        let mut v = vendor();
        v.contacts[0].phone = None;
        assert_eq!(field(v), "contacts[0]");
        let mut v = vendor();
        v.practice.progress_report_interval_minutes = Some(0);
        assert_eq!(field(v), "practice.progress_report_interval_minutes");
        let mut v = vendor();
        v.practice.sla.resolution_minutes = Some(10);
        assert_eq!(field(v), "practice.sla.resolution_minutes");
        let mut v = vendor();
        v.practice.contract_reference = Some("x".repeat(301));
        assert_eq!(field(v), "practice.contract_reference");
    }
}
