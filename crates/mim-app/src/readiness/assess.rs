//! Gathering what readiness reads — the register with its history (when each matrix last
//! changed), the walk-throughs and the message templates mim has — and assessing it now.

use super::require_organisation_staff;
use crate::{App, AppError, Principal};
use chrono_tz::Tz;
use mim_domain::Language;
use mim_domain::impact::ImpactMatrix;
use mim_domain::readiness::{
    PROCESS_VERSION, Readiness, ReadinessInput, SystemFacts, TemplateCoverage, assess,
    matrix_last_changed,
};
use mim_domain::register::CriticalSystem;
use mim_messages::MessageKind;
use mim_store::{RegisterDocument, RegisterKey};

/// The assessment with what it takes to show it: the organisation's zone and languages.
#[derive(Debug, Clone)]
pub struct ReadinessReport {
    pub readiness: Readiness,
    pub time_zone: Tz,
    /// The organisation's publication languages, the first the default.
    pub languages: Vec<Language>,
}

impl App {
    /// Readiness now, for the organisation's staff.
    pub async fn readiness(&self, who: &Principal) -> Result<ReadinessReport, AppError> {
        require_organisation_staff(who)?;
        let organisation = self.store().organisation().await?;
        let defaults = self.organisation_or_default().await?;
        let tz = organisation
            .as_ref()
            .map_or(defaults.time_zone, |o| o.time_zone);
        let systems = self.store().systems().await?;
        let vendors = self.store().vendors().await?;
        let reviews = self.store().process_reviews().await?;
        let default_changed =
            matrix_changed(self.matrix_history(&RegisterKey::Organisation).await?, tz);
        let mut changed = Vec::with_capacity(systems.len());
        for s in &systems {
            changed.push(match s.matrix {
                Some(_) => matrix_changed(
                    self.matrix_history(&RegisterKey::System(s.id.clone()))
                        .await?,
                    tz,
                ),
                None => default_changed,
            });
        }
        let templates = self.template_coverage().await?;
        let input = ReadinessInput {
            organisation: organisation.as_ref(),
            systems: systems
                .iter()
                .zip(changed)
                .map(|(system, matrix_changed_on)| SystemFacts {
                    system,
                    matrix_changed_on,
                })
                .collect(),
            vendors: &vendors,
            reviews: &reviews,
            templates: &templates,
            process_version: PROCESS_VERSION,
        };
        let readiness = assess(&input, self.now());
        Ok(ReadinessReport {
            readiness,
            time_zone: tz,
            languages: organisation.map_or(defaults.languages, |o| o.languages),
        })
    }

    /// When each version of a document was written, and the matrix it held: a system's own,
    /// the organisation's default.
    async fn matrix_history(
        &self,
        key: &RegisterKey,
    ) -> Result<Vec<(chrono::DateTime<chrono::Utc>, Option<ImpactMatrix>)>, AppError> {
        Ok(self
            .store()
            .history(key)
            .await?
            .into_iter()
            .map(|v| {
                let matrix = match v.document {
                    RegisterDocument::Organisation(o) => Some(o.default_matrix),
                    RegisterDocument::System(s) => own_matrix(*s),
                    _ => None,
                };
                (v.stamp.at, matrix)
            })
            .collect())
    }
}

fn own_matrix(s: CriticalSystem) -> Option<ImpactMatrix> {
    s.matrix
}

fn matrix_changed(
    history: Vec<(chrono::DateTime<chrono::Utc>, Option<ImpactMatrix>)>,
    tz: Tz,
) -> Option<chrono::NaiveDate> {
    matrix_last_changed(history.iter().map(|(at, m)| (*at, m.as_ref())), tz)
}

impl App {
    /// The message templates a message would be written from (the organisation's own, else
    /// the shipped default), each kind in each language: one counts as missing when it would
    /// be refused if saved today (an empty subject, a bulletin leaving out what it must say —
    /// possible for a template stored before a rule was added).
    async fn template_coverage(&self) -> Result<TemplateCoverage, AppError> {
        let mut coverage = TemplateCoverage::complete();
        for language in Language::ALL {
            for kind in MessageKind::ALL {
                let t = self.current_template(kind, language).await?.document;
                if t.body.trim().is_empty() || t.check().is_err() {
                    coverage = coverage.missing(language, kind.code());
                }
            }
        }
        Ok(coverage)
    }
}

#[cfg(test)]
mod tests {
    use mim_domain::Language;
    use mim_messages::{MessageKind, default_template};

    /// So the demo and a fresh install have no `missing_templates_<lang>` gap.
    #[test]
    fn mim_ships_every_template_in_every_language_and_each_passes_its_checks() {
        for language in Language::ALL {
            for kind in MessageKind::ALL {
                let t = default_template(kind, language);
                assert!(t.check().is_ok(), "{kind:?} in {language}");
                assert!(!t.body.trim().is_empty(), "{kind:?} in {language}");
            }
        }
    }
}
