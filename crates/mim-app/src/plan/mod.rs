//! The preparedness-plan appendix (*valmiussuunnitelman liite*): the organisation's MIM
//! process and every critical system's sheet, read from the register as it stands, with the
//! version of each document it reflects. Here are who may have it and what goes into it; how
//! it reads on paper (HTML, Markdown, the words of each language) is the web crate's.

mod outline;

pub use outline::{Decision, PROCESS_DECISIONS, PROCESS_STAGES, Stage};

use crate::register::Versioned;
use crate::{App, AppError, Principal};
use chrono::{DateTime, Utc};
use mim_domain::impact::MatrixUsed;
use mim_domain::register::{CriticalSystem, Organisation, Vendor};
use mim_domain::{Language, Role};

/// Everything the appendix shows, as domain values; nothing is localised yet.
#[derive(Debug, Clone)]
pub struct PreparednessPlan {
    /// The language asked for, else the organisation's first.
    pub language: Language,
    /// When the document was made; shown in the organisation's zone.
    pub generated_at: DateTime<Utc>,
    pub organisation: Versioned<Organisation>,
    /// Every critical system, by name.
    pub systems: Vec<PlanSystem>,
}

/// One critical system's sheet.
#[derive(Debug, Clone)]
pub struct PlanSystem {
    pub system: Versioned<CriticalSystem>,
    /// The system's vendor; none when the system names none or the register lacks it (the
    /// sheet then says so, and shows the id it names).
    pub vendor: Option<Versioned<Vendor>>,
    /// The matrix that applies, with where it comes from and its register version.
    pub matrix: MatrixUsed,
}

impl App {
    /// The whole appendix for `who`, in `lang` (else the organisation's language).
    ///
    /// Only people who read the whole register get it: a plan that left out other vendors'
    /// systems would look complete in a binder while it is not, and it carries every
    /// vendor's contacts and contract terms. So a vendor's users, end users and stakeholders
    /// are refused (403) rather than given a partial plan.
    pub async fn preparedness_plan(
        &self,
        who: &Principal,
        lang: Option<Language>,
    ) -> Result<PreparednessPlan, AppError> {
        let internal = who
            .user
            .roles
            .iter()
            .any(|r| r.is_staff() && *r != Role::Vendor);
        if !internal || who.vendor_scope().is_some() {
            return Err(AppError::Forbidden(
                "the preparedness plan is for the organisation's own staff: it holds every \
                 system and every vendor's contacts"
                    .into(),
            ));
        }
        let organisation = self.organisation_versioned().await?;
        let language = lang.unwrap_or_else(|| organisation.document.default_language());
        let mut systems = Vec::new();
        for s in self.systems(who).await? {
            let system = self.system(who, &s.id).await?;
            let vendor = match &system.document.vendor {
                Some(v) => match self.vendor(who, v).await {
                    Ok(found) => Some(found),
                    Err(AppError::NotFound(_)) => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            let matrix = system.document.matrix_in_use_at(
                &organisation.document.default_matrix,
                Some(system.version),
                Some(organisation.version),
            );
            systems.push(PlanSystem {
                system,
                vendor,
                matrix,
            });
        }
        systems.sort_by(|a, b| {
            let key = |s: &PlanSystem| s.system.document.name.to_lowercase();
            key(a).cmp(&key(b))
        });
        Ok(PreparednessPlan {
            language,
            generated_at: self.now(),
            organisation,
            systems,
        })
    }
}
