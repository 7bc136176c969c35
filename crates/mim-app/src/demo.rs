//! Seeding the demo organisation, only into an empty database.

use crate::demo_data::demo_register;
use crate::identity::NewUser;
use crate::{App, AppError};

/// What was seeded: the user names, all with the password `demo`.
#[derive(Debug, Clone)]
pub struct DemoSeeded {
    pub organisation: String,
    pub users: Vec<(String, String, Vec<String>)>,
    pub systems: usize,
}

pub const DEMO_PASSWORD: &str = "demo";

impl App {
    /// Seeds the demo register and one user per role; `Ok(None)` when the database already
    /// holds anything (demo data never mixes with real data).
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
            self.add_user_with_password_policy(
                None,
                NewUser {
                    id: u.id,
                    name: u.name,
                    email: None,
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
        Ok(Some(DemoSeeded {
            organisation: demo.organisation.name,
            users,
            systems: demo.systems.len(),
        }))
    }
}
