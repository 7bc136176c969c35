//! The cases of a period out: as CSV that Finnish Excel opens as it is (exactly the columns
//! of CASES.md C27, in its order) and as a workbook (those columns, then the MIM form's other
//! fields, and each case's timeline on a sheet of its own in the domain's order). A case is
//! in the period when it was opened on one of its days, the days counted in the organisation's
//! time zone. Each case is read as its MIM form, so a reader sees on it exactly what the form
//! shows them, and a vendor's users export only their own systems' cases.

use super::{CSV, Download, XLSX, language};
use crate::{App, AppError, Principal};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use mim_domain::Language;
use mim_sheets::cases::{CaseExport, case_csv, case_workbook};
use mim_store::CaseFilter;

/// The interface-text catalogue of the front door: the text for a key in a language. The
/// workbook writes the form's fields and events with the words the printable form uses.
pub type Words<'a> = &'a (dyn Fn(Language, &str) -> String + Sync);

/// The days of an export, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CasePeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl CasePeriod {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, AppError> {
        if to < from {
            return Err(AppError::invalid(
                "to",
                format!("the period ends ({to}) before it starts ({from})"),
            ));
        }
        Ok(CasePeriod { from, to })
    }

    /// The first instant of the period and the first after it, in `tz`.
    fn instants(&self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let midnight = |d: NaiveDate| {
            let local = d.and_time(chrono::NaiveTime::MIN);
            // A zone that skips midnight on a DST day starts that day at the first valid time.
            tz.from_local_datetime(&local)
                .earliest()
                .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
        };
        let after = self.to.succ_opt().unwrap_or(self.to);
        (midnight(self.from), midnight(after))
    }

    fn filename(&self, ext: &str) -> String {
        format!("mim-cases-{}_{}.{ext}", self.from, self.to)
    }
}

impl App {
    /// The cases of `period` as CSV for Finnish Excel, words in `lang` (else the
    /// organisation's language), times in the organisation's zone.
    pub async fn export_cases_csv(
        &self,
        who: &Principal,
        period: CasePeriod,
        lang: Option<Language>,
    ) -> Result<Download, AppError> {
        let (tz, lang) = self.zone_and_language(lang).await?;
        let no_words = |key: &str| key.to_string();
        let rows: Vec<_> = self
            .case_exports(who, period, tz, lang, &no_words)
            .await?
            .into_iter()
            .map(|c| c.row)
            .collect();
        Ok(Download {
            filename: period.filename("csv"),
            content_type: CSV,
            bytes: case_csv(&rows, tz, lang),
        })
    }

    /// The cases of `period` as a workbook: the CSV's columns, the form's other fields and
    /// a timeline sheet per case.
    pub async fn export_cases_workbook(
        &self,
        who: &Principal,
        period: CasePeriod,
        lang: Option<Language>,
        words: Words<'_>,
    ) -> Result<Download, AppError> {
        let (tz, lang) = self.zone_and_language(lang).await?;
        let lookup = |key: &str| words(lang, key);
        let cases = self.case_exports(who, period, tz, lang, &lookup).await?;
        let bytes = case_workbook(&cases, tz, lang)
            .map_err(|e| AppError::Internal(format!("case workbook: {e}")))?;
        Ok(Download {
            filename: period.filename("xlsx"),
            content_type: XLSX,
            bytes,
        })
    }

    async fn zone_and_language(&self, lang: Option<Language>) -> Result<(Tz, Language), AppError> {
        let org = self.organisation_or_default().await?;
        Ok((org.time_zone, language(lang, &org)))
    }

    /// Every case `who` may see that was opened in `period`, oldest first.
    async fn case_exports(
        &self,
        who: &Principal,
        period: CasePeriod,
        tz: Tz,
        lang: Language,
        words: &(dyn Fn(&str) -> String + Sync),
    ) -> Result<Vec<CaseExport>, AppError> {
        let (start, end) = period.instants(tz);
        // The listing is summaries only, so all of them fit; the store has no filter by date.
        let filter = CaseFilter {
            limit: Some(u32::MAX),
            ..CaseFilter::default()
        };
        let mut listed = self.list_cases(who, filter).await?;
        listed.retain(|c| c.opened_at >= start && c.opened_at < end);
        listed.sort_by_cached_key(|c| (c.opened_at, c.id.to_string()));
        let mut out = Vec::with_capacity(listed.len());
        for c in listed {
            let view = self.form(who, &c.id).await?;
            out.push(CaseExport::from_form(&view.form, tz, lang, words));
        }
        Ok(out)
    }
}
