//! `mim export-plan`: the preparedness-plan appendix written to a file, from the same
//! database the server uses. The operator reads it as an admin would.

use crate::cli::DataArg;
use clap::{Subcommand, ValueEnum};
use mim_app::App;
use mim_domain::Language;
use mim_web::PlanFormat;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Writes the preparedness-plan appendix: the organisation's MIM process and every
    /// critical system's sheet, as printable HTML or as Markdown.
    ExportPlan {
        /// The file to write: .html or .md (or say which with --format).
        file: PathBuf,
        /// fi, sv or en [default: the organisation's language].
        #[arg(long)]
        lang: Option<String>,
        /// html or markdown [default: by the file's extension].
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Html,
    #[value(alias = "md")]
    Markdown,
}

impl PlanCommand {
    pub fn data_dir(&self) -> Option<&PathBuf> {
        match self {
            PlanCommand::ExportPlan { data, .. } => data.data.as_ref(),
        }
    }
}

pub async fn run(app: &App, cmd: PlanCommand) -> Result<(), String> {
    let PlanCommand::ExportPlan {
        file, lang, format, ..
    } = cmd;
    let format = match format {
        Some(FormatArg::Html) => PlanFormat::Html,
        Some(FormatArg::Markdown) => PlanFormat::Markdown,
        None => PlanFormat::from_path(&file).ok_or_else(|| {
            format!(
                "{}: the file must end in .html or .md, or give --format html|markdown",
                file.display()
            )
        })?,
    };
    let lang = lang.map(|l| l.parse::<Language>()).transpose()?;
    let operator = crate::operator::operator_principal(app).await?;
    let plan = app
        .preparedness_plan(&operator, lang)
        .await
        .map_err(|e| e.to_string())?;
    let text = mim_web::render_plan(&plan, format).map_err(|e| e.to_string())?;
    std::fs::write(&file, text).map_err(|e| format!("can't write {}: {e}", file.display()))?;
    println!(
        "wrote {} ({} critical systems)",
        file.display(),
        plan.systems.len()
    );
    Ok(())
}
