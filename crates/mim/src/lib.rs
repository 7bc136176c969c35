//! The `mim` binary's library: settings, wiring of adapters, operator subcommands and the
//! server's lifecycle. `main` only parses arguments and calls `run`; tests call the same
//! functions or start the real binary.

pub mod cli;
mod dispatch;
mod operator;
mod plan;
mod readiness;
mod register;
mod serve;
pub mod settings;
mod sheets;
mod worker;

use cli::{Cli, Command};
use mim_app::clock::SystemClock;
use mim_app::{App, AppSettings};
use settings::Settings;
use std::sync::Arc;

/// Logs go to stderr, filtered by `RUST_LOG` (default `info`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::DefaultConfig => {
            print!("{}", settings::DEFAULT_CONFIG);
            return Ok(());
        }
        Command::Openapi => {
            println!("{}", mim_web::openapi_json());
            return Ok(());
        }
        _ => {}
    }
    let settings = Settings::load(cli.config.as_deref(), &cli.command)?;
    let app = open_app(&settings).await?;
    match cli.command {
        Command::DefaultConfig | Command::Openapi => Ok(()),
        Command::Serve { demo, .. } => serve::serve(app, &settings, demo).await,
        Command::Migrate { .. } => {
            println!(
                "database at {} is up to date",
                settings.database_path().display()
            );
            Ok(())
        }
        Command::User(cmd) => operator::user(&app, cmd).await,
        Command::Token(cmd) => operator::token(&app, cmd).await,
        Command::Register(cmd) => register::run(&app, cmd).await,
        Command::Sheets(cmd) => sheets::run(&app, cmd).await,
        Command::Plan(cmd) => plan::run(&app, cmd).await,
        Command::Readiness(cmd) => readiness::run(&app, cmd).await,
    }
}

/// Opens the store (applying migrations) and builds the app on the system clock.
pub async fn open_app(settings: &Settings) -> Result<App, String> {
    let path = settings.database_path();
    let store = mim_store_sqlite::SqliteStore::open(&path)
        .await
        .map_err(|e| format!("can't open the database at {}: {e}", path.display()))?;
    let app_settings = AppSettings {
        session_ttl: chrono::Duration::minutes(i64::from(settings.session_minutes)),
    };
    Ok(App::new(
        Arc::new(store),
        Arc::new(SystemClock),
        app_settings,
    ))
}
