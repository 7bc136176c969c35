//! The demo register: a fictional bilingual Finnish municipality, Kuusijärven kaupunki
//! (Granträsk stad), with nine critical systems (owners, backup arrangements with their steps
//! and announcements, communication plans), five vendors and service providers (contacts and
//! agreed practice), one user per role and one intake source per format, so a fresh instance,
//! a demo and the black-box tests all start from the same believable data.
//!
//! A pure function: no IO, no clock, no randomness. Seeding it into a store is the caller's
//! job. Every name, company, e-mail address (`example.invalid`) and phone number
//! (`+358 40 000 0xxx`) here is invented.

mod audiences;
mod backups;
mod selectors;
mod systems;
mod vendors;
mod walk_throughs;

pub use walk_throughs::walk_throughs;

use mim_domain::register::{
    AuthKind, CriticalSystem, NamedPerson, Organisation, SourceFormat, Vendor,
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
    organisation.audiences = audiences::audiences();

    let systems = systems::systems(&person)
        .into_iter()
        .map(selectors::with_selectors)
        .collect();

    DemoRegister {
        organisation,
        vendors: vendors::vendors(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use mim_domain::impact::Severity;
    use mim_domain::register::VendorKind;
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
            assert_eq!(v.validate(), Ok(()), "{}", v.id);
            assert!(v.contacts.len() >= 2, "{}", v.id);
            for c in &v.contacts {
                if let Some(email) = &c.email {
                    assert!(email.ends_with("@example.invalid"), "{email}");
                }
                let phone = c.phone.as_deref().unwrap_or_default();
                assert!(phone.starts_with("+358 40 000 0"), "{phone}");
            }
            let p = &v.practice;
            assert!(p.meetings_and_communication.is_some() && p.fix_acknowledgement.is_some());
            assert!(
                p.progress_report_interval_minutes.is_some() && p.sla.response_minutes.is_some()
            );
        }
        assert!(
            r.vendors
                .iter()
                .any(|v| v.kind == VendorKind::ServiceProvider)
        );
        assert!(
            r.vendors
                .iter()
                .all(|v| v.contacts.iter().any(|c| c.available_24_7)
                    || v.id.as_str() == "lahitalous"),
            "every vendor but payroll has someone on call"
        );
    }

    #[test]
    fn every_system_shows_the_preparation_fields_in_the_organisations_languages() {
        let r = demo_register();
        let languages = &r.organisation.languages;
        for s in &r.systems {
            assert!(s.owner.is_some(), "{}", s.id);
            assert!(s.criticality_notes.is_some(), "{}", s.id);
            let plan = &s.communication_plan;
            assert!(
                !plan.audiences.is_empty() && !plan.channels.is_empty(),
                "{}",
                s.id
            );
            assert!(
                plan.languages.iter().all(|l| languages.contains(l)),
                "{}",
                s.id
            );
            for b in &s.backup_arrangements {
                assert!(b.steps.len() >= 2, "{}/{}", s.id, b.id);
                // Bilingual: every announcement in Finnish and Swedish both.
                for l in [Language::Fi, Language::Sv] {
                    assert!(b.announcement.contains_key(&l), "{}/{} {l}", s.id, b.id);
                }
                assert!(b.announcement.keys().all(|l| languages.contains(l)));
            }
        }
        assert!(r.organisation.bilingual());
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
        for v in &r.vendors {
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(&serde_json::from_str::<Vendor>(&json).unwrap(), v);
        }
    }
}
