//! The matrices workbook out: an instructions sheet, a sheet per critical system the caller
//! may see (its matrix in use, details, vendor and backup arrangements) and a template for a
//! new system; or the template alone.

use super::{Download, XLSX, language};
use crate::register::require_staff;
use crate::{App, AppError, Principal};
use mim_domain::Language;
use mim_sheets::matrix::{MatrixBook, export};

impl App {
    /// The workbook of every matrix `who` may see, headings in `lang` (else the
    /// organisation's language); with `template_only`, the blank template for a new system.
    pub async fn export_matrices(
        &self,
        who: &Principal,
        lang: Option<Language>,
        template_only: bool,
    ) -> Result<Download, AppError> {
        require_staff(who)?;
        let org = self.organisation_or_default().await?;
        let lang = language(lang, &org);
        let (systems, vendors) = if template_only {
            (Vec::new(), Vec::new())
        } else {
            (self.systems(who).await?, self.vendors(who).await?)
        };
        let book = MatrixBook::from_register(&org, &systems, &vendors);
        let bytes =
            export(&book, lang).map_err(|e| AppError::Internal(format!("matrix export: {e}")))?;
        let what = if template_only {
            "matrix-template"
        } else {
            "matrices"
        };
        Ok(Download {
            filename: format!("mim-{what}-{}.xlsx", lang.code()),
            content_type: XLSX,
            bytes,
        })
    }
}
