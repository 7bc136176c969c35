//! The preparedness-plan appendix (*valmiussuunnitelman liite*) as printable HTML and as
//! Markdown: the organisation's MIM process and every critical system's sheet. `mim-app`
//! decides who gets it and gathers the register; here it is put into words (the catalogue's
//! `plan-*` keys) and laid out by `templates/plan.html` and `templates/plan.md`.

mod doc;
mod front;
mod matrix;
mod process;
mod system;

use crate::i18n::Catalogue;
use crate::render::{Renderer, local_date, local_time};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use doc::{Cell, Labels, PlanDoc};
use mim_app::AppError;
use mim_app::plan::PreparednessPlan;
use mim_domain::{Language, Role};
use std::sync::Arc;

/// The two printable forms of the appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Html,
    Markdown,
}

impl PlanFormat {
    /// The format a file name asks for by its extension (`.html`, `.htm`, `.md`).
    pub fn from_path(path: &std::path::Path) -> Option<PlanFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(PlanFormat::Html),
            "md" | "markdown" => Some(PlanFormat::Markdown),
            _ => None,
        }
    }

    fn template(self) -> &'static str {
        match self {
            PlanFormat::Html => "plan.html",
            PlanFormat::Markdown => "plan.md",
        }
    }
}

/// Renders the appendix with the built-in catalogue and templates: for the command line,
/// which has no server state.
pub fn render_plan(plan: &PreparednessPlan, format: PlanFormat) -> Result<String, AppError> {
    let catalogue = Arc::new(Catalogue::load());
    let renderer = Renderer::new(catalogue.clone());
    render_with(&renderer, &catalogue, plan, format)
}

pub(crate) fn render_with(
    renderer: &Renderer,
    catalogue: &Catalogue,
    plan: &PreparednessPlan,
    format: PlanFormat,
) -> Result<String, AppError> {
    let doc = build(catalogue, plan);
    renderer.page(format.template(), &doc)
}

/// The words of one language and the organisation's zone, shared by every part of the
/// document.
pub(crate) struct Words<'a> {
    catalogue: &'a Catalogue,
    pub lang: Language,
    pub tz: Tz,
    pub gap: String,
}

impl Words<'_> {
    pub fn t(&self, key: &str) -> String {
        self.catalogue.t(self.lang, key)
    }

    pub fn t_n(&self, key: &str, name: &str, n: i64) -> String {
        self.catalogue.t_with(self.lang, key, &[(name, n)])
    }

    pub fn time(&self, at: DateTime<Utc>) -> String {
        local_time(at, self.tz, self.lang)
    }

    pub fn date(&self, d: NaiveDate) -> String {
        local_date(d, self.lang)
    }

    pub fn role(&self, r: Role) -> String {
        self.t(&format!("role-{}", r.code()))
    }

    pub fn roles(&self, roles: &[Role]) -> String {
        let words: Vec<String> = roles.iter().map(|r| self.role(*r)).collect();
        words.join(", ")
    }

    pub fn language(&self, l: Language) -> String {
        self.t(&format!("plan-lang-{}", l.code()))
    }

    pub fn yes_no(&self, b: bool) -> String {
        self.t(if b { "label-yes" } else { "label-no" })
    }

    /// A value, or "not recorded".
    pub fn cell(&self, value: Option<String>) -> Cell {
        Cell::or_gap(value, &self.gap)
    }

    pub fn minutes(&self, m: Option<u32>) -> Cell {
        self.cell(m.map(|m| self.t_n("plan-minutes", "minutes", i64::from(m))))
    }
}

fn build(catalogue: &Catalogue, plan: &PreparednessPlan) -> PlanDoc {
    let org = &plan.organisation.document;
    let mut w = Words {
        catalogue,
        lang: plan.language,
        tz: org.time_zone,
        gap: String::new(),
    };
    w.gap = w.t("plan-not-recorded");
    let sections = vec![process::section(&w, plan), front::versions(&w, plan)];
    let systems_number = (sections.len() + 1).to_string();
    let systems: Vec<_> = plan
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| system::sheet(&w, plan, s, format!("{systems_number}.{}", i + 1)))
        .collect();
    let toc = front::toc(&w, &sections, &systems_number, &systems);
    PlanDoc {
        lang: plan.language.code(),
        title: w.t("plan-title"),
        subtitle: w.t("plan-subtitle"),
        front: front::front(&w, plan),
        toc_heading: w.t("plan-toc"),
        toc,
        sections,
        systems_heading: w.t("plan-systems"),
        systems_number,
        systems_empty: plan.systems.is_empty().then(|| w.t("plan-no-systems")),
        systems,
        labels: Labels {
            field: w.t("plan-col-field"),
            value: w.t("plan-col-value"),
            not_recorded: w.gap.clone(),
        },
    }
}
