//! The command line.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "mim",
    version,
    about = "Major-incident management: from the first report to the closed MIM form"
)]
pub struct Cli {
    /// A TOML settings file (see `mim default-config`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives; every subcommand that touches data takes it.
#[derive(Debug, Clone, Args)]
pub struct DataArg {
    /// The data directory holding the SQLite database [default: ./mim-data].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the server.
    Serve {
        /// The address to listen on [default: 127.0.0.1:8080]; port 0 picks a free one.
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
        #[command(flatten)]
        data: DataArg,
        /// Seeds a fictional municipality and one user per role (password `demo`), only into
        /// an empty database.
        #[arg(long)]
        demo: bool,
    },
    /// Applies the database migrations and exits (serve applies them too).
    Migrate {
        #[command(flatten)]
        data: DataArg,
    },
    /// Manages users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manages API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    #[command(flatten)]
    Register(crate::register::RegisterCommand),
    #[command(flatten)]
    Sheets(crate::sheets::SheetsCommand),
    #[command(flatten)]
    Plan(crate::plan::PlanCommand),
    #[command(flatten)]
    Readiness(crate::readiness::ReadinessCommand),
    /// Prints the annotated default settings.
    DefaultConfig,
    /// Prints the OpenAPI document of the JSON API (also served at /api/openapi.json).
    Openapi,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Adds a user. The password is read from MIM_PASSWORD or, if unset, from standard input.
    Add {
        /// The user name (a–z, 0–9, '-', '_', '.').
        id: String,
        /// The person's name as shown on cases.
        #[arg(long)]
        name: String,
        /// Comma-separated roles: service_desk, mim_contact, it_management, management_group,
        /// vendor, stakeholder, verifier, end_user, admin.
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// For vendor users: the vendor id.
        #[arg(long)]
        vendor: Option<String>,
        /// The person's e-mail address.
        #[arg(long)]
        email: Option<String>,
        /// fi, sv or en.
        #[arg(long, default_value = "fi")]
        language: String,
        /// Create the user without a password (token-only).
        #[arg(long)]
        no_password: bool,
        #[command(flatten)]
        data: DataArg,
    },
    /// Lists users.
    List {
        #[command(flatten)]
        data: DataArg,
    },
    /// Takes a user's access away: sessions end, tokens stop working.
    Deactivate {
        id: String,
        #[command(flatten)]
        data: DataArg,
    },
    /// Sets a user's password (from MIM_PASSWORD or standard input); their sessions end.
    SetPassword {
        id: String,
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Creates an API bearer token for a user and prints it once.
    Create {
        /// The user the token acts as.
        user: String,
        /// What the token is for.
        #[arg(long, default_value = "api")]
        name: String,
        /// Days until it expires (1–3650); never when omitted.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: Option<u32>,
        #[command(flatten)]
        data: DataArg,
    },
    /// Lists a user's tokens (ids, names, expiry; never the secrets).
    List {
        user: String,
        #[command(flatten)]
        data: DataArg,
    },
    /// Revokes a token by its id.
    Revoke {
        id: String,
        #[command(flatten)]
        data: DataArg,
    },
}

impl Command {
    pub fn data_dir(&self) -> Option<&PathBuf> {
        match self {
            Command::Serve { data, .. } | Command::Migrate { data } => data.data.as_ref(),
            Command::User(
                UserCommand::Add { data, .. }
                | UserCommand::List { data }
                | UserCommand::Deactivate { data, .. }
                | UserCommand::SetPassword { data, .. },
            ) => data.data.as_ref(),
            Command::Token(
                TokenCommand::Create { data, .. }
                | TokenCommand::List { data, .. }
                | TokenCommand::Revoke { data, .. },
            ) => data.data.as_ref(),
            Command::Sheets(cmd) => cmd.data_dir(),
            Command::Plan(cmd) => cmd.data_dir(),
            Command::Register(cmd) => cmd.data_dir(),
            Command::Readiness(cmd) => cmd.data_dir(),
            Command::DefaultConfig | Command::Openapi => None,
        }
    }
}
