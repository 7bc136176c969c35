//! Which languages a system's messages may be planned in, given the organisation's. A plan or
//! ready announcement in a language the organisation does not publish in is a text nobody
//! will send or check; and a bilingual organisation (Finnish and Swedish) publishes in both at
//! once, so planning one of the two without the other is a mistake caught while preparing,
//! not during a disruption.

use super::checks::{FieldError, item, path};
use super::system::CriticalSystem;
use crate::Language;

/// Checks the system's communication plan languages and backup announcements against the
/// organisation's publication languages; the error names the field
/// (`communication_plan.languages[1]`, `backup_arrangements[0].announcement.sv`).
pub fn check_publication_languages(
    system: &CriticalSystem,
    organisation: &[Language],
) -> Result<(), FieldError> {
    let codes = organisation
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ");
    let not_published = |field: String, l: Language| {
        FieldError::new(
            field,
            format!("{l} is not a language the organisation publishes in ({codes})"),
        )
    };
    let bilingual = organisation.contains(&Language::Fi) && organisation.contains(&Language::Sv);
    // In a bilingual organisation, the one of Finnish and Swedish that `present` lacks.
    let missing_twin = |present: &dyn Fn(Language) -> bool| {
        if !bilingual {
            return None;
        }
        match (present(Language::Fi), present(Language::Sv)) {
            (true, false) => Some(Language::Sv),
            (false, true) => Some(Language::Fi),
            _ => None,
        }
    };
    let both = |l: Language| {
        format!(
            "{l} is missing: the organisation is bilingual and publishes in Finnish and Swedish alike"
        )
    };

    let plan = &system.communication_plan.languages;
    let at = "communication_plan.languages";
    if let Some((i, l)) = plan
        .iter()
        .enumerate()
        .find(|(_, l)| !organisation.contains(l))
    {
        return Err(not_published(item(at, i), *l));
    }
    if let Some(l) = missing_twin(&|l| plan.contains(&l)) {
        return Err(FieldError::new(at, both(l)));
    }
    for (i, b) in system.backup_arrangements.iter().enumerate() {
        let at = path(&item("backup_arrangements", i), "announcement");
        if let Some(l) = b.announcement.keys().find(|l| !organisation.contains(l)) {
            return Err(not_published(path(&at, l.code()), *l));
        }
        if let Some(l) = missing_twin(&|l| b.announcement.contains_key(&l)) {
            return Err(FieldError::new(path(&at, l.code()), both(l)));
        }
    }
    Ok(())
}
