//! Part 3: one sheet per critical system — details, the impact matrix as a grid of words,
//! the vendor with contacts and agreed practice, the backup arrangements step by step, and
//! the communication plan. Every field the register leaves empty says so.

use super::Words;
use super::doc::{Block, Cell, Field, Section, SystemDoc};
use super::{matrix, process};
use mim_app::plan::{PlanSystem, PreparednessPlan};
use mim_domain::impact::MatrixSource;
use mim_domain::register::{
    BackupArrangement, CommunicationPlan, OwnerKind, Performer, SystemOwner, Vendor, VendorKind,
};

pub(super) fn sheet(
    w: &Words<'_>,
    plan: &PreparednessPlan,
    s: &PlanSystem,
    number: String,
) -> SystemDoc {
    let sys = &s.system.document;
    let id = sys.id.to_string();
    let section = |key: &str, part: usize, blocks: Vec<Block>| Section {
        anchor: format!("system-{id}-{key}"),
        number: format!("{number}.{part}"),
        heading: w.t(&format!("plan-{key}")),
        blocks,
    };
    SystemDoc {
        anchor: format!("system-{id}"),
        name: sys.name.clone(),
        sections: vec![
            section("details", 1, details(w, plan, s)),
            section("matrix", 2, impact(w, plan, s)),
            section("vendor", 3, vendor(w, s)),
            section("backups", 4, backups(w, plan, &sys.backup_arrangements)),
            section("comms", 5, comms(w, &sys.communication_plan)),
        ],
        number,
    }
}

fn field(w: &Words<'_>, key: &str, value: Cell) -> Field {
    Field {
        label: w.t(key),
        value,
    }
}

fn owner(w: &Words<'_>, o: &SystemOwner) -> String {
    let kind = match o.kind {
        OwnerKind::Person => w.t("plan-owner-person"),
        OwnerKind::Unit => w.t("plan-owner-unit"),
    };
    let mut parts = vec![format!("{} ({kind})", o.name)];
    parts.extend(o.phone.clone());
    parts.extend(o.email.clone());
    parts.join(", ")
}

fn details(w: &Words<'_>, plan: &PreparednessPlan, s: &PlanSystem) -> Vec<Block> {
    let sys = &s.system.document;
    let org = &plan.organisation.document;
    // A system without contacts of its own falls back to the organisation's when a case
    // opens; the sheet says so rather than showing a gap that isn't one.
    let from_org = |own: Option<&mim_domain::register::NamedPerson>,
                    org: Option<&mim_domain::register::NamedPerson>| {
        own.map(|p| p.name.clone())
            .or_else(|| org.map(|p| format!("{} ({})", p.name, w.t("plan-from-organisation"))))
    };
    let vendor = match (&sys.vendor, &s.vendor) {
        (_, Some(v)) => Some(v.document.name.clone()),
        (Some(id), None) => Some(format!("{id} ({})", w.t("plan-vendor-not-in-register"))),
        (None, None) => None,
    };
    vec![Block::Fields {
        rows: vec![
            field(w, "plan-system-id", Cell::text(sys.id.to_string())),
            field(
                w,
                "plan-aliases",
                w.cell((!sys.aliases.is_empty()).then(|| sys.aliases.join(", "))),
            ),
            field(
                w,
                "plan-owner",
                w.cell(sys.owner.as_ref().map(|o| owner(w, o))),
            ),
            field(w, "plan-user-count", Cell::text(sys.user_count.to_string())),
            field(w, "label-vendor", w.cell(vendor)),
            field(
                w,
                "label-mim-contact",
                w.cell(from_org(sys.mim_contact.as_ref(), org.mim_contact.as_ref())),
            ),
            field(
                w,
                "label-mim-contact-deputy",
                w.cell(from_org(
                    sys.mim_contact_deputy.as_ref(),
                    org.mim_contact_deputy.as_ref(),
                )),
            ),
            field(
                w,
                "plan-criticality-notes",
                w.cell(sys.criticality_notes.clone()),
            ),
            field(
                w,
                "plan-register-version",
                Cell::text(s.system.version.to_string()),
            ),
        ],
    }]
}

fn impact(w: &Words<'_>, plan: &PreparednessPlan, s: &PlanSystem) -> Vec<Block> {
    let sys = &s.system.document;
    let org = &plan.organisation.document;
    let m = &s.matrix.matrix;
    let source = match &s.matrix.source {
        MatrixSource::SystemOverride { .. } => w.t("plan-matrix-own"),
        MatrixSource::OrganisationDefault => w.t("plan-matrix-default"),
    };
    let has_times = m.response_minutes().is_some();
    // Whom yellow calls: the system's own contact people, else the organisation's.
    let contacts = if sys.mim_contact.is_some() || sys.mim_contact_deputy.is_some() {
        process::contacts(w, sys.mim_contact.as_ref(), sys.mim_contact_deputy.as_ref())
    } else {
        process::contacts(w, org.mim_contact.as_ref(), org.mim_contact_deputy.as_ref())
    };
    vec![
        Block::Fields {
            rows: vec![
                field(w, "plan-matrix-source", Cell::text(source)),
                field(
                    w,
                    "plan-matrix-version",
                    w.cell(s.matrix.version.map(|v| v.to_string())),
                ),
                field(
                    w,
                    "plan-valid-from",
                    w.cell(m.valid_from().map(|d| w.date(d))),
                ),
                field(
                    w,
                    "plan-response-times",
                    w.cell(has_times.then(|| w.t("plan-response-in-cells"))),
                ),
            ],
        },
        Block::Matrix(matrix::grid(
            w,
            m,
            format!("{}: {}", w.t("plan-matrix"), sys.name),
        )),
        matrix::legend(w, contacts),
    ]
}

fn vendor(w: &Words<'_>, s: &PlanSystem) -> Vec<Block> {
    let Some(v) = &s.vendor else {
        let text = match &s.system.document.vendor {
            Some(id) => format!("{}: {id}", w.t("plan-vendor-not-in-register")),
            None => w.t("plan-no-vendor"),
        };
        return vec![Block::Fields {
            rows: vec![field(w, "label-vendor", Cell::or_gap(None, &text))],
        }];
    };
    let v: &Vendor = &v.document;
    let p = &v.practice;
    let kind = match v.kind {
        VendorKind::Vendor => w.t("plan-vendor-kind-vendor"),
        VendorKind::ServiceProvider => w.t("plan-vendor-kind-service_provider"),
    };
    let contacts = if v.contacts.is_empty() {
        Block::Fields {
            rows: vec![field(w, "plan-contacts", w.cell(None))],
        }
    } else {
        Block::Table {
            columns: vec![
                w.t("plan-col-name"),
                w.t("plan-col-title"),
                w.t("plan-col-phone"),
                w.t("plan-col-email"),
                w.t("plan-col-24-7"),
            ],
            rows: v
                .contacts
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(c.name.clone()),
                        w.cell(c.role.clone()),
                        w.cell(c.phone.clone()),
                        w.cell(c.email.clone()),
                        Cell::text(w.yes_no(c.available_24_7)),
                    ]
                })
                .collect(),
        }
    };
    vec![
        Block::Fields {
            rows: vec![
                field(
                    w,
                    "label-vendor",
                    Cell::text(format!("{} ({kind})", v.name)),
                ),
                field(
                    w,
                    "plan-register-version",
                    Cell::text(s.vendor.as_ref().map_or(0, |x| x.version).to_string()),
                ),
            ],
        },
        Block::Subheading {
            text: w.t("plan-contacts"),
            level: 4,
        },
        contacts,
        Block::Subheading {
            text: w.t("plan-practice"),
            level: 4,
        },
        Block::Fields {
            rows: vec![
                field(
                    w,
                    "plan-practice-meetings",
                    w.cell(p.meetings_and_communication.clone()),
                ),
                field(
                    w,
                    "plan-practice-interval",
                    w.minutes(p.progress_report_interval_minutes),
                ),
                field(
                    w,
                    "plan-practice-fix-ack",
                    w.cell(p.fix_acknowledgement.clone()),
                ),
                field(
                    w,
                    "plan-practice-contract",
                    w.cell(p.contract_reference.clone()),
                ),
                field(w, "plan-sla-response", w.minutes(p.sla.response_minutes)),
                field(
                    w,
                    "plan-sla-resolution",
                    w.minutes(p.sla.resolution_minutes),
                ),
                field(w, "plan-sla-terms", w.cell(p.sla.terms.clone())),
            ],
        },
    ]
}

fn backups(w: &Words<'_>, plan: &PreparednessPlan, all: &[BackupArrangement]) -> Vec<Block> {
    if all.is_empty() {
        return vec![Block::Fields {
            rows: vec![field(
                w,
                "plan-backups",
                Cell::or_gap(None, &w.t("plan-no-backups")),
            )],
        }];
    }
    let languages = &plan.organisation.document.languages;
    let mut blocks = Vec::new();
    for (i, b) in all.iter().enumerate() {
        let decider = w.role(b.decided_by.role());
        blocks.push(Block::Subheading {
            text: format!("{}. {}", i + 1, b.name),
            level: 4,
        });
        let mut rows = vec![
            field(
                w,
                "plan-backup-description",
                w.cell(Some(b.description.clone())),
            ),
            field(w, "plan-backup-decider", Cell::text(decider)),
            field(w, "plan-backup-cost", w.cell(b.cost_or_risk.clone())),
        ];
        // The announcement in every language the organisation publishes in (and any other
        // the register holds), so a missing translation shows as a gap.
        let mut langs = languages.clone();
        langs.extend(b.announcement.keys().filter(|l| !languages.contains(l)));
        for l in langs {
            rows.push(Field {
                label: format!("{} ({})", w.t("plan-announcement"), w.language(l)),
                value: w.cell(b.announcement.get(&l).cloned()),
            });
        }
        blocks.push(Block::Fields { rows });
        blocks.push(if b.steps.is_empty() {
            Block::Fields {
                rows: vec![field(w, "plan-steps", w.cell(None))],
            }
        } else {
            Block::Table {
                columns: vec![
                    w.t("plan-col-step"),
                    w.t("plan-col-step-what"),
                    w.t("plan-col-step-who"),
                ],
                rows: b
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(n, s)| {
                        let who = match &s.who {
                            Performer::Role(r) => w.role(*r),
                            Performer::Person(name) => name.clone(),
                        };
                        vec![
                            Cell::text((n + 1).to_string()),
                            Cell::text(s.what.clone()),
                            Cell::text(who),
                        ]
                    })
                    .collect(),
            }
        });
    }
    blocks
}

fn comms(w: &Words<'_>, c: &CommunicationPlan) -> Vec<Block> {
    let channel = |ch: &mim_domain::register::Channel| w.t(&format!("plan-channel-{}", ch.code()));
    let list = |items: Vec<String>| (!items.is_empty()).then(|| items.join(", "));
    let mut blocks = vec![Block::Fields {
        rows: vec![
            field(
                w,
                "plan-comms-channels",
                w.cell(list(c.channels.iter().map(channel).collect())),
            ),
            field(
                w,
                "plan-comms-languages",
                w.cell(list(c.languages.iter().map(|l| w.language(*l)).collect())),
            ),
        ],
    }];
    blocks.push(if c.audiences.is_empty() {
        Block::Fields {
            rows: vec![field(w, "plan-audiences", w.cell(None))],
        }
    } else {
        Block::Table {
            columns: vec![w.t("plan-col-audience"), w.t("plan-col-channels")],
            rows: c
                .audiences
                .iter()
                .map(|a| {
                    let kind = w.t(&format!("plan-audience-{}", audience_code(a.kind)));
                    let who = match &a.label {
                        Some(l) => format!("{kind}: {l}"),
                        None => kind,
                    };
                    // No channels of its own: every channel of the plan reaches it.
                    let channels = list(a.channels.iter().map(channel).collect())
                        .unwrap_or_else(|| w.t("plan-all-channels"));
                    vec![Cell::text(who), Cell::text(channels)]
                })
                .collect(),
        }
    });
    blocks
}

fn audience_code(kind: mim_domain::register::AudienceKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
