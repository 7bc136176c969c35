//! Seeding the demo organisation, only into an empty database.

use crate::demo_data::demo_register;
use crate::identity::NewUser;
use crate::intake::{SecretChange, SourceSpec};
use crate::{App, AppError};
use mim_domain::detection::SeverityMapping;
use mim_domain::register::{AuthKind, DEFAULT_MAX_BODY_BYTES, SourceFormat};

/// What was seeded: the user names, all with the password `demo`.
#[derive(Debug, Clone)]
pub struct DemoSeeded {
    pub organisation: String,
    pub users: Vec<(String, String, Vec<String>)>,
    pub systems: usize,
    /// The intake sources with their (public, demo-only) secrets.
    pub sources: Vec<SeededSource>,
}

/// A seeded intake source and the secret it was given.
#[derive(Debug, Clone)]
pub struct SeededSource {
    pub id: String,
    pub name: String,
    pub format: SourceFormat,
    pub auth: AuthKind,
    pub secret: String,
}

pub const DEMO_PASSWORD: &str = "demo";

impl App {
    /// Seeds the demo register, one user per role and one intake source per format (with fixed,
    /// public secrets); `Ok(None)` when the database already holds anything (demo data never
    /// mixes with real data).
    pub async fn seed_demo(&self) -> Result<Option<DemoSeeded>, AppError> {
        if !self.store().is_empty().await? {
            return Ok(None);
        }
        let demo = demo_register();
        // Vendors first (vendor users name one), then users (contacts name users).
        for v in &demo.vendors {
            self.put_vendor(None, v.clone()).await?;
        }
        let mut users = vec![];
        for u in demo.users {
            let roles: Vec<String> = u.roles.iter().map(|r| r.code().to_owned()).collect();
            users.push((u.id.to_string(), u.name.clone(), roles));
            // Reachable by e-mail, so call-outs and red alerts have somewhere to go.
            let email = Some(format!("{}@kuusijarvi.example.fi", u.id));
            self.add_user_with_password_policy(
                None,
                NewUser {
                    id: u.id,
                    name: u.name,
                    email,
                    roles: u.roles.into_iter().collect(),
                    vendor: u.vendor,
                    language: u.language,
                    password: Some(DEMO_PASSWORD.into()),
                },
                DEMO_PASSWORD.len(),
            )
            .await?;
        }
        self.put_organisation(None, demo.organisation.clone())
            .await?;
        for s in &demo.systems {
            self.put_system(None, s.clone()).await?;
        }
        // The walk-throughs held so far, dated back from today in the organisation's zone.
        let today = self
            .now()
            .with_timezone(&demo.organisation.time_zone)
            .date_naive();
        for review in crate::demo_data::walk_throughs(today) {
            self.add_process_review(None.into(), review).await?;
        }
        let mut sources = vec![];
        for s in &demo.sources {
            self.put_source(
                None,
                SourceSpec {
                    id: s.id.to_owned(),
                    name: s.name.to_owned(),
                    format: s.format,
                    auth: s.auth,
                    time_zone: demo.organisation.time_zone,
                    severity_mapping: SeverityMapping::fixture_m(),
                    max_body_bytes: DEFAULT_MAX_BODY_BYTES,
                    enabled: true,
                    secret: SecretChange::Set(s.secret.to_owned()),
                },
            )
            .await?;
            sources.push(SeededSource {
                id: s.id.to_owned(),
                name: s.name.to_owned(),
                format: s.format,
                auth: s.auth,
                secret: s.secret.to_owned(),
            });
        }
        Ok(Some(DemoSeeded {
            organisation: demo.organisation.name,
            users,
            systems: demo.systems.len(),
            sources,
        }))
    }
}
