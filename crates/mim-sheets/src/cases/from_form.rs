//! Filling a [`CaseExport`] from the MIM form. The form already has everything: the case's
//! state, each section's entries and the timeline in the domain's order with "added later"
//! decided, so nothing here sorts or judges time again. Words come from the caller's
//! catalogue (the same keys the printable form uses), so both read alike.
//!
//! Two definitions the export makes, since the CSV states a start, an end and a length:
//! the disruption *started* at the case's opening or at its first report or alert, whichever
//! came first; it *ended* when IT management signed off the return to normal (the latest
//! sign-off not undone by a later reopening), or when the case ended without one (normal
//! process, dismissed). Closing after the walk-through is not the end of the disruption.

use super::event_words::{EventWords, Lookup};
use super::export::{CaseExport, LabelledText, TimelineRow};
use super::export_row::CaseExportRow;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mim_domain::Language;
use mim_domain::case::{CaseEvent, FormEntry, MimForm, TimelineEntry};
use mim_domain::impact::Colour;
use mim_domain::register::NamedPerson;

impl CaseExport {
    /// The export of one case from its form. `words` looks a key up in the interface
    /// catalogue in `lang` (e.g. `|k| catalogue.t(lang, k)`).
    pub fn from_form(form: &MimForm, tz: Tz, lang: Language, words: Lookup<'_>) -> CaseExport {
        let w = EventWords { tz, lang, t: words };
        CaseExport {
            row: row(form),
            fields: fields(form, &w),
            timeline: form
                .timeline
                .iter()
                .map(|e| TimelineRow::from_entry(e, tz, lang, words))
                .collect(),
        }
    }
}

impl TimelineRow {
    /// A domain timeline entry in words; its order and "added later" are the domain's.
    pub fn from_entry(e: &TimelineEntry, tz: Tz, lang: Language, words: Lookup<'_>) -> Self {
        let w = EventWords { tz, lang, t: words };
        TimelineRow {
            seq: e.seq,
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            added_later: e.added_later,
            what: w.what(&e.event),
            details: w
                .details(&e.event)
                .into_iter()
                .map(|(label, value)| format!("{label}: {value}"))
                .collect::<Vec<_>>()
                .join("\n"),
            who: w.actor(&e.actor),
        }
    }
}

fn row(form: &MimForm) -> CaseExportRow {
    let c = &form.case;
    let decided = form.decision.as_ref().and_then(|d| match d.event {
        CaseEvent::CriticalityDecided { colour, .. } => Some(colour),
        _ => None,
    });
    let start = form
        .detection
        .as_ref()
        .map_or(c.opened_at, |d| d.at.min(c.opened_at));
    CaseExportRow {
        id: c.id.to_string(),
        system: c
            .system
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        title: c.title.clone(),
        impact: decided.or_else(|| c.assessment_colour()),
        affected_users: c.assessment.as_ref().map(|a| a.affected_users.get()),
        start,
        end: disruption_end(form),
    }
}

fn disruption_end(form: &MimForm) -> Option<DateTime<Utc>> {
    let signed_off = form.sign_off.last().map(|e| e.at);
    let reopened = form.reopenings.last().map(|e| e.at);
    match signed_off {
        Some(s) if reopened.is_none_or(|r| r <= s) => Some(s),
        _ if !form.case.stage.is_open() => form.case.ended_at,
        _ => None,
    }
}

fn fields(form: &MimForm, w: &EventWords<'_>) -> Vec<LabelledText> {
    let c = &form.case;
    let none = w.t("label-none");
    let person = |p: &Option<NamedPerson>| p.as_ref().map_or(none.clone(), |p| p.name.clone());
    let yes_no = |b: bool| w.t(if b { "label-yes" } else { "label-no" });
    let field = |key: &str, value: String| LabelledText::new(w.t(key), value);
    let colour =
        |c: Option<Colour>| c.map_or(none.clone(), |c| w.t(&format!("colour-{}", c.code())));
    let mut out = vec![
        field(
            "label-description",
            c.description.clone().unwrap_or(none.clone()),
        ),
        field(
            "label-vendor",
            c.system
                .as_ref()
                .and_then(|s| s.vendor_name.clone())
                .unwrap_or(none.clone()),
        ),
        field("label-stage", w.t(&format!("stage-{}", c.stage.code()))),
        field("label-colour", colour(c.assessment_colour())),
        field(
            "label-mim-started",
            c.mim_started.map_or(none.clone(), yes_no),
        ),
        field(
            "label-active-backup",
            c.active_backup
                .as_ref()
                .map_or(none.clone(), |b| b.name.clone()),
        ),
        field("label-exercise", yes_no(c.exercise)),
        field("label-opened", w.time(c.opened_at)),
        field("label-opened-by", w.actor(&c.opened_by)),
        field("label-reopen-count", c.reopen_count.to_string()),
        field("label-mim-contact", person(&c.mim_contact)),
        field("label-mim-contact-deputy", person(&c.mim_contact_deputy)),
        field("label-verifier", person(&c.verifier)),
        field("label-verifier-deputy", person(&c.verifier_deputy)),
        field(
            "label-next-update",
            c.next_update_at.map_or(none.clone(), |t| w.time(t)),
        ),
        field(
            "label-recurrence-of",
            c.recurrence_of
                .as_ref()
                .map_or(none.clone(), ToString::to_string),
        ),
    ];
    let f = form;
    let sections: [(&str, Vec<&FormEntry>); 19] = [
        ("section-detection", f.detection.iter().collect()),
        ("section-reports", f.reports.iter().collect()),
        ("section-alert-activity", f.alert_activity.iter().collect()),
        ("section-suggestions", f.suggestions.iter().collect()),
        (
            "section-assessment",
            f.assessments.iter().chain(&f.mim_contact_calls).collect(),
        ),
        ("section-decision", f.decision.iter().collect()),
        ("section-people", f.people.iter().collect()),
        ("section-backup", f.backup.iter().collect()),
        ("section-vendor", f.vendor.iter().collect()),
        ("section-communications", f.communications.iter().collect()),
        ("section-deliveries", f.deliveries.iter().collect()),
        ("section-fix", f.fix.iter().collect()),
        ("section-verification", f.verifications.iter().collect()),
        ("section-sign-off", f.sign_off.iter().collect()),
        ("section-reopenings", f.reopenings.iter().collect()),
        ("section-walk-through", f.walk_through.iter().collect()),
        ("section-vendor-report", f.vendor_reports.iter().collect()),
        ("section-closure", f.closure.iter().collect()),
        ("section-notes", f.notes.iter().collect()),
    ];
    for (key, entries) in sections {
        let lines: Vec<String> = entries
            .into_iter()
            .map(|e| w.entry_line(e.at, e.recorded_at, &e.by, &e.event))
            .collect();
        out.push(field(key, lines.join("\n")));
    }
    out
}
