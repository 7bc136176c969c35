//! Part 1: the organisation's MIM process, summarised from the domain — the stages and who
//! moves each on, who decides what, the roles, what the colours mean and whom they bring in,
//! the severity levels and band limits with the default matrix, the communication points,
//! the MIM contact people, languages and time zone.

use super::Words;
use super::doc::{Block, Cell, Field, Section};
use super::matrix;
use mim_app::plan::{PROCESS_DECISIONS, PROCESS_STAGES, PreparednessPlan};
use mim_domain::Role;
use mim_domain::impact::{Colour, Severity};
use mim_domain::register::NamedPerson;

/// The roles of the process's swimlanes, in the order they act.
const LANES: [Role; 8] = [
    Role::EndUser,
    Role::ServiceDesk,
    Role::MimContact,
    Role::ItManagement,
    Role::ManagementGroup,
    Role::Vendor,
    Role::Stakeholder,
    Role::Verifier,
];

/// "Mikko Korhonen (varahenkilö Liisa Mäkinen)": whom a yellow result calls.
pub(super) fn contacts(
    w: &Words<'_>,
    contact: Option<&NamedPerson>,
    deputy: Option<&NamedPerson>,
) -> Option<String> {
    match (contact, deputy) {
        (Some(c), Some(d)) => Some(format!("{} ({} {})", c.name, w.t("plan-deputy"), d.name)),
        (Some(c), None) => Some(c.name.clone()),
        (None, Some(d)) => Some(format!("{} {}", w.t("plan-deputy"), d.name)),
        (None, None) => None,
    }
}

pub(super) fn section(w: &Words<'_>, plan: &PreparednessPlan) -> Section {
    let org = &plan.organisation.document;
    let text = |key: &str| Block::Text { text: w.t(key) };
    let sub = |key: &str| Block::Subheading {
        text: w.t(key),
        level: 3,
    };
    let stages = Block::Table {
        columns: vec![
            w.t("plan-col-stage"),
            w.t("plan-col-responsible"),
            w.t("plan-col-what"),
        ],
        rows: PROCESS_STAGES
            .iter()
            .map(|s| {
                vec![
                    Cell::text(w.t(&format!("plan-stage-{}", s.key))),
                    Cell::text(w.roles(&s.responsible())),
                    Cell::text(w.t(&format!("plan-stage-{}-what", s.key))),
                ]
            })
            .collect(),
    };
    let decisions = Block::Table {
        columns: vec![w.t("plan-col-decision"), w.t("plan-col-decides")],
        rows: PROCESS_DECISIONS
            .iter()
            .map(|d| {
                vec![
                    Cell::text(w.t(&format!("plan-decision-{}", d.key))),
                    Cell::text(w.roles(d.by)),
                ]
            })
            .collect(),
    };
    let roles = Block::Table {
        columns: vec![w.t("plan-col-role"), w.t("plan-col-owns")],
        rows: LANES
            .iter()
            .map(|r| {
                vec![
                    Cell::text(w.role(*r)),
                    Cell::text(w.t(&format!("plan-owns-{}", r.code()))),
                ]
            })
            .collect(),
    };
    let severities = Block::Table {
        columns: vec![w.t("plan-col-severity"), w.t("plan-col-meaning")],
        rows: Severity::ALL
            .iter()
            .map(|s| {
                vec![
                    Cell::text(w.t(&format!("severity-{}", s.code()))),
                    Cell::text(w.t(&format!("plan-severity-{}-meaning", s.code()))),
                ]
            })
            .collect(),
    };
    let bands = org.default_matrix.bands();
    let limits: Vec<String> = (0..bands.len()).map(|i| bands.label(i)).collect();
    let c = &org.cadence;
    let cadence = Block::Table {
        columns: vec![w.t("plan-col-colour"), w.t("plan-col-interval")],
        rows: [
            (Colour::Red, c.red_minutes),
            (Colour::Yellow, c.yellow_minutes),
            (Colour::Green, c.green_minutes),
        ]
        .iter()
        .map(|(colour, m)| {
            vec![
                Cell::text(w.t(&format!("colour-{}", colour.code()))),
                w.minutes(Some(*m)),
            ]
        })
        .collect(),
    };
    let org_contacts = contacts(w, org.mim_contact.as_ref(), org.mim_contact_deputy.as_ref());
    let languages: Vec<String> = org.languages.iter().map(|l| w.language(*l)).collect();
    let field = |key: &str, value: Cell| Field {
        label: w.t(key),
        value,
    };
    let settings = Block::Fields {
        rows: vec![
            field(
                "label-mim-contact",
                w.cell(org.mim_contact.as_ref().map(|p| p.name.clone())),
            ),
            field(
                "label-mim-contact-deputy",
                w.cell(org.mim_contact_deputy.as_ref().map(|p| p.name.clone())),
            ),
            field("plan-languages", Cell::text(languages.join(", "))),
            field("plan-bilingual", Cell::text(w.yes_no(org.bilingual()))),
            field("label-time-zone", Cell::text(org.time_zone.name())),
            field("plan-band-limits", Cell::text(limits.join(", "))),
        ],
    };
    Section {
        anchor: "process".into(),
        number: "1".into(),
        heading: w.t("plan-process"),
        blocks: vec![
            text("plan-process-intro"),
            sub("plan-stages"),
            stages,
            sub("plan-decisions"),
            decisions,
            sub("plan-roles"),
            roles,
            sub("plan-colours"),
            matrix::legend(w, org_contacts),
            sub("plan-severities"),
            severities,
            sub("plan-default-matrix"),
            text("plan-default-matrix-intro"),
            Block::Matrix(matrix::grid(
                w,
                &org.default_matrix,
                w.t("plan-default-matrix"),
            )),
            sub("plan-cadence"),
            text("plan-cadence-intro"),
            cadence,
            Block::Fields {
                rows: vec![field(
                    "plan-cadence-reminder",
                    w.minutes(Some(c.remind_before_minutes)),
                )],
            },
            sub("plan-settings"),
            settings,
        ],
    }
}
