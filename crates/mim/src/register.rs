//! Operator subcommands for the register, for what an operator scripts: `mim system`,
//! `mim vendor` and `mim organisation` list, show and replace the documents as the API's JSON
//! (so `show > f.json`, an edit and `put f.json` round-trip), and print their history. Changes
//! are read and checked exactly as the API reads them, and are attributed to `cli:` and the
//! operator's login.

use crate::cli::DataArg;
use clap::{Args, Subcommand};
use mim_app::register::{Author, Change, Versioned};
use mim_app::{App, Principal};
use mim_domain::register::Editor;
use mim_domain::{SystemId, VendorId};
use serde::Serialize;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Lists, shows and replaces critical systems (JSON as in `GET /api/systems/ID`).
    #[command(subcommand)]
    System(DocumentCommand),
    /// Lists, shows and replaces vendors and service providers.
    #[command(subcommand)]
    Vendor(DocumentCommand),
    /// Shows and replaces the organisation settings.
    #[command(subcommand)]
    Organisation(SettingsCommand),
}

#[derive(Debug, Subcommand)]
pub enum DocumentCommand {
    /// One line per document: id, name and the essentials.
    List {
        #[command(flatten)]
        data: DataArg,
    },
    /// Prints one document as JSON on standard output; its version and who changed it last
    /// go to standard error.
    Show {
        id: String,
        #[command(flatten)]
        data: DataArg,
    },
    /// Adds or replaces the document in FILE (`-`: standard input); the id is the file's.
    Put(PutArgs),
    /// Every version: when, by whom.
    History {
        id: String,
        /// Print every version's document as JSON too.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Prints the settings as JSON on standard output; the version goes to standard error.
    Show {
        #[command(flatten)]
        data: DataArg,
    },
    /// Replaces the settings with FILE (`-`: standard input).
    Put(PutArgs),
    /// Every version: when, by whom.
    History {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Debug, Args)]
pub struct PutArgs {
    /// A JSON document; `-` reads standard input.
    pub file: PathBuf,
    /// Write only if the document is still at this version (as shown by `show`; 0: only if
    /// it is new), like the API's If-Match.
    #[arg(long, value_name = "N")]
    pub if_version: Option<u64>,
    #[command(flatten)]
    pub data: DataArg,
}

impl RegisterCommand {
    pub fn data_dir(&self) -> Option<&PathBuf> {
        let data = match self {
            RegisterCommand::System(c) | RegisterCommand::Vendor(c) => match c {
                DocumentCommand::List { data }
                | DocumentCommand::Show { data, .. }
                | DocumentCommand::History { data, .. } => data,
                DocumentCommand::Put(p) => &p.data,
            },
            RegisterCommand::Organisation(c) => match c {
                SettingsCommand::Show { data } | SettingsCommand::History { data, .. } => data,
                SettingsCommand::Put(p) => &p.data,
            },
        };
        data.data.as_ref()
    }
}

pub async fn run(app: &App, cmd: RegisterCommand) -> Result<(), String> {
    let who = crate::operator::operator_principal(app).await?;
    match cmd {
        RegisterCommand::System(c) => system(app, &who, c).await,
        RegisterCommand::Vendor(c) => vendor(app, &who, c).await,
        RegisterCommand::Organisation(c) => organisation(app, &who, c).await,
    }
}

async fn system(app: &App, who: &Principal, cmd: DocumentCommand) -> Result<(), String> {
    let id = |raw: &str| SystemId::new(raw).map_err(|e| format!("system id: {e}"));
    match cmd {
        DocumentCommand::List { .. } => {
            let systems = app.systems(who).await.map_err(fail)?;
            if systems.is_empty() {
                println!("no critical systems yet: add one with `mim system put FILE.json`");
            }
            for s in systems {
                let vendor = s.vendor.as_ref().map_or("-", VendorId::as_str);
                let owner = s.owner.as_ref().map_or("-", |o| o.name.as_str());
                println!(
                    "{} {} {:>7} users  vendor {}  owner {owner}",
                    pad(s.id.as_str(), 16),
                    pad(&s.name, 28),
                    s.user_count,
                    pad(vendor, 14),
                );
            }
            Ok(())
        }
        DocumentCommand::Show { id: raw, .. } => {
            show(app.system(who, &id(&raw)?).await.map_err(fail)?)
        }
        DocumentCommand::Put(args) => {
            let system = mim_web::register_documents::system(read_json(&args.file)?)
                .map_err(|e| e.body.message.clone())?;
            let name = system.id.to_string();
            let version = app
                .write_system(operator(), system, args.if_version)
                .await
                .map_err(fail)?;
            println!("system {name}: version {version} written");
            Ok(())
        }
        DocumentCommand::History { id: raw, json, .. } => {
            let versions = app.system_history(who, &id(&raw)?).await.map_err(fail)?;
            print_history(versions, json)
        }
    }
}

async fn vendor(app: &App, who: &Principal, cmd: DocumentCommand) -> Result<(), String> {
    let id = |raw: &str| VendorId::new(raw).map_err(|e| format!("vendor id: {e}"));
    match cmd {
        DocumentCommand::List { .. } => {
            let vendors = app.vendors(who).await.map_err(fail)?;
            if vendors.is_empty() {
                println!("no vendors yet: add one with `mim vendor put FILE.json`");
            }
            for v in vendors {
                let first = v.primary_contact().map_or_else(String::new, |c| {
                    let reach = c.phone.as_deref().or(c.email.as_deref()).unwrap_or("");
                    format!("{} {reach}", c.name)
                });
                println!(
                    "{} {} {} contact(s), first: {first}",
                    pad(v.id.as_str(), 16),
                    pad(&v.name, 28),
                    v.contacts.len()
                );
            }
            Ok(())
        }
        DocumentCommand::Show { id: raw, .. } => {
            show(app.vendor(who, &id(&raw)?).await.map_err(fail)?)
        }
        DocumentCommand::Put(args) => {
            let vendor = mim_web::register_documents::vendor(read_json(&args.file)?)
                .map_err(|e| e.body.message.clone())?;
            let name = vendor.id.to_string();
            let version = app
                .write_vendor(operator(), vendor, args.if_version)
                .await
                .map_err(fail)?;
            println!("vendor {name}: version {version} written");
            Ok(())
        }
        DocumentCommand::History { id: raw, json, .. } => {
            let versions = app.vendor_history(who, &id(&raw)?).await.map_err(fail)?;
            print_history(versions, json)
        }
    }
}

async fn organisation(app: &App, who: &Principal, cmd: SettingsCommand) -> Result<(), String> {
    match cmd {
        SettingsCommand::Show { .. } => show(app.organisation(who).await.map_err(fail)?),
        SettingsCommand::Put(args) => {
            let org = mim_web::register_documents::organisation(read_json(&args.file)?)
                .map_err(|e| e.body.message.clone())?;
            let version = app
                .write_organisation(operator(), org, args.if_version)
                .await
                .map_err(fail)?;
            println!("organisation settings: version {version} written");
            Ok(())
        }
        SettingsCommand::History { json, .. } => {
            let versions = app.organisation_history(who).await.map_err(fail)?;
            print_history(versions, json)
        }
    }
}

/// The operator at the command line, named by their login: a label from the environment,
/// not a proof, since whoever runs `mim` here holds the database file anyway.
fn operator() -> Author<'static> {
    let login = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_default();
    Author::Operator(Editor::operator(&login))
}

fn fail(e: mim_app::AppError) -> String {
    e.to_string()
}

fn read_json(file: &Path) -> Result<Value, String> {
    let text = if file == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?
    };
    serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", file.display()))
}

fn show<T: Serialize>(v: Versioned<T>) -> Result<(), String> {
    eprintln!("version {}{}", v.version, changed(v.changed.as_ref()));
    let json = serde_json::to_string_pretty(&v.document).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(())
}

fn changed(c: Option<&Change>) -> String {
    match c {
        None => " (the built-in defaults, never stored)".into(),
        Some(c) => {
            let name = c
                .by_name
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!(
                ", changed {} by {}{name}",
                c.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                c.by
            )
        }
    }
}

fn print_history<T: Serialize>(versions: Vec<Versioned<T>>, json: bool) -> Result<(), String> {
    if versions.is_empty() {
        println!("never changed: the built-in defaults apply");
    }
    for v in versions {
        println!("version {}{}", v.version, changed(v.changed.as_ref()));
        if json {
            let doc = serde_json::to_string_pretty(&v.document).map_err(|e| e.to_string())?;
            println!("{doc}");
        }
    }
    Ok(())
}

/// Padded by characters, so names with ä/ö/å line up too.
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}
