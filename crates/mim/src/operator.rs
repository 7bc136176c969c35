//! Operator subcommands: users and tokens.

use crate::cli::{TokenCommand, UserCommand};
use mim_app::App;
use mim_app::identity::NewUser;
use mim_domain::{Language, Role, UserId, VendorId};
use std::io::BufRead;

pub async fn user(app: &App, cmd: UserCommand) -> Result<(), String> {
    match cmd {
        UserCommand::Add {
            id,
            name,
            roles,
            vendor,
            email,
            language,
            no_password,
            ..
        } => {
            let id = UserId::new(&id)?;
            let roles = roles
                .iter()
                .map(|r| r.parse::<Role>())
                .collect::<Result<_, _>>()?;
            let vendor = vendor.map(VendorId::new).transpose()?;
            let language: Language = language.parse()?;
            let password = if no_password {
                None
            } else {
                Some(read_password()?)
            };
            let user = app
                .add_user(
                    None,
                    NewUser {
                        id,
                        name,
                        email,
                        roles,
                        vendor,
                        language,
                        password,
                    },
                )
                .await
                .map_err(|e| e.to_string())?;
            let roles: Vec<&str> = user.roles.iter().map(|r| r.code()).collect();
            println!(
                "added user {} ({}) with roles {}",
                user.id,
                user.name,
                roles.join(", ")
            );
            Ok(())
        }
        UserCommand::Deactivate { id, .. } => {
            let id = UserId::new(&id)?;
            let user = app
                .deactivate_user(None, &id)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "deactivated {} ({}): sessions ended, tokens stop working",
                user.id, user.name
            );
            Ok(())
        }
        UserCommand::SetPassword { id, .. } => {
            let id = UserId::new(&id)?;
            let password = read_password()?;
            app.set_password(None, &id, &password)
                .await
                .map_err(|e| e.to_string())?;
            println!("password of {id} set; their sessions ended");
            Ok(())
        }
        UserCommand::List { .. } => {
            let operator = operator_principal(app).await?;
            let users = app.users(&operator).await.map_err(|e| e.to_string())?;
            if users.is_empty() {
                println!("no users yet: add one with `mim user add`");
            }
            for u in users {
                let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
                let vendor = u
                    .vendor
                    .map(|v| format!(" (vendor {v})"))
                    .unwrap_or_default();
                // Padded by characters, so names with ä/ö/å line up too.
                println!(
                    "{} {} {}{vendor}",
                    pad(u.id.as_str(), 16),
                    pad(&u.name, 24),
                    roles.join(",")
                );
            }
            Ok(())
        }
    }
}

/// The operator at the command line may list users like an admin.
pub(crate) async fn operator_principal(_app: &App) -> Result<mim_app::Principal, String> {
    Ok(mim_app::Principal {
        user: mim_store::UserRecord {
            id: UserId::new("operator")?,
            name: "operator".into(),
            email: None,
            roles: [Role::Admin].into_iter().collect(),
            vendor: None,
            language: Language::En,
            password_hash: None,
            active: true,
            created_at: chrono::DateTime::UNIX_EPOCH,
        },
    })
}

fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("MIM_PASSWORD") {
        return Ok(p);
    }
    eprintln!("password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let p = line.trim_end_matches(['\n', '\r']).to_owned();
    if p.is_empty() {
        return Err(
            "no password given (set MIM_PASSWORD, pipe one in, or use --no-password)".into(),
        );
    }
    Ok(p)
}

pub async fn token(app: &App, cmd: TokenCommand) -> Result<(), String> {
    match cmd {
        TokenCommand::List { user, .. } => {
            let user = UserId::new(&user)?;
            let tokens = app.tokens_of(&user).await.map_err(|e| e.to_string())?;
            if tokens.is_empty() {
                println!("{user} has no tokens");
            }
            for t in tokens {
                let expires = t.expires_at.map_or_else(
                    || "never expires".to_owned(),
                    |e| {
                        format!(
                            "expires {}",
                            e.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                        )
                    },
                );
                println!(
                    "{}  {}  created {}  {expires}",
                    t.id,
                    pad(&t.name, 20),
                    t.created_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                );
            }
            Ok(())
        }
        TokenCommand::Revoke { id, .. } => {
            app.revoke_token(None, &id)
                .await
                .map_err(|e| e.to_string())?;
            println!("token {id} revoked");
            Ok(())
        }
        TokenCommand::Create {
            user, name, days, ..
        } => {
            let user = UserId::new(&user)?;
            let t = app
                .create_token(
                    &user,
                    &name,
                    days.map(|d| chrono::Duration::days(i64::from(d))),
                )
                .await
                .map_err(|e| e.to_string())?;
            eprintln!(
                "token {} for {user}{}; shown once:",
                t.id,
                t.expires_at
                    .map(|e| format!(
                        ", expires {}",
                        e.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    ))
                    .unwrap_or_default()
            );
            println!("{}", t.secret);
            Ok(())
        }
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}
