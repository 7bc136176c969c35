//! `mim readiness` (what is missing before a disruption, and the readiness figure) and
//! `mim process-review add|list` (the walk-throughs of the process), on the `--data`
//! directory the server uses. The operator acts like an admin and is named in a record as
//! `cli:` and their login. `--json` prints exactly what the API answers.

mod table;

use crate::cli::DataArg;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use mim_app::App;
use mim_app::readiness::ReviewDraft;
use mim_app::register::Author;
use mim_domain::readiness::{PROCESS_VERSION, ReviewStage};
use mim_domain::register::Editor;
use mim_domain::{Language, UserId};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ReadinessCommand {
    /// Prints readiness: per critical system what is missing before a disruption, the
    /// organisation's gaps and walk-throughs, and the readiness figure.
    Readiness {
        /// fi, sv or en [default: the organisation's language].
        #[arg(long)]
        lang: Option<String>,
        /// Print the report as JSON (as GET /api/readiness answers).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArg,
    },
    /// Records and lists walk-throughs of the process.
    #[command(subcommand)]
    ProcessReview(ReviewCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Records a walk-through held (kept as written; a correction is a new record).
    Add(AddArgs),
    /// Lists every walk-through in the order recorded.
    List {
        /// fi, sv or en [default: the organisation's language].
        #[arg(long)]
        lang: Option<String>,
        /// Print JSON (as GET /api/process-reviews answers).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// internal_review, support_and_experts or stakeholders.
    #[arg(long)]
    pub stage: String,
    /// The day it was held, YYYY-MM-DD (the organisation's local date).
    #[arg(long)]
    pub date: NaiveDate,
    /// The process version walked through [default: the version mim runs].
    #[arg(long)]
    pub process_version: Option<String>,
    /// The user of mim who led it.
    #[arg(long, value_name = "USER")]
    pub led_by: Option<String>,
    /// Who led it, by name (needed when --led-by is not given).
    #[arg(long, value_name = "NAME")]
    pub led_by_name: Option<String>,
    /// A participant (a person, team or organisation); repeat for each.
    #[arg(long = "participant", value_name = "NAME")]
    pub participants: Vec<String>,
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub data: DataArg,
}

impl ReadinessCommand {
    pub fn data_dir(&self) -> Option<&PathBuf> {
        match self {
            ReadinessCommand::Readiness { data, .. }
            | ReadinessCommand::ProcessReview(ReviewCommand::List { data, .. }) => {
                data.data.as_ref()
            }
            ReadinessCommand::ProcessReview(ReviewCommand::Add(a)) => a.data.data.as_ref(),
        }
    }
}

pub async fn run(app: &App, cmd: ReadinessCommand) -> Result<(), String> {
    let operator = crate::operator::operator_principal(app).await?;
    let catalogue = mim_web::i18n::Catalogue::load();
    match cmd {
        ReadinessCommand::Readiness { lang, json, .. } => {
            let report = app.readiness(&operator).await.map_err(|e| e.to_string())?;
            let lang = language(lang, &report.languages)?;
            let view = mim_web::readiness_view(&report, lang, &catalogue);
            if json {
                println!("{}", to_json(&view)?);
            } else {
                print!("{}", table::readiness(&view, &catalogue, lang));
            }
            Ok(())
        }
        ReadinessCommand::ProcessReview(ReviewCommand::List { lang, json, .. }) => {
            let reviews = app
                .process_reviews(&operator)
                .await
                .map_err(|e| e.to_string())?;
            let org = app
                .organisation_or_default()
                .await
                .map_err(|e| e.to_string())?;
            let lang = language(lang, &org.languages)?;
            let views: Vec<_> = reviews
                .iter()
                .map(|r| mim_web::review_view(r, lang, &catalogue))
                .collect();
            if json {
                let body = serde_json::json!({
                    "process_version": PROCESS_VERSION,
                    "reviews": views,
                });
                println!("{}", to_json(&body)?);
            } else {
                print!("{}", table::reviews(&views));
            }
            Ok(())
        }
        ReadinessCommand::ProcessReview(ReviewCommand::Add(a)) => {
            let draft = ReviewDraft {
                stage: a.stage.parse::<ReviewStage>()?,
                process_version: a.process_version,
                reviewed_on: a.date,
                led_by_user: a
                    .led_by
                    .map(|u| UserId::new(&u).map_err(|e| format!("--led-by: {e}")))
                    .transpose()?,
                led_by_name: a.led_by_name,
                participants: a.participants,
                note: a.note,
            };
            let author = Author::Operator(Editor::operator(&crate::sheets::login()));
            let stored = app
                .add_process_review(author, draft)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "recorded walk-through {}: {} of process version {} on {}, led by {}",
                stored.id,
                stored.review.stage,
                stored.review.process_version,
                stored.review.reviewed_on,
                stored.review.led_by.name
            );
            Ok(())
        }
    }
}

/// `--lang`, else the organisation's first language.
fn language(lang: Option<String>, organisation: &[Language]) -> Result<Language, String> {
    match lang {
        Some(l) => l.parse::<Language>().map_err(|e| format!("--lang: {e}")),
        None => Ok(organisation.first().copied().unwrap_or(Language::Fi)),
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}
