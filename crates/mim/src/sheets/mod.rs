//! Operator subcommands for spreadsheets: the impact matrices as a workbook out and in, the
//! critical systems as CSV out and in, and the cases of a period out as CSV or workbook. They
//! work on the `--data` directory like the other subcommands; the operator acts like an admin
//! and is named in the register's history by their login.

use crate::cli::DataArg;
use chrono::NaiveDate;
use clap::Subcommand;
use mim_app::register::Author;
use mim_app::sheets::CasePeriod;
use mim_app::{App, AppError};
use mim_domain::Language;
use mim_domain::register::Editor;
use report::{report, systems_report};
use std::path::{Path, PathBuf};

mod report;

#[derive(Debug, Subcommand)]
pub enum SheetsCommand {
    /// Writes the impact matrices as an Excel workbook: a sheet per critical system and a
    /// template for a new one.
    ExportMatrices {
        /// The workbook to write (.xlsx).
        file: PathBuf,
        /// fi, sv or en [default: the organisation's language].
        #[arg(long)]
        lang: Option<String>,
        /// Only the blank template for a new system.
        #[arg(long)]
        template: bool,
        #[command(flatten)]
        data: DataArg,
    },
    /// Imports the impact matrices of a workbook: all or nothing. Prints what changes, or
    /// every problem with its sheet and cell (and exits non-zero).
    ImportMatrices {
        /// The workbook to read (.xlsx; also .xls, .xlsb, .ods).
        file: PathBuf,
        /// Only print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        data: DataArg,
    },
    /// Writes the critical systems as CSV for Excel (id, name, aliases, users, owner, vendor,
    /// MIM contact and deputy, criticality notes).
    ExportSystems {
        /// The file to write (.csv).
        file: PathBuf,
        /// fi, sv or en headings [default: the organisation's language].
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        data: DataArg,
    },
    /// Imports critical systems from CSV: all or nothing. A new id adds a system; columns
    /// left out keep their values. Prints what changes, or every problem by line and column
    /// (and exits non-zero).
    ImportSystems {
        /// The CSV file to read.
        file: PathBuf,
        /// Only print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        data: DataArg,
    },
    /// Writes the cases opened in a period (days in the organisation's time zone) as CSV for
    /// Finnish Excel or as a workbook, by the file's extension.
    ExportCases {
        /// The first day, YYYY-MM-DD.
        #[arg(long)]
        from: NaiveDate,
        /// The last day, included.
        #[arg(long)]
        to: NaiveDate,
        /// The file to write: .csv or .xlsx.
        file: PathBuf,
        /// fi, sv or en [default: the organisation's language].
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        data: DataArg,
    },
}

impl SheetsCommand {
    pub fn data_dir(&self) -> Option<&PathBuf> {
        match self {
            SheetsCommand::ExportMatrices { data, .. }
            | SheetsCommand::ImportMatrices { data, .. }
            | SheetsCommand::ExportSystems { data, .. }
            | SheetsCommand::ImportSystems { data, .. }
            | SheetsCommand::ExportCases { data, .. } => data.data.as_ref(),
        }
    }
}

pub async fn run(app: &App, cmd: SheetsCommand) -> Result<(), String> {
    let operator = crate::operator::operator_principal(app).await?;
    match cmd {
        SheetsCommand::ExportMatrices {
            file,
            lang,
            template,
            ..
        } => {
            let lang = parse_lang(lang)?;
            let d = app
                .export_matrices(&operator, lang, template)
                .await
                .map_err(|e| e.to_string())?;
            write(&file, &d.bytes)?;
            println!("wrote {}", file.display());
            Ok(())
        }
        SheetsCommand::ImportMatrices { file, dry_run, .. } => {
            let bytes = read(&file)?;
            let author = Author::Operator(Editor::operator(&login()));
            let outcome = app.import_matrices(author, &bytes, dry_run).await;
            print!("{}", report(&outcome.map_err(|e| refused(&file, e))?));
            Ok(())
        }
        SheetsCommand::ExportSystems { file, lang, .. } => {
            let lang = parse_lang(lang)?;
            let d = app
                .export_systems_csv(&operator, lang)
                .await
                .map_err(|e| e.to_string())?;
            write(&file, &d.bytes)?;
            println!("wrote {}", file.display());
            Ok(())
        }
        SheetsCommand::ImportSystems { file, dry_run, .. } => {
            let bytes = read(&file)?;
            let author = Author::Operator(Editor::operator(&login()));
            let outcome = app.import_systems_csv(author, &bytes, dry_run).await;
            print!(
                "{}",
                systems_report(&outcome.map_err(|e| refused(&file, e))?)
            );
            Ok(())
        }
        SheetsCommand::ExportCases {
            from,
            to,
            file,
            lang,
            ..
        } => {
            let lang = parse_lang(lang)?;
            let period = CasePeriod::new(from, to).map_err(|e| e.to_string())?;
            let ext = file
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            let d = match ext.as_deref() {
                Some("csv") => app.export_cases_csv(&operator, period, lang).await,
                Some("xlsx") => {
                    let catalogue = mim_web::i18n::Catalogue::load();
                    let words = move |l: Language, key: &str| catalogue.t(l, key);
                    app.export_cases_workbook(&operator, period, lang, &words)
                        .await
                }
                _ => {
                    return Err(format!(
                        "{}: the file must end in .csv or .xlsx",
                        file.display()
                    ));
                }
            }
            .map_err(|e| e.to_string())?;
            write(&file, &d.bytes)?;
            println!("wrote {}", file.display());
            Ok(())
        }
    }
}

fn read(file: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("can't read {}: {e}", file.display()))
}

/// An import refused: every problem on standard error, a line each, and the summary.
fn refused(file: &Path, e: AppError) -> String {
    match e {
        AppError::BadWorkbook { problems, .. } => {
            for p in &problems {
                eprintln!("{}", p.message);
            }
            format!(
                "{}: nothing was imported ({} problem{})",
                file.display(),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )
        }
        e => e.to_string(),
    }
}

fn parse_lang(lang: Option<String>) -> Result<Option<Language>, String> {
    lang.map(|l| l.parse::<Language>()).transpose()
}

/// The operator's login as the environment names it (a label for the history, not a proof).
pub(crate) fn login() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

fn write(file: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(file, bytes).map_err(|e| format!("can't write {}: {e}", file.display()))
}
